//! Time zones, clock changes, week starts, year ends, goals over time, rest weeks and streaks.

use serde_json::{Value, json};

use super::support::{Env, items};

fn started_at(e: &Env) -> Vec<(String, String)> {
    items(&e.json(&["list", "--json"]))
        .iter()
        .map(|r| {
            (
                r["started_at"].as_str().expect("text").to_string(),
                r["date"].as_str().expect("text").to_string(),
            )
        })
        .collect()
}

#[test]
fn berlin_clock_changes() {
    let e = Env::new();
    // Spring forward: 02:00–03:00 does not exist.
    let msg = e.fails(
        &[
            "log",
            "--before",
            "5",
            "--after",
            "3",
            "--at",
            "2026-03-29 02:30",
        ],
        2,
    );
    assert!(
        msg.contains("--at") && msg.contains("does not exist"),
        "{msg}"
    );
    for gap in ["2026-03-29 02:00", "2026-03-29 02:59"] {
        e.fails(&["log", "--before", "5", "--after", "3", "--at", gap], 2);
    }
    assert!(!e.db.exists(), "a rejected log creates nothing");
    e.log(5, 3, &["--at", "2026-03-29 01:59"]);
    // Fall back: 02:30 happens twice; the earlier (summer time) is taken.
    e.log(5, 3, &["--at", "2026-10-25 02:30"]);
    e.log(5, 3, &["--at", "2026-10-25 01:59"]);
    e.log(5, 3, &["--at", "2026-10-25 03:00"]);
    e.log(5, 3, &["--at", "2026-07-01 20:00"]);
    e.log(5, 3, &["--at", "2026-03-29 03:00"]);
    assert_eq!(
        started_at(&e),
        vec![
            ("2026-03-29T01:59:00+01:00".into(), "2026-03-29".into()),
            ("2026-03-29T03:00:00+02:00".into(), "2026-03-29".into()),
            ("2026-07-01T20:00:00+02:00".into(), "2026-07-01".into()),
            ("2026-10-25T01:59:00+02:00".into(), "2026-10-25".into()),
            ("2026-10-25T02:30:00+02:00".into(), "2026-10-25".into()),
            ("2026-10-25T03:00:00+01:00".into(), "2026-10-25".into()),
        ]
    );
}

#[test]
fn other_zones_gaps_and_overlaps() {
    let cases = [
        // (zone, gap, ambiguous, earlier offset of the ambiguous time)
        (
            "America/New_York",
            "2026-03-08 02:30",
            "2026-11-01 01:30",
            "-04:00",
        ),
        (
            "Pacific/Auckland",
            "2026-09-27 02:30",
            "2026-04-05 02:30",
            "+13:00",
        ),
    ];
    for (tz, gap, ambiguous, offset) in cases {
        let e = Env::in_tz(tz);
        let msg = e.fails(&["log", "--before", "5", "--after", "3", "--at", gap], 2);
        assert!(msg.contains("--at"), "{tz}: {msg}");
        e.log(5, 3, &["--at", ambiguous]);
        let got = started_at(&e);
        assert!(got[0].0.ends_with(offset), "{tz}: {got:?}");
    }
}

#[test]
fn each_zone_stores_its_own_offset_and_local_date() {
    let cases = [
        ("UTC", "+00:00"),
        ("Europe/Berlin", "+01:00"),
        ("America/New_York", "-05:00"),
        ("Asia/Kolkata", "+05:30"),
        ("Pacific/Auckland", "+13:00"),
    ];
    for (tz, offset) in cases {
        let e = Env::in_tz(tz);
        e.log(5, 3, &["--at", "2026-11-23 00:30"]);
        e.log(5, 3, &["--at", "2026-11-22"]);
        let got = started_at(&e);
        assert_eq!(
            got,
            vec![
                (
                    format!("2026-11-22T12:00:00{offset}"),
                    "2026-11-22".to_string()
                ),
                (
                    format!("2026-11-23T00:30:00{offset}"),
                    "2026-11-23".to_string()
                ),
            ],
            "{tz}"
        );
        // Without --at: FOOTLOG_NOW in that zone.
        let f = Env::in_tz(tz);
        f.log(5, 3, &[]);
        assert_eq!(
            started_at(&f)[0].0,
            format!("2026-11-23T20:00:00{offset}"),
            "{tz}"
        );
    }
}

