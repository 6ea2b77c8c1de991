//! Import: records streamed in from a file are written in one transaction, merged by UUID, so an
//! import is all or nothing. Each record goes in through the same insert as one logged by hand,
//! with every CHECK constraint and trigger of the schema at work. A record deleted here (or
//! erased to a tombstone) is never brought back by an import.

mod staged;
mod summary;

use std::collections::HashSet;
use std::path::Path;

use rusqlite::{OptionalExtension, Row, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use self::staged::Staged;
pub use self::summary::{ImportSummary, NAMED_AT_MOST};
use super::rows::{SESSION_COLS, SLEEP_COLS, session_from_row, sleep_from_row};
use super::{Result, Store, StoreError, sessions, sleep};
use crate::domain::RecordRef;
use crate::domain::health::HealthProfile;
use crate::domain::import::{ImportBatch, ImportSink};
use crate::domain::record::ImportMeta;
use crate::domain::remind::Reminder;
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

/// Sessions inserted by one statement (see [`sessions::insert_rows`]).
const BATCH: usize = 128;

/// An import in progress: one open transaction that takes records as they are read, in file
/// order. Dropped without [`Importer::commit`], it writes nothing.
pub struct Importer<'a> {
    tx: Transaction<'a>,
    sum: ImportSummary,
    /// Sessions taken but not yet inserted (fewer than [`BATCH`], each UUID once): inserted, and
    /// accounted for in the order taken, before any other record.
    pending: Vec<(ImportMeta, SessionFields)>,
    pending_uuids: HashSet<Uuid>,
}

