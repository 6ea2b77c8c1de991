//! Draws any form: one row per field (label, value, hint), inline errors under their field.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use crate::tui::form::{Field, Form, FormKind, Input};
use crate::tui::theme::Theme;

const LABEL: u16 = 18;

fn value_spans(f: &Field, focused: bool, t: &Theme) -> Vec<Span<'static>> {
    let sel = if focused { t.selected } else { t.focus };
    match &f.input {
        Input::Rating {
            value, min, max, ..
        } => {
            let shown = value.map_or("–".to_string(), |v| v.to_string());
            let mut spans = vec![Span::styled(
                format!("{shown:>2} "),
                if focused { t.focus } else { t.text },
            )];
            if *max <= 10 {
                let v = value.unwrap_or(0);
                let filled = (*min..=*max)
                    .filter(|i| *i <= v && value.is_some() && *i > 0)
                    .count();
                let total = usize::from(*max);
                spans.push(Span::styled("■".repeat(filled), t.tension_before));
                spans.push(Span::styled(
                    "·".repeat(total.saturating_sub(filled)),
                    t.muted,
                ));
            }
            spans
        }
        Input::Choice { index, options } => {
            let mut spans = Vec::new();
            for (i, o) in options.iter().enumerate() {
                if i == *index {
                    spans.push(Span::styled(format!("‹{o}›"), sel));
                } else if options.len() <= 6 {
                    spans.push(Span::styled(format!(" {o} "), t.muted));
                }
            }
            spans
        }
        Input::Toggles {
            on,
            cursor,
            options,
        } => {
            let mut spans = Vec::new();
            for (i, (o, on)) in options.iter().zip(on).enumerate() {
                let mark = if *on { "[x]" } else { "[ ]" };
                let style = if focused && i == *cursor {
                    sel
                } else if *on {
                    t.focus
                } else {
                    t.text
                };
                spans.push(Span::styled(format!("{mark} {o}"), style));
                spans.push(Span::raw(" "));
            }
            spans
        }
        Input::Text(_) => Vec::new(),
    }
}

/// Draws `form` as a box over `area`.
/// The rows `form` needs to show every field, error and banner.
pub fn height(form: &Form) -> u16 {
    let errors = form.fields.iter().filter(|f| f.error.is_some()).count();
    let rows = form.fields.len() + errors + usize::from(form.banner.is_some()) + 2;
    u16::try_from(rows).unwrap_or(u16::MAX)
}

pub fn render(frame: &mut Frame<'_>, area: Rect, form: &Form, t: &Theme) {
    let h = height(form);
    let r = centered(area, 78, h);
    frame.render_widget(Clear, r);
    // The guided set-up form's Enter starts the session rather than saving anything.
    let enter = if form.kind == FormKind::GuidedSetup {
        " start  "
    } else {
        " save  "
    };
    let footer = Line::from(vec![
        Span::styled(" Enter", t.key),
        Span::styled(enter, t.muted),
        Span::styled("Tab", t.key),
        Span::styled(" next  ", t.muted),
        Span::styled("Esc", t.key),
        Span::styled(" cancel ", t.muted),
    ]);
    let block = Block::bordered()
        .border_style(t.focus)
        .title(Span::styled(format!(" {} ", form.title), t.title))
        .title_bottom(footer);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    if let Some(b) = &form.banner {
        frame.render_widget(
            Paragraph::new(Span::styled(b.clone(), t.error)),
            Rect::new(inner.x, y, inner.width, 1),
        );
        y += 1;
    }
    // Labels longer than the usual column widen it, so a value never touches its label.
    let longest = form.fields.iter().map(|f| f.label.chars().count()).max();
    let label_w = LABEL.max(u16::try_from(longest.unwrap_or(0) + 3).unwrap_or(LABEL));
    for (i, f) in form.fields.iter().enumerate() {
        if y >= bottom {
            break;
        }
        let focused = i == form.focus;
        let marker = if focused { "›" } else { " " };
        let label_style = if focused { t.focus } else { t.muted };
        let label = Line::from(vec![
            Span::styled(marker, t.focus),
            Span::styled(
                format!("{:>w$} ", f.label, w = usize::from(label_w) - 2),
                label_style,
            ),
        ]);
        let lw = label_w.min(inner.width);
        frame.render_widget(Paragraph::new(label), Rect::new(inner.x, y, lw, 1));
        let vx = inner.x + lw;
        let vw = inner.width - lw;
        match &f.input {
            Input::Text(ta) => {
                let hint_w = u16::try_from(f.hint.chars().count()).unwrap_or(0) + 1;
                let want = if matches!(f.key, "note" | "oil" | "reason") {
                    44
                } else {
                    20
                };
                let tw = vw.saturating_sub(hint_w).min(want).max(vw.min(12));
                frame.render_widget(&**ta, Rect::new(vx, y, tw, 1));
                if vw > tw + 1 {
                    frame.render_widget(
                        Paragraph::new(Span::styled(f.hint, t.muted)),
                        Rect::new(vx + tw + 1, y, vw - tw - 1, 1),
                    );
                }
            }
            _ => {
                let mut spans = value_spans(f, focused, t);
                if !f.hint.is_empty() {
                    spans.push(Span::styled(format!("  {}", f.hint), t.muted));
                }
                frame.render_widget(Paragraph::new(Line::from(spans)), Rect::new(vx, y, vw, 1));
            }
        }
        y += 1;
        if let Some(e) = &f.error
            && y < bottom
        {
            frame.render_widget(
                // Cut visibly (…) rather than silently at the form's edge.
                Paragraph::new(Span::styled(
                    super::excerpt(&format!("↳ {e}"), usize::from(vw)),
                    t.error,
                )),
                Rect::new(vx, y, vw, 1),
            );
            y += 1;
        }
    }
}
