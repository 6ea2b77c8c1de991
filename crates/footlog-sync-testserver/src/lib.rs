//! A real TaskChampion sync server on 127.0.0.1, for footlog's sync tests and benchmarks.
//!
//! The protocol itself (versions, snapshots, when to ask for a snapshot) is
//! [`taskchampion_sync_server_core`]'s [`Server`] over its [`InMemoryStorage`], the same core
//! the published `taskchampion-sync-server` runs. This crate adds the HTTP that server puts
//! around it (its `server/src/api/*.rs` routes, answered with the same status codes, headers,
//! content types and bodies) in a small HTTP/1.1 loop, one thread per connection, plus switches
//! a test needs: a server that is down ([`TestServer::stop`] / [`TestServer::restart`], with its
//! data kept), one that refuses ([`TestServer::set_refusing`]: every request gets 503), a slow
//! one ([`TestServer::set_delay`]), and what clients sent ([`TestServer::request_bodies`],
//! [`TestServer::requests`]).
//!
//! ```no_run
//! let server = footlog_sync_testserver::TestServer::start()?;
//! let url = server.url(); // "http://127.0.0.1:PORT", for taskchampion's ServerConfig::Remote
//! # Ok::<(), std::io::Error>(())
//! ```

mod http;
mod protocol;

use std::collections::{HashMap, HashSet};
use std::io::{self, BufReader};
use std::net::{Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use taskchampion_sync_server_core::{InMemoryStorage, Server, ServerConfig};
use uuid::Uuid;

use crate::http::{Body, ReadError, Response};
use crate::protocol::WebConfig;

/// How a [`TestServer`] is set up. `Options::default()` is the real server's default
/// configuration on a free port: snapshots wanted every 100 versions or 14 days, unknown
/// clients created on their first `add-version`, every client id allowed.
#[derive(Debug, Clone)]
pub struct Options {
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Target number of versions between snapshots (the real server's `--snapshot-versions`).
    pub snapshot_versions: u32,
    /// Target number of days between snapshots (the real server's `--snapshot-days`).
    pub snapshot_days: i64,
    /// Create a client the first time it adds a version (the real server's default; its
    /// `--no-create-clients` turns this off, and an unknown client then gets 404).
    pub create_clients: bool,
    /// When set, only these client ids are served; others get 403 (the real server's
    /// `--allow-client-id`).
    pub client_id_allowlist: Option<HashSet<Uuid>>,
    /// Keep every request body and request line for [`TestServer::request_bodies`] and
    /// [`TestServer::requests`] (the default). A long-running server (the binary, a
    /// benchmark) turns this off so that memory does not grow with the traffic.
    pub record_requests: bool,
}

impl Default for Options {
    fn default() -> Self {
        let core = ServerConfig::default();
        Options {
            port: 0,
            snapshot_versions: core.snapshot_versions,
            snapshot_days: core.snapshot_days,
            create_clients: true,
            client_id_allowlist: None,
            record_requests: true,
        }
    }
}

/// One request as the server saw it, in arrival order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    /// `GET` or `POST` (whatever the client sent).
    pub method: String,
    /// The path, e.g. `/v1/client/add-version/00000000-0000-0000-0000-000000000000`.
    pub path: String,
    /// The status code answered (503 while refusing).
    pub status: u16,
    /// The length of the request body in bytes.
    pub body_len: usize,
}

/// What outlives a stop: the protocol's data and the switches.
struct Shared {
    server: Server,
    web: WebConfig,
    record: bool,
    refusing: AtomicBool,
    delay: Mutex<Duration>,
    bodies: Mutex<Vec<Vec<u8>>>,
    requests: Mutex<Vec<RequestRecord>>,
}

/// The listening half, present while the server is up.
struct Running {
    stopping: Arc<AtomicBool>,
    connections: Arc<Mutex<HashMap<u64, Connection>>>,
    accept_thread: JoinHandle<()>,
}

struct Connection {
    stream: TcpStream,
    thread: Option<JoinHandle<()>>,
}

/// A TaskChampion sync server on 127.0.0.1, serving from a thread per connection until it is
/// stopped or dropped. Its data (clients, versions, snapshots) lives in memory for as long as
/// the `TestServer` does, across [`stop`](TestServer::stop) and
/// [`restart`](TestServer::restart).
pub struct TestServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    running: Option<Running>,
}

