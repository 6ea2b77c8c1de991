//! Export and import: shapes, round trips in both formats, merging, conflicts and all-or-nothing.

use serde_json::{Value, json};

use super::support::{Env, items, keys, set, tree};

const SESSION_CSV_HEADER: &str = "uuid,started_at,date,minutes,feet,tool,areas,oil,tension_before,tension_after,pain,note,created_at,updated_at";
const SLEEP_CSV_HEADER: &str = "uuid,night,quality,hours,note,created_at,updated_at,bed,tried,\
     latency_min,awakenings,awake_min,woke,up,time_in_bed_min,total_sleep_min,efficiency_pct";

/// A database with a bit of everything, including deleted records and a Sunday week start.
fn populated() -> Env {
    let e = Env::new();
    e.ok(&["goal", "--week-start", "sunday", "--per-week", "2"]);
    e.ok(&["rest", "--week", "2026-11-04", "--reason", "travel"]);
    e.log(
        8,
        2,
        &[
            "--at",
            "2026-11-20 21:15",
            "--minutes",
            "35",
            "--feet",
            "right",
            "--tool",
            "ball",
            "--area",
            "toes,heels",
            "--oil",
            "sesame, warm",
            "--pain",
            "3",
            "--note",
            "line one\nline \"two\", with comma",
        ],
    );
    e.log(6, 4, &["--at", "2026-11-21 08:00"]);
    let gone = e.log(9, 9, &["--at", "2026-11-22 08:00"]);
    let mut ny = Env::in_tz("America/New_York");
    ny.db.clone_from(&e.db);
    ny.log(4, 1, &["--at", "2026-11-18 23:30", "--note", "in New York"]);
    e.ok(&[
        "sleep",
        "--quality",
        "4",
        "--night",
        "2026-11-20",
        "--hours",
        "7.5",
        "--note",
        "ok",
    ]);
    e.ok(&["sleep", "--quality", "2", "--night", "2026-11-21"]);
    let gone_sleep = e.ok(&["sleep", "--quality", "1", "--night", "2026-11-19"]);
    e.ok(&["delete", &gone]);
    e.ok(&["delete", gone_sleep.trim()]);
    e
}

#[test]
fn export_json_has_the_documented_shape_and_skips_deleted_records() {
    let e = populated();
    let x = e.json(&["export", "--format", "json"]);
    assert_eq!(
        keys(&x),
        set(&[
            "version",
            "week_start",
            "health_profile",
            "reminder",
            "goals",
            "rest_weeks",
            "sessions",
            "sleep_notes"
        ])
    );
    assert_eq!(x["version"], 1);
    assert_eq!(x["week_start"], "sunday");
    assert_eq!(
        x["goals"],
        json!([{"effective_from": "2026-11-23", "per_week": 2}])
    );
    assert_eq!(
        x["rest_weeks"],
        json!([{"date": "2026-11-04", "reason": "travel"}])
    );
    let sessions = items(&x["sessions"]);
    assert_eq!(sessions.len(), 3, "the deleted session is not exported");
    for s in sessions {
        assert_eq!(
            keys(s),
            set(&[
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
                "created_at",
                "updated_at",
            ])
        );
    }
    // Timestamps carry the offset of the zone they were written in.
    let created: Vec<_> = sessions.iter().map(|s| s["created_at"].clone()).collect();
    assert_eq!(
        created,
        vec![
            json!("2026-11-23T20:00:00-05:00"),
            json!("2026-11-23T20:00:00+01:00"),
            json!("2026-11-23T20:00:00+01:00"),
        ]
    );
    assert_eq!(sessions[0]["started_at"], "2026-11-18T23:30:00-05:00");
    assert_eq!(sessions[0]["date"], "2026-11-18");
    let notes = items(&x["sleep_notes"]);
    assert_eq!(notes.len(), 2, "the deleted note is not exported");
    for n in notes {
        assert_eq!(
            keys(n),
            set(&[
                "uuid",
                "night",
                "quality",
                "hours",
                "note",
                "created_at",
                "updated_at",
                "bed",
                "tried",
                "latency_min",
                "awakenings",
                "awake_min",
                "woke",
                "up",
                "time_in_bed_min",
                "total_sleep_min",
                "efficiency_pct",
            ])
        );
    }
    // The list keys are the export keys without timestamps.
    let listed = e.json(&["list", "--json"]);
    for (l, s) in items(&listed).iter().zip(sessions) {
        let mut s = s.clone();
        let o = s.as_object_mut().expect("object");
        o.remove("created_at");
        o.remove("updated_at");
        assert_eq!(*l, s);
    }
}

