//! The Consensus Sleep Diary's core items (Carney et al., SLEEP 2012;35(2):287–302) on a sleep
//! note, and the figures derived from them: time in bed, total sleep time, sleep efficiency.
//!
//! Every item is optional. Clock times are held as minutes since noon of the night's date
//! ([`NightClock`]): from 12:00 on a time is on the night's date, before 12:00 on the next
//! morning (the rule [`super::sleep::night_of`] states once, for the diary and the session
//! pairing alike). On that scale "later in the night" is simply "a larger number", so the order
//! of the times is a comparison, here and in the schema's CHECKs.

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

use super::ValidationError;
use super::sleep::{DIARY_MORNING_END, night_of};

/// Minutes in a day: a night's clock runs from 0 (12:00) to 1439 (11:59 the next morning).
pub const NIGHT_MINUTES: u16 = 24 * 60;

/// Allowed minutes to fall asleep (sleep-onset latency), and awake after sleep onset.
pub const DURATION_RANGE: (i64, i64) = (0, 720);

/// Allowed number of awakenings, not counting the final one.
pub const AWAKENINGS_RANGE: (i64, i64) = (0, 99);

/// A clock time within a night: minutes since noon of the night's date (0 = 12:00, 720 =
/// midnight, 1439 = 11:59 the next morning).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NightClock(u16);

impl NightClock {
    /// The time from its minutes since noon, as stored; `field` names it in the error.
    pub fn from_minutes(field: &'static str, minutes: i64) -> Result<Self, ValidationError> {
        u16::try_from(minutes)
            .ok()
            .filter(|m| *m < NIGHT_MINUTES)
            .map(NightClock)
            .ok_or_else(|| ValidationError::range(field, 0, i64::from(NIGHT_MINUTES) - 1, minutes))
    }

    /// Parses "HH:MM" (24-hour clock); `field` names it in the error.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, ValidationError> {
        let t = text.trim();
        let bad = || {
            ValidationError::new(
                field,
                format!("must be a time of day as HH:MM, 00:00 to 23:59 (got {t:?})"),
            )
        };
        let (h, m) = t.split_once(':').ok_or_else(bad)?;
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if h.is_empty() || h.len() > 2 || m.len() != 2 || !digits(h) || !digits(m) {
            return Err(bad());
        }
        let h: u32 = h.parse().map_err(|_| bad())?;
        let m: u32 = m.parse().map_err(|_| bad())?;
        let time = NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)?;
        Ok(Self::of_time(time))
    }

    /// The night's clock for a time of day: from 12:00 on, the night's date; before, the
    /// next morning.
    pub fn of_time(time: NaiveTime) -> Self {
        let minutes = time.hour() * 60 + time.minute();
        let noon = DIARY_MORNING_END * 60;
        let since_noon = (minutes + 24 * 60 - noon) % (24 * 60);
        NightClock(u16::try_from(since_noon).unwrap_or(0))
    }

    /// Minutes since noon of the night's date.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// The local date and time this is on `night`.
    pub fn on(self, night: NaiveDate) -> NaiveDateTime {
        let noon = night.and_time(NaiveTime::MIN) + Duration::hours(i64::from(DIARY_MORNING_END));
        noon + Duration::minutes(i64::from(self.0))
    }
}

impl std::fmt::Display for NightClock {
    /// "HH:MM" on the 24-hour clock.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let of_day = (u32::from(self.0) + DIARY_MORNING_END * 60) % (24 * 60);
        write!(f, "{:02}:{:02}", of_day / 60, of_day % 60)
    }
}

/// The diary's items as given (CLI flags, form fields, imported keys): times as "HH:MM" text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiaryDraft {
    /// Got into bed.
    pub bed: Option<String>,
    /// Tried to go to sleep.
    pub tried: Option<String>,
    /// Minutes it took to fall asleep.
    pub latency_min: Option<i64>,
    /// Times woken, not counting the final awakening.
    pub awakenings: Option<i64>,
    /// Minutes those awakenings lasted in total.
    pub awake_min: Option<i64>,
    /// Final awakening.
    pub woke: Option<String>,
    /// Got out of bed.
    pub up: Option<String>,
}

