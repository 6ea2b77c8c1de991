//! `footlog due`: one line on this week, exit 3 when a session is still due; with `--notify`, a
//! desktop notification too when one is (never when the goal is met or in a rest week).

use std::io::Write;

use chrono::Datelike;

use super::args::DueArgs;
use super::notify::{self, Sent};
use super::text::{escape_unsafe, plural};
use super::{CliError, Ctx, exit};
use crate::domain::week::week_last_day;

pub fn run(a: &DueArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let store = ctx.open_for_reading()?;
    let w = store.this_week(ctx.today())?;
    let head = format!("This week: {}/{}", w.sessions, w.goal);
    if w.met {
        writeln!(out, "{head} — goal met.")?;
        return Ok(exit::OK);
    }
    if w.rest {
        writeln!(
            out,
            "{head} — rest week ({}).",
            escape_unsafe(w.rest_reason.as_deref().unwrap_or(""))
        )?;
        return Ok(exit::OK);
    }
    let days_left = (week_last_day(w.week_start) - ctx.today()).num_days() + 1;
    let missing = u32::from(w.goal).saturating_sub(w.sessions);
    writeln!(
        out,
        "{head} — {} due, {} left (through {}).",
        plural(missing, "session", "sessions"),
        plural(u64::try_from(days_left).unwrap_or(0), "day", "days"),
        week_last_day(w.week_start).weekday()
    )?;
    if a.notify {
        // The exit code says "due" whatever became of the notification.
        match notify::send(missing) {
            Sent::Shown | Sent::NoBus => {}
            Sent::Failed(why) => crate::message!(
                "footlog: warning: no desktop notification: {}",
                escape_unsafe(&why)
            ),
        }
    }
    Ok(exit::DUE)
}
