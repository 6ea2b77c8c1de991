//! What the readers share: the [`ImportSink`] they hand validated records to ([`ImportBatch`]
//! keeps them), and why reading stops ([`ImportError`], [`ReadError`]).

use thiserror::Error;

use crate::domain::record::ImportMeta;
use crate::domain::{GoalChange, RestMark, SessionFields, SleepFields, ValidationError, WeekStart};

/// Everything a file holds, validated (for tests, demos and small in-memory imports).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportBatch {
    /// The file's week start (JSON exports only).
    pub week_start: Option<WeekStart>,
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

/// Where validated records go, in file order. The week start comes after the records of the
/// export object it belongs to (the last one given, as a JSON object keeps its last key).
pub trait ImportSink {
    /// Why the sink could not take a record (for the store: a database error).
    type Error;
    /// The file's week start.
    fn week_start(&mut self, ws: WeekStart) -> Result<(), Self::Error>;
    /// A goal change.
    fn goal(&mut self, g: &GoalChange) -> Result<(), Self::Error>;
    /// A rest mark.
    fn rest_mark(&mut self, r: &RestMark) -> Result<(), Self::Error>;
    /// A session.
    fn session(&mut self, meta: &ImportMeta, f: &SessionFields) -> Result<(), Self::Error>;
    /// A sleep note.
    fn sleep_note(&mut self, meta: &ImportMeta, f: &SleepFields) -> Result<(), Self::Error>;
    /// Forgets every record taken so far: the file is read again from its start (see
    /// [`read_import_seekable`]).
    fn restart(&mut self) -> Result<(), Self::Error>;
}

impl ImportSink for ImportBatch {
    type Error = std::convert::Infallible;

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
    fn restart(&mut self) -> Result<(), Self::Error> {
        *self = ImportBatch::default();
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
        if let Some(ws) = self.week_start {
            sink.week_start(ws)?;
        }
        Ok(())
    }
}

/// Why reading a stream stopped.
#[derive(Debug)]
pub enum ReadError<E> {
    /// The content cannot be imported.
    Import(ImportError),
    /// The bytes are not UTF-8 text; `offset` is the first invalid byte's, from the start.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: u64,
    },
    /// Reading failed.
    Io(std::io::Error),
    /// The sink refused a record.
    Sink(E),
}

impl<E> From<ImportError> for ReadError<E> {
    fn from(e: ImportError) -> Self {
        ReadError::Import(e)
    }
}

pub(super) fn at(record: impl Into<String>) -> impl FnOnce(ValidationError) -> ImportError {
    let record = record.into();
    move |error| ImportError::Invalid { record, error }
}
