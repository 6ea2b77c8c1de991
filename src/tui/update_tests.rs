//! Table-driven tests of `update` across screens: switching, what each reads, errors, the
//! config's keys, the week chart's cursor; key sequences against an in-memory store.

use crate::store::Store;
use crate::tui::config::Config;
use crate::tui::event::Event;
use crate::tui::msg::Effect;
use crate::tui::msg::Msg;
use crate::tui::msg::Outcome;
use crate::tui::state::AppState;
use crate::tui::state::Overlay;
use crate::tui::state::Screen;
use crate::tui::test_app::App;
use crate::tui::test_app::now;
use crate::tui::theme::Theme;
use crate::tui::zone::Zone;
use ratatui::crossterm::event::KeyCode;

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
    app.send(Event::Click(16, 0));
    assert_eq!(app.state.screen, Screen::History);
    app.keys("?");
    assert_eq!(app.state.overlays, vec![Overlay::Help]);
    app.key(KeyCode::Esc);
    assert!(app.state.overlays.is_empty());
}

#[test]
fn database_errors_go_to_the_status_line() {
    let mut app = App::new();
    app.send(Outcome::Failed("database is locked".into()));
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
    app.send(Event::Tick);
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
fn the_week_chart_cursor_opens_that_weeks_sessions_and_esc_comes_back() {
    let mut app = App::new()
        .with_session("2026-11-10T19:00:00+01:00", 6, 3, "two weeks ago")
        .with_session("2026-11-17T19:00:00+01:00", 6, 3, "last week")
        .with_session("2026-11-19T19:00:00+01:00", 6, 3, "last week too")
        .with_session("2026-11-23T19:00:00+01:00", 6, 3, "this week");
    app.send(Event::Resize(100, 30));
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

/// While "Terminal too small" hides the app, keys must not reach it: typing `q`, `Enter` into a
/// hidden form saves nothing and `d` `y` on History deletes nothing; only quitting acts, and
/// once the terminal is big again the form is there as it was.
#[test]
fn keys_reach_nothing_hidden_behind_terminal_too_small() {
    let mut app = App::new().with_session("2026-11-22T19:00:00+01:00", 6, 3, "kept");
    app.keys("n");
    assert!(app.state.form.is_some());
    app.send(Event::Resize(49, 16));
    app.keys("7")
        .key(KeyCode::Tab)
        .keys("3")
        .key(KeyCode::Enter);
    app.send(Event::Paste("pasted".into()));
    assert_eq!(app.sessions(), 1, "nothing saved while the form was hidden");
    assert!(app.state.form.is_some() && !app.state.quit);
    app.send(Event::Resize(80, 24));
    assert!(app.state.form.is_some(), "the form is still open");
    app.key(KeyCode::Esc);
    assert!(app.state.form.is_none());

    // History: `d` `y` while hidden deletes nothing.
    app.keys("2");
    app.send(Event::Resize(80, 15));
    app.keys("dy").key(KeyCode::Enter);
    app.send(Event::Click(16, 0));
    assert_eq!(
        app.sessions(),
        1,
        "nothing deleted while History was hidden"
    );
    assert!(app.state.overlays.is_empty(), "{:?}", app.state.overlays);
    assert_eq!(app.state.screen, Screen::History);

    // Quitting still works (its key from the key map), and nothing else did.
    app.keys("q");
    assert!(app.state.quit);
}

/// The week cursor scrolls the chart back through the whole history, past the year loaded at
/// start, to the first session's week; a click on a bar selects that week, and a click on the
/// selected one opens its sessions.
#[test]
fn the_week_cursor_scrolls_back_through_the_whole_history_and_clicks_select_weeks() {
    let mut app = App::new()
        .with_session("2023-03-07T19:00:00+01:00", 6, 3, "the very first")
        .with_session("2025-06-10T19:00:00+01:00", 6, 3, "a year and a half ago")
        .with_session("2026-11-23T19:00:00+01:00", 6, 3, "this week");
    app.send(Event::Resize(80, 24));
    let start_weeks = app.state.data.weeks.len();
    let history = crate::tui::layout::history_weeks(&app.state);
    assert!(
        history > start_weeks,
        "{history} weeks of history, {start_weeks} loaded"
    );
    for _ in 0..history + 10 {
        app.key(KeyCode::Left);
    }
    assert_eq!(
        app.state.week_cursor,
        history - 1,
        "stops at the first session's week"
    );
    let shown = crate::tui::layout::shown_weeks(&app.state, 80);
    let first = chrono::NaiveDate::from_ymd_opt(2023, 3, 6).expect("date");
    assert_eq!(
        shown.first().map(|w| w.week_start),
        Some(first),
        "the window scrolled back"
    );
    assert_eq!(crate::tui::layout::cursor_week(&app.state, 80), Some(first));
    assert_eq!(shown.first().map(|w| w.sessions), Some(1));
    // Scrolled back, no week on the chart is drawn as this week (▓ …): the last one shown is an
    // ordinary missed week.
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| crate::tui::ui::view(f, &app.state))
        .expect("draw");
    let buf = terminal.backend().buffer();
    let chart: String = (5..14)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .filter(|row| !row.contains("this week")) // the legend
        .collect();
    assert!(!chart.contains('▓') && !chart.contains('…'), "{chart}");
    assert!(chart.contains('✗'), "{chart}");
    let title = (0..80).map(|x| buf[(x, 4)].symbol()).collect::<String>();
    assert!(
        title.contains("2023"),
        "the year is named when scrolled back: {title}"
    );
    app.key(KeyCode::Enter);
    let notes: Vec<String> = app
        .state
        .visible_sessions()
        .iter()
        .map(|s| s.fields.note.clone().unwrap_or_default())
        .collect();
    assert_eq!(notes, ["the very first"]);
    app.key(KeyCode::Esc);
    // A reload (another program wrote) keeps the scrolled-back weeks.
    app.reload();
    assert_eq!(crate::tui::layout::cursor_week(&app.state, 80), Some(first));
    // Back to this week.
    for _ in 0..history + 10 {
        app.key(KeyCode::Right);
    }
    assert_eq!(app.state.week_cursor, 0);

    // Clicks: the chart's inner area starts at row 5 (tab line, three header lines, border);
    // the bars' columns start after the border and the 3-column axis.
    let shown = crate::tui::layout::weeks_shown(&app.state, 80);
    let col = crate::tui::layout::week_width(80, shown);
    let x = 1 + crate::tui::layout::AXIS + col * 2; // the third week shown
    app.send(Event::Click(x, 7));
    assert_eq!(app.state.week_cursor, shown - 3);
    assert_eq!(app.state.screen, Screen::Dashboard);
    app.send(Event::Click(x + 1, 8));
    assert_eq!(
        app.state.screen,
        Screen::History,
        "a click on the selected week opens it"
    );
}

/// The Sleep list marks the nights after a massage by the one pairing rule: a session at 00:30
/// on 2 Dec comes before the night of 1 Dec, not 2 Dec.
#[test]
fn the_sleep_list_marks_nights_after_a_massage() {
    use crate::domain::SleepDraft;
    let mut app = App::new().with_session("2026-11-20T00:30:00+01:00", 6, 3, "small hours");
    for night in ["2026-11-19", "2026-11-20"] {
        let d = chrono::NaiveDate::parse_from_str(night, "%Y-%m-%d").expect("date");
        let f = SleepDraft {
            night: d,
            quality: 4,
            hours: None,
            note: None,
            diary: crate::domain::diary::DiaryDraft::default(),
        }
        .validate_on(now().date_naive())
        .expect("valid");
        app.store.put_sleep(f, false, &now()).expect("insert");
    }
    app.reload();
    app.keys("3");
    let nineteenth = chrono::NaiveDate::from_ymd_opt(2026, 11, 19).expect("date");
    assert_eq!(
        app.state.data.massage_nights,
        std::collections::BTreeSet::from([nineteenth])
    );
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal
        .draw(|f| crate::tui::ui::view(f, &app.state))
        .expect("draw");
    let buf = terminal.backend().buffer();
    let text: Vec<String> = (0..24)
        .map(|y| (0..80).map(|x| buf[(x, y)].symbol()).collect::<String>())
        .collect();
    let row = |night: &str| {
        text.iter()
            .find(|l| l.contains(night))
            .cloned()
            .unwrap_or_default()
    };
    assert!(row("2026-11-19").contains("2026-11-19 •"), "{text:#?}");
    assert!(!row("2026-11-20").contains("2026-11-20 •"), "{text:#?}");
}

/// At 50 columns every tab shows (tight, one space apart) and a click on each finds its screen.
#[test]
fn every_tab_shows_and_answers_clicks_from_50_columns_on() {
    for width in [50, 60, 80, 200] {
        let tabs = crate::tui::layout::tabs(width);
        assert_eq!(tabs.len(), Screen::ALL.len());
        let (_, last, x) = tabs.last().expect("tabs");
        assert!(
            x + u16::try_from(last.chars().count()).expect("short") <= width,
            "{width}: {tabs:?}"
        );
        let mut app = App::new();
        app.send(Event::Resize(width, 24));
        for (s, label, x) in &tabs {
            app.send(Event::Click(
                *x + u16::try_from(label.len() / 2).expect("short"),
                0,
            ));
            assert_eq!(app.state.screen, *s, "{width}: {label}");
        }
    }
}

/// Ctrl-C in a form cancels it as Esc does (asking first when something was typed); with no
/// form open it quits.
#[test]
fn ctrl_c_cancels_a_form_and_then_quits() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let ctrl_c = || Event::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let mut app = App::new();
    app.keys("n");
    app.send(ctrl_c());
    assert!(app.state.form.is_none(), "an untouched form closes");
    assert!(!app.state.quit);
    app.keys("n7");
    app.send(ctrl_c());
    assert!(
        matches!(app.state.overlays.last(), Some(Overlay::Confirm(_))),
        "asks before discarding: {:?}",
        app.state.overlays
    );
    app.keys("y");
    assert!(app.state.form.is_none() && !app.state.quit);
    assert_eq!(app.sessions(), 0);
    app.send(ctrl_c());
    assert!(app.state.quit);
}

