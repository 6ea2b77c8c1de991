//! Looking at a database path before opening it for writing: missing, empty, footlog's, or
//! refused (not a regular file, not SQLite, damaged, another program's, too new).

use std::fs::OpenOptions;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::error::{self, BUSY_TIMEOUT_SECS, Result, StoreError};
use super::migrate;

/// `PRAGMA application_id` of a footlog database (`"FtLg"`).
pub const APPLICATION_ID: i64 = 1_182_026_855;

/// What is found at a database path before opening it for writing.
pub(crate) enum Found {
    Missing,
    Fresh,
    Footlog,
}

/// Looks at `path` without changing anything. A path that is not a regular file is refused
/// before it is opened (a FIFO would block); a file is "not SQLite" only when its header says
/// so; a file whose header is SQLite's but that cannot be read is damaged, locked or unreadable,
/// each said as such.
pub(crate) fn inspect(path: &Path) -> Result<Found> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(source) => return Err(error::classify_io("cannot read", path, source)),
    };
    not_a_regular_file(path, &meta)?;
    let mut header = [0u8; 100];
    let n = OpenOptions::new()
        .read(true)
        // Never blocks, even if the path became a FIFO since it was looked at.
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .and_then(|mut f| {
            not_a_regular_file(path, &f.metadata()?).map_err(std::io::Error::other)?;
            read_up_to(&mut f, &mut header)
        })
        .map_err(|source| match source.downcast::<StoreError>() {
            Ok(e) => e,
            Err(source) => error::classify_io("cannot read", path, source),
        })?;
    if n == 0 {
        return Ok(Found::Fresh);
    }
    let wal = wal_of(path);
    // With a -wal file the main file may lag behind its header (a checkpoint cut short by a full
    // disk leaves the pages in the WAL), so its length proves nothing then.
    let has_wal = std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0);
    // `n` is at most the buffer's length.
    let head = header.get(..n).unwrap_or(&header);
    header_problem(path, head, (!has_wal).then_some(meta.len()))?;
    // Bytes 18 and 19 are 2 in a WAL database.
    let wal_mode = header[18] == 2 && header[19] == 2;
    // Without a -wal file a WAL database's header is the whole truth, and footlog's own files
    // say so there (the application_id at byte 68, the schema version at 60): no connection is
    // needed to tell. Anything else is asked of SQLite below.
    let be32 = |i: usize| {
        header
            .get(i..i + 4)
            .and_then(|b| b.try_into().ok())
            .map(u32::from_be_bytes)
    };
    if wal_mode
        && !has_wal
        && n == header.len()
        && be32(68).is_some_and(|id| i64::from(id) == APPLICATION_ID)
        && be32(60).is_some_and(|v| v > 0 && i64::from(v) <= migrate::known_version())
    {
        return Ok(Found::Footlog);
    }
    let read = open_for_inspection(path, wal_mode).and_then(|conn| {
        conn.busy_timeout(Duration::from_secs(BUSY_TIMEOUT_SECS))?;
        facts(&conn)
    });
    let (app_id, version, objects) = match read.map_err(|e| error::classify(path, e)) {
        Ok(f) => f,
        // A -wal that cannot be read in place (on a read-only medium without its -shm, which
        // SQLite needs to read it and cannot create there): the main file says whose the
        // database is, as long as it holds footlog's tables; the reading door then reads a
        // private copy of both files.
        Err(
            e @ (StoreError::ReadOnlyMedium(_)
            | StoreError::ReadOnlyFile(_)
            | StoreError::PermissionDenied(_)),
        ) if wal_mode => match open_immutable(path).and_then(|c| facts(&c)) {
            Ok(f) if f.2 > 0 => f,
            _ => return Err(e),
        },
        Err(e) => return Err(e),
    };
    if app_id == 0 && version == 0 && objects == 0 {
        return Ok(Found::Fresh);
    }
    if app_id != APPLICATION_ID {
        return Err(StoreError::Foreign(path.to_path_buf()));
    }
    let known = migrate::known_version();
    if version > known {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: version,
            known,
        });
    }
    Ok(Found::Footlog)
}

