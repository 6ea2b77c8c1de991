//! Putting a backup back: checked first, a safety copy of the current database, then the backup
//! copied into the live database with SQLite's online backup API (so a stale `-wal` can never be
//! replayed over it, and another open footlog sees the restored data), migrated if older.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, FixedOffset};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::backup::backups_dir;
use super::backup::{
    backup_files, ready_backups_dir, rotate, temp_copy, with_page_size_of, write_backup,
};
use super::error::{classify, classify_io};
use super::{
    BUSY_TIMEOUT_SECS, Found, KEEP_BACKUPS, Result, Store, StoreError, create_private_file,
    inspect, open_for_inspection,
};

/// What a restore put back, and where the database as it was before is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSummary {
    /// Sessions now in the database (not deleted).
    pub sessions: i64,
    /// Sleep notes now in the database (not deleted).
    pub sleep_notes: i64,
    /// The local date of the first session or sleep note, if any (`YYYY-MM-DD`).
    pub first: Option<String>,
    /// The local date of the last one.
    pub last: Option<String>,
    /// The safety copy of the database as it was (`None` when there was none to keep).
    pub safety_copy: Option<PathBuf>,
    /// The schema version of the restored file, when it was older and was upgraded.
    pub upgraded_from: Option<i64>,
}

/// One backup as `footlog restore --list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupListing {
    /// The file.
    pub path: PathBuf,
    /// When it was taken.
    pub taken: SystemTime,
    /// Sessions in it (not deleted); `None` when it cannot be read.
    pub sessions: Option<i64>,
    /// Its size in bytes.
    pub size: u64,
}

/// The automatic backups of the database at `db`, newest first, with the sessions in each.
pub fn list_restorable(db: &Path) -> Result<Vec<BackupListing>> {
    let mut all: Vec<BackupListing> = backup_files(&backups_dir(db))?
        .into_iter()
        .map(|b| BackupListing {
            sessions: count_sessions(&b.path),
            path: b.path,
            taken: b.taken,
            size: b.size,
        })
        .collect();
    all.reverse();
    Ok(all)
}

fn count_sessions(path: &Path) -> Option<i64> {
    let conn = open_for_inspection(path, true).ok()?;
    conn.query_row(
        "SELECT count(*) FROM sessions WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )
    .ok()
}

/// Checks that `file` is a sound footlog database this binary can read: a regular SQLite file
/// with footlog's `application_id`, `integrity_check` ok, a schema not newer than this binary's.
/// Returns a read-only connection to it.
fn checked_source(db: &Path, file: &Path) -> Result<Connection> {
    let same = match (std::fs::metadata(db), std::fs::metadata(file)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    };
    if same {
        return Err(StoreError::Conflict(format!(
            "{} is the database itself; give a backup to restore (footlog restore --list shows \
             them). Nothing was changed",
            file.display()
        )));
    }
    let found = inspect(file).map_err(|e| match e {
        StoreError::NotSqlite(p) => StoreError::Conflict(format!(
            "{} is not an SQLite file, so not a backup footlog can restore; nothing was changed. \
             An export (JSON or CSV) is brought back with footlog import",
            p.display()
        )),
        other => other,
    })?;
    match found {
        Found::Missing => {
            return Err(StoreError::NotFound(format!(
                "there is no file at {}; nothing was changed (footlog restore --list shows the \
                 backups)",
                file.display()
            )));
        }
        Found::Fresh => {
            return Err(StoreError::Conflict(format!(
                "{} is empty, not a footlog backup; nothing was changed",
                file.display()
            )));
        }
        Found::Footlog => {}
    }
    let src = open_for_inspection(file, true).map_err(|e| classify(file, e))?;
    src.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))
        .map_err(|e| classify(file, e))?;
    let problems: Vec<String> = src
        .prepare("PRAGMA integrity_check")
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map_err(|e| classify(file, e))?;
    if problems != ["ok"] {
        return Err(StoreError::Damaged {
            path: file.to_path_buf(),
            detail: format!(
                "its integrity check failed: {}",
                problems.first().map_or("", String::as_str)
            ),
        });
    }
    let differences = schema_after_upgrade(&src).map_err(|e| e.at(file))?;
    if let Some(first) = differences.first() {
        let more = match differences.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        return Err(StoreError::Conflict(format!(
            "{} does not have the schema footlog makes: {first}{more}; footlog check names \
             every difference. Nothing was changed",
            file.display()
        )));
    }
    Ok(src)
}

/// How the schema of `src` differs from footlog's, as it would be once upgraded: checked
/// before anything is copied, so a backup another tool changed (a dropped or added trigger, a
/// removed CHECK, a missing table) never replaces the database (issue 19.3). A backup of the
/// current schema is compared as it is; an older one is upgraded in a copy in memory first.
fn schema_after_upgrade(src: &Connection) -> Result<Vec<String>> {
    if super::migrate::pending(src)? <= 0 {
        return super::guard::schema_problems(src);
    }
    let mut copy = Connection::open_in_memory()?;
    {
        let backup = rusqlite::backup::Backup::new(src, &mut copy)?;
        backup.run_to_completion(256, Duration::ZERO, None)?;
    }
    super::migrate::to_latest(&mut copy)?;
    super::guard::schema_problems(&copy)
}