/// Validated diary items: each optional, together possible.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Diary {
    /// Got into bed.
    pub bed: Option<NightClock>,
    /// Tried to go to sleep.
    pub tried: Option<NightClock>,
    /// Minutes to fall asleep, 0–720.
    pub latency_min: Option<u16>,
    /// Awakenings, 0–99, not counting the final one.
    pub awakenings: Option<u8>,
    /// Minutes awake after sleep onset, 0–720.
    pub awake_min: Option<u16>,
    /// Final awakening.
    pub woke: Option<NightClock>,
    /// Got out of bed.
    pub up: Option<NightClock>,
}

/// The items as stored or imported, before the rules: times as minutes since noon.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DiaryItems {
    pub bed: Option<NightClock>,
    pub tried: Option<NightClock>,
    pub latency_min: Option<i64>,
    pub awakenings: Option<i64>,
    pub awake_min: Option<i64>,
    pub woke: Option<NightClock>,
    pub up: Option<NightClock>,
}

fn parse_clock(
    field: &'static str,
    t: Option<String>,
) -> Result<Option<NightClock>, ValidationError> {
    t.filter(|t| !t.trim().is_empty())
        .map(|t| NightClock::parse(field, &t))
        .transpose()
}

impl DiaryDraft {
    /// Whether no item is given.
    pub fn is_empty(&self) -> bool {
        *self == DiaryDraft::default()
    }

    /// Parses the times and checks every rule (see [`DiaryItems::validate`]).
    pub fn validate(self) -> Result<Diary, ValidationError> {
        DiaryItems {
            bed: parse_clock("bed", self.bed)?,
            tried: parse_clock("tried", self.tried)?,
            latency_min: self.latency_min,
            awakenings: self.awakenings,
            awake_min: self.awake_min,
            woke: parse_clock("woke", self.woke)?,
            up: parse_clock("up", self.up)?,
        }
        .validate()
    }
}

fn in_range<T: TryFrom<i64>>(
    field: &'static str,
    v: Option<i64>,
    (lo, hi): (i64, i64),
) -> Result<Option<T>, ValidationError> {
    v.map(|n| {
        if (lo..=hi).contains(&n) {
            T::try_from(n).map_err(|_| ValidationError::range(field, lo, hi, n))
        } else {
            Err(ValidationError::range(field, lo, hi, n))
        }
    })
    .transpose()
}

