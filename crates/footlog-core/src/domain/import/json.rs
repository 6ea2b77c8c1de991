//! Reading JSON (an export object, or a bare array of records) one record at a time: serde
//! visitors over the document that validate each record and hand it to the sink as it ends.

pub(super) mod fast;

use std::io::Read;

use chrono::{DateTime, FixedOffset};
use serde::de::{
    self, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;

use super::sink::{ImportError, ImportSink, ReadError};
use crate::domain::record::{
    EXPORT_VERSION, JsonRecord, RawFields, json_int, json_text, parse_session, parse_sleep,
    record_key,
};
use crate::domain::time::parse_date;
use crate::domain::week::{validate_goal, validate_reason};
use crate::domain::{GoalChange, RestMark, ValidationError, WeekStart};

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

pub(super) fn read_json<R: Read, S: ImportSink>(
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

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        export_object(self.0, &mut Members(map, std::marker::PhantomData))
    }
}

/// The members of an export object, one at a time: from serde's streaming parser
/// ([`Members`]), or from the fast path's slices ([`fast`]).
trait TopMembers {
    type Error: de::Error;
    /// The next key, or `None` after the last member.
    fn key(&mut self) -> Result<Option<TopKey>, Self::Error>;
    /// The value of the member whose key was just read.
    fn value(&mut self) -> Result<Value, Self::Error>;
    /// Skips the value of the member whose key was just read.
    fn skip(&mut self) -> Result<(), Self::Error>;
    /// Reads the member's value as a list of records of `kind`.
    fn list<S: ImportSink>(
        &mut self,
        reading: &mut Reading<'_, S>,
        kind: Kind,
    ) -> Result<(), Self::Error>;
}

/// serde's own map access as [`TopMembers`].
struct Members<'de, A: MapAccess<'de>>(A, std::marker::PhantomData<&'de ()>);

impl<'de, A: MapAccess<'de>> TopMembers for Members<'de, A> {
    type Error = A::Error;
    fn key(&mut self) -> Result<Option<TopKey>, A::Error> {
        self.0.next_key::<TopKey>()
    }
    fn value(&mut self) -> Result<Value, A::Error> {
        self.0.next_value()
    }
    fn skip(&mut self) -> Result<(), A::Error> {
        self.0.next_value::<IgnoredAny>().map(|_| ())
    }
    fn list<S: ImportSink>(
        &mut self,
        reading: &mut Reading<'_, S>,
        kind: Kind,
    ) -> Result<(), A::Error> {
        self.0.next_value_seed(List { reading, kind })
    }
}

/// An export object: its version checked, its lists read, its week start handed on last.
fn export_object<S: ImportSink, M: TopMembers>(
    reading: &mut Reading<'_, S>,
    map: &mut M,
) -> Result<(), M::Error> {
    let mut version = false;
    let mut week_start = None;
    while let Some(key) = map.key()? {
        match key {
            TopKey::Version => {
                let v = map.value()?;
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
                let v = map.value()?;
                week_start = json_text("week_start", Some(&v))
                    .and_then(|w| {
                        w.map(|w| WeekStart::parse_field("week_start", &w))
                            .transpose()
                    })
                    .map_err(|e| reading.invalid("export".into(), e))?;
            }
            TopKey::List(kind) => map.list(reading, kind)?,
            TopKey::Other => map.skip()?,
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

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let rec = record(map)?;
        self.take(&rec)
    }
}

/// One record's values for the keys footlog reads (the others skipped).
fn record<'de, A: MapAccess<'de>>(mut map: A) -> Result<JsonRecord, A::Error> {
    let mut rec = JsonRecord::default();
    while let Some(RecordKey(key)) = map.next_key()? {
        match key {
            Some(i) => rec.set(i, map.next_value()?),
            None => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(rec)
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
