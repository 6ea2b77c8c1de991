//! Forms: a list of fields (text, rating, choice, toggles), focus, inline errors and dirtiness.
//! The session, sleep and goal forms build on this and turn it into domain drafts.

pub mod goals;
pub mod guided_setup;
pub mod health;
pub mod session;
pub mod sleep;
pub mod update;

use ratatui::crossterm::event::KeyEvent;
use ratatui::style::{Modifier, Style};
use ratatui_textarea::TextArea;

use crate::domain::RecordRef;

/// Which form is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// Log or edit a massage session.
    Session,
    /// Add or edit a sleep note.
    Sleep,
    /// Goal, week start and rest weeks.
    Goals,
    /// Before a guided session: feet, minutes per foot, tool, oil, tension before.
    GuidedSetup,
    /// After a guided session: tension after, pain, note.
    GuidedEnd,
    /// The health profile.
    Health,
}

/// The value part of a field.
#[derive(Debug, Clone)]
pub enum Input {
    /// Free text, edited with a real input widget (single line).
    Text(Box<TextArea<'static>>),
    /// A whole number set with digits or ←/→.
    Rating {
        /// The value; `None` until set.
        value: Option<u8>,
        /// Lowest allowed.
        min: u8,
        /// Highest allowed.
        max: u8,
        /// The previous key was the digit 1 (so a following 0 makes 10).
        after_one: bool,
    },
    /// One of a few words, cycled with ←/→.
    Choice {
        /// The chosen option.
        index: usize,
        /// The options as shown.
        options: Vec<String>,
    },
    /// Any of a few words, toggled with Space (or their digit).
    Toggles {
        /// Which options are on.
        on: Vec<bool>,
        /// The option the cursor is on.
        cursor: usize,
        /// The options as shown.
        options: Vec<String>,
    },
}

/// A field's value as compared to decide whether the form changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A text field's lines.
    Text(String),
    /// A rating.
    Rating(Option<u8>),
    /// A choice's index.
    Choice(usize),
    /// Which toggles are on.
    Toggles(Vec<bool>),
}

/// One labelled field with its inline error.
#[derive(Debug, Clone)]
pub struct Field {
    /// The domain field name (as in JSON), used to place validation errors.
    pub key: &'static str,
    /// The label shown.
    pub label: &'static str,
    /// A short hint shown after the value (allowed range, format).
    pub hint: &'static str,
    /// The value.
    pub input: Input,
    /// Why the value was refused, shown next to the field.
    pub error: Option<String>,
    /// A text field that keeps line breaks (the note).
    pub multiline: bool,
}

/// An open form.
#[derive(Debug, Clone)]
pub struct Form {
    /// Which form.
    pub kind: FormKind,
    /// The title, e.g. "Log a session".
    pub title: String,
    /// The fields in focus order.
    pub fields: Vec<Field>,
    /// The focused field.
    pub focus: usize,
    /// The values the form opened with (see [`Form::changed`]).
    pub initial: Vec<Value>,
    /// The record being edited, if any.
    pub editing: Option<RecordRef>,
    /// A message about the whole form (e.g. a conflict reported by the database).
    pub banner: Option<String>,
    /// The last key moved the focused date a day earlier (`-`): a digit next means the user was
    /// typing a relative date such as `-2d`, so the move is dropped for `-` and that digit.
    pub minus_pending: bool,
}

/// A text input holding `text` (its line breaks are kept; a single-line field joins them).
pub fn text_input(text: &str) -> Input {
    let mut ta = TextArea::new(text.lines().map(String::from).collect());
    ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
    ta.move_cursor(ratatui_textarea::CursorMove::End);
    ta.set_cursor_line_style(Style::new());
    ta.set_selection_style(Style::new().add_modifier(Modifier::REVERSED));
    Input::Text(Box::new(ta))
}

impl Field {
    /// A field with no error.
    pub fn new(key: &'static str, label: &'static str, hint: &'static str, input: Input) -> Self {
        Self {
            key,
            label,
            hint,
            input,
            error: None,
            multiline: false,
        }
    }

    /// The same text field, keeping line breaks; a long line wraps (at words where it can)
    /// rather than scrolling sideways out of view with the other lines.
    pub fn multiline(mut self) -> Self {
        self.multiline = true;
        if let Input::Text(ta) = &mut self.input {
            ta.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        }
        self
    }

