//! The only place with SQL: opening the database safely, migrations, and typed reads and writes.

mod backup;
mod check;
mod dashboard;
mod deleted;
mod error;
mod export;
mod goal_settings;
mod goals;
mod import;
mod migrate;
mod output;
mod records;
mod report;
mod report_input;
mod restore;
mod rows;
mod sessions;
mod settings;
mod sleep;

use std::fs::{DirBuilder, OpenOptions};
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use backup::{
    BackupFile, BackupOutputError, DailyBackup, KEEP_BACKUPS, backup_files, backup_to, backups_dir,
    backups_dir_problem, daily_backup, daily_backup_with, dated_backup, is_backup_name,
    list_backups, rotate,
};
pub use check::ContentCheck;
pub use dashboard::{Dashboard, TENSION_POINTS_SQL, WEEK_TOTALS_SQL};
pub use deleted::{DeletedHere, DeletedRecords, Erased, KEEP_DELETED_DAYS, deleted_here};
pub use error::{BUSY_TIMEOUT_SECS, Result, StoreError};
pub use export::{DamagedRecord, ExportDoc};
pub use goal_settings::GoalSettings;
pub use import::{ImportSummary, Importer, NAMED_AT_MOST};
pub use output::{OutputError, TempOutput, check_output_target, write_output_file};
pub use restore::{BackupListing, RestoreSummary, list_restorable, restore};
pub use sessions::{DAILY_COUNTS_SQL, SESSION_DATE_SPAN_SQL, last_session_sql};

/// `PRAGMA application_id` of a footlog database (`"FtLg"`).
pub const APPLICATION_ID: i64 = 1_182_026_855;

/// An open footlog database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

/// What is found at a database path before opening it for writing.
pub(crate) enum Found {
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

    /// [`Store::open`] for a command that writes, which first runs SQLite's `quick_check` when a
    /// non-empty `-wal` file lay beside the database before it was opened: then another program
    /// has it open, or it was not closed cleanly (a crash, or a file copied over it by hand with
    /// a stale `-wal` left behind), and a damaged database must not take new records as if all
    /// were well. Without a `-wal` file the check is skipped: it reads the whole file.
    pub fn open_verified(path: &Path) -> Result<Store> {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let unclean = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
        let store = Self::open(path)?;
        if unclean {
            let result: String = store
                .conn
                .query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(|e| error::classify(path, e))?;
            if result != "ok" {
                return Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    detail: format!("SQLite's quick check: {result}"),
                });
            }
        }
        Ok(store)
    }

    /// Opens an existing database; `None` when there is no file, or only an empty one (which is
    /// left as it is: `backup` and `check` then have nothing to read and write no schema).
    pub fn open_existing(path: &Path) -> Result<Option<Store>> {
        match inspect(path)? {
            Found::Missing | Found::Fresh => Ok(None),
            Found::Footlog => Self::open_checked(path).map(Some),
        }
    }

    /// Opens `path` if it exists, else an empty in-memory database: for read-only commands.
    /// An existing empty file is read as an empty database and left as it is (no schema is
    /// written). A database on a read-only medium, or one this user may only read, is still
    /// read (as it is, when its schema is current).
    pub fn open_for_reading(path: &Path) -> Result<Store> {
        match inspect(path)? {
            Found::Missing | Found::Fresh => return Self::open_in_memory(),
            Found::Footlog => {}
        }
        match Self::open_checked(path) {
            Ok(s) => Ok(s),
            Err(
                e @ (StoreError::ReadOnlyFile(_)
                | StoreError::ReadOnlyMedium(_)
                | StoreError::PermissionDenied(_)),
            ) => Self::open_unwritable(path).map_err(|_| e),
            Err(e) => Err(e),
        }
    }

    /// Reads a database that cannot be written, without locks or side files.
    fn open_unwritable(path: &Path) -> Result<Store> {
        let conn = open_for_inspection(path, true).map_err(|e| error::classify(path, e))?;
        conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))?;
        if migrate::pending(&conn)? != 0 {
            // It would need a schema upgrade, which cannot be written.
            return Err(error::read_only(path));
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
        let at = |e: rusqlite::Error| error::classify(path, e);
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(at)?;
        configure(&mut conn).map_err(|e| e.at(path))?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(at)?;
        let version = migrate::user_version(&conn).map_err(|e| e.at(path))?;
        if version > 0 && migrate::pending(&conn).map_err(|e| e.at(path))? > 0 {
            backup::before_migration(&conn, path, version)?;
        }
        migrate::to_latest(&mut conn).map_err(|e| e.at(path))?;
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

/// Looks at `path` without changing anything. A path that is not a regular file is refused
/// before it is opened (a FIFO would block); a file is "not SQLite" only when its header says
/// so; a file whose header is SQLite's but that cannot be read is damaged, locked or unreadable,
/// each said as such.
pub(crate) fn inspect(path: &Path) -> Result<Found> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(source) => return Err(error::classify_io("cannot read", path, source)),
    };
    not_a_regular_file(path, &meta)?;
    let mut header = [0u8; 100];
    let n = OpenOptions::new()
        .read(true)
        // Never blocks, even if the path became a FIFO since it was looked at.
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .and_then(|mut f| {
            not_a_regular_file(path, &f.metadata()?).map_err(std::io::Error::other)?;
            read_up_to(&mut f, &mut header)
        })
        .map_err(|source| match source.downcast::<StoreError>() {
            Ok(e) => e,
            Err(source) => error::classify_io("cannot read", path, source),
        })?;
    if n == 0 {
        return Ok(Found::Fresh);
    }
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    // With a -wal file the main file may lag behind its header (a checkpoint cut short by a full
    // disk leaves the pages in the WAL), so its length proves nothing then.
    let has_wal = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    // `n` is at most the buffer's length.
    let head = header.get(..n).unwrap_or(&header);
    header_problem(path, head, (!has_wal).then_some(meta.len()))?;
    // Bytes 18 and 19 are 2 in a WAL database.
    let wal_mode = header[18] == 2 && header[19] == 2;
    let damaged_or = |e: rusqlite::Error| error::classify(path, e);
    let conn = open_for_inspection(path, wal_mode).map_err(damaged_or)?;
    conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))
        .map_err(damaged_or)?;
    let app_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(damaged_or)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(damaged_or)?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(damaged_or)?;
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

