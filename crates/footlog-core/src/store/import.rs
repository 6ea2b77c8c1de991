//! Import: records streamed in from a file are written in one transaction, merged by UUID, so an
//! import is all or nothing. A record deleted here is never brought back by an import.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use rusqlite::{OptionalExtension, Row, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::rows::{SESSION_COLS, SLEEP_COLS, session_from_row, sleep_from_row};
mod batch;
mod sleep_batch;
mod staged;
mod summary;

use self::batch::{BATCH, Checks, insert_sessions, meets_checks};
use self::sleep_batch::insert_notes;
use self::staged::Staged;
pub use self::summary::{ImportSummary, NAMED_AT_MOST};
use super::{Result, Store, StoreError};
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
    /// A record deleted here.
    Deleted,
    /// A live record that cannot be read.
    Damaged,
    /// No record with that UUID.
    Nothing,
}

/// The one lookup an import makes for a record it could not insert: what the database holds
/// under that UUID, live, deleted (later also: erased to a tombstone), or unreadable.
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
    let found = tx
        .prepare_cached(&format!(
            "SELECT {cols}, deleted_at IS NOT NULL FROM {table} WHERE uuid = ?1"
        ))?
        .query_row([rec.uuid().to_string()], |row| {
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
    // Erased here (a tombstone): deleted, and its content is gone for good.
    Ok(if erased_here(tx, &rec.uuid())? {
        Held::Deleted
    } else {
        Held::Nothing
    })
}

/// An import in progress: one open transaction that takes records as they are read. Dropped
/// without [`Importer::commit`], it writes nothing.
pub struct Importer<'a> {
    /// Declared before `checks`, so a dropped import rolls back before the pragma is reset.
    tx: Transaction<'a>,
    /// Whether SQLite's CHECK constraints are skipped for the current batch of sessions.
    checks: Checks<'a>,
    sum: ImportSummary,
    /// The per-day totals of the sessions inserted, added to `session_days` once at the end
    /// instead of by the insert trigger on every row.
    days: BTreeMap<NaiveDate, DayTotal>,
    /// The insert trigger's definition, put back at the end.
    trigger_sql: Option<String>,
    /// Sessions taken but not yet inserted (fewer than [`BATCH`]).
    pending: Vec<(ImportMeta, SessionFields)>,
    /// Sleep notes taken but not yet inserted (fewer than [`BATCH`]; only while no session is
    /// pending, and the other way round).
    pending_notes: Vec<(ImportMeta, SleepFields)>,
    /// The database holds tombstones of erased records (then each session's UUID is looked up
    /// before it joins a batch, so an erased record is never brought back).
    tombstones: bool,
}

/// Sessions and tension sums of one day.
#[derive(Debug, Default, Clone, Copy)]
struct DayTotal {
    sessions: i64,
    sum_before: i64,
    sum_after: i64,
}

/// The trigger that keeps `session_days` up to date on each insert (migration 02).
const INSERT_TRIGGER: &str = "session_days_after_insert";

