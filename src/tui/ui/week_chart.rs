//! Sessions per week as bars, with the goal as a line. Met, missed, rest and the current week
//! differ by colour and by symbol, so the chart reads without colour too.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use crate::domain::WeekSummary;
use crate::tui::layout::{AXIS, week_width};
use crate::tui::state::AppState;
use crate::tui::theme::Theme;

#[derive(Clone, Copy)]
enum Kind {
    Met,
    Missed,
    Rest,
    Current,
    /// Before the first session: nothing was due yet.
    Before,
}

fn kind(w: &WeekSummary, is_current: bool) -> Kind {
    match (w.met, w.rest, is_current) {
        (true, _, _) => Kind::Met,
        (false, true, _) => Kind::Rest,
        (false, false, true) => Kind::Current,
        (false, false, false) if w.before_first => Kind::Before,
        (false, false, false) => Kind::Missed,
    }
}

fn look(k: Kind, t: &Theme) -> (&'static str, &'static str, Style) {
    match k {
        Kind::Met => ("█", "✓", t.bar_met),
        Kind::Missed => ("▒", "✗", t.bar_missed),
        Kind::Rest => ("░", "R", t.bar_rest),
        Kind::Current => ("▓", "…", t.bar_current),
        Kind::Before => (" ", " ", t.muted),
    }
}

/// The goal outcome mark of a week (✓ met, ✗ missed, R rest, … this week) and its style, as the
/// chart draws it under each bar; other charts use it so every week reads the same way.
pub fn outcome(w: &WeekSummary, is_current: bool, t: &Theme) -> (&'static str, Style) {
    let (_, mark, style) = look(kind(w, is_current), t);
    (mark, style)
}

/// Draws the chart of `weeks` (oldest first; the last is the current week).
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, weeks: &[WeekSummary]) {
    let t = &state.theme;
    let title = match (weeks.first(), weeks.last()) {
        (Some(first), Some(_)) => format!(
            " Sessions per week ({}), {} – {} ",
            state.data.week_start.span_label(),
            first.week_start.format("%-d %b"),
            // Whole weeks, as on the Insights screen: the current one ends on its last day.
            crate::domain::week::week_last_day(state.data.this_week.week_start).format("%-d %b")
        ),
        _ => " Sessions per week ".to_string(),
    };
    let legend = Line::from(vec![
        Span::styled(" █ ✓ met ", t.bar_met),
        Span::styled(" ▒ ✗ missed ", t.bar_missed),
        Span::styled(" ░ R rest ", t.bar_rest),
        Span::styled(" ▓ … this week ", t.bar_current),
        Span::styled(" ─ goal ", t.goal_line),
    ]);
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title, t.title))
        .title_bottom(legend);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if weeks.is_empty() {
        frame.render_widget(Paragraph::new("No weeks yet").style(t.muted), inner);
        return;
    }
    let cursor = weeks.len().checked_sub(1 + state.week_cursor);
    let col = week_width(area.width, weeks.len());
    draw_bars(frame.buffer_mut(), inner, weeks, cursor, col, t);
}

fn draw_bars(
    buf: &mut Buffer,
    area: Rect,
    weeks: &[WeekSummary],
    cursor: Option<usize>,
    col: u16,
    t: &Theme,
) {
    // Rows: bars (with counts on top), one row of ✓/✗/R symbols, one row of dates.
    if area.height < 4 || area.width < AXIS + col {
        return;
    }
    let bar_w = usize::from(col - 1);
    // The count, the goal outcome and the cursor sit in the middle of a wide bar.
    let mid = (col - 1) / 2;
    let rows = area.height - 2;
    let max = weeks
        .iter()
        .map(|w| w.sessions.max(u32::from(w.goal)))
        .max()
        .unwrap_or(1)
        .max(1);
    // Leave one row above the tallest bar for its count.
    let scale_rows = u32::from(rows.saturating_sub(1).max(1));
    let height = |v: u32| -> u16 {
        let h = v * scale_rows / max;
        u16::try_from(if v > 0 { h.max(1) } else { 0 }).unwrap_or(0)
    };
    let base = area.y + rows; // the row below the bars
    buf.set_string(area.x, area.y, format!("{max:>2}"), t.muted);
    buf.set_string(area.x, base - 1, " 0", t.muted);
    let last = weeks.len() - 1;
    for (i, w) in weeks.iter().enumerate() {
        let x = area.x + AXIS + u16::try_from(i).unwrap_or(0) * col;
        if x + col > area.x + area.width {
            break;
        }
        let k = kind(w, i == last);
        let (bar, mark, style) = look(k, t);
        let h = height(w.sessions).min(rows);
        for r in 0..h {
            buf.set_string(x, base - 1 - r, bar.repeat(bar_w), style);
        }
        if h < rows {
            let label = if w.sessions > 9 {
                format!("{}", w.sessions)
            } else {
                format!(" {}", w.sessions)
            };
            buf.set_string(x + mid.saturating_sub(1), base - 1 - h, label, style);
        }
        let g = height(u32::from(w.goal)).min(rows);
        if g > 0 {
            let y = base - g;
            // The goal line shows in the gap, and over empty cells of the bar.
            let line_cells = if h >= g { 1 } else { col };
            let start = if h >= g { x + col - 1 } else { x };
            for c in 0..line_cells {
                let cell_x = start + c;
                if buf[(cell_x, y)].symbol().trim().is_empty() {
                    buf[(cell_x, y)].set_symbol("─").set_style(t.goal_line);
                }
            }
        }
        if cursor == Some(i) {
            // The cursor: the week's outcome between brackets, highlighted (colour or not).
            buf.set_string(x + mid - 1, base, format!("[{mark}]"), t.selected);
        } else {
            buf.set_string(x + mid, base, mark, style);
        }
    }
    // Dates every few weeks so labels never collide ("1 Sep" is 5 wide, "22 Jun" 6).
    let step = usize::from(7u16.div_ceil(col)).max(1);
    for (i, w) in weeks.iter().enumerate().rev().step_by(step) {
        let x = area.x + AXIS + u16::try_from(i).unwrap_or(0) * col;
        let label = w.week_start.format("%-d %b").to_string();
        let width = u16::try_from(label.chars().count()).unwrap_or(0);
        if x + width <= area.x + area.width {
            buf.set_string(x, base + 1, label, t.muted);
        }
    }
}
