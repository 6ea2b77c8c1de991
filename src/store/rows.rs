//! Mapping between table rows and domain types.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Row;
use rusqlite::types::Type;
use uuid::Uuid;

use crate::domain::time::format_rfc3339;
use crate::domain::{Area, Feet, Session, SessionFields, SleepFields, SleepNote, Tool};

/// Columns selected for a session, in the order [`session_from_row`] reads them.
pub const SESSION_COLS: &str = "uuid, started_at, minutes, feet, tool, areas, oil, tension_before, \
     tension_after, pain, note, created_at, updated_at";

/// Columns selected for a sleep note, in the order [`sleep_from_row`] reads them.
pub const SLEEP_COLS: &str = "uuid, night, quality, hours, note, created_at, updated_at";

fn bad(idx: usize, msg: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, msg.into())
}

fn time(row: &Row<'_>, idx: usize) -> rusqlite::Result<DateTime<FixedOffset>> {
    let s: String = row.get(idx)?;
    DateTime::parse_from_rfc3339(&s).map_err(|e| bad(idx, format!("time {s:?}: {e}")))
}

fn uuid(row: &Row<'_>, idx: usize) -> rusqlite::Result<Uuid> {
    let s: String = row.get(idx)?;
    Uuid::parse_str(&s).map_err(|e| bad(idx, format!("uuid {s:?}: {e}")))
}

fn word<T: std::str::FromStr>(row: &Row<'_>, idx: usize) -> rusqlite::Result<T> {
    let s: String = row.get(idx)?;
    s.parse()
        .map_err(|_| bad(idx, format!("unknown value {s:?}")))
}

/// Reads a session selected with [`SESSION_COLS`].
pub fn session_from_row(row: &Row<'_>) -> rusqlite::Result<Session> {
    let areas: String = row.get(5)?;
    let areas = areas
        .split(';')
        .filter(|a| !a.is_empty())
        .map(|a| {
            a.parse::<Area>()
                .map_err(|_| bad(5, format!("unknown area {a:?}")))
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Session {
        uuid: uuid(row, 0)?,
        fields: SessionFields {
            started_at: time(row, 1)?,
            minutes: row.get(2)?,
            feet: word::<Feet>(row, 3)?,
            tool: word::<Tool>(row, 4)?,
            areas,
            oil: row.get(6)?,
            tension_before: row.get(7)?,
            tension_after: row.get(8)?,
            pain: row.get(9)?,
            note: row.get(10)?,
        },
        created_at: time(row, 11)?,
        updated_at: time(row, 12)?,
    })
}

/// Reads a sleep note selected with [`SLEEP_COLS`].
pub fn sleep_from_row(row: &Row<'_>) -> rusqlite::Result<SleepNote> {
    Ok(SleepNote {
        uuid: uuid(row, 0)?,
        fields: SleepFields {
            night: row.get::<_, NaiveDate>(1)?,
            quality: row.get(2)?,
            hours: row.get(3)?,
            note: row.get(4)?,
        },
        created_at: time(row, 5)?,
        updated_at: time(row, 6)?,
    })
}

/// Areas as stored: `;`-joined words.
pub fn areas_text(areas: &[Area]) -> String {
    areas
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// A timestamp as stored.
pub fn ts(t: &DateTime<FixedOffset>) -> String {
    format_rfc3339(t)
}
