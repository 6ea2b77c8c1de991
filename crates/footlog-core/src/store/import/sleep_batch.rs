//! The sleep notes of an import inserted many rows per statement, as the sessions are
//! (`batch.rs`): running, resetting and finishing a statement is paid once per [`BATCH`] notes.
//! SQLite's own CHECK constraints stay on for them. A note whose UUID is taken, or whose night
//! already has a live note, is not inserted (no conflict target, as one note per statement);
//! the UUID of an erased note is looked up before the note joins a batch (see
//! `Importer::sleep_note`), so the statement needs no tombstone test of its own.

use std::sync::LazyLock;

use chrono::NaiveDate;
use rusqlite::Transaction;
use uuid::Uuid;

use super::batch::{BATCH, all_inserted, largest_rowid, multi_row_sql, one_by_one};
use crate::domain::SleepFields;
use crate::domain::record::ImportMeta;
use crate::store::Result;
use crate::store::rows::ts;
use crate::store::sleep::insert_row;

/// Bound parameters per row.
const COLS: usize = 7;

/// The statement for a full batch.
static FULL: LazyLock<String> = LazyLock::new(|| insert_sql(BATCH));

/// The statement that inserts `rows` notes, skipping those whose UUID or live night is taken.
/// `OR FAIL`, as for sessions: a row that breaks another constraint stops the statement without
/// undoing the rows before it (the import's error rolls back the whole transaction anyway).
fn insert_sql(rows: usize) -> String {
    multi_row_sql(
        "INSERT OR FAIL INTO sleep_notes (uuid, night, quality, hours, note, created_at, \
         updated_at) VALUES ",
        COLS,
        rows,
        " ON CONFLICT DO NOTHING",
    )
}

/// Inserts `rows` (at most [`BATCH`], none of them erased here) in one statement; bit `i` of
/// the result is set when row `i` was inserted. Of rows with the same UUID or night only the
/// first can be, as one statement per row in file order would leave them.
pub(super) fn insert_notes(
    tx: &Transaction<'_>,
    rows: &[(ImportMeta, SleepFields)],
) -> Result<u64> {
    debug_assert!(!rows.is_empty() && rows.len() <= BATCH);
    // As for sessions: the rows inserted are those above the largest rowid before, except near
    // the end of the rowid range.
    let Some(last) = largest_rowid(tx, "SELECT max(rowid) FROM sleep_notes")? else {
        return one_by_one(rows, |(meta, f)| {
            insert_row(tx, &meta.uuid, f, &meta.created_at, &meta.updated_at)
        });
    };
    let mut stmt = if rows.len() == BATCH {
        tx.prepare_cached(&FULL)?
    } else {
        tx.prepare_cached(&insert_sql(rows.len()))?
    };
    let mut uuid_buf = Uuid::encode_buffer();
    for (r, (meta, f)) in rows.iter().enumerate() {
        let at = r * COLS;
        stmt.raw_bind_parameter(at + 1, &*meta.uuid.hyphenated().encode_lower(&mut uuid_buf))?;
        stmt.raw_bind_parameter(at + 2, f.night)?;
        stmt.raw_bind_parameter(at + 3, f.quality)?;
        stmt.raw_bind_parameter(at + 4, f.hours)?;
        stmt.raw_bind_parameter(at + 5, f.note.as_deref())?;
        stmt.raw_bind_parameter(at + 6, ts(&meta.created_at))?;
        stmt.raw_bind_parameter(at + 7, ts(&meta.updated_at))?;
    }
    if stmt.raw_execute()? == rows.len() {
        return Ok(all_inserted(rows.len()));
    }
    // Some were not inserted: of each UUID and night inserted now, the first row that has both
    // was (a row before it with the same UUID but another night may have been refused for its
    // night, one after it with both is refused for its UUID).
    let mut inserted = tx
        .prepare_cached("SELECT uuid, night FROM sleep_notes WHERE rowid > ?1")?
        .query_map([last], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, NaiveDate>(1)?))
        })?
        .map(|u| {
            let (uuid, night) = u?;
            Ok((Uuid::try_parse(&uuid).unwrap_or_default(), night))
        })
        .collect::<Result<Vec<(Uuid, NaiveDate)>>>()?;
    let mut mask = 0;
    for (r, (meta, f)) in rows.iter().enumerate() {
        if let Some(i) = inserted
            .iter()
            .position(|(u, night)| *u == meta.uuid && *night == f.night)
        {
            inserted.swap_remove(i);
            mask |= 1 << r;
        }
    }
    Ok(mask)
}
