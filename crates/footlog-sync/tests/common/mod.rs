//! Devices for sync tests: each a temp folder with its own `footlog.db`, syncing in-process
//! through one loopback [`TestServer`], on a clock the test moves.

#![allow(
    dead_code,
    clippy::expect_used,
    clippy::panic,
    clippy::missing_panics_doc
)]

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use footlog_core::domain::sleep::SleepDraft;
use footlog_core::domain::{RecordRef, SessionDraft};
use footlog_core::store::{ExportDoc, Store};
use footlog_sync::{SyncKey, SyncPaths, SyncReport};
use tempfile::TempDir;
use uuid::Uuid;

pub use footlog_sync_testserver::TestServer;

/// A clock the test moves: a minute per tick unless told otherwise.
#[derive(Debug, Clone, Copy)]
pub struct Clock(pub DateTime<FixedOffset>);

impl Clock {
    pub fn new() -> Clock {
        Clock(DateTime::parse_from_rfc3339("2026-03-02T09:00:00+01:00").expect("a time"))
    }

    /// Moves on a minute; the new time.
    pub fn tick(&mut self) -> DateTime<FixedOffset> {
        self.advance(Duration::minutes(1))
    }

    pub fn advance(&mut self, by: Duration) -> DateTime<FixedOffset> {
        self.0 += by;
        self.0
    }

    pub fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }

    pub fn today(&self) -> NaiveDate {
        self.0.date_naive()
    }
}

/// A valid sleep note's fields: `quality`, 7.5 hours, `note`.
fn sleep_fields(
    night: NaiveDate,
    quality: i64,
    note: Option<&str>,
) -> footlog_core::domain::SleepFields {
    SleepDraft {
        night,
        quality,
        hours: Some(7.5),
        note: note.map(str::to_string),
        diary: footlog_core::domain::diary::DiaryDraft::default(),
    }
    .validate()
    .expect("a valid note")
}

/// One machine: a folder with its own database.
pub struct Device {
    pub name: String,
    _dir: TempDir,
    pub paths: SyncPaths,
}

impl Device {
    pub fn new(name: &str) -> Device {
        let dir = tempfile::tempdir().expect("a temp folder");
        let paths = SyncPaths::new(&dir.path().join("footlog.db"));
        Device {
            name: name.to_string(),
            _dir: dir,
            paths,
        }
    }

    pub fn store(&self, now: &DateTime<FixedOffset>) -> Store {
        Store::open_for_writing(&self.paths.db, now).expect("open the database")
    }

    /// Sets up sync with a new history; the key.
    pub fn setup_new(&self, server: &TestServer, now: &DateTime<FixedOffset>) -> SyncKey {
        let (key, first) =
            footlog_sync::setup_new(&self.paths, &server.url(), now).expect("setup --new");
        first.expect("the first sync");
        key
    }

    pub fn join(
        &self,
        server: &TestServer,
        key: &SyncKey,
        now: &DateTime<FixedOffset>,
    ) -> SyncReport {
        footlog_sync::setup_join(&self.paths, &server.url(), key, now)
            .unwrap_or_else(|e| panic!("{} joins: {e}", self.name))
    }

    pub fn sync(&self, now: &DateTime<FixedOffset>) -> SyncReport {
        footlog_sync::sync_now(&self.paths, now)
            .unwrap_or_else(|e| panic!("{} syncs: {e:?}", self.name))
    }

    /// Logs a session started an hour before `now`.
    pub fn log(&self, now: &DateTime<FixedOffset>, note: Option<&str>) -> Uuid {
        let mut d = SessionDraft::new(*now - Duration::hours(1), 6, 3);
        d.note = note.map(str::to_string);
        let fields = d.validate(now).expect("a valid session");
        self.store(now)
            .insert_session(fields, now)
            .expect("insert a session")
            .uuid
    }

    /// Edits session `uuid` with `edit`.
    pub fn edit(
        &self,
        uuid: Uuid,
        now: &DateTime<FixedOffset>,
        edit: impl FnOnce(&mut footlog_core::domain::SessionFields),
    ) {
        let mut store = self.store(now);
        let mut fields = store
            .session(&uuid)
            .expect("read")
            .expect("a live session")
            .fields;
        edit(&mut fields);
        store.update_session(&uuid, &fields, now).expect("update");
    }

    pub fn sleep(
        &self,
        now: &DateTime<FixedOffset>,
        night: NaiveDate,
        quality: i64,
        note: Option<&str>,
    ) -> Uuid {
        self.store(now)
            .put_sleep(sleep_fields(night, quality, note), true, now)
            .expect("put a sleep note")
            .uuid
    }

    /// A note for `night` under a UUID of its own: written for the night before, then moved
    /// (a note written for `night` takes the night's UUID, the same on every device).
    pub fn sleep_own_uuid(
        &self,
        now: &DateTime<FixedOffset>,
        night: NaiveDate,
        quality: i64,
        note: Option<&str>,
    ) -> Uuid {
        let before = night.pred_opt().expect("a day before");
        let uuid = self.sleep(now, before, quality, note);
        self.store(now)
            .update_sleep(&uuid, &sleep_fields(night, quality, note), now)
            .expect("move the note");
        uuid
    }

    pub fn delete(&self, rec: RecordRef, now: &DateTime<FixedOffset>) {
        self.store(now).delete(rec, now).expect("delete");
    }

    pub fn undelete(&self, rec: RecordRef, now: &DateTime<FixedOffset>) {
        self.store(now).undelete(rec).expect("undelete");
    }

    pub fn export(&self) -> ExportDoc {
        Store::open_for_reading(&self.paths.db)
            .expect("open")
            .export()
            .expect("export")
    }

    /// The UUIDs of deleted records whose content is kept.
    pub fn deleted(&self) -> BTreeSet<Uuid> {
        let d = Store::open_for_reading(&self.paths.db)
            .expect("open")
            .deleted_records()
            .expect("deleted records");
        d.sessions
            .iter()
            .map(|(s, _)| s.uuid)
            .chain(d.sleep.iter().map(|(n, _)| n.uuid))
            .collect()
    }

    /// The UUIDs of records erased here (tombstones).
    pub fn erased(&self) -> BTreeSet<Uuid> {
        let store = Store::open_for_reading(&self.paths.db).expect("open");
        let mut stmt = store
            .connection()
            .prepare("SELECT uuid FROM tombstones")
            .expect("tombstones");
        stmt.query_map([], |r| r.get::<_, String>(0))
            .expect("query")
            .map(|u| Uuid::parse_str(&u.expect("row")).expect("a uuid"))
            .collect()
    }

    /// Every UUID this device holds, live, deleted or erased.
    pub fn live(&self) -> BTreeSet<Uuid> {
        let doc = self.export();
        doc.sessions
            .iter()
            .map(|s| Uuid::parse_str(&s.uuid).expect("uuid"))
            .chain(
                doc.sleep_notes
                    .iter()
                    .map(|n| Uuid::parse_str(&n.uuid).expect("uuid")),
            )
            .collect()
    }
}

/// Asserts every device holds the same records (export and deleted ones).
pub fn assert_same(devices: &[&Device]) {
    let first = devices.first().expect("a device");
    let (doc, deleted) = (first.export(), first.deleted());
    for d in devices.iter().skip(1) {
        assert_eq!(d.export(), doc, "{} and {} differ", d.name, first.name);
        assert_eq!(
            d.deleted(),
            deleted,
            "{} and {} differ in deleted records",
            d.name,
            first.name
        );
    }
}
