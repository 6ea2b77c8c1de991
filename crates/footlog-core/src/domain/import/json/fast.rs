//! The fast path for a JSON file that can be read twice: the bytes are read in large chunks and
//! each value (a key, a record, a scalar) is parsed by serde from a slice of them, which is several
//! times quicker than serde's parser over a stream, byte by byte. The export object itself and the
//! lists are walked here, and the records go through the same code as the streaming reader's.
//!
//! It only ever finishes a file that is read without any problem. At anything else (a syntax
//! error, a record that breaks a rule, a value larger than [`MAX_VALUE`], bytes that are not
//! UTF-8, a sink that refuses a record) it gives up, and the caller reads the file again from its
//! start with the streaming reader, into a restarted sink, so every message (with its line and
//! column, or its record index and field) is exactly the streaming reader's.

use std::io::Read;

use serde::de::{self, Deserialize, DeserializeOwned, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;

use super::{Item, Kind, Reading, TopKey, TopMembers, export_object, record};
use crate::domain::import::sink::ImportSink;
use crate::domain::record::JsonRecord;

/// How much is read at a time.
const CHUNK: usize = if cfg!(test) { 97 } else { 256 * 1024 };

/// The largest value the fast path holds (a record or a member of the export object); a larger
/// one is left to the streaming reader, which never holds a value it skips.
const MAX_VALUE: usize = 4 * 1024 * 1024;

/// Why the fast path stopped: the streaming reader reads the file again and says what it is.
#[derive(Debug)]
pub(super) struct GiveUp;

impl std::fmt::Display for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("left to the streaming reader")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

/// The bytes read and not yet parsed.
struct Chunks<R> {
    inner: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
}

impl<R: Read> Chunks<R> {
    /// Reads more bytes after those held, dropping those parsed; `GiveUp` at the end or on an
    /// error.
    fn more(&mut self) -> Result<(), GiveUp> {
        if self.eof {
            return Err(GiveUp);
        }
        self.buf.drain(..self.pos.min(self.buf.len()));
        self.pos = 0;
        // A chunk (a file gives it in one or two reads), or as much as is held when that is
        // more, so a value that takes many chunks is parsed again only a few times.
        let n = (&mut self.inner)
            .take(CHUNK.max(self.buf.len()) as u64)
            .read_to_end(&mut self.buf)
            .map_err(|_| GiveUp)?;
        self.eof = n == 0;
        Ok(())
    }

    /// The next byte that is not JSON white space, left unread; `None` at the end.
    fn peek(&mut self) -> Result<Option<u8>, GiveUp> {
        loop {
            while let Some(&b) = self.buf.get(self.pos) {
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if self.eof {
                return Ok(None);
            }
            self.more()?;
        }
    }

    /// Reads `b` (after white space).
    fn eat(&mut self, b: u8) -> Result<(), GiveUp> {
        if self.peek()? == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(GiveUp)
        }
    }

    /// Parses the next value (after white space). A value that fails or reaches the end of the
    /// bytes read may only be cut (a number, or an object or string not closed yet; a cut
    /// number such as `-1.` is an invalid number to serde, not an early end): then more is read
    /// and it is parsed again, until it is whole or the end of the file or [`MAX_VALUE`] is
    /// reached.
    fn parse<T: DeserializeOwned>(&mut self) -> Result<T, GiveUp> {
        loop {
            let rest = self.buf.get(self.pos..).unwrap_or_default();
            let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
            match values.next() {
                Some(Ok(v)) if values.byte_offset() < rest.len() || self.eof => {
                    self.pos += values.byte_offset();
                    return Ok(v);
                }
                _ if self.eof || rest.len() > MAX_VALUE => return Err(GiveUp),
                _ => self.more()?,
            }
        }
    }
}

/// A list element that is an object: the values of the keys footlog reads. Anything else is
/// a type error, which leaves the file to the streaming reader.
struct Element(JsonRecord);

impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Element;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a record")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element, A::Error> {
                record(map).map(Element)
            }
        }
        d.deserialize_any(V)
    }
}

/// The members of the export object, read from the chunks.
struct FastMembers<'c, R> {
    chunks: &'c mut Chunks<R>,
    first: bool,
}

