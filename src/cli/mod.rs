//! The scriptable CLI: each subcommand takes its arguments, a context and a writer.

pub mod args;
mod backup;
mod check;
mod delete;
mod due;
mod export;
mod goal;
mod import;
mod insights;
mod list;
mod log;
mod paths;
mod report;
mod rest;
mod restore;
mod sleep;
mod stats;
pub mod text;
mod undelete;
mod week;

use std::io::Write;
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, Local, NaiveDate};
use thiserror::Error;

pub use args::{Cli, Command};
pub use paths::{default_db_path, resolve_db_path};

use crate::domain::ValidationError;
use crate::domain::import::ImportError;
use crate::store::{Store, StoreError};

/// Exit codes (exact: scripts depend on them).
pub mod exit {
    /// Success, or `due` with nothing due.
    pub const OK: u8 = 0;
    /// Any other failure: database, I/O, conflicts, nothing matching.
    pub const FAILURE: u8 = 1;
    /// Bad arguments or values.
    pub const USAGE: u8 = 2;
    /// `due`: a session is still due this week.
    pub const DUE: u8 = 3;
}

/// A CLI failure, mapped to an exit code.
#[derive(Debug, Error)]
pub enum CliError {
    /// A bad value on the command line.
    #[error("{0}")]
    Invalid(String),
    /// A store failure.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// An import file that cannot be imported.
    #[error("{0}")]
    Import(#[from] ImportError),
    /// A file could not be read or written.
    #[error("{what} {}: {source}", path.display())]
    File {
        /// What was being done.
        what: &'static str,
        /// Which file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// An output file was refused or could not be written; the target is as it was.
    #[error(transparent)]
    OutputFile(#[from] crate::store::OutputError),
    /// Writing the output failed (a closed pipe is not reported).
    #[error("cannot write output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    /// The exit code for this failure.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Invalid(_)
            | CliError::Import(_)
            | CliError::Store(StoreError::Invalid(_) | StoreError::Ambiguous(_)) => exit::USAGE,
            _ => exit::FAILURE,
        }
    }

    /// A closed output pipe (`footlog export | head`): end quietly.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, CliError::Output(e) if e.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

/// Maps a validation error to a message naming the command-line flag (never the internal field).
pub fn invalid(flag: &str, e: &ValidationError) -> CliError {
    CliError::Invalid(format!("invalid {flag}: {}", e.message))
}

/// What every subcommand needs: where the database is and what time it is.
pub struct Ctx {
    /// The database file.
    pub db: PathBuf,
    /// The current local time (injected so tests are deterministic).
    pub now: DateTime<FixedOffset>,
}

impl Ctx {
    /// Today's local date.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Opens (creating if needed) the database, for commands that write.
    /// Deleted records older than 30 days are erased here (the clock is the context's); a
    /// failure to erase is told on stderr but never stops the write asked for.
    pub fn open_for_writing(&self) -> Result<Store, CliError> {
        let mut store = Store::open_verified(&self.db)?;
        if let Err(e) = store.erase_expired(&self.now) {
            eprintln!(
                "footlog: warning: could not erase deleted records older than 30 days: {}",
                text::escape_unsafe(&e.to_string())
            );
        }
        Ok(store)
    }

    /// Opens the database if it exists, else an empty one in memory: creates nothing.
    pub fn open_for_reading(&self) -> Result<Store, CliError> {
        Ok(Store::open_for_reading(&self.db)?)
    }

    /// Parses a date flag: `YYYY-MM-DD` or a day in words (`today`, `yesterday`, `-2d`, `mon`).
    pub fn date_flag(
        &self,
        flag: &str,
        field: &'static str,
        value: &str,
    ) -> Result<NaiveDate, CliError> {
        crate::domain::time::parse_date_on(field, value, self.today())
            .map_err(|e| invalid(flag, &e))
    }
}

/// Tells on stderr which damaged records the output could not read (each by UUID): they are
/// left out of listings, and one bad row never hides the rest of the data.
pub fn warn_damaged(damaged: &[crate::domain::damaged::Damaged]) {
    const AT_MOST: usize = 20;
    for d in damaged.iter().take(AT_MOST) {
        eprintln!(
            "footlog: warning: damaged {} {} cannot be read ({}: {}); run footlog check",
            d.kind(),
            text::escape_unsafe(&d.uuid),
            d.field,
            text::escape_unsafe(&d.reason)
        );
    }
    if damaged.len() > AT_MOST {
        eprintln!(
            "footlog: warning: … and {} more damaged records",
            damaged.len() - AT_MOST
        );
    }
}

/// The clock: `FOOTLOG_NOW` ("YYYY-MM-DD HH:MM[:SS]", local; for tests only) or the system clock.
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
        Command::Due => due::run(ctx, out),
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
