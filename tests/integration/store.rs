//! Storage through the library API, on in-memory databases (and a few files for modes).

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use footlog::domain::RecordRef;
use footlog::domain::{
    Area, Feet, GoalChange, RestMark, SessionDraft, SessionFields, SleepDraft, SleepFields, Tool,
    WeekStart,
};
use footlog::exchange::parse_import;
use footlog::store::{Store, StoreError};

fn t(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("RFC 3339 time")
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn now() -> DateTime<FixedOffset> {
    t("2026-11-23T20:00:00+01:00")
}

fn session(at: &str, before: i64, after: i64) -> SessionFields {
    SessionDraft::new(t(at), before, after)
        .validate(&now())
        .expect("valid session")
}

fn sleep(night: &str, quality: i64) -> SleepFields {
    SleepDraft {
        night: d(night),
        quality,
        hours: Some(7.0),
        note: None,
        diary: footlog::domain::diary::DiaryDraft::default(),
    }
    .validate()
    .expect("valid sleep note")
}

/// The newest schema: one per folder in migrations/.
fn newest_schema() -> i64 {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
    let n = std::fs::read_dir(dir)
        .expect("migrations/")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().is_dir()))
        .count();
    i64::try_from(n).expect("count")
}

fn mem() -> Store {
    Store::open_in_memory().expect("in-memory store")
}

#[test]
fn a_fresh_database_is_at_the_newest_schema() {
    let s = mem();
    assert_eq!(s.schema_version().expect("version"), newest_schema());
    let app_id: i64 = s
        .connection()
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .expect("application_id");
    assert_eq!(app_id, footlog::store::APPLICATION_ID);
    assert!(s.path().is_none());
}

#[test]
fn sessions_insert_update_delete_undelete() {
    let mut s = mem();
    let a = s
        .insert_session(session("2026-11-20T19:00:00+01:00", 7, 3), &now())
        .expect("insert");
    assert_eq!(s.session(&a.uuid).expect("read"), Some(a.clone()));

    let mut f = a.fields.clone();
    f.minutes = 45;
    f.feet = Feet::Left;
    f.tool = Tool::Electric;
    f.areas = vec![Area::Arches];
    f.note = Some("edited".into());
    let later = t("2026-11-23T21:00:00+01:00");
    s.update_session(&a.uuid, &f, &later).expect("update");
    let got = s.session(&a.uuid).expect("read").expect("live");
    assert_eq!(got.fields, f);
    assert_eq!(got.created_at, now());
    assert_eq!(got.updated_at, later);

    let rec = s.find_by_prefix(&a.uuid.to_string()[..6]).expect("find");
    assert_eq!(rec, RecordRef::Session(a.uuid));
    s.delete(rec, &later).expect("delete");
    assert_eq!(s.session(&a.uuid).expect("read"), None);
    assert!(matches!(
        s.update_session(&a.uuid, &f, &later),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.delete(rec, &later),
        Err(StoreError::NotFound(_))
    ));
    assert!(matches!(
        s.find_by_prefix(&a.uuid.to_string()),
        Err(StoreError::NotFound(_))
    ));
    // The row is still there, marked.
    let marked: Option<String> = s
        .connection()
        .query_row(
            "SELECT deleted_at FROM sessions WHERE uuid = ?1",
            [a.uuid.to_string()],
            |r| r.get(0),
        )
        .expect("row");
    assert_eq!(marked.as_deref(), Some("2026-11-23T21:00:00+01:00"));

    s.undelete(rec).expect("undelete");
    assert_eq!(s.session(&a.uuid).expect("read").expect("live").fields, f);
    assert!(matches!(s.undelete(rec), Err(StoreError::NotFound(_))));
}

