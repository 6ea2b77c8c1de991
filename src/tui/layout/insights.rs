//! The Insights screen's sections: what each says (the text ones' lines) and where each goes at
//! a width (three or four to a row when wide, two, or one), so the view and the scroll agree.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::body_for;
use crate::domain::insights::{DiaryGroup, SleepDiaryComparison, SleepGroup};
use crate::domain::text::plural;
use crate::tui::data::InsightsData;
use crate::tui::markdown::wrap;
use crate::tui::state::AppState;
use crate::tui::text::range;
use crate::tui::theme::Theme;

/// Rows the line chart takes.
pub const CHART_HEIGHT: u16 = 12;

/// Rows the heatmap takes: border, months, seven weekdays, goal outcomes, border.
pub const HEATMAP_HEIGHT: u16 = 11;

/// From this width, sections sit three or four to a row.
const WIDE: u16 = 110;
/// From this width (and below [`WIDE`]), sections sit two to a row.
const MEDIUM: u16 = 70;

/// A part of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
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
    use Section::{Area, Chart, Header, Heatmap, Minutes, Sleep, Tool, Usual};
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
        Section::Chart => CHART_HEIGHT,
        Section::Tool => boxed(i.relief_by_tool.len()),
        Section::Area => boxed(i.relief_by_area.len()),
        Section::Minutes => boxed(i.relief_by_minutes.len()),
        Section::Usual => lines(usual(d, width.saturating_sub(2), t)).saturating_add(2),
        Section::Sleep => lines(sleep(d, width.saturating_sub(2), t)).saturating_add(2),
        Section::Heatmap => HEATMAP_HEIGHT,
    }
}

/// Where each section goes on a canvas `width` wide, and the canvas height. The chart's row gets
/// `extra` rows more than it needs.
fn place(d: &InsightsData, width: u16, extra: u16, t: &Theme) -> (Vec<(Section, Rect)>, u16) {
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
pub fn canvas(d: &InsightsData, body: Rect, t: &Theme) -> (Vec<(Section, Rect)>, u16) {
    let full = place(d, body.width, 0, t);
    if full.1 <= body.height {
        // Up to twice its height; beyond that a taller chart tells nothing more.
        let extra = (body.height - full.1).min(CHART_HEIGHT);
        return place(d, body.width, extra, t);
    }
    place(d, body.width.saturating_sub(1), 0, t)
}

/// The furthest the screen scrolls in the state's terminal size.
pub fn max_scroll(state: &AppState) -> u16 {
    let Some(d) = &state.insights.data else {
        return 0;
    };
    let body = body_for(state.size);
    canvas(d, body, &state.theme).1.saturating_sub(body.height)
}

pub fn header(d: &InsightsData, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let i = &d.insights;
    let w = usize::from(width.saturating_sub(1));
    let first = vec![
        Span::styled(format!("Last {} weeks", d.period.weeks()), t.title),
        Span::raw(format!(": {} · weeks run {}", range(i.from, i.to), i.week)),
    ];
    let drop = i.avg_drop.map_or("–".to_string(), |a| format!("{a:.2}"));
    let second = vec![
        Span::raw(plural(
            u64::try_from(i.sessions).unwrap_or(u64::MAX),
            "session",
            "sessions",
        )),
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

pub fn usual(d: &InsightsData, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let i = &d.insights;
    let w = usize::from(width);
    let Some(day) = &i.usual_day else {
        return vec![Line::styled("No sessions in this period", t.muted)];
    };
    // "(4 of 19)", or "(4 each of 19)" when days tie; no-break spaces keep it whole.
    let of = |n: usize, tied: bool| {
        let each = if tied { "\u{a0}each" } else { "" };
        format!(" ({n}{each}\u{a0}of\u{a0}{})", i.sessions)
    };
    let day_n = i
        .by_weekday
        .iter()
        .find(|(k, _)| k == day)
        .map_or(0, |x| x.1);
    // Every day that ties for the most, in the week's order: one alone would hide the others.
    let days: Vec<&str> = i
        .by_weekday
        .iter()
        .filter(|(_, n)| *n == day_n)
        .map(|(k, _)| k.as_str())
        .collect();
    let mut out = wrap(
        vec![],
        2,
        vec![
            Span::styled(if days.len() > 1 { "Days: " } else { "Day: " }, t.muted),
            Span::styled(days.join(", "), t.title),
            Span::raw(of(day_n, days.len() > 1)),
        ],
        w,
    );
    let mut names = Vec::new();
    let mut counts = Vec::new();
    for (k, n) in &i.by_weekday {
        let style = if days.contains(&k.as_str()) {
            t.title
        } else {
            t.text
        };
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
        let times: Vec<&str> = i
            .by_time_of_day
            .iter()
            .filter(|(_, m)| *m == n)
            .map(|(k, _)| k.as_str())
            .collect();
        out.extend(wrap(
            vec![],
            2,
            vec![
                Span::styled("Time: ", t.muted),
                Span::styled(times.join(", "), t.title),
                Span::raw(of(n, times.len() > 1)),
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

/// A line of the diary's averages: its label, the figure it shows, the unit.
type DiaryRow = (&'static str, fn(&DiaryGroup) -> Option<f64>, &'static str);

/// The sleep diary's averages after a massage and on other nights, each side with its nights;
/// nothing while neither side has a figure to show.
fn diary_lines(d: &SleepDiaryComparison, w: usize, t: &Theme) -> Vec<Line<'static>> {
    let (a, o) = (&d.after_massage, &d.other_nights);
    let figures = |g: &DiaryGroup| {
        [
            g.latency_min,
            g.awake_min,
            g.total_sleep_min,
            g.efficiency_pct,
        ]
    };
    if figures(a)
        .iter()
        .chain(figures(o).iter())
        .all(Option::is_none)
    {
        return Vec::new();
    }
    let cell =
        |v: Option<f64>, unit: &str| v.map_or("–".to_string(), |v| format!("{v:.1}{unit}"));
    let mut out = vec![
        Line::raw(""),
        Line::styled(
            format!(
                "{:<16}{:>12}  {:>12}",
                "Sleep diary",
                format!("after n={}", a.nights),
                format!("other n={}", o.nights)
            ),
            t.muted,
        ),
    ];
    let rows: [DiaryRow; 4] = [
        ("fall asleep", |g| g.latency_min, " min"),
        ("awake", |g| g.awake_min, " min"),
        ("total sleep", |g| g.total_sleep_min, " min"),
        ("efficiency", |g| g.efficiency_pct, " %"),
    ];
    for (label, get, unit) in rows {
        out.push(Line::from(vec![
            Span::styled(format!("{label:<16}"), t.muted),
            Span::raw(format!(
                "{:>12}  {:>12}",
                cell(get(a), unit),
                cell(get(o), unit)
            )),
        ]));
    }
    out.extend(wrap(
        vec![],
        0,
        vec![Span::styled(
            "Averages from 5 nights that give each figure. This is what your notes show, not proof of cause.",
            t.muted,
        )],
        w,
    ));
    out
}

pub fn sleep(d: &InsightsData, width: u16, t: &Theme) -> Vec<Line<'static>> {
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
    out.extend(diary_lines(&d.insights.sleep_diary, w, t));
    out.extend(wrap(
        vec![],
        0,
        vec![Span::styled(
            "A night counts as after a massage when a session was logged that day, or in its small hours (before 06:00, the night that began the evening before).",
            t.muted,
        )],
        w,
    ));
    out
}
