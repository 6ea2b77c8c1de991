//! Reading an import file (a JSON export, a JSON array of records, or CSV) as a stream of typed
//! records ([`RecordIn`](crate::domain::record::RecordIn)), each validated by the domain's rules
//! and handed to an [`ImportSink`] as soon as it ends: a file is read once, front to back, and
//! never held whole, so memory stays bounded whatever its size. The store's sink writes every
//! record into one transaction, so one bad record (named by its index and field) rejects the
//! whole file.

mod csv;
mod json;
mod utf8;

use std::io::{BufReader, Read};

use chrono::{DateTime, FixedOffset};

use self::utf8::Utf8Checked;
use crate::domain::ValidationError;
use crate::domain::import::{ImportBatch, ImportError, ImportSink};

/// Why reading a stream stopped.
#[derive(Debug)]
pub enum ReadError<E> {
    /// The content cannot be imported.
    Import(ImportError),
    /// The bytes are not UTF-8 text; `offset` is the first invalid byte's, from the start.
    NotUtf8 {
        /// Byte offset of the first invalid byte.
        offset: u64,
    },
    /// Reading failed.
    Io(std::io::Error),
    /// The sink refused a record.
    Sink(E),
}

impl<E> From<ImportError> for ReadError<E> {
    fn from(e: ImportError) -> Self {
        ReadError::Import(e)
    }
}

/// `error` in the record named `record`, as a reason to stop reading.
fn invalid<E>(record: String, error: ValidationError) -> ReadError<E> {
    ReadError::Import(ImportError::invalid(record, error))
}

/// Parses `text`, detecting JSON (an export object or an array of records) or CSV.
pub fn parse_import(text: &str, now: &DateTime<FixedOffset>) -> Result<ImportBatch, ImportError> {
    let mut batch = ImportBatch::default();
    match read_import(text.as_bytes(), now, &mut batch) {
        Ok(()) => Ok(batch),
        Err(ReadError::Import(e)) => Err(e),
        Err(ReadError::NotUtf8 { offset }) => Err(ImportError::Format(format!(
            "the file is not UTF-8 text (invalid byte at offset {offset})"
        ))),
        Err(ReadError::Io(e)) => Err(ImportError::Format(format!("cannot read the file: {e}"))),
        Err(ReadError::Sink(never)) => match never {},
    }
}

/// How much of a file's start is looked at to tell JSON from CSV, and the longest CSV header.
const HEAD_LIMIT: usize = 64 * 1024;

/// Reads `input` (JSON or CSV, detected from its first bytes), validates each record and hands it
/// to `sink`. Stops at the first problem; what the sink took before is then the sink's to undo.
pub fn read_import<R: Read, S: ImportSink>(
    input: R,
    now: &DateTime<FixedOffset>,
    sink: &mut S,
) -> Result<(), ReadError<S::Error>> {
    let mut checked = Utf8Checked::new(input);
    let result = read_checked(&mut checked, now, sink);
    match checked.invalid_at {
        Some(offset) => Err(ReadError::NotUtf8 { offset }),
        None => result,
    }
}

