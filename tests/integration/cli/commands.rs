//! Each subcommand's happy path and the exact shape of its output.

use serde_json::{Value, json};

use super::support::{EMPTY_SLEEP_DIARY_KEYS, Env, is_uuid, items, keys, set};

const SESSION_KEYS: &[&str] = &[
    "uuid",
    "started_at",
    "date",
    "minutes",
    "feet",
    "tool",
    "areas",
    "oil",
    "tension_before",
    "tension_after",
    "pain",
    "note",
];

#[test]
fn log_with_every_flag_reads_back_with_exact_keys() {
    let e = Env::new();
    let uuid = e.log(
        8,
        2,
        &[
            "--minutes",
            "35",
            "--at",
            "2026-11-21 21:15",
            "--feet",
            "left",
            "--tool",
            "roller",
            "--area",
            "toes",
            "--area",
            "heels,arches",
            "--oil",
            "almond",
            "--pain",
            "4",
            "--note",
            "after the run",
        ],
    );
    let list = e.json(&["list", "--json"]);
    let recs = items(&list);
    assert_eq!(recs.len(), 1);
    assert_eq!(keys(&recs[0]), set(SESSION_KEYS));
    assert_eq!(
        recs[0],
        json!({
            "uuid": uuid,
            "started_at": "2026-11-21T21:15:00+01:00",
            "date": "2026-11-21",
            "minutes": 35,
            "feet": "left",
            "tool": "roller",
            "areas": ["arches", "heels", "toes"],
            "oil": "almond",
            "tension_before": 8,
            "tension_after": 2,
            "pain": 4,
            "note": "after the run",
        })
    );
}

#[test]
fn log_defaults_and_clock() {
    let e = Env::new();
    e.log(5, 4, &[]);
    e.log(6, 1, &["--at", "2026-11-22"]);
    let list = e.json(&["list", "--json"]);
    let recs = items(&list);
    assert_eq!(recs.len(), 2);
    // Ordered by start: the date-only one (noon yesterday) first.
    assert_eq!(recs[0]["started_at"], "2026-11-22T12:00:00+01:00");
    assert_eq!(recs[1]["started_at"], "2026-11-23T20:00:00+01:00");
    for r in recs {
        assert_eq!(r["minutes"], 20);
        assert_eq!(r["feet"], "both");
        assert_eq!(r["tool"], "hands");
        assert_eq!(r["areas"], json!([]));
        assert_eq!(r["oil"], json!(null));
        assert_eq!(r["pain"], json!(null));
        assert_eq!(r["note"], json!(null));
    }
}

#[test]
fn list_orders_by_instant_and_filters_by_local_date() {
    let e = Env::new();
    // 09:00 in Berlin is 08:00 UTC ...
    e.log(5, 3, &["--at", "2026-11-20 09:00", "--note", "berlin"]);
    // ... and 10:00 in Kolkata (+05:30) is 04:30 UTC, so it started first.
    let mut k = Env::in_tz("Asia/Kolkata");
    k.db = e.db.clone();
    k.log(5, 3, &["--at", "2026-11-20 10:00", "--note", "kolkata"]);
    e.log(5, 3, &["--at", "2026-11-18 09:00", "--note", "earlier"]);
    let list = e.json(&["list", "--json"]);
    let notes: Vec<_> = items(&list).iter().map(|r| r["note"].clone()).collect();
    assert_eq!(
        notes,
        vec![json!("earlier"), json!("kolkata"), json!("berlin")]
    );

    let some = e.json(&[
        "list",
        "--json",
        "--since",
        "2026-11-19",
        "--until",
        "2026-11-20",
    ]);
    assert_eq!(items(&some).len(), 2);
    let none = e.json(&["list", "--json", "--since", "2026-11-21"]);
    assert_eq!(none, json!([]));
    let one = e.json(&["list", "--json", "--until", "2026-11-18"]);
    assert_eq!(items(&one)[0]["note"], "earlier");
}

