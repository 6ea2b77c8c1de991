//! Sessions per week as bars, with the goal as a line. Met, missed, rest and the current week
//! differ by colour and by symbol, so the chart reads without colour too.

use chrono::Datelike;
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
        (Some(first), Some(last)) => {
            // Whole weeks, as on the Insights screen: the last one ends on its last day. The
            // year is named once the chart is scrolled back (or spans a new year).
            let end = crate::domain::week::week_last_day(last.week_start);
            let span = if last.week_start == state.data.this_week.week_start
                && first.week_start.year() == end.year()
            {
                format!(
                    "{} – {}",
                    first.week_start.format("%-d %b"),
                    end.format("%-d %b")
                )
            } else {
                crate::tui::text::range(first.week_start, end)
            };
            format!(
                " Sessions per week ({}), {span} ",
                state.data.week_start.span_label(),
            )
        }
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
    let cursor = crate::tui::layout::cursor_index(state, area.width);
    let col = week_width(area.width, weeks.len());
    let current = state.data.this_week.week_start;
    draw_bars(frame.buffer_mut(), inner, weeks, current, cursor, col, t);
}

/// Eighths of a cell per session, and the rows a count of `v` sessions fills, for bars `rows`
/// rows high at most whose tallest value is `max`. Where a session gets a row or more, each gets
/// whole rows (levels then fall on row edges); where rows are few, eighths of a row (the partial
/// blocks ▁ … ▇ top a bar, as ratatui's `BarChart` does), so 1 and 2 never look the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scale {
    eighths_per_session: u32,
    /// The rows bars may fill: a week too big for them is cut at the top (its count still
    /// shows above it).
    rows: u32,
}

impl Scale {
    fn new(rows: u16, max: u32) -> Self {
        let per = 8 * u32::from(rows.max(1)) / max.max(1);
        let per = if per >= 8 { per / 8 * 8 } else { per.max(1) };
        Scale {
            eighths_per_session: per,
            rows: u32::from(rows.max(1)),
        }
    }

    /// How high `v` sessions reach, in eighths of a row (at most the rows bars may fill).
    fn level(self, v: u32) -> u32 {
        v.saturating_mul(self.eighths_per_session)
            .min(self.rows * 8)
    }

    /// The goal line's glyph for a goal of `goal`: where each session takes whole rows the line
    /// tops its row (─, as ever); where rows are few, a line at the height of the goal within
    /// its row (⎽ low … ⎺ high), so a week that met a low goal reaches its line.
    fn line_glyph(self, goal: u32) -> &'static str {
        if self.eighths_per_session >= 8 {
            return "─";
        }
        match self.level(goal).checked_sub(1).map(|l| l % 8 + 1) {
            Some(1 | 2) => "⎽",
            Some(3) => "⎼",
            Some(4 | 5) => "─",
            Some(6) => "⎻",
            _ => "⎺",
        }
    }

    /// The row (0 = the bottom one) holding the top of a bar `v` high; `None` for 0.
    fn top_row(self, v: u32) -> Option<u32> {
        self.level(v).checked_sub(1).map(|l| l / 8)
    }

    /// How high a bar of `sessions` is drawn under a goal of `goal`: in proportion, except that
    /// a bar below the goal never reaches the goal line's row (it stops at the row's lower edge,
    /// where that row is not the bottom one), so "below the goal" always reads as below.
    fn bar_level(self, sessions: u32, goal: u32) -> u32 {
        let level = self.level(sessions);
        match self.top_row(goal) {
            Some(line) if sessions < goal && line > 0 => level.min(line * 8),
            _ => level,
        }
    }
}

/// The partial blocks topping a bar, by eighths (1–7).
const EIGHTHS: [&str; 8] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇"];

