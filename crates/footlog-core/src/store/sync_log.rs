//! The database's side of sync: the changes made here since the last sync (recorded by the
//! schema's triggers in the same transaction as each change, see `migrations/06-sync`), the state
//! last agreed with the replica, and the writing of what a sync received: each record read through
//! the import's parser and written through the same inserts and updates as one logged by hand.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use uuid::Uuid;

use super::rows::{SESSION_COLS, SLEEP_COLS, session_from_row, sleep_from_row, ts};
use super::settings::{HEALTH_KEY, put_setting_in};
use super::{Result, Store, StoreError, goals, sessions, sleep};
use crate::domain::health::HealthProfile;
use crate::domain::record::{
    JsonCell, RecordIn, SessionRecord, SleepRecord, parse_goal, parse_rest, parse_session,
    parse_sleep,
};
use crate::domain::sync_record::{
    DELETED_AT, Props, SETTING_NAME, SyncKind, deleted_at, is_history_marker, json_text, kind_of,
    merge_props, natural_uuid, props_of, record_in, setting_object, stamp_edit_time, text_of,
};
use crate::domain::time::parse_rfc3339;
use crate::domain::{GoalChange, RestMark, WeekStart};

const WEEK_START_KEY: &str = goals::WEEK_START_KEY;

/// One record changed here since it was last handed to the replica.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalChange {
    /// The replica's task for the record.
    pub uuid: Uuid,
    pub kind: SyncKind,
    /// The record's key in the outbox: its UUID, date or setting name.
    pub key: String,
    /// The number of its latest change (a later change while a sync runs keeps it pending).
    pub seq: i64,
    /// The record as it is now; `None` when it is gone here (erased, purged or removed).
    pub props: Option<Props>,
    /// When it was changed here, by the clock of the footlog that changed it (RFC 3339), if
    /// known: the time of the edit for a record that has none of its own (a goal, a rest week,
    /// a setting).
    pub changed_at: Option<String>,
}

/// What writing a sync's records did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Applied {
    /// Records written here.
    pub records: usize,
    /// Two live notes for one night: the note kept as deleted, by night (the later stays).
    pub night_conflicts: Vec<(String, Uuid)>,
    /// Records this footlog cannot read (a newer footlog's, or refused by a rule), with why;
    /// they stay in the replica and are tried again at the next sync.
    pub unreadable: Vec<(Uuid, String)>,
}

fn sync_error(e: serde_json::Error) -> StoreError {
    StoreError::corrupt_because(format!("sync record: {e}"), e)
}

/// Records the change of `kind`/`key` in the outbox, as the triggers do.
fn record_change(tx: &Transaction<'_>, kind: SyncKind, key: &str) -> Result<()> {
    tx.execute("UPDATE sync_switch SET seq = seq + 1 WHERE id = 1", [])?;
    // No time of its own: a change kept from before (its time stays), or one made by a sync.
    tx.execute(
        "INSERT INTO sync_outbox (kind, key, seq) \
         VALUES (?1, ?2, (SELECT seq FROM sync_switch WHERE id = 1)) \
         ON CONFLICT (kind, key) DO UPDATE SET seq = excluded.seq",
        params![kind.as_str(), key],
    )?;
    Ok(())
}

/// When the record of `kind` named `key` was changed here, if a change of it waits.
fn pending_change_time(tx: &Transaction<'_>, kind: SyncKind, key: &str) -> Result<Option<String>> {
    Ok(tx
        .prepare_cached("SELECT changed_at FROM sync_outbox WHERE kind = ?1 AND key = ?2")?
        .query_row(params![kind.as_str(), key], |r| {
            r.get::<_, Option<String>>(0)
        })
        .optional()?
        .flatten())
}

