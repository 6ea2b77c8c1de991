//! Everything the app shows and remembers: screen, overlays, form, list selections, loaded data.

use chrono::{
    DateTime, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
};
use ratatui_textarea::TextArea;

use super::config::Config;
use super::data::{Data, InsightsData, Period};
use super::form::Form;
use super::guided::model::Guided;
use super::theme::Theme;
use crate::domain::RecordRef;
use crate::domain::time::parse_when;
use crate::domain::{Session, SleepNote, ValidationError};

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

/// How local times typed in forms are resolved. The runtime hands `update` the system's zone
/// as it hands it the clock, so `update` itself never reads the system (tests use a fixed one).
#[derive(Debug, Clone, Copy)]
pub enum Zone {
    /// The system's time zone, read by the runtime's functions (DST gaps are rejected).
    System(SystemZone),
    /// A fixed offset (tests).
    Fixed(FixedOffset),
}

/// The system's time zone as two functions the runtime supplies (it reads `chrono::Local`):
/// the offsets of a local and of a UTC date and time.
#[derive(Clone, Copy)]
pub struct SystemZone {
    /// The offset (or offsets, or none in a DST gap) of a local date and time.
    pub of_local: fn(&NaiveDateTime) -> MappedLocalTime<FixedOffset>,
    /// The offset in force at a UTC date and time.
    pub of_utc: fn(&NaiveDateTime) -> FixedOffset,
}

impl std::fmt::Debug for SystemZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SystemZone")
    }
}

impl Zone {
    /// Parses "YYYY-MM-DD HH:MM" (or a date alone, meaning 12:00), a day in words with or
    /// without a time, or a bare time, in this zone; words count from `now`.
    pub fn resolve(
        &self,
        field: &'static str,
        s: &str,
        now: &DateTime<FixedOffset>,
    ) -> Result<DateTime<FixedOffset>, ValidationError> {
        parse_when(self, field, s, now)
    }
}

impl TimeZone for Zone {
    type Offset = FixedOffset;

    fn from_offset(offset: &FixedOffset) -> Self {
        Zone::Fixed(*offset)
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
        self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<FixedOffset> {
        match self {
            Zone::System(z) => (z.of_local)(local),
            Zone::Fixed(o) => o.offset_from_local_datetime(local),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
        match self {
            Zone::System(z) => (z.of_utc)(utc),
            Zone::Fixed(o) => *o,
        }
    }
}

/// The Insights screen's state.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InsightsView {
    /// The period chosen.
    pub period: Period,
    /// Rows scrolled down (small terminals).
    pub scroll: u16,
    /// The last data read for `period`.
    pub data: Option<Box<InsightsData>>,
}

/// The Guide screen's state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct GuideView {
    /// Lines scrolled down.
    pub scroll: u16,
}

/// A list screen's selection and filter.
#[derive(Debug, Clone, Default)]
pub struct ListView {
    /// Selected row among the filtered rows (newest first).
    pub selected: usize,
    /// The filter text input.
    pub filter: TextArea<'static>,
    /// The filter input has the keyboard.
    pub filtering: bool,
    /// Only this week's records (its first day), opened from the dashboard's week chart.
    pub week: Option<NaiveDate>,
    /// The first row shown: kept by `update` so the rows stay put under a click.
    pub offset: usize,
}

impl ListView {
    /// The filter text, trimmed and lower-cased.
    pub fn filter_text(&self) -> String {
        self.filter.lines().join(" ").trim().to_lowercase()
    }
}

/// A question awaiting y/n.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirm {
    /// Delete this record?
    Delete(RecordRef),
    /// Discard the open form's changes?
    Discard,
    /// The night already has this sleep note: replace it with the open form's?
    ReplaceSleep(Box<SleepNote>),
}

/// A change the running app can take back (`u`), newest last.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A record was deleted: restore it.
    Deleted(RecordRef),
    /// A session was edited: the fields it had before.
    Session(uuid::Uuid, crate::domain::SessionFields),
    /// A sleep note was edited or replaced: the fields it had before.
    Sleep(uuid::Uuid, crate::domain::SleepFields),
}

