//! Deleted records: listing them, and erasing their content for real. A delete keeps the
//! content [`KEEP_DELETED_DAYS`] days (undo); then, or at `footlog purge`, the row is removed
//! with `secure_delete` on (its bytes are zeroed, not left in free pages), the WAL is
//! checkpointed and truncated, and only a tombstone (UUID, kind, deleted time) stays.

use chrono::{DateTime, Duration, FixedOffset};
use rusqlite::{Connection, OptionalExtension, params};
use uuid::Uuid;

use super::rows::{SESSION_COLS, SLEEP_COL_COUNT, SLEEP_COLS, decode_session, decode_sleep};
use super::{Result, Store};
use crate::domain::RecordRef;
use crate::domain::damaged::Damaged;
use crate::domain::{Session, SleepNote};

/// Days a deleted record keeps its content before it is erased.
pub const KEEP_DELETED_DAYS: i64 = 30;

/// Deleted records whose content is still there (they can be brought back).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DeletedRecords {
    /// Deleted sessions with when they were deleted, by start.
    pub sessions: Vec<(Session, DateTime<FixedOffset>)>,
    /// Deleted sleep notes with when they were deleted, by night.
    pub sleep: Vec<(SleepNote, DateTime<FixedOffset>)>,
    /// Deleted rows that do not decode.
    pub damaged: Vec<Damaged>,
    /// Records erased already (tombstones).
    pub erased: usize,
}

/// What this database knows of a UUID that is not live: for import, which must never revive a
/// record deleted here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeletedHere {
    /// Deleted, content kept (it can still be undeleted); the stored `deleted_at`.
    Deleted(String),
    /// Deleted and erased: only a tombstone is left; the stored `deleted_at`.
    Erased(String),
}

/// Whether `uuid` names a record deleted (or erased) in the database behind `conn`: usable
/// inside an import's transaction. `None` for a live or unknown UUID.
pub fn deleted_here(conn: &Connection, uuid: &Uuid) -> Result<Option<DeletedHere>> {
    let u = uuid.to_string();
    for table in ["sessions", "sleep_notes"] {
        let at: Option<Option<String>> = conn
            .prepare_cached(&format!("SELECT deleted_at FROM {table} WHERE uuid = ?1"))?
            .query_row([&u], |r| r.get(0))
            .optional()?;
        if let Some(at) = at {
            return Ok(at.map(DeletedHere::Deleted));
        }
    }
    Ok(conn
        .prepare_cached("SELECT deleted_at FROM tombstones WHERE uuid = ?1")?
        .query_row([&u], |r| r.get(0))
        .optional()?
        .map(DeletedHere::Erased))
}

/// How many records an erasure removed, and whether the WAL could be emptied (it cannot while
/// another connection, such as an open app, is reading).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Erased {
    /// Sessions erased.
    pub sessions: usize,
    /// Sleep notes erased.
    pub sleep: usize,
    /// The WAL still holds pages from before the erasure.
    pub wal_busy: bool,
}

impl Erased {
    /// Records erased in all.
    pub fn total(&self) -> usize {
        self.sessions + self.sleep
    }
}

