//! A guided session in the app: safety check, setup, the timed steps, then the end form.
//!
//! The timer is the pure [`GuidedRun`]; this module turns messages into its calls. Time comes in
//! as [`Msg::Clock`] (a monotonic offset the runtime sends before every message while a guided
//! session is open), so `update` stays pure and tests drive the clock by hand.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, Timelike};

use super::form::{self, FormKind};
use super::keymap::{Mode, Modes};
use super::msg::{Effect, Msg};
use super::state::{AppState, Screen};
use crate::domain::guided::{FOCUS, GuidedEvent, GuidedPlan, GuidedRun, StepKind};
use crate::domain::week::{rest_mark_day, week_last_day};
use crate::domain::{Area, RestMark, Tool};

/// The reason given when the safety check marks the week as a rest week.
pub const REST_REASON: &str = "foot injury";

/// Where the guided session is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// "Any injury, open wound or infection on your feet today?"
    Safety,
    /// The answer was yes: advise to skip, offer a rest week.
    Advice,
    /// The setup form is open.
    Setup,
    /// The steps are running (or paused).
    Running,
    /// The end form is open: tension after, pain, note.
    End,
}

/// What the setup form chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setup {
    /// Feet and minutes per foot.
    pub plan: GuidedPlan,
    /// Tool or technique.
    pub tool: Tool,
    /// Oil or lotion (empty: none).
    pub oil: String,
    /// Tension before, 0–10.
    pub tension_before: u8,
}

/// A session that has started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Active {
    /// The timer.
    pub run: GuidedRun,
    /// The setup it started with.
    pub setup: Setup,
    /// Wall-clock local time of the start (saved as the session's start).
    pub started_at: DateTime<FixedOffset>,
}

/// The guided session's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guided {
    /// Where it is.
    pub phase: Phase,
    /// The latest monotonic time seen.
    pub now: Duration,
    /// Set once the steps have started.
    pub active: Option<Active>,
    /// "Abandon this session?" is shown.
    pub asking: bool,
    /// The timer was running when the question was asked (resume on "keep going").
    pub resume: bool,
    /// The end form was opened by "save what was done" mid-run: Esc on it goes back to the run.
    pub interrupted: bool,
}

impl Guided {
    /// A new guided session at the safety check.
    pub fn new(now: Duration) -> Self {
        Self {
            phase: Phase::Safety,
            now,
            active: None,
            asking: false,
            resume: false,
            interrupted: false,
        }
    }

    /// The timer is running, so the runtime should tick often.
    pub fn ticking(&self) -> bool {
        self.phase == Phase::Running
            && self
                .active
                .as_ref()
                .is_some_and(|a| !a.run.is_paused() && !a.run.is_finished())
    }

    /// Minutes to save: active time only, pauses excluded.
    pub fn minutes(&self) -> u16 {
        self.active
            .as_ref()
            .map_or(1, |a| a.run.active_minutes(self.now))
    }
}

/// The key-map modes of the guided session, or `None` where its form's modes apply.
pub fn modes(g: &Guided) -> Option<Modes> {
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

/// Handles `msg` if it belongs to the guided session; `None` leaves it to the app.
pub fn update(state: &mut AppState, msg: &Msg, now: &DateTime<FixedOffset>) -> Option<Vec<Effect>> {
    let own = matches!(
        msg,
        Msg::Guided
            | Msg::Clock(_)
            | Msg::PauseResume
            | Msg::SkipStep
            | Msg::MarkRest
            | Msg::SaveSoFar
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
        Msg::Clock(t) => {
            g.now = (*t).max(g.now);
            let events = match (&mut g.active, phase) {
                (Some(a), Phase::Running) => a.run.tick(g.now),
                _ => Vec::new(),
            };
            after(state, &events)
        }
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
        Msg::No if free && asking => {
            keep_going(g);
            Vec::new()
        }
        Msg::No if free && phase == Phase::Safety => {
            g.phase = Phase::Setup;
            let p = super::update::prefill(state);
            state.form = Some(form::guided_setup::setup_form(&p));
            Vec::new()
        }
        Msg::Back if free && asking => {
            keep_going(g);
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
        Msg::Saved(_) => {
            // The session or the rest week was written: back to the dashboard, which shows it.
            state.guided = None;
            state.screen = Screen::Dashboard;
            return None;
        }
        // The guided screen has no tabs or lists to click or scroll.
        Msg::Click(..) | Msg::Scroll(_) => Vec::new(),
        _ if own => Vec::new(),
        _ => return None,
    };
    Some(effects)
}

fn unset_rating_focused(state: &AppState) -> bool {
    state
        .form
        .as_ref()
        .and_then(|f| f.focused())
        .is_some_and(|f| matches!(f.input, form::Input::Rating { value: None, .. }))
}

fn open(state: &mut AppState) {
    if state.guided.is_some() {
        return;
    }
    state.overlays.clear();
    state.form = None;
    state.editing_start = None;
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
            state.info("Well done. How do your feet feel now?");
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

/// The foot of the step after the current one, if it is a foot step.
pub fn next_foot(g: Option<&Guided>) -> Option<&'static str> {
    let run = &g?.active.as_ref()?.run;
    match run.steps().get(run.index() + 1)?.kind {
        StepKind::Foot(f) => Some(f.as_str()),
        _ => None,
    }
}

fn to_end(state: &mut AppState, so_far: bool) {
    let Some(g) = &mut state.guided else { return };
    g.phase = Phase::End;
    let minutes = g.minutes();
    state.form = Some(form::guided_setup::end_form(minutes, so_far));
}

fn start(state: &mut AppState, now: &DateTime<FixedOffset>) -> Vec<Effect> {
    let Some(f) = state
        .form
        .as_mut()
        .filter(|f| f.kind == FormKind::GuidedSetup)
    else {
        return Vec::new();
    };
    let Some(setup) = form::guided_setup::setup(f) else {
        state.error("Not started: see the fields marked ↳");
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
    super::update::saw_caution(state);
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
    match form::guided_setup::end_fields(f, a, minutes, areas, now) {
        Some(fields) => vec![Effect::SaveSession { uuid: None, fields }],
        None => {
            state.error("Not saved: see the fields marked ↳");
            Vec::new()
        }
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
