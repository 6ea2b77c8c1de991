//! A guided session in the app: safety check, setup, the timed steps, then the end form.
//!
//! The timer is the pure [`GuidedRun`]; this module turns messages into its calls. Time comes in
//! as [`Event::Clock`] (a monotonic offset the runtime sends before every message while a guided
//! session is open), so `update` stays pure and tests drive the clock by hand.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, Timelike};

use super::event::Event;
use super::form::{self, FormKind};
use super::msg::{Effect, Incoming, Msg, Outcome};
use super::state::{AppState, Screen};
use crate::domain::guided::{FOCUS, GuidedEvent, GuidedRun, StepKind};
use crate::domain::week::{rest_mark_day, week_last_day};
use crate::domain::{Area, RestMark};
use model::{Active, Guided, Phase, next_foot};

pub mod model;

/// The reason given when the safety check marks the week as a rest week.
pub const REST_REASON: &str = "foot injury";

/// Handles `incoming` if it belongs to the guided session; `None` leaves it to the app.
pub fn update(
    state: &mut AppState,
    incoming: &Incoming,
    now: &DateTime<FixedOffset>,
) -> Option<Vec<Effect>> {
    match incoming {
        Incoming::Msg(msg) => intent(state, msg, now),
        Incoming::Event(Event::Clock(t)) => {
            let Some(g) = &mut state.guided else {
                return Some(Vec::new());
            };
            g.now = (*t).max(g.now);
            let events = match (&mut g.active, g.phase) {
                (Some(a), Phase::Running) => a.run.tick(g.now),
                _ => Vec::new(),
            };
            Some(after(state, &events))
        }
        // The guided screen has no tabs or lists to click or scroll.
        Incoming::Event(Event::Click(..) | Event::Scroll(_)) => {
            state.guided.as_ref().map(|_| Vec::new())
        }
        Incoming::Outcome(Outcome::Saved(_)) => {
            // The session or the rest week was written: back to the dashboard, which shows it.
            if state.guided.take().is_some() {
                state.screen = Screen::Dashboard;
            }
            None
        }
        Incoming::Event(_) | Incoming::Outcome(_) => None,
    }
}

/// Handles an intent of the guided session (or one the session changes the meaning of).
fn intent(state: &mut AppState, msg: &Msg, now: &DateTime<FixedOffset>) -> Option<Vec<Effect>> {
    let own = matches!(
        msg,
        Msg::Guided | Msg::PauseResume | Msg::SkipStep | Msg::MarkRest | Msg::SaveSoFar
    );
    if let Msg::Guided = msg {
        open(state);
        return Some(Vec::new());
    }
    let Some(g) = &mut state.guided else {
        return own.then(Vec::new);
    };
    let free = state.overlays.is_empty();
    let phase = g.phase;
    let asking = g.asking;
    let effects = match msg {
        Msg::PauseResume if phase == Phase::Running && !asking => {
            if let Some(a) = &mut g.active {
                a.run.toggle_pause(g.now);
            }
            Vec::new()
        }
        Msg::SkipStep if phase == Phase::Running && !asking => {
            let events = match &mut g.active {
                Some(a) => a.run.skip(g.now),
                None => Vec::new(),
            };
            after(state, &events)
        }
        Msg::MarkRest if phase == Phase::Advice => mark_rest(state),
        Msg::SaveSoFar if asking && phase == Phase::Running && !g.on_feet() => {
            // Nothing was done on the feet yet (still preparing): there is no session to save.
            state.info("Nothing to save yet: no time on your feet. y abandons, n keeps going");
            Vec::new()
        }
        Msg::SaveSoFar if asking && phase == Phase::Running => {
            // `resume` is kept: going back from the end form restarts a timer that was running.
            g.asking = false;
            g.interrupted = true;
            to_end(state, true);
            Vec::new()
        }
        // Asked on the end form, "save what was done" saves that form.
        Msg::SaveSoFar if asking && phase == Phase::End => {
            g.asking = false;
            save(state, now)
        }
        Msg::Yes if free && asking => {
            leave(state);
            state.info("Guided session abandoned; nothing was saved");
            Vec::new()
        }
        Msg::Yes if free && phase == Phase::Safety => {
            g.phase = Phase::Advice;
            Vec::new()
        }
        Msg::No | Msg::Back if free && asking => {
            keep_going(g);
            Vec::new()
        }
        Msg::No if free && phase == Phase::Safety => {
            g.phase = Phase::Setup;
            let p = form::session::Prefill::from_state(state);
            state.form = Some(form::open::guided_setup(&p));
            Vec::new()
        }
        Msg::Back if free && matches!(phase, Phase::Safety | Phase::Advice) => {
            leave(state);
            Vec::new()
        }
        Msg::Back if free && phase == Phase::End && g.interrupted => {
            back_to_run(state);
            Vec::new()
        }
        Msg::Back if free && matches!(phase, Phase::Running | Phase::End) => {
            ask(g);
            Vec::new()
        }
        // A → pressed to skip the last step can arrive just after the run ended: it must not
        // set a rating unnoticed, so on the end form an unset rating takes digits only.
        Msg::Adjust(_) if free && phase == Phase::End && unset_rating_focused(state) => Vec::new(),
        Msg::Save if free && phase == Phase::Setup => start(state, now),
        Msg::Save if free && phase == Phase::End => save(state, now),
        _ if own => Vec::new(),
        _ => return None,
    };
    Some(effects)
}

fn unset_rating_focused(state: &AppState) -> bool {
    state
        .form
        .as_ref()
        .is_some_and(form::Form::unset_rating_focused)
}

