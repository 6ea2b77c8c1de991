//! `update`: the only place state changes. Pure: no terminal, no database, no clock ("now" is passed).

use chrono::{DateTime, FixedOffset};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};

use super::form::{self, FormKind};
use super::guided;
use super::keymap;
use super::msg::{Effect, Msg};
use super::pages;
use super::state::{AppState, Confirm, ListView, Overlay, Screen};
use super::ui::tabs;
use crate::store::RecordRef;

/// Applies `msg` to `state` and returns the I/O to perform.
pub fn update(state: &mut AppState, msg: Msg, now: &DateTime<FixedOffset>) -> Vec<Effect> {
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
        Msg::Resize(w, h) => state.size = (w, h),
        Msg::Tick => {
            if let Some(s) = &mut state.status {
                s.ttl = s.ttl.saturating_sub(1);
                if s.ttl == 0 {
                    state.status = None;
                }
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
        Msg::Help => state.overlays.push(Overlay::Help),
        Msg::Back => back(state),
        Msg::NewSession => {
            state.overlays.clear();
            state.editing_start = None;
            state.form = Some(form::session::new_form(now, &prefill(state)));
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
        Msg::Open => {
            if let Some(rec) = state.selected_record() {
                state.overlays.push(Overlay::Detail(rec));
            }
        }
        Msg::Edit => edit(state),
        Msg::Delete => {
            if let Some(rec) = target(state) {
                state.overlays.retain(|o| !matches!(o, Overlay::Detail(_)));
                state.overlays.push(Overlay::Confirm(Confirm::Delete(rec)));
            }
        }
        Msg::Yes => match state.overlays.pop() {
            Some(Overlay::Confirm(Confirm::Delete(rec))) => return vec![Effect::Delete(rec)],
            Some(Overlay::Confirm(Confirm::Discard)) => close_form(state),
            Some(Overlay::Confirm(Confirm::ReplaceSleep(_))) => {
                let fields = state
                    .form
                    .as_mut()
                    .filter(|f| f.kind == FormKind::Sleep && f.editing.is_none())
                    .and_then(form::sleep::fields);
                if let Some(fields) = fields {
                    return vec![Effect::SaveSleep {
                        uuid: None,
                        fields,
                        replace: true,
                    }];
                }
            }
            Some(other) => state.overlays.push(other),
            None => {}
        },
        Msg::No => {
            state.overlays.pop();
        }
        Msg::Undo => match state.last_deleted {
            Some(rec) => return vec![Effect::Undelete(rec)],
            None => state.info("Nothing to undo"),
        },
        Msg::Filter => {
            if let Some(list) = list_mut(state) {
                list.filtering = true;
            }
        }
        Msg::ClearFilter => {
            if let Some(list) = list_mut(state) {
                *list = ListView::default();
            }
        }
        Msg::NextField => with_form(state, |f| f.next()),
        Msg::PrevField => with_form(state, |f| f.prev()),
        Msg::Save => return save(state, now),
        Msg::Adjust(d) => change_value(state, |f| match f.kind {
            FormKind::Goals => form::goals::adjust(f, d),
            _ => f.adjust(d),
        }),
        Msg::Digit(d) => change_value(state, |f| f.digit(d)),
        Msg::Toggle => with_form(state, |f| f.toggle()),
        Msg::ClearValue => with_form(state, |f| f.clear_value()),
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
        Msg::InsightsLoaded(data) => pages::loaded(state, data),
        Msg::Saved(text) => {
            let was_new_session = state
                .form
                .as_ref()
                .is_some_and(|f| f.kind == FormKind::Session && f.editing.is_none());
            close_form(state);
            if was_new_session {
                state.screen = Screen::Dashboard;
            }
            state.info(text);
        }
        Msg::Deleted(rec) => {
            state.last_deleted = Some(rec);
            state.info(format!("Deleted the {}. Press u to undo", rec.kind()));
            clamp_selections(state);
        }
        Msg::Restored(rec) => {
            state.last_deleted = None;
            state.info(format!("Restored the {}", rec.kind()));
        }
        Msg::NightTaken(night) => {
            state
                .overlays
                .push(Overlay::Confirm(Confirm::ReplaceSleep(night)));
        }
        Msg::SaveFailed(text) => {
            if let Some(f) = &mut state.form {
                f.banner = Some(text.clone());
            }
            state.error(format!("Not saved: {text}"));
        }
        Msg::Failed(text) => state.error(text),
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
    }
    Vec::new()
}

fn paste(state: &mut AppState, text: &str) {
    if let Some(f) = &mut state.form {
        f.paste(text);
    } else if let Some(list) = list_mut(state).filter(|l| l.filtering) {
        list.filter.insert_str(text.replace(['\n', '\r'], " "));
        list.selected = 0;
    }
}

fn click(state: &mut AppState, col: u16, row: u16) -> Vec<Effect> {
    if state.form.is_some() || !state.overlays.is_empty() {
        return Vec::new();
    }
    match tabs::tab_at(col) {
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
    if let Some(f) = &state.form {
        if f.dirty {
            state.overlays.push(Overlay::Confirm(Confirm::Discard));
        } else {
            close_form(state);
        }
        return;
    }
    if let Some(list) = list_mut(state) {
        list.filtering = false;
    }
}

fn close_form(state: &mut AppState) {
    if state
        .form
        .as_ref()
        .is_some_and(|f| f.kind == FormKind::GuidedSetup)
    {
        state.guided = None; // cancelling the setup cancels the guided session
    }
    state.form = None;
    state.editing_start = None;
    state.overlays.clear();
    // A form's errors (e.g. "Not saved: …") go with it.
    if state.status.as_ref().is_some_and(|s| s.error) {
        state.status = None;
    }
}

fn with_form(state: &mut AppState, f: impl FnOnce(&mut form::Form)) {
    if let Some(form) = &mut state.form {
        f(form);
    }
}

/// Changes the focused value; when that moves the goal form's week picker, the reason follows.
fn change_value(state: &mut AppState, change: impl FnOnce(&mut form::Form)) {
    let Some(f) = &mut state.form else { return };
    let week_before = (f.kind == FormKind::Goals
        && f.focused().is_some_and(|x| x.key == "rest_week"))
    .then(|| form::choice_of(f, "rest_week"));
    change(f);
    if let Some(before) = week_before {
        form::goals::sync_reason(f, &state.data, before);
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

/// What a new session (logged or guided) starts with: config defaults, else the last session.
pub(crate) fn prefill(state: &AppState) -> form::session::Prefill {
    let d = &state.config.defaults;
    let last = state.data.last_session.as_ref().map(|s| &s.fields);
    form::session::Prefill {
        minutes: d.minutes.or(last.map(|l| l.minutes)),
        feet: d.feet.or(last.map(|l| l.feet)),
        tool: d.tool.or(last.map(|l| l.tool)),
        oil: d.oil.clone().or(last.and_then(|l| l.oil.clone())),
    }
}

/// The record an edit or delete applies to: the one shown whole, else the selected row.
fn target(state: &AppState) -> Option<RecordRef> {
    match state.overlays.last() {
        Some(Overlay::Detail(rec)) => Some(*rec),
        _ => state.selected_record(),
    }
}

fn edit(state: &mut AppState) {
    let Some(rec) = target(state) else { return };
    let (form, start) = match rec {
        RecordRef::Session(u) => match state.session(&u) {
            Some(s) => (Some(form::session::edit_form(s)), Some(s.fields.started_at)),
            None => (None, None),
        },
        RecordRef::Sleep(u) => (state.sleep_note(&u).map(form::sleep::edit_form), None),
    };
    if let Some(f) = form {
        state.editing_start = start;
        state.overlays.clear();
        state.form = Some(f);
    }
}

fn save(state: &mut AppState, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    let Some(f) = &mut state.form else {
        return Vec::new();
    };
    let effect = match f.kind {
        FormKind::Session => {
            form::session::fields(f, now, &state.zone, state.editing_start.as_ref()).map(|fields| {
                Effect::SaveSession {
                    uuid: f.editing.map(|r| r.uuid()),
                    fields,
                }
            })
        }
        FormKind::Sleep => form::sleep::fields(f)
            .and_then(|fields| {
                let night = crate::domain::sleep::check_night(fields.night, now.date_naive());
                f.accept(night.map(|()| fields))
            })
            .map(|fields| Effect::SaveSleep {
                uuid: f.editing.map(|r| r.uuid()),
                fields,
                replace: false,
            }),
        FormKind::Goals => form::goals::changes(f, &state.data).map(Effect::SaveGoals),
        FormKind::Health => Some(Effect::SaveHealth(form::health::profile(f))),
        // Saved by `guided::update`, which sees Save first.
        FormKind::GuidedSetup | FormKind::GuidedEnd => return Vec::new(),
    };
    match effect {
        Some(e) => vec![e],
        None => {
            let n = f.fields.iter().filter(|x| x.error.is_some()).count();
            let what = if n == 1 { "field needs" } else { "fields need" };
            state.error(format!("Not saved: {n} {what} attention"));
            if let Some(s) = &mut state.status {
                s.ttl = 2; // the inline errors stay; this line need not
            }
            Vec::new()
        }
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
    if pages::scroll(state, delta) {
        return;
    }
    let len = i64::try_from(list_len(state, state.screen)).unwrap_or(0);
    if let Some(list) = list_mut(state) {
        let cur = i64::try_from(list.selected).unwrap_or(0);
        let next = cur.saturating_add(delta).clamp(0, (len - 1).max(0));
        list.selected = usize::try_from(next).unwrap_or(0);
    }
}

fn clamp_selections(state: &mut AppState) {
    let h = list_len(state, Screen::History);
    let s = list_len(state, Screen::Sleep);
    state.history.selected = state.history.selected.min(h.saturating_sub(1));
    state.sleep.selected = state.sleep.selected.min(s.saturating_sub(1));
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
