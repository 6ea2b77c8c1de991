//! footlog's entry point: parse arguments, then run a subcommand or the interactive app.

use std::io::IsTerminal;
use std::process::ExitCode;

use chrono::{DateTime, FixedOffset};
use clap::{CommandFactory, Parser};

use footlog::cli::{self, Cli, CliError, Command, Ctx};
use footlog::store::{DailyBackup, Store};
use std::time::Duration;

fn main() -> ExitCode {
    let args = Cli::parse();
    match run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Line breaks are the message's own (lists of records); every other character a
            // terminal would act on is shown escaped. Not eprintln!: it panics when stderr is
            // gone (a closed terminal); `message!` ignores a failed write.
            let text = e.to_string();
            let lines: Vec<_> = text.split('\n').map(cli::text::escape_unsafe).collect();
            footlog::message!("footlog: {}", lines.join("\n"));
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
            let opened = open_for_app(args.db, &now)?;
            app(opened, now, Mode::Guided)
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
            footlog::message!("\nfootlog opens its interactive app when run in a terminal.");
            Ok(cli::exit::OK)
        }
        None if args.demo => {
            // In memory: the user's database is never touched and nothing is left behind, even
            // when the terminal is closed under the app.
            let mut store = Store::open_in_memory()?;
            footlog::demo::fill(&mut store, &now)?;
            let code = app(Opened::only(store), now, Mode::Demo)?;
            // The demo said so on every screen; once more where the terminal is left.
            footlog::message!("That was footlog's demo: nothing you entered in it was kept.");
            Ok(code)
        }
        None => {
            let opened = open_for_app(args.db, &now)?;
            app(opened, now, Mode::Normal)
        }
    }
}

/// The database the app runs on, and what it starts with.
struct Opened {
    store: Store,
    /// The database's path, for the day's automatic backup (none when it cannot be written).
    backup_of: Option<std::path::PathBuf>,
    /// Start-up problems for the status line.
    notices: Vec<String>,
    /// Why the database can only be read, said on every screen (see `tui::Options`).
    read_only: Option<String>,
}

impl Opened {
    /// A store with nothing else: no backup, no notices, writable.
    fn only(store: Store) -> Self {
        Opened {
            store,
            backup_of: None,
            notices: Vec::new(),
            read_only: None,
        }
    }
}

/// Opens the user's database for the app, with its path for the day's automatic backup (years
/// of health data deserve copies), which the app starts in the background once its first frame
/// is on the screen. A database that exists but cannot be written (a read-only medium, a file
/// or folder this user may only read) is opened for reading instead: the app shows it and says
/// on every screen that changes are off (issue 19.9).
fn open_for_app(
    db: Option<std::path::PathBuf>,
    now: &DateTime<FixedOffset>,
) -> Result<Opened, CliError> {
    use footlog::store::StoreError;
    let db = cli::resolve_db_path(db)?;
    // The same door as every command that writes: the damage check, then deleted records past
    // their 30 days are erased.
    let mut store = match Store::open_for_writing(&db, now).map_err(|e| e.at(&db)) {
        Ok(store) => store,
        Err(
            e @ (StoreError::ReadOnlyMedium(_)
            | StoreError::ReadOnlyFile(_)
            | StoreError::PermissionDenied(_)),
        ) => {
            return match Store::open_existing_for_reading(&db) {
                Ok(Some(store)) => Ok(Opened {
                    read_only: Some(footlog::tui::read_only_notice(&db)),
                    ..Opened::only(store)
                }),
                _ => Err(e.into()),
            };
        }
        Err(e) => return Err(e.into()),
    };
    let notices = store
        .take_erase_failure()
        .map(|e| format!("Could not erase old deleted records: {e}"))
        .into_iter()
        .collect();
    Ok(Opened {
        store,
        backup_of: Some(db),
        notices,
        read_only: None,
    })
}

/// The background sync's clock: `FOOTLOG_NOW` when a test fixes it, else the system's.
fn sync_clock() -> DateTime<FixedOffset> {
    cli::now_from_env().unwrap_or_else(|_| cli::system_clock())
}

/// How the app starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// On the user's database, on the dashboard.
    Normal,
    /// Straight into a guided session (`footlog guided`).
    Guided,
    /// On the demo's sample data in memory (`--demo`).
    Demo,
}

/// How long quitting waits for a daily backup still running before abandoning it.
const BACKUP_PATIENCE: Duration = Duration::from_secs(2);

/// Runs the interactive app (see [`Mode`]). With `FOOTLOG_NOW` set
/// (tests) the clock stands still. A quit signal or a terminal that went away ends it like a
/// normal quit, with exit code 128 + the signal, once the database is closed cleanly.
fn app(opened: Opened, now: DateTime<FixedOffset>, mode: Mode) -> Result<u8, CliError> {
    let Opened {
        mut store,
        mut backup_of,
        notices,
        read_only,
    } = opened;
    let fixed = std::env::var("FOOTLOG_NOW").is_ok_and(|s| !s.trim().is_empty());
    // The app's clock, read once per tick. A clock set back before 1970 while the app runs
    // is not believed: the app keeps the time it last read.
    let last = std::cell::Cell::new(now);
    let clock = move || {
        if fixed {
            return now;
        }
        let t = cli::system_clock();
        if t.timestamp() >= 0 {
            last.set(t);
        }
        last.get()
    };
    // Sync runs in the app only where it is set up: otherwise nothing touches the network.
    let sync = backup_of
        .as_ref()
        .filter(|db| footlog_sync::SyncPaths::new(db).is_set_up())
        .map(|db| footlog::tui::BackgroundSync {
            db: db.clone(),
            clock: sync_clock,
        });
    let opts = footlog::tui::Options {
        guided: mode == Mode::Guided,
        demo: mode == Mode::Demo,
        notices,
        sync,
        read_only,
        ..footlog::tui::Options::from_env()
    };
    let mut backup: Option<DailyBackup> = None;
    let ended = footlog::tui::run_with(&mut store, &opts, &clock, &mut || {
        if let Some(db) = backup_of.take() {
            // After the first frame: the backup never competes with it.
            backup = Some(DailyBackup::start(&db, clock()));
            return None;
        }
        match backup.as_mut().and_then(footlog::store::DailyBackup::poll) {
            Some(Err(e)) => Some(format!("Automatic backup failed: {e}")),
            _ => None,
        }
    });
    // The backup's connection closes first, so closing the app's, the last, merges the WAL.
    if let Some(b) = backup {
        b.finish_or_abandon(BACKUP_PATIENCE);
    }
    drop(store);
    Ok(ended.map_err(CliError::Output)?.exit_code())
}
