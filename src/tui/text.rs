//! Text as the screens show it: word-wrapped, cut to a width, safe for the terminal. Pure; used
//! by the views and by the layout that measures them.

use chrono::{Datelike, NaiveDate};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// "Mon 23 Nov 20:30".
pub fn when(dt: &chrono::DateTime<chrono::FixedOffset>) -> String {
    dt.format("%a %-d %b %H:%M").to_string()
}

/// `s` without the characters a terminal would act on (controls, bidirectional overrides and
/// isolates): text another tool wrote into the database can never drive the terminal or
/// reorder a line.
pub fn shown(s: &str) -> String {
    s.chars()
        .filter(|c| !crate::domain::text::is_unsafe(*c))
        .collect()
}

/// Word-wraps `s` to lines of at most `width` characters (a longer word is broken); at least one
/// line, so an empty text still takes its row. A no-break space joins words, as ratatui's own
/// wrapping keeps them.
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = vec![String::new()];
    for word in s
        .split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|w| !w.is_empty())
    {
        let mut word: Vec<char> = word.chars().collect();
        let cur = lines.last().map_or(0, |l| l.chars().count());
        if cur > 0 && cur + 1 + word.len() <= width {
            if let Some(l) = lines.last_mut() {
                l.push(' ');
                l.extend(word);
            }
            continue;
        }
        if cur > 0 {
            lines.push(String::new());
        }
        while word.len() > width {
            let rest = word.split_off(width);
            if let Some(l) = lines.last_mut() {
                l.extend(word);
            }
            lines.push(String::new());
            word = rest;
        }
        if let Some(l) = lines.last_mut() {
            l.extend(word);
        }
    }
    lines
}

/// A note in a list row: its first line, cut to `n` characters, with "…" when anything was left
/// out (the rest of the line, or further lines).
pub fn first_line(s: &str, n: usize) -> String {
    let mut lines = s.trim().lines();
    let first = lines.next().unwrap_or("");
    let more = lines.any(|l| !l.trim().is_empty());
    let cut = excerpt(first, n);
    if more && !cut.ends_with('…') && n > 0 {
        format!("{}…", take_width(&cut, n - 1))
    } else {
        cut
    }
}

/// Cuts `s` to at most `n` columns of the terminal, ending with "…" when cut; see [`shown`].
/// Columns, not characters: an emoji or a CJK character takes two, so a cut note still ends
/// with "…" instead of being clipped by its cell.
pub fn excerpt(s: &str, n: usize) -> String {
    let flat: String = shown(&s.split_whitespace().collect::<Vec<_>>().join(" "));
    if UnicodeWidthStr::width(flat.as_str()) <= n {
        flat
    } else {
        let mut out = take_width(&flat, n.saturating_sub(1));
        out.push('…');
        out
    }
}

/// The longest start of `s` at most `n` columns wide.
fn take_width(s: &str, n: usize) -> String {
    let mut used = 0;
    s.chars()
        .take_while(|c| {
            used += UnicodeWidthChar::width(*c).unwrap_or(0);
            used <= n
        })
        .collect()
}

/// "★★★★☆".
pub fn stars(q: u8) -> String {
    let q = usize::from(q.min(5));
    format!("{}{}", "★".repeat(q), "☆".repeat(5 - q))
}

/// "1 Sep – 29 Nov 2026", or "1 Dec 2025 – 29 Nov 2026" across a new year.
pub fn range(from: NaiveDate, to: NaiveDate) -> String {
    let first = if from.year() == to.year() {
        from.format("%-d %b")
    } else {
        from.format("%-d %b %Y")
    };
    format!("{first} – {}", to.format("%-d %b %Y"))
}

#[cfg(test)]
mod width_tests {
    use super::{excerpt, first_line};
    use unicode_width::UnicodeWidthStr;

    #[test]
    fn wide_characters_are_cut_by_columns_and_end_with_an_ellipsis() {
        // Each of these takes two columns: 10 of them are 20 wide.
        for note in ["🦶🦶🦶🦶🦶🦶🦶🦶🦶🦶", "足裏足裏足裏足裏足裏", "ab足裏c🦶d"]
        {
            for n in 1..=12 {
                let cut = excerpt(note, n);
                assert!(
                    cut.width() <= n,
                    "{note} at {n}: {cut} is {} wide",
                    cut.width()
                );
                if note.width() > n {
                    assert!(cut.ends_with('…'), "{note} at {n}: {cut}");
                } else {
                    assert_eq!(cut, note);
                }
                let line = first_line(&format!("{note}\nmore"), n);
                assert!(
                    line.width() <= n && line.ends_with('…'),
                    "{note} at {n}: {line}"
                );
            }
        }
        assert_eq!(excerpt("足裏足裏", 5), "足裏…");
    }
}
