//! The folder of automatic backups: its place and safety, footlog's backup names, the backups
//! in it oldest first, and rotation.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, FixedOffset};

use crate::store::{Result, StoreError};

/// How many dated backups are kept.
pub const KEEP_BACKUPS: usize = 10;

/// Prefix and suffix of automatic backup files: `footlog-YYYYMMDD-HHMMSS.db` (or
/// `footlog-YYYYMMDD-HHMMSS-N.db` when two are taken in the same second).
pub(super) const AUTO_PREFIX: &str = "footlog-";
pub(super) const AUTO_SUFFIX: &str = ".db";

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
        .filter_map(std::result::Result::ok)
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

/// The sequence number for a new backup named for `stamp` (`footlog-YYYYMMDD-HHMMSS`) in
/// `dir`: 0 (the plain name) when none has that stamp, else one more than the highest there, so
/// a name freed by rotation is never taken again and a later backup never sorts before an
/// earlier one of the same second.
pub(super) fn next_sequence(dir: &Path, stamp: &str) -> u32 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let stamp = stamp.strip_prefix(AUTO_PREFIX).unwrap_or(stamp);
    entries
        .flatten()
        .filter(|e| e.file_name().to_str().is_some_and(is_backup_name))
        .map(|e| same_second_order(&e.path()))
        .filter(|(s, _)| s == stamp)
        .map(|(_, n)| n + 1)
        .max()
        .unwrap_or(0)
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
pub(in crate::store) fn ready_backups_dir(dir: &Path) -> Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if std::fs::symlink_metadata(dir).is_err() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|source| {
                crate::store::error::classify_io("cannot create folder", dir, source)
            })?;
    }
    match folder_problem(dir) {
        Some(problem) => Err(StoreError::UnsafeBackupsFolder(problem)),
        None => Ok(()),
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
