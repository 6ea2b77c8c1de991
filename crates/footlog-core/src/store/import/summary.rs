//! What an import did, told back to whoever ran it.

use serde::Serialize;

/// How many conflicts (and records deleted here) an import names one by one; the rest are counted.
pub const NAMED_AT_MOST: usize = 1000;

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// Sessions added.
    pub sessions_added: usize,
    /// Sleep notes added.
    pub sleep_notes_added: usize,
    /// Records already present with the same content.
    pub unchanged: usize,
    /// Records kept as they were because the database holds other content for them (the first
    /// [`NAMED_AT_MOST`]).
    pub conflicts: Vec<String>,
    /// Conflicts beyond those named.
    pub conflicts_unnamed: usize,
    /// Records in the file that were deleted here: kept deleted (the first [`NAMED_AT_MOST`]).
    pub deleted_here: Vec<String>,
    /// Records deleted here beyond those named.
    pub deleted_here_unnamed: usize,
    /// Goal changes added.
    pub goals_added: usize,
    /// Rest marks added.
    pub rest_marks_added: usize,
    /// The file's week start was applied (the database had none).
    pub week_start_applied: bool,
    /// The file's health profile was applied (the database had none).
    pub health_profile_applied: bool,
    /// The file's reminder day and time were applied (the database had none).
    pub reminder_applied: bool,
}

impl ImportSummary {
    /// Every conflict, named or not.
    pub fn conflict_count(&self) -> usize {
        self.conflicts.len() + self.conflicts_unnamed
    }

    /// Every record kept deleted, named or not.
    pub fn deleted_here_count(&self) -> usize {
        self.deleted_here.len() + self.deleted_here_unnamed
    }

    pub(super) fn conflict(&mut self, what: String) {
        if self.conflicts.len() < NAMED_AT_MOST {
            self.conflicts.push(what);
        } else {
            self.conflicts_unnamed += 1;
        }
    }

    pub(super) fn kept_deleted(&mut self, what: String) {
        if self.deleted_here.len() < NAMED_AT_MOST {
            self.deleted_here.push(what);
        } else {
            self.deleted_here_unnamed += 1;
        }
    }
}
