//! Sleep notes: one live note per night.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};
use uuid::Uuid;

use super::rows::{SLEEP_COLS, decode_all, decode_sleep, sleep_from_row, ts};
use super::{Result, Store, StoreError};
use crate::domain::damaged::Decoded;
use crate::domain::diary::NightClock;
use crate::domain::sleep::night_after_session;
use crate::domain::stats::SleepNight;
use crate::domain::sync_record::{SyncKind, natural_uuid};
use crate::domain::{SleepFields, SleepNote};

/// A diary clock time as stored: minutes since noon of the night's date.
fn clock(t: Option<NightClock>) -> Option<u16> {
    t.map(NightClock::minutes)
}

/// `?1` the UUID, `?2`–`?5` night, quality, hours and note, then the `times` (created and
/// updated, or updated), then the diary's seven items: the values of the insert and the update.
fn row_values(uuid: &Uuid, f: &SleepFields, times: &[&DateTime<FixedOffset>]) -> Vec<Value> {
    let int = |n: Option<i64>| n.map_or(Value::Null, Value::Integer);
    let at = |t: Option<NightClock>| int(clock(t).map(i64::from));
    let mut v = vec![
        Value::Text(uuid.to_string()),
        Value::Text(f.night.to_string()),
        Value::Integer(i64::from(f.quality)),
        f.hours.map_or(Value::Null, Value::Real),
        f.note.clone().map_or(Value::Null, Value::Text),
    ];
    v.extend(times.iter().map(|t| Value::Text(ts(t))));
    v.extend([
        at(f.diary.bed),
        at(f.diary.tried),
        int(f.diary.latency_min.map(i64::from)),
        int(f.diary.awakenings.map(i64::from)),
        int(f.diary.awake_min.map(i64::from)),
        at(f.diary.woke),
        at(f.diary.up),
    ]);
    v
}

/// Inserts a sleep-note row inside `tx`.
pub(super) fn insert_row(
    tx: &Transaction<'_>,
    uuid: &Uuid,
    f: &SleepFields,
    created_at: &DateTime<FixedOffset>,
    updated_at: &DateTime<FixedOffset>,
) -> Result<bool> {
    // No conflict target: a taken UUID or a night that already has a live note inserts nothing;
    // nor does the UUID of an erased note (a tombstone).
    let n = tx
        .prepare_cached(
            "INSERT INTO sleep_notes (uuid, night, quality, hours, note, created_at, updated_at, \
             bed, tried, latency_min, awakenings, awake_min, woke, up) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14 \
             WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE uuid = ?1) ON CONFLICT DO NOTHING",
        )?
        .execute(params_from_iter(row_values(
            uuid,
            f,
            &[created_at, updated_at],
        )))?;
    Ok(n == 1)
}

/// The live note for `night`, if any.
pub(super) fn note_for_night(tx: &Transaction<'_>, night: NaiveDate) -> Result<Option<SleepNote>> {
    Ok(tx
        .prepare_cached(&format!(
            "SELECT {SLEEP_COLS} FROM sleep_notes WHERE night = ?1 AND deleted_at IS NULL"
        ))?
        .query_row([night], sleep_from_row)
        .optional()?)
}

/// Replaces the fields of the live sleep note `uuid` inside `tx`; its night may change if free.
fn update_sleep_in(
    tx: &Transaction<'_>,
    uuid: &Uuid,
    f: &SleepFields,
    now: &DateTime<FixedOffset>,
) -> Result<()> {
    if let Some(other) = note_for_night(tx, f.night)?
        && other.uuid != *uuid
    {
        return Err(StoreError::Conflict(format!(
            "night {} already has a sleep note",
            f.night
        )));
    }
    let n = tx.execute(
        "UPDATE sleep_notes SET night = ?2, quality = ?3, hours = ?4, note = ?5, updated_at = ?6, \
         bed = ?7, tried = ?8, latency_min = ?9, awakenings = ?10, awake_min = ?11, woke = ?12, \
         up = ?13 WHERE uuid = ?1 AND deleted_at IS NULL",
        params_from_iter(row_values(uuid, f, &[now])),
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("no sleep note {uuid}")));
    }
    Ok(())
}

/// A new note's UUID: the night's own (derived from the date, the same on every device, so two
/// devices' notes for one night are one record that sync merges field by field), unless a note
/// of this database, deleted or erased, holds it already; then a random one.
fn new_note_uuid(tx: &Transaction<'_>, night: NaiveDate) -> Result<Uuid> {
    let natural = natural_uuid(SyncKind::Sleep, &night.to_string());
    let taken = tx
        .prepare_cached(
            "SELECT 1 FROM sleep_notes WHERE uuid = ?1 UNION ALL \
             SELECT 1 FROM tombstones WHERE uuid = ?1",
        )?
        .query_row([natural.to_string()], |_| Ok(()))
        .optional()?
        .is_some();
    Ok(if taken { Uuid::new_v4() } else { natural })
}

