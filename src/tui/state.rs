//! Everything the app shows and remembers: screen, overlays, form, list selections, loaded data.

use chrono::{DateTime, FixedOffset, NaiveDate};
use ratatui_textarea::TextArea;

use super::config::Config;
use super::data::{Data, InsightsData, Period};
use super::form::{Form, FormKind};
use super::guided::model::{Guided, Phase};
use super::keymap::{Binding, Mode, Modes};
pub use super::screen::Screen;
use super::theme::Theme;
pub use super::undo::{Change, UNDO_DEPTH};
use super::zone::Zone;
use crate::domain::RecordRef;
use crate::domain::{Session, SessionFields, SleepFields, SleepNote};

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
    /// Another footlog changed the session being edited since the form opened: save the
    /// form's over it? (theirs as it is now, and the form's fields)
    Overwrite(Box<(Session, SessionFields)>),
    /// The same for a sleep note.
    OverwriteSleep(Box<(SleepNote, SleepFields)>),
}

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

/// Where sync stands, for the status line (see [`SyncView::line`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncView {
    /// When the last sync completed.
    pub last_sync: Option<chrono::DateTime<chrono::Utc>>,
    /// Changes made here that no sync has sent yet.
    pub pending: usize,
    /// The last attempt failed (offline, or the server refused).
    pub offline: bool,
    /// A sync the user asked for has not reported yet.
    pub asked: bool,
    /// The time of the latest event, for "N min ago".
    pub now: DateTime<FixedOffset>,
}

impl SyncView {
    /// What the status line says of sync while it has nothing else to say: "synced N min ago"
    /// or "offline: N changes waiting".
    pub fn line(&self) -> String {
        if self.asked {
            return "syncing…".into();
        }
        if self.offline {
            let n = self.pending;
            return format!(
                "offline: {n} {} waiting",
                if n == 1 { "change" } else { "changes" }
            );
        }
        match self.last_sync {
            None => "not synced yet".into(),
            Some(t) => {
                let min = (self.now.to_utc() - t).num_minutes().max(0);
                if min == 0 {
                    "synced just now".into()
                } else {
                    format!("synced {min} min ago")
                }
            }
        }
    }
}

/// A status-line message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The text.
    pub text: String,
    /// An error (drawn as such) rather than information.
    pub error: bool,
    /// The open form's refusal ("Not saved: …"), which goes once the form shows no error.
    pub about_form: bool,
    /// Ticks left before it fades (errors stay until the next message).
    pub ttl: u8,
}

