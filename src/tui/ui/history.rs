//! The sessions table: newest first, filterable; Enter opens a record.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Paragraph, Row, Table, TableState};

use super::{excerpt, first_line};
use crate::tui::state::{AppState, ListView};
use crate::tui::theme::Theme;

/// Draws the filter line (when filtering or filtered) and returns the area left for the table.
pub fn filter_line(frame: &mut Frame<'_>, area: Rect, list: &ListView, t: &Theme) -> Rect {
    if let Some(first) = list.week
        && !list.filtering
        && list.filter_text().is_empty()
    {
        let [line, rest] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let last = crate::domain::week::week_last_day(first);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(" Week: ", t.key),
                Span::raw(format!(
                    "{} – {}",
                    first.format("%a %-d %b"),
                    last.format("%a %-d %b %Y")
                )),
                Span::styled("  (Esc: back to the dashboard)", t.muted),
            ])),
            line,
        );
        return rest;
    }
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
    // Borders and the highlight symbol take 4 columns; the rest goes to the columns that fit.
    let cols = columns(area.width.saturating_sub(4));
    let note_width = usize::from(
        cols.iter()
            .find(|(c, _)| *c == Col::Note)
            .map_or(0, |(_, w)| *w),
    );
    let table_rows = rows.iter().map(|s| {
        let f = &s.fields;
        let cells = cols.iter().map(|(c, _)| match c {
            Col::Date => Cell::from(f.started_at.format("%a %Y-%m-%d").to_string()),
            Col::Time => Cell::from(f.started_at.format("%H:%M").to_string()),
            Col::Minutes => Cell::from(format!("{:>3}", f.minutes)),
            Col::Feet => Cell::from(f.feet.as_str()),
            Col::Tool => Cell::from(f.tool.as_str()),
            Col::Tension => Cell::from(Line::from(vec![
                Span::styled(format!("{:>2}", f.tension_before), t.tension_before),
                Span::raw(" → "),
                Span::styled(format!("{:<2}", f.tension_after), t.tension_after),
            ])),
            Col::Pain => Cell::from(f.pain.map_or("–".to_string(), |p| p.to_string())),
            Col::Areas => {
                let names: Vec<&str> = f.areas.iter().map(|a| a.as_str()).collect();
                Cell::from(excerpt(&names.join(","), usize::from(Col::Areas.width())))
            }
            Col::Oil => Cell::from(excerpt(
                f.oil.as_deref().unwrap_or(""),
                usize::from(Col::Oil.width()),
            )),
            Col::Note => Cell::from(first_line(f.note.as_deref().unwrap_or(""), note_width)),
        });
        Row::new(cells.collect::<Vec<_>>())
    });
    let header = Row::new(cols.iter().map(|(c, _)| c.title())).style(t.title);
    let table = Table::new(table_rows, cols.iter().map(|(_, w)| Constraint::Length(*w)))
        .header(header)
        .block(block)
        .row_highlight_style(t.selected)
        .highlight_symbol("› ");
    let mut ts = TableState::default()
        .with_offset(state.history.offset)
        .with_selected(Some(state.history.selected));
    frame.render_stateful_widget(table, area, &mut ts);
}

/// A History column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Weekday and date.
    Date,
    /// Start time.
    Time,
    /// Minutes.
    Minutes,
    /// Which feet.
    Feet,
    /// Tool or technique.
    Tool,
    /// Tension before → after.
    Tension,
    /// Pain.
    Pain,
    /// Focus areas (on a wide terminal: the filter matches them, so rows show them).
    Areas,
    /// Oil or lotion (likewise).
    Oil,
    /// The note (takes the width left over).
    Note,
}

impl Col {
    /// In display order.
    const ALL: [Col; 10] = [
        Col::Date,
        Col::Time,
        Col::Minutes,
        Col::Feet,
        Col::Tool,
        Col::Tension,
        Col::Pain,
        Col::Areas,
        Col::Oil,
        Col::Note,
    ];

    /// Most important first: the ones at the end give way first on a narrow terminal.
    const BY_IMPORTANCE: [Col; 10] = [
        Col::Date,
        Col::Time,
        Col::Tension,
        Col::Minutes,
        Col::Pain,
        Col::Feet,
        Col::Tool,
        Col::Note,
        Col::Areas,
        Col::Oil,
    ];

    fn title(self) -> &'static str {
        match self {
            Col::Date => "Date",
            Col::Time => "Time",
            Col::Minutes => "Min",
            Col::Feet => "Feet",
            Col::Tool => "Tool",
            Col::Tension => "Tension",
            Col::Pain => "Pain",
            Col::Areas => "Areas",
            Col::Oil => "Oil",
            Col::Note => "Note",
        }
    }

    /// The width it needs (the note: at least this much).
    fn width(self) -> u16 {
        match self {
            Col::Date => 14,
            Col::Time => 5,
            Col::Minutes => 3,
            Col::Feet => 5,
            Col::Tool => 12,
            Col::Tension => 7,
            Col::Pain => 4,
            Col::Areas => 18,
            Col::Oil => 12,
            Col::Note => 8,
        }
    }
}

/// The columns that fit in `width` (one space between columns), in display order, with their
/// widths: whole columns give way from the least important, and the note takes what is left.
pub fn columns(width: u16) -> Vec<(Col, u16)> {
    let mut kept: Vec<Col> = Vec::new();
    let mut used: u16 = 0;
    for c in Col::BY_IMPORTANCE {
        let need = c.width() + u16::from(!kept.is_empty());
        if used + need > width {
            break;
        }
        used += need;
        kept.push(c);
    }
    Col::ALL
        .into_iter()
        .filter(|c| kept.contains(c))
        .map(|c| {
            let w = if c == Col::Note {
                c.width() + (width - used)
            } else {
                c.width()
            };
            (c, w)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Col, columns};

    #[test]
    fn columns_give_way_from_the_note_and_never_cut_date_or_tension() {
        let names = |w| columns(w).iter().map(|(c, _)| *c).collect::<Vec<_>>();
        use Col::*;
        assert_eq!(names(26), [Date, Time]);
        assert_eq!(names(28), [Date, Time, Tension]);
        assert_eq!(names(46), [Date, Time, Minutes, Feet, Tension, Pain]);
        assert_eq!(names(56), [Date, Time, Minutes, Feet, Tool, Tension, Pain]);
        assert_eq!(
            names(65),
            [Date, Time, Minutes, Feet, Tool, Tension, Pain, Note]
        );
        // Wide enough: the areas, then the oil, before the note grows.
        assert_eq!(
            names(84),
            [Date, Time, Minutes, Feet, Tool, Tension, Pain, Areas, Note]
        );
        assert_eq!(
            names(97),
            [
                Date, Time, Minutes, Feet, Tool, Tension, Pain, Areas, Oil, Note
            ]
        );
        // Every width kept fits exactly, and the note gets the rest.
        for w in 0..200 {
            let cols = columns(w);
            let used: u16 = cols.iter().map(|(_, w)| w).sum::<u16>()
                + u16::try_from(cols.len().saturating_sub(1)).expect("n");
            assert!(used <= w, "{w}: {cols:?}");
            if cols.iter().any(|(c, _)| *c == Note) {
                assert_eq!(used, w, "{w}");
            }
        }
    }
}
