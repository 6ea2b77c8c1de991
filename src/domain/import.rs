//! Parsing an import file (a JSON export, a JSON array of records, or CSV) into validated records.
//! Every record is checked before anything is written, so one bad record rejects the whole file.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};
use thiserror::Error;

use super::record::{CsvFields, ImportMeta, JsonFields, RawFields, parse_session, parse_sleep};
use super::time::parse_date;
use super::week::{validate_goal, validate_reason};
use super::{GoalChange, RestMark, SessionFields, SleepFields, ValidationError, WeekStart};

/// The export format version this footlog writes and reads.
pub const EXPORT_VERSION: i64 = 1;

/// Everything a file holds, validated.
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

fn at(record: impl Into<String>) -> impl FnOnce(ValidationError) -> ImportError {
    let record = record.into();
    move |error| ImportError::Invalid { record, error }
}

/// Parses `text`, detecting JSON (an export object or an array of records) or CSV.
pub fn parse_import(text: &str, now: &DateTime<FixedOffset>) -> Result<ImportBatch, ImportError> {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('{') || t.starts_with('[') {
        let value: Value = serde_json::from_str(t)
            .map_err(|e| ImportError::Format(format!("the file is not valid JSON: {e}")))?;
        match value {
            Value::Object(obj) => parse_export_object(&obj, now),
            Value::Array(items) => parse_json_records(&items, now),
            _ => Err(ImportError::Format(
                "the JSON is neither an export object nor a list".into(),
            )),
        }
    } else if t.is_empty() {
        Err(ImportError::Format("the file is empty".into()))
    } else {
        parse_csv(t, now)
    }
}

fn parse_export_object(
    obj: &Map<String, Value>,
    now: &DateTime<FixedOffset>,
) -> Result<ImportBatch, ImportError> {
    let top = JsonFields(obj);
    match top.int("version").map_err(at("export"))? {
        Some(EXPORT_VERSION) => {}
        Some(v) => {
            return Err(ImportError::Format(format!(
                "export version {v} is not supported (this footlog reads version {EXPORT_VERSION})"
            )));
        }
        None => {
            return Err(ImportError::Format(
                "not a footlog export: no \"version\" key".into(),
            ));
        }
    }
    let mut batch = ImportBatch {
        week_start: top
            .text("week_start")
            .and_then(|w| {
                w.map(|w| WeekStart::parse_field("week_start", &w))
                    .transpose()
            })
            .map_err(at("export"))?,
        ..ImportBatch::default()
    };
    for (i, obj) in objects(obj, "goals")?.into_iter().enumerate() {
        let f = JsonFields(obj);
        let rec = format!("goals[{i}]");
        let date = f
            .text("effective_from")
            .map_err(at(&rec))?
            .unwrap_or_default();
        let effective_from = parse_date("effective_from", &date).map_err(at(&rec))?;
        let per_week = f
            .int("per_week")
            .and_then(|p| p.ok_or_else(|| ValidationError::new("per_week", "is required")))
            .and_then(validate_goal)
            .map_err(at(&rec))?;
        batch.goals.push(GoalChange {
            effective_from,
            per_week,
        });
    }
    for (i, obj) in objects(obj, "rest_weeks")?.into_iter().enumerate() {
        let f = JsonFields(obj);
        let rec = format!("rest_weeks[{i}]");
        let date = f.text("date").map_err(at(&rec))?.unwrap_or_default();
        let date = parse_date("date", &date).map_err(at(&rec))?;
        let reason = f.text("reason").map_err(at(&rec))?.unwrap_or_default();
        let reason = validate_reason(&reason).map_err(at(&rec))?;
        batch.rest_marks.push(RestMark { date, reason });
    }
    for (i, obj) in objects(obj, "sessions")?.into_iter().enumerate() {
        batch
            .sessions
            .push(parse_session(&JsonFields(obj), now).map_err(at(format!("sessions[{i}]")))?);
    }
    for (i, obj) in objects(obj, "sleep_notes")?.into_iter().enumerate() {
        batch
            .sleep_notes
            .push(parse_sleep(&JsonFields(obj), now).map_err(at(format!("sleep_notes[{i}]")))?);
    }
    Ok(batch)
}

fn objects<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
) -> Result<Vec<&'a Map<String, Value>>, ImportError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, v)| {
                v.as_object()
                    .ok_or_else(|| ImportError::Format(format!("{key}[{i}] is not an object")))
            })
            .collect(),
        Some(_) => Err(ImportError::Format(format!("\"{key}\" must be a list"))),
    }
}

/// A bare array, as printed by `list --json` (sessions) or `list --sleep --json` (sleep notes).
fn parse_json_records(
    items: &[Value],
    now: &DateTime<FixedOffset>,
) -> Result<ImportBatch, ImportError> {
    let mut batch = ImportBatch::default();
    for (i, v) in items.iter().enumerate() {
        let obj = v
            .as_object()
            .ok_or_else(|| ImportError::Format(format!("record [{i}] is not an object")))?;
        let rec = format!("[{i}]");
        if obj.contains_key("night") {
            batch
                .sleep_notes
                .push(parse_sleep(&JsonFields(obj), now).map_err(at(rec))?);
        } else {
            batch
                .sessions
                .push(parse_session(&JsonFields(obj), now).map_err(at(rec))?);
        }
    }
    Ok(batch)
}

fn parse_csv(text: &str, now: &DateTime<FixedOffset>) -> Result<ImportBatch, ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| ImportError::Format(format!("cannot read the CSV header: {e}")))?
        .clone();
    let has = |k: &str| headers.iter().any(|h| h.trim() == k);
    let sleep = if has("started_at") {
        false
    } else if has("night") {
        true
    } else {
        return Err(ImportError::Format(
            "the CSV header names neither started_at (sessions) nor night (sleep notes)".into(),
        ));
    };
    let mut batch = ImportBatch::default();
    for (i, row) in reader.records().enumerate() {
        let n = i + 1;
        let row = row.map_err(|e| ImportError::Format(format!("CSV record {n}: {e}")))?;
        let line = row
            .position()
            .map_or(n + 1, |p| usize::try_from(p.line()).unwrap_or(n + 1));
        let fields = CsvFields {
            headers: &headers,
            row: &row,
        };
        let rec = format!("record {n} (line {line})");
        if sleep {
            batch
                .sleep_notes
                .push(parse_sleep(&fields, now).map_err(at(rec))?);
        } else {
            batch
                .sessions
                .push(parse_session(&fields, now).map_err(at(rec))?);
        }
    }
    Ok(batch)
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