/// The record of `kind` named `key` as it is now in the database, as properties.
fn current(tx: &Transaction<'_>, kind: SyncKind, key: &str) -> Result<Option<Props>> {
    Ok(match kind {
        SyncKind::Session => dated_record(tx, kind, "sessions", SESSION_COLS, key, |r| {
            session_from_row(r).map(|s| SessionRecord::new(&s, true))
        })?,
        SyncKind::Sleep => dated_record(tx, kind, "sleep_notes", SLEEP_COLS, key, |r| {
            sleep_from_row(r).map(|n| SleepRecord::new(&n, true))
        })?,
        SyncKind::Goal => tx
            .prepare_cached("SELECT effective_from, per_week FROM goals WHERE effective_from = ?1")?
            .query_row([key], |r| {
                Ok(GoalChange {
                    effective_from: r.get(0)?,
                    per_week: r.get(1)?,
                })
            })
            .optional()?
            .map(|g| props_of(kind, &g).map_err(sync_error))
            .transpose()?,
        SyncKind::Rest => tx
            .prepare_cached("SELECT date, reason FROM rest_marks WHERE date = ?1")?
            .query_row([key], |r| {
                Ok(RestMark {
                    date: r.get(0)?,
                    reason: r.get(1)?,
                })
            })
            .optional()?
            .map(|m| props_of(kind, &m).map_err(sync_error))
            .transpose()?,
        SyncKind::Setting => {
            let value: Option<String> = tx
                .prepare_cached("SELECT value FROM settings WHERE key = ?1")?
                .query_row([key], |r| r.get(0))
                .optional()?;
            value.map(|v| setting_props(key, &v)).transpose()?
        }
    })
}