/// A database's `application_id`, `user_version` and number of schema objects.
fn facts(conn: &Connection) -> rusqlite::Result<(i64, i64, i64)> {
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
    Ok((app_id, version, objects))
}

/// Refuses a directory, FIFO, device or socket.
fn not_a_regular_file(path: &Path, meta: &std::fs::Metadata) -> Result<()> {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        return Err(StoreError::IsDirectory(path.to_path_buf()));
    }
    let kind = if t.is_file() {
        return Ok(());
    } else if t.is_fifo() {
        "a FIFO (named pipe)"
    } else if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    };
    Err(StoreError::NotRegularFile {
        path: path.to_path_buf(),
        kind,
    })
}

/// The 16 bytes every SQLite database file starts with.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Judges the first bytes (`head`, up to 100) of a non-empty file: not SQLite when the header
/// says another format; damaged when it is SQLite's but cut short or inconsistent. `len` is the
/// file's length when it must hold the whole database (no `-wal` beside it).
fn header_problem(path: &Path, head: &[u8], len: Option<u64>) -> Result<()> {
    let damaged = |detail: String| StoreError::Damaged {
        path: path.to_path_buf(),
        detail,
    };
    // The magic string, or as much of it as the file holds.
    if !(head.starts_with(SQLITE_MAGIC) || SQLITE_MAGIC.starts_with(head)) {
        return Err(StoreError::NotSqlite(path.to_path_buf()));
    }
    let Some(head) = head.first_chunk::<100>() else {
        return Err(damaged(format!(
            "truncated: {} bytes, shorter than SQLite's 100-byte header",
            head.len()
        )));
    };
    let page_size = match u16::from_be_bytes([head[16], head[17]]) {
        1 => 65_536,
        p => u64::from(p),
    };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(damaged(format!("its header gives page size {page_size}")));
    }
    let Some(len) = len else {
        return Ok(());
    };
    if len < page_size {
        return Err(damaged(format!(
            "truncated: {len} bytes, less than one {page_size}-byte page"
        )));
    }
    let be32 = |i: usize| {
        head.get(i..i + 4)
            .and_then(|b| b.try_into().ok())
            .map_or(0, u32::from_be_bytes)
    };
    // The page count at offset 28 is valid when the change counter (24) equals the
    // version-valid-for number (92).
    let pages = u64::from(be32(28));
    if be32(24) == be32(92) && pages > 0 && len < pages * page_size {
        return Err(damaged(format!(
            "truncated: {len} bytes, but its header says {pages} pages of {page_size} bytes"
        )));
    }
    Ok(())
}

/// A read-only connection that leaves nothing behind. A read-only reader of a WAL database
/// creates `-wal` and `-shm` files it cannot remove again, which would litter a file we then
/// refuse. Without a `-wal` file (or with an empty one, which holds no pages), the main file
/// holds everything, so it is read as immutable (no locks, no side files: also what lets a disk
/// already full be read); with one, SQLite must read it and the side files exist already.
pub(crate) fn open_for_inspection(path: &Path, wal_mode: bool) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let wal = wal_of(path);
    let wal_empty = std::fs::metadata(&wal).map_or(true, |m| m.len() == 0);
    if wal_mode && wal_empty {
        open_immutable(path)
    } else {
        Connection::open_with_flags(path, flags)
    }
}

/// The main file alone, read as immutable: no locks, no side files, no `-wal`.
fn open_immutable(path: &Path) -> rusqlite::Result<Connection> {
    use std::fmt::Write as _;
    use std::os::unix::ffi::OsStrExt;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut uri = String::from("file:");
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri.push_str("?immutable=1");
    Connection::open_with_flags(uri, flags | OpenFlags::SQLITE_OPEN_URI)
}

fn read_up_to(f: &mut std::fs::File, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..).filter(|r| !r.is_empty()) {
        match f.read(rest)? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Where SQLite keeps the `-wal` file of the database at `path`: beside the file itself, with
/// every symbolic link in `path` followed (a database linked into a synced folder has its
/// `-wal` there, not beside the link).
pub(crate) fn wal_of(path: &Path) -> std::path::PathBuf {
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    let mut wal = real.into_os_string();
    wal.push("-wal");
    std::path::PathBuf::from(wal)
}
