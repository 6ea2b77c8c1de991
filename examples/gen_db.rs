//! Writes a footlog database of N generated sessions (and sleep notes) straight to PATH, for
//! measuring the app on large histories without a JSON import:
//! `cargo run --release --example gen_db -- 100000 /tmp/footlog.db`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().as_deref().unwrap_or("1000").parse()?;
    let path = std::path::PathBuf::from(args.next().ok_or("usage: gen_db N PATH")?);
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00")?;
    let mut store = footlog::store::Store::open(&path)?;
    store.import(&footlog::demo::generate_sized(&now, n, 42))?;
    Ok(())
}
