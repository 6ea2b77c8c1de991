//! Massage sessions: insert, edit, list and count.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};
use uuid::Uuid;

use super::rows::{SESSION_COLS, areas_text, session_from_row, ts};
use super::{Result, Store, StoreError};
use crate::domain::stats::TensionTotals;
use crate::domain::{Session, SessionFields};

/// The query behind [`Store::daily_counts`] (and so every weekly chart): public so a test can
/// check its plan is a range search, never a scan of the history.
#[doc(hidden)]
pub const DAILY_COUNTS_SQL: &str = "SELECT local_date, sessions FROM session_days \
     WHERE local_date >= coalesce(?1, '0000-01-01') AND local_date <= coalesce(?2, '9999-12-31') \
     AND sessions > 0";

/// The query behind [`Store::session_date_span`]: days whose count falls to 0 are deleted by the
/// triggers, so the first and last key of the per-day totals are the span. Two scalar subqueries,
/// each one lookup at an end of the key (`min` and `max` in one query would scan every day).
#[doc(hidden)]
pub const SESSION_DATE_SPAN_SQL: &str = "SELECT (SELECT min(local_date) FROM session_days), \
     (SELECT max(local_date) FROM session_days)";

/// The query behind [`Store::last_session`], public so a test can check its plan.
#[doc(hidden)]
pub fn last_session_sql() -> String {
    format!(
        "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL \
         ORDER BY started_utc DESC, id DESC LIMIT 1"
    )
}

/// Inserts a session row inside `tx`; `false` when a row with that UUID exists already.
pub(super) fn insert_row(
    tx: &Transaction<'_>,
    uuid: &Uuid,
    f: &SessionFields,
    created_at: &DateTime<FixedOffset>,
    updated_at: &DateTime<FixedOffset>,
) -> Result<bool> {
    let n = tx
        .prepare_cached(
        "INSERT INTO sessions (uuid, started_at, started_utc, local_date, minutes, feet, tool, areas, \
         oil, tension_before, tension_after, pain, note, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) \
         ON CONFLICT (uuid) DO NOTHING",
    )?
    .execute(params_from_iter(row_values(uuid, f, &[created_at, updated_at])))?;
    Ok(n == 1)
}

