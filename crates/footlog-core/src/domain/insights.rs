//! What the user's own data says: tension relief by week, tool, area and length; sleep after
//! massage nights against other nights; the usual day and time of day.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Timelike, Weekday};
use serde::Serialize;

use super::diary::{Diary, round1};
use super::sleep::night_after_session;
use super::stats::round2;
use super::text::plural;
use super::week::{WeekStart, week_last_day};
use super::{Session, SleepNote};

/// Fewer nights than this in either group: too little data to compare sleep.
pub const MIN_NIGHTS: usize = 5;

/// Minutes buckets: (label, lowest, highest).
pub const MINUTE_BUCKETS: &[(&str, u16, u16)] = &[
    ("1-10", 1, 10),
    ("11-20", 11, 20),
    ("21-30", 21, 30),
    ("31-45", 31, 45),
    ("46+", 46, u16::MAX),
];

/// Times of day: (label, first hour, last hour).
pub const TIMES_OF_DAY: &[(&str, u32, u32)] = &[
    ("night (0-5)", 0, 5),
    ("morning (6-11)", 6, 11),
    ("afternoon (12-17)", 12, 17),
    ("evening (18-23)", 18, 23),
];

/// Average tension drop of a group of sessions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relief {
    /// What the group is (a tool, an area, a minutes bucket, a week).
    pub key: String,
    /// Sessions in the group.
    pub n: usize,
    /// Average of before − after, two decimals; `null` when n is 0.
    pub avg_drop: Option<f64>,
}

/// Sleep on one group of nights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SleepGroup {
    /// Nights with a sleep note in the group.
    pub n: usize,
    /// Average quality (1–5), `null` below [`MIN_NIGHTS`].
    pub avg_quality: Option<f64>,
    /// Average hours over nights that gave hours, `null` below [`MIN_NIGHTS`] or without hours.
    pub avg_hours: Option<f64>,
}

/// Sleep after massage nights against other nights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SleepComparison {
    /// Nights whose date is the local date of a session.
    pub after_session: SleepGroup,
    /// Every other night with a note.
    pub other_nights: SleepGroup,
    /// A plain sentence saying what the numbers show (or that there is too little data).
    pub summary: String,
}

/// The sleep diary's figures on one group of nights.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiaryGroup {
    /// Nights with a sleep note in the group.
    pub nights: usize,
    /// Average minutes to fall asleep, one decimal.
    pub latency_min: Option<f64>,
    /// Average minutes awake after sleep onset, one decimal.
    pub awake_min: Option<f64>,
    /// Average total sleep time in minutes, one decimal.
    pub total_sleep_min: Option<f64>,
    /// Average sleep efficiency, percent, one decimal.
    pub efficiency_pct: Option<f64>,
}

/// The sleep diary's figures on nights after a massage against other nights. Each average is
/// over the group's nights that give that figure, and `null` unless at least [`MIN_NIGHTS`] do.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SleepDiaryComparison {
    /// Nights that came after a session ([`night_after_session`]).
    pub after_massage: DiaryGroup,
    /// Every other night with a note.
    pub other_nights: DiaryGroup,
}

/// Everything the insights screen and `footlog insights` show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Insights {
    /// First day covered (the first day of the first week).
    pub from: NaiveDate,
    /// Last day covered (the last day of the current week).
    pub to: NaiveDate,
    /// How a week is defined, e.g. `Mon–Sun`.
    pub week: String,
    /// Sessions in the period.
    pub sessions: usize,
    /// Average tension drop per session over the period.
    pub avg_drop: Option<f64>,
    /// Per week, oldest first (`avg_drop` null for weeks without sessions).
    pub relief_by_week: Vec<Relief>,
    /// Per tool, most helpful first.
    pub relief_by_tool: Vec<Relief>,
    /// Per focus area (a session counts for each of its areas), most helpful first.
    pub relief_by_area: Vec<Relief>,
    /// Per minutes bucket, in bucket order.
    pub relief_by_minutes: Vec<Relief>,
    /// Sleep comparison.
    pub sleep: SleepComparison,
    /// The sleep diary's figures, compared the same way.
    pub sleep_diary: SleepDiaryComparison,
    /// Sessions per weekday, in the configured week order.
    pub by_weekday: Vec<(String, usize)>,
    /// Sessions per time of day.
    pub by_time_of_day: Vec<(String, usize)>,
    /// The weekday with most sessions, if any.
    pub usual_day: Option<String>,
    /// The time of day with most sessions, if any.
    pub usual_time: Option<String>,
}