fn open(state: &mut AppState) {
    if state.guided.is_some() {
        return;
    }
    state.overlays.clear();
    state.form = None;
    state.editing_start = None;
    state.editing_base = None;
    state.editing_sleep_base = None;
    state.guided = Some(Guided::new(Duration::ZERO));
}

/// Leaves the guided session; nothing is saved.
fn leave(state: &mut AppState) {
    state.guided = None;
    state.form = None;
    state.overlays.clear();
}

fn ask(g: &mut Guided) {
    g.asking = true;
    g.resume = false;
    if let Some(a) = &mut g.active
        && g.phase == Phase::Running
        && !a.run.is_paused()
        && !a.run.is_finished()
    {
        a.run.toggle_pause(g.now);
        g.resume = true;
    }
}

fn keep_going(g: &mut Guided) {
    g.asking = false;
    if g.resume
        && let Some(a) = &mut g.active
    {
        a.run.toggle_pause(g.now);
    }
    g.resume = false;
}

/// Leaves the "save what was done" form for the run it interrupted, resuming a running timer.
fn back_to_run(state: &mut AppState) {
    let Some(g) = &mut state.guided else { return };
    g.phase = Phase::Running;
    g.interrupted = false;
    keep_going(g);
    state.form = None;
    if state.status.as_ref().is_some_and(|s| s.error) {
        state.status = None;
    }
}

/// Reacts to the timer's events: a cue in the status line, the bell, the end form.
fn after(state: &mut AppState, events: &[GuidedEvent]) -> Vec<Effect> {
    let Some(last) = events.last() else {
        return Vec::new();
    };
    match last {
        GuidedEvent::StepStarted(kind) => state.info(cue(*kind, state.guided.as_ref())),
        GuidedEvent::Finished => {
            to_end(state, false);
            if state.guided.is_some() {
                state.info("Well done. How do your feet feel now?");
            }
        }
    }
    if state.config.guided.bell {
        vec![Effect::Bell]
    } else {
        Vec::new()
    }
}

/// The gentle cue shown when a step starts.
pub fn cue(kind: StepKind, g: Option<&Guided>) -> String {
    match kind {
        StepKind::Prepare => "Get ready: clean, dry feet and a comfortable seat".into(),
        StepKind::Foot(f) => format!("Now your {} foot", f.as_str()),
        StepKind::Switch => match next_foot(g) {
            Some(f) => format!("Switch to your {f} foot"),
            None => "Switch feet".into(),
        },
        StepKind::Finish => "Finish: wipe off any oil and rest your feet".into(),
    }
}

fn to_end(state: &mut AppState, so_far: bool) {
    if state.guided.as_ref().is_some_and(|g| !g.on_feet()) {
        // Every foot step skipped: no massage to save.
        leave(state);
        state.info("Guided session ended with no time on your feet; nothing was saved");
        return;
    }
    let Some(g) = &mut state.guided else { return };
    g.phase = Phase::End;
    let minutes = g.minutes();
    state.form = Some(form::open::guided_end(minutes, so_far));
}

fn start(state: &mut AppState, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    let Some(f) = state
        .form
        .as_mut()
        .filter(|f| f.kind() == FormKind::GuidedSetup)
    else {
        return Vec::new();
    };
    let Some(setup) = form::open::checked_setup(f) else {
        state.form_error("Not started: see the fields marked ↳");
        return Vec::new();
    };
    let Some(g) = &mut state.guided else {
        return Vec::new();
    };
    // Minutes are what the log form records too; seconds would only confuse "when".
    let started_at = now.with_second(0).and_then(|t| t.with_nanosecond(0));
    g.active = Some(Active {
        run: GuidedRun::start(setup.plan, g.now),
        setup,
        started_at: started_at.unwrap_or(*now),
    });
    g.phase = Phase::Running;
    form::update::saw_caution(state);
    state.form = None;
    state.info(cue(StepKind::Prepare, None));
    Vec::new()
}

fn save(state: &mut AppState, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    let (Some(g), Some(f)) = (&state.guided, &mut state.form) else {
        return Vec::new();
    };
    let Some(a) = &g.active else {
        return Vec::new();
    };
    let minutes = g.minutes();
    let areas = areas_reached(&a.run, g.now);
    let feet = a.run.feet_massaged(g.now).unwrap_or(a.setup.plan.feet);
    if let Some(fields) = form::open::checked_end(f, a, (minutes, feet, areas), now) {
        vec![Effect::SaveSession {
            uuid: None,
            fields,
            base: None,
        }]
    } else {
        state.form_error("Not saved: see the fields marked ↳");
        Vec::new()
    }
}

/// The areas whose focus the run reached (all four for a foot step that was done).
pub fn areas_reached(run: &GuidedRun, now: Duration) -> Vec<Area> {
    let order = [Area::Balls, Area::Arches, Area::Heels, Area::Toes];
    let mut reached = 0;
    for (i, step) in run.steps().iter().enumerate() {
        if !matches!(step.kind, StepKind::Foot(_)) {
            continue;
        }
        if i < run.index() || run.is_finished() {
            reached = FOCUS.len();
        } else if i == run.index() {
            let now_focus = run.focus(now).map(|f| f.0);
            let n = FOCUS
                .iter()
                .position(|f| Some(f.0) == now_focus)
                .map_or(0, |p| p + 1);
            reached = reached.max(n);
        }
    }
    order.into_iter().take(reached).collect()
}

fn mark_rest(state: &mut AppState) -> Vec<Effect> {
    let from = state.data.this_week.week_start;
    vec![Effect::MarkRestWeek {
        from,
        to: week_last_day(from),
        mark: RestMark {
            date: rest_mark_day(from),
            reason: REST_REASON.into(),
        },
    }]
}

#[cfg(test)]
mod tests;
