//! The replica TaskChampion syncs through: [`ReplicaStorage`], an implementation of
//! `taskchampion::storage::Storage` over rusqlite, in its own file (`footlog.db.sync`
//! beside `footlog.db`; never exported nor backed up), with the sync settings footlog keeps beside it.
//!
//! TaskChampion's own SQLite storage links another rusqlite than footlog's, so this one is
//! footlog's: same semantics (see TaskChampion's `storage/inmemory.rs` and `storage/sqlite/`),
//! footlog's safeguards (a private file, a busy timeout, WAL, errors naming the file).

mod txn;

use std::path::{Path, PathBuf};
use std::time::Duration;

use async_trait::async_trait;
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior, params};
use taskchampion::storage::{Storage, StorageTxn};
use thiserror::Error;

use super::error::{self, BUSY_TIMEOUT_SECS, Result, StoreError};
use super::private_files::{FolderLock, create_private_file};

/// `PRAGMA application_id` of a sync replica (`"FtSy"`), told apart from footlog's own database.
pub const REPLICA_APPLICATION_ID: i64 = 1_182_028_665;

/// The replica schema this footlog writes (`PRAGMA user_version`).
const SCHEMA_VERSION: i64 = 1;

/// Schema version 1. A task is its property map as a JSON object; an operation is a serialized
/// `taskchampion::Operation`, whose task (if any) is a generated column.
const SCHEMA_V1: &str = "
CREATE TABLE tasks (
    uuid TEXT PRIMARY KEY NOT NULL CHECK (length(uuid) = 36),
    data TEXT NOT NULL CHECK (json_valid(data) AND json_type(data) = 'object')
) STRICT;
CREATE TABLE operations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    data TEXT NOT NULL CHECK (json_valid(data)),
    synced INTEGER NOT NULL DEFAULT 0 CHECK (synced IN (0, 1)),
    uuid TEXT GENERATED ALWAYS AS (coalesce(
        json_extract(data, '$.Update.uuid'),
        json_extract(data, '$.Create.uuid'),
        json_extract(data, '$.Delete.uuid'))) VIRTUAL
) STRICT;
CREATE INDEX operations_by_uuid ON operations (uuid);
CREATE INDEX operations_by_synced ON operations (synced);
CREATE TABLE base_version (
    singleton INTEGER PRIMARY KEY CHECK (singleton = 0),
    version TEXT NOT NULL CHECK (length(version) = 36)
) STRICT;
CREATE TABLE working_set (
    id INTEGER PRIMARY KEY CHECK (id >= 1),
    uuid TEXT NOT NULL CHECK (length(uuid) = 36)
) STRICT;
CREATE TABLE sync_settings (
    key TEXT PRIMARY KEY NOT NULL CHECK (length(key) > 0),
    value TEXT NOT NULL
) STRICT;
PRAGMA application_id = 1182028665;
PRAGMA user_version = 1;
";

/// TaskChampion's storage in an SQLite file of its own, plus footlog's sync settings.
pub struct ReplicaStorage {
    conn: Connection,
    path: PathBuf,
}

/// Why a replica transaction failed (carried inside `taskchampion::Error::Other`).
#[derive(Debug, Error)]
pub enum ReplicaError {
    /// The file or a statement failed, classified and naming the file.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The transaction was used after it was committed.
    #[error("the sync replica's transaction was already committed")]
    Finished,
}

impl From<ReplicaError> for taskchampion::Error {
    fn from(e: ReplicaError) -> Self {
        taskchampion::Error::Other(e.into())
    }
}

