//! `footlog week`: sessions per week against the goal, as a bar chart or JSON.

use std::io::Write;

use super::args::WeekArgs;
use super::text::escape_unsafe;
use super::{CliError, Ctx, exit, warn_damaged};
use crate::domain::WeekSummary;
use crate::domain::week::week_last_day;

pub fn run(a: &WeekArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let until = match &a.until {
        Some(d) => ctx.date_flag("--until", "until", d)?,
        None => ctx.today(),
    };
    let store = ctx.open_for_reading()?;
    let weeks = store.weeks(until, usize::from(a.weeks))?;
    // The counts come from the per-week totals; the sessions of the weeks shown are only looked
    // at in place for damaged ones to name (by day, never the whole history).
    if let (Some(first), Some(last)) = (weeks.first(), weeks.last()) {
        warn_damaged(
            &store
                .damaged_sessions(Some(first.week_start), Some(week_last_day(last.week_start)))?,
        );
    }
    if a.json {
        serde_json::to_writer_pretty(&mut *out, &weeks).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(exit::OK);
    }
    let ws = store.week_start()?;
    let current = ws.week_of(ctx.today());
    write_chart(out, &weeks, ws.span_label(), current)?;
    Ok(exit::OK)
}

/// A bar per week: `█` a session, `│` where the goal lies, and a word for the outcome,
/// so met and missed weeks read without colour.
fn write_chart(
    out: &mut dyn Write,
    weeks: &[WeekSummary],
    span: &str,
    current: chrono::NaiveDate,
) -> std::io::Result<()> {
    let (Some(first), Some(last)) = (weeks.first(), weeks.last()) else {
        return Ok(());
    };
    writeln!(
        out,
        "Sessions per week ({span}), {} – {}",
        first.week_start.format("%-d %b %Y"),
        week_last_day(last.week_start).format("%-d %b %Y")
    )?;
    let cap = 30u32;
    let width = weeks
        .iter()
        .map(|w| w.sessions.max(u32::from(w.goal)))
        .max()
        .unwrap_or(1)
        .min(cap);
    for w in weeks {
        let goal = u32::from(w.goal).min(cap);
        let mut bar = String::new();
        for i in 0..=width {
            if i == goal {
                bar.push('│');
            }
            if i < width {
                bar.push(if i < w.sessions { '█' } else { ' ' });
            }
        }
        if w.sessions > cap {
            bar.push('+');
        }
        let outcome = if w.met {
            "met".to_string()
        } else if w.rest {
            format!(
                "rest: {}",
                escape_unsafe(w.rest_reason.as_deref().unwrap_or(""))
            )
        } else if w.week_start == current {
            "due".to_string()
        } else if w.week_start > current || w.before_first {
            String::new()
        } else {
            "missed".to_string()
        };
        let mark = if w.met {
            "✓"
        } else if w.rest {
            "~"
        } else if w.before_first {
            " "
        } else {
            "·"
        };
        writeln!(
            out,
            "{}  {bar:<w$}  {:>2}/{:<2} {mark} {outcome}",
            w.week_start,
            w.sessions,
            w.goal,
            w = usize::try_from(width).unwrap_or(30) + 2
        )?;
    }
    Ok(())
}
