//! Leaving a guided session early: abandoning, keeping going, saving what was done.

use std::time::Duration;

use ratatui::crossterm::event::KeyCode;

use super::{App, saved};
use crate::domain::Area;
use crate::tui::guided::model::Phase;

#[test]
fn abandoning_saves_nothing_and_no_means_keep_going() {
    let mut app = App::started(0);
    app.at(20);
    app.key(KeyCode::Esc);
    assert!(app.state.guided.as_ref().is_some_and(|g| g.asking));
    assert!(app.paused(), "the timer stops while asking");
    app.at(500);
    app.keys("n");
    assert!(!app.paused(), "keep going resumes");
    let remaining = |app: &App| {
        let g = app.state.guided.as_ref().expect("guided");
        g.active.as_ref().expect("run").run.remaining(g.now)
    };
    assert_eq!(remaining(&app), Duration::from_secs(40));

    // A paused run stays paused after "keep going".
    app.keys(" ");
    app.key(KeyCode::Esc);
    app.key(KeyCode::Esc);
    assert!(app.paused());

    app.key(KeyCode::Esc);
    let effects = app.keys("").key(KeyCode::Char('y'));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.phase(), None);
    assert_eq!(app.sessions(), 0);
    assert!(app.status().contains("nothing was saved"));
}

#[test]
fn abandoning_can_save_what_was_done() {
    let mut app = App::started(0);
    app.at(90); // prepare done, half-way through the left foot
    app.key(KeyCode::Esc);
    app.keys("s");
    assert_eq!(app.phase(), Some(Phase::End));
    let form = app.state.form.as_ref().expect("end form");
    // 30 s on the left foot (the minute of preparing is not massage): 1 min.
    assert_eq!(form.title, "Save what was done (1 min)");
    app.at(5000); // time at the end form is not massage time
    // Enter without tension after: nothing yet, the field says why.
    assert!(app.key(KeyCode::Enter).is_empty());
    assert!(
        app.state
            .form
            .as_ref()
            .and_then(|f| f.field("tension_after"))
            .is_some_and(|f| f.error.is_some())
    );
    app.keys("5");
    let effects = app.key(KeyCode::Enter);
    let f = saved(&effects);
    assert_eq!(f.minutes, 1);
    assert_eq!(f.areas, vec![Area::Balls, Area::Arches, Area::Heels]);
    assert_eq!(app.sessions(), 1);
}

#[test]
fn esc_on_save_what_was_done_goes_back_to_the_session() {
    let mut app = App::started(0);
    app.at(90);
    app.key(KeyCode::Esc);
    app.keys("s");
    assert_eq!(app.phase(), Some(Phase::End));
    app.at(200); // time at the end form is not massage time
    app.key(KeyCode::Esc);
    assert_eq!(app.phase(), Some(Phase::Running), "back to the session");
    assert!(app.state.form.is_none());
    assert!(!app.state.guided.as_ref().is_some_and(|g| g.asking));
    assert!(!app.paused(), "the timer runs again");
    app.at(210);
    let g = app.state.guided.as_ref().expect("guided");
    let run = &g.active.as_ref().expect("run").run;
    assert_eq!(
        run.remaining(g.now),
        Duration::from_secs(20),
        "only 10 s more ran"
    );
    // The question again, and keep going resumes.
    app.key(KeyCode::Esc);
    assert!(app.paused());
    app.keys("n");
    assert!(!app.paused());
    assert_eq!(app.phase(), Some(Phase::Running));

    // A paused run goes back paused.
    app.keys(" ");
    app.key(KeyCode::Esc);
    app.keys("s");
    app.key(KeyCode::Esc);
    assert_eq!(app.phase(), Some(Phase::Running));
    assert!(app.paused());
}

#[test]
fn esc_on_the_end_form_after_the_last_step_asks_before_abandoning() {
    let mut app = App::started(0);
    app.at(10_000);
    assert_eq!(app.phase(), Some(Phase::End));
    app.key(KeyCode::Esc);
    assert!(app.state.guided.as_ref().is_some_and(|g| g.asking));
    app.keys("n");
    assert_eq!(app.phase(), Some(Phase::End));
    assert!(app.state.form.is_some());
    // Asked on the end form, s saves the form.
    app.keys("5");
    app.key(KeyCode::Esc);
    let effects = app.keys("").key(KeyCode::Char('s'));
    assert_eq!(saved(&effects).tension_after, 5);
}
