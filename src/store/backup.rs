//! Consistent copies of the database with SQLite's online backup API, created 0600.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

mod daily;
mod folder;

use super::{Result, Store, StoreError, create_private};
use folder::{AUTO_PREFIX, AUTO_SUFFIX};

pub use daily::{DailyBackup, daily_backup, daily_backup_with, dated_backup};
pub(super) use folder::ready_backups_dir;
pub use folder::{
    BackupFile, backup_files, backups_dir, backups_dir_problem, is_backup_name, list_backups,
    rotate,
};

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
        .map_or(0, |d| d.as_secs());
    let name = path
        .file_name()
        .map_or_else(|| "footlog.db".into(), |n| n.to_string_lossy().into_owned());
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
                    // Only a writer in rollback-journal mode blocks a reader; wait for it.
                    StepResult::Busy | StepResult::Locked => {
                        std::thread::sleep(Duration::from_millis(20));
                    }
                    // `More` (and whatever a later rusqlite adds): copy the next pages.
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
