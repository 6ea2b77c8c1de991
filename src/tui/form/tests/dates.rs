//! Dates typed in words and moved with `+`/`-` on the session and sleep forms.

use ratatui::crossterm::event::KeyCode;

use crate::tui::test_app::App;

#[test]
fn the_forms_take_days_in_words_and_plus_minus_move_the_day() {
    let when = |app: &App| app.session_form().started_at.input.trimmed();
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
    let night = |app: &App| app.sleep_form().night.input.trimmed();
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
    let when = |app: &App| app.session_form().started_at.input.trimmed();
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
    let night = |app: &App| app.sleep_form().night.input.trimmed();
    app.keys("-3d");
    assert_eq!(night(&app), "-3d");
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_none(), "{:?}", app.error_of("night"));
    let notes = app.store.sleep_notes(None, None).expect("notes");
    assert_eq!(notes[0].fields.night.to_string(), "2026-11-20");
}
