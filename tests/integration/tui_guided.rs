//! The guided session and the health caution rendered to a `TestBackend` at 80x24 and 120x40,
//! with a fixed wall clock and a hand-driven monotonic clock.

use crate::support::render;

use render::{App, now};

use std::time::Duration;

use chrono::DateTime;
use footlog::domain::SessionDraft;
use footlog::domain::health::HealthProfile;
use footlog::store::Store;
use footlog::tui::event::Event;
use ratatui::crossterm::event::KeyCode;

/// A store with two sessions (so forms prefill from the last one), and `health`.
fn store(health: HealthProfile) -> Store {
    let mut store = Store::open_in_memory().expect("store");
    for (day, before, after) in [
        ("2026-11-16T19:00:00+01:00", 7, 4),
        ("2026-11-20T21:00:00+01:00", 6, 2),
    ] {
        let start = DateTime::parse_from_rfc3339(day).expect("time");
        let mut d = SessionDraft::new(start, before, after);
        d.oil = Some("almond".into());
        store
            .insert_session(d.validate(&now()).expect("valid"), &now())
            .expect("insert");
    }
    store.set_health_profile(&health).expect("health");
    store
}

impl App {
    fn with_health(health: HealthProfile) -> Self {
        App::new(store(health))
    }

    /// The monotonic clock reads `secs`.
    fn at(&mut self, secs: u64) -> &mut Self {
        self.send(Event::Clock(Duration::from_secs(secs)))
    }

    /// Through the safety check and setup: both feet, 2 minutes per foot, tension 7, started at 0.
    fn running() -> Self {
        Self::running_with(HealthProfile::default())
    }

    fn running_with(profile: HealthProfile) -> Self {
        let mut app = App::with_health(profile);
        app.keys("m").at(0).keys("n").key(KeyCode::Tab);
        app.key(KeyCode::Backspace).key(KeyCode::Backspace);
        app.keys("2");
        for _ in 0..3 {
            app.key(KeyCode::Tab);
        }
        app.keys("7").key(KeyCode::Enter);
        app
    }
}

fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let text = app.render(w, h);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

fn pregnant() -> HealthProfile {
    HealthProfile {
        pregnancy: true,
        ..HealthProfile::default()
    }
}

#[test]
fn safety_check_and_advice() {
    let mut app = App::with_health(HealthProfile::default());
    app.keys("m");
    snap("guided_safety", &mut app);
    app.keys("y");
    snap("guided_advice", &mut app);
}

#[test]
fn setup_form_with_and_without_a_caution() {
    let mut app = App::with_health(HealthProfile::default());
    app.keys("mn");
    snap("guided_setup", &mut app);
    app.key(KeyCode::Tab).keys("0").key(KeyCode::Enter);
    snap("guided_setup_errors", &mut app);
    let mut app = App::with_health(HealthProfile {
        diabetes_or_neuropathy: true,
        circulation_problems: true,
        pregnancy: true,
    });
    app.keys("mn");
    snap("guided_setup_caution", &mut app);
}

#[test]
fn each_kind_of_step() {
    let mut app = App::running();
    app.at(20);
    snap("guided_prepare", &mut app);
    app.at(60 + 40); // 40 s into a 2-minute left foot: the arches
    snap("guided_foot_focus", &mut app);
    app.at(60 + 120 + 5);
    snap("guided_switch", &mut app);
    app.at(60 + 120 + 15 + 120 + 30);
    snap("guided_finish", &mut app);
}

#[test]
fn paused_abandon_question_and_help() {
    let mut app = App::running();
    app.at(75).keys(" ").at(500);
    snap("guided_paused", &mut app);
    app.keys(" ").key(KeyCode::Esc);
    snap("guided_abandon", &mut app);
    app.keys("n").keys("?");
    snap("guided_help", &mut app);
}

