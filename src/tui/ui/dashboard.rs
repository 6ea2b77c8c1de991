//! The start screen: this week against the goal, streaks, the last session, and two charts.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{tension_chart, week_chart, when};
use crate::domain::week::week_last_day;
use crate::tui::layout::{shown_weeks, week_width};
use crate::tui::state::AppState;

/// The header's text, e.g. `This week: 1/2 · 6 days left`.
pub fn header_spans(state: &AppState) -> Vec<Span<'static>> {
    let t = &state.theme;
    let w = &state.data.this_week;
    let count = format!("This week: {}/{}", w.sessions, w.goal);
    if w.met {
        return vec![
            Span::styled(count, t.goal_met),
            Span::styled(" ✓ goal met", t.goal_met),
        ];
    }
    if let Some(reason) = &w.rest_reason {
        return vec![
            Span::styled(count, t.title),
            Span::styled(
                format!(" · rest week ({})", super::shown(reason)),
                t.bar_rest,
            ),
        ];
    }
    let left = (week_last_day(w.week_start) - state.data.today).num_days() + 1;
    let days = if left == 1 {
        "1 day left (today)".to_string()
    } else {
        format!("{} days left", left.max(0))
    };
    let due = u32::from(w.goal).saturating_sub(w.sessions);
    vec![
        Span::styled(count, t.goal_due),
        Span::styled(format!(" · {due} to go, {days}"), t.text),
    ]
}

/// The "Last session" line for `width` columns: the longest of its forms that fits whole, so a
/// narrow terminal drops words rather than cutting a value in half.
fn last_session_line(state: &AppState, width: usize) -> Line<'static> {
    let t = &state.theme;
    let Some(s) = state.data.last_session.as_ref() else {
        return Line::from(vec![
            Span::styled("Last session: ", t.muted),
            Span::raw("none yet. Press "),
            Span::styled(
                crate::tui::keymap::key_for(&state.keymap, &crate::tui::msg::Msg::NewSession),
                t.key,
            ),
            Span::raw(" to log one."),
        ]);
    };
    let f = &s.fields;
    let days = (state.data.today - f.date()).num_days();
    let ago = match days {
        0 => " (today)".to_string(),
        1 => " (yesterday)".to_string(),
        d if d > 1 => format!(" ({d} days ago)"),
        _ => String::new(),
    };
    // Logged at another offset than this zone's (travel): its own time, marked with it.
    let here = chrono::TimeZone::offset_from_utc_datetime(&state.zone, &f.started_at.naive_utc());
    let mark = crate::domain::time::zone_mark(&f.started_at, here)
        .map(|m| format!(" ({m})"))
        .unwrap_or_default();
    let at = format!("{}{mark}", when(&f.started_at));
    let day = f.started_at.format("%a %-d %b").to_string();
    let min = format!(" · {} min", f.minutes);
    // (label, when, minutes, before the tension), longest first.
    let forms = [
        (
            "Last session: ",
            format!("{at}{ago}"),
            min.as_str(),
            " · tension ",
        ),
        ("Last session: ", at.clone(), min.as_str(), " · tension "),
        ("Last: ", at, min.as_str(), " · "),
        ("Last: ", day, "", " · "),
    ];
    let tension = format!("{} → {}", f.tension_before, f.tension_after);
    let fits = |(label, when, min, pre): &(&str, String, &str, &str)| {
        [*label, when.as_str(), min, pre, tension.as_str()]
            .iter()
            .map(|s| s.chars().count())
            .sum::<usize>()
            <= width
    };
    let [.., shortest] = &forms;
    let (label, when, min, pre) = forms.iter().find(|f| fits(f)).unwrap_or(shortest).clone();
    Line::from(vec![
        Span::styled(label, t.muted),
        Span::raw(format!("{when}{min}{pre}")),
        Span::styled(f.tension_before.to_string(), t.tension_before),
        Span::raw(" → "),
        Span::styled(f.tension_after.to_string(), t.tension_after),
    ])
}

/// Draws the dashboard.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let [head, chart_area, tension_area] = crate::tui::layout::dashboard_areas(area);
    let s = &state.data.streaks;
    let weeks = |n: u32| if n == 1 { "week" } else { "weeks" };
    let mut streak = vec![
        Span::styled("Streak: ", t.muted),
        Span::styled(format!("{} {}", s.current, weeks(s.current)), t.title),
        Span::styled(
            format!(" (longest {} {})", s.longest, weeks(s.longest)),
            t.muted,
        ),
    ];
    let streak_w: usize = streak.iter().map(|s| s.content.chars().count()).sum();
    let nudge = " · keep it going this week";
    if state.data.today.weekday() == state.data.week_start.weekday()
        && !state.data.this_week.met
        && s.current > 0
        && streak_w + nudge.chars().count() < usize::from(head.width)
    {
        streak.push(Span::styled(nudge, t.muted));
    }
    let lines = vec![
        Line::from([vec![Span::raw(" ")], header_spans(state)].concat()),
        Line::from([vec![Span::raw(" ")], streak].concat()),
        Line::from(
            [
                vec![Span::raw(" ")],
                last_session_line(state, usize::from(head.width.saturating_sub(1))).spans,
            ]
            .concat(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), head);
    let shown = shown_weeks(state, chart_area.width);
    week_chart::render(frame, chart_area, state, shown);
    tension_chart::render(
        frame,
        tension_area,
        state,
        shown
            .first()
            .zip(shown.last())
            .map(|(a, b)| (a.week_start, b.week_start)),
        week_width(chart_area.width, shown.len()),
    );
}
