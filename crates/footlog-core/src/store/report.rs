//! Weekly summaries and statistics: store queries fed through the domain's rules.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Result, Store};
use crate::domain::stats::{Stats, compute_stats};
use crate::domain::week::{summarize_weeks, weeks_between};
use crate::domain::{GoalHistory, RestMark, WeekStart, WeekSummary};

/// What every week summary depends on besides the session counts, read once per snapshot.
pub(super) struct WeekRules {
    pub(super) week_start: WeekStart,
    pub(super) goals: GoalHistory,
    pub(super) rests: Vec<RestMark>,
    /// The local date of the first live session.
    pub(super) first_session: Option<NaiveDate>,
}

impl Store {
    pub(super) fn week_rules(&self) -> Result<WeekRules> {
        Ok(WeekRules {
            week_start: self.week_start()?,
            goals: self.goals()?,
            rests: self.rest_marks()?,
            first_session: self.session_date_span()?.map(|(lo, _)| lo),
        })
    }

    /// `n` weeks, oldest first, ending with the week holding `until`.
    /// Reads only the per-week totals of those weeks (a search on their key).
    pub fn weeks(&self, until: NaiveDate, n: usize) -> Result<Vec<WeekSummary>> {
        self.weeks_under(&self.week_rules()?, until, n)
    }

    pub(super) fn weeks_under(
        &self,
        rules: &WeekRules,
        until: NaiveDate,
        n: usize,
    ) -> Result<Vec<WeekSummary>> {
        let ws = rules.week_start;
        let last = ws.week_of(until);
        let back = i64::try_from(n.saturating_sub(1)).unwrap_or(i64::MAX);
        let first = last
            .checked_sub_signed(chrono::Duration::weeks(back))
            .unwrap_or(crate::domain::time::MIN_DATE);
        let first = ws.week_of(first);
        // Keyed by each week's first day: summarize_weeks sums a week's days, and finds the one.
        let totals: BTreeMap<NaiveDate, u32> = self
            .week_totals(ws, Some(first), last)?
            .into_iter()
            .collect();
        let count = usize::try_from(weeks_between(first, last) + 1).unwrap_or(0);
        let mut weeks = summarize_weeks(first, count, &totals, &rules.goals, &rules.rests);
        let started = rules.first_session.map(|lo| ws.week_of(lo));
        for w in &mut weeks {
            w.before_first = started.is_none_or(|s| w.week_start < s);
        }
        Ok(weeks)
    }

    /// The week holding `today`.
    pub fn this_week(&self, today: NaiveDate) -> Result<WeekSummary> {
        let mut w = self.weeks(today, 1)?;
        Ok(w.pop().unwrap_or_else(|| WeekSummary::empty(today)))
    }

    /// Statistics over the whole history, with streaks ending at the week holding `today`.
    pub fn stats(&self, today: NaiveDate) -> Result<Stats> {
        let daily = self.daily_counts(None, None)?;
        let (history, later) = self.history(today, &daily)?;
        Ok(compute_stats(
            self.tension_totals()?,
            &self.sleep_nights()?,
            &history,
            &later,
        ))
    }

    /// Week summaries from the first week with a session to the current week, and any later
    /// weeks that hold sessions (a start up to 24 hours ahead can fall in next week).
    pub(super) fn history(
        &self,
        today: NaiveDate,
        daily: &BTreeMap<NaiveDate, u32>,
    ) -> Result<(Vec<WeekSummary>, Vec<WeekSummary>)> {
        let ws = self.week_start()?;
        let current = ws.week_of(today);
        let goals = self.goals()?;
        let rests = self.rest_marks()?;
        let (history, later) = match (daily.keys().next(), daily.keys().next_back()) {
            (Some(&lo), Some(&hi)) => {
                let first = ws.week_of(lo).min(current);
                let n_hist = usize::try_from(weeks_between(first, current) + 1).unwrap_or(0);
                let history = summarize_weeks(first, n_hist, daily, &goals, &rests);
                let last = ws.week_of(hi);
                let later = if last > current {
                    let start = current + chrono::Duration::weeks(1);
                    let n = usize::try_from(weeks_between(start, last) + 1).unwrap_or(0);
                    summarize_weeks(start, n, daily, &goals, &rests)
                } else {
                    Vec::new()
                };
                (history, later)
            }
            _ => (Vec::new(), Vec::new()),
        };
        Ok((history, later))
    }
}
