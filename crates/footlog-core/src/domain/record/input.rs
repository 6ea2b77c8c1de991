//! An imported record as the file gives it ([`RecordIn`], one serde type for JSON and CSV), and
//! its values read as text, numbers or words with messages that name the field.

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

use super::formula::{FREE_TEXT_COLUMNS, unguard_formula};
use crate::domain::ValidationError;

/// One imported record (session, sleep note, goal change or rest mark): every key footlog reads,
/// each field named as its JSON key or CSV column, each a cell of the file's own kind ([`JsonCell`] or [`CsvCell`]). Other keys are skipped, so a
/// record is held alone, never the whole file.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default, bound(deserialize = "C: Deserialize<'de> + Default"))]
pub struct RecordIn<C> {
    pub uuid: C,
    pub started_at: C,
    pub date: C,
    pub minutes: C,
    pub feet: C,
    pub tool: C,
    pub areas: C,
    pub oil: C,
    pub tension_before: C,
    pub tension_after: C,
    pub pain: C,
    pub note: C,
    pub created_at: C,
    pub updated_at: C,
    pub night: C,
    pub quality: C,
    pub hours: C,
    pub bed: C,
    pub tried: C,
    pub latency_min: C,
    pub awakenings: C,
    pub awake_min: C,
    pub woke: C,
    pub up: C,
    pub effective_from: C,
    pub per_week: C,
    pub reason: C,
}

/// One value of an imported record, read the way its field needs it.
pub trait Cell {
    /// Whether the record names the key at all (in JSON, even as `null`).
    fn given(&self) -> bool;
    /// A text value; `None` when absent, null or (CSV) blank.
    fn text(&self, key: &'static str) -> Result<Option<String>, ValidationError>;
    /// A whole number.
    fn int(&self, key: &'static str) -> Result<Option<i64>, ValidationError>;
    /// A number.
    fn number(&self, key: &'static str) -> Result<Option<f64>, ValidationError>;
    /// A list of words.
    fn words(&self, key: &'static str) -> Result<Vec<String>, ValidationError>;
}

/// A JSON record's value for one key: absent, or the value given (`null` included).
#[derive(Debug, Clone, Default, PartialEq)]
pub enum JsonCell {
    /// The key is not in the record.
    #[default]
    Absent,
    /// The key's value.
    Given(serde_json::Value),
}

impl<'de> Deserialize<'de> for JsonCell {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(d).map(JsonCell::Given)
    }
}

impl JsonCell {
    fn value(&self) -> Option<&serde_json::Value> {
        match self {
            JsonCell::Absent => None,
            JsonCell::Given(v) => Some(v),
        }
    }
}

impl Cell for JsonCell {
    fn given(&self) -> bool {
        matches!(self, JsonCell::Given(_))
    }

    fn text(&self, key: &'static str) -> Result<Option<String>, ValidationError> {
        json_text(key, self.value())
    }

    fn int(&self, key: &'static str) -> Result<Option<i64>, ValidationError> {
        json_int(key, self.value())
    }

    fn number(&self, key: &'static str) -> Result<Option<f64>, ValidationError> {
        match self.value() {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| {
                ValidationError::new(key, format!("must be a number (got {})", clip_json(v)))
            }),
        }
    }

    fn words(&self, key: &'static str) -> Result<Vec<String>, ValidationError> {
        let not_words = |v: &serde_json::Value| {
            ValidationError::new(
                key,
                format!("must be a list of words (got {})", clip_json(v)),
            )
        };
        match self.value() {
            None | Some(serde_json::Value::Null) => Ok(Vec::new()),
            Some(serde_json::Value::Array(items)) => items
                .iter()
                .map(|i| i.as_str().map(str::to_string).ok_or_else(|| not_words(i)))
                .collect(),
            Some(other) => Err(not_words(other)),
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
                format!("must be a whole number (got {})", clip_json(v)),
            )
        }),
    }
}

/// A CSV cell, borrowed from its row: `None` when the file has no such column.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CsvCell<'a>(pub Option<&'a str>);

impl<'de: 'a, 'a> Deserialize<'de> for CsvCell<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = CsvCell<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a CSV cell")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<CsvCell<'de>, E> {
                Ok(CsvCell(Some(v)))
            }
        }
        // The cell's text as it is: csv's type inference would turn "007" into 7.
        d.deserialize_str(V)
    }
}

impl CsvCell<'_> {
    /// The cell, unless it is blank.
    fn cell(&self) -> Option<&str> {
        self.0.filter(|c| !c.trim().is_empty())
    }
}

impl Cell for CsvCell<'_> {
    fn given(&self) -> bool {
        self.0.is_some()
    }

    fn text(&self, key: &'static str) -> Result<Option<String>, ValidationError> {
        let cell = self.cell();
        Ok(if FREE_TEXT_COLUMNS.contains(&key) {
            cell.map(|c| unguard_formula(c).to_string())
        } else {
            cell.map(str::to_string)
        })
    }

    fn int(&self, key: &'static str) -> Result<Option<i64>, ValidationError> {
        self.cell()
            .map(|c| {
                c.trim().parse::<i64>().map_err(|_| {
                    ValidationError::new(key, format!("must be a whole number (got {:?})", clip(c)))
                })
            })
            .transpose()
    }

    fn number(&self, key: &'static str) -> Result<Option<f64>, ValidationError> {
        self.cell()
            .map(|c| {
                c.trim().parse::<f64>().map_err(|_| {
                    ValidationError::new(key, format!("must be a number (got {:?})", clip(c)))
                })
            })
            .transpose()
    }

    fn words(&self, _key: &'static str) -> Result<Vec<String>, ValidationError> {
        Ok(self
            .cell()
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

fn clip_json(v: &serde_json::Value) -> String {
    clip(&v.to_string())
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
    use super::{JsonCell, RecordIn};
    use crate::domain::record::{DERIVED_SLEEP_COLUMNS, SESSION_COLUMNS, SLEEP_COLUMNS};

    /// What export writes, import reads: a column added to an export list but not to
    /// [`RecordIn`] would be skipped without a word when read back. The derived figures are
    /// the exception: import works them out again from the items.
    #[test]
    fn every_exported_column_is_a_key_the_import_reads() {
        for col in SESSION_COLUMNS
            .iter()
            .chain(SLEEP_COLUMNS)
            .filter(|c| !DERIVED_SLEEP_COLUMNS.contains(c))
        {
            let rec: RecordIn<JsonCell> =
                serde_json::from_value(serde_json::json!({ *col: 1 })).expect("record");
            assert_ne!(rec, RecordIn::default(), "{col} is not a field of RecordIn");
        }
        let rec: RecordIn<JsonCell> =
            serde_json::from_value(serde_json::json!({"no_such_key": 1})).expect("record");
        assert_eq!(rec, RecordIn::default());
    }
}
