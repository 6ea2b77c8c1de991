//! Temporary copies a killed footlog left behind: found by the PID in their name, removed with
//! the side files SQLite made beside them, never while that process still runs.

use std::path::Path;

/// The files SQLite may make beside a database file it writes.
const SIDE_SUFFIXES: [&str; 3] = ["-journal", "-wal", "-shm"];

/// The PID in a temporary file's name, `<stem>.tmp-PID.XXXXXX` (tempfile's random part) or
/// `<stem>.tmp-PID` (an older footlog), with or without a `-journal`, `-wal` or `-shm` after it,
/// when `is_stem` accepts `<stem>`.
fn temporary_pid(name: &str, is_stem: &dyn Fn(&str) -> bool) -> Option<libc::pid_t> {
    let base = SIDE_SUFFIXES
        .iter()
        .find_map(|s| name.strip_suffix(s))
        .unwrap_or(name);
    let (stem, rest) = base.rsplit_once(".tmp-")?;
    if !is_stem(stem) {
        return None;
    }
    rest.split('.').next()?.parse().ok().filter(|&p| p > 0)
}

/// Whether no process `pid` runs (signal 0 only asks; it sends nothing).
fn gone(pid: libc::pid_t) -> bool {
    // SAFETY: kill with signal 0 has no effect beyond its result.
    let failed = unsafe { libc::kill(pid, 0) } != 0;
    failed && std::io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH)
}

/// Removes from `dir` every temporary file (see [`temporary_pid`]) of a process that no longer
/// runs, and its `-journal`, `-wal` and `-shm` (also one left alone, its temporary file gone).
/// Regular files only; failures are ignored (the next run tries again).
pub(crate) fn remove_abandoned(dir: &Path, is_stem: &dyn Fn(&str) -> bool) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| temporary_pid(n, is_stem)) else {
            continue;
        };
        if e.file_type().is_ok_and(|t| t.is_file()) && gone(pid) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Removes from `dir` every temporary folder named `<stem>.tmp-PID.XXXXXX` (with `is_stem`
/// accepting `<stem>`) of a process that no longer runs, with what it holds: a copy of the
/// database a killed footlog was reading. Only real folders owned by this user (never a
/// symlink); failures are ignored.
pub(crate) fn remove_abandoned_folders(dir: &Path, is_stem: &dyn Fn(&str) -> bool) {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) = name.to_str().and_then(|n| temporary_pid(n, is_stem)) else {
            continue;
        };
        let Ok(meta) = std::fs::symlink_metadata(e.path()) else {
            continue;
        };
        if meta.is_dir() && meta.uid() == me && gone(pid) {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_temporary_names_with_an_accepted_stem_give_a_pid() {
        const SUFFIX: &str = ".db";
        let footlog = |s: &str| s.starts_with(".footlog-") && s.ends_with(SUFFIX);
        for (name, want) in [
            (".footlog-20261123-203000.db.tmp-42.AbC123", Some(42)),
            (
                ".footlog-20261123-203000.db.tmp-42.AbC123-journal",
                Some(42),
            ),
            (".footlog-20261123-203000.db.tmp-42-wal", Some(42)),
            (".footlog-20261123-203000.db.tmp-42.x-shm", Some(42)),
            (".footlog-20261123-203000.db.tmp-0.x", None),
            (".footlog-20261123-203000.db.tmp-x.y", None),
            ("footlog-20261123-203000.db", None),
            (".other.db.tmp-42.x", None),
            ("notes.db-journal", None),
        ] {
            assert_eq!(temporary_pid(name, &footlog), want, "{name}");
        }
    }

    #[test]
    fn a_reading_copy_left_by_a_killed_footlog_is_removed_and_a_live_ones_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let mut child = std::process::Command::new("true").spawn().expect("true");
        let dead = child.id();
        child.wait().expect("wait");
        let live = std::process::id();
        for (name, file) in [
            (format!("footlog-read.tmp-{dead}.AbC123"), true),
            (format!("footlog-read.tmp-{live}.LiVe00"), true),
            (format!("other.tmp-{dead}.AbC123"), true),
        ] {
            let d = dir.path().join(name);
            std::fs::create_dir(&d).expect("mkdir");
            if file {
                std::fs::write(d.join("footlog.db"), b"health data").expect("write");
            }
        }
        // A symlink with such a name is never followed.
        let target = tempfile::tempdir().expect("target");
        std::fs::write(target.path().join("keep"), b"x").expect("write");
        std::os::unix::fs::symlink(
            target.path(),
            dir.path().join(format!("footlog-read.tmp-{dead}.Sym000")),
        )
        .expect("symlink");
        remove_abandoned_folders(dir.path(), &|s| s == "footlog-read");
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want = vec![
            format!("footlog-read.tmp-{dead}.Sym000"),
            format!("footlog-read.tmp-{live}.LiVe00"),
            format!("other.tmp-{dead}.AbC123"),
        ];
        want.sort();
        assert_eq!(left, want);
        assert!(target.path().join("keep").exists());
    }
}
