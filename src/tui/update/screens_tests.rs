//! `update` on the Insights and Guide screens: switching to them, the period key, scrolling,
//! and the effect that reads the insights.

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::scroll;
use crate::domain::SessionDraft;
use crate::store::Store;
use crate::tui::config::Config;
use crate::tui::data::Period;
use crate::tui::dispatch;
use crate::tui::effects::{load_insights, run};
use crate::tui::event::Event;
use crate::tui::layout::guide;
use crate::tui::msg::Effect;
use crate::tui::msg::Incoming;
use crate::tui::msg::Outcome;
use crate::tui::state::{AppState, Screen};
use crate::tui::theme::Theme;
use crate::tui::update::update;
use crate::tui::zone::Zone;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
}

fn state() -> AppState {
    AppState::new(
        Config::default(),
        Theme::default(),
        Zone::Fixed(*now().offset()),
    )
}

fn key(c: char) -> Incoming {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)).into()
}

fn code(k: KeyCode) -> Incoming {
    Event::Key(KeyEvent::new(k, KeyModifiers::NONE)).into()
}

/// A store with one session last week and one this week.
fn store() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    for (when, before, after) in [
        ("2026-11-17T20:00:00+01:00", 7, 3),
        ("2026-11-23T19:00:00+01:00", 6, 4),
    ] {
        let start = DateTime::parse_from_rfc3339(when).expect("time");
        let f = SessionDraft::new(start, before, after)
            .validate(&now())
            .expect("valid");
        store.insert_session(f, &now()).expect("insert");
    }
    store
}

#[test]
fn screen_keys_and_tabs_reach_insights_and_guide() {
    let mut s = state();
    let cases: &[(Incoming, Screen, Vec<Effect>)] = &[
        (
            key('4'),
            Screen::Insights,
            vec![Effect::LoadInsights(Period::Weeks12)],
        ),
        (key('5'), Screen::Guide, vec![]),
        (
            code(KeyCode::BackTab),
            Screen::Insights,
            vec![Effect::LoadInsights(Period::Weeks12)],
        ),
        (code(KeyCode::Tab), Screen::Guide, vec![]),
        (code(KeyCode::Tab), Screen::Dashboard, vec![]),
        (code(KeyCode::BackTab), Screen::Guide, vec![]),
        (key('1'), Screen::Dashboard, vec![]),
    ];
    for (msg, screen, effects) in cases {
        assert_eq!(&update(&mut s, msg.clone(), &now()), effects, "{msg:?}");
        assert_eq!(s.screen, *screen, "{msg:?}");
    }
}

#[test]
fn clicking_the_insights_tab_reads_the_insights() {
    let mut s = state();
    let col = (0..80u16)
        .find(|c| crate::tui::layout::tab_at(*c, 80) == Some(Screen::Insights))
        .expect("an Insights tab");
    let effects = update(&mut s, Event::Click(col, 0), &now());
    assert_eq!(s.screen, Screen::Insights);
    assert_eq!(effects, vec![Effect::LoadInsights(Period::Weeks12)]);
}

#[test]
fn p_cycles_the_period_and_reloads_only_on_insights() {
    let mut s = state();
    assert_eq!(
        update(&mut s, key('p'), &now()),
        vec![],
        "p means nothing on the dashboard"
    );
    update(&mut s, key('4'), &now());
    s.insights.scroll = 5;
    for expected in [Period::Weeks26, Period::Weeks52, Period::Weeks12] {
        assert_eq!(
            update(&mut s, key('p'), &now()),
            vec![Effect::LoadInsights(expected)]
        );
        assert_eq!(s.insights.period, expected);
        assert_eq!(s.insights.scroll, 0, "a new period starts at the top");
    }
}

#[test]
fn the_tick_and_writes_reload_insights_while_they_are_shown() {
    let mut s = state();
    assert_eq!(
        update(&mut s, Event::Tick, &now()),
        vec![Effect::CheckForChanges]
    );
    // Nothing read yet: any counter reloads.
    assert_eq!(
        update(&mut s, Outcome::DataVersion(Some(1)), &now()),
        vec![Effect::Load]
    );
    update(&mut s, key('4'), &now());
    update(&mut s, key('p'), &now());
    assert_eq!(
        update(&mut s, Event::Tick, &now()),
        vec![Effect::CheckForChanges]
    );
    assert_eq!(
        update(&mut s, Outcome::DataVersion(Some(1)), &now()),
        vec![Effect::Load, Effect::LoadInsights(Period::Weeks26)]
    );
    let data = Box::new(crate::tui::data::Data::default());
    assert_eq!(
        update(&mut s, Outcome::Loaded(data), &now()),
        vec![Effect::LoadInsights(Period::Weeks26)]
    );
}

#[test]
fn a_tick_reloads_only_when_another_connection_wrote_or_the_date_changed() {
    let mut s = state();
    s.data = crate::tui::data::Data {
        today: now().date_naive(),
        loaded: true,
        data_version: Some(7),
        ..Default::default()
    };
    let later_today = now() + chrono::Duration::hours(3);
    assert!(update(&mut s, Outcome::DataVersion(Some(7)), &now()).is_empty());
    assert!(update(&mut s, Outcome::DataVersion(Some(7)), &later_today).is_empty());
    for (version, at, why) in [
        (Some(8), now(), "another connection wrote"),
        (None, now(), "the counter could not be read"),
        (Some(7), now() + chrono::Duration::hours(4), "a new day"),
    ] {
        assert_eq!(
            update(&mut s, Outcome::DataVersion(version), &at),
            vec![Effect::Load],
            "{why}"
        );
    }
    s.data.complete = true;
    assert_eq!(
        update(&mut s, Outcome::DataVersion(Some(8)), &now()),
        vec![Effect::LoadAll],
        "a complete list stays complete"
    );
}

