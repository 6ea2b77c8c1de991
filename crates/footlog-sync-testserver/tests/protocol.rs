//! The wire, byte by byte: each route's status codes, headers, content types and bodies as the
//! real taskchampion-sync-server's `server/src/api/*.rs` give them, persistent connections, and
//! the switches (stop, restart, refusing, delay). Requests are written by hand on a plain TCP
//! stream, so nothing here depends on an HTTP client's leniency.

#![allow(clippy::expect_used)]

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use footlog_sync_testserver::{Options, RequestRecord, TestServer};
use uuid::Uuid;

const SEGMENT: &str = "application/vnd.taskchampion.history-segment";
const SNAPSHOT: &str = "application/vnd.taskchampion.snapshot";
const NIL: &str = "00000000-0000-0000-0000-000000000000";

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> &str {
        std::str::from_utf8(&self.body).expect("a UTF-8 body")
    }
}

/// One persistent connection, as an HTTP/1.1 client keeps it.
struct Conn {
    reader: BufReader<TcpStream>,
}

impl Conn {
    fn open(server: &TestServer) -> Conn {
        let stream = TcpStream::connect(("127.0.0.1", server.port())).expect("the server accepts");
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("a read timeout");
        Conn {
            reader: BufReader::new(stream),
        }
    }

    fn send(&mut self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (name, value) in headers {
            let _ = write!(request, "{name}: {value}\r\n");
        }
        if method == "POST" {
            let _ = write!(request, "Content-Length: {}\r\n", body.len());
        }
        request.push_str("\r\n");
        let stream = self.reader.get_mut();
        stream.write_all(request.as_bytes()).expect("request sent");
        stream.write_all(body).expect("body sent");
        self.read_reply().expect("a reply")
    }

    fn read_reply(&mut self) -> Option<Reply> {
        let mut line = String::new();
        if self.reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let mut parts = line.trim_end().splitn(3, ' ');
        assert_eq!(parts.next(), Some("HTTP/1.1"), "status line {line:?}");
        let status = parts.next()?.parse().expect("a status code");
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("a header line");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(": ").expect("name: value");
            headers.push((name.to_owned(), value.to_owned()));
        }
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
            .expect("every response has a Content-Length")
            .1
            .parse()
            .expect("a length");
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body).expect("the body");
        Some(Reply {
            status,
            headers,
            body,
        })
    }

    /// Whether the server closed its side (end of stream).
    fn closed_by_server(&mut self) -> bool {
        let mut byte = [0; 1];
        matches!(self.reader.read(&mut byte), Ok(0) | Err(_))
    }
}

fn add_version(conn: &mut Conn, client: &str, parent: &str, segment: &[u8]) -> Reply {
    conn.send(
        "POST",
        &format!("/v1/client/add-version/{parent}"),
        &[("Content-Type", SEGMENT), ("X-Client-Id", client)],
        segment,
    )
}

fn get_child(conn: &mut Conn, client: &str, parent: &str) -> Reply {
    conn.send(
        "GET",
        &format!("/v1/client/get-child-version/{parent}"),
        &[("X-Client-Id", client)],
        b"",
    )
}

