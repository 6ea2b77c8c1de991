//! The guided session's two forms: setup (feet, minutes per foot, tool, oil, tension before) and
//! the end form (tension after, pain, note), turned into a [`Setup`] and [`SessionFields`].

use chrono::{DateTime, FixedOffset};

use super::field::field_list;
use super::session::{Prefill, before_field, feet_field, note_field, oil_field, tool_field};
use super::{Choice, Field, Rating, Shape, Text, errors};
use crate::domain::ValidationError;
use crate::domain::guided::{DEFAULT_MINUTES_PER_FOOT, GuidedPlan};
use crate::domain::session::{NOTE_MAX_CHARS, OIL_MAX_CHARS, clean_text};
use crate::domain::{Area, Feet, SessionDraft, SessionFields, Tool};
use crate::tui::guided::model::{Active, Setup};

/// The setup form's fields, in focus order.
#[derive(Debug, Clone)]
pub struct SetupForm {
    /// Which feet.
    pub feet: Field<Choice>,
    /// Minutes per foot, as typed.
    pub minutes_per_foot: Field<Text>,
    /// Tool or technique.
    pub tool: Field<Choice>,
    /// Oil or lotion.
    pub oil: Field<Text>,
    /// Tension before, 0–10.
    pub tension_before: Field<Rating>,
}

field_list!(SetupForm: feet, minutes_per_foot, tool, oil, tension_before);

impl SetupForm {
    /// What the fields chose, or every refused value's error at once.
    pub fn check(&self) -> Result<Setup, Vec<ValidationError>> {
        let feet = self.feet.input.pick(Feet::ALL);
        let key = self.minutes_per_foot.key;
        let plan = self
            .minutes_per_foot
            .input
            .trimmed()
            .parse::<i64>()
            .map_err(|_| {
                ValidationError::typed(
                    key,
                    "must be a whole number from 1 to 60",
                    &self.minutes_per_foot.input.trimmed(),
                )
            })
            .and_then(|m| {
                GuidedPlan::new(feet, m).map_err(|e| ValidationError::new(key, e.message))
            });
        let before = self.tension_before.input.value.ok_or_else(|| {
            ValidationError::new(self.tension_before.key, "required: type 0–10 or use ←/→")
        });
        let oil = self.oil.input.trimmed();
        let long_oil = (oil.chars().count() > OIL_MAX_CHARS)
            .then(|| ValidationError::new(self.oil.key, "must be at most 200 characters"));
        let refused = errors([
            plan.as_ref().err(),
            before.as_ref().err(),
            long_oil.as_ref(),
        ]);
        let (Ok(plan), Ok(tension_before), true) = (plan, before, refused.is_empty()) else {
            return Err(refused);
        };
        Ok(Setup {
            plan,
            tool: self.tool.input.pick(Tool::ALL),
            oil,
            tension_before,
        })
    }
}

/// The end form's fields, in focus order.
#[derive(Debug, Clone)]
pub struct EndForm {
    /// Tension after, 0–10.
    pub tension_after: Field<Rating>,
    /// Pain, 0–10, optional.
    pub pain: Field<Rating>,
    /// The note.
    pub note: Field<Text>,
}

field_list!(EndForm: tension_after, pain, note);

impl EndForm {
    /// The session to save, or every refused value's error at once: `done` is the minutes,
    /// the feet and the areas the run really gave (not the plan's).
    pub fn check(
        &self,
        active: &Active,
        done: (u16, Feet, Vec<Area>),
        now: &DateTime<FixedOffset>,
    ) -> Result<SessionFields, Vec<ValidationError>> {
        let (minutes, feet, areas) = done;
        // ←/→ do not set an unset rating here (see `guided::update`), so the hint names digits
        // only.
        let after = self
            .tension_after
            .input
            .value
            .ok_or_else(|| ValidationError::new(self.tension_after.key, "required: type 0–10"));
        let note = clean_text(
            self.note.key,
            Some(self.note.input.trimmed()),
            NOTE_MAX_CHARS,
        );
        let refused = errors([after.as_ref().err(), note.as_ref().err()]);
        let (Ok(after), true) = (after, refused.is_empty()) else {
            return Err(refused);
        };
        let s = &active.setup;
        let draft = SessionDraft {
            started_at: active.started_at,
            minutes: i64::from(minutes),
            feet,
            tool: s.tool,
            areas,
            oil: Some(s.oil.clone()),
            tension_before: i64::from(s.tension_before),
            tension_after: i64::from(after),
            pain: self.pain.input.value.map(i64::from),
            note: Some(self.note.input.trimmed()),
        };
        draft.validate(now).map_err(|e| vec![e])
    }
}

/// The setup form's fields, prefilled like the log form (config defaults, else the last
/// session).
pub fn setup_fields(p: &Prefill) -> SetupForm {
    SetupForm {
        feet: feet_field(p.feet.unwrap_or_default()),
        minutes_per_foot: Field::new(
            "minutes_per_foot",
            "Minutes per foot",
            "1–60",
            Text::new(&DEFAULT_MINUTES_PER_FOOT.to_string(), Shape::Short),
        ),
        tool: tool_field(p.tool.unwrap_or_default()),
        oil: oil_field(p.oil.as_deref().unwrap_or("")),
        tension_before: before_field(None),
    }
}

/// The end form's fields.
pub fn end_fields() -> EndForm {
    EndForm {
        tension_after: Field::new(
            "tension_after",
            "Tension after",
            "type 0–10",
            Rating::new(None, 0, 10),
        ),
        pain: Field::new(
            "pain",
            "Pain",
            "type 0–10, optional",
            Rating::new(None, 0, 10),
        ),
        note: note_field(""),
    }
}
