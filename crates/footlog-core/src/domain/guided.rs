//! A guided massage: the steps, and a timer over an injected monotonic clock.
//!
//! Times are offsets from any fixed origin (the TUI passes `Instant::elapsed` of its start), so
//! tests drive the run with plain `Duration`s and never sleep.

use std::time::Duration;

use super::ValidationError;
use super::session::{Feet, check_range};

/// Allowed minutes per foot.
pub const MINUTES_PER_FOOT_RANGE: (i64, i64) = (1, 60);
/// Default minutes per foot (the usual advice is 10–15).
pub const DEFAULT_MINUTES_PER_FOOT: u16 = 12;
/// How long the preparation step lasts.
pub const PREPARE: Duration = Duration::from_mins(1);
/// How long the pause to switch feet lasts.
pub const SWITCH: Duration = Duration::from_secs(15);
/// How long the finishing step lasts.
pub const FINISH: Duration = Duration::from_mins(1);

/// One foot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Foot {
    /// The left foot.
    Left,
    /// The right foot.
    Right,
}

impl Foot {
    /// "left" or "right".
    pub fn as_str(self) -> &'static str {
        match self {
            Foot::Left => "left",
            Foot::Right => "right",
        }
    }
}

/// What a step asks the person to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// Clean, dry feet; sit with feet raised; oil or lotion.
    Prepare,
    /// Massage one foot.
    Foot(Foot),
    /// A short break to switch feet.
    Switch,
    /// Wipe off oil and rest.
    Finish,
}

/// A timed step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// What to do.
    pub kind: StepKind,
    /// How long it lasts.
    pub duration: Duration,
}

impl Step {
    /// A short title, e.g. "Left foot".
    pub fn title(&self) -> String {
        match self.kind {
            StepKind::Prepare => "Prepare".into(),
            StepKind::Foot(Foot::Left) => "Left foot".into(),
            StepKind::Foot(Foot::Right) => "Right foot".into(),
            StepKind::Switch => "Switch feet".into(),
            StepKind::Finish => "Finish".into(),
        }
    }

    /// What to do during the step.
    pub fn instructions(&self) -> &'static [&'static str] {
        match self.kind {
            StepKind::Prepare => &[
                "Wash and dry your feet.",
                "Sit comfortably with your feet raised.",
                "Warm a little oil or lotion in your hands.",
            ],
            StepKind::Foot(_) => &[
                "Use a pressure that feels good; stop if anything hurts.",
                "Spend longer where it feels tense or sore.",
            ],
            StepKind::Switch => &["Take a breath and move to the other foot."],
            StepKind::Finish => &[
                "Wipe off any excess oil.",
                "Rest your feet for a few minutes.",
            ],
        }
    }
}

/// The focus of each quarter of a foot step: area and technique.
pub const FOCUS: &[(&str, &str)] = &[
    ("Balls of the foot", "knead with your knuckles and thumbs"),
    ("Arches", "press with your thumbs in small circles"),
    ("Heels", "work in slow circular motions"),
    ("Toes", "circle and gently stretch each toe"),
];

/// The focus to show for `focus` given the health profile: in pregnancy the heels quarter asks
/// for gentle pressure around the ankles and heels rather than working them.
pub fn focus_for(
    focus: (&'static str, &'static str),
    health: &super::health::HealthProfile,
) -> (&'static str, &'static str) {
    if health.pregnancy && focus.0 == "Heels" {
        (
            "Around the heels and ankles, gently",
            "light strokes only: no firm pressure here in pregnancy",
        )
    } else {
        focus
    }
}

/// Settings chosen before a guided session starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuidedPlan {
    /// Which feet.
    pub feet: Feet,
    /// Minutes per foot, 1–60.
    pub minutes_per_foot: u16,
}

impl GuidedPlan {
    /// Validates the plan.
    pub fn new(feet: Feet, minutes_per_foot: i64) -> Result<Self, ValidationError> {
        let m = check_range("minutes_per_foot", minutes_per_foot, MINUTES_PER_FOOT_RANGE)?;
        Ok(Self {
            feet,
            minutes_per_foot: u16::try_from(m).unwrap_or(DEFAULT_MINUTES_PER_FOOT),
        })
    }

