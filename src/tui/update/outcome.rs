//! What effects reported: data read, writes done or failed, a report written.

use chrono::{DateTime, FixedOffset};

use super::lists::clamp_selections;
use super::screens::{self, load_for_screen};
use crate::domain::text::plural;
use crate::tui::form;
use crate::tui::msg::{Effect, Outcome};
use crate::tui::state::{AppState, Change, Confirm, Overlay, Screen, UNDO_DEPTH};

/// Applies what an effect reported.
pub(super) fn outcome(
    state: &mut AppState,
    o: Outcome,
    now: &DateTime<FixedOffset>,
) -> Vec<Effect> {
    match o {
        Outcome::Synced(news) => return synced(state, news, now),
        Outcome::Reload => {
            return vec![reload(state)];
        }
        Outcome::DataVersion(version) => {
            // Another connection wrote, or the date changed (this week, days left), or the
            // counter could not be read (the reload then reports why). The app's own writes
            // reload when they are done.
            let unchanged = state.data.loaded
                && version.is_some()
                && version == state.data.data_version
                && state.data.today == now.date_naive();
            if unchanged {
                return Vec::new();
            }
            let mut effects = vec![reload(state)];
            if state.screen == Screen::Insights {
                effects.push(Effect::LoadInsights(state.insights.period));
            }
            return effects;
        }
        Outcome::Loaded(data) => {
            // Said once, and again only when the number changes: a refresh must not hide the
            // other messages.
            if data.damaged > 0 && data.damaged != state.data.damaged {
                state.error(crate::domain::damaged::hidden_warning(data.damaged));
            }
            state.data = *data;
            clamp_selections(state);
            if let Some(rec) = state.reselect.take() {
                select_record(state, rec);
            }
            let mut effects = load_for_screen(state);
            // The chart had been scrolled back past the weeks a load reads: read them again.
            if state.chart_weeks > crate::tui::data::WEEKS_LOADED
                && state.chart_weeks > state.data.weeks.len()
            {
                effects.push(Effect::LoadWeeks(state.chart_weeks));
            }
            // A write (or undo) made on the Insights screen shows there at once.
            if state.screen == Screen::Insights {
                effects.push(Effect::LoadInsights(state.insights.period));
            }
            return effects;
        }
        Outcome::InsightsLoaded(data) => screens::loaded(state, data),
        Outcome::WeeksLoaded { weeks, tension } => weeks_loaded(state, weeks, tension),
        Outcome::Saved(text) => {
            if let Some(change) = state.pending.take() {
                remember(state, change);
            }
            // The screen stays: a session logged from History shows there, at the top.
            form::update::close_form(state);
            state.info(text);
        }
        Outcome::Deleted(rec) => {
            remember(state, Change::Deleted(rec));
            state.info(format!("Deleted the {}. Press u to undo", rec.kind()));
            clamp_selections(state);
        }
        Outcome::Restored(rec) => {
            state.undo.pop();
            state.info(format!("Restored the {}", rec.kind()));
        }
        Outcome::Reverted { rec, text } => {
            state.undo.pop();
            state.info(text);
            state.reselect = Some(rec);
        }
        Outcome::EditConflict { theirs, yours } => {
            ask_instead(state, Confirm::Overwrite(Box::new((*theirs, *yours))));
        }
        Outcome::SleepEditConflict { theirs, yours } => {
            ask_instead(state, Confirm::OverwriteSleep(Box::new((*theirs, *yours))));
        }
        Outcome::NightTaken(old) => ask_instead(state, Confirm::ReplaceSleep(old)),
        Outcome::SaveFailed(text) => {
            state.pending = None;
            if let Some(f) = &mut state.form {
                f.banner = Some(text.clone());
            }
            state.form_error(format!("Not saved: {text}"));
        }
        Outcome::Failed(text) => state.error(text),
        Outcome::ReportWritten(written) => {
            let to = format!("Report written to {}", written.path.display());
            match written.damaged_left_out {
                0 => state.info(to),
                n => state.error(format!(
                    "{to}; {} left out — run footlog check",
                    plural(
                        u64::try_from(n).unwrap_or(u64::MAX),
                        "damaged record",
                        "damaged records"
                    )
                )),
            }
        }
    }
    Vec::new()
}

/// Puts `change` on the undo stack, forgetting the oldest past its depth.
fn remember(state: &mut AppState, change: Change) {
    state.undo.push(change);
    if state.undo.len() > UNDO_DEPTH {
        state.undo.remove(0);
    }
}

/// More of the charts' weeks, read for a chart scrolled back: taken while they still end with
/// the week loaded last (on a later day the reload that follows reads them again).
fn weeks_loaded(
    state: &mut AppState,
    weeks: Vec<crate::domain::WeekSummary>,
    tension: Vec<crate::domain::stats::TensionPoint>,
) {
    if weeks.last().map(|w| w.week_start) == Some(state.data.this_week.week_start) {
        state.chart_weeks = state.chart_weeks.max(weeks.len());
        state.data.weeks = weeks;
        state.data.tension = tension;
    }
}

/// Puts the selection of `rec`'s list on it (an undone edit shows where it happened), when the
/// list shows it.
fn select_record(state: &mut AppState, rec: crate::domain::RecordRef) {
    use crate::domain::RecordRef;
    let size = state.size;
    let found = match rec {
        RecordRef::Session(u) => state.visible_sessions().iter().position(|s| s.uuid == u),
        RecordRef::Sleep(u) => state.visible_sleep().iter().position(|n| n.uuid == u),
    };
    let list = match rec {
        RecordRef::Session(_) => &mut state.history,
        RecordRef::Sleep(_) => &mut state.sleep,
    };
    if let Some(i) = found {
        list.selected = i;
        crate::tui::layout::keep_in_view(list, size);
    }
}

/// A save that wrote nothing and needs an answer first (a night already taken, a record another
/// footlog changed since the form opened): the undo entry for the save goes, the question comes.
fn ask_instead(state: &mut AppState, question: Confirm) {
    state.pending = None;
    state.overlays.push(Overlay::Confirm(question));
}

/// The background sync's news: the status line's sync state, and what the user should hear.
fn synced(
    state: &mut AppState,
    news: crate::tui::msg::SyncNews,
    now: &DateTime<FixedOffset>,
) -> Vec<Effect> {
    // A failure is said in words when the user asked for the sync; the background's own
    // attempts only change the status line's "offline".
    let asked = state.sync.as_ref().is_some_and(|s| s.asked);
    state.sync = Some(crate::tui::state::SyncView {
        last_sync: news.last_sync,
        pending: news.pending,
        offline: news.failed.is_some(),
        asked: false,
        now: *now,
    });
    if let Some(why) = news.failed.filter(|_| asked) {
        // Said as an error, but for a few ticks only: then the status line says "offline: N
        // changes waiting" again.
        state.error(format!("Sync failed: {why}"));
        if let Some(s) = state.status.as_mut() {
            s.ttl = 3;
        }
    }
    for n in news.notes {
        state.info(n);
    }
    Vec::new()
}

/// Reads the data again: all of it when the lists have it all.
fn reload(state: &AppState) -> Effect {
    if state.data.complete {
        Effect::LoadAll
    } else {
        Effect::Load
    }
}
