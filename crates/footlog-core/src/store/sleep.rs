//! Sleep notes: one live note per night.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::{OptionalExtension, Transaction, params};
use uuid::Uuid;

use super::rows::{SLEEP_COLS, decode_all, decode_sleep, sleep_from_row, ts};
use super::{Result, Store, StoreError};
use crate::domain::damaged::Decoded;
use crate::domain::sleep::night_after_session;
use crate::domain::stats::SleepNight;
use crate::domain::{SleepFields, SleepNote};

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
            "INSERT INTO sleep_notes (uuid, night, quality, hours, note, created_at, updated_at) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 \
             WHERE NOT EXISTS (SELECT 1 FROM tombstones WHERE uuid = ?1) ON CONFLICT DO NOTHING",
        )?
        .execute(params![
            uuid.to_string(),
            f.night,
            f.quality,
            f.hours,
            f.note,
            ts(created_at),
            ts(updated_at)
        ])?;
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
                tx.execute(
                    "UPDATE sleep_notes SET quality = ?2, hours = ?3, note = ?4, updated_at = ?5 WHERE uuid = ?1",
                    params![existing.uuid.to_string(), f.quality, f.hours, f.note, ts(now)],
                )?;
                SleepNote {
                    uuid: existing.uuid,
                    fields: f,
                    created_at: existing.created_at,
                    updated_at: *now,
                }
            }
            None => {
                let uuid = Uuid::new_v4();
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
        if let Some(other) = note_for_night(&tx, f.night)?
            && other.uuid != *uuid
        {
            return Err(StoreError::Conflict(format!(
                "night {} already has a sleep note",
                f.night
            )));
        }
        let n = tx.execute(
            "UPDATE sleep_notes SET night = ?2, quality = ?3, hours = ?4, note = ?5, updated_at = ?6 \
             WHERE uuid = ?1 AND deleted_at IS NULL",
            params![uuid.to_string(), f.night, f.quality, f.hours, f.note, ts(now)],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(format!("no sleep note {uuid}")));
        }
        tx.commit()?;
        Ok(())
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
