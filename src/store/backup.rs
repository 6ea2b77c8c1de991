//! Consistent copies of the database with SQLite's online backup API, created 0600.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, FixedOffset};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};

use super::paths::backups_dir;
use super::{Result, Store, StoreError, create_private};

/// Copies the live database behind `conn` to `dest`, which must not exist yet.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    create_private(dest)?;
    let result = (|| -> Result<()> {
        let mut out = Connection::open(dest)?;
        let backup = Backup::new(conn, &mut out)?;
        // All pages in one step, so no sleeps between steps (this runs before an upgrade, on
        // the way to the first frame); the pause is only taken while another writer holds a
        // lock.
        backup.run_to_completion(i32::MAX, Duration::from_millis(5), None)?;
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
/// followed through symlinks), oldest first by the time they were taken (see [`list_backups`]).
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
    // A time later than the present was stamped by a clock that ran ahead: its real time is
    // unknown (and earlier), so it sorts before every plausible one.
    let now = SystemTime::now();
    found.sort_by(|a, b| {
        (a.taken <= now, a.taken)
            .cmp(&(b.taken <= now, b.taken))
            .then_with(|| same_second_order(&a.path).cmp(&same_second_order(&b.path)))
    });
    Ok(found)
}

/// Among backups taken at the same moment, the order they were written in: the plain name
/// first, then `-1`, `-2`, … (the names' only use in ordering).
fn same_second_order(path: &Path) -> (String, u32) {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .and_then(|n| n.strip_prefix(AUTO_PREFIX))
        .and_then(|n| n.strip_suffix(AUTO_SUFFIX))
        .unwrap_or_default();
    let stamp = name.get(..15).unwrap_or(name).to_string();
    let n = name.get(16..).and_then(|n| n.parse().ok()).unwrap_or(0);
    (stamp, n)
}

/// The automatic backups in `dir`, oldest first by the time they were taken (not by name; those
/// stamped later than the present, by a clock that ran ahead, first of all).
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
        return Some(format!(
            "{shown} should be the backups folder but is not a folder"
        ));
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
    remove_abandoned_temporaries(dir);
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

/// Removes temporary backup files (`.footlog-….db.tmp-PID`) left in `dir` by a footlog process
/// that no longer runs (killed, or crashed, while copying).
fn remove_abandoned_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.starts_with(&format!(".{AUTO_PREFIX}")))
            .and_then(|n| n.rsplit_once(".db.tmp-"))
            .and_then(|(_, pid)| pid.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        // SAFETY: signal 0 only asks whether the process exists; it sends nothing.
        let gone = unsafe { libc::kill(pid, 0) } != 0
            && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        if gone {
            let _ = std::fs::remove_file(e.path());
        }
    }
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
    all.sort_by_key(|b| (b.taken <= now, b.taken, same_second_order(&b.path)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(t).expect("time")
    }

    fn setup() -> (tempfile::TempDir, PathBuf, Store) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("footlog.db");
        let store = Store::open(&db).expect("open");
        (dir, db, store)
    }

    /// A file in `dir` named `name` whose modification time is `taken`.
    fn planted(dir: &Path, name: &str, taken: &str) -> PathBuf {
        std::fs::create_dir_all(dir).expect("mkdir");
        let p = dir.join(name);
        let f = std::fs::File::create(&p).expect("create");
        f.set_modified(SystemTime::from(at(taken))).expect("mtime");
        p
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn only_footlogs_exact_names_are_backups() {
        for ok in [
            "footlog-20261123-203000.db",
            "footlog-20261123-203000-1.db",
            "footlog-20261123-203000-12.db",
        ] {
            assert!(is_backup_name(ok), "{ok}");
        }
        for not in [
            "footlog-mine.db",
            "footlog-20261123-203000.db.bak",
            "footlog-20261123-203000-copy.db",
            "footlog-2026112-203000.db",
            "footlog-20261123-2030000.db",
            "footlog-20261341-203000.db",
            "footlog-20261123-203000-0.db",
            "footlog-20261123-203000-1-2.db",
            "Footlog-20261123-203000.db",
            ".footlog-20261123-203000.db.tmp-1",
            "footlog-20261123-203000.db-wal",
            "damaged-20261123-203000.db",
        ] {
            assert!(!is_backup_name(not), "{not}");
        }
    }

    #[test]
    fn rotation_goes_by_time_taken_spares_the_new_one_and_never_touches_user_files() {
        let (_dir, db, store) = setup();
        let b = backups_dir(&db);
        // Ten backups taken while the clock ran a year ahead: their names and times are later
        // than every real one.
        for day in 1..=10 {
            planted(
                &b,
                &format!("footlog-202711{day:02}-120000.db"),
                &format!("2027-11-{day:02}T12:00:00+01:00"),
            );
        }
        // An older real one whose name sorts last but was taken first.
        planted(
            &b,
            "footlog-20261122-235959-9.db",
            "2026-10-01T12:00:00+01:00",
        );
        let user = [
            "footlog-mine.db",
            "footlog-20261101-000000-copy.db",
            "footlog-20261101-000000.db.bak",
            "notes.txt",
        ];
        for u in user {
            planted(&b, u, "2020-01-01T00:00:00+01:00");
        }
        let now = at("2026-11-23T20:30:00+01:00");
        let new = dated_backup(&store, &b, &now, KEEP_BACKUPS).expect("backup");
        assert!(new.exists(), "the backup just written is kept");
        let left = names(&b);
        for u in user {
            assert!(left.contains(&u.to_string()), "{u} was deleted: {left:?}");
        }
        let backups = list_backups(&b).expect("list");
        assert_eq!(backups.len(), KEEP_BACKUPS, "{left:?}");
        // The clock-ahead ones go first, oldest of them first: the two earliest are gone, the
        // real older one is kept.
        assert!(!left.contains(&"footlog-20271101-120000.db".to_string()));
        assert!(!left.contains(&"footlog-20271102-120000.db".to_string()));
        assert!(left.contains(&"footlog-20271103-120000.db".to_string()));
        assert!(left.contains(&"footlog-20261122-235959-9.db".to_string()));
        // Ordered by the time taken, not by name: the clock-ahead ones (taken at an unknown,
        // earlier time) first, then the real old one, the new one last.
        assert!(
            backups[0].ends_with("footlog-20271103-120000.db"),
            "{backups:?}"
        );
        assert!(
            backups[8].ends_with("footlog-20261122-235959-9.db"),
            "{backups:?}"
        );
        assert_eq!(backups.last(), Some(&new));
        // The time taken is the clock's, on the file itself.
        let taken = std::fs::metadata(&new)
            .expect("meta")
            .modified()
            .expect("mtime");
        assert_eq!(taken, SystemTime::from(now));
        // A symlink with a footlog name is not footlog's backup: never listed nor deleted.
        std::os::unix::fs::symlink(&db, b.join("footlog-20200101-000000.db")).expect("symlink");
        for i in 0..12 {
            let later = at(&format!("2026-11-23T21:{i:02}:00+01:00"));
            dated_backup(&store, &b, &later, KEEP_BACKUPS).expect("backup");
        }
        assert!(
            std::fs::symlink_metadata(b.join("footlog-20200101-000000.db")).is_ok(),
            "the symlink is left alone"
        );
        assert_eq!(list_backups(&b).expect("list").len(), KEEP_BACKUPS);
    }

    #[test]
    fn the_daily_backup_works_when_the_clock_jumps_back_or_the_zone_moves_west() {
        let (_dir, db, store) = setup();
        let b = backups_dir(&db);
        // Yesterday's, taken while the clock was two days ahead.
        planted(
            &b,
            "footlog-20261125-090000.db",
            "2026-11-25T09:00:00+01:00",
        );
        let now = at("2026-11-23T08:00:00+01:00");
        let first = daily_backup(&store, &db, &now, KEEP_BACKUPS).expect("backup");
        let first = first.expect("a clock-ahead backup does not stand for today's");
        assert!(first.exists());
        let later = at("2026-11-23T22:00:00+01:00");
        assert_eq!(
            daily_backup(&store, &db, &later, KEEP_BACKUPS).expect("backup"),
            None,
            "one a day"
        );
        // Flying west: 00:30 in Berlin on the 24th is 18:30 on the 23rd in New York; the next
        // start there, the same evening, is still the 23rd.
        let (_dir2, db2, store2) = setup();
        let berlin = at("2026-11-24T00:30:00+01:00");
        assert!(
            daily_backup(&store2, &db2, &berlin, KEEP_BACKUPS)
                .expect("backup")
                .is_some()
        );
        let new_york = at("2026-11-23T19:00:00-05:00");
        assert_eq!(
            daily_backup(&store2, &db2, &new_york, KEEP_BACKUPS).expect("backup"),
            None,
            "still the same day where the user is"
        );
        let next_day = at("2026-11-24T07:00:00-05:00");
        assert!(
            daily_backup(&store2, &db2, &next_day, KEEP_BACKUPS)
                .expect("backup")
                .is_some()
        );
        // The clock set back by a day after a backup: today (by the clock) gets its own.
        let back = at("2026-11-23T07:00:00-05:00");
        assert!(
            daily_backup(&store2, &db2, &back, KEEP_BACKUPS)
                .expect("backup")
                .is_some(),
            "the clock went back a day: a new day's backup"
        );
        assert_eq!(list_backups(&backups_dir(&db2)).expect("list").len(), 3);
    }

    #[test]
    fn the_backups_folder_is_0700_and_a_symlink_or_open_folder_is_not_written_into() {
        use std::os::unix::fs::PermissionsExt;
        let (dir, db, store) = setup();
        let now = at("2026-11-23T20:30:00+01:00");
        daily_backup(&store, &db, &now, KEEP_BACKUPS).expect("backup");
        let b = backups_dir(&db);
        let mode = std::fs::metadata(&b).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        assert_eq!(backups_dir_problem(&db), None);

        std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        let problem = backups_dir_problem(&db).expect("a problem");
        assert!(problem.contains("writable by others"), "{problem}");
        let before = names(&b);
        let next = at("2026-11-24T20:30:00+01:00");
        let e = daily_backup(&store, &db, &next, KEEP_BACKUPS).expect_err("refused");
        assert!(matches!(e, StoreError::UnsafeBackupsFolder(_)), "{e}");
        assert_eq!(names(&b), before, "nothing written");
        std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o700)).expect("chmod");

        // A symlink to a folder elsewhere.
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).expect("mkdir");
        std::fs::set_permissions(&elsewhere, std::fs::Permissions::from_mode(0o700))
            .expect("chmod");
        std::fs::rename(&b, dir.path().join("old-backups")).expect("move");
        std::os::unix::fs::symlink(&elsewhere, &b).expect("symlink");
        let problem = backups_dir_problem(&db).expect("a problem");
        assert!(problem.contains("symbolic link"), "{problem}");
        let e = daily_backup(&store, &db, &next, KEEP_BACKUPS).expect_err("refused");
        assert!(matches!(e, StoreError::UnsafeBackupsFolder(_)), "{e}");
        assert!(
            names(&elsewhere).is_empty(),
            "nothing written through the link"
        );
    }

    #[test]
    fn a_temporary_file_left_by_a_killed_footlog_is_removed_by_the_next_backup() {
        let (_dir, db, store) = setup();
        let b = backups_dir(&db);
        // A process that has ended: a child that exited.
        let mut child = std::process::Command::new("true").spawn().expect("spawn");
        let dead = child.id();
        child.wait().expect("wait");
        let left = planted(
            &b,
            &format!(".footlog-20261122-100000.db.tmp-{dead}"),
            "2026-11-22T10:00:00+01:00",
        );
        // One of a process still running (this one) stays.
        let running = planted(
            &b,
            &format!(".footlog-20261122-110000.db.tmp-{}", std::process::id()),
            "2026-11-22T11:00:00+01:00",
        );
        let mine = planted(&b, ".footlog-mine.txt", "2026-11-22T11:00:00+01:00");
        let now = at("2026-11-23T20:30:00+01:00");
        dated_backup(&store, &b, &now, KEEP_BACKUPS).expect("backup");
        assert!(!left.exists(), "the abandoned temporary file is gone");
        assert!(running.exists());
        assert!(mine.exists());
    }

    #[test]
    fn quitting_while_the_daily_backup_runs_leaves_a_whole_backup_or_none() {
        let (_dir, db, store) = setup();
        let now = at("2026-11-23T20:30:00+01:00");
        // Enough data that the copy takes several steps.
        store
            .conn
            .execute_batch(
                "CREATE TABLE filler (x BLOB);
                 WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                 INSERT INTO filler SELECT randomblob(4000) FROM n;",
            )
            .expect("fill");
        let b = backups_dir(&db);
        for patience in [Duration::ZERO, Duration::from_secs(20)] {
            let _ = std::fs::remove_dir_all(&b);
            let job = DailyBackup::start(&db, now);
            let outcome = job.finish_or_abandon(patience);
            let left = if b.exists() { names(&b) } else { Vec::new() };
            assert!(
                left.iter().all(|n| is_backup_name(n)),
                "no temporary or partial file: {left:?}"
            );
            let finished = matches!(outcome, Some(Ok(Some(_))));
            match outcome {
                Some(Ok(Some(p))) => {
                    assert_eq!(left.len(), 1, "{left:?}");
                    let c = Connection::open(&p).expect("open");
                    let n: i64 = c
                        .query_row("SELECT count(*) FROM filler", [], |r| r.get(0))
                        .expect("count");
                    assert_eq!(n, 3000, "the backup is whole");
                }
                _ => assert!(left.is_empty(), "abandoned, nothing left: {left:?}"),
            }
            if patience > Duration::ZERO {
                assert!(finished, "given time, it finishes");
            }
        }
    }
}
