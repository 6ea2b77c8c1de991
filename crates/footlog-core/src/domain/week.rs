//! Week maths: which week a date belongs to, the goal in force for a week, rest weeks and streaks.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::ValidationError;

/// Allowed goal, sessions per week.
pub const GOAL_RANGE: (i64, i64) = (1, 14);
/// The goal when none was ever set: once a week.
pub const DEFAULT_GOAL: u8 = 1;
/// Longest rest-week reason, in characters.
pub const REASON_MAX_CHARS: usize = 200;

/// The first day of every week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WeekStart {
    /// Monday to Sunday (the default, as ISO 8601).
    #[default]
    Monday,
    /// Sunday to Saturday.
    Sunday,
}

impl WeekStart {
    /// The word used in the CLI, JSON and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            WeekStart::Monday => "monday",
            WeekStart::Sunday => "sunday",
        }
    }

    /// Parses `monday` or `sunday`, naming `field` in the error.
    pub fn parse_field(field: &'static str, s: &str) -> Result<Self, ValidationError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "monday" => Ok(WeekStart::Monday),
            "sunday" => Ok(WeekStart::Sunday),
            _ => Err(ValidationError::new(
                field,
                format!("must be monday or sunday (got {s:?})"),
            )),
        }
    }

    /// The weekday a week starts on.
    pub fn weekday(self) -> Weekday {
        match self {
            WeekStart::Monday => Weekday::Mon,
            WeekStart::Sunday => Weekday::Sun,
        }
    }

    /// The week's span in short day names, e.g. `Mon–Sun`.
    pub fn span_label(self) -> &'static str {
        match self {
            WeekStart::Monday => "Mon–Sun",
            WeekStart::Sunday => "Sun–Sat",
        }
    }

    /// The first day of the week that holds `date`; this date names the week.
    pub fn week_of(self, date: NaiveDate) -> NaiveDate {
        let back = date.weekday().days_since(self.weekday());
        date - Duration::days(i64::from(back))
    }
}

impl fmt::Display for WeekStart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

/// The last day of the week that starts on `first`.
pub fn week_last_day(first: NaiveDate) -> NaiveDate {
    first + Duration::days(6)
}

/// The date a rest mark for the week starting `first` carries: the week's middle day. Marks belong
/// to whichever week holds their date, so after the first day of the week changes a mid-week mark
/// still lies in the week that overlaps most of the one the user meant.
pub fn rest_mark_day(first: NaiveDate) -> NaiveDate {
    first + Duration::days(3)
}

/// A goal set on a date; it applies to the week holding that date and every later week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalChange {
    /// The date the goal was set.
    pub effective_from: NaiveDate,
    /// Sessions per week, 1–14.
    pub per_week: u8,
}

/// Every goal ever set, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalHistory {
    changes: Vec<GoalChange>,
}

impl GoalHistory {
    /// Builds a history from changes in any order.
    pub fn new(mut changes: Vec<GoalChange>) -> Self {
        changes.sort_by_key(|c| c.effective_from);
        Self { changes }
    }

    /// The changes, oldest first.
    pub fn changes(&self) -> &[GoalChange] {
        &self.changes
    }

    /// The goal of the week starting on `first`: the last goal set on or before its last day.
    pub fn goal_for_week(&self, first: NaiveDate) -> u8 {
        let last = week_last_day(first);
        let idx = self.changes.partition_point(|c| c.effective_from <= last);
        idx.checked_sub(1)
            .and_then(|i| self.changes.get(i))
            .map_or(DEFAULT_GOAL, |c| c.per_week)
    }
}

/// Validates a goal, sessions per week.
pub fn validate_goal(per_week: i64) -> Result<u8, ValidationError> {
    let (lo, hi) = GOAL_RANGE;
    if (lo..=hi).contains(&per_week) {
        u8::try_from(per_week).map_err(|_| ValidationError::range("per_week", lo, hi, per_week))
    } else {
        Err(ValidationError::range("per_week", lo, hi, per_week))
    }
}

/// A rest mark: the week holding `date` is a rest week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestMark {
    /// Any date in the rest week.
    pub date: NaiveDate,
    /// Why (travel, illness, a foot injury …).
    pub reason: String,
}

/// Validates a rest reason: required, at most 200 characters.
pub fn validate_reason(reason: &str) -> Result<String, ValidationError> {
    let r = reason.trim();
    if r.is_empty() {
        return Err(ValidationError::new("reason", "must not be empty"));
    }
    super::session::check_no_control_chars("reason", r)?;
    let n = r.chars().count();
    if n > REASON_MAX_CHARS {
        return Err(ValidationError::new(
            "reason",
            format!("must be at most {REASON_MAX_CHARS} characters (got {n})"),
        ));
    }
    Ok(r.to_string())
}

