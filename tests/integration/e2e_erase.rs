//! The app erases deleted records past their 30 days when it starts (issue 8, "Deleting for
//! real"), driven in tmux.

use crate::support::tmux;

use std::path::Path;
use std::process::Command;

use tmux::{Tmux, quote};

fn footlog(db: &Path, now: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_footlog"))
        .env("FOOTLOG_NOW", now)
        .env("TZ", "Europe/Berlin")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("run footlog");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

fn holds(path: &Path, needle: &[u8]) -> bool {
    std::fs::read(path)
        .unwrap_or_default()
        .windows(needle.len())
        .any(|w| w == needle)
}

#[test]
fn the_app_erases_records_deleted_30_days_before_it_starts() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("data").join("footlog.db");
    let note: &[u8] = b"ERASE-AT-APP-START-41c9";
    let uuid = footlog(
        &db,
        "2026-10-20 20:00",
        &[
            "log",
            "--before",
            "7",
            "--after",
            "3",
            "--note",
            "ERASE-AT-APP-START-41c9",
        ],
    );
    footlog(&db, "2026-10-20 20:05", &["delete", uuid.trim()]);
    assert!(holds(&db, note), "the deleted note is still there before");
    let start = |now: &str| {
        let cmd = format!(
            "env FOOTLOG_NOW='{now}' TZ=Europe/Berlin XDG_CONFIG_HOME={cfg} TERM=xterm-256color \
             {bin} --db {db}; echo FOOTLOG-EXITED=$?; sleep 60",
            cfg = quote(dir.path()),
            bin = quote(Path::new(env!("CARGO_BIN_EXE_footlog"))),
            db = quote(&db),
        );
        let t = Tmux::start("erase", &cmd, 100, 30);
        t.wait_for("This week:");
        t.send(&["q"]);
        t.wait_for("FOOTLOG-EXITED=0");
    };
    // 29 days on the app keeps it (undo is still possible from the command line) …
    start("2026-11-18 20:00");
    assert!(footlog(&db, "2026-11-18 20:00", &["list", "--deleted"]).contains("ERASE-AT-APP"));
    // … 30 days on, starting the app erases it, leaving no trace in the file.
    start("2026-11-19 20:10");
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    assert!(!holds(&db, note), "the app left the note in the database");
    assert!(
        !holds(Path::new(&wal), note),
        "the app left the note in the -wal"
    );
    let listed = footlog(&db, "2026-11-19 20:10", &["list", "--deleted"]);
    assert!(listed.contains("1 erased record"), "{listed}");
}

#[test]
fn the_app_refuses_at_start_a_damaged_database_the_commands_that_write_refuse() {
    // The app opens through the same door as every command that writes: the same damage
    // check, so it does not take new records into a damaged file either.
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("data").join("footlog.db");
    footlog(
        &db,
        "2026-11-20 20:00",
        &["log", "--before", "7", "--after", "3"],
    );
    // Without this trigger the per-day totals would drift; `check` names it.
    rusqlite::Connection::open(&db)
        .expect("open")
        .execute_batch("DROP TRIGGER session_days_after_insert")
        .expect("drop");
    let before = std::fs::read(&db).expect("read");
    let cmd = format!(
        "env FOOTLOG_NOW='2026-11-23 20:00' TZ=Europe/Berlin XDG_CONFIG_HOME={cfg} \
         TERM=xterm-256color {bin} --db {db}; echo FOOTLOG-EXITED=$?; sleep 60",
        cfg = quote(dir.path()),
        bin = quote(Path::new(env!("CARGO_BIN_EXE_footlog"))),
        db = quote(&db),
    );
    let t = Tmux::start("door", &cmd, 120, 30);
    let screen = t.wait_for("FOOTLOG-EXITED=1");
    assert!(screen.contains("is damaged"), "{screen}");
    assert!(
        std::fs::read(&db).expect("read") == before,
        "the file changed"
    );
}
