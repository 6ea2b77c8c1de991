//! The session form through `update`: logging, editing, ratings, toggles and text fields.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::event::Event;
use crate::tui::state::Screen;
use crate::tui::test_app::{App, at, now};

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
    assert_eq!(app.focused_key(), Some("minutes"));
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
    assert_eq!(
        app.focused_key(),
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
    assert_eq!(
        app.error_of("hours").as_deref(),
        Some("must be a number of hours from 0 to 24 (got 30)")
    );
    assert!(app.store.sleep_notes(None, None).expect("notes").is_empty());
}

#[test]
fn minutes_that_are_not_a_number_are_named_with_what_was_typed() {
    let mut app = App::new();
    app.keys("n7").key(KeyCode::Tab).keys("3");
    app.key(KeyCode::Tab).key(KeyCode::Tab);
    assert_eq!(app.focused_key(), Some("minutes"));
    app.key(KeyCode::Backspace)
        .key(KeyCode::Backspace)
        .keys("abc")
        .key(KeyCode::Enter);
    assert_eq!(
        app.error_of("minutes").as_deref(),
        Some("must be a whole number from 1 to 240 (got abc)")
    );
    assert_eq!(app.sessions(), 0);
}

#[test]
fn ratings_take_digits_arrows_and_ten() {
    let mut app = App::new();
    app.keys("n10");
    assert_eq!(app.session_form().tension_before.input.value, Some(10));
    app.key(KeyCode::Left).key(KeyCode::Left);
    assert_eq!(app.session_form().tension_before.input.value, Some(8));
    app.key(KeyCode::Tab).key(KeyCode::Right);
    assert_eq!(app.session_form().tension_after.input.value, Some(0));
}

#[test]
fn areas_toggle_with_digits_and_space() {
    let mut app = App::new();
    app.keys("n7").key(KeyCode::Tab).keys("3");
    while app.focused_key() != Some("areas") {
        app.key(KeyCode::Tab);
    }
    app.keys("1")
        .key(KeyCode::Right)
        .key(KeyCode::Right)
        .keys(" ");
    assert_eq!(
        app.session_form().areas.input.on,
        [true, false, true, false, false]
    );
    app.key(KeyCode::Enter);
    let s = app.store.sessions(None, None).expect("s");
    let names: Vec<&str> = s[0].fields.areas.iter().map(|a| a.as_str()).collect();
    assert_eq!(names, ["balls", "heels"]);
}

#[test]
fn q_types_into_text_fields_and_quits_only_from_the_top() {
    let mut app = App::new();
    app.keys("n");
    while app.focused_key() != Some("note") {
        app.key(KeyCode::Tab);
    }
    app.keys("quiet?");
    assert!(!app.state.quit);
    assert_eq!(app.session_form().note.input.text(), "quiet?");
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
fn the_note_takes_line_breaks_and_enter_still_saves() {
    let mut app = App::new();
    app.keys("n7").key(KeyCode::Tab).keys("3");
    app.key(KeyCode::BackTab).key(KeyCode::BackTab);
    assert_eq!(app.focused_key(), Some("note"));
    app.keys("First");
    app.send(Event::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)));
    app.keys("Second");
    app.send(Event::Key(KeyEvent::new(
        KeyCode::Char('j'),
        KeyModifiers::CONTROL,
    )));
    app.send(Event::Paste("third\r\nfourth".into()));
    // A line break pasted into a one-line field is a space.
    app.key(KeyCode::BackTab)
        .send(Event::Paste("almond\nor olive".into()));
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
    assert_eq!(app.form().title, "Edit session");
    assert_eq!(
        app.session_form().note.input.trimmed(),
        "First\nSecond\nthird\nfourth"
    );
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
    let minutes = |app: &App| app.session_form().minutes.input.trimmed();
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
    app.send(Event::Paste("45".into()));
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
    assert_eq!(app.form().title, "Edit session");
    assert_eq!(app.session_form().oil.input.trimmed(), "olive");
    assert_eq!(app.session_form().note.input.trimmed(), "calm, slow");
}
