//! Table-driven tests of `update`: key sequences against an in-memory store, no terminal.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::store::Store;
use crate::tui::config::Config;
use crate::tui::msg::{Effect, Msg};
use crate::tui::state::{AppState, Confirm, Overlay, Screen, Zone};
use crate::tui::test_app::{App, now};
use crate::tui::theme::Theme;

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
    let shown = crate::tui::layout::weeks_shown(&app.state, 100);
    assert_eq!(app.state.week_cursor, shown - 1);
}
