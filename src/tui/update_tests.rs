//! Table-driven tests of `update`: key sequences against an in-memory store, no terminal.

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::SessionDraft;
use crate::store::Store;
use crate::tui::config::Config;
use crate::tui::effects::{dispatch, run};
use crate::tui::form::{Input, rating_of};
use crate::tui::msg::{Effect, Msg};
use crate::tui::state::{AppState, Confirm, Overlay, Screen, Zone};
use crate::tui::theme::Theme;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("time")
}

struct App {
    state: AppState,
    store: Store,
}

impl App {
    fn new() -> Self {
        let store = Store::open_in_memory().expect("store");
        let zone = Zone::Fixed(*now().offset());
        let mut app = App {
            state: AppState::new(Config::default(), Theme::default(), zone),
            store,
        };
        app.reload();
        app
    }

    fn with_session(mut self, start: &str, before: i64, after: i64, note: &str) -> Self {
        let mut d = SessionDraft::new(at(start), before, after);
        d.note = Some(note.into());
        let f = d.validate(&now()).expect("valid");
        self.store.insert_session(f, &now()).expect("insert");
        self.reload();
        self
    }

    fn reload(&mut self) {
        for m in run(&mut self.store, Effect::Load, &now()) {
            dispatch(&mut self.state, &mut self.store, m, &now());
        }
    }

    fn send(&mut self, msg: Msg) -> &mut Self {
        dispatch(&mut self.state, &mut self.store, msg, &now());
        self
    }

