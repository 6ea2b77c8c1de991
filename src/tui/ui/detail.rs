//! One record shown whole.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centered;
use super::sleep::stars;
use crate::domain::time::format_rfc3339;
use crate::store::RecordRef;
use crate::tui::state::AppState;

fn row(label: &str, value: String, t: &crate::tui::theme::Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:>15}  "), t.muted),
        Span::styled(value, t.text),
    ])
}

/// Draws the record `rec` over `area`.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, rec: RecordRef) {
    let t = &state.theme;
    let opt = |o: &Option<String>| o.as_deref().map_or_else(|| "–".into(), super::shown);
    let (title, lines) = match rec {
        RecordRef::Session(u) => match state.session(&u) {
            Some(s) => {
                let f = &s.fields;
                let areas: Vec<&str> = f.areas.iter().map(|a| a.as_str()).collect();
                (
                    " Session ",
                    vec![
                        row(
                            "Started",
                            f.started_at.format("%a %-d %b %Y %H:%M (%:z)").to_string(),
                            t,
                        ),
                        row("Minutes", f.minutes.to_string(), t),
                        row(
                            "Tension",
                            format!(
                                "{} → {} (drop {})",
                                f.tension_before,
                                f.tension_after,
                                f.tension_drop()
                            ),
                            t,
                        ),
                        row("Pain", f.pain.map_or("–".into(), |p| p.to_string()), t),
                        row("Feet", f.feet.to_string(), t),
                        row("Tool", f.tool.to_string(), t),
                        row(
                            "Areas",
                            if areas.is_empty() {
                                "–".into()
                            } else {
                                areas.join(", ")
                            },
                            t,
                        ),
                        row("Oil", opt(&f.oil), t),
                        row("Note", opt(&f.note), t),
                        row("UUID", s.uuid.to_string(), t),
                        row("Created", format_rfc3339(&s.created_at), t),
                        row("Updated", format_rfc3339(&s.updated_at), t),
                    ],
                )
            }
            None => (
                " Session ",
                vec![Line::raw("This session no longer exists.")],
            ),
        },
        RecordRef::Sleep(u) => match state.sleep_note(&u) {
            Some(n) => {
                let f = &n.fields;
                (
                    " Sleep note ",
                    vec![
                        row("Night", f.night.format("%a %-d %b %Y").to_string(), t),
                        row("Quality", format!("{} {}", stars(f.quality), f.quality), t),
                        row(
                            "Hours",
                            f.hours.map_or("–".into(), |h| format!("{h:.1}")),
                            t,
                        ),
                        row("Note", opt(&f.note), t),
                        row("UUID", n.uuid.to_string(), t),
                        row("Created", format_rfc3339(&n.created_at), t),
                        row("Updated", format_rfc3339(&n.updated_at), t),
                    ],
                )
            }
            None => (
                " Sleep note ",
                vec![Line::raw("This note no longer exists.")],
            ),
        },
    };
    let h = u16::try_from(lines.len()).unwrap_or(20) + 2;
    let r = centered(area, 76, h.max(8));
    frame.render_widget(Clear, r);
    let footer = Line::from(vec![
        Span::styled(" e", t.key),
        Span::styled(" edit  ", t.muted),
        Span::styled("d", t.key),
        Span::styled(" delete  ", t.muted),
        Span::styled("Esc", t.key),
        Span::styled(" close ", t.muted),
    ]);
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title, t.title))
        .title_bottom(footer);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        r,
    );
}
