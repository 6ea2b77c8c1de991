//! Errors from the store, each with enough context for a person to act on.

use std::path::{Path, PathBuf};

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
    /// Another program holds a lock on the database longer than the busy timeout. The path is
    /// `None` until [`StoreError::at`] names the file (SQLite's own errors do not).
    #[error(
        "{} is locked by another program (another footlog, or the sqlite3 tool?); waited {secs} \
         seconds. Close the other program and try again; nothing was written",
        Database(path.as_deref())
    )]
    Locked {
        /// The database, when known.
        path: Option<PathBuf>,
        /// How long footlog waited.
        secs: u64,
    },
    /// The database file or its folder cannot be written, and neither the medium nor the
    /// permissions say why (see [`read_only`]).
    #[error(
        "{} or its folder cannot be written (a read-only file system, or permissions); nothing was written",
        Database(.0.as_deref())
    )]
    ReadOnlyFile(Option<PathBuf>),
    /// The disk holding the database is full.
    #[error(
        "{}the disk is full; nothing was written (the database is unchanged). Free some space \
         and try again",
        Prefix(.0.as_deref())
    )]
    DiskFull(Option<PathBuf>),
    /// The user's disk quota on the file system holding the database is used up (`EDQUOT`).
    #[error(
        "{}the disk quota is exceeded; nothing was written (the database is unchanged). Free \
         some space within your quota (or have it raised) and try again",
        Prefix(.0.as_deref())
    )]
    QuotaExceeded(Option<PathBuf>),
    /// A file of the database has reached the largest size this process may write (`EFBIG`:
    /// the `RLIMIT_FSIZE` resource limit, `ulimit -f`).
    #[error(
        "{}the file has reached its size limit (ulimit -f); nothing was written (the database is \
         unchanged). Raise the limit (ulimit -f unlimited) and try again",
        Prefix(.0.as_deref())
    )]
    FileTooLarge(Option<PathBuf>),
    /// The operating system refused access to the database or its folder.
    #[error(
        "{}: permission denied; footlog may not read or write it. Check the owner and mode of the \
         file (chmod 600) and its folder (chmod 700); nothing was written",
        .0.display()
    )]
    PermissionDenied(PathBuf),
    /// The database is on a file system mounted read-only.
    #[error(
        "{} cannot be written: Read-only file system (the disk or medium is mounted read-only); \
         nothing was written. Remount it read-write, or copy the database somewhere writable and \
         use --db",
        .0.display()
    )]
    ReadOnlyMedium(PathBuf),
    /// The operating system reported an I/O error reading or writing the database.
    #[error(
        "an I/O error on {} ({detail}): the disk or its connection may be failing. Nothing was \
         written; copy the database and its backups somewhere safe, then run footlog check",
        path.display()
    )]
    IoFailed {
        /// The database.
        path: PathBuf,
        /// What SQLite or the system said.
        detail: String,
    },
    /// The file is an SQLite database, but damaged (malformed, corrupt or truncated).
    #[error(
        "{} is damaged ({detail}); nothing was written. Run footlog check to see what is wrong, \
         and footlog restore --list to pick a backup to restore",
        path.display()
    )]
    Damaged {
        /// The database.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The path is neither a regular file nor a directory (a FIFO, a device, a socket).
    #[error(
        "{} is {kind}, not a database file; it was not opened. Give the path of a database file",
        path.display()
    )]
    NotRegularFile {
        /// The path.
        path: PathBuf,
        /// What it is ("a FIFO (named pipe)").
        kind: &'static str,
    },
    /// The backups folder is not safe to write into (see `backups_dir_problem`).
    #[error(
        "{0}; no backup was written there (fix the folder, or write a copy elsewhere with \
         footlog backup --output FILE)"
    )]
    UnsafeBackupsFolder(String),
    /// The work was abandoned on request (the app quit while its backup ran).
    #[error("abandoned")]
    Cancelled,
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[source] rusqlite::Error),
    /// Applying migrations failed; the transaction was rolled back.
    #[error("could not upgrade the database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A stored value could not be read back.
    #[error("the database holds a value footlog cannot read: {what}")]
    Corrupt {
        /// What cannot be read, and why.
        what: String,
        /// The error that said so, when there is one.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },
    /// A stored record cannot be read back as a domain value (table, UUID, field, why).
    #[error("damaged record: {0}; run footlog check")]
    DamagedRecord(Box<crate::domain::damaged::Damaged>),
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

/// The database named by its path, or "the database" while the path is not known.
struct Database<'a>(Option<&'a Path>);

