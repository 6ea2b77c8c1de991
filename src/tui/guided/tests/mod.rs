//! The whole guided flow through `update`, with the monotonic clock driven by hand (no sleeping).

use std::collections::VecDeque;
use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::model::Phase;
use crate::domain::guided::StepKind;
use crate::store::Store;
use crate::tui::config::Config;
use crate::tui::effects::run;
use crate::tui::event::Event;
use crate::tui::msg::{Effect, Incoming};
use crate::tui::state::AppState;
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
        [
            Effect::SaveSession {
                uuid: None, fields, ..
            },
        ] => fields,
        other => panic!("expected one SaveSession, got {other:?}"),
    }
}

mod leaving;
mod run;
mod start;