#[test]
fn export_csv_header_order_and_cells() {
    let e = populated();
    let csv = e.ok(&["export", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<_> = r
        .headers()
        .expect("header")
        .iter()
        .map(String::from)
        .collect();
    assert_eq!(header.join(","), SESSION_CSV_HEADER);
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    assert_eq!(rows.len(), 3);
    let ball = &rows[1];
    assert_eq!(&ball[4], "right");
    assert_eq!(&ball[6], "heels;toes");
    assert_eq!(&ball[7], "sesame, warm");
    assert_eq!(&ball[11], "line one\nline \"two\", with comma");
    let plain = &rows[2];
    assert_eq!(
        (&plain[6], &plain[7], &plain[10], &plain[11]),
        ("", "", "", "")
    );

    let sleep = e.ok(&["export", "--format", "csv", "--sleep"]);
    assert_eq!(sleep.lines().next(), Some(SLEEP_CSV_HEADER));
    assert_eq!(sleep.lines().count(), 3);
    assert!(
        sleep.contains(",2026-11-21,2,,,"),
        "null hours and note are empty cells: {sleep}"
    );
}

#[test]
fn export_to_a_file_is_private_and_equals_stdout() {
    let e = populated();
    let out = e.path("backup.json");
    let run = e
        .cmd(&["export", "--output", out.to_str().expect("utf-8")])
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(0));
    assert!(run.stdout.is_empty());
    assert_eq!(
        std::fs::read_to_string(&out).expect("read"),
        e.ok(&["export"])
    );
    assert_eq!(super::support::mode(&out), 0o600);
}

#[test]
fn json_round_trip_into_an_empty_database_is_exact() {
    let a = populated();
    let export = a.ok(&["export"]);
    let b = Env::new();
    let file = b.write("export.json", &export);
    let summary = b.ok(&["import", &file]);
    assert!(
        summary.contains("Imported 3 sessions and 2 sleep notes"),
        "{summary}"
    );
    assert!(
        summary.contains("week start set from the file"),
        "{summary}"
    );
    assert_eq!(b.ok(&["export"]), export);
    assert_eq!(b.ok(&["list", "--json"]), a.ok(&["list", "--json"]));
    assert_eq!(b.ok(&["week", "--json"]), a.ok(&["week", "--json"]));
    assert_eq!(b.ok(&["stats", "--json"]), a.ok(&["stats", "--json"]));

    // A second import adds nothing.
    let before = b.snapshot();
    let again = b.ok(&["import", &file]);
    assert!(
        again.contains("Imported 0 sessions and 0 sleep notes; 5 already present, 0 conflicts."),
        "{again}"
    );
    b.assert_unchanged(&before, "second import");
}

#[test]
fn csv_round_trips_reproduce_the_records() {
    let a = populated();
    let sessions = a.ok(&["export", "--format", "csv"]);
    let sleep = a.ok(&["export", "--format", "csv", "--sleep"]);
    let b = Env::new();
    let f1 = b.write("s.csv", &sessions);
    let f2 = b.write("n.csv", &sleep);
    assert!(
        b.ok(&["import", &f1])
            .contains("Imported 3 sessions and 0 sleep notes")
    );
    assert!(
        b.ok(&["import", &f2])
            .contains("Imported 0 sessions and 2 sleep notes")
    );
    assert_eq!(b.ok(&["export", "--format", "csv"]), sessions);
    assert_eq!(b.ok(&["export", "--format", "csv", "--sleep"]), sleep);
    let (xa, xb) = (a.json(&["export"]), b.json(&["export"]));
    assert_eq!(xa["sessions"], xb["sessions"]);
    assert_eq!(xa["sleep_notes"], xb["sleep_notes"]);

    let before = b.snapshot();
    let again = b.ok(&["import", &f1]);
    assert!(
        again.contains("Imported 0 sessions and 0 sleep notes; 3 already present"),
        "{again}"
    );
    b.assert_unchanged(&before, "second CSV import");
}

#[test]
fn list_json_output_imports_too() {
    let a = populated();
    let b = Env::new();
    let f = b.write("list.json", a.ok(&["list", "--json"]));
    b.ok(&["import", &f]);
    assert_eq!(b.ok(&["list", "--json"]), a.ok(&["list", "--json"]));
    let f = b.write("sleep.json", a.ok(&["list", "--sleep", "--json"]));
    b.ok(&["import", &f]);
    assert_eq!(
        b.ok(&["list", "--sleep", "--json"]),
        a.ok(&["list", "--sleep", "--json"])
    );
}

#[test]
fn conflicts_are_counted_and_existing_data_kept() {
    let a = populated();
    let mut x: Value = a.json(&["export"]);
    let b = Env::new();
    // b already holds the first session with other content, a deleted copy of the second,
    // and a different note for the night 2026-11-20.
    let mut first = x["sessions"][0].clone();
    first["tension_before"] = json!(1);
    let mut second = x["sessions"][1].clone();
    second["note"] = json!("edited");
    let seed = json!({"version": 1, "sessions": [first, second]});
    b.ok(&["import", &b.write("seed.json", seed.to_string())]);
    b.ok(&["delete", x["sessions"][1]["uuid"].as_str().expect("uuid")]);
    b.ok(&["sleep", "--quality", "5", "--night", "2026-11-20"]);
    b.ok(&["goal", "--week-start", "monday"]);
    let kept = b.json(&["list", "--sleep", "--json"]);

    let summary = b.ok(&["import", &b.write("all.json", x.to_string())]);
    assert!(
        summary.contains(
            "Imported 1 session and 1 sleep note; 0 already present, 2 conflicts; \
             1 deleted here, kept deleted."
        ),
        "{summary}"
    );
    assert_eq!(
        summary.matches("conflict, kept existing").count(),
        2,
        "{summary}"
    );
    assert!(
        summary.contains(&format!(
            "  deleted here, kept deleted: session {}",
            x["sessions"][1]["uuid"].as_str().expect("uuid")
        )),
        "the deleted record is named, not a conflict: {summary}"
    );
    let after = b.json(&["export"]);
    assert_eq!(
        after["week_start"], "monday",
        "the file's week start does not override"
    );
    assert_eq!(after["goals"], x["goals"], "goals are merged");
    assert_eq!(
        after["rest_weeks"], x["rest_weeks"],
        "rest weeks are merged"
    );
    assert_eq!(
        items(&after["sessions"]).len(),
        2,
        "the deleted one stays deleted"
    );
    assert_eq!(
        after["sessions"][0]["tension_before"], 1,
        "existing content is kept"
    );
    let nights = b.json(&["list", "--sleep", "--json"]);
    assert_eq!(nights[0], kept[0], "the night's note is kept");
    // Goals and rest marks merge without duplicates.
    x["sessions"] = json!([]);
    x["sleep_notes"] = json!([]);
    let before = b.snapshot();
    b.ok(&["import", &b.write("meta.json", x.to_string())]);
    b.assert_unchanged(&before, "re-merging goals and rest marks");
}

#[test]
fn duplicate_uuids_within_one_file() {
    let e = Env::new();
    let rec = json!({"uuid": "0f0f0f0f-0000-4000-8000-000000000001",
        "started_at": "2026-11-20T10:00:00+01:00", "tension_before": 5, "tension_after": 3});
    let mut other = rec.clone();
    other["tension_after"] = json!(1);
    let same = e.write("same.json", json!([rec, rec]).to_string());
    let out = e.ok(&["import", &same]);
    assert!(
        out.contains("Imported 1 session and 0 sleep notes; 1 already present"),
        "{out}"
    );
    let f = Env::new();
    let differ = f.write("differ.json", json!([rec, other]).to_string());
    let out = f.ok(&["import", &differ]);
    assert!(
        out.contains("Imported 1 session") && out.contains("1 conflict."),
        "{out}"
    );
    assert_eq!(
        f.json(&["list", "--json"])[0]["tension_after"],
        3,
        "the first one wins"
    );
    assert_eq!(items(&f.json(&["list", "--json"])).len(), 1);
}

/// Sessions 0 and 1 valid, the third (index 2) with `field` = `value`.
fn with_bad_third(field: &str, value: Value) -> String {
    let ok = |d: u32| json!({"started_at": format!("2026-11-{d}T10:00:00+01:00"), "tension_before": 5, "tension_after": 3});
    let mut bad = ok(12);
    bad[field] = value;
    json!({"version": 1, "week_start": "sunday", "goals": [{"effective_from": "2026-11-01", "per_week": 4}],
        "sessions": [ok(10), ok(11), bad]})
    .to_string()
}

#[test]
fn import_is_all_or_nothing_and_names_record_and_field() {
    let e = Env::seeded();
    let cases = [
        ("tension_before", json!(11), "sessions[2].tension_before"),
        ("tension_before", json!("5"), "sessions[2].tension_before"),
        ("minutes", json!(1e40), "sessions[2].minutes"),
        (
            "minutes",
            json!(18_446_744_073_709_551_615u64),
            "sessions[2].minutes",
        ),
        (
            "minutes",
            json!(-9_223_372_036_854_775_808i64),
            "sessions[2].minutes",
        ),
        ("pain", json!(2.5), "sessions[2].pain"),
        ("areas", json!("toes"), "sessions[2].areas"),
        ("areas", json!(["toes", "knees"]), "sessions[2].areas"),
        ("feet", json!(3), "sessions[2].feet"),
        ("uuid", json!("not-a-uuid"), "sessions[2].uuid"),
        (
            "started_at",
            json!("2026-11-12 10:00"),
            "sessions[2].started_at",
        ),
        (
            "started_at",
            json!("2027-01-01T10:00:00+01:00"),
            "sessions[2].started_at",
        ),
        ("date", json!("2026-11-13"), "sessions[2].date"),
        ("note", json!("x".repeat(2001)), "sessions[2].note"),
    ];
    for (i, (field, value, needle)) in cases.into_iter().enumerate() {
        let file = e.write(&format!("bad{i}.json"), with_bad_third(field, value));
        let before = e.snapshot();
        let msg = e.fails(&["import", &file], 2);
        assert!(msg.contains(needle), "{field}: {msg}");
        e.assert_unchanged(&before, needle);
    }
    // CSV names the record and its line.
    let csv = "night,quality\n2026-11-01,4\n2026-11-02,3\n2026-11-03,7\n";
    let file = e.write("bad.csv", csv);
    let before = e.snapshot();
    let msg = e.fails(&["import", &file], 2);
    assert!(
        msg.contains("record 3 (line 4).quality") && msg.contains("1 to 5"),
        "{msg}"
    );
    e.assert_unchanged(&before, "bad CSV");
}

#[test]
fn unreadable_files_import_nothing() {
    let e = Env::seeded();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "truncated.json",
            br#"{"version":1,"sessions":[{"started_at":"2026-11"#.to_vec(),
            "JSON",
        ),
        (
            "latin1.csv",
            b"night,quality,note\n2026-11-01,4,caf\xe9\n".to_vec(),
            "UTF-8",
        ),
        ("empty.json", Vec::new(), "empty"),
        (
            "v2.json",
            br#"{"version":2,"sessions":[]}"#.to_vec(),
            "version 2",
        ),
        ("noversion.json", br#"{"sessions":[]}"#.to_vec(), "version"),
        ("scalar.json", b"[1, 2]".to_vec(), "[0]"),
        ("strange.csv", b"a,b\n1,2\n".to_vec(), "started_at"),
        (
            "ragged.csv",
            b"night,quality\n2026-11-01,4,extra\n".to_vec(),
            "record 1",
        ),
        (
            "notlist.json",
            br#"{"version":1,"sessions":{}}"#.to_vec(),
            "sessions",
        ),
    ];
    for (name, bytes, needle) in cases {
        let file = e.write(name, bytes);
        let before = e.snapshot();
        let msg = e.fails(&["import", &file], 2);
        assert!(msg.contains(needle), "{name}: {msg}");
        e.assert_unchanged(&before, name);
    }
    let before = e.snapshot();
    let missing = e.path("nope.json");
    let msg = e.fails(&["import", missing.to_str().expect("utf-8")], 1);
    assert!(msg.contains("nope.json"), "{msg}");
    e.assert_unchanged(&before, "missing file");
}