#[test]
fn deleted_rows_never_count() {
    let mut s = mem();
    let keep = s
        .insert_session(session("2026-11-17T10:00:00+01:00", 8, 2), &now())
        .expect("insert");
    let gone = s
        .insert_session(session("2026-11-18T10:00:00+01:00", 2, 2), &now())
        .expect("insert");
    let gone_late = s
        .insert_session(session("2026-11-23T10:00:00+01:00", 9, 9), &now())
        .expect("insert");
    s.put_sleep(sleep("2026-11-17", 5), false, &now())
        .expect("sleep");
    let gone_sleep = s
        .put_sleep(sleep("2026-11-18", 1), false, &now())
        .expect("sleep");
    for rec in [
        RecordRef::Session(gone.uuid),
        RecordRef::Session(gone_late.uuid),
        RecordRef::Sleep(gone_sleep.uuid),
    ] {
        s.delete(rec, &now()).expect("delete");
    }

    let sessions = s.sessions(None, None).expect("sessions");
    assert_eq!(sessions, vec![keep.clone()]);
    assert_eq!(s.last_session().expect("last"), Some(keep.clone()));
    assert_eq!(
        s.daily_counts(None, None).expect("daily"),
        BTreeMap::from([(d("2026-11-17"), 1)])
    );
    assert_eq!(
        s.session_date_span().expect("span"),
        Some((d("2026-11-17"), d("2026-11-17")))
    );
    let weeks = s.weeks(d("2026-11-23"), 2).expect("weeks");
    assert_eq!(
        weeks.iter().map(|w| w.sessions).collect::<Vec<_>>(),
        vec![1, 0]
    );
    let st = s.stats(d("2026-11-23")).expect("stats");
    assert_eq!(st.sessions_total, 1);
    assert_eq!(st.avg_tension_before, Some(8.0));
    assert_eq!(st.sleep_nights_total, 1);
    assert_eq!(st.avg_sleep_quality_after_session, Some(5.0));
    assert_eq!(st.avg_sleep_quality_other_nights, None);
    let x = s.export().expect("export");
    assert_eq!(x.sessions.len(), 1);
    assert_eq!(x.sessions[0].uuid, keep.uuid.to_string());
    assert_eq!(x.sleep_notes.len(), 1);
    assert_eq!(s.sleep_notes(None, None).expect("notes").len(), 1);
    assert_eq!(s.sleep_qualities().expect("q"), vec![(d("2026-11-17"), 5)]);
    assert_eq!(
        s.find_by_prefix(&keep.uuid.to_string()).expect("find"),
        RecordRef::Session(keep.uuid)
    );
}

#[test]
fn one_sleep_note_per_night() {
    let mut s = mem();
    let first = s
        .put_sleep(sleep("2026-11-20", 2), false, &now())
        .expect("first");
    let err = s
        .put_sleep(sleep("2026-11-20", 4), false, &now())
        .expect_err("second without replace");
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert!(err.to_string().contains("--replace"));
    assert_eq!(
        s.sleep_notes(None, None).expect("notes")[0].fields.quality,
        2
    );

    let later = t("2026-11-23T21:00:00+01:00");
    let replaced = s
        .put_sleep(sleep("2026-11-20", 4), true, &later)
        .expect("replace");
    assert_eq!(replaced.uuid, first.uuid);
    assert_eq!(replaced.created_at, first.created_at);
    let notes = s.sleep_notes(None, None).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].fields.quality, 4);
    assert_eq!(notes[0].updated_at, later);

    // Moving another note onto a taken night is a conflict.
    let other = s
        .put_sleep(sleep("2026-11-21", 3), false, &now())
        .expect("other");
    let err = s
        .update_sleep(&other.uuid, &sleep("2026-11-20", 3), &now())
        .expect_err("taken night");
    assert!(matches!(err, StoreError::Conflict(_)));
    s.update_sleep(&other.uuid, &sleep("2026-11-22", 3), &now())
        .expect("free night");

    // After deleting, the night is free; restoring the old note then conflicts.
    s.delete(RecordRef::Sleep(first.uuid), &now())
        .expect("delete");
    let newer = s
        .put_sleep(sleep("2026-11-20", 5), false, &now())
        .expect("night is free");
    assert_ne!(newer.uuid, first.uuid);
    let err = s
        .undelete(RecordRef::Sleep(first.uuid))
        .expect_err("night taken since");
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    assert_eq!(s.sleep_notes(None, None).expect("notes").len(), 2);
}

