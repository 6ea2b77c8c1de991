//! The help overlay: every key of the screen underneath, generated from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

pub use crate::tui::layout::help::described_modes;
use crate::tui::layout::help::{max_scroll, place};
use crate::tui::state::AppState;

/// Draws the help overlay.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let (r, columns, _) = place(state, area);
    let max = max_scroll(state, area);
    let scroll = usize::from(state.help_scroll.min(max));
    frame.render_widget(Clear, r);
    let mut footer = vec![
        Span::styled(" Esc", t.key),
        Span::styled(" close ", t.muted),
    ];
    if max > 0 {
        footer.push(Span::styled(" ↑/↓", t.key));
        footer.push(Span::styled(" scroll ", t.muted));
    }
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(" Keys ", t.title))
        .title_bottom(Line::from(footer));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let n = u32::try_from(columns.len()).unwrap_or(1);
    let areas = Layout::horizontal((0..n).map(|_| Constraint::Ratio(1, n))).split(inner);
    for (col, a) in columns.into_iter().zip(areas.iter()) {
        let shown: Vec<Line> = col.into_iter().skip(scroll).collect();
        frame.render_widget(Paragraph::new(shown), *a);
    }
}
