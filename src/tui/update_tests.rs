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
    crate::tui::form::goals::picked_week(form, &app.state.data)
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
    // Browsing the weeks is not a change worth asking about.
    app.key(KeyCode::Esc);
    assert!(app.state.overlays.is_empty(), "{:?}", app.state.overlays);
    assert!(app.state.form.is_none());
}

#[test]
fn esc_asks_only_when_a_value_differs_from_what_the_form_opened_with() {
    let mut app = App::new();
    // A choice browsed and set back, toggles' cursor moved: no question.
    app.keys("n");
    for _ in 0..5 {
        app.key(KeyCode::Tab);
    }
    app.key(KeyCode::Right).key(KeyCode::Left);
    app.key(KeyCode::Tab).key(KeyCode::Tab).key(KeyCode::Right);
    app.key(KeyCode::Esc);
    assert!(app.state.overlays.is_empty(), "{:?}", app.state.overlays);
    assert!(app.state.form.is_none());
    // Text typed and deleted again: no question.
    app.keys("n")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::End);
    app.keys("5").key(KeyCode::Backspace).key(KeyCode::Esc);
    assert!(app.state.form.is_none());
    // A value left changed: the question.
    app.keys("n")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    app.keys("5").key(KeyCode::Esc);
    assert_eq!(app.state.overlays, vec![Overlay::Confirm(Confirm::Discard)]);

    // The goal form: browsing onto a marked week fills its reason, which is no change either.
    app.keys("y");
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Left);
    app.key(KeyCode::Tab).keys("travel").key(KeyCode::Enter);
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Left);
    assert_eq!(
        crate::tui::form::text_of(app.state.form.as_ref().expect("f"), "reason"),
        "travel"
    );
    app.key(KeyCode::Esc);
    assert!(app.state.form.is_none(), "{:?}", app.state.overlays);
    // The week start changed: the question.
    app.keys("g")
        .key(KeyCode::Tab)
        .key(KeyCode::Right)
        .key(KeyCode::Esc);
    assert_eq!(app.state.overlays, vec![Overlay::Confirm(Confirm::Discard)]);
}

#[test]
fn the_rest_week_picker_follows_the_week_start_chosen_in_the_form() {
    let mut app = App::new();
    // Today is Monday 23 Nov; weeks start on Monday.
    app.keys("g").key(KeyCode::Tab).key(KeyCode::Right);
    let sunday = at("2026-11-22T00:00:00+01:00").date_naive();
    assert_eq!(picked_week(&app), sunday);
    let form = app.state.form.as_ref().expect("form");
    match &form.field("rest_week").expect("picker").input {
        Input::Choice { options, .. } => {
            assert!(
                options[0].starts_with("22 Nov 2026 – 28 Nov"),
                "{options:?}"
            );
            assert!(
                options[1].starts_with("15 Nov 2026 – 21 Nov"),
                "{options:?}"
            );
        }
        other => panic!("not a choice: {other:?}"),
    }
    // Marking the picked week saves that Sunday week.
    app.key(KeyCode::Tab)
        .key(KeyCode::Left)
        .key(KeyCode::Tab)
        .keys("travel");
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_none());
    assert_eq!(app.state.data.this_week.week_start, sunday);
    let marks = &app.state.data.rest_marks;
    assert_eq!(marks.len(), 1);
    let last_week = sunday - chrono::Duration::weeks(1);
    assert!(
        (last_week..last_week + chrono::Duration::days(7)).contains(&marks[0].date),
        "{marks:?}"
    );
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

#[test]
fn the_note_takes_line_breaks_and_enter_still_saves() {
    let mut app = App::new();
    app.keys("n7").key(KeyCode::Tab).keys("3");
    app.key(KeyCode::BackTab).key(KeyCode::BackTab);
    assert_eq!(
        app.state
            .form
            .as_ref()
            .and_then(|f| f.focused())
            .map(|f| f.key),
        Some("note")
    );
    app.keys("First");
    app.send(Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)));
    app.keys("Second");
    app.send(Msg::Key(KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::CONTROL,
    )));
    app.send(Msg::Paste("third\r\nfourth".into()));
    // A line break pasted into a one-line field is a space.
    app.key(KeyCode::BackTab)
        .send(Msg::Paste("almond\nor olive".into()));
    app.key(KeyCode::Enter);
    assert!(
        app.state.form.is_none(),
        "Enter saves: {:?}",
        app.state.status
    );
    let s = app.store.sessions(None, None).expect("sessions");
    assert_eq!(
        s[0].fields.note.as_deref(),
        Some("First\nSecond\nthird\nfourth")
    );
    assert_eq!(s[0].fields.oil.as_deref(), Some("almond or olive"));
    // Editing keeps the lines.
    app.keys("2e");
    let form = app.state.form.as_ref().expect("edit form");
    assert_eq!(
        crate::tui::form::text_of(form, "note"),
        "First\nSecond\nthird\nfourth"
    );
}