#[test]
fn list_names_an_empty_range_and_refuses_an_inverted_one() {
    let e = Env::new();
    e.log(5, 3, &["--at", "2026-11-20 19:00"]);
    e.ok(&["sleep", "--quality", "4", "--night", "2026-11-20"]);
    let cases: &[(&[&str], &str)] = &[
        (
            &["list", "--since", "2026-11-01", "--until", "2026-11-07"],
            "No sessions from 2026-11-01 to 2026-11-07.\n",
        ),
        (
            &["list", "--since", "2026-11-21"],
            "No sessions since 2026-11-21.\n",
        ),
        (
            &["list", "--until", "2026-11-19"],
            "No sessions until 2026-11-19.\n",
        ),
        (
            &["list", "--since", "2026-11-02", "--until", "2026-11-02"],
            "No sessions on 2026-11-02.\n",
        ),
        (
            &["list", "--sleep", "--since", "2026-11-21"],
            "No sleep notes since 2026-11-21.\n",
        ),
    ];
    for (args, want) in cases {
        assert_eq!(e.ok(args), *want, "{args:?}");
    }
    for args in [
        &["list", "--since", "2026-11-20", "--until", "2026-11-01"][..],
        &[
            "list",
            "--sleep",
            "--json",
            "--since",
            "2026-11-20",
            "--until",
            "2026-11-19",
        ],
    ] {
        let msg = e.fails(args, 2);
        assert!(msg.contains("--since 2026-11-"), "{msg}");
        assert!(msg.contains("is after --until"), "{msg}");
    }
}

#[test]
fn list_for_people_is_a_table_without_debug_formatting() {
    let e = Env::new();
    assert!(e.ok(&["list"]).contains("No sessions yet"));
    let uuid = e.log(
        7,
        3,
        &["--at", "2026-11-20 19:00", "--pain", "2", "--note", "calm"],
    );
    let out = e.ok(&["list"]);
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("Date"));
    assert!(lines[1].starts_with("2026-11-20  19:00"), "{out}");
    assert!(lines[1].contains("calm"));
    assert!(lines[1].ends_with(&uuid[..8]));
    for bad in ["Some(", "None", "\"", "{"] {
        assert!(!out.contains(bad), "debug formatting {bad:?} in {out}");
    }
    e.ok(&["sleep", "--quality", "4", "--hours", "7", "--note", "ok"]);
    let sleep = e.ok(&["list", "--sleep"]);
    assert!(sleep.contains("4/5") && sleep.contains("7.0"), "{sleep}");
}

#[test]
fn sleep_notes_round_hours_and_default_to_last_night() {
    let e = Env::new();
    // At 20:00 "last night" is tonight.
    let a = e.ok(&[
        "sleep",
        "--quality",
        "4",
        "--hours",
        "7.46",
        "--note",
        "deep",
    ]);
    let mut morning = Env::new();
    morning.db = e.db.clone();
    morning.now = "2026-11-23 07:00".into();
    // At 07:00 it is yesterday's night.
    morning.ok(&["sleep", "--quality", "2"]);
    let list = e.json(&["list", "--sleep", "--json"]);
    let recs = items(&list);
    assert_eq!(recs.len(), 2);
    let mut want = set(&["uuid", "night", "quality", "hours", "note"]);
    want.extend(EMPTY_SLEEP_DIARY_KEYS.map(String::from));
    for r in recs {
        assert_eq!(keys(r), want);
        for k in EMPTY_SLEEP_DIARY_KEYS {
            assert_eq!(r[k], Value::Null, "{k}: no diary items, nothing derived");
        }
    }
    assert_eq!(
        (
            &recs[0]["uuid"],
            &recs[0]["night"],
            &recs[0]["quality"],
            &recs[0]["hours"],
            &recs[0]["note"]
        ),
        (
            &recs[0]["uuid"],
            &json!("2026-11-22"),
            &json!(2),
            &Value::Null,
            &Value::Null
        )
    );
    assert_eq!(
        (
            &recs[1]["uuid"],
            &recs[1]["night"],
            &recs[1]["quality"],
            &recs[1]["hours"],
            &recs[1]["note"]
        ),
        (
            &json!(a.trim()),
            &json!("2026-11-23"),
            &json!(4),
            &json!(7.5),
            &json!("deep")
        )
    );
}

#[test]
fn sleep_replace_updates_the_nights_note_in_place() {
    let e = Env::new();
    let first = e.ok(&["sleep", "--quality", "2", "--night", "2026-11-20"]);
    let second = e.ok(&[
        "sleep",
        "--quality",
        "5",
        "--night",
        "2026-11-20",
        "--hours",
        "8",
        "--replace",
    ]);
    assert_eq!(first, second, "--replace keeps the note's UUID");
    let list = e.json(&["list", "--sleep", "--json"]);
    assert_eq!(items(&list).len(), 1);
    assert_eq!(list[0]["quality"], 5);
    assert_eq!(list[0]["hours"], 8.0);
}