    fn key(&mut self, code: KeyCode) -> &mut Self {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    /// Presses each character of `keys` (a space is the space bar).
    fn keys(&mut self, keys: &str) -> &mut Self {
        for c in keys.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    fn sessions(&self) -> usize {
        self.store.sessions(None, None).expect("sessions").len()
    }

    fn error_of(&self, key: &str) -> Option<String> {
        self.state.form.as_ref()?.field(key)?.error.clone()
    }
}

#[test]
fn n_digit_tab_digit_enter_logs_a_session_and_shows_it() {
    let mut app = App::new();
    app.keys("n7")
        .key(KeyCode::Tab)
        .keys("3")
        .key(KeyCode::Enter);
    assert!(app.state.form.is_none(), "the form closes after saving");
    assert_eq!(app.state.screen, Screen::Dashboard);
    let s = app.store.sessions(None, None).expect("sessions");
    assert_eq!(s.len(), 1);
    assert_eq!(
        (s[0].fields.tension_before, s[0].fields.tension_after),
        (7, 3)
    );
    assert_eq!(s[0].fields.minutes, 20);
    assert_eq!(s[0].fields.started_at, now());
    assert_eq!(app.state.data.this_week.sessions, 1);
    let status = app.state.status.as_ref().expect("status");
    assert!(status.text.starts_with("Session logged"), "{}", status.text);
}

#[test]
fn missing_ratings_block_saving_with_inline_errors() {
    let mut app = App::new();
    app.keys("n").key(KeyCode::Enter);
    assert!(app.state.form.is_some(), "the form stays open");
    assert!(app.error_of("tension_before").is_some());
    assert!(app.error_of("tension_after").is_some());
    assert_eq!(app.sessions(), 0);
    assert!(app.state.status.as_ref().is_some_and(|s| s.error));
}

#[test]
fn out_of_range_minutes_are_refused_and_nothing_is_written() {
    let mut app = App::new();
    app.keys("n7").key(KeyCode::Tab).keys("3");
    // Tension after → pain → minutes.
    app.key(KeyCode::Tab).key(KeyCode::Tab);
    assert_eq!(
        app.state
            .form
            .as_ref()
            .and_then(|f| f.focused())
            .map(|f| f.key),
        Some("minutes")
    );
    app.key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .keys("0");
    app.key(KeyCode::Enter);
    let err = app.error_of("minutes").expect("minutes error");
    assert!(err.contains("1 to 240"), "{err}");
    assert_eq!(app.sessions(), 0);
    // Fixing it saves.
    app.key(KeyCode::Backspace).keys("45").key(KeyCode::Enter);
    assert_eq!(app.sessions(), 1);
    assert_eq!(
        app.store.sessions(None, None).expect("s")[0].fields.minutes,
        45
    );
}

#[test]
fn a_bad_start_time_is_shown_next_to_its_field() {
    let mut app = App::new();
    app.keys("n7").key(KeyCode::Tab).keys("3");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    for _ in 0..20 {
        app.key(KeyCode::Backspace);
    }
    app.keys("2026-13-01 10:00").key(KeyCode::Enter);
    assert!(app.error_of("started_at").is_some());
    assert_eq!(app.sessions(), 0);
}

#[test]
fn every_invalid_field_is_marked_at_once() {
    let mut app = App::new();
    app.keys("n5").key(KeyCode::Tab).keys("3");
    // Tension after → pain → minutes: 0; → when: "xx".
    app.key(KeyCode::Tab).key(KeyCode::Tab);
    app.key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .keys("0");
    app.key(KeyCode::Tab);
    for _ in 0..20 {
        app.key(KeyCode::Backspace);
    }
    app.keys("xx").key(KeyCode::Enter);
    assert!(app.error_of("minutes").is_some(), "minutes flagged");
    assert!(app.error_of("started_at").is_some(), "when flagged");
    assert_eq!(app.sessions(), 0);
    let form = app.state.form.as_ref().expect("form");
    assert_eq!(
        form.focused().map(|f| f.key),
        Some("minutes"),
        "the first one is focused"
    );
    let status = app.state.status.as_ref().expect("status");
    assert!(
        status.text.contains("2 fields need attention"),
        "{}",
        status.text
    );

    // The sleep form too: no quality and 30 hours.
    app.key(KeyCode::Esc)
        .keys("y")
        .keys("s")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    app.keys("30").key(KeyCode::Enter);
    assert!(app.error_of("quality").is_some());
    assert!(app.error_of("hours").is_some());
    assert!(app.store.sleep_notes(None, None).expect("notes").is_empty());
}

#[test]
fn ratings_take_digits_arrows_and_ten() {
    let mut app = App::new();
    app.keys("n10");
    let form = app.state.form.as_ref().expect("form");
    assert_eq!(rating_of(form, "tension_before"), Some(10));
    app.key(KeyCode::Left).key(KeyCode::Left);
    let form = app.state.form.as_ref().expect("form");
    assert_eq!(rating_of(form, "tension_before"), Some(8));
    app.key(KeyCode::Tab).key(KeyCode::Right);
    let form = app.state.form.as_ref().expect("form");
    assert_eq!(rating_of(form, "tension_after"), Some(0));
}

#[test]
fn areas_toggle_with_digits_and_space() {
    let mut app = App::new();
    app.keys("n7").key(KeyCode::Tab).keys("3");
    while app
        .state
        .form
        .as_ref()
        .and_then(|f| f.focused())
        .map(|f| f.key)
        != Some("areas")
    {
        app.key(KeyCode::Tab);
    }
    app.keys("1")
        .key(KeyCode::Right)
        .key(KeyCode::Right)
        .keys(" ");
    match &app
        .state
        .form
        .as_ref()
        .and_then(|f| f.field("areas"))
        .expect("areas")
        .input
    {
        Input::Toggles { on, .. } => assert_eq!(on, &vec![true, false, true, false, false]),
        other => panic!("not toggles: {other:?}"),
    }
    app.key(KeyCode::Enter);
    let s = app.store.sessions(None, None).expect("s");
    let names: Vec<&str> = s[0].fields.areas.iter().map(|a| a.as_str()).collect();
    assert_eq!(names, ["balls", "heels"]);
}

#[test]
fn esc_asks_before_discarding_typed_input() {
    let mut app = App::new();
    app.keys("n").key(KeyCode::Esc);
    assert!(app.state.form.is_none(), "nothing typed: Esc just closes");
    app.keys("n5").key(KeyCode::Esc);
    assert_eq!(app.state.overlays, vec![Overlay::Confirm(Confirm::Discard)]);
    app.keys("n");
    assert!(app.state.form.is_some(), "answering no keeps the form");
    app.key(KeyCode::Esc).keys("y");
    assert!(app.state.form.is_none());
    assert_eq!(app.sessions(), 0);
}

#[test]
fn q_types_into_text_fields_and_quits_only_from_the_top() {
    let mut app = App::new();
    app.keys("n");
    while app
        .state
        .form
        .as_ref()
        .and_then(|f| f.focused())
        .map(|f| f.key)
        != Some("note")
    {
        app.key(KeyCode::Tab);
    }
    app.keys("quiet?");
    assert!(!app.state.quit);
    assert_eq!(
        app.state
            .form
            .as_ref()
            .and_then(|f| f.field("note"))
            .map(|f| f.text()),
        Some("quiet?".into())
    );
    assert!(app.state.overlays.is_empty(), "? in a text field is text");
    app.key(KeyCode::Esc).keys("y").keys("q");
    assert!(app.state.quit);
}

#[test]
fn edit_changes_the_session_in_place() {
    let mut app = App::new().with_session("2026-11-20T19:00:00+01:00", 6, 4, "first");
    let uuid = app.store.sessions(None, None).expect("s")[0].uuid;
    app.keys("2e");
    let form = app.state.form.as_ref().expect("edit form");
    assert_eq!(form.title, "Edit session");
    app.key(KeyCode::Tab).keys("2").key(KeyCode::Enter);
    assert!(app.state.form.is_none());
    let s = app.store.sessions(None, None).expect("s");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].uuid, uuid);
    assert_eq!(s[0].fields.tension_after, 2);
    assert_eq!(
        s[0].fields.started_at,
        at("2026-11-20T19:00:00+01:00"),
        "start kept with its offset"
    );
    assert_eq!(
        app.state.screen,
        Screen::History,
        "editing stays on the list"
    );
}

