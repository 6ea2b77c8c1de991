//! Validating an imported record, whatever the file format: [`RecordIn`] → the fields footlog
//! stores, or a message naming the field and what it allows.

use chrono::{DateTime, FixedOffset};
use uuid::Uuid;

use super::input::{Cell, RecordIn};
use crate::domain::diary::DiaryDraft;
use crate::domain::session::{Area, Feet, SessionDraft, SessionFields, Tool};
use crate::domain::sleep::{SleepDraft, SleepFields};
use crate::domain::time::{parse_date, parse_rfc3339};
use crate::domain::week::{validate_goal, validate_reason};
use crate::domain::{GoalChange, RestMark, ValidationError};

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

fn parse_meta<C: Cell>(
    raw: &RecordIn<C>,
    now: &DateTime<FixedOffset>,
) -> Result<ImportMeta, ValidationError> {
    let uuid = match raw.uuid.text("uuid")? {
        Some(u) => Uuid::parse_str(&u)
            .map_err(|_| ValidationError::new("uuid", format!("must be a UUID (got {u:?})")))?,
        None => Uuid::new_v4(),
    };
    let created_at = match raw.created_at.text("created_at")? {
        Some(t) => parse_rfc3339("created_at", &t)?,
        None => *now,
    };
    let updated_at = match raw.updated_at.text("updated_at")? {
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
pub fn parse_session<C: Cell>(
    raw: &RecordIn<C>,
    now: &DateTime<FixedOffset>,
) -> Result<(ImportMeta, SessionFields), ValidationError> {
    let meta = parse_meta(raw, now)?;
    let started_at = parse_rfc3339(
        "started_at",
        &required("started_at", raw.started_at.text("started_at")?)?,
    )?;
    if let Some(date) = raw.date.text("date")? {
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
        required("tension_before", raw.tension_before.int("tension_before")?)?,
        required("tension_after", raw.tension_after.int("tension_after")?)?,
    );
    if let Some(m) = raw.minutes.int("minutes")? {
        draft.minutes = m;
    }
    if let Some(f) = raw.feet.text("feet")? {
        draft.feet = Feet::parse_field("feet", &f)?;
    }
    if let Some(t) = raw.tool.text("tool")? {
        draft.tool = Tool::parse_field("tool", &t)?;
    }
    draft.areas = raw
        .areas
        .words("areas")?
        .iter()
        .map(|a| Area::parse_field("areas", a))
        .collect::<Result<_, _>>()?;
    let (oil, oil_as_given) = sheltered(raw.oil.text("oil")?);
    let (note, note_as_given) = sheltered(raw.note.text("note")?);
    draft.oil = oil;
    draft.pain = raw.pain.int("pain")?;
    draft.note = note;
    let mut fields = draft.validate(now)?;
    fields.oil = fields.oil.and(oil_as_given);
    fields.note = fields.note.and(note_as_given);
    Ok((meta, fields))
}

/// What footlog exports, it imports: a text another tool wrote with control characters into a
/// database (footlog's own forms and flags refuse them) is checked by every other rule (length,
/// blank) with each such character standing in as U+FFFD, then kept as it was given, trimmed;
/// every screen and output shows it escaped. Returns (the text to check, the text to keep).
fn sheltered(text: Option<String>) -> (Option<String>, Option<String>) {
    let Some(text) = text else {
        return (None, None);
    };
    let check = text
        .chars()
        .map(|c| {
            if c.is_control() && !matches!(c, '\n' | '\r' | '\t') {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    let kept = text.trim().to_string();
    (Some(check), Some(kept))
}

/// Parses and validates an imported sleep note.
pub fn parse_sleep<C: Cell>(
    raw: &RecordIn<C>,
    now: &DateTime<FixedOffset>,
) -> Result<(ImportMeta, SleepFields), ValidationError> {
    let meta = parse_meta(raw, now)?;
    let (note, note_as_given) = sheltered(raw.note.text("note")?);
    let draft = SleepDraft {
        night: parse_date("night", &required("night", raw.night.text("night")?)?)?,
        quality: required("quality", raw.quality.int("quality")?)?,
        hours: raw.hours.number("hours")?,
        note,
        diary: DiaryDraft {
            bed: raw.bed.text("bed")?,
            tried: raw.tried.text("tried")?,
            latency_min: raw.latency_min.int("latency_min")?,
            awakenings: raw.awakenings.int("awakenings")?,
            awake_min: raw.awake_min.int("awake_min")?,
            woke: raw.woke.text("woke")?,
            up: raw.up.text("up")?,
        },
    };
    // The diary's rules name the CLI's words (latency, awake); a file names its keys.
    let mut fields = draft.validate_on(now.date_naive()).map_err(|mut e| {
        e.field = match e.field {
            "latency" => "latency_min",
            "awake" => "awake_min",
            other => other,
        };
        e
    })?;
    fields.note = fields.note.and(note_as_given);
    Ok((meta, fields))
}

/// Parses and validates an imported goal change.
pub fn parse_goal<C: Cell>(raw: &RecordIn<C>) -> Result<GoalChange, ValidationError> {
    let date = raw
        .effective_from
        .text("effective_from")?
        .unwrap_or_default();
    let effective_from = parse_date("effective_from", &date)?;
    let per_week = raw
        .per_week
        .int("per_week")
        .and_then(|p| required("per_week", p))
        .and_then(validate_goal)?;
    Ok(GoalChange {
        effective_from,
        per_week,
    })
}

/// Parses and validates an imported rest mark.
pub fn parse_rest<C: Cell>(raw: &RecordIn<C>) -> Result<RestMark, ValidationError> {
    let date = raw.date.text("date")?.unwrap_or_default();
    let date = parse_date("date", &date)?;
    let (reason, as_given) = sheltered(raw.reason.text("reason")?);
    validate_reason(&reason.unwrap_or_default())?;
    let reason = as_given.unwrap_or_default();
    Ok(RestMark { date, reason })
}