#[test]
fn goals_week_start_and_rest_marks() {
    let mut s = mem();
    assert_eq!(s.week_start_setting().expect("ws"), None);
    assert_eq!(s.week_start().expect("ws"), WeekStart::Monday);
    s.set_week_start(WeekStart::Sunday).expect("set");
    assert_eq!(s.week_start_setting().expect("ws"), Some(WeekStart::Sunday));

    s.set_goal(d("2026-11-11"), 3).expect("goal");
    s.set_goal(d("2026-11-11"), 4).expect("same day replaces");
    s.set_goal(d("2026-10-01"), 2).expect("goal");
    assert_eq!(
        s.goals().expect("goals").changes(),
        &[
            GoalChange {
                effective_from: d("2026-10-01"),
                per_week: 2
            },
            GoalChange {
                effective_from: d("2026-11-11"),
                per_week: 4
            },
        ]
    );
    let mark = |date: &str, reason: &str| RestMark {
        date: d(date),
        reason: reason.into(),
    };
    s.add_rest(&mark("2026-11-12", "travel")).expect("rest");
    s.add_rest(&mark("2026-11-12", "illness"))
        .expect("same date replaces");
    s.add_rest(&mark("2026-11-20", "injury")).expect("rest");
    assert_eq!(
        s.rest_marks().expect("marks"),
        vec![mark("2026-11-12", "illness"), mark("2026-11-20", "injury")]
    );
    // Sunday weeks: 2026-11-08..14 and 2026-11-15..21.
    let w = s.weeks(d("2026-11-21"), 3).expect("weeks");
    assert_eq!(
        w.iter()
            .map(|w| (w.week_start, w.goal, w.rest))
            .collect::<Vec<_>>(),
        vec![
            (d("2026-11-01"), 2, false),
            (d("2026-11-08"), 4, true),
            (d("2026-11-15"), 4, true),
        ]
    );
    assert_eq!(
        s.remove_rest(d("2026-11-08"), d("2026-11-14"))
            .expect("undo"),
        1
    );
    assert_eq!(s.rest_marks().expect("marks").len(), 1);
}

#[test]
fn import_merges_by_uuid_and_counts_conflicts() {
    let mut a = mem();
    let kept = a
        .insert_session(session("2026-11-20T19:00:00+01:00", 7, 3), &now())
        .expect("insert");
    a.insert_session(session("2026-11-21T19:00:00+01:00", 6, 1), &now())
        .expect("insert");
    a.put_sleep(sleep("2026-11-20", 4), false, &now())
        .expect("sleep");
    a.set_goal(d("2026-11-02"), 2).expect("goal");
    let doc = serde_json::to_string(&a.export().expect("export")).expect("json");
    let batch = parse_import(&doc, &now()).expect("parse");

    let mut b = mem();
    let first = b.import(&batch).expect("import");
    assert_eq!((first.sessions_added, first.sleep_notes_added), (2, 1));
    assert_eq!((first.goals_added, first.unchanged), (1, 0));
    assert!(first.week_start_applied);
    assert!(first.conflicts.is_empty());
    assert_eq!(b.export().expect("export"), a.export().expect("export"));
    let again = b.import(&batch).expect("import");
    assert_eq!((again.sessions_added, again.sleep_notes_added), (0, 0));
    assert_eq!((again.unchanged, again.goals_added), (3, 0));
    assert!(!again.week_start_applied);

    // Other content under the same UUID is a conflict; a deleted record stays deleted.
    let mut c = mem();
    c.import(&batch).expect("import");
    let mut fields = kept.fields.clone();
    fields.tension_after = 0;
    c.update_session(&kept.uuid, &fields, &now()).expect("edit");
    let note = c.sleep_notes(None, None).expect("notes")[0].uuid;
    c.delete(RecordRef::Sleep(note), &now()).expect("delete");
    let sum = c.import(&batch).expect("import");
    assert_eq!(sum.conflicts.len(), 1, "{:?}", sum.conflicts);
    assert!(sum.conflicts[0].contains(&kept.uuid.to_string()));
    assert_eq!(
        (sum.sessions_added, sum.sleep_notes_added, sum.unchanged),
        (0, 0, 1)
    );
    assert_eq!(sum.deleted_here, vec![format!("sleep note {note}")]);
    assert_eq!(
        c.session(&kept.uuid).expect("read").expect("live").fields,
        fields,
        "the database's content is kept"
    );
    assert!(
        c.sleep_notes(None, None).expect("notes").is_empty(),
        "still deleted"
    );

    // A note for a night that already has another one is a conflict too. (Notes written by
    // hand take their night's UUID, the same in both databases: the conflict names it.)
    let mut e = mem();
    let own = e
        .put_sleep(sleep("2026-11-20", 1), false, &now())
        .expect("own note");
    let sum = e.import(&batch).expect("import");
    assert_eq!(sum.conflicts.len(), 1, "{:?}", sum.conflicts);
    assert!(
        sum.conflicts[0].contains(&own.uuid.to_string()),
        "{:?}",
        sum.conflicts
    );
    assert_eq!((sum.sessions_added, sum.sleep_notes_added), (2, 0));
    let notes = e.sleep_notes(None, None).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].fields.quality, 1);
}