#[test]
fn a_long_record_scrolls_in_its_popup() {
    let note = (1..=40)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut app = App::new().with_session("2026-11-20T19:00:00+01:00", 6, 3, &note);
    app.send(Msg::Resize(80, 24));
    app.keys("2").key(KeyCode::Enter);
    assert_eq!(app.state.detail_scroll, 0);
    for _ in 0..100 {
        app.key(KeyCode::Down);
    }
    let most = app.state.detail_scroll;
    assert!(most > 20, "{most}");
    app.key(KeyCode::Down);
    assert_eq!(app.state.detail_scroll, most, "stops at the end");
    app.key(KeyCode::Up);
    assert_eq!(app.state.detail_scroll, most - 1);
    // Opening a record starts at its top.
    app.key(KeyCode::Esc).key(KeyCode::Enter);
    assert_eq!(app.state.detail_scroll, 0);
}

#[test]
fn not_saved_goes_once_the_fields_are_fixed() {
    let mut app = App::new();
    app.keys("n").key(KeyCode::Enter);
    let status = |app: &App| app.state.status.as_ref().map(|s| s.text.clone());
    assert_eq!(
        status(&app).as_deref(),
        Some("Not saved: 2 fields need attention")
    );
    app.keys("7");
    assert!(
        status(&app).is_some(),
        "tension after still needs attention"
    );
    app.key(KeyCode::Tab).keys("3");
    assert_eq!(status(&app), None, "nothing needs attention any more");
    // A database error is not the form's to forget.
    app.send(Msg::Failed("database is locked".into()));
    app.key(KeyCode::Tab);
    assert_eq!(status(&app).as_deref(), Some("database is locked"));
}

#[test]
fn logging_a_session_stays_on_the_screen_it_was_logged_from() {
    let mut app = App::new().with_session("2026-11-20T19:00:00+01:00", 6, 3, "old");
    app.keys("2n7")
        .key(KeyCode::Tab)
        .keys("3")
        .key(KeyCode::Enter);
    assert!(app.state.form.is_none());
    assert_eq!(app.state.screen, Screen::History);
    let first = app.state.visible_sessions()[0].fields.started_at;
    assert_eq!(first, now(), "the new session is the top row");
}

#[test]
fn typing_into_a_prefilled_field_replaces_it_and_moving_first_edits_it() {
    let minutes =
        |app: &App| crate::tui::form::text_of(app.state.form.as_ref().expect("f"), "minutes");
    let to_minutes = |app: &mut App| {
        app.keys("n7").key(KeyCode::Tab).keys("3");
        app.key(KeyCode::Tab).key(KeyCode::Tab);
        assert_eq!(minutes(app), "20");
    };
    let mut app = App::new();
    to_minutes(&mut app);
    app.keys("35");
    assert_eq!(minutes(&app), "35", "typing replaces the prefilled 20");
    app.key(KeyCode::Tab).key(KeyCode::BackTab).keys("4");
    assert_eq!(minutes(&app), "4", "each time the field is entered");
    app.key(KeyCode::Esc).keys("y");
    for (moves, typed, want) in [
        (&[KeyCode::End][..], "5", "205"),
        (&[KeyCode::Home], "1", "120"),
        (&[KeyCode::Left], "5", "250"),
        (&[KeyCode::Right], "5", "205"),
    ] {
        to_minutes(&mut app);
        for m in moves {
            app.key(*m);
        }
        app.keys(typed);
        assert_eq!(minutes(&app), want, "{moves:?} then {typed}");
        app.key(KeyCode::Esc).keys("y");
    }
    // Pasting replaces too; the note is appended to, never wiped.
    to_minutes(&mut app);
    app.send(Msg::Paste("45".into()));
    assert_eq!(minutes(&app), "45");
    for _ in 0..5 {
        app.key(KeyCode::Tab);
    }
    app.keys("almond");
    app.key(KeyCode::Tab).keys("calm");
    app.key(KeyCode::Enter);
    app.keys("2e");
    app.key(KeyCode::BackTab).key(KeyCode::BackTab);
    app.keys("olive");
    app.key(KeyCode::Tab).keys(", slow");
    let form = app.state.form.as_ref().expect("edit form");
    assert_eq!(crate::tui::form::text_of(form, "oil"), "olive");
    assert_eq!(crate::tui::form::text_of(form, "note"), "calm, slow");
}

