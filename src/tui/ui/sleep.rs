//! The sleep-notes table: newest night first, filterable.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::first_line;
use super::history::{filter_line, titled};
use crate::domain::SleepNote;
use crate::domain::diary::{Diary, averages, hours_minutes};
use crate::domain::sleep::quality_label;
use crate::domain::text::plural;
use crate::tui::state::AppState;
pub use crate::tui::text::stars;

/// The diary columns' width with their spacing: three of 6 and a space each.
const DIARY_COLUMNS_WIDTH: u16 = 21;

/// The week up to the newest shown night: its average total sleep and efficiency, from the
/// nights that give them, in words that fit `width`; none when no night of that week does.
fn week_line(rows: &[&SleepNote], width: u16) -> Option<String> {
    let newest = rows.iter().map(|n| n.fields.night).max()?;
    let first = newest - chrono::Duration::days(6);
    let week: Vec<&Diary> = rows
        .iter()
        .filter(|n| (first..=newest).contains(&n.fields.night))
        .map(|n| &n.fields.diary)
        .collect();
    let avg = averages(week.iter().copied());
    let slept = hours_minutes(avg.total_sleep_min?);
    let eff = avg.efficiency_pct;
    let long = format!(
        " Week to {}: asleep {slept} on average ({}){} ",
        newest.format("%-d %b"),
        nights(avg.slept_nights),
        eff.map_or(String::new(), |e| format!(
            ", efficiency {e:.1} % ({})",
            avg.efficiency_nights
        )),
    );
    // The borders' corners take 2 columns.
    if long.chars().count() + 2 <= usize::from(width) {
        return Some(long);
    }
    Some(format!(
        " Week: asleep {slept}{} ",
        eff.map_or(String::new(), |e| format!(", {e:.1} %"))
    ))
}

fn nights(n: usize) -> String {
    plural(u64::try_from(n).unwrap_or(u64::MAX), "night", "nights")
}

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
    // The sleep diary's derived figures, when a shown note has diary items and there is room.
    let diary = area.width >= 90 && rows.iter().any(|n| !n.fields.diary.is_empty());
    let diary_w: u16 = if diary { DIARY_COLUMNS_WIDTH } else { 0 };
    // Fixed columns, spacing, the highlight symbol and borders take 30 columns besides quality.
    let note_width = usize::from(area.width.saturating_sub(30 + quality_w + diary_w)).max(8);
    let block = match week_line(&rows, area.width) {
        Some(line) => block.title_bottom(Line::styled(line, t.muted)),
        None => block,
    };
    let table_rows = rows.iter().map(|n| {
        let f = &n.fields;
        // Nights after a massage are marked, by the same rule Insights and `stats` pair them.
        let mark = if state.data.massage_nights.contains(&f.night) {
            " •"
        } else {
            ""
        };
        let mut cells = vec![
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
        ];
        if diary {
            let d = &f.diary;
            let span = |m: Option<u16>| {
                m.map_or("–".to_string(), |m| format!("{}:{:02}", m / 60, m % 60))
            };
            cells.push(Cell::from(span(d.time_in_bed_min())));
            cells.push(Cell::from(span(d.total_sleep_min())));
            cells.push(Cell::from(
                d.efficiency_pct()
                    .map_or("–".to_string(), |e| format!("{e:.1}%")),
            ));
        }
        cells.push(Cell::from(first_line(
            f.note.as_deref().unwrap_or(""),
            note_width,
        )));
        Row::new(cells)
    });
    let mut widths = vec![
        Constraint::Length(16),
        Constraint::Length(quality_w),
        Constraint::Length(5),
    ];
    let mut header = vec!["Night • massage", "Quality", "Hours"];
    if diary {
        widths.extend([
            Constraint::Length(6),
            Constraint::Length(6),
            Constraint::Length(6),
        ]);
        header.extend(["In bed", "Asleep", "Eff."]);
    }
    widths.push(Constraint::Min(8));
    header.push("Note");
    let table = Table::new(table_rows, widths)
        .header(Row::new(header).style(t.title))
        .block(block)
        .row_highlight_style(t.selected)
        .highlight_symbol("› ");
    let mut ts = TableState::default()
        .with_offset(state.sleep.offset)
        .with_selected(Some(state.sleep.selected));
    frame.render_stateful_widget(table, area, &mut ts);
}
