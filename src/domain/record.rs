//! The wire format of records (JSON keys, CSV columns) and parsing of imported records.

use chrono::{DateTime, FixedOffset};
use serde::Serialize;
use uuid::Uuid;

use super::ValidationError;
use super::session::{Area, Feet, Session, SessionDraft, SessionFields, Tool};
use super::sleep::{SleepDraft, SleepFields, SleepNote};
use super::time::{format_rfc3339, parse_date, parse_rfc3339};

/// CSV columns (and JSON keys) of an exported session, in order.
pub const SESSION_COLUMNS: &[&str] = &[
    "uuid",
    "started_at",
    "date",
    "minutes",
    "feet",
    "tool",
    "areas",
    "oil",
    "tension_before",
    "tension_after",
    "pain",
    "note",
    "created_at",
    "updated_at",
];

/// CSV columns (and JSON keys) of an exported sleep note, in order.
pub const SLEEP_COLUMNS: &[&str] = &[
    "uuid",
    "night",
    "quality",
    "hours",
    "note",
    "created_at",
    "updated_at",
];

/// A session as JSON: the `list --json` keys, plus timestamps in exports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionRecord {
    pub uuid: String,
    pub started_at: String,
    pub date: String,
    pub minutes: u16,
    pub feet: Feet,
    pub tool: Tool,
    pub areas: Vec<Area>,
    pub oil: Option<String>,
    pub tension_before: u8,
    pub tension_after: u8,
    pub pain: Option<u8>,
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

impl SessionRecord {
    /// The record of `s`; `with_timestamps` adds `created_at` and `updated_at`.
    pub fn new(s: &Session, with_timestamps: bool) -> Self {
        let f = &s.fields;
        Self {
            uuid: s.uuid.to_string(),
            started_at: format_rfc3339(&f.started_at),
            date: f.date().to_string(),
            minutes: f.minutes,
            feet: f.feet,
            tool: f.tool,
            areas: f.areas.clone(),
            oil: f.oil.clone(),
            tension_before: f.tension_before,
            tension_after: f.tension_after,
            pain: f.pain,
            note: f.note.clone(),
            created_at: with_timestamps.then(|| format_rfc3339(&s.created_at)),
            updated_at: with_timestamps.then(|| format_rfc3339(&s.updated_at)),
        }
    }

    /// The CSV cells, in [`SESSION_COLUMNS`] order: areas joined with `;`, null as empty, free
    /// text guarded against formulas ([`guard_formula`]).
    pub fn csv_row(&self) -> Vec<String> {
        let opt = |o: &Option<String>| o.clone().unwrap_or_default();
        let guarded = |o: &Option<String>| {
            o.as_deref()
                .map(guard_formula)
                .unwrap_or_default()
                .into_owned()
        };
        let num = |o: Option<u8>| o.map(|v| v.to_string()).unwrap_or_default();
        vec![
            self.uuid.clone(),
            self.started_at.clone(),
            self.date.clone(),
            self.minutes.to_string(),
            self.feet.to_string(),
            self.tool.to_string(),
            self.areas
                .iter()
                .map(|a| a.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            guarded(&self.oil),
            self.tension_before.to_string(),
            self.tension_after.to_string(),
            num(self.pain),
            guarded(&self.note),
            opt(&self.created_at),
            opt(&self.updated_at),
        ]
    }
}

/// A sleep note as JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SleepRecord {
    pub uuid: String,
    pub night: String,
    pub quality: u8,
    pub hours: Option<f64>,
    pub note: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
}

impl SleepRecord {
    /// The record of `n`; `with_timestamps` adds `created_at` and `updated_at`.
    pub fn new(n: &SleepNote, with_timestamps: bool) -> Self {
        Self {
            uuid: n.uuid.to_string(),
            night: n.fields.night.to_string(),
            quality: n.fields.quality,
            hours: n.fields.hours,
            note: n.fields.note.clone(),
            created_at: with_timestamps.then(|| format_rfc3339(&n.created_at)),
            updated_at: with_timestamps.then(|| format_rfc3339(&n.updated_at)),
        }
    }