fn read_checked<R: Read, S: ImportSink>(
    input: &mut Utf8Checked<R>,
    now: &DateTime<FixedOffset>,
    sink: &mut S,
) -> Result<(), ReadError<S::Error>> {
    let (head, start) = sniff(input)?;
    let Some(&first) = head.get(start) else {
        return Err(ImportError::Format("the file is empty".into()).into());
    };
    let stream = BufReader::with_capacity(
        HEAD_LIMIT,
        std::io::Cursor::new(head.get(start..).unwrap_or_default()).chain(input),
    );
    if first == b'{' || first == b'[' {
        json::read_json(stream, first == b'{', now, sink)
    } else {
        let line = head.get(start..).unwrap_or_default();
        let line = line.split(|&b| b == b'\n').next().unwrap_or_default();
        if line.contains(&0) {
            return Err(ImportError::Format(
                "the file is neither JSON nor CSV (it holds binary data)".into(),
            )
            .into());
        }
        csv::read_csv(stream, now, sink)
    }
}
/// Reads the file's first bytes: skips byte order marks, then white space, and for CSV keeps the
/// whole first line. Returns the bytes read and where the content starts in them.
fn sniff<R: Read, E>(input: &mut R) -> Result<(Vec<u8>, usize), ReadError<E>> {
    let mut head = Vec::with_capacity(8 * 1024);
    let mut pos = 0;
    let mut eof = false;
    let mut boms = true;
    let mut fill = |head: &mut Vec<u8>, eof: &mut bool| -> Result<(), ReadError<E>> {
        let mut chunk = [0u8; 8 * 1024];
        let n = loop {
            match input.read(&mut chunk) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(ReadError::Io(e)),
            }
        };
        *eof = n == 0;
        head.extend_from_slice(chunk.get(..n).unwrap_or_default());
        Ok(())
    };
    // Leading byte order marks, then white space (as `trim_start` sees it).
    loop {
        if head.len() - pos < 4 && !eof {
            fill(&mut head, &mut eof)?;
            continue;
        }
        let rest = head.get(pos..).unwrap_or_default();
        if boms && rest.starts_with("\u{feff}".as_bytes()) {
            pos += 3;
            continue;
        }
        boms = false;
        let window = rest.get(..rest.len().min(4)).unwrap_or_default();
        let valid = match std::str::from_utf8(window) {
            Ok(s) => s,
            // Valid up to a cut character (or an invalid byte, which the checked reader reports).
            Err(e) => std::str::from_utf8(window.get(..e.valid_up_to()).unwrap_or_default())
                .unwrap_or_default(),
        };
        match valid.chars().next() {
            Some(c) if c.is_whitespace() => pos += c.len_utf8(),
            _ => break,
        }
        if pos > HEAD_LIMIT {
            head.drain(..pos);
            pos = 0;
        }
    }
    let is_json = matches!(head.get(pos), Some(b'{' | b'['));
    // CSV: the header line must come whole within the first bytes; anything else is not CSV.
    while !is_json && !eof && !head.get(pos..).unwrap_or_default().contains(&b'\n') {
        if head.len() - pos > HEAD_LIMIT {
            return Err(ImportError::Format(format!(
                "the file is neither JSON nor CSV (no line break in its first {} KiB)",
                HEAD_LIMIT / 1024
            ))
            .into());
        }
        fill(&mut head, &mut eof)?;
    }
    Ok((head, pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:00:00+01:00").expect("time")
    }

    #[test]
    fn invalid_record_names_index_and_field() {
        let text = r#"{"version":1,"sessions":[
            {"started_at":"2026-11-20T20:00:00+01:00","tension_before":5,"tension_after":2},
            {"started_at":"2026-11-21T20:00:00+01:00","tension_before":11,"tension_after":2}]}"#;
        let err = parse_import(text, &now()).expect_err("invalid");
        assert_eq!(
            err.to_string(),
            "sessions[1].tension_before: must be a whole number from 0 to 10 (got 11)"
        );
    }

    #[test]
    fn wrong_types_and_huge_numbers_are_errors() {
        for (body, field) in [
            (
                r#"{"started_at":"2026-11-20T20:00:00+01:00","tension_before":"5","tension_after":2}"#,
                "tension_before",
            ),
            (
                r#"{"started_at":"2026-11-20T20:00:00+01:00","tension_before":5,"tension_after":2,"minutes":1e40}"#,
                "minutes",
            ),
            (
                r#"{"started_at":"2026-11-20T20:00:00+01:00","tension_before":5,"tension_after":2,"minutes":18446744073709551615}"#,
                "minutes",
            ),
            (
                r#"{"started_at":20,"tension_before":5,"tension_after":2}"#,
                "started_at",
            ),
            (
                r#"{"started_at":"2026-11-20T20:00:00+01:00","tension_before":5,"tension_after":2,"areas":"toes"}"#,
                "areas",
            ),
            (
                r#"{"started_at":"2026-11-20T20:00:00+01:00","date":"2026-11-21","tension_before":5,"tension_after":2}"#,
                "date",
            ),
            (
                r#"{"started_at":"2027-11-20T20:00:00+01:00","tension_before":5,"tension_after":2}"#,
                "started_at",
            ),
        ] {
            let text = format!(r#"{{"version":1,"sessions":[{body}]}}"#);
            match parse_import(&text, &now()) {
                Err(ImportError::Invalid { record, error }) => {
                    assert_eq!(record, "sessions[0]");
                    assert_eq!(error.field, field, "{body}");
                }
                other => panic!("expected invalid {field}, got {other:?}"),
            }
        }
    }

    #[test]
    fn truncated_json_and_unknown_version_are_format_errors() {
        assert!(matches!(
            parse_import(r#"{"version":1,"sessions":[{"#, &now()),
            Err(ImportError::Format(_))
        ));
        assert!(matches!(
            parse_import(r#"{"version":2}"#, &now()),
            Err(ImportError::Format(_))
        ));
        assert!(matches!(
            parse_import("", &now()),
            Err(ImportError::Format(_))
        ));
        assert!(matches!(
            parse_import("a,b\n1,2\n", &now()),
            Err(ImportError::Format(_))
        ));
    }

    #[test]
    fn csv_rows_name_record_and_line() {
        let text = "night,quality\n2026-11-20,4\n2026-11-21,9\n";
        let err = parse_import(text, &now()).expect_err("invalid");
        assert_eq!(
            err.to_string(),
            "record 2 (line 3).quality: must be a whole number from 1 to 5 (got 9)"
        );
    }
}

#[cfg(test)]
mod error_tests {
    use super::*;

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:00:00+01:00").expect("time")
    }

    fn message(text: &str) -> String {
        parse_import(text, &now()).map_or_else(|e| e.to_string(), |b| format!("read: {b:?}"))
    }

    const S: &str =
        r#"{"started_at":"2026-11-20T20:00:00+01:00","tension_before":5,"tension_after":2}"#;

    /// Every way a file's shape can be wrong, with the message that names where.
    #[test]
    fn each_shape_error_names_its_place() {
        for (text, expected) in [
            (
                r#"{"version":1,"sessions":{"a":1}}"#.to_string(),
                r#""sessions" must be a list"#,
            ),
            (
                r#"{"version":1,"goals":3}"#.into(),
                r#""goals" must be a list"#,
            ),
            (
                format!(r#"{{"version":1,"sessions":[{S},3]}}"#),
                "sessions[1] is not an object",
            ),
            (
                r#"{"version":1,"sleep_notes":[null]}"#.into(),
                "sleep_notes[0] is not an object",
            ),
            (format!(r#"[{S},"x"]"#), "record [1] is not an object"),
            (
                r#"[{"night":null,"quality":3}]"#.into(),
                "[0].night: is required",
            ),
            (
                r#"{"sessions":[]}"#.into(),
                r#"not a footlog export: no "version" key"#,
            ),
            (
                r#"{"version":null}"#.into(),
                r#"not a footlog export: no "version" key"#,
            ),
            (
                r#"{"version":"1"}"#.into(),
                r#"export.version: must be a whole number (got "1")"#,
            ),
            (
                r#"{"version":2}"#.into(),
                "export version 2 is not supported (this footlog reads version 1)",
            ),
            (
                r#"{"version":1,"week_start":"friday"}"#.into(),
                r#"export.week_start: must be monday or sunday (got "friday")"#,
            ),
            (
                r#"{"version":1} x"#.into(),
                "the file is not valid JSON: trailing characters at line 1 column 15",
            ),
            (
                r#"{"version":1,"goals":[{"effective_from":"2026-11-01"}]}"#.into(),
                "goals[0].per_week: is required",
            ),
            (
                r#"{"version":1,"rest_weeks":[{"date":"2026-11-01","reason":3}]}"#.into(),
                "rest_weeks[0].reason: must be text (got 3)",
            ),
            (" \n\t ".into(), "the file is empty"),
            (
                "a,b\n1,2\n".into(),
                "the CSV header names neither started_at (sessions) nor night (sleep notes)",
            ),
            (
                "night,quality\n2026-11-20\n".into(),
                "CSV record 1: CSV error: record 1 (line: 2, byte: 14): found record with 1 \
                 fields, but the previous record has 2 fields",
            ),
            (
                "started_at,tension_before,tension_after\n2026-11-20T20:00:00+01:00,abc,2\n".into(),
                r#"record 1 (line 2).tension_before: must be a whole number (got "abc")"#,
            ),
            (
                "night,quality,hours\n2026-11-20,4,lots\n".into(),
                r#"record 1 (line 2).hours: must be a number (got "lots")"#,
            ),
        ] {
            assert_eq!(message(&text), expected, "{text}");
        }
    }

    #[test]
    fn csv_reads_the_first_of_a_repeated_column_and_trims_header_names() {
        let b = parse_import("night , quality,quality\n2026-11-20,4,9\n", &now()).expect("csv");
        assert_eq!(b.sleep_notes[0].1.quality, 4);
        let e = message("night,quality,quality\n2026-11-20,9,4\n");
        assert_eq!(
            e,
            "record 1 (line 2).quality: must be a whole number from 1 to 5 (got 9)"
        );
    }

    #[test]
    fn a_key_given_twice_in_one_record_is_refused_by_name() {
        let text = format!(
            r#"{{"version":1,"sessions":[{S},{{"started_at":"2026-11-20T20:00:00+01:00",
            "tension_before":11,"tension_before":5,"tension_after":2}}]}}"#
        );
        assert_eq!(
            message(&text),
            "sessions[1]: duplicate field `tension_before` at line 2 column 49"
        );
    }

    #[test]
    fn a_bare_list_holds_sessions_or_sleep_notes_and_unknown_keys_are_skipped() {
        let text =
            format!(r#"[{S}, {{"night":"2026-11-20","quality":4,"other":{{"deep":[1,{{}}]}}}}]"#);
        let b = parse_import(&text, &now()).expect("list");
        assert_eq!((b.sessions.len(), b.sleep_notes.len()), (1, 1));
    }
}

