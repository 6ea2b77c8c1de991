//! The Guide screen's text (`assets/guide.md` as styled lines wrapped to the window) and how far
//! it scrolls.

use ratatui::layout::Rect;
use ratatui::text::Line;

use super::{body_for, guide_text};
use crate::tui::markdown;
use crate::tui::theme::Theme;

/// The guide's text, compiled in.
pub const GUIDE: &str = include_str!("../../../assets/guide.md");

/// The guide wrapped for `body`.
pub fn lines(body: Rect, theme: &Theme) -> Vec<Line<'static>> {
    markdown::render(GUIDE, theme, guide_text(body).width.max(1))
}

/// The furthest the guide scrolls in a terminal of `size`.
pub fn max_scroll(size: (u16, u16)) -> u16 {
    let body = body_for(size);
    let n = lines(body, &Theme::default()).len();
    let shown = usize::from(guide_text(body).height);
    u16::try_from(n.saturating_sub(shown)).unwrap_or(u16::MAX)
}