#[test]
fn week_json_has_exactly_n_weeks_oldest_first() {
    let e = Env::new();
    e.log(5, 3, &["--at", "2026-11-09 10:00"]);
    e.log(5, 3, &["--at", "2026-11-15 10:00"]); // Sunday: same Monday week
    for n in [1usize, 3, 12] {
        let v = e.json(&["week", "--json", "--weeks", &n.to_string()]);
        assert_eq!(items(&v).len(), n);
    }
    let v = e.json(&["week", "--json", "--weeks", "4"]);
    assert_eq!(
        v,
        json!([
            {"week_start": "2026-11-02", "sessions": 0, "goal": 1, "met": false, "rest": false},
            {"week_start": "2026-11-09", "sessions": 2, "goal": 1, "met": true, "rest": false},
            {"week_start": "2026-11-16", "sessions": 0, "goal": 1, "met": false, "rest": false},
            {"week_start": "2026-11-23", "sessions": 0, "goal": 1, "met": false, "rest": false},
        ])
    );
    // Default: 12 weeks ending with this week.
    let d = e.json(&["week", "--json"]);
    assert_eq!(items(&d).len(), 12);
    assert_eq!(d[11]["week_start"], "2026-11-23");
    assert_eq!(d[0]["week_start"], "2026-09-07");
    // --until picks the last week.
    let u = e.json(&["week", "--json", "--weeks", "2", "--until", "2026-11-15"]);
    assert_eq!(u[0]["week_start"], "2026-11-02");
    assert_eq!(u[1]["week_start"], "2026-11-09");
    // The bounds are allowed.
    assert_eq!(
        items(&e.json(&["week", "--json", "--weeks", "520"])).len(),
        520
    );
}

#[test]
fn week_chart_marks_met_missed_and_due_without_colour() {
    let e = Env::new();
    e.log(5, 3, &["--at", "2026-11-10 10:00"]);
    let out = e.ok(&["week", "--weeks", "3"]);
    let lines: Vec<_> = out.lines().collect();
    assert_eq!(lines.len(), 4, "{out}");
    assert!(lines[0].contains("Mon–Sun"), "{out}");
    assert!(
        lines[1].starts_with("2026-11-09") && lines[1].contains("1/1") && lines[1].contains("met")
    );
    assert!(lines[2].starts_with("2026-11-16") && lines[2].contains("missed"));
    assert!(lines[3].starts_with("2026-11-23") && lines[3].contains("due"));
    assert!(!out.contains('\u{1b}'), "no escape codes: {out:?}");
}

#[test]
fn stats_json_has_exact_keys_and_values() {
    let e = Env::new();
    let empty = e.json(&["stats", "--json"]);
    assert_eq!(
        empty,
        json!({
            "sessions_total": 0, "weeks_met": 0, "current_streak_weeks": 0,
            "longest_streak_weeks": 0, "avg_tension_before": null, "avg_tension_after": null,
            "avg_tension_drop": null, "sleep_nights_total": 0,
            "avg_sleep_quality_after_session": null, "avg_sleep_quality_other_nights": null,
        })
    );
    e.log(8, 2, &["--at", "2026-11-09 21:00"]);
    e.log(6, 3, &["--at", "2026-11-17 21:00"]);
    e.log(5, 5, &["--at", "2026-11-23 08:00"]);
    e.ok(&["sleep", "--quality", "5", "--night", "2026-11-09"]);
    e.ok(&["sleep", "--quality", "3", "--night", "2026-11-17"]);
    e.ok(&["sleep", "--quality", "2", "--night", "2026-11-18"]);
    let s = e.json(&["stats", "--json"]);
    assert_eq!(
        s,
        json!({
            "sessions_total": 3, "weeks_met": 3, "current_streak_weeks": 3,
            "longest_streak_weeks": 3, "avg_tension_before": 6.33, "avg_tension_after": 3.33,
            "avg_tension_drop": 3.0, "sleep_nights_total": 3,
            "avg_sleep_quality_after_session": 4.0, "avg_sleep_quality_other_nights": 2.0,
        })
    );
    let text = e.ok(&["stats"]);
    assert!(
        text.contains("Current streak") && text.contains("3 weeks"),
        "{text}"
    );
    assert!(text.contains("6.33"), "{text}");
}

