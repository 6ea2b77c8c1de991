//! Runs effects against the store and reports what came of them ([`Outcome`]). The only I/O of the app
//! besides the terminal.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::data::{Data, HEATMAP_WEEKS, InsightsData, Period, WEEKS_LOADED};
use super::form::goals::{GoalChanges, RestChange};
use super::msg::{Effect, Outcome, ReportFile};
use super::state::Change;
use crate::domain::damaged::Decoded;
use crate::domain::insights::compute_insights;
use crate::domain::sleep::night_after_session;
use crate::domain::week::week_last_day;
use crate::domain::{RecordRef, WeekSummary};
use crate::store::{GoalSettings, Store, StoreError};

/// Performs one effect. Writes are followed by [`Outcome::Reload`] so every screen shows the result.
pub fn run(store: &mut Store, effect: Effect, now: &DateTime<FixedOffset>) -> Vec<Outcome> {
    let today = now.date_naive();
    if effect.writes() {
        // A change is dated by the app's clock as it is made, for sync. (A failure here is the
        // write's own failure, which the write reports.)
        let _ = store.set_sync_clock(now);
    }
    let outcome = match effect {
        Effect::Load => return vec![loaded(store, today, false)],
        Effect::LoadAll => return vec![loaded(store, today, true)],
        Effect::CheckForChanges => return vec![Outcome::DataVersion(store.data_version().ok())],
        Effect::LoadWeeks(n) => return vec![weeks_loaded(store, today, n)],
        Effect::LoadInsights(period) => {
            return vec![match load_insights(store, today, period) {
                Ok(d) => Outcome::InsightsLoaded(Box::new(d)),
                Err(e) => Outcome::Failed(format!("Could not read the insights: {e}")),
            }];
        }
        Effect::SaveSession { uuid, fields, base } => match (uuid, base) {
            (Some(u), Some(base)) => store
                .update_session_unless_changed(&u, &fields, &base, now)
                .map(|theirs| match theirs {
                    None => Outcome::Saved("Session updated".into()),
                    Some(theirs) => Outcome::EditConflict {
                        theirs: Box::new(theirs),
                        yours: Box::new(fields),
                    },
                }),
            (Some(u), None) => store
                .update_session(&u, &fields, now)
                .map(|()| Outcome::Saved("Session updated".into())),
            (None, _) => store.insert_session(fields, now).map(|s| {
                Outcome::Saved(format!(
                    "Session logged ({} min, tension {} → {})",
                    s.fields.minutes, s.fields.tension_before, s.fields.tension_after
                ))
            }),
        }
        .map_err(|e| Outcome::SaveFailed(e.to_string())),
        Effect::SaveSleep {
            uuid,
            fields,
            replace,
            base,
        } => save_sleep(store, uuid, fields, replace, base, now),
        Effect::SaveGoals(c) => save_goals(store, &c, today)
            .map(|()| Outcome::Saved("Goal settings saved".into()))
            .map_err(|e| Outcome::SaveFailed(e.to_string())),
        Effect::Delete(rec) => store
            .delete(rec, now)
            .map(|()| Outcome::Deleted(rec))
            .map_err(|e| Outcome::Failed(format!("Could not delete: {e}"))),
        Effect::Undelete(rec) => store
            .undelete(rec)
            .map(|()| Outcome::Restored(rec))
            .map_err(|e| Outcome::Failed(format!("Could not undo: {e}"))),
        Effect::Revert(change) => {
            revert(store, change, now).map_err(|e| Outcome::Failed(format!("Could not undo: {e}")))
        }
        Effect::MarkRestWeek { from, to, mark } => store
            .replace_rest(from, to, Some(&mark))
            .map(|_| Outcome::Saved(format!("This week is a rest week ({})", mark.reason)))
            .map_err(|e| Outcome::Failed(format!("Could not mark the rest week: {e}"))),
        Effect::SaveHealth(p) => store
            .set_health_profile(&p)
            .map(|()| Outcome::Saved("Health profile saved".into()))
            .map_err(|e| Outcome::SaveFailed(e.to_string())),
        Effect::Bell => {
            ring_bell();
            return Vec::new();
        }
        Effect::WriteReport { period, name } => {
            let dirs = report_dirs();
            return vec![match write_report(store, period, name, now, &dirs) {
                Ok(written) => Outcome::ReportWritten(written),
                Err(e) => Outcome::Failed(format!("Could not write the report: {e}")),
            }];
        }
    };
    match outcome {
        Ok(done) => vec![done, Outcome::Reload],
        Err(failed) => vec![failed],
    }
}