#[test]
fn an_idle_tick_reads_nothing_until_another_connection_writes() {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("f.db");
    let mut app = Store::open(&path).expect("open");
    let mut s = state();
    dispatch(&mut s, &mut app, Event::Tick, &now());
    assert!(s.data.loaded);
    let seen = s.data.data_version.expect("version");
    // The app's own write shows at once and leaves the counter where it was.
    let f = SessionDraft::new(now(), 6, 3)
        .validate(&now())
        .expect("valid");
    let save = Effect::SaveSession {
        uuid: None,
        fields: f.clone(),
        base: None,
    };
    for m in run(&mut app, save, &now()) {
        dispatch(&mut s, &mut app, m, &now());
    }
    assert_eq!(s.data.this_week.sessions, 1);
    assert_eq!(app.data_version().expect("version"), seen);
    // A write on the app's connection outside its effects is not seen by a tick: proof that
    // an unchanged counter reads nothing.
    app.insert_session(f.clone(), &now()).expect("insert");
    dispatch(&mut s, &mut app, Event::Tick, &now());
    assert_eq!(s.data.this_week.sessions, 1);
    // A write by another connection (the CLI) moves the counter; the next tick reloads.
    Store::open(&path)
        .expect("open")
        .insert_session(f, &now())
        .expect("insert");
    assert_ne!(app.data_version().expect("version"), seen);
    dispatch(&mut s, &mut app, Event::Tick, &now());
    assert_eq!(s.data.this_week.sessions, 3);
    assert_ne!(s.data.data_version, Some(seen));
}

#[test]
fn the_load_effect_reads_the_period_and_a_year_of_days() {
    let mut store = store();
    let msgs = run(&mut store, Effect::LoadInsights(Period::Weeks26), &now());
    let [Outcome::InsightsLoaded(d)] = msgs.as_slice() else {
        panic!("one InsightsLoaded, got {msgs:?}");
    };
    assert_eq!(d.period, Period::Weeks26);
    assert_eq!(d.insights.relief_by_week.len(), 26);
    assert_eq!(d.insights.sessions, 2);
    assert_eq!(d.insights.avg_drop, Some(3.0));
    assert_eq!(d.year.len(), crate::tui::data::HEATMAP_WEEKS);
    assert_eq!(d.year.last().map(|w| w.sessions), Some(1));
    assert_eq!(d.daily.values().sum::<u32>(), 2);
    let mut s = state();
    dispatch(&mut s, &mut store, key('4'), &now());
    assert_eq!(
        s.insights.data.as_deref(),
        Some(&load_insights(&store, now().date_naive(), Period::Weeks12).expect("load"))
    );
}

#[test]
fn insights_for_another_period_are_not_shown() {
    let store = store();
    let mut s = state();
    s.insights.period = Period::Weeks52;
    let stale = load_insights(&store, now().date_naive(), Period::Weeks12).expect("load");
    update(&mut s, Outcome::InsightsLoaded(Box::new(stale)), &now());
    assert!(s.insights.data.is_none());
}

#[test]
fn guide_keys_scroll_within_the_text() {
    let mut s = state();
    update(&mut s, Event::Resize(80, 24), &now());
    update(&mut s, key('5'), &now());
    let max = guide::max_scroll(s.size);
    assert!(max > 20, "the guide is longer than a 24-row screen ({max})");
    let page = 18; // rows below the tab line, status and hints, less the border
    let steps: &[(Incoming, u16)] = &[
        (key('j'), 1),
        (code(KeyCode::Down), 2),
        (key('k'), 1),
        (code(KeyCode::Up), 0),
        (key('k'), 0),
        (code(KeyCode::PageDown), page),
        (code(KeyCode::PageUp), 0),
        (key('G'), max),
        (key('j'), max),
        (Event::Scroll(-1).into(), max - 3),
        (key('g'), 0),
        (code(KeyCode::End), max),
        (code(KeyCode::Home), 0),
    ];
    for (msg, at) in steps {
        update(&mut s, msg.clone(), &now());
        assert_eq!(s.guide.scroll, *at, "after {msg:?}");
    }
}

#[test]
fn insights_scroll_on_small_terminals_only() {
    let mut store = store();
    let mut s = state();
    dispatch(&mut s, &mut store, Event::Resize(80, 24), &now());
    dispatch(&mut s, &mut store, key('4'), &now());
    dispatch(&mut s, &mut store, key('G'), &now());
    let bottom = s.insights.scroll;
    assert!(bottom > 0, "80x24 cannot show every section at once");
    dispatch(&mut s, &mut store, key('k'), &now());
    assert_eq!(s.insights.scroll, bottom - 1);
    dispatch(&mut s, &mut store, key('g'), &now());
    assert_eq!(s.insights.scroll, 0);
    dispatch(&mut s, &mut store, Event::Resize(160, 50), &now());
    dispatch(&mut s, &mut store, key('j'), &now());
    assert_eq!(s.insights.scroll, 0, "everything fits at 160x50");
}

#[test]
fn scrolling_leaves_list_screens_to_their_selection() {
    let mut s = state();
    s.screen = Screen::History;
    assert!(!scroll(&mut s, 1));
    s.screen = Screen::Guide;
    assert!(scroll(&mut s, 1));
}
