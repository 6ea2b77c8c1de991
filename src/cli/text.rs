//! Small helpers for output meant for people.

pub use crate::domain::text::{escape_unsafe, plural};

/// Shortens `s` to `max` characters on one line, with an ellipsis when cut; characters a
/// terminal would act on are then shown escaped (see [`escape_unsafe`]).
pub fn excerpt(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        escape_unsafe(&one_line).into_owned()
    } else {
        let cut: String = one_line.chars().take(max.saturating_sub(1)).collect();
        format!("{}…", escape_unsafe(cut.trim_end()))
    }
}

/// `Some(v)` as text, `None` as `-`.
pub fn or_dash<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// An average with two decimals, or `-`.
pub fn avg(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}
