//! The sessions of an import inserted many rows per statement: running, resetting and
//! finishing a statement (and clearing the temporary tables SQLite builds for the `IN` lists of
//! the `feet` and `tool` CHECK constraints) is paid once per [`BATCH`] rows instead of per row.
//! The price is a statement journal (a statement of many rows whose CHECK constraints call
//! functions may have to undo itself), which costs less than that saves.
//!
//! Every row has been validated before it gets here, so SQLite's CHECK constraints on
//! `sessions` would only repeat that work (they were about a fifth of an import, and the
//! statement journal that their function calls bring): a batch whose rows all pass
//! [`meets_checks`], the same rules in Rust, is inserted with `PRAGMA ignore_check_constraints`
//! on (see [`Checks`]); any other batch through SQLite's own checks, as before.

use std::fmt::Write as _;
use std::sync::LazyLock;

use std::cell::Cell;

use rusqlite::{Connection, Transaction};
use uuid::Uuid;

use crate::domain::SessionFields;
use crate::domain::record::ImportMeta;
use crate::domain::time::{write_date, write_rfc3339};
use crate::store::Result;
use crate::store::sessions::insert_row;

/// Sessions per statement. At most 64: which rows were inserted is a bit mask.
pub(super) const BATCH: usize = 64;

/// Whether a session row as [`insert_sessions`] binds it passes every CHECK constraint of
/// `sessions` (migration 01): the same rules, in Rust, on the same values. `length()` counts
/// characters up to the first NUL, so text holding one is left to SQLite.
pub(super) fn meets_checks(meta: &ImportMeta, f: &SessionFields) -> bool {
    let chars = |t: &Option<String>, max: usize| {
        t.as_deref()
            .is_none_or(|t| !t.contains('\0') && (1..=max).contains(&t.chars().count()))
    };
    let mut date = String::with_capacity(10);
    write_date(&mut date, f.date());
    let b = date.as_bytes();
    let date_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    meta.uuid.hyphenated().to_string().len() == 36
        && date_ok
        && (1..=240).contains(&f.minutes)
        && ["both", "left", "right"].contains(&f.feet.as_str())
        && ["hands", "roller", "ball", "electric", "professional"].contains(&f.tool.as_str())
        && chars(&f.oil, 200)
        && f.tension_before <= 10
        && f.tension_after <= 10
        && f.pain.is_none_or(|p| p <= 10)
        && chars(&f.note, 2000)
}

/// Whether the connection skips CHECK constraints (`PRAGMA ignore_check_constraints`), set
/// only for batches that passed [`meets_checks`], and always reset when dropped, so the
/// connection checks again after an import, committed or not. Changing the pragma makes SQLite
/// prepare its statements again, so it is changed only when the kind of record changes.
pub(super) struct Checks<'a> {
    conn: &'a Connection,
    off: Cell<bool>,
}

impl<'a> Checks<'a> {
    pub(super) fn new(conn: &'a Connection) -> Self {
        Self {
            conn,
            off: Cell::new(false),
        }
    }

    /// Skips CHECK constraints (`off`) or applies them again.
    pub(super) fn set_off(&self, off: bool) -> Result<()> {
        if self.off.get() != off {
            self.conn
                .pragma_update(None, "ignore_check_constraints", off)?;
            self.off.set(off);
        }
        Ok(())
    }
}

impl Drop for Checks<'_> {
    fn drop(&mut self) {
        if self.off.get() {
            // Nothing to report from a drop; a connection that cannot set a pragma is unusable.
            let _ = self
                .conn
                .pragma_update(None, "ignore_check_constraints", false);
        }
    }
}

/// The statement for a full batch.
static FULL: LazyLock<String> = LazyLock::new(|| insert_sql(BATCH));

/// Bound parameters per row.
const COLS: usize = 15;

