//! A year of sessions as a calendar heatmap (GitHub style): one column per week, one row per
//! weekday in the configured week order, shaded by sessions that day; under each week its goal
//! outcome (✓ met, ✗ missed, R rest, … this week), marked by symbol as well as colour.

use chrono::{Datelike, Duration};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use super::panel::range;
use super::week_chart::outcome;
use crate::domain::week::week_last_day;
use crate::tui::data::InsightsData;
use crate::tui::theme::Theme;

/// Rows the heatmap takes: border, months, seven weekdays, goal outcomes, border.
pub const HEIGHT: u16 = 11;
/// Columns of the weekday labels.
const LABEL: u16 = 5;

/// The cell of a day with `n` sessions.
fn cell(n: u32, t: &Theme) -> (&'static str, Style) {
    match n {
        0 => ("·", t.muted),
        1 => ("▒", t.bar_met),
        2 => ("▓", t.bar_met),
        _ => ("█", t.bar_met),
    }
}

/// Draws the heatmap of the most recent weeks that fit in `area`.
pub fn render(buf: &mut Buffer, area: Rect, d: &InsightsData, t: &Theme) {
    let inner_w = area.width.saturating_sub(2);
    let room = inner_w.saturating_sub(LABEL);
    let all = d.year.len();
    // Two columns a week (a gap between weeks) when a whole year fits that way, else one.
    let col = if usize::from(room) >= all * 2 { 2 } else { 1 };
    let n = all.min(usize::from(room / col));
    let weeks = &d.year[all - n..];
    let title = match (weeks.first(), weeks.last()) {
        (Some(first), Some(last)) => format!(
            " Sessions per day, weeks {}, {} ",
            d.week_start.span_label(),
            range(first.week_start, week_last_day(last.week_start))
        ),
        _ => " Sessions per day ".to_string(),
    };
    let legend = Line::from(vec![
        Span::styled(" · none ", t.muted),
        Span::styled("▒ 1 ▓ 2 █ 3+ ", t.bar_met),
        Span::styled("│ goal: ", t.muted),
        Span::styled("✓ met ", t.bar_met),
        Span::styled("✗ missed ", t.bar_missed),
        Span::styled("R rest ", t.bar_rest),
        Span::styled("… this week ", t.bar_current),
    ]);
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title, t.title))
        .title_bottom(legend);
    let inner = block.inner(area);
    block.render(area, buf);
    if weeks.is_empty() || inner.height < 9 {
        Paragraph::new("Too narrow for the calendar")
            .style(t.muted)
            .render(inner, buf);
        return;
    }
    let x0 = inner.x + LABEL;
    let x_of = |k: usize| x0 + u16::try_from(k).unwrap_or(0) * col;
    // Month names above the week in which each month starts, where they do not collide.
    let mut free_from = x0;
    for (k, w) in weeks.iter().enumerate() {
        let starts = (0..7)
            .map(|i| w.week_start + Duration::days(i))
            .find(|day| day.day() == 1);
        if let Some(first) = starts {
            let x = x_of(k);
            let name = first.format("%b").to_string();
            if x >= free_from && x + 3 <= inner.right() {
                buf.set_string(x, inner.y, &name, t.muted);
                free_from = x + 4;
            }
        }
    }
    let mut day = d.week_start.weekday();
    for r in 0..7u16 {
        let y = inner.y + 1 + r;
        buf.set_string(inner.x, y, day.to_string(), t.muted);
        for (k, w) in weeks.iter().enumerate() {
            let date = w.week_start + Duration::days(i64::from(r));
            if date > d.today {
                continue;
            }
            let (sym, style) = cell(d.daily.get(&date).copied().unwrap_or(0), t);
            buf.set_string(x_of(k), y, sym, style);
        }
        day = day.succ();
    }
    let y = inner.y + 8;
    buf.set_string(inner.x, y, "Goal", t.muted);
    for (k, w) in weeks.iter().enumerate() {
        let (mark, style) = outcome(w, k + 1 == weeks.len(), t);
        buf.set_string(x_of(k), y, mark, style);
    }
}
