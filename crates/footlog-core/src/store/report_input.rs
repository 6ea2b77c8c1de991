//! What a report reads: the period's weeks, sessions and sleep notes, the streaks and the health
//! profile, through the same queries as `footlog week`, `list` and `stats`. A record that cannot
//! be read is left out and named, as in those commands, never a reason to give no report.

use chrono::NaiveDate;

use super::{Result, Store};
use crate::domain::report::{ReportInput, ReportPeriod};

impl Store {
    /// Reads what the report for `period` needs; its damaged records are in `damaged`. Streaks end with the period's last week, or with
    /// the week holding `today` if that is earlier (later weeks are not over).
    pub fn report_input(&self, period: &ReportPeriod, today: NaiveDate) -> Result<ReportInput> {
        let n = usize::try_from(period.weeks).unwrap_or(usize::MAX);
        let sessions = self.sessions_decoded(Some(period.first), Some(period.last()))?;
        let sleep = self.sleep_notes_decoded(Some(period.first), Some(period.last()))?;
        let mut damaged = sessions.damaged;
        damaged.extend(sleep.damaged);
        Ok(ReportInput {
            week_start: self.week_start()?,
            weeks: self.weeks(period.last_week(), n)?,
            sessions: sessions.records,
            sleep: sleep.records,
            streaks: self.streaks(period.last().min(today))?,
            health: self.health_profile()?,
            damaged,
        })
    }
}
