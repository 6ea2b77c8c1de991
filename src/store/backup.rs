//! Consistent copies of the database with SQLite's online backup API, created 0600.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, FixedOffset};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::{Result, Store, StoreError, create_private};

/// Copies the live database behind `conn` to `dest`, which must not exist yet.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    create_private(dest)?;
    let result = (|| -> Result<()> {
        let mut out = Connection::open(dest)?;
        let backup = Backup::new(conn, &mut out)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    result
}

/// Writes `<db>.v<version>-<unix seconds>.bak` beside the database before a schema upgrade.
pub(super) fn before_migration(conn: &Connection, path: &Path, version: i64) -> Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "footlog.db".into());
    let mut dest = path.with_file_name(format!("{name}.v{version}-{stamp}.bak"));
    let mut n = 1;
    while dest.exists() {
        dest = path.with_file_name(format!("{name}.v{version}-{stamp}-{n}.bak"));
        n += 1;
    }
    backup_to(conn, &dest).map_err(|e| match e {
        StoreError::Io { .. } => e,
        other => StoreError::Corrupt(format!("backup before upgrade failed: {other}")),
    })?;
    Ok(dest)
}

impl Store {
    /// Copies the database to `dest` (which must not exist) while it may be in use.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        backup_to(&self.conn, dest)
    }

    /// Copies the database (at `db`) to a file the user named, by the rules of every output
    /// file: never over the database, its side files or its backups; an existing `target` only
    /// with `force`; written whole through a 0600 temporary file renamed into place.
    pub fn backup_to_output(
        &self,
        db: &Path,
        target: &Path,
        force: bool,
    ) -> std::result::Result<(), BackupOutputError> {
        let (tmp, file) = super::TempOutput::create(db, target, force)?;
        drop(file);
        let mut out = Connection::open(tmp.path()).map_err(StoreError::from)?;
        Backup::new(&self.conn, &mut out)
            .and_then(|b| b.run_to_completion(i32::MAX, Duration::ZERO, None))
            .map_err(StoreError::from)?;
        out.close().map_err(|(_, e)| StoreError::from(e))?;
        tmp.persist(db, force)?;
        Ok(())
    }
}

/// Why a backup to a named file failed.
#[derive(Debug, thiserror::Error)]
pub enum BackupOutputError {
    /// The target was refused or could not be written.
    #[error(transparent)]
    Output(#[from] super::OutputError),
    /// Reading the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// How many dated backups are kept.
pub const KEEP_BACKUPS: usize = 10;

/// Prefix and suffix of automatic backup files: `footlog-YYYYMMDD-HHMMSS.db` (or
/// `footlog-YYYYMMDD-HHMMSS-N.db` when two are taken in the same second).
const AUTO_PREFIX: &str = "footlog-";
const AUTO_SUFFIX: &str = ".db";

/// The folder for automatic backups of the database at `db`: `<its folder>/backups`.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// Whether `name` is exactly footlog's own backup name, `footlog-YYYYMMDD-HHMMSS.db` or
/// `footlog-YYYYMMDD-HHMMSS-N.db`. Anything else in the folder is the user's and never deleted.
pub fn is_backup_name(name: &str) -> bool {
    let Some(mid) = name
        .strip_prefix(AUTO_PREFIX)
        .and_then(|n| n.strip_suffix(AUTO_SUFFIX))
    else {
        return false;
    };
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let mut parts = mid.split('-');
    let (Some(day), Some(time)) = (parts.next(), parts.next()) else {
        return false;
    };
    let n_ok = match parts.next() {
        None => true,
        Some(n) => digits(n, 1..=4) && !n.starts_with('0'),
    };
    digits(day, 8..=8)
        && digits(time, 6..=6)
        && n_ok
        && parts.next().is_none()
        && chrono::NaiveDateTime::parse_from_str(&format!("{day}{time}"), "%Y%m%d%H%M%S").is_ok()
}

/// One of footlog's automatic backups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupFile {
    /// Where it is.
    pub path: PathBuf,
    /// When it was taken: the file's modification time, which footlog sets to the moment it
    /// takes the backup (by its clock) and never touches again.
    pub taken: SystemTime,
    /// Its size in bytes.
    pub size: u64,
}

/// footlog's automatic backups in `dir` (regular files with footlog's exact name pattern; never
/// followed through symlinks), oldest first by the time they were taken.
pub fn backup_files(dir: &Path) -> Result<Vec<BackupFile>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Io {
                what: "cannot read folder",
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut found: Vec<BackupFile> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_str().is_some_and(is_backup_name))
        .filter_map(|e| {
            let meta = std::fs::symlink_metadata(e.path()).ok()?;
            meta.is_file().then(|| BackupFile {
                path: e.path(),
                taken: meta.modified().unwrap_or(SystemTime::UNIX_EPOCH),
                size: meta.len(),
            })
        })
        .collect();
    found.sort_by(|a, b| a.taken.cmp(&b.taken).then_with(|| a.path.cmp(&b.path)));
    Ok(found)
}

