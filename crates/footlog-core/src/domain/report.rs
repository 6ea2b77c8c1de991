//! The report for a physiotherapist, podiatrist or doctor: every number it holds, computed from
//! domain types and the clock. The numbers come from the same rules as `footlog week`, `stats`
//! and `insights` (week outcomes, streaks, relief groups, the sleep comparison and its wording).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};

use super::damaged::Damaged;
use super::health::HealthProfile;
use super::insights::{Relief, SleepComparison, SleepDiaryComparison, compute_insights};
use super::stats::avg;
use super::week::{Streaks, WeekStart, WeekSummary, week_last_day, weeks_between};
use super::{Session, SleepNote, ValidationError};

/// The most weeks a report covers (ten years), as `footlog week --weeks`.
pub const MAX_WEEKS: u32 = 520;
/// The weeks a report covers when none are asked for.
pub const DEFAULT_WEEKS: u32 = 12;
/// Longest name in the report's title, in characters.
pub const NAME_MAX_CHARS: usize = 100;

/// The whole weeks a report covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportPeriod {
    /// The first day of the first week.
    pub first: NaiveDate,
    /// How many weeks, 1–520.
    pub weeks: u32,
    /// The days asked for, when they were rounded out to whole weeks.
    pub asked: Option<(NaiveDate, NaiveDate)>,
}

impl ReportPeriod {
    /// `weeks` weeks ending with the week holding `today`.
    pub fn last_weeks(
        today: NaiveDate,
        ws: WeekStart,
        weeks: u32,
    ) -> Result<Self, ValidationError> {
        check_weeks("weeks", i64::from(weeks))?;
        let first = ws.week_of(today) - Duration::weeks(i64::from(weeks) - 1);
        Ok(Self {
            first,
            weeks,
            asked: None,
        })
    }

    /// The weeks holding `since` to `until`, rounded out to whole weeks.
    pub fn between(
        since: NaiveDate,
        until: NaiveDate,
        ws: WeekStart,
    ) -> Result<Self, ValidationError> {
        if since > until {
            return Err(ValidationError::new(
                "since",
                format!("{since} is after the last day {until}"),
            ));
        }
        let first = ws.week_of(since);
        let n = weeks_between(first, ws.week_of(until)) + 1;
        check_weeks("since", n)?;
        let weeks = u32::try_from(n).unwrap_or(MAX_WEEKS);
        let rounded = since != first || until != week_last_day(ws.week_of(until));
        Ok(Self {
            first,
            weeks,
            asked: rounded.then_some((since, until)),
        })
    }

    /// The first day of the last week.
    pub fn last_week(&self) -> NaiveDate {
        self.first + Duration::weeks(i64::from(self.weeks) - 1)
    }

    /// The last day of the period.
    pub fn last(&self) -> NaiveDate {
        week_last_day(self.last_week())
    }
}

fn check_weeks(field: &'static str, n: i64) -> Result<(), ValidationError> {
    if (1..=i64::from(MAX_WEEKS)).contains(&n) {
        Ok(())
    } else if field == "weeks" {
        Err(ValidationError::range("weeks", 1, i64::from(MAX_WEEKS), n))
    } else {
        Err(ValidationError::new(
            field,
            format!("the period would be {n} weeks; a report covers at most {MAX_WEEKS}"),
        ))
    }
}

/// Validates the config's `[report] name`: trimmed, one line, at most 100 characters; blank is none.
pub fn validate_name(name: &str) -> Result<Option<String>, ValidationError> {
    let n = name.trim();
    if n.is_empty() {
        return Ok(None);
    }
    super::session::check_no_control_chars("report.name", n)?;
    if n.contains(['\n', '\r', '\t']) {
        return Err(ValidationError::new("report.name", "must be one line"));
    }
    let count = n.chars().count();
    if count > NAME_MAX_CHARS {
        return Err(ValidationError::new(
            "report.name",
            format!("must be at most {NAME_MAX_CHARS} characters (got {count})"),
        ));
    }
    Ok(Some(n.to_string()))
}

/// What the store reads for a report.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportInput {
    /// The first day of the week.
    pub week_start: WeekStart,
    /// The period's weeks, oldest first, as `footlog week` gives them.
    pub weeks: Vec<WeekSummary>,
    /// The sessions whose local date is in the period.
    pub sessions: Vec<Session>,
    /// The sleep notes whose night is in the period.
    pub sleep: Vec<SleepNote>,
    /// Current and longest streak, ending with the period's last week (or this week, if earlier).
    pub streaks: Streaks,
    /// The health profile.
    pub health: HealthProfile,
    /// The period's sessions and sleep notes that could not be read, left out of the rest.
    pub damaged: Vec<Damaged>,
}

