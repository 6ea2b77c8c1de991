//! Real TaskChampion 3.1 clients (in-memory replicas, `ServerConfig::Remote` over reqwest)
//! syncing through the test server, as footlog's own replica will.

#![allow(clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use footlog_sync_testserver::TestServer;
use taskchampion::storage::inmemory::InMemoryStorage;
use taskchampion::{Operations, Replica, Server, ServerConfig, TaskData, Uuid};

/// A replica and its connection to the server.
struct Client {
    replica: Replica<InMemoryStorage>,
    server: Box<dyn Server>,
}

impl Client {
    async fn new(url: &str, client_id: Uuid, secret: &[u8]) -> Client {
        let server = ServerConfig::Remote {
            url: url.to_owned(),
            client_id,
            encryption_secret: secret.to_vec(),
        }
        .into_server()
        .await
        .expect("a sync server client");
        Client {
            replica: Replica::new(InMemoryStorage::new()),
            server,
        }
    }

    /// Creates a task with these properties; returns its id.
    async fn add(&mut self, properties: &[(&str, &str)]) -> Uuid {
        let uuid = Uuid::new_v4();
        let mut ops = Operations::new();
        let mut task = TaskData::create(uuid, &mut ops);
        for (name, value) in properties {
            task.update(*name, Some((*value).to_owned()), &mut ops);
        }
        self.replica.commit_operations(ops).await.expect("commit");
        uuid
    }

    async fn set(&mut self, uuid: Uuid, name: &str, value: &str) {
        let mut task = self
            .replica
            .get_task_data(uuid)
            .await
            .expect("read")
            .expect("the task exists");
        let mut ops = Operations::new();
        task.update(name, Some(value.to_owned()), &mut ops);
        self.replica.commit_operations(ops).await.expect("commit");
    }

    async fn get(&mut self, uuid: Uuid, name: &str) -> Option<String> {
        self.replica
            .get_task_data(uuid)
            .await
            .expect("read")
            .and_then(|t| t.get(name).map(str::to_owned))
    }

    /// Every task's description, by id.
    async fn descriptions(&mut self) -> HashMap<Uuid, String> {
        self.replica
            .all_task_data()
            .await
            .expect("read")
            .into_iter()
            .map(|(uuid, t)| (uuid, t.get("description").unwrap_or("").to_owned()))
            .collect()
    }

    async fn sync(&mut self) -> Result<(), taskchampion::Error> {
        self.replica.sync(&mut self.server, true).await
    }
}

/// Two replicas of one user: one client id, one secret.
async fn pair(url: &str) -> (Client, Client) {
    let client_id = Uuid::new_v4();
    (
        Client::new(url, client_id, b"the user's secret").await,
        Client::new(url, client_id, b"the user's secret").await,
    )
}

#[tokio::test]
async fn two_replicas_exchange_tasks_both_ways() {
    let server = TestServer::start().expect("server");
    let (mut a, mut b) = pair(&server.url()).await;

    let t1 = a.add(&[("description", "left foot, 10 min")]).await;
    a.sync().await.expect("a pushes");
    b.sync().await.expect("b pulls");
    assert_eq!(
        b.get(t1, "description").await.as_deref(),
        Some("left foot, 10 min")
    );

    b.set(t1, "description", "left foot, 12 min").await;
    let t2 = b.add(&[("description", "right foot, 8 min")]).await;
    b.sync().await.expect("b pushes");
    a.sync().await.expect("a pulls");
    assert_eq!(
        a.descriptions().await,
        HashMap::from([
            (t1, "left foot, 12 min".to_owned()),
            (t2, "right foot, 8 min".to_owned()),
        ])
    );

    // Changes to one task on both sides, before either syncs, both arrive.
    a.set(t2, "rating", "4").await;
    b.set(t2, "note", "tender heel").await;
    a.sync().await.expect("a pushes");
    b.sync().await.expect("b rebases on a's version");
    a.sync().await.expect("a pulls b's");
    for c in [&mut a, &mut b] {
        assert_eq!(c.get(t2, "rating").await.as_deref(), Some("4"));
        assert_eq!(c.get(t2, "note").await.as_deref(), Some("tender heel"));
    }
    let versions = server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/v1/client/add-version/") && r.status == 200)
        .count();
    assert_eq!(versions, 4);
}