    /// The CSV cells, in [`SLEEP_COLUMNS`] order.
    pub fn csv_row(&self) -> Vec<String> {
        vec![
            self.uuid.clone(),
            self.night.clone(),
            self.quality.to_string(),
            self.hours.map(|h| h.to_string()).unwrap_or_default(),
            self.note
                .as_deref()
                .map(guard_formula)
                .unwrap_or_default()
                .into_owned(),
            self.created_at.clone().unwrap_or_default(),
            self.updated_at.clone().unwrap_or_default(),
        ]
    }
}

/// Read access to one imported record's fields, whatever the file format.
pub trait RawFields {
    /// A text value; `None` when absent, null or (CSV) empty.
    fn text(&self, key: &'static str) -> Result<Option<String>, ValidationError>;
    /// A whole number.
    fn int(&self, key: &'static str) -> Result<Option<i64>, ValidationError>;
    /// A number.
    fn number(&self, key: &'static str) -> Result<Option<f64>, ValidationError>;
    /// A list of words.
    fn words(&self, key: &'static str) -> Result<Vec<String>, ValidationError>;
}

fn required<T>(key: &'static str, v: Option<T>) -> Result<T, ValidationError> {
    v.ok_or_else(|| ValidationError::new(key, "is required"))
}

/// Timestamps and identity shared by imported records.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportMeta {
    /// The record's UUID (a new one when the file has none).
    pub uuid: Uuid,
    /// `created_at`, or `now` when absent.
    pub created_at: DateTime<FixedOffset>,
    /// `updated_at`, or `created_at` when absent.
    pub updated_at: DateTime<FixedOffset>,
}

fn parse_meta(
    raw: &dyn RawFields,
    now: &DateTime<FixedOffset>,
) -> Result<ImportMeta, ValidationError> {
    let uuid = match raw.text("uuid")? {
        Some(u) => Uuid::parse_str(&u)
            .map_err(|_| ValidationError::new("uuid", format!("must be a UUID (got {u:?})")))?,
        None => Uuid::new_v4(),
    };
    let created_at = match raw.text("created_at")? {
        Some(t) => parse_rfc3339("created_at", &t)?,
        None => *now,
    };
    let updated_at = match raw.text("updated_at")? {
        Some(t) => parse_rfc3339("updated_at", &t)?,
        None => created_at,
    };
    Ok(ImportMeta {
        uuid,
        created_at,
        updated_at,
    })
}

/// Parses and validates an imported session.
pub fn parse_session(
    raw: &dyn RawFields,
    now: &DateTime<FixedOffset>,
) -> Result<(ImportMeta, SessionFields), ValidationError> {
    let meta = parse_meta(raw, now)?;
    let started_at = parse_rfc3339(
        "started_at",
        &required("started_at", raw.text("started_at")?)?,
    )?;
    if let Some(date) = raw.text("date")? {
        let date = parse_date("date", &date)?;
        if date != started_at.date_naive() {
            return Err(ValidationError::new(
                "date",
                format!(
                    "must be the local date of started_at ({})",
                    started_at.date_naive()
                ),
            ));
        }
    }
    let mut draft = SessionDraft::new(
        started_at,
        required("tension_before", raw.int("tension_before")?)?,
        required("tension_after", raw.int("tension_after")?)?,
    );
    if let Some(m) = raw.int("minutes")? {
        draft.minutes = m;
    }
    if let Some(f) = raw.text("feet")? {
        draft.feet = Feet::parse_field("feet", &f)?;
    }
    if let Some(t) = raw.text("tool")? {
        draft.tool = Tool::parse_field("tool", &t)?;
    }
    draft.areas = raw
        .words("areas")?
        .iter()
        .map(|a| Area::parse_field("areas", a))
        .collect::<Result<_, _>>()?;
    draft.oil = raw.text("oil")?;
    draft.pain = raw.int("pain")?;
    draft.note = raw.text("note")?;
    Ok((meta, draft.validate(now)?))
}

/// Parses and validates an imported sleep note.
pub fn parse_sleep(
    raw: &dyn RawFields,
    now: &DateTime<FixedOffset>,
) -> Result<(ImportMeta, SleepFields), ValidationError> {
    let meta = parse_meta(raw, now)?;
    let draft = SleepDraft {
        night: parse_date("night", &required("night", raw.text("night")?)?)?,
        quality: required("quality", raw.int("quality")?)?,
        hours: raw.number("hours")?,
        note: raw.text("note")?,
    };
    Ok((meta, draft.validate_on(now.date_naive())?))
}

/// Every key an imported record (session, sleep note, goal change, rest mark) may carry.
const RECORD_KEYS: [&str; 20] = [
    "uuid",
    "started_at",
    "date",
    "minutes",
    "feet",
    "tool",
    "areas",
    "oil",
    "tension_before",
    "tension_after",
    "pain",
    "note",
    "created_at",
    "updated_at",
    "night",
    "quality",
    "hours",
    "effective_from",
    "per_week",
    "reason",
];

/// The position of `key` in [`RECORD_KEYS`]; `None` for a key footlog does not read.
pub fn record_key(key: &str) -> Option<usize> {
    RECORD_KEYS.iter().position(|k| *k == key)
}

/// One JSON record's values for the keys footlog reads (others are skipped while parsing), so a
/// record is held alone, never the whole file. A key given as `null` is present with `Null`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JsonRecord {
    values: [Option<serde_json::Value>; RECORD_KEYS.len()],
}

impl JsonRecord {
    /// Sets the value of the key at `index` (see [`record_key`]); a repeated key keeps the last.
    pub fn set(&mut self, index: usize, value: serde_json::Value) {
        if let Some(slot) = self.values.get_mut(index) {
            *slot = Some(value);
        }
    }

    /// Whether the record names `key` at all (even as `null`).
    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn get(&self, key: &str) -> Option<&serde_json::Value> {
        record_key(key).and_then(|i| self.values.get(i)?.as_ref())
    }
}

impl RawFields for JsonRecord {
    fn text(&self, key: &'static str) -> Result<Option<String>, ValidationError> {
        json_text(key, self.get(key))
    }

    fn int(&self, key: &'static str) -> Result<Option<i64>, ValidationError> {
        json_int(key, self.get(key))
    }

    fn number(&self, key: &'static str) -> Result<Option<f64>, ValidationError> {
        match self.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| {
                ValidationError::new(
                    key,
                    format!("must be a number (got {})", clip(&v.to_string())),
                )
            }),
        }
    }

