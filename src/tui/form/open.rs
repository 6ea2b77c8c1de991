//! Each form opened as a [`Form`] (its title, its fields, the record it edits), and the open
//! form read back into what it holds, its errors set inline when it does not check.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::session::Prefill;
use super::{Fields, Form, goals, guided_setup, health, session, sleep};
use crate::domain::health::HealthProfile;
use crate::domain::{Area, Feet, RecordRef, Session, SessionFields, SleepFields, SleepNote};
use crate::tui::data::Data;
use crate::tui::guided::model::{Active, Setup};

/// A form for a new session at `now`.
pub fn session(now: &DateTime<FixedOffset>, p: &Prefill) -> Form {
    let fields = session::new_fields(now, p);
    Form::new("Log a session", Fields::Session(Box::new(fields)))
}

/// A form editing `s`.
pub fn edit_session(s: &Session) -> Form {
    let fields = session::edit_fields(s);
    let mut form = Form::new("Edit session", Fields::Session(Box::new(fields)));
    form.editing = Some(RecordRef::Session(s.uuid));
    form
}

/// A form for a new sleep note; the night defaults to last night.
pub fn sleep(now: &DateTime<FixedOffset>) -> Form {
    Form::new(
        "Sleep note",
        Fields::Sleep(Box::new(sleep::new_fields(now))),
    )
}

/// A form editing `n`.
pub fn edit_sleep(n: &SleepNote) -> Form {
    let mut form = Form::new(
        "Edit sleep note",
        Fields::Sleep(Box::new(sleep::edit_fields(n))),
    );
    form.editing = Some(RecordRef::Sleep(n.uuid));
    form
}

/// Checks the open sleep form (a night in words counts from `today`); on failure the errors are
/// set inline and `None` is returned.
pub fn checked_sleep(form: &mut Form, today: NaiveDate) -> Option<SleepFields> {
    let Fields::Sleep(s) = &form.fields else {
        return None;
    };
    let checked = s.check(today);
    form.settle(checked)
}

/// The goal form for the current settings.
pub fn goals(data: &Data) -> Form {
    Form::new(
        "Goal and rest weeks",
        Fields::Goals(goals::new_fields(data)),
    )
}

/// The health form for the current profile.
pub fn health(p: &HealthProfile) -> Form {
    Form::new(
        "Health profile (shows cautions)",
        Fields::Health(health::new_fields(p)),
    )
}

/// The guided session's setup form, prefilled like the log form (config defaults, else the last
/// session).
pub fn guided_setup(p: &Prefill) -> Form {
    Form::new(
        "Guided session: set up",
        Fields::GuidedSetup(guided_setup::setup_fields(p)),
    )
}

/// Checks the open setup form; on failure the errors are set inline and `None` is returned.
pub fn checked_setup(form: &mut Form) -> Option<Setup> {
    let Fields::GuidedSetup(s) = &form.fields else {
        return None;
    };
    let checked = s.check();
    form.settle(checked)
}

/// The guided session's end form. `so_far`: the session was stopped early.
pub fn guided_end(minutes: u16, so_far: bool) -> Form {
    let title = if so_far {
        format!("Save what was done ({minutes} min)")
    } else {
        format!("Well done: {minutes} min. Save this session")
    };
    Form::new(title, Fields::GuidedEnd(guided_setup::end_fields()))
}

/// Checks the open end form into the session to save; on failure the errors are set inline.
pub fn checked_end(
    form: &mut Form,
    active: &Active,
    done: (u16, Feet, Vec<Area>),
    now: &DateTime<FixedOffset>,
) -> Option<SessionFields> {
    let Fields::GuidedEnd(e) = &form.fields else {
        return None;
    };
    let checked = e.check(active, done, now);
    form.settle(checked)
}
