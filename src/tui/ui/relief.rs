//! Tension relief: a line chart of the average drop per session by week, and bar lists of the
//! average drop by tool, area and minutes, each row with its number of sessions.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph, Widget};

use super::panel::frame_box;
use crate::domain::insights::Relief;
use crate::domain::stats::round_clamped;
use crate::tui::data::InsightsData;
use crate::tui::text::range;
use crate::tui::theme::Theme;

/// Weeks per point when `weeks` weeks share a plot `width` columns wide: one, or four (about a
/// month) when weeks would get less than two columns each and the line turn to noise.
pub fn weeks_per_point(weeks: usize, width: u16) -> usize {
    if usize::from(width) < 2 * weeks { 4 } else { 1 }
}

/// The average drop per `per` weeks (weighted by sessions), as (index of the group, drop).
pub fn grouped(by_week: &[Relief], per: usize) -> Vec<(f64, f64)> {
    by_week
        .chunks(per.max(1))
        .enumerate()
        .filter_map(|(k, c)| {
            let n: usize = c.iter().map(|w| w.n).sum();
            let sum: f64 = c
                .iter()
                .filter_map(|w| w.avg_drop.map(|a| a * w.n as f64))
                .sum();
            (n > 0).then(|| (k as f64, sum / n as f64))
        })
        .collect()
}

/// Draws the average drop per session by week (or by four weeks on a long period in a narrow
/// chart) as a line that stops at a gap without sessions, with the period's average.
pub fn chart(buf: &mut Buffer, area: Rect, d: &InsightsData, t: &Theme) {
    let i = &d.insights;
    let per = weeks_per_point(i.relief_by_week.len(), area.width.saturating_sub(8));
    let title = format!(
        " Tension relief per {} ({}), {} ",
        if per == 1 { "week" } else { "4 weeks" },
        i.week,
        range(i.from, i.to)
    );
    let avg = i.avg_drop.map_or("–".into(), |a| format!("{a:.2}"));
    let legend = Line::from(vec![
        Span::styled(
            " ⣿ average drop per session (before − after) ",
            t.tension_after,
        ),
        Span::styled(format!(" ┄ period average {avg} "), t.muted),
    ]);
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title, t.title))
        .title_bottom(legend);
    let points = grouped(&i.relief_by_week, per);
    if points.is_empty() {
        let inner = block.inner(area);
        block.render(area, buf);
        Paragraph::new("No sessions in these weeks yet")
            .style(t.muted)
            .render(inner, buf);
        return;
    }
    let groups = i.relief_by_week.len().div_ceil(per);
    let last = groups.saturating_sub(1).max(1) as f64;
    let lo = points.iter().map(|p| p.1).fold(0.0, f64::min).floor();
    let hi = points.iter().map(|p| p.1).fold(1.0, f64::max).ceil();
    let average: Vec<(f64, f64)> = i
        .avg_drop
        .map(|a| vec![(0.0, a), (last, a)])
        .unwrap_or_default();
    let week_label = |k: usize| {
        i.relief_by_week
            .get(k * per)
            .and_then(|w| chrono::NaiveDate::parse_from_str(&w.key, "%Y-%m-%d").ok())
            .map_or(String::new(), |day| day.format("%-d %b").to_string())
    };
    let n = groups;
    let runs = super::chart_runs::runs(&points, 1.0);
    let mut datasets = vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.muted)
            .data(&average),
    ];
    datasets.extend(runs.iter().filter(|r| r.len() > 1).map(|r| {
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.tension_after)
            .data(r)
    }));
    // A dot on each week (or group) with sessions, so a lone one still shows.
    datasets.push(
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.tension_after)
            .data(&points),
    );
    let chart = Chart::new(datasets)
        .block(block)
        .x_axis(Axis::default().bounds([0.0, last]).style(t.muted).labels([
            week_label(0),
            week_label(n / 2),
            week_label(n.saturating_sub(1)),
        ]))
        .y_axis(Axis::default().bounds([lo, hi]).style(t.muted).labels([
            format!("{lo:.1}"),
            format!("{:.1}", f64::midpoint(lo, hi)),
            format!("{hi:.1}"),
        ]));
    chart.render(area, buf);
}

/// Draws `rows` as a bar list: key, a bar as long as the average drop, the average and n.
pub fn bars(buf: &mut Buffer, area: Rect, title: &str, rows: &[Relief], period: &str, t: &Theme) {
    let block = frame_box(title, period, t);
    let inner = block.inner(area);
    block.render(area, buf);
    if rows.is_empty() {
        Paragraph::new("No sessions in this period")
            .style(t.muted)
            .render(inner, buf);
        return;
    }
    let key_w = rows
        .iter()
        .map(|r| r.key.chars().count())
        .max()
        .unwrap_or(0);
    // "  2.50 n=12"
    let num_w = 6
        + 3
        + rows
            .iter()
            .map(|r| r.n.to_string().len())
            .max()
            .unwrap_or(1);
    let bar_w = usize::from(inner.width).saturating_sub(key_w + 1 + num_w);
    let top = rows.iter().filter_map(|r| r.avg_drop).fold(0.0, f64::max);
    let lines: Vec<Line<'static>> = rows
        .iter()
        .map(|r| {
            let len = match r.avg_drop {
                Some(a) if a > 0.0 && top > 0.0 => {
                    let most = u16::try_from(bar_w).unwrap_or(u16::MAX);
                    usize::from(round_clamped(a / top * bar_w as f64, most)).max(1)
                }
                _ => 0,
            };
            let value = r.avg_drop.map_or("–".to_string(), |a| format!("{a:.2}"));
            let n_style = if r.n == 0 { t.muted } else { t.text };
            // Too few sessions to be ranked (they follow the ranked ones): dimmed.
            let key_style = if r.n < crate::domain::insights::MIN_RANKED {
                t.muted
            } else {
                t.text
            };
            Line::from(vec![
                Span::styled(format!("{:<key_w$} ", r.key), key_style),
                Span::styled("█".repeat(len.min(bar_w)), t.tension_after),
                Span::raw(" ".repeat(bar_w - len.min(bar_w))),
                Span::styled(format!("{value:>6}"), n_style),
                Span::styled(format!(" n={}", r.n), t.muted),
            ])
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
}