/// Refuses a directory, FIFO, device or socket.
fn not_a_regular_file(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        return Err(StoreError::IsDirectory(path.to_path_buf()));
    }
    let kind = if t.is_file() {
        return Ok(());
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    Err(StoreError::NotRegularFile {
        path: path.to_path_buf(),
        kind,
    })
}

/// The 16 bytes every SQLite database file starts with.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Judges the first bytes (`head`, up to 100) of a non-empty file: not SQLite when the header
/// says another format; damaged when it is SQLite's but cut short or inconsistent. `len` is the
/// file's length when it must hold the whole database (no `-wal` beside it).
fn header_problem(path: &Path, head: &[u8], len: Option<u64>) -> Result<()> {
    let damaged = |detail: String| StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    // The magic string, or as much of it as the file holds.
    if !(head.starts_with(SQLITE_MAGIC) || SQLITE_MAGIC.starts_with(head)) {
        return Err(StoreError::NotSqlite(path.to_path_buf()));
    }
    let Some(head) = head.first_chunk::<100>() else {
        return Err(damaged(format!(
            "truncated: {} bytes, shorter than SQLite's 100-byte header",
            head.len()
        )));
    };
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        p => u64::from(p),
    };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(damaged(format!("its header gives page size {page_size}")));
    }
    let Some(len) = len else {
        return Ok(());
    };
    if len < page_size {
        return Err(damaged(format!(
            "truncated: {len} bytes, less than one {page_size}-byte page"
        )));
    }
    let be32 = |i: usize| {
        head.get(i..i + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_be_bytes)
    };
    // The page count at offset 28 is valid when the change counter (24) equals the
    // version-valid-for number (92).
    let pages = u64::from(be32(28));
    if be32(24) == be32(92) && pages > 0 && len < pages * page_size {
        return Err(damaged(format!(
            "truncated: {len} bytes, but its header says {pages} pages of {page_size} bytes"
        )));
    }
    Ok(())
}

/// A read-only connection that leaves nothing behind. A read-only reader of a WAL database
/// creates `-wal` and `-shm` files it cannot remove again, which would litter a file we then
/// refuse. Without a `-wal` file, the main file holds everything, so it is read as immutable
/// (no locks, no side files); with one, SQLite must read it and the side files exist already.
pub(crate) fn open_for_inspection(path: &Path, wal_mode: bool) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    if wal_mode && !Path::new(&wal).exists() {
        use std::fmt::Write as _;
        use std::os::unix::ffi::OsStrExt;
        let mut uri = String::from("file:");
        for &b in path.as_os_str().as_bytes() {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                uri.push(char::from(b));
            } else {
                // Writing to a String cannot fail.
                let _ = write!(uri, "%{b:02X}");
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
    while let Some(rest) = buf.get_mut(filled..).filter(|r| !r.is_empty()) {
        match f.read(rest)? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Creates missing parent folders (0700) and an empty database file (0600).
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.exists()
    {
        {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|source| error::classify_io("cannot create folder", parent, source))?;
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
        .map_err(|source| error::classify_io("cannot create", path, source))
}