/// `?1` the UUID, `?2`–`?13` the fields in column order, then `tail` timestamps.
fn row_values(uuid: &Uuid, f: &SessionFields, tail: &[&DateTime<FixedOffset>]) -> Vec<Value> {
    let text = |s: &Option<String>| s.clone().map_or(Value::Null, Value::Text);
    let int = |n: Option<u8>| n.map_or(Value::Null, |n| Value::Integer(i64::from(n)));
    let mut v = vec![
        Value::Text(uuid.to_string()),
        Value::Text(ts(&f.started_at)),
        Value::Integer(f.started_at.timestamp()),
        Value::Text(f.date().to_string()),
        Value::Integer(i64::from(f.minutes)),
        Value::Text(f.feet.as_str().into()),
        Value::Text(f.tool.as_str().into()),
        Value::Text(areas_text(&f.areas)),
        text(&f.oil),
        Value::Integer(i64::from(f.tension_before)),
        Value::Integer(i64::from(f.tension_after)),
        int(f.pain),
        text(&f.note),
    ];
    v.extend(tail.iter().map(|t| Value::Text(ts(t))));
    v
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
        if !insert_row(&tx, &uuid, &fields, now, now)? {
            return Err(StoreError::Conflict(format!(
                "a session {uuid} exists already"
            )));
        }
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
            params_from_iter(row_values(uuid, f, &[now])),
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
        // Everything: walk the start-time index. A range: search the date index, then sort.
        let sql = if since.is_none() && until.is_none() {
            format!(
                "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL ORDER BY started_utc, id"
            )
        } else {
            format!(
                "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL \
                 AND local_date >= coalesce(?1, '0000-01-01') AND local_date <= coalesce(?2, '9999-12-31') \
                 ORDER BY started_utc, id"
            )
        };
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = if since.is_none() && until.is_none() {
            stmt.query_map([], session_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()
        } else {
            stmt.query_map(params![since, until], session_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()
        };
        Ok(rows?)
    }

    /// The most recent live session by start instant.
    pub fn last_session(&self) -> Result<Option<Session>> {
        Ok(self
            .conn
            .prepare_cached(&last_session_sql())?
            .query_row([], session_from_row)
            .optional()?)
    }

    /// Live sessions per local date within the bounds (inclusive).
    pub fn daily_counts(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        let mut stmt = self.conn.prepare_cached(DAILY_COUNTS_SQL)?;
        let rows = stmt.query_map(params![since, until], |r| {
            Ok((r.get::<_, NaiveDate>(0)?, r.get::<_, u32>(1)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<BTreeMap<_, _>>>()?)
    }

    /// Count and sums of tension ratings over live sessions.
    pub fn tension_totals(&self) -> Result<TensionTotals> {
        Ok(self.conn.query_row(
            "SELECT coalesce(sum(sessions), 0), coalesce(sum(sum_before), 0), coalesce(sum(sum_after), 0) \
             FROM session_days",
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
        let (lo, hi): (Option<NaiveDate>, Option<NaiveDate>) = self
            .conn
            .prepare_cached(SESSION_DATE_SPAN_SQL)?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(lo.zip(hi))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{DateTime, Duration, FixedOffset};

    use crate::demo::Rng;
    use crate::domain::SessionDraft;
    use crate::domain::stats::TensionTotals;
    use crate::store::{RecordRef, Store};

    /// The per-day totals kept by triggers must always equal a recount of live sessions.
    fn assert_day_totals_consistent(store: &Store) {
        let mut counts = BTreeMap::new();
        let mut t = TensionTotals::default();
        for s in store.sessions(None, None).expect("sessions") {
            *counts.entry(s.fields.date()).or_insert(0u32) += 1;
            t.count += 1;
            t.sum_before += u64::from(s.fields.tension_before);
            t.sum_after += u64::from(s.fields.tension_after);
        }
        assert_eq!(store.daily_counts(None, None).expect("daily"), counts);
        assert_eq!(store.tension_totals().expect("totals"), t);
    }

    #[test]
    fn day_totals_follow_inserts_edits_deletes_and_undos() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time");
        let mut store = Store::open_in_memory().expect("store");
        let mut rng = Rng::new(3);
        let mut live = Vec::new();
        let mut deleted = Vec::new();
        for _ in 0..300 {
            match rng.range(0, 9) {
                0..=4 => {
                    let at: DateTime<FixedOffset> = now - Duration::days(rng.range(0, 20));
                    let f = SessionDraft::new(at, rng.range(0, 10), rng.range(0, 10))
                        .validate(&now)
                        .expect("valid");
                    live.push(store.insert_session(f, &now).expect("insert").uuid);
                }
                5 | 6 if !live.is_empty() => {
                    let i =
                        usize::try_from(rng.range(0, i64::try_from(live.len()).expect("len") - 1))
                            .expect("i");
                    let uuid = live[i];
                    let mut f = store.session(&uuid).expect("get").expect("live").fields;
                    f.started_at = now - Duration::days(rng.range(0, 20));
                    f.tension_after = u8::try_from(rng.range(0, 10)).expect("u8");
                    store.update_session(&uuid, &f, &now).expect("update");
                }
                7 if !live.is_empty() => {
                    let uuid = live.swap_remove(0);
                    store
                        .delete(RecordRef::Session(uuid), &now)
                        .expect("delete");
                    deleted.push(uuid);
                }
                8 if !deleted.is_empty() => {
                    let uuid = deleted.swap_remove(0);
                    store.undelete(RecordRef::Session(uuid)).expect("undo");
                    live.push(uuid);
                }
                _ => {}
            }
            assert_day_totals_consistent(&store);
        }
        assert!(!live.is_empty() && !deleted.is_empty());
    }
}