fn relief(key: impl Into<String>, drops: &[i32]) -> Relief {
    let n = drops.len();
    let sum: i64 = drops.iter().map(|d| i64::from(*d)).sum();
    Relief {
        key: key.into(),
        n,
        avg_drop: (n > 0).then(|| round2(sum as f64 / n as f64)),
    }
}

/// Groups with fewer sessions than this are not ranked by their average: one session's drop
/// is no evidence that a tool or area helps most. They follow the ranked ones, most sessions
/// first.
pub const MIN_RANKED: usize = 3;

fn by_most_helpful(mut v: Vec<Relief>) -> Vec<Relief> {
    v.retain(|r| r.n > 0);
    v.sort_by(|a, b| {
        let ranked = |r: &Relief| r.n >= MIN_RANKED;
        ranked(b)
            .cmp(&ranked(a))
            .then_with(|| {
                if ranked(a) {
                    b.avg_drop
                        .partial_cmp(&a.avg_drop)
                        .unwrap_or(std::cmp::Ordering::Equal)
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .then(b.n.cmp(&a.n))
            .then(
                b.avg_drop
                    .partial_cmp(&a.avg_drop)
                    .unwrap_or(std::cmp::Ordering::Equal),
            )
            .then(a.key.cmp(&b.key))
    });
    v
}

fn sleep_group(notes: &[&SleepNote]) -> SleepGroup {
    let n = notes.len();
    let enough = n >= MIN_NIGHTS;
    let q: u64 = notes.iter().map(|s| u64::from(s.fields.quality)).sum();
    let hours: Vec<f64> = notes.iter().filter_map(|s| s.fields.hours).collect();
    SleepGroup {
        n,
        avg_quality: enough.then(|| round2(q as f64 / n as f64)),
        avg_hours: (enough && !hours.is_empty())
            .then(|| round2(hours.iter().sum::<f64>() / hours.len() as f64)),
    }
}

/// The average of the figures the nights give, one decimal; `None` below [`MIN_NIGHTS`] of them.
fn diary_average(values: impl Iterator<Item = Option<f64>>) -> Option<f64> {
    let given: Vec<f64> = values.flatten().collect();
    (given.len() >= MIN_NIGHTS).then(|| round1(given.iter().sum::<f64>() / given.len() as f64))
}

fn diary_group(notes: &[&SleepNote]) -> DiaryGroup {
    let diaries = || notes.iter().map(|n| &n.fields.diary);
    DiaryGroup {
        nights: notes.len(),
        latency_min: diary_average(diaries().map(|d| d.latency_min.map(f64::from))),
        awake_min: diary_average(diaries().map(|d| d.awake_min_or_none_woken().map(f64::from))),
        total_sleep_min: diary_average(diaries().map(|d| d.total_sleep_min().map(f64::from))),
        efficiency_pct: diary_average(diaries().map(Diary::efficiency_pct)),
    }
}

fn sleep_sentence(after: &SleepGroup, other: &SleepGroup) -> String {
    match (after.avg_quality, other.avg_quality) {
        (Some(a), Some(o)) => {
            let diff = round2(a - o);
            let how = if diff.abs() < 0.25 {
                "about the same as".to_string()
            } else if diff > 0.0 {
                format!("{diff:.2} points higher than")
            } else {
                format!("{:.2} points lower than", -diff)
            };
            format!(
                "On nights after a massage you rated your sleep {a:.2} of 5 on average ({}), \
                 {how} other nights ({o:.2}, {}). This is what your notes show, not proof of cause.",
                nights(after.n),
                nights(other.n)
            )
        }
        _ => format!(
            "Too little data to compare sleep yet: {} after a massage and {} \
             have notes; at least {MIN_NIGHTS} of each are needed.",
            nights(after.n),
            plural(count(other.n), "other night", "other nights")
        ),
    }
}

/// A count of notes as `u64`, for [`plural`].
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// "1 night" / "5 nights".
fn nights(n: usize) -> String {
    plural(count(n), "night", "nights")
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

fn most<'a>(counts: &'a [(String, usize)]) -> Option<String> {
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .fold(None::<&'a (String, usize)>, |best, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
        .map(|(k, _)| k.clone())
}

/// Computes insights over `weeks` weeks ending with the week holding `today`.
/// `sessions` and `sleep` may cover more; only the period is used.
pub fn compute_insights(
    sessions: &[Session],
    sleep: &[SleepNote],
    today: NaiveDate,
    ws: WeekStart,
    weeks: u32,
) -> Insights {
    let current = ws.week_of(today);
    let from = current - chrono::Duration::weeks(i64::from(weeks.max(1)) - 1);
    let to = week_last_day(current);
    let in_period: Vec<&Session> = sessions
        .iter()
        .filter(|s| (from..=to).contains(&s.fields.date()))
        .collect();
    let drops: Vec<i32> = in_period.iter().map(|s| s.fields.tension_drop()).collect();

    let mut per_week: BTreeMap<NaiveDate, Vec<i32>> = (0..weeks.max(1))
        .map(|i| (from + chrono::Duration::weeks(i64::from(i)), Vec::new()))
        .collect();
    let mut per_tool: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    let mut per_area: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
    let mut per_bucket: Vec<Vec<i32>> = vec![Vec::new(); MINUTE_BUCKETS.len()];
    let mut weekday = [0usize; 7];
    let mut tod = vec![0usize; TIMES_OF_DAY.len()];
    for s in &in_period {
        let f = &s.fields;
        let d = f.tension_drop();
        per_week.entry(ws.week_of(f.date())).or_default().push(d);
        per_tool.entry(f.tool.as_str()).or_default().push(d);
        for a in &f.areas {
            per_area.entry(a.as_str()).or_default().push(d);
        }
        if let Some(bucket) = MINUTE_BUCKETS
            .iter()
            .zip(per_bucket.iter_mut())
            .find_map(|((_, lo, hi), b)| (*lo..=*hi).contains(&f.minutes).then_some(b))
        {
            bucket.push(d);
        }
        let idx = f.date().weekday().days_since(ws.weekday());
        if let Some(n) = weekday.get_mut(usize::try_from(idx).unwrap_or(0) % 7) {
            *n += 1;
        }
        let h = f.started_at.hour();
        if let Some(n) = TIMES_OF_DAY
            .iter()
            .zip(tod.iter_mut())
            .find_map(|((_, lo, hi), n)| (*lo..=*hi).contains(&h).then_some(n))
        {
            *n += 1;
        }
    }
    let by_weekday: Vec<(String, usize)> = (0..7u8)
        .zip(weekday)
        .map(|(i, n)| {
            let day = (0..i).fold(ws.weekday(), |d, _| d.succ());
            (weekday_name(day).to_string(), n)
        })
        .collect();
    let by_time_of_day: Vec<(String, usize)> = TIMES_OF_DAY
        .iter()
        .zip(&tod)
        .map(|((k, _, _), n)| ((*k).to_string(), *n))
        .collect();

    // The nights the period's sessions came before (a session in the small hours belongs to
    // the night that began the evening before).
    let session_dates: std::collections::HashSet<NaiveDate> = in_period
        .iter()
        .map(|s| night_after_session(s.fields.started_at.naive_local()))
        .collect();
    let (after, other): (Vec<&SleepNote>, Vec<&SleepNote>) = sleep
        .iter()
        .filter(|n| (from..=to).contains(&n.fields.night))
        .partition(|n| session_dates.contains(&n.fields.night));
    let after_session = sleep_group(&after);
    let other_nights = sleep_group(&other);
    let summary = sleep_sentence(&after_session, &other_nights);
    let sleep_diary = SleepDiaryComparison {
        after_massage: diary_group(&after),
        other_nights: diary_group(&other),
    };

    Insights {
        from,
        to,
        week: ws.span_label().to_string(),
        sessions: in_period.len(),
        avg_drop: relief("all", &drops).avg_drop,
        relief_by_week: per_week
            .iter()
            .map(|(w, d)| relief(w.to_string(), d))
            .collect(),
        relief_by_tool: by_most_helpful(per_tool.iter().map(|(k, d)| relief(*k, d)).collect()),
        relief_by_area: by_most_helpful(per_area.iter().map(|(k, d)| relief(*k, d)).collect()),
        relief_by_minutes: MINUTE_BUCKETS
            .iter()
            .zip(&per_bucket)
            .map(|((k, _, _), d)| relief(*k, d))
            .collect(),
        sleep: SleepComparison {
            after_session,
            other_nights,
            summary,
        },
        sleep_diary,
        usual_day: most(&by_weekday),
        usual_time: most(&by_time_of_day),
        by_weekday,
        by_time_of_day,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset};
    use uuid::Uuid;

    use super::*;
    use crate::domain::{Area, SessionDraft, SleepFields, Tool};

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    fn session(
        when: &str,
        before: i64,
        after: i64,
        tool: Tool,
        areas: &[Area],
        minutes: i64,
    ) -> Session {
        let mut d = SessionDraft::new(at(when), before, after);
        d.tool = tool;
        d.areas = areas.to_vec();
        d.minutes = minutes;
        let now = at("2026-11-23T23:00:00+01:00");
        Session {
            uuid: Uuid::new_v4(),
            fields: d.validate(&now).expect("valid"),
            created_at: now,
            updated_at: now,
        }
    }

    fn night(date: &str, quality: u8, hours: Option<f64>) -> SleepNote {
        let now = at("2026-11-23T23:00:00+01:00");
        SleepNote {
            uuid: Uuid::new_v4(),
            fields: SleepFields {
                night: NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date"),
                quality,
                hours,
                note: None,
                diary: crate::domain::diary::Diary::default(),
            },
            created_at: now,
            updated_at: now,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date") // a Monday
    }

    #[test]
    fn relief_groups_match_hand_computed_values() {
        let s = vec![
            // week of 2026-11-16 (Mon–Sun)
            session(
                "2026-11-16T20:00:00+01:00",
                8,
                3,
                Tool::Roller,
                &[Area::Arches],
                15,
            ), // drop 5
            session(
                "2026-11-18T21:00:00+01:00",
                6,
                5,
                Tool::Hands,
                &[Area::Arches, Area::Heels],
                30,
            ), // 1
            // week of 2026-11-23
            session(
                "2026-11-23T07:30:00+01:00",
                7,
                4,
                Tool::Hands,
                &[Area::Heels],
                50,
            ), // 3
            // outside a 2-week period
            session("2026-11-01T20:00:00+01:00", 9, 0, Tool::Ball, &[], 20),
        ];
        let i = compute_insights(&s, &[], today(), WeekStart::Monday, 2);
        assert_eq!(i.from.to_string(), "2026-11-16");
        assert_eq!(i.to.to_string(), "2026-11-29");
        assert_eq!(i.week, "Mon–Sun");
        assert_eq!(i.sessions, 3);
        assert_eq!(i.avg_drop, Some(3.0));
        assert_eq!(
            i.relief_by_week,
            vec![relief("2026-11-16", &[5, 1]), relief("2026-11-23", &[3])]
        );
        assert_eq!(i.relief_by_week[0].avg_drop, Some(3.0));
        // Neither has the MIN_RANKED sessions a rank needs: the one with more comes first,
        // not the lone roller session with its larger drop.
        assert_eq!(
            i.relief_by_tool,
            vec![relief("hands", &[1, 3]), relief("roller", &[5])]
        );
        assert_eq!(
            i.relief_by_area,
            vec![relief("arches", &[5, 1]), relief("heels", &[1, 3])]
        );
        let mins: Vec<(String, usize)> = i
            .relief_by_minutes
            .iter()
            .map(|r| (r.key.clone(), r.n))
            .collect();
        assert_eq!(mins[1], ("11-20".to_string(), 1));
        assert_eq!(mins[2], ("21-30".to_string(), 1));
        assert_eq!(mins[4], ("46+".to_string(), 1));
        assert_eq!(i.usual_day.as_deref(), Some("Mon"));
        assert_eq!(i.usual_time.as_deref(), Some("evening (18-23)"));
        assert_eq!(i.by_weekday[0], ("Mon".to_string(), 2));
        assert_eq!(i.by_time_of_day[1], ("morning (6-11)".to_string(), 1));
    }

    #[test]
    fn sunday_weeks_order_weekdays_from_sunday() {
        let s = vec![session(
            "2026-11-22T20:00:00+01:00",
            5,
            2,
            Tool::Hands,
            &[],
            20,
        )];
        let i = compute_insights(&s, &[], today(), WeekStart::Sunday, 1);
        assert_eq!(i.from.to_string(), "2026-11-22");
        assert_eq!(i.week, "Sun–Sat");
        assert_eq!(i.by_weekday[0], ("Sun".to_string(), 1));
        assert_eq!(i.usual_day.as_deref(), Some("Sun"));
    }

    #[test]
    fn too_little_sleep_data_counts_one_night_in_the_singular() {
        let mut s = vec![session(
            "2026-11-11T20:00:00+01:00",
            6,
            3,
            Tool::Hands,
            &[],
            20,
        )];
        let mut notes = vec![
            night("2026-11-11", 5, Some(8.0)),
            night("2026-11-03", 3, Some(6.0)),
        ];
        let i = compute_insights(&s, &notes, today(), WeekStart::Monday, 4);
        assert_eq!(
            i.sleep.summary,
            "Too little data to compare sleep yet: 1 night after a massage and 1 other night \
             have notes; at least 5 of each are needed."
        );
        s.push(session(
            "2026-11-12T20:00:00+01:00",
            6,
            3,
            Tool::Hands,
            &[],
            20,
        ));
        notes.push(night("2026-11-12", 4, Some(7.0)));
        notes.push(night("2026-11-04", 3, Some(6.0)));
        let i = compute_insights(&s, &notes, today(), WeekStart::Monday, 4);
        assert!(
            i.sleep
                .summary
                .contains(": 2 nights after a massage and 2 other nights have notes"),
            "{}",
            i.sleep.summary
        );
    }

    #[test]
    fn sleep_needs_five_nights_in_each_group() {
        let mut s = Vec::new();
        let mut notes = Vec::new();
        for d in 1..=5 {
            s.push(session(
                &format!("2026-11-{:02}T20:00:00+01:00", d + 10),
                6,
                3,
                Tool::Hands,
                &[],
                20,
            ));
            notes.push(night(&format!("2026-11-{:02}", d + 10), 5, Some(8.0)));
        }
        for d in 1..=4 {
            notes.push(night(&format!("2026-11-{:02}", d + 2), 3, Some(6.0)));
        }
        let i = compute_insights(&s, &notes, today(), WeekStart::Monday, 4);
        assert_eq!(i.sleep.after_session.n, 5);
        assert_eq!(i.sleep.other_nights.n, 4);
        assert_eq!(i.sleep.other_nights.avg_quality, None);
        assert!(
            i.sleep.summary.starts_with("Too little data"),
            "{}",
            i.sleep.summary
        );

        notes.push(night("2026-11-09", 2, None));
        let i = compute_insights(&s, &notes, today(), WeekStart::Monday, 4);
        assert_eq!(i.sleep.after_session.avg_quality, Some(5.0));
        assert_eq!(i.sleep.after_session.avg_hours, Some(8.0));
        assert_eq!(i.sleep.other_nights.avg_quality, Some(2.8)); // (3*4 + 2) / 5
        assert_eq!(i.sleep.other_nights.avg_hours, Some(6.0)); // the night without hours is left out
        assert!(
            i.sleep.summary.contains("2.20 points higher"),
            "{}",
            i.sleep.summary
        );
        assert!(!i.sleep.summary.contains("improves"));
    }

    #[test]
    fn empty_data_gives_no_numbers() {
        let i = compute_insights(&[], &[], today(), WeekStart::Monday, 12);
        assert_eq!(i.sessions, 0);
        assert_eq!(i.avg_drop, None);
        assert_eq!(i.relief_by_week.len(), 12);
        assert!(i.relief_by_tool.is_empty());
        assert_eq!(i.usual_day, None);
    }

    #[test]
    fn a_group_of_one_session_is_never_ranked_first() {
        let v = by_most_helpful(vec![
            relief("electric", &[4]),
            relief("hands", &[2, 3, 2, 2]),
            relief("roller", &[3, 3, 3]),
            relief("ball", &[1, 5]),
        ]);
        let keys: Vec<&str> = v.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["roller", "hands", "ball", "electric"]);
    }

    fn diary_night(date: &str, latency: i64, awakenings: i64, awake: Option<i64>) -> SleepNote {
        let mut n = night(date, 3, None);
        n.fields = crate::domain::SleepDraft {
            night: n.fields.night,
            quality: 3,
            hours: None,
            note: None,
            diary: crate::domain::diary::DiaryDraft {
                bed: Some("22:00".into()),
                tried: Some("22:30".into()),
                latency_min: Some(latency),
                awakenings: Some(awakenings),
                awake_min: awake,
                woke: Some("06:30".into()),
                up: Some("07:00".into()),
            },
        }
        .validate()
        .expect("valid diary");
        n
    }

    #[test]
    fn the_sleep_diary_compares_massage_nights_by_hand_and_hides_small_groups() {
        let s = vec![
            session("2026-11-16T20:00:00+01:00", 6, 3, Tool::Hands, &[], 15),
            session("2026-11-17T20:00:00+01:00", 6, 3, Tool::Hands, &[], 15),
            session("2026-11-18T20:00:00+01:00", 6, 3, Tool::Hands, &[], 15),
            session("2026-11-19T20:00:00+01:00", 6, 3, Tool::Hands, &[], 15),
            // In the small hours: before the night that began on the 20th.
            session("2026-11-21T00:30:00+01:00", 6, 3, Tool::Hands, &[], 15),
        ];
        // Every night: in bed 22:00→07:00 = 540 min, tried 22:30 → woke 06:30 = 480 min.
        let sleep = vec![
            diary_night("2026-11-16", 10, 0, None), // no awakenings: awake 0; asleep 470; 87.0 %
            diary_night("2026-11-17", 20, 1, Some(10)), // 450; 83.3 %
            diary_night("2026-11-18", 30, 1, Some(20)), // 430; 79.6 %
            diary_night("2026-11-19", 10, 2, Some(30)), // 440; 81.5 %
            diary_night("2026-11-20", 30, 2, Some(40)), // 410; 75.9 %
            // Other nights: four, too few to show.
            diary_night("2026-11-21", 5, 0, Some(0)),
            diary_night("2026-11-22", 5, 0, Some(0)),
            diary_night("2026-11-23", 5, 0, Some(0)),
            night("2026-11-15", 4, Some(8.0)), // outside the period
        ];
        let i = compute_insights(&s, &sleep, today(), WeekStart::Monday, 2);
        let a = &i.sleep_diary.after_massage;
        assert_eq!(a.nights, 5);
        assert_eq!(a.latency_min, Some(20.0)); // (10+20+30+10+30) / 5
        assert_eq!(a.awake_min, Some(20.0)); // (0+10+20+30+40) / 5
        assert_eq!(a.total_sleep_min, Some(440.0)); // (470+450+430+440+410) / 5
        assert_eq!(a.efficiency_pct, Some(81.5)); // (87.0+83.3+79.6+81.5+75.9) / 5 = 81.46
        let o = &i.sleep_diary.other_nights;
        assert_eq!(o.nights, 3);
        assert_eq!(
            (
                o.latency_min,
                o.awake_min,
                o.total_sleep_min,
                o.efficiency_pct
            ),
            (None, None, None, None)
        );
        let json = serde_json::to_value(&i).expect("json");
        assert_eq!(
            json["sleep_diary"]["other_nights"],
            serde_json::json!({"nights": 3, "latency_min": null, "awake_min": null,
                "total_sleep_min": null, "efficiency_pct": null})
        );
        // Nights without the items count as nights but give no figure.
        let mut fewer = sleep.clone();
        fewer[0] = night("2026-11-16", 3, Some(7.0));
        let i = compute_insights(&s, &fewer, today(), WeekStart::Monday, 2);
        assert_eq!(i.sleep_diary.after_massage.nights, 5);
        assert_eq!(i.sleep_diary.after_massage.latency_min, None);
    }
}
