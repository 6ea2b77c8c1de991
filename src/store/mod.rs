//! The only place with SQL: opening the database safely, migrations, and typed reads and writes.

mod backup;
mod check;
mod dashboard;
mod deleted;
mod error;
mod export;
mod goals;
mod import;
mod migrate;
mod output;
mod records;
mod report;
mod report_input;
mod rows;
mod sessions;
mod settings;
mod sleep;
mod tui_queries;

use std::fs::{DirBuilder, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use backup::{
    BackupOutputError, KEEP_BACKUPS, backup_to, backups_dir, daily_backup, dated_backup,
    list_backups,
};
pub use check::{ContentCheck, backups_folder_problem};
pub use dashboard::{Dashboard, TENSION_POINTS_SQL, WEEK_TOTALS_SQL};
pub use deleted::{DeletedHere, DeletedRecords, Erased, KEEP_DELETED_DAYS, deleted_here};
pub use error::{BUSY_TIMEOUT_SECS, Result, StoreError};
pub use export::{DamagedRecord, ExportDoc};
pub use import::{ImportSummary, Importer, NAMED_AT_MOST};
pub use output::{OutputError, TempOutput, check_output_target, write_output_file};
pub use records::RecordRef;
pub use sessions::{DAILY_COUNTS_SQL, SESSION_DATE_SPAN_SQL, last_session_sql};
pub use tui_queries::GoalSettings;

/// `PRAGMA application_id` of a footlog database ("FtLg").
pub const APPLICATION_ID: i64 = 1_182_026_855;

/// An open footlog database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// What is found at a database path before opening it for writing.
enum Found {
    Missing,
    Fresh,
    Footlog,
}

impl Store {
    /// Opens the database at `path`, creating it (and missing folders, 0700) if absent.
    /// Refuses files that are not footlog's or whose schema is too new, leaving them untouched.
    pub fn open(path: &Path) -> Result<Store> {
        match inspect(path)? {
            Found::Missing => create_private_file(path)?,
            Found::Fresh | Found::Footlog => {}
        }
        Self::open_checked(path)
    }

    /// Opens an existing database; `None` when there is no file (read-only commands then
    /// show an empty result and create nothing).
    pub fn open_existing(path: &Path) -> Result<Option<Store>> {
        match inspect(path)? {
            Found::Missing => Ok(None),
            Found::Fresh | Found::Footlog => Self::open_checked(path).map(Some),
        }
    }

    /// Opens `path` if it exists, else an empty in-memory database: for read-only commands.
    /// A database on a read-only medium is still read (as it is, when its schema is current).
    pub fn open_for_reading(path: &Path) -> Result<Store> {
        match Self::open_existing(path) {
            Ok(Some(s)) => Ok(s),
            Ok(None) => Self::open_in_memory(),
            Err(StoreError::ReadOnlyFile(p)) => Self::open_unwritable(&p),
            Err(e) => Err(e),
        }
    }

    /// Reads a database that cannot be written, without locks or side files.
    fn open_unwritable(path: &Path) -> Result<Store> {
        let conn = open_for_inspection(path, true)
            .map_err(|_| StoreError::ReadOnlyFile(path.to_path_buf()))?;
        conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))?;
        if migrate::pending(&conn)? != 0 {
            // It would need a schema upgrade, which cannot be written.
            return Err(StoreError::ReadOnlyFile(path.to_path_buf()));
        }
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
        })
    }

    /// A fresh in-memory database (tests, demos, empty results).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&mut conn)?;
        migrate::to_latest(&mut conn)?;
        Ok(Store { conn, path: None })
    }

    fn open_checked(path: &Path) -> Result<Store> {
        let unwritable = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly) => {
                StoreError::ReadOnlyFile(path.to_path_buf())
            }
            _ => e.into(),
        };
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(unwritable)?;
        configure(&mut conn).map_err(|e| match e {
            StoreError::Sqlite(e) => unwritable(e),
            other => other,
        })?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(unwritable)?;
        let version = migrate::user_version(&conn)?;
        if version > 0 && migrate::pending(&conn)? > 0 {
            backup::before_migration(&conn, path, version)?;
        }
        migrate::to_latest(&mut conn)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
        })
    }

    /// The database file, if not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<i64> {
        migrate::user_version(&self.conn)
    }

    /// The raw connection, for tests and benchmarks that check query plans.
    #[doc(hidden)]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn configure(conn: &mut Connection) -> Result<()> {
    conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))?;
    // Every write transaction takes the write lock when it begins, so it waits (busy timeout)
    // for another writer. A deferred one that reads first would instead fail at once with
    // SQLITE_BUSY_SNAPSHOT when another process committed in between.
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Deleted content is overwritten with zeros, never left in free pages (see store/deleted.rs).
    conn.pragma_update(None, "secure_delete", "ON")?;
    Ok(())
}

