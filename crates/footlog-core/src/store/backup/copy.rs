//! The copies themselves: SQLite's online backup API into a new 0600 file, before a schema
//! upgrade and for the automatic backups.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, FixedOffset};
use rusqlite::Connection;
use rusqlite::backup::{Backup, StepResult};

use super::folder::{AUTO_PREFIX, AUTO_SUFFIX, next_sequence};
use crate::store::error::classify_io;
use crate::store::private_files::create_private;
use crate::store::{Result, StoreError};

/// Copies the live database behind `conn` to `dest`, which must not exist yet.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
    create_private(dest)?;
    let result = (|| -> Result<()> {
        let mut out = open_copy(dest)?;
        let backup = Backup::new(conn, &mut out)?;
        // All pages in one step, so no sleeps between steps (this runs before an upgrade, on
        // the way to the first frame); the pause is only taken while another writer holds a
        // lock.
        backup.run_to_completion(i32::MAX, Duration::from_millis(5), None)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(dest);
    }
    result
}

/// Writes `<db>.v<version>-<unix seconds>.bak` beside the database before a schema upgrade.
pub(in crate::store) fn before_migration(
    conn: &Connection,
    path: &Path,
    version: i64,
) -> Result<PathBuf> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let name = path
        .file_name()
        .map_or_else(|| "footlog.db".into(), |n| n.to_string_lossy().into_owned());
    let mut dest = path.with_file_name(format!("{name}.v{version}-{stamp}.bak"));
    let mut n = 1;
    while dest.exists() {
        dest = path.with_file_name(format!("{name}.v{version}-{stamp}-{n}.bak"));
        n += 1;
    }
    backup_to(conn, &dest).map_err(|e| match e {
        StoreError::Io { .. } => e,
        other => {
            StoreError::corrupt_because(format!("backup before upgrade failed: {other}"), other)
        }
    })?;
    Ok(dest)
}

/// `footlog-YYYYMMDD-HHMMSS` for `now`.
fn stamp(now: &DateTime<FixedOffset>) -> String {
    format!("{AUTO_PREFIX}{}", now.format("%Y%m%d-%H%M%S"))
}

/// Copies the live database behind `src` into a new automatic backup in `dir` named for `now`:
/// through a 0600 temporary file in the same folder (tempfile's `NamedTempFile`, named
/// `.footlog-….db.tmp-PID.XXXXXX`: no footlog name, so never listed or rotated, and the PID lets
/// the next backup remove what a killed process left), copied without sleeps between steps,
/// synced, stamped with `now` as its modification time, then renamed to its final name with
/// `persist_noclobber` (never over an existing file: the next free name is tried). Stops when
/// `cancel` is set; on any failure the temporary file is removed.
pub(in crate::store) fn write_backup(
    src: &Connection,
    dir: &Path,
    now: &DateTime<FixedOffset>,
    cancel: &AtomicBool,
) -> Result<PathBuf> {
    let base = stamp(now);
    remove_abandoned_temporaries(dir);
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{base}.db.tmp-{}.", std::process::id()))
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(|source| classify_io("cannot write", dir, source))?;
    let mut out = open_copy(tmp.path())?;
    copy_pages(src, &mut out, cancel)?;
    out.close().map_err(|(_, e)| StoreError::from(e))?;
    let f = tmp.as_file();
    f.sync_all()
        .and_then(|()| f.set_modified(SystemTime::from(*now)))
        .map_err(|source| classify_io("cannot write", tmp.path(), source))?;
    // Never a name a backup had before (rotation frees names): after the last one taken at this
    // stamp, so the sequence keeps the order of backups taken within one second.
    let mut n = next_sequence(dir, &base);
    let dest = loop {
        let dest = if n == 0 {
            dir.join(format!("{base}{AUTO_SUFFIX}"))
        } else {
            dir.join(format!("{base}-{n}{AUTO_SUFFIX}"))
        };
        match tmp.persist_noclobber(&dest) {
            Ok(_) => break dest,
            // The temporary file comes back; dropping it (on return) removes it.
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => {
                tmp = e.file;
                n += 1;
            }
            Err(e) => return Err(classify_io("cannot write", &dest, e.error)),
        }
    };
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(dest)
}

