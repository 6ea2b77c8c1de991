//! Every row of every table read through the domain types; the rows that fail are damaged.

use rusqlite::Connection;

use crate::domain::WeekStart;
use crate::domain::damaged::Damaged;
use crate::domain::health::HealthProfile;
use crate::store::Result;
use crate::store::rows::{
    Fields, SESSION_COLS, SLEEP_COL_COUNT, SLEEP_COLS, decode_session, decode_sleep,
};

/// Reads every row of one table through the domain types, adding those that fail to the list;
/// returns how many rows were read.
pub(super) type TableReader = fn(&Connection, &mut Vec<Damaged>) -> Result<usize>;

pub(super) const TABLES: [(&str, TableReader); 7] = [
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
            opt_time(&Fields::new(r, "sleep_notes", 0, 7), SLEEP_COL_COUNT)
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
            "reminder" => crate::domain::remind::Reminder::parse_setting(&value)
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
