//! Reading an import file (a JSON export, a JSON array of records, or CSV) as a stream of
//! validated records handed one by one to an [`ImportSink`]: a file is never held whole, so memory
//! stays bounded whatever its size. The store's sink writes every record in one transaction, so
//! one bad record (named by its index and field) rejects the whole file.
//!
//! This module reads bytes from whatever `Read` it is given and does no I/O of its own.

use std::io::{BufReader, Read};

use chrono::{DateTime, FixedOffset};
use serde::de::{
    self, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;
use thiserror::Error;

use super::record::{
    CsvColumns, CsvFields, ImportMeta, JsonRecord, RawFields, json_int, json_text, parse_session,
    parse_sleep, record_key,
};
use super::time::parse_date;
use super::week::{validate_goal, validate_reason};
use super::{GoalChange, RestMark, SessionFields, SleepFields, ValidationError, WeekStart};

/// The export format version this footlog writes and reads.
pub const EXPORT_VERSION: i64 = 1;

/// Everything a file holds, validated (for tests, demos and small in-memory imports).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ImportBatch {
    /// The file's week start (JSON exports only).
    pub week_start: Option<WeekStart>,
    /// Goal changes.
    pub goals: Vec<GoalChange>,
    /// Rest marks.
    pub rest_marks: Vec<RestMark>,
    /// Sessions in file order.
    pub sessions: Vec<(ImportMeta, SessionFields)>,
    /// Sleep notes in file order.
    pub sleep_notes: Vec<(ImportMeta, SleepFields)>,
}

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ImportError {
    /// One record breaks a rule.
    #[error("{record}.{}: {}", error.field, error.message)]
    Invalid {
        /// Which record, e.g. `sessions[3]` or `record 3 (line 4)`.
        record: String,
        /// What is wrong.
        error: ValidationError,
    },
    /// The file is not in a format footlog reads.
    #[error("{0}")]
    Format(String),
}

/// Where validated records go, in file order. The week start comes after the records of the
/// export object it belongs to (the last one given, as a JSON object keeps its last key).
pub trait ImportSink {
    /// Why the sink could not take a record (for the store: a database error).
    type Error;
    /// The file's week start.
    fn week_start(&mut self, ws: WeekStart) -> Result<(), Self::Error>;
    /// A goal change.
    fn goal(&mut self, g: &GoalChange) -> Result<(), Self::Error>;
    /// A rest mark.
    fn rest_mark(&mut self, r: &RestMark) -> Result<(), Self::Error>;
    /// A session.
    fn session(&mut self, meta: &ImportMeta, f: &SessionFields) -> Result<(), Self::Error>;
    /// A sleep note.
    fn sleep_note(&mut self, meta: &ImportMeta, f: &SleepFields) -> Result<(), Self::Error>;
}

impl ImportSink for ImportBatch {
    type Error = std::convert::Infallible;

    fn week_start(&mut self, ws: WeekStart) -> Result<(), Self::Error> {
        self.week_start = Some(ws);
        Ok(())
    }
    fn goal(&mut self, g: &GoalChange) -> Result<(), Self::Error> {
        self.goals.push(*g);
        Ok(())
    }
    fn rest_mark(&mut self, r: &RestMark) -> Result<(), Self::Error> {
        self.rest_marks.push(r.clone());
        Ok(())
    }
    fn session(&mut self, meta: &ImportMeta, f: &SessionFields) -> Result<(), Self::Error> {
        self.sessions.push((meta.clone(), f.clone()));
        Ok(())
    }
    fn sleep_note(&mut self, meta: &ImportMeta, f: &SleepFields) -> Result<(), Self::Error> {
        self.sleep_notes.push((meta.clone(), f.clone()));
        Ok(())
    }
}

impl ImportBatch {
    /// Hands every record to `sink`, in the order a file would.
    pub fn feed<S: ImportSink>(&self, sink: &mut S) -> Result<(), S::Error> {
        for g in &self.goals {
            sink.goal(g)?;
        }
        for r in &self.rest_marks {
            sink.rest_mark(r)?;
        }
        for (m, f) in &self.sessions {
            sink.session(m, f)?;
        }
        for (m, f) in &self.sleep_notes {
            sink.sleep_note(m, f)?;
        }
        if let Some(ws) = self.week_start {
            sink.week_start(ws)?;
        }
        Ok(())
    }
}

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

