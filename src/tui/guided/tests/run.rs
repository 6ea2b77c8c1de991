//! The timed steps: pausing, skipping, the bell, and the clock under overlays and resizes,
//! through to the saved session..

use ratatui::crossterm::event::KeyCode;

use super::{App, saved};
use crate::domain::guided::{Foot, StepKind};
use crate::domain::{Area, Feet, Tool};
use crate::tui::config::{Config, GuidedConfig};
use crate::tui::event::Event;
use crate::tui::form::FormKind;
use crate::tui::guided::model::Phase;
use crate::tui::msg::Effect;
use crate::tui::state::{Overlay, Screen};

#[test]
fn a_whole_session_with_pause_and_skip_saves_the_active_minutes() {
    let mut app = App::started(1000);
    assert_eq!(app.step(), Some(StepKind::Prepare));
    assert!(
        app.state
            .guided
            .as_ref()
            .is_some_and(crate::tui::guided::model::Guided::ticking)
    );
    app.at(1059);
    assert_eq!(app.step(), Some(StepKind::Prepare));
    app.at(1060);
    assert_eq!(app.step(), Some(StepKind::Foot(Foot::Left)));
    assert_eq!(app.status(), "Now your left foot");

    // Pause 30 s into the left foot: time stands still and is not counted.
    app.at(1090);
    app.keys(" ");
    assert!(app.paused());
    assert!(
        !app.state
            .guided
            .as_ref()
            .is_some_and(crate::tui::guided::model::Guided::ticking)
    );
    app.at(5000);
    assert_eq!(app.step(), Some(StepKind::Foot(Foot::Left)));
    app.keys(" ");
    assert!(!app.paused());

    // Skip the rest of the left foot after 10 more seconds.
    app.at(5010);
    app.key(KeyCode::Right);
    assert_eq!(app.step(), Some(StepKind::Switch));
    assert_eq!(app.status(), "Switch to your right foot");
    app.at(5025);
    assert_eq!(app.step(), Some(StepKind::Foot(Foot::Right)));

    // Far later: right foot and finish run out; the end form opens.
    app.at(9000);
    assert_eq!(app.phase(), Some(Phase::End));
    let form = app.state.form.as_ref().expect("end form");
    assert_eq!(form.kind(), FormKind::GuidedEnd);
    assert!(form.title.contains("2 min"), "{}", form.title);

    // Tension after is required.
    assert!(app.key(KeyCode::Enter).is_empty());
    assert_eq!(app.phase(), Some(Phase::End));
    app.keys("3").tab(1).keys("2").tab(1).keys("lovely");
    let effects = app.key(KeyCode::Enter);
    let f = saved(&effects);
    // On the feet: 30 + 10 left + 60 right = 100 s ≈ 2 min (preparing, switching and
    // finishing are not massage; the pause is not time).
    assert_eq!(f.minutes, 2);
    assert_eq!(f.feet, Feet::Both);
    assert_eq!(f.tool, Tool::Hands);
    assert_eq!((f.tension_before, f.tension_after, f.pain), (7, 3, Some(2)));
    assert_eq!(f.note.as_deref(), Some("lovely"));
    assert_eq!(
        f.areas,
        vec![Area::Balls, Area::Arches, Area::Heels, Area::Toes]
    );
    assert_eq!(f.started_at.to_rfc3339(), "2026-11-23T20:30:00+01:00");

    assert_eq!(app.phase(), None);
    assert!(app.state.form.is_none());
    assert_eq!(app.state.screen, Screen::Dashboard);
    assert_eq!(app.sessions(), 1);
    assert_eq!(app.state.data.this_week.sessions, 1);
}

#[test]
fn a_skip_too_many_does_not_set_a_rating_on_the_end_form() {
    let mut app = App::started(0);
    // Skip preparing, spend 40 s on the left foot, then skip the rest.
    app.key(KeyCode::Right);
    app.at(40);
    let mut presses = 0;
    while app.phase() == Some(Phase::Running) {
        app.key(KeyCode::Right);
        presses += 1;
        assert!(presses < 20, "skipping ends the run");
    }
    assert_eq!(app.phase(), Some(Phase::End));
    // One → too many, and ←: tension after stays unset.
    app.key(KeyCode::Right);
    app.key(KeyCode::Left);
    let rating = |app: &App| match &app.state.form.as_ref().expect("end form").fields {
        crate::tui::form::Fields::GuidedEnd(e) => e.tension_after.input.value,
        other => panic!("not the end form: {other:?}"),
    };
    assert_eq!(rating(&app), None);
    assert!(app.key(KeyCode::Enter).is_empty(), "nothing saved");
    assert_eq!(app.sessions(), 0);
    // Digits set it; then the arrows step it.
    app.keys("4");
    app.key(KeyCode::Right);
    assert_eq!(rating(&app), Some(5));
    assert_eq!(saved(&app.key(KeyCode::Enter)).tension_after, 5);
}

#[test]
fn the_timer_keeps_running_under_help_and_across_resizes() {
    let mut app = App::started(0);
    app.keys("?");
    assert_eq!(app.state.overlays, vec![Overlay::Help]);
    app.send(Event::Resize(100, 30));
    app.at(61);
    assert_eq!(app.step(), Some(StepKind::Foot(Foot::Left)));
    // Space does not pause while help has the keys.
    app.keys(" ");
    assert!(!app.paused());
    app.key(KeyCode::Esc);
    assert!(app.state.overlays.is_empty());
    assert_eq!(app.phase(), Some(Phase::Running));
}

#[test]
fn the_bell_rings_at_step_changes_only_when_configured() {
    let mut quiet = App::started(0);
    assert!(quiet.at(60).is_empty());
    let mut app = App::with_config(Config {
        guided: GuidedConfig { bell: true },
        ..Config::default()
    });
    app.keys("mn").tab(4).keys("6");
    app.key(KeyCode::Enter);
    assert!(app.at(30).is_empty());
    assert_eq!(app.at(60), vec![Effect::Bell]);
    assert_eq!(app.key(KeyCode::Right), vec![Effect::Bell]);
}

#[test]
fn a_run_with_no_time_on_the_feet_saves_nothing() {
    // Every step skipped at once: no massage, so no end form and no session.
    let mut app = App::started(0);
    let mut presses = 0;
    while app.phase() == Some(Phase::Running) {
        app.key(KeyCode::Right);
        presses += 1;
        assert!(presses < 20, "skipping ends the run");
    }
    assert_eq!(app.phase(), None);
    assert_eq!(app.sessions(), 0);
    assert!(
        app.status().contains("nothing was saved"),
        "{}",
        app.status()
    );

    // Abandoned while preparing: "save what was done" has nothing to save.
    let mut app = App::started(0);
    app.at(20);
    app.key(KeyCode::Esc);
    app.keys("s");
    assert_eq!(app.phase(), Some(Phase::Running));
    assert!(app.state.form.is_none());
    assert!(
        app.status().contains("Nothing to save yet"),
        "{}",
        app.status()
    );
    assert_eq!(app.sessions(), 0);
}
