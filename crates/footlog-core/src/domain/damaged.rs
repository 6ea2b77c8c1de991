//! A stored record that cannot be read back as a domain value: what the store reports instead of
//! failing a whole listing, so one bad row never locks the rest of the data away.

use std::fmt;

/// One row that does not decode: which table, which record, which field and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    /// The table (`sessions`, `sleep_notes`, …).
    pub table: &'static str,
    /// The record's UUID as stored (the row's key for tables without one; `row N` when even
    /// that cannot be read).
    pub uuid: String,
    /// The column that could not be read.
    pub field: &'static str,
    /// Why, with the stored value where it helps.
    pub reason: String,
}

impl Damaged {
    /// "session", "sleep note" or the table's name: for messages.
    pub fn kind(&self) -> &'static str {
        match self.table {
            "sessions" => "session",
            "sleep_notes" => "sleep note",
            other => other,
        }
    }
}

/// "sessions 1b4e…: `started_at`: not an RFC 3339 time ("garbage")".
impl fmt::Display for Damaged {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}: {}: {}",
            self.table, self.uuid, self.field, self.reason
        )
    }
}

/// Records read from a table, with the rows left out because they do not decode.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded<T> {
    /// Every row that decoded, in the query's order.
    pub records: Vec<T>,
    /// Every row that did not.
    pub damaged: Vec<Damaged>,
}

impl<T> Default for Decoded<T> {
    fn default() -> Self {
        Self {
            records: Vec::new(),
            damaged: Vec::new(),
        }
    }
}

/// The warning shown for records left out: "1 damaged record hidden — run footlog check".
pub fn hidden_warning(n: usize) -> String {
    if n == 1 {
        "1 damaged record hidden — run footlog check".to_string()
    } else {
        format!("{n} damaged records hidden — run footlog check")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_damaged_record_reads_as_table_uuid_field_and_reason() {
        let d = Damaged {
            table: "sleep_notes",
            uuid: "1b4e28ba-2fa1-11d2-883f-0016d3cca427".into(),
            field: "night",
            reason: "not a YYYY-MM-DD date (\"2026-11-00\")".into(),
        };
        assert_eq!(
            d.to_string(),
            "sleep_notes 1b4e28ba-2fa1-11d2-883f-0016d3cca427: night: not a YYYY-MM-DD date (\"2026-11-00\")"
        );
        assert_eq!(d.kind(), "sleep note");
        assert_eq!(
            hidden_warning(1),
            "1 damaged record hidden — run footlog check"
        );
        assert_eq!(
            hidden_warning(3),
            "3 damaged records hidden — run footlog check"
        );
    }
}
