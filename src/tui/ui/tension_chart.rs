//! Tension before and after each session over the charted weeks.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph};

use crate::tui::state::AppState;

/// Draws the chart over `weeks` (the first and the last charted week's first days), `week_w`
/// columns to a week: the week chart above has the same width, y-axis width and columns per
/// week, so a session sits under its week's bar.
pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    state: &AppState,
    weeks: Option<(NaiveDate, NaiveDate)>,
    week_w: u16,
) {
    let t = &state.theme;
    let block = Block::bordered().border_style(t.border).title(Span::styled(
        " Tension before (•) → after (line), 0–10 ",
        t.title,
    ));
    let Some((since, last_week)) = weeks else {
        frame.render_widget(block, area);
        return;
    };
    let last_day = crate::domain::week::week_last_day(last_week);
    let points: Vec<_> = state
        .data
        .tension
        .iter()
        .filter(|p| (since..=last_day).contains(&p.date))
        .map(|p| {
            // The middle of its day.
            let x = (p.date - since).num_days() as f64 + 0.5;
            (x, p.before, p.after)
        })
        .collect();
    if points.is_empty() || area.height < 5 {
        // Too low for a chart: the same data in words, so the panel never claims to be empty.
        let until = (last_week != state.data.this_week.week_start).then_some(last_day);
        let text = summary(&points, since, until);
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new(text)
                .style(t.muted)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            inner,
        );
        return;
    }
    let before: Vec<(f64, f64)> = points.iter().map(|p| (p.0, f64::from(p.1))).collect();
    let after: Vec<(f64, f64)> = points.iter().map(|p| (p.0, f64::from(p.2))).collect();
    // The after line stops at a week without sessions; a lone week still shows its points.
    let after_runs = super::chart_runs::runs(&after, 7.0);
    // The plot's columns, as weeks of `week_w` columns: the same time axis as the bars (the
    // chart maps its bounds onto one column fewer than it has).
    let plot = area.width.saturating_sub(3 + crate::tui::layout::AXIS);
    let span = (f64::from(plot) / f64::from(week_w.max(1)) * 7.0).max(1.0);
    // Lines first, so the before dots drawn last are never covered by them.
    let mut datasets: Vec<Dataset> = after_runs
        .iter()
        .filter(|r| r.len() > 1)
        .map(|r| {
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(t.tension_after)
                .data(r)
        })
        .collect();
    datasets.push(
        Dataset::default()
            .name("after ⣿")
            .marker(Marker::Braille)
            .graph_type(GraphType::Scatter)
            .style(t.tension_after)
            .data(&after),
    );
    datasets.push(
        Dataset::default()
            .name("before •")
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.tension_before)
            .data(&before),
    );
    let chart = Chart::new(datasets)
        .block(block)
        .x_axis(
            Axis::default()
                .bounds([0.0, span])
                .style(t.muted)
                // Right-aligned labels keep the y axis 3 columns wide, as above.
                .labels_alignment(ratatui::layout::Alignment::Right)
                .labels([
                    since.format("%-d %b").to_string(),
                    last_day.format("%-d %b").to_string(),
                ]),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, 10.0])
                .style(t.muted)
                .labels(["0", "5", "10"]),
        );
    frame.render_widget(chart, area);
}

/// The charted sessions in one sentence, for a panel too low to draw the chart (`until`: the
/// window's last day when it ends before this week).
fn summary(points: &[(f64, u8, u8)], since: NaiveDate, until: Option<NaiveDate>) -> String {
    let n = points.len();
    if n == 0 {
        return "No sessions in this period".into();
    }
    let avg = |f: fn(&(f64, u8, u8)) -> u8| {
        points.iter().map(|p| f64::from(f(p))).sum::<f64>() / n as f64
    };
    let last = points.last().map_or((0, 0), |p| (p.1, p.2));
    let sessions = if n == 1 { "session" } else { "sessions" };
    let when = match until {
        None => format!("since {}", since.format("%-d %b")),
        Some(u) => format!("{} – {}", since.format("%-d %b"), u.format("%-d %b %Y")),
    };
    format!(
        "{n} {sessions} {when}: on average {:.1} → {:.1}; last {} → {}",
        avg(|p| p.1),
        avg(|p| p.2),
        last.0,
        last.1
    )
}