    /// The steps: prepare, each foot (with a switch between two), finish.
    pub fn steps(&self) -> Vec<Step> {
        let foot = |f| Step {
            kind: StepKind::Foot(f),
            duration: Duration::from_secs(u64::from(self.minutes_per_foot) * 60),
        };
        let mut steps = vec![Step {
            kind: StepKind::Prepare,
            duration: PREPARE,
        }];
        match self.feet {
            Feet::Left => steps.push(foot(Foot::Left)),
            Feet::Right => steps.push(foot(Foot::Right)),
            Feet::Both => {
                steps.push(foot(Foot::Left));
                steps.push(Step {
                    kind: StepKind::Switch,
                    duration: SWITCH,
                });
                steps.push(foot(Foot::Right));
            }
        }
        steps.push(Step {
            kind: StepKind::Finish,
            duration: FINISH,
        });
        steps
    }
}

/// The least time on a foot for it to count as massaged (half a minute: what rounds to a
/// minute).
pub const MIN_ON_FOOT: Duration = Duration::from_secs(30);

/// Something the timer reports as time passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuidedEvent {
    /// A new step began (by time or by skipping).
    StepStarted(StepKind),
    /// The last step ended.
    Finished,
}

/// A guided session in progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuidedRun {
    plan: GuidedPlan,
    steps: Vec<Step>,
    index: usize,
    /// Active time in the current step before the running segment.
    step_active: Duration,
    /// Active time of the steps already done.
    done_active: Duration,
    /// Time spent massaging each foot (left, right): active time in the foot steps only
    /// (preparing, switching and finishing are not massage).
    on_feet: [Duration; 2],
    /// Which of the steps before the current one were skipped (ended early by the user).
    skipped: Vec<bool>,
    /// When the running segment began; `None` while paused.
    running_since: Option<Duration>,
    finished: bool,
}

impl GuidedRun {
    /// Starts the first step at `now`.
    pub fn start(plan: GuidedPlan, now: Duration) -> Self {
        Self {
            plan,
            steps: plan.steps(),
            index: 0,
            step_active: Duration::ZERO,
            done_active: Duration::ZERO,
            on_feet: [Duration::ZERO; 2],
            skipped: Vec::new(),
            running_since: Some(now),
            finished: false,
        }
    }

    /// Whether step `i` was skipped: ended by the user before its time ran out.
    pub fn was_skipped(&self, i: usize) -> bool {
        self.skipped.get(i).copied().unwrap_or(false)
    }

    /// The plan.
    pub fn plan(&self) -> GuidedPlan {
        self.plan
    }

    /// Every step.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The index of the current step.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The current step (the last one once finished).
    pub fn step(&self) -> Step {
        // A plan's steps always end with the finishing step, so the fallback is never taken.
        self.steps
            .get(self.index)
            .or(self.steps.last())
            .copied()
            .unwrap_or(Step {
                kind: StepKind::Finish,
                duration: FINISH,
            })
    }

    /// True while paused.
    pub fn is_paused(&self) -> bool {
        self.running_since.is_none() && !self.finished
    }