/// Restores `file` into the database at `db` (see the module doc). `now` names the safety copy
/// and orders the backups for rotation. On any failure before the copy the database is as it
/// was; the copy itself is one write transaction on the live database.
pub fn restore(db: &Path, file: &Path, now: &DateTime<FixedOffset>) -> Result<RestoreSummary> {
    let src = checked_source(db, file)?;
    let source_version: i64 = src
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| classify(file, e))?;
    let dir = backups_dir(db);
    // A damaged database is kept byte for byte (it may still hold something), under a name
    // rotation never touches; no footlog writes into it, so it is kept before the lock.
    let damaged = match inspect(db) {
        Ok(Found::Missing) => {
            create_private_file(db)?;
            None
        }
        Ok(Found::Fresh | Found::Footlog) => None,
        Err(StoreError::Damaged { .. }) => {
            ready_backups_dir(&dir)?;
            Some(copy_damaged(db, &dir, now)?)
        }
        Err(e) => return Err(e),
    };
    let mut live = open_live(db)?;
    if damaged.is_none() {
        in_wal_mode(&live, db)?;
    }
    // On a synced device, what is copied in is a copy of the backup made ready for sync first,
    // so the copy-in puts it in place whole (see `sync_log::agree_all_in`).
    let for_sync = if super::sync_log::recording(&live) {
        ready_backups_dir(&dir)?;
        let known = super::sync_log::synced_state(&live).map_err(|e| e.at(db))?;
        Some(ready_for_sync(&src, &dir, &known).map_err(|e| e.at(file))?)
    } else {
        None
    };
    let base = for_sync.as_ref().map_or(&src, |(_, c)| c);
    // A backup with another page size than the live database's (a VACUUM by another tool).
    let resized = with_page_size_of(base, &live, &dir).map_err(|e| e.at(file))?;
    let source = resized.as_ref().map_or(base, |(_, c)| c);
    // The write lock is held from before the safety copy to the end of the copy-in, so a write
    // by another footlog lands either before (and is in the safety copy) or after (in the
    // restored database): never in between, where it would be lost (issue 19.1).
    let safety_copy = {
        let backup = Backup::new(source, &mut live).map_err(|e| classify(db, e))?;
        take_write_lock(&backup, db)?;
        let safety_copy = match damaged {
            Some(copy) => Some(copy),
            None => safety_copy_of(db, &dir, now)?,
        };
        copy_all(&backup, db)?;
        safety_copy
    };
    drop(resized);
    drop(for_sync);
    drop(live);
    drop(src);
    // Opening migrates an older schema (with the usual copy beside the database first).
    let store = Store::open_for_writing(db, now).map_err(|e| e.at(db))?;
    let quick: String = store
        .conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| classify(db, e))?;
    if quick != "ok" {
        return Err(StoreError::Damaged {
            path: db.to_path_buf(),
            detail: format!("after the restore: {quick}"),
        });
    }
    let (sessions, sleep_notes, first, last) = store.restored_counts().map_err(|e| e.at(db))?;
    drop(store);
    let mut spare: Vec<&Path> = vec![file];
    if let Some(s) = &safety_copy {
        spare.push(s);
    }
    rotate(&dir, KEEP_BACKUPS, &spare, now)?;
    let known = super::migrate::known_version();
    Ok(RestoreSummary {
        sessions,
        sleep_notes,
        first,
        last,
        safety_copy,
        upgraded_from: (source_version < known).then_some(source_version),
    })
}

/// A copy of the backup `src`, brought to this footlog's schema and made ready for sync from
/// what the live database knew (`known`, see `sync_log::agree_all_in`): restored on a synced
/// device, it neither brings back what was erased since nor undoes other devices' changes, and
/// what it holds that never reached the replica is sent.
fn ready_for_sync(
    src: &Connection,
    dir: &Path,
    known: &super::sync_log::SyncedState,
) -> Result<(tempfile::NamedTempFile, Connection)> {
    let (tmp, mut copy) = temp_copy(src, dir, "sync")?;
    super::migrate::to_latest(&mut copy)?;
    let tx = copy.transaction()?;
    super::sync_log::agree_all_in(&tx, known)?;
    tx.commit()?;
    Ok((tmp, copy))
}

/// A plain read-write connection to the live database, without footlog's pragmas (the journal
/// mode stays as it is, so other connections keep working).
fn open_live(db: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(
        db,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| classify(db, e))?;
    conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))
        .map_err(|e| classify(db, e))?;
    Ok(conn)
}

