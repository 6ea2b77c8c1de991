//! Views: functions of `&AppState` that draw into a frame. No I/O, no state changes.

pub mod caution;
pub mod chart_runs;
pub mod dashboard;
pub mod detail;
pub mod form;
pub mod guide;
pub mod guided;
pub mod heatmap;
pub mod help;
pub mod history;
pub mod insights;
pub mod overlay;
pub mod panel;
pub mod relief;
pub mod sleep;
pub mod tabs;
pub mod tension_chart;
pub mod week_chart;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

pub use super::layout::centered;
pub use super::text::{excerpt, first_line, shown, when, wrap};

use super::keymap;
use super::state::{AppState, Overlay, Screen};

pub use super::layout::{MIN_HEIGHT, MIN_WIDTH};

/// Draws the whole app.
pub fn view(frame: &mut Frame<'_>, state: &AppState) {
    let area = frame.area();
    if super::layout::too_small((area.width, area.height)) {
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
            Overlay::Confirm(c) => overlay::confirm(frame, body, state, c),
            Overlay::Message(text) => overlay::message(frame, body, state, text),
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

/// What the status line says in the demo while it has nothing else to say.
pub const DEMO_NOTICE: &str = "Demo: sample data, nothing you enter is kept";

fn status_line(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let line = match &state.status {
        Some(s) => {
            let style = if s.error { t.error } else { t.info };
            let room = usize::from(area.width.saturating_sub(1));
            if s.text.chars().count() <= room {
                Line::styled(format!(" {}", s.text), style)
            } else {
                // Cut, so say how to read it whole.
                let key = keymap::key_for(&state.keymap, &super::msg::Msg::ShowMessage);
                let more = format!(" ({key}: all)");
                let cut = excerpt(&s.text, room.saturating_sub(more.chars().count()));
                Line::from(vec![
                    Span::styled(format!(" {cut}"), style),
                    Span::styled(more, t.muted),
                ])
            }
        }
        // The demo says so on every screen whenever the line is free.
        None if state.demo => Line::styled(format!(" {DEMO_NOTICE}"), t.muted),
        // So does a database that can only be read.
        None if state.read_only.is_some() => match &state.read_only {
            Some(notice) => Line::styled(format!(" {notice}"), t.error),
            None => Line::raw(""),
        },
        // Sync says where it stands whenever the line is free.
        None => match &state.sync {
            Some(s) if s.offline => Line::styled(format!(" {}", s.line()), t.error),
            Some(s) => Line::styled(format!(" {}", s.line()), t.muted),
            None => Line::raw(""),
        },
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn hint_bar(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let mut spans = vec![Span::raw(" ")];
    let mut width = 1usize;
    for (key, help) in keymap::hints(&state.keymap, state.modes().as_slice()) {
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
