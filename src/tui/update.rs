//! `update`: the only place state changes. Pure: no terminal, no database, no clock ("now" is passed).

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use super::form;
mod screens;
use super::guided;
use super::keymap;
use super::layout;
use super::msg::{Effect, Msg};

use super::state::{AppState, Change, Confirm, ListView, Overlay, Screen, UNDO_DEPTH};
use crate::domain::RecordRef;
use crate::domain::text::plural;

/// Applies `msg` to `state` and returns the I/O to perform.
pub fn update(state: &mut AppState, msg: Msg, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    let edits = matches!(
        msg,
        Msg::Key(_)
            | Msg::Paste(_)
            | Msg::Adjust(_)
            | Msg::Digit(_)
            | Msg::Toggle
            | Msg::ClearValue
            | Msg::NewLine
            | Msg::ShiftDay(_)
    );
    let effects = apply(state, msg, now);
    if edits {
        form::update::forget_fixed_errors(state);
    }
    effects
}

fn apply(state: &mut AppState, msg: Msg, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    if let Some(effects) = guided::update(state, &msg, now) {
        return effects;
    }
    match msg {
        Msg::Key(k) => return key(state, k, now),
        Msg::Paste(text) => paste(state, &text),
        Msg::Click(col, row) => return click(state, col, row),
        Msg::Scroll(d) => {
            if state.form.is_none() && state.overlays.is_empty() {
                move_selection(state, i64::from(d) * 3);
            }
        }
        Msg::Resize(w, h) => {
            state.size = (w, h);
            clamp_selections(state);
            if let Some(f) = &mut state.form {
                f.unscroll();
            }
            for list in [&mut state.history, &mut state.sleep] {
                list.filter = form::unscrolled(&list.filter);
            }
        }
        Msg::Tick => {
            if let Some(s) = &mut state.status {
                s.ttl = s.ttl.saturating_sub(1);
                if s.ttl == 0 {
                    state.status = None;
                }
            }
            return vec![Effect::CheckForChanges];
        }
        Msg::Reload => {
            return vec![if state.data.complete {
                Effect::LoadAll
            } else {
                Effect::Load
            }];
        }
        Msg::DataVersion(version) => {
            // Another connection wrote, or the date changed (this week, days left), or the
            // counter could not be read (the reload then reports why). The app's own writes
            // reload when they are done.
            let unchanged = state.data.loaded
                && version.is_some()
                && version == state.data.data_version
                && state.data.today == now.date_naive();
            if unchanged {
                return Vec::new();
            }
            let mut effects = vec![if state.data.complete {
                Effect::LoadAll
            } else {
                Effect::Load
            }];
            if state.screen == Screen::Insights {
                effects.push(Effect::LoadInsights(state.insights.period));
            }
            return effects;
        }
        Msg::Quit => state.quit = true,
        Msg::NextScreen => {
            let n = Screen::ALL.len();
            return show(state, Screen::ALL[(state.screen.index() + 1) % n]);
        }
        Msg::PrevScreen => {
            let n = Screen::ALL.len();
            return show(state, Screen::ALL[(state.screen.index() + n - 1) % n]);
        }
        Msg::GoTo(s) => return show(state, s),
        Msg::Help => {
            state.help_scroll = 0;
            state.overlays.push(Overlay::Help);
        }
        Msg::MoveWeek(d) => {
            let n = layout::weeks_shown(state, state.size.0);
            let back = i64::try_from(state.week_cursor).unwrap_or(0) - i64::from(d);
            let max = i64::try_from(n.saturating_sub(1)).unwrap_or(0);
            state.week_cursor = usize::try_from(back.clamp(0, max)).unwrap_or(0);
        }
        Msg::OpenWeek => {
            let Some(first) = layout::cursor_week(state, state.size.0) else {
                return Vec::new();
            };
            state.history = ListView {
                week: Some(first),
                ..ListView::default()
            };
            return show(state, Screen::History);
        }
        Msg::ShowMessage => match &state.status {
            Some(s) => {
                let text = s.text.clone();
                state.overlays.push(Overlay::Message(text));
            }
            None => state.info("No message to show"),
        },
        Msg::Back => back(state),
        Msg::NewSession => {
            state.overlays.clear();
            state.editing_start = None;
            state.form = Some(form::session::new_form(
                now,
                &form::session::Prefill::from_state(state),
            ));
        }
        Msg::NewSleep => {
            state.overlays.clear();
            state.form = Some(form::sleep::new_form(now));
        }
        Msg::Goals => {
            state.overlays.clear();
            state.form = Some(form::goals::new_form(&state.data));
        }
        Msg::Up => move_selection(state, -1),
        Msg::Down => move_selection(state, 1),
        Msg::Top => move_selection(state, i64::MIN / 2),
        Msg::Bottom => move_selection(state, i64::MAX / 2),
        Msg::PageUp => move_selection(state, -page(state)),
        Msg::PageDown => move_selection(state, page(state)),
        Msg::Open => return update_open(state),
        Msg::Edit => {
            if let Some(rec) = target(state) {
                form::update::edit(state, rec);
            }
        }
        Msg::Delete => {
            if let Some(rec) = target(state) {
                state.overlays.retain(|o| !matches!(o, Overlay::Detail(_)));
                state.overlays.push(Overlay::Confirm(Confirm::Delete(rec)));
            }
        }
        Msg::Yes => match state.overlays.pop() {
            Some(Overlay::Confirm(Confirm::Delete(rec))) => return vec![Effect::Delete(rec)],
            Some(Overlay::Confirm(Confirm::Discard)) => form::update::close_form(state),
            Some(Overlay::Confirm(Confirm::ReplaceSleep(old))) => {
                return form::update::replace_sleep(state, &old, now);
            }
            Some(other) => state.overlays.push(other),
            None => {}
        },
        Msg::No => {
            state.overlays.pop();
        }
        Msg::Undo => match state.undo.last() {
            Some(Change::Deleted(rec)) => return vec![Effect::Undelete(*rec)],
            Some(change) => return vec![Effect::Revert(change.clone())],
            None => state.info("Nothing to undo"),
        },
        Msg::Filter => {
            if let Some(list) = list_mut(state) {
                list.filtering = true;
            }
        }
        Msg::ClearFilter => {
            let from_week = state.screen == Screen::History && state.history.week.is_some();
            if let Some(list) = list_mut(state) {
                *list = ListView::default();
            }
            // A week opened from the dashboard's chart: Esc goes back to it.
            if from_week {
                return show(state, Screen::Dashboard);
            }
        }
        Msg::NextField => form::update::with_form(state, |f| f.next()),
        Msg::NewLine => form::update::with_form(state, |f| f.new_line()),
        Msg::ToggleCaution => state.caution_full = !state.caution_full,
        Msg::ShiftDay(d) => form::update::shift_day(state, d, now),
        Msg::PrevField => form::update::with_form(state, |f| f.prev()),
        Msg::Save => return form::update::save(state, now),
        Msg::Adjust(d) => form::update::change_value(state, |f| f.adjust(d)),
        Msg::Digit(d) => form::update::change_value(state, |f| f.digit(d)),
        Msg::Toggle => form::update::with_form(state, |f| f.toggle()),
        Msg::ClearValue => form::update::with_form(state, |f| f.clear_value()),
        Msg::CyclePeriod => {
            state.insights.period = state.insights.period.next();
            state.insights.scroll = 0;
            return vec![Effect::LoadInsights(state.insights.period)];
        }
        Msg::Loaded(data) => {
            // Said once, and again only when the number changes: a refresh must not hide the
            // other messages.
            if data.damaged > 0 && data.damaged != state.data.damaged {
                state.error(crate::domain::damaged::hidden_warning(data.damaged));
            }
            state.data = *data;
            clamp_selections(state);
            let mut effects = load_for_screen(state);
            // A write (or undo) made on the Insights screen shows there at once.
            if state.screen == Screen::Insights {
                effects.push(Effect::LoadInsights(state.insights.period));
            }
            return effects;
        }
        Msg::InsightsLoaded(data) => screens::loaded(state, data),
        Msg::Saved(text) => {
            if let Some(change) = state.pending.take() {
                remember(state, change);
            }
            // The screen stays: a session logged from History shows there, at the top.
            form::update::close_form(state);
            state.info(text);
        }
        Msg::Deleted(rec) => {
            remember(state, Change::Deleted(rec));
            state.info(format!("Deleted the {}. Press u to undo", rec.kind()));
            clamp_selections(state);
        }
        Msg::Restored(rec) => {
            state.undo.pop();
            state.info(format!("Restored the {}", rec.kind()));
        }
        Msg::Reverted(text) => {
            state.undo.pop();
            state.info(text);
        }
        Msg::NightTaken(old) => {
            state.pending = None;
            state
                .overlays
                .push(Overlay::Confirm(Confirm::ReplaceSleep(old)));
        }
        Msg::SaveFailed(text) => {
            state.pending = None;
            if let Some(f) = &mut state.form {
                f.banner = Some(text.clone());
            }
            state.error(format!("Not saved: {text}"));
        }
        Msg::Failed(text) => state.error(text),
        Msg::WriteReport => {
            return vec![Effect::WriteReport {
                period: state.insights.period,
                name: state.config.report.name.clone(),
            }];
        }
        Msg::ReportWritten(written) => {
            let to = format!("Report written to {}", written.path.display());
            match written.damaged_left_out {
                0 => state.info(to),
                n => state.error(format!(
                    "{to}; {} left out — run footlog check",
                    plural(
                        u64::try_from(n).unwrap_or(u64::MAX),
                        "damaged record",
                        "damaged records"
                    )
                )),
            }
        }
        Msg::Health => {
            state.overlays.clear();
            state.form = Some(form::health::new_form(&state.data.health));
        }
        // Handled by `guided::update` above.
        Msg::Guided
        | Msg::Clock(_)
        | Msg::PauseResume
        | Msg::SkipStep
        | Msg::MarkRest
        | Msg::SaveSoFar => {}
    }
    Vec::new()
}

