//! `footlog stats`: totals, streaks and averages.

use std::io::Write;

use super::text::{avg, plural};
use super::{CliError, Ctx, exit};

pub fn run(json: bool, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let store = ctx.open_for_reading()?;
    let s = store.stats(ctx.today())?;
    super::warn_damaged(&store.damaged_in_totals()?);
    if json {
        serde_json::to_writer_pretty(&mut *out, &s).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(exit::OK);
    }
    let rows = [
        ("Sessions", s.sessions_total.to_string()),
        ("Weeks goal met", s.weeks_met.to_string()),
        (
            "Current streak",
            plural(s.current_streak_weeks, "week", "weeks"),
        ),
        (
            "Longest streak",
            plural(s.longest_streak_weeks, "week", "weeks"),
        ),
        ("Tension before (avg)", avg(s.avg_tension_before)),
        ("Tension after (avg)", avg(s.avg_tension_after)),
        ("Tension drop (avg)", avg(s.avg_tension_drop)),
        ("Sleep notes", s.sleep_nights_total.to_string()),
        (
            "Sleep after a session",
            avg(s.avg_sleep_quality_after_session),
        ),
        ("Sleep other nights", avg(s.avg_sleep_quality_other_nights)),
    ];
    for (k, v) in rows {
        writeln!(out, "{k:<22} {v}")?;
    }
    Ok(exit::OK)
}
