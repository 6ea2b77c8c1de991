//! Goal settings: sessions per week, first day of the week, and rest weeks with a reason.

use chrono::{Duration, NaiveDate};

use super::{Field, Form, FormKind, Input, choice_of, rating_of, text_input, text_of};
use crate::domain::week::{rest_mark_day, validate_goal, validate_reason, week_last_day};
use crate::domain::{RestMark, WeekStart};
use crate::tui::data::Data;

/// How many weeks back a rest mark can be set from the form.
pub const REST_WEEKS_BACK: usize = 52;

/// What saving the goal form changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalChanges {
    /// A new goal, from this week on.
    pub per_week: Option<u8>,
    /// A new first day of the week.
    pub week_start: Option<WeekStart>,
    /// What happens to the chosen week's rest mark.
    pub rest: RestChange,
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

/// The first day of the week `index` weeks before the current one, weeks starting on `start`.
fn week_at(data: &Data, start: WeekStart, index: usize) -> NaiveDate {
    let back = i64::try_from(index).unwrap_or(0);
    start.week_of(data.today) - Duration::weeks(back)
}

/// The first day of the week the form's week-start choice names.
fn chosen_start(form: &Form) -> WeekStart {
    if choice_of(form, "week_start") == 1 {
        WeekStart::Sunday
    } else {
        WeekStart::Monday
    }
}

/// The first day of the week the picker is on, with the week start chosen in the form.
pub fn picked_week(form: &Form, data: &Data) -> NaiveDate {
    week_at(data, chosen_start(form), choice_of(form, "rest_week"))
}

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
    let when = match i {
        0 => " (this week)".to_string(),
        1 => " (last week)".to_string(),
        _ => String::new(),
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
    (0..REST_WEEKS_BACK)
        .map(|i| week_label(data, start, i))
        .collect()
}

/// The goal form for the current settings.
pub fn new_form(data: &Data) -> Form {
    let fields = vec![
        Field::new(
            "per_week",
            "Sessions per week",
            "1–14, from this week on",
            Input::Rating {
                value: Some(data.this_week.goal),
                min: 1,
                max: 14,
                after_one: false,
            },
        ),
        Field::new(
            "week_start",
            "Week starts on",
            "regroups all weeks",
            Input::Choice {
                index: usize::from(data.week_start == WeekStart::Sunday),
                options: vec!["monday".into(), "sunday".into()],
            },
        ),
        Field::new(
            "rest_week",
            "Rest week",
            "←/→ picks a week",
            Input::Choice {
                index: 0,
                options: week_options(data, data.week_start),
            },
        ),
        Field::new(
            "reason",
            "Rest reason",
            "empty = not a rest week",
            text_input(&rest_reason(data, data.week_start.week_of(data.today)).unwrap_or_default()),
        ),
    ];
    Form::new(FormKind::Goals, "Goal and rest weeks", fields)
}

/// ←/→ on the goal form. The week picker lists this week first and older weeks after it, so ←
/// (an older week) moves down the list and → (a newer one) up it, stopping at both ends rather
/// than wrapping a year round. Other fields step as in any form.
pub fn adjust(form: &mut Form, delta: i8) {
    let Some(Field {
        key: "rest_week",
        input: Input::Choice { index, options },
        ..
    }) = form.fields.get_mut(form.focus)
    else {
        form.adjust(delta);
        return;
    };
    let next = if delta < 0 {
        (*index + 1).min(options.len().saturating_sub(1))
    } else {
        index.saturating_sub(1)
    };
    if next != *index {
        *index = next;
        form.touched();
    }
}

/// After a change that may have moved the picked week from `before` (the picker, or the week
/// start): the picker lists weeks that start on the chosen day, and the reason shown is the newly
/// picked week's stored one, unless the user typed a reason of their own, which is kept (it is
/// what saving will store).
pub fn follow(form: &mut Form, data: &Data, before: NaiveDate) {
    let start = chosen_start(form);
    if let Some(Field {
        input: Input::Choice { options, .. },
        ..
    }) = form.field_mut("rest_week")
    {
        *options = week_options(data, start);
    }
    let after = picked_week(form, data);
    if after == before {
        return;
    }
    let shown = text_of(form, "reason");
    let filled = rest_reason(data, before).unwrap_or_default();
    if !shown.is_empty() && shown != filled.trim() {
        return;
    }
    let reason = rest_reason(data, after).unwrap_or_default();
    if let Some(f) = form.field_mut("reason") {
        f.input = text_input(&reason);
    }
}

/// Saving would change something: the goal, the week start, or the picked week's rest reason
/// (browsing the weeks is no change).
pub fn is_changed(form: &Form, data: &Data) -> bool {
    let stored = rest_reason(data, picked_week(form, data)).unwrap_or_default();
    rating_of(form, "per_week") != Some(data.this_week.goal)
        || chosen_start(form) != data.week_start
        || text_of(form, "reason") != stored.trim()
}

/// Validates the form; on failure the errors are set inline and `None` is returned.
pub fn changes(form: &mut Form, data: &Data) -> Option<GoalChanges> {
    form.clear_errors();
    let per_week = rating_of(form, "per_week")
        .map_or(Err(()), |v| validate_goal(i64::from(v)).map_err(|_| ()));
    let Ok(per_week) = per_week else {
        form.set_error("per_week", "must be a whole number from 1 to 14".into());
        form.focus_first_error();
        return None;
    };
    let week_start = chosen_start(form);
    let first = picked_week(form, data);
    let last = week_last_day(first);
    let reason = text_of(form, "reason");
    let old = rest_reason(data, first);
    let rest = match (old, reason.is_empty()) {
        (None, true) => RestChange::Keep,
        (Some(_), true) => RestChange::Unmark {
            from: first,
            to: last,
        },
        (Some(old), false) if old == reason => RestChange::Keep,
        (_, false) => match validate_reason(&reason) {
            Ok(reason) => RestChange::Mark {
                from: first,
                to: last,
                mark: RestMark {
                    date: rest_mark_day(first),
                    reason,
                },
            },
            Err(e) => {
                form.set_error("reason", e.message);
                form.focus_first_error();
                return None;
            }
        },
    };
    Some(GoalChanges {
        per_week: (per_week != data.this_week.goal).then_some(per_week),
        week_start: (week_start != data.week_start).then_some(week_start),
        rest,
    })
}