/// The automatic backups in `dir`, oldest first by the time they were taken (not by name).
pub fn list_backups(dir: &Path) -> Result<Vec<PathBuf>> {
    Ok(backup_files(dir)?.into_iter().map(|b| b.path).collect())
}

/// Why footlog will not write automatic backups into the backups folder of the database at `db`:
/// it is a symbolic link, not a folder, owned by another user, or writable by others. `None`
/// when it is fine or does not exist yet (it is then created 0700). For `footlog check`.
pub fn backups_dir_problem(db: &Path) -> Option<String> {
    folder_problem(&backups_dir(db))
}

/// See [`backups_dir_problem`]; for the folder `dir` itself.
fn folder_problem(dir: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(dir).ok()?;
    let shown = dir.display();
    if meta.file_type().is_symlink() {
        return Some(format!(
            "the backups folder {shown} is a symbolic link; make it a real folder (mkdir, chmod 700)"
        ));
    }
    if !meta.is_dir() {
        return Some(format!("{shown} should be the backups folder but is not a folder"));
    }
    // SAFETY: getuid has no preconditions and cannot fail.
    let me = unsafe { libc::getuid() };
    if meta.uid() != me {
        return Some(format!(
            "the backups folder {shown} belongs to another user (uid {})",
            meta.uid()
        ));
    }
    if meta.mode() & 0o022 != 0 {
        return Some(format!(
            "the backups folder {shown} is writable by others (chmod 700 {shown})"
        ));
    }
    None
}

/// Creates the backups folder (0700) if missing; refuses one footlog should not write into.
pub(super) fn ready_backups_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if std::fs::symlink_metadata(dir).is_err() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|source| super::error::classify_io("cannot create folder", dir, source))?;
    }
    match folder_problem(dir) {
        Some(problem) => Err(StoreError::UnsafeBackupsFolder(problem)),
        None => Ok(()),
    }
}

/// `footlog-YYYYMMDD-HHMMSS` for `now`.
fn stamp(now: &DateTime<FixedOffset>) -> String {
    format!("{AUTO_PREFIX}{}", now.format("%Y%m%d-%H%M%S"))
}

