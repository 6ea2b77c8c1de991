//! What `update` is given and what it asks for: [`Msg`], what the user meant; [`Outcome`], what
//! an effect reported; [`Incoming`], either of them or raw input ([`Event`]); [`Effect`], I/O
//! for the runtime to do.

use chrono::NaiveDate;
use uuid::Uuid;

use super::data::{Data, InsightsData, Period};
use super::event::Event;
use super::form::goals::GoalChanges;
use super::state::Screen;
use super::undo::Change;
use crate::domain::RecordRef;
use crate::domain::health::HealthProfile;
use crate::domain::stats::TensionPoint;
use crate::domain::{RestMark, Session, SessionFields, SleepFields, SleepNote, WeekSummary};

/// What the user meant, as the key map resolves a key (or the runtime's start options say).
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// Leave the app.
    Quit,
    /// Next screen.
    NextScreen,
    /// Previous screen.
    PrevScreen,
    /// A screen by number.
    GoTo(Screen),
    /// Show the keys of the current screen.
    Help,
    /// Show the status line's message whole.
    ShowMessage,
    /// Sync now (when sync is set up).
    SyncNow,
    /// Dashboard: move the week chart's cursor (-1 an older week, +1 a newer one).
    MoveWeek(i8),
    /// Dashboard: open History on the sessions of the week under the cursor.
    OpenWeek,
    /// Close the top overlay or cancel the form.
    Back,
    /// Open the session form.
    NewSession,
    /// Open the sleep-note form.
    NewSleep,
    /// Open the goal settings.
    Goals,
    /// Move the selection.
    Up,
    /// Move the selection.
    Down,
    /// First row.
    Top,
    /// Last row.
    Bottom,
    /// A page up.
    PageUp,
    /// A page down.
    PageDown,
    /// Open the selected record.
    Open,
    /// Edit the selected record.
    Edit,
    /// Delete the selected record (asks first).
    Delete,
    /// Restore the last deleted record.
    Undo,
    /// Start typing a filter.
    Filter,
    /// Clear the filter.
    ClearFilter,
    /// Answer yes to the question shown.
    Yes,
    /// Answer no to the question shown.
    No,
    /// Form: the focused date (or date and time) a day later (+1) or earlier (-1).
    ShiftDay(i8),
    /// Form: show the health caution whole, or one line again.
    ToggleCaution,
    /// Form: a line break in the focused multi-line text (the note).
    NewLine,
    /// Form: next field.
    NextField,
    /// Form: previous field.
    PrevField,
    /// Form: save.
    Save,
    /// Form: step a value (←/→).
    Adjust(i8),
    /// Form: a digit for a rating, toggle or choice.
    Digit(u8),
    /// Form: toggle the area under the cursor.
    Toggle,
    /// Form: unset a rating.
    ClearValue,
    /// Insights: the next period (12 → 26 → 52 weeks).
    CyclePeriod,
    /// Insights: write the report for the period shown to an HTML file.
    WriteReport,

    /// Start a guided session (safety check first).
    Guided,
    /// Guided session: pause or resume the timer.
    PauseResume,
    /// Guided session: end this step now and start the next.
    SkipStep,
    /// Guided session: mark this week as a rest week instead of massaging.
    MarkRest,
    /// Guided session: stop now and save what was done so far.
    SaveSoFar,
    /// Open the health profile.
    Health,
}

/// What an effect reported.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The background sync's news: where sync stands now.
    Synced(SyncNews),
    /// The database's change counter, read on a tick (`None`: it could not be read).
    DataVersion(Option<i64>),
    /// The app wrote to the database: read again what the screens show.
    Reload,
    /// The database was read.
    Loaded(Box<Data>),
    /// The insights were read.
    InsightsLoaded(Box<InsightsData>),
    /// The charts' weeks, oldest first ending with this week, and the tension points from the
    /// first of them on (the answer to [`Effect::LoadWeeks`]).
    WeeksLoaded {
        /// The weeks.
        weeks: Vec<WeekSummary>,
        /// Their sessions' tension before and after.
        tension: Vec<TensionPoint>,
    },
    /// A write succeeded; the text is for the status line.
    Saved(String),
    /// A record was deleted (undo can restore it).
    Deleted(RecordRef),
    /// A record was restored.
    Restored(RecordRef),
    /// An edit of `rec` was taken back; the text is for the status line.
    Reverted {
        /// The record whose edit was undone (selected in its list once reloaded).
        rec: RecordRef,
        /// What the status line says, naming the record.
        text: String,
    },
    /// A write from a form failed: keep the form open and show why.
    SaveFailed(String),
    /// A new sleep note's night already has this one: ask whether to replace it.
    NightTaken(Box<SleepNote>),
    /// An edit was not saved: another footlog changed the sleep note since the form opened.
    SleepEditConflict {
        /// The note as it is now.
        theirs: Box<SleepNote>,
        /// What the form would have saved.
        yours: Box<SleepFields>,
    },
    /// An edit was not saved: another footlog changed the session since the form opened.
    EditConflict {
        /// The session as it is now.
        theirs: Box<Session>,
        /// What the form would have saved.
        yours: Box<SessionFields>,
    },
    /// Something failed: show it in the status line.
    Failed(String),
    /// The report was written.
    ReportWritten(ReportFile),
}

