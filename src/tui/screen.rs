//! The top-level screens. A file of its own so that what names a screen (the key map, messages)
//! need not import the whole state.

/// The top-level screens, in tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Screen {
    /// Start screen: this week, streaks, charts.
    #[default]
    Dashboard,
    /// Sessions table.
    History,
    /// Sleep notes table.
    Sleep,
    /// What the user's own data says: relief, sleep, habits, a year calendar.
    Insights,
    /// How to massage, and precautions.
    Guide,
}

impl Screen {
    /// Every screen in tab order.
    pub const ALL: [Screen; 5] = [
        Screen::Dashboard,
        Screen::History,
        Screen::Sleep,
        Screen::Insights,
        Screen::Guide,
    ];

    /// The tab title.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Dashboard => "Dashboard",
            Screen::History => "History",
            Screen::Sleep => "Sleep",
            Screen::Insights => "Insights",
            Screen::Guide => "Guide",
        }
    }

    /// The screen lists every record, so it needs the whole history loaded.
    pub fn needs_all_records(self) -> bool {
        matches!(self, Screen::History | Screen::Sleep)
    }

    /// Position in tab order.
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The next screen in tab order; the first after the last.
    #[must_use]
    pub fn next(self) -> Self {
        match self {
            Screen::Dashboard => Screen::History,
            Screen::History => Screen::Sleep,
            Screen::Sleep => Screen::Insights,
            Screen::Insights => Screen::Guide,
            Screen::Guide => Screen::Dashboard,
        }
    }

    /// The previous screen in tab order; the last before the first.
    #[must_use]
    pub fn prev(self) -> Self {
        match self {
            Screen::Dashboard => Screen::Guide,
            Screen::History => Screen::Dashboard,
            Screen::Sleep => Screen::History,
            Screen::Insights => Screen::Sleep,
            Screen::Guide => Screen::Insights,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Screen;

    #[test]
    fn next_and_prev_follow_the_tab_order_and_wrap_around() {
        let n = Screen::ALL.len();
        for (i, s) in Screen::ALL.iter().enumerate() {
            assert_eq!(s.next(), Screen::ALL[(i + 1) % n], "after {s:?}");
            assert_eq!(s.prev(), Screen::ALL[(i + n - 1) % n], "before {s:?}");
            assert_eq!(s.next().prev(), *s);
        }
    }
}