impl Importer<'_> {
    /// Commits everything taken and says what was done.
    pub fn commit(mut self) -> Result<ImportSummary> {
        self.flush()?;
        let s = &self.sum;
        let added = s.sessions_added + s.sleep_notes_added + s.goals_added + s.rest_marks_added;
        if added == 0 && !s.week_start_applied && !s.health_profile_applied && !s.reminder_applied {
            // Nothing new: the file stays byte for byte as it was.
            self.tx.rollback()?;
        } else {
            self.tx.commit()?;
        }
        Ok(self.sum)
    }

    /// Inserts the sessions taken so far and accounts for each, in the order taken.
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let mut rows = std::mem::take(&mut self.pending);
        self.pending_uuids.clear();
        let inserted = sessions::insert_rows(
            &self.tx,
            &rows
                .iter()
                .map(|(m, f)| (m.uuid, f, [&m.created_at, &m.updated_at]))
                .collect::<Vec<_>>(),
        )?;
        for (meta, f) in &rows {
            if inserted.contains(&meta.uuid.to_string()) {
                self.sum.sessions_added += 1;
            } else {
                self.session_not_inserted(meta.uuid, f)?;
            }
        }
        rows.clear();
        self.pending = rows;
        Ok(())
    }

    /// Accounts for a session whose UUID the database holds already (or erased).
    fn session_not_inserted(&mut self, uuid: Uuid, f: &SessionFields) -> Result<()> {
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

    fn week_start(&mut self, ws: WeekStart) -> Result<()> {
        self.flush()?;
        // The database's own week start wins; the file's only fills a gap.
        let n = self.tx.execute(
            "INSERT INTO settings (key, value) VALUES ('week_start', ?1) \
             ON CONFLICT (key) DO NOTHING",
            [ws.as_str()],
        )?;
        self.sum.week_start_applied |= n == 1;
        Ok(())
    }

    fn health_profile(&mut self, p: &HealthProfile) -> Result<()> {
        self.flush()?;
        // As the week start: the database's own profile wins; the file's fills a gap (a new
        // laptop), and only when it names a condition.
        if p.any() {
            let json = serde_json::to_string(p)
                .map_err(|e| StoreError::corrupt_because(e.to_string(), e))?;
            let n = self.tx.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
                [super::settings::HEALTH_KEY, json.as_str()],
            )?;
            self.sum.health_profile_applied |= n == 1;
        }
        Ok(())
    }

    fn reminder(&mut self, r: Reminder) -> Result<()> {
        self.flush()?;
        // The database's own reminder wins; the file's fills a gap.
        let n = self.tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO NOTHING",
            [super::settings::REMINDER_KEY, r.to_setting().as_str()],
        )?;
        self.sum.reminder_applied |= n == 1;
        Ok(())
    }

    fn goal(&mut self, g: &GoalChange) -> Result<()> {
        self.flush()?;
        self.sum.goals_added += self
            .tx
            .prepare_cached(
                "INSERT INTO goals (effective_from, per_week) VALUES (?1, ?2) \
                 ON CONFLICT (effective_from) DO NOTHING",
            )?
            .execute(params![g.effective_from, g.per_week])?;
        Ok(())
    }

    fn rest_mark(&mut self, r: &RestMark) -> Result<()> {
        self.flush()?;
        self.sum.rest_marks_added += self
            .tx
            .prepare_cached(
                "INSERT INTO rest_marks (date, reason) VALUES (?1, ?2) \
                 ON CONFLICT (date) DO NOTHING",
            )?
            .execute(params![r.date, r.reason])?;
        Ok(())
    }

    fn session(&mut self, meta: &ImportMeta, f: &SessionFields) -> Result<()> {
        // A UUID twice in one statement: which copy is inserted would be SQLite's choice.
        if !self.pending_uuids.insert(meta.uuid) {
            self.flush()?;
            self.pending_uuids.insert(meta.uuid);
        }
        self.pending.push((meta.clone(), f.clone()));
        if self.pending.len() == BATCH {
            self.flush()?;
        }
        Ok(())
    }

    fn sleep_note(&mut self, meta: &ImportMeta, f: &SleepFields) -> Result<()> {
        self.flush()?;
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
            pending: Vec::with_capacity(BATCH),
            pending_uuids: HashSet::with_capacity(BATCH),
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
    use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

    use super::*;
    use crate::domain::SessionDraft;
    use crate::exchange::{ReadError, read_import};

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
    }

    fn meta(uuid: Uuid) -> ImportMeta {
        ImportMeta {
            uuid,
            created_at: now(),
            updated_at: now(),
        }
    }

    fn fields(days_ago: i64, before: i64, after: i64) -> SessionFields {
        SessionDraft::new(now() - Duration::days(days_ago), before, after)
            .validate(&now())
            .expect("valid")
    }

    fn uuid(kind: u16, i: usize) -> Uuid {
        Uuid::parse_str(&format!("00000000-0000-4000-{kind:04x}-{i:012}")).expect("uuid")
    }

    /// Every schema entry as stored.
    fn schema(s: &Store) -> Vec<(String, String, Option<String>)> {
        rows(
            s,
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name",
        )
    }

    fn rows<
        T: rusqlite::types::FromSql,
        U: rusqlite::types::FromSql,
        V: rusqlite::types::FromSql,
    >(
        s: &Store,
        sql: &str,
    ) -> Vec<(T, U, V)> {
        let mut stmt = s.conn.prepare(sql).expect("prepare");
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .expect("query")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("rows")
    }

    /// (day, sessions, sum of tension before) rows.
    type Days = Vec<(String, i64, i64)>;

    /// `session_days` as the triggers keep it, and as a recount of the live sessions.
    fn days_and_recount(s: &Store) -> (Days, Days) {
        (
            rows(
                s,
                "SELECT local_date, sessions, sum_before FROM session_days ORDER BY 1",
            ),
            rows(
                s,
                "SELECT local_date, count(*), sum(tension_before) FROM sessions \
                 WHERE deleted_at IS NULL GROUP BY local_date ORDER BY 1",
            ),
        )
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
            "SELECT * FROM goals ORDER BY 1",
            "SELECT * FROM rest_marks ORDER BY 1",
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
    fn sessions_are_accounted_for_in_file_order_and_the_schema_is_as_migrated() {
        let mut s = Store::open_in_memory().expect("store");
        let migrated = schema(&s);
        let f = |i: usize| {
            let i = i64::try_from(i).expect("small");
            fields(i % 40, i % 11, (i + 3) % 11)
        };
        // History: 150 sessions; then 7 deleted here and 8 erased (a tombstone).
        let history = ImportBatch {
            sessions: (0..150).map(|i| (meta(uuid(0x8000, i)), f(i))).collect(),
            ..ImportBatch::default()
        };
        let sum = s.import(&history).expect("import");
        assert_eq!((sum.sessions_added, sum.unchanged), (150, 0));
        s.delete(RecordRef::Session(uuid(0x8000, 8)), &now())
            .expect("delete");
        s.purge().expect("purge");
        s.delete(RecordRef::Session(uuid(0x8000, 7)), &now())
            .expect("delete");
        let before = contents(&s);

        // The file: new, the same content again, other content, deleted here, erased, and a
        // UUID twice in the file (its second copy other content).
        let other = fields(1, 0, 0);
        let mut batch = ImportBatch::default();
        batch.sessions.push((meta(uuid(0x8000, 200)), f(200)));
        batch.sessions.push((meta(uuid(0x8000, 90)), other.clone()));
        batch.sessions.push((meta(uuid(0x8000, 5)), f(5)));
        batch.sessions.push((meta(uuid(0x8000, 8)), f(8)));
        batch.sessions.push((meta(uuid(0x8000, 3)), other.clone()));
        batch.sessions.push((meta(uuid(0x8000, 7)), f(7)));
        batch.sessions.push((meta(uuid(0x8000, 201)), f(201)));
        batch
            .sessions
            .push((meta(uuid(0x8000, 201)), other.clone()));
        batch.sessions.push((meta(uuid(0x8000, 200)), f(200)));
        let sum = s.import(&batch).expect("import");
        let holds_other = |i| {
            format!(
                "session {} (the database holds other content)",
                uuid(0x8000, i)
            )
        };
        assert_eq!((sum.sessions_added, sum.unchanged), (2, 2));
        assert_eq!(
            sum.conflicts,
            vec![holds_other(90), holds_other(3), holds_other(201)]
        );
        assert_eq!(
            sum.deleted_here,
            vec![
                format!("session {}", uuid(0x8000, 8)),
                format!("session {}", uuid(0x8000, 7))
            ]
        );
        // Nothing deleted or erased came back; the totals the triggers keep equal a recount.
        assert!(
            s.deleted_here(&uuid(0x8000, 7)).expect("read").is_some()
                && s.deleted_here(&uuid(0x8000, 8)).expect("read").is_some()
        );
        let (days, recount) = days_and_recount(&s);
        assert_eq!(days, recount);
        assert_eq!(schema(&s), migrated);
        assert_ne!(contents(&s), before);
        let check = s.check_contents().expect("check");
        assert!(
            check.schema.is_empty() && check.day_totals.is_empty() && check.week_totals.is_empty(),
            "{check:?}"
        );

        // The same file again adds nothing and leaves the file as it was.
        let after = contents(&s);
        let again = s.import(&batch).expect("import");
        assert_eq!((again.sessions_added, again.unchanged), (0, 4));
        assert_eq!(contents(&s), after);
    }

    #[test]
    fn sessions_inserted_many_per_statement_are_accounted_for_as_one_at_a_time() {
        let f = |i: usize, v: usize| {
            let i = i64::try_from(i).expect("small");
            let v = i64::try_from(v).expect("small");
            fields(i % 40, v % 11, (i + 3) % 11)
        };
        let history = || {
            let mut s = Store::open_in_memory().expect("store");
            let batch = ImportBatch {
                sessions: (0..300).map(|i| (meta(uuid(0x8000, i)), f(i, i))).collect(),
                ..ImportBatch::default()
            };
            s.import(&batch).expect("import");
            s.delete(RecordRef::Session(uuid(0x8000, 130)), &now())
                .expect("delete");
            s.purge().expect("purge");
            s.delete(RecordRef::Session(uuid(0x8000, 257)), &now())
                .expect("delete");
            s
        };
        // Three statements' worth: new, present (same and other content), deleted, erased, and
        // UUIDs repeated within one statement's rows and across their edges.
        let mut file: Vec<(ImportMeta, SessionFields)> = (250..550)
            .map(|i| {
                (
                    meta(uuid(0x8000, i)),
                    f(i, if i % 7 == 0 { i + 1 } else { i }),
                )
            })
            .collect();
        for (at, i, v) in [
            (5, 130, 130),
            (6, 400, 1),
            (127, 401, 401),
            (128, 401, 2),
            (200, 260, 0),
        ] {
            file.insert(at, (meta(uuid(0x8000, i)), f(i, v)));
        }
        let mut batched = history();
        let sum = batched
            .import(&ImportBatch {
                sessions: file.clone(),
                ..ImportBatch::default()
            })
            .expect("import");
        let mut single = history();
        let mut one = ImportSummary::default();
        for rec in file {
            let s = single
                .import(&ImportBatch {
                    sessions: vec![rec],
                    ..ImportBatch::default()
                })
                .expect("import");
            one.sessions_added += s.sessions_added;
            one.unchanged += s.unchanged;
            one.conflicts.extend(s.conflicts);
            one.deleted_here.extend(s.deleted_here);
        }
        assert_eq!(sum, one);
        assert_eq!((sum.sessions_added, sum.deleted_here.len()), (250, 2));
        assert_eq!(contents(&batched), contents(&single));
    }

    #[test]
    fn sleep_notes_are_accounted_for_in_file_order() {
        let day = |n: usize| {
            NaiveDate::from_ymd_opt(2026, 1, 1).expect("date")
                + Duration::days(i64::try_from(n).expect("small"))
        };
        let note = |i: usize, night: usize, quality: u8| {
            (
                meta(uuid(0x9000, i)),
                SleepFields {
                    night: day(night),
                    quality,
                    hours: Some(7.5),
                    note: Some(format!("n{i}")),
                    diary: crate::domain::diary::Diary::default(),
                },
            )
        };
        // History: notes 0..10 on nights 0..10; note 3 erased (a tombstone), 4 deleted.
        let mut s = Store::open_in_memory().expect("store");
        let history = ImportBatch {
            sleep_notes: (0..10).map(|i| note(i, i, 3)).collect(),
            ..ImportBatch::default()
        };
        s.import(&history).expect("import");
        s.delete(RecordRef::Sleep(uuid(0x9000, 3)), &now())
            .expect("delete");
        s.purge().expect("purge");
        s.delete(RecordRef::Sleep(uuid(0x9000, 4)), &now())
            .expect("delete");
        // The file: the same content, other content, erased, deleted, a taken night, a UUID
        // twice, a night twice, a UUID first refused for its night and then given another.
        let batch = ImportBatch {
            sleep_notes: vec![
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
            ],
            ..ImportBatch::default()
        };
        let sum = s.import(&batch).expect("import");
        let id = |i| uuid(0x9000, i);
        assert_eq!((sum.sleep_notes_added, sum.unchanged), (3, 2), "{sum:?}");
        assert_eq!(
            sum.conflicts,
            vec![
                format!("sleep note {} (the database holds other content)", id(1)),
                format!(
                    "sleep note {} (night {} already has a note)",
                    id(20),
                    day(2)
                ),
                format!(
                    "sleep note {} (night {} already has a note)",
                    id(23),
                    day(301)
                ),
                format!(
                    "sleep note {} (night {} already has a note)",
                    id(24),
                    day(5)
                ),
            ]
        );
        assert_eq!(
            sum.deleted_here,
            vec![
                format!("sleep note {}", id(3)),
                format!("sleep note {}", id(4))
            ]
        );
    }

    #[test]
    fn conflicts_beyond_the_named_are_counted() {
        let mut s = Store::open_in_memory().expect("store");
        let n = NAMED_AT_MOST + 5;
        let batch = |before: i64| ImportBatch {
            sessions: (0..n)
                .map(|i| (meta(uuid(0x8000, i)), fields(1, before, 0)))
                .collect(),
            ..ImportBatch::default()
        };
        s.import(&batch(1)).expect("import");
        let sum = s.import(&batch(2)).expect("import");
        assert_eq!(sum.conflicts.len(), NAMED_AT_MOST);
        assert_eq!((sum.conflicts_unnamed, sum.conflict_count()), (5, n));
        assert!(sum.conflicts[0].contains(&uuid(0x8000, 0).to_string()));
    }

    #[test]
    fn a_file_broken_in_its_last_record_writes_nothing_even_into_a_new_database() {
        let session = |i: usize, before: usize| {
            format!(
                "{{\"uuid\":\"{}\",\"started_at\":\"2026-10-{:02}T20:00:00+01:00\",\
                 \"tension_before\":{before},\"tension_after\":2}}",
                uuid(0x8000, i),
                i % 28 + 1
            )
        };
        let mut sessions: Vec<String> = (0..1000).map(|i| session(i, 5)).collect();
        let good = format!("{{\"version\":1,\"sessions\":[{}]}}", sessions.join(","));
        sessions.push(session(1000, 11));
        let bad = format!("{{\"version\":1,\"sessions\":[{}]}}", sessions.join(","));
        let message = |e: ReadError<StoreError>| match e {
            ReadError::Import(e) => e.to_string(),
            other => format!("not an import error: {other:?}"),
        };
        let mut s = Store::open_in_memory().expect("store");
        let mut importer = s.begin_import().expect("begin");
        read_import(good.as_bytes(), &now(), &mut importer).expect("read");
        importer.commit().expect("commit");
        let before = contents(&s);
        {
            let mut importer = s.begin_import().expect("begin");
            let e = read_import(bad.as_bytes(), &now(), &mut importer).expect_err("bad");
            assert_eq!(
                message(e),
                "sessions[1000].tension_before: must be a whole number from 0 to 10 (got 11)"
            );
        }
        assert_eq!(contents(&s), before);

        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("new").join("footlog.db");
        let r = Store::import_at(&path, &now(), |importer| {
            read_import(bad.as_bytes(), &now(), importer)
                .map_err(|e| StoreError::Conflict(message(e)))
        });
        assert!(matches!(r, Err(StoreError::Conflict(_))), "{r:?}");
        assert!(!dir.path().join("new").exists());
        let sum = Store::import_at(&path, &now(), |importer| {
            read_import(good.as_bytes(), &now(), importer)
                .map_err(|e| StoreError::Conflict(message(e)))
        })
        .expect("import");
        assert_eq!(sum.sessions_added, 1000);
        assert_eq!(contents(&Store::open(&path).expect("open")), before);
    }
}
