//! The record popup's lines (values wrapped under themselves, line breaks in notes kept) and
//! where the popup goes; a record taller than the screen scrolls.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::centered;
use crate::domain::RecordRef;
use crate::domain::diary::{Diary, NightClock, hours_minutes};
use crate::domain::time::format_rfc3339;
use crate::tui::state::AppState;
use crate::tui::text::{shown, stars, wrap};
use crate::tui::theme::Theme;

/// The popup's widest.
const WIDTH: u16 = 76;
/// Label column: 15 characters and two spaces.
const LABEL: usize = 17;

/// The record as (label, value) rows; a value may hold line breaks.
pub fn rows(state: &AppState, rec: RecordRef) -> (&'static str, Vec<(&'static str, String)>) {
    // Line breaks are kept (the popup shows them); every other unsafe character is left out.
    let opt = |o: &Option<String>| {
        o.as_deref().map_or_else(
            || "–".into(),
            |s| s.split('\n').map(shown).collect::<Vec<_>>().join("\n"),
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
                    ]
                    .into_iter()
                    .chain(diary_rows(&f.diary))
                    .chain([
                        ("Note", opt(&f.note)),
                        ("UUID", n.uuid.to_string()),
                        ("Created", format_rfc3339(&n.created_at)),
                        ("Updated", format_rfc3339(&n.updated_at)),
                    ])
                    .collect(),
                )
            }
            None => (
                " Sleep note ",
                vec![("", "This note no longer exists.".into())],
            ),
        },
    }
}

/// The sleep diary's items and derived figures, in the order the night happens; none when the
/// note has no item.
fn diary_rows(d: &Diary) -> Vec<(&'static str, String)> {
    if d.is_empty() {
        return Vec::new();
    }
    let time = |t: Option<NightClock>| t.map_or("–".to_string(), |t| t.to_string());
    let min = |m: Option<u16>| m.map_or("–".to_string(), |m| format!("{m} min"));
    let span = |m: Option<u16>| m.map_or("–".to_string(), |m| hours_minutes(f64::from(m)));
    vec![
        ("Into bed", time(d.bed)),
        ("Tried to sleep", time(d.tried)),
        ("Fall asleep", min(d.latency_min)),
        (
            "Awakenings",
            d.awakenings.map_or("–".to_string(), |a| a.to_string()),
        ),
        ("Awake", min(d.awake_min_or_none_woken())),
        ("Woke", time(d.woke)),
        ("Out of bed", time(d.up)),
        ("Time in bed", span(d.time_in_bed_min())),
        ("Total sleep", span(d.total_sleep_min())),
        (
            "Efficiency",
            d.efficiency_pct()
                .map_or("–".to_string(), |e| format!("{e:.1} %")),
        ),
    ]
}

/// The popup's lines for an inner width of `width`: each value wrapped under itself.
pub fn lines(state: &AppState, rec: RecordRef, width: u16, t: &Theme) -> Vec<Line<'static>> {
    let value_w = usize::from(width).saturating_sub(LABEL).max(8);
    let mut out = Vec::new();
    for (label, value) in rows(state, rec).1 {
        let mut first = true;
        for para in value.split('\n') {
            for piece in wrap(para, value_w) {
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
pub fn geometry(state: &AppState, rec: RecordRef, area: Rect) -> (Rect, usize) {
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