#[test]
fn weekly_aggregation_is_a_range_search_on_day_totals() {
    let mut s = mem();
    for day in 1..=28 {
        s.insert_session(
            session(&format!("2026-02-{day:02}T10:00:00+01:00"), 5, 3),
            &now(),
        )
        .expect("insert");
    }
    // The statement behind Store::daily_counts (and so Store::weeks and `footlog week`).
    let sql = format!("EXPLAIN QUERY PLAN {}", footlog::store::DAILY_COUNTS_SQL);
    let mut stmt = s.connection().prepare(&sql).expect("prepare");
    let plan: Vec<String> = stmt
        .query_map(["2026-02-02", "2026-02-15"], |r| r.get::<_, String>(3))
        .expect("plan")
        .collect::<Result<_, _>>()
        .expect("rows");
    let plan = plan.join("\n");
    // A range search on the per-day totals' key, not a scan of the history.
    assert!(
        plan.starts_with("SEARCH session_days USING PRIMARY KEY (local_date>? AND local_date<?)"),
        "{plan}"
    );
    assert!(!plan.contains("SCAN"), "{plan}");
    // And the store's answer over that range is right.
    let w = s.weeks(d("2026-02-15"), 2).expect("weeks");
    assert_eq!(
        w.iter()
            .map(|w| (w.week_start, w.sessions))
            .collect::<Vec<_>>(),
        vec![(d("2026-02-02"), 7), (d("2026-02-09"), 7)]
    );
}

fn mode(p: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).expect("stat").permissions().mode() & 0o777
}

#[test]
fn files_are_private_while_open_and_in_backups() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("new").join("footlog.db");
    let mut s = Store::open(&path).expect("open");
    s.insert_session(session("2026-11-20T19:00:00+01:00", 7, 3), &now())
        .expect("insert");
    assert_eq!(s.path(), Some(path.as_path()));
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(path.parent().expect("parent")), 0o700);
    let mut side = 0;
    for suffix in ["-wal", "-shm"] {
        let p = dir.path().join("new").join(format!("footlog.db{suffix}"));
        if p.exists() {
            side += 1;
            assert_eq!(mode(&p), 0o600, "{suffix}");
        }
    }
    assert_eq!(
        side, 2,
        "WAL mode keeps -wal and -shm while a connection is open"
    );

    let bak = dir.path().join("copy.db");
    s.backup(&bak).expect("backup");
    assert_eq!(mode(&bak), 0o600);
    assert!(
        matches!(s.backup(&bak), Err(StoreError::Io { .. })),
        "an existing backup is never overwritten"
    );
    drop(s);
    let copy = Store::open(&bak).expect("open the backup");
    assert_eq!(copy.sessions(None, None).expect("sessions").len(), 1);
}