/// The whole state of the app. Views borrow it; only `update` changes it.
#[derive(Debug, Clone)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "independent facts about the app (quitting, the demo, …), not a state machine in disguise"
)]
pub struct AppState {
    /// The screen shown.
    pub screen: Screen,
    /// Overlays, the last one on top.
    pub overlays: Vec<Overlay>,
    /// The open form, if any (drawn over the screen, under overlays).
    pub form: Option<Form>,
    /// The edited session's stored start, kept if "when" is not changed.
    pub editing_start: Option<DateTime<FixedOffset>>,
    /// The fields of the session being edited as the form opened: a save is checked against
    /// them, so another footlog's change meanwhile is never overwritten silently.
    pub editing_base: Option<SessionFields>,
    /// The same for the sleep note being edited.
    pub editing_sleep_base: Option<SleepFields>,
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
    /// How many weeks the charts have loaded: [`crate::tui::data::WEEKS_LOADED`] at start, more
    /// once the week cursor scrolls back past them (kept across reloads).
    pub chart_weeks: usize,
    /// How far the record popup is scrolled.
    pub detail_scroll: u16,
    /// How far the help overlay is scrolled.
    pub help_scroll: u16,
    /// What `u` takes back, newest last (deletes, edits, replaced sleep notes).
    pub undo: Vec<Change>,
    /// The change a save in flight will make, pushed onto `undo` once it is saved.
    pub pending: Option<Change>,
    /// A record to select in its list once the data is read again (an undone edit).
    pub reselect: Option<RecordRef>,
    /// The user asked to leave.
    pub quit: bool,
    /// The terminal size, for mouse hit tests and paging.
    pub size: (u16, u16),
    /// The app runs on the demo's sample data (in memory): every screen says so, since nothing
    /// entered is kept.
    pub demo: bool,
    /// Where sync stands, when sync is set up (`None`: it is not, and nothing is said of it).
    pub sync: Option<SyncView>,
    /// The user asked to sync now: the runtime passes it on to the background sync.
    pub sync_requested: bool,
    /// The database can only be read: every screen says so (this text) whenever the status
    /// line is free.
    pub read_only: Option<String>,
    /// The key map in force: the defaults with the config's `[keys]` overrides. Key handling,
    /// the help overlay and the hint bar all read this one table.
    pub keymap: Vec<Binding>,
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
            editing_base: None,
            editing_sleep_base: None,
            data: Data::default(),
            history: ListView::default(),
            sleep: ListView::default(),
            insights: InsightsView::default(),
            guide: GuideView::default(),
            status: None,
            caution_seen: false,
            caution_full: false,
            week_cursor: 0,
            chart_weeks: crate::tui::data::WEEKS_LOADED,
            detail_scroll: 0,
            help_scroll: 0,
            undo: Vec::new(),
            pending: None,
            reselect: None,
            quit: false,
            size: (80, 24),
            demo: false,
            sync: None,
            sync_requested: false,
            read_only: None,
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
            about_form: false,
            ttl: 3,
        });
    }

    /// Shows an error message.
    pub fn error(&mut self, text: impl Into<String>) {
        self.status = Some(Status {
            text: text.into(),
            error: true,
            about_form: false,
            ttl: u8::MAX,
        });
    }

    /// Shows why the open form was not saved or started; it goes once the form has no error.
    pub fn form_error(&mut self, text: impl Into<String>) {
        self.error(text);
        if let Some(s) = &mut self.status {
            s.about_form = true;
        }
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

    /// The key-map modes in force, most specific first: what is on top (an overlay, the guided
    /// session, a form and its focused field) before the screen underneath.
    pub fn modes(&self) -> Modes {
        match self.overlays.last() {
            Some(Overlay::Help) => return Modes::of(Mode::Help),
            Some(Overlay::Confirm(_)) => return Modes::of(Mode::Confirm),
            Some(Overlay::Detail(_)) => return Modes::of(Mode::Detail),
            Some(Overlay::Message(_)) => return Modes::of(Mode::Message),
            None => {}
        }
        if let Some(m) = self.guided.as_ref().and_then(guided_modes) {
            return m;
        }
        if let Some(form) = &self.form {
            let modes = match form.focused() {
                Some(f) if f.is_note() => Modes::of(Mode::FormNote).then(Mode::Form),
                Some(f) if f.is_date() && f.is_selected() => {
                    Modes::of(Mode::FormDate).then(Mode::Form)
                }
                Some(f) if f.is_text() => Modes::of(Mode::Form),
                _ => Modes::of(Mode::Form).then(Mode::FormValue),
            };
            return if form.kind() == FormKind::GuidedSetup {
                modes.under(Mode::GuidedSetup)
            } else {
                modes
            };
        }
        let here = match self.screen {
            Screen::Dashboard => Mode::Dashboard,
            Screen::Insights => Mode::Insights,
            Screen::Guide => Mode::Guide,
            Screen::History | Screen::Sleep => {
                let list = match self.screen {
                    Screen::History => &self.history,
                    _ => &self.sleep,
                };
                if list.filtering {
                    return Modes::of(Mode::Filter);
                }
                Mode::List
            }
        };
        // Sync's key comes before the global ones, so the hint bar shows it on narrow terminals.
        if self.sync.is_some() {
            Modes::of(here).then(Mode::Sync).then(Mode::Global)
        } else {
            Modes::of(here).then(Mode::Global)
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

/// The key-map modes of the guided session, or `None` where its form's modes apply.
fn guided_modes(g: &Guided) -> Option<Modes> {
    if g.asking {
        return Some(Modes::of(Mode::GuidedAbandon));
    }
    match g.phase {
        Phase::Safety => Some(Modes::of(Mode::GuidedSafety)),
        Phase::Advice => Some(Modes::of(Mode::GuidedAdvice)),
        Phase::Running => Some(Modes::of(Mode::GuidedRun)),
        Phase::Setup | Phase::End => None,
    }
}