    fn words(&self, key: &'static str) -> Result<Vec<String>, ValidationError> {
        match self.get(key) {
            None | Some(serde_json::Value::Null) => Ok(Vec::new()),
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|i| {
                    i.as_str().map(str::to_string).ok_or_else(|| {
                        ValidationError::new(
                            key,
                            format!("must be a list of words (got {})", clip(&i.to_string())),
                        )
                    })
                })
                .collect(),
            Some(other) => Err(ValidationError::new(
                key,
                format!("must be a list of words (got {})", clip(&other.to_string())),
            )),
        }
    }
}

/// A JSON value read as text: `None` when absent or null.
pub fn json_text(
    key: &'static str,
    v: Option<&serde_json::Value>,
) -> Result<Option<String>, ValidationError> {
    match v {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ValidationError::new(
            key,
            format!("must be text (got {other})"),
        )),
    }
}

/// A JSON value read as a whole number: `None` when absent or null.
pub fn json_int(
    key: &'static str,
    v: Option<&serde_json::Value>,
) -> Result<Option<i64>, ValidationError> {
    match v {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(v) => v.as_i64().map(Some).ok_or_else(|| {
            ValidationError::new(
                key,
                format!("must be a whole number (got {})", clip(&v.to_string())),
            )
        }),
    }
}