fn at(record: impl Into<String>) -> impl FnOnce(ValidationError) -> ImportError {
    let record = record.into();
    move |error| ImportError::Invalid { record, error }
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
        std::io::Cursor::new(&head[start..]).chain(input),
    );
    if first == b'{' || first == b'[' {
        read_json(stream, first == b'{', now, sink)
    } else {
        let line = &head[start..];
        let line = &line[..line.iter().position(|&b| b == b'\n').unwrap_or(line.len())];
        if line.contains(&0) {
            return Err(ImportError::Format(
                "the file is neither JSON nor CSV (it holds binary data)".into(),
            )
            .into());
        }
        read_csv(stream, now, sink)
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
        head.extend_from_slice(&chunk[..n]);
        Ok(())
    };
    // Leading byte order marks, then white space (as `trim_start` sees it).
    loop {
        if head.len() - pos < 4 && !eof {
            fill(&mut head, &mut eof)?;
            continue;
        }
        let rest = &head[pos..];
        if boms && rest.starts_with("\u{feff}".as_bytes()) {
            pos += 3;
            continue;
        }
        boms = false;
        let window = &rest[..rest.len().min(4)];
        let valid = match std::str::from_utf8(window) {
            Ok(s) => s,
            // Valid up to a cut character (or an invalid byte, which the checked reader reports).
            Err(e) => std::str::from_utf8(&window[..e.valid_up_to()]).unwrap_or_default(),
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
    while !is_json && !eof && !head[pos..].contains(&b'\n') {
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

/// A reader that checks that the bytes are UTF-8 as they pass, and stops at the first that is not.
struct Utf8Checked<R> {
    inner: R,
    /// Bytes passed so far.
    offset: u64,
    /// An incomplete character at the end of the last read, and where it started.
    pending: Vec<u8>,
    pending_at: u64,
    /// Where the first invalid byte was found.
    invalid_at: Option<u64>,
}

impl<R: Read> Utf8Checked<R> {
    fn new(inner: R) -> Self {
        Self {
            inner,
            offset: 0,
            pending: Vec::new(),
            pending_at: 0,
            invalid_at: None,
        }
    }

    /// Checks `bytes`, which start at `self.offset`; `Err` holds the offset of an invalid byte.
    fn check(&mut self, bytes: &[u8]) -> Result<(), u64> {
        let mut rest = bytes;
        if let Some(&lead) = self.pending.first() {
            let width: usize = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let k = width.saturating_sub(self.pending.len()).min(rest.len());
            self.pending.extend_from_slice(&rest[..k]);
            rest = &rest[k..];
            if self.pending.len() < width {
                return Ok(());
            }
            if std::str::from_utf8(&self.pending).is_err() {
                return Err(self.pending_at);
            }
            self.pending.clear();
        }
        match std::str::from_utf8(rest) {
            Ok(_) => Ok(()),
            Err(e) => {
                let skipped = bytes.len() - rest.len();
                let bad = self.offset + (skipped + e.valid_up_to()) as u64;
                if e.error_len().is_some() {
                    Err(bad)
                } else {
                    self.pending = rest[e.valid_up_to()..].to_vec();
                    self.pending_at = bad;
                    Ok(())
                }
            }
        }
    }
}

impl<R: Read> Read for Utf8Checked<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let not_utf8 = || std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text");
        if self.invalid_at.is_some() {
            return Err(not_utf8());
        }
        let n = self.inner.read(buf)?;
        let verdict = if n == 0 {
            if self.pending.is_empty() {
                Ok(())
            } else {
                Err(self.pending_at)
            }
        } else {
            self.check(&buf[..n])
        };
        if let Err(at) = verdict {
            self.invalid_at = Some(at);
            return Err(not_utf8());
        }
        self.offset += n as u64;
        Ok(n)
    }
}

/// Shared by the JSON visitors: the clock, the sink, and the first failure, kept here because
/// serde's errors can only carry text.
struct Reading<'a, S: ImportSink> {
    now: &'a DateTime<FixedOffset>,
    sink: &'a mut S,
    failure: Option<ReadError<S::Error>>,
}

