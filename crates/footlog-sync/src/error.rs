//! What can go wrong in a sync, each case with what the user can do.

use std::path::PathBuf;

use footlog_core::store::{ReplicaError, StoreError};

/// A sync that could not be done. Nothing is lost in any of these: changes made here stay
/// recorded and go at the next sync that succeeds (the command line says so, in the words that
/// fit what was asked).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// `footlog sync` before `footlog sync setup`.
    #[error(
        "sync is not set up: run `footlog sync setup --server URL --new` on your first device, or `--join` on the next ones"
    )]
    NotSetUp,
    /// `footlog sync setup` when it is.
    #[error("sync is set up already (server {server}); run `footlog sync off` first to change it")]
    AlreadySetUp { server: String },
    /// A server address that is not an http(s) URL.
    #[error("--server must be an http:// or https:// address (got {0:?})")]
    BadServer(String),
    /// A key that is not one `footlog sync key` prints.
    #[error(
        "the sync key must be the line `footlog sync key` prints on your other device (footlog1-… with 32 and 64 hexadecimal digits)"
    )]
    BadKey,
    /// The operating system gave no random bytes for a new key.
    #[error("cannot make a sync key: the system's random source failed")]
    Random,
    /// The server cannot be reached, or answered with an error.
    #[error("cannot sync with {server}: the server cannot be reached or refused ({detail})")]
    Unreachable { server: String, detail: String },
    /// The key does not decrypt what the server holds.
    #[error(
        "the sync key does not open the data on {server}, or {server} is not a TaskChampion sync server: check the key (`footlog sync key` on a device that syncs) and the address"
    )]
    KeyRejected { server: String },
    /// Joining with a key whose history the server does not hold.
    #[error(
        "{server} holds no footlog history for this sync key: check the key, or the server's address; use --new only on your first device"
    )]
    NoHistory { server: String },
    /// The server's history does not continue this device's (it was reset or replaced).
    #[error(
        "this device's sync history does not continue the one on {server} (was the server reset?): run `footlog sync off`, then join again; your data here is kept"
    )]
    OutOfSync { server: String },
    /// The database.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The replica file (`<database>.sync`).
    #[error(transparent)]
    Replica(#[from] ReplicaError),
    /// The replica's engine failed locally.
    #[error("sync replica {path}: {detail}")]
    Engine { path: PathBuf, detail: String },
    /// A file beside the database.
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl SyncError {
    /// Whether the user asked for something that cannot be (exit 2 rather than 1).
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            SyncError::NotSetUp
                | SyncError::AlreadySetUp { .. }
                | SyncError::BadServer(_)
                | SyncError::BadKey
        )
    }
}
