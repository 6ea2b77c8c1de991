//! The Insights screen's panels (its sections, the relief chart, the heatmap): a bordered box
//! with the dates it covers at the bottom.

use chrono::{Datelike, NaiveDate};
use ratatui::text::{Line, Span};
use ratatui::widgets::Block;

use crate::tui::theme::Theme;

/// "1 Sep – 29 Nov 2026", or "1 Dec 2025 – 29 Nov 2026" across a new year.
pub fn range(from: NaiveDate, to: NaiveDate) -> String {
    let first = if from.year() == to.year() {
        from.format("%-d %b")
    } else {
        from.format("%-d %b %Y")
    };
    format!("{first} – {}", to.format("%-d %b %Y"))
}

/// A bordered box titled `title`, with the dates it covers at the bottom.
pub fn frame_box(title: &str, period: &str, t: &Theme) -> Block<'static> {
    Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title.to_string(), t.title))
        .title_bottom(Line::styled(format!(" {period} "), t.muted).right_aligned())
}