#[test]
fn delete_asks_first_and_u_undoes_it() {
    let mut app = App::new()
        .with_session("2026-11-20T19:00:00+01:00", 6, 4, "older")
        .with_session("2026-11-22T19:00:00+01:00", 8, 2, "newer");
    app.keys("2d");
    assert!(matches!(
        app.state.overlays.last(),
        Some(Overlay::Confirm(Confirm::Delete(_)))
    ));
    app.keys("n");
    assert_eq!(app.sessions(), 2, "answering no deletes nothing");
    app.keys("dy");
    let left = app.store.sessions(None, None).expect("s");
    assert_eq!(left.len(), 1);
    assert_eq!(
        left[0].fields.note.as_deref(),
        Some("older"),
        "the selected (newest) row went"
    );
    assert!(
        app.state
            .status
            .as_ref()
            .is_some_and(|s| s.text.contains("u to undo"))
    );
    app.keys("u");
    assert_eq!(app.sessions(), 2);
    app.keys("u");
    assert_eq!(
        app.state.status.as_ref().map(|s| s.text.as_str()),
        Some("Nothing to undo")
    );
}

#[test]
fn open_shows_the_record_and_delete_works_from_there() {
    let mut app = App::new().with_session("2026-11-20T19:00:00+01:00", 6, 4, "only");
    app.keys("2").key(KeyCode::Enter);
    assert!(matches!(
        app.state.overlays.last(),
        Some(Overlay::Detail(_))
    ));
    app.keys("dy");
    assert_eq!(app.sessions(), 0);
    assert!(app.state.overlays.is_empty());
}

#[test]
fn lists_move_with_vim_keys_and_arrows_and_filter() {
    let mut app = App::new()
        .with_session("2026-11-18T19:00:00+01:00", 6, 4, "heel pain")
        .with_session("2026-11-20T19:00:00+01:00", 6, 4, "arches")
        .with_session("2026-11-22T19:00:00+01:00", 6, 4, "toes");
    app.keys("2jj");
    assert_eq!(app.state.history.selected, 2);
    app.key(KeyCode::Down);
    assert_eq!(app.state.history.selected, 2, "stops at the end");
    app.keys("g");
    assert_eq!(app.state.history.selected, 0);
    app.keys("G").key(KeyCode::Up).keys("k");
    assert_eq!(app.state.history.selected, 0);
    app.keys("/heel").key(KeyCode::Enter);
    assert_eq!(app.state.visible_sessions().len(), 1);
    assert!(!app.state.history.filtering);
    app.key(KeyCode::Esc);
    assert_eq!(app.state.visible_sessions().len(), 3);
}

