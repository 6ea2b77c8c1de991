//! The sleep-note form through `update`: one note a night, nights after today refused.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::tui::event::Event;
use crate::tui::state::{Confirm, Overlay};
use crate::tui::test_app::App;

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
fn a_sleep_note_for_a_night_after_today_is_refused_inline() {
    let mut app = App::new();
    // Quality 4, then the night: clear it (Ctrl-U) and type tomorrow.
    app.keys("s4").key(KeyCode::Tab);
    app.send(Event::Key(KeyEvent::new(
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
