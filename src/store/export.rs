//! Export of everything live, and all-or-nothing import with UUID-based merging.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::rows::{SESSION_COLS, SLEEP_COLS, session_from_row, sleep_from_row};
use super::{Result, Store, sessions, sleep};
use crate::domain::import::{EXPORT_VERSION, ImportBatch};
use crate::domain::record::{SessionRecord, SleepRecord};
use crate::domain::{GoalChange, RestMark, WeekStart};

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

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Sessions added.
    pub sessions_added: usize,
    /// Sleep notes added.
    pub sleep_notes_added: usize,
    /// Records already present with the same content.
    pub unchanged: usize,
    /// Records kept as they were because the database holds other content for them.
    pub conflicts: Vec<String>,
    /// Goal changes added.
    pub goals_added: usize,
    /// Rest marks added.
    pub rest_marks_added: usize,
    /// The file's week start was applied (the database had none).
    pub week_start_applied: bool,
}

impl Store {
    /// Everything live, in export form.
    pub fn export(&self) -> Result<ExportDoc> {
        Ok(ExportDoc {
            version: EXPORT_VERSION,
            week_start: self.week_start()?,
            goals: self.goals()?.changes().to_vec(),
            rest_weeks: self.rest_marks()?,
            sessions: self
                .sessions(None, None)?
                .iter()
                .map(|s| SessionRecord::new(s, true))
                .collect(),
            sleep_notes: self
                .sleep_notes(None, None)?
                .iter()
                .map(|n| SleepRecord::new(n, true))
                .collect(),
        })
    }

    /// Imports a validated batch in one transaction: all of it or, on any error, nothing.
    pub fn import(&mut self, batch: &ImportBatch) -> Result<ImportSummary> {
        let tx = self.conn.transaction()?;
        let mut sum = ImportSummary::default();
        if let Some(ws) = batch.week_start {
            let had: Option<String> = tx
                .query_row(
                    "SELECT value FROM settings WHERE key = 'week_start'",
                    [],
                    |r| r.get(0),
                )
                .optional()?;
            if had.is_none() {
                tx.execute(
                    "INSERT INTO settings (key, value) VALUES ('week_start', ?1)",
                    [ws.as_str()],
                )?;
                sum.week_start_applied = true;
            }
        }
        for g in &batch.goals {
            sum.goals_added += tx.execute(
                "INSERT OR IGNORE INTO goals (effective_from, per_week) VALUES (?1, ?2)",
                params![g.effective_from, g.per_week],
            )?;
        }
        for r in &batch.rest_marks {
            sum.rest_marks_added += tx.execute(
                "INSERT OR IGNORE INTO rest_marks (date, reason) VALUES (?1, ?2)",
                params![r.date, r.reason],
            )?;
        }
        // Insert first (the common case); only a record that was not inserted is looked at.
        for (meta, fields) in &batch.sessions {
            if sessions::insert_row(&tx, &meta.uuid, fields, &meta.created_at, &meta.updated_at)? {
                sum.sessions_added += 1;
                continue;
            }
            let existing = tx
                .prepare_cached(&format!(
                    "SELECT {SESSION_COLS} FROM sessions WHERE uuid = ?1"
                ))?
                .query_row([meta.uuid.to_string()], session_from_row)
                .optional()?;
            match existing {
                Some(s) if s.fields == *fields => sum.unchanged += 1,
                _ => sum.conflicts.push(format!(
                    "session {} (the database holds other content)",
                    meta.uuid
                )),
            }
        }
        for (meta, fields) in &batch.sleep_notes {
            if sleep::insert_row(&tx, &meta.uuid, fields, &meta.created_at, &meta.updated_at)? {
                sum.sleep_notes_added += 1;
                continue;
            }
            let existing = tx
                .prepare_cached(&format!(
                    "SELECT {SLEEP_COLS} FROM sleep_notes WHERE uuid = ?1"
                ))?
                .query_row([meta.uuid.to_string()], sleep_from_row)
                .optional()?;
            match existing {
                Some(n) if n.fields == *fields => sum.unchanged += 1,
                Some(_) => sum.conflicts.push(format!(
                    "sleep note {} (the database holds other content)",
                    meta.uuid
                )),
                None => sum.conflicts.push(format!(
                    "sleep note {} (night {} already has a note)",
                    meta.uuid, fields.night
                )),
            }
        }
        tx.commit()?;
        Ok(sum)
    }
}