/// The statement that inserts `rows` sessions, skipping those whose UUID is taken. `OR FAIL`: a
/// row that breaks another constraint stops the statement without undoing the rows before it
/// (the import's error rolls back the whole transaction anyway), so SQLite keeps no statement
/// journal for it.
fn insert_sql(rows: usize) -> String {
    multi_row_sql(
        "INSERT OR FAIL INTO sessions (uuid, started_at, started_utc, local_date, minutes, feet, tool, \
         areas, oil, tension_before, tension_after, pain, note, created_at, updated_at) VALUES ",
        COLS,
        rows,
        " ON CONFLICT (uuid) DO NOTHING",
    )
}

/// `head`, then `rows` rows of `cols` numbered parameters each (`(?1,?2),(?3,?4)…`), then `tail`:
/// a multi-row insert statement.
pub(super) fn multi_row_sql(head: &str, cols: usize, rows: usize, tail: &str) -> String {
    let mut sql = String::from(head);
    for r in 0..rows {
        sql.push_str(if r == 0 { "(" } else { ",(" });
        for c in 0..cols {
            let sep = if c == 0 { "" } else { "," };
            let _ = write!(sql, "{sep}?{}", r * cols + c + 1);
        }
        sql.push(')');
    }
    sql.push_str(tail);
    sql
}

/// The largest rowid `max_sql` (`SELECT max(rowid) FROM …`) finds, 0 in an empty table: a
/// new row's rowid is one more than the largest (footlog never chooses rowids), so the rows a
/// statement inserts are those above it. `None` near the end of the rowid range, where SQLite
/// picks rowids at random and the rows inserted cannot be told that way.
pub(super) fn largest_rowid(tx: &Transaction<'_>, max_sql: &str) -> Result<Option<i64>> {
    let last: Option<i64> = tx.prepare_cached(max_sql)?.query_row([], |r| r.get(0))?;
    let last = last.unwrap_or(0);
    Ok((last <= i64::MAX - 1000).then_some(last))
}

/// Inserts `rows` one statement each with `insert`; bit `i` of the result is set when row `i`
/// was inserted.
pub(super) fn one_by_one<T>(rows: &[T], mut insert: impl FnMut(&T) -> Result<bool>) -> Result<u64> {
    let mut mask = 0;
    for (r, row) in rows.iter().enumerate() {
        if insert(row)? {
            mask |= 1 << r;
        }
    }
    Ok(mask)
}

/// The mask of a statement that inserted every one of its `rows` (1 to [`BATCH`]).
pub(super) fn all_inserted(rows: usize) -> u64 {
    u64::MAX >> (64 - rows)
}