#[test]
fn a_failed_import_into_a_missing_database_creates_nothing() {
    let e = Env::new();
    let file = e.write("bad.json", with_bad_third("tension_after", json!(-1)));
    let before = tree(e.dir.path());
    e.fails(&["import", &file], 2);
    assert_eq!(tree(e.dir.path()), before);
    assert!(!e.db.exists());
}

#[test]
fn import_reads_standard_input() {
    let a = populated();
    let b = Env::new();
    let out = b
        .cmd(&["import", "-"])
        .write_stdin(a.ok(&["export"]))
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(b.ok(&["export"]), a.ok(&["export"]));
}

#[test]
fn export_into_a_closed_pipe_ends_quietly() {
    let e = Env::new();
    // More than a pipe buffer (64 KiB) of output, so footlog must hit the closed pipe.
    let sessions: Vec<Value> = (0..400)
        .map(|i| {
            json!({"started_at": format!("2025-{:02}-{:02}T{:02}:00:00+01:00", 1 + i % 12, 1 + i % 28, i % 24),
                   "tension_before": 5, "tension_after": 3, "note": "n".repeat(100)})
        })
        .collect();
    let file = e.write(
        "many.json",
        json!({"version": 1, "sessions": sessions}).to_string(),
    );
    e.ok(&["import", &file]);
    assert!(e.ok(&["export"]).len() > 128 * 1024);
    for cmd in [
        "export",
        "export --format csv",
        "list --json",
        "list",
        "week --weeks 520",
    ] {
        let script =
            format!("set -o pipefail; \"$FOOTLOG_BIN\" --db \"$DB\" {cmd} | head -c 10 >/dev/null");
        let run = std::process::Command::new("bash")
            .arg("-c")
            .arg(&script)
            .env("FOOTLOG_BIN", env!("CARGO_BIN_EXE_footlog"))
            .env("DB", &e.db)
            .env("TZ", &e.tz)
            .env("FOOTLOG_NOW", &e.now)
            .output()
            .expect("run bash");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{cmd}: {stderr}");
        assert!(stderr.is_empty(), "{cmd}: {stderr}");
    }
}