/// The terminal bell: BEL on the terminal the app draws on. A failure is not worth reporting.
fn ring_bell() {
    use std::io::Write;
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
}

fn save_goals(store: &mut Store, c: &GoalChanges, today: NaiveDate) -> Result<(), StoreError> {
    store.apply_goal_settings(&GoalSettings {
        week_start: c.week_start,
        goal: c.per_week.map(|n| (today, n)),
        rest: match &c.rest {
            RestChange::Keep => None,
            RestChange::Mark { from, to, mark } => Some((*from, *to, Some(mark.clone()))),
            RestChange::Unmark { from, to } => Some((*from, *to, None)),
        },
        reminder: c.reminder,
    })
}

/// Takes back `change` (an edit, a replaced sleep note or a delete).
fn revert(
    store: &mut Store,
    change: Change,
    now: &DateTime<FixedOffset>,
) -> Result<Outcome, StoreError> {
    match change {
        Change::Session(u, f) => {
            let text = format!(
                "Undid the edit of the session of {}",
                crate::tui::text::when(&f.started_at)
            );
            store
                .update_session(&u, &f, now)
                .map(|()| Outcome::Reverted {
                    rec: RecordRef::Session(u),
                    text,
                })
        }
        Change::Sleep(u, f) => {
            let night = f.night;
            store.update_sleep(&u, &f, now).map(|()| Outcome::Reverted {
                rec: RecordRef::Sleep(u),
                text: format!("Sleep note for {night} put back"),
            })
        }
        Change::Deleted(rec) => store.undelete(rec).map(|()| Outcome::Restored(rec)),
    }
}

/// Saves a sleep note: a new one (over the night's own with `replace`), or an edit checked
/// against `base`, the fields its form began from.
fn save_sleep(
    store: &mut Store,
    uuid: Option<uuid::Uuid>,
    fields: crate::domain::SleepFields,
    replace: bool,
    base: Option<crate::domain::SleepFields>,
    now: &DateTime<FixedOffset>,
) -> Result<Outcome, Outcome> {
    let night = fields.night;
    match (uuid, base) {
        (Some(u), Some(base)) => store
            .update_sleep_unless_changed(&u, &fields, &base, now)
            .map(|theirs| match theirs {
                None => Outcome::Saved("Sleep note updated".into()),
                Some(theirs) => Outcome::SleepEditConflict {
                    theirs: Box::new(theirs),
                    yours: Box::new(fields),
                },
            }),
        (Some(u), None) => store
            .update_sleep(&u, &fields, now)
            .map(|()| Outcome::Saved("Sleep note updated".into())),
        (None, _) => store
            .put_sleep(fields, replace, now)
            .map(|n| Outcome::Saved(format!("Sleep note for {} saved", n.fields.night))),
    }
    .map_err(|e| match e {
        StoreError::Conflict(m) if uuid.is_none() => {
            match store.sleep_notes(Some(night), Some(night)) {
                Ok(mut notes) if !notes.is_empty() => {
                    Outcome::NightTaken(Box::new(notes.remove(0)))
                }
                _ => Outcome::SaveFailed(m),
            }
        }
        StoreError::Conflict(m) => Outcome::SaveFailed(m),
        e => Outcome::SaveFailed(e.to_string()),
    })
}

fn weeks_loaded(store: &Store, today: NaiveDate, n: usize) -> Outcome {
    match store.dashboard(today, n) {
        Ok(d) => Outcome::WeeksLoaded {
            weeks: d.weeks,
            tension: d.tension,
        },
        Err(e) => Outcome::Failed(format!("Could not read the database: {e}")),
    }
}

fn loaded(store: &Store, today: NaiveDate, all: bool) -> Outcome {
    match load(store, today, all) {
        Ok(d) => Outcome::Loaded(Box::new(d)),
        Err(e) => Outcome::Failed(format!("Could not read the database: {e}")),
    }
}