/// Puts the live database in WAL mode (as every footlog connection does when it opens it), so
/// that while the copy-in holds the write lock it can still be read for the safety copy. An
/// empty file is left as it is (nothing in it to read).
fn in_wal_mode(live: &Connection, db: &Path) -> Result<()> {
    let empty = std::fs::metadata(db).map_or(true, |m| m.len() == 0);
    if !empty {
        live.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .map_err(|e| classify(db, e))?;
    }
    Ok(())
}

/// Begins the copy-in without copying a page yet: its write transaction on the live database
/// begins and stays open until [`copy_all`] commits it (or the backup is dropped, which rolls it
/// back), so no other connection can write in between. Waits up to the busy timeout.
fn take_write_lock(backup: &Backup<'_, '_>, db: &Path) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(BUSY_TIMEOUT_SECS);
    loop {
        match backup.step(0).map_err(|e| classify(db, e))? {
            StepResult::Busy | StepResult::Locked if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            StepResult::Busy | StepResult::Locked => {
                return Err(StoreError::Locked {
                    path: Some(db.to_path_buf()),
                    secs: BUSY_TIMEOUT_SECS,
                });
            }
            // `More` (the lock is held) or `Done`.
            _ => return Ok(()),
        }
    }
}

/// The safety copy of the live database, taken while the copy-in holds its write lock: through
/// a second connection, which in WAL mode reads the last commit while the lock is held. `None`
/// when the database holds nothing yet (an empty file, or one no footlog has written a table to).
fn safety_copy_of(db: &Path, dir: &Path, now: &DateTime<FixedOffset>) -> Result<Option<PathBuf>> {
    if std::fs::metadata(db).map_or(true, |m| m.len() == 0) {
        return Ok(None);
    }
    let reader = open_live(db)?;
    let tables: i64 = reader
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(|e| classify(db, e))?;
    if tables == 0 {
        return Ok(None);
    }
    ready_backups_dir(dir)?;
    Ok(Some(write_backup(
        &reader,
        dir,
        now,
        &AtomicBool::new(false),
    )?))
}

/// Copies every remaining page of the backup's source into the live database in one step and
/// commits, under the write lock [`take_write_lock`] took.
fn copy_all(backup: &Backup<'_, '_>, db: &Path) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(BUSY_TIMEOUT_SECS);
    loop {
        match backup.step(-1).map_err(|e| classify(db, e))? {
            StepResult::Done => return Ok(()),
            StepResult::Busy | StepResult::Locked if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            StepResult::Busy | StepResult::Locked => {
                return Err(StoreError::Locked {
                    path: Some(db.to_path_buf()),
                    secs: BUSY_TIMEOUT_SECS,
                });
            }
            // `More` (and whatever a later rusqlite adds): copy on.
            _ => {}
        }
    }
}

/// Copies a damaged database (and its `-wal`, if any) byte for byte to
/// `damaged-YYYYMMDD-HHMMSS.db` in `dir`, 0600.
fn copy_damaged(db: &Path, dir: &Path, now: &DateTime<FixedOffset>) -> Result<PathBuf> {
    let base = format!("damaged-{}", now.format("%Y%m%d-%H%M%S"));
    let mut n = 0;
    let dest = loop {
        let name = if n == 0 {
            format!("{base}.db")
        } else {
            format!("{base}-{n}.db")
        };
        let p = dir.join(name);
        if std::fs::symlink_metadata(&p).is_err() {
            break p;
        }
        n += 1;
    };
    let mut pairs = vec![(db.to_path_buf(), dest.clone())];
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    if Path::new(&wal).exists() {
        let mut to = dest.as_os_str().to_owned();
        to.push("-wal");
        pairs.push((PathBuf::from(wal), PathBuf::from(to)));
    }
    for (from, to) in pairs {
        super::create_private(&to)?;
        let copied = std::fs::File::open(&from).and_then(|mut r| {
            let mut w = std::fs::File::options().write(true).open(&to)?;
            std::io::copy(&mut r, &mut w)?;
            w.sync_all()
        });
        if let Err(source) = copied {
            let _ = std::fs::remove_file(&to);
            return Err(classify_io("cannot copy", &to, source));
        }
    }
    Ok(dest)
}

impl Store {
    /// Sessions and sleep notes (not deleted), and the first and last date among them.
    fn restored_counts(&self) -> Result<(i64, i64, Option<String>, Option<String>)> {
        Ok(self.conn.query_row(
            "SELECT
                (SELECT count(*) FROM sessions WHERE deleted_at IS NULL),
                (SELECT count(*) FROM sleep_notes WHERE deleted_at IS NULL),
                (SELECT min(d) FROM (
                    SELECT min(local_date) AS d FROM sessions WHERE deleted_at IS NULL
                    UNION ALL SELECT min(night) FROM sleep_notes WHERE deleted_at IS NULL)),
                (SELECT max(d) FROM (
                    SELECT max(local_date) AS d FROM sessions WHERE deleted_at IS NULL
                    UNION ALL SELECT max(night) FROM sleep_notes WHERE deleted_at IS NULL))",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?)
    }
}
