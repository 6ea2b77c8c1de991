//! Opening a guided session: the safety check, the setup form and what leaves it, and the
//! health profile that brings cautions to it.

use ratatui::crossterm::event::KeyCode;

use super::App;
use crate::tui::form::FormKind;
use crate::tui::guided::REST_REASON;
use crate::tui::guided::model::Phase;
use crate::tui::msg::Effect;
use crate::tui::state::{Confirm, Overlay, Screen};

#[test]
fn safety_check_yes_advises_to_skip_and_offers_a_rest_week() {
    let mut app = App::new();
    app.keys("m");
    assert_eq!(app.phase(), Some(Phase::Safety));
    app.keys("y");
    assert_eq!(app.phase(), Some(Phase::Advice));
    // Going back saves nothing.
    assert!(app.key(KeyCode::Esc).is_empty());
    assert_eq!(app.phase(), None);
    assert!(app.store.rest_marks().expect("marks").is_empty());

    app.keys("my");
    let effects = app.keys("").key(KeyCode::Char('r'));
    let week = app.state.data.this_week.week_start;
    match effects.as_slice() {
        [Effect::MarkRestWeek { from, mark, .. }] => {
            assert_eq!(*from, week);
            assert_eq!(
                mark.date,
                week + chrono::Duration::days(3),
                "dated mid-week"
            );
            assert_eq!(mark.reason, REST_REASON);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(app.phase(), None);
    assert_eq!(app.state.screen, Screen::Dashboard);
    assert!(
        app.state.data.this_week.rest,
        "the dashboard shows the rest week"
    );
    assert_eq!(app.sessions(), 0);
}

#[test]
fn setup_validates_inline_and_starts_nothing_until_valid() {
    let mut app = App::new();
    app.keys("mn");
    app.key(KeyCode::Enter);
    assert_eq!(app.phase(), Some(Phase::Setup));
    let form = app.state.form.as_ref().expect("form");
    assert!(form.field("tension_before").and_then(|f| f.error).is_some());
    assert!(
        form.field("minutes_per_foot")
            .and_then(|f| f.error)
            .is_none()
    );
    for bad in ["0", "61", "x"] {
        app.state.form = Some(crate::tui::form::open::guided_setup(
            &crate::tui::form::session::Prefill::default(),
        ));
        app.tab(1);
        app.key(KeyCode::Backspace);
        app.key(KeyCode::Backspace);
        app.keys(bad).tab(3).keys("5");
        app.key(KeyCode::Enter);
        assert_eq!(app.phase(), Some(Phase::Setup), "{bad}");
        let f = app.state.form.as_ref().expect("form");
        assert_eq!(f.focused().map(|x| x.key), Some("minutes_per_foot"));
        assert!(f.focused().and_then(|x| x.error).is_some(), "{bad}");
    }
    // Esc on an edited setup asks; yes leaves the guided session too.
    app.key(KeyCode::Esc);
    assert_eq!(app.state.overlays, vec![Overlay::Confirm(Confirm::Discard)]);
    app.keys("y");
    assert_eq!(app.phase(), None);
    assert!(app.state.form.is_none());
}

#[test]
fn m_does_nothing_inside_a_form_and_setup_esc_leaves_quietly() {
    let mut app = App::new();
    app.keys("n");
    app.key(KeyCode::Tab); // a text field would take the m; the rating ignores it
    app.keys("m");
    assert_eq!(app.phase(), None);
    app.key(KeyCode::Esc);
    app.keys("mn");
    app.key(KeyCode::Esc);
    assert_eq!(
        app.phase(),
        None,
        "an untouched setup closes without asking"
    );
    assert!(app.state.form.is_none());
}

#[test]
fn health_profile_is_saved_from_its_form() {
    let mut app = App::new();
    app.keys("h");
    assert_eq!(
        app.state.form.as_ref().map(crate::tui::form::Form::kind),
        Some(FormKind::Health)
    );
    app.tab(2);
    app.key(KeyCode::Right);
    let effects = app.key(KeyCode::Enter);
    match effects.as_slice() {
        [Effect::SaveHealth(p)] => assert!(p.pregnancy && !p.circulation_problems),
        other => panic!("{other:?}"),
    }
    assert!(app.state.form.is_none());
    assert!(app.state.data.health.pregnancy);
    assert!(app.store.health_profile().expect("read").pregnancy);
}
