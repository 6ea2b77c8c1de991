//! Massage sessions: the attributes a person logs and the rules they follow.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ValidationError;
use super::time::check_not_future;

/// Allowed session length in minutes.
pub const MINUTES_RANGE: (i64, i64) = (1, 240);
/// Default session length in minutes.
pub const DEFAULT_MINUTES: u16 = 20;
/// Allowed tension and pain ratings.
pub const RATING_RANGE: (i64, i64) = (0, 10);
/// Longest note, in characters.
pub const NOTE_MAX_CHARS: usize = 2000;
/// Longest oil or lotion description, in characters.
pub const OIL_MAX_CHARS: usize = 200;

macro_rules! word_enum {
    ($(#[$doc:meta])* $name:ident, $field:literal { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "lowercase")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// Every value's word, in display order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            /// The word used in the CLI, JSON and the database.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Parses the word, naming `field` in the error.
            pub fn parse_field(field: &'static str, s: &str) -> Result<Self, ValidationError> {
                let t = s.trim().to_ascii_lowercase();
                Self::ALL.iter().copied().find(|v| v.as_str() == t).ok_or_else(|| {
                    ValidationError::new(
                        field,
                        format!("must be one of {} (got {s:?})", Self::NAMES.join(", ")),
                    )
                })
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ValidationError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse_field($field, s)
            }
        }
    };
}

word_enum!(
    /// Which feet were massaged.
    Feet, "feet" { Both => "both", Left => "left", Right => "right" }
);
word_enum!(
    /// Tool or technique used.
    Tool, "tool" {
        Hands => "hands", Roller => "roller", Ball => "ball",
        Electric => "electric", Professional => "professional",
    }
);
word_enum!(
    /// A focus area of the foot.
    Area, "areas" { Balls => "balls", Arches => "arches", Heels => "heels", Toes => "toes", Ankles => "ankles" }
);

#[expect(clippy::derivable_impls, reason = "the enum is made by a macro")]
impl Default for Feet {
    fn default() -> Self {
        Feet::Both
    }
}

#[expect(clippy::derivable_impls, reason = "the enum is made by a macro")]
impl Default for Tool {
    fn default() -> Self {
        Tool::Hands
    }
}

/// Validated, storable attributes of a session.
#[derive(Debug, Clone, Eq)]
pub struct SessionFields {
    /// Local start time with the UTC offset in force when it was logged.
    pub started_at: DateTime<FixedOffset>,
    /// Total minutes, 1–240.
    pub minutes: u16,
    /// Which feet.
    pub feet: Feet,
    /// Tool or technique.
    pub tool: Tool,
    /// Focus areas, sorted and without repeats.
    pub areas: Vec<Area>,
    /// Oil or lotion, if any.
    pub oil: Option<String>,
    /// Tension before, 0–10.
    pub tension_before: u8,
    /// Tension after, 0–10.
    pub tension_after: u8,
    /// Pain, 0–10, if rated.
    pub pain: Option<u8>,
    /// Free note, up to 2,000 characters.
    pub note: Option<String>,
}

/// Equal when every attribute is, and the start is the same instant *with the same offset*:
/// the offset fixes the local date and week, so 00:30+01:00 and 23:30+00:00 differ.
impl PartialEq for SessionFields {
    fn eq(&self, o: &Self) -> bool {
        // Destructured so a new field cannot be forgotten here.
        let SessionFields {
            started_at,
            minutes,
            feet,
            tool,
            areas,
            oil,
            tension_before,
            tension_after,
            pain,
            note,
        } = self;
        *started_at == o.started_at
            && started_at.offset() == o.started_at.offset()
            && *minutes == o.minutes
            && *feet == o.feet
            && *tool == o.tool
            && *areas == o.areas
            && *oil == o.oil
            && *tension_before == o.tension_before
            && *tension_after == o.tension_after
            && *pain == o.pain
            && *note == o.note
    }
}

impl SessionFields {
    /// The local date the session counts for: fixed by its stored offset.
    pub fn date(&self) -> NaiveDate {
        self.started_at.date_naive()
    }