impl<R: Read> TopMembers for FastMembers<'_, R> {
    type Error = GiveUp;

    fn key(&mut self) -> Result<Option<TopKey>, GiveUp> {
        if std::mem::take(&mut self.first) {
            if self.chunks.peek()? == Some(b'}') {
                self.chunks.pos += 1;
                return Ok(None);
            }
        } else {
            match self.chunks.peek()? {
                Some(b'}') => {
                    self.chunks.pos += 1;
                    return Ok(None);
                }
                _ => self.chunks.eat(b',')?,
            }
        }
        if self.chunks.peek()? != Some(b'"') {
            return Err(GiveUp);
        }
        let key = self.chunks.parse::<TopKey>()?;
        self.chunks.eat(b':')?;
        Ok(Some(key))
    }

    fn value(&mut self) -> Result<Value, GiveUp> {
        self.chunks.parse()
    }

    fn skip(&mut self) -> Result<(), GiveUp> {
        self.chunks.parse::<IgnoredAny>().map(|_| ())
    }

    fn list<S: ImportSink>(
        &mut self,
        reading: &mut Reading<'_, S>,
        kind: Kind,
    ) -> Result<(), GiveUp> {
        list(self.chunks, reading, kind)
    }
}

/// A list of records (or `null`), each handed on as it is parsed.
fn list<R: Read, S: ImportSink>(
    chunks: &mut Chunks<R>,
    reading: &mut Reading<'_, S>,
    kind: Kind,
) -> Result<(), GiveUp> {
    match chunks.peek()? {
        Some(b'[') => chunks.pos += 1,
        Some(b'n') if chunks.parse::<Value>()?.is_null() => return Ok(()),
        _ => return Err(GiveUp),
    }
    let mut index = 0;
    loop {
        if chunks.peek()? == Some(b']') {
            chunks.pos += 1;
            return Ok(());
        }
        if index > 0 {
            chunks.eat(b',')?;
        }
        let Element(rec) = chunks.parse()?;
        Item {
            reading: &mut *reading,
            kind,
            index,
        }
        .take::<GiveUp>(&rec)?;
        index += 1;
    }
}