impl std::fmt::Display for Database<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(p) => write!(f, "{}", p.display()),
            None => f.write_str("the database"),
        }
    }
}

/// "PATH: " before a message about the database, or nothing while the path is not known.
struct Prefix<'a>(Option<&'a Path>);

impl std::fmt::Display for Prefix<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(p) => write!(f, "{}: ", p.display()),
            None => Ok(()),
        }
    }
}

/// The busy timeout, in seconds.
pub const BUSY_TIMEOUT_SECS: u64 = 5;

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreError::Locked {
                    path: None,
                    secs: BUSY_TIMEOUT_SECS,
                }
            }
            Some(rusqlite::ErrorCode::ReadOnly) => StoreError::ReadOnlyFile(None),
            Some(rusqlite::ErrorCode::DiskFull) => StoreError::DiskFull(None),
            _ => StoreError::Sqlite(e),
        }
    }
}

impl StoreError {
    /// A stored value footlog cannot read, for a reason footlog found itself.
    pub fn corrupt(what: impl Into<String>) -> StoreError {
        StoreError::Corrupt {
            what: what.into(),
            source: None,
        }
    }

    /// A stored value footlog cannot read, because of `source` (kept as the error's source).
    pub fn corrupt_because(
        what: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> StoreError {
        StoreError::Corrupt {
            what: what.into(),
            source: Some(Box::new(source)),
        }
    }

    /// The same error naming the database at `path`, for the errors SQLite reports without
    /// saying which file (locks, a full disk, read-only, damage, I/O errors). Others are kept.
    #[must_use]
    pub fn at(self, path: &Path) -> StoreError {
        match self {
            StoreError::Locked { path: None, secs } => StoreError::Locked {
                path: Some(path.to_path_buf()),
                secs,
            },
            StoreError::DiskFull(None) => StoreError::DiskFull(Some(path.to_path_buf())),
            StoreError::QuotaExceeded(None) => StoreError::QuotaExceeded(Some(path.to_path_buf())),
            StoreError::FileTooLarge(None) => StoreError::FileTooLarge(Some(path.to_path_buf())),
            StoreError::ReadOnlyFile(None) => read_only(path),
            StoreError::Sqlite(e) => classify(path, e),
            other => other,
        }
    }
}

/// Maps an SQLite error on the database at `path` to the class of failure a person can act on.
pub(crate) fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as C;
    let detail = || match &e {
        rusqlite::Error::SqliteFailure(_, Some(m)) if !m.is_empty() => m.clone(),
        other => other.to_string(),
    };
    match e.sqlite_error_code() {
        Some(C::DatabaseBusy | C::DatabaseLocked) => StoreError::Locked {
            path: Some(path.to_path_buf()),
            secs: BUSY_TIMEOUT_SECS,
        },
        Some(C::DiskFull) => StoreError::DiskFull(Some(path.to_path_buf())),
        Some(C::ReadOnly | C::CannotOpen) => read_only(path),
        Some(C::PermissionDenied) => StoreError::PermissionDenied(path.to_path_buf()),
        // SQLite reports an EIO while reading a page as corruption (SQLITE_IOERR_CORRUPTFS
        // becomes SQLITE_CORRUPT), keeping no errno: reading the files again tells a failing
        // disk from a damaged file.
        Some(C::DatabaseCorrupt | C::NotADatabase) => match unreadable(path) {
            Some(e) => StoreError::IoFailed {
                path: path.to_path_buf(),
                detail: format!("cannot read: {e}"),
            },
            None => StoreError::Damaged {
                path: path.to_path_buf(),
                detail: detail(),
            },
        },
        // SQLite says "disk I/O error" for every failed write but a full disk's ENOSPC, and
        // keeps no errno with it: the file's size against this process's limit (EFBIG), the
        // disk's free space (ENOSPC while growing the -shm) and a probe of the quota (EDQUOT)
        // tell the real cause.
        Some(C::SystemIoFailure) if size_limit_reached(path) => {
            StoreError::FileTooLarge(Some(path.to_path_buf()))
        }
        Some(C::SystemIoFailure) if disk_is_full(path) => {
            StoreError::DiskFull(Some(path.to_path_buf()))
        }
        Some(C::SystemIoFailure) if quota_exceeded(path) => {
            StoreError::QuotaExceeded(Some(path.to_path_buf()))
        }
        Some(C::SystemIoFailure) => StoreError::IoFailed {
            path: path.to_path_buf(),
            detail: detail(),
        },
        _ => StoreError::Sqlite(e),
    }
}

