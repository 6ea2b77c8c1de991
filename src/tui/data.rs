//! What the database gives the screens: the dashboard's and lists' [`Data`], the Insights
//! screen's [`InsightsData`], and how much of the history each reads.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::domain::health::HealthProfile;
use crate::domain::insights::Insights;
use crate::domain::remind::Reminder;
use crate::domain::stats::TensionPoint;
use crate::domain::week::Streaks;
use crate::domain::{RestMark, Session, SleepNote, WeekStart, WeekSummary};

/// Weeks of history loaded for the charts (the widest terminal shows this many).
pub const WEEKS_LOADED: usize = 52;

/// Weeks shown by the heatmap calendar: a year.
pub const HEATMAP_WEEKS: usize = 52;

/// How far back the Insights screen looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// The last 12 weeks (about a quarter).
    #[default]
    Weeks12,
    /// The last 26 weeks (about half a year).
    Weeks26,
    /// The last 52 weeks (a year).
    Weeks52,
}

impl Period {
    /// The number of weeks, the current one included.
    pub fn weeks(self) -> u32 {
        match self {
            Period::Weeks12 => 12,
            Period::Weeks26 => 26,
            Period::Weeks52 => 52,
        }
    }

    /// The next period in the cycle 12 → 26 → 52 → 12.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Period::Weeks12 => Period::Weeks26,
            Period::Weeks26 => Period::Weeks52,
            Period::Weeks52 => Period::Weeks12,
        }
    }
}

/// What the Insights screen shows, read by an effect.
#[derive(Debug, Clone, PartialEq)]
pub struct InsightsData {
    /// The period the insights cover.
    pub period: Period,
    /// The date the data was read for.
    pub today: NaiveDate,
    /// First day of the week.
    pub week_start: WeekStart,
    /// Relief, sleep and habits over the period.
    pub insights: Insights,
    /// The heatmap's weeks with their goal outcome, oldest first, ending with the current week.
    pub year: Vec<WeekSummary>,
    /// Sessions per local date over the heatmap's weeks (days without sessions are absent).
    pub daily: BTreeMap<NaiveDate, u32>,
    /// Records of the period left out because they cannot be read.
    pub damaged: usize,
}

/// Everything read from the database for the screens.
#[derive(Debug, Clone, PartialEq)]
pub struct Data {
    /// The date the data was read for.
    pub today: NaiveDate,
    /// First day of the week.
    pub week_start: WeekStart,
    /// The current week.
    pub this_week: WeekSummary,
    /// Up to a year of weeks, oldest first, ending with the current week.
    pub weeks: Vec<WeekSummary>,
    /// Current and longest streak.
    pub streaks: Streaks,
    /// Live sessions, oldest first: every one when `complete`, else none (the dashboard's
    /// chart reads `tension`).
    pub sessions: Vec<Session>,
    /// Tension before and after of each live session of the charts' weeks, in start order.
    pub tension: Vec<TensionPoint>,
    /// Live sleep notes, oldest night first: every one when `complete`, else none.
    pub sleep: Vec<SleepNote>,
    /// The nights a session came before ([`crate::domain::sleep::night_after_session`]), of
    /// every live session when `complete` (the Sleep list marks them), else none.
    pub massage_nights: BTreeSet<NaiveDate>,
    /// `sessions` and `sleep` hold everything (the History and Sleep screens need it; the
    /// dashboard does not, so start-up never reads the whole history).
    pub complete: bool,
    /// The local date of the first live session.
    pub first_session_date: Option<NaiveDate>,
    /// The most recent live session.
    pub last_session: Option<Session>,
    /// Every rest mark.
    pub rest_marks: Vec<RestMark>,
    /// The health profile (cautions on the log and guided forms).
    pub health: HealthProfile,
    /// The weekly reminder's day and time (as set, else the default for the week start).
    pub reminder: Reminder,
    /// Data has been read at least once.
    pub loaded: bool,
    /// The database's change counter when this was read: a tick reloads only when it moved
    /// (another connection wrote) or the date changed. `None` before the first read.
    pub data_version: Option<i64>,
    /// Records left out of `sessions` and `sleep` because they cannot be read.
    pub damaged: usize,
}

impl Default for Data {
    fn default() -> Self {
        let today = crate::domain::time::MIN_DATE;
        Self {
            today,
            week_start: WeekStart::default(),
            this_week: WeekSummary::empty(today),
            weeks: Vec::new(),
            streaks: Streaks::default(),
            sessions: Vec::new(),
            tension: Vec::new(),
            sleep: Vec::new(),
            massage_nights: BTreeSet::new(),
            complete: false,
            first_session_date: None,
            last_session: None,
            rest_marks: Vec::new(),
            health: HealthProfile::default(),
            reminder: Reminder::default_for(WeekStart::default()),
            loaded: false,
            data_version: None,
            damaged: 0,
        }
    }
}