/// The delete question never wraps inside "tension 8 → 6)?" or "(30 min,", at any width.
#[test]
fn the_delete_question_wraps_between_values_not_inside_them() {
    let mut app = App::new().with_session("2026-11-22T19:00:00+01:00", 8, 6, "kept");
    app.keys("2d");
    for w in 50..=90 {
        app.send(Event::Resize(w, 24));
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, 24)).expect("terminal");
        terminal
            .draw(|f| crate::tui::ui::view(f, &app.state))
            .expect("draw");
        let buf = terminal.backend().buffer();
        let rows: Vec<String> = (0..24)
            .map(|y| (0..w).map(|x| buf[(x, y)].symbol()).collect::<String>())
            .collect();
        let arrow = rows
            .iter()
            .find(|r| r.contains('→') && r.contains("tension"))
            .unwrap_or_else(|| panic!("{w}: no row holds the tension whole:\n{rows:#?}"));
        assert!(arrow.contains('8') && arrow.contains("6)?"), "{w}: {arrow}");
        assert!(
            rows.iter().any(|r| r.contains("min,") && r.contains('(')),
            "{w}: the minutes split:\n{rows:#?}"
        );
    }
}

/// A report written from the demo is marked as sample data on its name line.
#[test]
fn a_report_written_in_the_demo_is_marked_as_sample_data() {
    let mut app = App::new();
    app.state.demo = true;
    let effects = crate::tui::update::update(&mut app.state, Msg::WriteReport, &now());
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::WriteReport { name: Some(n), .. }
            if n == crate::tui::update::DEMO_REPORT_NAME)),
        "{effects:?}"
    );
    app.state.demo = false;
    let effects = crate::tui::update::update(&mut app.state, Msg::WriteReport, &now());
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::WriteReport { name: None, .. })),
        "{effects:?}"
    );
}

