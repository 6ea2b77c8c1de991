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
