//! The real app in tmux: a panic gives the terminal back, the app shows what the CLI logs while
//! it is open, and it takes one automatic backup a day when it starts.

#[path = "support/tmux.rs"]
mod tmux;

use std::path::Path;
use std::process::Command;

use tmux::{Tmux, quote};

const NOW: &str = "2026-11-23 20:30";

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_footlog"))
}

/// The shell command that runs the app on `db` with a fixed clock and an empty config folder,
/// then prints its exit code and `stty -a` (the terminal's modes after it has gone).
fn app_command(dir: &Path, db: &Path, extra_env: &str) -> String {
    format!(
        "env FOOTLOG_NOW='{NOW}' XDG_CONFIG_HOME={cfg} TERM=xterm-256color {extra_env} {bin} --db {db}; \
         echo FOOTLOG-EXITED=$?; stty -a; echo STTY-DONE; sleep 60",
        cfg = quote(dir),
        bin = quote(bin()),
        db = quote(db),
    )
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ';')
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn a_panic_inside_the_app_restores_the_terminal() {
    if !tmux::available() {
        eprintln!("SKIPPED: tmux is not installed (CI installs it; see .ci/run)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let tmux = Tmux::start(
        "panic",
        &app_command(dir.path(), &db, "FOOTLOG_TEST_PANIC=1"),
        100,
        40,
    );
    let screen = tmux.wait_for("STTY-DONE");
    assert!(
        screen.contains("FOOTLOG-EXITED=101"),
        "the app panicked: {screen}"
    );
    assert!(
        screen.contains("FOOTLOG_TEST_PANIC"),
        "the panic message is printed: {screen}"
    );
    let modes = words(&screen);
    for on in ["echo", "icanon", "isig"] {
        assert!(modes.contains(&on), "{on} is back on:\n{screen}");
        assert!(
            !modes.contains(&format!("-{on}").as_str()),
            "{on} is not off:\n{screen}"
        );
    }
    // The alternate screen was left: the shell's own output is visible, not the app's frame.
    assert!(!screen.contains("1 Dashboard"), "{screen}");
}

#[test]
fn the_open_app_shows_a_session_logged_from_the_cli() {
    if !tmux::available() {
        eprintln!("SKIPPED: tmux is not installed (CI installs it; see .ci/run)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let tmux = Tmux::start("refresh", &app_command(dir.path(), &db, ""), 100, 30);
    tmux.wait_for("This week: 0/1");
    let out = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["log", "--before", "8", "--after", "2"])
        .env("FOOTLOG_NOW", NOW)
        .output()
        .expect("footlog log");
    assert!(out.status.success(), "{out:?}");
    // No key is pressed: the app's periodic refresh must pick the session up by itself.
    tmux.wait_until("the new session on the dashboard", |s| {
        s.contains("This week: 1/1") && s.contains("tension 8 → 2")
    });
    tmux.send(&["q"]);
    tmux.wait_for("FOOTLOG-EXITED=0");
}

#[test]
fn the_app_takes_one_backup_a_day_when_it_starts() {
    if !tmux::available() {
        eprintln!("SKIPPED: tmux is not installed (CI installs it; see .ci/run)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("data").join("footlog.db");
    let backups = dir.path().join("data").join("backups");
    for _ in 0..2 {
        let tmux = Tmux::start("backup", &app_command(dir.path(), &db, ""), 100, 30);
        tmux.wait_for("This week: 0/1");
        tmux.send(&["q"]);
        tmux.wait_for("FOOTLOG-EXITED=0");
    }
    let names: Vec<String> = std::fs::read_dir(&backups)
        .expect("backups folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["footlog-20261123-203000.db".to_string()],
        "one backup for the day"
    );
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(backups.join(&names[0]))
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}