/// The last session logged at another offset than this zone's (travel) shows its own time,
/// marked with its offset, and is not called "today" when its date is not today here.
#[test]
fn the_last_session_logged_in_another_zone_is_marked_with_its_offset() {
    // The app's zone is +01:00; the session was logged in Tokyo.
    let mut app = App::new().with_session("2026-11-24T05:07:00+09:00", 7, 3, "Tokyo");
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
    app.send(Event::Resize(100, 30));
    terminal
        .draw(|f| crate::tui::ui::view(f, &app.state))
        .expect("draw");
    let buf = terminal.backend().buffer();
    let line = (0..100).map(|x| buf[(x, 3)].symbol()).collect::<String>();
    assert!(line.contains("Tue 24 Nov 05:07 (UTC+9)"), "{line}");
    assert!(!line.contains("today"), "{line}");
}

/// Two apps editing one session (issue 19.2): app A opens the edit form, another footlog changes
/// the note and saves, A changes a rating and saves: nothing is overwritten silently. A is asked,
/// with both versions shown; `n` keeps theirs with the form open, `y` saves A's over it.
#[test]
fn an_edit_never_silently_reverts_another_apps_change() {
    let mut app = App::new().with_session("2026-11-22T19:00:00+01:00", 6, 3, "old note");
    let uuid = app.state.data.last_session.as_ref().expect("session").uuid;
    app.keys("2e");
    assert!(app.state.form.is_some());
    // Meanwhile another footlog changes the note.
    let mut theirs = app
        .store
        .session(&uuid)
        .expect("read")
        .expect("there")
        .fields;
    theirs.note = Some("their note".into());
    app.store
        .update_session(&uuid, &theirs, &now())
        .expect("their save");
    // A changes tension after (field 2) and saves.
    app.key(KeyCode::Tab).keys("1").key(KeyCode::Enter);
    assert!(
        matches!(
            app.state.overlays.last(),
            Some(Overlay::Confirm(crate::tui::state::Confirm::Overwrite(_)))
        ),
        "{:?}",
        app.state.overlays
    );
    let stored = |app: &App| {
        app.store
            .session(&uuid)
            .expect("read")
            .expect("there")
            .fields
    };
    assert_eq!(
        stored(&app).note.as_deref(),
        Some("their note"),
        "not overwritten"
    );
    // No: theirs stays, the form stays open.
    app.keys("n");
    assert!(app.state.form.is_some());
    assert_eq!(stored(&app).note.as_deref(), Some("their note"));
    // Asked again on the next save; yes saves A's.
    app.key(KeyCode::Enter);
    app.keys("y");
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert_eq!(stored(&app).tension_after, 1);
    assert_eq!(stored(&app).note.as_deref(), Some("old note"));
    // An edit nobody else touched saves at once.
    app.keys("e")
        .key(KeyCode::Tab)
        .keys("2")
        .key(KeyCode::Enter);
    assert!(app.state.form.is_none() && app.state.overlays.is_empty());
    assert_eq!(stored(&app).tension_after, 2);
}