/// Copies the live database behind `src` into a new automatic backup in `dir` named for `now`:
/// through a 0600 temporary file in the same folder (no footlog name, so never listed or
/// rotated), copied without sleeps between steps, synced, stamped with `now` as its
/// modification time, then linked under its final name (never over an existing file). Stops and
/// removes the temporary file when `cancel` is set.
pub(super) fn write_backup(
    src: &Connection,
    dir: &Path,
    now: &DateTime<FixedOffset>,
    cancel: &AtomicBool,
) -> Result<PathBuf> {
    let base = stamp(now);
    let tmp = dir.join(format!(".{base}.db.tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&tmp);
    create_private(&tmp)?;
    let copied = (|| -> Result<()> {
        let mut out = Connection::open(&tmp)?;
        {
            let backup = Backup::new(src, &mut out)?;
            loop {
                if cancel.load(Ordering::SeqCst) {
                    return Err(StoreError::Cancelled);
                }
                match backup.step(1024)? {
                    StepResult::Done => break,
                    StepResult::More => {}
                    // Only a writer in rollback-journal mode blocks a reader; wait for it.
                    StepResult::Busy | StepResult::Locked => {
                        std::thread::sleep(Duration::from_millis(20))
                    }
                    _ => {}
                }
            }
        }
        out.close().map_err(|(_, e)| StoreError::from(e))?;
        let f = std::fs::File::options()
            .write(true)
            .open(&tmp)
            .map_err(|source| super::error::classify_io("cannot write", &tmp, source))?;
        f.sync_all()
            .and_then(|()| f.set_modified(SystemTime::from(*now)))
            .map_err(|source| super::error::classify_io("cannot write", &tmp, source))?;
        Ok(())
    })();
    if let Err(e) = copied {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let mut n = 0;
    let dest = loop {
        let dest = if n == 0 {
            dir.join(format!("{base}{AUTO_SUFFIX}"))
        } else {
            dir.join(format!("{base}-{n}{AUTO_SUFFIX}"))
        };
        match std::fs::hard_link(&tmp, &dest) {
            Ok(()) => break dest,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(source) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(super::error::classify_io("cannot write", &dest, source));
            }
        }
    };
    let _ = std::fs::remove_file(&tmp);
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(dest)
}

/// Deletes the oldest automatic backups in `dir` beyond `keep` (at least 1), never one of
/// `spare` (the one just written, a file being restored). Only footlog's exact names are
/// considered. Backups are ordered by the time they were taken; one whose time is later than
/// `now` was taken with a clock that ran ahead, so its real time is unknown: it goes first.
/// Returns the deleted files.
pub fn rotate(
    dir: &Path,
    keep: usize,
    spare: &[&Path],
    now: &DateTime<FixedOffset>,
) -> Result<Vec<PathBuf>> {
    let now = SystemTime::from(*now);
    let mut all = backup_files(dir)?;
    // Sorted oldest first with the clock-ahead ones before all others.
    all.sort_by_key(|b| (b.taken <= now, b.taken));
    let same = |a: &Path, b: &Path| {
        a == b
            || match (a.canonicalize(), b.canonicalize()) {
                (Ok(a), Ok(b)) => a == b,
                _ => false,
            }
    };
    let keep = keep.max(1);
    let mut deleted = Vec::new();
    let mut left = all.len();
    for b in &all {
        if left <= keep {
            break;
        }
        if spare.iter().any(|s| same(s, &b.path)) {
            continue;
        }
        std::fs::remove_file(&b.path).map_err(|source| StoreError::Io {
            what: "cannot remove old backup",
            path: b.path.clone(),
            source,
        })?;
        deleted.push(b.path.clone());
        left -= 1;
    }
    Ok(deleted)
}

/// Takes an automatic backup of `store` into `dir` (created 0700; refused when it is a symlink
/// or open to others) named for `now`, then keeps the newest `keep` (see [`rotate`]). Returns
/// the new file.
pub fn dated_backup(
    store: &Store,
    dir: &Path,
    now: &DateTime<FixedOffset>,
    keep: usize,
) -> Result<PathBuf> {
    ready_backups_dir(dir)?;
    let dest = write_backup(&store.conn, dir, now, &AtomicBool::new(false))?;
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
                .map_err(|e| super::error::classify(&db, e))?;
                conn.busy_timeout(Duration::from_secs(super::BUSY_TIMEOUT_SECS))?;
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
        if self.handle.as_ref().is_some_and(|h| h.is_finished()) {
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
        let pid = format!(".db.tmp-{}", std::process::id());
        if let Ok(entries) = std::fs::read_dir(&self.tmp_dir) {
            for e in entries.flatten() {
                if e.file_name().to_str().is_some_and(|n| n.ends_with(&pid)) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        None
    }
}

fn join(h: std::thread::JoinHandle<Result<Option<PathBuf>>>) -> Result<Option<PathBuf>> {
    h.join()
        .unwrap_or_else(|_| Err(StoreError::Corrupt("the backup thread failed".into())))
}

impl Store {
    /// `PRAGMA integrity_check`: an empty list when the database is sound, else SQLite's findings.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(if all == ["ok"] { Vec::new() } else { all })
    }
}
