//! The totals kept by triggers (per day for `stats`, per week for streaks and charts) against
//! a recount of the live sessions.

use std::collections::BTreeMap;

use rusqlite::Connection;
use rusqlite::types::Value;

use crate::store::Result;

/// How many findings of one kind are listed before "… and N more" (here and in the damaged
/// records of [`super::ContentCheck::problems`]).
pub(super) const LIST_AT_MOST: usize = 20;

/// Days where the stored totals differ from a recount of the live sessions.
pub(super) fn day_total_differences(conn: &Connection) -> Result<Vec<String>> {
    type Totals = BTreeMap<String, (Value, Value, Value)>;
    let read = |sql: &str| -> Result<Totals> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?, r.get(3)?)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let counted = read(
        "SELECT CAST(local_date AS TEXT), count(*), sum(tension_before), sum(tension_after) \
         FROM sessions WHERE deleted_at IS NULL GROUP BY local_date",
    )?;
    let stored = read(
        "SELECT CAST(local_date AS TEXT), sessions, sum_before, sum_after FROM session_days \
         WHERE sessions <> 0",
    )?;
    let show = |t: Option<&(Value, Value, Value)>| match t {
        None => "nothing".to_string(),
        Some((n, b, a)) => format!("{} sessions, tension sums {} / {}", v(n), v(b), v(a)),
    };
    let mut out: Vec<String> = counted
        .keys()
        .chain(stored.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|d| counted.get(*d) != stored.get(*d))
        .map(|d| {
            format!(
                "per-day totals for {d} say {}, the sessions say {}",
                show(stored.get(d)),
                show(counted.get(d))
            )
        })
        .collect();
    if out.len() > LIST_AT_MOST {
        let more = out.len() - LIST_AT_MOST;
        out.truncate(LIST_AT_MOST);
        out.push(format!("… and {more} more days whose totals disagree"));
    }
    Ok(out)
}

/// The per-week totals (kept by triggers for streaks and charts) against a recount of the live
/// sessions, for both first days of the week.
pub(super) fn week_total_differences(conn: &Connection) -> Result<Vec<String>> {
    type Totals = BTreeMap<(String, i64), i64>;
    let read = |sql: &str| -> Result<Totals> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    let counted = read(
        "SELECT 'monday', CAST(julianday(local_date, '-6 days', 'weekday 1') - 2440587.5 AS INTEGER) AS w, count(*) \
         FROM sessions WHERE deleted_at IS NULL AND date(local_date, '+0 days') IS local_date GROUP BY w \
         UNION ALL \
         SELECT 'sunday', CAST(julianday(local_date, '-6 days', 'weekday 0') - 2440587.5 AS INTEGER) AS w, count(*) \
         FROM sessions WHERE deleted_at IS NULL AND date(local_date, '+0 days') IS local_date GROUP BY w",
    )?;
    let stored =
        read("SELECT week_start, first_day, sessions FROM session_weeks WHERE sessions <> 0")?;
    let day = |n: i64| {
        chrono::NaiveDate::from_ymd_opt(1970, 1, 1)
            .and_then(|d| d.checked_add_signed(chrono::Duration::days(n)))
            .map_or_else(|| format!("day {n}"), |d| d.to_string())
    };
    let mut out: Vec<String> = counted
        .keys()
        .chain(stored.keys())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .filter(|k| counted.get(*k) != stored.get(*k))
        .map(|(ws, first)| {
            let k = (ws.clone(), *first);
            format!(
                "per-week totals ({ws} weeks) for the week of {} say {} sessions, the sessions say {}",
                day(*first),
                stored.get(&k).copied().unwrap_or(0),
                counted.get(&k).copied().unwrap_or(0)
            )
        })
        .collect();
    if out.len() > LIST_AT_MOST {
        let more = out.len() - LIST_AT_MOST;
        out.truncate(LIST_AT_MOST);
        out.push(format!("… and {more} more weeks whose totals disagree"));
    }
    Ok(out)
}

fn v(x: &Value) -> String {
    match x {
        Value::Null => "NULL".into(),
        Value::Integer(n) => n.to_string(),
        Value::Real(f) => f.to_string(),
        Value::Text(t) => format!("{t:?}"),
        Value::Blob(_) => "a blob".into(),
    }
}
