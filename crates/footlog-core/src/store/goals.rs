//! Goal history, the week-start setting and rest marks.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError};
use crate::domain::{GoalChange, GoalHistory, RestMark, WeekStart};

pub(super) const WEEK_START_KEY: &str = "week_start";

/// Sets the goal from the week holding `on` onwards, inside `tx`.
pub(super) fn set_goal_in(
    tx: &rusqlite::Transaction<'_>,
    on: NaiveDate,
    per_week: u8,
) -> Result<()> {
    tx.execute(
        "INSERT INTO goals (effective_from, per_week) VALUES (?1, ?2) \
         ON CONFLICT (effective_from) DO UPDATE SET per_week = excluded.per_week",
        params![on, per_week],
    )?;
    Ok(())
}

/// Marks the week holding `mark.date` as a rest week inside `tx` (replacing a mark on that date).
pub(super) fn put_rest_in(tx: &rusqlite::Transaction<'_>, mark: &RestMark) -> Result<()> {
    tx.execute(
        "INSERT INTO rest_marks (date, reason) VALUES (?1, ?2) \
         ON CONFLICT (date) DO UPDATE SET reason = excluded.reason",
        params![mark.date, mark.reason],
    )?;
    Ok(())
}

impl Store {
    /// Every goal ever set.
    pub fn goals(&self) -> Result<GoalHistory> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT effective_from, per_week FROM goals ORDER BY effective_from")?;
        let rows = stmt.query_map([], |r| {
            Ok(GoalChange {
                effective_from: r.get(0)?,
                per_week: r.get(1)?,
            })
        })?;
        Ok(GoalHistory::new(
            rows.collect::<rusqlite::Result<Vec<_>>>()?,
        ))
    }

    /// Sets the goal from the week holding `on` onwards (a second change on the same day replaces it).
    pub fn set_goal(&mut self, on: NaiveDate, per_week: u8) -> Result<()> {
        let tx = self.conn.transaction()?;
        set_goal_in(&tx, on, per_week)?;
        tx.commit()?;
        Ok(())
    }

    /// The configured first day of the week, if one was ever set.
    pub fn week_start_setting(&self) -> Result<Option<WeekStart>> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [WEEK_START_KEY],
                |r| r.get(0),
            )
            .optional()?;
        v.map(|s| {
            WeekStart::parse_field("week_start", &s)
                .map_err(|e| StoreError::corrupt_because(e.to_string(), e))
        })
        .transpose()
    }

    /// The first day of the week in force (Monday when never set).
    pub fn week_start(&self) -> Result<WeekStart> {
        Ok(self.week_start_setting()?.unwrap_or_default())
    }

    /// Sets the first day of the week for all weeks.
    pub fn set_week_start(&mut self, ws: WeekStart) -> Result<()> {
        self.put_setting(WEEK_START_KEY, ws.as_str())
    }

    /// Every rest mark, by date.
    pub fn rest_marks(&self) -> Result<Vec<RestMark>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT date, reason FROM rest_marks ORDER BY date")?;
        let rows = stmt.query_map([], |r| {
            Ok(RestMark {
                date: r.get(0)?,
                reason: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Marks the week holding `mark.date` as a rest week (replacing a mark on the same date).
    pub fn add_rest(&mut self, mark: &RestMark) -> Result<()> {
        let tx = self.conn.transaction()?;
        put_rest_in(&tx, mark)?;
        tx.commit()?;
        Ok(())
    }

    /// Removes every rest mark dated within `from..=to`; returns how many.
    pub fn remove_rest(&mut self, from: NaiveDate, to: NaiveDate) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "DELETE FROM rest_marks WHERE date BETWEEN ?1 AND ?2",
            params![from, to],
        )?;
        tx.commit()?;
        Ok(n)
    }
}