/// Where each key footlog reads sits in a CSV file's header (the first matching column).
#[derive(Debug, Clone)]
pub struct CsvColumns {
    index: [Option<usize>; RECORD_KEYS.len()],
}

impl CsvColumns {
    /// The columns of `headers` (names compared without surrounding spaces).
    pub fn new(headers: &csv::StringRecord) -> Self {
        let mut index = [None; RECORD_KEYS.len()];
        for (slot, key) in index.iter_mut().zip(RECORD_KEYS) {
            *slot = headers.iter().position(|h| h.trim() == key);
        }
        Self { index }
    }

    /// Whether the header names `key`.
    pub fn has(&self, key: &str) -> bool {
        record_key(key).is_some_and(|i| self.index.get(i).is_some_and(Option::is_some))
    }
}

/// One CSV row's fields, looked up by header.
pub struct CsvFields<'a> {
    /// Where each key's column is.
    pub columns: &'a CsvColumns,
    /// The row.
    pub row: &'a csv::StringRecord,
}

impl CsvFields<'_> {
    fn cell(&self, key: &str) -> Option<&str> {
        let i = (*self.columns.index.get(record_key(key)?)?)?;
        self.row.get(i).filter(|c| !c.trim().is_empty())
    }
}

impl RawFields for CsvFields<'_> {
    fn text(&self, key: &'static str) -> Result<Option<String>, ValidationError> {
        let cell = self.cell(key);
        Ok(if FREE_TEXT_COLUMNS.contains(&key) {
            cell.map(|c| unguard_formula(c).to_string())
        } else {
            cell.map(str::to_string)
        })
    }

    fn int(&self, key: &'static str) -> Result<Option<i64>, ValidationError> {
        self.cell(key)
            .map(|c| {
                c.trim().parse::<i64>().map_err(|_| {
                    ValidationError::new(key, format!("must be a whole number (got {:?})", clip(c)))
                })
            })
            .transpose()
    }

    fn number(&self, key: &'static str) -> Result<Option<f64>, ValidationError> {
        self.cell(key)
            .map(|c| {
                c.trim().parse::<f64>().map_err(|_| {
                    ValidationError::new(key, format!("must be a number (got {:?})", clip(c)))
                })
            })
            .transpose()
    }

    fn words(&self, key: &'static str) -> Result<Vec<String>, ValidationError> {
        Ok(self
            .cell(key)
            .map(|c| {
                c.split(';')
                    .map(str::trim)
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default())
    }
}

/// Free-text CSV cells: guarded against spreadsheet formulas on export, unguarded on import.
pub const FREE_TEXT_COLUMNS: &[&str] = &["note", "oil", "reason"];

/// First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"),
/// and the guard itself, so that a guarded cell is always told apart from an unguarded one.
const FORMULA_STARTS: [char; 7] = ['=', '+', '-', '@', '\t', '\r', '\''];

/// A free-text CSV cell as exported: one leading `'` when it starts with `=`, `+`, `-`, `@`, a tab,
/// a carriage return or `'`, so LibreOffice and Excel show it as text instead of running it.
pub fn guard_formula(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

/// The inverse of [`guard_formula`]: removes exactly one leading `'` when one of those characters
/// follows it, so an exported cell imports as it was; any other cell is kept as it is.
pub fn unguard_formula(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) => rest,
        _ => cell,
    }
}

/// Shortens a value quoted in an error message.
fn clip(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(MAX).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_guard_adds_and_removes_exactly_one_quote() {
        for (cell, exported) in [
            ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("'", "''"),
            ("'=x", "''=x"),
            ("plain", "plain"),
            (" =x", " =x"),
            ("", ""),
        ] {
            assert_eq!(guard_formula(cell), exported, "{cell:?}");
            assert_eq!(unguard_formula(exported), cell, "{exported:?}");
        }
        // A quote that guards nothing is the user's own: kept.
        assert_eq!(unguard_formula("'tis the season"), "'tis the season");
    }
}
