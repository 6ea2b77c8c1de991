//! Reading JSON (an export object, or a bare array of records) one record at a time: serde
//! visitors walk the document as it streams in, each array element is deserialized as a
//! [`RecordIn`], validated and handed to the sink before the next is read.

use std::io::Read;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;

use super::{ReadError, invalid};
use crate::domain::health::HealthProfile;
use crate::domain::import::{EXPORT_VERSION, ImportError, ImportSink};
use crate::domain::record::{
    Cell, JsonCell, RecordIn, json_int, json_text, parse_goal, parse_rest, parse_session,
    parse_sleep,
};
use crate::domain::remind::Reminder;
use crate::domain::{ValidationError, WeekStart};

/// The most bytes one record may take in a file. Far above the largest record footlog writes
/// (a 2,000-character note even with every character escaped is under 25 KB), and what bounds
/// the memory a record takes before its fields are checked: a 200 MB note is refused when its
/// first MiB is read, not after the whole of it is held.
pub const RECORD_MAX_BYTES: u64 = 1024 * 1024;

/// Counts the bytes read while a record is being read (see [`RECORD_MAX_BYTES`]).
#[derive(Debug, Default)]
struct Budget {
    /// Bytes read since the record began, or `None` between records.
    used: std::cell::Cell<Option<u64>>,
    /// The limit was passed.
    exceeded: std::cell::Cell<bool>,
}

/// The file as serde reads it, each read counted against the record being read.
struct Budgeted<R> {
    inner: R,
    budget: std::rc::Rc<Budget>,
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(used) = self.budget.used.get() {
            let used = used + n as u64;
            self.budget.used.set(Some(used));
            if used > RECORD_MAX_BYTES {
                self.budget.exceeded.set(true);
                return Err(std::io::Error::other("record too large"));
            }
        }
        Ok(n)
    }
}

/// Shared by the JSON visitors: the clock, the sink, and the first failure, kept here because
/// serde's errors can only carry text.
struct Reading<'a, S: ImportSink> {
    now: &'a DateTime<FixedOffset>,
    sink: &'a mut S,
    failure: Option<ReadError<S::Error>>,
    /// The record being read, named for a content error serde finds in it (a key given twice).
    record: Option<(Kind, usize)>,
    /// The bytes the record being read has taken.
    budget: std::rc::Rc<Budget>,
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
}

pub(super) fn read_json<R: Read, S: ImportSink>(
    stream: R,
    object: bool,
    now: &DateTime<FixedOffset>,
    sink: &mut S,
) -> Result<(), ReadError<S::Error>> {
    let budget = std::rc::Rc::new(Budget::default());
    let mut reading = Reading {
        now,
        sink,
        failure: None,
        record: None,
        budget: budget.clone(),
    };
    let stream = Budgeted {
        inner: stream,
        budget,
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
    if reading.budget.exceeded.get() {
        let at = reading
            .record
            .map_or_else(String::new, |(k, i)| format!("{}: ", k.name(i)));
        return Err(ImportError::Format(format!(
            "{at}the record is larger than {} KiB, far more than any field may hold (a note at \
             most 2,000 characters); nothing was imported",
            RECORD_MAX_BYTES / 1024
        ))
        .into());
    }
    match (parsed, reading.failure) {
        (_, Some(f)) => Err(f),
        (Ok(()), None) => Ok(()),
        (Err(e), None) if e.is_io() => Err(ReadError::Io(e.into())),
        // Well-formed JSON that no record can be: a key given twice in one record.
        (Err(e), None) if e.is_data() => {
            let at = reading
                .record
                .map_or_else(String::new, |(k, i)| format!("{}: ", k.name(i)));
            Err(ImportError::Format(format!("{at}{e}")).into())
        }
        (Err(e), None) => {
            Err(ImportError::Format(format!("the file is not valid JSON: {e}")).into())
        }
    }
}

/// A top-level key of an export object.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum TopKey {
    Version,
    WeekStart,
    HealthProfile,
    Reminder,
    Goals,
    RestWeeks,
    Sessions,
    SleepNotes,
    #[serde(other)]
    Other,
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

    /// How a record of this list is named in messages: `sessions[3]`, or `[3]` in a bare array.
    fn name(self, index: usize) -> String {
        format!("{}[{index}]", self.key())
    }
}

