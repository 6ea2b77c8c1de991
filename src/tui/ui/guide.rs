//! The Guide screen: `assets/guide.md` rendered as styled text, wrapped to the window, scrollable.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState};

use super::markdown;
use crate::tui::layout::{body_for, guide_text};
use crate::tui::state::AppState;
use crate::tui::theme::Theme;

/// The guide's text, compiled in.
pub const GUIDE: &str = include_str!("../../../assets/guide.md");

/// The guide wrapped for `body`.
fn lines(body: Rect, theme: &Theme) -> Vec<Line<'static>> {
    markdown::render(GUIDE, theme, guide_text(body).width.max(1))
}

/// The furthest the guide scrolls in a terminal of `size`.
pub fn max_scroll(size: (u16, u16)) -> u16 {
    let body = body_for(size);
    let n = lines(body, &Theme::default()).len();
    let shown = usize::from(guide_text(body).height);
    u16::try_from(n.saturating_sub(shown)).unwrap_or(u16::MAX)
}

/// Draws the guide.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let text = lines(area, t);
    let view = guide_text(area);
    let shown = usize::from(view.height);
    let max = text.len().saturating_sub(shown);
    let top = usize::from(state.guide.scroll).min(max);
    let position = if text.len() <= shown {
        " all shown ".to_string()
    } else {
        format!(
            " lines {}–{} of {} ",
            top + 1,
            (top + shown).min(text.len()),
            text.len()
        )
    };
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(" Guide: foot massage ", t.title))
        .title_bottom(Line::styled(position, t.muted).right_aligned());
    frame.render_widget(block, area);
    let visible: Vec<Line<'static>> = text.into_iter().skip(top).take(shown).collect();
    frame.render_widget(Paragraph::new(visible), view);
    if max > 0 && area.height > 2 {
        let mut bar = ScrollbarState::new(max).position(top);
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(None)
                .end_symbol(None)
                .style(t.muted),
            area.inner(Margin::new(0, 1)),
            &mut bar,
        );
    }
}