/// Locks `mutex`, going on with the data when a connection thread panicked while holding it.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl TestServer {
    /// Starts a server with the real server's defaults on a free port of 127.0.0.1.
    pub fn start() -> io::Result<TestServer> {
        TestServer::start_with(Options::default())
    }

    /// Starts a server set up by `options`.
    pub fn start_with(options: Options) -> io::Result<TestServer> {
        let config = ServerConfig {
            snapshot_days: options.snapshot_days,
            snapshot_versions: options.snapshot_versions,
        };
        let shared = Arc::new(Shared {
            server: Server::new(config, InMemoryStorage::new()),
            web: WebConfig {
                client_id_allowlist: options.client_id_allowlist,
                create_clients: options.create_clients,
            },
            record: options.record_requests,
            refusing: AtomicBool::new(false),
            delay: Mutex::new(Duration::ZERO),
            bodies: Mutex::new(Vec::new()),
            requests: Mutex::new(Vec::new()),
        });
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port))?;
        let addr = listener.local_addr()?;
        let running = listen(listener, addr, &shared)?;
        Ok(TestServer {
            shared,
            addr,
            running: Some(running),
        })
    }

    /// The base URL to give TaskChampion's `ServerConfig::Remote`, e.g.
    /// `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The port, the same across [`restart`](TestServer::restart)s.
    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Whether the server is up (started and not stopped).
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Takes the server down: the port is closed (a new connection is refused) and every open
    /// connection is shut, so a request in flight gets no answer; one still waiting out a
    /// [delay](TestServer::set_delay) is not applied. Returns once every connection thread has
    /// ended, so nothing is applied after it. The stored data is kept for
    /// [`restart`](TestServer::restart). Does nothing when already stopped.
    pub fn stop(&mut self) {
        let Some(running) = self.running.take() else {
            return;
        };
        running.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop, which sees `stopping` and drops the listener. If even this
        // connection fails, the listener is already unusable.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(5));
        let _ = running.accept_thread.join();
        // No connection is added after the accept loop ended.
        let connections = std::mem::take(&mut *lock(&running.connections));
        let mut threads = Vec::new();
        for (_, mut connection) in connections {
            let _ = connection.stream.shutdown(Shutdown::Both);
            threads.extend(connection.thread.take());
        }
        for thread in threads {
            let _ = thread.join();
        }
    }

    /// Brings the server back up on the same port with the same data, after stopping it if it
    /// was up. Fails if the port was taken meanwhile.
    pub fn restart(&mut self) -> io::Result<()> {
        self.stop();
        let listener = TcpListener::bind(self.addr)?;
        self.running = Some(listen(listener, self.addr, &self.shared)?);
        Ok(())
    }

    /// While `refusing` is true, every request is read and then answered
    /// `503 Service Unavailable` (a server that is up but refuses to serve).
    pub fn set_refusing(&self, refusing: bool) {
        self.shared.refusing.store(refusing, Ordering::SeqCst);
    }

    /// Delays each response by `delay` (zero, the default, answers at once): a slow server.
    /// The request is applied after the delay, so one cut short by [`stop`](TestServer::stop)
    /// is not applied.
    pub fn set_delay(&self, delay: Duration) {
        *lock(&self.shared.delay) = delay;
    }

    /// Every non-empty request body received so far (none with `record_requests` off), in arrival order, including those of
    /// requests refused or cut short by a stop: what left the clients' machines.
    pub fn request_bodies(&self) -> Vec<Vec<u8>> {
        lock(&self.shared.bodies).clone()
    }

    /// Every request answered so far, in arrival order (none with `record_requests` off).
    pub fn requests(&self) -> Vec<RequestRecord> {
        lock(&self.shared.requests).clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Starts the accept loop on `listener`.
fn listen(listener: TcpListener, addr: SocketAddr, shared: &Arc<Shared>) -> io::Result<Running> {
    let stopping = Arc::new(AtomicBool::new(false));
    let connections: Arc<Mutex<HashMap<u64, Connection>>> = Arc::default();
    let accept_thread = {
        let stopping = Arc::clone(&stopping);
        let connections = Arc::clone(&connections);
        let shared = Arc::clone(shared);
        thread::Builder::new()
            .name(format!("sync-testserver-{}", addr.port()))
            .spawn(move || accept_loop(&listener, &shared, &stopping, &connections))?
    };
    Ok(Running {
        stopping,
        connections,
        accept_thread,
    })
}

fn accept_loop(
    listener: &TcpListener,
    shared: &Arc<Shared>,
    stopping: &Arc<AtomicBool>,
    connections: &Arc<Mutex<HashMap<u64, Connection>>>,
) {
    static NEXT_ID: AtomicU64 = AtomicU64::new(0);
    for stream in listener.incoming() {
        if stopping.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = stream else {
            // A connection that failed before it was accepted; or, when accepting itself
            // fails (out of descriptors), a pause rather than a busy loop.
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        let Ok(handle) = stream.try_clone() else {
            continue;
        };
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        // Registered before its thread starts, so that a stop always finds it.
        let mut guard = lock(connections);
        let spawned = {
            let shared = Arc::clone(shared);
            let stopping = Arc::clone(stopping);
            let connections = Arc::clone(connections);
            thread::Builder::new()
                .name(format!("sync-testserver-conn-{id}"))
                .spawn(move || {
                    serve_connection(&stream, &shared, &stopping);
                    lock(&connections).remove(&id);
                })
        };
        if let Ok(thread) = spawned {
            guard.insert(
                id,
                Connection {
                    stream: handle,
                    thread: Some(thread),
                },
            );
        }
    }
}

/// Sleeps for `delay`, in short steps so that a stop cuts it short; false when it did.
fn sleep_unless_stopped(delay: Duration, stopping: &AtomicBool) -> bool {
    let end = Instant::now() + delay;
    loop {
        if stopping.load(Ordering::SeqCst) {
            return false;
        }
        let now = Instant::now();
        if now >= end {
            return true;
        }
        thread::sleep((end - now).min(Duration::from_millis(10)));
    }
}

/// Serves the requests of one connection, in order, until the client closes it, asks for its
/// close, sends something that is not HTTP, or the server stops.
fn serve_connection(stream: &TcpStream, shared: &Shared, stopping: &AtomicBool) {
    let _ = stream.set_nodelay(true);
    let mut reader = BufReader::with_capacity(64 * 1024, stream);
    let mut writer = stream;
    loop {
        let head = match http::read_head(&mut reader) {
            Ok(Some(head)) => head,
            Ok(None) | Err(ReadError::Io) => return,
            Err(ReadError::Malformed(why)) => {
                let _ = http::write_response(&mut writer, &Response::text(400, why), true);
                return;
            }
            Err(ReadError::HeadTooLarge) => {
                let _ = http::write_response(&mut writer, &Response::empty(431), true);
                return;
            }
        };
        // A client that asks first (curl does, for bodies over 1 MB) is told to send the body.
        if head
            .header("Expect")
            .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
            && http::write_interim_continue(&mut writer).is_err()
        {
            return;
        }
        let body = match http::read_body(&mut reader, &head, protocol::MAX_SIZE) {
            Ok(body) => body,
            Err(ReadError::Malformed(why)) => {
                let _ = http::write_response(&mut writer, &Response::text(400, why), true);
                return;
            }
            Err(ReadError::Io | ReadError::HeadTooLarge) => return,
        };
        let body_len = match &body {
            Body::Complete(bytes) => {
                if shared.record && !bytes.is_empty() {
                    lock(&shared.bodies).push(bytes.clone());
                }
                bytes.len()
            }
            Body::TooLarge => 0,
        };
        let delay = *lock(&shared.delay);
        if !sleep_unless_stopped(delay, stopping) {
            return;
        }
        let response = if stopping.load(Ordering::SeqCst) {
            return;
        } else if shared.refusing.load(Ordering::SeqCst) {
            Response::text(503, "refusing: footlog-sync-testserver was told to refuse")
        } else {
            protocol::respond(&shared.server, &shared.web, &head, &body)
        };
        if shared.record {
            lock(&shared.requests).push(RequestRecord {
                method: head.method.clone(),
                path: head.path.clone(),
                status: response.status,
                body_len,
            });
        }
        // A body left unread ends the connection: its bytes cannot be told from a request.
        let close = !head.keep_alive() || matches!(body, Body::TooLarge);
        if http::write_response(&mut writer, &response, close).is_err() || close {
            let _ = stream.shutdown(Shutdown::Write);
            return;
        }
    }
}
