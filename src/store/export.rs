//! Export of everything live, read row by row so any history streams out in bounded memory. A row
//! that cannot be decoded is handed over as a [`DamagedRecord`], never as a failure of the rest.

use rusqlite::types::ValueRef;
use rusqlite::{Row, Transaction, TransactionBehavior};
use serde::Serialize;

use super::rows::{SESSION_COLS, SLEEP_COLS, session_from_row, sleep_from_row};
use super::{Result, Store, StoreError};
use crate::domain::import::EXPORT_VERSION;
use crate::domain::record::{SessionRecord, SleepRecord};
use crate::domain::{GoalChange, RestMark, Session, SleepNote, WeekStart};

/// The `export --format json` document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportDoc {
    pub version: i64,
    pub week_start: WeekStart,
    pub goals: Vec<GoalChange>,
    pub rest_weeks: Vec<RestMark>,
    pub sessions: Vec<SessionRecord>,
    pub sleep_notes: Vec<SleepRecord>,
}

/// A stored record that cannot be read through the domain types: which table, which record,
/// which field, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DamagedRecord {
    /// `sessions` or `sleep_notes`.
    pub table: &'static str,
    /// The record's UUID as stored (or its row id when that cannot be read either).
    pub uuid: String,
    /// The column that cannot be read.
    pub field: &'static str,
    /// What is wrong with it.
    pub problem: String,
}

impl std::fmt::Display for DamagedRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.table == "sessions" {
            "session"
        } else {
            "sleep note"
        };
        write!(f, "{kind} {}: {}: {}", self.uuid, self.field, self.problem)
    }
}

/// The decode failure of `row` (selected with `cols` and then `id`) as a damaged record; other
/// errors (the database's own) stay errors.
fn damaged(
    row: &Row<'_>,
    table: &'static str,
    cols: &'static str,
    e: rusqlite::Error,
) -> Result<DamagedRecord> {
    use rusqlite::Error as E;
    let (idx, problem) = match &e {
        E::FromSqlConversionFailure(i, _, err) => (*i, err.to_string()),
        E::InvalidColumnType(i, _, ty) => (*i, format!("holds a value of the wrong type ({ty})")),
        E::IntegralValueOutOfRange(i, v) => (*i, format!("is out of range ({v})")),
        _ => return Err(e.into()),
    };
    let field = cols.split(',').map(str::trim).nth(idx).unwrap_or("?");
    let id_idx = cols.split(',').count();
    let uuid = match row.get_ref(0) {
        Ok(ValueRef::Text(t)) if idx != 0 => String::from_utf8_lossy(t).into_owned(),
        _ => format!(
            "(row id {})",
            row.get::<_, i64>(id_idx)
                .map_or_else(|_| "?".into(), |i| i.to_string())
        ),
    };
    Ok(DamagedRecord {
        table,
        uuid,
        field,
        problem,
    })
}

impl Store {
    /// A read transaction: everything read until it is dropped sees one state of the database,
    /// whatever other processes write meanwhile (so an export is consistent).
    pub fn read_snapshot(&self) -> Result<Transaction<'_>> {
        Ok(Transaction::new_unchecked(
            &self.conn,
            TransactionBehavior::Deferred,
        )?)
    }

    /// Every live session in start order, handed to `f` one at a time: decoded, or damaged.
    pub fn each_live_session<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(Result<Session, DamagedRecord>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLS}, id FROM sessions WHERE deleted_at IS NULL ORDER BY started_utc, id"
            ))
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let item = match session_from_row(row) {
                Ok(s) => Ok(s),
                Err(e) => Err(damaged(row, "sessions", SESSION_COLS, e)?),
            };
            f(item)?;
        }
        Ok(())
    }

    /// Every live sleep note by night, handed to `f` one at a time: decoded, or damaged.
    pub fn each_live_sleep_note<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(Result<SleepNote, DamagedRecord>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SLEEP_COLS}, id FROM sleep_notes WHERE deleted_at IS NULL ORDER BY night"
            ))
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            let item = match sleep_from_row(row) {
                Ok(n) => Ok(n),
                Err(e) => Err(damaged(row, "sleep_notes", SLEEP_COLS, e)?),
            };
            f(item)?;
        }
        Ok(())
    }

    /// Everything live, in export form, in memory (tests and small data; the CLI streams).
    /// A damaged record is an error.
    pub fn export(&self) -> Result<ExportDoc> {
        let _snapshot = self.read_snapshot()?;
        let corrupt = |d: DamagedRecord| StoreError::Corrupt(d.to_string());
        let mut sessions = Vec::new();
        self.each_live_session(|s| {
            sessions.push(SessionRecord::new(&s.map_err(corrupt)?, true));
            Ok::<_, StoreError>(())
        })?;
        let mut sleep_notes = Vec::new();
        self.each_live_sleep_note(|n| {
            sleep_notes.push(SleepRecord::new(&n.map_err(corrupt)?, true));
            Ok::<_, StoreError>(())
        })?;
        Ok(ExportDoc {
            version: EXPORT_VERSION,
            week_start: self.week_start()?,
            goals: self.goals()?.changes().to_vec(),
            rest_weeks: self.rest_marks()?,
            sessions,
            sleep_notes,
        })
    }
}