#[test]
fn versions_are_added_and_read_back_with_the_real_servers_codes_and_headers() {
    let server = TestServer::start().expect("server");
    let client = Uuid::new_v4().to_string();
    let mut conn = Conn::open(&server);

    // An unknown client has no child version and no snapshot: 404s, nothing created.
    let r = get_child(&mut conn, &client, NIL);
    assert_eq!((r.status, r.text()), (404, "no such client"));
    let r = conn.send(
        "GET",
        "/v1/client/snapshot",
        &[("X-Client-Id", &client)],
        b"",
    );
    assert_eq!((r.status, r.text()), (404, "No such client"));

    // The first version creates the client; with no snapshot yet, one is wanted urgently.
    let r = add_version(&mut conn, &client, NIL, b"first segment");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, b"");
    assert_eq!(r.header("Cache-Control"), Some("no-store, max-age=0"));
    assert_eq!(r.header("X-Snapshot-Request"), Some("urgency=high"));
    let v1 = r.header("X-Version-Id").expect("X-Version-Id").to_owned();
    Uuid::parse_str(&v1).expect("the version id is a UUID");

    // A version on a parent that is not the latest conflicts and names the latest.
    let r = add_version(&mut conn, &client, NIL, b"stale segment");
    assert_eq!(r.status, 409);
    assert_eq!(r.header("X-Parent-Version-Id"), Some(v1.as_str()));
    assert_eq!(r.header("X-Version-Id"), None);

    let r = add_version(&mut conn, &client, &v1, b"second segment");
    assert_eq!(r.status, 200);
    let v2 = r.header("X-Version-Id").expect("X-Version-Id").to_owned();

    // Children come back byte for byte, with both ids and the segment content type.
    let r = get_child(&mut conn, &client, NIL);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some(SEGMENT));
    assert_eq!(r.header("X-Version-Id"), Some(v1.as_str()));
    assert_eq!(r.header("X-Parent-Version-Id"), Some(NIL));
    assert_eq!(r.body, b"first segment");
    let r = get_child(&mut conn, &client, &v1);
    assert_eq!(
        (r.status, r.header("X-Version-Id"), r.body.as_slice()),
        (200, Some(v2.as_str()), &b"second segment"[..])
    );
    // No child of the latest yet: 404; a parent outside the history: 410.
    let r = get_child(&mut conn, &client, &v2);
    assert_eq!((r.status, r.text()), (404, "no such version"));
    let r = get_child(&mut conn, &client, &Uuid::new_v4().to_string());
    assert_eq!((r.status, r.text()), (410, "version has been deleted"));

    // Another client's history is its own.
    let other = Uuid::new_v4().to_string();
    let r = add_version(&mut conn, &other, NIL, b"other's segment");
    assert_eq!(r.status, 200);
    let r = get_child(&mut conn, &client, NIL);
    assert_eq!(r.body, b"first segment");

    let seen: Vec<(String, u16)> = server
        .requests()
        .into_iter()
        .map(|RequestRecord { method, status, .. }| (method, status))
        .collect();
    assert_eq!(seen.len(), 11);
    assert_eq!(seen.first(), Some(&("GET".to_owned(), 404)));
}

#[test]
fn snapshots_are_stored_for_recent_versions_and_served() {
    let server = TestServer::start().expect("server");
    let client = Uuid::new_v4().to_string();
    let mut conn = Conn::open(&server);
    let r = add_version(&mut conn, &client, NIL, b"segment");
    let v1 = r.header("X-Version-Id").expect("X-Version-Id").to_owned();

    let r = conn.send(
        "GET",
        "/v1/client/snapshot",
        &[("X-Client-Id", &client)],
        b"",
    );
    assert_eq!((r.status, r.text()), (404, "no snapshot"));

    let post_snapshot = |conn: &mut Conn, version: &str, content_type: &str, body: &[u8]| {
        conn.send(
            "POST",
            &format!("/v1/client/add-snapshot/{version}"),
            &[("Content-Type", content_type), ("X-Client-Id", &client)],
            body,
        )
    };
    let r = post_snapshot(&mut conn, &v1, SEGMENT, b"snap");
    assert_eq!((r.status, r.text()), (400, "Bad content-type"));
    let r = post_snapshot(&mut conn, &v1, SNAPSHOT, b"");
    assert_eq!((r.status, r.text()), (400, "No snapshot supplied"));
    let r = post_snapshot(&mut conn, &v1, SNAPSHOT, b"the snapshot");
    assert_eq!((r.status, r.body.len()), (200, 0));
    // A snapshot of a version the client never had is ignored, still with 200.
    let r = post_snapshot(&mut conn, &Uuid::new_v4().to_string(), SNAPSHOT, b"bogus");
    assert_eq!(r.status, 200);

    let r = conn.send(
        "GET",
        "/v1/client/snapshot",
        &[("X-Client-Id", &client)],
        b"",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some(SNAPSHOT));
    assert_eq!(r.header("X-Version-Id"), Some(v1.as_str()));
    assert_eq!(r.body, b"the snapshot");

    // With a fresh snapshot, the next version asks for none.
    let r = add_version(&mut conn, &client, &v1, b"segment 2");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("X-Snapshot-Request"), None);

    // An unknown client's snapshot is not stored: 404.
    let r = conn.send(
        "POST",
        &format!("/v1/client/add-snapshot/{v1}"),
        &[
            ("Content-Type", SNAPSHOT),
            ("X-Client-Id", &Uuid::new_v4().to_string()),
        ],
        b"snap",
    );
    assert_eq!((r.status, r.text()), (404, "No such client"));
}

