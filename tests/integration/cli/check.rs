//! `footlog check` on each kind of tampering, and a damaged row that must not lock the user out
//! (issue 8: "check, and damaged rows").

use rusqlite::Connection;

use super::support::Env;

/// A database with sessions on two days and a sleep note, checked clean first.
fn healthy() -> Env {
    let e = Env::new();
    e.log(7, 3, &["--at", "2026-11-20 19:00", "--note", "first"]);
    e.log(6, 2, &["--at", "2026-11-21 19:00"]);
    e.ok(&["sleep", "--quality", "4", "--night", "2026-11-20"]);
    let out = e.ok(&["check"]);
    assert!(out.ends_with("All good.\n"), "{out}");
    e
}

/// Runs `check`, requires exit 1, and returns the problem lines.
fn problems(e: &Env) -> Vec<String> {
    let out = e.cmd(&["check"]).output().expect("run check");
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert_eq!(out.status.code(), Some(1), "check should fail: {text}");
    assert!(!text.contains("All good."), "{text}");
    let problems: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Problem: "))
        .map(str::to_string)
        .collect();
    assert!(!problems.is_empty(), "no problem line: {text}");
    // The JSON report agrees, and exits 1 too.
    let out = e
        .cmd(&["check", "--json"])
        .output()
        .expect("run check --json");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["ok"], false);
    let json_problems: Vec<String> = v["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .map(|p| p.as_str().expect("text").to_string())
        .collect();
    assert_eq!(json_problems, problems);
    problems
}

fn tamper(e: &Env, sql: &str) {
    let c = Connection::open(&e.db).expect("open");
    c.execute_batch(sql).expect("tamper");
}

#[test]
fn check_keeps_its_lines_and_says_all_good_only_when_all_holds() {
    let e = healthy();
    let out = e.ok(&["check"]);
    for label in [
        "Database:",
        "Integrity:      ok",
        "Schema version:",
        "Schema:         ok",
        "Foreign keys:   ok",
        "Records:        ok",
        "Day totals:     ok",
        "Week totals:    ok",
        "File mode:      0600",
        "Folder mode:    0700",
        "Backups folder: ok",
        "Last backup:",
    ] {
        assert!(out.contains(label), "missing {label:?} in {out}");
    }
    let v = e.json(&["check", "--json"]);
    assert_eq!(v["ok"], true);
    assert_eq!(v["problems"], serde_json::json!([]));
    assert!(v["rows_read"].as_u64().expect("rows") >= 5, "{v}");
}

#[test]
fn check_finds_a_missing_column() {
    let e = healthy();
    tamper(&e, "ALTER TABLE sleep_notes DROP COLUMN hours;");
    let p = problems(&e);
    assert!(
        p.iter()
            .any(|l| l.contains("table sleep_notes has no column hours")),
        "{p:?}"
    );
}

#[test]
fn check_finds_a_table_replaced_by_a_view() {
    let e = healthy();
    tamper(
        &e,
        "DROP TABLE rest_marks; CREATE VIEW rest_marks AS SELECT '2026-11-16' AS date, 'x' AS reason;",
    );
    let p = problems(&e);
    assert!(
        p.iter()
            .any(|l| l.contains("rest_marks is a view, but footlog's schema has a table there")),
        "{p:?}"
    );
}

#[test]
fn check_finds_an_added_trigger_and_an_extra_index() {
    let e = healthy();
    tamper(
        &e,
        "CREATE TRIGGER sneaky AFTER INSERT ON sessions BEGIN SELECT 1; END;
         CREATE INDEX extra_idx ON sessions (note);",
    );
    let p = problems(&e);
    assert!(
        p.iter().any(|l| l.contains("extra trigger sneaky")),
        "{p:?}"
    );
    assert!(
        p.iter().any(|l| l.contains("extra index extra_idx")),
        "{p:?}"
    );
}

#[test]
fn check_finds_a_dropped_trigger() {
    let e = healthy();
    tamper(&e, "DROP TRIGGER session_days_after_insert;");
    let p = problems(&e);
    assert!(
        p.iter()
            .any(|l| l.contains("trigger session_days_after_insert is missing")),
        "{p:?}"
    );
}

#[test]
fn check_finds_per_day_totals_that_disagree() {
    let e = healthy();
    tamper(
        &e,
        "UPDATE session_days SET sessions = 5 WHERE local_date = '2026-11-20';",
    );
    let p = problems(&e);
    assert!(
        p.iter().any(|l| l.contains("per-day totals for 2026-11-20")
            && l.contains("say 5 sessions")
            && l.contains("the sessions say 1 sessions")),
        "{p:?}"
    );
}

