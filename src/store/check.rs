//! `footlog check`'s look inside the database: foreign keys, the schema against what the
//! migrations make, every row through the domain types, the per-day totals against the
//! sessions; and the backups folder.

use std::collections::BTreeMap;

use rusqlite::Connection;
use rusqlite::types::Value;

use super::rows::{Fields, SESSION_COLS, SLEEP_COLS, decode_session, decode_sleep};
use super::{Result, Store, migrate};
use crate::domain::WeekStart;
use crate::domain::damaged::Damaged;
use crate::domain::health::HealthProfile;
use crate::domain::sleep::QUALITY_RANGE;

/// How many findings of one kind are listed before "… and N more".
const LIST_AT_MOST: usize = 20;

/// What [`Store::check_contents`] found; every list empty means all is well.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContentCheck {
    /// `PRAGMA foreign_key_check` findings.
    pub foreign_keys: Vec<String>,
    /// Objects missing, extra or different from what the migrations make.
    pub schema: Vec<String>,
    /// Rows that do not decode through the domain types.
    pub damaged: Vec<Damaged>,
    /// Tables that could not be read at all (their schema is wrong).
    pub unreadable: Vec<String>,
    /// Rows read.
    pub rows_read: usize,
    /// Days whose stored totals disagree with the sessions.
    pub day_totals: Vec<String>,
    /// Weeks whose stored totals (for streaks and charts) disagree with the sessions.
    pub week_totals: Vec<String>,
}

impl ContentCheck {
    /// Every finding as one line each, for `check`'s problem list.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        out.extend(self.foreign_keys.iter().cloned());
        out.extend(self.schema.iter().map(|s| format!("schema: {s}")));
        out.extend(self.unreadable.iter().cloned());
        out.extend(self.damaged.iter().take(LIST_AT_MOST).map(|d| {
            format!(
                "damaged record in {} {}: field {}: {}",
                d.table, d.uuid, d.field, d.reason
            )
        }));
        if self.damaged.len() > LIST_AT_MOST {
            out.push(format!(
                "… and {} more damaged records",
                self.damaged.len() - LIST_AT_MOST
            ));
        }
        out.extend(self.day_totals.iter().cloned());
        out.extend(self.week_totals.iter().cloned());
        out
    }
}

/// One schema object: its type and its SQL with runs of white space made one space.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    kind: String,
    sql: String,
}