    /// The text of a text field (empty for other kinds).
    pub fn text(&self) -> String {
        match &self.input {
            Input::Text(ta) if self.multiline => ta.lines().join("\n"),
            Input::Text(ta) => ta.lines().join(" "),
            _ => String::new(),
        }
    }

    /// The value alone, without cursor or options.
    pub fn value(&self) -> Value {
        match &self.input {
            Input::Text(ta) => Value::Text(ta.lines().join("\n")),
            Input::Rating { value, .. } => Value::Rating(*value),
            Input::Choice { index, .. } => Value::Choice(*index),
            Input::Toggles { on, .. } => Value::Toggles(on.clone()),
        }
    }

    /// A date (or date and time) typed as text: the session's "when", the sleep note's night.
    pub fn is_date(&self) -> bool {
        self.is_text() && matches!(self.key, "started_at" | "night")
    }

    /// A text field whose value is selected (typing replaces it).
    pub fn is_selected(&self) -> bool {
        matches!(&self.input, Input::Text(ta) if ta.is_selecting())
    }

    /// Whether the focused field takes typed characters.
    pub fn is_text(&self) -> bool {
        matches!(self.input, Input::Text(_))
    }
}

impl Form {
    /// A form whose first field is focused.
    pub fn new(kind: FormKind, title: impl Into<String>, fields: Vec<Field>) -> Self {
        let mut f = Self {
            kind,
            title: title.into(),
            fields,
            focus: 0,
            initial: Vec::new(),
            editing: None,
            banner: None,
            minus_pending: false,
        };
        f.initial = f.values();
        f.set_focus(0);
        f
    }

    /// Every field's value, to compare (cursor positions and focus are not values).
    pub fn values(&self) -> Vec<Value> {
        self.fields.iter().map(|f| f.value()).collect()
    }

    /// A value differs from what the form opened with (browsing and coming back is no change).
    pub fn changed(&self) -> bool {
        self.values() != self.initial
    }

    /// The focused field.
    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    /// The field named `key`.
    pub fn field(&self, key: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The field named `key`, mutably.
    pub fn field_mut(&mut self, key: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.key == key)
    }

    /// Moves focus to field `i` (wrapping), showing the text cursor only there. A one-line text
    /// field arrives with its value selected, so typing replaces it (35 into Minutes is 35,
    /// not 2035) while ←, →, Home or End first edits it instead; the note is appended to.
    pub fn set_focus(&mut self, i: usize) {
        let n = self.fields.len().max(1);
        self.focus = i % n;
        self.minus_pending = false;
        for (j, f) in self.fields.iter_mut().enumerate() {
            if let Input::Text(ta) = &mut f.input {
                let style = if j == self.focus {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new()
                };
                ta.set_cursor_style(style);
                let has_text = ta.lines().iter().any(|l| !l.is_empty());
                if j == self.focus && !f.multiline && has_text {
                    ta.select_all();
                } else {
                    ta.cancel_selection();
                }
            }
            if let Input::Rating { after_one, .. } = &mut f.input {
                *after_one = false;
            }
        }
    }

    /// Focus the next field.
    pub fn next(&mut self) {
        self.set_focus(self.focus + 1);
    }

    /// Focus the previous field.
    pub fn prev(&mut self) {
        let n = self.fields.len().max(1);
        self.set_focus(self.focus + n - 1);
    }

