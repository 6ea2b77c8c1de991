//! One sync at a time per database: the app's background sync and `footlog sync` take turns.

use std::fs::File;
use std::os::fd::AsRawFd;
use std::path::Path;

use crate::SyncError;

/// An exclusive lock on the replica's lock file, released when dropped (or when the process
/// ends, however it ends).
pub(crate) struct SyncLock {
    _held: File,
}

impl SyncLock {
    /// Waits for the lock on `path` (created private if absent, with its folder, 0700).
    pub(crate) fn take(path: &Path) -> Result<SyncLock, SyncError> {
        use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
        if let Some(folder) = path
            .parent()
            .filter(|f| !f.as_os_str().is_empty() && !f.exists())
        {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(folder)
                .map_err(|source| SyncError::Io {
                    path: folder.to_path_buf(),
                    source,
                })?;
        }
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .mode(0o600)
            .open(path)
            .map_err(|source| SyncError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        // SAFETY: `flock` on a descriptor this `File` owns for as long as the lock lives.
        let rc = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) };
        if rc != 0 {
            return Err(SyncError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::last_os_error(),
            });
        }
        Ok(SyncLock { _held: file })
    }
}
