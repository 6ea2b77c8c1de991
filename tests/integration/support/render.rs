//! The app driven without a terminal for the render tests: a fixed clock, key presses through
//! the real `dispatch`, and the view drawn to a `TestBackend` and returned as text.

use chrono::{DateTime, FixedOffset};
use footlog::store::Store;
use footlog::tui::config::Config;
use footlog::tui::dispatch;
use footlog::tui::effects::run;
use footlog::tui::event::Event;
use footlog::tui::msg::Effect;
use footlog::tui::msg::Incoming;
use footlog::tui::state::AppState;
use footlog::tui::theme::Theme;
use footlog::tui::ui::{MIN_HEIGHT, MIN_WIDTH, view};
use footlog::tui::zone::Zone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
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
    pub fn send(&mut self, msg: impl Into<Incoming>) -> &mut Self {
        dispatch(&mut self.state, &mut self.store, msg, &now());
        self
    }

    /// Presses `code`.
    pub fn key(&mut self, code: KeyCode) -> &mut Self {
        self.send(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
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
        self.send(Event::Resize(w, h));
        screen(&self.state, w, h)
    }
}

/// The screen of `state` at `w`×`h`, one trimmed line per row.
pub fn screen(state: &AppState, w: u16, h: u16) -> String {
    text(&cells(state, w, h))
}

/// The screen of `state` at `w`×`h`, every cell with its style.
pub fn cells(state: &AppState, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| view(f, state)).expect("draw");
    terminal.backend().buffer().clone()
}

/// `buf` as text, one trimmed line per row.
fn text(buf: &Buffer) -> String {
    let mut out = String::new();
    for y in buf.area.top()..buf.area.bottom() {
        let mut line = String::new();
        for x in buf.area.left()..buf.area.right() {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The sizes the every-size tests draw, out of every size from 0x0 to 160x50 (8,211 of them, too
/// many to draw for every state in each test run): every size within two of the minimums (both
/// sides of "terminal too small"), the tiny ones (0 to 2 wide or high), every width at 24 high and
/// every height at 80 wide, the usual sizes and their neighbours, and a seeded (so reproducible)
/// sample of the rest. Sorted, no size twice.
pub fn sweep_sizes() -> Vec<(u16, u16)> {
    const W: u16 = 160;
    const H: u16 = 50;
    const SAMPLED: usize = 400;
    let mut sizes = std::collections::BTreeSet::new();
    for w in 0..=W {
        for h in 0..=H {
            let near_min = MIN_WIDTH.abs_diff(w) <= 2 || MIN_HEIGHT.abs_diff(h) <= 2;
            let tiny = w <= 2 || h <= 2;
            let usual = h == 24
                || w == 80
                || [(100, 30), (120, 40), (132, 43), (W, H)]
                    .iter()
                    .any(|&(uw, uh)| uw.abs_diff(w) <= 1 && uh.abs_diff(h) <= 1);
            if near_min || tiny || usual {
                sizes.insert((w, h));
            }
        }
    }
    let fixed = sizes.len();
    // splitmix64 with a fixed seed: the same sample on every run and machine.
    let mut seed: u64 = 0x00F0_071A_2026;
    let mut next = move || {
        seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = seed;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    while sizes.len() < fixed + SAMPLED {
        let w = u16::try_from(next() % (u64::from(W) + 1)).expect("w");
        let h = u16::try_from(next() % (u64::from(H) + 1)).expect("h");
        sizes.insert((w, h));
    }
    sizes.into_iter().collect()
}

/// Draws each of `states` at every size of [`sweep_sizes`] and checks each frame: the view does
/// not panic; below the minimums it shows only "terminal too small" with the frame's own size
/// (every cell outside the message's rows blank, and in them only the message's words); from the minimums up the tab line (first row) and the
/// hint bar (last row) are those of the same state at 160x50, cut to the width, so nothing the
/// body draws (forms, overlays, the guided session) spills over them.
pub fn sweep(states: &[AppState]) {
    let full: Vec<(String, String)> = states
        .iter()
        .map(|s| {
            let text = screen(s, 160, 50);
            let first = text.lines().next().expect("tab line").to_string();
            let last = text.lines().last().expect("hint bar").to_string();
            let tabs = first
                .strip_suffix("footlog")
                .expect("the name at 160 wide")
                .trim_end()
                .to_string();
            (tabs, last)
        })
        .collect();
    for (w, h) in sweep_sizes() {
        for (s, (tabs, hints)) in states.iter().zip(&full) {
            let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
            let done = terminal.draw(|f| view(f, s)).expect("draw");
            let text = text(done.buffer);
            let rows: Vec<&str> = text.lines().collect();
            if w < MIN_WIDTH || h < MIN_HEIGHT {
                // The message is three lines, centred in as many rows as there are (at most
                // three); wrapped, its rows hold pieces of its words and nothing else.
                let shown = usize::from(h.min(3));
                let top = (usize::from(h) - shown) / 2;
                let message = format!(
                    "Terminal too small {w}×{h}: need at least {MIN_WIDTH}×{MIN_HEIGHT} q quits"
                );
                for (y, row) in rows.iter().enumerate() {
                    if (top..top + shown).contains(&y) {
                        for word in row.split_whitespace() {
                            assert!(
                                message.contains(word),
                                "{w}x{h}: {word:?} on row {y} is not the message's:\n{text}"
                            );
                        }
                    } else {
                        assert!(row.trim().is_empty(), "{w}x{h}: row {y} not blank:\n{text}");
                    }
                }
                if w >= 24 && h >= 3 {
                    assert!(text.contains("Terminal too small"), "{w}x{h}:\n{text}");
                }
                if w >= 27 && h >= 3 {
                    let size = format!("{w}×{h}: need at least {MIN_WIDTH}×{MIN_HEIGHT}");
                    assert!(text.contains(&size), "{w}x{h}:\n{text}");
                }
                continue;
            }
            // Every tab shows, in order, at every size the app draws (tight below the padded
            // line's width); the app's name only where it covers none of them.
            let first = rows.first().copied().unwrap_or_default();
            let mut from = 0;
            for (i, s) in footlog::tui::state::Screen::ALL.iter().enumerate() {
                let label = format!("{} {}", i + 1, s.title());
                let at = first
                    .get(from..)
                    .and_then(|rest| rest.find(&label))
                    .unwrap_or_else(|| panic!("{w}x{h}: tab {label:?} missing:\n{text}"));
                from += at + label.len();
            }
            let tail = first.get(from..).unwrap_or_default().trim();
            assert!(
                tail.is_empty() || tail == "footlog" || tail == "footlog demo",
                "{w}x{h}: {tail:?} after the tabs:\n{text}"
            );
            assert!(
                tabs.starts_with(' ') && first.starts_with(' '),
                "{w}x{h}:\n{text}"
            );
            let last = rows.last().copied().unwrap_or_default();
            assert!(
                hints.starts_with(last) && !last.trim().is_empty(),
                "{w}x{h}: the hint bar is {last:?}, not a start of {hints:?}:\n{text}"
            );
        }
    }
}
