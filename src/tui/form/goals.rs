//! Goal settings: sessions per week, first day of the week, rest weeks with a reason, and the
//! weekly reminder's day and time (what `footlog remind` uses).

use chrono::{Duration, NaiveDate};

use super::field::field_list;
use super::{Choice, Field, Rating, Shape, Step, Text};
use crate::domain::ValidationError;
use crate::domain::remind::{DAY_NAMES, Reminder, parse_day, parse_time};
use crate::domain::week::{rest_mark_day, validate_goal, validate_reason, week_last_day};
use crate::domain::{RestMark, WeekStart};
use crate::tui::data::Data;

/// How many weeks back a rest mark can be set from the form (this week included).
pub const REST_WEEKS_BACK: usize = 52;

/// How many weeks ahead a rest week can be planned from the form (holidays are planned), as
/// `footlog rest --week` can.
pub const REST_WEEKS_AHEAD: usize = 26;

/// What saving the goal form changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalChanges {
    /// A new goal, from this week on.
    pub per_week: Option<u8>,
    /// A new first day of the week.
    pub week_start: Option<WeekStart>,
    /// What happens to the chosen week's rest mark.
    pub rest: RestChange,
    /// A new day or time for the weekly reminder.
    pub reminder: Option<Reminder>,
}

/// A change to one week's rest mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestChange {
    /// Nothing.
    Keep,
    /// Mark the week (replacing any marks in it).
    Mark {
        /// First day of the week.
        from: NaiveDate,
        /// Last day of the week.
        to: NaiveDate,
        /// The new mark.
        mark: RestMark,
    },
    /// Remove every mark in the week.
    Unmark {
        /// First day of the week.
        from: NaiveDate,
        /// Last day of the week.
        to: NaiveDate,
    },
}

/// The first day of the week the picker's option `index` names, weeks starting on `start`: the
/// options run newest first, from [`REST_WEEKS_AHEAD`] weeks ahead down to
/// [`REST_WEEKS_BACK`] − 1 weeks back, this week at index [`REST_WEEKS_AHEAD`].
fn week_at(data: &Data, start: WeekStart, index: usize) -> NaiveDate {
    let back = i64::try_from(index).unwrap_or(0) - i64::try_from(REST_WEEKS_AHEAD).unwrap_or(0);
    start.week_of(data.today) - Duration::weeks(back)
}

/// The goal form's fields, in focus order.
#[derive(Debug, Clone)]
pub struct GoalForm {
    /// Sessions per week, 1–14.
    pub per_week: Field<Rating>,
    /// The first day of the week: monday or sunday.
    pub week_start: Field<Choice>,
    /// The week whose rest mark the reason is: this week first, then ← back, → ahead.
    pub rest_week: Field<Choice>,
    /// The picked week's rest reason, as typed.
    pub reason: Field<Text>,
    /// The reminder's day: mon … sun.
    pub remind_day: Field<Choice>,
    /// The reminder's local time, HH:MM, as typed.
    pub remind_at: Field<Text>,
}

field_list!(GoalForm: per_week, week_start, rest_week, reason, remind_day, remind_at);

/// The reason of the rest mark in the week starting `first`, if any.
pub fn rest_reason(data: &Data, first: NaiveDate) -> Option<String> {
    let last = week_last_day(first);
    data.rest_marks
        .iter()
        .find(|r| (first..=last).contains(&r.date))
        .map(|r| r.reason.clone())
}

fn week_label(data: &Data, start: WeekStart, i: usize) -> String {
    let first = week_at(data, start, i);
    let when = match i.checked_sub(REST_WEEKS_AHEAD) {
        Some(0) => " (this week)",
        Some(1) => " (last week)",
        None if i + 1 == REST_WEEKS_AHEAD => " (next week)",
        _ => "",
    };
    let rest = if rest_reason(data, first).is_some() {
        " · rest"
    } else {
        ""
    };
    format!(
        "{} – {}{when}{rest}",
        first.format("%-d %b %Y"),
        week_last_day(first).format("%-d %b"),
    )
}

fn week_options(data: &Data, start: WeekStart) -> Vec<String> {
    (0..REST_WEEKS_AHEAD + REST_WEEKS_BACK)
        .map(|i| week_label(data, start, i))
        .collect()
}

impl GoalForm {
    /// The first day of the week the week-start choice names.
    pub fn chosen_start(&self) -> WeekStart {
        if self.week_start.input.index == 1 {
            WeekStart::Sunday
        } else {
            WeekStart::Monday
        }
    }

    /// The first day of the week the picker is on, with the week start chosen in the form.
    pub fn picked_week(&self, data: &Data) -> NaiveDate {
        week_at(data, self.chosen_start(), self.rest_week.input.index)
    }

