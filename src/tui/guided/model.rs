//! The guided session's data: where it is, what the setup chose, the running timer. The forms
//! and the views read it; `guided::update` changes it.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};

use crate::domain::Tool;
use crate::domain::guided::{GuidedPlan, GuidedRun, StepKind};

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

    /// Whether any foot got enough time to count as massaged (see
    /// [`crate::domain::guided::GuidedRun::feet_massaged`]).
    pub fn on_feet(&self) -> bool {
        self.active
            .as_ref()
            .is_some_and(|a| a.run.feet_massaged(self.now).is_some())
    }

    /// Minutes to save: time on the feet only (pauses, preparing, switching and finishing
    /// excluded).
    pub fn minutes(&self) -> u16 {
        self.active
            .as_ref()
            .map_or(1, |a| a.run.massage_minutes(self.now))
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
