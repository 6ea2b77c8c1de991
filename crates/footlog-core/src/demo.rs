//! Realistic sample data for `footlog --demo` and for benchmarks: a deterministic generator.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime};

use crate::domain::import::ImportBatch;
use crate::domain::record::ImportMeta;
use crate::domain::{
    Area, Feet, GoalChange, RestMark, SessionDraft, SessionFields, SleepDraft, SleepFields, Tool,
    WeekStart,
};
use crate::store::{Result, Store};

/// A small, seeded pseudo-random generator (SplitMix64): the same seed gives the same data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1).max(1);
        lo + i64::try_from(self.next_u64() % span).unwrap_or(0)
    }

    /// True with probability `p` (0–1).
    pub fn chance(&mut self, p: f64) -> bool {
        // 53 random bits make an exact f64 in [0, 1).
        ((self.next_u64() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    /// One of `items`; `None` only when there are none.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        let i = usize::try_from(self.range(0, i64::try_from(items.len()).unwrap_or(1) - 1))
            .unwrap_or(0);
        items.get(i).copied()
    }
}

const OILS: &[Option<&str>] = &[
    None,
    Some("lavender oil"),
    Some("peppermint lotion"),
    Some("almond oil"),
    Some("eucalyptus balm"),
];
const NOTES: &[Option<&str>] = &[
    None,
    None,
    None,
    Some("Long day on my feet; arches were tight."),
    Some("Took it slow, soft music."),
    Some("Right heel sore after running."),
    Some("Felt very relaxed afterwards."),
    Some("Short one before bed."),
];

/// Generates `weeks` weeks of sessions and sleep notes ending on `now`'s date.
/// Some weeks are missed, two are rest weeks, and the goal rises from 1 to 2 part-way.
pub fn generate(now: &DateTime<FixedOffset>, weeks: u32, seed: u64) -> ImportBatch {
    let mut rng = Rng::new(seed);
    let today = now.date_naive();
    let first = WeekStart::Monday.week_of(today) - Duration::weeks(i64::from(weeks) - 1);
    let goal_change = first + Duration::weeks(i64::from(weeks) * 2 / 3);
    let mut batch = ImportBatch {
        week_start: Some(WeekStart::Monday),
        goals: vec![
            GoalChange {
                effective_from: first,
                per_week: 1,
            },
            GoalChange {
                effective_from: goal_change,
                per_week: 2,
            },
        ],
        ..ImportBatch::default()
    };
    let rest_weeks = [weeks / 4, weeks / 2 + 3];
    for w in 0..weeks {
        let week = first + Duration::weeks(i64::from(w));
        if rest_weeks.contains(&w) {
            let reason = if w == rest_weeks[0] {
                "travel"
            } else {
                "sprained ankle"
            };
            batch.rest_marks.push(RestMark {
                date: week + Duration::days(2),
                reason: reason.into(),
            });
            continue;
        }
        let busy = rng.chance(0.15);
        let count = if busy {
            0
        } else if week >= goal_change {
            rng.range(1, 3)
        } else {
            rng.range(1, 2)
        };
        let mut days: Vec<i64> = (0..count).map(|_| rng.range(0, 6)).collect();
        days.sort_unstable();
        days.dedup();
        for d in days {
            if let Some(session) = session_on(&mut rng, week + Duration::days(d), now) {
                batch.sessions.push(session);
            }
        }
    }
    let session_nights: Vec<NaiveDate> = batch.sessions.iter().map(|(_, f)| f.date()).collect();
    batch.sleep_notes = sleep_notes(&mut rng, first, now, &session_nights);
    batch
}

/// One session on `date` at a random evening time, unless that is after `now` or invalid.
fn session_on(
    rng: &mut Rng,
    date: NaiveDate,
    now: &DateTime<FixedOffset>,
) -> Option<(ImportMeta, SessionFields)> {
    let offset = *now.offset();
    let time = NaiveTime::from_hms_opt(
        u32::try_from(rng.range(18, 22)).unwrap_or(20),
        u32::try_from(rng.range(0, 11) * 5).unwrap_or(0),
        0,
    )
    .unwrap_or(NaiveTime::MIN);
    let at = date.and_time(time).and_local_timezone(offset).single()?;
    if at > *now {
        return None;
    }
    let before = rng.range(4, 8);
    let mut draft = SessionDraft::new(at, before, (before - rng.range(1, 4)).max(0));
    draft.minutes = rng.range(2, 8) * 5;
    let feet = [Feet::Both, Feet::Both, Feet::Both, Feet::Left, Feet::Right];
    draft.feet = rng.pick(&feet).unwrap_or(Feet::Both);
    draft.tool = rng
        .pick(&[
            Tool::Hands,
            Tool::Hands,
            Tool::Roller,
            Tool::Ball,
            Tool::Electric,
            Tool::Professional,
        ])
        .unwrap_or(Tool::Hands);
    draft.areas = Area::ALL
        .iter()
        .copied()
        .filter(|_| rng.chance(0.45))
        .collect();
    draft.oil = rng.pick(OILS).flatten().map(str::to_string);
    draft.pain = rng.chance(0.3).then(|| rng.range(0, 4));
    draft.note = rng.pick(NOTES).flatten().map(str::to_string);
    let fields = draft.validate(now).ok()?;
    Some((meta(rng, &at), fields))
}

/// Sleep notes for most nights from `first` up to `now`'s date, a little better after a session.
fn sleep_notes(
    rng: &mut Rng,
    first: NaiveDate,
    now: &DateTime<FixedOffset>,
    session_nights: &[NaiveDate],
) -> Vec<(ImportMeta, SleepFields)> {
    let (offset, today) = (*now.offset(), now.date_naive());
    let mut notes = Vec::new();
    let mut night = first;
    while night < today {
        if rng.chance(0.75) {
            let massaged = session_nights.contains(&night);
            let quality = (rng.range(2, 4) + i64::from(massaged && rng.chance(0.5))).min(5);
            let hours = Some(f64::from(u32::try_from(rng.range(55, 85)).unwrap_or(70)) / 10.0);
            let note = rng.chance(0.1).then(|| "Woke once.".to_string());
            let draft = SleepDraft {
                night,
                quality,
                hours,
                note,
                diary: crate::domain::diary::DiaryDraft::default(),
            };
            if let Ok(fields) = draft.validate() {
                let at = night
                    .and_time(NaiveTime::MIN)
                    .and_local_timezone(offset)
                    .single()
                    .unwrap_or(*now);
                notes.push((meta(rng, &(at + Duration::hours(31))), fields));
            }
        }
        night += Duration::days(1);
    }
    notes
}

fn meta(rng: &mut Rng, at: &DateTime<FixedOffset>) -> ImportMeta {
    let bytes = (u128::from(rng.next_u64()) << 64 | u128::from(rng.next_u64())).to_le_bytes();
    ImportMeta {
        uuid: uuid::Builder::from_random_bytes(bytes).into_uuid(),
        created_at: *at,
        updated_at: *at,
    }
}

/// Generates exactly `sessions` sessions spread evenly over the years before `now` (one year per
/// 100 sessions, 1 to 60 years), and a sleep note for most nights: data sets for benchmarks.
pub fn generate_sized(now: &DateTime<FixedOffset>, sessions: usize, seed: u64) -> ImportBatch {
    let mut rng = Rng::new(seed);
    let offset = *now.offset();
    let years = i64::try_from(sessions / 100).unwrap_or(60).clamp(1, 60);
    let days = years * 365;
    let start = now.date_naive() - Duration::days(days);
    let mut batch = ImportBatch {
        week_start: Some(WeekStart::Monday),
        goals: vec![GoalChange {
            effective_from: start,
            per_week: 1,
        }],
        ..ImportBatch::default()
    };
    let n = i64::try_from(sessions).unwrap_or(i64::MAX).max(1);
    for i in 0..n {
        // Evenly spaced minutes across the span keep every session in the past.
        let minute = i * (days * 24 * 60) / n;
        let Some(at) = (start.and_time(NaiveTime::MIN) + Duration::minutes(minute))
            .and_local_timezone(offset)
            .single()
        else {
            continue;
        };
        let before = rng.range(3, 9);
        let mut draft = SessionDraft::new(at, before, (before - rng.range(0, 4)).max(0));
        draft.minutes = rng.range(2, 8) * 5;
        draft.tool = rng.pick(Tool::ALL).unwrap_or(Tool::Hands);
        draft.areas = Area::ALL
            .iter()
            .copied()
            .filter(|_| rng.chance(0.4))
            .collect();
        draft.oil = rng.pick(OILS).flatten().map(str::to_string);
        draft.note = rng.pick(NOTES).flatten().map(str::to_string);
        if let Ok(fields) = draft.validate(now) {
            batch.sessions.push((meta(&mut rng, &at), fields));
        }
    }
    let mut night = start;
    while night < now.date_naive() {
        if rng.chance(0.8) {
            let draft = SleepDraft {
                night,
                quality: rng.range(1, 5),
                hours: Some(f64::from(u32::try_from(rng.range(50, 90)).unwrap_or(70)) / 10.0),
                note: None,
                diary: crate::domain::diary::DiaryDraft::default(),
            };
            if let Ok(fields) = draft.validate() {
                batch.sleep_notes.push((meta(&mut rng, now), fields));
            }
        }
        night += Duration::days(1);
    }
    batch
}

/// Fills `store` with about a year of sample data ending at `now`, in one transaction.
pub fn fill(store: &mut Store, now: &DateTime<FixedOffset>) -> Result<()> {
    store.import(&generate(now, 52, 2026))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sized_data_has_exactly_the_sessions_asked_for() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time");
        let b = generate_sized(&now, 1000, 1);
        assert_eq!(b.sessions.len(), 1000);
        assert!(b.sessions.iter().all(|(_, f)| f.started_at <= now));
        // 10 years of nights, about 80% with a note.
        assert!(b.sleep_notes.len() > 2500, "{}", b.sleep_notes.len());
    }

    #[test]
    fn demo_data_is_deterministic_valid_and_year_long() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time");
        let a = generate(&now, 52, 7);
        let b = generate(&now, 52, 7);
        assert_eq!(a, b);
        assert!(a.sessions.len() > 60, "{} sessions", a.sessions.len());
        assert!(a.sleep_notes.len() > 200);
        let mut store = Store::open_in_memory().expect("store");
        store.import(&a).expect("imports");
        let weeks = store.weeks(now.date_naive(), 52).expect("weeks");
        assert!(weeks.iter().any(|w| !w.met && !w.rest), "some missed weeks");
        assert_eq!(weeks.iter().filter(|w| w.rest).count(), 2);
    }
}
