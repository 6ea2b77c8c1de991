//! Massage sessions: insert, edit, list and count.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};
use uuid::Uuid;

use super::rows::{
    SESSION_COLS, areas_text, decode_all, decode_session, session_from_row, session_is_sound, ts,
};
use super::{Result, Store, StoreError};
use crate::domain::damaged::{Damaged, Decoded};
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

/// The query behind [`Store::last_session`] (newest first; the first readable row wins), public so
/// a test can check its plan.
#[doc(hidden)]
pub fn last_session_sql() -> String {
    format!(
        "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL \
         ORDER BY started_utc DESC, id DESC"
    )
}

/// Inserts a session row inside `tx`; `false` when a row with that UUID exists already, or
/// existed and was erased (a tombstone: an erased record is never brought back).
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
         SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15 \
         WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE uuid = ?1) \
         ON CONFLICT (uuid) DO NOTHING",
    )?
    .execute(params_from_iter(row_values(uuid, f, &[created_at, updated_at])))?;
    Ok(n == 1)
}

/// Inserts `rows` (each a UUID, its fields and its created and updated times) inside `tx` with
/// one statement, each row as [`insert_row`] would (a taken or erased UUID inserts nothing), and
/// returns the UUIDs inserted (as text). The UUIDs of `rows` must all differ.
///
/// One statement for many rows: the per-day and per-week triggers update with `ON CONFLICT DO
/// UPDATE`, which SQLite can only undo with a statement journal, a copy of each page a statement
/// touches, so a statement per row copied the same few pages again for every row.
pub(super) fn insert_rows(
    tx: &Transaction<'_>,
    rows: &[(Uuid, &SessionFields, [&DateTime<FixedOffset>; 2])],
) -> Result<HashSet<String>> {
    let mut sql = String::from(
        "INSERT INTO sessions (uuid, started_at, started_utc, local_date, minutes, feet, tool, \
         areas, oil, tension_before, tension_after, pain, note, created_at, updated_at) \
         SELECT * FROM (VALUES ",
    );
    let mut values = Vec::with_capacity(rows.len() * 15);
    for (i, (uuid, f, times)) in rows.iter().enumerate() {
        let row = row_values(uuid, f, times);
        sql.push_str(if i == 0 { "(" } else { ",(" });
        for c in 0..row.len() {
            let sep = if c == 0 { "" } else { "," };
            let _ = write!(sql, "{sep}?{}", values.len() + c + 1);
        }
        sql.push(')');
        values.extend(row);
    }
    sql.push_str(
        ") AS v WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE tombstones.uuid = v.column1) \
         ON CONFLICT (uuid) DO NOTHING RETURNING uuid",
    );
    let mut stmt = tx.prepare_cached(&sql)?;
    let inserted = stmt
        .query_map(params_from_iter(values), |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<HashSet<String>>>()?;
    Ok(inserted)
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

/// Replaces the fields of the live session `uuid` inside `tx`.
fn update_session_in(
    tx: &Transaction<'_>,
    uuid: &Uuid,
    f: &SessionFields,
    now: &DateTime<FixedOffset>,
) -> Result<()> {
    let n = tx.execute(
        "UPDATE sessions SET started_at = ?2, started_utc = ?3, local_date = ?4, minutes = ?5, \
         feet = ?6, tool = ?7, areas = ?8, oil = ?9, tension_before = ?10, tension_after = ?11, \
         pain = ?12, note = ?13, updated_at = ?14 WHERE uuid = ?1 AND deleted_at IS NULL",
        params_from_iter(row_values(uuid, f, &[now])),
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("no session {uuid}")));
    }
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
        update_session_in(&tx, uuid, f, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces the fields of session `uuid` only if they are still `base` (what the edit
    /// began from): otherwise nothing is written and the session as it is now is returned, so
    /// an edit never silently reverts what another footlog saved meanwhile. Read and write are
    /// one transaction holding the write lock.
    pub fn update_session_unless_changed(
        &mut self,
        uuid: &Uuid,
        f: &SessionFields,
        base: &SessionFields,
        now: &DateTime<FixedOffset>,
    ) -> Result<Option<Session>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current = tx
            .query_row(
                &format!(
                    "SELECT {SESSION_COLS} FROM sessions WHERE uuid = ?1 AND deleted_at IS NULL"
                ),
                [uuid.to_string()],
                session_from_row,
            )
            .optional()?;
        match current {
            Some(now_there) if now_there.fields != *base => return Ok(Some(now_there)),
            Some(_) => {}
            None => return Err(StoreError::NotFound(format!("no session {uuid}"))),
        }
        update_session_in(&tx, uuid, f, now)?;
        tx.commit()?;
        Ok(None)
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
    /// A row that does not decode is an error naming it (see [`Store::sessions_decoded`]).
    pub fn sessions(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<Session>> {
        let d = self.sessions_decoded(since, until)?;
        match d.damaged.into_iter().next() {
            None => Ok(d.records),
            Some(bad) => Err(StoreError::DamagedRecord(Box::new(bad))),
        }
    }

    /// Live sessions whose local date is within the bounds, ordered by start instant (then UUID,
    /// the same on every synced device), and the rows among them that do not decode (left out
    /// of `records`).
    pub fn sessions_decoded(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Decoded<Session>> {
        // Everything: walk the start-time index. A range: search the date index, then sort.
        if since.is_none() && until.is_none() {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL ORDER BY started_utc, uuid"
            ))?;
            Ok(decode_all(&mut stmt, [], decode_session)?)
        } else {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL \
                 AND local_date >= coalesce(?1, '0000-01-01') AND local_date <= coalesce(?2, '9999-12-31') \
                 ORDER BY started_utc, uuid"
            ))?;
            Ok(decode_all(
                &mut stmt,
                params![since, until],
                decode_session,
            )?)
        }
    }

    /// The live sessions whose local date is within the bounds that do not decode, ordered by
    /// start instant: what [`Store::sessions_decoded`] would give as `damaged`, found without
    /// decoding the sound ones or sorting the range ([`session_is_sound`] looks at each row in
    /// place; only the rows it doubts are decoded).
    pub fn damaged_sessions(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<Damaged>> {
        let mut doubted: Vec<i64> = Vec::new();
        {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL \
                 AND local_date >= coalesce(?1, '0000-01-01') AND local_date <= coalesce(?2, '9999-12-31')"
            ))?;
            let mut rows = stmt.query(params![since, until])?;
            while let Some(row) = rows.next()? {
                if !session_is_sound(row) {
                    doubted.push(row.get(15)?);
                }
            }
        }
        if doubted.is_empty() {
            return Ok(Vec::new());
        }
        let ids = doubted
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(",");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {SESSION_COLS} FROM sessions WHERE id IN (SELECT value FROM json_each(?1)) \
             ORDER BY started_utc, id"
        ))?;
        Ok(decode_all(&mut stmt, [format!("[{ids}]")], decode_session)?.damaged)
    }

    /// The most recent live session by start instant that can be read (a damaged one is
    /// stepped over).
    pub fn last_session(&self) -> Result<Option<Session>> {
        let mut stmt = self.conn.prepare_cached(&last_session_sql())?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let Ok(s) = decode_session(row) {
                return Ok(Some(s));
            }
        }
        Ok(None)
    }

    /// Live sessions per local date within the bounds (inclusive).
    pub fn daily_counts(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<BTreeMap<NaiveDate, u32>> {
        let mut stmt = self.conn.prepare_cached(DAILY_COUNTS_SQL)?;
        let rows = stmt.query_map(params![since, until], |r| {
            Ok((r.get::<_, NaiveDate>(0).ok(), r.get::<_, u32>(1).ok()))
        })?;
        // A day that cannot be read (a damaged session's date) is left out; `check` names it.
        let mut out = BTreeMap::new();
        for row in rows {
            if let (Some(day), Some(n)) = row? {
                out.insert(day, n);
            }
        }
        Ok(out)
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
        // Two lookups at the ends of the day totals' key; only when an end cannot be read (a
        // damaged session's day) are the days walked from that end to the first readable one.
        let quick: rusqlite::Result<(Option<NaiveDate>, Option<NaiveDate>)> = self
            .conn
            .prepare_cached(SESSION_DATE_SPAN_SQL)?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)));
        if let Ok((lo, hi)) = quick {
            return Ok(lo.zip(hi));
        }
        let end = |order: &str| -> Result<Option<NaiveDate>> {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT local_date FROM session_days ORDER BY local_date {order}"
            ))?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                if let Ok(d) = row.get::<_, NaiveDate>(0) {
                    return Ok(Some(d));
                }
            }
            Ok(None)
        };
        Ok(end("ASC")?.zip(end("DESC")?))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{DateTime, Duration, FixedOffset};

    use crate::demo::Rng;
    use crate::domain::RecordRef;
    use crate::domain::SessionDraft;
    use crate::domain::stats::TensionTotals;
    use crate::store::Store;

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

    #[test]
    fn damaged_sessions_names_exactly_what_decoding_the_range_would_in_the_same_order() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time");
        let mut store = Store::open_in_memory().expect("store");
        let mut rng = Rng::new(7);
        let mut ids = Vec::new();
        for i in 0..120 {
            let at = now - Duration::days(rng.range(0, 60)) - Duration::minutes(i);
            let f = SessionDraft::new(at, 7, 3).validate(&now).expect("valid");
            ids.push(
                store
                    .insert_session(f, &now)
                    .expect("insert")
                    .uuid
                    .to_string(),
            );
        }
        let damage = [
            "started_at = 'garbage'",
            "note = CAST(X'FF' AS TEXT)",
            "local_date = '2026-11-00'",
            "started_utc = started_utc + 1",
            "feet = 'three'",
            "updated_at = 7",
        ];
        for (i, d) in damage.iter().enumerate() {
            store
                .connection()
                .execute_batch(&format!(
                    "PRAGMA ignore_check_constraints = ON; UPDATE sessions SET {d} WHERE uuid = '{}'",
                    ids[i * 17]
                ))
                .expect("damage");
        }
        let day = |d: i64| Some(now.date_naive() - Duration::days(d));
        for (since, until) in [
            (None, None),
            (day(30), day(0)),
            (day(59), day(20)),
            (day(3), day(3)),
        ] {
            let want = store
                .sessions_decoded(since, until)
                .expect("decoded")
                .damaged;
            let got = store.damaged_sessions(since, until).expect("damaged");
            assert_eq!(got, want, "{since:?}..{until:?}");
        }
        assert!(
            store.damaged_sessions(None, None).expect("damaged").len() >= 5,
            "the damage shows"
        );
    }
}
