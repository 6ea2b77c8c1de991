//! `footlog report`: the report for a clinician, as HTML or Markdown, to standard output or a file.

use std::io::Write;

use super::args::{ReportArgs, ReportFormat};
use super::{CliError, Ctx, exit, invalid};
use crate::domain::report::{DEFAULT_WEEKS, ReportPeriod, build_report};
use crate::domain::week::week_last_day;
use crate::report::{render_html, render_markdown};

pub fn run(a: &ReportArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let since = a
        .since
        .as_deref()
        .map(|d| ctx.date_flag("--since", "since", d))
        .transpose()?;
    let until = a
        .until
        .as_deref()
        .map(|d| ctx.date_flag("--until", "until", d))
        .transpose()?;
    if let Some(s) = since {
        match until {
            Some(u) if s > u => {
                return Err(CliError::Invalid(format!(
                    "invalid --since: {s} is after --until {u}"
                )));
            }
            None if s > ctx.today() => {
                return Err(CliError::Invalid(format!(
                    "invalid --since: {s} is after today ({}); add --until for a later end",
                    ctx.today()
                )));
            }
            _ => {}
        }
    }
    if let Some(path) = &a.output {
        // Refuse a bad target before any work (it is checked again when written).
        crate::store::check_output_target(&ctx.db, path, a.force)?;
    }
    let store = ctx.open_for_reading()?;
    let ws = store.week_start()?;
    let period = match since {
        Some(s) => {
            // Without --until the period runs to the end of this week, as with --weeks.
            let end = until.unwrap_or_else(|| week_last_day(ws.week_of(ctx.today())));
            ReportPeriod::between(s, end, ws).map_err(|e| invalid("--since", &e))?
        }
        None => ReportPeriod::last_weeks(ctx.today(), ws, a.weeks.unwrap_or(DEFAULT_WEEKS))
            .map_err(|e| invalid("--weeks", &e))?,
    };
    let name = match crate::config::default_path().map(|p| crate::config::load_report(&p)) {
        Some(Ok(c)) => c.name,
        Some(Err(e)) => {
            crate::message!("footlog: {e}; the report has no name");
            None
        }
        None => None,
    };
    let input = store.report_input(&period, ctx.today())?;
    super::warn_damaged(&input.damaged);
    let report = build_report(&period, input, name, ctx.now);
    let text = match a.format {
        ReportFormat::Html => render_html(&report),
        ReportFormat::Md => render_markdown(&report),
    };
    match &a.output {
        None => out.write_all(text.as_bytes())?,
        Some(path) => {
            let stopped = super::write_output_or_stop(ctx, path, a.force, "report", &mut |w| {
                w.write_all(text.as_bytes())
            })?;
            if let Some(code) = stopped {
                return Ok(code);
            }
            crate::message!(
                "Wrote {}",
                super::text::escape_unsafe(&path.display().to_string())
            );
        }
    }
    Ok(exit::OK)
}