    /// Tension before minus tension after (positive means relief).
    pub fn tension_drop(&self) -> i32 {
        i32::from(self.tension_before) - i32::from(self.tension_after)
    }
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// Stable identity, kept through export and import.
    pub uuid: Uuid,
    /// What was logged.
    pub fields: SessionFields,
    /// When the record was created.
    pub created_at: DateTime<FixedOffset>,
    /// When the record last changed.
    pub updated_at: DateTime<FixedOffset>,
}

/// Unvalidated session input, as typed in the CLI, the TUI form or an import.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionDraft {
    /// Start time, already resolved to local time with its offset.
    pub started_at: DateTime<FixedOffset>,
    /// Minutes as given.
    pub minutes: i64,
    /// Which feet.
    pub feet: Feet,
    /// Tool or technique.
    pub tool: Tool,
    /// Focus areas in any order, repeats allowed.
    pub areas: Vec<Area>,
    /// Oil or lotion; blank means none.
    pub oil: Option<String>,
    /// Tension before as given.
    pub tension_before: i64,
    /// Tension after as given.
    pub tension_after: i64,
    /// Pain as given.
    pub pain: Option<i64>,
    /// Note; blank means none.
    pub note: Option<String>,
}

/// Checks `value` against an inclusive range, naming `field`.
pub fn check_range(
    field: &'static str,
    value: i64,
    (lo, hi): (i64, i64),
) -> Result<i64, ValidationError> {
    if (lo..=hi).contains(&value) {
        Ok(value)
    } else {
        Err(ValidationError::range(field, lo, hi, value))
    }
}

/// Rejects control characters other than line breaks and tabs (a NUL would also cut the text
/// short for SQLite, whose CHECK constraints measure it).
pub fn check_no_control_chars(field: &'static str, text: &str) -> Result<(), ValidationError> {
    match text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        Some(c) => Err(ValidationError::new(
            field,
            format!(
                "must not contain control characters (found U+{:04X})",
                u32::from(c)
            ),
        )),
        None => Ok(()),
    }
}

/// Trims text; blank becomes `None`; longer than `max` characters is an error.
pub fn clean_text(
    field: &'static str,
    text: Option<String>,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    let Some(text) = text else { return Ok(None) };
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    check_no_control_chars(field, trimmed)?;
    let n = trimmed.chars().count();
    if n > max {
        return Err(ValidationError::new(
            field,
            format!("must be at most {max} characters (got {n})"),
        ));
    }
    Ok(Some(trimmed.to_string()))
}

fn rating(field: &'static str, v: i64) -> Result<u8, ValidationError> {
    let v = check_range(field, v, RATING_RANGE)?;
    u8::try_from(v).map_err(|_| ValidationError::range(field, 0, 10, v))
}

impl SessionDraft {
    /// A draft with the defaults (20 minutes, both feet, hands) at `started_at`.
    pub fn new(started_at: DateTime<FixedOffset>, tension_before: i64, tension_after: i64) -> Self {
        Self {
            started_at,
            minutes: i64::from(DEFAULT_MINUTES),
            feet: Feet::default(),
            tool: Tool::default(),
            areas: Vec::new(),
            oil: None,
            tension_before,
            tension_after,
            pain: None,
            note: None,
        }
    }

    /// Validates every rule; `now` bounds the start time (at most 24 hours ahead).
    pub fn validate(self, now: &DateTime<FixedOffset>) -> Result<SessionFields, ValidationError> {
        check_not_future("started_at", &self.started_at, now)?;
        let minutes = check_range("minutes", self.minutes, MINUTES_RANGE)?;
        let tension_before = rating("tension_before", self.tension_before)?;
        let tension_after = rating("tension_after", self.tension_after)?;
        let pain = self.pain.map(|p| rating("pain", p)).transpose()?;
        let mut areas = self.areas;
        areas.sort();
        areas.dedup();
        Ok(SessionFields {
            started_at: self.started_at,
            minutes: u16::try_from(minutes)
                .map_err(|_| ValidationError::range("minutes", 1, 240, minutes))?,
            feet: self.feet,
            tool: self.tool,
            areas,
            oil: clean_text("oil", self.oil, OIL_MAX_CHARS)?,
            tension_before,
            tension_after,
            pain,
            note: clean_text("note", self.note, NOTE_MAX_CHARS)?,
        })
    }
}

