//! One record shown whole: values wrap under themselves, line breaks in notes are kept, and a
//! record taller than the screen scrolls.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use super::sleep::stars;
use crate::domain::RecordRef;
use crate::domain::time::format_rfc3339;
use crate::tui::state::AppState;
use crate::tui::theme::Theme;

/// The popup's widest.
const WIDTH: u16 = 76;
/// Label column: 15 characters and two spaces.
const LABEL: usize = 17;

/// The record as (label, value) rows; a value may hold line breaks.
fn rows(state: &AppState, rec: RecordRef) -> (&'static str, Vec<(&'static str, String)>) {
    // Line breaks are kept (the popup shows them); every other unsafe character is left out.
    let opt = |o: &Option<String>| {
        o.as_deref().map_or_else(
            || "–".into(),
            |s| {
                s.split('\n')
                    .map(super::shown)
                    .collect::<Vec<_>>()
                    .join("\n")
            },
        )
    };
    match rec {
        RecordRef::Session(u) => match state.session(&u) {
            Some(s) => {
                let f = &s.fields;
                let areas: Vec<&str> = f.areas.iter().map(|a| a.as_str()).collect();
                (
                    " Session ",
                    vec![
                        (
                            "Started",
                            f.started_at.format("%a %-d %b %Y %H:%M (%:z)").to_string(),
                        ),
                        ("Minutes", f.minutes.to_string()),
                        (
                            "Tension",
                            format!(
                                "{} → {} (drop {})",
                                f.tension_before,
                                f.tension_after,
                                f.tension_drop()
                            ),
                        ),
                        ("Pain", f.pain.map_or("–".into(), |p| p.to_string())),
                        ("Feet", f.feet.to_string()),
                        ("Tool", f.tool.to_string()),
                        (
                            "Areas",
                            if areas.is_empty() {
                                "–".into()
                            } else {
                                areas.join(", ")
                            },
                        ),
                        ("Oil", opt(&f.oil)),
                        ("Note", opt(&f.note)),
                        ("UUID", s.uuid.to_string()),
                        ("Created", format_rfc3339(&s.created_at)),
                        ("Updated", format_rfc3339(&s.updated_at)),
                    ],
                )
            }
            None => (
                " Session ",
                vec![("", "This session no longer exists.".into())],
            ),
        },
        RecordRef::Sleep(u) => match state.sleep_note(&u) {
            Some(n) => {
                let f = &n.fields;
                (
                    " Sleep note ",
                    vec![
                        ("Night", f.night.format("%a %-d %b %Y").to_string()),
                        (
                            "Quality",
                            format!(
                                "{} {} ({})",
                                stars(f.quality),
                                f.quality,
                                crate::domain::sleep::quality_label(f.quality)
                            ),
                        ),
                        ("Hours", f.hours.map_or("–".into(), |h| format!("{h:.1}"))),
                        ("Note", opt(&f.note)),
                        ("UUID", n.uuid.to_string()),
                        ("Created", format_rfc3339(&n.created_at)),
                        ("Updated", format_rfc3339(&n.updated_at)),
                    ],
                )
            }
            None => (
                " Sleep note ",
                vec![("", "This note no longer exists.".into())],
            ),
        },
    }
}

/// The popup's lines for an inner width of `width`: each value wrapped under itself.
fn lines(state: &AppState, rec: RecordRef, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let value_w = usize::from(width).saturating_sub(LABEL).max(8);
    let mut out = Vec::new();
    for (label, value) in rows(state, rec).1 {
        let mut first = true;
        for para in value.split('\n') {
            for piece in super::wrap(para, value_w) {
                let head = if first {
                    format!("{label:>15}  ")
                } else {
                    " ".repeat(LABEL)
                };
                first = false;
                out.push(Line::from(vec![
                    Span::styled(head, t.muted),
                    Span::styled(piece, t.text),
                ]));
            }
        }
    }
    out
}

/// The popup in `area` and how many lines it has.
fn geometry(state: &AppState, rec: RecordRef, area: Rect) -> (Rect, usize) {
    let w = WIDTH.min(area.width);
    let n = lines(state, rec, w.saturating_sub(2), &state.theme).len();
    let h = u16::try_from(n)
        .unwrap_or(u16::MAX)
        .saturating_add(2)
        .max(8);
    (centered(area, w, h), n)
}

/// How far the record can scroll in a body `area`.
pub fn max_scroll(state: &AppState, rec: RecordRef, area: Rect) -> u16 {
    let (r, n) = geometry(state, rec, area);
    u16::try_from(n.saturating_sub(usize::from(r.height.saturating_sub(2)))).unwrap_or(u16::MAX)
}

/// Draws the record `rec` over `area`.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState, rec: RecordRef) {
    let t = &state.theme;
    let (r, _) = geometry(state, rec, area);
    let all = lines(state, rec, r.width.saturating_sub(2), t);
    let scroll = state.detail_scroll.min(max_scroll(state, rec, area));
    frame.render_widget(Clear, r);
    let mut footer = vec![
        Span::styled(" e", t.key),
        Span::styled(" edit  ", t.muted),
        Span::styled("d", t.key),
        Span::styled(" delete  ", t.muted),
    ];
    if max_scroll(state, rec, area) > 0 {
        footer.push(Span::styled("↑/↓", t.key));
        footer.push(Span::styled(" scroll  ", t.muted));
    }
    footer.push(Span::styled("Esc", t.key));
    footer.push(Span::styled(" close ", t.muted));
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(rows(state, rec).0, t.title))
        .title_bottom(Line::from(footer));
    let shown: Vec<Line> = all.into_iter().skip(usize::from(scroll)).collect();
    frame.render_widget(Paragraph::new(shown).block(block), r);
}