#[tokio::test]
async fn a_stopped_server_fails_sync_and_after_restart_the_change_is_delivered() {
    let mut server = TestServer::start().expect("server");
    let (mut a, mut b) = pair(&server.url()).await;
    // Both hold a pooled connection to the server before it goes down.
    a.sync().await.expect("a syncs");
    b.sync().await.expect("b syncs");

    server.stop();
    let t = a
        .add(&[("description", "written while the server was down")])
        .await;
    let err = a.sync().await.expect_err("no server, no sync");
    assert!(!err.to_string().is_empty());
    assert_eq!(a.replica.num_local_operations().await.expect("count"), 2);

    server.restart().expect("restart");
    a.sync().await.expect("a pushes after the restart");
    assert_eq!(a.replica.num_local_operations().await.expect("count"), 0);
    b.sync().await.expect("b pulls");
    assert_eq!(
        b.get(t, "description").await.as_deref(),
        Some("written while the server was down")
    );
}

#[tokio::test]
async fn a_refusing_server_fails_sync() {
    let server = TestServer::start().expect("server");
    let (mut a, mut b) = pair(&server.url()).await;
    let t = a.add(&[("description", "refused at first")]).await;

    server.set_refusing(true);
    let err = a.sync().await.expect_err("503 is an error");
    assert!(format!("{err:?}").contains("503"), "{err:?}");
    assert!(server.requests().iter().all(|r| r.status == 503));

    server.set_refusing(false);
    a.sync().await.expect("a pushes");
    b.sync().await.expect("b pulls");
    assert_eq!(
        b.get(t, "description").await.as_deref(),
        Some("refused at first")
    );
}

#[tokio::test]
async fn a_wrong_secret_cannot_read_the_other_replicas_data() {
    let server = TestServer::start().expect("server");
    let client_id = Uuid::new_v4();
    let mut a = Client::new(&server.url(), client_id, b"right secret").await;
    let mut intruder = Client::new(&server.url(), client_id, b"wrong secret").await;
    a.add(&[("description", "private")]).await;
    a.sync().await.expect("a pushes");

    let err = intruder
        .sync()
        .await
        .expect_err("the data cannot be decrypted");
    assert!(format!("{err:?}").contains("unsealing"), "{err:?}");
    assert!(intruder.descriptions().await.is_empty());
    // The same holds for a replica that already has data of its own (no snapshot is read).
    intruder.add(&[("description", "mine")]).await;
    let err = intruder
        .sync()
        .await
        .expect_err("the versions cannot be decrypted");
    assert!(format!("{err:?}").contains("unsealing"), "{err:?}");
    assert_eq!(intruder.descriptions().await.len(), 1);
}

#[tokio::test]
async fn request_bodies_hold_no_plaintext() {
    let server = TestServer::start().expect("server");
    let (mut a, mut b) = pair(&server.url()).await;
    let secret_note = "Fußsohle links: Druckpunkt unter dem Ballen, 14 Minuten";
    let t = a
        .add(&[
            ("description", secret_note),
            ("footlog-note", "plantar-fasciitis-xyz"),
        ])
        .await;
    a.sync().await.expect("a pushes");
    b.sync().await.expect("b pulls");
    assert_eq!(b.get(t, "description").await.as_deref(), Some(secret_note));

    let bodies = server.request_bodies();
    // A version and the snapshot the server asked for at once.
    assert!(bodies.len() >= 2, "{} bodies", bodies.len());
    let contains =
        |haystack: &[u8], needle: &[u8]| haystack.windows(needle.len()).any(|w| w == needle);
    for body in &bodies {
        for plain in [
            secret_note.as_bytes(),
            b"Druckpunkt",
            b"plantar-fasciitis-xyz",
            b"footlog-note",
            b"description",
            t.to_string().as_bytes(),
        ] {
            assert!(
                !contains(body, plain),
                "a request body holds {:?}",
                String::from_utf8_lossy(plain)
            );
        }
    }
}

/// `len` bytes of text that compresses poorly (a fixed pseudo-random sequence).
fn noise(len: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ";
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let i = usize::try_from(state % ALPHABET.len() as u64).expect("small");
            char::from(*ALPHABET.get(i).expect("in range"))
        })
        .collect()
}