    /// After a change that may have moved the picked week from `before` (the picker, or the
    /// week start): the picker lists weeks that start on the chosen day, and the reason shown is
    /// the newly picked week's stored one, unless the user typed a reason of their own, which is
    /// kept (it is what saving will store).
    pub fn follow(&mut self, data: &Data, before: NaiveDate) {
        self.rest_week.input.options = week_options(data, self.chosen_start());
        let after = self.picked_week(data);
        if after == before {
            return;
        }
        let shown = self.reason.input.trimmed();
        let filled = rest_reason(data, before).unwrap_or_default();
        if !shown.is_empty() && shown != filled.trim() {
            return;
        }
        let reason = rest_reason(data, after).unwrap_or_default();
        self.reason.input = Text::new(&reason, Shape::Long);
    }

    /// Saving would change something: the goal, the week start, or the picked week's rest
    /// reason (browsing the weeks is no change).
    pub fn is_changed(&self, data: &Data) -> bool {
        let stored = rest_reason(data, self.picked_week(data)).unwrap_or_default();
        self.per_week.input.value != Some(data.this_week.goal)
            || self.chosen_start() != data.week_start
            || self.reason.input.trimmed() != stored.trim()
            || self.remind_day.input.index != day_index(data.reminder)
            || self.remind_at.input.trimmed() != data.reminder.time_label()
    }

    /// The reminder the form shows, or why its time cannot be read.
    fn chosen_reminder(&self) -> Result<Reminder, ValidationError> {
        let word = DAY_NAMES
            .get(self.remind_day.input.index)
            .copied()
            .unwrap_or_default();
        Ok(Reminder {
            day: parse_day(self.remind_day.key, word)?,
            at: parse_time(self.remind_at.key, &self.remind_at.input.trimmed())?,
        })
    }

    /// What saving changes, or the error that stops it.
    pub fn check(&self, data: &Data) -> Result<GoalChanges, Vec<ValidationError>> {
        let per_week = self
            .per_week
            .input
            .value
            .map_or(
                Err(ValidationError::new(
                    self.per_week.key,
                    "must be a whole number from 1 to 14",
                )),
                |v| {
                    validate_goal(i64::from(v))
                        .map_err(|e| ValidationError::new(self.per_week.key, e.message))
                },
            )
            .map_err(|e| vec![e])?;
        let week_start = self.chosen_start();
        let first = self.picked_week(data);
        let last = week_last_day(first);
        let reason = self.reason.input.trimmed();
        let rest = match (rest_reason(data, first), reason.is_empty()) {
            (None, true) => RestChange::Keep,
            (Some(_), true) => RestChange::Unmark {
                from: first,
                to: last,
            },
            (Some(old), false) if old == reason => RestChange::Keep,
            (_, false) => {
                let reason = validate_reason(&reason)
                    .map_err(|e| vec![ValidationError::new(self.reason.key, e.message)])?;
                RestChange::Mark {
                    from: first,
                    to: last,
                    mark: RestMark {
                        date: rest_mark_day(first),
                        reason,
                    },
                }
            }
        };
        let reminder = self.chosen_reminder().map_err(|e| vec![e])?;
        Ok(GoalChanges {
            per_week: (per_week != data.this_week.goal).then_some(per_week),
            week_start: (week_start != data.week_start).then_some(week_start),
            rest,
            reminder: (reminder != data.reminder).then_some(reminder),
        })
    }
}

/// The index of the reminder's day among [`DAY_NAMES`].
fn day_index(r: Reminder) -> usize {
    r.day.num_days_from_monday() as usize
}

/// The goal form's fields for the current settings.
pub fn new_fields(data: &Data) -> GoalForm {
    let this_week = data.week_start.week_of(data.today);
    GoalForm {
        per_week: Field::new(
            "per_week",
            "Sessions per week",
            "1–14, from this week on",
            Rating::new(Some(data.this_week.goal), 1, 14),
        ),
        week_start: Field::new(
            "week_start",
            "Week starts on",
            "regroups all weeks",
            Choice::new(
                usize::from(data.week_start == WeekStart::Sunday),
                vec!["monday".into(), "sunday".into()],
            ),
        ),
        rest_week: Field::new(
            "rest_week",
            "Rest week",
            "←/→ picks a week",
            Choice {
                index: REST_WEEKS_AHEAD,
                options: week_options(data, data.week_start),
                step: Step::NewestFirst,
            },
        ),
        reason: Field::new(
            "reason",
            "Rest reason",
            "empty = not a rest week",
            Text::new(
                &rest_reason(data, this_week).unwrap_or_default(),
                Shape::Long,
            ),
        ),
        remind_day: Field::new(
            "remind_day",
            "Reminder day",
            "←/→ picks a day",
            Choice::new(
                day_index(data.reminder),
                DAY_NAMES.iter().map(|d| (*d).to_string()).collect(),
            ),
        ),
        remind_at: Field::new(
            "remind_at",
            "Reminder time",
            "HH:MM, local time",
            Text::new(&data.reminder.time_label(), Shape::Short),
        ),
    }
}