impl Store {
    /// Stores a sleep note. A night that already has one is a conflict unless `replace`,
    /// which updates the existing note in place (keeping its UUID).
    pub fn put_sleep(
        &mut self,
        f: SleepFields,
        replace: bool,
        now: &DateTime<FixedOffset>,
    ) -> Result<SleepNote> {
        let tx = self.conn.transaction()?;
        let note = match note_for_night(&tx, f.night)? {
            Some(existing) if !replace => {
                return Err(StoreError::Conflict(format!(
                    "night {} already has a sleep note (quality {}); use --replace to overwrite it",
                    f.night, existing.fields.quality
                )));
            }
            Some(existing) => {
                update_sleep_in(&tx, &existing.uuid, &f, now)?;
                SleepNote {
                    uuid: existing.uuid,
                    fields: f,
                    created_at: existing.created_at,
                    updated_at: *now,
                }
            }
            None => {
                let uuid = new_note_uuid(&tx, f.night)?;
                if !insert_row(&tx, &uuid, &f, now, now)? {
                    return Err(StoreError::Conflict(format!(
                        "a sleep note {uuid} exists already"
                    )));
                }
                SleepNote {
                    uuid,
                    fields: f,
                    created_at: *now,
                    updated_at: *now,
                }
            }
        };
        tx.commit()?;
        Ok(note)
    }

    /// Replaces a live sleep note's fields (the TUI's edit); its night may change if free.
    pub fn update_sleep(
        &mut self,
        uuid: &Uuid,
        f: &SleepFields,
        now: &DateTime<FixedOffset>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        update_sleep_in(&tx, uuid, f, now)?;
        tx.commit()?;
        Ok(())
    }

