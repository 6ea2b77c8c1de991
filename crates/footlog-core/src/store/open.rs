//! Opening the database safely: [`Store`], its pragmas, and the schema brought up to date.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OpenFlags};

use super::backup::before_migration;
use super::error::{self, BUSY_TIMEOUT_SECS, Result, StoreError};
use super::guard::check_before_writing;
use super::inspect::{Found, inspect, open_for_inspection};
use super::migrate;
use super::private_files::create_private_file;

/// An open footlog database.
pub struct Store {
    pub(super) conn: Connection,
    pub(super) path: Option<PathBuf>,
    /// Why the door's erasure of expired deleted records failed, if it did.
    erase_failed: Option<StoreError>,
    /// The file's schema version when it is read through a copy upgraded in memory.
    file_version: Option<i64>,
    /// The private folder holding the copy read instead of the file, when it could not be read
    /// in place (see [`Store::reads_a_copy`]); removed when the store is dropped, after `conn`.
    read_copy: Option<tempfile::TempDir>,
}

impl Store {
    /// Opens the database at `path`, creating it (and missing folders, 0700) if absent.
    /// Refuses files that are not footlog's or whose schema is too new, leaving them untouched.
    pub fn open(path: &Path) -> Result<Store> {
        if let Ok(Found::Footlog) = inspect(path) {
            return Self::open_checked(path);
        }
        // First use (or something else found): several footlogs may be creating the database
        // at once. One at a time, under a lock on its folder, each looks again: the first
        // creates and migrates it, the others find it footlog's.
        let _first_use = super::private_files::FolderLock::take(path);
        match inspect(path)? {
            Found::Missing => create_private_file(path)?,
            Found::Fresh | Found::Footlog => {}
        }
        Self::open_checked(path)
    }

    /// The one door for every write: each command that writes (`log`, `sleep`, `goal`, `rest`,
    /// `delete`, `undelete`, `purge`, `import`, `restore`) and the app at start open the
    /// database here. Opens it as [`Store::open`] does (creating it if absent, refusing a file
    /// that is not footlog's or too new, upgrading an older schema), then runs the damage check
    /// of [`guard`](super::guard), whose cost does not grow with history, and erases the deleted
    /// records past their 30 days (see [`Store::erase_expired`]). A failure to erase never
    /// stops the write asked for: it is kept for [`Store::take_erase_failure`].
    pub fn open_for_writing(path: &Path, now: &DateTime<FixedOffset>) -> Result<Store> {
        let mut store = Self::open(path)?;
        store.guard_and_erase(path, now)?;
        Ok(store)
    }

    /// [`Store::open_for_writing`] for a command that only changes what is there (`delete`,
    /// `undelete`, `purge`, `rest --undo`): `None` when there is no database yet, or only an
    /// empty file, which is left as it is.
    pub fn open_existing_for_writing(
        path: &Path,
        now: &DateTime<FixedOffset>,
    ) -> Result<Option<Store>> {
        let Some(mut store) = Self::open_existing(path)? else {
            return Ok(None);
        };
        store.guard_and_erase(path, now)?;
        Ok(Some(store))
    }

    fn guard_and_erase(&mut self, path: &Path, now: &DateTime<FixedOffset>) -> Result<()> {
        check_before_writing(&self.conn, path)?;
        // What this command changes is dated by its clock, for sync.
        self.set_sync_clock(now)?;
        self.erase_failed = self.erase_expired(now).err();
        Ok(())
    }

    /// Why the erasure of expired deleted records failed when the door opened the database,
    /// once (then `None`).
    pub fn take_erase_failure(&mut self) -> Option<StoreError> {
        self.erase_failed.take()
    }

    /// Opens an existing database as [`Store::open`] does; `None` when there is no file, or only
    /// an empty one (which is left as it is: no schema is written).
    pub fn open_existing(path: &Path) -> Result<Option<Store>> {
        match inspect(path)? {
            Found::Missing | Found::Fresh => Ok(None),
            Found::Footlog => Self::open_checked(path).map(Some),
        }
    }

    /// The reading door for `check` and `backup`: `None` when there is no database, or only an
    /// empty file (nothing to check or copy), else as [`Store::open_for_reading`].
    pub fn open_existing_for_reading(path: &Path) -> Result<Option<Store>> {
        match inspect(path)? {
            Found::Missing | Found::Fresh => Ok(None),
            Found::Footlog => Self::open_for_reading(path).map(Some),
        }
    }

    /// The reading door, for commands that only read: it cannot write. `path` if it exists,
    /// else an empty in-memory database. An existing empty file is read as an empty database
    /// and left as it is. Every statement runs under `PRAGMA query_only`, so nothing a read
    /// command does can change the file; a schema older than this footlog's is upgraded in a
    /// copy in memory, never in the file (the next command that writes upgrades the file). A
    /// database on a read-only medium, or one this user may only read, is still read.
    pub fn open_for_reading(path: &Path) -> Result<Store> {
        match inspect(path)? {
            Found::Missing | Found::Fresh => return Self::open_in_memory(),
            Found::Footlog => {}
        }
        let writable = || {
            let at = |e: rusqlite::Error| error::classify(path, e);
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(at)?;
            conn.pragma_update(None, "query_only", "ON").map_err(at)?;
            Self::reading(conn, path)
        };
        match writable() {
            Ok(s) => Ok(s),
            // A disk already full cannot grow the shared-memory file a writable connection
            // needs: read without it, as from a read-only medium.
            Err(
                e @ (StoreError::ReadOnlyFile(_)
                | StoreError::ReadOnlyMedium(_)
                | StoreError::PermissionDenied(_)
                | StoreError::DiskFull(_)),
            ) => Self::open_unwritable(path)
                .or_else(|_| Self::open_private_copy(path))
                .map_err(|_| e),
            Err(e) => Err(e),
        }
    }

