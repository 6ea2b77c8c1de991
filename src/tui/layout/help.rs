//! The help overlay's lines (every key of the screen underneath, from the key map) and where
//! they go: one column or two, and how far they scroll.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::centered;
use crate::tui::keymap::{self, Mode};
use crate::tui::state::{AppState, Overlay};
use crate::tui::text::wrap;
use crate::tui::theme::Theme;

/// The modes the help overlay describes: those of whatever is under it.
pub fn described_modes(state: &AppState) -> Vec<Mode> {
    let mut under = state.clone();
    while matches!(under.overlays.last(), Some(Overlay::Help)) {
        under.overlays.pop();
    }
    let mut modes = under.modes().as_slice().to_vec();
    if modes.contains(&Mode::Form) {
        for m in [Mode::FormValue, Mode::FormDate, Mode::FormNote] {
            if !modes.contains(&m) {
                modes.push(m);
            }
        }
    }
    modes
}

/// One group of the overlay: its heading and its (keys, what they do) rows.
type Group = (&'static str, Vec<(String, &'static str)>);

fn groups(state: &AppState) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    for (mode, keys, help) in keymap::help_rows(&state.keymap, &described_modes(state)) {
        match out.last_mut() {
            Some((title, rows)) if *title == mode.title() => rows.push((keys, help)),
            _ => out.push((mode.title(), vec![(keys, help)])),
        }
    }
    // Where sleep quality is shown or set, what its numbers mean.
    let sleep_form = state
        .form
        .as_ref()
        .is_some_and(|f| f.kind() == crate::tui::form::FormKind::Sleep);
    if sleep_form || (state.form.is_none() && state.screen == crate::tui::state::Screen::Sleep) {
        let rows = crate::domain::sleep::QUALITY_LABELS
            .iter()
            .zip(1..)
            .map(|(label, n)| (format!("{n}"), *label))
            .collect();
        out.push(("Sleep quality (Consensus Sleep Diary)", rows));
    }
    out
}

/// A group's lines in a column `width` wide: what a key does wraps under itself.
fn group_lines(group: &Group, kw: usize, width: usize, t: &Theme) -> Vec<Line<'static>> {
    let mut lines = vec![Line::styled(group.0, t.title)];
    let help_w = width.saturating_sub(kw + 2).max(8);
    for (keys, help) in &group.1 {
        for (i, piece) in wrap(help, help_w).into_iter().enumerate() {
            let head = if i == 0 {
                format!("  {keys:<kw$}")
            } else {
                " ".repeat(kw + 2)
            };
            lines.push(Line::from(vec![
                Span::styled(head, t.key),
                Span::raw(piece),
            ]));
        }
    }
    lines
}

/// The overlay's box, its columns of lines and the taller column's length, for a body `area`.
pub fn place(state: &AppState, area: Rect) -> (Rect, Vec<Vec<Line<'static>>>, usize) {
    let t = &state.theme;
    let groups = groups(state);
    // The keys column fits the longest keys ("Alt-Enter/C-j") with a space after.
    let kw = groups
        .iter()
        .flat_map(|g| g.1.iter())
        .map(|(k, _)| k.chars().count() + 1)
        .max()
        .unwrap_or(0)
        .max(12);
    let inner_h = usize::from(area.height.saturating_sub(2));
    let one = |w: u16| {
        let mut lines = Vec::new();
        for (i, g) in groups.iter().enumerate() {
            if i > 0 {
                lines.push(Line::raw(""));
            }
            lines.extend(group_lines(g, kw, usize::from(w.saturating_sub(2)), t));
        }
        lines
    };
    let narrow = 48.min(area.width);
    let single = one(narrow);
    // One column when it fits or two would be too narrow to read; it scrolls if it must.
    if single.len() <= inner_h || area.width < 64 {
        let h = u16::try_from(single.len().min(inner_h) + 2).unwrap_or(u16::MAX);
        let n = single.len();
        return (centered(area, narrow, h), vec![single], n);
    }
    // Two columns, groups kept whole, split where the taller column is shortest.
    let w = 96.min(area.width);
    let col_w = usize::from(w.saturating_sub(2) / 2);
    let blocks: Vec<Vec<Line<'static>>> = groups
        .iter()
        .map(|g| group_lines(g, kw, col_w, t))
        .collect();
    let height = |bs: &[Vec<Line<'static>>]| {
        bs.iter().map(Vec::len).sum::<usize>() + bs.len().saturating_sub(1)
    };
    // The split that makes the taller column shortest (the first such, nearest the top).
    let (top, bottom) = (0..=blocks.len())
        .filter_map(|k| blocks.split_at_checked(k))
        .min_by_key(|(top, bottom)| height(top).max(height(bottom)))
        .unwrap_or((&[], &blocks));
    let column = |bs: &[Vec<Line<'static>>]| {
        let mut col = Vec::new();
        for b in bs {
            if !col.is_empty() {
                col.push(Line::raw(""));
            }
            col.extend(b.iter().cloned());
        }
        col
    };
    let (left, right) = (column(top), column(bottom));
    let n = left.len().max(right.len());
    let h = u16::try_from(n.min(inner_h) + 2).unwrap_or(u16::MAX);
    (centered(area, w, h), vec![left, right], n)
}

/// How far the overlay can scroll in a body `area` (0 when everything fits).
pub fn max_scroll(state: &AppState, area: Rect) -> u16 {
    let (r, _, n) = place(state, area);
    u16::try_from(n.saturating_sub(usize::from(r.height.saturating_sub(2)))).unwrap_or(u16::MAX)
}
