//! The sync protocol's four routes, answered as the real `taskchampion-sync-server` answers
//! them: each function mirrors one file of its `server/src/api/` (actix-web handlers) with the
//! same checks in the same order, the same status codes, headers, content types and bodies.
//! Compared against GothenburgBitFactory/taskchampion-sync-server at commit b1ab809
//! (`server/src/api/{mod,add_version,get_child_version,add_snapshot,get_snapshot}.rs`,
//! `server/src/web.rs`, `server/src/args.rs`) and against the client in taskchampion 3.1.0
//! (`src/server/sync/mod.rs`).

use std::collections::HashSet;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use taskchampion_sync_server_core::{
    AddVersionResult, ClientId, GetVersionResult, NIL_VERSION_ID, Server, ServerError,
    SnapshotUrgency, VersionId,
};

use crate::http::{Body, Head, Response};

/// The content-type for history segments (opaque blobs of bytes).
pub(crate) const HISTORY_SEGMENT_CONTENT_TYPE: &str =
    "application/vnd.taskchampion.history-segment";
/// The content-type for snapshots (opaque blobs of bytes).
pub(crate) const SNAPSHOT_CONTENT_TYPE: &str = "application/vnd.taskchampion.snapshot";
const VERSION_ID_HEADER: &str = "X-Version-Id";
const CLIENT_ID_HEADER: &str = "X-Client-Id";
const PARENT_VERSION_ID_HEADER: &str = "X-Parent-Version-Id";
const SNAPSHOT_REQUEST_HEADER: &str = "X-Snapshot-Request";

/// The largest history segment or snapshot accepted: 100 MB, as the real server's `MAX_SIZE`.
pub(crate) const MAX_SIZE: usize = 100 * 1024 * 1024;

/// What the real server's `WebConfig` holds besides its listen addresses.
pub(crate) struct WebConfig {
    pub(crate) client_id_allowlist: Option<HashSet<ClientId>>,
    pub(crate) create_clients: bool,
}

/// Runs one of the core's futures to completion on this thread. The in-memory storage's
/// futures never wait on anything (their lock is a plain mutex), so this needs no runtime: a
/// future that did return `Pending` parks the thread until it is woken.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(output) => return output,
            Poll::Pending => thread::park(),
        }
    }
}

/// Answers one request (`server/src/web.rs` and `server/src/api/mod.rs`'s routing: a path or
/// method that matches no route, or a version id that is not a UUID, is a 404).
pub(crate) fn respond(server: &Server, web: &WebConfig, head: &Head, body: &Body) -> Response {
    let segments: Vec<&str> = head.path.split('/').collect();
    let response = match (head.method.as_str(), segments.as_slice()) {
        ("GET", ["", ""]) => Response::text(
            200,
            concat!(
                "TaskChampion sync server (footlog-sync-testserver v",
                env!("CARGO_PKG_VERSION"),
                ")"
            ),
        ),
        ("POST", ["", "v1", "client", "add-version", parent]) => match path_uuid(parent) {
            Ok(parent) => add_version(server, web, head, body, parent),
            Err(r) => r,
        },
        ("GET", ["", "v1", "client", "get-child-version", parent]) => match path_uuid(parent) {
            Ok(parent) => get_child_version(server, web, head, parent),
            Err(r) => r,
        },
        ("POST", ["", "v1", "client", "add-snapshot", version]) => match path_uuid(version) {
            Ok(version) => add_snapshot(server, web, head, body, version),
            Err(r) => r,
        },
        ("GET", ["", "v1", "client", "snapshot"]) => get_snapshot(server, web, head),
        _ => Response::empty(404),
    };
    // `web.rs`: `DefaultHeaders::new().add(("Cache-Control", "no-store, max-age=0"))`.
    response.with_header("Cache-Control", "no-store, max-age=0")
}

/// A `{version_id}` path segment; actix-web's `web::Path<VersionId>` answers 404 when it does
/// not parse.
fn path_uuid(segment: &str) -> Result<VersionId, Response> {
    VersionId::parse_str(segment)
        .map_err(|e| Response::text(404, format!("can not parse {segment:?} to a UUID: {e}")))
}

/// `ServerState::client_id_header` (`api/mod.rs`).
fn client_id_header(web: &WebConfig, head: &Head) -> Result<ClientId, Response> {
    let bad_request = || Response::text(400, "bad x-client-id");
    let value = head.header(CLIENT_ID_HEADER).ok_or_else(bad_request)?;
    let client_id = ClientId::parse_str(value).map_err(|_| bad_request())?;
    if let Some(allow_list) = &web.client_id_allowlist
        && !allow_list.contains(&client_id)
    {
        return Err(Response::text(403, "unknown x-client-id"));
    }
    Ok(client_id)
}

/// `server_error_to_actix` (`api/mod.rs`).
fn server_error(err: &ServerError) -> Response {
    match err {
        ServerError::NoSuchClient => Response::text(404, err.to_string()),
        ServerError::Other(e) => Response::text(500, e.to_string()),
    }
}

/// The body checks of `add_version.rs` and `add_snapshot.rs`, after the content type and the
/// client id: too large, then empty, are 400s.
fn body_bytes<'b>(
    body: &'b Body,
    overflow: &'static str,
    empty: &'static str,
) -> Result<&'b [u8], Response> {
    match body {
        Body::TooLarge => Err(Response::text(400, overflow)),
        Body::Complete(bytes) if bytes.is_empty() => Err(Response::text(400, empty)),
        Body::Complete(bytes) => Ok(bytes),
    }
}

