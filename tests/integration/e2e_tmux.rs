//! The real binary in tmux: log a session through the form, see the dashboard update, open and
//! close help, quit with `q`, and find the session in `footlog list --json`.

use std::path::Path;
use std::process::Command;

const NOW: &str = "2026-11-23 20:30";

use crate::support::tmux;

use tmux::{Tmux, quote};

#[test]
fn log_a_session_in_the_tui_and_find_it_in_the_cli() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let bin = Path::new(env!("CARGO_BIN_EXE_footlog"));
    // The config dir points into the temp dir so a user's config cannot change the screen.
    let command = format!(
        "env FOOTLOG_NOW='{NOW}' XDG_CONFIG_HOME={cfg} TERM=xterm-256color {bin} --db {db}; \
         echo FOOTLOG-EXITED=$?; sleep 60",
        cfg = quote(dir.path()),
        bin = quote(bin),
        db = quote(&db),
    );
    let tmux = Tmux::start("e2e", &command, 100, 30);

    tmux.wait_for("This week: 0/1");
    tmux.send(&["n"]);
    tmux.wait_for("Log a session");
    tmux.send(&["7"]);
    tmux.wait_for("7 ■■■■■■■");
    tmux.send(&["Tab", "3"]);
    tmux.wait_for("3 ■■■·");
    tmux.send(&["Enter"]);
    // Wait for the whole new frame: a capture can catch the top rows redrawn before the rest.
    tmux.wait_until("the dashboard with the new session, the form gone", |s| {
        s.contains("This week: 1/1") && s.contains("tension 7 → 3") && !s.contains("Log a session")
    });

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

#[test]
fn log_on_a_terminal_confirms_on_stderr_and_prints_only_the_uuid_on_stdout() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let out = dir.path().join("stdout.txt");
    let bin = Path::new(env!("CARGO_BIN_EXE_footlog"));
    // stdout goes to a file (as in a script), stderr stays on the terminal.
    let command = format!(
        "env FOOTLOG_NOW='{NOW}' {bin} --db {db} log --before 7 --after 3 > {out}; \
         echo FOOTLOG-EXITED=$?; sleep 60",
        bin = quote(bin),
        db = quote(&db),
        out = quote(&out),
    );
    let tmux = Tmux::start("log-confirm", &command, 80, 10);
    let screen = tmux.wait_for("FOOTLOG-EXITED=0");
    assert!(
        screen.contains("Logged Mon 23 Nov 20:30 · 20 min · tension 7 → 3"),
        "{screen}"
    );
    let stdout = std::fs::read_to_string(&out).expect("stdout");
    let uuid = stdout.trim_end();
    assert_eq!(stdout, format!("{uuid}\n"), "one line");
    assert!(uuid::Uuid::parse_str(uuid).is_ok(), "{stdout:?}");
}

/// The SGR parameters of every `ESC [ … m` in `screen` that set a colour: foreground or
/// background, 16-colour, 256-colour or RGB (39 and 49, the defaults, are not colours).
fn colours_set(screen: &str) -> Vec<String> {
    let mut found = Vec::new();
    for seq in screen.split("\x1b[").skip(1) {
        let Some(params) = seq.split_once('m').map(|(p, _)| p) else {
            continue;
        };
        let codes: Vec<&str> = params.split(';').collect();
        let coloured = codes.iter().any(|c| {
            c.parse::<u16>()
                .is_ok_and(|n| matches!(n, 30..=38 | 40..=48 | 90..=97 | 100..=107))
        });
        if coloured {
            found.push(params.to_string());
        }
    }
    found
}

/// `NO_COLOR=1` in the environment of the real binary: the terminal gets no colour at all on
/// the dashboard, a form and the Insights screen, and bold is still drawn. The same screens
/// without it are coloured, so the check can fail. (crossterm drops colour codes under
/// `NO_COLOR` too, so a colour leaking from the theme itself is caught by
/// `tui_render::no_color_draws_no_coloured_cell_on_any_screen`, which checks every cell.)
#[test]
fn no_color_in_the_environment_sends_no_colour_to_the_terminal() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let bin = Path::new(env!("CARGO_BIN_EXE_footlog"));
    for no_color in [true, false] {
        let command = format!(
            "env {} FOOTLOG_NOW='{NOW}' XDG_CONFIG_HOME={cfg} TERM=xterm-256color {bin} --demo; \
             sleep 60",
            if no_color {
                "NO_COLOR=1"
            } else {
                "-u NO_COLOR"
            },
            cfg = quote(dir.path()),
            bin = quote(bin),
        );
        let tmux = Tmux::start(
            if no_color { "nocolor" } else { "colour" },
            &command,
            100,
            30,
        );
        let mut screens = Vec::new();
        tmux.wait_for("Streak:");
        screens.push(("dashboard", tmux.screen_with_styles()));
        tmux.send(&["n"]);
        tmux.wait_for("Log a session");
        screens.push(("session form", tmux.screen_with_styles()));
        tmux.send(&["Escape"]);
        tmux.wait_until("the form to close", |s| {
            !s.contains("Log a session") && s.contains("Streak:")
        });
        tmux.send(&["4"]);
        tmux.wait_for("average tension drop per session");
        screens.push(("insights", tmux.screen_with_styles()));
        for (name, screen) in &screens {
            let colours = colours_set(screen);
            if no_color {
                assert!(
                    colours.is_empty(),
                    "{name} with NO_COLOR=1 sets colours {colours:?}:\n{screen}"
                );
                assert!(
                    screen.contains("\x1b[1m") || screen.contains(";1m"),
                    "{name}: bold is kept:\n{screen:?}"
                );
            } else {
                assert!(
                    !colours.is_empty(),
                    "{name} without NO_COLOR has no colour:\n{screen}"
                );
            }
        }
        tmux.send(&["q"]);
    }
}
