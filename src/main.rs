//! footlog's entry point: parse arguments, then run a subcommand or the interactive app.

use std::io::IsTerminal;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset, Local};
use clap::{CommandFactory, Parser};

use footlog::cli::{self, Cli, CliError, Command, Ctx};
use footlog::store::Store;

fn main() -> ExitCode {
    let args = Cli::parse();
    match run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Line breaks are the message's own (lists of records); every other character a
            // terminal would act on is shown escaped.
            let text = e.to_string();
            let lines: Vec<_> = text.split('\n').map(cli::text::escape_unsafe).collect();
            eprintln!("footlog: {}", lines.join("\n"));
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(args: Cli) -> Result<u8, CliError> {
    let now = cli::now_from_env()?;
    match args.command {
        Some(_) if args.demo => Err(CliError::Invalid(
            "--demo opens the app on sample data; it cannot be combined with a subcommand".into(),
        )),
        Some(Command::Guided)
            if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() =>
        {
            let (mut store, notices) = open_for_app(args.db, &now)?;
            app(&mut store, now, true, notices)
        }
        Some(command) => {
            let db = cli::resolve_db_path(args.db)?;
            let ctx = Ctx { db, now };
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            cli::run(command, &ctx, &mut out)
        }
        // Scripts and pipes get the help: the app needs a terminal on both ends.
        None if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) => {
            Cli::command().print_help()?;
            eprintln!("\nfootlog opens its interactive app when run in a terminal.");
            Ok(cli::exit::OK)
        }
        None if args.demo => {
            // In memory: the user's database is never touched and nothing is left behind, even
            // when the terminal is closed under the app.
            let mut store = Store::open_in_memory()?;
            footlog::demo::fill(&mut store, &now)?;
            app(&mut store, now, false, Vec::new())
        }
        None => {
            let (mut store, notices) = open_for_app(args.db, &now)?;
            app(&mut store, now, false, notices)
        }
    }
}

/// Opens the user's database for the app and takes the day's automatic backup (years of health
/// data deserve copies); a failed backup is reported in the app, not fatal.
fn open_for_app(
    db: Option<std::path::PathBuf>,
    now: &DateTime<FixedOffset>,
) -> Result<(Store, Vec<String>), CliError> {
    let db = cli::resolve_db_path(db)?;
    let mut store = Store::open(&db)?;
    // Deleted records past their 30 days are erased when the app starts.
    let erase_failed = store.erase_expired(now).err();
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    let mut notices =
        match footlog::store::daily_backup(&store, &db, &stamp, footlog::store::KEEP_BACKUPS) {
            Ok(_) => Vec::new(),
            Err(e) => vec![format!("Automatic backup failed: {e}")],
        };
    notices.extend(erase_failed.map(|e| format!("Could not erase old deleted records: {e}")));
    Ok((store, notices))
}

/// Runs the interactive app (`guided`: straight into a guided session). With `FOOTLOG_NOW` set
/// (tests) the clock stands still.
fn app(
    store: &mut Store,
    now: DateTime<FixedOffset>,
    guided: bool,
    notices: Vec<String>,
) -> Result<u8, CliError> {
    let fixed = std::env::var("FOOTLOG_NOW").is_ok_and(|s| !s.trim().is_empty());
    let clock = move || {
        if fixed {
            now
        } else {
            Local::now().fixed_offset()
        }
    };
    let opts = footlog::tui::Options {
        guided,
        notices,
        ..footlog::tui::Options::from_env()
    };
    footlog::tui::run(store, &opts, &clock).map_err(CliError::Output)?;
    Ok(cli::exit::OK)
}
