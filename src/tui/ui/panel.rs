//! The Insights screen's panels (its sections, the relief chart, the heatmap): a bordered box
//! with the dates it covers at the bottom.

use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::tui::theme::Theme;

/// A bordered box titled `title`, with the dates it covers at the bottom.
pub fn frame_box(title: &str, period: &str, t: &Theme) -> Block<'static> {
    Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title.to_string(), t.title))
        .title_bottom(Line::styled(format!(" {period} "), t.muted).right_aligned())
}
