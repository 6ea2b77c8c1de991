//! Errors from the store, each with enough context for a person to act on.

use std::path::PathBuf;

use thiserror::Error;

use crate::domain::ValidationError;

/// What can go wrong opening or using the database.
#[derive(Debug, Error)]
pub enum StoreError {
    /// The file exists but is not SQLite at all.
    #[error("{} is not a footlog database (it is not an SQLite file); it was left untouched", .0.display())]
    NotSqlite(PathBuf),
    /// The file is SQLite written by some other program.
    #[error("{} is an SQLite database of another program, not footlog's; it was left untouched", .0.display())]
    Foreign(PathBuf),
    /// The schema is newer than this binary knows.
    #[error(
        "{} has schema version {found}, but this footlog knows versions up to {known}; \
         use a newer footlog. The file was left untouched",
        path.display()
    )]
    TooNew {
        /// The database.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The newest version this binary knows.
        known: i64,
    },
    /// The path is a directory.
    #[error("{} is a directory; give the path of a database file", .0.display())]
    IsDirectory(PathBuf),
    /// A file-system operation failed.
    #[error("{what} {}: {source}", path.display())]
    Io {
        /// What was being done ("cannot create folder").
        what: &'static str,
        /// Where.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Another process holds the write lock longer than the busy timeout.
    #[error(
        "the database is locked by another program (another footlog?); tried for {0} seconds, nothing was written"
    )]
    Busy(u64),
    /// The database file or its folder cannot be written.
    #[error(
        "the database is read-only: check the permissions of the file and its folder; nothing was written"
    )]
    ReadOnly,
    /// The database file or its folder cannot be written (read-only medium or permissions).
    #[error(
        "{} or its folder cannot be written (a read-only file system, or permissions); nothing was written",
        .0.display()
    )]
    ReadOnlyFile(PathBuf),
    /// The disk is full.
    #[error("the disk is full; nothing was written (the database is unchanged)")]
    DiskFull,
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
    /// Applying migrations failed; the transaction was rolled back.
    #[error("could not upgrade the database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A stored value could not be read back.
    #[error("the database holds a value footlog cannot read: {0}")]
    Corrupt(String),
    /// A stored record cannot be read back as a domain value (table, UUID, field, why).
    #[error("damaged record: {0}; run footlog check")]
    Damaged(Box<crate::domain::damaged::Damaged>),
    /// A write would clash with existing data.
    #[error("{0}")]
    Conflict(String),
    /// Nothing matched.
    #[error("{0}")]
    NotFound(String),
    /// More than one record matched a prefix.
    #[error("{0}")]
    Ambiguous(String),
    /// A value broke a rule.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

/// The busy timeout, in seconds.
pub const BUSY_TIMEOUT_SECS: u64 = 5;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Busy(BUSY_TIMEOUT_SECS)
            }
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnly,
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull,
            _ => StoreError::Sqlite(e),
        }
    }
}

/// Shorthand for store results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;
