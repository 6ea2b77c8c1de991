//! The Insights screen: tension relief by week, tool, area and length; sleep after massage nights
//! against other nights; the usual day and time; a year heatmap. Sections sit side by side when
//! the terminal is wide and stack when it is narrow; what does not fit scrolls.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Scrollbar, ScrollbarOrientation, ScrollbarState, Widget};

use super::markdown::wrap;
use super::panel::{frame_box, range};
use super::{heatmap, relief};
use crate::domain::insights::SleepGroup;
use crate::tui::data::InsightsData;
use crate::tui::layout::body_for;
use crate::tui::state::AppState;
use crate::tui::theme::Theme;

/// From this width, sections sit three or four to a row.
const WIDE: u16 = 110;
/// From this width (and below [`WIDE`]), sections sit two to a row.
const MEDIUM: u16 = 70;

/// A part of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Header,
    Chart,
    Tool,
    Area,
    Minutes,
    Usual,
    Sleep,
    Heatmap,
}

fn rows(width: u16) -> Vec<Vec<(Section, u16)>> {
    use Section::*;
    if width >= WIDE {
        vec![
            vec![(Header, 1)],
            vec![(Chart, 3), (Sleep, 2)],
            vec![(Tool, 1), (Area, 1), (Minutes, 1), (Usual, 1)],
            vec![(Heatmap, 1)],
        ]
    } else if width >= MEDIUM {
        vec![
            vec![(Header, 1)],
            vec![(Chart, 1)],
            vec![(Tool, 1), (Area, 1)],
            vec![(Minutes, 1), (Usual, 1)],
            vec![(Sleep, 1)],
            vec![(Heatmap, 1)],
        ]
    } else {
        [Header, Chart, Tool, Area, Minutes, Usual, Sleep, Heatmap]
            .into_iter()
            .map(|s| vec![(s, 1)])
            .collect()
    }
}

fn height(s: Section, width: u16, d: &InsightsData, t: &Theme) -> u16 {
    let lines = |v: Vec<Line<'static>>| u16::try_from(v.len()).unwrap_or(u16::MAX);
    let boxed = |n: usize| {
        u16::try_from(n.max(1))
            .unwrap_or(u16::MAX)
            .saturating_add(2)
    };
    let i = &d.insights;
    match s {
        Section::Header => lines(header(d, width, t)),
        Section::Chart => relief::CHART_HEIGHT,
        Section::Tool => boxed(i.relief_by_tool.len()),
        Section::Area => boxed(i.relief_by_area.len()),
        Section::Minutes => boxed(i.relief_by_minutes.len()),
        Section::Usual => lines(usual(d, width.saturating_sub(2), t)).saturating_add(2),
        Section::Sleep => lines(sleep(d, width.saturating_sub(2), t)).saturating_add(2),
        Section::Heatmap => heatmap::HEIGHT,
    }
}

/// Where each section goes on a canvas `width` wide, and the canvas height. The chart's row gets
/// `extra` rows more than it needs.
fn layout(d: &InsightsData, width: u16, extra: u16, t: &Theme) -> (Vec<(Section, Rect)>, u16) {
    let mut placed = Vec::new();
    let mut y = 0u16;
    for row in rows(width) {
        let total: u16 = row.iter().map(|(_, w)| w).sum();
        let mut x = 0u16;
        let mut rects = Vec::new();
        for (k, (s, weight)) in row.iter().enumerate() {
            let w = if k + 1 == row.len() {
                width - x
            } else {
                u16::try_from(u32::from(width) * u32::from(*weight) / u32::from(total.max(1)))
                    .unwrap_or(0)
            };
            rects.push((*s, x, w));
            x += w;
        }
        let h = rects
            .iter()
            .map(|(s, _, w)| height(*s, *w, d, t))
            .max()
            .unwrap_or(0);
        let h = if rects.iter().any(|r| r.0 == Section::Chart) {
            h.saturating_add(extra)
        } else {
            h
        };
        for (s, x, w) in rects {
            placed.push((s, Rect::new(x, y, w, h)));
        }
        y = y.saturating_add(h);
    }
    (placed, y)
}

