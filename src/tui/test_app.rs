//! A test harness for `update`: the app's state over an in-memory store, driven by messages and
//! keys as the runtime would (effects run at once), with a fixed clock and no terminal.

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::domain::SessionDraft;
use crate::store::Store;
use crate::tui::config::Config;
use crate::tui::dispatch;
use crate::tui::effects::run;
use crate::tui::form::goals::GoalForm;
use crate::tui::form::session::SessionForm;
use crate::tui::form::sleep::SleepForm;
use crate::tui::form::{Fields, Form};
use crate::tui::msg::{Effect, Msg};
use crate::tui::state::{AppState, Zone};
use crate::tui::theme::Theme;

/// The tests' "now": Monday 23 Nov 2026, 20:30 at +01:00.
pub(crate) fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
}

/// A time written in RFC 3339.
pub(crate) fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("time")
}

/// The app's state and its store.
pub(crate) struct App {
    pub(crate) state: AppState,
    pub(crate) store: Store,
}

impl App {
    /// A fresh app on an empty store, loaded.
    pub(crate) fn new() -> Self {
        Self::with_config(Config::default())
    }

    /// A fresh app with `config` on an empty store, loaded.
    pub(crate) fn with_config(config: Config) -> Self {
        let zone = Zone::Fixed(*now().offset());
        let mut app = App {
            state: AppState::new(config, Theme::default(), zone),
            store: Store::open_in_memory().expect("store"),
        };
        app.reload();
        app
    }

    /// The same app with one more session stored (and reloaded).
    pub(crate) fn with_session(mut self, start: &str, before: i64, after: i64, note: &str) -> Self {
        let mut d = SessionDraft::new(at(start), before, after);
        d.note = Some(note.into());
        let f = d.validate(&now()).expect("valid");
        self.store.insert_session(f, &now()).expect("insert");
        self.reload();
        self
    }

    /// Reads the store again, as the runtime does on start.
    pub(crate) fn reload(&mut self) {
        for m in run(&mut self.store, Effect::Load, &now()) {
            dispatch(&mut self.state, &mut self.store, m, &now());
        }
    }

    /// Applies `msg` and whatever its effects report.
    pub(crate) fn send(&mut self, msg: Msg) -> &mut Self {
        dispatch(&mut self.state, &mut self.store, msg, &now());
        self
    }

    /// Presses `code` without modifiers.
    pub(crate) fn key(&mut self, code: KeyCode) -> &mut Self {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    /// Presses each character of `keys` (a space is the space bar).
    pub(crate) fn keys(&mut self, keys: &str) -> &mut Self {
        for c in keys.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    /// How many sessions the store holds.
    pub(crate) fn sessions(&self) -> usize {
        self.store.sessions(None, None).expect("sessions").len()
    }

    /// The error shown beside the open form's field named `key`.
    pub(crate) fn error_of(&self, key: &str) -> Option<String> {
        self.state
            .form
            .as_ref()?
            .field(key)?
            .error
            .map(String::from)
    }

    /// The open form.
    pub(crate) fn form(&self) -> &Form {
        self.state.form.as_ref().expect("a form is open")
    }

    /// The key of the open form's focused field.
    pub(crate) fn focused_key(&self) -> Option<&'static str> {
        self.state.form.as_ref()?.focused().map(|f| f.key)
    }

    /// The open session form's fields.
    pub(crate) fn session_form(&self) -> &SessionForm {
        match &self.form().fields {
            Fields::Session(s) => s,
            other => panic!("not the session form: {other:?}"),
        }
    }

    /// The open sleep form's fields.
    pub(crate) fn sleep_form(&self) -> &SleepForm {
        match &self.form().fields {
            Fields::Sleep(s) => s,
            other => panic!("not the sleep form: {other:?}"),
        }
    }

    /// The open goal form's fields.
    pub(crate) fn goal_form(&self) -> &GoalForm {
        match &self.form().fields {
            Fields::Goals(g) => g,
            other => panic!("not the goal form: {other:?}"),
        }
    }
}