/// How a week went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Sessions reached the goal.
    Met,
    /// The goal was missed.
    Missed,
    /// A rest week that missed its goal (neither breaks nor extends a streak).
    Rest,
    /// This week, not over yet and not met so far.
    Current,
    /// A week before the first session ever logged, or one still to come: no outcome.
    NoOutcome,
}

impl Outcome {
    /// The word in the reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Met => "met",
            Outcome::Missed => "missed",
            Outcome::Rest => "rest",
            Outcome::Current => "current",
            Outcome::NoOutcome => "–",
        }
    }
}

/// One row of the weekly table.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekRow {
    /// The week's first day.
    pub week_start: NaiveDate,
    /// Sessions in the week.
    pub sessions: u32,
    /// The goal in force.
    pub goal: u8,
    /// How it went.
    pub outcome: Outcome,
    /// The rest reason, for a rest week.
    pub rest_reason: Option<String>,
    /// Average tension before, over the week's sessions.
    pub avg_before: Option<f64>,
    /// Average tension after.
    pub avg_after: Option<f64>,
    /// Average pain over the week's sessions that rated it.
    pub avg_pain: Option<f64>,
}

/// Average pain over part of the period.
#[derive(Debug, Clone, PartialEq)]
pub struct PainSpan {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Sessions that rated pain.
    pub n: usize,
    /// Their average pain, two decimals; `None` when n is 0.
    pub avg: Option<f64>,
}

/// The goal in force over a run of weeks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalSpan {
    /// The first week's first day.
    pub from: NaiveDate,
    /// The last week's last day.
    pub to: NaiveDate,
    /// Sessions per week.
    pub per_week: u8,
}

/// The Summary section.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Sessions in the period.
    pub sessions: usize,
    /// Weeks in the period.
    pub weeks: usize,
    /// Weeks that met their goal.
    pub weeks_met: usize,
    /// The weeks `weeks_met` is out of: from the first week with a session on (weeks before
    /// it had nothing due), leaving out this week while it is still in progress (a week that
    /// has met its goal already counts), any week after it, and rest weeks (neither met nor
    /// missed, unless their goal was met).
    pub weeks_counted: usize,
    /// The first counted week's first day, when it is later than the period's start (the user
    /// began within the period).
    pub counted_from: Option<NaiveDate>,
    /// This week is in the period and still in progress (its goal not met yet).
    pub in_progress: bool,
    /// Rest weeks: (first day, reason).
    pub rest_weeks: Vec<(NaiveDate, String)>,
    /// Current and longest streak in weeks.
    pub streaks: Streaks,
    /// Average minutes per session.
    pub avg_minutes: Option<f64>,
    /// Average tension before.
    pub avg_before: Option<f64>,
    /// Average tension after.
    pub avg_after: Option<f64>,
    /// Average drop (before − after) per session.
    pub avg_drop: Option<f64>,
    /// Pain in the first half and in the second half of the days that hold ratings (from the
    /// first rated session to the last; one span when they fall on one day); empty when no
    /// session in the period rated pain.
    pub pain: Vec<PainSpan>,
}

/// A condition set in the health profile, with the caution footlog shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Precaution {
    /// The condition as the profile names it.
    pub condition: &'static str,
    /// The caution footlog showed the user (the guide's words).
    pub caution: &'static str,
}

/// Everything a report holds, in the order it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// The name from the config, if any.
    pub name: Option<String>,
    /// The first day of the period.
    pub from: NaiveDate,
    /// The last day of the period.
    pub to: NaiveDate,
    /// The days asked for, when the period was rounded out to whole weeks.
    pub asked: Option<(NaiveDate, NaiveDate)>,
    /// When the report was made.
    pub made: DateTime<FixedOffset>,
    /// How a week is defined, e.g. `Mon–Sun`.
    pub week: &'static str,
    /// The first day of the week.
    pub week_start: WeekStart,
    /// The goals in force over the period, oldest first.
    pub goals: Vec<GoalSpan>,
    /// The Summary section.
    pub summary: Summary,
    /// One row per week, oldest first.
    pub weeks: Vec<WeekRow>,
    /// Relief by tool, most helpful first (Insights' groups).
    pub by_tool: Vec<Relief>,
    /// Relief by focus area, most helpful first.
    pub by_area: Vec<Relief>,
    /// Relief by session length, in bucket order, empty buckets left out.
    pub by_minutes: Vec<Relief>,
    /// Sleep after massage nights against other nights, with Insights' wording.
    pub sleep: SleepComparison,
    /// The sleep diary's averages after massage nights and on other nights (Insights').
    pub sleep_diary: SleepDiaryComparison,
    /// The period's nights with any sleep-diary item, oldest first.
    pub diary_nights: Vec<SleepNote>,
    /// The health profile's conditions; empty when none is set.
    pub precautions: Vec<Precaution>,
    /// Every session in the period, oldest first.
    pub sessions: Vec<Session>,
    /// Records of the period that could not be read and are left out of every number; the
    /// report says so, so that the copy a clinician reads is never silently incomplete.
    pub damaged_left_out: usize,
}