/// Draws the bars of `weeks`; the week starting on `current` is this week (when the chart is
/// scrolled back it is not shown, and the last week shown is an ordinary one).
fn draw_bars(
    buf: &mut Buffer,
    area: Rect,
    weeks: &[WeekSummary],
    current: chrono::NaiveDate,
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
    let scale = Scale::new(rows.saturating_sub(1).max(1), max);
    let base = area.y + rows; // the row below the bars
    let row_y = |r: u32| -> Option<u16> {
        let r = u16::try_from(r).ok().filter(|r| *r < rows)?;
        Some(base - 1 - r)
    };
    // The axis names the tallest value and the goal where their lines are (not a "0" beside
    // the bottom row, which a goal line there would seem to sit at).
    let goal_now = weeks.last().map_or(0, |w| u32::from(w.goal));
    let goal_line_y = scale.top_row(goal_now).and_then(row_y);
    if let Some(y) = scale
        .top_row(max)
        .and_then(row_y)
        .filter(|y| Some(*y) != goal_line_y)
    {
        buf.set_string(area.x, y, format!("{max:>2}"), t.muted);
    }
    if let Some(y) = goal_line_y {
        buf.set_string(area.x, y, format!("{goal_now:>2}"), t.goal_line);
    }
    for (i, w) in weeks.iter().enumerate() {
        let x = area.x + AXIS + u16::try_from(i).unwrap_or(0) * col;
        if x + col > area.x + area.width {
            break;
        }
        let k = kind(w, w.week_start == current);
        let (bar, mark, style) = look(k, t);
        let goal = u32::from(w.goal);
        let level = scale.bar_level(w.sessions, goal);
        let (full, part) = (level / 8, level % 8);
        for r in 0..full {
            if let Some(y) = row_y(r) {
                buf.set_string(x, y, bar.repeat(bar_w), style);
            }
        }
        let mut top = full;
        if part > 0 {
            if let (Some(y), Some(block)) = (row_y(full), EIGHTHS.get(part as usize)) {
                buf.set_string(x, y, block.repeat(bar_w), style);
            }
            top += 1;
        }
        if let Some(y) = row_y(top) {
            let label = if w.sessions > 9 {
                format!("{}", w.sessions)
            } else {
                format!(" {}", w.sessions)
            };
            buf.set_string(x + mid.saturating_sub(1), y, label, style);
        }
        if let Some(y) = scale.top_row(goal).and_then(row_y) {
            // The goal line shows in the gap beside the bar, and over empty cells of the bar.
            for c in 0..col {
                let cell = &mut buf[(x + c, y)];
                if cell.symbol().trim().is_empty() {
                    cell.set_symbol(scale.line_glyph(goal))
                        .set_style(t.goal_line);
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

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate};
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;

    use super::draw_bars;
    use crate::domain::WeekSummary;
    use crate::tui::layout::{AXIS, week_width, weeks_that_fit};
    use crate::tui::theme::Theme;

    /// Weeks with known counts under goals that change mid-chart (1, then 2, then 3).
    fn weeks() -> Vec<WeekSummary> {
        let counts_goals = [
            (0, 1),
            (1, 1),
            (2, 1),
            (1, 2),
            (2, 2),
            (3, 2),
            (0, 2),
            (1, 3),
            (2, 3),
            (3, 3),
            (5, 3),
            (1, 3),
        ];
        let first = NaiveDate::from_ymd_opt(2026, 9, 7).expect("date");
        counts_goals
            .iter()
            .enumerate()
            .map(|(i, &(sessions, goal))| {
                let mut w =
                    WeekSummary::empty(first + Duration::weeks(i64::try_from(i).expect("small")));
                w.sessions = sessions;
                w.goal = goal;
                w.met = sessions >= u32::from(goal);
                w
            })
            .collect()
    }

    /// What one week's column shows: its bar's height in eighths of a row, and the row (0 at the
    /// bottom) of the goal line in the gap beside it.
    #[derive(Debug)]
    struct Column {
        sessions: u32,
        goal: u32,
        eighths: u32,
        line_row: Option<u32>,
    }

    fn eighths_of(symbol: &str) -> Option<u32> {
        match symbol {
            "█" | "▒" | "░" | "▓" => Some(8),
            "▁" => Some(1),
            "▂" => Some(2),
            "▃" => Some(3),
            "▄" => Some(4),
            "▅" => Some(5),
            "▆" => Some(6),
            "▇" => Some(7),
            _ => None,
        }
    }

    /// Draws the chart into a `w`×`h` area and reads each week's column back from the cells.
    fn read(w: u16, h: u16) -> Vec<Column> {
        // As many of the latest weeks as fit, as the dashboard shows them.
        let all = weeks();
        let fit = weeks_that_fit(w + 2).min(all.len());
        let weeks = &all[all.len() - fit..];
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        let col = week_width(w + 2, weeks.len());
        let current = weeks.last().expect("weeks").week_start;
        draw_bars(&mut buf, area, weeks, current, None, col, &Theme::default());
        let rows = h - 2;
        let base = rows; // the row below the bars
        weeks
            .iter()
            .enumerate()
            .map(|(i, wk)| {
                let x = AXIS + u16::try_from(i).expect("small") * col;
                let mut eighths = 0;
                for r in 0..rows {
                    match eighths_of(buf[(x, base - 1 - r)].symbol()) {
                        Some(e) => {
                            eighths += e;
                            // Every cell of the bar's width shows the same.
                            for c in 1..col - 1 {
                                assert_eq!(
                                    eighths_of(buf[(x + c, base - 1 - r)].symbol()),
                                    Some(e),
                                    "{w}×{h}, week {i}, row {r}"
                                );
                            }
                            if e < 8 {
                                break;
                            }
                        }
                        None => break,
                    }
                }
                let gap = x + col - 1;
                let line_row = (0..rows)
                    .find(|r| {
                        ["─", "⎽", "⎼", "⎻", "⎺"].contains(&buf[(gap, base - 1 - r)].symbol())
                    })
                    .map(u32::from);
                Column {
                    sessions: wk.sessions,
                    goal: u32::from(wk.goal),
                    eighths,
                    line_row,
                }
            })
            .collect()
    }

    /// The row holding the top eighth of a bar `eighths` high.
    fn top_row(eighths: u32) -> Option<u32> {
        eighths.checked_sub(1).map(|e| e / 8)
    }

    #[test]
    fn bars_are_in_proportion_and_sit_on_the_right_side_of_the_goal_line_at_every_size() {
        // Chart areas of the dashboard from 50×16 (1–2 bar rows) up to 250×80.
        for (w, h) in [
            (48, 4),
            (48, 5),
            (78, 7),
            (78, 9),
            (98, 12),
            (198, 20),
            (248, 40),
        ] {
            let cols = read(w, h);
            let rows = u32::from(h - 2);
            for c in &cols {
                assert_eq!(c.eighths == 0, c.sessions == 0, "{w}×{h}: {c:?}");
                let line = c
                    .line_row
                    .unwrap_or_else(|| panic!("{w}×{h}: no goal line: {c:?}"));
                let top = top_row(c.eighths);
                if c.sessions >= c.goal {
                    // At or above the goal: the bar reaches the goal line's row, or crosses it.
                    assert!(top.is_some_and(|t| t >= line), "{w}×{h}: {c:?}");
                } else if line > 0 {
                    // Below it: the bar stays in the rows under the line.
                    assert!(top.is_none_or(|t| t < line), "{w}×{h}: {c:?}");
                }
                assert!(line < rows, "{w}×{h}");
            }
            // The line sits at the goal's value: where a bar of exactly that many sessions tops.
            for c in cols.iter().filter(|c| c.sessions == c.goal) {
                assert_eq!(
                    Some(c.line_row.expect("line")),
                    top_row(c.eighths),
                    "{w}×{h}: {c:?}"
                );
            }
            // A goal change shows as a step: 1 → 2 → 3 per week, each line higher, or (with one
            // row for the bars) no lower.
            let line_of = |g: u32| cols.iter().find(|c| c.goal == g).and_then(|c| c.line_row);
            let (l1, l2, l3) = (line_of(1), line_of(2), line_of(3));
            assert!(l1 <= l2 && l2 <= l3, "{w}×{h}: {l1:?} {l2:?} {l3:?}");
            if rows >= 4 {
                assert!(l1 < l2 && l2 < l3, "{w}×{h}: {l1:?} {l2:?} {l3:?}");
            }
            // In proportion: bars at or above their goal have eighths per session alike, and more
            // sessions always draw higher under the same goal (1 and 2 never look the same).
            let at_or_above: Vec<_> = cols
                .iter()
                .filter(|c| c.sessions >= c.goal && c.sessions > 0)
                .collect();
            let per = at_or_above[0].eighths / at_or_above[0].sessions;
            for c in &at_or_above {
                assert_eq!(c.eighths, per * c.sessions, "{w}×{h}: {c:?}");
            }
            for a in &cols {
                for b in cols
                    .iter()
                    .filter(|b| b.goal == a.goal && b.sessions > a.sessions)
                {
                    assert!(a.eighths < b.eighths, "{w}×{h}: {a:?} {b:?}");
                }
            }
        }
    }

    #[test]
    fn where_each_session_gets_a_row_or_more_every_bar_is_exactly_in_proportion() {
        // 80×24's chart (5 bar rows) and larger: whole rows per session, no exceptions.
        for (w, h) in [(78, 9), (98, 12), (198, 20)] {
            let cols = read(w, h);
            for c in &cols {
                assert_eq!(c.eighths % 8, 0, "{w}×{h}: {c:?}");
                assert_eq!(
                    c.eighths,
                    cols[2].eighths / 2 * c.sessions,
                    "{w}×{h}: {c:?}"
                );
            }
        }
    }

    #[test]
    fn a_week_too_big_for_the_rows_is_cut_at_the_top_and_keeps_its_count() {
        // 50x16's chart: one row of bars and a row for the counts; 14 sessions do not fit.
        let first = NaiveDate::from_ymd_opt(2026, 11, 2).expect("date");
        let weeks: Vec<WeekSummary> = [(1, 3), (14, 3), (9, 3), (2, 3)]
            .iter()
            .enumerate()
            .map(|(i, &(n, g))| {
                let mut w =
                    WeekSummary::empty(first + Duration::weeks(i64::try_from(i).expect("small")));
                w.sessions = n;
                w.goal = g;
                w.met = n >= u32::from(g);
                w
            })
            .collect();
        let area = Rect::new(0, 0, 48, 4);
        let mut buf = Buffer::empty(area);
        let col = week_width(50, weeks.len());
        let current = weeks[3].week_start;
        draw_bars(
            &mut buf,
            area,
            &weeks,
            current,
            None,
            col,
            &Theme::default(),
        );
        let row = |y: u16| (0..48).map(|x| buf[(x, y)].symbol()).collect::<String>();
        assert!(
            row(0).contains("14") && row(0).contains(" 9"),
            "{}\n{}",
            row(0),
            row(1)
        );
        // The bars stay in their row: the count row holds only counts.
        assert!(!row(0).contains('█') && !row(0).contains('▁'), "{}", row(0));
    }
}
