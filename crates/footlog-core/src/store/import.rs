//! Import: records streamed in from a file are written in one transaction, merged by UUID, so an
//! import is all or nothing. Each record goes in through the same insert as one logged by hand,
//! with every CHECK constraint and trigger of the schema at work. A record deleted here (or
//! erased to a tombstone) is never brought back by an import.

mod staged;
mod summary;

use std::path::Path;

use rusqlite::{OptionalExtension, Row, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use self::staged::Staged;
pub use self::summary::{ImportSummary, NAMED_AT_MOST};
use super::rows::{SESSION_COLS, SLEEP_COLS, session_from_row, sleep_from_row};
use super::{Result, Store, StoreError, sessions, sleep};
use crate::domain::RecordRef;
use crate::domain::import::{ImportBatch, ImportSink};
use crate::domain::record::ImportMeta;
use crate::domain::{
    GoalChange, RestMark, Session, SessionFields, SleepFields, SleepNote, WeekStart,
};

/// What the database holds under a UUID that an import could not insert.
enum Held<T> {
    /// A live record.
    Live(T),
    /// A record deleted here, or erased (only its tombstone is left).
    Deleted,
    /// A live record that cannot be read.
    Damaged,
    /// No record with that UUID.
    Nothing,
}

/// The one lookup an import makes for a record it could not insert: what the database holds
/// under that UUID, live, deleted, erased to a tombstone, or unreadable.
fn held<T>(
    tx: &Transaction<'_>,
    rec: RecordRef,
    decode: fn(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Held<T>> {
    let (table, cols) = match rec {
        RecordRef::Session(_) => ("sessions", SESSION_COLS),
        RecordRef::Sleep(_) => ("sleep_notes", SLEEP_COLS),
    };
    // The flag follows the record's own columns.
    let deleted_idx = cols.split(',').count();
    let uuid = rec.uuid().to_string();
    let found = tx
        .prepare_cached(&format!(
            "SELECT {cols}, deleted_at IS NOT NULL FROM {table} WHERE uuid = ?1"
        ))?
        .query_row([&uuid], |row| {
            if row.get::<_, bool>(deleted_idx)? {
                return Ok(Held::Deleted);
            }
            Ok(match decode(row) {
                Ok(v) => Held::Live(v),
                Err(_) => Held::Damaged,
            })
        })
        .optional()?;
    if let Some(h) = found {
        return Ok(h);
    }
    let erased = tx
        .prepare_cached("SELECT 1 FROM tombstones WHERE uuid = ?1")?
        .query_row([&uuid], |_| Ok(()))
        .optional()?
        .is_some();
    Ok(if erased { Held::Deleted } else { Held::Nothing })
}

/// An import in progress: one open transaction that takes records as they are read, in file
/// order. Dropped without [`Importer::commit`], it writes nothing.
pub struct Importer<'a> {
    tx: Transaction<'a>,
    sum: ImportSummary,
}

impl Importer<'_> {
    /// Commits everything taken and says what was done.
    pub fn commit(self) -> Result<ImportSummary> {
        let s = &self.sum;
        let added = s.sessions_added + s.sleep_notes_added + s.goals_added + s.rest_marks_added;
        if added == 0 && !s.week_start_applied {
            // Nothing new: the file stays byte for byte as it was.
            self.tx.rollback()?;
        } else {
            self.tx.commit()?;
        }
        Ok(self.sum)
    }
}

impl ImportSink for Importer<'_> {
    type Error = StoreError;

    fn week_start(&mut self, ws: WeekStart) -> Result<()> {
        // The database's own week start wins; the file's only fills a gap.
        let n = self.tx.execute(
            "INSERT INTO settings (key, value) VALUES ('week_start', ?1) \
             ON CONFLICT (key) DO NOTHING",
            [ws.as_str()],
        )?;
        self.sum.week_start_applied |= n == 1;
        Ok(())
    }

    fn goal(&mut self, g: &GoalChange) -> Result<()> {
        self.sum.goals_added += self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO goals (effective_from, per_week) VALUES (?1, ?2)",
            )?
            .execute(params![g.effective_from, g.per_week])?;
        Ok(())
    }

    fn rest_mark(&mut self, r: &RestMark) -> Result<()> {
        self.sum.rest_marks_added += self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO rest_marks (date, reason) VALUES (?1, ?2)")?
            .execute(params![r.date, r.reason])?;
        Ok(())
    }

    fn session(&mut self, meta: &ImportMeta, f: &SessionFields) -> Result<()> {
        if sessions::insert_row(&self.tx, &meta.uuid, f, &meta.created_at, &meta.updated_at)? {
            self.sum.sessions_added += 1;
            return Ok(());
        }
        let uuid = meta.uuid;
        match held::<Session>(&self.tx, RecordRef::Session(uuid), session_from_row)? {
            Held::Live(s) if s.fields == *f => self.sum.unchanged += 1,
            Held::Deleted => self.sum.kept_deleted(format!("session {uuid}")),
            Held::Damaged => self.sum.conflict(damaged("session", uuid)),
            Held::Live(_) | Held::Nothing => self
                .sum
                .conflict(format!("session {uuid} (the database holds other content)")),
        }
        Ok(())
    }

    fn sleep_note(&mut self, meta: &ImportMeta, f: &SleepFields) -> Result<()> {
        // Refused for a taken UUID, a tombstone, or a night that already has a live note.
        if sleep::insert_row(&self.tx, &meta.uuid, f, &meta.created_at, &meta.updated_at)? {
            self.sum.sleep_notes_added += 1;
            return Ok(());
        }
        let uuid = meta.uuid;
        match held::<SleepNote>(&self.tx, RecordRef::Sleep(uuid), sleep_from_row)? {
            Held::Live(n) if n.fields == *f => self.sum.unchanged += 1,
            Held::Live(_) => self.sum.conflict(format!(
                "sleep note {uuid} (the database holds other content)"
            )),
            Held::Deleted => self.sum.kept_deleted(format!("sleep note {uuid}")),
            Held::Damaged => self.sum.conflict(damaged("sleep note", uuid)),
            Held::Nothing => self.sum.conflict(format!(
                "sleep note {uuid} (night {} already has a note)",
                f.night
            )),
        }
        Ok(())
    }
}

