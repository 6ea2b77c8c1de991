//! Files footlog writes besides the database (exports, backups on request, reports): never over
//! the database, its side files or its backups, never over an existing file without `force`, and
//! always whole (a 0600 temporary file in the same folder, synced, then renamed into place).

use std::fs::{File, Permissions};
use std::io::{BufWriter, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use thiserror::Error;

use super::backup::backups_dir;

/// Why an output file was not written.
#[derive(Debug, Error)]
pub enum OutputError {
    /// The target is the database, one of its side files, or a file in its backups folder.
    #[error(
        "refusing to write {}: it is {what}; choose another file (nothing was written)",
        path.display()
    )]
    Protected {
        /// The target as given.
        path: PathBuf,
        /// What it is ("the database itself", "a file in the database's backups folder" …).
        what: &'static str,
    },
    /// The target exists and `--force` was not given.
    #[error("{} exists; add --force to replace it (nothing was written)", .0.display())]
    Exists(PathBuf),
    /// The target is a directory or another kind of file that cannot be replaced.
    #[error("cannot write {}: {why} (nothing was written)", path.display())]
    NotAFile {
        /// The target as given.
        path: PathBuf,
        /// What it is.
        why: &'static str,
    },
    /// Writing was stopped (a signal, see [`write_output_file_stoppable`]); the temporary file
    /// is removed and the target is as it was.
    #[error("{} was not written: footlog was stopped (nothing was written)", .0.display())]
    Stopped(PathBuf),
    /// Writing failed; the target is as it was.
    #[error("cannot write {}: {source} (the file is as it was)", path.display())]
    Io {
        /// The target as given.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The identity of a file on disk: the same (device, inode) is the same file, whatever the path.
type FileId = (u64, u64);

fn file_id(path: &Path) -> Option<FileId> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// The path with its folder resolved (symlinks, `..`), for a file that may not exist yet.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    parent.canonicalize().ok().map(|p| p.join(name))
}

/// The database file and the side files SQLite keeps beside it.
fn database_files(db: &Path) -> Vec<PathBuf> {
    let mut files = vec![db.to_path_buf()];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut s = db.as_os_str().to_owned();
        s.push(suffix);
        files.push(PathBuf::from(s));
    }
    files
}

/// Refuses `target` when it is the database at `db`, one of its `-wal`/`-shm`/`-journal` files or
/// a file in its backups folder (compared by the real file, so symlinks, hard links and other
/// spellings are caught), when it is not a regular file, or when it exists and `force` is false.
/// `force` never overrides the protection of the database's own files.
pub fn check_output_target(db: &Path, target: &Path, force: bool) -> Result<(), OutputError> {
    let protected = |what| OutputError::Protected {
        path: target.to_path_buf(),
        what,
    };
    let target_id = file_id(target);
    let target_real = resolved(target);
    let db_real = resolved(db);
    for (i, f) in database_files(db).iter().enumerate() {
        let what = if i == 0 {
            "the database itself"
        } else {
            "one of the database's own files"
        };
        if target_id.is_some() && file_id(f) == target_id {
            return Err(protected(what));
        }
        let f_real = if i == 0 { db_real.clone() } else { resolved(f) };
        if target_real.is_some() && f_real == target_real {
            return Err(protected(what));
        }
    }
    let backups = backups_dir(db);
    let in_backups = "a file in the database's backups folder";
    if let (Some(t), Some(b)) = (&target_real, resolved(&backups))
        && t.starts_with(&b)
    {
        return Err(protected(in_backups));
    }
    if let (Some(id), Ok(entries)) = (target_id, std::fs::read_dir(&backups)) {
        for e in entries.flatten() {
            if file_id(&e.path()) == Some(id) {
                return Err(protected(in_backups));
            }
        }
    }
    match std::fs::metadata(target) {
        Ok(m) if m.is_dir() => Err(OutputError::NotAFile {
            path: target.to_path_buf(),
            why: "it is a directory",
        }),
        Ok(m) if !m.is_file() => Err(OutputError::NotAFile {
            path: target.to_path_buf(),
            why: "it is not a regular file",
        }),
        Ok(_) if !force => Err(OutputError::Exists(target.to_path_buf())),
        _ if std::fs::symlink_metadata(target).is_ok() && !force => {
            // A dangling symlink: replacing it is replacing something the user made.
            Err(OutputError::Exists(target.to_path_buf()))
        }
        _ => Ok(()),
    }
}

/// A 0600 temporary file beside `target`, removed on drop unless persisted: tempfile's
/// `NamedTempFile` (created with `O_EXCL`, in the target's folder so the rename stays on one
/// file system), synced before it is renamed into place.
pub struct TempOutput {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
}

