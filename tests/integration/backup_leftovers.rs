//! A backup that is stopped, by a signal or a crash, leaves no copy of the health data behind
//! (issue 19.15): no temporary file, no `-journal`; what an earlier crash left is cleaned up.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_footlog");

fn footlog(db: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--db")
        .arg(db)
        .env("TZ", "UTC")
        .env("FOOTLOG_NOW", "2026-11-23 20:30");
    c
}

/// A footlog database of about 24 MB (padding in a table of its own), so a copy takes long
/// enough to be stopped half-way.
fn big_db(dir: &Path) -> PathBuf {
    let db = dir.join("footlog.db");
    let out = footlog(&db)
        .args(["log", "--before", "5", "--after", "2"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    let c = rusqlite::Connection::open(&db).expect("open");
    c.execute_batch(
        "CREATE TABLE padding(b BLOB);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 24)
         INSERT INTO padding SELECT randomblob(1000000) FROM n;",
    )
    .expect("pad");
    drop(c);
    db
}

/// The names in `dir` that start with a dot or end in `-journal`, `-wal` or `-shm`: temporary
/// copies and their side files.
fn leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| {
                    n.starts_with('.')
                        || n.ends_with("-journal")
                        || n.ends_with("-wal")
                        || n.ends_with("-shm")
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn integrity(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check")
}

/// Runs `args`, sends SIGTERM after `delay`, and says whether it landed before the command was
/// done (it did not exit 0).
fn term_after(db: &Path, args: &[&str], delay: Duration) -> bool {
    let mut child = footlog(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    std::thread::sleep(delay);
    // SAFETY: signalling our own child, which has not been waited for yet.
    unsafe {
        libc::kill(
            libc::pid_t::try_from(child.id()).expect("pid"),
            libc::SIGTERM,
        );
    }
    let status = child.wait().expect("wait");
    if let Some(code) = status.code() {
        assert!(code == 0 || code == 128 + libc::SIGTERM, "{status:?}");
    }
    !status.success()
}

#[test]
fn sigterm_during_a_backup_leaves_no_copy_behind() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = big_db(dir.path());
    let outputs = dir.path().join("out");
    std::fs::create_dir(&outputs).expect("mkdir");
    let target = outputs.join("b.db");
    let backups = dir.path().join("backups");
    let mut stopped = [0, 0];
    for ms in (2..200).step_by(7) {
        let delay = Duration::from_millis(ms);
        let _ = std::fs::remove_file(&target);
        let target_arg = target.to_str().expect("UTF-8");
        for (i, args) in [&["backup", "--output", target_arg][..], &["backup"][..]]
            .iter()
            .enumerate()
        {
            if term_after(&db, args, delay) {
                stopped[i] += 1;
            }
            // (The database's own -wal and -shm are no copy: a signal that came before
            // footlog could handle it leaves them, as any crash does, and the WAL is safe.)
            for folder in [&outputs, &backups, &dir.path().to_path_buf()] {
                let mut left = leftovers(folder);
                left.retain(|n| !n.starts_with("footlog.db-"));
                assert_eq!(
                    left,
                    Vec::<String>::new(),
                    "{args:?} stopped after {ms} ms left these in {}",
                    folder.display()
                );
            }
        }
        if target.exists() {
            assert_eq!(integrity(&target), "ok", "a backup is whole or absent");
        }
    }
    assert!(
        stopped.iter().all(|&n| n > 0),
        "SIGTERM never landed during a copy ({stopped:?}): the test proved nothing"
    );
}

/// A process that has ended: its PID is free (until reused, which a test run does not reach).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

#[test]
fn the_next_backup_removes_what_a_killed_one_left_journal_included() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let out = footlog(&db)
        .args(["log", "--before", "5", "--after", "2"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).expect("mkdir");
    let outputs = dir.path().join("out");
    std::fs::create_dir(&outputs).expect("mkdir");
    let pid = dead_pid();
    let tmp = format!(".footlog-20261123-203000.db.tmp-{pid}.AbC123");
    let out_tmp = format!(".b.db.tmp-{pid}.XyZ789");
    for (folder, names) in [
        (
            &backups,
            vec![
                tmp.clone(),
                format!("{tmp}-journal"),
                format!("{tmp}-wal"),
                format!("{tmp}-shm"),
                // The journal alone: an older footlog removed the temporary file but not it.
                format!(".footlog-20261122-203000.db.tmp-{pid}.QqQ111-journal"),
            ],
        ),
        (
            &outputs,
            vec![out_tmp.clone(), format!("{out_tmp}-journal")],
        ),
    ] {
        for n in names {
            std::fs::write(folder.join(n), b"health data").expect("write");
        }
    }
    // A live process's temporary file, and files of the user's own, are left alone.
    let mine = std::process::id();
    let live = format!(".footlog-20261123-203000.db.tmp-{mine}.LiVe00");
    let users = ["notes.db-journal", ".footlog-mine", "b.db.tmp-1.x-journal"];
    for n in std::iter::once(live.as_str()).chain(users) {
        std::fs::write(backups.join(n), b"keep").expect("write");
    }
    let out = footlog(&db).arg("backup").output().expect("run");
    assert!(out.status.success(), "{out:?}");
    let out = footlog(&db)
        .args(["backup", "--output"])
        .arg(outputs.join("b.db"))
        .output()
        .expect("run");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(leftovers(&outputs), Vec::<String>::new());
    let mut want = vec![live, ".footlog-mine".to_string()];
    want.extend(["b.db.tmp-1.x-journal", "notes.db-journal"].map(String::from));
    want.sort();
    assert_eq!(leftovers(&backups), want);
}

/// `export --output`, `report --output` and `remind --ics --output` that are stopped by SIGTERM
/// leave no temporary file beside the target (issue 19.15, the other outputs): the signal stops
/// the write, the temporary file is removed, footlog ends with 128 + the signal; the target is
/// whole or absent. Before, a SIGTERM during the write left `.TARGET.tmp-PID.XXXXXX` behind.
#[test]
fn sigterm_during_an_output_file_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T20:30:00+00:00").expect("time");
    let batch = footlog::demo::generate(&now, 1500, 7);
    let mut store = footlog::store::Store::open(&db).expect("open");
    store.import(&batch).expect("import");
    drop(store);
    let outputs = dir.path().join("out");
    std::fs::create_dir(&outputs).expect("mkdir");
    let target = outputs.join("t");
    let target_arg = target.to_str().expect("UTF-8");
    let commands: [&[&str]; 4] = [
        &["export", "--output", target_arg],
        &["export", "--format", "csv", "--output", target_arg],
        &["report", "--weeks", "52", "--output", target_arg],
        &["remind", "--ics", "--output", target_arg],
    ];
    let mut stopped_in_write = 0;
    for ms in (3..250).step_by(19) {
        for args in commands {
            let _ = std::fs::remove_file(&target);
            let child = footlog(&db)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn");
            std::thread::sleep(Duration::from_millis(ms));
            // SAFETY: signalling our own child, which has not been waited for yet.
            unsafe {
                libc::kill(
                    libc::pid_t::try_from(child.id()).expect("pid"),
                    libc::SIGTERM,
                );
            }
            let out = child.wait_with_output().expect("wait");
            let err = String::from_utf8_lossy(&out.stderr);
            if out.status.code() == Some(128 + libc::SIGTERM) {
                stopped_in_write += 1;
                assert!(
                    err.contains("stopped by SIGTERM; nothing was written"),
                    "{args:?}: {err}"
                );
                assert!(
                    !target.exists(),
                    "{args:?}: stopped, yet the target is there"
                );
            }
            assert_eq!(
                leftovers(&outputs),
                Vec::<String>::new(),
                "{args:?} stopped after {ms} ms ({:?}) left these",
                out.status
            );
            if args[0] == "export" && args.len() == 3 && target.exists() {
                let text = std::fs::read_to_string(&target).expect("read");
                serde_json::from_str::<serde_json::Value>(&text).expect("a whole export");
            }
        }
    }
    assert!(
        stopped_in_write > 0,
        "SIGTERM never landed while an output was written: the test proved nothing"
    );
    eprintln!("{stopped_in_write} outputs stopped while written");
}