    /// [`Store::update_sleep`] only if the note's fields are still `base` (what the edit began
    /// from): otherwise nothing is written and the note as it is now is returned, so an edit
    /// never silently reverts what another footlog saved meanwhile. The look and the write are
    /// one transaction holding the write lock.
    pub fn update_sleep_unless_changed(
        &mut self,
        uuid: &Uuid,
        f: &SleepFields,
        base: &SleepFields,
        now: &DateTime<FixedOffset>,
    ) -> Result<Option<SleepNote>> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current = tx
            .prepare_cached(&format!(
                "SELECT {SLEEP_COLS} FROM sleep_notes WHERE uuid = ?1 AND deleted_at IS NULL"
            ))?
            .query_row([uuid.to_string()], sleep_from_row)
            .optional()?;
        match current {
            Some(now_there) if now_there.fields != *base => return Ok(Some(now_there)),
            Some(_) => {}
            None => return Err(StoreError::NotFound(format!("no sleep note {uuid}"))),
        }
        update_sleep_in(&tx, uuid, f, now)?;
        tx.commit()?;
        Ok(None)
    }

    /// Live sleep notes with nights within the bounds, by night.
    /// A row that does not decode is an error naming it (see [`Store::sleep_notes_decoded`]).
    pub fn sleep_notes(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Vec<SleepNote>> {
        let d = self.sleep_notes_decoded(since, until)?;
        match d.damaged.into_iter().next() {
            None => Ok(d.records),
            Some(bad) => Err(StoreError::DamagedRecord(Box::new(bad))),
        }
    }

    /// Live sleep notes with nights within the bounds, by night, and the rows among them that
    /// do not decode (left out of `records`).
    pub fn sleep_notes_decoded(
        &self,
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
    ) -> Result<Decoded<SleepNote>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SLEEP_COLS} FROM sleep_notes WHERE deleted_at IS NULL \
             AND night >= coalesce(?1, '0000-01-01') AND night <= coalesce(?2, '9999-12-31') ORDER BY night"
        ))?;
        Ok(decode_all(&mut stmt, params![since, until], decode_sleep)?)
    }

    /// (night, quality) of every live sleep note.
    pub fn sleep_qualities(&self) -> Result<Vec<(NaiveDate, u8)>> {
        Ok(self
            .sleep_nights()?
            .into_iter()
            .map(|n| (n.night, n.quality))
            .collect())
    }

    /// Every live sleep note's night and quality, oldest first, and whether a live session
    /// came before that night ([`night_after_session`]: that day's, or the next day's small
    /// hours).
    pub fn sleep_nights(&self) -> Result<Vec<SleepNight>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT night, quality FROM sleep_notes WHERE deleted_at IS NULL ORDER BY night",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0).ok(), r.get(1).ok())))?;
        // A note that cannot be read is left out; `check` names it.
        let mut out: Vec<SleepNight> = Vec::new();
        for row in rows {
            if let (Some(night), Some(quality)) = row?
                && (1..=5).contains(&quality)
            {
                out.push(SleepNight {
                    night,
                    quality,
                    after_massage: false,
                });
            }
        }
        // The sessions of each noted night's day and of the morning after, by the day index.
        let mut stmt = self.conn.prepare_cached(
            "SELECT n.night, s.started_at FROM sleep_notes n \
             JOIN sessions s ON s.deleted_at IS NULL \
              AND s.local_date IN (n.night, date(n.night, '+1 day')) \
             WHERE n.deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, NaiveDate>(0).ok(),
                r.get::<_, DateTime<FixedOffset>>(1).ok(),
            ))
        })?;
        let mut massage_nights = std::collections::BTreeSet::new();
        for row in rows {
            if let (Some(night), Some(started)) = row?
                && night_after_session(started.naive_local()) == night
            {
                massage_nights.insert(night);
            }
        }
        for n in &mut out {
            n.after_massage = massage_nights.contains(&n.night);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod diary_tests {
    use chrono::{DateTime, FixedOffset, NaiveDate};

    use crate::domain::diary::DiaryDraft;
    use crate::domain::sleep::SleepDraft;
    use crate::store::Store;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-12-05T09:00:00+01:00").expect("time")
    }

    fn night(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).expect("date")
    }

    /// A note for night 1 with every diary item.
    fn full_note() -> crate::domain::SleepFields {
        SleepDraft {
            night: night(1),
            quality: 4,
            hours: None,
            note: None,
            diary: full(),
        }
        .validate()
        .expect("valid")
    }

    fn full() -> DiaryDraft {
        DiaryDraft {
            bed: Some("22:30".into()),
            tried: Some("23:00".into()),
            latency_min: Some(20),
            awakenings: Some(2),
            awake_min: Some(25),
            woke: Some("06:30".into()),
            up: Some("07:00".into()),
        }
    }

    #[test]
    fn the_items_are_stored_read_back_and_replaced() {
        let mut store = Store::open_in_memory().expect("store");
        let f = full_note();
        let note = store.put_sleep(f.clone(), false, &now()).expect("put");
        let read = store.sleep_notes(None, None).expect("read");
        assert_eq!(read[0].fields, f);
        assert_eq!(read[0].fields.diary.total_sleep_min(), Some(405));
        // The TUI's edit keeps or changes them; none clears them.
        let mut g = f.clone();
        g.diary = DiaryDraft::default().validate().expect("empty");
        g.hours = Some(7.0);
        store.update_sleep(&note.uuid, &g, &now()).expect("update");
        let read = store.sleep_notes(None, None).expect("read");
        assert!(read[0].fields.diary.is_empty());
        assert_eq!(read[0].fields.hours, Some(7.0));
        store.put_sleep(f.clone(), true, &now()).expect("replace");
        assert_eq!(store.sleep_notes(None, None).expect("read")[0].fields, f);
    }

    /// The schema refuses what the domain refuses, whoever writes the row.
    #[test]
    fn the_schema_refuses_an_impossible_night() {
        let store = Store::open_in_memory().expect("store");
        let insert = |cols: &str, vals: &str| {
            store.conn.execute(
                &format!(
                    "INSERT INTO sleep_notes (uuid, night, quality, created_at, updated_at{cols}) \
                     VALUES ('00000000-0000-4000-8000-000000000001', '2026-12-01', 3, 't', 't'{vals})"
                ),
                [],
            )
        };
        // bed 22:30 = 630, tried 23:00 = 660, woke 06:30 = 1110, up 07:00 = 1140.
        for (cols, vals, why) in [
            (", bed", ", 1440", "bed past 11:59"),
            (", bed", ", -1", "bed before 12:00"),
            (", bed", ", '22:30'", "bed as text"),
            (", bed", ", 630.5", "bed as a fraction"),
            (", bed, up", ", 660, 630", "up before bed"),
            (", bed, tried", ", 660, 630", "tried before bed"),
            (", tried, woke", ", 660, 630", "woke before tried"),
            (", woke, up", ", 1110, 1100", "up before woke"),
            (", bed, woke", ", 700, 690", "woke before bed"),
            (", latency_min", ", 721", "latency over 720"),
            (", latency_min", ", -1", "negative latency"),
            (
                ", tried, latency_min, woke",
                ", 660, 451, 1110",
                "latency longer than the night",
            ),
            (", awakenings", ", 100", "awakenings over 99"),
            (", awake_min", ", 721", "awake over 720"),
            (
                ", awakenings, awake_min",
                ", 0, 5",
                "awake without awakenings",
            ),
            (
                ", tried, latency_min, awake_min, woke",
                ", 660, 20, 431, 1110",
                "negative total sleep",
            ),
        ] {
            assert!(insert(cols, vals).is_err(), "{why} was stored");
        }
        insert(
            ", bed, tried, latency_min, awakenings, awake_min, woke, up",
            ", 630, 660, 20, 2, 25, 1110, 1140",
        )
        .expect("a possible night is stored");
    }

    /// A row written around the schema's rules (CHECKs off) is named by `check`'s reader.
    #[test]
    fn a_row_the_domain_refuses_is_damaged_naming_the_field() {
        let mut store = Store::open_in_memory().expect("store");
        let f = full_note();
        store.put_sleep(f, false, &now()).expect("put");
        store
            .conn
            .execute_batch("PRAGMA ignore_check_constraints = ON; UPDATE sleep_notes SET up = 600;")
            .expect("bypass");
        let d = store.sleep_notes_decoded(None, None).expect("read");
        assert!(d.records.is_empty());
        assert_eq!(d.damaged[0].field, "up");
    }
}
