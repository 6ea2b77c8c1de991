//! The Insights and Guide screens rendered to a `TestBackend` at 80x24 and 120x40, from a seeded
//! in-memory database (a year of sessions) and a fixed clock: each period, too little sleep data,
//! the heatmap, an empty database, and the guide at the top and scrolled.

use crate::support::render;

use render::{App, now};

use chrono::{Duration, NaiveDate};
use footlog::domain::{Area, Feet, RestMark, SessionDraft, SleepDraft, Tool};
use footlog::store::Store;
use footlog::tui::state::Screen;
use ratatui::crossterm::event::KeyCode;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// A year of sessions (53 weeks ending with the current one, some weeks missed, one rest week,
/// the goal raised to 2 in the summer) and, when `sleep_nights` > 0, that many nights of sleep
/// notes before today: nights after a session sleep a little better.
fn seeded(sleep_nights: i64) -> Store {
    let mut store = Store::open_in_memory().expect("store");
    let n = now();
    let offset = *n.offset();
    let this_monday = day("2026-11-23");
    let first_monday = this_monday - Duration::weeks(52);
    let pattern = [1, 2, 0, 1, 3, 1, 2, 1, 0, 2, 2, 1, 1];
    let tools = [
        Tool::Hands,
        Tool::Roller,
        Tool::Ball,
        Tool::Electric,
        Tool::Hands,
    ];
    let mut session_days = Vec::new();
    let mut k = 0usize;
    for w in 0..53i64 {
        let count = pattern[usize::try_from(w).expect("w") % pattern.len()];
        for i in 0..count {
            // Tue, Thu and Thu again (two that day); every fifth week a day earlier.
            let weekday = [1, 3, 3][usize::try_from(i).expect("i")] - i64::from(w % 5 == 0);
            let date = first_monday + Duration::weeks(w) + Duration::days(weekday);
            let hour = [20, 21, 8, 19, 13][k % 5];
            let start = date
                .and_hms_opt(hour, 10, 0)
                .expect("time")
                .and_local_timezone(offset)
                .single()
                .expect("offset");
            if start > n {
                continue;
            }
            let before = 5 + i64::try_from(k % 5).expect("k");
            let drop = 1 + i64::try_from(k % 4).expect("k") + i64::from(k % 5 == 1);
            let mut d = SessionDraft::new(start, before, (before - drop).max(0));
            d.minutes = [10, 20, 30, 25, 45][k % 5];
            d.tool = tools[k % 5];
            d.feet = [Feet::Both, Feet::Left, Feet::Right][k % 3];
            d.areas = match k % 4 {
                0 => vec![Area::Arches, Area::Heels],
                1 => vec![Area::Balls, Area::Toes],
                2 => vec![Area::Heels],
                _ => vec![],
            };
            store
                .insert_session(d.validate(&n).expect("valid"), &n)
                .expect("insert");
            session_days.push(date);
            k += 1;
        }
    }
    store
        .set_goal(first_monday, 1)
        .and_then(|()| store.set_goal(day("2026-06-01"), 2))
        .expect("goals");
    store
        .add_rest(&RestMark {
            date: first_monday + Duration::weeks(8) + Duration::days(3),
            reason: "travel".into(),
        })
        .expect("rest");
    for i in 1..=sleep_nights {
        let night = day("2026-11-23") - Duration::days(i);
        let after = session_days.contains(&night);
        let base = 2 + u8::try_from(i % 3).expect("q");
        let d = SleepDraft {
            night,
            quality: i64::from(if after { base + 1 } else { base }),
            hours: Some(6.0 + f64::from(u8::try_from(i % 4).expect("h")) * 0.5),
            note: None,
            diary: footlog::domain::diary::DiaryDraft::default(),
        };
        store
            .put_sleep(d.validate().expect("valid"), false, &n)
            .expect("sleep");
    }
    store
}

