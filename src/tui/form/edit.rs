//! Editing the focused field of any form: typed text, paste, ←/→, digits, Space, Backspace.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::field::{FieldList, InputMut, Step, keep_single_line, unscrolled};
use super::{FieldRef, Form};
use crate::domain::ValidationError;

impl Form {
    /// A key for the focused text field: editing, cursor movement, word deletion.
    pub fn text_key(&mut self, key: KeyEvent) {
        if std::mem::take(&mut self.minus_pending)
            && let KeyCode::Char(c @ '0'..='9') = key.code
            && (key.modifiers - KeyModifiers::SHIFT).is_empty()
            && self.focused().is_some_and(|f| f.is_date())
        {
            self.type_over_focused(&format!("-{c}"));
            return;
        }
        let Some(InputMut::Text(t)) = self.focused_mut().map(|f| f.input) else {
            return;
        };
        let before = t.area.lines().to_vec();
        if matches!(
            key.code,
            KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End
        ) && key.modifiers.is_empty()
        {
            t.area.cancel_selection(); // edit the value rather than replace it
        }
        super::edit_line(&mut t.area, key);
        if !t.is_note() {
            keep_single_line(&mut t.area);
        }
        if t.area.lines() != before.as_slice() {
            self.touched();
        }
    }

    /// Pasted text for the focused text field (line breaks become spaces, except in the note).
    pub fn paste(&mut self, text: &str) {
        self.minus_pending = false;
        let Some(InputMut::Text(t)) = self.focused_mut().map(|f| f.input) else {
            return;
        };
        let pasted = if t.is_note() {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.replace("\r\n", " ").replace(['\n', '\r'], " ")
        };
        if t.area.insert_str(pasted) {
            self.touched();
        }
    }

    /// Sets the focused text field to `text`, selected (so typing still replaces it).
    pub fn replace_focused(&mut self, text: &str) {
        self.set_focused(text, true);
        self.minus_pending = false;
    }

    /// Sets the focused text field to `text` as if typed: not selected, the cursor at its end.
    fn type_over_focused(&mut self, text: &str) {
        self.set_focused(text, false);
    }

    fn set_focused(&mut self, text: &str, selected: bool) {
        if let Some(InputMut::Text(t)) = self.focused_mut().map(|f| f.input) {
            t.set(text, selected);
            self.touched();
        }
    }

    /// Every text field scrolled back to its start (after a resize).
    pub fn unscroll(&mut self) {
        for f in self.fields.each_mut() {
            if let InputMut::Text(t) = f.input {
                *t.area = unscrolled(&t.area);
            }
        }
    }

    /// A line break in the focused note.
    pub fn new_line(&mut self) {
        if let Some(InputMut::Text(t)) = self.focused_mut().map(|f| f.input)
            && t.is_note()
        {
            t.area.insert_newline();
            self.touched();
        }
    }

    /// ←/→ on the focused field: step a rating, move through a choice, move over toggles.
    pub fn adjust(&mut self, delta: i8) {
        let Some(f) = self.focused_mut() else {
            return;
        };
        let changed = match f.input {
            InputMut::Rating(r) => {
                let v = match r.value {
                    None if delta > 0 => r.min,
                    None => r.max,
                    Some(v) => {
                        let next = i16::from(v) + i16::from(delta);
                        u8::try_from(next.clamp(i16::from(r.min), i16::from(r.max))).unwrap_or(v)
                    }
                };
                r.value = Some(v);
                true
            }
            InputMut::Choice(c) => {
                let n = c.options.len().max(1);
                match c.step {
                    Step::Cycle => {
                        c.index = (c.index + n + usize::from(delta > 0) * 2 - 1) % n;
                        true
                    }
                    Step::NewestFirst => {
                        let next = if delta < 0 {
                            (c.index + 1).min(n - 1)
                        } else {
                            c.index.saturating_sub(1)
                        };
                        let moved = next != c.index;
                        c.index = next;
                        moved
                    }
                }
            }
            InputMut::Toggles(t) => {
                let n = t.options.len().max(1);
                t.cursor = (t.cursor + n + usize::from(delta > 0) * 2 - 1) % n;
                false // moving over toggles changes nothing
            }
            InputMut::Text(_) => false,
        };
        if changed {
            self.touched();
        }
    }

    /// A digit on the focused field: sets a rating (1 then 0 makes 10) or toggles option N.
    pub fn digit(&mut self, d: u8) {
        let Some(f) = self.focused_mut() else {
            return;
        };
        let key = f.key;
        let mut refused = None;
        match f.input {
            InputMut::Rating(r) => {
                // A 1 then a digit is a two-digit value: 10 on a 0–10 rating, and on a range
                // past 10 any of 10–19, so 1 5 on 1–14 shows 15 refused rather than a silent 5.
                let v = if r.after_one && (10 + d <= r.max || r.max > 10) {
                    r.after_one = false;
                    10 + d
                } else {
                    r.after_one = d == 1;
                    d
                };
                r.value = Some(v);
                if !(r.min..=r.max).contains(&v) {
                    let (lo, hi) = (i64::from(r.min), i64::from(r.max));
                    refused = Some(ValidationError::range(key, lo, hi, v).message);
                }
            }
            InputMut::Toggles(t) => {
                let i = usize::from(d).wrapping_sub(1);
                if let Some(b) = t.on.get_mut(i) {
                    *b = !*b;
                    t.cursor = i;
                }
            }
            InputMut::Choice(c) => {
                let i = usize::from(d).wrapping_sub(1);
                if i < c.options.len() {
                    c.index = i;
                }
            }
            InputMut::Text(_) => return,
        }
        self.touched();
        if let Some(f) = self.focused_mut() {
            *f.error = refused;
        }
    }

    /// Space on the focused field: toggles the option under the cursor.
    pub fn toggle(&mut self) {
        if let Some(InputMut::Toggles(t)) = self.focused_mut().map(|f| f.input) {
            if let Some(b) = t.on.get_mut(t.cursor) {
                *b = !*b;
            }
            self.touched();
        }
    }

    /// Backspace/Delete on a rating: unset it (pain is optional).
    pub fn clear_value(&mut self) {
        if let Some(InputMut::Rating(r)) = self.focused_mut().map(|f| f.input) {
            r.value = None;
            self.touched();
        }
    }

    /// The focused field is a rating not set yet.
    pub fn unset_rating_focused(&self) -> bool {
        self.focused().is_some_and(
            |f: FieldRef<'_>| matches!(f.input, super::Input::Rating(r) if r.value.is_none()),
        )
    }
}
