//! The help overlay: every key of the screen underneath, generated from the key map.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};

use super::centered;
use crate::tui::keymap::{self, Mode};
use crate::tui::state::{AppState, Overlay};

/// The modes the help overlay describes: those of whatever is under it.
pub fn described_modes(state: &AppState) -> Vec<Mode> {
    let mut under = state.clone();
    while matches!(under.overlays.last(), Some(Overlay::Help)) {
        under.overlays.pop();
    }
    let mut modes = keymap::modes(&under);
    if modes.contains(&Mode::Form) {
        for m in [Mode::FormValue, Mode::FormDate, Mode::FormNote] {
            if !modes.contains(&m) {
                modes.push(m);
            }
        }
    }
    modes
}

/// Draws the help overlay.
pub fn render(frame: &mut Frame<'_>, area: Rect, state: &AppState) {
    let t = &state.theme;
    let modes = described_modes(state);
    let mut lines = Vec::new();
    let mut last = None;
    let rows = keymap::help_rows(&state.keymap, &modes);
    // The keys column fits the longest keys ("Alt-Enter/C-j") with a space after.
    let kw = rows
        .iter()
        .map(|(_, k, _)| k.chars().count() + 1)
        .max()
        .unwrap_or(0)
        .max(12);
    for (mode, keys, help) in rows {
        if last != Some(mode) {
            if last.is_some() {
                lines.push(Line::raw(""));
            }
            lines.push(Line::styled(mode.title(), t.title));
            last = Some(mode);
        }
        lines.push(Line::from(vec![
            Span::styled(format!("  {keys:<kw$}"), t.key),
            Span::raw(help),
        ]));
    }
    // One column when it fits, else two side by side.
    let inner_max = area.height.saturating_sub(2);
    let one_column = u16::try_from(lines.len()).unwrap_or(u16::MAX) <= inner_max;
    let (left, right) = if one_column {
        (lines, Vec::new())
    } else {
        let mut left = lines;
        let mut right = left.split_off(left.len().div_ceil(2));
        if right.first().is_some_and(|l| l.width() == 0) {
            right.remove(0);
        }
        (left, right)
    };
    let rows = left.len().max(right.len());
    let h = u16::try_from(rows).unwrap_or(u16::MAX).saturating_add(2);
    let w = if one_column { 48 } else { 90 };
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered()
        .border_style(t.border)
        .title(Span::styled(" Keys ", t.title))
        .title_bottom(Line::from(vec![
            Span::styled(" Esc", t.key),
            Span::styled(" close ", t.muted),
        ]));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    if one_column {
        frame.render_widget(Paragraph::new(left), inner);
    } else {
        let [a, b] = Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).areas(inner);
        frame.render_widget(Paragraph::new(left), a);
        frame.render_widget(Paragraph::new(right), b);
    }
}
