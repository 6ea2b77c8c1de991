//! Forms: typed fields (text, rating, choice, toggles) in focus order, inline errors and
//! dirtiness. Each form (session, sleep, goals, health, the guided ones) is a struct of its
//! fields that reads its own values; [`Form`] walks them in order to move, edit and draw.

mod edit;
pub mod field;
pub mod goals;
pub mod guided_setup;
pub mod health;
pub mod open;
pub mod session;
pub mod sleep;
pub mod update;

use crate::domain::RecordRef;
use crate::domain::ValidationError;
pub use field::{
    Choice, Field, FieldList, FieldMut, FieldRef, Input, InputMut, Rating, Shape, Step, Text,
    Toggles, Value, edit_line, errors, unscrolled,
};

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

/// The fields of the open form, one struct per form.
#[derive(Debug, Clone)]
pub enum Fields {
    /// Log or edit a massage session.
    Session(Box<session::SessionForm>),
    /// Add or edit a sleep note.
    Sleep(Box<sleep::SleepForm>),
    /// Goal, week start and rest weeks.
    Goals(goals::GoalForm),
    /// Before a guided session.
    GuidedSetup(guided_setup::SetupForm),
    /// After a guided session.
    GuidedEnd(guided_setup::EndForm),
    /// The health profile.
    Health(health::HealthForm),
}

impl Fields {
    /// Which form these are the fields of.
    pub fn kind(&self) -> FormKind {
        match self {
            Self::Session(_) => FormKind::Session,
            Self::Sleep(_) => FormKind::Sleep,
            Self::Goals(_) => FormKind::Goals,
            Self::GuidedSetup(_) => FormKind::GuidedSetup,
            Self::GuidedEnd(_) => FormKind::GuidedEnd,
            Self::Health(_) => FormKind::Health,
        }
    }

    fn list(&self) -> &dyn FieldList {
        match self {
            Self::Session(f) => &**f,
            Self::Sleep(f) => &**f,
            Self::Goals(f) => f,
            Self::GuidedSetup(f) => f,
            Self::GuidedEnd(f) => f,
            Self::Health(f) => f,
        }
    }

    fn list_mut(&mut self) -> &mut dyn FieldList {
        match self {
            Self::Session(f) => &mut **f,
            Self::Sleep(f) => &mut **f,
            Self::Goals(f) => f,
            Self::GuidedSetup(f) => f,
            Self::GuidedEnd(f) => f,
            Self::Health(f) => f,
        }
    }
}

impl FieldList for Fields {
    fn each(&self) -> Vec<FieldRef<'_>> {
        self.list().each()
    }

    fn each_mut(&mut self) -> Vec<FieldMut<'_>> {
        self.list_mut().each_mut()
    }
}

/// An open form.
#[derive(Debug, Clone)]
pub struct Form {
    /// The title, e.g. "Log a session".
    pub title: String,
    /// The fields, typed by form.
    pub fields: Fields,
    /// The focused field, counted in focus order.
    pub focus: usize,
    /// The values the form opened with (see [`Form::changed`]).
    initial: Vec<Value>,
    /// The record being edited, if any.
    pub editing: Option<RecordRef>,
    /// A message about the whole form (e.g. a conflict reported by the database).
    pub banner: Option<String>,
    /// The last key moved the focused date a day earlier (`-`): a digit next means the user was
    /// typing a relative date such as `-2d`, so the move is dropped for `-` and that digit.
    pub minus_pending: bool,
}

impl Form {
    /// A form whose first field is focused.
    pub fn new(title: impl Into<String>, fields: Fields) -> Self {
        let mut f = Self {
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

    /// Which form this is.
    pub fn kind(&self) -> FormKind {
        self.fields.kind()
    }

    /// Every field in focus order, to read.
    pub fn each(&self) -> Vec<FieldRef<'_>> {
        self.fields.each()
    }

    /// Every field's value, to compare (cursor positions and focus are not values).
    pub fn values(&self) -> Vec<Value> {
        self.each().iter().map(FieldRef::value).collect()
    }

    /// A value differs from what the form opened with (browsing and coming back is no change).
    pub fn changed(&self) -> bool {
        self.values() != self.initial
    }

    /// The focused field.
    pub fn focused(&self) -> Option<FieldRef<'_>> {
        self.each().into_iter().nth(self.focus)
    }

