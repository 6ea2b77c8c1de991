//! The forms' part of `update`: opening a record for editing, changing values, saving and closing.
//! Pure like `update`: no terminal, no database, no clock ("now" is passed).

use chrono::{DateTime, FixedOffset};

use super::{Fields, Form, FormKind, Shape};
use crate::domain::RecordRef;
use crate::domain::SleepNote;
use crate::tui::msg::Effect;
use crate::tui::state::{AppState, Change, Status};

impl super::session::Prefill {
    /// What a new session (logged or guided) starts with: config defaults, else the last session.
    pub fn from_state(state: &AppState) -> Self {
        let d = &state.config.defaults;
        let last = state.data.last_session.as_ref().map(|s| &s.fields);
        Self {
            minutes: d.minutes.or(last.map(|l| l.minutes)),
            feet: d.feet.or(last.map(|l| l.feet)),
            tool: d.tool.or(last.map(|l| l.tool)),
            oil: d.oil.clone().or(last.and_then(|l| l.oil.clone())),
        }
    }
}

/// A "Not saved: …" line outlives its reasons no longer: once the form shows no error (each
/// field's goes when it is edited), the status line's goes too.
pub(crate) fn forget_fixed_errors(state: &mut AppState) {
    let Some(f) = &state.form else { return };
    let fixed = !f.has_errors();
    let about_the_form = |s: &Status| s.error && s.about_form;
    if fixed && state.status.as_ref().is_some_and(about_the_form) {
        state.status = None;
    }
}

/// Closes the open form with its overlays and its errors.
pub(crate) fn close_form(state: &mut AppState) {
    saw_caution(state);
    if state
        .form
        .as_ref()
        .is_some_and(|f| f.kind() == FormKind::GuidedSetup)
    {
        state.guided = None; // cancelling the setup cancels the guided session
    }
    state.form = None;
    state.editing_start = None;
    state.editing_base = None;
    state.editing_sleep_base = None;
    state.overlays.clear();
    // A form's errors (e.g. "Not saved: …") go with it.
    if state.status.as_ref().is_some_and(|s| s.error) {
        state.status = None;
    }
}

/// `+` or `-` on a date field: the same time a day later or earlier (words are resolved first,
/// so "yesterday 21:15" then `+` is today at 21:15). A value that does not parse says why.
pub(crate) fn shift_day(state: &mut AppState, delta: i8, now: &DateTime<FixedOffset>) {
    let zone = state.zone;
    let Some(f) = &mut state.form else { return };
    let Some(field) = f.focused() else { return };
    let super::Input::Text(t) = field.input else {
        return;
    };
    let (key, text) = (field.key, t.text());
    let days = chrono::Duration::days(i64::from(delta));
    let shifted = match t.shape {
        Shape::Date => crate::domain::time::parse_date_on(key, &text, now.date_naive())
            .map(|d| (d + days).to_string()),
        Shape::DateTime => zone.resolve(key, &text, now).map(|t| {
            (t.naive_local() + days)
                .format(super::session::WHEN_FORMAT)
                .to_string()
        }),
        Shape::Short | Shape::Long | Shape::Note => return,
    };
    match shifted {
        Ok(t) => f.replace_focused(&t),
        Err(e) => f.set_error(key, e.message),
    }
    // `-` then a digit is `-2d` being typed, not a day earlier (see `Form::text_key`).
    f.minus_pending = delta < 0;
}

/// A form that showed the health caution is leaving: from now on it takes one line.
pub(crate) fn saw_caution(state: &mut AppState) {
    let shown = state
        .form
        .as_ref()
        .is_some_and(|f| matches!(f.kind(), FormKind::Session | FormKind::GuidedSetup));
    if shown && state.data.health.any() {
        state.caution_seen = true;
        state.caution_full = false;
    }
}

/// Applies `f` to the open form, if any.
pub(crate) fn with_form(state: &mut AppState, f: impl FnOnce(&mut Form)) {
    if let Some(form) = &mut state.form {
        f(form);
    }
}

/// Changes the focused value; on the goal form the week picker follows the week start, and the
/// reason follows the picked week.
pub(crate) fn change_value(state: &mut AppState, change: impl FnOnce(&mut Form)) {
    let Some(f) = &mut state.form else { return };
    let week_before = match &f.fields {
        Fields::Goals(g) => Some(g.picked_week(&state.data)),
        _ => None,
    };
    change(f);
    if let (Some(before), Fields::Goals(g)) = (week_before, &mut f.fields) {
        g.follow(&state.data, before);
    }
}

