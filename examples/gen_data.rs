//! Writes a footlog JSON export of N generated sessions (and sleep notes) to standard output,
//! for measuring the CLI on large histories: `cargo run --release --example gen_data -- 100000`.

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args()
        .nth(1)
        .as_deref()
        .unwrap_or("1000")
        .parse()?;
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00")?;
    let mut store = footlog::store::Store::open_in_memory()?;
    store.import(&footlog::demo::generate_sized(&now, n, 42))?;
    let mut out = std::io::stdout().lock();
    serde_json::to_writer(&mut out, &store.export()?)?;
    writeln!(out)?;
    Ok(())
}
