//! Property tests of week grouping, goals over time and streaks against deliberately simple
//! reference implementations that walk the calendar one day at a time.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use footlog::domain::week::{
    GoalHistory, Streaks, WeekSummary, streaks, streaks_from_week_totals, summarize_weeks,
    weeks_between,
};
use footlog::domain::{GoalChange, RestMark, WeekStart};
use proptest::prelude::*;

/// 2019-12-01: the generated dates run from here over about nine years, so they cross year ends,
/// ISO week 53 (2020) and the leap days of 2020, 2024 and 2028.
fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2019, 12, 1).expect("date")
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..3400).prop_map(|n| base() + Duration::days(n))
}

fn week_start() -> impl Strategy<Value = WeekStart> {
    prop_oneof![Just(WeekStart::Monday), Just(WeekStart::Sunday)]
}

fn first_weekday(ws: WeekStart) -> Weekday {
    match ws {
        WeekStart::Monday => Weekday::Mon,
        WeekStart::Sunday => Weekday::Sun,
    }
}

/// Steps back a day at a time until the week's first weekday.
fn ref_week_of(ws: WeekStart, mut d: NaiveDate) -> NaiveDate {
    while d.weekday() != first_weekday(ws) {
        d = d.pred_opt().expect("date");
    }
    d
}

/// The goal in force on `day`: of every change made on or before it, the latest; else 1.
fn ref_goal_on(changes: &[GoalChange], day: NaiveDate) -> u8 {
    let mut best: Option<GoalChange> = None;
    for c in changes {
        if c.effective_from <= day && best.is_none_or(|b| c.effective_from > b.effective_from) {
            best = Some(*c);
        }
    }
    best.map_or(1, |c| c.per_week)
}

/// Walks `count` weeks day by day.
fn ref_summaries(
    first: NaiveDate,
    count: usize,
    daily: &BTreeMap<NaiveDate, u32>,
    changes: &[GoalChange],
    rests: &[RestMark],
) -> Vec<(NaiveDate, u32, u8, bool, bool, Option<String>)> {
    let mut out = Vec::new();
    let mut day = first;
    for _ in 0..count {
        let start = day;
        let mut sessions = 0;
        let mut last = day;
        for _ in 0..7 {
            sessions += daily.get(&day).copied().unwrap_or(0);
            last = day;
            day = day.succ_opt().expect("date");
        }
        let goal = ref_goal_on(changes, last);
        let reason = rests
            .iter()
            .find(|r| r.date >= start && r.date <= last)
            .map(|r| r.reason.clone());
        out.push((
            start,
            sessions,
            goal,
            sessions >= u32::from(goal),
            reason.is_some(),
            reason,
        ));
    }
    out
}

/// (met, rest) per week, oldest first.
fn ref_streaks(weeks: &[(bool, bool)]) -> (u32, u32) {
    let breaks = |w: &(bool, bool)| !w.0 && !w.1;
    let met_in = |s: &[(bool, bool)]| u32::try_from(s.iter().filter(|w| w.0).count()).expect("n");
    // Longest: the most met weeks in any stretch without a breaking week.
    let mut longest = 0;
    for i in 0..weeks.len() {
        for j in i..weeks.len() {
            let s = &weeks[i..=j];
            if !s.iter().any(breaks) {
                longest = longest.max(met_in(s));
            }
        }
    }
    // Current: ends with this week if met, else with last week; reaches back to the last break.
    let end = match weeks.last() {
        Some((true, _)) => weeks.len(),
        Some(_) => weeks.len() - 1,
        None => 0,
    };
    let mut start = end;
    while start > 0 && !breaks(&weeks[start - 1]) {
        start -= 1;
    }
    (met_in(&weeks[start..end]), longest)
}

fn summary(met: bool, rest: bool) -> WeekSummary {
    WeekSummary {
        week_start: base(),
        sessions: u32::from(met),
        goal: 1,
        met,
        rest,
        rest_reason: None,
        before_first: false,
    }
}

const REASONS: &[&str] = &["travel", "illness", "a foot injury"];

