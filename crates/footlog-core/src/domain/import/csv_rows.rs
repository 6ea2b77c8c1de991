//! Reading CSV (sessions or sleep notes, by header) one row at a time.

use std::io::Read;

use chrono::{DateTime, FixedOffset};

use super::sink::{ImportError, ImportSink, ReadError, at};
use crate::domain::record::{CsvColumns, CsvFields, parse_session, parse_sleep};

pub(super) fn read_csv<R: Read, S: ImportSink>(
    stream: R,
    now: &DateTime<FixedOffset>,
    sink: &mut S,
) -> Result<(), ReadError<S::Error>> {
    let io_or = |e: csv::Error, f: &dyn Fn(csv::Error) -> ImportError| -> ReadError<S::Error> {
        if e.is_io_error() {
            match e.into_kind() {
                csv::ErrorKind::Io(io) => ReadError::Io(io),
                other => ReadError::Io(std::io::Error::other(format!("{other:?}"))),
            }
        } else {
            ReadError::Import(f(e))
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(stream);
    let headers = reader
        .headers()
        .map_err(|e| {
            io_or(e, &|e| {
                ImportError::Format(format!("cannot read the CSV header: {e}"))
            })
        })?
        .clone();
    let columns = CsvColumns::new(&headers);
    let sleep = if columns.has("started_at") {
        false
    } else if columns.has("night") {
        true
    } else {
        return Err(ImportError::Format(
            "the CSV header names neither started_at (sessions) nor night (sleep notes)".into(),
        )
        .into());
    };
    let mut row = csv::StringRecord::new();
    let mut n = 0;
    loop {
        n += 1;
        match reader.read_record(&mut row) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(io_or(e, &|e| {
                    ImportError::Format(format!("CSV record {n}: {e}"))
                }));
            }
        }
        let line = row
            .position()
            .map_or(n + 1, |p| usize::try_from(p.line()).unwrap_or(n + 1));
        let fields = CsvFields {
            columns: &columns,
            row: &row,
        };
        let taken = if sleep {
            parse_sleep(&fields, now).map(|(m, f)| sink.sleep_note(&m, &f))
        } else {
            parse_session(&fields, now).map(|(m, f)| sink.session(&m, &f))
        };
        match taken {
            Ok(r) => r.map_err(ReadError::Sink)?,
            Err(e) => return Err(at(format!("record {n} (line {line})"))(e).into()),
        }
    }
    Ok(())
}