fn damaged(kind: &str, uuid: Uuid) -> String {
    format!("{kind} {uuid} (the database's record cannot be read; run footlog check)")
}

impl Store {
    /// Starts an import: one transaction that takes records until [`Importer::commit`].
    pub fn begin_import(&mut self) -> Result<Importer<'_>> {
        // Whatever temporary data SQLite needs stays in memory, and a larger page cache keeps a
        // bulk import from writing pages out (and reading them back) before the commit.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        self.conn.pragma_update(None, "cache_size", -16 * 1024)?;
        // Immediate, as every write transaction here: the import reads before it writes, and a
        // deferred transaction would fail at once if another process committed in between.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(Importer {
            tx,
            sum: ImportSummary::default(),
        })
    }

    /// Imports a validated batch in one transaction: all of it or, on any error, nothing.
    pub fn import(&mut self, batch: &ImportBatch) -> Result<ImportSummary> {
        let mut importer = self.begin_import()?;
        batch.feed(&mut importer)?;
        importer.commit()
    }

    /// Runs an import into the database at `path`: `fill` hands records to the importer, and
    /// everything is committed only when it returns `Ok`. When there is no database yet, the
    /// import goes into a new file beside it that takes the database's name only once the
    /// import has succeeded, so a failed (or killed) import creates nothing (no file, no folder).
    pub fn import_at<E: From<StoreError>>(
        path: &Path,
        fill: impl FnOnce(&mut Importer<'_>) -> Result<(), E>,
    ) -> Result<ImportSummary, E> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            _ => {
                let mut store = Store::open(path)?;
                let mut importer = store.begin_import()?;
                fill(&mut importer)?;
                return Ok(importer.commit()?);
            }
        }
        let mut staged = Staged::create(path)?;
        let sum = {
            let mut store = Store::open(&staged.tmp)?;
            // Nobody else can see this file and a crash leaves only a temporary file to throw
            // away, so the rows are written once (no WAL, undo kept in memory) and synced once,
            // when the file is complete; it becomes a WAL database like any other at the end.
            let fast = "PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;";
            store.conn.execute_batch(fast).map_err(StoreError::from)?;
            let mut importer = store.begin_import()?;
            fill(&mut importer)?;
            let sum = importer.commit()?;
            store
                .conn
                .execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
                .map_err(StoreError::from)?;
            sum
        };
        staged.persist()?;
        Ok(sum)
    }
}