#[test]
fn ctrl_u_in_the_filter_deletes_to_the_start_of_the_line() {
    let mut app = App::new()
        .with_session("2026-11-18T19:00:00+01:00", 6, 4, "heel pain")
        .with_session("2026-11-20T19:00:00+01:00", 6, 4, "arches");
    app.keys("2/Nov");
    let ctrl_u = KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL);
    app.send(Msg::Key(ctrl_u));
    assert_eq!(app.state.history.filter.lines(), [""]);
    app.keys("heel");
    app.key(KeyCode::Left).key(KeyCode::Left);
    app.send(Msg::Key(ctrl_u));
    assert_eq!(
        app.state.history.filter.lines(),
        ["el"],
        "only what is before the cursor"
    );
}

#[test]
fn screens_switch_with_tab_numbers_and_clicks() {
    let mut app = App::new();
    app.key(KeyCode::Tab);
    assert_eq!(app.state.screen, Screen::History);
    app.key(KeyCode::BackTab).key(KeyCode::BackTab);
    assert_eq!(
        Some(&app.state.screen),
        Screen::ALL.last(),
        "wraps to the last"
    );
    app.keys("1");
    assert_eq!(app.state.screen, Screen::Dashboard);
    app.send(Msg::Click(16, 0));
    assert_eq!(app.state.screen, Screen::History);
    app.keys("?");
    assert_eq!(app.state.overlays, vec![Overlay::Help]);
    app.key(KeyCode::Esc);
    assert!(app.state.overlays.is_empty());
}

#[test]
fn a_second_sleep_note_for_the_night_asks_before_replacing() {
    let mut app = App::new();
    app.keys("s4").key(KeyCode::Enter);
    let notes = app.store.sleep_notes(None, None).expect("notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0].fields.night.to_string(),
        "2026-11-23",
        "after 18:00 the night is today"
    );
    // A second note for the night: the app asks; "n" keeps the old note and the form.
    app.keys("s3").key(KeyCode::Enter);
    assert!(matches!(
        app.state.overlays.last(),
        Some(Overlay::Confirm(Confirm::ReplaceSleep(_)))
    ));
    app.keys("n");
    assert!(app.state.form.is_some(), "the form stays open");
    assert_eq!(
        app.store.sleep_notes(None, None).expect("n")[0]
            .fields
            .quality,
        4
    );
    // "y" replaces it in place: still one note, the new quality, the same UUID.
    app.key(KeyCode::Enter).keys("y");
    let after = app.store.sleep_notes(None, None).expect("n");
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].fields.quality, 3);
    assert_eq!(after[0].uuid, notes[0].uuid);
    assert!(app.state.form.is_none(), "saved and closed");
}

#[test]
fn goal_and_rest_week_are_saved_from_the_goal_form() {
    let mut app = App::new();
    app.keys("g3").key(KeyCode::Enter);
    assert_eq!(app.state.data.this_week.goal, 3);
    app.keys("w");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.keys("travel").key(KeyCode::Enter);
    let marks = app.store.rest_marks().expect("marks");
    assert_eq!(marks.len(), 1);
    assert_eq!(
        marks[0].date,
        app.state.data.this_week.week_start + chrono::Duration::days(3),
        "dated mid-week"
    );
    assert!(app.state.data.this_week.rest);
    // Clearing the reason unmarks the week.
    app.keys("w");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    app.key(KeyCode::Enter);
    assert!(app.store.rest_marks().expect("marks").is_empty());
}

/// The first day of the week the goal form's picker shows.
fn picked_week(app: &App) -> chrono::NaiveDate {
    let form = app.state.form.as_ref().expect("goal form");
    let back = i64::try_from(crate::tui::form::choice_of(form, "rest_week")).expect("index");
    app.state.data.this_week.week_start - chrono::Duration::weeks(back)
}

#[test]
fn a_rest_reason_typed_before_picking_the_week_is_kept() {
    let mut app = App::new();
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    app.keys("holiday").key(KeyCode::BackTab);
    app.key(KeyCode::Left).key(KeyCode::Left);
    let week = picked_week(&app);
    assert_ne!(
        week, app.state.data.this_week.week_start,
        "the picker moved"
    );
    let form = app.state.form.as_ref().expect("form");
    assert_eq!(crate::tui::form::text_of(form, "reason"), "holiday");
    app.key(KeyCode::Enter);
    let marks = app.store.rest_marks().expect("marks");
    assert_eq!(marks.len(), 1, "{marks:?}");
    assert_eq!(marks[0].reason, "holiday");
    let last = crate::domain::week::week_last_day(week);
    assert!((week..=last).contains(&marks[0].date), "{marks:?}");
}

