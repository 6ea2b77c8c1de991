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
}
