//! A full disk and a read-only file system, on small tmpfs mounts made by the test (needs root,
//! as in CI; elsewhere each test is skipped with a message). Clear errors, nothing lost.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_footlog");

/// A tmpfs of `size` mounted on a fresh folder, unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// `None` (the test is skipped) outside CI without root or `mount`; under CI that fails.
    fn mount(size: &str) -> Option<Tmpfs> {
        use crate::support::need::{require_root, require_tool};
        if !(require_root("mount a tmpfs") && require_tool("mount")) {
            return None;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .output()
            .expect("run mount");
        assert!(
            out.status.success(),
            "mount -t tmpfs failed as root: {out:?}"
        );
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Remounts read-only. A file of the mount that another test's child process holds for a
    /// moment (a fork inherits every descriptor until it runs its program) makes the kernel say
    /// "busy": tried again for up to 5 s.
    fn remount_read_only(&self) {
        let mut tries = 0;
        loop {
            let out = Command::new("mount")
                .args(["-o", "remount,ro"])
                .arg(self.path())
                .output()
                .expect("mount");
            if out.status.success() {
                return;
            }
            tries += 1;
            assert!(tries < 50, "{out:?}");
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).output();
    }
}

fn footlog(db: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TZ", "UTC")
        .env("FOOTLOG_NOW", "2026-11-23 20:30")
        .output()
        .expect("run footlog")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn integrity(db: &Path) -> String {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check")
}

#[test]
fn a_full_disk_gives_a_clear_error_and_loses_nothing() {
    let Some(fs) = Tmpfs::mount("256k") else {
        return;
    };
    let db: PathBuf = fs.path().join("footlog.db");
    let note = "x".repeat(1900);
    let mut acknowledged = Vec::new();
    let failure = loop {
        let out = footlog(
            &db,
            &["log", "--before", "6", "--after", "2", "--note", &note],
        );
        if !out.status.success() {
            break out;
        }
        acknowledged.push(String::from_utf8_lossy(&out.stdout).trim().to_string());
        assert!(acknowledged.len() < 1000, "the disk never filled");
    };
    assert_eq!(failure.status.code(), Some(1), "{}", stderr(&failure));
    assert!(
        stderr(&failure).contains("disk is full")
            && stderr(&failure).contains(&db.display().to_string()),
        "{}",
        stderr(&failure)
    );
    assert!(!acknowledged.is_empty());
    // Every acknowledged session is there, the file is sound, and reading still works.
    assert_eq!(integrity(&db), "ok");
    let list = footlog(&db, &["list", "--json"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    let uuids: Vec<&str> = listed
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["uuid"].as_str())
        .collect();
    assert_eq!(uuids.len(), acknowledged.len());
    for u in &acknowledged {
        assert!(uuids.contains(&u.as_str()), "{u} lost");
    }
    // An import that cannot fit is all or nothing too.
    let big = fs.path().join("..").join("big.json");
    let sessions: Vec<serde_json::Value> = (0..300)
        .map(|i| {
            serde_json::json!({"started_at": format!("2026-01-{:02}T20:00:00+00:00", i % 28 + 1),
                "tension_before": 5, "tension_after": 2, "note": "y".repeat(1900)})
        })
        .collect();
    std::fs::write(
        &big,
        serde_json::json!({"version": 1, "sessions": sessions}).to_string(),
    )
    .expect("write");
    let imported = footlog(&db, &["import", big.to_str().expect("utf8")]);
    assert_eq!(imported.status.code(), Some(1), "{}", stderr(&imported));
    let _ = std::fs::remove_file(&big);
    assert_eq!(integrity(&db), "ok");
    let after: serde_json::Value =
        serde_json::from_slice(&footlog(&db, &["list", "--json"]).stdout).expect("json");
    assert_eq!(
        after.as_array().expect("array").len(),
        acknowledged.len(),
        "nothing of the import"
    );
}

#[test]
fn a_read_only_file_system_refuses_writes_clearly_and_still_reads() {
    let Some(fs) = Tmpfs::mount("2m") else { return };
    let db = fs.path().join("footlog.db");
    assert!(
        footlog(&db, &["log", "--before", "6", "--after", "2"])
            .status
            .success()
    );
    let before = std::fs::read(&db).expect("read");
    fs.remount_read_only();

    let out = footlog(&db, &["log", "--before", "6", "--after", "2"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("cannot be written: Read-only file system")
            && stderr(&out).contains(&db.display().to_string()),
        "{}",
        stderr(&out)
    );
    let new = footlog(&fs.path().join("other.db"), &["sleep", "--quality", "3"]);
    assert_eq!(new.status.code(), Some(1));
    assert!(
        stderr(&new).contains("Read-only file system"),
        "{}",
        stderr(&new)
    );

    let stats = footlog(&db, &["stats", "--json"]);
    assert!(stats.status.success(), "{}", stderr(&stats));
    let stats: serde_json::Value = serde_json::from_slice(&stats.stdout).expect("json");
    assert_eq!(stats["sessions_total"], 1);
    assert_eq!(std::fs::read(&db).expect("read"), before, "untouched");
}

/// A disk that is already full (issue 19.4): a write says the disk is full, naming the file, not
/// "an I/O error … the disk may be failing" (SQLite's word for the shared-memory file it could
/// not grow), and reading still works.
#[test]
fn a_disk_already_full_says_so_and_still_reads() {
    let Some(fs) = Tmpfs::mount("256k") else {
        return;
    };
    let db: PathBuf = fs.path().join("footlog.db");
    let logged = footlog(&db, &["log", "--before", "6", "--after", "2"]);
    assert!(logged.status.success(), "{}", stderr(&logged));
    // Fill what is left.
    let filler = fs.path().join("filler");
    let mut f = std::fs::File::create(&filler).expect("filler");
    let block = vec![0u8; 4096];
    while std::io::Write::write_all(&mut f, &block).is_ok() {}
    drop(f);
    let write = footlog(&db, &["log", "--before", "5", "--after", "1"]);
    assert_eq!(write.status.code(), Some(1), "{}", stderr(&write));
    assert!(
        stderr(&write).contains("the disk is full")
            && stderr(&write).contains(&db.display().to_string()),
        "{}",
        stderr(&write)
    );
    let list = footlog(&db, &["list", "--json"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    assert_eq!(listed.as_array().expect("array").len(), 1);
    let _ = std::fs::remove_file(&filler);
    assert_eq!(integrity(&db), "ok");
}

/// The shim `tests/fixtures/fail_io.c`, built with `cc` into `dir`: `None` (the test is skipped)
/// outside CI without `cc`; under CI that fails.
fn fail_io_shim(dir: &Path) -> Option<PathBuf> {
    if !crate::support::need::require_tool("cc") {
        return None;
    }
    let so = dir.join("fail_io.so");
    let out = Command::new("cc")
        .args(["-shared", "-fPIC", "-o"])
        .arg(&so)
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/fail_io.c"
        ))
        .arg("-ldl")
        .output()
        .expect("run cc");
    assert!(out.status.success(), "cc: {}", stderr(&out));
    Some(so)
}

/// An EIO reading page 1 (a failing disk: the kernel's answer, given by a shim at the read(2)
/// boundary) is an I/O error, not damage (issue 19.4): SQLite reports it as "database disk
/// image is malformed", so footlog reads the file again to tell. A damaged file still says
/// damaged.
#[test]
fn an_io_error_reading_page_1_is_not_called_damage() {
    let dir = tempfile::tempdir().expect("dir");
    let Some(shim) = fail_io_shim(dir.path()) else {
        return;
    };
    let db = dir.path().join("footlog.db");
    assert!(
        footlog(&db, &["log", "--before", "6", "--after", "2"])
            .status
            .success()
    );
    let before = std::fs::read(&db).expect("read");
    for args in [
        &["list"][..],
        &["check"],
        &["export"],
        &["log", "--before", "5", "--after", "1"],
    ] {
        let out = Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("TZ", "UTC")
            .env("FOOTLOG_NOW", "2026-11-23 20:30")
            .env("LD_PRELOAD", &shim)
            .env("FAIL_IO_EIO_FILE", &db)
            .output()
            .expect("run footlog");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("an I/O error on")
                && err.contains("the disk or its connection may be failing"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("damaged"), "{args:?}: {err}");
    }
    assert_eq!(std::fs::read(&db).expect("read"), before, "untouched");
    // Without the failing reads, a file damaged on page 1 is still said to be damaged.
    let mut damaged = before.clone();
    for b in damaged.get_mut(100..4096).expect("page 1") {
        *b = 0xff;
    }
    std::fs::write(&db, &damaged).expect("write");
    let out = footlog(&db, &["list"]);
    assert!(stderr(&out).contains("is damaged"), "{}", stderr(&out));
}

/// A write past the file-size limit (`ulimit -f`, with SIGXFSZ ignored so the write fails with
/// EFBIG instead of ending the process) is named as such (issue 19.4), not "an I/O error … the
/// disk may be failing", and nothing acknowledged is lost.
#[test]
fn a_write_past_the_file_size_limit_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("footlog.db");
    assert!(
        footlog(&db, &["log", "--before", "6", "--after", "2"])
            .status
            .success()
    );
    let size = std::fs::metadata(&db).expect("meta").len();
    // Blocks of 512 bytes (POSIX sh) or 1024 (bash): above the file as it is either way.
    let blocks = size.div_ceil(512) + 64;
    let note = "x".repeat(1900);
    let mut acknowledged = Vec::new();
    let failure = loop {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "trap '' XFSZ; ulimit -f {blocks} && exec \"$0\" --db \"$1\" log --before 6 --after 2 --note \"$2\""
            ))
            .arg(BIN)
            .arg(&db)
            .arg(&note)
            .env("TZ", "UTC")
            .env("FOOTLOG_NOW", "2026-11-23 20:30")
            .output()
            .expect("run footlog");
        if !out.status.success() {
            break out;
        }
        acknowledged.push(String::from_utf8_lossy(&out.stdout).trim().to_string());
        assert!(acknowledged.len() < 500, "the limit was never reached");
    };
    let err = stderr(&failure);
    assert_eq!(failure.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the file has reached its size limit (ulimit -f)")
            && err.contains(&db.display().to_string()),
        "{err}"
    );
    assert_eq!(integrity(&db), "ok");
    let list = footlog(&db, &["list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    let uuids: Vec<&str> = listed
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|s| s["uuid"].as_str())
        .collect();
    for u in &acknowledged {
        assert!(uuids.contains(&u.as_str()), "{u} lost");
    }
}

/// A write refused for a used-up disk quota (EDQUOT) is named as such (issue 19.4). This
/// machine's kernels have no quota support for tmpfs or ext4 (`CONFIG_TMPFS_QUOTA`,
/// `CONFIG_QFMT_V2`), so the kernel's answer is given by a shim at the write(2) boundary for every
/// file in the database's folder: footlog's classification, its probe included, runs for real.
#[test]
fn a_write_over_the_disk_quota_says_so() {
    let dir = tempfile::tempdir().expect("dir");
    let Some(shim) = fail_io_shim(dir.path()) else {
        return;
    };
    let data = dir.path().join("data");
    let db = data.join("footlog.db");
    assert!(
        footlog(&db, &["log", "--before", "6", "--after", "2"])
            .status
            .success()
    );
    let before = std::fs::read(&db).expect("read");
    let out = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["log", "--before", "5", "--after", "1"])
        .env("TZ", "UTC")
        .env("FOOTLOG_NOW", "2026-11-23 20:30")
        .env("LD_PRELOAD", &shim)
        .env("FAIL_IO_EDQUOT_DIR", &data)
        .output()
        .expect("run footlog");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the disk quota is exceeded") && err.contains(&db.display().to_string()),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).expect("read"), before, "untouched");
    assert_eq!(integrity(&db), "ok");
}

/// A database on a tmpfs that is then mounted read-only, with its `-wal` still holding a
/// session and no `-shm` beside it (SQLite reads a `-wal` only through that shared-memory file,
/// which it cannot create there): `None` when the test is skipped.
fn read_only_with_a_wal() -> Option<(Tmpfs, PathBuf)> {
    let fs = Tmpfs::mount("4m")?;
    let dir = fs.path();
    let out = Command::new("chmod")
        .arg("700")
        .arg(dir)
        .output()
        .expect("chmod");
    assert!(out.status.success());
    let db = dir.join("footlog.db");
    assert!(
        footlog(&db, &["log", "--before", "6", "--after", "2"])
            .status
            .success()
    );
    // A connection that stays open keeps the next session in the -wal, and leaves it there
    // when it closes.
    let holder = rusqlite::Connection::open(&db).expect("open");
    holder
        .set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )
        .expect("no checkpoint on close");
    holder
        .query_row("SELECT count(*) FROM sessions", [], |r| r.get::<_, i64>(0))
        .expect("read");
    assert!(
        footlog(&db, &["log", "--before", "7", "--after", "3"])
            .status
            .success()
    );
    drop(holder);
    let mut wal = db.clone().into_os_string();
    wal.push("-wal");
    assert!(
        std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0),
        "the -wal holds the second session"
    );
    let mut shm = db.clone().into_os_string();
    shm.push("-shm");
    let _ = std::fs::remove_file(&shm);
    fs.remount_read_only();
    Some((fs, db))
}

