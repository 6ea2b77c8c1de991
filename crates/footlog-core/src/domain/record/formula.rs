//! The guard against spreadsheet formulas in free-text CSV cells, and its inverse.

/// Free-text CSV cells: guarded against spreadsheet formulas on export, unguarded on import.
pub const FREE_TEXT_COLUMNS: &[&str] = &["note", "oil", "reason"];

/// First characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"),
/// with the fullwidth (U+FF1D…) and small (U+FE66…) forms of `=`, `+`, `-` and `@` that
/// spreadsheets in East Asian locales take for them, and the guard itself, so that a guarded
/// cell is always told apart from an unguarded one.
const FORMULA_STARTS: [char; 15] = [
    '=', '+', '-', '@', '\t', '\r', '\'', '＝', '＋', '－', '＠', '﹦', '﹢', '﹣', '﹫',
];

/// A free-text CSV cell as exported: one leading `'` when it starts with `=`, `+`, `-`, `@` (or
/// their fullwidth or small forms), a tab, a carriage return or `'`, so LibreOffice and Excel show
/// it as text instead of running it.
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
            ("＝SUM(A1)", "'＝SUM(A1)"),
            ("﹫x", "'﹫x"),
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
