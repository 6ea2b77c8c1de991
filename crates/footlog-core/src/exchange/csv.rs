//! Reading CSV (sessions or sleep notes, by header) one row at a time, each row deserialized by
//! its header as a [`RecordIn`] of cells borrowed from the row.

use std::io::Read;

use chrono::{DateTime, FixedOffset};

use super::{ReadError, invalid};
use crate::domain::import::{ImportError, ImportSink};
use crate::domain::record::{CsvCell, RecordIn, parse_session, parse_sleep};

pub(super) fn read_csv<R: Read, S: ImportSink>(
    stream: R,
    now: &DateTime<FixedOffset>,
    sink: &mut S,
) -> Result<(), ReadError<S::Error>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::Headers)
        .from_reader(stream);
    let headers = reader
        .headers()
        .map_err(|e| failed(e, |e| format!("cannot read the CSV header: {e}")))?
        .clone();
    // The first column of each name counts, as in a spreadsheet's lookup; serde would refuse the
    // row for a name given twice.
    let headers: csv::StringRecord = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if headers.iter().take(i).any(|earlier| earlier == h) {
                ""
            } else {
                h
            }
        })
        .collect();
    let has = |name: &str| headers.iter().any(|h| h == name);
    let sleep = if has("started_at") {
        false
    } else if has("night") {
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
            Err(e) => return Err(failed(e, |e| format!("CSV record {n}: {e}"))),
        }
        let line = row
            .position()
            .map_or(n + 1, |p| usize::try_from(p.line()).unwrap_or(n + 1));
        let rec: RecordIn<CsvCell<'_>> = row
            .deserialize(Some(&headers))
            .map_err(|e| ImportError::Format(format!("CSV record {n}: {e}")))?;
        let taken = if sleep {
            parse_sleep(&rec, now).map(|(m, f)| sink.sleep_note(&m, &f))
        } else {
            parse_session(&rec, now).map(|(m, f)| sink.session(&m, &f))
        };
        match taken {
            Ok(r) => r.map_err(ReadError::Sink)?,
            Err(e) => return Err(invalid(format!("record {n} (line {line})"), e)),
        }
    }
    Ok(())
}

/// A csv error as a reason to stop: the reader's own, or the content's, told by `message`.
fn failed<E>(e: csv::Error, message: impl FnOnce(&csv::Error) -> String) -> ReadError<E> {
    if e.is_io_error() {
        match e.into_kind() {
            csv::ErrorKind::Io(io) => ReadError::Io(io),
            other => ReadError::Io(std::io::Error::other(format!("{other:?}"))),
        }
    } else {
        ReadError::Import(ImportError::Format(message(&e)))
    }
}
