//! Goal settings written together (first day of the week, weekly goal, a rest week, the
//! reminder's day and time), and rest marks replaced over a range of days.

use chrono::NaiveDate;
use rusqlite::params;

use super::goals::{WEEK_START_KEY, set_goal_in};
use super::settings::{REMINDER_KEY, put_setting_in};
use super::{Result, Store};
use crate::domain::RestMark;
use crate::domain::remind::Reminder;

/// Replaces the rest marks dated within `from..=to` with `mark` (or none), inside `tx`;
/// returns how many marks were removed.
fn replace_rest_in(
    tx: &rusqlite::Transaction<'_>,
    from: NaiveDate,
    to: NaiveDate,
    mark: Option<&RestMark>,
) -> Result<usize> {
    let n = tx.execute(
        "DELETE FROM rest_marks WHERE date BETWEEN ?1 AND ?2",
        params![from, to],
    )?;
    if let Some(m) = mark {
        tx.execute(
            "INSERT INTO rest_marks (date, reason) VALUES (?1, ?2)",
            params![m.date, m.reason],
        )?;
    }
    Ok(n)
}

/// What the app's goal settings change, applied together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoalSettings {
    /// A new first day of the week.
    pub week_start: Option<crate::domain::WeekStart>,
    /// A new goal, set on the given date.
    pub goal: Option<(NaiveDate, u8)>,
    /// Replace the rest marks dated within the range with this one (or none).
    pub rest: Option<(NaiveDate, NaiveDate, Option<RestMark>)>,
    /// A new day and time for the weekly reminder.
    pub reminder: Option<Reminder>,
}

impl Store {
    /// Applies goal settings in one transaction: all of them or, on an error, none.
    pub fn apply_goal_settings(&mut self, s: &GoalSettings) -> Result<()> {
        let tx = self.conn.transaction()?;
        if let Some(ws) = s.week_start {
            put_setting_in(&tx, WEEK_START_KEY, ws.as_str())?;
        }
        if let Some((on, n)) = s.goal {
            set_goal_in(&tx, on, n)?;
        }
        if let Some((from, to, mark)) = &s.rest {
            replace_rest_in(&tx, *from, *to, mark.as_ref())?;
        }
        if let Some(r) = s.reminder {
            put_setting_in(&tx, REMINDER_KEY, &r.to_setting())?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Replaces the rest marks dated within `from..=to` with `mark` (or with none), in one
    /// transaction; returns how many marks were removed.
    pub fn replace_rest(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
        mark: Option<&RestMark>,
    ) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let n = replace_rest_in(&tx, from, to, mark)?;
        tx.commit()?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn replace_rest_swaps_marks_within_the_week_only() {
        let mut s = Store::open_in_memory().expect("store");
        for (date, reason) in [
            ("2026-11-17", "old"),
            ("2026-11-19", "also"),
            ("2026-11-25", "next"),
        ] {
            s.add_rest(&RestMark {
                date: d(date),
                reason: reason.into(),
            })
            .expect("add");
        }
        let mark = RestMark {
            date: d("2026-11-16"),
            reason: "travel".into(),
        };
        let removed = s
            .replace_rest(d("2026-11-16"), d("2026-11-22"), Some(&mark))
            .expect("replace");
        assert_eq!(removed, 2);
        let marks = s.rest_marks().expect("marks");
        assert_eq!(
            marks,
            vec![
                mark,
                RestMark {
                    date: d("2026-11-25"),
                    reason: "next".into()
                }
            ]
        );
        assert_eq!(
            s.replace_rest(d("2026-11-16"), d("2026-11-22"), None)
                .expect("unmark"),
            1
        );
        assert_eq!(s.rest_marks().expect("marks").len(), 1);
    }
}
