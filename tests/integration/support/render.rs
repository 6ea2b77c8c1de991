//! The app driven without a terminal for the render tests: a fixed clock, key presses through
//! the real `dispatch`, and the view drawn to a `TestBackend` and returned as text.

use chrono::{DateTime, FixedOffset};
use footlog::store::Store;
use footlog::tui::config::Config;
use footlog::tui::effects::{dispatch, run};
use footlog::tui::msg::{Effect, Msg};
use footlog::tui::state::{AppState, Zone};
use footlog::tui::theme::Theme;
use footlog::tui::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// The fixed clock of every render test: Monday 23 November 2026, 20:30 at +01:00.
pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
}

/// The app's state over a store, loaded as at start-up.
pub struct App {
    pub state: AppState,
    pub store: Store,
}

impl App {
    /// The app on `store` with the default config.
    pub fn new(store: Store) -> Self {
        Self::with_config(store, Config::default())
    }

    /// The app on `store` with `config`.
    pub fn with_config(store: Store, config: Config) -> Self {
        let zone = Zone::Fixed(*now().offset());
        let mut app = App {
            state: AppState::new(config, Theme::default(), zone),
            store,
        };
        for m in run(&mut app.store, Effect::Load, &now()) {
            dispatch(&mut app.state, &mut app.store, m, &now());
        }
        app
    }

    /// Applies `msg` and everything it leads to.
    pub fn send(&mut self, msg: Msg) -> &mut Self {
        dispatch(&mut self.state, &mut self.store, msg, &now());
        self
    }

    /// Presses `code`.
    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.send(Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    /// Types each character of `keys`.
    pub fn keys(&mut self, keys: &str) -> &mut Self {
        for c in keys.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    /// Resizes to `w`×`h` and returns the screen.
    pub fn render(&mut self, w: u16, h: u16) -> String {
        self.send(Msg::Resize(w, h));
        screen(&self.state, w, h)
    }
}

/// The screen of `state` at `w`×`h`, one trimmed line per row.
pub fn screen(state: &AppState, w: u16, h: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| view(f, state)).expect("draw");
    let buf = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