impl<S: ImportSink> Reading<'_, S> {
    /// Keeps `f` and returns the error that makes serde stop.
    fn fail<E: de::Error>(&mut self, f: ReadError<S::Error>) -> E {
        self.failure = Some(f);
        E::custom("import stopped")
    }

    fn format<E: de::Error>(&mut self, msg: String) -> E {
        self.fail(ReadError::Import(ImportError::Format(msg)))
    }

    fn invalid<E: de::Error>(&mut self, record: String, error: ValidationError) -> E {
        self.fail(ReadError::Import(ImportError::Invalid { record, error }))
    }

    fn sink<E: de::Error>(&mut self, r: Result<(), S::Error>) -> Result<(), E> {
        r.map_err(|e| self.fail(ReadError::Sink(e)))
    }
}

fn read_json<R: Read, S: ImportSink>(
    stream: R,
    object: bool,
    now: &DateTime<FixedOffset>,
    sink: &mut S,
) -> Result<(), ReadError<S::Error>> {
    let mut reading = Reading {
        now,
        sink,
        failure: None,
    };
    let mut de = serde_json::Deserializer::from_reader(stream);
    let parsed = if object {
        (&mut de).deserialize_map(ExportObject(&mut reading))
    } else {
        List {
            reading: &mut reading,
            kind: Kind::Bare,
        }
        .deserialize(&mut de)
    }
    .and_then(|()| de.end());
    match (parsed, reading.failure) {
        (_, Some(f)) => Err(f),
        (Ok(()), None) => Ok(()),
        (Err(e), None) if e.is_io() => Err(ReadError::Io(e.into())),
        (Err(e), None) => {
            Err(ImportError::Format(format!("the file is not valid JSON: {e}")).into())
        }
    }
}

/// A top-level key of an export object.
enum TopKey {
    Version,
    WeekStart,
    List(Kind),
    Other,
}

impl<'de> de::Deserialize<'de> for TopKey {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = TopKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, k: &str) -> Result<TopKey, E> {
                Ok(match k {
                    "version" => TopKey::Version,
                    "week_start" => TopKey::WeekStart,
                    "goals" => TopKey::List(Kind::Goals),
                    "rest_weeks" => TopKey::List(Kind::RestWeeks),
                    "sessions" => TopKey::List(Kind::Sessions),
                    "sleep_notes" => TopKey::List(Kind::SleepNotes),
                    _ => TopKey::Other,
                })
            }
        }
        d.deserialize_identifier(V)
    }
}

/// A key of a record: one footlog reads (its place in [`JsonRecord`]) or another.
struct RecordKey(Option<usize>);

impl<'de> de::Deserialize<'de> for RecordKey {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RecordKey;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, k: &str) -> Result<RecordKey, E> {
                Ok(RecordKey(record_key(k)))
            }
        }
        d.deserialize_identifier(V)
    }
}

/// Which list a record is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Goals,
    RestWeeks,
    Sessions,
    SleepNotes,
    /// A bare array (`list --json`): sessions, or sleep notes when a record has `night`.
    Bare,
}

impl Kind {
    fn key(self) -> &'static str {
        match self {
            Kind::Goals => "goals",
            Kind::RestWeeks => "rest_weeks",
            Kind::Sessions => "sessions",
            Kind::SleepNotes => "sleep_notes",
            Kind::Bare => "",
        }
    }
}

struct ExportObject<'r, 'a, S: ImportSink>(&'r mut Reading<'a, S>);

impl<'de, S: ImportSink> Visitor<'de> for ExportObject<'_, '_, S> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an export object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let reading = self.0;
        let mut version = false;
        let mut week_start = None;
        while let Some(key) = map.next_key::<TopKey>()? {
            match key {
                TopKey::Version => {
                    let v: Value = map.next_value()?;
                    match json_int("version", Some(&v)) {
                        Ok(Some(EXPORT_VERSION)) => version = true,
                        Ok(Some(v)) => {
                            return Err(reading.format(format!(
                                "export version {v} is not supported (this footlog reads version {EXPORT_VERSION})"
                            )));
                        }
                        Ok(None) => {
                            return Err(
                                reading.format("not a footlog export: no \"version\" key".into())
                            );
                        }
                        Err(e) => return Err(reading.invalid("export".into(), e)),
                    }
                }
                TopKey::WeekStart => {
                    let v: Value = map.next_value()?;
                    week_start = json_text("week_start", Some(&v))
                        .and_then(|w| {
                            w.map(|w| WeekStart::parse_field("week_start", &w))
                                .transpose()
                        })
                        .map_err(|e| reading.invalid("export".into(), e))?;
                }
                TopKey::List(kind) => map.next_value_seed(List {
                    reading: &mut *reading,
                    kind,
                })?,
                TopKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !version {
            return Err(reading.format("not a footlog export: no \"version\" key".into()));
        }
        if let Some(ws) = week_start {
            let r = reading.sink.week_start(ws);
            reading.sink(r)?;
        }
        Ok(())
    }
}

