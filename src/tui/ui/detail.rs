//! One record shown whole: values wrap under themselves, line breaks in notes are kept, and a
//! record taller than the screen scrolls.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use crate::domain::RecordRef;
use crate::tui::layout::detail::{geometry, lines, max_scroll, rows};
use crate::tui::state::AppState;

/// Draws the record `rec` over `area`.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, rec: RecordRef) {
    let t = &state.theme;
    let (r, _) = geometry(state, rec, area);
    let all = lines(state, rec, r.width.saturating_sub(2), t);
    let scroll = state.detail_scroll.min(max_scroll(state, rec, area));
    frame.render_widget(Clear, r);
    let mut footer = vec![
        Span::styled(" e", t.key),
        Span::styled(" edit  ", t.muted),
        Span::styled("d", t.key),
        Span::styled(" delete  ", t.muted),
    ];
    if max_scroll(state, rec, area) > 0 {
        footer.push(Span::styled("↑/↓", t.key));
        footer.push(Span::styled(" scroll  ", t.muted));
    }
    footer.push(Span::styled("Esc", t.key));
    footer.push(Span::styled(" close ", t.muted));
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(rows(state, rec).0, t.title))
        .title_bottom(Line::from(footer));
    let shown: Vec<Line> = all.into_iter().skip(usize::from(scroll)).collect();
    frame.render_widget(Paragraph::new(shown).block(block), r);
}
