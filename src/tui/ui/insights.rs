//! The Insights screen: tension relief by week, tool, area and length; sleep after massage nights
//! against other nights; the usual day and time; a year heatmap. Sections sit side by side when
//! the terminal is wide and stack when it is narrow; what does not fit scrolls.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Widget};

use super::panel::frame_box;
use super::{heatmap, relief};
use crate::tui::data::InsightsData;
use crate::tui::layout::insights::{Section, canvas, header, sleep, usual};
use crate::tui::state::AppState;
use crate::tui::text::range;
use crate::tui::theme::Theme;

/// Draws the screen.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let Some(d) = &state.insights.data else {
        let msg = Paragraph::new(" Reading your sessions…").style(t.muted);
        frame.render_widget(msg, area);
        return;
    };
    let (placed, total) = canvas(d, area, t);
    let width = placed.iter().map(|(_, r)| r.right()).max().unwrap_or(0);
    // Everything is drawn on a canvas as tall as it needs; the visible rows are copied over.
    let mut buf = Buffer::empty(Rect::new(0, 0, width, total));
    for (s, r) in &placed {
        draw(&mut buf, *s, *r, d, t);
    }
    let max = total.saturating_sub(area.height);
    let top = state.insights.scroll.min(max);
    let out = frame.buffer_mut();
    for y in 0..area.height.min(total) {
        for x in 0..width.min(area.width) {
            out[(area.x + x, area.y + y)] = buf[(x, top + y)].clone();
        }
    }
    if max > 0 {
        let mut bar = ScrollbarState::new(usize::from(max)).position(usize::from(top));
        frame.render_stateful_widget(
            Scrollbar::new(ScrollbarOrientation::VerticalRight)
                .begin_symbol(Some("↑"))
                .end_symbol(Some("↓"))
                .style(t.muted),
            area,
            &mut bar,
        );
    }
}

fn draw(buf: &mut Buffer, s: Section, r: Rect, d: &InsightsData, t: &Theme) {
    let i = &d.insights;
    let period = range(i.from, i.to);
    match s {
        Section::Header => Paragraph::new(header(d, r.width, t)).render(r, buf),
        Section::Chart => relief::chart(buf, r, d, t),
        Section::Tool => relief::bars(buf, r, " Relief by tool ", &i.relief_by_tool, &period, t),
        Section::Area => relief::bars(buf, r, " Relief by area ", &i.relief_by_area, &period, t),
        Section::Minutes => relief::bars(
            buf,
            r,
            " Relief by minutes ",
            &i.relief_by_minutes,
            &period,
            t,
        ),
        Section::Usual => boxed(
            buf,
            r,
            " Usual day and time ",
            &period,
            usual(d, r.width.saturating_sub(2), t),
            t,
        ),
        Section::Sleep => boxed(
            buf,
            r,
            " Sleep: nights after a massage vs other nights ",
            &period,
            sleep(d, r.width.saturating_sub(2), t),
            t,
        ),
        Section::Heatmap => heatmap::render(buf, r, d, t),
    }
}

fn boxed(
    buf: &mut Buffer,
    r: Rect,
    title: &str,
    period: &str,
    lines: Vec<Line<'static>>,
    t: &Theme,
) {
    let block = frame_box(title, period, t);
    let inner = block.inner(r);
    block.render(r, buf);
    Paragraph::new(lines).render(inner, buf);
}