/// The folder holding `path`.
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// The error reading the database at `path` or its `-wal` from start to end gives, if any (an
/// EIO from a failing disk); `None` when both read whole (or cannot be opened: that is not
/// what is asked here).
fn unreadable(path: &Path) -> Option<std::io::Error> {
    use std::io::Read as _;
    let mut buf = vec![0u8; 64 * 1024];
    for file in [path.to_path_buf(), super::inspect::wal_of(path)] {
        let Ok(mut f) = std::fs::File::open(&file) else {
            continue;
        };
        loop {
            match f.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Some(e),
            }
        }
    }
    None
}

/// Whether the database at `path`, or its `-wal`, has reached the largest file this process
/// may write (`RLIMIT_FSIZE`, `ulimit -f`): within a WAL frame of SQLite's largest page of it.
fn size_limit_reached(path: &Path) -> bool {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes only into the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_FSIZE, &raw mut limit) } != 0
        || limit.rlim_cur == libc::RLIM_INFINITY
    {
        return false;
    }
    let frame: u64 = 64 * 1024 + 24;
    [path.to_path_buf(), super::inspect::wal_of(path)]
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .any(|m| m.len().saturating_add(frame) > limit.rlim_cur)
}

/// Whether this user's disk quota on the file system holding `path` is used up: a 64 KiB write
/// to a nameless temporary file in its folder (`O_TMPFILE`, gone when closed: nothing is left
/// behind) fails with `EDQUOT`.
fn quota_exceeded(path: &Path) -> bool {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt;
    let Ok(mut probe) = std::fs::OpenOptions::new()
        .write(true)
        .mode(0o600)
        .custom_flags(libc::O_TMPFILE)
        .open(folder_of(path))
    else {
        return false;
    };
    let written = probe
        .write_all(&vec![0u8; 64 * 1024])
        .and_then(|()| probe.sync_data());
    written.is_err_and(|e| e.raw_os_error() == Some(libc::EDQUOT))
}

