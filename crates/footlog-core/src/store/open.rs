//! Opening the database safely: [`Store`], its pragmas, and the schema brought up to date.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::backup::before_migration;
use super::error::{self, BUSY_TIMEOUT_SECS, Result, StoreError};
use super::inspect::{Found, inspect, open_for_inspection};
use super::migrate;
use super::private_files::create_private_file;

/// An open footlog database.
pub struct Store {
    pub(super) conn: Connection,
    pub(super) path: Option<PathBuf>,
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
            before_migration(&conn, path, version)?;
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