fn key(state: &mut AppState, k: KeyEvent, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    if k.kind == KeyEventKind::Release {
        return Vec::new();
    }
    let modes = keymap::modes(state);
    if let Some(msg) = keymap::resolve(&state.keymap, &modes, k) {
        return update(state, msg, now);
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
    Vec::new()
}

/// Opens the selected record whole.
fn update_open(state: &mut AppState) -> Vec<Effect> {
    if let Some(rec) = state.selected_record() {
        state.detail_scroll = 0;
        state.overlays.push(Overlay::Detail(rec));
    }
    Vec::new()
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
            return update_open(state);
        }
        list.selected = i;
        layout::keep_in_view(list, size);
        return Vec::new();
    }
    match layout::tab_at(col) {
        Some(s) if row == 0 => show(state, s),
        _ => Vec::new(),
    }
}

/// Switches to screen `s`; the Insights screen reads its data afresh.
fn show(state: &mut AppState, s: Screen) -> Vec<Effect> {
    state.screen = s;
    if s == Screen::Insights {
        vec![Effect::LoadInsights(state.insights.period)]
    } else {
        load_for_screen(state)
    }
}

fn back(state: &mut AppState) {
    if state.overlays.pop().is_some() {
        return;
    }
    if state.form.is_some() {
        if form::update::form_changed(state) {
            state.overlays.push(Overlay::Confirm(Confirm::Discard));
        } else {
            form::update::close_form(state);
        }
        return;
    }
    if let Some(list) = list_mut(state) {
        list.filtering = false;
    }
}