#[test]
fn bad_requests_get_the_real_servers_4xx() {
    let server = TestServer::start().expect("server");
    let client = Uuid::new_v4().to_string();
    let mut conn = Conn::open(&server);

    let r = conn.send("GET", "/v1/client/snapshot", &[], b"");
    assert_eq!((r.status, r.text()), (400, "bad x-client-id"));
    let r = conn.send(
        "GET",
        "/v1/client/snapshot",
        &[("X-Client-Id", "not-a-uuid")],
        b"",
    );
    assert_eq!((r.status, r.text()), (400, "bad x-client-id"));
    let r = conn.send(
        "POST",
        &format!("/v1/client/add-version/{NIL}"),
        &[
            ("Content-Type", "application/octet-stream"),
            ("X-Client-Id", &client),
        ],
        b"x",
    );
    assert_eq!((r.status, r.text()), (400, "Bad content-type"));
    // The content type is compared without its parameters, as actix-web does.
    let r = conn.send(
        "POST",
        &format!("/v1/client/add-version/{NIL}"),
        &[
            ("Content-Type", &format!("{SEGMENT}; charset=binary")),
            ("X-Client-Id", &client),
        ],
        b"",
    );
    assert_eq!((r.status, r.text()), (400, "Empty body"));
    let r = add_version(&mut conn, &client, "not-a-uuid", b"x");
    assert_eq!(r.status, 404);
    // Unknown routes and wrong methods match no route.
    assert_eq!(conn.send("GET", "/v1/client/nothing", &[], b"").status, 404);
    assert_eq!(
        conn.send(
            "GET",
            &format!("/v1/client/add-version/{NIL}"),
            &[("X-Client-Id", &client)],
            b""
        )
        .status,
        404
    );
    let r = conn.send("GET", "/", &[], b"");
    assert_eq!(r.status, 200);
    assert!(
        r.text().starts_with("TaskChampion sync server"),
        "{}",
        r.text()
    );
    // None of this created the client.
    assert_eq!(get_child(&mut conn, &client, NIL).status, 404);
    assert!(server.request_bodies().iter().all(|b| b == b"x"));
}

#[test]
fn without_create_clients_an_unknown_client_gets_404_and_the_allow_list_403() {
    let allowed = Uuid::new_v4();
    let server = TestServer::start_with(Options {
        create_clients: false,
        ..Options::default()
    })
    .expect("server");
    let mut conn = Conn::open(&server);
    let r = add_version(&mut conn, &allowed.to_string(), NIL, b"x");
    assert_eq!((r.status, r.text()), (404, "No such client"));

    let server = TestServer::start_with(Options {
        client_id_allowlist: Some(HashSet::from([allowed])),
        ..Options::default()
    })
    .expect("server");
    let mut conn = Conn::open(&server);
    let r = add_version(&mut conn, &Uuid::new_v4().to_string(), NIL, b"x");
    assert_eq!((r.status, r.text()), (403, "unknown x-client-id"));
    let r = add_version(&mut conn, &allowed.to_string(), NIL, b"x");
    assert_eq!(r.status, 200);
}

