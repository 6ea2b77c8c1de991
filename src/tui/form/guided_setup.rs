//! The guided session's two forms: setup (feet, minutes per foot, tool, oil, tension before) and
//! the end form (tension after, pain, note), turned into a [`Setup`] and [`SessionFields`].

use chrono::{DateTime, FixedOffset};

use super::session::{Prefill, feet_field, tool_field};
use super::{Field, Form, FormKind, Input, choice_of, rating_of, text_input, text_of};
use crate::domain::ValidationError;
use crate::domain::guided::{DEFAULT_MINUTES_PER_FOOT, GuidedPlan};
use crate::domain::session::{NOTE_MAX_CHARS, clean_text};
use crate::domain::{Area, Feet, SessionDraft, SessionFields, Tool};
use crate::tui::guided::model::{Active, Setup};

fn rating(max: u8) -> Input {
    Input::Rating {
        value: None,
        min: 0,
        max,
        after_one: false,
    }
}

/// The setup form, prefilled like the log form (config defaults, else the last session).
pub fn setup_form(p: &Prefill) -> Form {
    let feet = p.feet.unwrap_or_default();
    let tool = p.tool.unwrap_or_default();
    let fields = vec![
        feet_field(feet),
        Field::new(
            "minutes_per_foot",
            "Minutes per foot",
            "1–60",
            text_input(&DEFAULT_MINUTES_PER_FOOT.to_string()),
        ),
        tool_field(tool),
        Field::new(
            "oil",
            "Oil",
            "optional",
            text_input(p.oil.as_deref().unwrap_or("")),
        ),
        Field::new("tension_before", "Tension before", "0–10", rating(10)),
    ];
    Form::new(FormKind::GuidedSetup, "Guided session: set up", fields)
}

/// Validates the setup form; on failure the errors are set inline and `None` is returned.
pub fn setup(form: &mut Form) -> Option<Setup> {
    form.clear_errors();
    let feet = Feet::ALL
        .get(choice_of(form, "feet"))
        .copied()
        .unwrap_or_default();
    let plan = text_of(form, "minutes_per_foot")
        .parse::<i64>()
        .map_err(|_| "must be a whole number from 1 to 60".to_string())
        .and_then(|m| GuidedPlan::new(feet, m).map_err(|e| e.message));
    let before = rating_of(form, "tension_before");
    let oil = text_of(form, "oil");
    let mut ok = true;
    if let Err(e) = &plan {
        form.set_error("minutes_per_foot", e.clone());
        ok = false;
    }
    if before.is_none() {
        form.set_error("tension_before", "required: type 0–10 or use ←/→".into());
        ok = false;
    }
    if oil.chars().count() > crate::domain::session::OIL_MAX_CHARS {
        form.set_error("oil", "must be at most 200 characters".into());
        ok = false;
    }
    let (Ok(plan), Some(tension_before), true) = (plan, before, ok) else {
        form.focus_first_error();
        return None;
    };
    Some(Setup {
        plan,
        tool: Tool::ALL
            .get(choice_of(form, "tool"))
            .copied()
            .unwrap_or_default(),
        oil,
        tension_before,
    })
}

/// The end form. `so_far`: the session was stopped early.
pub fn end_form(minutes: u16, so_far: bool) -> Form {
    let title = if so_far {
        format!("Save what was done ({minutes} min)")
    } else {
        format!("Well done: {minutes} min. Save this session")
    };
    let fields = vec![
        Field::new("tension_after", "Tension after", "type 0–10", rating(10)),
        Field::new("pain", "Pain", "type 0–10, optional", rating(10)),
        Field::new("note", "Note", "optional", text_input("")).multiline(),
    ];
    Form::new(FormKind::GuidedEnd, title, fields)
}

/// Validates the end form into the session to save; on failure the errors are set inline.
pub fn end_fields(
    form: &mut Form,
    active: &Active,
    minutes: u16,
    areas: Vec<Area>,
    now: &DateTime<FixedOffset>,
) -> Option<SessionFields> {
    form.clear_errors();
    // ←/→ do not set an unset rating here (see `guided::update`), so the hint names digits only.
    let after = rating_of(form, "tension_after")
        .ok_or_else(|| ValidationError::new("tension_after", "required: type 0–10"));
    let note = clean_text("note", Some(text_of(form, "note")), NOTE_MAX_CHARS);
    let fine = form.report([after.as_ref().err(), note.as_ref().err()]);
    let (Ok(after), true) = (after, fine) else {
        return None;
    };
    let s = &active.setup;
    let draft = SessionDraft {
        started_at: active.started_at,
        minutes: i64::from(minutes),
        feet: s.plan.feet,
        tool: s.tool,
        areas,
        oil: Some(s.oil.clone()),
        tension_before: i64::from(s.tension_before),
        tension_after: i64::from(after),
        pain: rating_of(form, "pain").map(i64::from),
        note: Some(text_of(form, "note")),
    };
    form.accept(draft.validate(now))
}