/// Spreadsheets also read the fullwidth and small forms of `=`, `+`, `-` and `@` as formula
/// starters (Excel and LibreOffice in East Asian locales turn `＝SUM(…)` into `=SUM(…)`).
#[test]
fn fullwidth_and_small_formula_starters_are_guarded_in_csv_and_round_trip() {
    let a = Env::new();
    let starters = ['＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫'];
    for (i, c) in starters.iter().enumerate() {
        let at = format!("2026-11-{:02} 20:00", 10 + i);
        a.log(
            6,
            3,
            &[
                "--at",
                &at,
                &format!("--note={c}HYPERLINK(\"http://evil.example\")"),
            ],
        );
    }
    let csv = a.ok(&["export", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let notes: Vec<String> = r
        .records()
        .map(|x| x.expect("row")[11].to_string())
        .collect();
    let want: Vec<String> = starters
        .iter()
        .map(|c| format!("'{c}HYPERLINK(\"http://evil.example\")"))
        .collect();
    assert_eq!(notes, want);
    let b = Env::new();
    b.ok(&["import", &b.write("s.csv", &csv)]);
    assert_eq!(
        a.json(&["export"])["sessions"],
        b.json(&["export"])["sessions"]
    );
}

#[test]
fn formula_cells_are_guarded_in_csv_and_round_trip_exactly() {
    let a = Env::new();
    let notes = [
        "=HYPERLINK(\"http://evil.example\",\"click\")",
        "+1 more round",
        "-2 after the walk",
        "@home",
        "'quoted' on purpose",
        "plain = fine",
    ];
    for (i, note) in notes.iter().enumerate() {
        let at = format!("2026-11-{:02} 20:00", 10 + i);
        let note_flag = format!("--note={note}");
        let oil_flag = format!("--oil={}", if i % 2 == 0 { "=oil()" } else { "almond" });
        a.log(6, 3, &["--at", &at, &note_flag, &oil_flag]);
    }
    a.ok(&[
        "sleep",
        "--quality",
        "3",
        "--night",
        "2026-11-20",
        "--note=-restless",
    ]);
    let csv = a.ok(&["export", "--format", "csv"]);
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    let cells: Vec<(&str, &str)> = rows.iter().map(|r| (&r[7], &r[11])).collect();
    assert_eq!(
        cells,
        vec![
            ("'=oil()", "'=HYPERLINK(\"http://evil.example\",\"click\")"),
            ("almond", "'+1 more round"),
            ("'=oil()", "'-2 after the walk"),
            ("almond", "'@home"),
            ("'=oil()", "''quoted' on purpose"),
            ("almond", "plain = fine"),
        ]
    );
    let sleep = a.ok(&["export", "--format", "csv", "--sleep"]);
    assert!(sleep.contains(",'-restless,"), "{sleep}");

    // Importing the CSV removes exactly the one guard, so the records come back as they were.
    let b = Env::new();
    b.ok(&["import", &b.write("s.csv", &csv)]);
    b.ok(&["import", &b.write("n.csv", &sleep)]);
    let (xa, xb) = (a.json(&["export"]), b.json(&["export"]));
    assert_eq!(xa["sessions"], xb["sessions"]);
    assert_eq!(xa["sleep_notes"], xb["sleep_notes"]);
    assert_eq!(b.ok(&["export", "--format", "csv"]), csv);
    // JSON is not a spreadsheet: its text is never changed.
    assert_eq!(xa["sessions"][0]["note"], notes[0]);
}

#[test]
fn reimporting_an_export_keeps_deleted_records_deleted_and_says_so() {
    let e = populated();
    let export = e.ok(&["export"]);
    let first = e.json(&["list", "--json"])[0]["uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    let night = e.json(&["list", "--sleep", "--json"])[0]["uuid"]
        .as_str()
        .expect("uuid")
        .to_string();
    e.ok(&["delete", &first]);
    e.ok(&["delete", &night]);
    let before = e.snapshot();
    let out = e.ok(&["import", &e.write("old.json", &export)]);
    assert!(
        out.starts_with(
            "Imported 0 sessions and 0 sleep notes; 3 already present, 0 conflicts; \
             2 deleted here, kept deleted."
        ),
        "{out}"
    );
    assert!(
        out.contains(&format!("  deleted here, kept deleted: session {first}")),
        "{out}"
    );
    assert!(
        out.contains(&format!("  deleted here, kept deleted: sleep note {night}")),
        "{out}"
    );
    e.assert_unchanged(&before, "re-importing deleted records");
}

/// Sets a column of the session `uuid` behind footlog's back, as another tool or a bad disk might.
fn damage(e: &Env, table: &str, column: &str, value: &str, uuid: &str) {
    let conn = rusqlite::Connection::open(&e.db).expect("open");
    let n = conn
        .execute(
            &format!("UPDATE {table} SET {column} = ?1 WHERE uuid = ?2"),
            rusqlite::params![value, uuid],
        )
        .expect("damage");
    assert_eq!(n, 1);
}

#[test]
fn export_refuses_damaged_records_by_name_unless_told_to_skip_them() {
    let e = populated();
    let sessions = e.json(&["list", "--json"]);
    let bad = sessions[1]["uuid"].as_str().expect("uuid").to_string();
    damage(&e, "sessions", "started_at", "2026-13-45 garbage", &bad);

    for args in [vec!["export"], vec!["export", "--format", "csv"]] {
        let msg = e.fails(&args, 1);
        assert!(
            msg.contains("1 damaged record; nothing was exported")
                && msg.contains(&format!("session {bad}: started_at:"))
                && msg.contains("--skip-damaged"),
            "{args:?}: {msg}"
        );
    }
    let out = e.path("out.json");
    let out_s = out.to_str().expect("utf-8");
    let msg = e.fails(&["export", "--output", out_s], 1);
    assert!(msg.contains(&bad), "{msg}");
    assert!(!out.exists(), "a refused export writes no file");
    // Sleep notes are not damaged: their CSV exports.
    e.ok(&["export", "--format", "csv", "--sleep"]);

    let run = e.cmd(&["export", "--skip-damaged"]).output().expect("run");
    assert_eq!(run.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("left out 1 damaged record") && stderr.contains(&bad),
        "{stderr}"
    );
    let x: Value = serde_json::from_slice(&run.stdout).expect("JSON");
    let uuids: Vec<&str> = items(&x["sessions"])
        .iter()
        .map(|s| s["uuid"].as_str().expect("uuid"))
        .collect();
    assert_eq!(uuids.len(), 2, "every readable session: {uuids:?}");
    assert!(!uuids.contains(&bad.as_str()));
    assert_eq!(items(&x["sleep_notes"]).len(), 2);

    let run = e
        .cmd(&[
            "export",
            "--skip-damaged",
            "--format",
            "csv",
            "--output",
            out_s,
        ])
        .output()
        .expect("run");
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stderr).contains(&bad));
    assert_eq!(
        std::fs::read_to_string(&out).expect("read").lines().count(),
        3
    );
}

/// A JSON export of `n` valid sessions, one a day back from 2026-11-01.
fn many_sessions(n: usize) -> Vec<Value> {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date");
    (0..n)
        .map(|i| {
            let d = start - chrono::Duration::days(i64::try_from(i).expect("i"));
            json!({"started_at": format!("{d}T10:00:00+01:00"), "tension_before": 5,
                   "tension_after": 3, "note": "a note long enough to make the file large"})
        })
        .collect()
}

#[test]
fn a_bad_record_deep_in_a_large_file_changes_nothing_and_is_named_as_before() {
    let e = Env::seeded();
    let mut sessions = many_sessions(20_000);
    sessions[19_998]["tension_before"] = json!(11);
    let file = e.write(
        "large.json",
        json!({"version": 1, "sessions": sessions}).to_string(),
    );
    assert!(std::fs::metadata(&file).expect("meta").len() > 1_000_000);
    let before = e.snapshot();
    let msg = e.fails(&["import", &file], 2);
    assert_eq!(
        msg.trim(),
        "footlog: sessions[19998].tension_before: must be a whole number from 0 to 10 (got 11)"
    );
    e.assert_unchanged(&before, "a bad record deep in a large file");

    // The same into a database that does not exist yet: nothing is created.
    let fresh = Env::new();
    let before = tree(fresh.dir.path());
    let file = fresh.write(
        "large.json",
        json!({"version": 1, "sessions": sessions}).to_string(),
    );
    fresh.fails(&["import", &file], 2);
    let mut after = tree(fresh.dir.path());
    after.retain(|p| !p.ends_with("large.json"));
    assert_eq!(after, before);
    assert!(!fresh.db.exists());
    // And when it is valid, the new database holds every record.
    sessions[19_998]["tension_before"] = json!(1);
    let file = fresh.write(
        "large.json",
        json!({"version": 1, "sessions": sessions}).to_string(),
    );
    let out = fresh.ok(&["import", &file]);
    assert!(out.contains("Imported 20000 sessions"), "{out}");
    assert_eq!(items(&fresh.json(&["list", "--json"])).len(), 20_000);
}

#[test]
fn truncated_binary_and_late_non_utf8_files_are_refused_with_nothing_written() {
    let e = Env::seeded();
    let full = json!({"version": 1, "sessions": many_sessions(3_000)}).to_string();
    let mut late_latin1 = full.clone().into_bytes();
    let at = late_latin1.len() - 200;
    late_latin1[at] = 0xe9;
    let sqlite_header = b"SQLite format 3\0\x10\0\x02\x02\0@  \0\0\0\x01".to_vec();
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        (
            "truncated.json",
            full.as_bytes()[..full.len() / 2].to_vec(),
            "the file is not valid JSON: EOF while parsing".into(),
        ),
        (
            "late.json",
            late_latin1,
            format!("is not UTF-8 text (invalid byte at offset {at}); nothing was imported"),
        ),
        (
            "db.sqlite",
            sqlite_header,
            "the file is neither JSON nor CSV (it holds binary data)".into(),
        ),
        (
            "one-line.bin",
            vec![b'x'; 200 * 1024],
            "the file is neither JSON nor CSV (no line break in its first 64 KiB)".into(),
        ),
        (
            "png.png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
            "is not UTF-8 text (invalid byte at offset 0)".into(),
        ),
    ];
    for (name, bytes, needle) in cases {
        let file = e.write(name, bytes);
        let before = e.snapshot();
        let msg = e.fails(&["import", &file], 2);
        assert!(msg.contains(&needle), "{name}: {msg}");
        e.assert_unchanged(&before, name);
    }
}

