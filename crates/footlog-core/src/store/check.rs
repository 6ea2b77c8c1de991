//! `footlog check`'s look inside the database: SQLite's integrity check, foreign keys, the
//! schema against what the migrations make, every row through the domain types, and the
//! per-day and per-week totals against the sessions.

mod records;
mod schema;
mod totals;

use super::rows::{Fields, SESSION_COLS, decode_session};
use super::{Result, Store};
use crate::domain::damaged::Damaged;
use crate::domain::sleep::QUALITY_RANGE;
use records::TABLES;
pub(crate) use schema::schema_differences;
use totals::{LIST_AT_MOST, day_total_differences, week_total_differences};

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

impl Store {
    /// `PRAGMA integrity_check`: an empty list when the database is sound, else SQLite's findings.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let all = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(if all == ["ok"] { Vec::new() } else { all })
    }

    /// Checks what `PRAGMA integrity_check` does not: foreign keys, the schema, every row and
    /// the per-day totals.
    pub fn check_contents(&self) -> Result<ContentCheck> {
        // One snapshot for every query below: totals compared with the sessions they count are
        // read as of the same moment, whatever another connection commits meanwhile.
        let _snapshot = self.read_snapshot()?;
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
