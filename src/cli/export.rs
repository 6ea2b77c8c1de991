//! `footlog export`: everything as JSON, or sessions / sleep notes as CSV, written row by row as
//! the rows are read (bounded memory at any history length).

use std::cell::RefCell;
use std::io::{BufWriter, Write};

use serde::ser::{Error as _, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::args::{ExportArgs, Format};
use super::{CliError, Ctx, exit};
use crate::domain::health::HealthProfile;
use crate::domain::import::EXPORT_VERSION;
use crate::domain::record::{SESSION_COLUMNS, SLEEP_COLUMNS, SessionRecord, SleepRecord};
use crate::domain::remind::Reminder;
use crate::domain::{GoalChange, RestMark, WeekStart};
use crate::store::{DamagedRecord, Store, StoreError};

pub fn run(a: &ExportArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    if a.sleep && a.format == Format::Json {
        return Err(CliError::Invalid(
            "invalid --sleep: it selects sleep notes for --format csv; the JSON export always holds both".into(),
        ));
    }
    let store = ctx.open_for_reading()?;
    // One state of the database for the check below and the export itself.
    let _snapshot = store.read_snapshot()?;
    let mut left_out = Vec::new();
    match &a.output {
        None => {
            // What reaches standard output cannot be taken back: look for damage first.
            if !a.skip_damaged {
                let damaged = find_damaged(&store, a)?;
                if !damaged.is_empty() {
                    return Err(refusal(&damaged));
                }
            }
            let mut w = BufWriter::with_capacity(64 * 1024, out);
            write_export(&store, a, &mut w, &mut left_out)?;
            w.flush()?;
            // The check above read the same snapshot, so this cannot happen; if it ever did,
            // the export must not pass for complete.
            if !a.skip_damaged && !left_out.is_empty() {
                return Err(refusal(&left_out));
            }
        }
        Some(path) => {
            let mut failure = None;
            let written = super::write_output_or_stop(ctx, path, a.force, "export", &mut |w| {
                let r = write_export(&store, a, w, &mut left_out).and_then(|()| {
                    // The temporary file is dropped, so nothing is written.
                    if a.skip_damaged || left_out.is_empty() {
                        Ok(())
                    } else {
                        Err(refusal(&left_out))
                    }
                });
                match r {
                    Ok(()) => Ok(()),
                    Err(CliError::Output(e)) => Err(e),
                    Err(other) => {
                        failure = Some(other);
                        Err(std::io::Error::other("export stopped"))
                    }
                }
            });
            if let Some(f) = failure {
                return Err(f);
            }
            if let Some(code) = written? {
                return Ok(code);
            }
            crate::message!(
                "Wrote {}",
                super::text::escape_unsafe(&path.display().to_string())
            );
        }
    }
    if !left_out.is_empty() {
        crate::message!(
            "footlog: left out {} (run footlog check):",
            super::text::plural(
                u64::try_from(left_out.len()).unwrap_or(0),
                "damaged record",
                "damaged records"
            )
        );
        for d in &left_out {
            crate::message!("  {}", named(d));
        }
    }
    Ok(exit::OK)
}

/// The damaged records an export with `a` would meet (only the tables it writes).
fn find_damaged(store: &Store, a: &ExportArgs) -> Result<Vec<DamagedRecord>, CliError> {
    let mut found = Vec::new();
    if a.format == Format::Json || !a.sleep {
        store.each_live_session(|s| {
            if let Err(d) = s {
                found.push(d);
            }
            Ok::<_, StoreError>(())
        })?;
    }
    if a.format == Format::Json || a.sleep {
        store.each_live_sleep_note(|n| {
            if let Err(d) = n {
                found.push(d);
            }
            Ok::<_, StoreError>(())
        })?;
    }
    Ok(found)
}

/// A damaged record for a message: "session UUID: field: what is wrong", escaped.
fn named(d: &DamagedRecord) -> String {
    format!(
        "{} {}: {}: {}",
        d.kind(),
        super::text::escape_unsafe(&d.uuid),
        d.field,
        super::text::escape_unsafe(&d.reason)
    )
}

fn refusal(damaged: &[DamagedRecord]) -> CliError {
    let list: Vec<String> = damaged
        .iter()
        .map(|d| format!("\n  {}", named(d)))
        .collect();
    CliError::Store(StoreError::corrupt(format!(
        "{}; nothing was exported (add --skip-damaged to export every readable record; \
         footlog check lists every problem):{}",
        super::text::plural(
            u64::try_from(damaged.len()).unwrap_or(0),
            "damaged record",
            "damaged records"
        ),
        list.concat()
    )))
}

fn write_export(
    store: &Store,
    a: &ExportArgs,
    w: &mut dyn Write,
    left_out: &mut Vec<DamagedRecord>,
) -> Result<(), CliError> {
    match a.format {
        Format::Json => {
            let doc = StreamedDoc {
                store,
                week_start: store.week_start()?,
                health_profile: store.health_profile()?,
                reminder: store.reminder()?.map(Reminder::to_setting),
                goals: store.goals()?.changes().to_vec(),
                rest_weeks: store.rest_marks()?,
                left_out: RefCell::new(std::mem::take(left_out)),
                failure: RefCell::new(None),
            };
            let written = serde_json::to_writer_pretty(&mut *w, &doc);
            *left_out = doc.left_out.into_inner();
            if let Some(e) = doc.failure.into_inner() {
                return Err(e.into());
            }
            written.map_err(std::io::Error::from)?;
            w.write_all(b"\n")?;
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(w);
            if a.sleep {
                csv.write_record(SLEEP_COLUMNS).map_err(csv_err)?;
                store.each_live_sleep_note(|n| match n {
                    Ok(n) => csv
                        .write_record(SleepRecord::new(&n, true).csv_row())
                        .map_err(csv_err),
                    Err(d) => {
                        left_out.push(d);
                        Ok(())
                    }
                })?;
            } else {
                csv.write_record(SESSION_COLUMNS).map_err(csv_err)?;
                store.each_live_session(|s| match s {
                    Ok(s) => csv
                        .write_record(SessionRecord::new(&s, true).csv_row())
                        .map_err(csv_err),
                    Err(d) => {
                        left_out.push(d);
                        Ok(())
                    }
                })?;
            }
            csv.flush()?;
        }
    }
    Ok(())
}

/// A write error of the CSV writer, as the I/O error it is (so a closed pipe stays quiet).
fn csv_err(e: csv::Error) -> CliError {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => CliError::Output(e),
        other => CliError::Output(std::io::Error::other(format!("{other:?}"))),
    }
}

