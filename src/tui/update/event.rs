//! Raw input: keys (through the key map, else typed into the form or filter), pasted text,
//! clicks and the wheel, a resize, the timer.

use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use super::lists::{clamp_selections, list_len, list_mut, move_selection, open};
use super::screens::show;
use crate::tui::event::Event;
use crate::tui::form;
use crate::tui::keymap;
use crate::tui::layout;
use crate::tui::msg::{Effect, Msg};
use crate::tui::state::{AppState, Overlay, Screen};

/// What raw input came to.
pub(super) enum Handled {
    /// Applied here, with the I/O to perform.
    Done(Vec<Effect>),
    /// A key the key map turned into what the user meant, for [`super::update`] to apply.
    Meant(Msg),
}

/// Applies raw input.
pub(super) fn event(state: &mut AppState, e: Event) -> Handled {
    match e {
        Event::Key(k) => {
            if let Some(msg) = key(state, k) {
                return Handled::Meant(msg);
            }
        }
        Event::Paste(text) => paste(state, &text),
        Event::Click(col, row) => return Handled::Done(click(state, col, row)),
        Event::Scroll(d) => {
            if state.form.is_none() && state.overlays.is_empty() {
                move_selection(state, i64::from(d) * 3);
            }
        }
        Event::Resize(w, h) => {
            state.size = (w, h);
            clamp_selections(state);
            if let Some(f) = &mut state.form {
                f.unscroll();
            }
            for list in [&mut state.history, &mut state.sleep] {
                list.filter = form::unscrolled(&list.filter);
            }
        }
        Event::Tick => {
            if let Some(s) = &mut state.status {
                s.ttl = s.ttl.saturating_sub(1);
                if s.ttl == 0 {
                    state.status = None;
                }
            }
            return Handled::Done(vec![Effect::CheckForChanges]);
        }
        // Taken by `guided::update` first; without a guided session it is nothing.
        Event::Clock(_) => {}
    }
    Handled::Done(Vec::new())
}

/// A key: what the key map makes of it, else typed into the form or the list's filter.
fn key(state: &mut AppState, k: KeyEvent) -> Option<Msg> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    if let Some(msg) = keymap::resolve(&state.keymap, state.modes().as_slice(), k) {
        return Some(msg);
    }
    if let Some(f) = &mut state.form {
        if state.overlays.is_empty() {
            f.text_key(k);
        }
    } else if let Some(list) = list_mut(state).filter(|l| l.filtering) {
        form::edit_line(&mut list.filter, k);
        list.selected = 0;
        list.offset = 0;
    }
    None
}

fn paste(state: &mut AppState, text: &str) {
    if let Some(f) = &mut state.form {
        f.paste(text);
    } else if let Some(list) = list_mut(state).filter(|l| l.filtering) {
        list.filter.insert_str(text.replace(['\n', '\r'], " "));
        list.selected = 0;
        list.offset = 0;
    }
}

fn click(state: &mut AppState, col: u16, row: u16) -> Vec<Effect> {
    // The status line (above the hint bar) opens its message whole, over anything.
    if row + 2 == state.size.1 && state.overlays.is_empty() {
        if let Some(s) = &state.status {
            let text = s.text.clone();
            state.overlays.push(Overlay::Message(text));
        }
        return Vec::new();
    }
    if state.form.is_some() || !state.overlays.is_empty() {
        return Vec::new();
    }
    // A list row: the first click selects it, a click on the selected row opens it.
    let len = list_len(state, state.screen);
    let size = state.size;
    if row > 0
        && let Some(list) = list_mut(state)
        && let Some(i) = layout::row_at(list, len, size, row)
    {
        if i == list.selected {
            return open(state);
        }
        list.selected = i;
        layout::keep_in_view(list, size);
        return Vec::new();
    }
    // A week's bar on the dashboard: the first click puts the cursor on it, a click on the
    // week under the cursor opens its sessions.
    if state.screen == Screen::Dashboard
        && let Some(i) = layout::chart_week_at(state, size, col, row)
    {
        if layout::cursor_index(state, size.0) == Some(i) {
            return super::open_week(state);
        }
        let shown = layout::weeks_shown(state, size.0);
        state.week_cursor = layout::scrolled(state, size.0) + shown.saturating_sub(1 + i);
        return Vec::new();
    }
    match layout::tab_at(col, size.0) {
        Some(s) if row == 0 => show(state, s),
        _ => Vec::new(),
    }
}