impl Importer<'_> {
    /// Adds the per-day totals, restores the insert trigger, commits everything taken and says
    /// what was done.
    pub fn commit(mut self) -> Result<ImportSummary> {
        self.flush_notes()?;
        self.flush_sessions()?;
        self.checks.set_off(false)?;
        let s = &self.sum;
        let added = s.sessions_added + s.sleep_notes_added + s.goals_added + s.rest_marks_added;
        if added == 0 && !s.week_start_applied {
            // Nothing new: the file stays byte for byte as it was (the trigger's drop undone).
            self.tx.rollback()?;
            return Ok(self.sum);
        }
        {
            let mut add = self.tx.prepare_cached(
                "INSERT INTO session_days (local_date, sessions, sum_before, sum_after) \
                 VALUES (?1, ?2, ?3, ?4) ON CONFLICT (local_date) DO UPDATE SET \
                 sessions = sessions + excluded.sessions, \
                 sum_before = sum_before + excluded.sum_before, \
                 sum_after = sum_after + excluded.sum_after",
            )?;
            for (day, t) in std::mem::take(&mut self.days) {
                add.execute(params![day, t.sessions, t.sum_before, t.sum_after])?;
            }
        }
        if let Some(sql) = self.trigger_sql.take() {
            self.tx.execute_batch(&sql)?;
        }
        self.tx.commit()?;
        Ok(self.sum)
    }

    /// Inserts the sessions taken so far and accounts for each, in the order taken.
    fn flush_sessions(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut rows = std::mem::take(&mut self.pending);
        // Checks are skipped for rows that pass them in Rust, switched only at a full batch (or
        // when a row needs SQLite's own), so records of other kinds in between do not make SQLite
        // prepare the batch statement again and again.
        if !rows.iter().all(|(meta, f)| meets_checks(meta, f)) {
            self.checks.set_off(false)?;
        } else if rows.len() == BATCH {
            self.checks.set_off(true)?;
        }
        let inserted = insert_sessions(&self.tx, &rows)?;
        for (i, (meta, f)) in rows.iter().enumerate() {
            if inserted & (1 << i) != 0 {
                self.sum.sessions_added += 1;
                let day = self.days.entry(f.date()).or_default();
                day.sessions += 1;
                day.sum_before += i64::from(f.tension_before);
                day.sum_after += i64::from(f.tension_after);
            } else {
                self.not_inserted(meta.uuid, f)?;
            }
        }
        rows.clear();
        self.pending = rows;
        Ok(())
    }

    /// Inserts the sleep notes taken so far and accounts for each, in the order taken.
    fn flush_notes(&mut self) -> Result<()> {
        if self.pending_notes.is_empty() {
            return Ok(());
        }
        self.checks.set_off(false)?;
        let mut rows = std::mem::take(&mut self.pending_notes);
        let inserted = insert_notes(&self.tx, &rows)?;
        for (i, (meta, f)) in rows.iter().enumerate() {
            let inserted_later = || {
                rows.iter()
                    .enumerate()
                    .skip(i + 1)
                    .any(|(j, (m, _))| inserted & (1 << j) != 0 && m.uuid == meta.uuid)
            };
            if inserted & (1 << i) != 0 {
                self.sum.sleep_notes_added += 1;
            } else if inserted_later() {
                // Refused for its night, then inserted on another later in this batch: one by
                // one, its UUID was not there yet when it was refused.
                self.sum.conflict(night_taken(meta.uuid, f));
            } else {
                self.note_not_inserted(meta.uuid, f)?;
            }
        }
        rows.clear();
        self.pending_notes = rows;
        Ok(())
    }

    /// Accounts for a sleep note whose UUID, or night, the database holds already.
    fn note_not_inserted(&mut self, uuid: Uuid, f: &SleepFields) -> Result<()> {
        match held::<SleepNote>(&self.tx, RecordRef::Sleep(uuid), sleep_from_row)? {
            Held::Live(n) if n.fields == *f => self.sum.unchanged += 1,
            Held::Live(_) => self.sum.conflict(format!(
                "sleep note {uuid} (the database holds other content)"
            )),
            Held::Deleted => self.sum.kept_deleted(format!("sleep note {uuid}")),
            Held::Damaged => self.sum.conflict(damaged("sleep note", uuid)),
            Held::Nothing => self.sum.conflict(night_taken(uuid, f)),
        }
        Ok(())
    }

    /// Accounts for a session whose UUID the database holds already.
    fn not_inserted(&mut self, uuid: Uuid, f: &SessionFields) -> Result<()> {
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
}