    /// The focused field, to change.
    fn focused_mut(&mut self) -> Option<FieldMut<'_>> {
        self.fields.each_mut().into_iter().nth(self.focus)
    }

    /// The field a domain error names by `key` (as in JSON); tests read errors with it.
    #[cfg(test)]
    pub(crate) fn field(&self, key: &str) -> Option<FieldRef<'_>> {
        self.each().into_iter().find(|f| f.key == key)
    }

    /// Some field shows an error.
    pub fn has_errors(&self) -> bool {
        self.banner.is_some() || self.each().iter().any(|f| f.error.is_some())
    }

    /// How many fields show an error.
    pub fn error_count(&self) -> usize {
        self.each().iter().filter(|f| f.error.is_some()).count()
    }

    /// Moves focus to field `i` (wrapping). A one-line text field arrives with its value
    /// selected, so typing replaces it (35 into Minutes is 35, not 2035) while ←, →, Home or End
    /// first edits it instead; the note is appended to.
    pub fn set_focus(&mut self, i: usize) {
        let mut fields = self.fields.each_mut();
        let n = fields.len().max(1);
        self.focus = i % n;
        self.minus_pending = false;
        for (j, f) in fields.iter_mut().enumerate() {
            match &mut f.input {
                InputMut::Text(t) => {
                    let has_text = t.area.lines().iter().any(|l| !l.is_empty());
                    if j == self.focus && !t.is_note() && has_text {
                        t.area.select_all();
                    } else {
                        t.area.cancel_selection();
                    }
                }
                InputMut::Rating(r) => r.after_one = false,
                InputMut::Choice(_) | InputMut::Toggles(_) => {}
            }
        }
    }

    /// Focus the next field.
    pub fn next(&mut self) {
        self.set_focus(self.focus + 1);
    }

    /// Focus the previous field.
    pub fn prev(&mut self) {
        let n = self.each().len().max(1);
        self.set_focus(self.focus + n - 1);
    }

    /// Focus the first field that has an error.
    pub fn focus_first_error(&mut self) {
        if let Some(i) = self.each().iter().position(|f| f.error.is_some()) {
            self.set_focus(i);
        }
    }

    /// Clears every inline error and the banner.
    pub fn clear_errors(&mut self) {
        self.banner = None;
        for f in self.fields.each_mut() {
            *f.error = None;
        }
    }

    /// Puts every refused value's message beside its field at once and focuses the first; true
    /// when nothing was refused.
    fn report<'a>(
        &mut self,
        errors: impl IntoIterator<Item = Option<&'a ValidationError>>,
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

    /// The value a form's check made of its fields, or `None` with every refused value's
    /// message beside the field it names (the first of them focused). Errors shown before are
    /// cleared first.
    pub fn settle<T>(&mut self, checked: Result<T, Vec<ValidationError>>) -> Option<T> {
        self.clear_errors();
        match checked {
            Ok(v) => Some(v),
            Err(errors) => {
                self.report(errors.iter().map(Some));
                None
            }
        }
    }

    /// The value of a final domain check, or `None` with its message beside the field it names.
    pub fn accept<T>(&mut self, checked: Result<T, ValidationError>) -> Option<T> {
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
        match self.fields.each_mut().into_iter().find(|f| f.key == key) {
            Some(f) => *f.error = Some(message),
            None => self.banner = Some(message),
        }
    }

    /// The focused value was changed: its error and the banner go.
    fn touched(&mut self) {
        self.banner = None;
        if let Some(f) = self.focused_mut() {
            *f.error = None;
        }
    }
}

#[cfg(test)]
mod tests;
