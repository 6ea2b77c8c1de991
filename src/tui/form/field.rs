//! A form's fields: one typed struct per kind of input (text, rating, choice, toggles), and the
//! borrowed views ([`FieldRef`], [`FieldMut`]) through which a form walks its fields in order
//! whatever their kind. A form reads its own values from the typed fields.

use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use crate::domain::ValidationError;

/// One labelled field with its inline error.
#[derive(Debug, Clone)]
pub struct Field<I> {
    /// The domain field name (as in JSON), used to place validation errors.
    pub key: &'static str,
    /// The label shown.
    pub label: &'static str,
    /// A short hint shown after the value (allowed range, format).
    pub hint: &'static str,
    /// The value.
    pub input: I,
    /// Why the value was refused, shown next to the field.
    pub error: Option<String>,
}

impl<I> Field<I> {
    /// A field with no error.
    pub fn new(key: &'static str, label: &'static str, hint: &'static str, input: I) -> Self {
        Self {
            key,
            label,
            hint,
            input,
            error: None,
        }
    }
}

/// What a text field holds, which decides how it is edited and how wide it is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A short value on one line (minutes, hours).
    Short,
    /// A longer value on one line (oil, a rest reason).
    Long,
    /// The note: keeps line breaks, wraps at words.
    Note,
    /// A date and time (the session's "when"); `+`/`-` move it a day.
    DateTime,
    /// A date (the sleep note's night); `+`/`-` move it a day.
    Date,
}

/// Free text, edited with a real input widget.
#[derive(Debug, Clone)]
pub struct Text {
    /// The widget holding the text, its cursor and selection (the view styles it).
    pub area: Box<TextArea<'static>>,
    /// What it holds.
    pub shape: Shape,
}

impl Text {
    /// A text input holding `text`, the cursor at its end (its line breaks are kept; a
    /// single-line field joins them when read).
    pub fn new(text: &str, shape: Shape) -> Self {
        let mut ta = TextArea::new(text.lines().map(String::from).collect());
        ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
        ta.move_cursor(ratatui_textarea::CursorMove::End);
        if shape == Shape::Note {
            // A long line wraps (at words where it can) rather than scrolling sideways out of
            // view with the other lines.
            ta.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        }
        Self {
            area: Box::new(ta),
            shape,
        }
    }

    /// The text as typed: the note's lines joined by line breaks, any other field's by spaces.
    pub fn text(&self) -> String {
        let sep = if self.is_note() { "\n" } else { " " };
        self.area.lines().join(sep)
    }

    /// The text, trimmed: what the form reads.
    pub fn trimmed(&self) -> String {
        self.text().trim().to_string()
    }

    /// The note, which keeps line breaks.
    pub fn is_note(&self) -> bool {
        self.shape == Shape::Note
    }

    /// A date (or date and time) that `+`/`-` move a day.
    pub fn is_date(&self) -> bool {
        matches!(self.shape, Shape::Date | Shape::DateTime)
    }

    /// Puts a fresh widget holding `text` here, selected or with the cursor at its end.
    pub fn set(&mut self, text: &str, selected: bool) {
        let mut fresh = Self::new(text, self.shape);
        if selected {
            fresh.area.select_all();
        }
        *self = fresh;
    }
}

/// A whole number set with digits or ←/→.
#[derive(Debug, Clone)]
pub struct Rating {
    /// The value; `None` until set.
    pub value: Option<u8>,
    /// Lowest allowed.
    pub min: u8,
    /// Highest allowed.
    pub max: u8,
    /// The previous key was the digit 1 (so a following 0 makes 10).
    pub after_one: bool,
    /// Words shown after a set value (the sleep quality's "good").
    pub words: Option<fn(u8) -> &'static str>,
}

impl Rating {
    /// A rating from `min` to `max` holding `value`.
    pub fn new(value: Option<u8>, min: u8, max: u8) -> Self {
        Self {
            value,
            min,
            max,
            after_one: false,
            words: None,
        }
    }

    /// The same rating, with `words` shown after its value.
    #[must_use]
    pub fn with_words(self, words: fn(u8) -> &'static str) -> Self {
        Self {
            words: Some(words),
            ..self
        }
    }
}

/// How ←/→ move through a choice's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// → the next option, ← the previous one, wrapping round.
    Cycle,
    /// The options are weeks, newest first: ← an older week (down the list), → a newer one,
    /// stopping at both ends rather than wrapping a year round.
    NewestFirst,
}