impl DiaryItems {
    /// Checks the ranges (latency and awake 0–720 minutes, awakenings 0–99) and that the
    /// entries are possible together: the times in the order the night happens (bed, tried,
    /// woke, up), the time to fall asleep no longer than from trying to sleep to the final
    /// awakening, total sleep not negative, and no time awake on a night with no awakenings.
    /// Each message names the field it refuses and the ones it was checked against.
    pub fn validate(self) -> Result<Diary, ValidationError> {
        let d = Diary {
            bed: self.bed,
            tried: self.tried,
            latency_min: in_range("latency", self.latency_min, DURATION_RANGE)?,
            awakenings: in_range("awakenings", self.awakenings, AWAKENINGS_RANGE)?,
            awake_min: in_range("awake", self.awake_min, DURATION_RANGE)?,
            woke: self.woke,
            up: self.up,
        };
        let order = [
            ("bed", "into bed", d.bed),
            ("tried", "trying to sleep", d.tried),
            ("woke", "the final awakening", d.woke),
            ("up", "out of bed", d.up),
        ];
        for (i, (later, later_words, t)) in order.iter().enumerate() {
            let Some(t) = t else { continue };
            for (earlier, earlier_words, e) in order.iter().take(i) {
                if let Some(e) = e
                    && t < e
                {
                    return Err(ValidationError::new(
                        later,
                        format!(
                            "{later_words} ({t}) must not be before {earlier_words} ({earlier} {e}); \
                             times before 12:00 are the next morning"
                        ),
                    ));
                }
            }
        }
        if let (Some(lat), Some(tried), Some(woke)) = (d.latency_min, d.tried, d.woke) {
            let night = woke.minutes() - tried.minutes();
            if lat > night {
                return Err(ValidationError::new(
                    "latency",
                    format!(
                        "{lat} minutes to fall asleep is longer than the night from tried ({tried}) \
                         to woke ({woke}), {night} minutes"
                    ),
                ));
            }
        }
        if d.awakenings == Some(0) && d.awake_min.is_some_and(|a| a > 0) {
            return Err(ValidationError::new(
                "awake",
                format!(
                    "{} minutes awake on a night with no awakenings (awakenings 0): give the \
                     awakenings or leave awake out",
                    d.awake_min.unwrap_or(0)
                ),
            ));
        }
        if let (Some(tried), Some(woke)) = (d.tried, d.woke)
            && let Some(awake) = d.awake_min
        {
            let asleep = i64::from(woke.minutes())
                - i64::from(tried.minutes())
                - i64::from(d.latency_min.unwrap_or(0));
            if i64::from(awake) > asleep {
                return Err(ValidationError::new(
                    "awake",
                    format!(
                        "{awake} minutes awake leaves a negative total sleep: from tried ({tried}) \
                         to woke ({woke}) less latency ({} min) is {asleep} minutes",
                        d.latency_min.unwrap_or(0)
                    ),
                ));
            }
        }
        Ok(d)
    }
}

impl Diary {
    /// Whether no item is given.
    pub fn is_empty(&self) -> bool {
        *self == Diary::default()
    }

    /// The items as a draft (times as "HH:MM"), to validate again with other fields.
    pub fn draft(&self) -> DiaryDraft {
        let text = |t: Option<NightClock>| t.map(|t| t.to_string());
        DiaryDraft {
            bed: text(self.bed),
            tried: text(self.tried),
            latency_min: self.latency_min.map(i64::from),
            awakenings: self.awakenings.map(i64::from),
            awake_min: self.awake_min.map(i64::from),
            woke: text(self.woke),
            up: text(self.up),
        }
    }

    /// The items before validation (as stored).
    pub fn items(&self) -> DiaryItems {
        DiaryItems {
            bed: self.bed,
            tried: self.tried,
            latency_min: self.latency_min.map(i64::from),
            awakenings: self.awakenings.map(i64::from),
            awake_min: self.awake_min.map(i64::from),
            woke: self.woke,
            up: self.up,
        }
    }

    /// Time in bed: out of bed − into bed, in minutes.
    pub fn time_in_bed_min(&self) -> Option<u16> {
        self.up?.minutes().checked_sub(self.bed?.minutes())
    }

    /// Minutes awake after sleep onset; a night with no awakenings has none, given or not.
    pub fn awake_min_or_none_woken(&self) -> Option<u16> {
        self.awake_min
            .or_else(|| (self.awakenings == Some(0)).then_some(0))
    }

    /// Total sleep time: final awakening − tried to sleep − time to fall asleep − time awake
    /// after sleep onset, in minutes.
    pub fn total_sleep_min(&self) -> Option<u16> {
        self.woke?
            .minutes()
            .checked_sub(self.tried?.minutes())?
            .checked_sub(self.latency_min?)?
            .checked_sub(self.awake_min_or_none_woken()?)
    }

    /// Sleep efficiency: total sleep time ÷ time in bed × 100, to one decimal; none when
    /// either is missing or the time in bed is zero.
    pub fn efficiency_pct(&self) -> Option<f64> {
        let tib = self.time_in_bed_min().filter(|t| *t > 0)?;
        let tst = self.total_sleep_min()?;
        Some(round1(f64::from(tst) * 100.0 / f64::from(tib)))
    }

