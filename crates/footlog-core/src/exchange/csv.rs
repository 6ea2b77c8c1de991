//! Reading CSV (sessions or sleep notes, by header) one row at a time, each row deserialized by
//! its header as a [`RecordIn`] of cells borrowed from the row.

use std::io::Read;

use chrono::{DateTime, FixedOffset};

use super::json::RECORD_MAX_BYTES;
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
        .from_reader(Bounded::new(stream));
    let headers = match reader.headers().cloned() {
        Ok(h) => h,
        Err(_) if reader.get_ref().exceeded.is_some() => {
            return Err(ImportError::Format(format!(
                "the CSV header is larger than {} KiB; nothing was imported",
                RECORD_MAX_BYTES / 1024
            ))
            .into());
        }
        Err(e) => return Err(failed(e, |e| format!("cannot read the CSV header: {e}"))),
    };
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
            Err(_) if reader.get_ref().exceeded.is_some() => {
                let column = reader.get_ref().exceeded.unwrap_or_default();
                return Err(too_large(n, headers.get(column).filter(|h| !h.is_empty())));
            }
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

/// The refusal of a record that passed [`RECORD_MAX_BYTES`] while `field` was being read.
fn too_large<E>(n: usize, field: Option<&str>) -> ReadError<E> {
    let field = field.map_or_else(|| "a".to_string(), |f| format!("the {f}"));
    ImportError::Format(format!(
        "CSV record {n}: {field} field makes the record larger than {} KiB, far more than any \
         field may hold (a note at most 2,000 characters); nothing was imported",
        RECORD_MAX_BYTES / 1024
    ))
    .into()
}

/// Where the scan of the CSV's bytes is, as the csv reader will parse them (RFC 4180 quoting:
/// a quote opens a quoted field only at its start, a doubled quote inside one is a quote).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// At the start of a field.
    FieldStart,
    /// In a field without quotes.
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: its end, or the first of a doubled quote.
    QuoteInQuoted,
}

/// The file as the csv reader reads it, each byte counted against the record it belongs to, so
/// that a huge field is refused once its record passes [`RECORD_MAX_BYTES`], before more of it is
/// read and held (issue 19.17): the csv reader itself would buffer a field of any size.
struct Bounded<R> {
    inner: R,
    scan: Scan,
    /// The field (0 for the first) of the record being read.
    field: usize,
    /// The bytes the record being read has taken so far.
    used: u64,
    /// The field being read when the record passed the limit.
    exceeded: Option<usize>,
}

impl<R> Bounded<R> {
    fn new(inner: R) -> Self {
        Bounded {
            inner,
            scan: Scan::FieldStart,
            field: 0,
            used: 0,
            exceeded: None,
        }
    }

    /// Follows one byte; true when the record being read is over the limit.
    fn follow(&mut self, b: u8) -> bool {
        let end_field = |me: &mut Self| {
            me.field += 1;
            me.scan = Scan::FieldStart;
        };
        let end_record = |me: &mut Self| {
            me.field = 0;
            me.used = 0;
            me.scan = Scan::FieldStart;
        };
        self.used += 1;
        match (self.scan, b) {
            (Scan::FieldStart | Scan::QuoteInQuoted, b'"') => self.scan = Scan::Quoted,
            (Scan::Quoted, b'"') => self.scan = Scan::QuoteInQuoted,
            (Scan::Quoted, _) => {}
            (_, b',') => end_field(self),
            (_, b'\n' | b'\r') => end_record(self),
            _ => self.scan = Scan::Unquoted,
        }
        self.used > RECORD_MAX_BYTES
    }
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.exceeded.is_some() {
            return Err(std::io::Error::other("record too large"));
        }
        let n = self.inner.read(buf)?;
        for &b in buf.get(..n).unwrap_or_default() {
            if self.follow(b) {
                self.exceeded = Some(self.field);
                return Err(std::io::Error::other("record too large"));
            }
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:00:00+01:00").expect("time")
    }

    /// The limit is per record: a file of many records, together far over it, with quoted
    /// notes holding commas, doubled quotes and line breaks (CRLF too), imports whole.
    #[test]
    fn many_records_together_over_the_limit_import_whole() {
        let note = "\"a, \"\"b\"\"\r\nc\",".repeat(100);
        let mut text = String::from("started_at,note,tension_before,tension_after\r\n");
        let rows = 3000;
        for i in 0..rows {
            let day = i % 28 + 1;
            let cell = note.replace('"', "\"\"");
            write!(text, "2026-10-{day:02}T20:00:00+01:00,\"").expect("write");
            text.push_str(cell.get(..1500).unwrap_or_default());
            text.push_str("\",5,2\r\n");
        }
        assert!(text.len() as u64 > 4 * RECORD_MAX_BYTES);
        let batch = crate::exchange::parse_import(&text, &now()).expect("imports");
        assert_eq!(batch.sessions.len(), rows);
    }

    #[test]
    fn a_record_over_the_limit_names_its_field_and_a_short_one_after_it_is_not_reached() {
        let text = format!(
            "started_at,tension_before,tension_after,note\n\
             2026-11-20T20:00:00+01:00,5,2,ok\n\
             2026-11-21T20:00:00+01:00,5,2,\"{}\"\n",
            "\"\"".repeat(1024 * 1024)
        );
        let err = crate::exchange::parse_import(&text, &now()).expect_err("refused");
        assert!(
            err.to_string()
                .starts_with("CSV record 2: the note field makes the record larger than 1024 KiB"),
            "{err}"
        );
    }
}