#[test]
fn reopening_a_current_database_keeps_rows_and_writes_no_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("footlog.db");
    {
        let mut s = Store::open(&path).expect("open");
        s.insert_session(session("2026-11-20T19:00:00+01:00", 7, 3), &now())
            .expect("insert");
    }
    let s = Store::open(&path).expect("reopen");
    assert_eq!(s.sessions(None, None).expect("sessions").len(), 1);
    assert_eq!(s.schema_version().expect("version"), newest_schema());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| {
            std::path::Path::new(n)
                .extension()
                .is_some_and(|x| x == "bak")
        })
        .collect();
    assert!(names.is_empty(), "{names:?}");
    assert!(
        Store::open_existing(&dir.path().join("missing.db"))
            .expect("no error")
            .is_none()
    );
    assert!(!dir.path().join("missing.db").exists());
}

#[test]
fn daily_backup_is_taken_once_a_day() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("footlog.db");
    let s = Store::open(&path).expect("open");
    let at = |t: &str| DateTime::parse_from_rfc3339(t).expect("time");
    let first = footlog::store::daily_backup(&s, &path, &at("2026-11-23T08:00:00+01:00"), 10)
        .expect("backup");
    assert!(first.is_some_and(|p| p.ends_with("backups/footlog-20261123-080000.db")));
    let again = footlog::store::daily_backup(&s, &path, &at("2026-11-23T21:00:00+01:00"), 10)
        .expect("backup");
    assert_eq!(again, None, "one a day");
    let next_day = footlog::store::daily_backup(&s, &path, &at("2026-11-24T07:00:00+01:00"), 10)
        .expect("backup");
    assert!(next_day.is_some());
    assert_eq!(
        footlog::store::list_backups(&dir.path().join("backups"))
            .expect("list")
            .len(),
        2
    );
}

#[test]
fn reimporting_a_session_with_another_offset_is_a_conflict() {
    let mut s = mem();
    let rec = |at: &str| {
        format!(
            r#"[{{"uuid":"abcdabcd-0000-4000-8000-000000000001","started_at":"{at}","tension_before":5,"tension_after":2}}]"#
        )
    };
    let first =
        footlog::exchange::parse_import(&rec("2026-11-23T00:30:00+01:00"), &now()).expect("valid");
    assert_eq!(s.import(&first).expect("import").sessions_added, 1);
    // The same instant written with another offset falls on another local date (and week).
    let second =
        footlog::exchange::parse_import(&rec("2026-11-22T23:30:00+00:00"), &now()).expect("valid");
    let summary = s.import(&second).expect("import");
    assert_eq!((summary.unchanged, summary.conflicts.len()), (0, 1));
    let kept = s.sessions(None, None).expect("sessions");
    assert_eq!(
        kept[0].fields.date().to_string(),
        "2026-11-23",
        "the stored record is kept"
    );
}

#[test]
fn an_import_that_fails_in_the_store_half_way_writes_nothing() {
    // A batch whose third record breaks a CHECK constraint (it bypasses validation, which would
    // have refused it): the transaction must roll back the two records before it.
    let mut s = mem();
    s.insert_session(session("2026-11-01T19:00:00+01:00", 7, 3), &now())
        .expect("insert");
    let before = serde_json::to_string(&s.export().expect("export")).expect("json");
    let text = r#"[{"started_at":"2026-11-20T20:00:00+01:00","tension_before":5,"tension_after":2},
                   {"started_at":"2026-11-21T20:00:00+01:00","tension_before":6,"tension_after":2},
                   {"started_at":"2026-11-22T20:00:00+01:00","tension_before":7,"tension_after":2}]"#;
    let mut batch = footlog::exchange::parse_import(text, &now()).expect("valid");
    batch.sessions[2].1.note = Some("x".repeat(2001));
    assert!(
        s.import(&batch).is_err(),
        "the store refuses the bad record"
    );
    let after = serde_json::to_string(&s.export().expect("export")).expect("json");
    assert_eq!(before, after, "nothing of the batch was written");
}