impl TempOutput {
    /// Creates the temporary file (checking `target` first, see [`check_output_target`]).
    pub fn create(
        db: &Path,
        target: &Path,
        force: bool,
    ) -> Result<(TempOutput, File), OutputError> {
        check_output_target(db, target, force)?;
        let name = target
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let io = |source| OutputError::Io {
            path: target.to_path_buf(),
            source,
        };
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        // The PID in the name lets a later output to the same file remove what a killed
        // footlog left (with its `-journal`), never a running one's.
        let stem = format!(".{name}");
        super::leftovers::remove_abandoned(dir, &|s| s == stem);
        let tmp = tempfile::Builder::new()
            .prefix(&format!("{stem}.tmp-{}.", std::process::id()))
            .permissions(Permissions::from_mode(0o600))
            .tempfile_in(dir)
            .map_err(io)?;
        let file = tmp.as_file().try_clone().map_err(io)?;
        let t = TempOutput {
            tmp,
            target: target.to_path_buf(),
        };
        Ok((t, file))
    }

    /// The temporary file's path (for writers that need a path, such as SQLite's backup).
    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Syncs the temporary file and renames it over the target; re-checks the target first so
    /// nothing that appeared meanwhile is replaced without `force`. Without `force` the rename
    /// itself never replaces a file (`persist_noclobber`: `renameat2(RENAME_NOREPLACE)`, or a
    /// hard link where the file system lacks it), so one that appears after the check is kept
    /// too. On failure the temporary file is removed.
    pub fn persist(self, db: &Path, force: bool) -> Result<(), OutputError> {
        let target = self.target;
        let io = |source| OutputError::Io {
            path: target.clone(),
            source,
        };
        self.tmp.as_file().sync_all().map_err(io)?;
        check_output_target(db, &target, force)?;
        let persisted = if force {
            self.tmp.persist(&target)
        } else {
            self.tmp.persist_noclobber(&target)
        };
        // A failed persist hands the temporary file back; dropping it removes it.
        persisted.map_err(|e| {
            if !force && e.error.kind() == std::io::ErrorKind::AlreadyExists {
                OutputError::Exists(target.clone())
            } else {
                io(e.error)
            }
        })?;
        if let Some(dir) = target.parent() {
            let dir = if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            };
            if let Ok(d) = File::open(dir) {
                let _ = d.sync_all();
            }
        }
        Ok(())
    }
}

/// Writes an output file safely: checks `target` (see [`check_output_target`]), lets `write` fill
/// a 0600 temporary file in the same folder through a buffered writer, syncs it and renames it into
/// place. On any failure the target is as it was and no temporary file is left.
pub fn write_output_file(
    db: &Path,
    target: &Path,
    force: bool,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    write_output_file_stoppable(db, target, force, &AtomicBool::new(false), write)
}

/// [`write_output_file`], stopped as soon as `stop` is set (by a signal handler): every write
/// into the temporary file then fails, the file is removed, and the result is
/// [`OutputError::Stopped`]; the target is as it was. Once renamed into place the file is whole
/// and kept.
pub fn write_output_file_stoppable(
    db: &Path,
    target: &Path,
    force: bool,
    stop: &AtomicBool,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let stopped = || stop.load(Ordering::SeqCst);
    if stopped() {
        return Err(OutputError::Stopped(target.to_path_buf()));
    }
    let (tmp, file) = TempOutput::create(db, target, force)?;
    let io = |source| {
        if stopped() {
            OutputError::Stopped(target.to_path_buf())
        } else {
            OutputError::Io {
                path: target.to_path_buf(),
                source,
            }
        }
    };
    let mut w = BufWriter::new(Stoppable { inner: file, stop });
    write(&mut w).map_err(io)?;
    w.flush().map_err(io)?;
    drop(w);
    if stopped() {
        return Err(OutputError::Stopped(target.to_path_buf()));
    }
    tmp.persist(db, force)
}

/// A writer that fails once `stop` is set.
struct Stoppable<'a, W> {
    inner: W,
    stop: &'a AtomicBool,
}

