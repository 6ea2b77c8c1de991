//! Small helpers for output meant for people.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub use crate::domain::text::{escape_unsafe, plural};

/// Shortens `s` to `max` terminal columns on one line, with an ellipsis when cut (an emoji or a
/// CJK character takes two columns); characters a terminal would act on are then shown escaped
/// (see [`escape_unsafe`]).
pub fn excerpt(s: &str, max: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.width() <= max {
        escape_unsafe(&one_line).into_owned()
    } else {
        let mut used = 0;
        let cut: String = one_line
            .chars()
            .take_while(|c| {
                used += c.width().unwrap_or(0);
                used < max
            })
            .collect();
        format!("{}…", escape_unsafe(cut.trim_end()))
    }
}

/// [`excerpt`] padded with spaces to `width` columns, for a table's column: `{:<30}` pads by
/// characters, which shifts the next column after wide characters.
pub fn cell(s: &str, width: usize) -> String {
    let e = excerpt(s, width);
    let pad = width.saturating_sub(e.width());
    format!("{e}{}", " ".repeat(pad))
}

/// `Some(v)` as text, `None` as `-`.
pub fn or_dash<T: ToString>(v: Option<T>) -> String {
    v.map_or_else(|| "-".to_string(), |v| v.to_string())
}

/// An average with two decimals, or `-`.
pub fn avg(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
}

/// Tells on stderr which damaged records the output could not read (each by UUID): they are
/// left out of listings, and one bad row never hides the rest of the data.
pub fn warn_damaged(damaged: &[crate::domain::damaged::Damaged]) {
    const AT_MOST: usize = 20;
    for d in damaged.iter().take(AT_MOST) {
        crate::message!(
            "footlog: warning: damaged {} {} cannot be read ({}: {}); run footlog check",
            d.kind(),
            escape_unsafe(&d.uuid),
            d.field,
            escape_unsafe(&d.reason)
        );
    }
    if damaged.len() > AT_MOST {
        crate::message!(
            "footlog: warning: … and {} more damaged records",
            damaged.len() - AT_MOST
        );
    }
}