#[cfg(test)]
mod stream_tests {
    use super::*;

    /// Hands out at most `step` bytes per read, so characters and lines are cut everywhere.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:00:00+01:00").expect("time")
    }

    fn read(bytes: &[u8], step: usize) -> Result<ImportBatch, ReadError<std::convert::Infallible>> {
        let mut batch = ImportBatch::default();
        read_import(Trickle { bytes, step }, &now(), &mut batch).map(|()| batch)
    }

    #[test]
    fn any_read_size_gives_the_same_records_and_errors() {
        let json = "\u{feff}\n  {\"version\":1,\"sessions\":[{\"started_at\":\"2026-11-20T20:00:00+01:00\",\
                    \"tension_before\":5,\"tension_after\":2,\"note\":\"caf\u{e9} \u{1f9b6}\"}]}";
        let csv = "night,quality,note\n2026-11-20,4,\u{1f634} ok\n2026-11-21,3,\n";
        let whole_json = parse_import(json, &now()).expect("json");
        let whole_csv = parse_import(csv, &now()).expect("csv");
        for step in [1, 2, 3, 5, 7, 64, 100_000] {
            let mut j = read(json.as_bytes(), step).expect("json");
            // Records without a UUID get a new one each time.
            j.sessions[0].0.uuid = whole_json.sessions[0].0.uuid;
            assert_eq!(j, whole_json, "step {step}");
            let mut c = read(csv.as_bytes(), step).expect("csv");
            for (n, w) in c.sleep_notes.iter_mut().zip(&whole_csv.sleep_notes) {
                n.0.uuid = w.0.uuid;
            }
            assert_eq!(c, whole_csv, "step {step}");
        }
    }

    #[test]
    fn the_first_invalid_byte_is_found_wherever_reads_cut_it() {
        // An invalid continuation right after a cut 4-byte character, and a cut character at EOF.
        let mut bytes = "night,quality\n2026-11-20,4\n\u{1f634}".as_bytes().to_vec();
        let bad = bytes.len() - 4;
        bytes[bad + 2] = b'x';
        let mut cut = "night,quality\n2026-11-20,4\n".as_bytes().to_vec();
        let cut_at = cut.len() as u64;
        cut.push(0xe2);
        for step in [1, 2, 3, 4, 4096] {
            match read(&bytes, step) {
                Err(ReadError::NotUtf8 { offset }) => assert_eq!(offset, bad as u64, "step {step}"),
                other => panic!("step {step}: {other:?}"),
            }
            match read(&cut, step) {
                Err(ReadError::NotUtf8 { offset }) => assert_eq!(offset, cut_at, "step {step}"),
                other => panic!("step {step}: {other:?}"),
            }
        }
    }
}