/// How many changes undo remembers.
pub const UNDO_DEPTH: usize = 50;

/// Something drawn over the screen (and over a form).
#[derive(Debug, Clone, PartialEq)]
pub enum Overlay {
    /// The key list.
    Help,
    /// One record shown whole.
    Detail(RecordRef),
    /// A y/n question.
    Confirm(Confirm),
    /// A status message shown whole (the status line had to cut it).
    Message(String),
}

/// A status-line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// An error (drawn as such) rather than information.
    pub error: bool,
    /// Ticks left before it fades (errors stay until the next message).
    pub ttl: u8,
}

/// The whole state of the app. Views borrow it; only `update` changes it.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The screen shown.
    pub screen: Screen,
    /// Overlays, the last one on top.
    pub overlays: Vec<Overlay>,
    /// The open form, if any (drawn over the screen, under overlays).
    pub form: Option<Form>,
    /// The edited session's stored start, kept if "when" is not changed.
    pub editing_start: Option<DateTime<FixedOffset>>,
    /// What the database holds.
    pub data: Data,
    /// History screen selection and filter.
    pub history: ListView,
    /// Sleep screen selection and filter.
    pub sleep: ListView,
    /// Insights screen period, scroll and data.
    pub insights: InsightsView,
    /// Guide screen scroll.
    pub guide: GuideView,
    /// The status line.
    pub status: Option<Status>,
    /// The health caution has been shown whole once: forms now give it one line.
    pub caution_seen: bool,
    /// The caution is shown whole anyway (F2 on a form).
    pub caution_full: bool,
    /// The dashboard's week cursor: how many weeks back from the current one.
    pub week_cursor: usize,
    /// How far the record popup is scrolled.
    pub detail_scroll: u16,
    /// How far the help overlay is scrolled.
    pub help_scroll: u16,
    /// What `u` takes back, newest last (deletes, edits, replaced sleep notes).
    pub undo: Vec<Change>,
    /// The change a save in flight will make, pushed onto `undo` once it is saved.
    pub pending: Option<Change>,
    /// The user asked to leave.
    pub quit: bool,
    /// The terminal size, for mouse hit tests and paging.
    pub size: (u16, u16),
    /// The key map in force: the defaults with the config's `[keys]` overrides. Key handling,
    /// the help overlay and the hint bar all read this one table.
    pub keymap: Vec<super::keymap::Binding>,
    /// The config file's settings.
    pub config: Config,
    /// Colours and styles.
    pub theme: Theme,
    /// How typed local times are resolved.
    pub zone: Zone,
    /// The guided session in progress, drawn instead of the screen.
    pub guided: Option<Guided>,
}

impl AppState {
    /// A fresh state on the dashboard; data arrives with the first `Loaded`.
    pub fn new(config: Config, theme: Theme, zone: Zone) -> Self {
        let (keymap, key_error) = match super::keymap::bindings_with(&config.keys) {
            Ok(t) => (t, None),
            Err(e) => (super::keymap::bindings(), Some(e)),
        };
        let mut state = Self {
            screen: Screen::Dashboard,
            overlays: Vec::new(),
            form: None,
            editing_start: None,
            data: Data::default(),
            history: ListView::default(),
            sleep: ListView::default(),
            insights: InsightsView::default(),
            guide: GuideView::default(),
            status: None,
            caution_seen: false,
            caution_full: false,
            week_cursor: 0,
            detail_scroll: 0,
            help_scroll: 0,
            undo: Vec::new(),
            pending: None,
            quit: false,
            size: (80, 24),
            config,
            theme,
            zone,
            guided: None,
            keymap,
        };
        if let Some(e) = key_error {
            state.error(format!("config: {e}; using the default keys"));
        }
        state
    }