#[test]
fn the_forms_take_days_in_words_and_plus_minus_move_the_day() {
    let when =
        |app: &App| crate::tui::form::text_of(app.state.form.as_ref().expect("f"), "started_at");
    let to_when = |app: &mut App| {
        app.keys("n7").key(KeyCode::Tab).keys("3");
        for _ in 0..3 {
            app.key(KeyCode::Tab);
        }
    };
    let mut app = App::new();
    // Monday 23 Nov 2026, 20:30.
    to_when(&mut app);
    app.keys("yesterday 21:15").key(KeyCode::Enter);
    assert!(app.state.form.is_none(), "{:?}", app.error_of("started_at"));
    to_when(&mut app);
    app.keys("fri").key(KeyCode::Enter);
    to_when(&mut app);
    app.keys("19:05").key(KeyCode::Enter);
    let starts: Vec<String> = app
        .store
        .sessions(None, None)
        .expect("s")
        .iter()
        .map(|s| crate::domain::time::format_rfc3339(&s.fields.started_at))
        .collect();
    assert_eq!(
        starts,
        [
            "2026-11-20T12:00:00+01:00",
            "2026-11-22T21:15:00+01:00",
            "2026-11-23T19:05:00+01:00"
        ]
    );
    // + and - while the value is as opened; the time stays.
    to_when(&mut app);
    app.keys("--");
    assert_eq!(when(&app), "2026-11-21 20:30");
    app.keys("+");
    assert_eq!(when(&app), "2026-11-22 20:30");
    app.keys("1");
    assert_eq!(when(&app), "1", "still selected: typing replaces");
    app.keys("-");
    assert_eq!(when(&app), "1-", "once typed, - is a character");
    app.key(KeyCode::Esc).keys("y");
    // Two days ahead is refused on saving, as ever.
    to_when(&mut app);
    app.keys("++").key(KeyCode::Enter);
    assert!(
        app.error_of("started_at")
            .is_some_and(|e| e.contains("24 hours in the future")),
        "{:?}",
        app.error_of("started_at")
    );
    app.key(KeyCode::Esc).keys("y");
    // The sleep form's night too.
    app.keys("s4").key(KeyCode::Tab);
    let night = |app: &App| crate::tui::form::text_of(app.state.form.as_ref().expect("f"), "night");
    assert_eq!(night(&app), "2026-11-23");
    app.keys("-");
    assert_eq!(night(&app), "2026-11-22");
    // To type a word that starts with -, clear the value first.
    app.key(KeyCode::Backspace).keys("-2d").key(KeyCode::Enter);
    assert!(app.state.form.is_none(), "{:?}", app.error_of("night"));
    let notes = app.store.sleep_notes(None, None).expect("notes");
    assert_eq!(notes[0].fields.night.to_string(), "2026-11-21");
}

#[test]
fn minus_then_a_digit_on_a_fresh_date_types_a_relative_day() {
    let mut app = App::new();
    // Monday 23 Nov 2026, 20:30. The session form's When, as opened: `-2d` is two days ago.
    app.keys("n7").key(KeyCode::Tab).keys("3");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    let when =
        |app: &App| crate::tui::form::text_of(app.state.form.as_ref().expect("f"), "started_at");
    app.keys("-");
    assert_eq!(
        when(&app),
        "2026-11-22 20:30",
        "- alone still moves the day"
    );
    app.keys("2");
    assert_eq!(
        when(&app),
        "-2",
        "a digit next undoes the move and is typed after the -"
    );
    app.keys("d").key(KeyCode::Enter);
    assert!(app.state.form.is_none(), "{:?}", app.error_of("started_at"));
    let s = app.store.sessions(None, None).expect("s");
    assert_eq!(
        s[0].fields.started_at.date_naive().to_string(),
        "2026-11-21"
    );
    // The sleep form's Night likewise; `-` then a letter keeps the move.
    app.keys("s4").key(KeyCode::Tab);
    let night = |app: &App| crate::tui::form::text_of(app.state.form.as_ref().expect("f"), "night");
    app.keys("-3d");
    assert_eq!(night(&app), "-3d");
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_none(), "{:?}", app.error_of("night"));
    let notes = app.store.sleep_notes(None, None).expect("notes");
    assert_eq!(notes[0].fields.night.to_string(), "2026-11-20");
}