    /// Hours slept from the total sleep time, to one decimal.
    pub fn derived_hours(&self) -> Option<f64> {
        self.total_sleep_min().map(|m| round1(f64::from(m) / 60.0))
    }
}

/// Average total sleep and efficiency over some nights (the Sleep screen's week).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DiaryAverages {
    /// Nights that give a total sleep time.
    pub slept_nights: usize,
    /// Average total sleep time, minutes, one decimal.
    pub total_sleep_min: Option<f64>,
    /// Nights that give an efficiency.
    pub efficiency_nights: usize,
    /// Average sleep efficiency, percent, one decimal.
    pub efficiency_pct: Option<f64>,
}

/// The averages of the figures `diaries` give; a figure no night gives is `None`.
pub fn averages<'a>(diaries: impl IntoIterator<Item = &'a Diary> + Clone) -> DiaryAverages {
    let mean =
        |v: Vec<f64>| (!v.is_empty()).then(|| round1(v.iter().sum::<f64>() / v.len() as f64));
    let slept: Vec<f64> = diaries
        .clone()
        .into_iter()
        .filter_map(|d| d.total_sleep_min().map(f64::from))
        .collect();
    let eff: Vec<f64> = diaries
        .into_iter()
        .filter_map(Diary::efficiency_pct)
        .collect();
    DiaryAverages {
        slept_nights: slept.len(),
        efficiency_nights: eff.len(),
        total_sleep_min: mean(slept),
        efficiency_pct: mean(eff),
    }
}

/// Minutes, rounded to whole ones, as "7 h 05 min".
pub fn hours_minutes(min: f64) -> String {
    let m = min.round().max(0.0);
    let h = (m / 60.0).floor();
    format!("{h:.0} h {:02.0} min", m - h * 60.0)
}

