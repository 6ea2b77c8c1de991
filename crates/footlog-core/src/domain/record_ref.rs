//! A reference to one record: a session or a sleep note, by UUID.

use uuid::Uuid;

/// A session or sleep note, by UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordRef {
    /// A massage session.
    Session(Uuid),
    /// A sleep note.
    Sleep(Uuid),
}

impl RecordRef {
    /// The record's UUID.
    pub fn uuid(self) -> Uuid {
        match self {
            RecordRef::Session(u) | RecordRef::Sleep(u) => u,
        }
    }

    /// "session" or "sleep note".
    pub fn kind(self) -> &'static str {
        match self {
            RecordRef::Session(_) => "session",
            RecordRef::Sleep(_) => "sleep note",
        }
    }
}
