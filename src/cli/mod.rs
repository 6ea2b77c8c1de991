//! The scriptable CLI: each subcommand takes its arguments, a context and a writer.

pub mod args;
mod backup;
mod check;
mod context;
mod delete;
mod due;
mod error;
pub mod exit;
mod export;
mod goal;
mod import;
mod insights;
mod list;
mod log;
mod notify;
mod paths;
mod remind;
mod report;
mod rest;
mod restore;
mod sleep;
mod stats;
mod sync;
pub mod text;
mod undelete;
mod week;

use std::io::Write;

use chrono::{DateTime, FixedOffset, Local, Utc};

pub use args::{Cli, Command};
pub use context::Ctx;
pub use error::{CliError, invalid};
pub use paths::{default_db_path, resolve_db_path};
pub use text::warn_damaged;

/// The clock: `FOOTLOG_NOW` ("YYYY-MM-DD HH:MM[:SS]", local; for tests only) or the system clock.
/// A clock before 1970 is refused ([`CliError::Clock`]): every record is dated by it.
pub fn now_from_env() -> Result<DateTime<FixedOffset>, CliError> {
    match std::env::var("FOOTLOG_NOW") {
        Ok(s) if !s.trim().is_empty() => {
            let now = crate::domain::time::parse_local_datetime(&Local, "FOOTLOG_NOW", &s)
                .map_err(|e| CliError::Invalid(format!("invalid FOOTLOG_NOW: {}", e.message)))?;
            clock_after_1970("FOOTLOG_NOW", now)
        }
        _ => clock_after_1970("the system clock", system_clock()),
    }
}

/// The system clock in the local time zone, read without `chrono::Local::now`, which panics on
/// a clock set before 1970. (Only a clock beyond chrono's ±262,000 years reads as 1970.)
pub fn system_clock() -> DateTime<FixedOffset> {
    let since = |d: std::time::Duration| (i64::try_from(d.as_secs()).ok(), d.subsec_nanos());
    let (secs, nanos) = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => since(d),
        Err(e) => match since(e.duration()) {
            (Some(s), 0) => (Some(-s), 0),
            (Some(s), n) => (Some(-s - 1), 1_000_000_000 - n),
            (None, n) => (None, n),
        },
    };
    secs.and_then(|s| DateTime::<Utc>::from_timestamp(s, nanos))
        .unwrap_or_default()
        .with_timezone(&Local)
        .fixed_offset()
}

/// `now`, unless it is before 1970 (a clock that lost its battery, or set by hand): then an
/// error naming `what` read it and what to do.
fn clock_after_1970(
    what: &str,
    now: DateTime<FixedOffset>,
) -> Result<DateTime<FixedOffset>, CliError> {
    if now.timestamp() >= 0 {
        return Ok(now);
    }
    Err(CliError::Clock(format!(
        "{what} says {}, before 1970, and footlog dates every record by it: set the clock to \
         the right date and time (date, timedatectl or NTP), then run footlog again",
        now.format("%Y-%m-%d %H:%M")
    )))
}

/// clap's bash script completes a value only as a whole word, so `--area balls,<Tab>` offered
/// nothing: the areas' completion is made to complete the part after the last comma, keeping
/// what comes before it.
fn bash_lists(script: &str) -> String {
    let words = crate::domain::Area::NAMES.join(" ");
    let whole = format!("COMPREPLY=($(compgen -W \"{words}\" -- \"${{cur}}\"))");
    let listed = format!(
        "COMPREPLY=($(compgen -P \"${{cur%${{cur##*,}}}}\" -W \"{words}\" -- \"${{cur##*,}}\"))"
    );
    script.replace(&whole, &listed)
}

/// Runs a subcommand, writing its output to `out`; returns the exit code on success.
pub fn run(command: Command, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    match command {
        Command::Log(a) => log::run(a, ctx, out),
        Command::Sleep(a) => sleep::run(a, ctx, out),
        Command::List(a) => list::run(&a, ctx, out),
        Command::Week(a) => week::run(&a, ctx, out),
        Command::Stats(a) => stats::run(a.json, ctx, out),
        Command::Goal(a) => goal::run(&a, ctx, out),
        Command::Rest(a) => rest::run(&a, ctx, out),
        Command::Due(a) => due::run(&a, ctx, out),
        Command::Remind(mut a) => {
            args::dash_is_stdout(&mut a.output);
            remind::run(&a, ctx, out)
        }
        Command::Insights(a) => insights::run(a.weeks, a.json, ctx, out),
        Command::Delete(a) => delete::run(&a, ctx, out),
        Command::Undelete(a) => undelete::run(&a, ctx, out),
        Command::Purge => undelete::run_purge(ctx, out),
        Command::Export(mut a) => {
            args::dash_is_stdout(&mut a.output);
            export::run(&a, ctx, out)
        }
        Command::Import(a) => import::run(&a, ctx, out),
        Command::Backup(a) => backup::run_backup(a, ctx, out),
        Command::Check(a) => check::run(a.json, ctx, out),
        Command::Restore(a) => restore::run(a, ctx, out),
        Command::Report(mut a) => {
            args::dash_is_stdout(&mut a.output);
            report::run(&a, ctx, out)
        }
        Command::Sync(a) => sync::run(a, ctx, out),
        Command::Completions(a) => {
            use clap::CommandFactory;
            // Generated into memory first: clap_complete panics on a closed pipe.
            let mut buf = Vec::new();
            clap_complete::generate(a.shell, &mut Cli::command(), "footlog", &mut buf);
            if a.shell == clap_complete::Shell::Bash {
                buf = bash_lists(&String::from_utf8_lossy(&buf)).into_bytes();
            }
            out.write_all(&buf)?;
            Ok(exit::OK)
        }
        // main opens the app for this one; here (no terminal) it can only be refused.
        Command::Guided => Err(CliError::Invalid(
            "footlog guided opens the interactive app: run it in a terminal".into(),
        )),
    }
    .and_then(|code| {
        out.flush()?;
        Ok(code)
    })
    // SQLite does not say which file a lock, a full disk or damage is about; the database is.
    .map_err(|e| match e {
        CliError::Store(s) => CliError::Store(s.at(&ctx.db)),
        other => other,
    })
}

/// Writes the output file `path` as [`crate::store::write_output_file`] does, but a signal that
/// would end footlog stops the write instead: the temporary file is removed (killed half-way,
/// it was left beside the target, a copy of health data) and footlog says so and ends with
/// 128 + the signal, returned here as `Some(code)`. `None` once the file is written whole.
fn write_output_or_stop(
    ctx: &Ctx,
    path: &std::path::Path,
    force: bool,
    what: &str,
    write: &mut dyn FnMut(&mut dyn Write) -> std::io::Result<()>,
) -> Result<Option<u8>, CliError> {
    let interrupt = crate::signals::Interrupt::install()?;
    match crate::store::write_output_file_stoppable(&ctx.db, path, force, interrupt.flag(), write) {
        Ok(()) => Ok(None),
        Err(crate::store::OutputError::Stopped(_)) => {
            let sig = interrupt.signal().unwrap_or(libc::SIGTERM);
            crate::message!(
                "footlog: {what} stopped by {}; nothing was written",
                crate::signals::name(sig)
            );
            Ok(Some(u8::try_from(128 + sig).unwrap_or(exit::FAILURE)))
        }
        Err(e) => Err(e.into()),
    }
}
