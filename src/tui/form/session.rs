//! The session form: build it (new or edit) and turn it into validated [`SessionFields`].

use chrono::{DateTime, FixedOffset};

use super::field::field_list;
use super::{Choice, Field, Rating, Shape, Text, Toggles, errors};
use crate::domain::session::{
    DEFAULT_MINUTES, MINUTES_RANGE, NOTE_MAX_CHARS, OIL_MAX_CHARS, check_range, clean_text,
};
use crate::domain::time::check_not_future;
use crate::domain::{Area, Feet, Session, SessionDraft, SessionFields, Tool, ValidationError};

/// How the "when" field is written and read.
pub const WHEN_FORMAT: &str = "%Y-%m-%d %H:%M";

/// What a new session form starts with, besides "now" (see `Prefill::from_state`, in
/// `form/update.rs`: this file cannot read the app's state, which holds the form).
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

/// The session form's fields, in focus order.
#[derive(Debug, Clone)]
pub struct SessionForm {
    /// Tension before, 0–10.
    pub tension_before: Field<Rating>,
    /// Tension after, 0–10.
    pub tension_after: Field<Rating>,
    /// Pain, 0–10, optional.
    pub pain: Field<Rating>,
    /// Minutes, as typed.
    pub minutes: Field<Text>,
    /// When it started, as typed.
    pub started_at: Field<Text>,
    /// Which feet.
    pub feet: Field<Choice>,
    /// Tool or technique.
    pub tool: Field<Choice>,
    /// The areas worked on.
    pub areas: Field<Toggles>,
    /// Oil or lotion.
    pub oil: Field<Text>,
    /// The note.
    pub note: Field<Text>,
}

field_list!(SessionForm: tension_before, tension_after, pain, minutes, started_at, feet, tool, areas, oil, note);

/// The "Feet" choice, set to `feet`.
pub(super) fn feet_field(feet: Feet) -> Field<Choice> {
    Field::new(
        "feet",
        "Feet",
        "",
        Choice::of(Feet::ALL, &feet, Feet::NAMES),
    )
}

/// The "Tool" choice, set to `tool`.
pub(super) fn tool_field(tool: Tool) -> Field<Choice> {
    Field::new(
        "tool",
        "Tool",
        "",
        Choice::of(Tool::ALL, &tool, Tool::NAMES),
    )
}

/// The "Tension before" rating, unset.
pub(super) fn before_field(value: Option<u8>) -> Field<Rating> {
    Field::new(
        "tension_before",
        "Tension before",
        "0–10",
        Rating::new(value, 0, 10),
    )
}

/// The "Oil" text.
pub(super) fn oil_field(oil: &str) -> Field<Text> {
    Field::new("oil", "Oil", "optional", Text::new(oil, Shape::Long))
}

/// The "Note" text.
pub(super) fn note_field(note: &str) -> Field<Text> {
    Field::new("note", "Note", "optional", Text::new(note, Shape::Note))
}

/// A rating that must be set, or the error to show beside it.
pub(super) fn required(field: &Field<Rating>, range: &str) -> Result<u8, ValidationError> {
    field.input.value.ok_or_else(|| {
        ValidationError::new(field.key, format!("required: type {range} or use ←/→"))
    })
}

/// What a session form opens with: a new session's defaults, or the edited session's values.
struct Opening<'a> {
    when: String,
    minutes: u16,
    feet: Feet,
    tool: Tool,
    areas: &'a [Area],
    oil: &'a str,
    before: Option<u8>,
    after: Option<u8>,
    pain: Option<u8>,
    note: &'a str,
}

impl SessionForm {
    fn new(o: &Opening) -> Self {
        let Opening {
            ref when,
            minutes,
            feet,
            tool,
            areas,
            oil,
            before,
            after,
            pain,
            note,
        } = *o;
        Self {
            tension_before: before_field(before),
            tension_after: Field::new(
                "tension_after",
                "Tension after",
                "0–10",
                Rating::new(after, 0, 10),
            ),
            pain: Field::new("pain", "Pain", "0–10, optional", Rating::new(pain, 0, 10)),
            minutes: Field::new(
                "minutes",
                "Minutes",
                "1–240",
                Text::new(&minutes.to_string(), Shape::Short),
            ),
            started_at: Field::new(
                "started_at",
                "When",
                "YYYY-MM-DD HH:MM or yesterday 21:15",
                Text::new(when, Shape::DateTime),
            ),
            feet: feet_field(feet),
            tool: tool_field(tool),
            areas: Field::new(
                "areas",
                "Areas",
                "",
                Toggles {
                    on: Area::ALL.iter().map(|a| areas.contains(a)).collect(),
                    cursor: 0,
                    options: Area::NAMES.iter().map(|s| (*s).to_string()).collect(),
                },
            ),
            oil: oil_field(oil),
            note: note_field(note),
        }
    }

