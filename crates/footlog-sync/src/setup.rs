//! Where sync keeps its state and what the user set up: the replica file beside the database
//! (`<database>.sync`, 0600), holding the server's address, the key and the last sync's time.
//! None of it is in the config file, the database, its backups or its exports.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use footlog_core::store::ReplicaStorage;
use uuid::Uuid;

use crate::{SyncError, SyncKey};

const SERVER: &str = "server";
const CLIENT_ID: &str = "client_id";
const SECRET: &str = "secret";
/// When the last sync completed (RFC 3339, UTC).
pub(crate) const LAST_SYNC: &str = "last_sync";
/// How the history is begun (`new` or `join`) until a first sync completes: a setup cut short
/// (killed, or its first sync failed) begins it the same way at the next sync, so a join never
/// turns into a second, separate history.
pub(crate) const FIRST_SYNC: &str = "first_sync";

/// The files of one database's sync.
#[derive(Debug, Clone)]
pub struct SyncPaths {
    /// footlog's database.
    pub db: PathBuf,
}

impl SyncPaths {
    /// The paths for the database at `db`.
    pub fn new(db: &Path) -> SyncPaths {
        SyncPaths {
            db: db.to_path_buf(),
        }
    }

    /// The replica: `<database>.sync`.
    pub fn replica(&self) -> PathBuf {
        let mut p = self.db.clone().into_os_string();
        p.push(".sync");
        PathBuf::from(p)
    }

    /// The lock that keeps syncs of this database one at a time.
    pub(crate) fn lock(&self) -> PathBuf {
        let mut p = self.db.clone().into_os_string();
        p.push(".sync-lock");
        PathBuf::from(p)
    }

    /// Whether sync is set up (the replica exists; nothing is created to find out).
    pub fn is_set_up(&self) -> bool {
        self.replica().exists()
    }
}

/// What `footlog sync setup` stored.
#[derive(Debug, Clone)]
pub struct Setup {
    pub server: String,
    pub key: SyncKey,
}

/// Opens the replica and reads the setup from it; [`SyncError::NotSetUp`] when there is none.
/// The replica is handed back for what else is read of it.
pub(crate) fn open(paths: &SyncPaths) -> Result<(ReplicaStorage, Setup), SyncError> {
    if !paths.is_set_up() {
        return Err(SyncError::NotSetUp);
    }
    let storage = ReplicaStorage::open(&paths.replica())?;
    let (Some(server), Some(client), Some(secret)) = (
        storage.get_setting(SERVER)?,
        storage.get_setting(CLIENT_ID)?,
        storage.get_setting(SECRET)?,
    ) else {
        return Err(SyncError::NotSetUp);
    };
    let client = Uuid::parse_str(&client).map_err(|_| SyncError::BadKey)?;
    let key: SyncKey = format!("footlog1-{}-{secret}", client.simple()).parse()?;
    Ok((storage, Setup { server, key }))
}

/// Stores the setup in a new replica, in one transaction, with how its history begins.
pub(crate) fn write(paths: &SyncPaths, setup: &Setup, first_sync: &str) -> Result<(), SyncError> {
    let mut storage = ReplicaStorage::open(&paths.replica())?;
    let printed = setup.key.to_string();
    let secret = printed.rsplit('-').next().unwrap_or_default();
    let client = setup.key.client_id.to_string();
    storage.set_settings(&[
        (SERVER, &setup.server),
        (CLIENT_ID, &client),
        (SECRET, secret),
        (FIRST_SYNC, first_sync),
    ])?;
    Ok(())
}

/// How the history is still to begin (`new`, `join`), if no first sync has completed.
pub(crate) fn first_sync(storage: &ReplicaStorage) -> Result<Option<String>, SyncError> {
    Ok(storage.get_setting(FIRST_SYNC)?)
}

/// When the last sync completed, if one did.
pub(crate) fn last_sync(storage: &ReplicaStorage) -> Result<Option<DateTime<Utc>>, SyncError> {
    Ok(storage
        .get_setting(LAST_SYNC)?
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.with_timezone(&Utc)))
}

/// Removes the replica (the server's address and the key with it). The lock file stays: removing
/// it while another footlog waits on it would let two syncs run at once.
pub(crate) fn forget(paths: &SyncPaths) -> Result<(), SyncError> {
    let replica = paths.replica();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = replica.clone().into_os_string();
        p.push(suffix);
        let p = PathBuf::from(p);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(SyncError::Io { path: p, source }),
        }
    }
    Ok(())
}

/// Checks a server address: http or https, nothing else.
pub(crate) fn check_server(url: &str) -> Result<String, SyncError> {
    let url = url.trim().trim_end_matches('/');
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !host.chars().any(char::is_whitespace) => {
            Ok(url.to_string())
        }
        _ => Err(SyncError::BadServer(url.to_string())),
    }
}
