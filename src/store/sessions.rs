//! Massage sessions: insert, edit, list and count.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::rows::{SESSION_COLS, areas_text, session_from_row, ts};
use super::{Result, Store, StoreError};
use crate::domain::stats::TensionTotals;
use crate::domain::{Session, SessionFields};

/// Inserts a session row inside `tx`.
pub(super) fn insert_row(
    tx: &Transaction<'_>,
    uuid: &Uuid,
    f: &SessionFields,
    created_at: &DateTime<FixedOffset>,
    updated_at: &DateTime<FixedOffset>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO sessions (uuid, started_at, started_utc, local_date, minutes, feet, tool, areas, \
         oil, tension_before, tension_after, pain, note, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            uuid.to_string(),
            ts(&f.started_at),
            f.started_at.timestamp(),
            f.date(),
            f.minutes,
            f.feet.as_str(),
            f.tool.as_str(),
            areas_text(&f.areas),
            f.oil,
            f.tension_before,
            f.tension_after,
            f.pain,
            f.note,
            ts(created_at),
            ts(updated_at),
        ],
    )?;
    Ok(())
}

impl Store {
    /// Stores a new session and returns it.
    pub fn insert_session(
        &mut self,
        fields: SessionFields,
        now: &DateTime<FixedOffset>,
    ) -> Result<Session> {
        let uuid = Uuid::new_v4();
        let tx = self.conn.transaction()?;
        insert_row(&tx, &uuid, &fields, now, now)?;
        tx.commit()?;
        Ok(Session {
            uuid,
            fields,
            created_at: *now,
            updated_at: *now,
        })
    }

    /// Replaces a live session's fields.
    pub fn update_session(
        &mut self,
        uuid: &Uuid,
        f: &SessionFields,
        now: &DateTime<FixedOffset>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            "UPDATE sessions SET started_at = ?2, started_utc = ?3, local_date = ?4, minutes = ?5, \
             feet = ?6, tool = ?7, areas = ?8, oil = ?9, tension_before = ?10, tension_after = ?11, \
             pain = ?12, note = ?13, updated_at = ?14 WHERE uuid = ?1 AND deleted_at IS NULL",
            params![
                uuid.to_string(),
                ts(&f.started_at),
                f.started_at.timestamp(),
                f.date(),
                f.minutes,
                f.feet.as_str(),
                f.tool.as_str(),
                areas_text(&f.areas),
                f.oil,
                f.tension_before,
                f.tension_after,
                f.pain,
                f.note,
                ts(now),
            ],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("no session {uuid}")));
        }
        tx.commit()?;
        Ok(())
    }

    /// One live session by UUID.
    pub fn session(&self, uuid: &Uuid) -> Result<Option<Session>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {SESSION_COLS} FROM sessions WHERE uuid = ?1 AND deleted_at IS NULL"
                ),
                [uuid.to_string()],
                session_from_row,
            )
            .optional()?)
    }

    /// Live sessions whose local date is within the bounds, ordered by start instant.
    pub fn sessions(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<Session>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL \
             AND (?1 IS NULL OR local_date >= ?1) AND (?2 IS NULL OR local_date <= ?2) \
             ORDER BY started_utc, id"
        ))?;
        let rows = stmt.query_map(params![since, until], session_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The most recent live session by start instant.
    pub fn last_session(&self) -> Result<Option<Session>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL \
                     ORDER BY started_utc DESC, id DESC LIMIT 1"
                ),
                [],
                session_from_row,
            )
            .optional()?)
    }

    /// Live sessions per local date within the bounds (inclusive).
    pub fn daily_counts(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT local_date, count(*) FROM sessions WHERE deleted_at IS NULL \
             AND local_date >= coalesce(?1, '0000-01-01') AND local_date <= coalesce(?2, '9999-12-31') \
             GROUP BY local_date",
        )?;
        let rows = stmt.query_map(params![since, until], |r| {
            Ok((r.get::<_, NaiveDate>(0)?, r.get::<_, u32>(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<BTreeMap<_, _>>>()?)
    }

    /// Count and sums of tension ratings over live sessions.
    pub fn tension_totals(&self) -> Result<TensionTotals> {
        Ok(self.conn.query_row(
            "SELECT count(*), coalesce(sum(tension_before), 0), coalesce(sum(tension_after), 0) \
             FROM sessions WHERE deleted_at IS NULL",
            [],
            |r| {
                let n = |i: usize| r.get::<_, i64>(i).map(|v| u64::try_from(v).unwrap_or(0));
                Ok(TensionTotals {
                    count: n(0)?,
                    sum_before: n(1)?,
                    sum_after: n(2)?,
                })
            },
        )?)
    }

    /// The local date of the earliest and latest live session.
    pub fn session_date_span(&self) -> Result<Option<(NaiveDate, NaiveDate)>> {
        let (lo, hi): (Option<NaiveDate>, Option<NaiveDate>) = self.conn.query_row(
            "SELECT min(local_date), max(local_date) FROM sessions WHERE deleted_at IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(lo.zip(hi))
    }
}