/// Rounds to one decimal.
pub fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// Checks that `time` on `night` is in that night by the one rule ([`night_of`]).
pub fn belongs_to(night: NaiveDate, time: NightClock) -> bool {
    night_of(time.on(night), DIARY_MORNING_END) == night
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock(t: &str) -> NightClock {
        NightClock::parse("t", t).expect("time")
    }

    fn draft(
        bed: &str,
        tried: &str,
        latency: i64,
        awakenings: i64,
        awake: Option<i64>,
        woke: &str,
        up: &str,
    ) -> DiaryDraft {
        DiaryDraft {
            bed: Some(bed.into()),
            tried: Some(tried.into()),
            latency_min: Some(latency),
            awakenings: Some(awakenings),
            awake_min: awake,
            woke: Some(woke.into()),
            up: Some(up.into()),
        }
    }

    #[test]
    fn clock_times_from_noon_are_the_nights_date_and_before_noon_the_next_morning() {
        for (t, since_noon) in [
            ("12:00", 0),
            ("22:30", 630),
            ("23:59", 719),
            ("00:00", 720),
            ("0:15", 735),
            ("06:45", 1125),
            ("11:59", 1439),
        ] {
            assert_eq!(clock(t).minutes(), since_noon, "{t}");
        }
        assert_eq!(clock("0:15").to_string(), "00:15");
        assert_eq!(clock("22:30").to_string(), "22:30");
        let night = NaiveDate::from_ymd_opt(2026, 12, 31).expect("date");
        assert_eq!(clock("01:00").on(night).to_string(), "2027-01-01 01:00:00");
        assert_eq!(clock("21:00").on(night).to_string(), "2026-12-31 21:00:00");
        for m in 0..i64::from(NIGHT_MINUTES) {
            let c = NightClock::from_minutes("bed", m).expect("in range");
            assert!(belongs_to(night, c), "{c}");
            assert_eq!(NightClock::parse("bed", &c.to_string()), Ok(c));
        }
    }

    #[test]
    fn a_time_that_is_not_hh_mm_names_the_field() {
        for bad in [
            "24:00", "7", "07:60", "7:5", "07-30", "", "ab:cd", "+1:00", "007:00",
        ] {
            let err = NightClock::parse("woke", bad).expect_err(bad);
            assert_eq!(err.field, "woke", "{bad}");
            assert!(err.message.contains("HH:MM"), "{}", err.message);
        }
        assert_eq!(
            NightClock::from_minutes("up", 1440).expect_err("x").field,
            "up"
        );
        assert_eq!(
            NightClock::from_minutes("up", -1).expect_err("x").field,
            "up"
        );
    }

    #[test]
    fn a_night_across_midnight_by_hand() {
        // Bed 22:30, tried 23:00, 20 min to fall asleep, 2 awakenings lasting 25 min, woke 06:30,
        // up 07:00. In bed 22:30→07:00 = 510 min. From tried to woke 23:00→06:30 = 450 min;
        // 450 − 20 − 25 = 405 min asleep. 405 ÷ 510 × 100 = 79.41… → 79.4 %. 405 min = 6.75 h → 6.8.
        let d = draft("22:30", "23:00", 20, 2, Some(25), "06:30", "07:00")
            .validate()
            .expect("valid");
        assert_eq!(d.time_in_bed_min(), Some(510));
        assert_eq!(d.total_sleep_min(), Some(405));
        assert_eq!(d.efficiency_pct(), Some(79.4));
        assert_eq!(d.derived_hours(), Some(6.8));
    }

    #[test]
    fn an_awakening_free_night_by_hand() {
        // Bed 23:15, tried 23:15, 10 min, no awakenings, woke 07:15, up 07:15: in bed 480 min,
        // asleep 480 − 10 = 470 min, 470 ÷ 480 × 100 = 97.916… → 97.9 %.
        for awake in [Some(0), None] {
            let d = draft("23:15", "23:15", 10, 0, awake, "07:15", "07:15")
                .validate()
                .expect("valid");
            assert_eq!(d.time_in_bed_min(), Some(480));
            assert_eq!(d.total_sleep_min(), Some(470), "awake {awake:?}");
            assert_eq!(d.efficiency_pct(), Some(97.9));
        }
    }

    #[test]
    fn a_missing_item_leaves_what_needs_it_empty() {
        // No latency: total sleep and efficiency are unknown, time in bed is not.
        let mut dr = draft("22:00", "22:10", 0, 1, Some(5), "06:00", "06:30");
        dr.latency_min = None;
        let d = dr.validate().expect("valid");
        assert_eq!(d.time_in_bed_min(), Some(510));
        assert_eq!(d.total_sleep_min(), None);
        assert_eq!(d.efficiency_pct(), None);
        assert_eq!(d.derived_hours(), None);
        // No bed time: efficiency is unknown, total sleep is not (470 − 0 − 5 = 465).
        let mut dr = draft("22:00", "22:10", 0, 1, Some(5), "06:00", "06:30");
        dr.bed = None;
        let d = dr.validate().expect("valid");
        assert_eq!(d.time_in_bed_min(), None);
        assert_eq!(d.total_sleep_min(), Some(465));
        assert_eq!(d.efficiency_pct(), None);
        // Nothing given: nothing derived.
        let d = DiaryDraft::default().validate().expect("valid");
        assert!(d.is_empty());
        assert_eq!(
            (d.time_in_bed_min(), d.total_sleep_min(), d.efficiency_pct()),
            (None, None, None)
        );
    }

    #[test]
    fn averages_over_the_nights_that_give_each_figure() {
        let a = draft("22:30", "23:00", 20, 2, Some(25), "06:30", "07:00")
            .validate()
            .expect("valid"); // 405 min, 79.4 %
        let b = draft("23:15", "23:15", 10, 0, None, "07:15", "07:15")
            .validate()
            .expect("valid"); // 470 min, 97.9 %
        let c = DiaryDraft {
            tried: Some("23:00".into()),
            latency_min: Some(0),
            awakenings: Some(0),
            woke: Some("06:00".into()),
            ..DiaryDraft::default()
        }
        .validate()
        .expect("valid"); // 420 min, no efficiency
        let avg = averages([&a, &b, &c, &Diary::default()]);
        assert_eq!(avg.slept_nights, 3);
        assert_eq!(avg.total_sleep_min, Some(431.7)); // (405 + 470 + 420) / 3 = 431.67
        assert_eq!(avg.efficiency_nights, 2);
        assert_eq!(avg.efficiency_pct, Some(88.7)); // (79.4 + 97.9) / 2 = 88.65 → 88.7
        assert_eq!(averages([&Diary::default()]).total_sleep_min, None);
        assert_eq!(hours_minutes(425.0), "7 h 05 min");
        assert_eq!(hours_minutes(437.5), "7 h 18 min");
        assert_eq!(hours_minutes(59.6), "1 h 00 min");
    }

    #[test]
    fn a_zero_length_night_has_no_efficiency() {
        let d = draft("23:00", "23:00", 0, 0, Some(0), "23:00", "23:00")
            .validate()
            .expect("valid");
        assert_eq!(d.time_in_bed_min(), Some(0));
        assert_eq!(d.total_sleep_min(), Some(0));
        assert_eq!(d.efficiency_pct(), None);
    }

    #[test]
    fn impossible_entries_name_the_fields() {
        let cases = [
            // Out of bed before into bed (both evening: same night).
            (
                draft("23:00", "23:00", 0, 0, None, "23:30", "22:00"),
                "up",
                "into bed",
            ),
            // Out of bed before the final awakening.
            (
                draft("22:00", "22:30", 0, 0, None, "07:00", "06:00"),
                "up",
                "final awakening",
            ),
            // Tried to sleep before going to bed.
            (
                draft("23:00", "22:30", 0, 0, None, "07:00", "07:30"),
                "tried",
                "into bed",
            ),
            // Woke before trying to sleep (11:00 is the next morning, 12:30 the night's date).
            (
                draft("12:00", "12:30", 0, 0, None, "12:10", "13:00"),
                "woke",
                "trying to sleep",
            ),
            // Longer to fall asleep than the night.
            (
                draft("22:00", "23:00", 500, 0, None, "06:00", "06:30"),
                "latency",
                "longer than the night",
            ),
            // Awake longer than the sleep left.
            (
                draft("22:00", "23:00", 60, 3, Some(400), "06:00", "06:30"),
                "awake",
                "negative total sleep",
            ),
            // Awake time with no awakenings.
            (
                draft("22:00", "23:00", 10, 0, Some(15), "06:00", "06:30"),
                "awake",
                "no awakenings",
            ),
            // Ranges.
            (
                draft("22:00", "23:00", 721, 0, None, "06:00", "06:30"),
                "latency",
                "0 to 720",
            ),
            (
                draft("22:00", "23:00", -1, 0, None, "06:00", "06:30"),
                "latency",
                "0 to 720",
            ),
            (
                draft("22:00", "23:00", 0, 100, None, "06:00", "06:30"),
                "awakenings",
                "0 to 99",
            ),
            (
                draft("22:00", "23:00", 0, 1, Some(-5), "06:00", "06:30"),
                "awake",
                "0 to 720",
            ),
            (
                draft("22:00", "25:00", 0, 1, None, "06:00", "06:30"),
                "tried",
                "HH:MM",
            ),
        ];
        for (d, field, words) in cases {
            let err = d.clone().validate().expect_err(field);
            assert_eq!(err.field, field, "{d:?}: {}", err.message);
            assert!(err.message.contains(words), "{field}: {}", err.message);
        }
    }
}
