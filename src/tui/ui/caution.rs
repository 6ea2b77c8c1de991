//! The health caution: a visible, non-blocking box above the log and guided setup forms when the
//! health profile has anything set.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use crate::tui::form::{Form, FormKind};
use crate::tui::state::AppState;

const WIDTH: u16 = 78;

/// How many lines `text` takes when word-wrapped to `width` columns.
fn wrapped_lines(text: &str, width: usize) -> usize {
    let width = width.max(1);
    let mut lines = 1;
    let mut col = 0;
    for word in text.split_whitespace() {
        let w = word.chars().count();
        if col > 0 && col + 1 + w <= width {
            col += 1 + w;
            continue;
        }
        if col > 0 {
            lines += 1;
        }
        // A word longer than the line takes extra lines of its own.
        lines += w.saturating_sub(1) / width;
        col = w.saturating_sub(1) % width + 1;
    }
    lines
}

/// The cautions that apply above `form`, if any.
pub fn for_form(state: &AppState, form: &Form) -> Vec<&'static str> {
    match form.kind() {
        FormKind::Session | FormKind::GuidedSetup => state.data.health.cautions(),
        _ => Vec::new(),
    }
}

/// Draws the caution box at the top of `area` if `form` needs one; returns the area left for it.
pub fn above_form(frame: &mut Frame<'_>, area: Rect, state: &AppState, form: &Form) -> Rect {
    let cautions = for_form(state, form);
    if cautions.is_empty() || area.height < 3 {
        return area;
    }
    let t = &state.theme;
    let w = WIDTH.min(area.width);
    let inner = usize::from(w.saturating_sub(2));
    let rows: usize = cautions.iter().map(|c| wrapped_lines(c, inner)).sum();
    let full = u16::try_from(rows + 2).unwrap_or(u16::MAX);
    // The form keeps the rows it needs; the caution takes the rest, down to one line. Once it
    // has been read whole, it takes one line unless F2 asks for it whole.
    let spare = area
        .height
        .saturating_sub(super::form::height(form, area.width, true, t));
    let brief = state.caution_seen && !state.caution_full;
    if spare < full || brief {
        let r = Rect::new(area.x, area.y, area.width, 1);
        frame.render_widget(Clear, r);
        let head = " Health caution: ";
        let rest = usize::from(area.width).saturating_sub(head.chars().count());
        let text = if spare < full {
            "check with your doctor first (h shows your health profile)"
        } else {
            "check with your doctor first (F2 shows it whole)"
        };
        let line = Line::from(vec![
            Span::styled(head, t.goal_due),
            Span::styled(super::excerpt(text, rest), t.text),
        ]);
        frame.render_widget(Paragraph::new(line), r);
        return Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    }
    let h = full;
    let r = Rect::new(area.x + (area.width - w) / 2, area.y, w, h);
    frame.render_widget(Clear, r);
    let lines: Vec<Line> = cautions.iter().map(|c| Line::styled(*c, t.text)).collect();
    let block = Block::bordered()
        .border_style(t.goal_due)
        .title(Span::styled(" Health caution ", t.goal_due));
    frame.render_widget(
        Paragraph::new(lines).block(block).wrap(Wrap { trim: true }),
        r,
    );
    Rect::new(area.x, area.y + h, area.width, area.height - h)
}

#[cfg(test)]
mod tests {
    use super::wrapped_lines;

    #[test]
    fn wrapping_counts_lines_by_words() {
        assert_eq!(wrapped_lines("", 10), 1);
        assert_eq!(wrapped_lines("abc def", 7), 1);
        assert_eq!(wrapped_lines("abc def", 6), 2);
        assert_eq!(wrapped_lines("abcdefghijkl", 5), 3);
    }
}