    /// True once the last step ended.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    fn step_elapsed(&self, now: Duration) -> Duration {
        self.step_active
            + self
                .running_since
                .map_or(Duration::ZERO, |s| now.saturating_sub(s))
    }

    /// Time left in the current step.
    pub fn remaining(&self, now: Duration) -> Duration {
        if self.finished {
            return Duration::ZERO;
        }
        self.step().duration.saturating_sub(self.step_elapsed(now))
    }

    /// How far through the current step, 0.0–1.0 (for the gauge).
    pub fn progress(&self, now: Duration) -> f64 {
        if self.finished {
            return 1.0;
        }
        let total = self.step().duration.as_secs_f64();
        if total <= 0.0 {
            1.0
        } else {
            (self.step_elapsed(now).as_secs_f64() / total).clamp(0.0, 1.0)
        }
    }

    /// During a foot step: the area and technique for this part of it.
    pub fn focus(&self, now: Duration) -> Option<(&'static str, &'static str)> {
        if self.finished || !matches!(self.step().kind, StepKind::Foot(_)) {
            return None;
        }
        // The part `floor(progress * parts)` (the last one at 100 %), counted without a float cast.
        let scaled = self.progress(now) * FOCUS.len() as f64;
        let part = (1..FOCUS.len()).filter(|&k| scaled >= k as f64).count();
        FOCUS.get(part).copied()
    }

    /// Active time so far: pauses excluded.
    pub fn active(&self, now: Duration) -> Duration {
        if self.finished {
            return self.done_active;
        }
        self.done_active + self.step_elapsed(now)
    }

    /// Time spent on the feet so far: the foot steps' active time (pauses, preparing, switching
    /// and finishing excluded).
    pub fn on_feet(&self, now: Duration) -> Duration {
        self.on_foot(Foot::Left, now) + self.on_foot(Foot::Right, now)
    }

    /// Time spent on one foot so far.
    pub fn on_foot(&self, foot: Foot, now: Duration) -> Duration {
        let i = usize::from(foot == Foot::Right);
        let done = self.on_feet.get(i).copied().unwrap_or_default();
        let current = if !self.finished && self.step().kind == StepKind::Foot(foot) {
            self.step_elapsed(now)
        } else {
            Duration::ZERO
        };
        done + current
    }

    /// The feet that were massaged (at least [`MIN_ON_FOOT`] each), `None` when neither was:
    /// what a saved session records, whatever the plan said.
    pub fn feet_massaged(&self, now: Duration) -> Option<Feet> {
        let left = self.on_foot(Foot::Left, now) >= MIN_ON_FOOT;
        let right = self.on_foot(Foot::Right, now) >= MIN_ON_FOOT;
        match (left, right) {
            (true, true) => Some(Feet::Both),
            (true, false) => Some(Feet::Left),
            (false, true) => Some(Feet::Right),
            (false, false) => None,
        }
    }

    /// Whole minutes of massage for the saved session: the time on the feet (at least 1, at most
    /// 240).
    pub fn massage_minutes(&self, now: Duration) -> u16 {
        let mins = (self.on_feet(now).as_secs() + 30) / 60;
        u16::try_from(mins.clamp(1, 240)).unwrap_or(240)
    }

    /// Moves time forward to `now`, ending steps whose time ran out.
    pub fn tick(&mut self, now: Duration) -> Vec<GuidedEvent> {
        let mut events = Vec::new();
        while !self.finished {
            let Some(since) = self.running_since else {
                break;
            };
            let elapsed = self.step_elapsed(now);
            let duration = self.step().duration;
            if elapsed < duration {
                break;
            }
            // The step ended `elapsed - duration` ago; the next one began then.
            let ended_at = now
                .saturating_sub(elapsed.saturating_sub(duration))
                .max(since);
            self.advance(duration, ended_at, false, &mut events);
        }
        events
    }

    /// Ends the current step now and starts the next.
    pub fn skip(&mut self, now: Duration) -> Vec<GuidedEvent> {
        let mut events = Vec::new();
        if !self.finished {
            let spent = self.step_elapsed(now);
            let paused = self.running_since.is_none();
            let early = spent < self.step().duration;
            self.advance(spent, now, early, &mut events);
            if paused && !self.finished {
                self.running_since = None;
            }
        }
        events
    }

    fn advance(
        &mut self,
        spent: Duration,
        at: Duration,
        skipped: bool,
        events: &mut Vec<GuidedEvent>,
    ) {
        self.done_active += spent;
        if let StepKind::Foot(f) = self.step().kind
            && let Some(t) = self.on_feet.get_mut(usize::from(f == Foot::Right))
        {
            *t += spent;
        }
        self.skipped.push(skipped);
        self.step_active = Duration::ZERO;
        self.index += 1;
        if self.index >= self.steps.len() {
            self.index = self.steps.len() - 1;
            self.finished = true;
            self.running_since = None;
            events.push(GuidedEvent::Finished);
        } else {
            self.running_since = Some(at);
            events.push(GuidedEvent::StepStarted(self.step().kind));
        }
    }

    /// Pauses a running session or resumes a paused one.
    pub fn toggle_pause(&mut self, now: Duration) {
        if self.finished {
            return;
        }
        match self.running_since.take() {
            Some(since) => self.step_active += now.saturating_sub(since),
            None => self.running_since = Some(now),
        }
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn pregnancy_turns_the_heels_quarter_into_gentle_pressure() {
        use crate::domain::health::HealthProfile;
        let pregnant = HealthProfile {
            pregnancy: true,
            ..HealthProfile::default()
        };
        for f in FOCUS {
            assert_eq!(focus_for(*f, &HealthProfile::default()), *f);
        }
        let heels = FOCUS[2];
        let adapted = focus_for(heels, &pregnant);
        assert!(adapted.0.contains("gently") && adapted.1.contains("no firm pressure"));
        assert_eq!(focus_for(FOCUS[0], &pregnant), FOCUS[0]);
    }

    use super::*;

    fn s(secs: u64) -> Duration {
        Duration::from_secs(secs)
    }

    fn both(minutes: i64) -> GuidedRun {
        GuidedRun::start(GuidedPlan::new(Feet::Both, minutes).expect("plan"), s(1000))
    }

    #[test]
    fn plan_validates_minutes_per_foot() {
        assert!(GuidedPlan::new(Feet::Both, 0).is_err());
        assert!(GuidedPlan::new(Feet::Both, 61).is_err());
        assert_eq!(
            GuidedPlan::new(Feet::Left, 60).expect("ok").steps().len(),
            3
        );
        let kinds: Vec<StepKind> = GuidedPlan::new(Feet::Both, 12)
            .expect("ok")
            .steps()
            .iter()
            .map(|s| s.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![
                StepKind::Prepare,
                StepKind::Foot(Foot::Left),
                StepKind::Switch,
                StepKind::Foot(Foot::Right),
                StepKind::Finish
            ]
        );
    }

    #[test]
    fn time_runs_through_the_steps_and_focus_moves_by_quarter() {
        let mut r = both(1);
        assert_eq!(r.tick(s(1059)), vec![]);
        assert_eq!(r.remaining(s(1059)), s(1));
        assert_eq!(
            r.tick(s(1060)),
            vec![GuidedEvent::StepStarted(StepKind::Foot(Foot::Left))]
        );
        assert_eq!(r.focus(s(1060)).map(|f| f.0), Some("Balls of the foot"));
        assert_eq!(r.focus(s(1060 + 15)).map(|f| f.0), Some("Arches"));
        assert_eq!(r.focus(s(1060 + 59)).map(|f| f.0), Some("Toes"));
        assert!((r.progress(s(1090)) - 0.5).abs() < 1e-9);
        // A long gap crosses several steps at once, keeping exact step boundaries.
        let events = r.tick(s(1060 + 60 + 15 + 10));
        assert_eq!(
            events,
            vec![
                GuidedEvent::StepStarted(StepKind::Switch),
                GuidedEvent::StepStarted(StepKind::Foot(Foot::Right))
            ]
        );
        assert_eq!(r.remaining(s(1145)), s(50));
        let end = 1000 + 60 + 60 + 15 + 60 + 60;
        assert_eq!(
            r.tick(s(end)),
            vec![
                GuidedEvent::StepStarted(StepKind::Finish),
                GuidedEvent::Finished
            ]
        );
        assert!(r.is_finished());
        assert_eq!(r.active(s(end + 500)), s(255));
        // Only the two minutes on the feet are massage.
        assert_eq!(r.on_feet(s(end + 500)), s(120));
        assert_eq!(r.massage_minutes(s(end + 500)), 2);
        assert!((0..5).all(|i| !r.was_skipped(i)), "nothing was skipped");
    }

    #[test]
    fn paused_time_is_excluded_and_the_clock_stops() {
        let mut r = both(12);
        r.toggle_pause(s(1030));
        assert!(r.is_paused());
        assert_eq!(r.tick(s(5000)), vec![], "nothing ends while paused");
        assert_eq!(r.remaining(s(5000)), s(30));
        r.toggle_pause(s(5000));
        assert_eq!(
            r.tick(s(5030)),
            vec![GuidedEvent::StepStarted(StepKind::Foot(Foot::Left))]
        );
        assert_eq!(r.active(s(5030)), s(60));
        assert_eq!(r.active(s(5090)), s(120));
    }

    #[test]
    fn skip_counts_only_the_time_spent() {
        let mut r = both(12);
        assert_eq!(
            r.skip(s(1010)),
            vec![GuidedEvent::StepStarted(StepKind::Foot(Foot::Left))]
        );
        assert_eq!(r.active(s(1010)), s(10));
        assert_eq!(r.remaining(s(1010)), s(12 * 60));
        r.toggle_pause(s(1100));
        r.skip(s(2000));
        assert!(r.is_paused(), "skipping while paused stays paused");
        assert_eq!(r.step().kind, StepKind::Switch);
        assert_eq!(r.active(s(9999)), s(100));
        r.skip(s(9999));
        r.skip(s(9999));
        let ev = r.skip(s(9999));
        assert_eq!(ev, vec![GuidedEvent::Finished]);
        assert_eq!(r.skip(s(10_000)), vec![], "nothing after the end");
        // 90 s on the left foot, none on the right.
        assert_eq!(r.on_feet(s(10_000)), s(90));
        assert_eq!(r.massage_minutes(s(10_000)), 2);
        assert_eq!(
            (0..5).map(|i| r.was_skipped(i)).collect::<Vec<_>>(),
            vec![true, true, true, true, true]
        );
    }

    #[test]
    fn minutes_are_at_least_one() {
        let mut r = both(1);
        assert_eq!(r.massage_minutes(s(1000)), 1);
        r.skip(s(1001));
        assert_eq!(r.massage_minutes(s(1001)), 1);
    }

    #[test]
    fn the_saved_minutes_are_the_time_on_the_feet() {
        // Left foot only, 3 minutes per foot, a 4-minute pause in the middle of it: 3 minutes
        // of massage, not 5 (preparing and finishing are not massage, the pause is not time).
        let mut r = GuidedRun::start(GuidedPlan::new(Feet::Left, 3).expect("plan"), s(0));
        r.tick(s(60));
        assert_eq!(r.step().kind, StepKind::Foot(Foot::Left));
        r.toggle_pause(s(150));
        r.toggle_pause(s(390));
        r.tick(s(390 + 90));
        assert_eq!(r.step().kind, StepKind::Finish);
        r.tick(s(390 + 90 + 60));
        assert!(r.is_finished());
        assert_eq!(r.on_feet(s(1000)), s(180));
        assert_eq!(r.massage_minutes(s(1000)), 3);
        assert!(!r.was_skipped(1), "the foot ran its full time");

        // Skipping the foot half way: one and a half minutes, and the step shows as skipped.
        let mut r = GuidedRun::start(GuidedPlan::new(Feet::Left, 3).expect("plan"), s(0));
        r.tick(s(60));
        r.skip(s(150));
        assert!(r.was_skipped(1) && !r.was_skipped(0));
        r.tick(s(1000));
        assert_eq!(r.massage_minutes(s(1000)), 2);
        assert_eq!(r.on_feet(s(1000)), s(90));
    }

    #[test]
    fn the_feet_saved_are_the_feet_massaged() {
        // Both planned, the right foot skipped at once: the left alone was massaged.
        let mut r = both(3);
        r.tick(s(1060));
        r.tick(s(1060 + 180 + 15));
        assert_eq!(r.step().kind, StepKind::Foot(Foot::Right));
        r.skip(s(1060 + 180 + 15 + 2));
        assert_eq!(r.feet_massaged(s(5000)), Some(Feet::Left));
        // Abandoned while preparing: no foot, nothing to save.
        let r = both(3);
        assert_eq!(r.feet_massaged(s(1050)), None);
        assert_eq!(r.on_feet(s(1050)), s(0));
    }
}