    /// Focus the first field that has an error.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.set_focus(i);
        }
    }

    /// Clears every inline error and the banner.
    pub fn clear_errors(&mut self) {
        self.banner = None;
        for f in &mut self.fields {
            f.error = None;
        }
    }

    /// Puts every refused value's message beside its field at once and focuses the first; true
    /// when nothing was refused.
    pub fn report<'a>(
        &mut self,
        errors: impl IntoIterator<Item = Option<&'a crate::domain::ValidationError>>,
    ) -> bool {
        let mut ok = true;
        for e in errors.into_iter().flatten() {
            self.set_error(e.field, e.message.clone());
            ok = false;
        }
        if !ok {
            self.focus_first_error();
        }
        ok
    }

    /// The value of a final domain check, or `None` with its message beside the field it names.
    pub fn accept<T>(&mut self, checked: Result<T, crate::domain::ValidationError>) -> Option<T> {
        match checked {
            Ok(v) => Some(v),
            Err(e) => {
                self.report([Some(&e)]);
                None
            }
        }
    }

    /// Puts `message` next to the field named `key` (or in the banner if there is none).
    pub fn set_error(&mut self, key: &str, message: String) {
        match self.field_mut(key) {
            Some(f) => f.error = Some(message),
            None => self.banner = Some(message),
        }
    }

    fn touched(&mut self) {
        self.banner = None;
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.error = None;
        }
    }

    /// A key for the focused text field: editing, cursor movement, word deletion.
    pub fn text_key(&mut self, key: KeyEvent) {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        if std::mem::take(&mut self.minus_pending)
            && let KeyCode::Char(c @ '0'..='9') = key.code
            && (key.modifiers - KeyModifiers::SHIFT).is_empty()
            && self.focused().is_some_and(Field::is_date)
        {
            self.type_over_focused(&format!("-{c}"));
            return;
        }
        if let Some(Field {
            input: Input::Text(ta),
            multiline,
            ..
        }) = self.fields.get_mut(self.focus)
        {
            let before = ta.lines().to_vec();
            if matches!(
                key.code,
                KeyCode::Left | KeyCode::Right | KeyCode::Home | KeyCode::End
            ) && key.modifiers.is_empty()
            {
                ta.cancel_selection(); // edit the value rather than replace it
            }
            edit_line(ta, key);
            if !*multiline {
                keep_single_line(ta);
            }
            if ta.lines() != before.as_slice() {
                self.touched();
            }
        }
    }

    /// Pasted text for the focused text field (line breaks become spaces, except in the note).
    pub fn paste(&mut self, text: &str) {
        self.minus_pending = false;
        if let Some(Field {
            input: Input::Text(ta),
            multiline,
            ..
        }) = self.fields.get_mut(self.focus)
        {
            let pasted = if *multiline {
                text.replace("\r\n", "\n").replace('\r', "\n")
            } else {
                text.replace("\r\n", " ").replace(['\n', '\r'], " ")
            };
            if ta.insert_str(pasted) {
                self.touched();
            }
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

    /// Puts a fresh text area holding `text` in the focused text field, keeping its cursor style.
    fn set_focused(&mut self, text: &str, selected: bool) {
        if let Some(Field {
            input: Input::Text(ta),
            ..
        }) = self.fields.get_mut(self.focus)
        {
            let style = ta.cursor_style();
            let Input::Text(mut fresh) = text_input(text) else {
                return;
            };
            fresh.set_cursor_style(style);
            if selected {
                fresh.select_all();
            }
            *ta = fresh;
            self.touched();
        }
    }

    /// Every text field scrolled back to its start (after a resize).
    pub fn unscroll(&mut self) {
        for f in &mut self.fields {
            if let Input::Text(ta) = &mut f.input {
                **ta = unscrolled(ta);
            }
        }
    }

    /// A line break in the focused multi-line text field.
    pub fn new_line(&mut self) {
        if let Some(Field {
            input: Input::Text(ta),
            multiline: true,
            ..
        }) = self.fields.get_mut(self.focus)
        {
            ta.insert_newline();
            self.touched();
        }
    }

    /// ←/→ on the focused field: step a rating, cycle a choice, move over toggles.
    pub fn adjust(&mut self, delta: i8) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &mut f.input {
            Input::Rating {
                value, min, max, ..
            } => {
                let v = match *value {
                    None if delta > 0 => *min,
                    None => *max,
                    Some(v) => {
                        let next = i16::from(v) + i16::from(delta);
                        u8::try_from(next.clamp(i16::from(*min), i16::from(*max))).unwrap_or(v)
                    }
                };
                *value = Some(v);
            }
            Input::Choice { index, options } => {
                let n = options.len().max(1);
                *index = (*index + n + usize::from(delta > 0) * 2 - 1) % n;
            }
            Input::Toggles {
                cursor, options, ..
            } => {
                let n = options.len().max(1);
                *cursor = (*cursor + n + usize::from(delta > 0) * 2 - 1) % n;
                return; // moving over toggles changes nothing
            }
            Input::Text(_) => return,
        }
        self.touched();
    }

    /// A digit on the focused field: sets a rating (1 then 0 makes 10) or toggles option N.
    pub fn digit(&mut self, d: u8) {
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let mut refused = None;
        match &mut f.input {
            Input::Rating {
                value,
                min,
                max,
                after_one,
            } => {
                // A 1 then a digit is a two-digit value: 10 on a 0–10 rating, and on a range
                // past 10 any of 10–19, so 1 5 on 1–14 shows 15 refused rather than a silent 5.
                let v = if *after_one && (10 + d <= *max || *max > 10) {
                    *after_one = false;
                    10 + d
                } else {
                    *after_one = d == 1;
                    d
                };
                *value = Some(v);
                if !(*min..=*max).contains(&v) {
                    refused = Some(
                        crate::domain::ValidationError::range(
                            f.key,
                            i64::from(*min),
                            i64::from(*max),
                            v,
                        )
                        .message,
                    );
                }
            }
            Input::Toggles { on, cursor, .. } => {
                let i = usize::from(d).wrapping_sub(1);
                if let Some(b) = on.get_mut(i) {
                    *b = !*b;
                    *cursor = i;
                }
            }
            Input::Choice { index, options } => {
                let i = usize::from(d).wrapping_sub(1);
                if i < options.len() {
                    *index = i;
                }
            }
            Input::Text(_) => return,
        }
        self.touched();
        if let Some(f) = self.fields.get_mut(self.focus) {
            f.error = refused;
        }
    }

    /// Space on the focused field: toggles the option under the cursor.
    pub fn toggle(&mut self) {
        if let Some(Field {
            input: Input::Toggles { on, cursor, .. },
            ..
        }) = self.fields.get_mut(self.focus)
        {
            if let Some(b) = on.get_mut(*cursor) {
                *b = !*b;
            }
            self.touched();
        }
    }

    /// Backspace/Delete on a rating: unset it (pain is optional).
    pub fn clear_value(&mut self) {
        if let Some(Field {
            input: Input::Rating { value, .. },
            ..
        }) = self.fields.get_mut(self.focus)
        {
            *value = None;
            self.touched();
        }
    }
}