/// `check` (and `list`) on a read-only medium whose `-wal` cannot be read in place read a
/// private copy of the database and its `-wal` (issue 19.9): every session is there, `check`
/// says it read a copy, and the copy is gone afterwards. Before, both failed with "cannot be
/// written: Read-only file system".
#[test]
fn check_reports_on_a_database_on_a_read_only_medium() {
    let Some((_fs, db)) = read_only_with_a_wal() else {
        return;
    };
    let before = std::fs::read(&db).expect("read");
    // The copies are made in the temporary folder footlog is given.
    let tmp = tempfile::tempdir().expect("tmp");
    let run = |args: &[&str]| {
        Command::new(BIN)
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("TZ", "UTC")
            .env("FOOTLOG_NOW", "2026-11-23 20:30")
            .env("TMPDIR", tmp.path())
            .output()
            .expect("run footlog")
    };
    let copies = || std::fs::read_dir(tmp.path()).expect("ls").count();
    let check = run(&["check"]);
    let text = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{text}{}", stderr(&check));
    assert!(
        text.contains("Records:        ok (3 rows read)")
            && text.contains("Read from:      a private copy")
            && text.contains("All good."),
        "{text}"
    );
    let json = run(&["check", "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(report["read_from_a_copy"], true, "{report}");
    assert_eq!(report["ok"], true, "{report}");
    let list = run(&["list", "--json"]);
    assert!(list.status.success(), "{}", stderr(&list));
    let listed: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    assert_eq!(listed.as_array().expect("array").len(), 2, "both sessions");
    assert_eq!(copies(), 0, "no copy is left behind");
    assert_eq!(std::fs::read(&db).expect("read"), before, "untouched");
}

/// The app on a database it cannot write (issue 19.9) opens it for reading and says so on its
/// status line, instead of failing: the dashboard shows both sessions.
#[test]
fn the_app_opens_a_database_on_a_read_only_medium_read_only_and_says_so() {
    use crate::support::tmux::{Tmux, quote};
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let Some((fs, db)) = read_only_with_a_wal() else {
        return;
    };
    let command = format!(
        "env FOOTLOG_NOW='2026-11-23 20:30' TZ=UTC XDG_CONFIG_HOME={cfg} TERM=xterm-256color \
         {bin} --db {db}; echo FOOTLOG-EXITED=$?; sleep 60",
        cfg = quote(fs.path()),
        bin = quote(Path::new(BIN)),
        db = quote(&db),
    );
    let tmux = Tmux::start("read-only", &command, 120, 30);
    let screen = tmux.wait_until("the read-only notice and both sessions", |s| {
        s.contains("FOOTLOG-EXITED")
            || (s.contains("Read-only:") && s.contains("changes are off") && s.contains("7 → 3"))
    });
    assert!(!screen.contains("FOOTLOG-EXITED"), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_for("FOOTLOG-EXITED=0");
}