#[test]
fn undo_takes_back_edits_and_deletes_newest_first() {
    let mut app = App::new()
        .with_session("2026-11-19T19:00:00+01:00", 6, 3, "first")
        .with_session("2026-11-20T19:00:00+01:00", 7, 2, "second");
    let notes = |app: &App| -> Vec<(String, u16)> {
        app.store
            .sessions(None, None)
            .expect("s")
            .iter()
            .map(|s| (s.fields.note.clone().unwrap_or_default(), s.fields.minutes))
            .collect()
    };
    // Edit the newest: its minutes become 45.
    app.keys("2e");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.keys("45").key(KeyCode::Enter);
    assert!(app.state.form.is_none());
    // Delete the older one.
    app.keys("jdy");
    assert_eq!(notes(&app), [("second".to_string(), 45)]);
    app.keys("u");
    assert_eq!(notes(&app), [("first".into(), 20), ("second".into(), 45)]);
    app.keys("u");
    assert_eq!(notes(&app), [("first".into(), 20), ("second".into(), 20)]);
    let status = app.state.status.as_ref().expect("status");
    assert_eq!(status.text, "Undid the edit of the session");
    app.keys("u");
    assert_eq!(
        app.state.status.as_ref().expect("s").text,
        "Nothing to undo"
    );
    // A save that fails validation leaves nothing to undo.
    app.keys("e");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.keys("0")
        .key(KeyCode::Enter)
        .key(KeyCode::Esc)
        .keys("y");
    app.keys("u");
    assert_eq!(
        app.state.status.as_ref().expect("s").text,
        "Nothing to undo"
    );
}

#[test]
fn a_replaced_sleep_note_is_named_in_the_question_and_can_be_put_back() {
    let mut app = App::new();
    app.keys("s4")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .keys("7.5");
    app.key(KeyCode::Tab).keys("slept well").key(KeyCode::Enter);
    assert!(app.state.form.is_none());
    app.keys("s2").key(KeyCode::Enter);
    let old = match app.state.overlays.last() {
        Some(Overlay::Confirm(Confirm::ReplaceSleep(old))) => old.clone(),
        other => panic!("no question: {other:?}"),
    };
    assert_eq!((old.fields.quality, old.fields.hours), (4, Some(7.5)));
    assert_eq!(old.fields.note.as_deref(), Some("slept well"));
    app.keys("y");
    let quality = |app: &App| {
        app.store.sleep_notes(None, None).expect("n")[0]
            .fields
            .quality
    };
    assert_eq!(quality(&app), 2);
    app.keys("u");
    assert_eq!(quality(&app), 4);
    let n = &app.store.sleep_notes(None, None).expect("n")[0];
    assert_eq!(n.fields.note.as_deref(), Some("slept well"));
    assert_eq!(n.fields.hours, Some(7.5));
}

#[test]
fn the_week_chart_cursor_opens_that_weeks_sessions_and_esc_comes_back() {
    let mut app = App::new()
        .with_session("2026-11-10T19:00:00+01:00", 6, 3, "two weeks ago")
        .with_session("2026-11-17T19:00:00+01:00", 6, 3, "last week")
        .with_session("2026-11-19T19:00:00+01:00", 6, 3, "last week too")
        .with_session("2026-11-23T19:00:00+01:00", 6, 3, "this week");
    app.send(Msg::Resize(100, 30));
    assert_eq!(app.state.week_cursor, 0, "starts on the current week");
    app.key(KeyCode::Right);
    assert_eq!(app.state.week_cursor, 0, "nothing after the current week");
    app.key(KeyCode::Left);
    app.key(KeyCode::Enter);
    assert_eq!(app.state.screen, Screen::History);
    let notes: Vec<String> = app
        .state
        .visible_sessions()
        .iter()
        .map(|s| s.fields.note.clone().unwrap_or_default())
        .collect();
    assert_eq!(notes, ["last week too", "last week"]);
    app.key(KeyCode::Esc);
    assert_eq!(app.state.screen, Screen::Dashboard);
    assert_eq!(app.state.history.week, None);
    assert_eq!(app.state.week_cursor, 1, "the cursor stays where it was");
    // It stops at the oldest week shown.
    for _ in 0..100 {
        app.key(KeyCode::Left);
    }
    let shown = crate::tui::ui::dashboard::weeks_shown(&app.state, 100);
    assert_eq!(app.state.week_cursor, shown - 1);
}