/// A value in the open form differs from what it opened with.
pub(crate) fn form_changed(state: &AppState) -> bool {
    state.form.as_ref().is_some_and(|f| match &f.fields {
        Fields::Goals(g) => g.is_changed(&state.data),
        _ => f.changed(),
    })
}

/// Opens the form editing `rec`, if it is still there.
pub(crate) fn edit(state: &mut AppState, rec: RecordRef) {
    let (form, start) = match rec {
        RecordRef::Session(u) => match state.session(&u) {
            Some(s) => (
                Some(super::open::edit_session(s)),
                Some(s.fields.started_at),
            ),
            None => (None, None),
        },
        RecordRef::Sleep(u) => (state.sleep_note(&u).map(super::open::edit_sleep), None),
    };
    if let Some(f) = form {
        state.editing_start = start;
        state.editing_base = match rec {
            RecordRef::Session(u) => state.session(&u).map(|s| s.fields.clone()),
            RecordRef::Sleep(_) => None,
        };
        state.editing_sleep_base = match rec {
            RecordRef::Sleep(u) => state.sleep_note(&u).map(|n| n.fields.clone()),
            RecordRef::Session(_) => None,
        };
        state.overlays.clear();
        state.form = Some(f);
    }
}

/// "Replace the note for that night?" answered yes: saves the new sleep note over `old`.
pub(crate) fn replace_sleep(
    state: &mut AppState,
    old: &SleepNote,
    now: &DateTime<FixedOffset>,
) -> Vec<Effect> {
    let fields = state
        .form
        .as_mut()
        .filter(|f| f.kind() == FormKind::Sleep && f.editing.is_none())
        .and_then(|f| super::open::checked_sleep(f, now.date_naive()));
    let Some(fields) = fields else {
        return Vec::new();
    };
    state.pending = Some(Change::Sleep(old.uuid, old.fields.clone()));
    vec![Effect::SaveSleep {
        uuid: None,
        fields,
        replace: true,
        base: None,
    }]
}

/// Enter on the open form: the write it asks for, or its errors shown inline.
pub(crate) fn save(state: &mut AppState, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    let Some(f) = &mut state.form else {
        return Vec::new();
    };
    // An edit, once saved, can be taken back: remember the record as it was.
    state.pending = match f.editing {
        Some(RecordRef::Session(u)) => state
            .data
            .sessions
            .iter()
            .find(|s| s.uuid == u)
            .map(|s| Change::Session(u, s.fields.clone())),
        Some(RecordRef::Sleep(u)) => state
            .data
            .sleep
            .iter()
            .find(|n| n.uuid == u)
            .map(|n| Change::Sleep(u, n.fields.clone())),
        None => None,
    };
    let effect = match &f.fields {
        Fields::Session(s) => {
            let zone = &state.zone;
            let resolve = |key, text: &str| zone.resolve(key, text, now);
            let checked = s.check(now, resolve, state.editing_start.as_ref());
            let base = state.editing_base.clone();
            f.settle(checked).map(|fields| Effect::SaveSession {
                uuid: f.editing.map(RecordRef::uuid),
                fields,
                base,
            })
        }
        Fields::Sleep(s) => {
            let base = state.editing_sleep_base.clone();
            let checked = s.check(now.date_naive());
            f.settle(checked)
                .and_then(|fields| {
                    let night = crate::domain::sleep::check_night(fields.night, now.date_naive());
                    f.accept(night.map(|()| fields))
                })
                .map(|fields| Effect::SaveSleep {
                    uuid: f.editing.map(RecordRef::uuid),
                    fields,
                    replace: false,
                    base,
                })
        }
        Fields::Goals(g) => {
            let checked = g.check(&state.data);
            f.settle(checked).map(Effect::SaveGoals)
        }
        Fields::Health(h) => Some(Effect::SaveHealth(h.profile())),
        // Saved by `guided::update`, which sees Save first.
        Fields::GuidedSetup(_) | Fields::GuidedEnd(_) => return Vec::new(),
    };
    if let Some(e) = effect {
        return vec![e];
    }
    state.pending = None;
    let n = f.error_count();
    let what = if n == 1 { "field needs" } else { "fields need" };
    state.form_error(format!("Not saved: {n} {what} attention"));
    if let Some(s) = &mut state.status {
        s.ttl = 2; // the inline errors stay; this line need not
    }
    Vec::new()
}