fn mean(values: impl Iterator<Item = u8>) -> Option<f64> {
    let (n, sum) = values.fold((0u64, 0u64), |(n, s), v| (n + 1, s + u64::from(v)));
    avg(sum, n)
}

fn outcome(w: &WeekSummary, current: NaiveDate) -> Outcome {
    if w.met {
        Outcome::Met
    } else if w.rest {
        Outcome::Rest
    } else if w.week_start == current {
        Outcome::Current
    } else if w.week_start > current || w.before_first {
        Outcome::NoOutcome
    } else {
        Outcome::Missed
    }
}

fn goal_spans(weeks: &[WeekSummary]) -> Vec<GoalSpan> {
    let mut spans: Vec<GoalSpan> = Vec::new();
    for w in weeks {
        match spans.last_mut() {
            Some(s) if s.per_week == w.goal => s.to = week_last_day(w.week_start),
            _ => spans.push(GoalSpan {
                from: w.week_start,
                to: week_last_day(w.week_start),
                per_week: w.goal,
            }),
        }
    }
    spans
}

fn pain_span(sessions: &[Session], from: NaiveDate, to: NaiveDate) -> PainSpan {
    let pains: Vec<u8> = sessions
        .iter()
        .filter(|s| (from..=to).contains(&s.fields.date()))
        .filter_map(|s| s.fields.pain)
        .collect();
    PainSpan {
        from,
        to,
        n: pains.len(),
        avg: mean(pains.into_iter()),
    }
}

/// Pain in the first and the second half of the days that hold ratings, not of the calendar:
/// a first half without any rating would say nothing. One span when they fall on one day.
fn pain_halves(sessions: &[Session]) -> Vec<PainSpan> {
    let rated: Vec<NaiveDate> = sessions
        .iter()
        .filter(|s| s.fields.pain.is_some())
        .map(|s| s.fields.date())
        .collect();
    match (rated.first(), rated.last()) {
        (Some(&first), Some(&last)) if first < last => {
            let second = first + Duration::days(((last - first).num_days() + 1) / 2);
            vec![
                pain_span(sessions, first, second - Duration::days(1)),
                pain_span(sessions, second, last),
            ]
        }
        (Some(&first), Some(&last)) => vec![pain_span(sessions, first, last)],
        _ => Vec::new(),
    }
}

fn precautions(p: HealthProfile) -> Vec<Precaution> {
    let conditions = [
        (p.diabetes_or_neuropathy, "Diabetes or neuropathy"),
        (p.circulation_problems, "Circulation problems"),
        (p.pregnancy, "Pregnancy"),
    ];
    conditions
        .iter()
        .filter(|(set, _)| *set)
        .map(|(_, c)| *c)
        .zip(p.cautions())
        .map(|(condition, caution)| Precaution { condition, caution })
        .collect()
}