/// Everything `update` is given: raw input, what the user meant, or what an effect reported.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// Raw input (keys, mouse, paste, resize, the timers).
    Event(Event),
    /// A user intent.
    Msg(Msg),
    /// An effect's result.
    Outcome(Outcome),
}

impl From<Event> for Incoming {
    fn from(e: Event) -> Self {
        Incoming::Event(e)
    }
}

impl From<Msg> for Incoming {
    fn from(m: Msg) -> Self {
        Incoming::Msg(m)
    }
}

impl From<Outcome> for Incoming {
    fn from(o: Outcome) -> Self {
        Incoming::Outcome(o)
    }
}

/// I/O the runtime performs against the store.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Read what the dashboard shows (the charts' weeks, not the whole history).
    Load,
    /// Read everything, for the History and Sleep screens.
    LoadAll,
    /// Read the Insights screen's data for a period.
    LoadInsights(Period),
    /// Read the charts' last `n` weeks (and their tension points), for a week chart scrolled
    /// back past the weeks loaded at start.
    LoadWeeks(usize),
    /// Read the database's change counter (answered by [`Outcome::DataVersion`]).
    CheckForChanges,
    /// Insert a session, or replace the fields of the session `uuid`.
    SaveSession {
        /// The session being edited, if any.
        uuid: Option<Uuid>,
        /// Validated fields.
        fields: SessionFields,
        /// For an edit: the fields the form began from. The save is refused (and the user
        /// asked) when the stored session no longer has them: another footlog changed it.
        base: Option<SessionFields>,
    },
    /// Insert a sleep note, or replace the note `uuid`.
    SaveSleep {
        /// The note being edited, if any.
        uuid: Option<Uuid>,
        /// Validated fields.
        fields: SleepFields,
        /// For an edit: the fields the form began from (see [`Effect::SaveSession`]'s `base`).
        base: Option<SleepFields>,
        /// A new note overwrites the night's existing one (the user said yes).
        replace: bool,
    },
    /// Apply goal settings.
    SaveGoals(GoalChanges),
    /// Soft-delete a record.
    Delete(RecordRef),
    /// Restore a soft-deleted record.
    Undelete(RecordRef),
    /// Put an edited record's earlier fields back.
    Revert(Change),
    /// Mark the week `from`–`to` as a rest week (replacing any marks in it).
    MarkRestWeek {
        /// First day of the week.
        from: NaiveDate,
        /// Last day of the week.
        to: NaiveDate,
        /// The mark.
        mark: RestMark,
    },
    /// Save the health profile.
    SaveHealth(HealthProfile),
    /// Ring the terminal bell (a guided step changed).
    Bell,
    /// Write the report for `period` to a new HTML file.
    WriteReport {
        /// The period the Insights screen shows.
        period: Period,
        /// The config's `[report] name`.
        name: Option<String>,
    },
}

/// What the background sync reports after each attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncNews {
    /// When the last sync completed (this one, if it did).
    pub last_sync: Option<chrono::DateTime<chrono::Utc>>,
    /// Changes made here that no sync has sent yet.
    pub pending: usize,
    /// Why this attempt failed (the server cannot be reached, the key …), if it did.
    pub failed: Option<String>,
    /// What the user should hear of this sync (two notes for one night, a record this footlog
    /// cannot read), one message each.
    pub notes: Vec<String>,
}

impl Effect {
    /// Whether the effect changes what the database holds.
    pub fn writes(&self) -> bool {
        matches!(
            self,
            Effect::SaveSession { .. }
                | Effect::SaveSleep { .. }
                | Effect::SaveGoals(_)
                | Effect::Delete(_)
                | Effect::Undelete(_)
                | Effect::Revert(_)
                | Effect::MarkRestWeek { .. }
                | Effect::SaveHealth(_)
        )
    }
}

/// A report the app wrote: where, and how many damaged records it had to leave out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFile {
    /// The file written.
    pub path: std::path::PathBuf,
    /// Records of the period that could not be read (the report says so too).
    pub damaged_left_out: usize,
}
