//! Files and folders only their owner may read: the database (0600) and its folders (0700).

use std::fs::{DirBuilder, OpenOptions};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use super::error::{self, Result};

/// Creates missing parent folders (0700) and an empty database file (0600).
pub(crate) fn create_private_file(path: &Path) -> Result<()> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
        && !parent.exists()
    {
        {
            DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(parent)
                .map_err(|source| error::classify_io("cannot create folder", parent, source))?;
        }
    }
    create_private(path)
}

/// Creates an empty file readable and writable by its owner only, at its final path (never over
/// an existing file). Not tempfile's `NamedTempFile` + `persist_noclobber`: there is nothing to
/// write whole and rename. The file is the database, or a copy made in place under a name
/// nothing else uses (`backup_to` before an upgrade, `copy_damaged`), which SQLite or the copy
/// then fills by path; on failure the caller removes it.
pub(crate) fn create_private(path: &Path) -> Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
        .map_err(|source| error::classify_io("cannot create", path, source))
}

/// An exclusive lock on a database's folder while a new database is created and migrated, so
/// that footlogs starting at once on a new database take turns (`flock(2)` on the folder: never
/// on the database file, whose `fcntl` locks are SQLite's and would be dropped by closing
/// another descriptor of it). Best effort: without a folder that can be opened, or after
/// waiting as long as for a busy database, there is no lock and SQLite's own locking is all.
pub(crate) struct FolderLock(Option<std::fs::File>);

impl FolderLock {
    /// Takes the lock on the folder of `db`, creating the folder (0700) if it is missing.
    pub(crate) fn take(db: &Path) -> FolderLock {
        use std::os::fd::AsRawFd;
        let folder = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !folder.exists() {
            let _ = DirBuilder::new().recursive(true).mode(0o700).create(folder);
        }
        let Ok(dir) = std::fs::File::open(folder) else {
            return FolderLock(None);
        };
        let deadline = std::time::Instant::now()
            + std::time::Duration::from_secs(super::error::BUSY_TIMEOUT_SECS);
        loop {
            // SAFETY: flock on a descriptor this function owns; no memory is involved.
            if unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
                return FolderLock(Some(dir));
            }
            if std::time::Instant::now() >= deadline {
                return FolderLock(None);
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        if let Some(dir) = &self.0 {
            // SAFETY: as above; closing the file would release the lock too.
            unsafe { libc::flock(dir.as_raw_fd(), libc::LOCK_UN) };
        }
    }
}
