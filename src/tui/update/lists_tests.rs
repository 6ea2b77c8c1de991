//! `update` on the list screens (History, Sleep): moving, filtering, opening, deleting and
//! undoing, against an in-memory store.

use crate::tui::event::Event;
use crate::tui::state::Confirm;
use crate::tui::state::Overlay;
use crate::tui::test_app::App;
use ratatui::crossterm::event::KeyCode;
use ratatui::crossterm::event::KeyEvent;
use ratatui::crossterm::event::KeyModifiers;

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
    app.send(Event::Key(ctrl_u));
    assert_eq!(app.state.history.filter.lines(), [""]);
    app.keys("heel");
    app.key(KeyCode::Left).key(KeyCode::Left);
    app.send(Event::Key(ctrl_u));
    assert_eq!(
        app.state.history.filter.lines(),
        ["el"],
        "only what is before the cursor"
    );
}

#[test]
fn a_long_record_scrolls_in_its_popup() {
    let note = (1..=40)
        .map(|i| format!("line {i}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut app = App::new().with_session("2026-11-20T19:00:00+01:00", 6, 3, &note);
    app.send(Event::Resize(80, 24));
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
    // The cursor on the oldest row ("first"), then undo the edit of "second".
    app.keys("G");
    assert_eq!(app.state.history.selected, 1);
    app.keys("u");
    assert_eq!(notes(&app), [("first".into(), 20), ("second".into(), 20)]);
    let status = app.state.status.as_ref().expect("status");
    assert_eq!(
        status.text,
        "Undid the edit of the session of Fri 20 Nov 19:00"
    );
    // The session whose edit was undone is selected.
    assert_eq!(
        app.state.visible_sessions()[app.state.history.selected]
            .fields
            .note
            .as_deref(),
        Some("second")
    );
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
    // Past the sleep diary's seven items to the note.
    for _ in 0..8 {
        app.key(KeyCode::Tab);
    }
    app.keys("slept well").key(KeyCode::Enter);
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
