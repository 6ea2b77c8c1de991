//! The real binary in tmux: log a session through the form, see the dashboard update, open and
//! close help, quit with `q`, and find the session in `footlog list --json`.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const NOW: &str = "2026-11-23 20:30";

/// A tmux server on its own socket, killed when dropped (also when the test fails).
struct Tmux {
    socket: String,
    socket_path: std::cell::RefCell<Option<String>>,
}

impl Tmux {
    fn run(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "app"];
        args.extend_from_slice(keys);
        let out = self.run(&args);
        assert!(out.status.success(), "send-keys {keys:?}: {out:?}");
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "app"]).stdout).into_owned()
    }

    /// Polls the screen until `pred` holds, failing with the last screen after a deadline.
    fn wait_until(&self, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let s = self.screen();
            if pred(&s) {
                return s;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        // tmux leaves its socket file behind; remove it so runs leave nothing.
        if let Some(p) = self.socket_path.borrow().as_deref() {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', "'\\''"))
}

#[test]
fn log_a_session_in_the_tui_and_find_it_in_the_cli() {
    if !tmux_available() {
        eprintln!("SKIPPED: tmux is not installed (CI installs it; see .ci/run)");
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let bin = Path::new(env!("CARGO_BIN_EXE_footlog"));
    let tmux = Tmux {
        socket: format!("footlog-e2e-{}", std::process::id()),
        socket_path: std::cell::RefCell::new(None),
    };
    // The config dir points into the temp dir so a user's config cannot change the screen.
    let command = format!(
        "env FOOTLOG_NOW='{NOW}' XDG_CONFIG_HOME={cfg} TERM=xterm-256color {bin} --db {db}; \
         echo FOOTLOG-EXITED=$?; sleep 60",
        cfg = quote(dir.path()),
        bin = quote(bin),
        db = quote(&db),
    );
    let out = tmux.run(&[
        "new-session",
        "-d",
        "-s",
        "app",
        "-x",
        "100",
        "-y",
        "30",
        &command,
    ]);
    assert!(out.status.success(), "tmux new-session: {out:?}");
    let path = tmux.run(&["display-message", "-p", "#{socket_path}"]);
    *tmux.socket_path.borrow_mut() =
        Some(String::from_utf8_lossy(&path.stdout).trim().to_string()).filter(|p| !p.is_empty());

    tmux.wait_for("This week: 0/1");
    tmux.send(&["n"]);
    tmux.wait_for("Log a session");
    tmux.send(&["7"]);
    tmux.wait_for("7 ■■■■■■■");
    tmux.send(&["Tab", "3"]);
    tmux.wait_for("3 ■■■·");
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("This week: 1/1");
    assert!(screen.contains("tension 7 → 3"), "{screen}");
    assert!(!screen.contains("Log a session"), "{screen}");

    tmux.send(&["?"]);
    let help = tmux.wait_for("Keys");
    assert!(help.contains("log a session"), "{help}");
    tmux.send(&["Escape"]);
    tmux.wait_until("help to close", |s| {
        !s.contains("Keys") && s.contains("This week: 1/1")
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
    assert_eq!(sessions[0]["tension_before"], 7);
    assert_eq!(sessions[0]["tension_after"], 3);
    assert_eq!(sessions[0]["minutes"], 20);
    assert_eq!(sessions[0]["date"], "2026-11-23");
    assert!(
        sessions[0]["started_at"]
            .as_str()
            .is_some_and(|s| s.starts_with("2026-11-23T20:30:00")),
        "{json}"
    );
}
