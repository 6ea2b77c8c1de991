//! Tension before and after each session over the charted weeks.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::symbols::Marker;
use ratatui::text::Span;
use ratatui::widgets::{Axis, Block, Chart, Dataset, GraphType, Paragraph};

use crate::tui::state::AppState;

/// Draws the chart from `since` (the first charted week) to today.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, since: Option<NaiveDate>) {
    let t = &state.theme;
    let block = Block::bordered().border_style(t.border).title(Span::styled(
        " Tension before (•) → after (line), 0–10 ",
        t.title,
    ));
    let Some(since) = since else {
        frame.render_widget(block, area);
        return;
    };
    let points: Vec<_> = state
        .data
        .tension
        .iter()
        .filter(|p| p.date >= since)
        .map(|p| {
            let x = (p.date - since).num_days() as f64;
            (x, p.before, p.after)
        })
        .collect();
    if points.is_empty() || area.height < 5 {
        let inner = block.inner(area);
        frame.render_widget(block, area);
        frame.render_widget(
            Paragraph::new("No sessions in this period").style(t.muted),
            inner,
        );
        return;
    }
    let before: Vec<(f64, f64)> = points.iter().map(|p| (p.0, f64::from(p.1))).collect();
    let after: Vec<(f64, f64)> = points.iter().map(|p| (p.0, f64::from(p.2))).collect();
    let span = (state.data.today - since).num_days().max(1) as f64;
    let chart = Chart::new(vec![
        Dataset::default()
            .name("before ●")
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(t.tension_before)
            .data(&before),
        Dataset::default()
            .name("after ⣿")
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(t.tension_after)
            .data(&after),
    ])
    .block(block)
    .x_axis(Axis::default().bounds([0.0, span]).style(t.muted).labels([
        since.format("%-d %b").to_string(),
        state.data.today.format("%-d %b").to_string(),
    ]))
    .y_axis(
        Axis::default()
            .bounds([0.0, 10.0])
            .style(t.muted)
            .labels(["0", "5", "10"]),
    );
    frame.render_widget(chart, area);
}