#[test]
fn goal_shows_and_changes_goal_and_week_start() {
    let e = Env::new();
    assert_eq!(
        e.ok(&["goal"]).trim(),
        "Goal: 1 session per week; weeks start on Monday (Mon–Sun)."
    );
    e.ok(&["goal", "--per-week", "3"]);
    e.ok(&["goal", "--week-start", "sunday"]);
    assert_eq!(
        e.ok(&["goal"]).trim(),
        "Goal: 3 sessions per week; weeks start on Sunday (Sun–Sat)."
    );
    let w = e.json(&["week", "--json", "--weeks", "1"]);
    assert_eq!(w[0]["week_start"], "2026-11-22");
    assert_eq!(w[0]["goal"], 3);
    let x = e.json(&["export"]);
    assert_eq!(x["week_start"], "sunday");
    assert_eq!(
        x["goals"],
        json!([{"effective_from": "2026-11-23", "per_week": 3}])
    );
}

#[test]
fn rest_marks_and_unmarks_a_week() {
    let e = Env::new();
    e.ok(&["rest", "--week", "2026-11-18", "--reason", "travel"]);
    let w = e.json(&["week", "--json", "--weeks", "2"]);
    assert_eq!(w[0]["week_start"], "2026-11-16");
    assert_eq!(w[0]["rest"], true);
    assert_eq!(w[1]["rest"], false);
    let chart = e.ok(&["week", "--weeks", "2"]);
    assert!(chart.contains("rest: travel"), "{chart}");
    assert_eq!(
        e.json(&["export"])["rest_weeks"],
        json!([{"date": "2026-11-18", "reason": "travel"}])
    );
    e.ok(&["rest", "--week", "2026-11-22", "--undo"]);
    let w = e.json(&["week", "--json", "--weeks", "2"]);
    assert_eq!(w[0]["rest"], false);
    // Without --week: this week.
    e.ok(&["rest", "--reason", "foot injury"]);
    let due = e.cmd(&["due"]).output().expect("run");
    assert_eq!(due.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&due.stdout).contains("rest week (foot injury)"));
}

#[test]
fn due_exits_3_until_the_goal_is_met() {
    let e = Env::new();
    let out = e.cmd(&["due"]).output().expect("run");
    assert_eq!(out.status.code(), Some(3));
    let line = String::from_utf8(out.stdout).expect("utf-8");
    assert_eq!(line.lines().count(), 1, "{line}");
    assert!(line.contains("0/1"), "{line}");

    e.log(5, 3, &["--at", "2026-11-23 08:00"]);
    let line = e.ok(&["due"]);
    assert_eq!(line.lines().count(), 1);
    assert!(line.contains("1/1"), "{line}");

    e.ok(&["goal", "--per-week", "2"]);
    let out = e.cmd(&["due"]).output().expect("run");
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("1/2"));
}

#[test]
fn delete_by_uuid_or_prefix_removes_from_every_view() {
    let e = Env::new();
    let a = e.log(5, 3, &["--at", "2026-11-23 08:00"]);
    let b = e.log(9, 1, &["--at", "2026-11-20 08:00"]);
    let s = e.ok(&["sleep", "--quality", "3", "--night", "2026-11-20"]);
    let s = s.trim();
    let out = e.ok(&["delete", &a]);
    assert!(out.contains(&a), "{out}");
    // A prefix long enough to be unique.
    e.ok(&["delete", &b[..13].to_uppercase()]);
    e.ok(&["delete", &s[..8]]);
    assert_eq!(e.json(&["list", "--json"]), json!([]));
    assert_eq!(e.json(&["list", "--sleep", "--json"]), json!([]));
    let export = e.json(&["export"]);
    assert_eq!(export["sessions"], json!([]));
    assert_eq!(export["sleep_notes"], json!([]));
    let st = e.json(&["stats", "--json"]);
    assert_eq!(st["sessions_total"], 0);
    assert_eq!(st["sleep_nights_total"], 0);
    let weeks = e.json(&["week", "--json", "--weeks", "2"]);
    assert_eq!(
        (weeks[0]["sessions"].clone(), weeks[1]["sessions"].clone()),
        (json!(0), json!(0))
    );
    // The night is free again.
    e.ok(&["sleep", "--quality", "4", "--night", "2026-11-20"]);
}