#[test]
fn check_finds_per_week_totals_that_disagree() {
    let e = healthy();
    // 2026-11-20 is a Friday: its Monday week starts on 2026-11-16 (day 20773).
    tamper(
        &e,
        "UPDATE session_weeks SET sessions = sessions + 2 WHERE week_start = 'monday' AND first_day = 20773;",
    );
    let p = problems(&e);
    assert!(
        p.iter()
            .any(|l| l.contains("per-week totals (monday weeks) for the week of 2026-11-16")),
        "{p:?}"
    );
    assert!(
        !p.iter().any(|l| l.contains("sunday weeks")),
        "only the tampered week start disagrees: {p:?}"
    );
    let out = e.cmd(&["check"]).output().expect("check");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Week totals:    1 week disagrees"), "{text}");
    assert!(text.contains("Day totals:     ok"), "{text}");
    let v: serde_json::Value =
        serde_json::from_slice(&e.cmd(&["check", "--json"]).output().expect("json").stdout)
            .expect("JSON");
    assert_eq!(v["week_totals"].as_array().map(Vec::len), Some(1), "{v}");
    assert_eq!(v["day_totals"], serde_json::json!([]), "{v}");
}

#[test]
fn check_names_each_undecodable_row_by_table_uuid_and_field() {
    let e = healthy();
    let v = e.json(&["list", "--json"]);
    let uuid = v[0]["uuid"].as_str().expect("uuid").to_string();
    tamper(
        &e,
        &format!(
            "UPDATE sessions SET started_at = 'not a time' WHERE uuid = '{uuid}';
                  UPDATE sleep_notes SET created_at = '2026-13-01T00:00:00+01:00';
                  INSERT INTO goals (effective_from, per_week) VALUES ('2026-02-30', 3);"
        ),
    );
    let p = problems(&e);
    assert!(
        p.iter()
            .any(|l| l.contains(&format!("sessions {uuid}: field started_at"))),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|l| l.contains("sleep_notes") && l.contains("field created_at")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|l| l.contains("goals 2026-02-30: field effective_from")),
        "{p:?}"
    );
    let out = e.cmd(&["check", "--json"]).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let d = v["damaged"].as_array().expect("damaged");
    assert!(
        d.iter().any(|d| d["table"] == "sessions"
            && d["uuid"] == uuid.as_str()
            && d["field"] == "started_at"),
        "{v}"
    );
}