impl Store {
    /// Every deleted record whose content is still kept.
    pub fn deleted_records(&self) -> Result<DeletedRecords> {
        let mut out = DeletedRecords::default();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SESSION_COLS}, deleted_at FROM sessions WHERE deleted_at IS NOT NULL \
             ORDER BY started_utc, uuid"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            match decode_session(row).and_then(|s| Ok((s, deleted_time(row, 16, "sessions")?))) {
                Ok(x) => out.sessions.push(x),
                Err(d) => out.damaged.push(d),
            }
        }
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SLEEP_COLS}, deleted_at FROM sleep_notes WHERE deleted_at IS NOT NULL \
             ORDER BY night, uuid"
        ))?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            match decode_sleep(row)
                .and_then(|n| Ok((n, deleted_time(row, SLEEP_COL_COUNT, "sleep_notes")?)))
            {
                Ok(x) => out.sleep.push(x),
                Err(d) => out.damaged.push(d),
            }
        }
        out.erased = usize::try_from(self.conn.query_row(
            "SELECT count(*) FROM tombstones",
            [],
            |r| r.get::<_, i64>(0),
        )?)
        .unwrap_or(0);
        Ok(out)
    }

    /// The one deleted (not yet erased) record whose UUID starts with `prefix`.
    pub fn find_deleted_by_prefix(&self, prefix: &str) -> Result<RecordRef> {
        self.find_prefix(prefix, true)
    }

    /// Whether `uuid` names a record deleted or erased here (see [`deleted_here`]).
    pub fn deleted_here(&self, uuid: &Uuid) -> Result<Option<DeletedHere>> {
        deleted_here(&self.conn, uuid)
    }

    /// Erases every deleted record deleted at least [`KEEP_DELETED_DAYS`] days before `now`.
    /// Runs whenever footlog opens the database for writing (each writing command, and the
    /// app at start), so the clock is the caller's.
    pub fn erase_expired(&mut self, now: &DateTime<FixedOffset>) -> Result<Erased> {
        let cutoff = *now - Duration::days(KEEP_DELETED_DAYS);
        self.erase_deleted(Some(&cutoff))
    }

    /// Erases the content of every deleted record now (`footlog purge`).
    pub fn purge(&mut self) -> Result<Erased> {
        self.erase_deleted(None)
    }

    /// Replaces deleted rows by tombstones: those deleted at or before `cutoff`, or all. A
    /// `deleted_at` that cannot be read counts as old enough only for a purge.
    fn erase_deleted(&mut self, cutoff: Option<&DateTime<FixedOffset>>) -> Result<Erased> {
        let mut due: Vec<(&'static str, &'static str, String, String)> = Vec::new();
        for (table, kind) in [("sessions", "session"), ("sleep_notes", "sleep")] {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT uuid, deleted_at FROM {table} WHERE deleted_at IS NOT NULL"
            ))?;
            let rows =
                stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
            for row in rows {
                let (uuid, at) = row?;
                let old_enough = match (cutoff, DateTime::parse_from_rfc3339(&at)) {
                    (None, _) => true,
                    (Some(c), Ok(t)) => t <= *c,
                    (Some(_), Err(_)) => false,
                };
                if old_enough {
                    due.push((table, kind, uuid, at));
                }
            }
        }
        let mut erased = Erased::default();
        if due.is_empty() {
            return Ok(erased);
        }
        let tx = self.conn.transaction()?;
        for (table, kind, uuid, at) in &due {
            // Only the row as it was read: another process may have brought it back (undelete)
            // or deleted it again since (a new 30 days) between the read and this transaction.
            let n = tx.execute(
                &format!("DELETE FROM {table} WHERE uuid = ?1 AND deleted_at = ?2"),
                params![uuid, at],
            )?;
            if n == 1 {
                tx.execute(
                    "INSERT INTO tombstones (uuid, kind, deleted_at) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (uuid) DO NOTHING",
                    params![uuid, kind, at],
                )?;
            }
            if *table == "sessions" {
                erased.sessions += n;
            } else {
                erased.sleep += n;
            }
        }
        tx.commit()?;
        erased.wal_busy = !self.empty_wal()?;
        Ok(erased)
    }

    /// Copies the WAL into the database and truncates it, so pages from before an erasure are
    /// gone from the `-wal` file too; `false` when a reader kept it from finishing.
    fn empty_wal(&self) -> Result<bool> {
        if self.path.is_none() {
            return Ok(true);
        }
        // A reader in a long read transaction (an app reading) would make the checkpoint wait
        // the whole busy timeout; a second is enough for one that is just finishing.
        self.conn.busy_timeout(std::time::Duration::from_secs(1))?;
        let result = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                r.get::<_, i64>(0)
            });
        self.conn
            .busy_timeout(std::time::Duration::from_secs(super::BUSY_TIMEOUT_SECS))?;
        Ok(result? == 0)
    }
}

