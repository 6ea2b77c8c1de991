//! Modes: sets of keys that behave alike, and the snapshot of those in force.

/// A set of keys that behave alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Top level, any screen.
    Global,
    /// The dashboard.
    Dashboard,
    /// The History and Sleep tables.
    List,
    /// The Insights screen.
    Insights,
    /// The Guide screen.
    Guide,
    /// Typing a list filter.
    Filter,
    /// Any open form.
    Form,
    /// A form field that is not text (ratings, choices, toggles).
    FormValue,
    /// A multi-line text field (the note): Enter still saves the form.
    FormNote,
    /// A date field (when, night) whose value is still selected: + and - move it a day.
    FormDate,
    /// The help overlay.
    Help,
    /// A record shown whole.
    Detail,
    /// A y/n question.
    Confirm,
    /// A message shown whole.
    Message,
    /// Guided session: its set-up form (Enter starts rather than saves).
    GuidedSetup,
    /// Guided session: the safety check.
    GuidedSafety,
    /// Guided session: advice to skip today.
    GuidedAdvice,
    /// Guided session: the steps are running.
    GuidedRun,
    /// Guided session: abandon it?
    GuidedAbandon,
    /// Sync is set up (any screen).
    Sync,
}

impl Mode {
    /// Every mode, in the order the README's key map lists them.
    pub const ALL: [Mode; 20] = [
        Mode::Global,
        Mode::Dashboard,
        Mode::List,
        Mode::Filter,
        Mode::Detail,
        Mode::Insights,
        Mode::Guide,
        Mode::Form,
        Mode::FormValue,
        Mode::FormNote,
        Mode::FormDate,
        Mode::Confirm,
        Mode::Message,
        Mode::Help,
        Mode::GuidedSafety,
        Mode::GuidedSetup,
        Mode::GuidedAdvice,
        Mode::GuidedRun,
        Mode::GuidedAbandon,
        Mode::Sync,
    ];

    /// The heading used in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Global => "Everywhere",
            Mode::Dashboard => "Dashboard",
            Mode::List => "Lists",
            Mode::Insights => "Insights",
            Mode::Guide => "Guide",
            Mode::Filter => "Filter",
            Mode::Form => "Form",
            Mode::FormValue => "Ratings, choices and areas",
            Mode::FormNote => "Note",
            Mode::FormDate => "When and Night, as opened",
            Mode::Help => "Help",
            Mode::Detail => "Record",
            Mode::Confirm => "Question",
            Mode::Message => "Message",
            Mode::GuidedSafety => "Safety check",
            Mode::GuidedSetup => "Guided set-up",
            Mode::GuidedAdvice => "Skip today",
            Mode::GuidedRun => "Guided session",
            Mode::GuidedAbandon => "Abandon the session?",
            Mode::Sync => "With sync set up",
        }
    }
}

/// The modes in force, most specific first: a plain snapshot the app's state hands the keymap,
/// so the keymap never needs the state itself. A key means what the first mode binding it says.
///
/// At most [`Modes::CAP`] modes (the deepest today is the guided set-up form on a value field:
/// `GuidedSetup`, `Form`, `FormValue`).
#[derive(Debug, Clone, Copy)]
pub struct Modes {
    list: [Mode; Modes::CAP],
    len: usize,
}

impl Modes {
    /// How many modes a snapshot can hold.
    pub const CAP: usize = 3;

    /// Just `mode`.
    pub const fn of(mode: Mode) -> Self {
        Self {
            list: [mode; Self::CAP],
            len: 1,
        }
    }

    /// These modes with `mode` after them, less specific. Beyond [`Modes::CAP`] modes, `mode`
    /// is left out (a debug build stops there instead: the capacity needs raising).
    #[must_use]
    pub fn then(mut self, mode: Mode) -> Self {
        debug_assert!(self.len < Self::CAP, "Modes::CAP is too small for {mode:?}");
        if let Some(slot) = self.list.get_mut(self.len) {
            *slot = mode;
            self.len += 1;
        }
        self
    }

    /// `mode` first, then these.
    #[must_use]
    pub fn under(self, mode: Mode) -> Self {
        self.iter().fold(Self::of(mode), Self::then)
    }

    /// The modes, most specific first.
    pub fn as_slice(&self) -> &[Mode] {
        self.list.get(..self.len).unwrap_or(&self.list)
    }

    /// The modes, most specific first.
    pub fn iter(&self) -> impl Iterator<Item = Mode> + '_ {
        self.as_slice().iter().copied()
    }

    /// Whether `mode` is in force.
    pub fn contains(&self, mode: Mode) -> bool {
        self.as_slice().contains(&mode)
    }
}

impl PartialEq for Modes {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Modes {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_keep_their_order() {
        let m = Modes::of(Mode::Form).then(Mode::FormValue);
        assert_eq!(m.as_slice(), [Mode::Form, Mode::FormValue]);
        assert_eq!(
            m.under(Mode::GuidedSetup).as_slice(),
            [Mode::GuidedSetup, Mode::Form, Mode::FormValue]
        );
        assert!(m.contains(Mode::FormValue) && !m.contains(Mode::FormNote));
        assert_eq!(m.iter().collect::<Vec<_>>(), m.as_slice());
    }

    #[test]
    fn modes_compare_by_what_is_in_force_only() {
        let leftover = Modes {
            list: [Mode::Form, Mode::Global, Mode::Help],
            len: 1,
        };
        assert_eq!(leftover, Modes::of(Mode::Form));
        assert_ne!(
            Modes::of(Mode::List),
            Modes::of(Mode::List).then(Mode::Global)
        );
    }
}
