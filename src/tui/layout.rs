//! Where things are on the screen: pure geometry that the views draw by and that `update` asks
//! (where a click landed, how many rows a list shows, how many weeks the chart has), so the two
//! can never disagree. Sizes in, rectangles and counts out; nothing is drawn here.

pub mod detail;
pub mod guide;
pub mod help;
pub mod insights;

use chrono::NaiveDate;
use ratatui::layout::{Margin, Rect};

use crate::domain::WeekSummary;
use crate::tui::data::WEEKS_LOADED;
use crate::tui::state::{AppState, ListView, Screen};

/// Below this width the app shows "terminal too small".
pub const MIN_WIDTH: u16 = 50;
/// Below this height the app shows "terminal too small".
pub const MIN_HEIGHT: u16 = 16;

/// Whether a terminal of `size` is too small for the app: then only the "Terminal too small"
/// screen is drawn, and nothing but quitting (and resizing) may act, since the user cannot see
/// what a key would do.
pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_WIDTH || size.1 < MIN_HEIGHT
}

/// The guide's lines are kept to a readable length on wide terminals.
const MAX_TEXT_WIDTH: u16 = 90;

/// Where the guide's text goes inside the screen body: inside the border, a column of padding
/// each side.
pub fn guide_text(body: Rect) -> Rect {
    let inner = body.inner(Margin::new(2, 1));
    let w = inner.width.min(MAX_TEXT_WIDTH);
    Rect::new(inner.x + (inner.width - w) / 2, inner.y, w, inner.height)
}