/// Reads a JSON file whose first bytes `head` (its content from `start`) were read already,
/// handing every record to `sink`. `true` when the whole file was read and every record taken;
/// `false` when the streaming reader must read it again (see the module's documentation).
pub(in crate::domain::import) fn read<R: Read, S: ImportSink>(
    head: Vec<u8>,
    start: usize,
    inner: R,
    object: bool,
    now: &chrono::DateTime<chrono::FixedOffset>,
    sink: &mut S,
) -> bool {
    let mut chunks = Chunks {
        inner,
        buf: head,
        pos: start,
        eof: false,
    };
    let mut reading = Reading {
        now,
        sink,
        failure: None,
    };
    let read = if object {
        chunks.eat(b'{').and_then(|()| {
            export_object(
                &mut reading,
                &mut FastMembers {
                    chunks: &mut chunks,
                    first: true,
                },
            )
        })
    } else {
        list(&mut chunks, &mut reading, Kind::Bare)
    };
    read.is_ok() && reading.failure.is_none() && matches!(chunks.peek(), Ok(None))
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Seek, SeekFrom};

    use chrono::{DateTime, FixedOffset};

    use crate::domain::import::{ImportBatch, ImportSink, read_import, read_import_seekable};
    use crate::domain::record::ImportMeta;
    use crate::domain::{GoalChange, RestMark, SessionFields, SleepFields, WeekStart};

    /// Hands out at most `step` bytes per read, so values are cut everywhere; can seek.
    struct Trickle<'a> {
        bytes: Cursor<&'a [u8]>,
        step: usize,
    }

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len());
            self.bytes.read(&mut buf[..n])
        }
    }

    impl Seek for Trickle<'_> {
        fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
            self.bytes.seek(to)
        }
    }

    /// A batch that counts how often it was restarted (each restart is a fallback).
    #[derive(Default)]
    struct Counting {
        batch: ImportBatch,
        restarts: usize,
    }

    impl ImportSink for Counting {
        type Error = std::convert::Infallible;
        fn week_start(&mut self, ws: WeekStart) -> Result<(), Self::Error> {
            self.batch.week_start(ws)
        }
        fn goal(&mut self, g: &GoalChange) -> Result<(), Self::Error> {
            self.batch.goal(g)
        }
        fn rest_mark(&mut self, r: &RestMark) -> Result<(), Self::Error> {
            self.batch.rest_mark(r)
        }
        fn session(&mut self, m: &ImportMeta, f: &SessionFields) -> Result<(), Self::Error> {
            self.batch.session(m, f)
        }
        fn sleep_note(&mut self, m: &ImportMeta, f: &SleepFields) -> Result<(), Self::Error> {
            self.batch.sleep_note(m, f)
        }
        fn restart(&mut self) -> Result<(), Self::Error> {
            self.restarts += 1;
            self.batch.restart()
        }
    }

    fn now() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-11-23T20:00:00+01:00").expect("time")
    }

    fn session(i: usize) -> String {
        format!(
            "{{\"uuid\":\"00000000-0000-4000-8000-{i:012}\",\"started_at\":\"2026-11-{:02}T20:00:00+01:00\",\
             \"minutes\":{},\"tension_before\":5,\"tension_after\":2,\"areas\":[\"heels\"],\
             \"note\":\"caf\\u00e9 \u{1f9b6} \\\"{i}\\\"\",\"extra\":{{\"a\":[1,{{\"b\":null}}]}}}}",
            i % 20 + 1,
            i % 200 + 1
        )
    }

    fn export(sessions: usize) -> String {
        let list: Vec<String> = (0..sessions).map(session).collect();
        format!(
            " {{ \"version\" : 1 ,\"other\":{{\"x\":[true,false,-1.5e3]}},\n\"goals\":[{{\"effective_from\":\
             \"2026-01-05\",\"per_week\":3}}],\"rest_weeks\":null,\"sessions\":[\n{}\n],\
             \"sleep_notes\":[{{\"uuid\":\"00000000-0000-4000-8000-100000000000\",\"night\":\
             \"2026-11-20\",\"quality\":4,\"hours\":7.5}}],\"week_start\":\"sunday\"}}\n",
            list.join(",\n  ")
        )
    }

    /// What each reader makes of `doc`, read `step` bytes at a time, and whether the fast path
    /// fell back.
    fn both(doc: &[u8], step: usize) -> (String, String, usize) {
        let mut slow = ImportBatch::default();
        let slow = read_import(
            Trickle {
                bytes: Cursor::new(doc),
                step,
            },
            &now(),
            &mut slow,
        )
        .map(|()| slow);
        let mut fast = Counting::default();
        let r = read_import_seekable(
            Trickle {
                bytes: Cursor::new(doc),
                step,
            },
            &now(),
            &mut fast,
        );
        let restarts = fast.restarts;
        (
            format!("{slow:?}"),
            format!("{:?}", r.map(|()| fast.batch)),
            restarts,
        )
    }

    #[test]
    fn valid_files_take_the_fast_path_and_read_as_the_stream_does() {
        let small = export(3);
        let big = export(3000); // several chunks
        assert!(big.len() > 2 * super::CHUNK);
        let bare = format!("[{}]", (0..5).map(session).collect::<Vec<_>>().join(","));
        for doc in [&small, &big, &bare, &"{\"version\":1}".to_string()] {
            for step in [1, 3, 7, 64, 4096, 1 << 20] {
                if doc.len() > 100_000 && step < 64 {
                    continue;
                }
                let (slow, fast, restarts) = both(doc.as_bytes(), step);
                assert!(slow.starts_with("Ok("), "{slow}");
                assert_eq!(fast, slow, "step {step}");
                assert_eq!(restarts, 0, "step {step}: fell back");
            }
        }
    }

    #[test]
    fn every_problem_falls_back_and_reads_exactly_as_the_stream_does() {
        let good = export(3);
        let mut docs: Vec<Vec<u8>> = [
            good.replace("\n]", ",\n]"),       // trailing comma in a list
            good.replace("},\n  {", "}\n  {"), // missing comma
            good.replace("\"version\" : 1", "\"version\" : 1x"), // cut number
            good.replace("\"version\" : 1", "\"version\" : 2"), // unsupported version
            good.replace("\"version\" : 1 ,", ""), // no version
            good.replace("\"minutes\":2,", "\"minutes\":999,"), // a rule broken
            good.replace("\"rest_weeks\":null", "\"rest_weeks\":5"), // not a list
            good.replace("[\n{", "[\n7,{"),    // not an object
            good.replace("\"heels\"", "\"he\\xels\""), // bad escape
            good.replace("\"sunday\"}", "\"sunday\"}}"), // trailing characters
            format!("{good} x"),
            good[..good.len() / 2].to_string(),       // cut short
            good.replace("\"extra\"", "\"extra\"\""), // broken key
        ]
        .into_iter()
        .map(String::into_bytes)
        .collect();
        // A byte that is not UTF-8 inside a note.
        let mut bad = good.clone().into_bytes();
        let at = good.find("caf").expect("note");
        bad[at] = 0xff;
        docs.push(bad);
        for doc in &docs {
            for step in [1, 5, 64, 1 << 20] {
                let (slow, fast, restarts) = both(doc, step);
                assert!(slow.starts_with("Err("), "{slow}");
                assert_eq!(fast, slow, "step {step}");
                assert_eq!(restarts, 1, "step {step}");
            }
        }
    }
}