fn objects(conn: &Connection) -> Result<BTreeMap<String, Object>> {
    let mut stmt = conn.prepare(
        "SELECT name, type, coalesce(sql, '') FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Object {
                kind: r.get(1)?,
                sql: r
                    .get::<_, String>(2)?
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// (name, declared type, not null, default, primary-key position) of each column, in order.
type Column = (String, String, bool, Option<String>, i64);

fn columns(conn: &Connection, table: &str) -> Result<Vec<Column>> {
    let mut stmt =
        conn.prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?1)")?;
    let rows = stmt.query_map([table], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The differences between the schema of `conn` and that of a fresh database migrated to the
/// latest version: one line per missing, extra or changed object or column.
fn schema_differences(conn: &Connection) -> Result<Vec<String>> {
    let mut fresh = Connection::open_in_memory()?;
    migrate::to_latest(&mut fresh)?;
    let want = objects(&fresh)?;
    let have = objects(conn)?;
    let mut out = Vec::new();
    for (name, w) in &want {
        match have.get(name) {
            None => out.push(format!("{} {name} is missing", w.kind)),
            Some(h) if h.kind != w.kind => out.push(format!(
                "{name} is a {}, but footlog's schema has a {} there",
                h.kind, w.kind
            )),
            Some(h) if w.kind == "table" => {
                let wc = columns(&fresh, name)?;
                let hc = columns(conn, name)?;
                let mut col_diffs = Vec::new();
                for c in &wc {
                    match hc.iter().find(|h| h.0 == c.0) {
                        None => col_diffs.push(format!("table {name} has no column {}", c.0)),
                        Some(h) if h != c => {
                            col_diffs.push(format!("column {name}.{} is defined differently", c.0));
                        }
                        Some(_) => {}
                    }
                }
                for h in hc.iter().filter(|h| !wc.iter().any(|c| c.0 == h.0)) {
                    col_diffs.push(format!("table {name} has an extra column {}", h.0));
                }
                if col_diffs.is_empty() && h.sql != w.sql {
                    col_diffs.push(format!(
                        "table {name} is defined differently (its constraints)"
                    ));
                }
                out.extend(col_diffs);
            }
            Some(h) if h.sql != w.sql => {
                out.push(format!("{} {name} is defined differently", w.kind));
            }
            Some(_) => {}
        }
    }
    for (name, h) in &have {
        if !want.contains_key(name) {
            out.push(format!(
                "extra {} {name} (footlog's migrations do not make it)",
                h.kind
            ));
        }
    }
    Ok(out)
}

impl Store {
    /// Checks what `PRAGMA integrity_check` does not: foreign keys, the schema, every row and
    /// the per-day totals.
    pub fn check_contents(&self) -> Result<ContentCheck> {
        let mut c = ContentCheck::default();
        {
            let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
            let rows = stmt.query_map([], |r| {
                Ok(format!(
                    "foreign key: row {} of {} refers to a missing row of {}",
                    r.get::<_, Option<i64>>(1)?
                        .map_or("?".into(), |n| n.to_string()),
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(2)?
                ))
            })?;
            c.foreign_keys = rows.collect::<rusqlite::Result<_>>()?;
        }
        c.schema = schema_differences(&self.conn)?;
        for (table, read) in TABLES {
            match read(&self.conn, &mut c.damaged) {
                Ok(n) => c.rows_read += n,
                Err(e) => c
                    .unreadable
                    .push(format!("table {table} cannot be read: {e}")),
            }
        }
        match day_total_differences(&self.conn) {
            Ok(d) => c.day_totals = d,
            Err(e) => c
                .unreadable
                .push(format!("the per-day totals cannot be compared: {e}")),
        }
        match week_total_differences(&self.conn) {
            Ok(w) => c.week_totals = w,
            Err(e) => c
                .unreadable
                .push(format!("the per-week totals cannot be compared: {e}")),
        }
        Ok(c)
    }

    /// The damaged records behind what `stats` reads (per-day totals and sleep qualities): the
    /// live sessions of a day whose total cannot be read, and the live sleep notes whose night
    /// or quality cannot be. Cheap: it reads what `stats` reads, never every session.
    pub fn damaged_in_totals(&self) -> Result<Vec<Damaged>> {
        let mut out = Vec::new();
        let mut bad_days = Vec::new();
        {
            let mut stmt = self
                .conn
                .prepare_cached("SELECT local_date FROM session_days")?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                if let Err(d) = Fields::new(row, "session_days", 0, 0).date(0, "local_date") {
                    bad_days.push(d.uuid);
                }
            }
        }
        for day in bad_days {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT {SESSION_COLS} FROM sessions WHERE deleted_at IS NULL AND local_date = ?1"
            ))?;
            out.extend(super::rows::decode_all(&mut stmt, [&day], decode_session)?.damaged);
        }
        let mut stmt = self.conn.prepare_cached(
            "SELECT uuid, night, quality, id FROM sleep_notes WHERE deleted_at IS NULL",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let f = Fields::new(row, "sleep_notes", 0, 3);
            if let Err(d) = f
                .date(1, "night")
                .and_then(|_| f.int_in::<u8>(2, "quality", QUALITY_RANGE))
            {
                out.push(d);
            }
        }
        Ok(out)
    }
}

/// Reads every row of one table through the domain types, adding those that fail to the list;
/// returns how many rows were read.
type TableReader = fn(&Connection, &mut Vec<Damaged>) -> Result<usize>;

const TABLES: [(&str, TableReader); 7] = [
    ("sessions", read_sessions),
    ("sleep_notes", read_sleep_notes),
    ("goals", read_goals),
    ("rest_marks", read_rest_marks),
    ("settings", read_settings),
    ("session_days", read_session_days),
    ("tombstones", read_tombstones),
];

fn each_row(
    conn: &Connection,
    sql: &str,
    out: &mut Vec<Damaged>,
    check: impl Fn(&rusqlite::Row<'_>) -> std::result::Result<(), Damaged>,
) -> Result<usize> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        n += 1;
        if let Err(d) = check(row) {
            out.push(d);
        }
    }
    Ok(n)
}

