//! Pure types and rules: validation, local time, week maths, streaks and statistics. No I/O.

pub mod damaged;
pub mod diary;
pub mod error;
pub mod guided;
pub mod health;
pub mod ics;
pub mod import;
pub mod insights;
pub mod record;
pub mod record_ref;
pub mod remind;
pub mod report;
pub mod session;
pub mod sleep;
pub mod stats;
pub mod sync_record;
pub mod text;
pub mod time;
pub mod week;

pub use error::ValidationError;
pub use record_ref::RecordRef;
pub use session::{Area, Feet, Session, SessionDraft, SessionFields, Tool};
pub use sleep::{SleepDraft, SleepFields, SleepNote};
pub use week::{GoalChange, GoalHistory, RestMark, WeekStart, WeekSummary};