/// Puts `change` on the undo stack, forgetting the oldest past its depth.
fn remember(state: &mut AppState, change: Change) {
    state.undo.push(change);
    if state.undo.len() > UNDO_DEPTH {
        state.undo.remove(0);
    }
}

/// The History and Sleep screens list every record: read them all when they are shown.
fn load_for_screen(state: &AppState) -> Vec<Effect> {
    if state.screen.needs_all_records() && state.data.loaded && !state.data.complete {
        vec![Effect::LoadAll]
    } else {
        Vec::new()
    }
}

/// The record an edit or delete applies to: the one shown whole, else the selected row.
fn target(state: &AppState) -> Option<RecordRef> {
    match state.overlays.last() {
        Some(Overlay::Detail(rec)) => Some(*rec),
        _ => state.selected_record(),
    }
}

fn list_mut(state: &mut AppState) -> Option<&mut ListView> {
    match state.screen {
        Screen::History => Some(&mut state.history),
        Screen::Sleep => Some(&mut state.sleep),
        Screen::Dashboard | Screen::Insights | Screen::Guide => None,
    }
}

fn list_len(state: &AppState, screen: Screen) -> usize {
    match screen {
        Screen::History => state.visible_sessions().len(),
        Screen::Sleep => state.visible_sleep().len(),
        Screen::Dashboard | Screen::Insights | Screen::Guide => 0,
    }
}

fn page(state: &AppState) -> i64 {
    i64::from(state.size.1.saturating_sub(6).max(1))
}

fn move_selection(state: &mut AppState, delta: i64) {
    let (w, h) = state.size;
    let body = ratatui::layout::Rect::new(0, 1, w, h.saturating_sub(3));
    let step = |pos: u16, max: u16| {
        let cur = i64::from(pos.min(max));
        u16::try_from(cur.saturating_add(delta).clamp(0, i64::from(max))).unwrap_or(0)
    };
    match state.overlays.last() {
        Some(Overlay::Detail(rec)) => {
            let max = super::ui::detail::max_scroll(state, *rec, body);
            state.detail_scroll = step(state.detail_scroll, max);
            return;
        }
        Some(Overlay::Help) => {
            let max = super::ui::help::max_scroll(state, body);
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

fn clamp_selections(state: &mut AppState) {
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
#[path = "update_tests.rs"]
mod tests;
