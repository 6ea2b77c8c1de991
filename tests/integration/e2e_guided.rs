//! The real binary in tmux: `footlog guided` with a sped-up test clock runs a whole guided
//! session (1 minute per foot) in seconds, saves it, and `footlog list --json` has it.

use std::path::Path;
use std::process::Command;

const NOW: &str = "2026-11-23 20:30";

use crate::support::tmux;

use tmux::{Tmux, quote};

#[test]
fn a_short_guided_session_runs_to_the_end_and_is_saved() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let bin = Path::new(env!("CARGO_BIN_EXE_footlog"));
    // FOOTLOG_TIME_SCALE=60 (tests only): a minute of the guided timer passes every second.
    let command = format!(
        "env FOOTLOG_NOW='{NOW}' FOOTLOG_TIME_SCALE=60 XDG_CONFIG_HOME={cfg} TERM=xterm-256color \
         {bin} --db {db} guided; echo FOOTLOG-EXITED=$?; sleep 60",
        cfg = quote(dir.path()),
        bin = quote(bin),
        db = quote(&db),
    );
    let tmux = Tmux::start("guided", &command, 100, 30);

    tmux.wait_for("Any injury, open wound or infection on your feet today?");
    tmux.send(&["n"]);
    tmux.wait_for("Guided session: set up");
    // Minutes per foot: 12 → 1.
    tmux.send(&["Tab", "BSpace", "BSpace", "1"]);
    tmux.wait_for("Minutes per foot 1 ");
    tmux.send(&["Tab", "Tab", "Tab", "7"]);
    tmux.wait_for("7 ■■■■■■■");
    tmux.send(&["Enter"]);
    let running = tmux.wait_for("Guided session ·");
    assert!(running.contains("Steps"), "{running}");

    // 1 + 1 + 0.25 + 1 + 1 minutes at 60x: about 4.25 s to the end form; the two minutes on
    // the feet are what is saved.
    let end = tmux.wait_for("Well done: 2 min");
    assert!(end.contains("Tension after"), "{end}");
    tmux.send(&["3"]);
    tmux.wait_for("3 ■■■·");
    tmux.send(&["Enter"]);
    // Wait for the whole new frame: a capture can catch the top rows redrawn before the rest.
    tmux.wait_until("the dashboard with the saved session", |s| {
        s.contains("This week: 1/1") && s.contains("Session logged (2 min, tension 7 → 3)")
    });

    tmux.send(&["q"]);
    tmux.wait_for("FOOTLOG-EXITED=0");

    let list = Command::new(bin)
        .args(["--db"])
        .arg(&db)
        .args(["list", "--json"])
        .env("FOOTLOG_NOW", NOW)
        .output()
        .expect("footlog list");
    assert!(list.status.success(), "{list:?}");
    let json: serde_json::Value = serde_json::from_slice(&list.stdout).expect("json");
    let sessions = json.as_array().expect("array");
    assert_eq!(sessions.len(), 1, "{json}");
    let s = &sessions[0];
    assert_eq!(s["minutes"], 2, "{json}");
    assert_eq!(s["tension_before"], 7);
    assert_eq!(s["tension_after"], 3);
    assert_eq!(s["feet"], "both");
    assert!(
        s["started_at"]
            .as_str()
            .is_some_and(|t| t.starts_with("2026-11-23T20:30:00")),
        "{json}"
    );
}

#[test]
fn guided_without_a_terminal_is_refused_and_creates_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let out = Command::new(env!("CARGO_BIN_EXE_footlog"))
        .arg("--db")
        .arg(&db)
        .arg("guided")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run footlog");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("run it in a terminal"), "{err}");
    assert!(!db.exists(), "nothing is created without a terminal");
}