/// One week's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeekSummary {
    /// The week's first day (names the week).
    pub week_start: NaiveDate,
    /// Sessions whose local date falls in the week.
    pub sessions: u32,
    /// The goal in force for the week.
    pub goal: u8,
    /// Sessions reached the goal.
    pub met: bool,
    /// The week holds a rest mark.
    pub rest: bool,
    /// The reason of the week's (first) rest mark.
    #[serde(skip)]
    pub rest_reason: Option<String>,
    /// The week ended before the first session was logged (charts show no outcome for it).
    #[serde(skip)]
    pub before_first: bool,
}

impl WeekSummary {
    /// The week starting on `week_start` with nothing logged, under the default goal.
    pub fn empty(week_start: NaiveDate) -> Self {
        Self {
            week_start,
            sessions: 0,
            goal: DEFAULT_GOAL,
            met: false,
            rest: false,
            rest_reason: None,
            before_first: false,
        }
    }
}

/// Summarises `count` consecutive weeks starting with the week named `first`.
/// `daily` maps local dates to session counts.
pub fn summarize_weeks(
    first: NaiveDate,
    count: usize,
    daily: &BTreeMap<NaiveDate, u32>,
    goals: &GoalHistory,
    rests: &[RestMark],
) -> Vec<WeekSummary> {
    (0..count)
        .map_while(|i| {
            let start = first.checked_add_signed(Duration::weeks(i64::try_from(i).ok()?))?;
            let last = week_last_day(start);
            let sessions = daily.range(start..=last).map(|(_, n)| *n).sum::<u32>();
            let goal = goals.goal_for_week(start);
            let rest_reason = rests
                .iter()
                .find(|r| (start..=last).contains(&r.date))
                .map(|r| r.reason.clone());
            Some(WeekSummary {
                week_start: start,
                sessions,
                goal,
                met: sessions >= u32::from(goal),
                rest: rest_reason.is_some(),
                rest_reason,
                before_first: false,
            })
        })
        .collect()
}

/// Whole weeks from the week named `a` to the week named `b` (both week starts).
pub fn weeks_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days().div_euclid(7)
}

/// Current and longest streaks, in weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Streaks {
    /// Consecutive met weeks ending with this week (if met) or last week.
    pub current: u32,
    /// The longest such run in history.
    pub longest: u32,
}

/// Streaks over `weeks`, oldest first, whose last entry is the current week.
/// A rest week that missed its goal is passed over; a met week counts whether rest or not.
pub fn streaks(weeks: &[WeekSummary]) -> Streaks {
    let mut longest = 0;
    let mut run = 0;
    for w in weeks {
        if w.met {
            run += 1;
            longest = longest.max(run);
        } else if !w.rest {
            run = 0;
        }
    }
    let mut current = 0;
    let mut iter = weeks.iter().rev().peekable();
    if iter.peek().is_some_and(|w| !w.met) {
        iter.next(); // this week is not over yet
    }
    for w in iter {
        if w.met {
            current += 1;
        } else if !w.rest {
            break;
        }
    }
    Streaks { current, longest }
}

/// Streaks from per-week session totals: the same as [`streaks`] over the summaries of every week
/// from the first one with a session to the week holding `today`, without building them.
/// `totals` holds (first day of the week under `ws`, sessions) for weeks with sessions, oldest
/// first; weeks after the current one are ignored.
pub fn streaks_from_week_totals(
    ws: WeekStart,
    today: NaiveDate,
    totals: &[(NaiveDate, u32)],
    goals: &GoalHistory,
    rests: &[RestMark],
) -> Streaks {
    let current = ws.week_of(today);
    let Some(&(first, _)) = totals.first() else {
        return Streaks::default();
    };
    let mut rest_weeks: Vec<NaiveDate> = rests.iter().map(|r| ws.week_of(r.date)).collect();
    rest_weeks.sort_unstable();
    let mut totals = totals.iter().peekable();
    let mut rest_weeks = rest_weeks.into_iter().peekable();
    let mut run = StreakRun::default();
    let mut week = ws.week_of(first).min(current);
    while week <= current {
        while totals.next_if(|(w, _)| *w < week).is_some() {}
        let sessions = totals.next_if(|(w, _)| *w == week).map_or(0, |(_, n)| *n);
        while rest_weeks.next_if(|w| *w < week).is_some() {}
        let rest = rest_weeks.peek() == Some(&week);
        run.push(sessions >= u32::from(goals.goal_for_week(week)), rest);
        match week.checked_add_signed(Duration::weeks(1)) {
            Some(next) => week = next,
            None => break,
        }
    }
    run.finish()
}

/// The streak rules of [`streaks`] applied one week at a time, oldest first.
#[derive(Debug, Default)]
struct StreakRun {
    run: u32,
    before_last: u32,
    longest: u32,
    last_met: bool,
}

impl StreakRun {
    fn push(&mut self, met: bool, rest: bool) {
        self.before_last = self.run;
        if met {
            self.run += 1;
            self.longest = self.longest.max(self.run);
        } else if !rest {
            self.run = 0;
        }
        self.last_met = met;
    }

