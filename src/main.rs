//! footlog's entry point: parse arguments, then run a subcommand or the interactive app.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use footlog::cli::{self, Cli, CliError, Ctx};

fn main() -> ExitCode {
    let args = Cli::parse();
    match run(args) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("footlog: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(args: Cli) -> Result<u8, CliError> {
    let now = cli::now_from_env()?;
    let db = cli::resolve_db_path(args.db)?;
    let ctx = Ctx { db, now };
    match args.command {
        Some(command) => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            cli::run(command, &ctx, &mut out)
        }
        None => {
            Cli::command().print_help()?;
            Ok(cli::exit::OK)
        }
    }
}