/// An export object: its version checked, its lists read, its week start handed on last.
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
        let mut health = None;
        let mut reminder = None;
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
                        Err(e) => return Err(reading.fail(invalid("export".into(), e))),
                    }
                }
                TopKey::WeekStart => {
                    let v: Value = map.next_value()?;
                    week_start = json_text("week_start", Some(&v))
                        .and_then(|w| {
                            w.map(|w| WeekStart::parse_field("week_start", &w))
                                .transpose()
                        })
                        .map_err(|e| reading.fail(invalid("export".into(), e)))?;
                }
                TopKey::HealthProfile => {
                    let v: Value = map.next_value()?;
                    health = health_profile(&v)
                        .map_err(|e| reading.fail(invalid("export".into(), e)))?;
                }
                TopKey::Reminder => {
                    let v: Value = map.next_value()?;
                    reminder = json_text("reminder", Some(&v))
                        .and_then(|r| r.map(|r| Reminder::parse_setting(&r)).transpose())
                        .map_err(|e| reading.fail(invalid("export".into(), e)))?;
                }
                TopKey::Goals => next_list(&mut map, reading, Kind::Goals)?,
                TopKey::RestWeeks => next_list(&mut map, reading, Kind::RestWeeks)?,
                TopKey::Sessions => next_list(&mut map, reading, Kind::Sessions)?,
                TopKey::SleepNotes => next_list(&mut map, reading, Kind::SleepNotes)?,
                TopKey::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !version {
            return Err(reading.format("not a footlog export: no \"version\" key".into()));
        }
        if let Some(p) = health {
            let taken = reading.sink.health_profile(&p);
            taken.map_err(|e| reading.fail(ReadError::Sink(e)))?;
        }
        if let Some(r) = reminder {
            let taken = reading.sink.reminder(r);
            taken.map_err(|e| reading.fail(ReadError::Sink(e)))?;
        }
        if let Some(ws) = week_start {
            let taken = reading.sink.week_start(ws);
            taken.map_err(|e| reading.fail(ReadError::Sink(e)))?;
        }
        Ok(())
    }
}

/// An export's `health_profile`: an object of the conditions, each `true` or `false` (missing
/// ones are `false`; `null` is no profile). Exports written before it existed have none.
fn health_profile(v: &Value) -> Result<Option<HealthProfile>, ValidationError> {
    const KEYS: [&str; 3] = [
        "diabetes_or_neuropathy",
        "circulation_problems",
        "pregnancy",
    ];
    let wrong = || {
        ValidationError::new(
            "health_profile",
            format!(
                "must be an object with true or false for {}",
                KEYS.join(", ")
            ),
        )
    };
    let obj = match v {
        Value::Null => return Ok(None),
        Value::Object(o) => o,
        _ => return Err(wrong()),
    };
    let flag = |k: &str| match obj.get(k) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(wrong()),
    };
    Ok(Some(HealthProfile {
        diabetes_or_neuropathy: flag(KEYS[0])?,
        circulation_problems: flag(KEYS[1])?,
        pregnancy: flag(KEYS[2])?,
    }))
}

/// Reads the value of the member whose key was just read as a list of records of `kind`.
fn next_list<'de, A: MapAccess<'de>, S: ImportSink>(
    map: &mut A,
    reading: &mut Reading<'_, S>,
    kind: Kind,
) -> Result<(), A::Error> {
    map.next_value_seed(List { reading, kind })
}

/// One list of records (or `null`, an empty one), read element by element.
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

impl<'de, S: ImportSink> Visitor<'de> for List<'_, '_, S> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list")
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
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

    // Anything else (a number, text, an object…) is not a list.
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

impl<'de, S: ImportSink> Visitor<'de> for Item<'_, '_, S> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a record")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.reading.record = Some((self.kind, self.index));
        self.reading.budget.used.set(Some(0));
        let rec = RecordIn::<JsonCell>::deserialize(MapAccessDeserializer::new(map))?;
        self.reading.budget.used.set(None);
        self.reading.record = None;
        self.take(&rec)
    }

    // Anything else is not a record.
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
}

impl<S: ImportSink> Item<'_, '_, S> {
    fn not_an_object<E: de::Error>(self) -> E {
        let msg = if self.kind == Kind::Bare {
            format!("record [{}] is not an object", self.index)
        } else {
            format!("{} is not an object", self.kind.name(self.index))
        };
        self.reading.format(msg)
    }

    /// Validates `rec` and hands it to the sink.
    fn take<E: de::Error>(self, rec: &RecordIn<JsonCell>) -> Result<(), E> {
        let (now, sink) = (self.reading.now, &mut *self.reading.sink);
        let taken = match self.kind {
            Kind::Goals => parse_goal(rec).map(|g| sink.goal(&g)),
            Kind::RestWeeks => parse_rest(rec).map(|r| sink.rest_mark(&r)),
            Kind::SleepNotes => parse_sleep(rec, now).map(|(m, f)| sink.sleep_note(&m, &f)),
            Kind::Bare if rec.night.given() => {
                parse_sleep(rec, now).map(|(m, f)| sink.sleep_note(&m, &f))
            }
            Kind::Sessions | Kind::Bare => {
                parse_session(rec, now).map(|(m, f)| sink.session(&m, &f))
            }
        };
        let failure = match taken {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(e)) => ReadError::Sink(e),
            Err(e) => invalid(self.kind.name(self.index), e),
        };
        Err(self.reading.fail(failure))
    }
}