    /// The current streak ends with the last week if it met its goal, else with the one before
    /// (the current week is not over yet).
    fn finish(self) -> Streaks {
        Streaks {
            current: if self.last_met {
                self.run
            } else {
                self.before_last
            },
            longest: self.longest,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn week_of_respects_the_first_day() {
        // 2026-11-23 is a Monday.
        assert_eq!(WeekStart::Monday.week_of(d("2026-11-23")), d("2026-11-23"));
        assert_eq!(WeekStart::Monday.week_of(d("2026-11-29")), d("2026-11-23"));
        assert_eq!(WeekStart::Sunday.week_of(d("2026-11-23")), d("2026-11-22"));
        assert_eq!(WeekStart::Sunday.week_of(d("2026-11-28")), d("2026-11-22"));
    }

    #[test]
    fn weeks_cross_year_ends_and_iso_week_53() {
        // 2020 has an ISO week 53: Mon 2020-12-28 to Sun 2021-01-03.
        assert_eq!(WeekStart::Monday.week_of(d("2021-01-03")), d("2020-12-28"));
        assert_eq!(d("2020-12-28").iso_week().week(), 53);
        // Sunday weeks over 2026/2027: Sun 2026-12-27 to Sat 2027-01-02.
        assert_eq!(WeekStart::Sunday.week_of(d("2027-01-02")), d("2026-12-27"));
        // Leap day.
        assert_eq!(WeekStart::Monday.week_of(d("2028-02-29")), d("2028-02-28"));
    }

    #[test]
    fn goal_for_week_takes_last_set_on_or_before_last_day() {
        let g = GoalHistory::new(vec![
            GoalChange {
                effective_from: d("2026-11-25"),
                per_week: 3,
            },
            GoalChange {
                effective_from: d("2026-10-01"),
                per_week: 2,
            },
        ]);
        assert_eq!(g.goal_for_week(d("2026-09-21")), 1);
        assert_eq!(g.goal_for_week(d("2026-09-28")), 2); // set on Thursday of that week
        assert_eq!(g.goal_for_week(d("2026-11-16")), 2);
        assert_eq!(g.goal_for_week(d("2026-11-23")), 3); // set Wednesday, applies to this week
        assert_eq!(
            GoalHistory::default().goal_for_week(d("2026-11-23")),
            DEFAULT_GOAL
        );
    }

    fn week(met: bool, rest: bool) -> WeekSummary {
        WeekSummary {
            week_start: d("2026-01-05"),
            sessions: u32::from(met),
            goal: 1,
            met,
            rest,
            rest_reason: None,
            before_first: false,
        }
    }

    #[test]
    fn streaks_pass_over_missed_rest_weeks() {
        let (m, x, r, mr) = (
            week(true, false),
            week(false, false),
            week(false, true),
            week(true, true),
        );
        let s = |ws: &[WeekSummary]| streaks(ws);
        assert_eq!(
            s(&[]),
            Streaks {
                current: 0,
                longest: 0
            }
        );
        assert_eq!(
            s(&[m.clone(), m.clone(), x.clone()]),
            Streaks {
                current: 2,
                longest: 2
            }
        );
        assert_eq!(
            s(&[m.clone(), x.clone(), x.clone()]),
            Streaks {
                current: 0,
                longest: 1
            }
        );
        assert_eq!(
            s(&[m.clone(), r.clone(), m.clone(), m.clone()]),
            Streaks {
                current: 3,
                longest: 3
            }
        );
        assert_eq!(
            s(&[m.clone(), mr.clone(), x.clone(), m.clone()]),
            Streaks {
                current: 1,
                longest: 2
            }
        );
        assert_eq!(
            s(&[m.clone(), r.clone(), r.clone()]),
            Streaks {
                current: 1,
                longest: 1
            }
        );
    }

    #[test]
    fn summarize_counts_by_week_with_goal_and_rest() {
        let mut daily = BTreeMap::new();
        daily.insert(d("2026-11-16"), 1);
        daily.insert(d("2026-11-22"), 1);
        daily.insert(d("2026-11-23"), 1);
        let rests = vec![RestMark {
            date: d("2026-11-11"),
            reason: "travel".into(),
        }];
        let goals = GoalHistory::new(vec![GoalChange {
            effective_from: d("2026-11-20"),
            per_week: 2,
        }]);
        let w = summarize_weeks(d("2026-11-09"), 3, &daily, &goals, &rests);
        assert_eq!(w.len(), 3);
        assert_eq!(
            (w[0].sessions, w[0].goal, w[0].met, w[0].rest),
            (0, 1, false, true)
        );
        assert_eq!(
            (w[1].sessions, w[1].goal, w[1].met, w[1].rest),
            (2, 2, true, false)
        );
        assert_eq!(
            (w[2].sessions, w[2].goal, w[2].met, w[2].rest),
            (1, 2, false, false)
        );
        assert_eq!(w[0].rest_reason.as_deref(), Some("travel"));
    }
}