/// One of a few words, cycled with ←/→.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The chosen option.
    pub index: usize,
    /// The options as shown.
    pub options: Vec<String>,
    /// How ←/→ move.
    pub step: Step,
}

impl Choice {
    /// A choice of `options` (cycled with ←/→) on option `index`.
    pub fn new(index: usize, options: Vec<String>) -> Self {
        Self {
            index,
            options,
            step: Step::Cycle,
        }
    }

    /// The option `index` of `all` that equals `value` (the first if none does).
    pub fn of<T: PartialEq>(all: &[T], value: &T, names: &[&str]) -> Self {
        let index = all.iter().position(|x| x == value).unwrap_or(0);
        Self::new(index, names.iter().map(|s| (*s).to_string()).collect())
    }

    /// The chosen item of `all` (listed in the order of the options), or its default.
    pub fn pick<T: Copy + Default>(&self, all: &[T]) -> T {
        all.get(self.index).copied().unwrap_or_default()
    }
}

/// Any of a few words, toggled with Space (or their digit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toggles {
    /// Which options are on.
    pub on: Vec<bool>,
    /// The option the cursor is on.
    pub cursor: usize,
    /// The options as shown.
    pub options: Vec<String>,
}

impl Toggles {
    /// The items of `all` (in the order of the options) that are on.
    pub fn picked<T: Copy>(&self, all: &[T]) -> Vec<T> {
        all.iter()
            .zip(&self.on)
            .filter(|(_, on)| **on)
            .map(|(x, _)| *x)
            .collect()
    }
}

/// A field's input, whatever its kind, to read.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// Free text.
    Text(&'a Text),
    /// A number.
    Rating(&'a Rating),
    /// One of a few words.
    Choice(&'a Choice),
    /// Any of a few words.
    Toggles(&'a Toggles),
}

/// A field's input, whatever its kind, to change.
#[derive(Debug)]
pub enum InputMut<'a> {
    /// Free text.
    Text(&'a mut Text),
    /// A number.
    Rating(&'a mut Rating),
    /// One of a few words.
    Choice(&'a mut Choice),
    /// Any of a few words.
    Toggles(&'a mut Toggles),
}

/// The kinds of input a [`Field`] can hold.
pub trait InputKind {
    /// The input, to read.
    fn input(&self) -> Input<'_>;
    /// The input, to change.
    fn input_mut(&mut self) -> InputMut<'_>;
}

macro_rules! input_kind {
    ($($t:ident),+) => {$(
        impl InputKind for $t {
            fn input(&self) -> Input<'_> {
                Input::$t(self)
            }
            fn input_mut(&mut self) -> InputMut<'_> {
                InputMut::$t(self)
            }
        }
    )+};
}
input_kind!(Text, Rating, Choice, Toggles);

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

/// Any field, to read: what walking, comparing and drawing a form need.
#[derive(Debug, Clone, Copy)]
pub struct FieldRef<'a> {
    /// The domain field name.
    pub key: &'static str,
    /// The label shown.
    pub label: &'static str,
    /// The hint shown after the value.
    pub hint: &'static str,
    /// The value.
    pub input: Input<'a>,
    /// Why the value was refused.
    pub error: Option<&'a str>,
}

impl FieldRef<'_> {
    /// The value alone, without cursor or options.
    pub fn value(&self) -> Value {
        match self.input {
            Input::Text(t) => Value::Text(t.area.lines().join("\n")),
            Input::Rating(r) => Value::Rating(r.value),
            Input::Choice(c) => Value::Choice(c.index),
            Input::Toggles(t) => Value::Toggles(t.on.clone()),
        }
    }

    /// Takes typed characters.
    pub fn is_text(&self) -> bool {
        matches!(self.input, Input::Text(_))
    }

    /// The note, which takes line breaks.
    pub fn is_note(&self) -> bool {
        matches!(self.input, Input::Text(t) if t.is_note())
    }

    /// A date (or date and time) typed as text: the session's "when", the sleep note's night.
    pub fn is_date(&self) -> bool {
        matches!(self.input, Input::Text(t) if t.is_date())
    }

    /// A text field whose value is selected (typing replaces it).
    pub fn is_selected(&self) -> bool {
        matches!(self.input, Input::Text(t) if t.area.is_selecting())
    }
}

/// Any field, to change: what editing a form needs.
#[derive(Debug)]
pub struct FieldMut<'a> {
    /// The domain field name.
    pub key: &'static str,
    /// The value.
    pub input: InputMut<'a>,
    /// Why the value was refused.
    pub error: &'a mut Option<String>,
}

impl<I: InputKind> Field<I> {
    /// This field, to read whatever its kind.
    pub fn view(&self) -> FieldRef<'_> {
        FieldRef {
            key: self.key,
            label: self.label,
            hint: self.hint,
            input: self.input.input(),
            error: self.error.as_deref(),
        }
    }

    /// This field, to change whatever its kind.
    pub fn edit(&mut self) -> FieldMut<'_> {
        FieldMut {
            key: self.key,
            input: self.input.input_mut(),
            error: &mut self.error,
        }
    }
}

