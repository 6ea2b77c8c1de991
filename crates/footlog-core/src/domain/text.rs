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
    fn nothing_unsafe_survives_escaping() {
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        assert!(!escape_unsafe(&all).chars().any(is_unsafe));
    }
}