#[test]
fn connections_persist_until_the_client_asks_for_close() {
    let server = TestServer::start().expect("server");
    let mut conn = Conn::open(&server);
    for _ in 0..3 {
        assert_eq!(conn.send("GET", "/", &[], b"").header("Connection"), None);
    }
    let r = conn.send("GET", "/", &[("Connection", "close")], b"");
    assert_eq!((r.status, r.header("Connection")), (200, Some("close")));
    assert!(conn.closed_by_server());

    // Two requests written at once (pipelined) are answered in order.
    let mut conn = Conn::open(&server);
    let client = Uuid::new_v4().to_string();
    let two = format!(
        "POST /v1/client/add-version/{NIL} HTTP/1.1\r\nContent-Type: {SEGMENT}\r\nX-Client-Id: {client}\r\nContent-Length: 3\r\n\r\nabcGET /v1/client/get-child-version/{NIL} HTTP/1.1\r\nX-Client-Id: {client}\r\n\r\n"
    );
    conn.reader
        .get_mut()
        .write_all(two.as_bytes())
        .expect("sent");
    let first = conn.read_reply().expect("first reply");
    let second = conn.read_reply().expect("second reply");
    assert_eq!(first.status, 200);
    assert_eq!(second.body, b"abc");
    assert_eq!(second.header("X-Version-Id"), first.header("X-Version-Id"));

    // A chunked body is read as well.
    let chunked = format!(
        "POST /v1/client/add-version/{} HTTP/1.1\r\nContent-Type: {SEGMENT}\r\nX-Client-Id: {client}\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1\r\nf\r\n0\r\n\r\n",
        first.header("X-Version-Id").expect("id")
    );
    conn.reader
        .get_mut()
        .write_all(chunked.as_bytes())
        .expect("sent");
    assert_eq!(conn.read_reply().expect("reply").status, 200);
    assert_eq!(
        server.request_bodies().last().map(Vec::as_slice),
        Some(&b"def"[..])
    );

    // A client that expects 100-continue gets it before sending its body.
    let mut conn = Conn::open(&server);
    let head = format!(
        "POST /v1/client/add-version/{NIL} HTTP/1.1\r\nContent-Type: {SEGMENT}\r\nX-Client-Id: {}\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n",
        Uuid::new_v4()
    );
    conn.reader
        .get_mut()
        .write_all(head.as_bytes())
        .expect("sent");
    let mut interim = String::new();
    conn.reader.read_line(&mut interim).expect("interim line");
    conn.reader.read_line(&mut String::new()).expect("its end");
    assert_eq!(interim, "HTTP/1.1 100 Continue\r\n");
    conn.reader.get_mut().write_all(b"ghi").expect("sent");
    assert_eq!(conn.read_reply().expect("reply").status, 200);

    // Something that is not HTTP gets a 400 and the connection's end.
    let mut conn = Conn::open(&server);
    conn.reader
        .get_mut()
        .write_all(b"HELLO\r\n\r\n")
        .expect("sent");
    assert_eq!(conn.read_reply().expect("reply").status, 400);
    assert!(conn.closed_by_server());
}

#[test]
fn a_stopped_server_refuses_connections_and_restarts_with_its_data() {
    let mut server = TestServer::start().expect("server");
    let url = server.url();
    let client = Uuid::new_v4().to_string();
    let mut conn = Conn::open(&server);
    let v1 = add_version(&mut conn, &client, NIL, b"kept")
        .header("X-Version-Id")
        .expect("id")
        .to_owned();

    server.stop();
    assert!(!server.is_running());
    // The open connection is shut and new ones are refused.
    assert!(conn.closed_by_server());
    let err = TcpStream::connect(("127.0.0.1", server.port())).expect_err("port closed");
    assert_eq!(err.kind(), ErrorKind::ConnectionRefused);
    server.stop(); // a second stop does nothing

    server.restart().expect("restart");
    assert!(server.is_running());
    assert_eq!(server.url(), url);
    let mut conn = Conn::open(&server);
    let r = get_child(&mut conn, &client, NIL);
    assert_eq!(
        (r.status, r.header("X-Version-Id"), r.body.as_slice()),
        (200, Some(v1.as_str()), &b"kept"[..])
    );
    // Restart while up: down and back up, data still there.
    server.restart().expect("restart while up");
    assert_eq!(
        get_child(&mut Conn::open(&server), &client, NIL).body,
        b"kept"
    );
}