    /// Whether the database is read from a private copy, because it could not be read where
    /// it is (see [`Store::open_for_reading`]).
    pub fn reads_a_copy(&self) -> bool {
        self.read_copy.is_some()
    }

    /// A read-only connection, made ready for reading: as it is when its schema is current,
    /// else copied into memory and upgraded there.
    fn reading(mut conn: Connection, path: &Path) -> Result<Store> {
        conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))
            .map_err(|e| error::classify(path, e))?;
        let mut file_version = None;
        if migrate::pending(&conn).map_err(|e| e.at(path))? != 0 {
            file_version = Some(migrate::user_version(&conn).map_err(|e| e.at(path))?);
            let mut copy = Connection::open_in_memory()?;
            {
                let b = rusqlite::backup::Backup::new(&conn, &mut copy)
                    .map_err(|e| error::classify(path, e))?;
                b.run_to_completion(1024, Duration::ZERO, None)
                    .map_err(|e| error::classify(path, e))?;
            }
            drop(conn);
            configure(&mut copy)?;
            migrate::to_latest(&mut copy)?;
            // Read-only like the file's connection, though only the copy could change.
            copy.pragma_update(None, "query_only", "ON")?;
            conn = copy;
        }
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            erase_failed: None,
            file_version,
            read_copy: None,
        })
    }

    /// Reads a database that cannot be written, without locks or side files.
    fn open_unwritable(path: &Path) -> Result<Store> {
        let conn = open_for_inspection(path, true).map_err(|e| error::classify(path, e))?;
        Self::reading(conn, path)
    }

    /// Reads a copy of the database and its `-wal`, made in a private temporary folder (0700,
    /// the files 0600, removed when the store is dropped): for a database whose `-wal` holds
    /// pages but which cannot be read in place, as on a read-only medium without its `-shm`
    /// (SQLite reads a `-wal` only through that shared-memory file, which it cannot create
    /// there). The copy is read under `query_only` like the file itself; messages name the file.
    /// Its folder's name holds the PID, so the next copy removes one a killed footlog left.
    fn open_private_copy(path: &Path) -> Result<Store> {
        // What a footlog killed while reading a copy left is removed first.
        super::leftovers::remove_abandoned_folders(&std::env::temp_dir(), &|stem| {
            stem == "footlog-read"
        });
        let dir = tempfile::Builder::new()
            .prefix(&format!("footlog-read.tmp-{}.", std::process::id()))
            .tempdir()
            .map_err(|source| error::classify_io("cannot copy", path, source))?;
        let copy = dir.path().join("footlog.db");
        let mut wal_copy = copy.clone().into_os_string();
        wal_copy.push("-wal");
        for (from, to) in [
            (path.to_path_buf(), copy.clone()),
            (super::inspect::wal_of(path), PathBuf::from(wal_copy)),
        ] {
            let mut source = match std::fs::File::open(&from) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound && from != path => continue,
                Err(e) => return Err(error::classify_io("cannot read", &from, e)),
            };
            create_private_file(&to)?;
            std::fs::File::options()
                .write(true)
                .open(&to)
                .and_then(|mut w| std::io::copy(&mut source, &mut w))
                .map_err(|e| error::classify_io("cannot copy", &from, e))?;
        }
        let at = |e: rusqlite::Error| error::classify(path, e);
        let conn = Connection::open_with_flags(
            &copy,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(at)?;
        conn.pragma_update(None, "query_only", "ON").map_err(at)?;
        let mut store = Self::reading(conn, path)?;
        store.read_copy = Some(dir);
        Ok(store)
    }

    /// A fresh in-memory database (tests, demos, empty results).
    pub fn open_in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        configure(&mut conn)?;
        migrate::to_latest(&mut conn)?;
        Ok(Store {
            conn,
            path: None,
            erase_failed: None,
            file_version: None,
            read_copy: None,
        })
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
            erase_failed: None,
            file_version: None,
            read_copy: None,
        })
    }

    /// The database file, if not in memory.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version (`PRAGMA user_version`) of the database file: for a file of an older
    /// footlog read through a copy upgraded in memory, the file's own.
    pub fn schema_version(&self) -> Result<i64> {
        match self.file_version {
            Some(v) => Ok(v),
            None => migrate::user_version(&self.conn),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
    }

    #[test]
    fn the_reading_door_cannot_write() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("f.db");
        drop(Store::open_for_writing(&path, &now()).expect("create"));
        let before = std::fs::read(&path).expect("read");
        let store = Store::open_for_reading(&path).expect("open");
        for sql in [
            "INSERT INTO settings (key, value) VALUES ('x', 'y')",
            "DELETE FROM sessions",
            "CREATE TABLE mine (a)",
            "PRAGMA user_version = 99",
        ] {
            let e = store.conn.execute_batch(sql).expect_err(sql);
            assert!(e.to_string().contains("readonly"), "{sql}: {e}");
        }
        drop(store);
        assert!(std::fs::read(&path).expect("read") == before);
    }

    #[test]
    fn the_door_for_existing_databases_creates_nothing() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("f.db");
        let mut store = Store::open_for_writing(&path, &now()).expect("create");
        assert!(store.take_erase_failure().is_none());
        assert!(
            Store::open_existing_for_writing(&dir.path().join("none.db"), &now())
                .expect("open")
                .is_none()
        );
        assert!(!dir.path().join("none.db").exists());
    }
}
