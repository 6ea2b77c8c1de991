//! What the running app can take back (`u`): deleted records and the fields of edited ones.

use uuid::Uuid;

use crate::domain::{RecordRef, SessionFields, SleepFields};

/// A change the running app can take back (`u`), newest last.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A record was deleted: restore it.
    Deleted(RecordRef),
    /// A session was edited: the fields it had before.
    Session(Uuid, SessionFields),
    /// A sleep note was edited or replaced: the fields it had before.
    Sleep(Uuid, SleepFields),
}

/// How many changes undo remembers.
pub const UNDO_DEPTH: usize = 50;
