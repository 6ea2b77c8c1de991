//! Summary statistics over the whole history.

use chrono::NaiveDate;
use serde::Serialize;

use super::week::{Streaks, WeekSummary, streaks};

/// Sums of tension ratings over live sessions.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TensionTotals {
    /// Sessions counted.
    pub count: u64,
    /// Sum of tension before.
    pub sum_before: u64,
    /// Sum of tension after.
    pub sum_after: u64,
}

/// One session's tension ratings on its local date: a point of the dashboard's tension chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TensionPoint {
    /// The session's local date.
    pub date: NaiveDate,
    /// Tension before, 0–10.
    pub before: u8,
    /// Tension after, 0–10.
    pub after: u8,
}

/// One night's sleep quality, and whether a massage session came before it (see
/// [`crate::domain::sleep::night_after_session`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SleepNight {
    /// The night, named by the evening it began.
    pub night: NaiveDate,
    /// Quality, 1–5.
    pub quality: u8,
    /// A session came before this night.
    pub after_massage: bool,
}

/// The `stats --json` object.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub sessions_total: u64,
    pub weeks_met: u32,
    pub current_streak_weeks: u32,
    pub longest_streak_weeks: u32,
    pub avg_tension_before: Option<f64>,
    pub avg_tension_after: Option<f64>,
    pub avg_tension_drop: Option<f64>,
    pub sleep_nights_total: u64,
    pub avg_sleep_quality_after_session: Option<f64>,
    pub avg_sleep_quality_other_nights: Option<f64>,
}

/// Rounds to two decimals for display and JSON.
pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// `x` rounded to the nearest whole number (halves away from zero) and clamped to `0..=max`;
/// NaN gives 0. For bar lengths and other counts drawn from an average.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "clamped to 0..=max first"
)]
pub fn round_clamped(x: f64, max: u16) -> u16 {
    x.clamp(0.0, f64::from(max)).round() as u16
}

/// The average of `n` values summing to `sum`, two decimals; `None` without values.
pub fn avg(sum: u64, n: u64) -> Option<f64> {
    // Sums of small ratings stay far below 2^52, so the conversion is exact.
    (n > 0).then(|| round2(sum as f64 / n as f64))
}

/// Computes the statistics.
/// `history` runs oldest first from the first week with data up to and including the current week
/// (later weeks may follow it only as `later`, which count for `weeks_met` but not for streaks).
pub fn compute_stats(
    tension: TensionTotals,
    sleep: &[SleepNight],
    history: &[WeekSummary],
    later: &[WeekSummary],
) -> Stats {
    let Streaks { current, longest } = streaks(history);
    let weeks_met = history.iter().chain(later).filter(|w| w.met).count();
    let (mut after_n, mut after_sum, mut other_n, mut other_sum) = (0u64, 0u64, 0u64, 0u64);
    for n in sleep {
        if n.after_massage {
            after_n += 1;
            after_sum += u64::from(n.quality);
        } else {
            other_n += 1;
            other_sum += u64::from(n.quality);
        }
    }
    let n = tension.count;
    Stats {
        sessions_total: n,
        weeks_met: u32::try_from(weeks_met).unwrap_or(u32::MAX),
        current_streak_weeks: current,
        longest_streak_weeks: longest,
        avg_tension_before: avg(tension.sum_before, n),
        avg_tension_after: avg(tension.sum_after, n),
        avg_tension_drop: (n > 0)
            .then(|| round2((tension.sum_before as f64 - tension.sum_after as f64) / n as f64)),
        sleep_nights_total: after_n + other_n,
        avg_sleep_quality_after_session: avg(after_sum, after_n),
        avg_sleep_quality_other_nights: avg(other_sum, other_n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn round_clamped_rounds_halves_up_and_stays_in_range() {
        let cases = [
            (-3.0, 0),
            (0.0, 0),
            (0.49, 0),
            (0.5, 1),
            (2.5, 3),
            (9.6, 10),
            (12.0, 10),
            (f64::NAN, 0),
        ];
        for (x, want) in cases {
            assert_eq!(round_clamped(x, 10), want, "{x}");
        }
    }

    #[test]
    fn empty_history_gives_nulls() {
        let s = compute_stats(TensionTotals::default(), &[], &[], &[]);
        assert_eq!(s.sessions_total, 0);
        assert_eq!(s.avg_tension_before, None);
        assert_eq!(s.avg_tension_drop, None);
        assert_eq!(s.avg_sleep_quality_after_session, None);
        assert_eq!(s.avg_sleep_quality_other_nights, None);
    }

    #[test]
    fn sleep_splits_on_nights_after_a_massage() {
        let night = |date: &str, quality: u8, after_massage: bool| SleepNight {
            night: d(date),
            quality,
            after_massage,
        };
        let sleep = [
            night("2026-11-20", 5, true),
            night("2026-11-21", 4, true),
            night("2026-11-22", 2, false),
            night("2026-11-19", 3, false),
        ];
        let t = TensionTotals {
            count: 3,
            sum_before: 20,
            sum_after: 9,
        };
        let s = compute_stats(t, &sleep, &[], &[]);
        assert_eq!(s.sleep_nights_total, 4);
        assert_eq!(s.avg_sleep_quality_after_session, Some(4.5));
        assert_eq!(s.avg_sleep_quality_other_nights, Some(2.5));
        assert_eq!(s.avg_tension_before, Some(6.67));
        assert_eq!(s.avg_tension_after, Some(3.0));
        assert_eq!(s.avg_tension_drop, Some(3.67));
    }
}