/// A key for a single-line text input (form field or list filter): the widget's editing keys,
/// except that Ctrl-U deletes to the start of the line as in a shell (the widget would undo).
pub fn edit_line(ta: &mut TextArea<'static>, key: KeyEvent) {
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};
    if key.code == KeyCode::Char('u') && key.modifiers == KeyModifiers::CONTROL {
        ta.delete_line_by_head();
    } else {
        ta.input(key);
    }
}

/// The same text, cursor and styles in a widget scrolled back to the start: a field scrolled
/// sideways on a narrow terminal shows its beginning again once there is room (the widget only
/// scrolls as far as the cursor needs when it is next drawn).
pub fn unscrolled(ta: &TextArea<'static>) -> TextArea<'static> {
    let mut fresh = TextArea::new(ta.lines().to_vec());
    let (row, col) = (ta.cursor().0, ta.cursor().1);
    fresh.move_cursor(ratatui_textarea::CursorMove::Jump(
        u16::try_from(row).unwrap_or(u16::MAX),
        u16::try_from(col).unwrap_or(u16::MAX),
    ));
    fresh.set_cursor_style(ta.cursor_style());
    fresh.set_cursor_line_style(ta.cursor_line_style());
    fresh.set_selection_style(Style::new().add_modifier(Modifier::REVERSED));
    fresh.set_wrap_mode(ta.wrap_mode());
    if ta.is_selecting() {
        fresh.select_all();
    }
    fresh
}

/// The text field refuses line breaks: join any that slipped in (e.g. Ctrl-M).
fn keep_single_line(ta: &mut TextArea<'static>) {
    if ta.lines().len() > 1 {
        let joined = ta.lines().join(" ");
        let mut fresh = TextArea::new(vec![joined]);
        fresh.move_cursor(ratatui_textarea::CursorMove::End);
        fresh.set_cursor_style(ta.cursor_style());
        fresh.set_cursor_line_style(Style::new());
        *ta = fresh;
    }
}

/// The value of a rating field.
pub fn rating_of(form: &Form, key: &str) -> Option<u8> {
    match form.field(key).map(|f| &f.input) {
        Some(Input::Rating { value, .. }) => *value,
        _ => None,
    }
}

/// The value of a rating field that must be set, or the error to show beside it.
pub fn required_rating(
    form: &Form,
    key: &'static str,
    range: &str,
) -> Result<u8, crate::domain::ValidationError> {
    rating_of(form, key).ok_or_else(|| {
        crate::domain::ValidationError::new(key, format!("required: type {range} or use ←/→"))
    })
}

/// The chosen option's index of a choice field.
pub fn choice_of(form: &Form, key: &str) -> usize {
    match form.field(key).map(|f| &f.input) {
        Some(Input::Choice { index, .. }) => *index,
        _ => 0,
    }
}

/// The text of a text field, trimmed.
pub fn text_of(form: &Form, key: &str) -> String {
    form.field(key)
        .map(|f| f.text().trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
