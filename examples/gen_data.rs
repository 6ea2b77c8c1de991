//! Writes a footlog JSON export (as `footlog export` writes it) of N generated sessions and their
//! sleep notes to standard output, for measuring the CLI on large histories:
//! `cargo run --release --example gen_data -- 100000` (a second number seeds the generator: two
//! seeds give two histories with different records).

use footlog::cli::args::{ExportArgs, Format};
use footlog::cli::{Command, Ctx};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .as_deref()
        .unwrap_or("1000")
        .parse()?;
    let seed: u64 = std::env::args().nth(2).as_deref().unwrap_or("42").parse()?;
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00")?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("gen.db");
    footlog::store::Store::open(&db)?.import(&footlog::demo::generate_sized(&now, n, seed))?;
    let export = Command::Export(ExportArgs {
        format: Format::Json,
        sleep: false,
        output: None,
        force: false,
        skip_damaged: false,
    });
    footlog::cli::run(export, &Ctx { db, now }, &mut std::io::stdout().lock())?;
    Ok(())
}
