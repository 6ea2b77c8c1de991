//! Views: functions of `&AppState` that draw into a frame. No I/O, no state changes.

pub mod caution;
pub mod dashboard;
pub mod detail;
pub mod form;
pub mod guide;
pub mod guided;
pub mod heatmap;
pub mod help;
pub mod history;
pub mod insights;
pub mod markdown;
pub mod overlay;
pub mod relief;
pub mod sleep;
pub mod tabs;
pub mod tension_chart;
pub mod week_chart;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::keymap;
use super::state::{AppState, Overlay, Screen};

/// Below this width the app shows "terminal too small".
pub const MIN_WIDTH: u16 = 50;
/// Below this height the app shows "terminal too small".
pub const MIN_HEIGHT: u16 = 16;

/// Draws the whole app.
pub fn view(frame: &mut Frame<'_>, state: &AppState) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, state);
        return;
    }
    let [tabs_area, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    tabs::render(frame, tabs_area, state);
    match state.screen {
        Screen::Dashboard => dashboard::render(frame, body, state),
        Screen::History => history::render(frame, body, state),
        Screen::Sleep => sleep::render(frame, body, state),
        Screen::Insights => insights::render(frame, body, state),
        Screen::Guide => guide::render(frame, body, state),
    }
    if let Some(g) = &state.guided {
        guided::render(frame, body, state, g);
    }
    if let Some(f) = &state.form {
        let rest = caution::above_form(frame, body, state, f);
        form::render(frame, rest, f, &state.theme);
    }
    if let Some(g) = &state.guided {
        guided::question(frame, body, state, g);
    }
    for o in &state.overlays {
        match o {
            Overlay::Help => help::render(frame, body, state),
            Overlay::Detail(rec) => detail::render(frame, body, state, *rec),
            Overlay::Confirm(c) => overlay::confirm(frame, body, state, *c),
        }
    }
    status_line(frame, status, state);
    hint_bar(frame, hints, state);
}

fn too_small(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    frame.render_widget(Clear, area);
    let text = vec![
        Line::styled("Terminal too small", state.theme.error),
        Line::raw(format!(
            "{}×{}: need at least {MIN_WIDTH}×{MIN_HEIGHT}",
            area.width, area.height
        )),
        Line::styled("q quits", state.theme.muted),
    ];
    let h = u16::try_from(text.len())
        .unwrap_or(u16::MAX)
        .min(area.height);
    let top = area.y + area.height.saturating_sub(h) / 2;
    let r = Rect::new(area.x, top, area.width, h);
    frame.render_widget(
        Paragraph::new(text)
            .alignment(ratatui::layout::Alignment::Center)
            .wrap(Wrap { trim: true }),
        r,
    );
}

fn status_line(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let line = match &state.status {
        Some(s) => Line::styled(
            format!(
                " {}",
                excerpt(&s.text, usize::from(area.width.saturating_sub(1)))
            ),
            if s.error {
                state.theme.error
            } else {
                state.theme.info
            },
        ),
        None => Line::raw(""),
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn hint_bar(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let modes = keymap::modes(state);
    let mut spans = vec![Span::raw(" ")];
    let mut width = 1usize;
    for (key, help) in keymap::hints(&state.keymap, &modes) {
        let item = key.chars().count() + help.chars().count() + 3;
        if width + item > usize::from(area.width) {
            break;
        }
        width += item;
        spans.push(Span::styled(key, state.theme.key));
        spans.push(Span::styled(format!(" {help}  "), state.theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A rectangle of at most `w`×`h` centred in `area`.
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// "Mon 23 Nov 20:30".
pub fn when(dt: &chrono::DateTime<chrono::FixedOffset>) -> String {
    dt.format("%a %-d %b %H:%M").to_string()
}

/// `s` without the characters a terminal would act on (controls, bidirectional overrides and
/// isolates): text another tool wrote into the database can never drive the terminal or
/// reorder a line.
pub fn shown(s: &str) -> String {
    s.chars()
        .filter(|c| !crate::domain::text::is_unsafe(*c))
        .collect()
}

/// Cuts `s` to at most `n` characters, ending with "…" when cut; see [`shown`].
pub fn excerpt(s: &str, n: usize) -> String {
    let flat: String = shown(&s.split_whitespace().collect::<Vec<_>>().join(" "));
    if flat.chars().count() <= n {
        flat
    } else {
        let mut out: String = flat.chars().take(n.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}
