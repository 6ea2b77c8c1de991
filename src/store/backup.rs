//! Consistent copies of the database with SQLite's online backup API, created 0600.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;

use super::{Result, Store, StoreError, create_private};

/// Copies the live database behind `conn` to `dest`, which must not exist yet.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    create_private(dest)?;
    let result = (|| -> Result<()> {
        let mut out = Connection::open(dest)?;
        let backup = Backup::new(conn, &mut out)?;
        backup.run_to_completion(256, Duration::from_millis(5), None)?;
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

/// Prefix and suffix of automatic backup files: `footlog-YYYYMMDD-HHMMSS.db`.
const AUTO_PREFIX: &str = "footlog-";
const AUTO_SUFFIX: &str = ".db";

/// The folder for automatic backups of the database at `db`: `<its folder>/backups`.
pub fn backups_dir(db: &Path) -> PathBuf {
    db.parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// The automatic backups in `dir`, oldest first.
pub fn list_backups(dir: &Path) -> Result<Vec<PathBuf>> {
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
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(AUTO_PREFIX) && n.ends_with(AUTO_SUFFIX))
        })
        .collect();
    // Names hold the time as YYYYMMDD-HHMMSS, so name order is time order.
    found.sort();
    Ok(found)
}

/// Takes a dated backup into `dir` (created 0700) named for `stamp` (`YYYYMMDD-HHMMSS`),
/// then deletes the oldest automatic backups beyond `keep`. Returns the new file.
pub fn dated_backup(store: &Store, dir: &Path, stamp: &str, keep: usize) -> Result<PathBuf> {
    use std::os::unix::fs::DirBuilderExt;
    if !dir.exists() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|source| StoreError::Io {
                what: "cannot create folder",
                path: dir.to_path_buf(),
                source,
            })?;
    }
    let mut dest = dir.join(format!("{AUTO_PREFIX}{stamp}{AUTO_SUFFIX}"));
    let mut n = 1;
    while dest.exists() {
        dest = dir.join(format!("{AUTO_PREFIX}{stamp}-{n}{AUTO_SUFFIX}"));
        n += 1;
    }
    store.backup(&dest)?;
    let all = list_backups(dir)?;
    let excess = all.len().saturating_sub(keep.max(1));
    for old in &all[..excess] {
        std::fs::remove_file(old).map_err(|source| StoreError::Io {
            what: "cannot remove old backup",
            path: old.clone(),
            source,
        })?;
    }
    Ok(dest)
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

/// Takes a dated backup of the database at `db` unless one was already taken on the day of
/// `stamp` (`YYYYMMDD-HHMMSS`); keeps the newest `keep`. For the app's automatic daily backup.
pub fn daily_backup(store: &Store, db: &Path, stamp: &str, keep: usize) -> Result<Option<PathBuf>> {
    let dir = backups_dir(db);
    let day = stamp.get(..8).unwrap_or(stamp);
    let today_prefix = format!("{AUTO_PREFIX}{day}");
    let taken_today = list_backups(&dir)?.iter().any(|p| {
        p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&today_prefix))
    });
    if taken_today {
        return Ok(None);
    }
    dated_backup(store, &dir, stamp, keep).map(Some)
}