/// The streaks as footlog computed them before per-week totals: every week from the first one
/// with a session (or this week, if earlier) to this week, summarised from the day totals.
fn streaks_over_days(
    ws: WeekStart,
    today: NaiveDate,
    daily: &BTreeMap<NaiveDate, u32>,
    goals: &GoalHistory,
    rests: &[RestMark],
) -> Streaks {
    let current = ws.week_of(today);
    let Some(&lo) = daily.keys().next() else {
        return Streaks::default();
    };
    let first = ws.week_of(lo).min(current);
    let n = usize::try_from(weeks_between(first, current) + 1).expect("n");
    streaks(&summarize_weeks(first, n, daily, goals, rests))
}

/// Day totals summed per week under `ws`, keyed by the week's first day.
fn week_totals(ws: WeekStart, daily: &BTreeMap<NaiveDate, u32>) -> Vec<(NaiveDate, u32)> {
    let mut weeks = BTreeMap::new();
    for (d, n) in daily {
        *weeks.entry(ws.week_of(*d)).or_insert(0) += n;
    }
    weeks.into_iter().collect()
}

/// Random histories: sessions on a random share of the days of a stretch of up to 600 days (so
/// long runs of met weeks happen), some after today, goals changing and rest marks.
fn history() -> impl Strategy<Value = (BTreeMap<NaiveDate, u32>, Vec<GoalChange>, Vec<RestMark>)> {
    (
        date(),
        1usize..=6,
        prop::collection::vec((0i64..600, 1u32..4), 0..300),
        prop::collection::btree_map(0i64..600, 1u8..=4, 0..6),
        prop::collection::vec((0i64..600, 0usize..3), 0..12),
    )
        .prop_map(|(start, density, sessions, goals, rests)| {
            let at = |off: i64| start + Duration::days(off);
            let mut daily = BTreeMap::new();
            for (off, n) in sessions.iter().take(sessions.len() * density / 6) {
                *daily.entry(at(*off)).or_insert(0) += n;
            }
            let goals = goals
                .iter()
                .map(|(off, per_week)| GoalChange {
                    effective_from: at(*off),
                    per_week: *per_week,
                })
                .collect();
            let rests = rests
                .iter()
                .map(|(off, r)| RestMark {
                    date: at(*off),
                    reason: REASONS[*r].to_string(),
                })
                .collect();
            (daily, goals, rests)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn week_of_matches_walking_back(ws in week_start(), d in date()) {
        let w = ws.week_of(d);
        prop_assert_eq!(w, ref_week_of(ws, d));
        prop_assert!(w <= d && d - w < Duration::days(7));
        // Every day of that week names the same week.
        for k in 0..7 {
            prop_assert_eq!(ws.week_of(w + Duration::days(k)), w);
        }
    }

    #[test]
    fn weeks_between_counts_steps_of_seven_days(ws in week_start(), a in date(), b in date()) {
        let (wa, wb) = (ws.week_of(a), ws.week_of(b));
        let (lo, hi) = if wa <= wb { (wa, wb) } else { (wb, wa) };
        let mut steps = 0i64;
        let mut d = lo;
        while d < hi {
            d += Duration::days(7);
            steps += 1;
        }
        prop_assert_eq!(d, hi);
        prop_assert_eq!(weeks_between(lo, hi), steps);
        prop_assert_eq!(weeks_between(hi, lo), -steps);
    }

    #[test]
    fn goal_for_week_is_the_last_goal_set_by_the_weeks_end(
        ws in week_start(),
        raw in prop::collection::btree_map(date(), 1u8..=14, 0..8),
        d in date(),
    ) {
        let changes: Vec<GoalChange> = raw
            .iter()
            .map(|(&effective_from, &per_week)| GoalChange { effective_from, per_week })
            .collect();
        // Built from any order.
        let history = GoalHistory::new(changes.iter().rev().copied().collect());
        let first = ws.week_of(d);
        let last = first + Duration::days(6);
        prop_assert_eq!(history.goal_for_week(first), ref_goal_on(&changes, last));
    }

    #[test]
    fn summaries_match_a_day_by_day_walk(
        ws in week_start(),
        start in date(),
        count in 1usize..40,
        sessions in prop::collection::vec((0i64..320, 1u32..3), 0..40),
        goals in prop::collection::btree_map(0i64..320, 1u8..=4, 0..5),
        rests in prop::collection::vec((0i64..320, 0usize..3), 0..6),
    ) {
        let first = ws.week_of(start);
        // Offsets reach three weeks before and after the summarised range.
        let at = |off: i64| first - Duration::days(21) + Duration::days(off % (i64::try_from(count).expect("n") * 7 + 42));
        let mut daily = BTreeMap::new();
        for (off, n) in &sessions {
            *daily.entry(at(*off)).or_insert(0) += n;
        }
        let mut changes: Vec<GoalChange> = Vec::new();
        for (off, per_week) in &goals {
            let d = at(*off);
            changes.retain(|c| c.effective_from != d);
            changes.push(GoalChange { effective_from: d, per_week: *per_week });
        }
        let marks: Vec<RestMark> = rests
            .iter()
            .map(|(off, r)| RestMark { date: at(*off), reason: REASONS[*r].to_string() })
            .collect();
        let got = summarize_weeks(first, count, &daily, &GoalHistory::new(changes.clone()), &marks);
        let want = ref_summaries(first, count, &daily, &changes, &marks);
        prop_assert_eq!(got.len(), count);
        for (g, w) in got.iter().zip(&want) {
            prop_assert_eq!(
                (g.week_start, g.sessions, g.goal, g.met, g.rest, g.rest_reason.clone()),
                w.clone()
            );
        }
        // Every session inside the range is counted exactly once.
        let last = first + Duration::days(i64::try_from(count).expect("n") * 7 - 1);
        let inside: u32 = daily.range(first..=last).map(|(_, n)| n).sum();
        prop_assert_eq!(got.iter().map(|w| w.sessions).sum::<u32>(), inside);
    }

    #[test]
    fn streaks_match_the_reference(weeks in prop::collection::vec((any::<bool>(), any::<bool>()), 0..40)) {
        let summaries: Vec<WeekSummary> = weeks.iter().map(|&(m, r)| summary(m, r)).collect();
        let s = streaks(&summaries);
        let (current, longest) = ref_streaks(&weeks);
        prop_assert_eq!((s.current, s.longest), (current, longest));
        prop_assert!(s.current <= s.longest);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The streaks from per-week totals (what the store keeps) equal the old computation over
    /// every week's summary built from the day totals.
    #[test]
    fn streaks_from_week_totals_match_the_old_computation(
        ws in week_start(),
        (daily, goals, rests) in history(),
        today_off in -60i64..700,
    ) {
        let today = daily.keys().next().copied().unwrap_or_else(base) + Duration::days(today_off);
        let goals = GoalHistory::new(goals);
        let old = streaks_over_days(ws, today, &daily, &goals, &rests);
        let new = streaks_from_week_totals(ws, today, &week_totals(ws, &daily), &goals, &rests);
        prop_assert_eq!(new, old);
    }
}

proptest! {
    // Each case builds an in-memory database, so fewer of them.
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// The store's weekly view of random sessions agrees with the day-by-day walk.
    #[test]
    fn store_weeks_match_the_reference(
        ws in week_start(),
        until in date(),
        n in 1usize..30,
        offsets in prop::collection::vec(0i64..250, 0..30),
        goal in 1u8..=3,
    ) {
        use footlog::domain::SessionDraft;
        use footlog::store::Store;
        let now = chrono::DateTime::parse_from_rfc3339("2030-01-01T12:00:00+01:00").expect("time");
        let mut store = Store::open_in_memory().expect("store");
        store.set_week_start(ws).expect("week start");
        store.set_goal(base(), goal).expect("goal");
        let mut daily = BTreeMap::new();
        for off in &offsets {
            let day = until - Duration::days(*off);
            let at = day.and_hms_opt(23, 30, 0).expect("time")
                .and_local_timezone(chrono::FixedOffset::east_opt(13 * 3600).expect("offset"))
                .single()
                .expect("fixed offset");
            let fields = SessionDraft::new(at, 5, 3).validate(&now).expect("valid");
            store.insert_session(fields, &now).expect("insert");
            *daily.entry(day).or_insert(0u32) += 1;
        }
        let got = store.weeks(until, n).expect("weeks");
        let last = ref_week_of(ws, until);
        let first = last - Duration::days(7 * (i64::try_from(n).expect("n") - 1));
        let changes = [GoalChange { effective_from: base(), per_week: goal }];
        let want = ref_summaries(first, n, &daily, &changes, &[]);
        prop_assert_eq!(got.len(), n);
        for (g, w) in got.iter().zip(&want) {
            prop_assert_eq!((g.week_start, g.sessions, g.goal, g.met), (w.0, w.1, w.2, w.3));
        }
    }

    /// The store's streaks (per-week totals kept by triggers through inserts, edits, deletes and
    /// undos, under either first day of the week) equal the old computation over the day totals.
    #[test]
    fn store_streaks_match_the_old_computation(
        ws in week_start(),
        switch_week_start in any::<bool>(),
        ops in prop::collection::vec((0u8..10, 0i64..200), 1..80),
        goals in prop::collection::btree_map(0i64..200, 1u8..=3, 0..4),
        rests in prop::collection::vec(0i64..200, 0..6),
        today_off in 0i64..230,
    ) {
        use footlog::domain::SessionDraft;
        use footlog::domain::RecordRef;
        use footlog::store::Store;
        let start = base();
        let at = |off: i64| start + Duration::days(off);
        let now = chrono::DateTime::parse_from_rfc3339("2030-01-01T12:00:00+01:00").expect("time");
        let stamp = |d: NaiveDate| d.and_hms_opt(12, 0, 0).expect("time")
            .and_local_timezone(chrono::FixedOffset::east_opt(3600).expect("offset"))
            .single()
            .expect("fixed offset");
        let mut store = Store::open_in_memory().expect("store");
        store.set_week_start(ws).expect("week start");
        let mut live: Vec<(uuid::Uuid, NaiveDate)> = Vec::new();
        let mut deleted: Vec<(uuid::Uuid, NaiveDate)> = Vec::new();
        for (op, off) in &ops {
            match op {
                0..=5 => {
                    let f = SessionDraft::new(stamp(at(*off)), 5, 3).validate(&now).expect("valid");
                    live.push((store.insert_session(f, &now).expect("insert").uuid, at(*off)));
                }
                6 if !live.is_empty() => {
                    let i = usize::try_from(*off).expect("i") % live.len();
                    let (uuid, _) = live[i];
                    let mut f = store.session(&uuid).expect("get").expect("live").fields;
                    f.started_at = stamp(at((off * 7) % 200));
                    store.update_session(&uuid, &f, &now).expect("update");
                    live[i].1 = at((off * 7) % 200);
                }
                7 if !live.is_empty() => {
                    let rec = live.swap_remove(usize::try_from(*off).expect("i") % live.len());
                    store.delete(RecordRef::Session(rec.0), &now).expect("delete");
                    deleted.push(rec);
                }
                8 if !deleted.is_empty() => {
                    let rec = deleted.swap_remove(0);
                    store.undelete(RecordRef::Session(rec.0)).expect("undo");
                    live.push(rec);
                }
                _ => {}
            }
        }
        for (off, per_week) in &goals {
            store.set_goal(at(*off), *per_week).expect("goal");
        }
        for off in &rests {
            store.add_rest(&RestMark { date: at(*off), reason: "travel".into() }).expect("rest");
        }
        let ws = if switch_week_start {
            let other = match ws { WeekStart::Monday => WeekStart::Sunday, WeekStart::Sunday => WeekStart::Monday };
            store.set_week_start(other).expect("week start");
            other
        } else {
            ws
        };
        let mut daily = BTreeMap::new();
        for (_, d) in &live {
            *daily.entry(*d).or_insert(0u32) += 1;
        }
        let today = at(today_off);
        let want = streaks_over_days(ws, today, &daily, &store.goals().expect("goals"), &store.rest_marks().expect("rests"));
        prop_assert_eq!(store.streaks(today).expect("streaks"), want);
        // The weeks of the charts come from the same totals.
        let got = store.weeks(today, 30).expect("weeks");
        let first = ws.week_of(today) - Duration::weeks(29);
        for (i, w) in got.iter().enumerate() {
            let from = first + Duration::weeks(i64::try_from(i).expect("i"));
            let n: u32 = daily.range(from..=from + Duration::days(6)).map(|(_, n)| n).sum();
            prop_assert_eq!((w.week_start, w.sessions), (from, n));
        }
    }
}
