//! `footlog export`: everything as JSON, or sessions / sleep notes as CSV.

use std::io::Write;

use super::args::{ExportArgs, Format};
use super::{CliError, Ctx, exit};
use crate::domain::record::{SESSION_COLUMNS, SLEEP_COLUMNS};
use crate::store::Store;

pub fn run(a: ExportArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    if a.sleep && a.format == Format::Json {
        return Err(CliError::Invalid(
            "invalid --sleep: it selects sleep notes for --format csv; the JSON export always holds both".into(),
        ));
    }
    let store = ctx.open_for_reading()?;
    let mut buf = Vec::new();
    write_export(&store, &a, &mut buf)?;
    match &a.output {
        None => out.write_all(&buf)?,
        Some(path) => {
            crate::store::write_output_file(&ctx.db, path, a.force, &mut |w| w.write_all(&buf))?;
            writeln!(std::io::stderr(), "Wrote {}", path.display()).ok();
        }
    }
    Ok(exit::OK)
}

fn write_export(store: &Store, a: &ExportArgs, buf: &mut Vec<u8>) -> Result<(), CliError> {
    let doc = store.export()?;
    match a.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut *buf, &doc).map_err(std::io::Error::from)?;
            buf.push(b'\n');
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(buf);
            let csv_err = |e: csv::Error| CliError::Output(std::io::Error::other(e));
            if a.sleep {
                w.write_record(SLEEP_COLUMNS).map_err(csv_err)?;
                for n in &doc.sleep_notes {
                    w.write_record(n.csv_row()).map_err(csv_err)?;
                }
            } else {
                w.write_record(SESSION_COLUMNS).map_err(csv_err)?;
                for s in &doc.sessions {
                    w.write_record(s.csv_row()).map_err(csv_err)?;
                }
            }
            w.flush()?;
        }
    }
    Ok(())
}