/// Snapshots `app` at both sizes as `<name>_80x24` and `<name>_120x40`.
fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let text = app.render(w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

#[test]
fn insights_for_each_period() {
    let mut app = App::new(seeded(60));
    app.keys("4");
    assert_eq!(app.state.screen, Screen::Insights);
    snap("insights_12_weeks", &mut app);
    app.keys("p");
    snap("insights_26_weeks", &mut app);
    app.keys("p");
    snap("insights_52_weeks", &mut app);
    app.keys("p");
    let again = app.render(120, 40);
    assert!(again.contains("Last 12 weeks"), "{again}");
}

#[test]
fn insights_scrolled_to_the_heatmap() {
    let mut app = App::new(seeded(60));
    app.keys("4G");
    let text = app.render(80, 24);
    assert!(text.contains("Sessions per day, weeks Mon–Sun"), "{text}");
    insta::assert_snapshot!("insights_heatmap_80x24", text);
}

#[test]
fn insights_with_too_little_sleep_data() {
    let mut app = App::new(seeded(3));
    app.keys("4");
    let text = app.render(120, 40);
    assert!(text.contains("Too little data"), "{text}");
    assert!(!text.contains("quality  hours"), "no numbers: {text}");
    snap("insights_little_sleep", &mut app);
}

#[test]
fn insights_on_an_empty_database() {
    let mut app = App::new(Store::open_in_memory().expect("store"));
    app.keys("4");
    snap("insights_empty", &mut app);
}

#[test]
fn insights_follow_the_week_definition() {
    let mut store = seeded(60);
    store
        .set_week_start(footlog::domain::WeekStart::Sunday)
        .expect("week start");
    let mut app = App::new(store);
    app.keys("4");
    let text = app.render(120, 40);
    assert!(text.contains("Tension relief per week (Sun–Sat)"), "{text}");
    assert!(text.contains("weeks Sun–Sat"), "{text}");
}

#[test]
fn guide_at_the_top_and_scrolled() {
    let mut app = App::new(seeded(0));
    app.keys("5");
    assert_eq!(app.state.screen, Screen::Guide);
    snap("guide_top", &mut app);
    app.keys("jjj").key(KeyCode::PageDown);
    snap("guide_scrolled", &mut app);
    app.render(80, 24);
    app.keys("G");
    let end = app.render(80, 24);
    assert!(
        end.contains("podiatrist"),
        "the end of the guide shows: {end}"
    );
}

#[test]
fn help_lists_the_keys_of_insights_and_guide() {
    let mut app = App::new(seeded(0));
    app.keys("4?");
    let text = app.render(120, 40);
    assert!(text.contains("period 12/26/52 weeks"), "{text}");
    snap("help_insights", &mut app);
    app.key(KeyCode::Esc).keys("5?");
    snap("help_guide", &mut app);
}

#[test]
fn the_52_week_relief_chart_groups_four_weeks_when_weeks_would_be_too_narrow() {
    let mut app = App::new(seeded(30));
    app.keys("4pp");
    let narrow = app.render(80, 24);
    assert!(narrow.contains("Tension relief per 4 weeks"), "{narrow}");
    let wide = app.render(200, 50);
    assert!(wide.contains("Tension relief per week"), "{wide}");
    app.keys("p");
    assert!(
        app.render(80, 24).contains("Tension relief per week"),
        "12 weeks fit"
    );
}

#[test]
fn one_night_of_sleep_notes_reads_in_the_singular() {
    for (nights, counted) in [
        (1, "1 other night have notes"),
        (2, "2 other nights have notes"),
    ] {
        let mut app = App::new(seeded(nights));
        app.keys("4");
        // The panel wraps the sentence after "0 nights" at this size.
        let shown = app.render(120, 40);
        assert!(
            shown.contains("Too little data to compare sleep yet: 0 nights")
                && shown.contains(&format!("after a massage and {counted}")),
            "{shown}"
        );
    }
}

#[test]
fn one_session_reads_in_the_singular() {
    let mut store = Store::open_in_memory().expect("store");
    let n = now();
    let mut counts = Vec::new();
    for hours in [2, 3] {
        let d = SessionDraft::new(n - Duration::hours(hours), 6, 2);
        store
            .insert_session(d.validate(&n).expect("valid"), &n)
            .expect("insert");
        let mut app = App::new(store);
        app.keys("4");
        let shown = app.render(120, 40);
        counts.push(
            ["1 session ·", "2 sessions ·"]
                .into_iter()
                .find(|c| shown.contains(c))
                .unwrap_or_else(|| panic!("no session count in {shown}")),
        );
        store = app.store;
    }
    assert_eq!(counts, ["1 session ·", "2 sessions ·"]);
}

/// The Insights screen's sleep section adds the sleep diary's averages, each side with its
/// nights, once a side has a figure from 5 nights; only the sleep section is checked here.
#[test]
fn insights_show_the_sleep_diary_from_five_nights() {
    let mut store = Store::open_in_memory().expect("store");
    let n = now();
    // Ten nights, 2026-11-13..22, each in bed 22:30→07:30 (540 min), tried 23:00 → woke 07:00
    // (480 min), 10 min to fall asleep and no awakenings: 470 min asleep, 87.0 %. No sessions:
    // all are other nights.
    for i in 1..=10 {
        let f = SleepDraft {
            night: day("2026-11-23") - Duration::days(i),
            quality: 3,
            hours: None,
            note: None,
            diary: footlog::domain::diary::DiaryDraft {
                bed: Some("22:30".into()),
                tried: Some("23:00".into()),
                latency_min: Some(10),
                awakenings: Some(0),
                awake_min: None,
                woke: Some("07:00".into()),
                up: Some("07:30".into()),
            },
        }
        .validate()
        .expect("valid");
        store.put_sleep(f, false, &n).expect("night");
    }
    let mut app = App::new(store);
    app.keys("4");
    let mut text = String::new();
    for _ in 0..6 {
        text.push_str(&app.render(120, 40));
        app.key(KeyCode::PageDown);
    }
    for want in [
        "Sleep diary",
        "after n=0",
        "other n=10",
        "10.0 min",
        "470.0 min",
        "87.0 %",
        "not proof of",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
}