/// Whether the file system holding `path` has no room left for this user (less than a page of
/// SQLite's: 64 KiB).
fn disk_is_full(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let folder = folder_of(path);
    let Ok(c) = std::ffi::CString::new(folder.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: statvfs writes only into the zeroed struct it is given; the path is a valid C
    // string that lives across the call.
    let mut s: libc::statvfs = unsafe { std::mem::zeroed() };
    if unsafe { libc::statvfs(c.as_ptr(), &raw mut s) } != 0 {
        return false;
    }
    s.f_bavail.saturating_mul(s.f_frsize) < 64 * 1024
}

/// Why a file that SQLite cannot write cannot be written: the medium, the permissions, or (when
/// neither shows) the folder or the file in some other way.
pub(crate) fn read_only(path: &Path) -> StoreError {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for p in [path, folder] {
        match writable(p) {
            Err(e) if e.raw_os_error() == Some(libc::EROFS) => {
                return StoreError::ReadOnlyMedium(path.to_path_buf());
            }
            Err(e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                return StoreError::PermissionDenied(path.to_path_buf());
            }
            _ => {}
        }
    }
    StoreError::ReadOnlyFile(Some(path.to_path_buf()))
}

/// `access(path, W_OK)`: whether this process may write `path`, without writing anything.
fn writable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // SAFETY: `c` is a valid NUL-terminated string that outlives the call.
    if unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

/// Maps a file-system error on the database at `path` (`what` was being done) to its class.
pub(crate) fn classify_io(what: &'static str, path: &Path, source: std::io::Error) -> StoreError {
    match source.raw_os_error() {
        Some(libc::EROFS) => StoreError::ReadOnlyMedium(path.to_path_buf()),
        Some(libc::EACCES | libc::EPERM) => StoreError::PermissionDenied(path.to_path_buf()),
        Some(libc::ENOSPC) => StoreError::DiskFull(Some(path.to_path_buf())),
        Some(libc::EDQUOT) => StoreError::QuotaExceeded(Some(path.to_path_buf())),
        Some(libc::EFBIG) => StoreError::FileTooLarge(Some(path.to_path_buf())),
        Some(libc::EIO) => StoreError::IoFailed {
            path: path.to_path_buf(),
            detail: format!("{what}: {source}"),
        },
        _ => StoreError::Io {
            what,
            path: path.to_path_buf(),
            source,
        },
    }
}

/// Shorthand for store results.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    fn sqlite(code: i32) -> rusqlite::Error {
        rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(code), None)
    }

    #[test]
    fn each_sqlite_failure_class_gets_its_own_message_naming_the_file() {
        let p = Path::new("/data/footlog.db");
        let cases: &[(i32, &str)] = &[
            (rusqlite::ffi::SQLITE_BUSY, "is locked by another program"),
            (rusqlite::ffi::SQLITE_LOCKED, "is locked by another program"),
            (rusqlite::ffi::SQLITE_FULL, "the disk is full"),
            (rusqlite::ffi::SQLITE_PERM, "permission denied"),
            (rusqlite::ffi::SQLITE_CORRUPT, "footlog restore --list"),
            (rusqlite::ffi::SQLITE_NOTADB, "is damaged"),
            (rusqlite::ffi::SQLITE_IOERR, "an I/O error on"),
            (
                rusqlite::ffi::SQLITE_IOERR_READ,
                "the disk or its connection",
            ),
        ];
        for &(code, needle) in cases {
            let msg = classify(p, sqlite(code)).to_string();
            assert!(msg.contains(needle), "{code}: {msg}");
            assert!(msg.contains("/data/footlog.db"), "{code}: {msg}");
            assert!(
                msg.to_lowercase().contains("nothing was written"),
                "{code}: {msg}"
            );
        }
        let damaged = classify(p, sqlite(rusqlite::ffi::SQLITE_CORRUPT)).to_string();
        assert!(damaged.contains("footlog check"), "{damaged}");
        // Errors from later statements, converted without a path, get it at the edge.
        for e in [
            StoreError::from(sqlite(rusqlite::ffi::SQLITE_BUSY)),
            StoreError::from(sqlite(rusqlite::ffi::SQLITE_FULL)),
            StoreError::from(sqlite(rusqlite::ffi::SQLITE_CORRUPT)),
            StoreError::from(sqlite(rusqlite::ffi::SQLITE_IOERR)),
        ] {
            let msg = e.at(p).to_string();
            assert!(msg.contains("/data/footlog.db"), "{msg}");
        }
    }

    #[test]
    fn one_variant_per_failure_reads_well_before_and_after_the_path_is_known() {
        let p = Path::new("/data/footlog.db");
        let cases: &[(i32, &str, &str)] = &[
            (
                rusqlite::ffi::SQLITE_BUSY,
                "the database is locked by another program (another footlog, or the sqlite3 \
                 tool?); waited 5 seconds. Close the other program and try again; nothing was \
                 written",
                "/data/footlog.db is locked by another program",
            ),
            (
                rusqlite::ffi::SQLITE_FULL,
                "the disk is full; nothing was written (the database is unchanged). Free some \
                 space and try again",
                "/data/footlog.db: the disk is full;",
            ),
            (
                rusqlite::ffi::SQLITE_READONLY,
                "the database or its folder cannot be written (a read-only file system, or \
                 permissions); nothing was written",
                "/data/footlog.db",
            ),
        ];
        for &(code, without, with) in cases {
            let e = StoreError::from(sqlite(code));
            assert_eq!(e.to_string(), without, "{code}");
            let named = e.at(p).to_string();
            assert!(named.starts_with(with), "{code}: {named}");
        }
    }

    #[test]
    fn a_wrapped_sqlite_error_is_kept_as_the_source() {
        use std::error::Error as _;
        let e = StoreError::from(sqlite(rusqlite::ffi::SQLITE_CONSTRAINT));
        assert!(matches!(e, StoreError::Sqlite(_)), "{e:?}");
        let source = e.source().expect("the SQLite error is the source");
        assert!(
            source.downcast_ref::<rusqlite::Error>().is_some(),
            "{source:?}"
        );
        // A failed backup before an upgrade keeps the failure it wraps.
        let wrapped = StoreError::corrupt_because("backup before upgrade failed: x", e);
        assert_eq!(
            wrapped.to_string(),
            "the database holds a value footlog cannot read: backup before upgrade failed: x"
        );
        let inner = wrapped.source().expect("the wrapped error is the source");
        assert!(inner.downcast_ref::<StoreError>().is_some(), "{inner:?}");
        assert!(StoreError::corrupt("x").source().is_none());
    }

    #[test]
    fn file_system_errors_are_classified_by_errno() {
        let p = Path::new("/data/footlog.db");
        let io = |n| std::io::Error::from_raw_os_error(n);
        assert!(matches!(
            classify_io("x", p, io(libc::EROFS)),
            StoreError::ReadOnlyMedium(_)
        ));
        assert!(matches!(
            classify_io("x", p, io(libc::EACCES)),
            StoreError::PermissionDenied(_)
        ));
        assert!(matches!(
            classify_io("x", p, io(libc::ENOSPC)),
            StoreError::DiskFull(Some(_))
        ));
        assert!(matches!(
            classify_io("x", p, io(libc::EIO)),
            StoreError::IoFailed { .. }
        ));
        let quota = classify_io("x", p, io(libc::EDQUOT)).to_string();
        assert!(
            quota.starts_with("/data/footlog.db: the disk quota is exceeded; nothing was written"),
            "{quota}"
        );
        let big = classify_io("x", p, io(libc::EFBIG)).to_string();
        assert!(
            big.starts_with(
                "/data/footlog.db: the file has reached its size limit (ulimit -f); nothing was \
                 written"
            ),
            "{big}"
        );
        assert!(matches!(
            classify_io("x", p, io(libc::ENOENT)),
            StoreError::Io { .. }
        ));
    }

    /// SQLite reports an EIO reading a page as corruption: a file that cannot be read (here
    /// `/proc/self/mem`, whose first page is unmapped: EIO) is an I/O error; one that reads
    /// whole is damaged.
    #[test]
    fn corruption_reported_for_a_file_that_cannot_be_read_is_an_io_error() {
        let eio = classify(
            Path::new("/proc/self/mem"),
            sqlite(rusqlite::ffi::SQLITE_CORRUPT),
        );
        assert!(
            matches!(&eio, StoreError::IoFailed { detail, .. } if detail.contains("os error 5")),
            "{eio:?}"
        );
        let dir = tempfile::tempdir().expect("dir");
        let f = dir.path().join("f.db");
        std::fs::write(&f, [0xffu8; 8192]).expect("write");
        assert!(matches!(
            classify(&f, sqlite(rusqlite::ffi::SQLITE_CORRUPT)),
            StoreError::Damaged { .. }
        ));
        // Without a size limit or a quota, an I/O error stays one.
        assert!(matches!(
            classify(&f, sqlite(rusqlite::ffi::SQLITE_IOERR_WRITE)),
            StoreError::IoFailed { .. }
        ));
    }
}