impl ImportSink for Importer<'_> {
    type Error = StoreError;

    fn restart(&mut self) -> Result<()> {
        self.start_over()
    }

    fn week_start(&mut self, ws: WeekStart) -> Result<()> {
        self.flush_notes()?;
        self.flush_sessions()?;
        self.checks.set_off(false)?;
        let had: Option<String> = self
            .tx
            .query_row(
                "SELECT value FROM settings WHERE key = 'week_start'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if had.is_none() {
            self.tx.execute(
                "INSERT INTO settings (key, value) VALUES ('week_start', ?1)",
                [ws.as_str()],
            )?;
            self.sum.week_start_applied = true;
        }
        Ok(())
    }

    fn goal(&mut self, g: &GoalChange) -> Result<()> {
        self.flush_notes()?;
        self.flush_sessions()?;
        self.checks.set_off(false)?;
        self.sum.goals_added += self
            .tx
            .prepare_cached(
                "INSERT OR IGNORE INTO goals (effective_from, per_week) VALUES (?1, ?2)",
            )?
            .execute(params![g.effective_from, g.per_week])?;
        Ok(())
    }

    fn rest_mark(&mut self, r: &RestMark) -> Result<()> {
        self.flush_notes()?;
        self.flush_sessions()?;
        self.checks.set_off(false)?;
        self.sum.rest_marks_added += self
            .tx
            .prepare_cached("INSERT OR IGNORE INTO rest_marks (date, reason) VALUES (?1, ?2)")?
            .execute(params![r.date, r.reason])?;
        Ok(())
    }

    fn session(&mut self, meta: &ImportMeta, f: &SessionFields) -> Result<()> {
        // Inserted a batch at a time (the common case); only a record that was not inserted is
        // looked at. Every other kind of record waits for the sessions taken before it, so
        // conflicts are named in file order.
        self.flush_notes()?;
        if self.tombstones && erased_here(&self.tx, &meta.uuid)? {
            self.flush_sessions()?;
            self.sum.kept_deleted(format!("session {}", meta.uuid));
            return Ok(());
        }
        self.pending.push((meta.clone(), f.clone()));
        if self.pending.len() == BATCH {
            self.flush_sessions()?;
        }
        Ok(())
    }

    fn sleep_note(&mut self, meta: &ImportMeta, f: &SleepFields) -> Result<()> {
        self.flush_sessions()?;
        // Inserted a batch at a time, as sessions are; an erased note is never brought back.
        if self.tombstones && erased_here(&self.tx, &meta.uuid)? {
            self.flush_notes()?;
            self.sum.kept_deleted(format!("sleep note {}", meta.uuid));
            return Ok(());
        }
        self.pending_notes.push((meta.clone(), f.clone()));
        if self.pending_notes.len() == BATCH {
            self.flush_notes()?;
        }
        Ok(())
    }
}

impl Importer<'_> {
    /// Forgets everything taken: the transaction goes back to where [`Store::begin_import`]
    /// started it, without letting go of its write lock (another writer cannot slip in and turn
    /// the file's own error into "database is locked").
    fn start_over(&mut self) -> Result<()> {
        self.checks.set_off(false)?;
        self.tx.execute_batch("ROLLBACK TO import_start")?;
        let (trigger_sql, tombstones) = prepare(&self.tx)?;
        self.sum = ImportSummary::default();
        self.days.clear();
        self.pending.clear();
        self.pending_notes.clear();
        self.trigger_sql = trigger_sql;
        self.tombstones = tombstones;
        Ok(())
    }
}

/// Readies an import's transaction: drops the per-row insert trigger (its definition is returned,
/// to be put back at the end) and says whether the database holds tombstones.
fn prepare(tx: &Transaction<'_>) -> Result<(Option<String>, bool)> {
    // Without the per-row trigger, an insert changes one row and needs no statement journal
    // (the trigger made every insert a two-table write): the per-day totals are added once at
    // the end instead, and the trigger's own definition is put back before the commit, so the
    // schema is exactly as before and a failed import rolls the drop back with the rest.
    let trigger_sql: Option<String> = tx
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
            [INSERT_TRIGGER],
            |r| r.get(0),
        )
        .optional()?;
    if trigger_sql.is_some() {
        tx.execute_batch(&format!("DROP TRIGGER {INSERT_TRIGGER}"))?;
    }
    let tombstones: bool =
        tx.query_row("SELECT EXISTS (SELECT 1 FROM tombstones)", [], |r| r.get(0))?;
    Ok((trigger_sql, tombstones))
}

