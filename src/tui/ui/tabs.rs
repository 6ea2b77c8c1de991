//! The tab line: screen names with their number keys; also the mouse hit test for it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::layout::tabs;
use crate::tui::state::AppState;

/// Draws the tab line.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let mut spans = vec![Span::raw(" ")];
    for (s, label, _) in tabs(area.width) {
        let style = if s == state.screen {
            t.tab_active
        } else {
            t.tab_inactive
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" "));
    }
    let tabs = Line::from(spans);
    let used = tabs.width();
    frame.render_widget(Paragraph::new(tabs), area);
    // The app's name only where it does not cover a tab.
    let name = if state.demo {
        "footlog demo "
    } else {
        "footlog "
    };
    let name = Line::styled(name, t.title).alignment(ratatui::layout::Alignment::Right);
    if usize::from(area.width) >= used + name.width() {
        frame.render_widget(Paragraph::new(name), area);
    }
}
