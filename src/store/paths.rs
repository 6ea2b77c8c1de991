//! Where the store keeps files beside the database.

use std::path::{Path, PathBuf};

/// The folder for automatic backups of the database at `db`: `<its folder>/backups`.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}