/// One list of records (or `null`, an empty one).
struct List<'r, 'a, S: ImportSink> {
    reading: &'r mut Reading<'a, S>,
    kind: Kind,
}

impl<'de, S: ImportSink> DeserializeSeed<'de> for List<'_, '_, S> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<S: ImportSink> List<'_, '_, S> {
    fn not_a_list<E: de::Error>(self) -> E {
        let msg = if self.kind == Kind::Bare {
            "the JSON is neither an export object nor a list".to_string()
        } else {
            format!("\"{}\" must be a list", self.kind.key())
        };
        self.reading.format(msg)
    }
}

impl<'de, S: ImportSink> Visitor<'de> for List<'_, '_, S> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(self.not_a_list())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(self.not_a_list())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(self.not_a_list())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(self.not_a_list())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(self.not_a_list())
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self.not_a_list())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut index = 0;
        while seq
            .next_element_seed(Item {
                reading: &mut *self.reading,
                kind: self.kind,
                index,
            })?
            .is_some()
        {
            index += 1;
        }
        Ok(())
    }
}

/// One element of a list: a record, validated and handed to the sink.
struct Item<'r, 'a, S: ImportSink> {
    reading: &'r mut Reading<'a, S>,
    kind: Kind,
    index: usize,
}

impl<'de, S: ImportSink> DeserializeSeed<'de> for Item<'_, '_, S> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<S: ImportSink> Item<'_, '_, S> {
    fn not_an_object<E: de::Error>(self) -> E {
        let msg = if self.kind == Kind::Bare {
            format!("record [{}] is not an object", self.index)
        } else {
            format!("{}[{}] is not an object", self.kind.key(), self.index)
        };
        self.reading.format(msg)
    }

    fn take<E: de::Error>(self, rec: &JsonRecord) -> Result<(), E> {
        let name = if self.kind == Kind::Bare {
            format!("[{}]", self.index)
        } else {
            format!("{}[{}]", self.kind.key(), self.index)
        };
        let now = self.reading.now;
        let r = match self.kind {
            Kind::Goals => parse_goal(rec).map(|g| self.reading.sink.goal(&g)),
            Kind::RestWeeks => parse_rest(rec).map(|r| self.reading.sink.rest_mark(&r)),
            Kind::SleepNotes => {
                parse_sleep(rec, now).map(|(m, f)| self.reading.sink.sleep_note(&m, &f))
            }
            Kind::Bare if rec.has("night") => {
                parse_sleep(rec, now).map(|(m, f)| self.reading.sink.sleep_note(&m, &f))
            }
            Kind::Sessions | Kind::Bare => {
                parse_session(rec, now).map(|(m, f)| self.reading.sink.session(&m, &f))
            }
        };
        match r {
            Ok(taken) => self.reading.sink(taken),
            Err(e) => Err(self.reading.invalid(name, e)),
        }
    }
}

impl<'de, S: ImportSink> Visitor<'de> for Item<'_, '_, S> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a record")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(self.not_an_object())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(self.not_an_object())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut rec = JsonRecord::default();
        while let Some(RecordKey(key)) = map.next_key()? {
            match key {
                Some(i) => rec.set(i, map.next_value()?),
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        self.take(&rec)
    }
}

fn parse_goal(f: &JsonRecord) -> Result<GoalChange, ValidationError> {
    let date = f.text("effective_from")?.unwrap_or_default();
    let effective_from = parse_date("effective_from", &date)?;
    let per_week = f
        .int("per_week")
        .and_then(|p| p.ok_or_else(|| ValidationError::new("per_week", "is required")))
        .and_then(validate_goal)?;
    Ok(GoalChange {
        effective_from,
        per_week,
    })
}

fn parse_rest(f: &JsonRecord) -> Result<RestMark, ValidationError> {
    let date = f.text("date")?.unwrap_or_default();
    let date = parse_date("date", &date)?;
    let reason = f.text("reason")?.unwrap_or_default();
    let reason = validate_reason(&reason)?;
    Ok(RestMark { date, reason })
}

fn read_csv<R: Read, S: ImportSink>(
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