/// The layout for `body`: a taller chart when there is room to spare, one column less for a
/// scrollbar when there is not.
fn canvas(d: &InsightsData, body: Rect, t: &Theme) -> (Vec<(Section, Rect)>, u16) {
    let full = layout(d, body.width, 0, t);
    if full.1 <= body.height {
        // Up to twice its height; beyond that a taller chart tells nothing more.
        let extra = (body.height - full.1).min(relief::CHART_HEIGHT);
        return layout(d, body.width, extra, t);
    }
    layout(d, body.width.saturating_sub(1), 0, t)
}

/// The furthest the screen scrolls in the state's terminal size.
pub fn max_scroll(state: &AppState) -> u16 {
    let Some(d) = &state.insights.data else {
        return 0;
    };
    let body = body_for(state.size);
    canvas(d, body, &state.theme).1.saturating_sub(body.height)
}

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

fn header(d: &InsightsData, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let i = &d.insights;
    let w = usize::from(width.saturating_sub(1));
    let first = vec![
        Span::styled(format!("Last {} weeks", d.period.weeks()), t.title),
        Span::raw(format!(": {} · weeks run {}", range(i.from, i.to), i.week)),
    ];
    let drop = i.avg_drop.map_or("–".to_string(), |a| format!("{a:.2}"));
    let second = vec![
        Span::raw(format!("{} sessions", i.sessions)),
        Span::styled(
            " · average tension drop per session (before − after): ",
            t.muted,
        ),
        Span::styled(drop, t.tension_after),
    ];
    let mut out = wrap(vec![Span::raw(" ")], 1, first, w);
    out.extend(wrap(vec![Span::raw(" ")], 1, second, w));
    out
}

fn usual(d: &InsightsData, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let i = &d.insights;
    let w = usize::from(width);
    let Some(day) = &i.usual_day else {
        return vec![Line::styled("No sessions in this period", t.muted)];
    };
    let of = |n: usize| format!(" ({n} of {})", i.sessions);
    let day_n = i
        .by_weekday
        .iter()
        .find(|(k, _)| k == day)
        .map_or(0, |x| x.1);
    let mut out = wrap(
        vec![],
        2,
        vec![
            Span::styled("Day: ", t.muted),
            Span::styled(day.clone(), t.title),
            Span::raw(of(day_n)),
        ],
        w,
    );
    let mut names = Vec::new();
    let mut counts = Vec::new();
    for (k, n) in &i.by_weekday {
        let style = if k == day { t.title } else { t.text };
        names.push(Span::styled(
            format!("{:<3}", k.chars().take(2).collect::<String>()),
            style,
        ));
        counts.push(Span::styled(format!("{n:>2} "), style));
    }
    out.push(Line::from(names));
    out.push(Line::from(counts));
    if let Some(time) = &i.usual_time {
        let n = i
            .by_time_of_day
            .iter()
            .find(|(k, _)| k == time)
            .map_or(0, |x| x.1);
        out.extend(wrap(
            vec![],
            2,
            vec![
                Span::styled("Time: ", t.muted),
                Span::styled(time.clone(), t.title),
                Span::raw(of(n)),
            ],
            w,
        ));
    }
    out
}

fn group_line(label: &str, g: &SleepGroup, t: &Theme) -> Line<'static> {
    let q = g
        .avg_quality
        .map_or("–".to_string(), |q| format!("{q:.2}/5"));
    let h = g.avg_hours.map_or("–".to_string(), |h| format!("{h:.1} h"));
    Line::from(vec![
        Span::styled(format!("{label:<16}"), t.muted),
        Span::raw(format!("{:>6}  {q:>7}  {h:>6}", g.n)),
    ])
}

fn sleep(d: &InsightsData, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let s = &d.insights.sleep;
    let w = usize::from(width);
    let mut out = Vec::new();
    let enough = s.after_session.avg_quality.is_some() && s.other_nights.avg_quality.is_some();
    if enough {
        out.push(Line::styled(
            format!(
                "{:<16}{:>6}  {:>7}  {:>6}",
                "", "nights", "quality", "hours"
            ),
            t.muted,
        ));
        out.push(group_line("After a massage", &s.after_session, t));
        out.push(group_line("Other nights", &s.other_nights, t));
        out.push(Line::raw(""));
    }
    out.extend(wrap(vec![], 0, vec![Span::raw(s.summary.clone())], w));
    out.extend(wrap(
        vec![],
        0,
        vec![Span::styled(
            "A night counts as after a massage when a session was logged that day.",
            t.muted,
        )],
        w,
    ));
    out
}
