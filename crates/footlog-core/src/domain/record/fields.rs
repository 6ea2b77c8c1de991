//! An imported record's fields looked up by key: in one JSON object, or in one CSV row by its
//! header.

use super::formula::{FREE_TEXT_COLUMNS, unguard_formula};
use super::parse::RawFields;
use crate::domain::ValidationError;

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
    use super::{RECORD_KEYS, record_key};
    use crate::domain::record::{SESSION_COLUMNS, SLEEP_COLUMNS};

    /// What export writes, import reads: a column added to an export list but not to
    /// [`RECORD_KEYS`] would be skipped without a word when read back.
    #[test]
    fn every_exported_column_is_a_key_the_import_reads() {
        for col in SESSION_COLUMNS.iter().chain(SLEEP_COLUMNS) {
            assert!(record_key(col).is_some(), "{col} is not in RECORD_KEYS");
        }
        assert_eq!(record_key("no_such_key"), None);
        assert_eq!(record_key(RECORD_KEYS[19]), Some(19));
    }
}