#[test]
fn a_session_keeps_its_local_date_under_another_zone() {
    // Monday 00:30 in Auckland is still Sunday in every zone west of it.
    let akl = Env::in_tz("Pacific/Auckland");
    akl.log(5, 3, &["--at", "2026-11-23 00:30"]);
    for tz in ["UTC", "America/New_York", "Asia/Kolkata", "Europe/Berlin"] {
        let mut e = Env::in_tz(tz);
        e.db = akl.db.clone();
        assert_eq!(
            started_at(&e),
            vec![(
                "2026-11-23T00:30:00+13:00".to_string(),
                "2026-11-23".to_string()
            )],
            "{tz}"
        );
        // It counts for the Monday week starting 2026-11-23 and for no other.
        let w = e.json(&["week", "--json", "--weeks", "2", "--until", "2026-11-23"]);
        assert_eq!(w[0]["sessions"], 0, "{tz}");
        assert_eq!(w[1]["week_start"], "2026-11-23");
        assert_eq!(w[1]["sessions"], 1, "{tz}");
        assert_eq!(
            e.json(&["list", "--json", "--since", "2026-11-23"])[0]["date"],
            "2026-11-23"
        );
        assert_eq!(
            e.json(&["list", "--json", "--until", "2026-11-22"]),
            json!([])
        );
    }
}

