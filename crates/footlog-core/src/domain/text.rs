//! Text from the database made safe for a terminal: nothing stored can move the cursor, set the
//! clipboard or reorder a line.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters a terminal would act on rather than show: C0 controls (line breaks and tabs
/// included: callers print their own), DEL, C1 controls, and the bidirectional embedding,
/// override, isolate and mark characters.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `s` with every [`is_unsafe`] character written as `\u{…}` (lower-case hex), and `\` kept
/// as it is: the text stays readable and shows exactly which characters were there.
pub fn escape_unsafe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters that end a line somewhere: LF, VT, FF, CR and NEL (C0/C1 controls), and the
/// Unicode line and paragraph separators. A Markdown table row ends at CR as at LF.
pub fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The lines of `s`, split at every [`is_line_break`] character (CRLF counts as one break).
pub fn lines(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        let Some((i, c)) = r.char_indices().find(|&(_, c)| is_line_break(c)) else {
            rest = None;
            return Some(r);
        };
        let (line, after) = r.split_at(i);
        let after = after.strip_prefix(c).unwrap_or(after);
        rest = Some(if c == '\r' {
            after.strip_prefix('\n').unwrap_or(after)
        } else {
            after
        });
        Some(line)
    })
}

/// `s` for a document of many lines shown on a terminal (a report on stdout): every line break
/// becomes `\n` (so a bare CR can never move the cursor back over what was written), and every
/// other [`is_unsafe`] character is written as `\u{…}`, as [`escape_unsafe`] does.
pub fn escape_unsafe_keeping_lines(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| c != '\n' && (is_unsafe(c) || is_line_break(c)))
    {
        return Cow::Borrowed(s);
    }
    let lines: Vec<_> = lines(s).map(escape_unsafe).collect();
    Cow::Owned(lines.join("\n"))
}

/// `n` with the word that fits it: "1 night", "2 nights", "0 nights".
pub fn plural(n: impl Into<u64>, one: &str, many: &str) -> String {
    let n = n.into();
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_takes_the_singular_and_every_other_count_the_plural() {
        assert_eq!(plural(1u64, "night", "nights"), "1 night");
        assert_eq!(plural(2u64, "night", "nights"), "2 nights");
        assert_eq!(plural(0u64, "night", "nights"), "0 nights");
    }

    #[test]
    fn controls_and_bidi_characters_are_escaped_and_the_rest_kept() {
        let cases = [
            ("plain text, ümlauts → ok", "plain text, ümlauts → ok"),
            ("\u{1b}]52;c;aGk=\u{7}", "\\u{1b}]52;c;aGk=\\u{7}"),
            ("abc\u{202e}fed", "abc\\u{202e}fed"),
            ("a\u{2066}b\u{2069}", "a\\u{2066}b\\u{2069}"),
            ("tab\there\nline", "tab\\u{9}here\\u{a}line"),
            ("del\u{7f} c1\u{9b}", "del\\u{7f} c1\\u{9b}"),
            ("\u{200f}\u{061c}", "\\u{200f}\\u{61c}"),
        ];
        for (input, want) in cases {
            assert_eq!(escape_unsafe(input), want, "{input:?}");
        }
        assert!(matches!(escape_unsafe("fine"), Cow::Borrowed(_)));
    }

    #[test]
    fn every_line_break_splits_and_crlf_counts_once() {
        let got: Vec<_> =
            lines("a\rb\nc\r\nd\u{2028}e\u{2029}f\u{85}g\u{b}h\u{c}i\n\nj\r").collect();
        assert_eq!(
            got,
            ["a", "b", "c", "d", "e", "f", "g", "h", "i", "", "j", ""]
        );
        assert_eq!(lines("").collect::<Vec<_>>(), [""]);
        assert_eq!(
            escape_unsafe_keeping_lines("a\r\nb\rc\u{2028}\u{1b}[2J\td"),
            "a\nb\nc\n\\u{1b}[2J\\u{9}d"
        );
        assert!(matches!(
            escape_unsafe_keeping_lines("a\nb"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn nothing_unsafe_survives_escaping() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!escape_unsafe(&all).chars().any(is_unsafe));
    }
}
