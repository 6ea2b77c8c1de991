//! What the dashboard reads, at a cost that does not grow with the history: per-week totals kept
//! by triggers (migration 3), index lookups for the first and last session, and the change
//! counter the app polls to reload only when another connection wrote.

use chrono::{Datelike, NaiveDate};
use rusqlite::params;

use super::report::WeekRules;
use super::{Result, Store};
use crate::domain::stats::TensionPoint;
use crate::domain::week::{Streaks, streaks_from_week_totals};
use crate::domain::{RestMark, Session, WeekStart, WeekSummary};

/// The query behind [`Store::streaks`] and [`Store::weeks`]: one week's row per week with
/// sessions, by a search on the key of the per-week totals. Public so a test can check its plan.
#[doc(hidden)]
pub const WEEK_TOTALS_SQL: &str = "SELECT first_day, sessions FROM session_weeks \
     WHERE week_start = ?1 AND first_day >= ?2 AND first_day <= ?3 AND sessions > 0 \
     ORDER BY first_day";

/// The query behind [`Store::tension_points`]: three numbers per session of the charted weeks, no
/// timestamp parsed. A session dated `?1` or later started at most a day (the widest UTC offset)
/// before `?1` began in UTC (`?2`), so a range search on the start-time index from there finds
/// them already in start order; `+local_date` keeps SQLite on that index.
#[doc(hidden)]
pub const TENSION_POINTS_SQL: &str = "SELECT CAST(julianday(local_date) - 2440587.5 AS INTEGER), \
     tension_before, tension_after FROM sessions \
     WHERE deleted_at IS NULL AND started_utc >= ?2 AND +local_date >= ?1 \
     ORDER BY started_utc, id";

/// `num_days_from_ce` of 1970-01-01, day 0 of the day numbers in `session_weeks`.
const UNIX_EPOCH_DAY_FROM_CE: i32 = 719_163;

/// The day number of `date` as `session_weeks` stores it: days since 1970-01-01.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce() - UNIX_EPOCH_DAY_FROM_CE)
}

/// The date of a day number from `session_weeks` (no text is parsed).
fn from_day_number(n: i64) -> Option<NaiveDate> {
    let n = i32::try_from(n).ok()?.checked_add(UNIX_EPOCH_DAY_FROM_CE)?;
    NaiveDate::from_num_days_from_ce_opt(n)
}

/// Everything the dashboard shows that is read from the database, read in one snapshot.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// The change counter when the snapshot was read (see [`Store::data_version`]).
    pub data_version: i64,
    /// First day of the week.
    pub week_start: WeekStart,
    /// The weeks asked for, oldest first, ending with the week holding today.
    pub weeks: Vec<WeekSummary>,
    /// Current and longest streak.
    pub streaks: Streaks,
    /// The local date of the first live session.
    pub first_session_date: Option<NaiveDate>,
    /// The most recent live session.
    pub last_session: Option<Session>,
    /// Every rest mark, by date.
    pub rest_marks: Vec<RestMark>,
    /// Tension before and after of each live session from the first of `weeks` on, in start
    /// order.
    pub tension: Vec<TensionPoint>,
}

impl Store {
    /// A number that changes whenever another connection (another footlog, the CLI, the sqlite3
    /// tool) commits to the database; this connection's own writes leave it as it is
    /// (`PRAGMA data_version`). Cheap: no table is read.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?)
    }

    /// The dashboard's data for `today` with `n` weeks of charts, in one read transaction.
    pub fn dashboard(&self, today: NaiveDate, n: usize) -> Result<Dashboard> {
        let tx = self.conn.unchecked_transaction()?;
        let data_version = self.data_version()?;
        let rules = self.week_rules()?;
        let weeks = self.weeks_under(&rules, today, n)?;
        let streaks = self.streaks_under(&rules, today)?;
        let last_session = self.last_session()?;
        let tension = match weeks.first() {
            Some(w) => self.tension_points(w.week_start)?,
            None => Vec::new(),
        };
        tx.finish()?;
        Ok(Dashboard {
            data_version,
            week_start: rules.week_start,
            weeks,
            streaks,
            first_session_date: rules.first_session,
            last_session,
            rest_marks: rules.rests,
            tension,
        })
    }

    /// Tension before and after of each live session dated `since` or later, in start order.
    pub fn tension_points(&self, since: NaiveDate) -> Result<Vec<TensionPoint>> {
        let mut stmt = self.conn.prepare_cached(TENSION_POINTS_SQL)?;
        // FixedOffset is always less than a day either way.
        let from_utc = day_number(since) * 86_400 - 86_400;
        let rows = stmt.query_map(params![since, from_utc], |r| {
            Ok((
                r.get::<_, Option<i64>>(0)?,
                r.get::<_, u8>(1)?,
                r.get::<_, u8>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            // A day that is not a date (written by hand) has no place on the chart.
            let (day, before, after) = row?;
            if let Some(date) = day.and_then(from_day_number) {
                out.push(TensionPoint {
                    date,
                    before,
                    after,
                });
            }
        }
        Ok(out)
    }

    /// Current and longest streak, the current one ending at the week holding `today`.
    pub fn streaks(&self, today: NaiveDate) -> Result<Streaks> {
        self.streaks_under(&self.week_rules()?, today)
    }

    fn streaks_under(&self, rules: &WeekRules, today: NaiveDate) -> Result<Streaks> {
        let current = rules.week_start.week_of(today);
        let totals = self.week_totals(rules.week_start, None, current)?;
        Ok(streaks_from_week_totals(
            rules.week_start,
            today,
            &totals,
            &rules.goals,
            &rules.rests,
        ))
    }

    /// Sessions per week under `ws` for the weeks starting within `from..=to` that hold any,
    /// oldest first, keyed by the week's first day.
    pub(super) fn week_totals(
        &self,
        ws: WeekStart,
        from: Option<NaiveDate>,
        to: NaiveDate,
    ) -> Result<Vec<(NaiveDate, u32)>> {
        let mut stmt = self.conn.prepare_cached(WEEK_TOTALS_SQL)?;
        let rows = stmt.query_map(
            params![
                ws.as_str(),
                from.map_or(i64::MIN, day_number),
                day_number(to)
            ],
            |r| Ok((r.get::<_, i64>(0)?, r.get::<_, u32>(1)?)),
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (day, n) = row?;
            // Day numbers are written by the triggers from valid dates, so this always holds.
            if let Some(date) = from_day_number(day) {
                out.push((date, n));
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_count_from_1970() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
        for (date, n) in [
            ("1970-01-01", 0),
            ("1969-12-31", -1),
            ("2026-11-23", 20_780),
            ("0001-01-01", -719_162),
        ] {
            assert_eq!(day_number(d(date)), n, "{date}");
            assert_eq!(from_day_number(n), Some(d(date)), "{date}");
        }
        assert_eq!(from_day_number(i64::MAX), None);
    }
}