#[test]
fn completions_for_each_shell() {
    let e = Env::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = e.ok(&["completions", shell]);
        assert!(out.contains("footlog"), "{shell}");
        for sub in ["export", "import", "due"] {
            assert!(out.contains(sub), "{shell} completion lacks {sub}");
        }
    }
    assert!(!e.db.exists(), "completions must not create a database");
    e.fails(&["completions", "powershell-ish"], 2);
}

#[test]
fn no_subcommand_prints_help() {
    let e = Env::new();
    let out = e.ok(&[]);
    assert!(
        out.contains("Usage") && out.contains("log") && out.contains("export"),
        "{out}"
    );
}

#[test]
fn hostile_text_is_stored_as_data() {
    let e = Env::new();
    let nasty = r#"it's "fine"; really'); DROP TABLE sessions; --"#;
    let sql = "'; DROP TABLE sessions; --";
    let uuid = e.log(
        5,
        3,
        &["--note", nasty, "--oil", sql, "--at", "2026-11-20 10:00"],
    );
    e.ok(&[
        "sleep",
        "--quality",
        "3",
        "--note",
        sql,
        "--night",
        "2026-11-20",
    ]);
    e.ok(&["rest", "--reason", sql]);
    let list = e.json(&["list", "--json"]);
    assert_eq!(list[0]["uuid"], uuid.as_str());
    assert_eq!(list[0]["note"], nasty);
    assert_eq!(list[0]["oil"], sql);
    assert_eq!(e.json(&["list", "--sleep", "--json"])[0]["note"], sql);
    assert_eq!(e.json(&["export"])["rest_weeks"][0]["reason"], sql);
    // The table survived and still takes rows.
    e.log(5, 3, &[]);
    assert_eq!(items(&e.json(&["list", "--json"])).len(), 2);
    // CSV quotes them and reads them back.
    let csv = e.ok(&["export", "--format", "csv"]);
    let f = Env::new();
    let file = f.write("s.csv", &csv);
    f.ok(&["import", &file]);
    assert_eq!(f.json(&["list", "--json"]), e.json(&["list", "--json"]));
    assert!(is_uuid(&uuid));
}

#[test]
fn text_values_may_start_with_a_hyphen() {
    let e = Env::new();
    e.log(6, 2, &["--note", "-1 line", "--oil", "-none-"]);
    e.ok(&["sleep", "--quality", "3", "--note", "-tired"]);
    e.ok(&["rest", "--reason", "- travel"]);
    let s = e.json(&["list", "--json"]);
    assert_eq!(items(&s)[0]["note"], "-1 line");
    assert_eq!(items(&s)[0]["oil"], "-none-");
    let n = e.json(&["list", "--sleep", "--json"]);
    assert_eq!(items(&n)[0]["note"], "-tired");
    let x = e.json(&["export"]);
    assert_eq!(x["rest_weeks"][0]["reason"], "- travel");
}

/// A session in the small hours comes before the night that began the evening before: at 00:30
/// on 2 Dec it pairs with the night of 1 Dec (quality 5), not the night of 2 Dec (quality 1).
/// `stats` and `insights` agree.
#[test]
fn a_session_after_midnight_pairs_with_the_night_that_began_the_evening_before() {
    let mut e = Env::new();
    e.now = "2026-12-03 20:00".into();
    e.log(6, 3, &["--at", "2026-12-02 00:30"]);
    e.ok(&["sleep", "--quality", "5", "--night", "2026-12-01"]);
    e.ok(&["sleep", "--quality", "1", "--night", "2026-12-02"]);
    let s = e.json(&["stats", "--json"]);
    assert_eq!(s["avg_sleep_quality_after_session"], json!(5.0), "{s}");
    assert_eq!(s["avg_sleep_quality_other_nights"], json!(1.0), "{s}");

    // Five such sessions (00:30 on 2–6 Dec): the nights of 1–5 Dec are after a massage.
    let mut e = Env::new();
    e.now = "2026-12-12 20:00".into();
    for day in 2..=6 {
        e.log(6, 3, &["--at", &format!("2026-12-{day:02} 00:30")]);
    }
    for night in 1..=10 {
        let q = if night <= 5 { "5" } else { "1" };
        e.ok(&[
            "sleep",
            "--quality",
            q,
            "--night",
            &format!("2026-12-{night:02}"),
        ]);
    }
    let s = e.json(&["stats", "--json"]);
    assert_eq!(s["avg_sleep_quality_after_session"], json!(5.0), "{s}");
    assert_eq!(s["avg_sleep_quality_other_nights"], json!(1.0), "{s}");
    let i = e.json(&["insights", "--json", "--weeks", "12"]);
    assert_eq!(i["sleep"]["after_session"]["n"], json!(5), "{i}");
    assert_eq!(
        i["sleep"]["after_session"]["avg_quality"],
        json!(5.0),
        "{i}"
    );
    assert_eq!(i["sleep"]["other_nights"]["avg_quality"], json!(1.0), "{i}");
}

