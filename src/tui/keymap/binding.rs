//! A row of the key map, and how a key press finds its row.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::mode::Mode;
use crate::tui::msg::Msg;

/// Which keys a binding matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// One key with exactly these modifiers (Shift is ignored for characters).
    One(KeyCode, KeyModifiers),
    /// Any digit 0–9; the Msg receives the digit.
    Digits,
}

/// One row of the key map.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// What is pressed.
    pub keys: Keys,
    /// What it means.
    pub msg: Msg,
    /// What it does, for help and hints.
    pub help: &'static str,
    /// Shown in the hint bar.
    pub hint: bool,
}

/// The key and the modifiers that count: Control, Alt, and Shift except where the key itself
/// says it (a capital letter, Shift-Tab).
fn normalise(k: KeyEvent) -> (KeyCode, KeyModifiers) {
    let mut mods = k.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(k.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    (k.code, mods)
}

/// The Msg a key means in `modes` (most specific first), if any.
pub fn resolve(table: &[Binding], modes: &[Mode], k: KeyEvent) -> Option<Msg> {
    let (code, modifiers) = normalise(k);
    modes.iter().find_map(|m| {
        table
            .iter()
            .filter(|b| b.mode == *m)
            .find_map(|b| match b.keys {
                Keys::One(c, m) if c == code && m == modifiers => Some(b.msg.clone()),
                Keys::Digits if modifiers.is_empty() => match code {
                    KeyCode::Char(c) => c
                        .to_digit(10)
                        .and_then(|d| u8::try_from(d).ok())
                        .map(Msg::Digit),
                    _ => None,
                },
                _ => None,
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::bindings;

    #[test]
    fn shift_is_ignored_for_characters() {
        let t = bindings();
        let k = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&t, &[Mode::List], k), Some(Msg::Bottom));
        let d = KeyEvent::new(KeyCode::Char('7'), KeyModifiers::NONE);
        assert_eq!(resolve(&t, &[Mode::FormValue], d), Some(Msg::Digit(7)));
    }

    #[test]
    fn the_first_mode_that_binds_a_key_decides() {
        let t = bindings();
        let n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE);
        assert_eq!(resolve(&t, &[Mode::Global], n), Some(Msg::NewSession));
        assert_eq!(
            resolve(&t, &[Mode::Confirm, Mode::Global], n),
            Some(Msg::No)
        );
        assert_eq!(
            resolve(&t, &[Mode::Global, Mode::Confirm], n),
            Some(Msg::NewSession)
        );
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        let note = [Mode::FormNote, Mode::Form];
        let alt_enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT);
        assert_eq!(resolve(&t, &note, alt_enter), Some(Msg::NewLine));
        assert_eq!(resolve(&t, &note, enter), Some(Msg::Save));
        // A key no mode in force binds means nothing; the same key elsewhere does not leak in.
        let e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::NONE);
        assert_eq!(resolve(&t, &[Mode::Dashboard, Mode::Global], e), None);
        assert_eq!(resolve(&t, &[Mode::List, Mode::Global], e), Some(Msg::Edit));
        // Modifiers must match: Ctrl-G is not g.
        let ctrl_g = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::CONTROL);
        assert_eq!(resolve(&t, &[Mode::List], ctrl_g), None);
    }
}