/// The session or sleep note `uuid` of `table`, deleted or not, as properties: its export
/// record (read by `record` from the columns `cols`) and, if deleted, `deleted_at`.
fn dated_record<R: serde::Serialize>(
    tx: &Transaction<'_>,
    kind: SyncKind,
    table: &str,
    cols: &str,
    uuid: &str,
    record: fn(&rusqlite::Row<'_>) -> rusqlite::Result<R>,
) -> Result<Option<Props>> {
    // `deleted_at` follows the record's own columns.
    let deleted_idx = cols.split(',').count();
    let Some((rec, deleted)) = tx
        .prepare_cached(&format!(
            "SELECT {cols}, deleted_at FROM {table} WHERE uuid = ?1"
        ))?
        .query_row([uuid], |r| {
            Ok((record(r)?, r.get::<_, Option<String>>(deleted_idx)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let mut props = props_of(kind, &rec).map_err(sync_error)?;
    if let Some(d) = deleted {
        props.insert(DELETED_AT.into(), json_text(&d));
    }
    Ok(Some(props))
}

/// A setting as a record: `{"name": …}` and its fields (the week start's one word, the health
/// profile's each condition).
fn setting_props(name: &str, value: &str) -> Result<Props> {
    let mut object = serde_json::Map::new();
    object.insert(SETTING_NAME.into(), serde_json::Value::String(name.into()));
    if name == HEALTH_KEY {
        let profile: HealthProfile = serde_json::from_str(value).map_err(sync_error)?;
        if let serde_json::Value::Object(fields) =
            serde_json::to_value(profile).map_err(sync_error)?
        {
            object.extend(fields);
        }
    } else {
        object.insert(name.into(), serde_json::Value::String(value.into()));
    }
    props_of(SyncKind::Setting, &object).map_err(sync_error)
}

/// The replica's task for the record of `kind` named `key`.
fn task_uuid(kind: SyncKind, key: &str) -> Option<Uuid> {
    if kind.has_own_uuid() {
        Uuid::parse_str(key).ok()
    } else {
        Some(natural_uuid(kind, key))
    }
}

/// The outbox key of a record from its properties: its date or setting name.
fn natural_key(kind: SyncKind, props: &Props) -> Option<String> {
    let field = match kind {
        SyncKind::Goal => "effective_from",
        SyncKind::Rest => "date",
        SyncKind::Setting => SETTING_NAME,
        SyncKind::Session | SyncKind::Sleep => return None,
    };
    props.get(field).and_then(|v| text_of(v))
}

impl Store {
    /// A write transaction that waits for other writers (the busy timeout) from its start.
    fn sync_tx(&mut self) -> Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// Starts recording changes for sync, with every record there is as changed (so the first
    /// sync sends everything); forgets any state agreed with an earlier replica.
    pub fn start_sync_recording(&mut self) -> Result<usize> {
        let tx = self.sync_tx()?;
        tx.execute("DELETE FROM sync_shadow", [])?;
        tx.execute(
            "UPDATE sync_switch SET recording = 1, applying = 0 WHERE id = 1",
            [],
        )?;
        tx.execute(
            &format!(
                "INSERT INTO sync_outbox (kind, key, seq) SELECT kind, key, 1 FROM ({EVERY_RECORD}) \
                 WHERE true ON CONFLICT (kind, key) DO NOTHING"
            ),
            [],
        )?;
        tx.execute("UPDATE sync_switch SET seq = seq + 1 WHERE id = 1", [])?;
        let n: i64 = tx.query_row("SELECT count(*) FROM sync_outbox", [], |r| r.get(0))?;
        tx.commit()?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// Stops recording changes for sync and forgets what was pending (`footlog sync off`).
    pub fn stop_sync_recording(&mut self) -> Result<()> {
        let tx = self.sync_tx()?;
        tx.execute(
            "UPDATE sync_switch SET recording = 0, applying = 0 WHERE id = 1",
            [],
        )?;
        tx.execute("DELETE FROM sync_outbox", [])?;
        tx.execute("DELETE FROM sync_shadow", [])?;
        tx.commit()?;
        Ok(())
    }

    /// Sets the clock that dates the changes recorded for sync (see migration 06's
    /// `sync_switch.clock`): the door for writes sets it, and the app before each change. Writes
    /// nothing when sync is not set up.
    pub fn set_sync_clock(&mut self, now: &DateTime<FixedOffset>) -> Result<()> {
        self.conn.execute(
            "UPDATE sync_switch SET clock = ?1 WHERE id = 1 AND recording = 1 AND clock IS NOT ?1",
            [ts(now)],
        )?;
        Ok(())
    }

    /// The replica's tasks of the records changed here and not yet handed to the replica.
    pub fn sync_pending_tasks(&self) -> Result<std::collections::HashSet<Uuid>> {
        let mut stmt = self.conn.prepare("SELECT kind, key FROM sync_outbox")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = std::collections::HashSet::new();
        for row in rows {
            let (kind, key) = row?;
            if let Some(u) = SyncKind::parse(&kind).and_then(|k| task_uuid(k, &key)) {
                out.insert(u);
            }
        }
        Ok(out)
    }

    /// Every record changed here since it was last handed to the replica, as it is now (one
    /// snapshot of the database).
    pub fn sync_local_changes(&self) -> Result<Vec<LocalChange>> {
        let tx = self.read_snapshot()?;
        let pending: Vec<(String, String, i64, Option<String>)> = tx
            .prepare("SELECT kind, key, seq, changed_at FROM sync_outbox ORDER BY seq")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::with_capacity(pending.len());
        for (kind, key, seq, changed_at) in pending {
            let Some(kind) = SyncKind::parse(&kind) else {
                continue;
            };
            let Some(uuid) = task_uuid(kind, &key) else {
                continue;
            };
            let props = current(&tx, kind, &key)?;
            out.push(LocalChange {
                uuid,
                kind,
                key,
                seq,
                props,
                changed_at,
            });
        }
        Ok(out)
    }

    /// The state last agreed with the replica, by task.
    pub fn sync_shadows(&self) -> Result<HashMap<Uuid, Props>> {
        shadows_in(&self.conn)
    }

    /// Notes that `sent` reached the replica: each is agreed as it was sent and leaves the outbox,
    /// unless it changed again meanwhile (then it stays for the next sync).
    pub fn sync_mark_sent(&mut self, sent: &[LocalChange]) -> Result<()> {
        let tx = self.sync_tx()?;
        for c in sent {
            put_shadow(&tx, c.uuid, c.props.as_ref())?;
            tx.execute(
                "DELETE FROM sync_outbox WHERE kind = ?1 AND key = ?2 AND seq = ?3",
                params![c.kind.as_str(), c.key, c.seq],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Writes what a sync received: for each task whose replica state (`None`: erased) differs
    /// from the state last agreed, the three-way merge of the agreed state, this database's record
    /// and the replica's, in one transaction. A record whose merge keeps a change made here stays
    /// pending, to be sent at the next sync.
    pub fn sync_apply(
        &mut self,
        incoming: &[(Uuid, Option<Props>)],
        now: &DateTime<FixedOffset>,
    ) -> Result<Applied> {
        let tx = self.sync_tx()?;
        // Read under the write lock: what was agreed cannot change (a restore, say) before the
        // merge that builds on it is written.
        let shadows = shadows_in(&tx)?;
        tx.execute("UPDATE sync_switch SET applying = 1 WHERE id = 1", [])?;
        let mut applied = Applied::default();
        // Deletes first: a note deleted on another device makes way for the note that took its
        // night there, whatever order the replica lists them in.
        let mut incoming: Vec<&(Uuid, Option<Props>)> = incoming.iter().collect();
        incoming
            .sort_by_key(|(_, remote)| remote.as_ref().is_some_and(|r| deleted_at(r).is_none()));
        for (uuid, remote) in incoming {
            let base = shadows.get(uuid);
            let Some(props) = remote.as_ref().or(base) else {
                continue;
            };
            if is_history_marker(props) {
                // The history's own start, no record of the user's.
                put_shadow(&tx, *uuid, remote.as_ref())?;
                continue;
            }
            let Some(kind) = kind_of(props) else {
                applied
                    .unreadable
                    .push((*uuid, "a kind of record this footlog does not know".into()));
                continue;
            };
            let key = if kind.has_own_uuid() {
                uuid.to_string()
            } else if let Some(k) = natural_key(kind, props) {
                k
            } else {
                applied.unreadable.push((*uuid, "no date or name".into()));
                continue;
            };
            match apply_one(&tx, kind, &key, *uuid, base, remote.as_ref(), now)? {
                Outcome::Written { kept_local } => {
                    applied.records += 1;
                    put_shadow(&tx, *uuid, remote.as_ref())?;
                    if kept_local {
                        record_change(&tx, kind, &key)?;
                    }
                }
                Outcome::Unreadable(why) => applied.unreadable.push((*uuid, why)),
                Outcome::NightConflict {
                    night,
                    loser,
                    kept_local,
                } => {
                    applied.records += 1;
                    applied.night_conflicts.push((night, loser));
                    put_shadow(&tx, *uuid, remote.as_ref())?;
                    record_change(&tx, kind, &key)?;
                    if let Some(local) = kept_local {
                        record_change(&tx, kind, &local.to_string())?;
                    }
                }
            }
        }
        tx.execute("UPDATE sync_switch SET applying = 0 WHERE id = 1", [])?;
        tx.commit()?;
        Ok(applied)
    }
}

/// Every record sync carries, as (kind, key).
const EVERY_RECORD: &str = "SELECT 'session' AS kind, uuid AS key FROM sessions UNION ALL \
     SELECT 'sleep', uuid FROM sleep_notes UNION ALL \
     SELECT 'goal', effective_from FROM goals UNION ALL \
     SELECT 'rest', date FROM rest_marks UNION ALL \
     SELECT 'setting', key FROM settings WHERE key IN ('week_start', 'health_profile')";

/// What a synced database knows before a backup is restored over it: the records agreed with
/// the replica, and the records erased.
#[derive(Debug, Default)]
pub(crate) struct SyncedState {
    agreed: std::collections::HashSet<String>,
    tombstones: Vec<(String, String, String)>,
}

/// [`SyncedState`] of the live database at `conn`.
pub(crate) fn synced_state(conn: &rusqlite::Connection) -> Result<SyncedState> {
    let agreed = conn
        .prepare("SELECT uuid FROM sync_shadow")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let tombstones = conn
        .prepare("SELECT uuid, kind, deleted_at FROM tombstones")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(SyncedState { agreed, tombstones })
}

/// Prepares a backup to be restored on a synced device, inside `tx` on a copy of it, from what
/// the live database `live` knew: changes are recorded; what the live database had erased is
/// erased (its tombstones come across); a record the live database had agreed with the replica
/// counts as agreed as the backup has it, so the next sync brings it up to date (every device's
/// changes since the backup) and sends nothing old; any other record of the backup (logged
/// before the backup and never synced) is pending, and is sent.
pub(crate) fn agree_all_in(tx: &Transaction<'_>, live: &SyncedState) -> Result<()> {
    tx.execute(
        "UPDATE sync_switch SET recording = 1, applying = 1 WHERE id = 1",
        [],
    )?;
    tx.execute("DELETE FROM sync_outbox", [])?;
    tx.execute("DELETE FROM sync_shadow", [])?;
    for (uuid, kind, deleted_at) in &live.tombstones {
        tx.execute(
            "INSERT INTO tombstones (uuid, kind, deleted_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (uuid) DO NOTHING",
            params![uuid, kind, deleted_at],
        )?;
        tx.execute("DELETE FROM sessions WHERE uuid = ?1", [uuid])?;
        tx.execute("DELETE FROM sleep_notes WHERE uuid = ?1", [uuid])?;
    }
    let all: Vec<(String, String)> = tx
        .prepare(EVERY_RECORD)?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (kind, key) in all {
        let Some(kind) = SyncKind::parse(&kind) else {
            continue;
        };
        let Some(uuid) = task_uuid(kind, &key) else {
            continue;
        };
        if live.agreed.contains(&uuid.to_string()) {
            put_shadow(tx, uuid, current(tx, kind, &key)?.as_ref())?;
        } else {
            record_change(tx, kind, &key)?;
        }
    }
    tx.execute("UPDATE sync_switch SET applying = 0 WHERE id = 1", [])?;
    Ok(())
}

/// Whether the database at `conn` records changes for sync (sync is set up for it).
pub(crate) fn recording(conn: &rusqlite::Connection) -> bool {
    conn.query_row("SELECT recording FROM sync_switch WHERE id = 1", [], |r| {
        r.get::<_, bool>(0)
    })
    .unwrap_or(false)
}

/// The state last agreed with the replica, by task.
fn shadows_in(conn: &rusqlite::Connection) -> Result<HashMap<Uuid, Props>> {
    let mut stmt = conn.prepare_cached("SELECT uuid, props FROM sync_shadow")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (uuid, props) = row?;
        let uuid = Uuid::parse_str(&uuid)
            .map_err(|e| StoreError::corrupt_because(format!("sync_shadow uuid: {e}"), e))?;
        out.insert(uuid, serde_json::from_str(&props).map_err(sync_error)?);
    }
    Ok(out)
}

/// Sets the agreed state of `uuid` (`None`: there is none).
fn put_shadow(tx: &Transaction<'_>, uuid: Uuid, props: Option<&Props>) -> Result<()> {
    match props {
        Some(p) => {
            let json = serde_json::to_string(p).map_err(sync_error)?;
            tx.execute(
                "INSERT INTO sync_shadow (uuid, props) VALUES (?1, ?2) \
                 ON CONFLICT (uuid) DO UPDATE SET props = excluded.props",
                params![uuid.to_string(), json],
            )?;
        }
        None => {
            tx.execute(
                "DELETE FROM sync_shadow WHERE uuid = ?1",
                [uuid.to_string()],
            )?;
        }
    }
    Ok(())
}

/// What applying one received record did.
enum Outcome {
    /// Written (or nothing to write); `kept_local`: the merge kept a change made here.
    Written { kept_local: bool },
    /// Not written: why.
    Unreadable(String),
    /// Two live notes for one night: `loser` is kept as deleted; `kept_local` names the local
    /// note when it is the one deleted here (a change to send).
    NightConflict {
        night: String,
        loser: Uuid,
        kept_local: Option<Uuid>,
    },
}

/// The time a record's rules are checked against: now, or its own last change when that is
/// later (another device's clock may run ahead of this one's).
fn check_time(props: &Props, now: &DateTime<FixedOffset>) -> DateTime<FixedOffset> {
    ["updated_at", "created_at", "started_at"]
        .iter()
        .filter_map(|k| props.get(*k).and_then(|v| text_of(v)))
        .filter_map(|t| parse_rfc3339("updated_at", &t).ok())
        .fold(*now, |a, b| if b > a { b } else { a })
}

fn apply_one(
    tx: &Transaction<'_>,
    kind: SyncKind,
    key: &str,
    uuid: Uuid,
    base: Option<&Props>,
    remote: Option<&Props>,
    now: &DateTime<FixedOffset>,
) -> Result<Outcome> {
    let local = match (current(tx, kind, key)?, base) {
        // A goal, rest week or setting removed here as agreed (removed in the replica too): its
        // absence is the agreed state, not a change of this device's.
        (None, Some(b)) if !kind.has_own_uuid() && deleted_at(b).is_some() => Some(b.clone()),
        (Some(mut l), _) => {
            stamp_edit_time(
                kind,
                &mut l,
                pending_change_time(tx, kind, key)?.as_deref(),
                base,
            );
            Some(l)
        }
        (None, _) => None,
    };
    let merged = match (remote, &local) {
        // Erased on another device: erased here too.
        (None, _) => None,
        // Gone here since the last agreement: this device's erasure or removal is sent next.
        (Some(_), None) if base.is_some() => return Ok(Outcome::Written { kept_local: true }),
        (Some(r), None) => Some(r.clone()),
        (Some(r), Some(l)) => Some(merge_props(base, l, r)),
    };
    let kept_local = merged.as_ref() != remote;
    if merged == local {
        return Ok(Outcome::Written { kept_local });
    }
    match kind {
        SyncKind::Session | SyncKind::Sleep => {
            write_dated(tx, kind, uuid, merged.as_ref(), now, kept_local)
        }
        SyncKind::Goal => write_by_date(
            tx,
            "DELETE FROM goals WHERE effective_from = ?1",
            key,
            merged.as_ref().map(|m| (uuid, m)),
            parse_goal,
            |g| goals::set_goal_in(tx, g.effective_from, g.per_week),
            kept_local,
        ),
        SyncKind::Rest => write_by_date(
            tx,
            "DELETE FROM rest_marks WHERE date = ?1",
            key,
            merged.as_ref().map(|m| (uuid, m)),
            parse_rest,
            |mark| goals::put_rest_in(tx, mark),
            kept_local,
        ),
        SyncKind::Setting => write_setting(tx, key, merged.as_ref(), kept_local),
    }
}

/// Writes a goal change or a rest mark (named by its date, `key`) as `merged` says: read by the
/// import's `parse` and written by `put`; removed by `remove` (the statement deleting it by its
/// date) when it is gone or deleted.
fn write_by_date<T>(
    tx: &Transaction<'_>,
    remove: &str,
    key: &str,
    merged: Option<(Uuid, &Props)>,
    parse: fn(&RecordIn<JsonCell>) -> std::result::Result<T, crate::domain::ValidationError>,
    put: impl FnOnce(&T) -> Result<()>,
    kept_local: bool,
) -> Result<Outcome> {
    match merged.filter(|(_, m)| deleted_at(m).is_none()) {
        None => {
            tx.execute(remove, [key])?;
        }
        Some((uuid, m)) => match record_in(uuid, m)
            .map_err(|e| e.to_string())
            .and_then(|r| parse(&r).map_err(|e| e.to_string()))
        {
            Ok(value) => put(&value)?,
            Err(why) => return Ok(Outcome::Unreadable(why)),
        },
    }
    Ok(Outcome::Written { kept_local })
}

fn write_setting(
    tx: &Transaction<'_>,
    name: &str,
    merged: Option<&Props>,
    kept_local: bool,
) -> Result<Outcome> {
    let Some(m) = merged.filter(|m| deleted_at(m).is_none()) else {
        tx.execute("DELETE FROM settings WHERE key = ?1", [name])?;
        return Ok(Outcome::Written { kept_local });
    };
    let object = serde_json::Value::Object(setting_object(m));
    let value = if name == WEEK_START_KEY {
        match object
            .get(WEEK_START_KEY)
            .cloned()
            .map(serde_json::from_value::<WeekStart>)
        {
            Some(Ok(ws)) => ws.as_str().to_string(),
            _ => {
                return Ok(Outcome::Unreadable(
                    "week_start: must be monday or sunday".into(),
                ));
            }
        }
    } else if name == HEALTH_KEY {
        match serde_json::from_value::<HealthProfile>(object) {
            Ok(p) => serde_json::to_string(&p).map_err(sync_error)?,
            Err(e) => return Ok(Outcome::Unreadable(format!("health_profile: {e}"))),
        }
    } else {
        return Ok(Outcome::Unreadable(format!(
            "a setting footlog does not sync: {name}"
        )));
    };
    put_setting_in(tx, name, &value)?;
    Ok(Outcome::Written { kept_local })
}

/// Writes a session or sleep note as `merged` says (`None`: erased, leaving a tombstone).
fn write_dated(
    tx: &Transaction<'_>,
    kind: SyncKind,
    uuid: Uuid,
    merged: Option<&Props>,
    now: &DateTime<FixedOffset>,
    kept_local: bool,
) -> Result<Outcome> {
    let (table, word) = match kind {
        SyncKind::Session => ("sessions", "session"),
        _ => ("sleep_notes", "sleep"),
    };
    let id = uuid.to_string();
    let Some(m) = merged else {
        let at: Option<String> = tx
            .query_row(
                &format!("SELECT deleted_at FROM {table} WHERE uuid = ?1"),
                [&id],
                |r| r.get(0),
            )
            .optional()?
            .flatten();
        tx.execute(&format!("DELETE FROM {table} WHERE uuid = ?1"), [&id])?;
        tx.execute(
            "INSERT INTO tombstones (uuid, kind, deleted_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (uuid) DO NOTHING",
            params![id, word, at.unwrap_or_else(|| ts(now))],
        )?;
        return Ok(Outcome::Written { kept_local });
    };
    let erased: Option<String> = tx
        .prepare_cached("SELECT deleted_at FROM tombstones WHERE uuid = ?1")?
        .query_row([&id], |r| r.get(0))
        .optional()?;
    if let Some(erased_at) = erased {
        let when = |t: &str| DateTime::parse_from_rfc3339(t).ok();
        let created = m.get("created_at").and_then(|v| text_of(v));
        let new_since = matches!(
            (created.as_deref().and_then(when), when(&erased_at)),
            (Some(c), Some(e)) if c > e
        );
        if !new_since {
            // Erased here: never brought back; the erasure is sent at the next sync.
            return Ok(Outcome::Written { kept_local: true });
        }
        // A new note for a night whose earlier note (under the night's same UUID) was erased,
        // written on a device that never saw the erasure: a record of its own, kept.
        tx.execute("DELETE FROM tombstones WHERE uuid = ?1", [&id])?;
    }
    let raw = match record_in(uuid, m) {
        Ok(r) => r,
        Err(e) => return Ok(Outcome::Unreadable(e.to_string())),
    };
    let at = check_time(m, now);
    let deleted = deleted_at(m);
    if kind == SyncKind::Sleep {
        return write_sleep(tx, uuid, &raw, &at, deleted, now, kept_local);
    }
    let (meta, fields) = match parse_session(&raw, &at) {
        Ok(v) => v,
        Err(e) => return Ok(Outcome::Unreadable(e.to_string())),
    };
    // Written anew under its UUID (the per-day and per-week totals follow the triggers).
    tx.execute("DELETE FROM sessions WHERE uuid = ?1", [&id])?;
    if !sessions::insert_row(tx, &uuid, &fields, &meta.created_at, &meta.updated_at)? {
        return Err(StoreError::Conflict(format!(
            "session {uuid} could not be written"
        )));
    }
    if deleted.is_some() {
        tx.execute(
            "UPDATE sessions SET deleted_at = ?2 WHERE uuid = ?1",
            params![id, deleted],
        )?;
    }
    Ok(Outcome::Written { kept_local })
}

/// Writes a sleep note as `raw` says. Another live note for its night: the later of the two
/// stays (by `updated_at`, then UUID: the same choice on every device), the other is kept as
/// deleted.
fn write_sleep(
    tx: &Transaction<'_>,
    uuid: Uuid,
    raw: &crate::domain::record::RecordIn<crate::domain::record::JsonCell>,
    at: &DateTime<FixedOffset>,
    mut deleted: Option<String>,
    now: &DateTime<FixedOffset>,
    kept_local: bool,
) -> Result<Outcome> {
    let (meta, fields) = match parse_sleep(raw, at) {
        Ok(v) => v,
        Err(e) => return Ok(Outcome::Unreadable(e.to_string())),
    };
    let id = uuid.to_string();
    let mut outcome = Outcome::Written { kept_local };
    let other = sleep::note_for_night(tx, fields.night)?.filter(|o| o.uuid != uuid);
    let mut hidden = None;
    if let Some(other) = other {
        if deleted.is_none() {
            let night = fields.night.to_string();
            if (meta.updated_at, uuid) > (other.updated_at, other.uuid) {
                tx.execute(
                    "UPDATE sleep_notes SET deleted_at = ?2 WHERE uuid = ?1",
                    params![other.uuid.to_string(), ts(now)],
                )?;
                outcome = Outcome::NightConflict {
                    night,
                    loser: other.uuid,
                    kept_local: Some(other.uuid),
                };
            } else {
                deleted = Some(ts(now));
                hidden = Some(other.uuid);
                outcome = Outcome::NightConflict {
                    night,
                    loser: uuid,
                    kept_local: None,
                };
            }
        } else {
            hidden = Some(other.uuid);
        }
    }
    // The live note stays the night's: this one is written while it steps aside, then deleted.
    if let Some(h) = hidden {
        tx.execute(
            "UPDATE sleep_notes SET deleted_at = ?2 WHERE uuid = ?1",
            params![h.to_string(), ts(now)],
        )?;
    }
    // Written anew under its UUID.
    tx.execute("DELETE FROM sleep_notes WHERE uuid = ?1", [&id])?;
    if !sleep::insert_row(tx, &uuid, &fields, &meta.created_at, &meta.updated_at)? {
        return Err(StoreError::Conflict(format!(
            "sleep note {uuid} could not be written"
        )));
    }
    if deleted.is_some() {
        tx.execute(
            "UPDATE sleep_notes SET deleted_at = ?2 WHERE uuid = ?1",
            params![id, deleted],
        )?;
    }
    if let Some(h) = hidden {
        tx.execute(
            "UPDATE sleep_notes SET deleted_at = NULL WHERE uuid = ?1",
            [h.to_string()],
        )?;
    }
    Ok(outcome)
}
