//! The session form: build it (new or edit) and turn it into validated [`SessionFields`].

use chrono::{DateTime, FixedOffset};

use super::{
    Field, Form, FormKind, Input, choice_of, rating_of, required_rating, text_input, text_of,
};
use crate::domain::RecordRef;
use crate::domain::session::{
    DEFAULT_MINUTES, MINUTES_RANGE, NOTE_MAX_CHARS, OIL_MAX_CHARS, check_range, clean_text,
};
use crate::domain::time::check_not_future;
use crate::domain::{Area, Feet, Session, SessionDraft, SessionFields, Tool, ValidationError};
use crate::tui::state::{AppState, Zone};

/// How the "when" field is written and read.
pub const WHEN_FORMAT: &str = "%Y-%m-%d %H:%M";

/// What a new session form starts with, besides "now".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefill {
    /// Minutes.
    pub minutes: Option<u16>,
    /// Which feet.
    pub feet: Option<Feet>,
    /// Tool or technique.
    pub tool: Option<Tool>,
    /// Oil or lotion.
    pub oil: Option<String>,
}

impl Prefill {
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

fn words(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| (*s).to_string()).collect()
}

/// The "Feet" choice, set to `feet`.
pub(super) fn feet_field(feet: Feet) -> Field {
    Field::new(
        "feet",
        "Feet",
        "",
        Input::Choice {
            index: Feet::ALL.iter().position(|x| *x == feet).unwrap_or(0),
            options: words(Feet::NAMES),
        },
    )
}

/// The "Tool" choice, set to `tool`.
pub(super) fn tool_field(tool: Tool) -> Field {
    Field::new(
        "tool",
        "Tool",
        "",
        Input::Choice {
            index: Tool::ALL.iter().position(|x| *x == tool).unwrap_or(0),
            options: words(Tool::NAMES),
        },
    )
}

fn rating(value: Option<u8>, max: u8) -> Input {
    Input::Rating {
        value,
        min: 0,
        max,
        after_one: false,
    }
}

#[allow(clippy::too_many_arguments)]
fn build(
    when: &str,
    minutes: u16,
    feet: Feet,
    tool: Tool,
    areas: &[Area],
    oil: &str,
    before: Option<u8>,
    after: Option<u8>,
    pain: Option<u8>,
    note: &str,
) -> Vec<Field> {
    vec![
        Field::new(
            "tension_before",
            "Tension before",
            "0–10",
            rating(before, 10),
        ),
        Field::new("tension_after", "Tension after", "0–10", rating(after, 10)),
        Field::new("pain", "Pain", "0–10, optional", rating(pain, 10)),
        Field::new(
            "minutes",
            "Minutes",
            "1–240",
            text_input(&minutes.to_string()),
        ),
        Field::new(
            "started_at",
            "When",
            "YYYY-MM-DD HH:MM or yesterday 21:15",
            text_input(when),
        ),
        feet_field(feet),
        tool_field(tool),
        Field::new(
            "areas",
            "Areas",
            "",
            Input::Toggles {
                on: Area::ALL.iter().map(|a| areas.contains(a)).collect(),
                cursor: 0,
                options: words(Area::NAMES),
            },
        ),
        Field::new("oil", "Oil", "optional", text_input(oil)),
        Field::new("note", "Note", "optional", text_input(note)).multiline(),
    ]
}

/// A form for a new session at `now`.
pub fn new_form(now: &DateTime<FixedOffset>, p: &Prefill) -> Form {
    let fields = build(
        &now.format(WHEN_FORMAT).to_string(),
        p.minutes.unwrap_or(DEFAULT_MINUTES),
        p.feet.unwrap_or_default(),
        p.tool.unwrap_or_default(),
        &[],
        p.oil.as_deref().unwrap_or(""),
        None,
        None,
        None,
        "",
    );
    Form::new(FormKind::Session, "Log a session", fields)
}

/// A form editing `s`.
pub fn edit_form(s: &Session) -> Form {
    let f = &s.fields;
    let fields = build(
        &f.started_at.format(WHEN_FORMAT).to_string(),
        f.minutes,
        f.feet,
        f.tool,
        &f.areas,
        f.oil.as_deref().unwrap_or(""),
        Some(f.tension_before),
        Some(f.tension_after),
        f.pain,
        f.note.as_deref().unwrap_or(""),
    );
    let mut form = Form::new(FormKind::Session, "Edit session", fields);
    form.editing = Some(RecordRef::Session(s.uuid));
    form
}

/// Validates the form. On failure the errors are set inline and `None` is returned.
/// `original` is the edited session's start, kept as stored (with its offset) if "when" is unchanged.
pub fn fields(
    form: &mut Form,
    now: &DateTime<FixedOffset>,
    zone: &Zone,
    original: Option<&DateTime<FixedOffset>>,
) -> Option<SessionFields> {
    form.clear_errors();
    // Every field is checked on its own, so all the refused ones are marked at once.
    let when = text_of(form, "started_at");
    let started_at = match original {
        Some(o) if o.format(WHEN_FORMAT).to_string() == when => Ok(*o),
        _ => zone.resolve("started_at", &when, now),
    }
    .and_then(|t| check_not_future("started_at", &t, now).map(|()| t));
    let minutes = text_of(form, "minutes")
        .parse::<i64>()
        .map_err(|_| ValidationError::new("minutes", "must be a whole number from 1 to 240"))
        .and_then(|m| check_range("minutes", m, MINUTES_RANGE));
    let before = required_rating(form, "tension_before", "0–10");
    let after = required_rating(form, "tension_after", "0–10");
    let oil = clean_text("oil", Some(text_of(form, "oil")), OIL_MAX_CHARS);
    let note = clean_text("note", Some(text_of(form, "note")), NOTE_MAX_CHARS);
    let fine = form.report([
        started_at.as_ref().err(),
        minutes.as_ref().err(),
        before.as_ref().err(),
        after.as_ref().err(),
        oil.as_ref().err(),
        note.as_ref().err(),
    ]);
    let (Ok(started_at), Ok(minutes), Ok(before), Ok(after), true) =
        (started_at, minutes, before, after, fine)
    else {
        return None;
    };
    let areas = match form.field("areas").map(|f| &f.input) {
        Some(Input::Toggles { on, .. }) => Area::ALL
            .iter()
            .zip(on)
            .filter(|(_, on)| **on)
            .map(|(a, _)| *a)
            .collect(),
        _ => Vec::new(),
    };
    let draft = SessionDraft {
        started_at,
        minutes,
        feet: Feet::ALL
            .get(choice_of(form, "feet"))
            .copied()
            .unwrap_or_default(),
        tool: Tool::ALL
            .get(choice_of(form, "tool"))
            .copied()
            .unwrap_or_default(),
        areas,
        oil: Some(text_of(form, "oil")),
        tension_before: i64::from(before),
        tension_after: i64::from(after),
        pain: rating_of(form, "pain").map(i64::from),
        note: Some(text_of(form, "note")),
    };
    form.accept(draft.validate(now))
}
