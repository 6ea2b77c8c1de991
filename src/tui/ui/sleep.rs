//! The sleep-notes table: newest night first, filterable.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::first_line;
use super::history::{filter_line, titled};
use crate::domain::sleep::quality_label;
use crate::tui::state::AppState;
pub use crate::tui::text::stars;

/// Draws the Sleep screen.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let area = filter_line(frame, area, &state.sleep, t);
    let rows = state.visible_sleep();
    let block = titled("Sleep notes", rows.len(), state.data.sleep.len(), t);
    if rows.is_empty() {
        let msg = if state.data.sleep.is_empty() {
            Line::from(vec![
                Span::raw("No sleep notes yet. Press "),
                Span::styled(
                    crate::tui::keymap::key_for(&state.keymap, &crate::tui::msg::Msg::NewSleep),
                    t.key,
                ),
                Span::raw(" to add one."),
            ])
        } else {
            Line::raw("Nothing matches the filter. Esc clears it.")
        };
        frame.render_widget(Paragraph::new(msg).block(block), area);
        return;
    }
    // The quality's words ("good") when there is room beside the note's 8 columns.
    let words = area.width >= 64;
    let quality_w: u16 = if words { 17 } else { 7 };
    // Fixed columns, spacing, the highlight symbol and borders take 30 columns besides quality.
    let note_width = usize::from(area.width.saturating_sub(30 + quality_w)).max(8);
    let table_rows = rows.iter().map(|n| {
        let f = &n.fields;
        // Nights after a massage are marked, by the same rule Insights and `stats` pair them.
        let mark = if state.data.massage_nights.contains(&f.night) {
            " •"
        } else {
            ""
        };
        Row::new(vec![
            Cell::from(format!("{}{mark}", f.night.format("%a %Y-%m-%d"))),
            Cell::from(if words {
                format!(
                    "{} {} {}",
                    stars(f.quality),
                    f.quality,
                    quality_label(f.quality)
                )
            } else {
                format!("{} {}", stars(f.quality), f.quality)
            }),
            Cell::from(f.hours.map_or("–".to_string(), |h| format!("{h:.1}"))),
            Cell::from(first_line(f.note.as_deref().unwrap_or(""), note_width)),
        ])
    });
    let table = Table::new(
        table_rows,
        [
            Constraint::Length(16),
            Constraint::Length(quality_w),
            Constraint::Length(5),
            Constraint::Min(8),
        ],
    )
    .header(Row::new(["Night • massage", "Quality", "Hours", "Note"]).style(t.title))
    .block(block)
    .row_highlight_style(t.selected)
    .highlight_symbol("› ");
    let mut ts = TableState::default()
        .with_offset(state.sleep.offset)
        .with_selected(Some(state.sleep.selected));
    frame.render_stateful_widget(table, area, &mut ts);
}
