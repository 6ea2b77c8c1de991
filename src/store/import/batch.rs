//! The sessions of an import inserted many rows per statement: running, resetting and
//! finishing a statement (and clearing the temporary tables SQLite builds for the `IN` lists of
//! the `feet` and `tool` CHECK constraints) is paid once per [`BATCH`] rows instead of per row.
//! The price is a statement journal (a statement of many rows whose CHECK constraints call
//! functions may have to undo itself), which costs less than that saves.

use std::fmt::Write as _;
use std::sync::LazyLock;

use rusqlite::Transaction;
use uuid::Uuid;

use crate::domain::SessionFields;
use crate::domain::record::ImportMeta;
use crate::domain::time::{write_date, write_rfc3339};
use crate::store::Result;
use crate::store::sessions::insert_row;

/// Sessions per statement. At most 64: which rows were inserted is a bit mask.
pub(super) const BATCH: usize = 64;

/// Bound parameters per row.
const COLS: usize = 15;

/// The statement that inserts `rows` sessions, skipping those whose UUID is taken. `OR FAIL`: a row that breaks another constraint stops the
/// statement without undoing the rows before it (the import's error rolls back the whole
/// transaction anyway), so SQLite keeps no statement journal for it.
fn insert_sql(rows: usize) -> String {
    let mut sql = String::from(
        "INSERT OR FAIL INTO sessions (uuid, started_at, started_utc, local_date, minutes, feet, tool, \
         areas, oil, tension_before, tension_after, pain, note, created_at, updated_at) VALUES ",
    );
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ",(" });
        for c in 0..COLS {
            let sep = if c == 0 { "" } else { "," };
            let _ = write!(sql, "{sep}?{}", r * COLS + c + 1);
        }
        sql.push(')');
    }
    sql.push_str(" ON CONFLICT (uuid) DO NOTHING");
    sql
}

/// Inserts `rows` (at most [`BATCH`]) in one statement; bit `i` of the result is set when row
/// `i` was inserted. Of rows with the same UUID only the first can be; the others are left, as
/// one statement per row in file order would leave them.
pub(super) fn insert_sessions(
    tx: &Transaction<'_>,
    rows: &[(ImportMeta, SessionFields)],
) -> Result<u64> {
    debug_assert!(!rows.is_empty() && rows.len() <= BATCH);
    // A new row's rowid is one more than the largest (footlog never chooses rowids), so the
    // rows this statement inserts are those above the largest before it; but not near the end
    // of the rowid range, where SQLite picks them at random: there one statement per row.
    let last: Option<i64> = tx
        .prepare_cached("SELECT max(rowid) FROM sessions")?
        .query_row([], |r| r.get(0))?;
    let last = last.unwrap_or(0);
    if last > i64::MAX - 2 * BATCH as i64 {
        let mut mask = 0;
        for (r, (meta, f)) in rows.iter().enumerate() {
            if insert_row(tx, &meta.uuid, f, &meta.created_at, &meta.updated_at)? {
                mask |= 1 << r;
            }
        }
        return Ok(mask);
    }
    static FULL: LazyLock<String> = LazyLock::new(|| insert_sql(BATCH));
    let mut stmt = if rows.len() == BATCH {
        tx.prepare_cached(&FULL)?
    } else {
        tx.prepare_cached(&insert_sql(rows.len()))?
    };
    let mut text = String::with_capacity(64);
    let mut uuid_buf = Uuid::encode_buffer();
    for (r, (meta, f)) in rows.iter().enumerate() {
        let at = r * COLS;
        stmt.raw_bind_parameter(at + 1, &*meta.uuid.hyphenated().encode_lower(&mut uuid_buf))?;
        text.clear();
        write_rfc3339(&mut text, &f.started_at);
        stmt.raw_bind_parameter(at + 2, text.as_str())?;
        stmt.raw_bind_parameter(at + 3, f.started_at.timestamp())?;
        text.clear();
        write_date(&mut text, f.date());
        stmt.raw_bind_parameter(at + 4, text.as_str())?;
        stmt.raw_bind_parameter(at + 5, f.minutes)?;
        stmt.raw_bind_parameter(at + 6, f.feet.as_str())?;
        stmt.raw_bind_parameter(at + 7, f.tool.as_str())?;
        text.clear();
        for (i, a) in f.areas.iter().enumerate() {
            if i > 0 {
                text.push(';');
            }
            text.push_str(a.as_str());
        }
        stmt.raw_bind_parameter(at + 8, text.as_str())?;
        stmt.raw_bind_parameter(at + 9, f.oil.as_deref())?;
        stmt.raw_bind_parameter(at + 10, f.tension_before)?;
        stmt.raw_bind_parameter(at + 11, f.tension_after)?;
        stmt.raw_bind_parameter(at + 12, f.pain)?;
        stmt.raw_bind_parameter(at + 13, f.note.as_deref())?;
        text.clear();
        write_rfc3339(&mut text, &meta.created_at);
        stmt.raw_bind_parameter(at + 14, text.as_str())?;
        text.clear();
        write_rfc3339(&mut text, &meta.updated_at);
        stmt.raw_bind_parameter(at + 15, text.as_str())?;
    }
    if stmt.raw_execute()? == rows.len() {
        return Ok(u64::MAX >> (64 - rows.len()));
    }
    // Some were not inserted: of each UUID inserted now, the first row that has it was.
    let mut inserted = tx
        .prepare_cached("SELECT uuid FROM sessions WHERE rowid > ?1")?
        .query_map([last], |r| r.get::<_, String>(0))?
        .map(|u| Ok(Uuid::try_parse(&u?).unwrap_or_default()))
        .collect::<Result<Vec<Uuid>>>()?;
    let mut mask = 0;
    for (r, (meta, _)) in rows.iter().enumerate() {
        if let Some(i) = inserted.iter().position(|u| *u == meta.uuid) {
            inserted.swap_remove(i);
            mask |= 1 << r;
        }
    }
    Ok(mask)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_statement_numbers_every_parameter_once() {
        let sql = insert_sql(2);
        assert!(sql.contains("VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15),(?16,"));
        assert!(sql.ends_with("?30) ON CONFLICT (uuid) DO NOTHING"));
    }
}