#[test]
fn goal_settings_apply_all_together_or_not_at_all() {
    use footlog::store::GoalSettings;
    let mut s = mem();
    let ok = GoalSettings {
        week_start: Some(WeekStart::Sunday),
        goal: Some((d("2026-11-23"), 3)),
        rest: Some((
            d("2026-11-22"),
            d("2026-11-28"),
            Some(footlog::domain::RestMark {
                date: d("2026-11-23"),
                reason: "travel".into(),
            }),
        )),
        reminder: Some(
            footlog::domain::remind::Reminder::parse_setting("sat 18:00").expect("reminder"),
        ),
    };
    s.apply_goal_settings(&ok).expect("apply");
    assert_eq!(s.week_start().expect("ws"), WeekStart::Sunday);
    assert_eq!(s.goals().expect("goals").goal_for_week(d("2026-11-22")), 3);
    assert_eq!(s.rest_marks().expect("rest").len(), 1);
    assert_eq!(
        s.reminder()
            .expect("reminder")
            .map(footlog::domain::remind::Reminder::to_setting),
        Some("sat 18:00".into())
    );
    // The rest mark breaks a CHECK (an empty reason): nothing of the three is kept.
    let bad = GoalSettings {
        week_start: Some(WeekStart::Monday),
        goal: Some((d("2026-11-24"), 5)),
        rest: Some((
            d("2026-11-22"),
            d("2026-11-28"),
            Some(footlog::domain::RestMark {
                date: d("2026-11-24"),
                reason: String::new(),
            }),
        )),
        reminder: Some(
            footlog::domain::remind::Reminder::parse_setting("mon 07:00").expect("reminder"),
        ),
    };
    assert!(s.apply_goal_settings(&bad).is_err());
    assert_eq!(s.week_start().expect("ws"), WeekStart::Sunday);
    assert_eq!(s.goals().expect("goals").goal_for_week(d("2026-11-22")), 3);
    assert_eq!(s.rest_marks().expect("rest")[0].reason, "travel");
}

#[test]
fn weeks_before_the_first_session_are_marked_as_such() {
    let mut s = mem();
    let empty = s.weeks(d("2026-11-23"), 3).expect("weeks");
    assert!(
        empty.iter().all(|w| w.before_first),
        "nothing logged yet: no week was missed"
    );
    s.insert_session(session("2026-11-11T19:00:00+01:00", 7, 3), &now())
        .expect("insert");
    let w = s.weeks(d("2026-11-23"), 4).expect("weeks");
    let flags: Vec<bool> = w.iter().map(|w| w.before_first).collect();
    assert_eq!(
        flags,
        vec![true, false, false, false],
        "from the week of 9 Nov on"
    );
    assert!(
        w[2].week_start.to_string() == "2026-11-16" && !w[2].met,
        "a missed week after the start"
    );
}

/// The plan SQLite chooses for `sql` with `params`, one detail line per row.
fn plan(s: &Store, sql: &str, params: impl rusqlite::Params) -> String {
    let mut stmt = s
        .connection()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .expect("prepare");
    let rows: Vec<String> = stmt
        .query_map(params, |r| r.get::<_, String>(3))
        .expect("plan")
        .collect::<Result<_, _>>()
        .expect("rows");
    rows.join("\n")
}