/// Moving to a new machine keeps the health profile: `export` carries it, `import` into a new
/// database sets it (the log form's cautions and the report's Precautions come back), a
/// database's own profile is never replaced, and an export from before it existed still imports.
#[test]
fn the_health_profile_moves_with_an_export_and_never_replaces_one() {
    let old = Env::new();
    old.log(6, 3, &[]);
    // Set through the store the app uses (the CLI has no command for it).
    let mut db = footlog::store::Store::open(&old.db).expect("open");
    db.set_health_profile(&footlog::domain::health::HealthProfile {
        circulation_problems: true,
        ..Default::default()
    })
    .expect("profile");
    drop(db);
    old.ok(&["remind", "--ics", "--day", "wed", "--at", "07:30"]);
    let x = old.json(&["export"]);
    assert_eq!(x["reminder"], json!("wed 07:30"));
    assert_eq!(
        x["health_profile"],
        json!({"diabetes_or_neuropathy": false, "circulation_problems": true, "pregnancy": false})
    );
    let file = old.write("export.json", x.to_string());

    let new = Env::new();
    let out = new.ok(&["import", &file]);
    assert!(out.contains("health profile set from the file"), "{out}");
    assert!(out.contains("reminder set from the file"), "{out}");
    assert_eq!(new.json(&["export"])["reminder"], json!("wed 07:30"));
    let report = new.ok(&["report", "--format", "md"]);
    assert!(report.contains("Circulation problems"), "{report}");
    // Again: nothing new, the file stays as it is.
    let out = new.ok(&["import", &file]);
    assert!(!out.contains("health profile"), "{out}");

    // A database with its own profile keeps it.
    let mine = Env::new();
    mine.log(5, 2, &[]);
    let mut db = footlog::store::Store::open(&mine.db).expect("open");
    db.set_health_profile(&footlog::domain::health::HealthProfile {
        pregnancy: true,
        ..Default::default()
    })
    .expect("profile");
    drop(db);
    mine.ok(&["import", &file]);
    let p = footlog::store::Store::open(&mine.db)
        .expect("open")
        .health_profile()
        .expect("read");
    assert!(p.pregnancy && !p.circulation_problems, "{p:?}");

    // An export from before the profile existed, and a profile of the wrong shape.
    let mut older = x.clone();
    older
        .as_object_mut()
        .expect("object")
        .remove("health_profile");
    let file = new.write("older.json", older.to_string());
    Env::new().ok(&["import", &file]);
    let mut bad = x.clone();
    bad["health_profile"] = json!({"pregnancy": "yes"});
    let file = new.write("bad.json", bad.to_string());
    let err = Env::new().fails(&["import", &file], 2);
    assert!(err.contains("health_profile"), "{err}");
    let mut bad = x;
    bad["reminder"] = json!("someday 25:00");
    let file = new.write("bad-reminder.json", bad.to_string());
    let err = Env::new().fails(&["import", &file], 2);
    assert!(err.contains("reminder"), "{err}");
}

