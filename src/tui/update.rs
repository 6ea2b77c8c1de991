//! `update`: the only place state changes. Pure: no terminal, no database, no clock ("now" and
//! the time zone are passed). Raw input, intents and effects' outcomes each have their module;
//! intents are applied here.

mod event;
mod lists;
mod outcome;
mod screens;

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::KeyEventKind;

use self::lists::{list_mut, move_selection, page, target};
use self::screens::show;
use super::event::Event;
use super::form;
use super::guided;
use super::keymap::{self, Mode};
use super::layout;
use super::msg::{Effect, Incoming, Msg};
use super::state::{AppState, Change, Confirm, ListView, Overlay, Screen};

/// The name a report written in the demo carries, so nobody takes it for a real person's log.
pub const DEMO_REPORT_NAME: &str = "SAMPLE DATA from footlog --demo, not a real person's log";

/// Applies `incoming` to `state` and returns the I/O to perform.
pub fn update(
    state: &mut AppState,
    incoming: impl Into<Incoming>,
    now: &DateTime<FixedOffset>,
) -> Vec<Effect> {
    let incoming = incoming.into();
    if let Some(sync) = state.sync.as_mut() {
        sync.now = *now;
    }
    let edits = matches!(
        incoming,
        Incoming::Event(Event::Key(_) | Event::Paste(_))
            | Incoming::Msg(
                Msg::Adjust(_)
                    | Msg::Digit(_)
                    | Msg::Toggle
                    | Msg::ClearValue
                    | Msg::NewLine
                    | Msg::ShiftDay(_)
            )
    );
    let effects = apply(state, incoming, now);
    if edits {
        form::update::forget_fixed_errors(state);
    }
    effects
}

fn apply(state: &mut AppState, incoming: Incoming, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    if layout::too_small(state.size) {
        // The "Terminal too small" screen hides the app: a key must not type into a hidden form
        // or answer a question nobody can read. Only quitting (its keys in the key map) acts.
        match &incoming {
            Incoming::Event(Event::Key(k)) => {
                return match keymap::resolve(&state.keymap, &[Mode::Global], *k) {
                    Some(Msg::Quit) if k.kind != KeyEventKind::Release => {
                        update(state, Msg::Quit, now)
                    }
                    _ => Vec::new(),
                };
            }
            Incoming::Event(Event::Paste(_) | Event::Click(..) | Event::Scroll(_)) => {
                return Vec::new();
            }
            _ => {}
        }
    }
    if let Some(effects) = guided::update(state, &incoming, now) {
        return effects;
    }
    match incoming {
        Incoming::Event(e) => match event::event(state, e) {
            event::Handled::Done(effects) => effects,
            event::Handled::Meant(msg) => update(state, msg, now),
        },
        Incoming::Msg(m) => intent(state, &m, now),
        Incoming::Outcome(o) => outcome::outcome(state, o, now),
    }
}

/// Applies what the user meant: each intent in a line, the longer ones in the functions below.
fn intent(state: &mut AppState, msg: &Msg, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    match *msg {
        Msg::Quit => state.quit = true,
        Msg::NextScreen => return show(state, state.screen.next()),
        Msg::PrevScreen => return show(state, state.screen.prev()),
        Msg::GoTo(s) => return show(state, s),
        Msg::Help => {
            state.help_scroll = 0;
            state.overlays.push(Overlay::Help);
        }
        Msg::MoveWeek(d) => return move_week(state, d),
        Msg::OpenWeek => return open_week(state),
        Msg::ShowMessage => show_message(state),
        Msg::SyncNow => {
            if let Some(sync) = state.sync.as_mut() {
                sync.asked = true;
                state.sync_requested = true;
            }
        }
        Msg::Back => back(state),
        Msg::NewSession => new_session(state, now),
        Msg::NewSleep => open_form(state, form::open::sleep(now)),
        Msg::Goals => open_form(state, form::open::goals(&state.data)),
        Msg::Health => open_form(state, form::open::health(&state.data.health)),
        Msg::Up => move_selection(state, -1),
        Msg::Down => move_selection(state, 1),
        Msg::Top => move_selection(state, i64::MIN / 2),
        Msg::Bottom => move_selection(state, i64::MAX / 2),
        Msg::PageUp => move_selection(state, -page(state)),
        Msg::PageDown => move_selection(state, page(state)),
        Msg::Open => return lists::open(state),
        Msg::Edit => {
            if let Some(rec) = target(state) {
                form::update::edit(state, rec);
            }
        }
        Msg::Delete => ask_delete(state),
        Msg::Yes => return answer_yes(state, now),
        Msg::No => {
            state.overlays.pop();
        }
        Msg::Undo => return undo(state),
        Msg::Filter => {
            if let Some(list) = list_mut(state) {
                list.filtering = true;
            }
        }
        Msg::ClearFilter => return clear_filter(state),
        Msg::NextField => form::update::with_form(state, form::Form::next),
        Msg::NewLine => form::update::with_form(state, form::Form::new_line),
        Msg::ToggleCaution => state.caution_full = !state.caution_full,
        Msg::ShiftDay(d) => form::update::shift_day(state, d, now),
        Msg::PrevField => form::update::with_form(state, form::Form::prev),
        Msg::Save => return form::update::save(state, now),
        Msg::Adjust(d) => form::update::change_value(state, |f| f.adjust(d)),
        Msg::Digit(d) => form::update::change_value(state, |f| f.digit(d)),
        Msg::Toggle => form::update::with_form(state, form::Form::toggle),
        Msg::ClearValue => form::update::with_form(state, form::Form::clear_value),
        Msg::CyclePeriod => {
            state.insights.period = state.insights.period.next();
            state.insights.scroll = 0;
            return vec![Effect::LoadInsights(state.insights.period)];
        }
        Msg::WriteReport => {
            // The demo's report says whose it is not: its name line marks it as sample data.
            let name = if state.demo {
                Some(DEMO_REPORT_NAME.to_string())
            } else {
                state.config.report.name.clone()
            };
            return vec![Effect::WriteReport {
                period: state.insights.period,
                name,
            }];
        }
        // Handled by `guided::update` first.
        Msg::Guided | Msg::PauseResume | Msg::SkipStep | Msg::MarkRest | Msg::SaveSoFar => {}
    }
    Vec::new()
}

