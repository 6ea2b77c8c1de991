//! Renders the app's view to a `TestBackend` and returns the screen as text, one trimmed line
//! per row: what the snapshot tests compare.

use footlog::tui::state::AppState;
use footlog::tui::ui::view;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The screen of `state` at `w`×`h`.
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