/// An export written by an older footlog (before exports carried the health profile) imports
/// into a new database whole: its export is then today's export of the same data.
#[test]
fn an_export_of_an_older_footlog_imports_whole() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let e = Env::new();
    let out = e.ok(&[
        "import",
        fixtures
            .join("schema-1.export.json")
            .to_str()
            .expect("utf8"),
    ]);
    assert!(
        out.starts_with("Imported 3 sessions and 2 sleep notes"),
        "{out}"
    );
    assert_eq!(e.ok(&["export"]), super::support::schema_1_export());
}

/// A field far beyond any limit is refused when its record passes 1 MiB, not after the whole of
/// it is held in memory (issue 19.17: a 200 MB note took 630 MB before it was refused); the
/// message names the record, and nothing is created.
#[test]
fn a_huge_field_is_refused_at_the_record_limit() {
    let e = Env::new();
    let note = "x".repeat(20 * 1024 * 1024);
    let doc = format!(
        "{{\"version\":1,\"sessions\":[\
         {{\"started_at\":\"2026-11-20T20:00:00+01:00\",\"tension_before\":5,\"tension_after\":2}},\
         {{\"started_at\":\"2026-11-21T20:00:00+01:00\",\"tension_before\":5,\"tension_after\":2,\
         \"note\":\"{note}\"}}]}}"
    );
    let file = e.write("huge.json", doc);
    let err = e.fails(&["import", &file], 2);
    assert!(
        err.contains("sessions[1]: the record is larger than 1024 KiB"),
        "{err}"
    );
    assert!(!e.db.exists(), "nothing is created");
}