/// Removes temporary backup files (`.footlog-….db.tmp-PID.XXXXXX`), and their `-journal`,
/// `-wal` and `-shm`, left in `dir` by a footlog process that no longer runs (killed, or crashed,
/// while copying).
fn remove_abandoned_temporaries(dir: &Path) {
    crate::store::leftovers::remove_abandoned(dir, &|stem| {
        stem.starts_with(&format!(".{AUTO_PREFIX}")) && stem.ends_with(AUTO_SUFFIX)
    });
}

/// Opens the file a copy is written into, with its rollback journal kept in memory: a copy
/// that is stopped (killed, cancelled) then leaves no `-journal` of health data beside it, only
/// the temporary file itself, which is removed or, after a crash, found by the next backup.
pub(in crate::store) fn open_copy(path: &Path) -> Result<Connection> {
    let out = Connection::open(path)?;
    out.query_row("PRAGMA journal_mode = MEMORY", [], |_| Ok(()))?;
    Ok(out)
}

/// Copies every page of `src` into `out` with the online backup API, a batch at a time, without
/// sleeps; stops with [`StoreError::Cancelled`] as soon as `cancel` is set (the caller removes
/// `out`'s file).
pub(in crate::store) fn copy_pages(
    src: &Connection,
    out: &mut Connection,
    cancel: &AtomicBool,
) -> Result<()> {
    let backup = Backup::new(src, out)?;
    loop {
        if cancel.load(Ordering::SeqCst) {
            return Err(StoreError::Cancelled);
        }
        match backup.step(1024)? {
            StepResult::Done => return Ok(()),
            // Only a writer in rollback-journal mode blocks a reader; wait for it.
            StepResult::Busy | StepResult::Locked => {
                std::thread::sleep(Duration::from_millis(20));
            }
            // `More` (and whatever a later rusqlite adds): copy the next pages.
            _ => {}
        }
    }
}

/// A copy of `src` with the page size of `live`, when they differ and `live` is in WAL mode:
/// SQLite's backup API cannot change the page size of a WAL database (it fails with
/// `SQLITE_READONLY`, which read as "cannot be written"), so a sound backup that another tool
/// vacuumed to 8192 or 65536 bytes a page is first copied (a 0600 temporary file in `dir`,
/// named like the backups' own so a crash leaves nothing the next backup does not remove) and
/// vacuumed to `live`'s page size. `None` when `src` can be copied in as it is. The file goes
/// when the returned value is dropped.
pub(in crate::store) fn with_page_size_of(
    src: &Connection,
    live: &Connection,
    dir: &Path,
) -> Result<Option<(tempfile::NamedTempFile, Connection)>> {
    let page_size = |c: &Connection| c.query_row("PRAGMA page_size", [], |r| r.get::<_, i64>(0));
    let (want, have) = (page_size(live)?, page_size(src)?);
    let mode: String = live.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
    if want == have || !mode.eq_ignore_ascii_case("wal") {
        return Ok(None);
    }
    let (tmp, out) = temp_copy(src, dir, "resize")?;
    out.execute_batch(&format!("PRAGMA page_size = {want}; VACUUM;"))?;
    Ok(Some((tmp, out)))
}

/// A private temporary copy of `src` in `dir` (0600, named so that one a killed footlog
/// abandoned is removed later), in rollback-journal mode, to be changed before it is copied on.
pub(in crate::store) fn temp_copy(
    src: &Connection,
    dir: &Path,
    what: &str,
) -> Result<(tempfile::NamedTempFile, Connection)> {
    remove_abandoned_temporaries(dir);
    let tmp = tempfile::Builder::new()
        .prefix(&format!(
            ".{AUTO_PREFIX}{what}{AUTO_SUFFIX}.tmp-{}.",
            std::process::id()
        ))
        .permissions(std::fs::Permissions::from_mode(0o600))
        .tempfile_in(dir)
        .map_err(|source| classify_io("cannot write", dir, source))?;
    let mut out = open_copy(tmp.path())?;
    copy_pages(src, &mut out, &AtomicBool::new(false))?;
    // The copy's header says WAL, as its source's did; it is changed as a plain file.
    out.query_row("PRAGMA journal_mode = MEMORY", [], |_| Ok(()))?;
    Ok((tmp, out))
}
