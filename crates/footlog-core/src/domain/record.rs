//! The wire format of records (JSON keys, CSV columns) and parsing of imported records.

mod formula;
mod input;
mod parse;

use serde::Serialize;

use super::session::{Area, Feet, Session, Tool};
use super::sleep::SleepNote;
use super::time::format_rfc3339;

pub use formula::{FREE_TEXT_COLUMNS, guard_formula, unguard_formula};
pub use input::{Cell, CsvCell, JsonCell, RecordIn, json_int, json_text};
pub use parse::{ImportMeta, parse_goal, parse_rest, parse_session, parse_sleep};

/// The export format version this footlog writes and reads.
pub const EXPORT_VERSION: i64 = 1;

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
    "bed",
    "tried",
    "latency_min",
    "awakenings",
    "awake_min",
    "woke",
    "up",
    "time_in_bed_min",
    "total_sleep_min",
    "efficiency_pct",
];

/// The sleep-note columns derived from the diary's items: written, never read back (import
/// derives them again).
pub const DERIVED_SLEEP_COLUMNS: &[&str] =
    &["time_in_bed_min", "total_sleep_min", "efficiency_pct"];

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
    /// The diary's clock times, "HH:MM" (see [`crate::domain::diary`]).
    pub bed: Option<String>,
    pub tried: Option<String>,
    pub latency_min: Option<u16>,
    pub awakenings: Option<u8>,
    pub awake_min: Option<u16>,
    pub woke: Option<String>,
    pub up: Option<String>,
    /// Derived (out of bed − into bed); import ignores it.
    pub time_in_bed_min: Option<u16>,
    /// Derived (woke − tried − latency − awake); import ignores it.
    pub total_sleep_min: Option<u16>,
    /// Derived (total sleep ÷ time in bed × 100, one decimal); import ignores it.
    pub efficiency_pct: Option<f64>,
}

impl SleepRecord {
    /// The record of `n`; `with_timestamps` adds `created_at` and `updated_at`.
    pub fn new(n: &SleepNote, with_timestamps: bool) -> Self {
        let d = &n.fields.diary;
        Self {
            uuid: n.uuid.to_string(),
            night: n.fields.night.to_string(),
            quality: n.fields.quality,
            hours: n.fields.hours,
            note: n.fields.note.clone(),
            created_at: with_timestamps.then(|| format_rfc3339(&n.created_at)),
            updated_at: with_timestamps.then(|| format_rfc3339(&n.updated_at)),
            bed: d.bed.map(|t| t.to_string()),
            tried: d.tried.map(|t| t.to_string()),
            latency_min: d.latency_min,
            awakenings: d.awakenings,
            awake_min: d.awake_min,
            woke: d.woke.map(|t| t.to_string()),
            up: d.up.map(|t| t.to_string()),
            time_in_bed_min: d.time_in_bed_min(),
            total_sleep_min: d.total_sleep_min(),
            efficiency_pct: d.efficiency_pct(),
        }
    }

    /// The CSV cells, in [`SLEEP_COLUMNS`] order.
    pub fn csv_row(&self) -> Vec<String> {
        fn num<T: ToString>(v: Option<T>) -> String {
            v.map(|v| v.to_string()).unwrap_or_default()
        }
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
            self.bed.clone().unwrap_or_default(),
            self.tried.clone().unwrap_or_default(),
            num(self.latency_min),
            num(self.awakenings),
            num(self.awake_min),
            self.woke.clone().unwrap_or_default(),
            self.up.clone().unwrap_or_default(),
            num(self.time_in_bed_min),
            num(self.total_sleep_min),
            num(self.efficiency_pct),
        ]
    }
}