/// A CSV field far beyond any limit (issue 19.17, CSV): refused when its record passes the
/// record limit, naming the record and the field, with nothing written; the csv reader would
/// otherwise have held all of it first.
#[test]
fn a_huge_csv_field_is_refused_at_the_record_limit_naming_it() {
    let e = Env::seeded();
    let before = e.snapshot();
    // Doubled quotes, commas and line breaks inside the quoted note are part of the field.
    let note = format!("a, \"\"b\"\"\n{}", "x".repeat(20 * 1024 * 1024));
    let doc = format!(
        "started_at,tension_before,tension_after,note\n\
         2026-11-20T20:00:00+01:00,5,2,\"short, \"\"quoted\"\"\nnote\"\n\
         2026-11-21T20:00:00+01:00,5,2,\"{note}\"\n"
    );
    let file = e.write("huge.csv", doc);
    let err = e.fails(&["import", &file], 2);
    assert!(
        err.contains("CSV record 2: the note field makes the record larger than 1024 KiB"),
        "{err}"
    );
    e.assert_unchanged(&before, "a huge CSV field");
}

/// An endless CSV field on stdin is refused once its record passes the limit: the import stops
/// reading long before the 64 MiB offered (before, it read all of it into one field first).
#[test]
fn an_endless_csv_field_on_stdin_is_refused_without_reading_it_all() {
    use std::io::Write as _;
    let e = Env::new();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_footlog"))
        .arg("--db")
        .arg(&e.db)
        .args(["import", "-"])
        .env("TZ", &e.tz)
        .env("FOOTLOG_NOW", &e.now)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let offered: usize = 64 * 1024 * 1024;
    let writer = std::thread::spawn(move || {
        let mut written = 0;
        let head = b"started_at,tension_before,tension_after,note\n\
                     2026-11-21T20:00:00+01:00,5,2,\"";
        if stdin.write_all(head).is_err() {
            return written;
        }
        let chunk = vec![b'y'; 64 * 1024];
        while written < offered {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
            written += chunk.len();
        }
        written
    });
    let out = child.wait_with_output().expect("wait");
    let written = writer.join().expect("writer");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("CSV record 1: the note field makes the record larger than 1024 KiB"),
        "{err}"
    );
    assert!(
        written < offered,
        "the import read all {} MiB of one field before refusing it",
        written / 1024 / 1024
    );
    assert!(!e.db.exists(), "nothing is created");
}
