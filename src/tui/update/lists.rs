//! The list screens (History, Sleep) and the scrolled overlays: moving the selection, keeping it
//! in view, opening the record under it.

use super::screens;
use crate::domain::RecordRef;
use crate::tui::layout;
use crate::tui::msg::Effect;
use crate::tui::state::{AppState, ListView, Overlay, Screen};

/// Opens the selected record whole.
pub(super) fn open(state: &mut AppState) -> Vec<Effect> {
    if let Some(rec) = state.selected_record() {
        state.detail_scroll = 0;
        state.overlays.push(Overlay::Detail(rec));
    }
    Vec::new()
}

/// The record an edit or delete applies to: the one shown whole, else the selected row.
pub(super) fn target(state: &AppState) -> Option<RecordRef> {
    match state.overlays.last() {
        Some(Overlay::Detail(rec)) => Some(*rec),
        _ => state.selected_record(),
    }
}

/// The list of the screen shown, if it has one.
pub(super) fn list_mut(state: &mut AppState) -> Option<&mut ListView> {
    match state.screen {
        Screen::History => Some(&mut state.history),
        Screen::Sleep => Some(&mut state.sleep),
        Screen::Dashboard | Screen::Insights | Screen::Guide => None,
    }
}

/// How many rows the list of `screen` shows (filtered).
pub(super) fn list_len(state: &AppState, screen: Screen) -> usize {
    match screen {
        Screen::History => state.visible_sessions().len(),
        Screen::Sleep => state.visible_sleep().len(),
        Screen::Dashboard | Screen::Insights | Screen::Guide => 0,
    }
}

/// Rows a page up or down moves.
pub(super) fn page(state: &AppState) -> i64 {
    i64::from(state.size.1.saturating_sub(6).max(1))
}

/// Moves the selection (or the scroll of the overlay or text screen shown) by `delta` rows.
pub(super) fn move_selection(state: &mut AppState, delta: i64) {
    let body = layout::body_for(state.size);
    let step = |pos: u16, max: u16| {
        let cur = i64::from(pos.min(max));
        u16::try_from(cur.saturating_add(delta).clamp(0, i64::from(max))).unwrap_or(0)
    };
    match state.overlays.last() {
        Some(Overlay::Detail(rec)) => {
            let max = layout::detail::max_scroll(state, *rec, body);
            state.detail_scroll = step(state.detail_scroll, max);
            return;
        }
        Some(Overlay::Help) => {
            let max = layout::help::max_scroll(state, body);
            state.help_scroll = step(state.help_scroll, max);
            return;
        }
        _ => {}
    }
    if screens::scroll(state, delta) {
        return;
    }
    let len = i64::try_from(list_len(state, state.screen)).unwrap_or(0);
    let size = state.size;
    if let Some(list) = list_mut(state) {
        let cur = i64::try_from(list.selected).unwrap_or(0);
        let next = cur.saturating_add(delta).clamp(0, (len - 1).max(0));
        list.selected = usize::try_from(next).unwrap_or(0);
        layout::keep_in_view(list, size);
    }
}

/// Keeps each list's selection on a row it has and in view.
pub(super) fn clamp_selections(state: &mut AppState) {
    let h = list_len(state, Screen::History);
    let s = list_len(state, Screen::Sleep);
    state.history.selected = state.history.selected.min(h.saturating_sub(1));
    state.sleep.selected = state.sleep.selected.min(s.saturating_sub(1));
    let size = state.size;
    for list in [&mut state.history, &mut state.sleep] {
        layout::keep_in_view(list, size);
    }
}

#[cfg(test)]
#[path = "lists_tests.rs"]
mod tests;
