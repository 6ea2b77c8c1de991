//! `footlog report` as a user runs it: the default, the flags, the config's name, the numbers
//! agreeing with `week`, `stats` and `insights`, and every refusal with its message and exit code.

use std::os::unix::fs::PermissionsExt;

use serde_json::Value;

use super::fixture;

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn the_default_is_twelve_weeks_of_html_on_standard_output() {
    let f = fixture::small();
    let html = f.ok(&["report"]);
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains("7 September – 29 November 2026 (12 weeks)"));
    assert_eq!(
        html,
        footlog::report::render_html(&f.model(12, None)),
        "the CLI prints the model of the same period"
    );
}

#[test]
fn markdown_with_the_configs_name_is_the_models() {
    let f = fixture::small();
    f.set_name("Ann \"Nan\" <Example>");
    let md = f.ok(&["report", "--weeks", "3", "--format", "md"]);
    let expected = footlog::report::render_markdown(&f.model(3, Some("Ann \"Nan\" <Example>")));
    assert_eq!(md, expected);
    assert!(md.contains("**Ann \"Nan\" \\<Example\\>**"));
}

#[test]
fn a_broken_config_is_reported_and_the_report_still_made() {
    let f = fixture::small();
    f.set_name(&"x".repeat(101));
    let out = f.run(&["report", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(
        err.contains(
            "report.name: must be at most 100 characters (got 101); the report has no name"
        ),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("# Foot massage report\n\n- Period"));
}

#[test]
fn a_config_that_is_not_valid_toml_names_the_line_the_column_and_the_key() {
    let f = fixture::small();
    let dir = f.config_home().join("footlog");
    std::fs::create_dir_all(&dir).expect("config dir");
    std::fs::write(
        dir.join("config.toml"),
        "theme = \"mono\"\n[report]\n  title = \"x\"\n",
    )
    .expect("config");
    let out = f.run(&["report", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0));
    let err = stderr(&out);
    assert!(err.contains("line 3, column 3"), "{err}");
    assert!(err.contains("3 |   title = \"x\""), "{err}");
    assert!(
        err.contains("unknown field `title`, expected `name`; the report has no name"),
        "{err}"
    );
}

#[test]
fn since_and_until_are_rounded_out_to_whole_weeks_and_say_so() {
    let f = fixture::small();
    let md = f.ok(&[
        "report",
        "--since",
        "2026-11-11",
        "--until",
        "2026-11-20",
        "--format",
        "md",
    ]);
    assert!(
        md.contains("- Period: 9–22 November 2026 (2 weeks)\n"),
        "{md}"
    );
    assert!(md.contains("(Asked for 11–20 November 2026; rounded out to whole weeks.)"));
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| 2026-")).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0].starts_with("| 2026-11-09 | 2 |") && rows[1].starts_with("| 2026-11-16 | 0 |"));
    // --since alone runs to this week.
    let md = f.ok(&["report", "--since", "2026-11-16", "--format", "md"]);
    assert!(
        md.contains("- Period: 16–29 November 2026 (2 weeks)\n"),
        "{md}"
    );
    assert!(!md.contains("Asked for"), "a week start needs no rounding");
}

fn json(f: &fixture::Fixture, args: &[&str]) -> Value {
    serde_json::from_str(&f.ok(args)).expect("JSON")
}

fn f64_of(v: &Value) -> Option<f64> {
    v.as_f64()
}

#[test]
fn its_numbers_agree_with_week_stats_and_insights() {
    let f = fixture::ordinary();
    let r = f.model(12, None);
    // Every session of the fixture is inside these twelve weeks, so `stats` covers the same data.
    let stats = json(&f, &["stats", "--json"]);
    assert_eq!(
        stats["sessions_total"].as_u64(),
        Some(r.summary.sessions as u64)
    );
    assert_eq!(f64_of(&stats["avg_tension_before"]), r.summary.avg_before);
    assert_eq!(f64_of(&stats["avg_tension_after"]), r.summary.avg_after);
    assert_eq!(f64_of(&stats["avg_tension_drop"]), r.summary.avg_drop);
    assert_eq!(
        stats["current_streak_weeks"].as_u64(),
        Some(u64::from(r.summary.streaks.current))
    );
    assert_eq!(
        stats["longest_streak_weeks"].as_u64(),
        Some(u64::from(r.summary.streaks.longest))
    );
    assert_eq!(
        stats["weeks_met"].as_u64(),
        Some(r.summary.weeks_met as u64)
    );

    let weeks = json(&f, &["week", "--weeks", "12", "--json"]);
    let weeks = weeks.as_array().expect("array");
    assert_eq!(weeks.len(), r.weeks.len());
    for (w, row) in weeks.iter().zip(&r.weeks) {
        assert_eq!(
            w["week_start"].as_str(),
            Some(row.week_start.to_string().as_str())
        );
        assert_eq!(w["sessions"].as_u64(), Some(u64::from(row.sessions)));
        assert_eq!(w["goal"].as_u64(), Some(u64::from(row.goal)));
        let met = row.outcome == footlog::domain::report::Outcome::Met;
        assert_eq!(w["met"].as_bool(), Some(met), "{}", row.week_start);
        if !met {
            let rest = row.outcome == footlog::domain::report::Outcome::Rest;
            assert_eq!(w["rest"].as_bool(), Some(rest), "{}", row.week_start);
        }
    }

    let ins = json(&f, &["insights", "--weeks", "12", "--json"]);
    assert_eq!(ins["from"].as_str(), Some(r.from.to_string().as_str()));
    assert_eq!(ins["to"].as_str(), Some(r.to.to_string().as_str()));
    assert_eq!(ins["sessions"].as_u64(), Some(r.summary.sessions as u64));
    assert_eq!(f64_of(&ins["avg_drop"]), r.summary.avg_drop);
    let groups = |v: &Value| -> Vec<(String, u64, Option<f64>)> {
        v.as_array()
            .expect("array")
            .iter()
            .filter(|g| g["n"].as_u64() != Some(0))
            .map(|g| {
                (
                    g["key"].as_str().unwrap_or_default().to_string(),
                    g["n"].as_u64().unwrap_or(0),
                    g["avg_drop"].as_f64(),
                )
            })
            .collect()
    };
    let mine = |v: &[footlog::domain::insights::Relief]| -> Vec<(String, u64, Option<f64>)> {
        v.iter()
            .map(|g| (g.key.clone(), g.n as u64, g.avg_drop))
            .collect()
    };
    assert_eq!(groups(&ins["relief_by_tool"]), mine(&r.by_tool));
    assert_eq!(groups(&ins["relief_by_area"]), mine(&r.by_area));
    assert_eq!(groups(&ins["relief_by_minutes"]), mine(&r.by_minutes));
    assert_eq!(
        ins["sleep"]["summary"].as_str(),
        Some(r.sleep.summary.as_str())
    );
    assert_eq!(
        f64_of(&ins["sleep"]["after_session"]["avg_quality"]),
        r.sleep.after_session.avg_quality
    );
    assert_eq!(
        f64_of(&ins["sleep"]["other_nights"]["avg_hours"]),
        r.sleep.other_nights.avg_hours
    );
}

#[test]
fn output_writes_a_private_file_and_never_replaces_one_without_force() {
    let f = fixture::small();
    let target = f.dir.path().join("r.html");
    let out = f.run(&["report", "--output", target.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert_eq!(stderr(&out), format!("Wrote {}\n", target.display()));
    let mode = std::fs::metadata(&target)
        .expect("written")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    let first = std::fs::read_to_string(&target).expect("read");
    assert!(first.starts_with("<!DOCTYPE html>"));

    std::fs::write(&target, "mine").expect("overwrite by hand");
    let t = target.to_str().expect("utf-8");
    let out = f.run(&["report", "--output", t]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "footlog: {} exists; add --force to replace it (nothing was written)\n",
            target.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&target).expect("read"), "mine");
    let out = f.run(&["report", "--output", t, "--force", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&target)
            .expect("read")
            .starts_with("# Foot massage report")
    );
}

#[test]
fn output_never_goes_over_the_database_or_a_backup() {
    let f = fixture::small();
    let db = f.db.to_str().expect("utf-8").to_string();
    let before = std::fs::read(&f.db).expect("db");
    let out = f.run(&["report", "--output", &db, "--force"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        format!(
            "footlog: refusing to write {db}: it is the database itself; choose another file (nothing was written)\n"
        )
    );
    assert_eq!(std::fs::read(&f.db).expect("db"), before);
    let backups = f.db.parent().expect("folder").join("backups");
    std::fs::create_dir_all(&backups).expect("backups");
    let b = backups.join("footlog-20261120-120000.db");
    std::fs::write(&b, "backup").expect("backup");
    let out = f.run(&["report", "--output", b.to_str().expect("utf-8"), "--force"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("it is a file in the database's backups folder"));
    assert_eq!(std::fs::read_to_string(&b).expect("backup"), "backup");
}

#[test]
fn bad_periods_are_usage_errors_with_exact_messages() {
    let f = fixture::small();
    let cases: &[(&[&str], &str)] = &[
        (
            &["report", "--weeks", "0"],
            "error: invalid value '0' for '--weeks <N>': must be a whole number of weeks from 1 to 520\n",
        ),
        (
            &["report", "--weeks", "521"],
            "error: invalid value '521' for '--weeks <N>': must be a whole number of weeks from 1 to 520\n",
        ),
        (
            &["report", "--weeks", "seven"],
            "error: invalid value 'seven' for '--weeks <N>': must be a whole number of weeks from 1 to 520\n",
        ),
        (
            &["report", "--weeks", "3", "--since", "2026-11-01"],
            "error: the argument '--weeks <N>' cannot be used with '--since <DATE>'\n",
        ),
        (
            &["report", "--since", "2026-11-20", "--until", "2026-11-01"],
            "footlog: invalid --since: 2026-11-20 is after --until 2026-11-01\n",
        ),
        (
            &["report", "--since", "2026-12-01"],
            "footlog: invalid --since: 2026-12-01 is after today (2026-11-25); add --until for a later end\n",
        ),
        (
            &["report", "--since", "2000-01-03", "--until", "2026-11-25"],
            "footlog: invalid --since: the period would be 1404 weeks; a report covers at most 520\n",
        ),
        (
            &["report", "--since", "2026-02-30"],
            "footlog: invalid --since: there is no day 30 in February 2026: it has 28 days (got \"2026-02-30\")\n",
        ),
        (
            &["report", "--until", "2026-11-01"],
            "error: the following required arguments were not provided:\n  --since <DATE>\n",
        ),
        (
            &["report", "--force"],
            "error: the following required arguments were not provided:\n  --output <FILE>\n",
        ),
        (
            &["report", "--format", "pdf"],
            "error: invalid value 'pdf' for '--format <FORMAT>'\n",
        ),
    ];
    let before = std::fs::read(&f.db).expect("db");
    for (args, message) in cases {
        let out = f.run(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{args:?} printed a report");
        assert!(
            stderr(&out).starts_with(message),
            "{args:?}: expected {message:?}, got {:?}",
            stderr(&out)
        );
    }
    assert_eq!(
        std::fs::read(&f.db).expect("db"),
        before,
        "the database changed"
    );
}

/// Damages one record of the small fixture through SQL (`update` names it by `uuid`) and
/// returns the record's UUID, chosen by `pick`.
fn damage(f: &fixture::Fixture, pick: &str, update: &str) -> String {
    let c = rusqlite::Connection::open(&f.db).expect("open");
    let uuid: String = c.query_row(pick, [], |r| r.get(0)).expect("the record");
    c.execute(update, [&uuid]).expect("damage");
    uuid
}

#[test]
fn a_damaged_record_is_left_out_with_a_warning_and_the_report_says_so() {
    let cases = [
        (
            "session",
            "SELECT uuid FROM sessions WHERE note LIKE 'Line one%'",
            "UPDATE sessions SET started_at = 'garbage' WHERE uuid = ?1",
        ),
        (
            "sleep note",
            "SELECT uuid FROM sleep_notes WHERE night = '2026-11-20'",
            "UPDATE sleep_notes SET night = '2026-11-00' WHERE uuid = ?1",
        ),
    ];
    for (kind, pick, update) in cases {
        let f = fixture::small();
        let whole = f.model(12, None);
        assert_eq!(whole.damaged_left_out, 0);
        let uuid = damage(&f, pick, update);
        for format in ["md", "html"] {
            let out = f.run(&["report", "--format", format]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(0), "{kind}, {format}: {err}");
            assert!(
                err.contains(&format!(
                    "footlog: warning: damaged {kind} {uuid} cannot be read ("
                )) && err.contains("; run footlog check"),
                "{kind}, {format}: {err}"
            );
            let text = String::from_utf8(out.stdout).expect("UTF-8");
            assert!(
                text.contains(
                    "Incomplete: 1 damaged record could not be read and is left out of this report."
                ),
                "{kind}, {format}: {text}"
            );
        }
        let r = f.model(12, None);
        assert_eq!(r.damaged_left_out, 1, "{kind}");
        let md = f.ok(&["report", "--format", "md"]);
        assert_eq!(md, footlog::report::render_markdown(&r));
        let notice = md.find("*Self-reported").expect("the statement");
        let left_out = md.find("Incomplete: 1 damaged").expect("the line");
        assert!(notice < left_out, "under the statement: {md}");
        let nights =
            |r: &footlog::domain::report::Report| r.sleep.after_session.n + r.sleep.other_nights.n;
        if kind == "session" {
            assert_eq!(r.summary.sessions, whole.summary.sessions - 1);
            assert!(md.contains("- Logged: 3 sessions\n"), "{md}");
            assert!(!md.contains("Line one"), "{md}");
            assert_ne!(r.summary.avg_minutes, whole.summary.avg_minutes);
            assert_eq!(nights(&r), nights(&whole));
        } else {
            assert_eq!(r.summary, whole.summary);
            assert_eq!(nights(&r), nights(&whole) - 1);
        }
    }
}

#[test]
fn two_damaged_records_are_counted_in_the_plural() {
    let f = fixture::small();
    damage(
        &f,
        "SELECT uuid FROM sessions WHERE note LIKE 'Line one%'",
        "UPDATE sessions SET started_at = 'garbage' WHERE uuid = ?1",
    );
    damage(
        &f,
        "SELECT uuid FROM sleep_notes WHERE night = '2026-11-20'",
        "UPDATE sleep_notes SET night = '2026-11-00' WHERE uuid = ?1",
    );
    let md = f.ok(&["report", "--format", "md"]);
    assert!(
        md.contains(
            "Incomplete: 2 damaged records could not be read and are left out of this report."
        ),
        "{md}"
    );
}