    /// Shows an informational message.
    pub fn info(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: false,
            ttl: 3,
        });
    }

    /// Shows an error message.
    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
            ttl: u8::MAX,
        });
    }

    /// The sessions the History screen shows: newest first, filtered.
    pub fn visible_sessions(&self) -> Vec<&Session> {
        let q = self.history.filter_text();
        let week = self
            .history
            .week
            .map(|first| first..=crate::domain::week::week_last_day(first));
        self.data
            .sessions
            .iter()
            .rev()
            .filter(|s| week.as_ref().is_none_or(|w| w.contains(&s.fields.date())))
            .filter(|s| q.is_empty() || session_text(s).contains(&q))
            .collect()
    }

    /// The sleep notes the Sleep screen shows: newest first, filtered.
    pub fn visible_sleep(&self) -> Vec<&SleepNote> {
        let q = self.sleep.filter_text();
        self.data
            .sleep
            .iter()
            .rev()
            .filter(|n| q.is_empty() || sleep_text(n).contains(&q))
            .collect()
    }

    /// The record under the selection of the current list screen.
    pub fn selected_record(&self) -> Option<RecordRef> {
        match self.screen {
            Screen::History => self
                .visible_sessions()
                .get(self.history.selected)
                .map(|s| RecordRef::Session(s.uuid)),
            Screen::Sleep => self
                .visible_sleep()
                .get(self.sleep.selected)
                .map(|n| RecordRef::Sleep(n.uuid)),
            Screen::Dashboard | Screen::Insights | Screen::Guide => None,
        }
    }

    /// A session by UUID from the loaded data.
    pub fn session(&self, uuid: &uuid::Uuid) -> Option<&Session> {
        self.data.sessions.iter().find(|s| s.uuid == *uuid)
    }

    /// A sleep note by UUID from the loaded data.
    pub fn sleep_note(&self, uuid: &uuid::Uuid) -> Option<&SleepNote> {
        self.data.sleep.iter().find(|n| n.uuid == *uuid)
    }
}

/// Everything a filter matches in a session, lower-cased.
fn session_text(s: &Session) -> String {
    let f = &s.fields;
    let areas: Vec<&str> = f.areas.iter().map(|a| a.as_str()).collect();
    format!(
        "{} {} {} {} {} {} {}",
        f.started_at.format("%Y-%m-%d %H:%M %a %b"),
        f.feet,
        f.tool,
        areas.join(" "),
        f.oil.as_deref().unwrap_or(""),
        f.note.as_deref().unwrap_or(""),
        s.uuid
    )
    .to_lowercase()
}

/// Everything a filter matches in a sleep note, lower-cased.
fn sleep_text(n: &SleepNote) -> String {
    format!(
        "{} {} {}",
        n.fields.night.format("%Y-%m-%d %a %b"),
        n.fields.note.as_deref().unwrap_or(""),
        n.uuid
    )
    .to_lowercase()
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, MappedLocalTime};

    use super::{SystemZone, Zone};
    use crate::domain::time::parse_when;

    #[test]
    fn the_system_zone_resolves_as_chrono_local_does() {
        let now = DateTime::parse_from_rfc3339("2026-03-29T12:00:00+02:00").expect("time");
        let zone = crate::tui::system_zone();
        for s in [
            "2026-03-29 02:30",
            "2026-10-25 02:30",
            "today 21:15",
            "2026-07-01",
            "x",
        ] {
            let system = zone.resolve("when", s, &now);
            assert_eq!(system, parse_when(&chrono::Local, "when", s, &now), "{s}");
        }
    }

    #[test]
    fn a_system_zone_is_the_functions_it_was_given() {
        let east = FixedOffset::east_opt(5 * 3600).expect("offset");
        let zone = Zone::System(SystemZone {
            of_local: |_| MappedLocalTime::Single(FixedOffset::east_opt(5 * 3600).expect("offset")),
            of_utc: |_| FixedOffset::east_opt(5 * 3600).expect("offset"),
        });
        let now = DateTime::parse_from_rfc3339("2026-01-01T12:00:00+00:00").expect("time");
        let t = zone
            .resolve("when", "2026-01-01 10:00", &now)
            .expect("resolved");
        assert_eq!(t.offset(), &east);
        assert_eq!(t.to_rfc3339(), "2026-01-01T10:00:00+05:00");
        let gap = Zone::System(SystemZone {
            of_local: |_| MappedLocalTime::None,
            of_utc: |_| FixedOffset::east_opt(0).expect("offset"),
        });
        assert!(gap.resolve("when", "2026-01-01 10:00", &now).is_err());
    }
}
