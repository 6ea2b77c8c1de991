//! `footlog insights`: what your own data says, as text or JSON.

use std::io::Write;

use super::text::avg;
use super::{CliError, Ctx, exit};
use crate::domain::insights::{
    DiaryGroup, Insights, MIN_NIGHTS, Relief, SleepDiaryComparison, compute_insights,
};
use crate::domain::stats::round_clamped;
use crate::domain::text::plural;

pub fn run(weeks: u32, json: bool, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let store = ctx.open_for_reading()?;
    let ws = store.week_start()?;
    let current = ws.week_of(ctx.today());
    let from = current - chrono::Duration::weeks(i64::from(weeks) - 1);
    let to = crate::domain::week::week_last_day(current);
    let sessions = store.sessions_decoded(Some(from), Some(to))?;
    let sleep = store.sleep_notes_decoded(Some(from), Some(to))?;
    super::warn_damaged(&sessions.damaged);
    super::warn_damaged(&sleep.damaged);
    let i = compute_insights(&sessions.records, &sleep.records, ctx.today(), ws, weeks);
    if json {
        serde_json::to_writer_pretty(&mut *out, &i).map_err(std::io::Error::from)?;
        writeln!(out)?;
    } else {
        write_text(out, &i, weeks)?;
    }
    Ok(exit::OK)
}

fn groups(rs: &[Relief]) -> String {
    let parts: Vec<String> = rs
        .iter()
        .filter(|r| r.n > 0)
        .map(|r| format!("{} {} (n={})", r.key, avg(r.avg_drop), r.n))
        .collect();
    if parts.is_empty() {
        "-".into()
    } else {
        parts.join(", ")
    }
}

fn write_text(out: &mut dyn Write, i: &Insights, weeks: u32) -> std::io::Result<()> {
    writeln!(
        out,
        "Insights for {} – {} ({weeks} weeks, {})",
        i.from.format("%-d %b %Y"),
        i.to.format("%-d %b %Y"),
        i.week
    )?;
    writeln!(
        out,
        "Sessions: {} · average tension drop: {}",
        i.sessions,
        avg(i.avg_drop)
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Tension drop by week (before − after, average per session)"
    )?;
    for w in &i.relief_by_week {
        let bar = w.avg_drop.map_or(String::new(), |d| {
            "█".repeat(usize::from(round_clamped(d, 10)) * 2)
        });
        writeln!(
            out,
            "  {}  {:<20} {:>5}  (n={})",
            w.key,
            bar,
            avg(w.avg_drop),
            w.n
        )?;
    }
    writeln!(out)?;
    writeln!(out, "Most relief by tool:    {}", groups(&i.relief_by_tool))?;
    writeln!(out, "Most relief by area:    {}", groups(&i.relief_by_area))?;
    writeln!(
        out,
        "Relief by minutes:      {}",
        groups(&i.relief_by_minutes)
    )?;
    writeln!(out)?;
    writeln!(out, "Sleep: {}", i.sleep.summary)?;
    write_diary(out, &i.sleep_diary)?;
    writeln!(
        out,
        "Usual day: {} · usual time: {}",
        i.usual_day.as_deref().unwrap_or("-"),
        i.usual_time.as_deref().unwrap_or("-")
    )?;
    Ok(())
}

/// A line of the diary's table: its label, the figure it shows, the unit.
type DiaryRow = (&'static str, fn(&DiaryGroup) -> Option<f64>, &'static str);

/// The sleep diary's averages, after a massage against other nights, each with its nights.
fn write_diary(out: &mut dyn Write, d: &SleepDiaryComparison) -> std::io::Result<()> {
    let (a, o) = (&d.after_massage, &d.other_nights);
    let cell = |v: Option<f64>, unit: &str| v.map_or("-".to_string(), |v| format!("{v:.1}{unit}"));
    let nights = |n: usize| plural(u64::try_from(n).unwrap_or(u64::MAX), "night", "nights");
    writeln!(
        out,
        "Sleep diary (averages):   after a massage ({})   other nights ({})",
        nights(a.nights),
        nights(o.nights)
    )?;
    let rows: [DiaryRow; 4] = [
        ("time to fall asleep", |g| g.latency_min, " min"),
        ("awake after falling asleep", |g| g.awake_min, " min"),
        ("total sleep time", |g| g.total_sleep_min, " min"),
        ("sleep efficiency", |g| g.efficiency_pct, " %"),
    ];
    for (label, get, unit) in rows {
        writeln!(
            out,
            "  {label:<27} {:>12}   {:>12}",
            cell(get(a), unit),
            cell(get(o), unit)
        )?;
    }
    writeln!(
        out,
        "  A figure shows from {MIN_NIGHTS} nights that give it. This is what your notes show, \
         not proof of cause."
    )
}
