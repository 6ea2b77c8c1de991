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
}