impl From<&SessionFields> for SessionDraft {
    fn from(f: &SessionFields) -> Self {
        Self {
            started_at: f.started_at,
            minutes: i64::from(f.minutes),
            feet: f.feet,
            tool: f.tool,
            areas: f.areas.clone(),
            oil: f.oil.clone(),
            tension_before: i64::from(f.tension_before),
            tension_after: i64::from(f.tension_after),
            pain: f.pain.map(i64::from),
            note: f.note.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:00:00+01:00").expect("time")
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    #[test]
    fn valid_draft_normalises_areas_and_text() {
        let mut d = SessionDraft::new(now(), 7, 3);
        d.areas = vec![Area::Heels, Area::Balls, Area::Heels];
        d.oil = Some("  lavender ".into());
        d.note = Some("   ".into());
        let f = d.validate(&now()).expect("valid");
        assert_eq!(f.areas, vec![Area::Balls, Area::Heels]);
        assert_eq!(f.oil.as_deref(), Some("lavender"));
        assert_eq!(f.note, None);
        assert_eq!(f.minutes, 20);
        assert_eq!(f.tension_drop(), 4);
    }

    #[test]
    fn each_range_names_its_field() {
        type Mutate = Box<dyn Fn(&mut SessionDraft)>;
        let cases: Vec<(&str, Mutate)> = vec![
            ("minutes", Box::new(|d| d.minutes = 0)),
            ("minutes", Box::new(|d| d.minutes = 241)),
            ("tension_before", Box::new(|d| d.tension_before = -1)),
            ("tension_after", Box::new(|d| d.tension_after = 11)),
            ("pain", Box::new(|d| d.pain = Some(11))),
            ("note", Box::new(|d| d.note = Some("x".repeat(2001)))),
            ("oil", Box::new(|d| d.oil = Some("x".repeat(201)))),
        ];
        for (field, mutate) in cases {
            let mut d = SessionDraft::new(now(), 5, 5);
            mutate(&mut d);
            let err = d.validate(&now()).expect_err(field);
            assert_eq!(err.field, field);
        }
    }

    #[test]
    fn the_same_instant_with_another_offset_is_another_start() {
        let a = SessionDraft::new(at("2026-11-23T00:30:00+01:00"), 5, 2)
            .validate(&now())
            .expect("valid");
        let b = SessionDraft::new(at("2026-11-22T23:30:00+00:00"), 5, 2)
            .validate(&now())
            .expect("valid");
        assert_eq!(a.started_at, b.started_at, "chrono compares instants only");
        assert_ne!(
            a,
            b,
            "but the local dates differ: {} and {}",
            a.date(),
            b.date()
        );
        assert_eq!(a, a.clone());
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_kept() {
        let mut d = SessionDraft::new(now(), 5, 5);
        d.note = Some("\0hidden".into());
        let err = d.validate(&now()).expect_err("NUL");
        assert_eq!(err.field, "note");
        assert!(err.message.contains("U+0000"), "{}", err.message);
        let mut d = SessionDraft::new(now(), 5, 5);
        d.oil = Some("almond\u{7}".into());
        assert_eq!(d.validate(&now()).expect_err("BEL").field, "oil");
        let mut d = SessionDraft::new(now(), 5, 5);
        d.note = Some("line one\nline two\ttabbed".into());
        assert!(d.validate(&now()).is_ok());
    }

    #[test]
    fn a_2000_character_note_is_allowed() {
        let mut d = SessionDraft::new(now(), 5, 5);
        d.note = Some("é".repeat(2000));
        assert!(d.validate(&now()).is_ok());
    }

    #[test]
    fn words_parse_case_insensitively_and_reject_others() {
        assert_eq!("LEFT".parse::<Feet>(), Ok(Feet::Left));
        assert_eq!(Tool::parse_field("tool", "roller"), Ok(Tool::Roller));
        let err = "knee".parse::<Area>().expect_err("not an area");
        assert!(err.message.contains("balls, arches, heels, toes, ankles"));
    }
}