    /// The session the fields describe, or every refused value's error at once. `resolve` reads
    /// a typed "when" (naming the field in its error) in the app's time zone; `original` is the
    /// edited session's start, kept as stored (with its offset) if "when" is unchanged.
    pub fn check(
        &self,
        now: &DateTime<FixedOffset>,
        resolve: impl FnOnce(&'static str, &str) -> Result<DateTime<FixedOffset>, ValidationError>,
        original: Option<&DateTime<FixedOffset>>,
    ) -> Result<SessionFields, Vec<ValidationError>> {
        // Every field is checked on its own, so all the refused ones are marked at once.
        let when = self.started_at.input.trimmed();
        let started_at = match original {
            Some(o) if o.format(WHEN_FORMAT).to_string() == when => Ok(*o),
            _ => resolve(self.started_at.key, &when),
        }
        .and_then(|t| check_not_future(self.started_at.key, &t, now).map(|()| t));
        let minutes = self
            .minutes
            .input
            .trimmed()
            .parse::<i64>()
            .map_err(|_| {
                ValidationError::typed(
                    self.minutes.key,
                    "must be a whole number from 1 to 240",
                    &self.minutes.input.trimmed(),
                )
            })
            .and_then(|m| check_range(self.minutes.key, m, MINUTES_RANGE));
        let before = required(&self.tension_before, "0–10");
        let after = required(&self.tension_after, "0–10");
        let oil = clean_text(self.oil.key, Some(self.oil.input.trimmed()), OIL_MAX_CHARS);
        let note = clean_text(
            self.note.key,
            Some(self.note.input.trimmed()),
            NOTE_MAX_CHARS,
        );
        let refused = errors([
            started_at.as_ref().err(),
            minutes.as_ref().err(),
            before.as_ref().err(),
            after.as_ref().err(),
            oil.as_ref().err(),
            note.as_ref().err(),
        ]);
        let (Ok(started_at), Ok(minutes), Ok(before), Ok(after), true) =
            (started_at, minutes, before, after, refused.is_empty())
        else {
            return Err(refused);
        };
        let draft = SessionDraft {
            started_at,
            minutes,
            feet: self.feet.input.pick(Feet::ALL),
            tool: self.tool.input.pick(Tool::ALL),
            areas: self.areas.input.picked(Area::ALL),
            oil: Some(self.oil.input.trimmed()),
            tension_before: i64::from(before),
            tension_after: i64::from(after),
            pain: self.pain.input.value.map(i64::from),
            note: Some(self.note.input.trimmed()),
        };
        draft.validate(now).map_err(|e| vec![e])
    }
}

/// The fields for a new session at `now`.
pub fn new_fields(now: &DateTime<FixedOffset>, p: &Prefill) -> SessionForm {
    SessionForm::new(&Opening {
        when: now.format(WHEN_FORMAT).to_string(),
        minutes: p.minutes.unwrap_or(DEFAULT_MINUTES),
        feet: p.feet.unwrap_or_default(),
        tool: p.tool.unwrap_or_default(),
        areas: &[],
        oil: p.oil.as_deref().unwrap_or(""),
        before: None,
        after: None,
        pain: None,
        note: "",
    })
}

/// The fields editing `s`.
pub fn edit_fields(s: &Session) -> SessionForm {
    let f = &s.fields;
    SessionForm::new(&Opening {
        when: f.started_at.format(WHEN_FORMAT).to_string(),
        minutes: f.minutes,
        feet: f.feet,
        tool: f.tool,
        areas: &f.areas,
        oil: f.oil.as_deref().unwrap_or(""),
        before: Some(f.tension_before),
        after: Some(f.tension_after),
        pain: f.pain,
        note: f.note.as_deref().unwrap_or(""),
    })
}