/// Reads what the screens show: with `all`, every record; else only what the dashboard shows,
/// so its cost does not grow with the length of the history.
pub fn load(store: &Store, today: NaiveDate, all: bool) -> Result<Data, StoreError> {
    let d = store.dashboard(today, WEEKS_LOADED)?;
    // The last of the charts' weeks is the one holding today.
    let this_week = d
        .weeks
        .last()
        .cloned()
        .unwrap_or_else(|| WeekSummary::empty(today));
    // A record that cannot be read is left out (and counted), never a reason to show nothing.
    let (sessions, sleep) = if all {
        (
            store.sessions_decoded(None, None)?,
            store.sleep_notes_decoded(None, None)?,
        )
    } else {
        (Decoded::default(), Decoded::default())
    };
    let damaged = sessions.damaged.len() + sleep.damaged.len();
    let (sessions, sleep) = (sessions.records, sleep.records);
    let massage_nights = sessions
        .iter()
        .map(|s| night_after_session(s.fields.started_at.naive_local()))
        .collect();
    Ok(Data {
        today,
        week_start: d.week_start,
        this_week,
        weeks: d.weeks,
        streaks: d.streaks,
        sessions,
        tension: d.tension,
        sleep,
        massage_nights,
        complete: all,
        first_session_date: d.first_session_date,
        last_session: d.last_session,
        rest_marks: d.rest_marks,
        health: store.health_profile()?,
        // A damaged setting (footlog check names it) shows the default rather than nothing.
        reminder: store
            .reminder()
            .ok()
            .flatten()
            .unwrap_or_else(|| crate::domain::remind::Reminder::default_for(d.week_start)),
        loaded: true,
        data_version: Some(d.data_version),
        damaged,
    })
}

/// Reads what the Insights screen shows for `period`, and a year of days for its heatmap.
pub fn load_insights(
    store: &Store,
    today: NaiveDate,
    period: Period,
) -> Result<InsightsData, StoreError> {
    let ws = store.week_start()?;
    let current = ws.week_of(today);
    let from = current - chrono::Duration::weeks(i64::from(period.weeks()) - 1);
    let to = week_last_day(current);
    let sessions = store.sessions_decoded(Some(from), Some(to))?;
    let sleep = store.sleep_notes_decoded(Some(from), Some(to))?;
    let year = store.weeks(today, HEATMAP_WEEKS)?;
    let first = year.first().map_or(current, |w| w.week_start);
    Ok(InsightsData {
        period,
        today,
        week_start: ws,
        insights: compute_insights(&sessions.records, &sleep.records, today, ws, period.weeks()),
        damaged: sessions.damaged.len() + sleep.damaged.len(),
        daily: store.daily_counts(Some(first), Some(to))?,
        year,
    })
}

/// Where the app writes reports: the folder it was started from, else the documents folder.
fn report_dirs() -> Vec<std::path::PathBuf> {
    let docs = directories::UserDirs::new()
        .and_then(|u| u.document_dir().map(std::path::Path::to_path_buf));
    std::env::current_dir()
        .ok()
        .into_iter()
        .chain(docs)
        .collect()
}

/// Writes the report for `period` as `footlog-report-YYYY-MM-DD.html` in the first of `dirs` that
/// takes it. An existing report is never replaced: the next free name (`…-2.html`, …) is used.
/// A damaged record is left out (and counted), never a reason to write no report.
pub fn write_report(
    store: &Store,
    period: Period,
    name: Option<String>,
    now: &DateTime<FixedOffset>,
    dirs: &[std::path::PathBuf],
) -> Result<ReportFile, String> {
    use crate::domain::report::{ReportPeriod, build_report};
    use crate::store::OutputError;
    let today = now.date_naive();
    let ws = store.week_start().map_err(|e| e.to_string())?;
    let range = ReportPeriod::last_weeks(today, ws, period.weeks()).map_err(|e| e.to_string())?;
    let input = store
        .report_input(&range, today)
        .map_err(|e| e.to_string())?;
    let report = build_report(&range, input, name, *now);
    let damaged_left_out = report.damaged_left_out;
    let html = crate::report::render_html(&report);
    let db = store.path().unwrap_or(std::path::Path::new(":memory:"));
    let mut last = String::from("no folder to write to");
    for dir in dirs {
        for n in 1..=99 {
            let path = dir.join(crate::report::file_name(today, n));
            let written = crate::store::write_output_file(db, &path, false, &mut |w| {
                std::io::Write::write_all(w, html.as_bytes())
            });
            match written {
                Ok(()) => {
                    return Ok(ReportFile {
                        path,
                        damaged_left_out,
                    });
                }
                Err(OutputError::Exists(_)) => {}
                Err(e) => {
                    last = e.to_string();
                    break;
                }
            }
        }
    }
    Err(last)
}