/// Builds the report for `period` from what the store read, made at `now` (the clock).
pub fn build_report(
    period: &ReportPeriod,
    input: ReportInput,
    name: Option<String>,
    now: DateTime<FixedOffset>,
) -> Report {
    let ws = input.week_start;
    let (from, to) = (period.first, period.last());
    let mut sessions: Vec<Session> = input
        .sessions
        .into_iter()
        .filter(|s| (from..=to).contains(&s.fields.date()))
        .collect();
    sessions.sort_by_key(|s| (s.fields.started_at, s.uuid));
    let insights = compute_insights(&sessions, &input.sleep, to, ws, period.weeks);
    let current = ws.week_of(now.date_naive());
    let mut diary_nights: Vec<SleepNote> = input
        .sleep
        .iter()
        .filter(|n| (from..=to).contains(&n.fields.night) && !n.fields.diary.is_empty())
        .cloned()
        .collect();
    diary_nights.sort_by_key(|n| n.fields.night);

    let weeks: Vec<WeekRow> = input
        .weeks
        .iter()
        .map(|w| {
            let last = week_last_day(w.week_start);
            let in_week = || {
                sessions
                    .iter()
                    .filter(move |s| (w.week_start..=last).contains(&s.fields.date()))
            };
            WeekRow {
                week_start: w.week_start,
                sessions: w.sessions,
                goal: w.goal,
                outcome: outcome(w, current),
                rest_reason: w.rest_reason.clone(),
                avg_before: mean(in_week().map(|s| s.fields.tension_before)),
                avg_after: mean(in_week().map(|s| s.fields.tension_after)),
                avg_pain: mean(in_week().filter_map(|s| s.fields.pain)),
            }
        })
        .collect();

    let pain = pain_halves(&sessions);
    let counted: Vec<&WeekSummary> = input
        .weeks
        .iter()
        .filter(|w| {
            let over_or_met = w.week_start < current || (w.week_start == current && w.met);
            // A rest week that did not meet its goal was neither met nor missed.
            !w.before_first && over_or_met && (w.met || !w.rest)
        })
        .collect();
    let in_progress = input
        .weeks
        .iter()
        .any(|w| w.week_start == current && !w.met && !w.rest);
    let n = sessions.len() as u64;
    let minutes: u64 = sessions.iter().map(|s| u64::from(s.fields.minutes)).sum();
    let summary = Summary {
        sessions: sessions.len(),
        weeks: input.weeks.len(),
        weeks_met: input.weeks.iter().filter(|w| w.met).count(),
        weeks_counted: counted.len(),
        counted_from: counted.first().map(|w| w.week_start).filter(|&d| d > from),
        in_progress,
        rest_weeks: input
            .weeks
            .iter()
            .filter_map(|w| w.rest_reason.clone().map(|r| (w.week_start, r)))
            .collect(),
        streaks: input.streaks,
        avg_minutes: avg(minutes, n),
        avg_before: mean(sessions.iter().map(|s| s.fields.tension_before)),
        avg_after: mean(sessions.iter().map(|s| s.fields.tension_after)),
        avg_drop: insights.avg_drop,
        pain,
    };
    let mut by_minutes = insights.relief_by_minutes;
    by_minutes.retain(|r| r.n > 0);
    Report {
        name,
        from,
        to,
        asked: period.asked,
        made: now,
        week: ws.span_label(),
        week_start: ws,
        goals: goal_spans(&input.weeks),
        summary,
        weeks,
        by_tool: insights.relief_by_tool,
        by_area: insights.relief_by_area,
        by_minutes,
        sleep: insights.sleep,
        sleep_diary: insights.sleep_diary,
        diary_nights,
        precautions: precautions(input.health),
        sessions,
        damaged_left_out: input.damaged.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn periods_are_whole_weeks_and_say_when_they_were_rounded() {
        let p = ReportPeriod::last_weeks(d("2026-11-25"), WeekStart::Monday, 12).expect("valid");
        assert_eq!(
            (p.first, p.last(), p.asked),
            (d("2026-09-07"), d("2026-11-29"), None)
        );
        let p = ReportPeriod::between(d("2026-11-04"), d("2026-11-20"), WeekStart::Monday)
            .expect("valid");
        assert_eq!(
            (p.first, p.last(), p.weeks),
            (d("2026-11-02"), d("2026-11-22"), 3)
        );
        assert_eq!(p.asked, Some((d("2026-11-04"), d("2026-11-20"))));
        let p = ReportPeriod::between(d("2026-11-01"), d("2026-11-14"), WeekStart::Sunday)
            .expect("valid");
        assert_eq!((p.weeks, p.asked), (2, None));
        assert!(
            ReportPeriod::between(d("2026-11-02"), d("2026-11-01"), WeekStart::Monday).is_err()
        );
        assert!(
            ReportPeriod::between(d("2000-01-01"), d("2026-11-01"), WeekStart::Monday).is_err()
        );
        assert!(ReportPeriod::last_weeks(d("2026-11-25"), WeekStart::Monday, 0).is_err());
        assert!(ReportPeriod::last_weeks(d("2026-11-25"), WeekStart::Monday, 521).is_err());
        assert!(ReportPeriod::last_weeks(d("2026-11-25"), WeekStart::Monday, 520).is_ok());
    }

    #[test]
    fn names_are_one_trimmed_line() {
        assert_eq!(
            validate_name("  Ann Example ").expect("ok").as_deref(),
            Some("Ann Example")
        );
        assert_eq!(validate_name("   ").expect("blank is none"), None);
        assert!(validate_name("a\nb").is_err());
        assert!(validate_name(&"x".repeat(101)).is_err());
    }
}