impl ReplicaStorage {
    /// Opens the replica at `path`, creating it (0600, and missing folders 0700) with its schema
    /// if absent. Refuses a file that is another program's, or footlog's own database, or whose
    /// replica schema is newer than this footlog's, leaving it untouched.
    pub fn open(path: &Path) -> Result<ReplicaStorage> {
        if path.is_dir() {
            return Err(StoreError::IsDirectory(path.to_path_buf()));
        }
        if !path.exists() {
            // Several footlogs may create it at once: one at a time, each looks again.
            let _first_use = FolderLock::take(path);
            if !path.exists() {
                create_private_file(path)?;
            }
        }
        let at = |e: rusqlite::Error| error::classify(path, e);
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(at)?;
        conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))
            .map_err(at)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(at)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(at)?;
        // The encryption secret lives here: what is deleted is overwritten, not left in free pages.
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(at)?;
        create_schema(&mut conn, path)?;
        Ok(ReplicaStorage {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The replica's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The sync setting `key`, if set.
    pub fn get_setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT value FROM sync_settings WHERE key = ?1",
                [key],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| error::classify(&self.path, e))
    }

    /// Sets the sync setting `key` to `value`, replacing any value it had.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO sync_settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(drop)
            .map_err(|e| error::classify(&self.path, e))
    }

    /// The tasks with operations not yet pushed to the server (a sync that handed them to the
    /// replica and then could not reach the server leaves them here, for the next one).
    pub fn unsynced_tasks(&self) -> Result<std::collections::HashSet<uuid::Uuid>> {
        let mut stmt = self
            .conn
            .prepare("SELECT DISTINCT uuid FROM operations WHERE synced = 0 AND uuid IS NOT NULL")
            .map_err(|e| error::classify(&self.path, e))?;
        let rows = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(|e| error::classify(&self.path, e))?;
        let mut out = std::collections::HashSet::new();
        for row in rows {
            let text = row.map_err(|e| error::classify(&self.path, e))?;
            if let Ok(u) = uuid::Uuid::parse_str(&text) {
                out.insert(u);
            }
        }
        Ok(out)
    }

    /// Sets several sync settings at once (all or none).
    pub fn set_settings(&mut self, settings: &[(&str, &str)]) -> Result<()> {
        let at = |e: rusqlite::Error| error::classify(&self.path, e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(at)?;
        for (key, value) in settings {
            tx.execute(
                "INSERT INTO sync_settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map_err(at)?;
        }
        tx.commit().map_err(at)
    }

    /// Removes the sync setting `key`; whether it was set.
    pub fn remove_setting(&self, key: &str) -> Result<bool> {
        self.conn
            .execute("DELETE FROM sync_settings WHERE key = ?1", [key])
            .map(|n| n > 0)
            .map_err(|e| error::classify(&self.path, e))
    }
}

/// Creates the schema of a new (empty) replica file; checks an existing one is a replica this
/// footlog can use.
fn create_schema(conn: &mut Connection, path: &Path) -> Result<()> {
    let at = |e: rusqlite::Error| error::classify(path, e);
    // A replica already made is only read (a sync may hold the write lock for as long as the
    // server takes to answer: reading never waits for it).
    let made: (i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), \
                    (SELECT user_version FROM pragma_user_version)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .map_err(at)?;
    if made.0 == REPLICA_APPLICATION_ID && made.1 == SCHEMA_VERSION {
        return Ok(());
    }
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(at)?;
    let app_id: i64 = tx
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(at)?;
    let version: i64 = tx
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(at)?;
    if app_id != REPLICA_APPLICATION_ID {
        let objects: i64 = tx
            .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
            .map_err(at)?;
        if app_id != 0 || version != 0 || objects != 0 {
            return Err(StoreError::Foreign(path.to_path_buf()));
        }
    }
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known: SCHEMA_VERSION,
        });
    }
    if version < 1 {
        tx.execute_batch(SCHEMA_V1).map_err(at)?;
    }
    tx.commit().map_err(at)
}

#[async_trait]
impl Storage for ReplicaStorage {
    async fn txn<'a>(&'a mut self) -> Result<Box<dyn StorageTxn + Send + 'a>, taskchampion::Error> {
        Ok(Box::new(txn::Txn::begin(&mut self.conn, &self.path)?))
    }
}

#[cfg(test)]
mod tests;
