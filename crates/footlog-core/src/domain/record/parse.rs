//! Parsing and validating an imported session or sleep note, whatever the file format.

use chrono::{DateTime, FixedOffset};
use uuid::Uuid;

use crate::domain::ValidationError;
use crate::domain::session::{Area, Feet, SessionDraft, SessionFields, Tool};
use crate::domain::sleep::{SleepDraft, SleepFields};
use crate::domain::time::{parse_date, parse_rfc3339};

/// Read access to one imported record's fields, whatever the file format.
pub trait RawFields {
    /// A text value; `None` when absent, null or (CSV) empty.
    fn text(&self, key: &'static str) -> Result<Option<String>, ValidationError>;
    /// A whole number.
    fn int(&self, key: &'static str) -> Result<Option<i64>, ValidationError>;
    /// A number.
    fn number(&self, key: &'static str) -> Result<Option<f64>, ValidationError>;
    /// A list of words.
    fn words(&self, key: &'static str) -> Result<Vec<String>, ValidationError>;
}

fn required<T>(key: &'static str, v: Option<T>) -> Result<T, ValidationError> {
    v.ok_or_else(|| ValidationError::new(key, "is required"))
}

/// Timestamps and identity shared by imported records.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportMeta {
    /// The record's UUID (a new one when the file has none).
    pub uuid: Uuid,
    /// `created_at`, or `now` when absent.
    pub created_at: DateTime<FixedOffset>,
    /// `updated_at`, or `created_at` when absent.
    pub updated_at: DateTime<FixedOffset>,
}

fn parse_meta(
    raw: &dyn RawFields,
    now: &DateTime<FixedOffset>,
) -> Result<ImportMeta, ValidationError> {
    let uuid = match raw.text("uuid")? {
        Some(u) => Uuid::parse_str(&u)
            .map_err(|_| ValidationError::new("uuid", format!("must be a UUID (got {u:?})")))?,
        None => Uuid::new_v4(),
    };
    let created_at = match raw.text("created_at")? {
        Some(t) => parse_rfc3339("created_at", &t)?,
        None => *now,
    };
    let updated_at = match raw.text("updated_at")? {
        Some(t) => parse_rfc3339("updated_at", &t)?,
        None => created_at,
    };
    Ok(ImportMeta {
        uuid,
        created_at,
        updated_at,
    })
}

/// Parses and validates an imported session.
pub fn parse_session(
    raw: &dyn RawFields,
    now: &DateTime<FixedOffset>,
) -> Result<(ImportMeta, SessionFields), ValidationError> {
    let meta = parse_meta(raw, now)?;
    let started_at = parse_rfc3339(
        "started_at",
        &required("started_at", raw.text("started_at")?)?,
    )?;
    if let Some(date) = raw.text("date")? {
        let date = parse_date("date", &date)?;
        if date != started_at.date_naive() {
            return Err(ValidationError::new(
                "date",
                format!(
                    "must be the local date of started_at ({})",
                    started_at.date_naive()
                ),
            ));
        }
    }
    let mut draft = SessionDraft::new(
        started_at,
        required("tension_before", raw.int("tension_before")?)?,
        required("tension_after", raw.int("tension_after")?)?,
    );
    if let Some(m) = raw.int("minutes")? {
        draft.minutes = m;
    }
    if let Some(f) = raw.text("feet")? {
        draft.feet = Feet::parse_field("feet", &f)?;
    }
    if let Some(t) = raw.text("tool")? {
        draft.tool = Tool::parse_field("tool", &t)?;
    }
    draft.areas = raw
        .words("areas")?
        .iter()
        .map(|a| Area::parse_field("areas", a))
        .collect::<Result<_, _>>()?;
    draft.oil = raw.text("oil")?;
    draft.pain = raw.int("pain")?;
    draft.note = raw.text("note")?;
    Ok((meta, draft.validate(now)?))
}

/// Parses and validates an imported sleep note.
pub fn parse_sleep(
    raw: &dyn RawFields,
    now: &DateTime<FixedOffset>,
) -> Result<(ImportMeta, SleepFields), ValidationError> {
    let meta = parse_meta(raw, now)?;
    let draft = SleepDraft {
        night: parse_date("night", &required("night", raw.text("night")?)?)?,
        quality: required("quality", raw.int("quality")?)?,
        hours: raw.number("hours")?,
        note: raw.text("note")?,
    };
    Ok((meta, draft.validate_on(now.date_naive())?))
}
