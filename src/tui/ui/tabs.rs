//! The tab line: screen names with their number keys; also the mouse hit test for it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::state::{AppState, Screen};

fn label(s: Screen) -> String {
    format!(" {} {} ", s.index() + 1, s.title())
}

/// The screen whose tab covers column `col` of the first row.
pub fn tab_at(col: u16) -> Option<Screen> {
    let mut x = 1u16;
    for s in Screen::ALL {
        let w = u16::try_from(label(s).chars().count()).unwrap_or(0);
        if (x..x + w).contains(&col) {
            return Some(s);
        }
        x += w + 1;
    }
    None
}

/// Draws the tab line.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let mut spans = vec![Span::raw(" ")];
    for s in Screen::ALL {
        let style = if s == state.screen {
            t.tab_active
        } else {
            t.tab_inactive
        };
        spans.push(Span::styled(label(s), style));
        spans.push(Span::raw(" "));
    }
    let tabs = Line::from(spans);
    let used = tabs.width();
    frame.render_widget(Paragraph::new(tabs), area);
    // The app's name only where it does not cover a tab.
    let name = Line::styled("footlog ", t.title).alignment(ratatui::layout::Alignment::Right);
    if usize::from(area.width) >= used + name.width() {
        frame.render_widget(Paragraph::new(name), area);
    }
}
