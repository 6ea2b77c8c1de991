//! Export of everything live, read row by row so any history streams out in bounded memory. A row
//! that cannot be decoded is handed over as a [`DamagedRecord`], never as a failure of the rest.

use rusqlite::{Transaction, TransactionBehavior};
use serde::Serialize;

use super::rows::{SESSION_COLS, SLEEP_COLS, decode_session, decode_sleep};
use super::{Result, Store, StoreError};
use crate::domain::health::HealthProfile;
use crate::domain::import::EXPORT_VERSION;
use crate::domain::record::{SessionRecord, SleepRecord};
use crate::domain::{GoalChange, RestMark, Session, SleepNote, WeekStart};

/// The `export --format json` document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportDoc {
    pub version: i64,
    pub week_start: WeekStart,
    pub health_profile: HealthProfile,
    /// The reminder's day and time as `footlog remind` set them (`"sun 19:00"`), if set.
    pub reminder: Option<String>,
    pub goals: Vec<GoalChange>,
    pub rest_weeks: Vec<RestMark>,
    pub sessions: Vec<SessionRecord>,
    pub sleep_notes: Vec<SleepRecord>,
}

/// A stored record that cannot be read through the domain types: which table, which record,
/// which field, and what is wrong (one type for `check`, the lists and `export`).
pub use crate::domain::damaged::Damaged as DamagedRecord;

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
    /// Sessions that start at the same instant come in the order of their UUIDs, so that every
    /// synced device exports the same file (a row id is local: sync inserts in arrival order).
    pub fn each_live_session<E: From<StoreError>>(
        &self,
        mut f: impl FnMut(Result<Session, DamagedRecord>) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!(
                "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL ORDER BY started_utc, uuid"
            ))
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            f(decode_session(row))?;
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
                "SELECT {SLEEP_COLS} FROM sleep_notes WHERE deleted_at IS NULL ORDER BY night"
            ))
            .map_err(StoreError::from)?;
        let mut rows = stmt.query([]).map_err(StoreError::from)?;
        while let Some(row) = rows.next().map_err(StoreError::from)? {
            f(decode_sleep(row))?;
        }
        Ok(())
    }

    /// Everything live, in export form, in memory (tests and small data; the CLI streams).
    /// A damaged record is an error.
    pub fn export(&self) -> Result<ExportDoc> {
        let _snapshot = self.read_snapshot()?;
        let corrupt = |d: DamagedRecord| StoreError::corrupt(d.to_string());
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
            health_profile: self.health_profile()?,
            reminder: self
                .reminder()?
                .map(crate::domain::remind::Reminder::to_setting),
            goals: self.goals()?.changes().to_vec(),
            rest_weeks: self.rest_marks()?,
            sessions,
            sleep_notes,
        })
    }
}
