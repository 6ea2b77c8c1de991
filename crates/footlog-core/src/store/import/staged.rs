//! A new database filled under a temporary name beside the missing one, so that an import that
//! fails (or is killed) never leaves a database behind.

use std::path::{Path, PathBuf};

use crate::store::{Result, StoreError};

/// A new database being filled beside a missing one: removed (with the folders made for it)
/// unless persisted.
pub(super) struct Staged {
    target: PathBuf,
    /// The new database, until it is given its name.
    pub(super) tmp: PathBuf,
    made_dirs: Vec<PathBuf>,
    done: bool,
}

impl Staged {
    pub(super) fn create(target: &Path) -> Result<Staged> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let mut staged = Staged {
            target: target.to_path_buf(),
            tmp: PathBuf::new(),
            made_dirs: Vec::new(),
            done: false,
        };
        let mut missing = Vec::new();
        let mut dir = parent.as_path();
        while !dir.exists() {
            missing.push(dir.to_path_buf());
            match dir.parent() {
                Some(p) if !p.as_os_str().is_empty() => dir = p,
                _ => break,
            }
        }
        for d in missing.into_iter().rev() {
            use std::os::unix::fs::DirBuilderExt;
            std::fs::DirBuilder::new()
                .mode(0o700)
                .create(&d)
                .map_err(|source| StoreError::Io {
                    what: "cannot create folder",
                    path: d.clone(),
                    source,
                })?;
            staged.made_dirs.push(d);
        }
        let name = target
            .file_name()
            .map_or_else(|| "footlog.db".into(), |n| n.to_string_lossy().into_owned());
        remove_stale(&parent, &format!(".{name}.import-"));
        for n in 0..100 {
            let tmp = parent.join(format!(".{name}.import-{}-{n}", std::process::id()));
            match crate::store::create_private(&tmp) {
                Ok(()) => {
                    staged.tmp = tmp;
                    return Ok(staged);
                }
                Err(StoreError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Err(StoreError::Conflict(format!(
            "cannot create a temporary file beside {}",
            target.display()
        )))
    }

    fn side_files(&self) -> [PathBuf; 2] {
        ["-wal", "-shm"].map(|s| {
            let mut p = self.tmp.as_os_str().to_owned();
            p.push(s);
            PathBuf::from(p)
        })
    }

    /// Gives the new database its name, never replacing a database that appeared meanwhile.
    pub(super) fn persist(&mut self) -> Result<()> {
        let io = |source, path: &Path| StoreError::Io {
            what: "cannot create",
            path: path.to_path_buf(),
            source,
        };
        std::fs::File::open(&self.tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| io(e, &self.tmp))?;
        match std::fs::hard_link(&self.tmp, &self.target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::Conflict(format!(
                    "{} was created by another program while importing; nothing was imported \
                     (run the import again)",
                    self.target.display()
                )));
            }
            Err(e) => return Err(io(e, &self.target)),
        }
        self.done = true;
        let _ = std::fs::remove_file(&self.tmp);
        for f in self.side_files() {
            let _ = std::fs::remove_file(f);
        }
        if let Some(dir) = self.target.parent()
            && let Ok(d) = std::fs::File::open(if dir.as_os_str().is_empty() {
                Path::new(".")
            } else {
                dir
            })
        {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

/// Removes what an import killed half way into a new database left in `dir` (files named
/// `prefix<pid>-<n>`, with their `-wal`/`-shm`, whose process is gone). Only where `/proc` tells.
fn remove_stale(dir: &Path, prefix: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(pid) = name
            .strip_prefix(prefix)
            .and_then(|rest| rest.split('-').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if self.done {
            return;
        }
        if !self.tmp.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.tmp);
            for f in self.side_files() {
                let _ = std::fs::remove_file(f);
            }
        }
        for d in self.made_dirs.iter().rev() {
            let _ = std::fs::remove_dir(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftovers_of_a_killed_import_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = |n: &str| dir.path().join(n);
        let dead = ".footlog.db.import-999999999-0";
        let own = format!(".footlog.db.import-{}-0", std::process::id());
        for n in [
            dead,
            &format!("{dead}-wal"),
            &own,
            "footlog.db",
            ".other.db.import-999999999-0",
        ] {
            std::fs::write(p(n), b"x").expect("write");
        }
        remove_stale(dir.path(), ".footlog.db.import-");
        if Path::new("/proc/self").exists() {
            assert!(!p(dead).exists() && !p(&format!("{dead}-wal")).exists());
        }
        for n in [own.as_str(), "footlog.db", ".other.db.import-999999999-0"] {
            assert!(p(n).exists(), "{n} is kept");
        }
    }
}
