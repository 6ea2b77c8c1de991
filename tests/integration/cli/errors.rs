//! Every error path of the CLI contract: the exit code, a message naming the flag and what is
//! allowed, and a database left exactly as it was.

use super::support::{Env, tree};

/// Runs `args`, requires exit `code` and every `needles` in the message, and an unchanged database.
fn refused(e: &Env, args: &[&str], code: i32, needles: &[&str]) {
    let before = e.snapshot();
    let msg = e.fails(args, code);
    for n in needles {
        assert!(
            msg.contains(n),
            "footlog {args:?}: {n:?} missing from {msg:?}"
        );
    }
    e.assert_unchanged(&before, &format!("{args:?}"));
}

#[test]
fn log_rejects_out_of_range_values_naming_the_flag() {
    let e = Env::seeded();
    let long_note = "n".repeat(2001);
    let long_oil = "o".repeat(201);
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["log", "--before", "11", "--after", "3"],
            &["--before", "0 to 10", "11"],
        ),
        (
            &["log", "--before", "-1", "--after", "3"],
            &["--before", "0 to 10"],
        ),
        (
            &["log", "--before", "5", "--after", "11"],
            &["--after", "0 to 10"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--minutes", "0"],
            &["--minutes", "1 to 240"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--minutes", "241"],
            &["--minutes", "1 to 240"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--pain", "11"],
            &["--pain", "0 to 10"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--pain", "-2"],
            &["--pain", "0 to 10"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--note", &long_note],
            &["--note", "2000"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--oil", &long_oil],
            &["--oil", "200"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--at", "23/11/2026"],
            &["--at", "YYYY-MM-DD"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--at", "2026-02-30"],
            &["--at", "there is no day 30 in February 2026"],
        ),
        (
            &[
                "log",
                "--before",
                "5",
                "--after",
                "3",
                "--at",
                "2026-11-23 25:00",
            ],
            &["--at"],
        ),
        // More than 24 hours ahead of FOOTLOG_NOW (2026-11-23 20:00).
        (
            &[
                "log",
                "--before",
                "5",
                "--after",
                "3",
                "--at",
                "2026-11-24 20:01",
            ],
            &["--at", "24 hours"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--feet", "three"],
            &["--feet", "both", "left", "right"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--tool", "hammer"],
            &["--tool", "roller"],
        ),
        (
            &["log", "--before", "5", "--after", "3", "--area", "knee"],
            &["--area", "arches"],
        ),
        (&["log", "--before", "x", "--after", "3"], &["--before"]),
        (&["log", "--after", "3"], &["--before"]),
        (&["log", "--before", "3"], &["--after"]),
    ];
    for (args, needles) in cases {
        refused(&e, args, 2, needles);
    }
    // The edge of the future window is allowed.
    e.log(5, 3, &["--at", "2026-11-24 20:00"]);
}

#[test]
fn messages_speak_the_users_language() {
    let e = Env::seeded();
    let cases: &[(&[&str], &str)] = &[
        (
            &["log", "--before", "11", "--after", "3"],
            "invalid --before: must be a whole number from 0 to 10 (got 11)",
        ),
        (
            &["log", "--before", "5.5", "--after", "3"],
            "must be a whole number from 0 to 10",
        ),
        (
            &["log", "--before", "5", "--after", "seven"],
            "must be a whole number from 0 to 10",
        ),
        (
            &["log", "--before", "5", "--after", "3", "--pain", "2.5"],
            "must be a whole number from 0 to 10",
        ),
        (
            &["log", "--before", "5", "--after", "3", "--minutes", "20.5"],
            "must be a whole number from 1 to 240",
        ),
        (
            &["sleep", "--quality", "3.5"],
            "must be a whole number from 1 to 5",
        ),
        (
            &["log", "--before", "5", "--after", "3", "--at", "2026-13-01"],
            "invalid --at: there is no month 13 (got \"2026-13-01\")",
        ),
        (
            &[
                "log",
                "--before",
                "5",
                "--after",
                "3",
                "--at",
                "2026-11-23 25:00",
            ],
            "invalid --at: there is no hour 25",
        ),
        (
            &["sleep", "--quality", "3", "--night", "2026-02-29"],
            "invalid --night: there is no day 29 in February 2026: it has 28 days",
        ),
    ];
    for (args, want) in cases {
        let msg = e.fails(args, 2);
        assert!(msg.contains(want), "{args:?}: {msg}");
        for internal in ["_", "digit", "(started", "(tension"] {
            assert!(!msg.contains(internal), "{internal:?} in {msg:?}");
        }
    }
    // Spaces after the commas between areas are fine.
    let uuid = e.log(5, 3, &["--area", "balls, arches", "--area", " toes "]);
    let list = e.json(&["list", "--json"]);
    let rec = super::support::items(&list)
        .iter()
        .find(|r| r["uuid"] == uuid.as_str())
        .cloned()
        .expect("logged");
    assert_eq!(rec["areas"], serde_json::json!(["balls", "arches", "toes"]));
}

#[test]
fn sleep_rejects_bad_values_and_a_second_note_for_a_night() {
    let e = Env::seeded();
    let cases: &[(&[&str], &[&str])] = &[
        (&["sleep", "--quality", "0"], &["--quality", "1 to 5"]),
        (&["sleep", "--quality", "6"], &["--quality", "1 to 5"]),
        (
            &["sleep", "--quality", "3", "--hours", "24.5"],
            &["--hours", "0 to 24"],
        ),
        (
            &["sleep", "--quality", "3", "--hours", "-1"],
            &["--hours", "0 to 24"],
        ),
        (
            &["sleep", "--quality", "3", "--hours", "NaN"],
            &["--hours", "0 to 24"],
        ),
        (
            &["sleep", "--quality", "3", "--night", "last week"],
            &["--night", "YYYY-MM-DD, today, yesterday, -2d or a weekday"],
        ),
        (
            &["sleep", "--quality", "3", "--note", &"z".repeat(2001)],
            &["--note", "2000"],
        ),
        (
            &["sleep", "--quality", "3", "--night", "2026-11-24"],
            &["--night", "after today"],
        ),
        (&["sleep"], &["--quality"]),
    ];
    for (args, needles) in cases {
        refused(&e, args, 2, needles);
    }
    // The seeded night already has a note: a conflict, exit 1.
    refused(
        &e,
        &["sleep", "--quality", "2", "--night", "2026-11-20"],
        1,
        &["2026-11-20", "--replace"],
    );
}

#[test]
fn read_commands_reject_bad_dates_and_week_counts() {
    let e = Env::seeded();
    let cases: &[(&[&str], &[&str])] = &[
        (
            &["list", "--since", "2026-13-01"],
            &["--since", "there is no month 13"],
        ),
        (
            &["list", "--sleep", "--until", "soon"],
            &["--until", "YYYY-MM-DD"],
        ),
        (&["week", "--weeks", "0"], &["--weeks", "1..=520"]),
        (&["week", "--weeks", "521"], &["--weeks", "1..=520"]),
        (&["week", "--weeks", "-3"], &[]),
        (
            &["week", "--until", "2026/11/23"],
            &["--until", "YYYY-MM-DD"],
        ),
        (&["export", "--format", "xml"], &["--format", "json", "csv"]),
        (&["export", "--sleep"], &["--sleep", "csv"]),
        (&["stats", "--verbose"], &["--verbose"]),
        (&["frobnicate"], &["frobnicate"]),
    ];
    for (args, needles) in cases {
        refused(&e, args, 2, needles);
    }
}

#[test]
fn goal_and_rest_reject_bad_values() {
    let e = Env::seeded();
    let long = "r".repeat(201);
    let cases: &[(&[&str], &[&str])] = &[
        (&["goal", "--per-week", "0"], &["--per-week", "1..=14"]),
        (&["goal", "--per-week", "15"], &["--per-week", "1..=14"]),
        (
            &["goal", "--week-start", "friday"],
            &["--week-start", "monday", "sunday"],
        ),
        (&["rest"], &["--reason", "--undo"]),
        (&["rest", "--reason", "   "], &["--reason", "empty"]),
        (&["rest", "--reason", &long], &["--reason", "200"]),
        (
            &["rest", "--week", "next week", "--reason", "travel"],
            &["--week", "YYYY-MM-DD"],
        ),
        (&["rest", "--reason", "travel", "--undo"], &["--undo"]),
    ];
    for (args, needles) in cases {
        refused(&e, args, 2, needles);
    }
    // Undoing a week that is not a rest week is a failure, not bad input.
    refused(&e, &["rest", "--undo"], 1, &["not marked"]);
}

#[test]
fn delete_failures() {
    let e = Env::seeded();
    // Two sessions whose UUIDs share a prefix.
    let file = e.write(
        "twins.json",
        r#"[{"uuid":"abcd0000-0000-4000-8000-000000000001","started_at":"2026-11-21T10:00:00+01:00","tension_before":5,"tension_after":3},
            {"uuid":"abcd1111-0000-4000-8000-000000000002","started_at":"2026-11-22T10:00:00+01:00","tension_before":5,"tension_after":3}]"#,
    );
    e.ok(&["import", &file]);
    refused(&e, &["delete", "abcd"], 2, &["abcd0000", "abcd1111"]);
    refused(&e, &["delete", "ffffffff-ffff"], 1, &["ffffffff-ffff"]);
    refused(&e, &["delete", "not-hex!"], 2, &["uuid"]);
    refused(&e, &["delete", ""], 2, &["uuid"]);
    refused(&e, &["delete"], 2, &["UUID"]);
    // A deleted record no longer matches.
    e.ok(&["delete", "abcd0"]);
    refused(&e, &["delete", "abcd0"], 1, &["abcd0"]);
    e.ok(&["delete", "abcd"]);
}

#[test]
fn failures_on_a_missing_database_create_nothing() {
    let e = Env::new();
    let before = tree(e.dir.path());
    for (args, needle) in [
        (&["delete", "abc"][..], "abc"),
        (&["rest", "--undo"][..], "not marked"),
    ] {
        let msg = e.fails(args, 1);
        assert!(msg.contains(needle), "{args:?}: {msg}");
        assert_eq!(tree(e.dir.path()), before, "{args:?} created something");
    }
}

#[test]
fn completions_into_a_closed_pipe_end_quietly() {
    let e = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "set -o pipefail; {} completions {shell} | head -c 1 >/dev/null",
                env!("CARGO_BIN_EXE_footlog")
            ))
            .env("FOOTLOG_DB", e.path("x.db"))
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{shell}: {err}");
        assert!(out.status.success(), "{shell}: {out:?}");
    }
}

#[test]
fn bad_clock_is_reported() {
    let mut e = Env::new();
    e.now = "tomorrow".into();
    let msg = e.fails(&["list"], 2);
    assert!(msg.contains("FOOTLOG_NOW"), "{msg}");
}

/// Runs `footlog --db DB ARGS…` with stderr a pipe nobody reads any more (a closed terminal,
/// `2>&1 | head` that exited): every write to it fails with a broken pipe. Returns the exit code.
fn with_stderr_gone(e: &Env, args: &[&str]) -> Option<i32> {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_footlog"))
        .arg("--db")
        .arg(&e.db)
        .args(args)
        .env("TZ", &e.tz)
        .env("FOOTLOG_NOW", &e.now)
        .env("HOME", e.dir.path().join("home"))
        .env("XDG_CONFIG_HOME", e.dir.path().join("config"))
        .stdin(std::process::Stdio::null())
        .stderr(writer)
        .output()
        .expect("run footlog");
    out.status.code()
}

#[test]
fn a_gone_stderr_never_turns_a_message_into_a_panic() {
    let e = Env::seeded();
    // The help for a script, then a line on stderr (eprintln! panicked here: exit 101).
    assert_eq!(with_stderr_gone(&e, &[]), Some(0));
    // An error message: the usage exit code, not a panic.
    assert_eq!(
        with_stderr_gone(&e, &["log", "--before", "11", "--after", "3"]),
        Some(2)
    );
    // "Wrote FILE" on stderr after the work is done: the file is there and the exit is 0.
    let copy = e.dir.path().join("copy.csv");
    let copy_arg = copy.to_str().expect("utf-8");
    assert_eq!(
        with_stderr_gone(&e, &["export", "--format", "csv", "--output", copy_arg]),
        Some(0)
    );
    assert!(copy.exists());
}
