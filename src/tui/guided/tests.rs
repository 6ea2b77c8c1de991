//! The whole guided flow through `update`, with the monotonic clock driven by hand (no sleeping).

use std::collections::VecDeque;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Phase, REST_REASON};
use crate::domain::guided::{Foot, StepKind};
use crate::domain::{Area, Feet, Tool};
use crate::store::Store;
use crate::tui::config::{Config, GuidedConfig};
use crate::tui::effects::run;
use crate::tui::event::Event;
use crate::tui::form::FormKind;
use crate::tui::msg::Effect;
use crate::tui::msg::Incoming;
use crate::tui::state::{AppState, Confirm, Overlay, Screen};
use crate::tui::theme::Theme;
use crate::tui::update::update;
use crate::tui::zone::Zone;

fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T20:30:42+01:00").expect("time")
}

struct App {
    state: AppState,
    store: Store,
}

impl App {
    fn new() -> Self {
        Self::with_config(Config::default())
    }

    fn with_config(config: Config) -> Self {
        let mut app = App {
            state: AppState::new(config, Theme::default(), Zone::Fixed(*now().offset())),
            store: Store::open_in_memory().expect("store"),
        };
        app.send(Event::Tick);
        app
    }

    /// Applies `msg` and what its effects report; returns every effect asked for.
    fn send(&mut self, msg: impl Into<Incoming>) -> Vec<Effect> {
        let mut seen = Vec::new();
        let mut queue = VecDeque::from([msg.into()]);
        while let Some(m) = queue.pop_front() {
            for e in update(&mut self.state, m, &now()) {
                seen.push(e.clone());
                queue.extend(
                    run(&mut self.store, e, &now())
                        .into_iter()
                        .map(Incoming::from),
                );
            }
        }
        seen.retain(|e| *e != Effect::Load);
        seen
    }

    fn key(&mut self, code: KeyCode) -> Vec<Effect> {
        self.send(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn keys(&mut self, keys: &str) -> &mut Self {
        for c in keys.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    fn tab(&mut self, n: usize) -> &mut Self {
        for _ in 0..n {
            self.key(KeyCode::Tab);
        }
        self
    }

    /// The monotonic clock reads `secs`.
    fn at(&mut self, secs: u64) -> Vec<Effect> {
        self.send(Event::Clock(Duration::from_secs(secs)))
    }

    fn phase(&self) -> Option<Phase> {
        self.state.guided.as_ref().map(|g| g.phase)
    }

    fn step(&self) -> Option<StepKind> {
        let a = self.state.guided.as_ref()?.active.as_ref()?;
        (!a.run.is_finished()).then(|| a.run.step().kind)
    }

    fn paused(&self) -> bool {
        self.state
            .guided
            .as_ref()
            .and_then(|g| g.active.as_ref())
            .is_some_and(|a| a.run.is_paused())
    }

    fn sessions(&self) -> usize {
        self.store.sessions(None, None).expect("sessions").len()
    }

    fn status(&self) -> String {
        self.state
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    /// m, "no injury", 1 minute per foot, tension before 7, started at monotonic `t0`.
    fn started(t0: u64) -> Self {
        let mut app = App::new();
        app.keys("m");
        app.at(t0);
        app.keys("n");
        assert_eq!(app.phase(), Some(Phase::Setup));
        app.tab(1);
        app.key(KeyCode::Backspace);
        app.key(KeyCode::Backspace);
        app.keys("1").tab(3).keys("7");
        assert!(app.key(KeyCode::Enter).is_empty());
        assert_eq!(app.phase(), Some(Phase::Running), "{:?}", app.state.form);
        app
    }
}

fn saved(effects: &[Effect]) -> &crate::domain::SessionFields {
    match effects {
        [Effect::SaveSession { uuid: None, fields }] => fields,
        other => panic!("expected one SaveSession, got {other:?}"),
    }
}

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
        app.state.form = Some(crate::tui::form::guided_setup::setup_form(
            &Default::default(),
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
fn a_whole_session_with_pause_and_skip_saves_the_active_minutes() {
    let mut app = App::started(1000);
    assert_eq!(app.step(), Some(StepKind::Prepare));
    assert!(app.state.guided.as_ref().is_some_and(|g| g.ticking()));
    app.at(1059);
    assert_eq!(app.step(), Some(StepKind::Prepare));
    app.at(1060);
    assert_eq!(app.step(), Some(StepKind::Foot(Foot::Left)));
    assert_eq!(app.status(), "Now your left foot");

    // Pause 30 s into the left foot: time stands still and is not counted.
    app.at(1090);
    app.keys(" ");
    assert!(app.paused());
    assert!(!app.state.guided.as_ref().is_some_and(|g| g.ticking()));
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
    assert!(form.title.contains("4 min"), "{}", form.title);

    // Tension after is required.
    assert!(app.key(KeyCode::Enter).is_empty());
    assert_eq!(app.phase(), Some(Phase::End));
    app.keys("3").tab(1).keys("2").tab(1).keys("lovely");
    let effects = app.key(KeyCode::Enter);
    let f = saved(&effects);
    // 60 prepare + 30 + 10 left + 15 switch + 60 right + 60 finish = 235 s ≈ 4 min.
    assert_eq!(f.minutes, 4);
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
    assert_eq!(form.title, "Save what was done (2 min)");
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
    assert_eq!(f.minutes, 2);
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