#[test]
fn the_abandon_question_shows_every_choice_at_the_minimum_size() {
    let mut app = App::running();
    app.at(75).key(KeyCode::Esc);
    let text = app.render(50, 16);
    // The question's box alone (the hint bar below may show the choices too).
    let boxed: String = text
        .lines()
        .skip_while(|l| !l.contains("Are you sure?"))
        .take_while(|l| !l.contains('└'))
        .collect::<Vec<_>>()
        .join("\n");
    for choice in [
        "y abandon, save nothing",
        "s save what was done",
        "n keep going",
    ] {
        assert!(boxed.contains(choice), "{choice}:\n{text}");
    }
    assert!(boxed.contains("So far: 1 min on your feet."), "{text}");
}

#[test]
fn end_form() {
    let mut app = App::running();
    app.at(10_000);
    snap("guided_end_form", &mut app);
    app.key(KeyCode::Enter);
    snap("guided_end_form_errors", &mut app);
    app.keys("3").key(KeyCode::Enter);
    snap("guided_saved_dashboard", &mut app);
}

#[test]
fn log_form_and_health_form_with_a_caution() {
    let mut app = App::with_health(pregnant());
    app.keys("n");
    snap("log_form_caution", &mut app);
    app.key(KeyCode::Esc).keys("h");
    snap("health_form", &mut app);
}

#[test]
fn guided_screens_render_at_every_size_without_panic() {
    let mut states = Vec::new();
    let mut app = App::running();
    app.at(100);
    states.push(app.state.clone());
    app.key(KeyCode::Esc);
    states.push(app.state.clone());
    let mut app = App::with_health(pregnant());
    app.keys("mn");
    states.push(app.state.clone());
    render::sweep(&states);
}

#[test]
fn a_small_terminal_keeps_the_whole_form_and_a_one_line_caution() {
    let mut app = App::with_health(pregnant());
    app.keys("n");
    for (w, h) in [(60, 20), (50, 16)] {
        let text = app.render(w, h);
        assert!(text.contains("Health caution"), "{w}x{h}:\n{text}");
        for label in ["Tension before", "Minutes", "Areas", "Oil", "Note"] {
            assert!(text.contains(label), "{label} hidden at {w}x{h}:\n{text}");
        }
    }
}

#[test]
fn the_health_reminder_stays_on_screen_while_massaging() {
    let mut app = App::running_with(pregnant());
    app.at(60 + 40);
    let text = app.render(100, 30);
    assert!(text.contains("Focus:"), "{text}");
    assert!(
        text.contains("no strong pressure around the ankles and heels"),
        "{text}"
    );
    for (w, h) in [(60, 20), (50, 16)] {
        let small = app.render(w, h);
        assert!(small.contains("Pregnancy: no strong"), "{w}x{h}:\n{small}");
    }
    let mut plain = App::running();
    plain.at(60 + 40);
    assert!(!plain.render(100, 30).contains("ankles and heels"));
}

#[test]
fn in_pregnancy_the_heels_quarter_asks_for_gentle_pressure_instead() {
    let mut app = App::running_with(pregnant());
    app.at(60 + 70); // the third quarter of the first foot: heels
    let text = app.render(100, 30);
    assert!(
        text.contains("Focus: Around the heels and ankles, gently"),
        "{text}"
    );
    assert!(
        text.contains("no firm pressure here in pregnancy"),
        "{text}"
    );
    let mut plain = App::running();
    plain.at(60 + 70);
    let text = plain.render(100, 30);
    assert!(text.contains("Focus: Heels"), "{text}");
}

#[test]
fn the_health_caution_takes_one_line_once_it_has_been_seen_and_f2_shows_it_whole() {
    let mut app = App::with_health(pregnant());
    app.keys("n");
    let first = app.render(80, 30);
    assert!(
        first.contains("Pregnancy: check with your doctor or midwife"),
        "{first}"
    );
    app.key(KeyCode::Esc);
    assert!(app.state.form.is_none(), "{:?}", app.state.overlays);
    assert!(app.state.caution_seen);
    app.keys("n");
    let again = app.render(80, 30);
    assert!(
        again.contains("Health caution: check with your doctor first (F2 shows it whole)"),
        "{again}"
    );
    assert!(!again.contains("midwife"), "{again}");
    app.key(KeyCode::F(2));
    assert!(app.render(80, 30).contains("midwife"));
    app.key(KeyCode::F(2));
    assert!(!app.render(80, 30).contains("midwife"));
}
