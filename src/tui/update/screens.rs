//! Switching screens, and the screens that only show text (Insights, Guide): scrolling within
//! it and taking freshly read insights.

use crate::tui::data::InsightsData;
use crate::tui::state::{AppState, Screen};
use crate::tui::ui;

/// Scrolls the Insights or Guide screen by `delta` rows, within its text. Returns false on other
/// screens, which move their selection instead.
pub fn scroll(state: &mut AppState, delta: i64) -> bool {
    let (max, pos) = match state.screen {
        Screen::Insights => (ui::insights::max_scroll(state), &mut state.insights.scroll),
        Screen::Guide => (ui::guide::max_scroll(state.size), &mut state.guide.scroll),
        _ => return false,
    };
    // Start from what is shown: after a resize the stored position may be past the end.
    let cur = i64::from((*pos).min(max));
    let next = cur.saturating_add(delta).clamp(0, i64::from(max));
    *pos = u16::try_from(next).unwrap_or(0);
    true
}

/// Takes freshly read insights, unless the user has since chosen another period.
pub fn loaded(state: &mut AppState, data: Box<InsightsData>) {
    if data.period == state.insights.period {
        let before = state.insights.data.as_ref().map(|d| d.damaged);
        if data.damaged > 0 && before != Some(data.damaged) {
            state.error(crate::domain::damaged::hidden_warning(data.damaged));
        }
        state.insights.data = Some(data);
    }
}

#[cfg(test)]
#[path = "screens_tests.rs"]
mod tests;