/// Looks at `path` without changing anything.
fn inspect(path: &Path) -> Result<Found> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(source) => {
            return Err(StoreError::Io {
                what: "cannot read",
                path: path.to_path_buf(),
                source,
            });
        }
    };
    if meta.is_dir() {
        return Err(StoreError::IsDirectory(path.to_path_buf()));
    }
    let mut header = [0u8; 20];
    let n = std::fs::File::open(path)
        .and_then(|mut f| read_up_to(&mut f, &mut header))
        .map_err(|source| StoreError::Io {
            what: "cannot read",
            path: path.to_path_buf(),
            source,
        })?;
    if n == 0 {
        return Ok(Found::Fresh);
    }
    if n < 16 || &header[..16] != b"SQLite format 3\0" {
        return Err(StoreError::NotSqlite(path.to_path_buf()));
    }
    // Bytes 18 and 19 are 2 in a WAL database.
    let wal_mode = n == header.len() && header[18] == 2 && header[19] == 2;
    let conn = open_for_inspection(path, wal_mode)
        .map_err(|_| StoreError::NotSqlite(path.to_path_buf()))?;
    conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))?;
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|_| StoreError::NotSqlite(path.to_path_buf()))?;
    let version = migrate::user_version(&conn)?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    if app_id == 0 && version == 0 && objects == 0 {
        return Ok(Found::Fresh);
    }
    if app_id != APPLICATION_ID {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    let known = migrate::known_version();
    if version > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known,
        });
    }
    Ok(Found::Footlog)
}

/// A read-only connection that leaves nothing behind. A read-only reader of a WAL database
/// creates `-wal` and `-shm` files it cannot remove again, which would litter a file we then
/// refuse. Without a `-wal` file, the main file holds everything, so it is read as immutable
/// (no locks, no side files); with one, SQLite must read it and the side files exist already.
fn open_for_inspection(path: &Path, wal_mode: bool) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if wal_mode && !Path::new(&wal).exists() {
        use std::os::unix::ffi::OsStrExt;
        let mut uri = String::from("file:");
        for &b in path.as_os_str().as_bytes() {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                uri.push(char::from(b));
            } else {
                uri.push_str(&format!("%{b:02X}"));
            }
        }
        uri.push_str("?immutable=1");
        Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
    } else {
        Connection::open_with_flags(path, flags)
    }
}

fn read_up_to(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match f.read(&mut buf[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Creates missing parent folders (0700) and an empty database file (0600).
fn create_private_file(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.exists()
    {
        {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|source| StoreError::Io {
                    what: "cannot create folder",
                    path: parent.to_path_buf(),
                    source,
                })?;
        }
    }
    create_private(path)
}

/// Creates an empty file readable and writable by its owner only.
pub(crate) fn create_private(path: &Path) -> Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
        .map_err(|source| StoreError::Io {
            what: "cannot create",
            path: path.to_path_buf(),
            source,
        })
}