#[tokio::test]
async fn a_several_megabyte_body_goes_through() {
    let server = TestServer::start().expect("server");
    let (mut a, mut b) = pair(&server.url()).await;
    let big = noise(5 * 1024 * 1024);
    let t = a.add(&[("description", &big)]).await;
    a.sync().await.expect("a pushes 5 MB");
    b.sync().await.expect("b pulls 5 MB");
    assert_eq!(
        b.get(t, "description").await.map(|d| d.len()),
        Some(big.len())
    );
    assert!(b.get(t, "description").await.as_deref() == Some(big.as_str()));
    let largest = server.request_bodies().iter().map(Vec::len).max();
    assert!(largest >= Some(5 * 1024 * 1024), "largest body {largest:?}");
}

#[tokio::test]
async fn snapshots_let_a_new_replica_start_from_the_latest() {
    let server = TestServer::start().expect("server");
    let client_id = Uuid::new_v4();
    let mut a = Client::new(&server.url(), client_id, b"s").await;
    let mut expected = HashMap::new();
    for i in 0..160 {
        let description = format!("session {i}");
        let t = a.add(&[("description", &description)]).await;
        expected.insert(t, description);
        // avoid_snapshots = false: a snapshot whenever the server asks, even with low urgency.
        a.replica
            .sync(&mut a.server, false)
            .await
            .expect("a pushes");
    }
    let snapshots: Vec<usize> = server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/v1/client/add-snapshot/"))
        .map(|r| r.body_len)
        .collect();
    // One at once (no snapshot yet: high urgency), one after 100 more versions (low urgency).
    assert_eq!(snapshots.len(), 2, "{snapshots:?}");

    let before = server.requests().len();
    let mut c = Client::new(&server.url(), client_id, b"s").await;
    c.sync().await.expect("a new replica syncs");
    assert_eq!(c.descriptions().await, expected);
    let requests = server.requests();
    let new_replicas = requests.get(before..).expect("its requests");
    let first = new_replicas.first().expect("a request");
    assert_eq!(
        (first.path.as_str(), first.status),
        ("/v1/client/snapshot", 200)
    );
    // It read the versions after the snapshot only, not all 160.
    let children = new_replicas
        .iter()
        .filter(|r| r.path.starts_with("/v1/client/get-child-version/"))
        .count();
    assert!((50..100).contains(&children), "{children} versions read");
    assert!(
        new_replicas
            .iter()
            .all(|r| r.path != "/v1/client/get-child-version/00000000-0000-0000-0000-000000000000")
    );
}

#[tokio::test]
async fn a_slow_server_delays_sync() {
    let server = TestServer::start().expect("server");
    let (mut a, _) = pair(&server.url()).await;
    a.add(&[("description", "slow")]).await;
    server.set_delay(Duration::from_millis(200));
    let started = Instant::now();
    a.sync().await.expect("slow but fine");
    let requests = server.requests().len();
    assert!(requests >= 3, "{requests} requests");
    // Every response was held back by the delay.
    assert!(
        started.elapsed() >= Duration::from_millis(200) * u32::try_from(requests).expect("few")
    );
}

/// Kills the binary when the test ends, however it ends.
struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test]
async fn the_binary_prints_its_url_and_serves_until_killed() {
    let mut child = Killed(
        Command::new(env!("CARGO_BIN_EXE_footlog-sync-testserver"))
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let mut line = String::new();
    BufReader::new(child.0.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the first line");
    let url = line.trim_end().to_owned();
    assert!(url.starts_with("http://127.0.0.1:"), "{url:?}");

    let (mut a, mut b) = pair(&url).await;
    let t = a.add(&[("description", "through the binary")]).await;
    a.sync().await.expect("a pushes");
    b.sync().await.expect("b pulls");
    assert_eq!(
        b.get(t, "description").await.as_deref(),
        Some("through the binary")
    );

    child.0.kill().expect("kill");
    child.0.wait().expect("exit");
    b.add(&[("description", "after the kill")]).await;
    b.sync().await.expect_err("the server is gone");

    // --port N serves on that port.
    let port = url.rsplit(':').next().expect("a port").to_owned();
    let mut again = Killed(
        Command::new(env!("CARGO_BIN_EXE_footlog-sync-testserver"))
            .args(["--port", &port])
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary starts"),
    );
    let mut line = String::new();
    BufReader::new(again.0.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("the first line");
    assert_eq!(line.trim_end(), url);
    let status = Command::new(env!("CARGO_BIN_EXE_footlog-sync-testserver"))
        .args(["--port", "x"])
        .stderr(Stdio::null())
        .status()
        .expect("runs");
    assert_eq!(status.code(), Some(2));
}
