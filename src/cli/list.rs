//! `footlog list`: sessions or sleep notes, as a table or JSON.

use std::io::Write;

use chrono::{NaiveDate, Offset, TimeZone};

use super::args::ListArgs;
use super::text::{cell, or_dash};
use super::{CliError, Ctx, exit, warn_damaged};
use crate::domain::record::{SessionRecord, SleepRecord};

pub fn run(a: &ListArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let since = a
        .since
        .as_deref()
        .map(|s| ctx.date_flag("--since", "since", s))
        .transpose()?;
    let until = a
        .until
        .as_deref()
        .map(|s| ctx.date_flag("--until", "until", s))
        .transpose()?;
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(CliError::Invalid(format!(
            "--since {s} is after --until {u}: nothing can be in that range"
        )));
    }
    let range = range_words(since, until);
    let store = ctx.open_for_reading()?;
    if a.deleted {
        return super::undelete::list_deleted(&store, &ctx.now, a.json, out);
    }
    if a.sleep {
        let notes = store.sleep_notes_decoded(since, until)?;
        warn_damaged(&notes.damaged);
        let notes = notes.records;
        if a.json {
            let recs: Vec<_> = notes.iter().map(|n| SleepRecord::new(n, false)).collect();
            serde_json::to_writer_pretty(&mut *out, &recs).map_err(std::io::Error::from)?;
            writeln!(out)?;
        } else if let (true, Some(range)) = (notes.is_empty(), &range) {
            writeln!(out, "No sleep notes {range}.")?;
        } else if notes.is_empty() {
            writeln!(
                out,
                "No sleep notes yet. Add one with: footlog sleep --quality 4"
            )?;
        } else {
            writeln!(
                out,
                "{:<10}  {:>7}  {:>5}  {:<40}  ID",
                "Night", "Quality", "Hours", "Note"
            )?;
            for n in &notes {
                let f = &n.fields;
                writeln!(
                    out,
                    "{:<10}  {:>5}/5  {:>5}  {}  {}",
                    f.night,
                    f.quality,
                    or_dash(f.hours.map(|h| format!("{h:.1}"))),
                    cell(f.note.as_deref().unwrap_or(""), 40),
                    &n.uuid.to_string()[..8]
                )?;
            }
        }
        return Ok(exit::OK);
    }
    let sessions = store.sessions_decoded(since, until)?;
    warn_damaged(&sessions.damaged);
    let sessions = sessions.records;
    if a.json {
        let recs: Vec<_> = sessions
            .iter()
            .map(|s| SessionRecord::new(s, false))
            .collect();
        serde_json::to_writer_pretty(&mut *out, &recs).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else if let (true, Some(range)) = (sessions.is_empty(), &range) {
        writeln!(out, "No sessions {range}.")?;
    } else if sessions.is_empty() {
        writeln!(
            out,
            "No sessions yet. Log one with: footlog log --before 6 --after 3"
        )?;
    } else {
        write_sessions(out, &sessions)?;
    }
    Ok(exit::OK)
}

/// The range asked for, in words ("from 2026-11-01 to 2026-11-07"), if any.
fn range_words(since: Option<NaiveDate>, until: Option<NaiveDate>) -> Option<String> {
    match (since, until) {
        (Some(s), Some(u)) if s == u => Some(format!("on {s}")),
        (Some(s), Some(u)) => Some(format!("from {s} to {u}")),
        (Some(s), None) => Some(format!("since {s}")),
        (None, Some(u)) => Some(format!("until {u}")),
        (None, None) => None,
    }
}

/// A session's time as `list` shows it. A session keeps the date and time it was logged at,
/// where it was logged; one logged at another offset than this zone's (travel) shows it
/// (`12:07 UTC+9`), so its date reading as tomorrow or yesterday is explained.
fn shown_time(at: &chrono::DateTime<chrono::FixedOffset>) -> String {
    let here = chrono::Local
        .offset_from_utc_datetime(&at.naive_utc())
        .fix();
    match crate::domain::time::zone_mark(at, here) {
        Some(m) => format!("{} {m}", at.format("%H:%M")),
        None => at.format("%H:%M").to_string(),
    }
}

/// The sessions as a table, one row each, in the order they happened.
fn write_sessions(out: &mut dyn Write, sessions: &[crate::domain::Session]) -> std::io::Result<()> {
    let times: Vec<String> = sessions
        .iter()
        .map(|s| shown_time(&s.fields.started_at))
        .collect();
    let time_w = times
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    writeln!(
        out,
        "{:<10}  {:<time_w$}  {:>3}  {:<5}  {:<12}  {:<7}  {:>4}  {:<30}  ID",
        "Date", "Time", "Min", "Feet", "Tool", "Tension", "Pain", "Note"
    )?;
    for (s, time) in sessions.iter().zip(&times) {
        let f = &s.fields;
        writeln!(
            out,
            "{:<10}  {:<time_w$}  {:>3}  {:<5}  {:<12}  {:>2} → {:<2}  {:>4}  {}  {}",
            f.date(),
            time,
            f.minutes,
            f.feet,
            f.tool,
            f.tension_before,
            f.tension_after,
            or_dash(f.pain),
            cell(f.note.as_deref().unwrap_or(""), 30),
            &s.uuid.to_string()[..8]
        )?;
    }
    Ok(())
}
