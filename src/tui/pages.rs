//! The read-only screens, Insights and Guide: what they remember (period, scroll position,
//! loaded insights) and their pure state changes.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::state::{AppState, Screen};
use super::ui::{guide, insights};
use crate::domain::insights::Insights;
use crate::domain::{WeekStart, WeekSummary};

/// Weeks shown by the heatmap calendar: a year.
pub const HEATMAP_WEEKS: usize = 52;

/// How far back the Insights screen looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// The last 12 weeks (about a quarter).
    #[default]
    Weeks12,
    /// The last 26 weeks (about half a year).
    Weeks26,
    /// The last 52 weeks (a year).
    Weeks52,
}

impl Period {
    /// The number of weeks, the current one included.
    pub fn weeks(self) -> u32 {
        match self {
            Period::Weeks12 => 12,
            Period::Weeks26 => 26,
            Period::Weeks52 => 52,
        }
    }

    /// The next period in the cycle 12 → 26 → 52 → 12.
    pub fn next(self) -> Self {
        match self {
            Period::Weeks12 => Period::Weeks26,
            Period::Weeks26 => Period::Weeks52,
            Period::Weeks52 => Period::Weeks12,
        }
    }
}

/// What the Insights screen shows, read by an effect.
#[derive(Debug, Clone, PartialEq)]
pub struct InsightsData {
    /// The period the insights cover.
    pub period: Period,
    /// The date the data was read for.
    pub today: NaiveDate,
    /// First day of the week.
    pub week_start: WeekStart,
    /// Relief, sleep and habits over the period.
    pub insights: Insights,
    /// The heatmap's weeks with their goal outcome, oldest first, ending with the current week.
    pub year: Vec<WeekSummary>,
    /// Sessions per local date over the heatmap's weeks (days without sessions are absent).
    pub daily: BTreeMap<NaiveDate, u32>,
    /// Records of the period left out because they cannot be read.
    pub damaged: usize,
}

/// The Insights screen's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InsightsView {
    /// The period chosen.
    pub period: Period,
    /// Rows scrolled down (small terminals).
    pub scroll: u16,
    /// The last data read for `period`.
    pub data: Option<Box<InsightsData>>,
}

/// The Guide screen's state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GuideView {
    /// Lines scrolled down.
    pub scroll: u16,
}

/// Scrolls the Insights or Guide screen by `delta` rows, within its text. Returns false on other
/// screens, which move their selection instead.
pub fn scroll(state: &mut AppState, delta: i64) -> bool {
    let (max, pos) = match state.screen {
        Screen::Insights => (insights::max_scroll(state), &mut state.insights.scroll),
        Screen::Guide => (guide::max_scroll(state.size), &mut state.guide.scroll),
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
#[path = "pages_tests.rs"]
mod tests;