#[test]
fn a_reason_filled_in_from_the_store_follows_the_picked_week() {
    let mut app = App::new();
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    app.keys("travel").key(KeyCode::Enter);
    // This week's stored reason shows; moving the picker to an unmarked week empties it.
    app.keys("g").key(KeyCode::Tab).key(KeyCode::Tab);
    let reason =
        |app: &App| crate::tui::form::text_of(app.state.form.as_ref().expect("f"), "reason");
    assert_eq!(reason(&app), "travel");
    app.key(KeyCode::Left);
    assert_eq!(reason(&app), "");
    app.key(KeyCode::Right);
    assert_eq!(reason(&app), "travel");
}

#[test]
fn the_rest_week_picker_goes_back_with_left_and_forward_with_right_without_wrapping() {
    let mut app = App::new();
    app.keys("g").key(KeyCode::Tab).key(KeyCode::Tab);
    let this = app.state.data.this_week.week_start;
    assert_eq!(picked_week(&app), this);
    app.key(KeyCode::Right);
    assert_eq!(picked_week(&app), this, "no week after this one");
    app.key(KeyCode::Left);
    assert_eq!(picked_week(&app), this - chrono::Duration::weeks(1));
    app.key(KeyCode::Left);
    assert_eq!(picked_week(&app), this - chrono::Duration::weeks(2));
    app.key(KeyCode::Right);
    assert_eq!(picked_week(&app), this - chrono::Duration::weeks(1));
    for _ in 0..60 {
        app.key(KeyCode::Left);
    }
    let oldest = i64::try_from(crate::tui::form::goals::REST_WEEKS_BACK).expect("n") - 1;
    assert_eq!(
        picked_week(&app),
        this - chrono::Duration::weeks(oldest),
        "stops at the oldest week offered"
    );
    // Stepping back and forth over an unmarked week is not a change worth asking about.
    app.state.form.as_mut().expect("f").dirty = false;
    app.key(KeyCode::Left);
    assert!(!app.state.form.as_ref().expect("f").dirty);
}

#[test]
fn a_rest_week_stays_this_week_when_the_first_day_of_the_week_changes() {
    let mut app = App::new();
    // Weeks start on Sunday; mark this week (Sun 22 – Sat 28 Nov) as a rest week.
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Right)
        .key(KeyCode::Enter);
    assert_eq!(
        app.state.data.this_week.week_start,
        at("2026-11-22T00:00:00+01:00").date_naive()
    );
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    app.keys("travel").key(KeyCode::Enter);
    assert!(app.state.data.this_week.rest);
    // Back to Monday: this week (Mon 23 – Sun 29 Nov) still holds the mark.
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Left)
        .key(KeyCode::Enter);
    assert_eq!(app.state.data.this_week.week_start, now().date_naive());
    assert!(
        app.state.data.this_week.rest,
        "the mark moved with the week"
    );
}

#[test]
fn the_goal_takes_two_digits_and_refuses_fifteen_inline() {
    let mut app = App::new();
    app.keys("g15");
    let form = app.state.form.as_ref().expect("goal form");
    assert_eq!(rating_of(form, "per_week"), Some(15), "not a silent 5");
    let err = app.error_of("per_week").expect("inline range error");
    assert!(err.contains("1 to 14"), "{err}");
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_some(), "nothing saved");
    assert!(app.error_of("per_week").is_some());
    assert_eq!(app.state.data.this_week.goal, 1, "the default goal stands");
    app.keys("12");
    assert_eq!(app.error_of("per_week"), None);
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_none());
    assert_eq!(app.state.data.this_week.goal, 12);
}

#[test]
fn database_errors_go_to_the_status_line() {
    let mut app = App::new();
    app.send(Msg::Failed("database is locked".into()));
    let s = app.state.status.as_ref().expect("status");
    assert!(s.error);
    assert!(!app.state.quit);
}

