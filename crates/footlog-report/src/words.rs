//! The report's words and numbers, shared by both formats so they say the same thing.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};

use footlog_core::domain::report::{GoalSpan, Outcome, PainSpan, Report, WeekRow};
use footlog_core::domain::text::plural;
use footlog_core::domain::{Session, WeekStart};

/// The plain statement under the title.
pub const NOT_A_RECORD: &str = "Self-reported information, not a medical record. It was logged by \
     the person it describes in footlog, a personal diary for foot massage, and has not been \
     checked by a clinician.";

/// Said under [`NOT_A_RECORD`] when damaged records were left out: `Incomplete: 1 damaged record
/// could not be read and is left out of this report.`
pub fn left_out(r: &Report) -> Option<String> {
    match r.damaged_left_out {
        0 => None,
        1 => Some(
            "Incomplete: 1 damaged record could not be read and is left out of this report.".into(),
        ),
        n => Some(format!(
            "Incomplete: {n} damaged records could not be read and are left out of this report."
        )),
    }
}

/// What the averages of What helped are.
pub const HELPED_INTRO: &str = "Average drop in tension (before − after, 0–10) per session, with \
     the number of sessions (n) each average rests on. Small groups say little; this is what the \
     notes show, not proof of cause.";

/// What the precautions are.
pub const PRECAUTIONS_INTRO: &str = "What the user set in footlog's health profile, and the \
     caution footlog showed them for it (from footlog's guide):";

/// A date in words: `7 September 2026`.
pub fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

/// A span of days in words: `9–29 November 2026`, `7 September – 29 November 2026`.
pub fn span(a: NaiveDate, b: NaiveDate) -> String {
    if (a.year(), a.month()) == (b.year(), b.month()) {
        format!("{}–{}", a.day(), day(b))
    } else if a.year() == b.year() {
        format!("{} – {}", a.format("%-d %B"), day(b))
    } else {
        format!("{} – {}", day(a), day(b))
    }
}

/// When the report was made: `Tuesday 1 December 2026 at 08:44`.
pub fn made(t: DateTime<FixedOffset>) -> String {
    t.format("%A %-d %B %Y at %H:%M").to_string()
}

/// The week definition: `Monday to Sunday`.
pub fn week_definition(ws: WeekStart) -> &'static str {
    match ws {
        WeekStart::Monday => "Monday to Sunday",
        WeekStart::Sunday => "Sunday to Saturday",
    }
}

/// `1 session` / `N sessions`.
pub fn sessions(n: impl Into<u64>) -> String {
    plural(n.into(), "session", "sessions")
}

/// `1 week` / `N weeks`.
pub fn weeks(n: impl Into<u64>) -> String {
    plural(n.into(), "week", "weeks")
}