/// The same for a sleep note: an edit never silently reverts another footlog's change to it.
#[test]
fn a_sleep_note_edit_never_silently_reverts_another_apps_change() {
    use crate::domain::SleepDraft;
    let mut app = App::new();
    let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
    let f = SleepDraft {
        night: d,
        quality: 3,
        hours: None,
        note: Some("old".into()),
        diary: crate::domain::diary::DiaryDraft::default(),
    }
    .validate_on(now().date_naive())
    .expect("valid");
    let uuid = app.store.put_sleep(f, false, &now()).expect("insert").uuid;
    app.reload();
    app.keys("3e");
    assert!(app.state.form.is_some());
    let mut theirs = app.store.sleep_notes(None, None).expect("read")[0]
        .fields
        .clone();
    theirs.note = Some("their note".into());
    app.store
        .update_sleep(&uuid, &theirs, &now())
        .expect("their save");
    // Quality 5 in the form, saved.
    app.keys("5").key(KeyCode::Enter);
    assert!(
        matches!(
            app.state.overlays.last(),
            Some(Overlay::Confirm(
                crate::tui::state::Confirm::OverwriteSleep(_)
            ))
        ),
        "{:?}",
        app.state.overlays
    );
    let stored = |app: &App| {
        app.store.sleep_notes(None, None).expect("read")[0]
            .fields
            .clone()
    };
    assert_eq!(stored(&app).note.as_deref(), Some("their note"));
    app.keys("y");
    assert!(app.state.form.is_none(), "{:?}", app.state.status);
    assert_eq!(stored(&app).quality, 5);
}

#[test]
fn y_asks_the_background_sync_and_its_failure_is_said_in_words_only_when_asked() {
    use crate::tui::msg::SyncNews;
    use crate::tui::state::SyncView;
    let mut app = App::new();
    app.state.sync = Some(SyncView {
        last_sync: None,
        pending: 2,
        offline: false,
        asked: false,
        now: now(),
    });
    let failed = SyncNews {
        last_sync: None,
        pending: 2,
        failed: Some("the server cannot be reached".into()),
        notes: Vec::new(),
    };
    // The background's own attempt: the status line's sync state only.
    app.send(Outcome::Synced(failed.clone()));
    assert!(app.state.status.is_none());
    assert_eq!(
        app.state.sync.as_ref().map(SyncView::line).as_deref(),
        Some("offline: 2 changes waiting")
    );
    // Asked with y: passed on, said as "syncing…", and the failure is told.
    app.keys("y");
    assert!(app.state.sync_requested);
    assert_eq!(
        app.state.sync.as_ref().map(SyncView::line).as_deref(),
        Some("syncing…")
    );
    app.send(Outcome::Synced(failed));
    let status = app.state.status.as_ref().expect("a message");
    assert!(
        status.error && status.text.contains("cannot be reached"),
        "{status:?}"
    );
    // A sync that worked: how long ago, in minutes.
    let at = now().to_utc() - chrono::Duration::minutes(5);
    app.send(Outcome::Synced(SyncNews {
        last_sync: Some(at),
        pending: 0,
        failed: None,
        notes: vec!["Synced: the night of 2026-11-22 had two sleep notes".into()],
    }));
    assert_eq!(
        app.state.sync.as_ref().map(SyncView::line).as_deref(),
        Some("synced 5 min ago")
    );
    assert!(
        app.state
            .status
            .as_ref()
            .is_some_and(|s| s.text.contains("two sleep notes"))
    );
}