#[test]
fn the_dashboard_reads_only_the_charts_weeks_and_lists_read_everything() {
    // One session two years ago, one this week: the dashboard's load holds only the recent one.
    let mut app = App::new()
        .with_session("2024-11-20T20:00:00+01:00", 6, 3, "old")
        .with_session("2026-11-23T19:00:00+01:00", 7, 2, "new");
    assert!(!app.state.data.complete);
    assert!(app.state.data.sessions.is_empty());
    assert_eq!(
        app.state.data.tension,
        vec![crate::domain::stats::TensionPoint {
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
            before: 7,
            after: 2
        }]
    );
    assert_eq!(
        app.state
            .data
            .first_session_date
            .map(|d| d.to_string())
            .as_deref(),
        Some("2024-11-20")
    );
    assert_eq!(
        app.state
            .data
            .last_session
            .as_ref()
            .and_then(|s| s.fields.note.clone())
            .as_deref(),
        Some("new")
    );
    // Showing a list asks for everything, and keeps everything on later reloads.
    let mut state = app.state.clone();
    assert_eq!(
        crate::tui::update::update(&mut state, Msg::GoTo(Screen::History), &now()),
        vec![Effect::LoadAll]
    );
    app.send(Msg::GoTo(Screen::History));
    assert!(app.state.data.complete);
    assert_eq!(app.state.data.sessions.len(), 2);
    app.send(Msg::Tick);
    assert_eq!(
        app.state.data.sessions.len(),
        2,
        "a refresh keeps the whole list"
    );
    // Back on the dashboard a refresh may read less again; nothing asks for more.
    app.send(Msg::GoTo(Screen::Dashboard));
    let mut state = app.state.clone();
    assert!(
        crate::tui::update::update(&mut state, Msg::GoTo(Screen::Dashboard), &now()).is_empty()
    );
}

#[test]
fn keys_from_the_config_drive_the_app_and_its_help() {
    let config = Config {
        keys: vec![("log_session".into(), 'a')],
        ..Config::default()
    };
    let zone = Zone::Fixed(*now().offset());
    let mut app = App {
        state: AppState::new(config, Theme::default(), zone),
        store: Store::open_in_memory().expect("store"),
    };
    app.reload();
    app.key(KeyCode::Char('n'));
    assert!(app.state.form.is_none(), "n no longer logs a session");
    app.key(KeyCode::Char('a'));
    assert!(app.state.form.is_some(), "a does");
    let rows =
        crate::tui::keymap::help_rows(&app.state.keymap, &[crate::tui::keymap::Mode::Global]);
    assert!(
        rows.iter()
            .any(|(_, k, h)| k == "a" && *h == "log a session"),
        "{rows:?}"
    );

    // A clash falls back to the default keys and says why.
    let bad = Config {
        keys: vec![("log_session".into(), 'q')],
        ..Config::default()
    };
    let state = AppState::new(bad, Theme::default(), zone);
    let status = state.status.as_ref().expect("an error");
    assert!(
        status.error && status.text.contains("keys.log_session"),
        "{}",
        status.text
    );
    assert_eq!(state.keymap, crate::tui::keymap::bindings());
}

#[test]
fn a_sleep_note_for_a_night_after_today_is_refused_inline() {
    let mut app = App::new();
    // Quality 4, then the night: clear it (Ctrl-U) and type tomorrow.
    app.keys("s4").key(KeyCode::Tab);
    app.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('u'),
        KeyModifiers::CONTROL,
    )));
    app.keys("2026-11-24").key(KeyCode::Enter);
    assert!(
        app.error_of("night")
            .is_some_and(|e| e.contains("after today")),
        "{:?}",
        app.error_of("night")
    );
    assert!(app.store.sleep_notes(None, None).expect("notes").is_empty());
}

#[test]
fn a_forms_error_goes_with_the_form() {
    let mut app = App::new();
    app.keys("n").key(KeyCode::Enter);
    assert!(
        app.state.status.as_ref().is_some_and(|s| s.error),
        "saving an empty form fails"
    );
    app.key(KeyCode::Esc).keys("y");
    assert!(app.state.form.is_none());
    assert!(app.state.status.is_none(), "{:?}", app.state.status);
}