/// The `deleted_at` column of a deleted row.
fn deleted_time(
    row: &rusqlite::Row<'_>,
    idx: usize,
    table: &'static str,
) -> std::result::Result<DateTime<FixedOffset>, Damaged> {
    super::rows::Fields::new(row, table, 0, idx - 1).time(idx, "deleted_at")
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration};

    use super::*;
    use crate::domain::SessionDraft;
    use crate::store::StoreError;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
    }

    fn session(store: &mut Store, note: &str) -> Uuid {
        let mut d = SessionDraft::new(now() - Duration::days(1), 7, 3);
        d.note = Some(note.into());
        let f = d.validate(&now()).expect("valid");
        store.insert_session(f, &now()).expect("insert").uuid
    }

    #[test]
    fn deleted_records_are_erased_30_days_after_the_delete_and_leave_a_tombstone() {
        let mut store = Store::open_in_memory().expect("store");
        let old = session(&mut store, "old");
        let recent = session(&mut store, "recent");
        let live = session(&mut store, "live");
        let t0 = now();
        store.delete(RecordRef::Session(old), &t0).expect("delete");
        store
            .delete(RecordRef::Session(recent), &(t0 + Duration::days(1)))
            .expect("delete");
        assert_eq!(
            store.deleted_here(&old).expect("lookup"),
            Some(DeletedHere::Deleted("2026-11-23T20:30:00+01:00".into()))
        );
        // One second short of 30 days: nothing goes.
        let almost = t0 + Duration::days(KEEP_DELETED_DAYS) - Duration::seconds(1);
        assert_eq!(store.erase_expired(&almost).expect("erase").total(), 0);
        let erased = store
            .erase_expired(&(t0 + Duration::days(KEEP_DELETED_DAYS)))
            .expect("erase");
        assert_eq!((erased.sessions, erased.sleep), (1, 0));
        assert_eq!(
            store.deleted_here(&old).expect("lookup"),
            Some(DeletedHere::Erased("2026-11-23T20:30:00+01:00".into()))
        );
        assert!(matches!(
            store.deleted_here(&recent).expect("lookup"),
            Some(DeletedHere::Deleted(_))
        ));
        assert_eq!(store.deleted_here(&live).expect("lookup"), None);
        assert_eq!(store.deleted_here(&Uuid::new_v4()).expect("lookup"), None);
        let d = store.deleted_records().expect("deleted");
        assert_eq!(d.sessions.len(), 1);
        assert_eq!(d.sessions[0].0.uuid, recent);
        assert_eq!(d.erased, 1);
        assert!(matches!(
            store.undelete(RecordRef::Session(old)),
            Err(StoreError::NotFound(_))
        ));
        assert!(matches!(
            store.find_deleted_by_prefix(&old.to_string()[..8]),
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(store.purge().expect("purge").total(), 1);
        assert_eq!(store.deleted_records().expect("deleted").erased, 2);
        assert_eq!(store.sessions(None, None).expect("live").len(), 1);
        assert!(store.check_contents().expect("check").problems().is_empty());
    }

    #[test]
    fn a_damaged_row_is_named_by_the_decoding_reader_and_fails_the_strict_one() {
        let mut store = Store::open_in_memory().expect("store");
        let good = session(&mut store, "fine");
        let bad = session(&mut store, "broken");
        store
            .connection()
            .execute_batch(&format!(
                "PRAGMA ignore_check_constraints = ON;
                 UPDATE sessions SET minutes = 'many' WHERE uuid = '{bad}';
                 PRAGMA ignore_check_constraints = OFF;"
            ))
            .expect("damage");
        let d = store.sessions_decoded(None, None).expect("read");
        assert_eq!(d.records.len(), 1);
        assert_eq!(d.records[0].uuid, good);
        assert_eq!(d.damaged.len(), 1);
        assert_eq!(d.damaged[0].table, "sessions");
        assert_eq!(d.damaged[0].uuid, bad.to_string());
        assert_eq!(d.damaged[0].field, "minutes");
        match store.sessions(None, None) {
            Err(StoreError::DamagedRecord(x)) => assert_eq!(*x, d.damaged[0]),
            other => panic!("expected a damaged-record error, got {other:?}"),
        }
    }
}