impl<W: Write> Write for Stoppable<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.stop.load(Ordering::SeqCst) {
            return Err(std::io::Error::other("stopped"));
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("footlog.db");
        std::fs::write(&db, b"db").expect("write db");
        (dir, db)
    }

    fn write(db: &Path, target: &Path, force: bool) -> Result<(), OutputError> {
        write_output_file(db, target, force, &mut |w| w.write_all(b"new"))
    }

    #[test]
    fn refuses_the_database_by_any_spelling_and_with_force() {
        let (dir, db) = setup();
        let other = dir.path().join("sub");
        std::fs::create_dir(&other).expect("mkdir");
        let spelled = other.join("..").join("footlog.db");
        let link = dir.path().join("link.db");
        std::os::unix::fs::symlink(&db, &link).expect("symlink");
        let hard = dir.path().join("hard.db");
        std::fs::hard_link(&db, &hard).expect("hard link");
        for t in [&db, &spelled, &link, &hard] {
            for force in [false, true] {
                let e = write(&db, t, force).expect_err("must refuse");
                assert!(matches!(e, OutputError::Protected { .. }), "{t:?}: {e}");
            }
        }
        assert_eq!(std::fs::read(&db).expect("read"), b"db");
    }

    #[test]
    fn refuses_side_files_even_when_absent_and_backups() {
        let (dir, db) = setup();
        for side in ["footlog.db-wal", "footlog.db-shm", "footlog.db-journal"] {
            let e = write(&db, &dir.path().join(side), true).expect_err("side file");
            assert!(e.to_string().contains("database's own files"), "{e}");
            assert!(!dir.path().join(side).exists());
        }
        let b = dir.path().join("backups");
        std::fs::create_dir(&b).expect("mkdir");
        let e = write(&db, &b.join("new.json"), true).expect_err("backups");
        assert!(e.to_string().contains("backups folder"), "{e}");
        let inside = b.join("footlog-20260101-000000.db");
        std::fs::write(&inside, b"backup").expect("write");
        let elsewhere = dir.path().join("copy.db");
        std::fs::hard_link(&inside, &elsewhere).expect("hard link");
        assert!(matches!(
            write(&db, &elsewhere, true),
            Err(OutputError::Protected { .. })
        ));
        assert_eq!(std::fs::read(&inside).expect("read"), b"backup");
    }

    #[test]
    fn existing_file_needs_force_and_is_replaced_whole_with_0600() {
        let (dir, db) = setup();
        let t = dir.path().join("out.csv");
        std::fs::write(&t, b"old").expect("write");
        let e = write(&db, &t, false).expect_err("exists");
        assert_eq!(
            e.to_string(),
            format!(
                "{} exists; add --force to replace it (nothing was written)",
                t.display()
            )
        );
        assert_eq!(std::fs::read(&t).expect("read"), b"old");
        write(&db, &t, true).expect("forced");
        assert_eq!(std::fs::read(&t).expect("read"), b"new");
        let mode = std::fs::metadata(&t).expect("meta").mode() & 0o777;
        assert_eq!(mode, 0o600);
        let fresh = dir.path().join("fresh.csv");
        write(&db, &fresh, false).expect("new file");
        assert_eq!(
            std::fs::metadata(&fresh).expect("meta").mode() & 0o777,
            0o600
        );
    }

    #[test]
    fn a_failed_write_leaves_the_target_and_no_temporary_file() {
        let (dir, db) = setup();
        let t = dir.path().join("out.json");
        std::fs::write(&t, b"old").expect("write");
        let e = write_output_file(&db, &t, true, &mut |w| {
            w.write_all(b"partial")?;
            Err(std::io::Error::other("disk on fire"))
        })
        .expect_err("fails");
        assert!(e.to_string().contains("disk on fire"), "{e}");
        assert_eq!(std::fs::read(&t).expect("read"), b"old");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn a_file_that_appears_while_writing_is_kept_without_force_and_no_temporary_is_left() {
        let (dir, db) = setup();
        let t = dir.path().join("out.json");
        let (tmp, mut file) = TempOutput::create(&db, &t, false).expect("temporary");
        let mode = std::fs::metadata(tmp.path()).expect("meta").mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(tmp.path().parent(), Some(dir.path()), "beside the target");
        file.write_all(b"new").expect("write");
        std::fs::write(&t, b"theirs").expect("appeared");
        let e = tmp.persist(&db, false).expect_err("never replaced");
        assert!(matches!(e, OutputError::Exists(_)), "{e}");
        assert_eq!(std::fs::read(&t).expect("read"), b"theirs");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("ls")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn refuses_directories_and_fifos() {
        let (dir, db) = setup();
        let e = write(&db, dir.path(), true).expect_err("dir");
        assert!(matches!(e, OutputError::NotAFile { .. }), "{e}");
        let fifo = dir.path().join("fifo");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo");
        assert!(status.success());
        let e = write(&db, &fifo, true).expect_err("fifo");
        assert!(matches!(e, OutputError::NotAFile { .. }), "{e}");
    }
}