/// The JSON export document, serialised exactly as [`crate::store::ExportDoc`] is, but with its
/// sessions and sleep notes read from the database while they are written.
struct StreamedDoc<'a> {
    store: &'a Store,
    week_start: WeekStart,
    health_profile: HealthProfile,
    reminder: Option<String>,
    goals: Vec<GoalChange>,
    rest_weeks: Vec<RestMark>,
    left_out: RefCell<Vec<DamagedRecord>>,
    failure: RefCell<Option<StoreError>>,
}

/// Which list of records to stream.
#[derive(Clone, Copy)]
enum Rows<'d, 'a> {
    Sessions(&'d StreamedDoc<'a>),
    SleepNotes(&'d StreamedDoc<'a>),
}

impl Serialize for StreamedDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut doc = s.serialize_struct("ExportDoc", 8)?;
        doc.serialize_field("version", &EXPORT_VERSION)?;
        doc.serialize_field("week_start", &self.week_start)?;
        doc.serialize_field("health_profile", &self.health_profile)?;
        doc.serialize_field("reminder", &self.reminder)?;
        doc.serialize_field("goals", &self.goals)?;
        doc.serialize_field("rest_weeks", &self.rest_weeks)?;
        doc.serialize_field("sessions", &Rows::Sessions(self))?;
        doc.serialize_field("sleep_notes", &Rows::SleepNotes(self))?;
        doc.end()
    }
}

/// Why streaming rows stopped.
enum Stop<E> {
    Write(E),
    Store(StoreError),
}

impl<E> From<StoreError> for Stop<E> {
    fn from(e: StoreError) -> Self {
        Stop::Store(e)
    }
}

impl Serialize for Rows<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        let (Rows::Sessions(doc) | Rows::SleepNotes(doc)) = *self;
        let streamed = match self {
            Rows::Sessions(_) => doc.store.each_live_session(|r| match r {
                Ok(s) => seq
                    .serialize_element(&SessionRecord::new(&s, true))
                    .map_err(Stop::Write),
                Err(d) => {
                    doc.left_out.borrow_mut().push(d);
                    Ok(())
                }
            }),
            Rows::SleepNotes(_) => doc.store.each_live_sleep_note(|r| match r {
                Ok(n) => seq
                    .serialize_element(&SleepRecord::new(&n, true))
                    .map_err(Stop::Write),
                Err(d) => {
                    doc.left_out.borrow_mut().push(d);
                    Ok(())
                }
            }),
        };
        match streamed {
            Ok(()) => seq.end(),
            Err(Stop::Write(e)) => Err(e),
            Err(Stop::Store(e)) => {
                *doc.failure.borrow_mut() = Some(e);
                Err(S::Error::custom("export stopped"))
            }
        }
    }
}
