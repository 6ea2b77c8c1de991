//! Dated backups into the backups folder, and the app's one-a-day backup in the background.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, FixedOffset};
use rusqlite::{Connection, OpenFlags};

use super::folder::{backup_files, backups_dir, ready_backups_dir, rotate};
use super::{KEEP_BACKUPS, write_backup};
use crate::store::{BUSY_TIMEOUT_SECS, Result, Store, StoreError};

/// Takes an automatic backup of `store` into `dir` (created 0700; refused when it is a symlink
/// or open to others) named for `now`, then keeps the newest `keep` (see [`rotate`]). Returns
/// the new file.
pub fn dated_backup(
    store: &Store,
    dir: &Path,
    now: &DateTime<FixedOffset>,
    keep: usize,
) -> Result<PathBuf> {
    dated_backup_with(store, dir, now, keep, &AtomicBool::new(false))
}

/// [`dated_backup`], stopped when `cancel` is set ([`StoreError::Cancelled`]; no partial file,
/// no `-journal`, is left).
pub fn dated_backup_with(
    store: &Store,
    dir: &Path,
    now: &DateTime<FixedOffset>,
    keep: usize,
    cancel: &AtomicBool,
) -> Result<PathBuf> {
    ready_backups_dir(dir)?;
    let dest = write_backup(&store.conn, dir, now, cancel)?;
    rotate(dir, keep, &[&dest], now)?;
    Ok(dest)
}

/// Whether an automatic backup in `dir` was taken today: at or after the start of `now`'s local
/// day (in `now`'s offset, so a move west does not make a new day) and not after `now` (one
/// stamped later was taken with a clock that ran ahead, and does not stand for today's).
fn taken_today(dir: &Path, now: &DateTime<FixedOffset>) -> Result<bool> {
    let start = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(*now.offset()).single())
        .map(SystemTime::from);
    let end = SystemTime::from(*now);
    Ok(backup_files(dir)?
        .iter()
        .any(|b| start.is_some_and(|s| b.taken >= s) && b.taken <= end))
}

/// Takes an automatic backup of the database at `db` (connection `src`) unless one was taken
/// today; keeps the newest `keep`. The app's daily backup; `cancel` abandons it (no partial file
/// is left). `None` when today's was there already.
pub fn daily_backup_with(
    src: &Connection,
    db: &Path,
    now: &DateTime<FixedOffset>,
    keep: usize,
    cancel: &AtomicBool,
) -> Result<Option<PathBuf>> {
    let dir = backups_dir(db);
    if taken_today(&dir, now)? {
        return Ok(None);
    }
    ready_backups_dir(&dir)?;
    let dest = write_backup(src, &dir, now, cancel)?;
    rotate(&dir, keep, &[&dest], now)?;
    Ok(Some(dest))
}

/// [`daily_backup_with`] on the store's own connection.
pub fn daily_backup(
    store: &Store,
    db: &Path,
    now: &DateTime<FixedOffset>,
    keep: usize,
) -> Result<Option<PathBuf>> {
    daily_backup_with(&store.conn, db, now, keep, &AtomicBool::new(false))
}

/// The app's daily backup, running in the background on its own connection so the first frame
/// never waits for it.
pub struct DailyBackup {
    handle: Option<std::thread::JoinHandle<Result<Option<PathBuf>>>>,
    cancel: Arc<AtomicBool>,
    tmp_dir: PathBuf,
}

impl DailyBackup {
    /// Starts the day's backup of the database at `db` (if not taken today) in a thread.
    pub fn start(db: &Path, now: DateTime<FixedOffset>) -> DailyBackup {
        let cancel = Arc::new(AtomicBool::new(false));
        let (db, flag) = (db.to_path_buf(), Arc::clone(&cancel));
        let tmp_dir = backups_dir(&db);
        let handle = std::thread::Builder::new()
            .name("daily-backup".into())
            .spawn(move || {
                let conn = Connection::open_with_flags(
                    &db,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(|e| crate::store::error::classify(&db, e))?;
                conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))?;
                let result = daily_backup_with(&conn, &db, &now, KEEP_BACKUPS, &flag);
                drop(conn);
                result
            })
            .ok();
        DailyBackup {
            handle,
            cancel,
            tmp_dir,
        }
    }

    /// The outcome, once the thread has finished (`None` while it runs, and afterwards).
    pub fn poll(&mut self) -> Option<Result<Option<PathBuf>>> {
        if self
            .handle
            .as_ref()
            .is_some_and(std::thread::JoinHandle::is_finished)
        {
            return self.handle.take().map(join);
        }
        None
    }

    /// Waits up to `patience` for the backup to finish; after that abandons it (the copy stops
    /// between steps and its temporary file is removed). Returns the outcome if it finished.
    pub fn finish_or_abandon(mut self, patience: Duration) -> Option<Result<Option<PathBuf>>> {
        let handle = self.handle.take()?;
        let deadline = std::time::Instant::now() + patience;
        while !handle.is_finished() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        if handle.is_finished() {
            return Some(join(handle));
        }
        self.cancel.store(true, Ordering::SeqCst);
        let deadline = std::time::Instant::now() + Duration::from_secs(1);
        while !handle.is_finished() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        if handle.is_finished() {
            return Some(join(handle));
        }
        // Still inside one step: take its temporary file away; the final name is only ever
        // made from it, so no partial backup can appear.
        let pid = std::process::id();
        if let Ok(entries) = std::fs::read_dir(&self.tmp_dir) {
            for e in entries.flatten() {
                if e.file_name()
                    .to_str()
                    .is_some_and(|n| own_temporary(n, pid))
                {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        None
    }
}

/// Whether `name` is a temporary file of a backup taken by process `pid`: `write_backup`'s
/// `.footlog-….db.tmp-PID.XXXXXX` (tempfile's random suffix after the PID), or a side file
/// SQLite made beside it.
fn own_temporary(name: &str, pid: u32) -> bool {
    let tag = format!(".db.tmp-{pid}");
    name.ends_with(&tag) || name.contains(&format!("{tag}."))
}

fn join(h: std::thread::JoinHandle<Result<Option<PathBuf>>>) -> Result<Option<PathBuf>> {
    h.join()
        .unwrap_or_else(|_| Err(StoreError::corrupt("the backup thread failed")))
}

#[cfg(test)]
mod own_temporary_tests {
    use super::own_temporary;

    #[test]
    fn an_abandoned_backup_finds_its_own_temporary_file_by_the_names_write_backup_makes() {
        for name in [
            ".footlog-20261123-203000.db.tmp-4242.a1B2c3",
            ".footlog-20261123-203000.db.tmp-4242.a1B2c3-journal",
            ".footlog-20261123-203000.db.tmp-4242",
        ] {
            assert!(own_temporary(name, 4242), "{name}");
        }
        for name in [
            ".footlog-20261123-203000.db.tmp-42420.a1B2c3",
            ".footlog-20261123-203000.db.tmp-424.a1B2c3",
            "footlog-20261123-203000.db",
        ] {
            assert!(!own_temporary(name, 4242), "{name}");
        }
    }
}
