//! Draws any form: one row per field (label, value, hint), inline errors under their field.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use super::centered;
use crate::tui::form::{FieldRef, Form, FormKind, Input, Shape, Text};
use crate::tui::theme::Theme;

const LABEL: u16 = 18;
/// The most rows a multi-line note takes in a form.
const NOTE_ROWS: usize = 4;

/// A field's value as items (one per option) that wrap onto further rows as a whole.
fn value_items(f: &FieldRef<'_>, focused: bool, t: &Theme) -> Vec<Vec<Span<'static>>> {
    let sel = if focused { t.selected } else { t.focus };
    let mut items = match f.input {
        Input::Rating(r) => {
            let (value, min, max) = (&r.value, &r.min, &r.max);
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
            if let (Some(words), Some(v)) = (r.words, value) {
                spans.push(Span::styled(
                    format!(" {}", words(*v)),
                    if focused { t.focus } else { t.text },
                ));
            }
            vec![spans]
        }
        Input::Choice(c) => c
            .options
            .iter()
            .enumerate()
            .filter_map(|(i, o)| {
                if i == c.index {
                    Some(vec![Span::styled(format!("‹{o}›"), sel)])
                } else if c.options.len() <= 6 {
                    Some(vec![Span::styled(format!(" {o} "), t.muted)])
                } else {
                    None
                }
            })
            .collect(),
        Input::Toggles(tg) => tg
            .options
            .iter()
            .zip(&tg.on)
            .enumerate()
            .map(|(i, (o, on))| {
                let mark = if *on { "[x]" } else { "[ ]" };
                let style = if focused && i == tg.cursor {
                    sel
                } else if *on {
                    t.focus
                } else {
                    t.text
                };
                vec![Span::styled(format!("{mark} {o} "), style)]
            })
            .collect(),
        Input::Text(_) => Vec::new(),
    };
    if !f.hint.is_empty() {
        items.push(vec![Span::styled(format!("  {}", f.hint), t.muted)]);
    }
    items
}

/// The item a one-row value must keep in view: the chosen option, or the toggles' cursor.
fn anchor(f: &FieldRef<'_>) -> usize {
    match f.input {
        Input::Choice(c) if c.options.len() <= 6 => c.index,
        Input::Toggles(t) => t.cursor,
        _ => 0,
    }
}

/// One row of at most `width` columns: the items around `anchor` (with "…" where some are left
/// out, so ←/→ shows them), the hint only if it fits too.
fn window(
    items: Vec<Vec<Span<'static>>>,
    has_hint: bool,
    anchor: usize,
    width: u16,
    t: &Theme,
) -> Line<'static> {
    let width = usize::from(width);
    let w = |item: &Vec<Span<'static>>| {
        item.iter()
            .map(|s| s.content.chars().count())
            .sum::<usize>()
    };
    let mut items = items;
    let hint = if has_hint { items.pop() } else { None };
    let total: usize = items.iter().map(w).sum();
    let hint_w = hint.as_ref().map_or(0, w);
    if total + hint_w <= width {
        let mut spans: Vec<Span<'static>> = items.into_iter().flatten().collect();
        spans.extend(hint.into_iter().flatten());
        return Line::from(spans);
    }
    if total <= width {
        return Line::from(items.into_iter().flatten().collect::<Vec<_>>());
    }
    let anchor = anchor.min(items.len().saturating_sub(1));
    let (mut lo, mut hi) = (anchor, anchor + 1);
    let mut used = items.get(anchor).map_or(0, w);
    // Grow to the right first (the options after the chosen one), then to the left; one
    // column each side is kept for the "…".
    let room = width.saturating_sub(2);
    loop {
        let right = items.get(hi).map(w).filter(|n| used + n <= room);
        let left = lo
            .checked_sub(1)
            .and_then(|i| items.get(i))
            .map(w)
            .filter(|n| used + n <= room);
        if let Some(n) = right {
            used += n;
            hi += 1;
        } else if let Some(n) = left {
            lo -= 1;
            used += n;
        } else {
            break;
        }
    }
    let more = |b: bool| Span::styled(if b { "…" } else { " " }, t.muted);
    let mut spans = vec![more(lo > 0)];
    let last = items.len();
    spans.extend(items.into_iter().skip(lo).take(hi - lo).flatten());
    if hi < last {
        spans.push(more(true));
    }
    Line::from(spans)
}