/// Inserts `rows` (at most [`BATCH`]) in one statement; bit `i` of the result is set when row
/// `i` was inserted. Of rows with the same UUID only the first can be; the others are left, as
/// one statement per row in file order would leave them.
pub(super) fn insert_sessions(
    tx: &Transaction<'_>,
    rows: &[(ImportMeta, SessionFields)],
) -> Result<u64> {
    debug_assert!(!rows.is_empty() && rows.len() <= BATCH);
    // The rows this statement inserts are those above the largest rowid before it; near the
    // end of the rowid range, one statement per row instead.
    let Some(last) = largest_rowid(tx, "SELECT max(rowid) FROM sessions")? else {
        return one_by_one(rows, |(meta, f)| {
            insert_row(tx, &meta.uuid, f, &meta.created_at, &meta.updated_at)
        });
    };
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
        return Ok(all_inserted(rows.len()));
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
    use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

    use super::*;
    use crate::domain::SessionDraft;
    use crate::store::Store;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
    }

    fn meta() -> ImportMeta {
        ImportMeta {
            uuid: Uuid::new_v4(),
            created_at: now(),
            updated_at: now(),
        }
    }

    /// Valid fields, then every field at and past each edge of its CHECK constraint (built
    /// without validation, as nothing stops code from doing).
    fn variants() -> Vec<SessionFields> {
        let base = SessionDraft::new(now(), 5, 5)
            .validate(&now())
            .expect("valid");
        let mut out = vec![base.clone()];
        let mut with = |change: &dyn Fn(&mut SessionFields)| {
            let mut f = base.clone();
            change(&mut f);
            out.push(f);
        };
        for m in [0, 1, 240, 241, u16::MAX] {
            with(&|f| f.minutes = m);
        }
        for t in [0, 10, 11, u8::MAX] {
            with(&|f| f.tension_before = t);
            with(&|f| f.tension_after = t);
            with(&|f| f.pain = Some(t));
        }
        for (text, n) in [
            ("x", 0),
            ("x", 1),
            ("x", 200),
            ("é", 200),
            ("é", 201),
            ("x", 2000),
        ] {
            with(&|f| f.oil = Some(text.repeat(n)));
        }
        for (text, n) in [("x", 0), ("\u{1F600}", 2000), ("é", 2001), ("a\0b", 3)] {
            with(&|f| f.note = Some(text.repeat(n)));
        }
        with(&|f| f.oil = Some("a\0".into()));
        let off = FixedOffset::east_opt(3600).expect("offset");
        for year in [0, 1, 999, 9999, 10_000, -1] {
            let day = NaiveDate::from_ymd_opt(year, 6, 1).expect("date");
            let at = off
                .from_local_datetime(&day.and_hms_opt(12, 0, 0).expect("time"))
                .single()
                .expect("instant");
            with(&|f| f.started_at = at);
        }
        out
    }

    #[test]
    fn the_rust_checks_agree_with_sqlites_on_every_edge() {
        let mut s = Store::open_in_memory().expect("store");
        let tx = s.conn.transaction().expect("tx");
        let (mut passed, mut failed) = (0, 0);
        for f in variants() {
            let m = meta();
            let sqlite = insert_row(&tx, &m.uuid, &f, &m.created_at, &m.updated_at).is_ok();
            let nul = [&f.oil, &f.note]
                .iter()
                .any(|t| t.as_deref().is_some_and(|t| t.contains('\0')));
            if nul {
                // Left to SQLite whatever it would say.
                assert!(!meets_checks(&m, &f), "{f:?}");
            } else {
                assert_eq!(meets_checks(&m, &f), sqlite, "{f:?}");
            }
            if sqlite {
                passed += 1;
            } else {
                failed += 1;
            }
        }
        // Both sides of the rules were tried.
        assert!(
            passed >= 15 && failed >= 15,
            "{passed} passed, {failed} failed"
        );
    }

    #[test]
    fn a_batch_with_a_row_that_breaks_a_check_fails_as_before_and_checks_stay_on() {
        let mut s = Store::open_in_memory().expect("store");
        let good = SessionDraft::new(now(), 5, 5)
            .validate(&now())
            .expect("valid");
        let mut bad = good.clone();
        bad.minutes = 241;
        let mut batch = crate::domain::import::ImportBatch::default();
        for _ in 0..BATCH {
            batch.sessions.push((meta(), good.clone()));
        }
        batch.sessions.push((meta(), bad.clone()));
        let err = s.import(&batch).expect_err("a CHECK constraint fails");
        assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
        let count = |s: &Store| -> i64 {
            s.conn
                .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
                .expect("count")
        };
        assert_eq!(count(&s), 0);
        // After a committed import too, the connection checks again.
        batch.sessions.pop();
        s.import(&batch).expect("import");
        assert_eq!(count(&s), i64::try_from(BATCH).expect("small"));
        let tx = s.conn.transaction().expect("tx");
        let m = meta();
        assert!(insert_row(&tx, &m.uuid, &bad, &m.created_at, &m.updated_at).is_err());
        let ignored: bool = tx
            .query_row("PRAGMA ignore_check_constraints", [], |r| r.get(0))
            .expect("pragma");
        assert!(!ignored);
    }

    #[test]
    fn the_statement_numbers_every_parameter_once() {
        let sql = insert_sql(2);
        assert!(sql.contains("VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15),(?16,"));
        assert!(sql.ends_with("?30) ON CONFLICT (uuid) DO NOTHING"));
    }
}