/// `POST /v1/client/add-version/{parent_version_id}` (`api/add_version.rs`): 200 with
/// `X-Version-Id` (and `X-Snapshot-Request: urgency=low|high` when the server wants a
/// snapshot), or 409 with `X-Parent-Version-Id` when the parent is not the latest version. An
/// unknown client is created on the way when `create_clients` is on (the default).
fn add_version(
    server: &Server,
    web: &WebConfig,
    head: &Head,
    body: &Body,
    parent_version_id: VersionId,
) -> Response {
    if head.content_type() != HISTORY_SEGMENT_CONTENT_TYPE {
        return Response::text(400, "Bad content-type");
    }
    let client_id = match client_id_header(web, head) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let body = match body_bytes(body, "overflow", "Empty body") {
        Ok(b) => b,
        Err(r) => return r,
    };
    loop {
        return match block_on(server.add_version(client_id, parent_version_id, body.to_vec())) {
            Ok((AddVersionResult::Ok(version_id), urgency)) => {
                let response =
                    Response::empty(200).with_header(VERSION_ID_HEADER, version_id.to_string());
                match urgency {
                    SnapshotUrgency::None => response,
                    SnapshotUrgency::Low => {
                        response.with_header(SNAPSHOT_REQUEST_HEADER, "urgency=low")
                    }
                    SnapshotUrgency::High => {
                        response.with_header(SNAPSHOT_REQUEST_HEADER, "urgency=high")
                    }
                }
            }
            Ok((AddVersionResult::ExpectedParentVersion(expected), _)) => {
                Response::empty(409).with_header(PARENT_VERSION_ID_HEADER, expected.to_string())
            }
            Err(ServerError::NoSuchClient) if web.create_clients => {
                // Create the client and repeat the `add_version` call.
                if let Err(r) = block_on(create_client(server, client_id)) {
                    return r;
                }
                continue;
            }
            Err(e) => server_error(&e),
        };
    }
}

async fn create_client(server: &Server, client_id: ClientId) -> Result<(), Response> {
    let mut txn = server.txn(client_id).await.map_err(|e| server_error(&e))?;
    txn.new_client(NIL_VERSION_ID)
        .await
        .map_err(internal_error)?;
    txn.commit().await.map_err(internal_error)?;
    Ok(())
}

/// `failure_to_ise` (`api/mod.rs`).
fn internal_error(err: impl std::fmt::Display) -> Response {
    Response::text(500, err.to_string())
}

/// `GET /v1/client/get-child-version/{parent_version_id}` (`api/get_child_version.rs`): 200
/// with the segment as sent (content type history-segment, `X-Version-Id`,
/// `X-Parent-Version-Id`), 404 when there is no child yet or no such client, 410 when the
/// parent is not in the client's history.
fn get_child_version(
    server: &Server,
    web: &WebConfig,
    head: &Head,
    parent_version_id: VersionId,
) -> Response {
    let client_id = match client_id_header(web, head) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match block_on(server.get_child_version(client_id, parent_version_id)) {
        Ok(GetVersionResult::Success {
            version_id,
            parent_version_id,
            history_segment,
        }) => Response {
            status: 200,
            headers: vec![
                ("Content-Type", HISTORY_SEGMENT_CONTENT_TYPE.to_owned()),
                (VERSION_ID_HEADER, version_id.to_string()),
                (PARENT_VERSION_ID_HEADER, parent_version_id.to_string()),
            ],
            body: history_segment,
        },
        Ok(GetVersionResult::NotFound) => Response::text(404, "no such version"),
        Ok(GetVersionResult::Gone) => Response::text(410, "version has been deleted"),
        Err(ServerError::NoSuchClient) => Response::text(404, "no such client"),
        Err(e) => server_error(&e),
    }
}

/// `POST /v1/client/add-snapshot/{version_id}` (`api/add_snapshot.rs`): 200 with an empty body,
/// even when the core ignores the snapshot (too old, already held); 404 for an unknown client.
fn add_snapshot(
    server: &Server,
    web: &WebConfig,
    head: &Head,
    body: &Body,
    version_id: VersionId,
) -> Response {
    if head.content_type() != SNAPSHOT_CONTENT_TYPE {
        return Response::text(400, "Bad content-type");
    }
    let client_id = match client_id_header(web, head) {
        Ok(id) => id,
        Err(r) => return r,
    };
    let body = match body_bytes(
        body,
        "Snapshot over maximum allowed size",
        "No snapshot supplied",
    ) {
        Ok(b) => b,
        Err(r) => return r,
    };
    match block_on(server.add_snapshot(client_id, version_id, body.to_vec())) {
        Ok(()) => Response::empty(200),
        Err(e) => server_error(&e),
    }
}

/// `GET /v1/client/snapshot` (`api/get_snapshot.rs`): 200 with the snapshot (content type
/// snapshot, `X-Version-Id`), or 404 when there is none or no such client.
fn get_snapshot(server: &Server, web: &WebConfig, head: &Head) -> Response {
    let client_id = match client_id_header(web, head) {
        Ok(id) => id,
        Err(r) => return r,
    };
    match block_on(server.get_snapshot(client_id)) {
        Ok(Some((version_id, data))) => Response {
            status: 200,
            headers: vec![
                ("Content-Type", SNAPSHOT_CONTENT_TYPE.to_owned()),
                (VERSION_ID_HEADER, version_id.to_string()),
            ],
            body: data,
        },
        Ok(None) => Response::text(404, "no snapshot"),
        Err(e) => server_error(&e),
    }
}
