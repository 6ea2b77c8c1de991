//! Leaving a form: when Esc asks first, and what the form's errors leave behind.

use ratatui::crossterm::event::KeyCode;

use crate::tui::msg::Outcome;
use crate::tui::state::{Confirm, Overlay};
use crate::tui::test_app::App;

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
    assert_eq!(app.goal_form().reason.input.trimmed(), "travel");
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
    app.send(Outcome::Failed("database is locked".into()));
    app.key(KeyCode::Tab);
    assert_eq!(status(&app).as_deref(), Some("database is locked"));
}