/// The screen body for a terminal of `size`: below the tab line, above the status and hint lines
/// (the layout of [`crate::tui::ui::view`]).
pub fn body_for(size: (u16, u16)) -> Rect {
    Rect::new(0, 1, size.0, size.1.saturating_sub(3))
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// The tab line's tabs for a terminal `width` wide: each screen's label and the column it
/// starts at. Padded (` 1 Dashboard `) where they fit so, else tight (`1 Dashboard`, one
/// space apart), so that all five show from 50 columns on.
pub fn tabs(width: u16) -> Vec<(Screen, String, u16)> {
    let lay = |label: fn(Screen) -> String| {
        let mut x = 1u16;
        Screen::ALL
            .iter()
            .map(|&s| {
                let l = label(s);
                let at = x;
                x += u16::try_from(l.chars().count()).unwrap_or(0) + 1;
                (s, l, at)
            })
            .collect::<Vec<_>>()
    };
    let padded = lay(|s| format!(" {} {} ", s.index() + 1, s.title()));
    let end = |t: &[(Screen, String, u16)]| {
        t.last().map_or(0, |(_, l, x)| {
            x + u16::try_from(l.chars().count()).unwrap_or(0)
        })
    };
    if end(&padded) <= width {
        padded
    } else {
        lay(|s| format!("{} {}", s.index() + 1, s.title()))
    }
}

/// The screen whose tab covers column `col` of the first row, in a terminal `width` wide.
pub fn tab_at(col: u16, width: u16) -> Option<Screen> {
    tabs(width).into_iter().find_map(|(s, l, x)| {
        let w = u16::try_from(l.chars().count()).unwrap_or(0);
        (x..x + w).contains(&col).then_some(s)
    })
}

/// The row of the list under screen row `row` of a terminal `size`, for a click: the table sits
/// under the tabs (and the filter line, if shown), its border and header; the view scrolls just
/// far enough to show the selection, so the same arithmetic finds the row.
pub fn row_at(list: &ListView, len: usize, size: (u16, u16), row: u16) -> Option<usize> {
    let first = 3 + filter_rows(list);
    let i = list.offset + usize::from(row.checked_sub(first)?);
    (usize::from(row - first) < rows_shown(list, size) && i < len).then_some(i)
}

/// Rows the filter line takes above a list (shown while typing, with a filter or a week).
pub fn filter_rows(list: &ListView) -> u16 {
    u16::from(list.filtering || !list.filter_text().is_empty() || list.week.is_some())
}

/// How many rows of the list a terminal `size` shows (body less filter line, borders, header).
pub fn rows_shown(list: &ListView, size: (u16, u16)) -> usize {
    let body_h = size.1.saturating_sub(3);
    usize::from(body_h.saturating_sub(filter_rows(list) + 3).max(1))
}

/// Moves `list.offset` just enough that the selected row is shown.
pub fn keep_in_view(list: &mut ListView, size: (u16, u16)) {
    let rows = rows_shown(list, size);
    if list.selected < list.offset {
        list.offset = list.selected;
    } else if list.selected >= list.offset + rows {
        list.offset = list.selected + 1 - rows;
    }
}

/// Columns per week at the least: a 3-wide bar and a gap.
const COL: u16 = 4;
/// Columns per week at the most, when few weeks share a wide chart.
const MAX_COL: u16 = 12;
/// Columns for the y axis (the tension chart below keeps the same, so the two share a time axis).
pub const AXIS: u16 = 3;

/// The fewest weeks that fill a chart `width` wide without bars wider than the widest.
pub fn fewest_weeks(width: u16) -> usize {
    usize::from(width.saturating_sub(2 + AXIS).div_ceil(MAX_COL))
}

/// Columns per week when `weeks` weeks share a chart `width` wide: a short history gets wider
/// bars rather than half a panel of nothing.
pub fn week_width(width: u16, weeks: usize) -> u16 {
    let plot = width.saturating_sub(2 + AXIS);
    let n = u16::try_from(weeks.max(1)).unwrap_or(u16::MAX);
    (plot / n).clamp(COL, MAX_COL)
}

/// How many weeks fit in a chart `width` columns wide (12 at 80 columns, up to a year).
pub fn weeks_that_fit(width: u16) -> usize {
    usize::from(width.saturating_sub(2 + AXIS) / COL).clamp(1, WEEKS_LOADED)
}

/// How many weeks the chart's window holds in a terminal `width` wide: as many as fit, but none
/// before the first session (at least 12 though, and enough to fill the width with bars of the
/// widest kind).
fn window_len(state: &AppState, width: u16) -> usize {
    let fit = weeks_that_fit(width);
    fit.min(history_weeks(state).max(12).max(fewest_weeks(width)))
}

/// Weeks from the first session's week to this one (0 without sessions).
pub fn history_weeks(state: &AppState) -> usize {
    state.data.first_session_date.map_or(0, |d| {
        let first = state.data.week_start.week_of(d);
        usize::try_from((state.data.this_week.week_start - first).num_weeks() + 1).unwrap_or(0)
    })
}

/// How far back the week cursor may go: the whole history (its oldest week is `n - 1` back), or
/// the window when there is less history than it holds.
pub fn cursor_limit(state: &AppState, width: u16) -> usize {
    history_weeks(state).max(window_len(state, width))
}

/// How many weeks the window is scrolled back from the current week: the cursor stays inside
/// it, so moving it past the window's left edge scrolls the chart back through the history.
pub fn scrolled(state: &AppState, width: u16) -> usize {
    let n = window_len(state, width);
    let loaded = state.data.weeks.len();
    state
        .week_cursor
        .saturating_sub(n.saturating_sub(1))
        .min(loaded.saturating_sub(n))
}

/// The weeks the chart shows in a terminal `width` wide, oldest first: [`window_len`] of them,
/// ending with the current week unless the cursor scrolled the window back.
pub fn shown_weeks(state: &AppState, width: u16) -> &[WeekSummary] {
    let n = window_len(state, width);
    let weeks = &state.data.weeks;
    let end = weeks.len().saturating_sub(scrolled(state, width));
    weeks.get(end.saturating_sub(n)..end).unwrap_or(&[])
}

/// How many weeks the chart shows in a terminal `width` wide.
pub fn weeks_shown(state: &AppState, width: u16) -> usize {
    shown_weeks(state, width).len()
}

/// Where the cursor is among [`shown_weeks`] (0 = the oldest shown).
pub fn cursor_index(state: &AppState, width: u16) -> Option<usize> {
    let shown = weeks_shown(state, width);
    let back = state.week_cursor.checked_sub(scrolled(state, width))?;
    shown.checked_sub(1 + back)
}

/// The first day of the week under the chart's cursor, if the chart shows it.
pub fn cursor_week(state: &AppState, width: u16) -> Option<NaiveDate> {
    let i = cursor_index(state, width)?;
    shown_weeks(state, width).get(i).map(|w| w.week_start)
}

/// The dashboard's panels in the screen body: the three header lines, the week chart, the
/// tension chart.
pub fn dashboard_areas(body: Rect) -> [Rect; 3] {
    ratatui::layout::Layout::vertical([
        ratatui::layout::Constraint::Length(3),
        ratatui::layout::Constraint::Fill(11),
        ratatui::layout::Constraint::Fill(8),
    ])
    .areas(body)
}

/// The week of the chart's window a click at `col`, `row` lands on (0 = the oldest shown), for a
/// terminal of `size`.
pub fn chart_week_at(state: &AppState, size: (u16, u16), col: u16, row: u16) -> Option<usize> {
    let [_, chart, _] = dashboard_areas(body_for(size));
    let inner = chart.inner(Margin::new(1, 1));
    if !inner.contains(ratatui::layout::Position::new(col, row)) {
        return None;
    }
    let shown = weeks_shown(state, chart.width);
    let w = week_width(chart.width, shown);
    let i = usize::from(col.checked_sub(inner.x + AXIS)? / w.max(1));
    (i < shown).then_some(i)
}
