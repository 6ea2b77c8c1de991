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
pub mod text;
mod undelete;
mod week;

use std::io::Write;

use chrono::{DateTime, FixedOffset, Local};

pub use args::{Cli, Command};
pub use context::Ctx;
pub use error::{CliError, invalid};
pub use paths::{default_db_path, resolve_db_path};
pub use text::warn_damaged;

/// The clock: `FOOTLOG_NOW` ("YYYY-MM-DD HH:MM[:SS]", local; for tests only) or the system clock.
#[expect(
    clippy::disallowed_methods,
    reason = "the command line's one reading of the clock"
)]
pub fn now_from_env() -> Result<DateTime<FixedOffset>, CliError> {
    match std::env::var("FOOTLOG_NOW") {
        Ok(s) if !s.trim().is_empty() => {
            crate::domain::time::parse_local_datetime(&Local, "FOOTLOG_NOW", &s)
                .map_err(|e| CliError::Invalid(format!("invalid FOOTLOG_NOW: {}", e.message)))
        }
        _ => Ok(Local::now().fixed_offset()),
    }
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
        Command::Remind(a) => remind::run(&a, ctx, out),
        Command::Insights(a) => insights::run(a.weeks, a.json, ctx, out),
        Command::Delete(a) => delete::run(&a, ctx, out),
        Command::Undelete(a) => undelete::run(&a, ctx, out),
        Command::Purge => undelete::run_purge(ctx, out),
        Command::Export(a) => export::run(&a, ctx, out),
        Command::Import(a) => import::run(&a, ctx, out),
        Command::Backup(a) => backup::run_backup(a, ctx, out),
        Command::Check(a) => check::run(a.json, ctx, out),
        Command::Restore(a) => restore::run(a, ctx, out),
        Command::Report(a) => report::run(&a, ctx, out),
        Command::Completions(a) => {
            use clap::CommandFactory;
            // Generated into memory first: clap_complete panics on a closed pipe.
            let mut buf = Vec::new();
            clap_complete::generate(a.shell, &mut Cli::command(), "footlog", &mut buf);
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
