//! Every colour and style of the app. Uses only the 16 ANSI colours so it reads on any terminal;
//! `NO_COLOR` (or `theme = "mono"`) drops colour but keeps bold, reverse and underline.

use ratatui::style::{Color, Modifier, Style};

/// Which palette to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeKind {
    /// The 16 ANSI colours.
    #[default]
    Color,
    /// No colour at all.
    Mono,
}

/// The styles every view draws with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Theme {
    /// Which palette this is.
    pub kind: ThemeKind,
    /// Plain text.
    pub text: Style,
    /// Less important text: labels, axes, placeholders.
    pub muted: Style,
    /// Titles of blocks.
    pub title: Style,
    /// The active tab.
    pub tab_active: Style,
    /// Other tabs.
    pub tab_inactive: Style,
    /// "This week" when the goal is met.
    pub goal_met: Style,
    /// "This week" while a session is still due.
    pub goal_due: Style,
    /// Bars of weeks that met their goal.
    pub bar_met: Style,
    /// Bars of weeks that missed their goal.
    pub bar_missed: Style,
    /// Bars of rest weeks.
    pub bar_rest: Style,
    /// The bar of the current, unfinished week.
    pub bar_current: Style,
    /// The goal line.
    pub goal_line: Style,
    /// Tension before a session.
    pub tension_before: Style,
    /// Tension after a session.
    pub tension_after: Style,
    /// The selected row of a list.
    pub selected: Style,
    /// The focused form field.
    pub focus: Style,
    /// Inline errors and error messages.
    pub error: Style,
    /// Informational status messages.
    pub info: Style,
    /// Keys in the hint bar and help.
    pub key: Style,
    /// Borders.
    pub border: Style,
}

impl Theme {
    /// The theme for `kind`; `no_color` (the `NO_COLOR` convention) forces [`ThemeKind::Mono`].
    pub fn new(kind: ThemeKind, no_color: bool) -> Self {
        if no_color || kind == ThemeKind::Mono {
            Self::mono()
        } else {
            Self::color()
        }
    }

    /// Reads `NO_COLOR` from the environment: set and non-empty means no colour.
    pub fn no_color_from_env() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    fn color() -> Self {
        let bold = Modifier::BOLD;
        Self {
            kind: ThemeKind::Color,
            text: Style::new(),
            muted: Style::new().fg(Color::DarkGray),
            title: Style::new().fg(Color::Cyan).add_modifier(bold),
            tab_active: Style::new()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(bold),
            tab_inactive: Style::new().fg(Color::Gray),
            goal_met: Style::new().fg(Color::Green).add_modifier(bold),
            goal_due: Style::new().fg(Color::Yellow).add_modifier(bold),
            bar_met: Style::new().fg(Color::Green),
            bar_missed: Style::new().fg(Color::Red),
            bar_rest: Style::new().fg(Color::Blue),
            bar_current: Style::new().fg(Color::Yellow),
            goal_line: Style::new().fg(Color::Magenta),
            tension_before: Style::new().fg(Color::Red),
            tension_after: Style::new().fg(Color::Green),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            focus: Style::new().fg(Color::Cyan).add_modifier(bold),
            error: Style::new().fg(Color::Red).add_modifier(bold),
            info: Style::new().fg(Color::Green),
            key: Style::new().fg(Color::Cyan).add_modifier(bold),
            border: Style::new().fg(Color::DarkGray),
        }
    }

    fn mono() -> Self {
        let plain = Style::new();
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Self {
            kind: ThemeKind::Mono,
            text: plain,
            muted: plain,
            title: bold,
            tab_active: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            tab_inactive: plain,
            goal_met: bold,
            goal_due: bold,
            bar_met: plain,
            bar_missed: plain,
            bar_rest: plain,
            bar_current: plain,
            goal_line: plain,
            tension_before: plain,
            tension_after: plain,
            selected: Style::new().add_modifier(Modifier::REVERSED),
            focus: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            error: bold,
            info: plain,
            key: bold,
            border: plain,
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Self::new(ThemeKind::Color, false)
    }
}