/// Whether `uuid` names a record erased here (only its tombstone is left).
fn erased_here(tx: &Transaction<'_>, uuid: &Uuid) -> Result<bool> {
    Ok(tx
        .prepare_cached("SELECT 1 FROM tombstones WHERE uuid = ?1")?
        .query_row([uuid.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

fn night_taken(uuid: Uuid, f: &SleepFields) -> String {
    format!("sleep note {uuid} (night {} already has a note)", f.night)
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
        // Unchecked: `checks` shares the connection (`&mut self` keeps everyone else out).
        // Immediate, as every write transaction here: the import reads before it writes, and a
        // deferred transaction would fail at once if another process committed in between.
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)?;
        // Where a restart goes back to, inside the transaction: its write lock is kept.
        tx.execute_batch("SAVEPOINT import_start")?;
        let (trigger_sql, tombstones) = prepare(&tx)?;
        Ok(Importer {
            tx,
            checks: Checks::new(&self.conn),
            sum: ImportSummary::default(),
            days: BTreeMap::new(),
            trigger_sql,
            pending: Vec::with_capacity(BATCH),
            pending_notes: Vec::new(),
            tombstones,
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
    /// import has succeeded, so a failed import creates nothing (no file, no folder).
    pub fn import_at<E: From<StoreError>>(
        path: &Path,
        now: &chrono::DateTime<chrono::FixedOffset>,
        fill: impl FnOnce(&mut Importer<'_>) -> Result<(), E>,
    ) -> Result<ImportSummary, E> {
        match std::fs::symlink_metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            _ => {
                let mut store = Store::open_for_writing(path, now)?;
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

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, FixedOffset};

    use super::*;
    use crate::domain::SessionDraft;
    use crate::domain::SleepFields;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
    }

    fn fields(days_ago: i64, before: i64, after: i64) -> SessionFields {
        SessionDraft::new(now() - Duration::days(days_ago), before, after)
            .validate(&now())
            .expect("valid")
    }

    /// (day, sessions, sum before, sum after) rows.
    type Days = Vec<(String, i64, i64, i64)>;

    /// `session_days` as stored, and as a recount of the live sessions.
    fn days_and_recount(s: &Store) -> (Days, Days) {
        let read = |sql: &str| {
            let mut stmt = s.conn.prepare(sql).expect("prepare");
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .expect("query")
                .collect::<rusqlite::Result<Vec<_>>>()
                .expect("rows")
        };
        (
            read("SELECT * FROM session_days ORDER BY local_date"),
            read(
                "SELECT local_date, count(*), sum(tension_before), sum(tension_after) FROM sessions \
                 WHERE deleted_at IS NULL GROUP BY local_date ORDER BY local_date",
            ),
        )
    }

    fn trigger_sql(s: &Store) -> Option<String> {
        s.conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [INSERT_TRIGGER],
                |r| r.get(0),
            )
            .optional()
            .expect("query")
    }

    #[test]
    fn per_day_totals_added_at_the_end_equal_a_recount_and_the_trigger_is_back() {
        let mut s = Store::open_in_memory().expect("store");
        let original = trigger_sql(&s).expect("the migration's trigger");
        s.insert_session(fields(1, 7, 3), &now()).expect("insert");
        let kept = s.insert_session(fields(2, 6, 2), &now()).expect("insert");
        let gone = s.insert_session(fields(3, 5, 5), &now()).expect("insert");
        s.delete(RecordRef::Session(gone.uuid), &now())
            .expect("delete");

        let meta = |uuid| ImportMeta {
            uuid,
            created_at: now(),
            updated_at: now(),
        };
        let mut batch = ImportBatch::default();
        // Days that have sessions already, a new day, a day with only a deleted session, a
        // record already present and one deleted here (neither counts).
        for (days_ago, before, after) in [(1, 9, 1), (1, 4, 4), (2, 3, 0), (5, 8, 2), (3, 2, 1)] {
            batch
                .sessions
                .push((meta(Uuid::new_v4()), fields(days_ago, before, after)));
        }
        batch.sessions.push((meta(kept.uuid), kept.fields.clone()));
        batch.sessions.push((meta(gone.uuid), gone.fields.clone()));
        let sum = s.import(&batch).expect("import");
        assert_eq!(
            (sum.sessions_added, sum.unchanged, sum.deleted_here_count()),
            (5, 1, 1)
        );
        let (days, recount) = days_and_recount(&s);
        assert_eq!(days, recount);
        assert_eq!(days.len(), 4);
        assert_eq!(trigger_sql(&s).as_deref(), Some(original.as_str()));

        // The trigger works again for a later insert.
        s.insert_session(fields(4, 1, 1), &now()).expect("insert");
        let (days, recount) = days_and_recount(&s);
        assert_eq!(days, recount);

        // An import that is dropped half way changes nothing, the trigger included.
        let before = days_and_recount(&s).0;
        {
            let mut importer = s.begin_import().expect("begin");
            importer
                .session(&meta(Uuid::new_v4()), &fields(6, 5, 5))
                .expect("take");
        }
        assert_eq!(days_and_recount(&s).0, before);
        assert_eq!(trigger_sql(&s).as_deref(), Some(original.as_str()));
        s.insert_session(fields(7, 2, 2), &now()).expect("insert");
        let (days, recount) = days_and_recount(&s);
        assert_eq!(days, recount);
    }

    /// Every schema entry as stored.
    fn schema(s: &Store) -> Vec<(String, String, Option<String>)> {
        let mut stmt = s
            .conn
            .prepare("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
            .expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows")
    }

    #[test]
    fn batches_account_for_every_session_in_file_order_and_the_schema_is_as_migrated() {
        let mut s = Store::open_in_memory().expect("store");
        let migrated = schema(&s);
        let meta = |uuid| ImportMeta {
            uuid,
            created_at: now(),
            updated_at: now(),
        };
        // More than two batches, with repeats inside a batch and across batches: the same
        // content again is unchanged, other content is a conflict, named in file order.
        let mut batch = ImportBatch::default();
        let uuids: Vec<Uuid> = (0..150).map(|_| Uuid::new_v4()).collect();
        for (i, u) in uuids.iter().enumerate() {
            let i = i64::try_from(i).expect("small");
            batch
                .sessions
                .push((meta(*u), fields(i % 40, i % 11, (i + 3) % 11)));
        }
        let again = |i: usize, other: bool| {
            let n = i64::try_from(i).expect("small");
            let f = fields(n % 40, n % 11, (n + 3) % 11);
            let f = if other { fields(1, 0, 0) } else { f };
            (meta(uuids[i]), f)
        };
        batch.sessions.insert(10, again(3, true));
        batch.sessions.insert(20, again(5, false));
        batch.sessions.insert(100, again(90, true));
        batch.sessions.push(again(0, true));
        let sum = s.import(&batch).expect("import");
        assert_eq!((sum.sessions_added, sum.unchanged), (150, 1));
        let other = |i: usize| format!("session {} (the database holds other content)", uuids[i]);
        assert_eq!(sum.conflicts, vec![other(3), other(90), other(0)]);
        let (days, recount) = days_and_recount(&s);
        assert_eq!(days, recount);
        assert_eq!(schema(&s), migrated);

        // Into a table that has sessions: present, deleted here and new ones, in one batch.
        s.delete(RecordRef::Session(uuids[7]), &now())
            .expect("delete");
        let mut batch = ImportBatch::default();
        batch.sessions.push(again(7, false));
        batch.sessions.push((meta(Uuid::new_v4()), fields(2, 9, 9)));
        batch.sessions.push(again(8, false));
        let sum = s.import(&batch).expect("import");
        assert_eq!(
            (sum.sessions_added, sum.unchanged, sum.deleted_here),
            (1, 1, vec![format!("session {}", uuids[7])])
        );
        let (days, recount) = days_and_recount(&s);
        assert_eq!(days, recount);
        assert_eq!(schema(&s), migrated);

        // An import dropped half way into an empty table leaves the schema as it was.
        let mut s = Store::open_in_memory().expect("store");
        {
            let mut importer = s.begin_import().expect("begin");
            for i in 0..70 {
                importer
                    .session(&meta(Uuid::new_v4()), &fields(i, 5, 5))
                    .expect("take");
            }
        }
        assert_eq!(schema(&s), migrated);
        assert_eq!(days_and_recount(&s).1, Vec::new());
    }

    /// Every row of the tables an import writes, and the totals kept from them.
    fn contents(s: &Store) -> Vec<String> {
        let mut out = Vec::new();
        for sql in [
            "SELECT * FROM sessions ORDER BY id",
            "SELECT * FROM sleep_notes ORDER BY id",
            "SELECT * FROM session_days ORDER BY local_date",
            "SELECT * FROM session_weeks ORDER BY 1, 2",
            "SELECT * FROM tombstones ORDER BY uuid",
            "SELECT * FROM settings ORDER BY key",
        ] {
            let mut stmt = s.conn.prepare(sql).expect("prepare");
            let n = stmt.column_count();
            let rows = stmt
                .query_map([], |r| {
                    (0..n)
                        .map(|i| {
                            r.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<rusqlite::Result<Vec<_>>>()
                })
                .expect("query")
                .collect::<rusqlite::Result<Vec<_>>>()
                .expect("rows");
            out.extend(rows.into_iter().map(|r| format!("{sql}: {}", r.join("|"))));
        }
        out
    }

    #[test]
    fn the_fast_json_path_into_a_database_with_history_gives_what_the_stream_gives() {
        use crate::domain::import::{read_import, read_import_seekable, read_pipelined};
        let session = |i: usize, before: usize| {
            format!(
                "{{\"uuid\":\"00000000-0000-4000-8000-{i:012}\",\"started_at\":\
                 \"2026-10-{:02}T20:00:00+01:00\",\"tension_before\":{before},\"tension_after\":2,\
                 \"created_at\":\"2026-11-01T10:00:00+01:00\"}}",
                i % 28 + 1
            )
        };
        let sleep = |i: usize| {
            format!(
                "{{\"uuid\":\"00000000-0000-4000-9000-{i:012}\",\"night\":\"2026-09-{:02}\",\
                 \"quality\":3,\"created_at\":\"2026-11-01T10:00:00+01:00\"}}",
                i % 28 + 1
            )
        };
        let file = |sessions: &[String], notes: &[String], tail: &str| {
            format!(
                "{{\"version\":1,\"sessions\":[{}],\"sleep_notes\":[{}],\"week_start\":\"sunday\"{tail}}}",
                sessions.join(","),
                notes.join(",")
            )
        };
        // The history: 200 sessions and 10 notes, then one session deleted (kept deleted), one
        // erased (a tombstone), one erased note.
        let base = file(
            &(0..200).map(|i| session(i, 5)).collect::<Vec<_>>(),
            &(0..10).map(sleep).collect::<Vec<_>>(),
            "",
        );
        let history = || {
            let mut s = Store::open_in_memory().expect("store");
            let mut importer = s.begin_import().expect("begin");
            read_import(base.as_bytes(), &now(), &mut importer).expect("read");
            importer.commit().expect("commit");
            let uuid = |i: usize| {
                Uuid::parse_str(&format!("00000000-0000-4000-8000-{i:012}")).expect("uuid")
            };
            s.delete(RecordRef::Session(uuid(3)), &now())
                .expect("delete");
            s.purge().expect("purge");
            s.delete(RecordRef::Session(uuid(4)), &now())
                .expect("delete");
            s
        };
        // The file: present (same and other content), deleted here, erased, repeated and new.
        let mut sessions: Vec<String> = (0..400).map(|i| session(i, 5)).collect();
        sessions[7] = session(7, 9);
        sessions.push(session(250, 1));
        sessions.push(session(1, 8));
        let notes: Vec<String> = (5..20).map(sleep).collect();
        // A member too large for the fast path, after every record: it gives up when it gets
        // there, and the stream reads the file again into the restarted import.
        let huge = format!(",\"other\":\"{}\"", "x".repeat(9 * 1024 * 1024));
        for tail in ["", huge.as_str()] {
            let doc = file(&sessions, &notes, tail);
            let (mut slow, mut fast, mut piped) = (history(), history(), history());
            assert_eq!(contents(&slow), contents(&fast));
            let mut importer = slow.begin_import().expect("begin");
            read_import(doc.as_bytes(), &now(), &mut importer).expect("read");
            let slow_sum = importer.commit().expect("commit");
            let mut importer = fast.begin_import().expect("begin");
            read_import_seekable(std::io::Cursor::new(doc.as_bytes()), &now(), &mut importer)
                .expect("read");
            let fast_sum = importer.commit().expect("commit");
            assert_eq!(fast_sum, slow_sum, "tail of {} bytes", tail.len());
            assert_eq!(
                (
                    fast_sum.sessions_added,
                    fast_sum.unchanged,
                    fast_sum.conflict_count()
                ),
                (200, 202, 3)
            );
            assert_eq!(fast_sum.deleted_here_count(), 2);
            assert_eq!(contents(&fast), contents(&slow));
            // Read on a thread of its own, written on this one: the same again.
            let mut importer = piped.begin_import().expect("begin");
            read_pipelined(
                |relay| read_import_seekable(std::io::Cursor::new(doc.as_bytes()), &now(), relay),
                &mut importer,
            )
            .expect("read");
            assert_eq!(importer.commit().expect("commit"), slow_sum);
            assert_eq!(contents(&piped), contents(&slow));
            let check = fast.check_contents().expect("check");
            assert!(
                check.schema.is_empty()
                    && check.day_totals.is_empty()
                    && check.week_totals.is_empty(),
                "{check:?}"
            );
            assert!(
                check.damaged.is_empty() && check.unreadable.is_empty(),
                "{check:?}"
            );
        }
    }

    #[test]
    fn a_pipelined_import_broken_in_its_last_record_writes_nothing_and_says_what_one_thread_says() {
        use crate::domain::import::{ReadError, read_import_seekable, read_pipelined};
        let session = |i: usize, before: usize| {
            format!(
                "{{\"uuid\":\"00000000-0000-4000-8000-{i:012}\",\"started_at\":\
                 \"2026-10-{:02}T20:00:00+01:00\",\"tension_before\":{before},\"tension_after\":2}}",
                i % 28 + 1
            )
        };
        let mut sessions: Vec<String> = (0..1000).map(|i| session(i, 5)).collect();
        let good = format!("{{\"version\":1,\"sessions\":[{}]}}", sessions.join(","));
        // The last of 1,001 sessions breaks a rule, after 1,000 good ones.
        sessions.push(session(1000, 11));
        let bad = format!("{{\"version\":1,\"sessions\":[{}]}}", sessions.join(","));
        let mut s = Store::open_in_memory().expect("store");
        let mut importer = s.begin_import().expect("begin");
        read_import_seekable(std::io::Cursor::new(good.as_bytes()), &now(), &mut importer)
            .expect("read");
        importer.commit().expect("commit");
        let before = contents(&s);
        let message = |e: ReadError<StoreError>| match e {
            ReadError::Import(e) => e.to_string(),
            other => format!("not an import error: {other:?}"),
        };
        let one = {
            let mut importer = s.begin_import().expect("begin");
            read_import_seekable(std::io::Cursor::new(bad.as_bytes()), &now(), &mut importer)
                .map_or_else(message, |()| "read".to_string())
        };
        assert_eq!(contents(&s), before);
        let piped = {
            let mut importer = s.begin_import().expect("begin");
            read_pipelined(
                |relay| read_import_seekable(std::io::Cursor::new(bad.as_bytes()), &now(), relay),
                &mut importer,
            )
            .map_or_else(message, |()| "read".to_string())
        };
        assert_eq!(piped, one);
        assert!(
            piped.starts_with("sessions[1000].tension_before"),
            "{piped}"
        );
        assert_eq!(contents(&s), before);
        // Into a new file: nothing is created.
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("new").join("footlog.db");
        let r = Store::import_at(&path, &now(), |importer| {
            read_pipelined(
                |relay| read_import_seekable(std::io::Cursor::new(bad.as_bytes()), &now(), relay),
                importer,
            )
            .map_err(|e| StoreError::Conflict(message(e)))
        });
        match r {
            Err(StoreError::Conflict(m)) => assert_eq!(m, one),
            other => panic!("{other:?}"),
        }
        assert!(!dir.path().join("new").exists());
    }

    #[test]
    fn sleep_notes_in_batches_are_accounted_for_as_one_by_one_in_file_order() {
        let uuid =
            |i: i64| Uuid::parse_str(&format!("00000000-0000-4000-9000-{i:012}")).expect("uuid");
        let day =
            |n: i64| chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + Duration::days(n);
        let note = |i: i64, night: i64, quality: u8| {
            (
                ImportMeta {
                    uuid: uuid(i),
                    created_at: now(),
                    updated_at: now(),
                },
                SleepFields {
                    night: day(night),
                    quality,
                    hours: Some(7.5),
                    note: Some(format!("n{i}")),
                },
            )
        };
        // The history: notes 0..10 on nights 0..10; note 3 erased (a tombstone), 4 deleted.
        let history = || {
            let mut s = Store::open_in_memory().expect("store");
            let batch = ImportBatch {
                sleep_notes: (0..10).map(|i| note(i, i, 3)).collect(),
                ..ImportBatch::default()
            };
            s.import(&batch).expect("import");
            s.delete(RecordRef::Sleep(uuid(3)), &now()).expect("delete");
            s.purge().expect("purge");
            s.delete(RecordRef::Sleep(uuid(4)), &now()).expect("delete");
            s
        };
        // The file: 150 new notes, with among them, across batch edges: the same content, other
        // content, erased, deleted, a taken night, a UUID twice, a night twice, and a UUID first
        // refused for its night and then inserted on another.
        let mut notes: Vec<_> = (100..250).map(|i| note(i, i, 4)).collect();
        let tricky = [
            note(0, 0, 3),
            note(1, 1, 5),
            note(3, 3, 3),
            note(4, 4, 3),
            note(20, 2, 4),
            note(21, 300, 4),
            note(21, 300, 4),
            note(22, 301, 4),
            note(23, 301, 2),
            note(24, 5, 4),
            note(24, 302, 4),
        ];
        for (k, t) in tricky.into_iter().enumerate() {
            notes.insert((k * 13 + 60) % notes.len(), t);
        }
        let run = |one_by_one: bool| {
            let mut s = history();
            let mut importer = s.begin_import().expect("begin");
            for (m, f) in &notes {
                importer.sleep_note(m, f).expect("note");
                if one_by_one {
                    importer.flush_notes().expect("flush");
                }
            }
            let sum = importer.commit().expect("commit");
            let rows = contents(&s);
            (sum, rows)
        };
        let (batched, batched_rows) = run(false);
        let (one, one_rows) = run(true);
        assert_eq!(batched, one);
        assert_eq!(batched_rows, one_rows);
        assert_eq!(batched.sleep_notes_added, 150 + 3);
        assert_eq!(
            (batched.unchanged, batched.conflict_count()),
            (2, 4),
            "{batched:?}"
        );
        assert_eq!(batched.deleted_here_count(), 2);
    }
}