/// The report counts weeks from the first session, not from the period's start, and shows this
/// week as in progress rather than missed: a user who began last week and met the goal both
/// weeks reads "2 of 2 weeks", not "2 of 12 weeks".
#[test]
fn the_reports_weeks_count_from_the_first_session_and_this_week_is_in_progress() {
    let e = Env::new(); // Monday 23 November 2026
    e.log(7, 3, &["--at", "2026-11-18 20:00"]);
    e.log(6, 3, &["--at", "2026-11-23 08:00"]);
    let md = e.ok(&["report", "--format", "md"]);
    assert!(
        md.contains(
            "Weeks that met their goal: 2 of 2 weeks, since you started in the week of 16 November 2026"
        ),
        "{md}"
    );
    assert!(!md.contains("in progress"), "this week met its goal: {md}");
    // Goal 2 from this week on: this week is not over and not met yet.
    e.ok(&["goal", "--per-week", "2"]);
    let md = e.ok(&["report", "--format", "md"]);
    assert!(
        md.contains(
            "Weeks that met their goal: 1 of 1 week, since you started in the week of 16 November 2026; this week in progress"
        ),
        "{md}"
    );
}

/// `list` pads notes by terminal columns: a CJK or emoji note keeps the ID column where the
/// others have it, and a long one is cut with "…".
#[test]
fn list_columns_line_up_with_wide_characters() {
    let e = Env::new();
    e.log(6, 3, &["--at", "2026-11-20 20:00", "--note", "plain"]);
    e.log(
        6,
        3,
        &["--at", "2026-11-21 20:00", "--note", "足裏マッサージ 🦶"],
    );
    e.log(
        6,
        3,
        &["--at", "2026-11-22 20:00", "--note", &"足".repeat(40)],
    );
    let out = e.ok(&["list"]);
    let width = |l: &str| unicode_width::UnicodeWidthStr::width(l);
    let lines: Vec<&str> = out.lines().collect();
    let id_at: Vec<usize> = lines
        .iter()
        .map(|l| width(l.rsplit_once("  ").map_or(*l, |(head, _)| head)))
        .collect();
    assert!(id_at.windows(2).all(|w| w[0] == w[1]), "{out}\n{id_at:?}");
    assert!(lines[3].contains('…'), "{out}");
}

/// bash completes an area after a comma (`--area balls,ar<Tab>` → `balls,arches`), not only the
/// first one, through the script `footlog completions bash` prints.
#[test]
fn bash_completes_areas_after_a_comma() {
    if !crate::support::need::require_tool("bash") {
        return;
    }
    let e = Env::new();
    let script = e.write("footlog.bash", e.ok(&["completions", "bash"]));
    let complete = |word: &str| {
        let out = std::process::Command::new("bash")
            .arg("-c")
            .arg(format!(
                "source '{script}'; COMP_WORDS=(footlog log --area '{word}'); COMP_CWORD=3; \
                 _footlog footlog '{word}' --area; printf '%s\\n' \"${{COMPREPLY[@]}}\""
            ))
            .output()
            .expect("bash");
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(complete("balls,ar"), ["balls,arches"]);
    assert_eq!(complete("he"), ["heels"]);
    assert_eq!(complete("balls,heels,t"), ["balls,heels,toes"]);
    assert_eq!(complete("balls,").len(), 5);
}
