//! `footlog export`: everything as JSON, or sessions / sleep notes as CSV.

use std::io::Write;
use std::path::Path;

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
            write_private_atomically(path, &buf)?;
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

/// Writes `bytes` to `path` through a 0600 temporary file renamed into place,
/// so a reader never sees half a file and the data stays private.
fn write_private_atomically(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    use std::os::unix::fs::OpenOptionsExt;
    let file_err = |what, source| CliError::File {
        what,
        path: path.to_path_buf(),
        source,
    };
    if path.is_dir() {
        return Err(file_err(
            "cannot write",
            std::io::Error::other("it is a directory"),
        ));
    }
    let tmp = path.with_file_name(format!(
        ".{}.tmp-{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id()
    ));
    let result = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        })
        .and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(file_err("cannot write", e));
    }
    Ok(())
}
