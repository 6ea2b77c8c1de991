//! `footlog list --deleted`, `footlog undelete` and `footlog purge`: deleted records, bringing
//! one back, and erasing their content for good.

use std::io::Write;

use chrono::{DateTime, Duration, FixedOffset};
use serde::Serialize;

use super::args::DeleteArgs;
use super::text::{excerpt, or_dash};
use super::{CliError, Ctx, exit, warn_damaged};
use crate::domain::record::{SessionRecord, SleepRecord};
use crate::domain::time::format_rfc3339;
use crate::store::{KEEP_DELETED_DAYS, Store};

pub fn run(a: &DeleteArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    // A missing database has nothing to bring back, and is not created. Past its 30 days a
    // record cannot come back: the door has erased it (if that failed, nothing is brought back).
    let mut store = Store::open_existing_for_writing(&ctx.db, &ctx.now)?
        .map_or_else(Store::open_in_memory, Ok)?;
    if let Some(e) = store.take_erase_failure() {
        return Err(e.into());
    }
    let rec = store.find_deleted_by_prefix(&a.id)?;
    store.undelete(rec)?;
    writeln!(out, "Restored {} {}.", rec.kind(), rec.uuid())?;
    Ok(exit::OK)
}

pub fn run_purge(ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let mut store = ctx.open_existing_for_writing()?;
    let erased = store.purge()?;
    if erased.total() == 0 {
        writeln!(
            out,
            "Nothing to erase: no deleted records keep their content."
        )?;
        return Ok(exit::OK);
    }
    writeln!(
        out,
        "Erased {} deleted {} and {} deleted sleep {}; only their UUIDs are kept.",
        erased.sessions,
        if erased.sessions == 1 {
            "session"
        } else {
            "sessions"
        },
        erased.sleep,
        if erased.sleep == 1 { "note" } else { "notes" },
    )?;
    if erased.wal_busy {
        writeln!(
            out,
            "Another footlog has the database open: the erased text leaves its -wal file when that one closes."
        )?;
    }
    writeln!(
        out,
        "Backups taken before keep the records until they rotate out (the newest 10 are kept)."
    )?;
    Ok(exit::OK)
}

#[derive(Serialize)]
struct DeletedJson<R> {
    #[serde(flatten)]
    record: R,
    deleted_at: String,
}

#[derive(Serialize)]
struct DeletedListJson {
    sessions: Vec<DeletedJson<SessionRecord>>,
    sleep_notes: Vec<DeletedJson<SleepRecord>>,
    erased: usize,
}

/// When a record deleted at `at` is erased.
fn erased_on(at: &DateTime<FixedOffset>) -> String {
    (*at + Duration::days(KEEP_DELETED_DAYS))
        .format("%Y-%m-%d")
        .to_string()
}

/// `footlog list --deleted`.
/// Records past their 30 days count as erased (the next write erases them; nothing brings them
/// back), so the listing never depends on whether a write happened since.
pub fn list_deleted(
    store: &Store,
    now: &DateTime<FixedOffset>,
    json: bool,
    out: &mut dyn Write,
) -> Result<u8, CliError> {
    let mut d = store.deleted_records()?;
    warn_damaged(&d.damaged);
    let cutoff = *now - Duration::days(KEEP_DELETED_DAYS);
    let before = d.sessions.len() + d.sleep.len();
    d.sessions.retain(|(_, at)| *at > cutoff);
    d.sleep.retain(|(_, at)| *at > cutoff);
    d.erased += before - d.sessions.len() - d.sleep.len();
    if json {
        let doc = DeletedListJson {
            sessions: d
                .sessions
                .iter()
                .map(|(s, at)| DeletedJson {
                    record: SessionRecord::new(s, false),
                    deleted_at: format_rfc3339(at),
                })
                .collect(),
            sleep_notes: d
                .sleep
                .iter()
                .map(|(n, at)| DeletedJson {
                    record: SleepRecord::new(n, false),
                    deleted_at: format_rfc3339(at),
                })
                .collect(),
            erased: d.erased,
        };
        serde_json::to_writer_pretty(&mut *out, &doc).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(exit::OK);
    }
    if d.sessions.is_empty() && d.sleep.is_empty() {
        writeln!(out, "No deleted sessions or sleep notes.")?;
    } else {
        writeln!(
            out,
            "Deleted records keep their content {KEEP_DELETED_DAYS} days; bring one back with: footlog undelete ID"
        )?;
    }
    if !d.sessions.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{:<10}  {:<5}  {:>3}  {:<7}  {:<30}  {:<10}  {:<10}  ID",
            "Date", "Time", "Min", "Tension", "Note", "Deleted", "Erased on"
        )?;
        for (s, at) in &d.sessions {
            let f = &s.fields;
            writeln!(
                out,
                "{:<10}  {:<5}  {:>3}  {:>2} → {:<2}  {:<30}  {:<10}  {:<10}  {}",
                f.date(),
                f.started_at.format("%H:%M"),
                f.minutes,
                f.tension_before,
                f.tension_after,
                excerpt(f.note.as_deref().unwrap_or(""), 30),
                at.format("%Y-%m-%d"),
                erased_on(at),
                &s.uuid.to_string()[..8]
            )?;
        }
    }
    if !d.sleep.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{:<10}  {:>7}  {:>5}  {:<30}  {:<10}  {:<10}  ID",
            "Night", "Quality", "Hours", "Note", "Deleted", "Erased on"
        )?;
        for (n, at) in &d.sleep {
            let f = &n.fields;
            writeln!(
                out,
                "{:<10}  {:>5}/5  {:>5}  {:<30}  {:<10}  {:<10}  {}",
                f.night,
                f.quality,
                or_dash(f.hours.map(|h| format!("{h:.1}"))),
                excerpt(f.note.as_deref().unwrap_or(""), 30),
                at.format("%Y-%m-%d"),
                erased_on(at),
                &n.uuid.to_string()[..8]
            )?;
        }
    }
    if d.erased > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "{} erased {} (only the UUID and when it was deleted are kept).",
            d.erased,
            if d.erased == 1 { "record" } else { "records" }
        )?;
    }
    Ok(exit::OK)
}