/// An average with two decimals (as `footlog stats` and `insights`), or `–`.
pub fn num(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

/// The period line: `7 September – 29 November 2026 (12 weeks)`.
pub fn period(r: &Report) -> String {
    let n = r.weeks.len();
    format!("{} ({})", span(r.from, r.to), weeks(n as u64))
}

/// Said when the period asked for was rounded out to whole weeks.
pub fn rounded(r: &Report) -> Option<String> {
    r.asked
        .map(|(a, b)| format!("Asked for {}; rounded out to whole weeks.", span(a, b)))
}

fn goal_words(per_week: u8) -> String {
    format!(
        "{} a week",
        plural(u64::from(per_week), "session", "sessions")
    )
}

/// The goals in force: `1 session a week`, or each with its span when it changed.
pub fn goals(spans: &[GoalSpan]) -> String {
    match spans {
        [] => "–".into(),
        [one] => goal_words(one.per_week),
        many => many
            .iter()
            .map(|g| format!("{} ({})", goal_words(g.per_week), span(g.from, g.to)))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// `9 of 12 weeks`, out of the weeks since the first session (`2 of 2 weeks, since you started
/// in the week of 16 November 2026`), and `this week in progress` while it is.
pub fn weeks_met(r: &Report) -> String {
    let s = &r.summary;
    let since = s
        .counted_from
        .map(|from| format!(", since you started in the week of {}", day(from)))
        .unwrap_or_default();
    let progress = if s.in_progress {
        "; this week in progress"
    } else {
        ""
    };
    format!(
        "{} of {}{since}{progress}",
        s.weeks_met,
        weeks(s.weeks_counted as u64)
    )
}

/// The rest weeks with their reasons, or `none`.
pub fn rest_weeks(r: &Report) -> String {
    if r.summary.rest_weeks.is_empty() {
        return "none".into();
    }
    r.summary
        .rest_weeks
        .iter()
        .map(|(w, reason)| format!("week of {} ({reason})", day(*w)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// `3 weeks now; longest 6 weeks`.
pub fn streaks(r: &Report) -> String {
    let s = r.summary.streaks;
    format!("{} now; longest {}", weeks(s.current), weeks(s.longest))
}

/// `21.43 minutes` or `–`.
pub fn minutes(r: &Report) -> String {
    match r.summary.avg_minutes {
        Some(_) => format!("{} minutes", num(r.summary.avg_minutes)),
        None => "–".into(),
    }
}

/// `before 6.79, after 3.14; average drop 3.64`.
pub fn tension(r: &Report) -> String {
    let s = &r.summary;
    format!(
        "before {}, after {}; average drop {}",
        num(s.avg_before),
        num(s.avg_after),
        num(s.avg_drop)
    )
}

/// `7 September – 18 October 2026: 4.20 (n=5)`, or `…: not rated`.
pub fn pain_span(p: &PainSpan) -> String {
    match p.avg {
        Some(_) => format!("{}: {} (n={})", span(p.from, p.to), num(p.avg), p.n),
        None => format!("{}: not rated", span(p.from, p.to)),
    }
}

/// Pain in the halves of the period, or `None` when no session rated it.
pub fn pain(r: &Report) -> Option<String> {
    let parts: Vec<String> = r.summary.pain.iter().map(pain_span).collect();
    match parts.as_slice() {
        [] => None,
        [only] => Some(only.clone()),
        [first, second, ..] => Some(format!("first half {first}; second half {second}")),
    }
}

/// A week's outcome cell: `met`, `missed`, `rest (travel)`, `current` or `–`.
pub fn outcome(w: &WeekRow) -> String {
    match (w.outcome, &w.rest_reason) {
        (Outcome::Rest, Some(reason)) => format!("rest ({reason})"),
        (o, _) => o.as_str().to_string(),
    }
}

/// `roller 4.00 (n=3)`.
pub fn relief(r: &footlog_core::domain::insights::Relief) -> String {
    format!("{} {} (n={})", r.key, num(r.avg_drop), r.n)
}

/// Said when a What helped group has no sessions.
/// What the sleep-diary section is, and what it is not.
pub const DIARY_INTRO: &str = "The core items of the Consensus Sleep Diary (Carney et al., SLEEP \
     2012;35(2):287–302) as the user noted them, each optional. Time in bed = out of bed − into \
     bed; total sleep = final awakening − tried to sleep − time to fall asleep − time awake after \
     falling asleep; efficiency = total sleep ÷ time in bed. Times before 12:00 are the next \
     morning; – where an item was not given.";

/// Said when no night of the period has diary items.
pub const NO_DIARY_NIGHTS: &str = "No night in this period has sleep-diary items.";

/// Said under the averages.
pub const DIARY_AVERAGES: &str = "Averages over the nights that give each figure, shown from 5 \
     such nights. This is what the notes show, not proof of cause.";

/// The columns of the nights' table.
pub const DIARY_COLUMNS: [&str; 12] = [
    "Night",
    "Quality",
    "Into bed",
    "Tried",
    "Fall asleep (min)",
    "Awakenings",
    "Awake (min)",
    "Woke",
    "Out of bed",
    "In bed (min)",
    "Total sleep (min)",
    "Efficiency (%)",
];

/// One night's cells, in [`DIARY_COLUMNS`] order (– for what is missing).
pub fn diary_cells(n: &footlog_core::domain::SleepNote) -> [String; 12] {
    fn or_dash<T: ToString>(v: Option<T>) -> String {
        v.map_or_else(|| "–".to_string(), |v| v.to_string())
    }
    let d = &n.fields.diary;
    [
        n.fields.night.format("%a %-d %b %Y").to_string(),
        n.fields.quality.to_string(),
        or_dash(d.bed),
        or_dash(d.tried),
        or_dash(d.latency_min),
        or_dash(d.awakenings),
        or_dash(d.awake_min),
        or_dash(d.woke),
        or_dash(d.up),
        or_dash(d.time_in_bed_min()),
        or_dash(d.total_sleep_min()),
        d.efficiency_pct()
            .map_or_else(|| "–".to_string(), |e| format!("{e:.1}")),
    ]
}

/// An average with one decimal (the diary's figures), or `–`.
pub fn num1(v: Option<f64>) -> String {
    v.map_or_else(|| "–".to_string(), |v| format!("{v:.1}"))
}

pub const NO_SESSIONS: &str = "too little data (no session in this period gives one)";

/// A session's start: `Mon 7 Sep 2026, 20:00`.
pub fn session_start(s: &Session) -> String {
    s.fields
        .started_at
        .format("%a %-d %b %Y, %H:%M")
        .to_string()
}

/// A session's areas, `arches, heels`, or `–`.
pub fn areas(s: &Session) -> String {
    if s.fields.areas.is_empty() {
        "–".into()
    } else {
        s.fields
            .areas
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `7 → 3`.
pub fn before_after(s: &Session) -> String {
    format!("{} → {}", s.fields.tension_before, s.fields.tension_after)
}

/// A rating or `–`.
pub fn rating(v: Option<u8>) -> String {
    v.map_or_else(|| "–".to_string(), |v| v.to_string())
}
