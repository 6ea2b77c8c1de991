//! The sessions table: newest first, filterable; Enter opens a record.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use super::excerpt;
use crate::tui::state::{AppState, ListView};
use crate::tui::theme::Theme;

/// Draws the filter line (when filtering or filtered) and returns the area left for the table.
pub fn filter_line(frame: &mut Frame<'_>, area: Rect, list: &ListView, t: &Theme) -> Rect {
    if !list.filtering && list.filter_text().is_empty() {
        return area;
    }
    let [line, rest] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    let [label, input] =
        Layout::horizontal([Constraint::Length(9), Constraint::Min(1)]).areas(line);
    frame.render_widget(Paragraph::new(Span::styled(" Filter: ", t.key)), label);
    let mut ta = list.filter.clone();
    if !list.filtering {
        ta.set_cursor_style(ratatui::style::Style::new());
    }
    ta.set_cursor_line_style(ratatui::style::Style::new());
    frame.render_widget(&ta, input);
    rest
}

/// A block titled with the count, e.g. "Sessions (3 of 120)".
pub fn titled(what: &str, shown: usize, total: usize, t: &Theme) -> Block<'static> {
    let title = if shown == total {
        format!(" {what} ({total}) ")
    } else {
        format!(" {what} ({shown} of {total} match) ")
    };
    Block::bordered()
        .border_style(t.border)
        .title(Span::styled(title, t.title))
}

/// Draws the History screen.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let area = filter_line(frame, area, &state.history, t);
    let rows = state.visible_sessions();
    let block = titled("Sessions", rows.len(), state.data.sessions.len(), t);
    if rows.is_empty() {
        let msg = if state.data.sessions.is_empty() {
            Line::from(vec![
                Span::raw("No sessions yet. Press "),
                Span::styled(
                    crate::tui::keymap::key_for(&state.keymap, &crate::tui::msg::Msg::NewSession),
                    t.key,
                ),
                Span::raw(" to log one."),
            ])
        } else {
            Line::raw("Nothing matches the filter. Esc clears it.")
        };
        frame.render_widget(Paragraph::new(msg).block(block), area);
        return;
    }
    // Fixed columns, spacing, the highlight symbol and borders take 61 columns.
    let note_width = usize::from(area.width.saturating_sub(61)).max(8);
    let table_rows = rows.iter().map(|s| {
        let f = &s.fields;
        Row::new(vec![
            Cell::from(f.started_at.format("%a %Y-%m-%d").to_string()),
            Cell::from(f.started_at.format("%H:%M").to_string()),
            Cell::from(format!("{:>3}", f.minutes)),
            Cell::from(f.feet.as_str()),
            Cell::from(f.tool.as_str()),
            Cell::from(Line::from(vec![
                Span::styled(format!("{:>2}", f.tension_before), t.tension_before),
                Span::raw(" → "),
                Span::styled(format!("{:<2}", f.tension_after), t.tension_after),
            ])),
            Cell::from(f.pain.map_or("–".to_string(), |p| p.to_string())),
            Cell::from(excerpt(f.note.as_deref().unwrap_or(""), note_width)),
        ])
    });
    let header = Row::new([
        "Date", "Time", "Min", "Feet", "Tool", "Tension", "Pain", "Note",
    ])
    .style(t.title);
    let table = Table::new(
        table_rows,
        [
            Constraint::Length(14),
            Constraint::Length(5),
            Constraint::Length(3),
            Constraint::Length(5),
            Constraint::Length(12),
            Constraint::Length(7),
            Constraint::Length(4),
            Constraint::Min(8),
        ],
    )
    .header(header)
    .block(block)
    .row_highlight_style(t.selected)
    .highlight_symbol("› ");
    let mut ts = TableState::default().with_selected(Some(state.history.selected));
    frame.render_stateful_widget(table, area, &mut ts);
}
