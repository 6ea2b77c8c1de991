//! The app with data another tool wrote: a row that cannot be read is hidden with a status line,
//! and text with terminal controls or bidirectional overrides never reaches the screen raw.

use crate::support::render;

use render::{App, now};

use chrono::Duration;
use footlog::domain::SessionDraft;
use footlog::domain::text::is_unsafe;
use footlog::store::Store;
use ratatui::crossterm::event::KeyCode;

/// Two readable sessions, and the UUID of a third.
fn three_sessions(store: &mut Store) -> String {
    let n = now();
    let mut uuids = Vec::new();
    for (days, note) in [
        (3, "readable one"),
        (2, "readable two"),
        (1, "to be damaged"),
    ] {
        let mut d = SessionDraft::new(n - Duration::days(days), 7, 3);
        d.note = Some(note.into());
        let f = d.validate(&n).expect("valid");
        uuids.push(
            store
                .insert_session(f, &n)
                .expect("insert")
                .uuid
                .to_string(),
        );
    }
    uuids.pop().expect("third")
}

#[test]
fn a_damaged_record_is_hidden_with_a_status_line_and_the_rest_shows() {
    let mut store = Store::open_in_memory().expect("store");
    let bad = three_sessions(&mut store);
    store
        .connection()
        .execute(
            "UPDATE sessions SET started_at = 'garbage' WHERE uuid = ?1",
            [&bad],
        )
        .expect("damage");
    let mut app = App::new(store);
    // The dashboard reads per-day totals and the newest readable session only (its cost does not
    // grow with the history), so the records themselves are first read, and the damaged one
    // found, by the lists.
    let dash = app.render(100, 30);
    assert!(dash.contains("Last session: Sat 21 Nov"), "{dash}");
    app.key(KeyCode::Char('2'));
    let history = app.render(100, 30);
    assert!(
        history.contains("1 damaged record hidden — run footlog check"),
        "{history}"
    );
    assert!(
        history.contains("readable one") && history.contains("readable two"),
        "{history}"
    );
    assert!(!history.contains("to be damaged"), "{history}");
}

#[test]
fn the_app_shows_no_control_or_bidi_character_from_the_database() {
    let mut store = Store::open_in_memory().expect("store");
    let uuid = three_sessions(&mut store);
    // Written by another tool: footlog itself refuses control characters in a note.
    store
        .connection()
        .execute(
            "UPDATE sessions SET note = 'clip ' || char(27) || ']52;c;aGk=' || char(7) || \
             ' rtl ' || char(8238) || 'olleh' || char(155) || 'end' WHERE uuid = ?1",
            [&uuid],
        )
        .expect("write");
    let mut app = App::new(store);
    // The History list (the newest session first, so selected) and the record opened whole.
    for key in [KeyCode::Char('2'), KeyCode::Enter] {
        app.key(key);
        let screen = app.render(120, 40);
        assert!(screen.contains("clip"), "{screen}");
        assert!(
            !screen.lines().any(|l| l.chars().any(is_unsafe)),
            "an unsafe character reached the screen: {screen:?}"
        );
    }
}