/// A form's fields in focus order, whatever their kinds.
pub trait FieldList {
    /// Every field, to read.
    fn each(&self) -> Vec<FieldRef<'_>>;
    /// Every field, to change.
    fn each_mut(&mut self) -> Vec<FieldMut<'_>>;
}

/// Implements [`FieldList`] for a form struct from its fields in focus order.
macro_rules! field_list {
    ($form:ty: $($f:ident),+ $(,)?) => {
        impl $crate::tui::form::field::FieldList for $form {
            fn each(&self) -> Vec<$crate::tui::form::field::FieldRef<'_>> {
                vec![$(self.$f.view()),+]
            }
            fn each_mut(&mut self) -> Vec<$crate::tui::form::field::FieldMut<'_>> {
                vec![$(self.$f.edit()),+]
            }
        }
    };
}
pub(crate) use field_list;

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

/// The same text and cursor in a widget scrolled back to the start (the view styles it): a
/// field scrolled sideways on a narrow terminal shows its beginning again once there is room
/// (the widget only scrolls as far as the cursor needs when it is next drawn).
pub fn unscrolled(ta: &TextArea<'static>) -> TextArea<'static> {
    let mut fresh = TextArea::new(ta.lines().to_vec());
    let (row, col) = (ta.cursor().0, ta.cursor().1);
    fresh.move_cursor(ratatui_textarea::CursorMove::Jump(
        u16::try_from(row).unwrap_or(u16::MAX),
        u16::try_from(col).unwrap_or(u16::MAX),
    ));
    fresh.set_wrap_mode(ta.wrap_mode());
    if ta.is_selecting() {
        fresh.select_all();
    }
    fresh
}

/// The text field refuses line breaks: join any that slipped in (e.g. Ctrl-M).
pub(super) fn keep_single_line(ta: &mut TextArea<'static>) {
    if ta.lines().len() > 1 {
        let joined = ta.lines().join(" ");
        let mut fresh = TextArea::new(vec![joined]);
        fresh.move_cursor(ratatui_textarea::CursorMove::End);
        *ta = fresh;
    }
}

/// The errors of checks made one by one, so every refused field is marked at once.
pub fn errors<'a>(
    checks: impl IntoIterator<Item = Option<&'a ValidationError>>,
) -> Vec<ValidationError> {
    checks.into_iter().flatten().cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Area, Feet};

    #[test]
    fn a_note_keeps_its_line_breaks_and_a_line_joins_them() {
        let note = Text::new("calm\nslow ", Shape::Note);
        let line = Text::new("calm\nslow ", Shape::Long);
        assert_eq!(note.text(), "calm\nslow ");
        assert_eq!(line.text(), "calm slow ");
        assert_eq!(line.trimmed(), "calm slow");
        assert!(Text::new("", Shape::Date).is_date() && !line.is_date());
    }

    #[test]
    fn a_choice_and_toggles_read_back_the_domain_values_they_show() {
        let feet = Choice::of(Feet::ALL, &Feet::Right, Feet::NAMES);
        assert_eq!(
            feet.options.get(feet.index).map(String::as_str),
            Some("right")
        );
        assert_eq!(feet.pick(Feet::ALL), Feet::Right);
        let areas = Toggles {
            on: vec![false, true, false, true, false],
            cursor: 0,
            options: Vec::new(),
        };
        assert_eq!(areas.picked(Area::ALL), [Area::Arches, Area::Toes]);
    }

    #[test]
    fn a_field_is_read_and_changed_through_its_views() {
        let mut f = Field::new("pain", "Pain", "", Rating::new(None, 0, 10));
        if let InputMut::Rating(r) = f.edit().input {
            r.value = Some(3);
        }
        *f.edit().error = Some("too high".into());
        let v = f.view();
        assert_eq!(v.value(), Value::Rating(Some(3)));
        assert_eq!((v.key, v.error), ("pain", Some("too high")));
        assert!(!v.is_text());
    }
}