#[test]
fn a_refusing_server_answers_503_to_everything_and_applies_nothing() {
    let server = TestServer::start().expect("server");
    let client = Uuid::new_v4().to_string();
    let mut conn = Conn::open(&server);
    server.set_refusing(true);
    let r = add_version(&mut conn, &client, NIL, b"refused segment");
    assert_eq!(r.status, 503);
    assert_eq!(conn.send("GET", "/", &[], b"").status, 503);
    // The body still arrived (and is recorded), but nothing was stored.
    assert_eq!(server.request_bodies(), vec![b"refused segment".to_vec()]);
    server.set_refusing(false);
    assert_eq!(get_child(&mut conn, &client, NIL).text(), "no such client");
    let statuses: Vec<u16> = server.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![503, 503, 404]);
}

#[test]
fn a_delay_slows_every_response_and_a_stop_cuts_it_short_unapplied() {
    let mut server = TestServer::start().expect("server");
    let client = Uuid::new_v4().to_string();
    let mut conn = Conn::open(&server);
    server.set_delay(Duration::from_millis(300));
    let started = Instant::now();
    assert_eq!(conn.send("GET", "/", &[], b"").status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    server.set_delay(Duration::from_mins(1));
    let request = format!(
        "POST /v1/client/add-version/{NIL} HTTP/1.1\r\nContent-Type: {SEGMENT}\r\nX-Client-Id: {client}\r\nContent-Length: 4\r\n\r\nlost"
    );
    conn.reader
        .get_mut()
        .write_all(request.as_bytes())
        .expect("sent");
    std::thread::sleep(Duration::from_millis(100));
    let stopping = Instant::now();
    server.stop();
    assert!(
        stopping.elapsed() < Duration::from_secs(5),
        "stop waits out no delay"
    );
    assert!(
        conn.read_reply().is_none(),
        "no answer from a stopped server"
    );

    server.set_delay(Duration::ZERO);
    server.restart().expect("restart");
    let r = get_child(&mut Conn::open(&server), &client, NIL);
    assert_eq!((r.status, r.text()), (404, "no such client"));
    assert_eq!(server.request_bodies(), vec![b"lost".to_vec()]);
}

#[test]
fn an_oversized_body_is_refused_without_reading_it() {
    let server = TestServer::start().expect("server");
    let mut conn = Conn::open(&server);
    let client = Uuid::new_v4().to_string();
    let head = format!(
        "POST /v1/client/add-version/{NIL} HTTP/1.1\r\nContent-Type: {SEGMENT}\r\nX-Client-Id: {client}\r\nContent-Length: {}\r\n\r\n",
        100 * 1024 * 1024 + 1
    );
    conn.reader
        .get_mut()
        .write_all(head.as_bytes())
        .expect("sent");
    let r = conn.read_reply().expect("reply");
    assert_eq!(
        (r.status, r.text(), r.header("Connection")),
        (400, "overflow", Some("close"))
    );
}

#[test]
fn without_recording_nothing_is_kept_but_everything_is_served() {
    let server = TestServer::start_with(Options {
        record_requests: false,
        ..Options::default()
    })
    .expect("server");
    let mut conn = Conn::open(&server);
    let client = Uuid::new_v4().to_string();
    assert_eq!(add_version(&mut conn, &client, NIL, b"x").status, 200);
    assert_eq!(get_child(&mut conn, &client, NIL).body, b"x");
    assert!(server.request_bodies().is_empty());
    assert!(server.requests().is_empty());
}
