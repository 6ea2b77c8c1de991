//! Consistent copies of the database with SQLite's online backup API, created 0600.

use std::path::Path;
use std::sync::atomic::AtomicBool;

mod copy;
mod daily;
mod folder;

use super::{Result, Store, StoreError};

pub use copy::backup_to;
pub(super) use copy::{before_migration, temp_copy, with_page_size_of, write_backup};
pub use daily::{DailyBackup, daily_backup, daily_backup_with, dated_backup, dated_backup_with};
pub(super) use folder::ready_backups_dir;
pub use folder::{
    BackupFile, KEEP_BACKUPS, backup_files, backups_dir, backups_dir_problem, is_backup_name,
    list_backups, rotate,
};

impl Store {
    /// Copies the database to `dest` (which must not exist) while it may be in use.
    pub fn backup(&self, dest: &Path) -> Result<()> {
        backup_to(&self.conn, dest)
    }

    /// Copies the database (at `db`) to a file the user named, by the rules of every output
    /// file: never over the database, its side files or its backups; an existing `target` only
    /// with `force`; written whole through a 0600 temporary file renamed into place. Setting
    /// `cancel` (a signal) stops the copy: nothing is left, not even a `-journal`.
    pub fn backup_to_output(
        &self,
        db: &Path,
        target: &Path,
        force: bool,
        cancel: &AtomicBool,
    ) -> std::result::Result<(), BackupOutputError> {
        let (tmp, file) = super::TempOutput::create(db, target, force)?;
        drop(file);
        let mut out = copy::open_copy(tmp.path())?;
        copy::copy_pages(&self.conn, &mut out, cancel)?;
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::{Duration, SystemTime};

    use rusqlite::Connection;

    use chrono::{DateTime, FixedOffset};

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
        let left_random = planted(
            &b,
            &format!(".footlog-20261122-100000.db.tmp-{dead}.AbC123"),
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
        assert!(
            !left_random.exists(),
            "tempfile's name with a dead PID is gone too"
        );
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