#[test]
fn the_dashboard_reads_by_index_lookups_only() {
    let mut s = mem();
    for day in 1..=28 {
        s.insert_session(
            session(&format!("2026-02-{day:02}T10:00:00+01:00"), 5, 3),
            &now(),
        )
        .expect("insert");
    }
    // Streaks and weekly charts: a search on the per-week totals' key.
    let p = plan(&s, footlog::store::WEEK_TOTALS_SQL, ("monday", 0, 30_000));
    assert!(
        p.starts_with(
            "SEARCH session_weeks USING PRIMARY KEY (week_start=? AND first_day>? AND first_day<?)"
        ),
        "{p}"
    );
    assert!(!p.contains("SCAN") && !p.contains("TEMP B-TREE"), "{p}");
    // The first and last day: one lookup at each end of the day totals' key.
    let p = plan(&s, footlog::store::SESSION_DATE_SPAN_SQL, []);
    assert_eq!(p.matches("SEARCH session_days").count(), 2, "{p}");
    assert!(!p.contains("SCAN session_days"), "{p}");
    // The last session: the start-time index, walked backwards from its end.
    let p = plan(&s, &footlog::store::last_session_sql(), []);
    assert!(
        p.starts_with("SCAN sessions USING INDEX sessions_live_by_start"),
        "{p}"
    );
    assert!(!p.contains("TEMP B-TREE"), "{p}");
    // The tension chart: a range search on the start-time index, already in order.
    let p = plan(
        &s,
        footlog::store::TENSION_POINTS_SQL,
        ("2026-02-09", 1_770_000_000),
    );
    assert!(
        p.starts_with("SEARCH sessions USING INDEX sessions_live_by_start (started_utc>?)"),
        "{p}"
    );
    assert!(!p.contains("TEMP B-TREE"), "{p}");
    // And the answers are right, a session that started the day before in UTC included.
    s.insert_session(session("2026-02-27T00:30:00+14:00", 9, 1), &now())
        .expect("insert");
    let points = s.tension_points(d("2026-02-27")).expect("points");
    let want: Vec<_> = s
        .sessions(Some(d("2026-02-27")), None)
        .expect("sessions")
        .iter()
        .map(|x| {
            (
                x.fields.date(),
                x.fields.tension_before,
                x.fields.tension_after,
            )
        })
        .collect();
    assert_eq!(
        points
            .iter()
            .map(|p| (p.date, p.before, p.after))
            .collect::<Vec<_>>(),
        want
    );
    assert_eq!(want.len(), 3);
    assert_eq!((points[0].before, points[0].after), (9, 1), "{points:?}");
    assert_eq!(
        s.session_date_span().expect("span"),
        Some((d("2026-02-01"), d("2026-02-28")))
    );
    assert_eq!(
        s.last_session()
            .expect("last")
            .expect("some")
            .fields
            .started_at,
        t("2026-02-28T10:00:00+01:00")
    );
}

/// Per-week totals as the store keeps them, for `ws`: (first day of the week, sessions).
fn stored_week_totals(s: &Store, ws: WeekStart) -> Vec<(NaiveDate, u32)> {
    let epoch = d("1970-01-01");
    let mut stmt = s
        .connection()
        .prepare("SELECT first_day, sessions FROM session_weeks WHERE week_start = ?1 ORDER BY first_day")
        .expect("prepare");
    stmt.query_map([ws.as_str()], |r| {
        Ok((epoch + chrono::Duration::days(r.get(0)?), r.get(1)?))
    })
    .expect("query")
    .collect::<Result<_, _>>()
    .expect("rows")
}

/// The per-day totals grouped into weeks under `ws`.
fn day_totals_by_week(s: &Store, ws: WeekStart) -> Vec<(NaiveDate, u32)> {
    let mut weeks = BTreeMap::new();
    for (day, n) in s.daily_counts(None, None).expect("days") {
        *weeks.entry(ws.week_of(day)).or_insert(0) += n;
    }
    weeks.into_iter().collect()
}

#[test]
fn the_schema_1_fixture_upgrades_with_week_totals_of_its_sessions() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("footlog.db");
    std::fs::copy(
        concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/schema-1.db"),
        &path,
    )
    .expect("copy the fixture");
    let mut s = Store::open(&path).expect("open and upgrade");
    assert!(!s.daily_counts(None, None).expect("days").is_empty());
    for ws in [WeekStart::Monday, WeekStart::Sunday] {
        assert_eq!(
            stored_week_totals(&s, ws),
            day_totals_by_week(&s, ws),
            "{ws}"
        );
    }
    // Later writes keep them in step.
    let f = session("2026-11-22T21:00:00+01:00", 6, 2);
    let added = s.insert_session(f, &now()).expect("insert");
    s.delete(RecordRef::Session(added.uuid), &now())
        .expect("delete");
    s.insert_session(session("2026-11-23T08:00:00+01:00", 6, 2), &now())
        .expect("insert");
    for ws in [WeekStart::Monday, WeekStart::Sunday] {
        assert_eq!(
            stored_week_totals(&s, ws),
            day_totals_by_week(&s, ws),
            "{ws}"
        );
    }
}