fn week_counts(e: &Env, args: &[&str]) -> Vec<(String, u64)> {
    let mut a = vec!["week", "--json"];
    a.extend_from_slice(args);
    items(&e.json(&a))
        .iter()
        .map(|w| {
            (
                w["week_start"].as_str().expect("text").to_string(),
                w["sessions"].as_u64().expect("count"),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
    v.iter().map(|(d, n)| (d.to_string(), *n)).collect()
}

#[test]
fn weeks_start_on_monday_or_sunday() {
    let e = Env::new();
    e.log(5, 3, &["--at", "2026-11-22 10:00"]); // Sunday
    e.log(5, 3, &["--at", "2026-11-23 10:00"]); // Monday
    e.log(5, 3, &["--at", "2026-11-21 10:00"]); // Saturday
    assert_eq!(
        week_counts(&e, &["--weeks", "2"]),
        pairs(&[("2026-11-16", 2), ("2026-11-23", 1)])
    );
    e.ok(&["goal", "--week-start", "sunday"]);
    assert_eq!(
        week_counts(&e, &["--weeks", "2"]),
        pairs(&[("2026-11-15", 1), ("2026-11-22", 2)])
    );
    e.ok(&["goal", "--week-start", "monday"]);
    assert_eq!(
        week_counts(&e, &["--weeks", "2"]),
        pairs(&[("2026-11-16", 2), ("2026-11-23", 1)])
    );
}

#[test]
fn year_ends_and_iso_week_53() {
    let mut e = Env::new();
    e.now = "2021-01-06 12:00".into();
    e.log(5, 3, &["--at", "2020-12-28 10:00"]); // Monday of ISO week 53
    e.log(5, 3, &["--at", "2021-01-03 10:00"]); // its Sunday
    e.log(5, 3, &["--at", "2020-12-27 10:00"]); // the Sunday before
    e.log(5, 3, &["--at", "2021-01-04 10:00"]); // ISO week 1 of 2021
    assert_eq!(
        week_counts(&e, &["--weeks", "3"]),
        pairs(&[("2020-12-21", 1), ("2020-12-28", 2), ("2021-01-04", 1)])
    );
    e.ok(&["goal", "--week-start", "sunday"]);
    assert_eq!(
        week_counts(&e, &["--weeks", "3"]),
        pairs(&[("2020-12-20", 0), ("2020-12-27", 2), ("2021-01-03", 2)])
    );
    // Leap day and the week around it.
    let mut l = Env::new();
    l.now = "2028-03-06 12:00".into();
    l.log(5, 3, &["--at", "2028-02-29 10:00"]);
    l.log(5, 3, &["--at", "2028-03-05 10:00"]);
    assert_eq!(
        week_counts(&l, &["--weeks", "3"]),
        pairs(&[("2028-02-21", 0), ("2028-02-28", 2), ("2028-03-06", 0)])
    );
}

#[test]
fn goals_apply_from_the_week_they_are_set_in() {
    let mut e = Env::new();
    e.now = "2026-11-11 12:00".into(); // a Wednesday
    e.ok(&["goal", "--per-week", "3"]);
    e.now = "2026-11-25 12:00".into();
    e.ok(&["goal", "--per-week", "2"]);
    let goals: Vec<Value> = items(&e.json(&["week", "--json", "--weeks", "5"]))
        .iter()
        .map(|w| json!([w["week_start"], w["goal"]]))
        .collect();
    assert_eq!(
        goals,
        vec![
            json!(["2026-10-26", 1]),
            json!(["2026-11-02", 1]),
            json!(["2026-11-09", 3]),
            json!(["2026-11-16", 3]),
            json!(["2026-11-23", 2]),
        ]
    );
    // A second change on the same day replaces the first.
    e.ok(&["goal", "--per-week", "4"]);
    assert_eq!(e.json(&["week", "--json", "--weeks", "1"])[0]["goal"], 4);
    assert_eq!(
        e.json(&["export"])["goals"]
            .as_array()
            .expect("goals")
            .len(),
        2
    );
    // Met is judged against each week's own goal.
    e.log(5, 3, &["--at", "2026-11-16 10:00"]);
    e.log(5, 3, &["--at", "2026-11-17 10:00"]);
    e.log(5, 3, &["--at", "2026-11-18 10:00"]);
    e.log(5, 3, &["--at", "2026-11-03 10:00"]);
    let met: Vec<bool> = items(&e.json(&["week", "--json", "--weeks", "4"]))
        .iter()
        .map(|w| w["met"].as_bool().expect("bool"))
        .collect();
    assert_eq!(met, vec![true, false, true, false]);
}

#[test]
fn rest_weeks_bridge_streaks_but_do_not_extend_them() {
    let e = Env::new(); // today: Monday 2026-11-23
    for at in [
        "2026-10-19 10:00",
        "2026-10-26 10:00",
        "2026-11-09 10:00",
        "2026-11-16 10:00",
    ] {
        e.log(5, 3, &["--at", at]);
    }
    // Week of 2026-11-02 was missed; this week is not over yet.
    let streak = |e: &Env| {
        let s = e.json(&["stats", "--json"]);
        (
            s["current_streak_weeks"].as_u64().expect("n"),
            s["longest_streak_weeks"].as_u64().expect("n"),
            s["weeks_met"].as_u64().expect("n"),
        )
    };
    assert_eq!(streak(&e), (2, 2, 4));
    e.ok(&["rest", "--week", "2026-11-05", "--reason", "illness"]);
    assert_eq!(
        streak(&e),
        (4, 4, 4),
        "the rest week bridges but adds nothing"
    );
    // A rest week that met its goal counts as met.
    e.ok(&["rest", "--week", "2026-10-20", "--reason", "travel"]);
    assert_eq!(streak(&e), (4, 4, 4));
    // Meeting this week extends the current streak.
    e.log(5, 3, &["--at", "2026-11-23 08:00"]);
    assert_eq!(streak(&e), (5, 5, 5));
    e.ok(&["rest", "--week", "2026-11-05", "--undo"]);
    assert_eq!(streak(&e), (3, 3, 5));
    // A rest mark this week makes `due` content even with no session.
    let f = Env::new();
    f.ok(&["rest", "--reason", "foot injury"]);
    assert_eq!(
        f.cmd(&["due"]).output().expect("run").status.code(),
        Some(0)
    );
    assert_eq!(f.json(&["stats", "--json"])["current_streak_weeks"], 0);
}

#[test]
fn days_in_words_on_the_command_line_across_clock_changes_and_year_ends() {
    // The day after spring forward: "yesterday 02:30" did not exist in Berlin.
    let mut e = Env::new();
    e.now = "2026-03-30 10:00".into();
    let msg = e.fails(
        &[
            "log",
            "--before",
            "5",
            "--after",
            "3",
            "--at",
            "yesterday 02:30",
        ],
        2,
    );
    assert!(
        msg.contains("--at") && msg.contains("does not exist"),
        "{msg}"
    );
    e.log(5, 3, &["--at", "yesterday 03:00"]);
    // The day after falling back: the earlier 02:30 (summer time) is taken.
    e.now = "2026-10-26 10:00".into();
    e.log(5, 3, &["--at", "yesterday 02:30"]);
    e.log(5, 3, &["--at", "sun 03:00"]);
    // New Year's Day 2027, a Friday: words count back over the year end.
    e.now = "2027-01-01 09:00".into();
    e.log(5, 3, &["--at", "yesterday 21:15"]);
    e.log(5, 3, &["--at", "mon"]);
    e.log(5, 3, &["--at", "-3d 07:30"]);
    e.log(5, 3, &["--at", "08:45"]);
    assert_eq!(
        started_at(&e),
        vec![
            ("2026-03-29T03:00:00+02:00".into(), "2026-03-29".into()),
            ("2026-10-25T02:30:00+02:00".into(), "2026-10-25".into()),
            ("2026-10-25T03:00:00+01:00".into(), "2026-10-25".into()),
            ("2026-12-28T12:00:00+01:00".into(), "2026-12-28".into()),
            ("2026-12-29T07:30:00+01:00".into(), "2026-12-29".into()),
            ("2026-12-31T21:15:00+01:00".into(), "2026-12-31".into()),
            ("2027-01-01T08:45:00+01:00".into(), "2027-01-01".into()),
        ]
    );
    // More than 24 hours ahead is still refused (words only reach today).
    let msg = e.fails(
        &[
            "log",
            "--before",
            "5",
            "--after",
            "3",
            "--at",
            "2027-01-02 09:01",
        ],
        2,
    );
    assert!(msg.contains("24 hours"), "{msg}");
    e.log(5, 3, &["--at", "today 23:59"]);
    // Date flags take the words as well.
    e.ok(&["sleep", "--quality", "4", "--night", "yesterday"]);
    let nights = e.json(&["list", "--sleep", "--json"]);
    assert_eq!(items(&nights)[0]["night"], "2026-12-31");
    let since_mon = e.json(&["list", "--json", "--since", "mon", "--until", "-2d"]);
    let dates: Vec<&str> = items(&since_mon)
        .iter()
        .map(|r| r["date"].as_str().expect("date"))
        .collect();
    assert_eq!(dates, ["2026-12-28", "2026-12-29"]);
}

/// Every command, each with arguments it would otherwise accept.
const EVERY_COMMAND: &[&[&str]] = &[
    &["log", "--before", "5", "--after", "2"],
    &["sleep", "--quality", "3"],
    &["list"],
    &["week"],
    &["stats"],
    &["goal", "--per-week", "4"],
    &["rest", "--reason", "trip"],
    &["due"],
    &["insights"],
    &["delete", "0000"],
    &["purge"],
    &["export"],
    &["backup"],
    &["check"],
    &["restore", "--list"],
    &["report", "--format", "md"],
];

/// A clock before 1970 (a dead clock battery, a clock set by hand): every command refuses with
/// a message naming the clock and what to do, exit 1, never a panic, and writes nothing.
#[test]
fn a_clock_before_1970_is_refused_by_every_command_never_a_panic() {
    let mut e = Env::seeded();
    let before = e.snapshot();
    e.now = "1969-12-31 23:00".into();
    for args in EVERY_COMMAND {
        let msg = e.fails(args, 1);
        assert!(
            msg.contains("FOOTLOG_NOW says 1969-12-31 23:00, before 1970")
                && msg.contains("set the clock"),
            "{args:?}: {msg}"
        );
    }
    e.now = super::support::NOW.into();
    e.assert_unchanged(&before, "a clock before 1970");

    // The real system clock, set back for footlog alone.
    if !crate::support::need::require_tool("faketime") {
        return;
    }
    for args in EVERY_COMMAND {
        let out = std::process::Command::new("faketime")
            .arg("1969-12-31 23:00:00")
            .arg(env!("CARGO_BIN_EXE_footlog"))
            .arg("--db")
            .arg(&e.db)
            .args(*args)
            .env_remove("FOOTLOG_NOW")
            .env("TZ", "UTC")
            .env("HOME", e.path("home"))
            .env("XDG_DATA_HOME", e.path("xdg"))
            .output()
            .expect("run faketime");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(
            stderr.contains("the system clock says 1969-12-31 23:00, before 1970"),
            "{args:?}: {stderr}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    e.assert_unchanged(&before, "a system clock before 1970");
}

/// A traveller's sessions keep the date and time they were logged at, where they were logged
/// (the day their week counts them on); `list` in another zone marks them with their offset and
/// keeps the order they happened in, its columns aligned.
#[test]
fn sessions_logged_in_another_zone_show_their_own_time_marked_with_its_offset() {
    let mut e = Env::new();
    e.tz = "Asia/Tokyo".into();
    e.now = "2026-12-07 12:07".into();
    e.log(7, 3, &[]);
    e.tz = "America/Los_Angeles".into();
    e.now = "2026-12-06 20:30".into();
    e.log(5, 2, &[]);
    let out = e.ok(&["list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[1].starts_with("2026-12-07  12:07 UTC+9"), "{out}");
    assert!(lines[2].starts_with("2026-12-06  20:30     "), "{out}");
    let id_at = |l: &str| l.rfind("  ").expect("columns");
    assert_eq!(id_at(lines[1]), id_at(lines[2]), "{out}");
    // Back in Tokyo the Los Angeles one is the marked one.
    e.tz = "Asia/Tokyo".into();
    let out = e.ok(&["list"]);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[1].starts_with("2026-12-07  12:07 "), "{out}");
    assert!(!lines[1].contains("UTC"), "{out}");
    assert!(lines[2].starts_with("2026-12-06  20:30 UTC−8"), "{out}");
}