/// Dashboard: moves the week chart's cursor `d` weeks newer (older when negative), back through
/// the whole history: past the window's left edge the chart scrolls, and weeks older than those
/// loaded are read (a year more at a time) before the cursor reaches them.
fn move_week(state: &mut AppState, d: i8) -> Vec<Effect> {
    let width = state.size.0;
    let limit = layout::cursor_limit(state, width);
    let back = i64::try_from(state.week_cursor).unwrap_or(0) - i64::from(d);
    let max = i64::try_from(limit.saturating_sub(1)).unwrap_or(0);
    let wanted = usize::try_from(back.clamp(0, max)).unwrap_or(0);
    let loaded = state.data.weeks.len();
    // Keep a window's worth of loaded weeks beyond the cursor, so the chart never shows a gap.
    let needed = (wanted + 1 + layout::weeks_shown(state, width)).min(limit);
    let mut effects = Vec::new();
    if needed > loaded {
        let n = (loaded + crate::tui::data::WEEKS_LOADED)
            .max(needed)
            .min(limit);
        state.chart_weeks = n;
        effects.push(Effect::LoadWeeks(n));
    }
    state.week_cursor = wanted.min(loaded.max(needed).saturating_sub(1));
    effects
}

/// Dashboard: History on the sessions of the week under the cursor.
fn open_week(state: &mut AppState) -> Vec<Effect> {
    let Some(first) = layout::cursor_week(state, state.size.0) else {
        return Vec::new();
    };
    state.history = ListView {
        week: Some(first),
        ..ListView::default()
    };
    show(state, Screen::History)
}

/// The status line's message whole, in an overlay.
fn show_message(state: &mut AppState) {
    match &state.status {
        Some(s) => {
            let text = s.text.clone();
            state.overlays.push(Overlay::Message(text));
        }
        None => state.info("No message to show"),
    }
}

/// Opens a new session form, filled in from what the user did last.
fn new_session(state: &mut AppState, now: &DateTime<FixedOffset>) {
    state.overlays.clear();
    state.editing_start = None;
    state.editing_base = None;
    state.editing_sleep_base = None;
    state.form = Some(form::open::session(
        now,
        &form::session::Prefill::from_state(state),
    ));
}

/// Opens `f` in place of any overlay.
fn open_form(state: &mut AppState, f: form::Form) {
    state.overlays.clear();
    state.form = Some(f);
}

/// Asks whether to delete the selected record (over its detail, which closes).
fn ask_delete(state: &mut AppState) {
    if let Some(rec) = target(state) {
        state.overlays.retain(|o| !matches!(o, Overlay::Detail(_)));
        state.overlays.push(Overlay::Confirm(Confirm::Delete(rec)));
    }
}

/// Yes to the question on top; any other overlay stays.
fn answer_yes(state: &mut AppState, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    match state.overlays.pop() {
        Some(Overlay::Confirm(Confirm::Delete(rec))) => return vec![Effect::Delete(rec)],
        Some(Overlay::Confirm(Confirm::Discard)) => form::update::close_form(state),
        Some(Overlay::Confirm(Confirm::ReplaceSleep(old))) => {
            return form::update::replace_sleep(state, &old, now);
        }
        Some(Overlay::Confirm(Confirm::OverwriteSleep(both))) => {
            let (theirs, yours) = *both;
            state.editing_sleep_base = Some(theirs.fields.clone());
            state.pending = Some(Change::Sleep(theirs.uuid, theirs.fields.clone()));
            return vec![Effect::SaveSleep {
                uuid: Some(theirs.uuid),
                fields: yours,
                replace: false,
                base: Some(theirs.fields),
            }];
        }
        Some(Overlay::Confirm(Confirm::Overwrite(both))) => {
            // Yours over theirs, checked against theirs now: a third change meanwhile asks again.
            let (theirs, yours) = *both;
            state.editing_base = Some(theirs.fields.clone());
            state.pending = Some(Change::Session(theirs.uuid, theirs.fields.clone()));
            return vec![Effect::SaveSession {
                uuid: Some(theirs.uuid),
                fields: yours,
                base: Some(theirs.fields),
            }];
        }
        Some(other) => state.overlays.push(other),
        None => {}
    }
    Vec::new()
}

/// Takes back the last change: restores a deleted record, reverts an edit.
fn undo(state: &mut AppState) -> Vec<Effect> {
    match state.undo.last() {
        Some(Change::Deleted(rec)) => vec![Effect::Undelete(*rec)],
        Some(change) => vec![Effect::Revert(change.clone())],
        None => {
            state.info("Nothing to undo");
            Vec::new()
        }
    }
}

/// Clears the list's filter; a week opened from the dashboard's chart goes back to it.
fn clear_filter(state: &mut AppState) -> Vec<Effect> {
    let from_week = state.screen == Screen::History && state.history.week.is_some();
    if let Some(list) = list_mut(state) {
        *list = ListView::default();
    }
    if from_week {
        show(state, Screen::Dashboard)
    } else {
        Vec::new()
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

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