/// Packs `items` into lines of at most `width` columns, never splitting an item (one wider than
/// the line gets a line of its own and is cut there).
fn pack(items: Vec<Vec<Span<'static>>>, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut col = 0;
    for item in items {
        let w: usize = item.iter().map(|s| s.content.chars().count()).sum();
        if col > 0 && col + w > width {
            lines.push(Vec::new());
            col = 0;
        }
        col += w;
        if let Some(l) = lines.last_mut() {
            l.extend(item);
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// Where each part of a field goes, for a value column `value_w` wide.
struct Placed {
    /// The value's rows (empty for a text field, drawn by its widget).
    value: Vec<Line<'static>>,
    /// Rows the value takes.
    value_rows: u16,
    /// The error, wrapped under the value.
    error: Vec<String>,
}

impl Placed {
    fn rows(&self) -> u16 {
        self.value_rows
            .saturating_add(u16::try_from(self.error.len()).unwrap_or(u16::MAX))
    }
}

/// `compact`: every value on one row (the options around the chosen one), for an area too low
/// for the wrapped form.
fn place(f: &FieldRef<'_>, focused: bool, value_w: u16, compact: bool, t: &Theme) -> Placed {
    let value = if f.is_text() {
        Vec::new()
    } else if compact {
        let items = value_items(f, focused, t);
        vec![window(items, !f.hint.is_empty(), anchor(f), value_w, t)]
    } else {
        pack(value_items(f, focused, t), value_w)
    };
    let value_rows = match f.input {
        // A note shows up to NOTE_ROWS of its rows, a long line wrapped (as its widget wraps it,
        // at words in the value's width); the widget scrolls to the cursor.
        Input::Text(t) if t.is_note() => {
            let width = usize::from(value_w);
            let rows: usize = t
                .area
                .lines()
                .iter()
                .map(|l| super::wrap(l, width).len())
                .sum();
            u16::try_from(rows.clamp(1, NOTE_ROWS)).unwrap_or(1)
        }
        _ => u16::try_from(value.len()).unwrap_or(1).max(1),
    };
    let error = f.error.as_ref().map_or_else(Vec::new, |e| {
        // Wrapped two columns narrower than the value: every line gets "↳ " or, continuing,
        // "  " (so it sits under the text, not under the arrow) and must still fit.
        let text_w = usize::from(value_w).saturating_sub(2);
        let mut lines = super::wrap(e, text_w);
        for (i, l) in lines.iter_mut().enumerate() {
            *l = format!("{}{l}", if i == 0 { "↳ " } else { "  " });
        }
        lines
    });
    Placed {
        value,
        value_rows,
        error,
    }
}

/// The form's box in `area`: 78 columns at most.
fn form_width(area_width: u16) -> u16 {
    78.min(area_width)
}

/// The label column: wide enough for the longest label, narrower on a narrow terminal.
fn label_width(form: &Form, inner_width: u16) -> u16 {
    let longest = form.each().iter().map(|f| f.label.chars().count()).max();
    let need = u16::try_from(longest.unwrap_or(0) + 3).unwrap_or(LABEL);
    let w = if inner_width < 70 {
        need
    } else {
        LABEL.max(need)
    };
    w.min(inner_width)
}

/// The rows `form` needs in an area `area_width` wide to show every field, error and banner,
/// with every option in view (`compact`: the chosen options only).
pub fn height(form: &Form, area_width: u16, compact: bool, t: &Theme) -> u16 {
    let inner = form_width(area_width).saturating_sub(2);
    let vw = inner.saturating_sub(label_width(form, inner));
    let mut rows = 2 + u16::from(form.banner.is_some());
    for (i, f) in form.each().iter().enumerate() {
        rows = rows.saturating_add(place(f, i == form.focus, vw, compact, t).rows());
    }
    rows
}

/// Draws `form` as a box over `area`.
pub fn render(frame: &mut Frame<'_>, area: Rect, form: &Form, t: &Theme) {
    let full = height(form, area.width, false, t);
    let compact = full > area.height;
    let h = if compact {
        height(form, area.width, true, t)
    } else {
        full
    };
    let r = centered(area, form_width(area.width), h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.focus)
        .title(Span::styled(format!(" {} ", form.title), t.title))
        .title_bottom(footer(form, t));
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
    let lw = label_width(form, inner.width);
    let vx = inner.x + lw;
    let vw = inner.width - lw;
    // Too many rows for the area: start further down so the focused field is in view.
    let fields = form.each();
    let placed: Vec<Placed> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| place(f, i == form.focus, vw, compact, t))
        .collect();
    let first = first_shown(&placed, form.focus, bottom.saturating_sub(y));
    for (i, (f, placed)) in fields.iter().zip(placed).enumerate().skip(first) {
        if y >= bottom {
            break;
        }
        let focused = i == form.focus;
        let marker = if focused { "›" } else { " " };
        let label_style = if focused { t.focus } else { t.muted };
        let label = Line::from(vec![
            Span::styled(marker, t.focus),
            Span::styled(
                format!("{:>w$} ", f.label, w = usize::from(lw.saturating_sub(2))),
                label_style,
            ),
        ]);
        frame.render_widget(Paragraph::new(label), Rect::new(inner.x, y, lw, 1));
        let rows = placed.value_rows.min(bottom - y);
        match &f.input {
            Input::Text(text) => {
                let area = Rect::new(vx, y, vw, rows);
                draw_text_field(frame, f.hint, text, area, focused, t);
            }
            _ => {
                frame.render_widget(Paragraph::new(placed.value), Rect::new(vx, y, vw, rows));
            }
        }
        y += rows;
        for line in &placed.error {
            if y >= bottom {
                break;
            }
            frame.render_widget(
                Paragraph::new(Span::styled(line.clone(), t.error)),
                Rect::new(vx, y, vw, 1),
            );
            y += 1;
        }
    }
}

/// The footer: Enter, Tab, Esc and what they do here.
fn footer(form: &Form, t: &Theme) -> Line<'static> {
    // The guided set-up form's Enter starts the session rather than saving anything.
    let enter = if form.kind() == FormKind::GuidedSetup {
        " start  "
    } else {
        " save  "
    };
    Line::from(vec![
        Span::styled(" Enter", t.key),
        Span::styled(enter, t.muted),
        Span::styled("Tab", t.key),
        Span::styled(" next  ", t.muted),
        Span::styled("Esc", t.key),
        Span::styled(" cancel ", t.muted),
    ])
}

/// The first field to draw when the fields take more than `room` rows: far enough down that the
/// focused one is in view.
fn first_shown(placed: &[Placed], focus: usize, room: u16) -> usize {
    let focus = focus.min(placed.len().saturating_sub(1));
    let mut first = 0;
    while first < focus
        && placed
            .get(first..=focus)
            .unwrap_or_default()
            .iter()
            .map(Placed::rows)
            .sum::<u16>()
            > room
    {
        first += 1;
    }
    first
}

/// A text field's widget and, where it fits beside it, its hint, in the value column `area`.
fn draw_text_field(
    frame: &mut Frame<'_>,
    hint: &'static str,
    text: &Text,
    area: Rect,
    focused: bool,
    t: &Theme,
) {
    let (vx, y, vw) = (area.x, area.y, area.width);
    let hint_w = u16::try_from(hint.chars().count()).unwrap_or(0) + 1;
    let want = if matches!(text.shape, Shape::Long | Shape::Note) {
        44
    } else {
        20
    };
    // Wide enough for the whole value where possible; the hint gives way first.
    let text_w = text.area.lines().iter().map(|l| l.chars().count()).max();
    let need = u16::try_from(text_w.unwrap_or(0) + 1).unwrap_or(u16::MAX);
    let tw = want.max(need).min(vw);
    // Narrower than wanted (not than the value, nor 12) to keep the hint in view.
    let beside = vw.saturating_sub(hint_w);
    let tw = if beside < tw && beside >= need.max(12) {
        beside
    } else {
        tw
    };
    draw_text(frame, text, Rect::new(vx, y, tw, area.height), focused);
    if vw >= tw + hint_w {
        frame.render_widget(
            Paragraph::new(Span::styled(hint, t.muted)),
            Rect::new(vx + tw + 1, y, vw - tw - 1, 1),
        );
    }
}

/// Draws a text field's widget styled for its focus: the cursor shows only in the focused field,
/// a selected value is drawn reversed, and the cursor's line is not underlined.
fn draw_text(frame: &mut Frame<'_>, text: &Text, area: Rect, focused: bool) {
    let reversed = Style::new().add_modifier(Modifier::REVERSED);
    let mut styled = (*text.area).clone();
    styled.set_cursor_style(if focused { reversed } else { Style::new() });
    styled.set_cursor_line_style(Style::new());
    styled.set_selection_style(reversed);
    frame.render_widget(&styled, area);
    // The widget remembers how far it scrolled, to scroll no more than the cursor needs next
    // time; drawing the form's own widget (off screen, the same size) keeps that memory where
    // the form holds it.
    let mut scratch = Buffer::empty(area);
    (&*text.area).render(area, &mut scratch);
}

#[cfg(test)]
mod tests {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;

    fn shown(term: &mut Terminal<TestBackend>, text: &Text) -> String {
        term.draw(|f| draw_text(f, text, Rect::new(0, 0, 10, 1), true))
            .expect("draw");
        let buf = term.backend().buffer();
        (0..10).map(|x| buf[(x, 0)].symbol()).collect()
    }

    #[test]
    fn a_scrolled_text_field_scrolls_no_further_than_its_cursor_needs() {
        let mut term = Terminal::new(TestBackend::new(10, 1)).expect("terminal");
        let mut text = Text::new("abcdefghijklmnopqrstuvwxyz", Shape::Short);
        assert_eq!(
            shown(&mut term, &text),
            "rstuvwxyz ",
            "the cursor at the end"
        );
        for _ in 0..3 {
            text.area
                .input(KeyEvent::new(KeyCode::Left, KeyModifiers::NONE));
        }
        // The cursor is still in view: the field stays where it was scrolled to, rather than
        // jumping to the least scroll that shows the cursor ("opqrstuvwx").
        assert_eq!(shown(&mut term, &text), "rstuvwxyz ");
    }

    #[test]
    fn only_the_focused_text_field_shows_its_cursor() {
        let mut term = Terminal::new(TestBackend::new(10, 1)).expect("terminal");
        let text = Text::new("abc", Shape::Short);
        for focused in [true, false] {
            term.draw(|f| draw_text(f, &text, Rect::new(0, 0, 10, 1), focused))
                .expect("draw");
            let cursor = &term.backend().buffer()[(3, 0)];
            assert_eq!(
                cursor.modifier.contains(Modifier::REVERSED),
                focused,
                "focused: {focused}"
            );
        }
    }
}
