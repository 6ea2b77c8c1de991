//! What an import hands on, once a record is read and validated: the [`ImportSink`] that takes
//! records one by one in file order (the store's import, or an [`ImportBatch`] in memory), and why
//! a file cannot be imported ([`ImportError`]). Reading a file is `crate::exchange`'s work; the
//! rules for one record are in [`super::record`].

use thiserror::Error;

use super::health::HealthProfile;
use super::record::ImportMeta;
use super::remind::Reminder;
use super::{GoalChange, RestMark, SessionFields, SleepFields, ValidationError, WeekStart};

pub use super::record::EXPORT_VERSION;

/// Everything a file holds, validated (for tests, demos and small in-memory imports).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportBatch {
    /// The file's week start (JSON exports only).
    pub week_start: Option<WeekStart>,
    /// The file's health profile (JSON exports only).
    pub health_profile: Option<HealthProfile>,
    /// The file's reminder day and time (JSON exports only).
    pub reminder: Option<Reminder>,
    /// Goal changes.
    pub goals: Vec<GoalChange>,
    /// Rest marks.
    pub rest_marks: Vec<RestMark>,
    /// Sessions in file order.
    pub sessions: Vec<(ImportMeta, SessionFields)>,
    /// Sleep notes in file order.
    pub sleep_notes: Vec<(ImportMeta, SleepFields)>,
}

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ImportError {
    /// One record breaks a rule.
    #[error("{record}.{}: {}", error.field, error.message)]
    Invalid {
        /// Which record, e.g. `sessions[3]` or `record 3 (line 4)`.
        record: String,
        /// What is wrong.
        error: ValidationError,
    },
    /// The file is not in a format footlog reads.
    #[error("{0}")]
    Format(String),
}

impl ImportError {
    /// `error` found in the record named `record`.
    pub fn invalid(record: impl Into<String>, error: ValidationError) -> Self {
        ImportError::Invalid {
            record: record.into(),
            error,
        }
    }
}

/// Where validated records go, in file order. The week start comes after the records of the
/// export object it belongs to (the last one given, as a JSON object keeps its last key).
pub trait ImportSink {
    /// Why the sink could not take a record (for the store: a database error).
    type Error;
    /// The file's week start.
    fn week_start(&mut self, ws: WeekStart) -> Result<(), Self::Error>;
    /// The file's health profile (JSON exports only; given after the records, as the week
    /// start is).
    fn health_profile(&mut self, p: &HealthProfile) -> Result<(), Self::Error>;
    /// The file's reminder day and time (JSON exports only; after the records).
    fn reminder(&mut self, r: Reminder) -> Result<(), Self::Error>;
    /// A goal change.
    fn goal(&mut self, g: &GoalChange) -> Result<(), Self::Error>;
    /// A rest mark.
    fn rest_mark(&mut self, r: &RestMark) -> Result<(), Self::Error>;
    /// A session.
    fn session(&mut self, meta: &ImportMeta, f: &SessionFields) -> Result<(), Self::Error>;
    /// A sleep note.
    fn sleep_note(&mut self, meta: &ImportMeta, f: &SleepFields) -> Result<(), Self::Error>;
}

impl ImportSink for ImportBatch {
    type Error = std::convert::Infallible;

    fn health_profile(&mut self, p: &HealthProfile) -> Result<(), Self::Error> {
        self.health_profile = Some(*p);
        Ok(())
    }
    fn reminder(&mut self, r: Reminder) -> Result<(), Self::Error> {
        self.reminder = Some(r);
        Ok(())
    }
    fn week_start(&mut self, ws: WeekStart) -> Result<(), Self::Error> {
        self.week_start = Some(ws);
        Ok(())
    }
    fn goal(&mut self, g: &GoalChange) -> Result<(), Self::Error> {
        self.goals.push(*g);
        Ok(())
    }
    fn rest_mark(&mut self, r: &RestMark) -> Result<(), Self::Error> {
        self.rest_marks.push(r.clone());
        Ok(())
    }
    fn session(&mut self, meta: &ImportMeta, f: &SessionFields) -> Result<(), Self::Error> {
        self.sessions.push((meta.clone(), f.clone()));
        Ok(())
    }
    fn sleep_note(&mut self, meta: &ImportMeta, f: &SleepFields) -> Result<(), Self::Error> {
        self.sleep_notes.push((meta.clone(), f.clone()));
        Ok(())
    }
}

impl ImportBatch {
    /// Hands every record to `sink`, in the order a file would.
    pub fn feed<S: ImportSink>(&self, sink: &mut S) -> Result<(), S::Error> {
        for g in &self.goals {
            sink.goal(g)?;
        }
        for r in &self.rest_marks {
            sink.rest_mark(r)?;
        }
        for (m, f) in &self.sessions {
            sink.session(m, f)?;
        }
        for (m, f) in &self.sleep_notes {
            sink.sleep_note(m, f)?;
        }
        if let Some(p) = &self.health_profile {
            sink.health_profile(p)?;
        }
        if let Some(r) = self.reminder {
            sink.reminder(r)?;
        }
        if let Some(ws) = self.week_start {
            sink.week_start(ws)?;
        }
        Ok(())
    }
}