#[test]
fn check_reports_a_backups_folder_that_is_a_symlink_or_open_to_others() {
    use std::os::unix::fs::PermissionsExt;
    let e = healthy();
    let backups = e.db.parent().expect("folder").join("backups");
    let elsewhere = e.path("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    std::os::unix::fs::symlink(&elsewhere, &backups).expect("symlink");
    let p = problems(&e);
    assert!(p.iter().any(|l| l.contains("is a symbolic link")), "{p:?}");
    std::fs::remove_file(&backups).expect("rm link");
    std::fs::create_dir(&backups).expect("mkdir");
    std::fs::set_permissions(&backups, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let p = problems(&e);
    assert!(
        p.iter().any(|l| l.contains("is writable by others")),
        "{p:?}"
    );
    std::fs::set_permissions(&backups, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    assert!(e.ok(&["check"]).ends_with("All good.\n"));
}

/// Runs `args` and requires exit 0 and a warning on stderr naming `uuid`; returns stdout.
fn works_but_warns(e: &Env, args: &[&str], uuid: &str) -> String {
    warns_of(e, args, "session", uuid)
}

/// The same for a record of `kind` ("session", "sleep note").
fn warns_of(e: &Env, args: &[&str], kind: &str, uuid: &str) -> String {
    let out = e.cmd(args).output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    assert!(
        stderr.contains(&format!("damaged {kind} {uuid} cannot be read"))
            && stderr.contains("footlog check"),
        "{args:?}: no warning naming {uuid}: {stderr}"
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn a_damaged_row_is_left_out_with_a_warning_and_the_rest_still_shows() {
    let e = healthy();
    let bad = e.log(9, 1, &["--at", "2026-11-22 19:00", "--note", "will break"]);
    tamper(
        &e,
        &format!("UPDATE sessions SET started_at = 'garbage' WHERE uuid = '{bad}';"),
    );
    let list = works_but_warns(&e, &["list"], &bad);
    assert!(list.contains("first"), "{list}");
    assert!(
        !list.contains("will break") && !list.contains(&bad[..8]),
        "{list}"
    );
    let json = works_but_warns(&e, &["list", "--json"], &bad);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v.as_array().expect("array").len(), 2, "{v}");
    let week = works_but_warns(&e, &["week", "--weeks", "2"], &bad);
    assert!(week.contains("2026-11-16"), "{week}");
    // stats reads the per-day totals, where the damaged session's day and ratings are readable:
    // it counts there, and stats works.
    let stats = e.json(&["stats", "--json"]);
    assert_eq!(stats["sessions_total"], 3, "{stats}");
    let insights = works_but_warns(&e, &["insights"], &bad);
    assert!(insights.contains("Sessions: 2"), "{insights}");
    let p = problems(&e);
    assert!(p.iter().any(|l| l.contains(&bad)), "{p:?}");
}

#[test]
fn a_damaged_day_does_not_break_week_or_stats() {
    let e = healthy();
    let bad = e.log(9, 1, &["--at", "2026-11-22 19:00"]);
    // A date that passes the column's GLOB but is no date: the per-day total gets it too.
    tamper(
        &e,
        &format!("UPDATE sessions SET local_date = '2026-11-00' WHERE uuid = '{bad}';"),
    );
    works_but_warns(&e, &["week"], &bad);
    works_but_warns(&e, &["stats"], &bad);
    works_but_warns(&e, &["list"], &bad);
}

#[test]
fn a_database_upgraded_from_schema_1_checks_clean() {
    use std::os::unix::fs::PermissionsExt;
    // The schema comparison must not mistake an upgraded file for a tampered one.
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let e = Env::new();
    std::fs::create_dir_all(e.db.parent().expect("parent")).expect("mkdir");
    std::fs::copy(fixtures.join("schema-1.db"), &e.db).expect("copy the fixture");
    let private = |p: &std::path::Path, m| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod");
    };
    private(&e.db, 0o600);
    private(e.db.parent().expect("parent"), 0o700);
    let out = e.ok(&["check"]);
    assert!(out.contains("Schema:         ok"), "{out}");
    assert!(out.ends_with("All good.\n"), "{out}");
}

#[test]
fn a_damaged_sleep_note_is_named_by_list_stats_and_insights() {
    let e = healthy();
    let n = e.ok(&["sleep", "--quality", "3", "--night", "2026-11-22"]);
    let n = n.trim();
    tamper(
        &e,
        &format!("UPDATE sleep_notes SET night = '2026-11-00' WHERE uuid = '{n}';"),
    );
    let list = warns_of(&e, &["list", "--sleep"], "sleep note", n);
    assert!(
        list.contains("2026-11-20") && !list.contains(&n[..8]),
        "{list}"
    );
    let stats = warns_of(&e, &["stats", "--json"], "sleep note", n);
    let v: serde_json::Value = serde_json::from_str(&stats).expect("JSON");
    assert_eq!(v["sleep_nights_total"], 1, "{v}");
    warns_of(&e, &["insights"], "sleep note", n);
}

#[test]
fn a_damaged_record_can_be_deleted_and_purged_by_its_uuid() {
    let e = healthy();
    let bad = e.log(9, 1, &["--at", "2026-11-22 19:00"]);
    tamper(
        &e,
        &format!("UPDATE sessions SET started_at = 'garbage' WHERE uuid = '{bad}';"),
    );
    assert!(problems(&e).iter().any(|p| p.contains(&bad)));
    e.ok(&["delete", &bad[..8]]);
    e.ok(&["purge"]);
    assert!(e.ok(&["check"]).ends_with("All good.\n"));
    let out = e.cmd(&["list"]).output().expect("run");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn check_counts_one_finding_in_the_singular_and_two_in_the_plural() {
    let line = |e: &Env, label: &str| -> String {
        let out = e.cmd(&["check"]).output().expect("run check");
        let text = String::from_utf8(out.stdout).expect("UTF-8");
        text.lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label:?} line: {text}"))
            .to_string()
    };
    let one = healthy();
    tamper(&one, "ALTER TABLE sleep_notes DROP COLUMN hours;");
    assert_eq!(line(&one, "Schema:"), "Schema:         1 difference");
    assert!(
        line(&one, "Records:").starts_with("Records:        0 damaged, 1 table unreadable ("),
        "{}",
        line(&one, "Records:")
    );
    let two = healthy();
    tamper(
        &two,
        "ALTER TABLE sleep_notes DROP COLUMN hours; ALTER TABLE sessions DROP COLUMN oil;",
    );
    assert_eq!(line(&two, "Schema:"), "Schema:         2 differences");
    assert_eq!(
        line(&two, "Records:"),
        "Records:        0 damaged, 2 tables unreadable (2 rows read)"
    );
}