fn read_sessions(conn: &Connection, out: &mut Vec<Damaged>) -> Result<usize> {
    each_row(
        conn,
        &format!("SELECT {SESSION_COLS}, deleted_at FROM sessions ORDER BY id"),
        out,
        |r| {
            decode_session(r)?;
            opt_time(&Fields::new(r, "sessions", 0, 15), 16)
        },
    )
}

fn read_sleep_notes(conn: &Connection, out: &mut Vec<Damaged>) -> Result<usize> {
    each_row(
        conn,
        &format!("SELECT {SLEEP_COLS}, deleted_at FROM sleep_notes ORDER BY id"),
        out,
        |r| {
            decode_sleep(r)?;
            opt_time(&Fields::new(r, "sleep_notes", 0, 7), 8)
        },
    )
}

fn opt_time(f: &Fields<'_, '_>, idx: usize) -> std::result::Result<(), Damaged> {
    if f.opt_text(idx, "deleted_at")?.is_some() {
        f.time(idx, "deleted_at")?;
    }
    Ok(())
}

fn read_goals(conn: &Connection, out: &mut Vec<Damaged>) -> Result<usize> {
    each_row(
        conn,
        "SELECT effective_from, per_week FROM goals",
        out,
        |r| {
            let f = Fields::new(r, "goals", 0, 0);
            f.date(0, "effective_from")?;
            f.int_in::<u8>(1, "per_week", (1, 14))?;
            Ok(())
        },
    )
}

fn read_rest_marks(conn: &Connection, out: &mut Vec<Damaged>) -> Result<usize> {
    each_row(conn, "SELECT date, reason FROM rest_marks", out, |r| {
        let f = Fields::new(r, "rest_marks", 0, 0);
        f.date(0, "date")?;
        if f.opt_text_upto(1, "reason", 200)?.is_none() {
            return Err(f.damaged("reason", "is missing (NULL)"));
        }
        Ok(())
    })
}

fn read_settings(conn: &Connection, out: &mut Vec<Damaged>) -> Result<usize> {
    each_row(conn, "SELECT key, value FROM settings", out, |r| {
        let f = Fields::new(r, "settings", 0, 0);
        let key = f.text(0, "key")?;
        let value = f.text(1, "value")?;
        match key.as_str() {
            "week_start" => WeekStart::parse_field("week_start", &value)
                .map(drop)
                .map_err(|e| f.damaged("value", e.message)),
            "health_profile" => serde_json::from_str::<HealthProfile>(&value)
                .map(drop)
                .map_err(|e| f.damaged("value", format!("not a health profile: {e}"))),
            _ => Ok(()),
        }
    })
}

fn read_session_days(conn: &Connection, out: &mut Vec<Damaged>) -> Result<usize> {
    each_row(
        conn,
        "SELECT local_date, sessions, sum_before, sum_after FROM session_days",
        out,
        |r| {
            let f = Fields::new(r, "session_days", 0, 0);
            f.date(0, "local_date")?;
            f.int_in::<i64>(1, "sessions", (0, i64::MAX))?;
            f.int_in::<i64>(2, "sum_before", (0, i64::MAX))?;
            f.int_in::<i64>(3, "sum_after", (0, i64::MAX))?;
            Ok(())
        },
    )
}

fn read_tombstones(conn: &Connection, out: &mut Vec<Damaged>) -> Result<usize> {
    each_row(
        conn,
        "SELECT uuid, kind, deleted_at FROM tombstones",
        out,
        |r| {
            let f = Fields::new(r, "tombstones", 0, 0);
            f.uuid(0, "uuid")?;
            let kind = f.text(1, "kind")?;
            if kind != "session" && kind != "sleep" {
                return Err(f.damaged("kind", format!("unknown value {kind:?}")));
            }
            f.time(2, "deleted_at")?;
            Ok(())
        },
    )
}

/// Days where the stored totals differ from a recount of the live sessions.
fn day_total_differences(conn: &Connection) -> Result<Vec<String>> {
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
fn week_total_differences(conn: &Connection) -> Result<Vec<String>> {
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
