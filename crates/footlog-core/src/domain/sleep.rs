//! Sleep notes: one per night, a quality rating, optional hours and a note.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Timelike};
use uuid::Uuid;

use super::ValidationError;
use super::diary::{Diary, DiaryDraft};
use super::session::{NOTE_MAX_CHARS, check_range, clean_text};

/// Allowed sleep quality.
pub const QUALITY_RANGE: (i64, i64) = (1, 5);

/// Before this hour a local time is in the small hours of the night that began the evening
/// before.
pub const SMALL_HOURS_END: u32 = 6;

/// Before this hour a sleep diary's clock time (into bed, final awakening, …) is the morning
/// after the night's date; from it on, the night's date (the rule: a night's diary runs
/// noon to noon).
pub const DIARY_MORNING_END: u32 = 12;

/// The night (named by the evening it began) that local time `at` belongs to, when the night's
/// morning ends at `morning_end` o'clock: before that hour, the night that began the evening
/// before; from it on, that day's. The one rule for times past midnight: the session pairing
/// uses it with [`SMALL_HOURS_END`], the sleep diary's clock times with [`DIARY_MORNING_END`].
pub fn night_of(at: NaiveDateTime, morning_end: u32) -> NaiveDate {
    let date = at.date();
    if at.hour() < morning_end {
        date.pred_opt().unwrap_or(date)
    } else {
        date
    }
}

/// The night (named, as `--night` names it, by the evening it began) that a session started at
/// local time `started` came before: the same day's, or for a session in the small hours
/// (before 06:00) the night that began the evening before. The one rule for pairing sessions
/// with sleep: Insights, `stats`, the report and the Sleep list all use it.
pub fn night_after_session(started: NaiveDateTime) -> NaiveDate {
    night_of(started, SMALL_HOURS_END)
}

/// Validated, storable attributes of a sleep note.
#[derive(Debug, Clone, PartialEq)]
pub struct SleepFields {
    /// The date the person went to bed.
    pub night: NaiveDate,
    /// Quality, 1–5.
    pub quality: u8,
    /// Hours slept, 0–24, one decimal.
    pub hours: Option<f64>,
    /// Free note.
    pub note: Option<String>,
    /// The Consensus Sleep Diary's items, each optional.
    pub diary: Diary,
}

/// A stored sleep note.
#[derive(Debug, Clone, PartialEq)]
pub struct SleepNote {
    /// Stable identity, kept through export and import.
    pub uuid: Uuid,
    /// What was noted.
    pub fields: SleepFields,
    /// When the record was created.
    pub created_at: DateTime<FixedOffset>,
    /// When the record last changed.
    pub updated_at: DateTime<FixedOffset>,
}

/// Unvalidated sleep-note input.
#[derive(Debug, Clone, PartialEq)]
pub struct SleepDraft {
    /// The night.
    pub night: NaiveDate,
    /// Quality as given.
    pub quality: i64,
    /// Hours as given.
    pub hours: Option<f64>,
    /// Note; blank means none.
    pub note: Option<String>,
    /// The diary's items as given.
    pub diary: DiaryDraft,
}

/// Rejects a night after `today`: the night is the date you went to bed, so it cannot be later.
pub fn check_night(night: NaiveDate, today: NaiveDate) -> Result<(), ValidationError> {
    if night > today {
        return Err(ValidationError::new(
            "night",
            format!("must not be after today, {today} (got {night})"),
        ));
    }
    Ok(())
}

impl SleepDraft {
    /// Validates every rule, including that the night is not after `today`.
    pub fn validate_on(self, today: NaiveDate) -> Result<SleepFields, ValidationError> {
        check_night(self.night, today)?;
        self.validate()
    }

    /// Validates every rule; hours are rounded to one decimal.
    pub fn validate(self) -> Result<SleepFields, ValidationError> {
        let quality = check_range("quality", self.quality, QUALITY_RANGE)?;
        let hours = match self.hours {
            None => None,
            Some(h) if h.is_finite() && (0.0..=24.0).contains(&h) => {
                Some((h * 10.0).round() / 10.0)
            }
            Some(h) => {
                return Err(ValidationError::new(
                    "hours",
                    format!("must be a number of hours from 0 to 24 (got {h})"),
                ));
            }
        };
        let diary = self.diary.validate()?;
        let hours = hours_with_diary(hours, &diary)?;
        Ok(SleepFields {
            night: self.night,
            quality: u8::try_from(quality)
                .map_err(|_| ValidationError::range("quality", 1, 5, quality))?,
            hours,
            note: clean_text("note", self.note, NOTE_MAX_CHARS)?,
            diary,
        })
    }
}

/// The hours of a note with `diary`: when the times give a total sleep time, the hours are
/// derived from it (hours given as well must agree to the tenth); otherwise the hours as given
/// (nothing is invented from part of the times).
pub fn hours_with_diary(given: Option<f64>, diary: &Diary) -> Result<Option<f64>, ValidationError> {
    match (given, diary.derived_hours()) {
        (Some(h), Some(d)) if (h - d).abs() > 0.05 => Err(ValidationError::new(
            "hours",
            format!(
                "{h} does not agree with the {d} hours the times give (woke − tried − latency − \
                 awake); leave hours out and they are derived"
            ),
        )),
        (_, Some(d)) => Ok(Some(d)),
        (h, None) => Ok(h),
    }
}

/// The words for each sleep quality, as the Consensus Sleep Diary has them (1 to 5).
pub const QUALITY_LABELS: [&str; 5] = ["very poor", "poor", "fair", "good", "very good"];

/// The words for sleep quality `q` ("good" for 4); empty outside 1–5.
pub fn quality_label(q: u8) -> &'static str {
    usize::from(q)
        .checked_sub(1)
        .and_then(|i| QUALITY_LABELS.get(i))
        .copied()
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_has_the_sleep_diarys_words() {
        let words: Vec<&str> = (0..=6).map(super::quality_label).collect();
        assert_eq!(
            words,
            ["", "very poor", "poor", "fair", "good", "very good", ""]
        );
    }

    fn draft(quality: i64, hours: Option<f64>) -> SleepDraft {
        SleepDraft {
            night: NaiveDate::from_ymd_opt(2026, 11, 22).expect("date"),
            quality,
            hours,
            note: None,
            diary: DiaryDraft::default(),
        }
    }

    #[test]
    fn times_derive_the_hours_and_hours_alone_are_kept() {
        let with_times = |hours| SleepDraft {
            diary: DiaryDraft {
                tried: Some("23:00".into()),
                latency_min: Some(15),
                awake_min: Some(0),
                woke: Some("06:30".into()),
                ..DiaryDraft::default()
            },
            ..draft(4, hours)
        };
        // 23:00→06:30 = 450 min, less 15 = 435 min = 7.25 h → 7.3 (rounded half away from zero).
        assert_eq!(with_times(None).validate().expect("ok").hours, Some(7.3));
        assert_eq!(
            with_times(Some(7.3)).validate().expect("ok").hours,
            Some(7.3)
        );
        let err = with_times(Some(8.0)).validate().expect_err("disagrees");
        assert_eq!(err.field, "hours");
        assert!(err.message.contains("7.3"), "{}", err.message);
        // Only some times: the hours stay as given, or none.
        let part = |hours| SleepDraft {
            diary: DiaryDraft {
                bed: Some("22:00".into()),
                up: Some("07:00".into()),
                ..DiaryDraft::default()
            },
            ..draft(4, hours)
        };
        assert_eq!(part(None).validate().expect("ok").hours, None);
        assert_eq!(part(Some(6.5)).validate().expect("ok").hours, Some(6.5));
        // An impossible diary is refused, naming its field.
        let bad = SleepDraft {
            diary: DiaryDraft {
                bed: Some("23:00".into()),
                up: Some("22:00".into()),
                ..DiaryDraft::default()
            },
            ..draft(4, None)
        };
        assert_eq!(bad.validate().expect_err("order").field, "up");
    }

    #[test]
    fn hours_round_to_one_decimal() {
        assert_eq!(
            draft(3, Some(7.46)).validate().expect("ok").hours,
            Some(7.5)
        );
        assert_eq!(
            draft(3, Some(24.0)).validate().expect("ok").hours,
            Some(24.0)
        );
        assert_eq!(draft(3, Some(0.0)).validate().expect("ok").hours, Some(0.0));
    }

    #[test]
    fn a_night_after_today_is_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).expect("date");
        assert!(draft(3, None).validate_on(today).is_ok(), "tonight is fine");
        let tomorrow = today.succ_opt().expect("date");
        let err = draft(3, None)
            .validate_on(today.pred_opt().expect("date"))
            .expect_err("future");
        assert_eq!(err.field, "night");
        assert!(check_night(tomorrow, today).is_err());
    }

    #[test]
    fn out_of_range_names_the_field() {
        assert_eq!(draft(0, None).validate().expect_err("q").field, "quality");
        assert_eq!(draft(6, None).validate().expect_err("q").field, "quality");
        assert_eq!(
            draft(3, Some(24.1)).validate().expect_err("h").field,
            "hours"
        );
        assert_eq!(
            draft(3, Some(f64::NAN)).validate().expect_err("h").field,
            "hours"
        );
        assert_eq!(
            draft(3, Some(-0.5)).validate().expect_err("h").field,
            "hours"
        );
    }
}

#[cfg(test)]
mod night_tests {
    use chrono::NaiveDateTime;

    use super::night_after_session;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    #[test]
    fn a_session_in_the_small_hours_comes_before_the_night_that_began_the_evening_before() {
        for (started, night) in [
            ("2026-12-02 00:30", "2026-12-01"),
            ("2026-12-02 05:59", "2026-12-01"),
            ("2026-12-02 06:00", "2026-12-02"),
            ("2026-12-02 10:00", "2026-12-02"),
            ("2026-12-02 23:59", "2026-12-02"),
            ("2027-01-01 01:00", "2026-12-31"),
        ] {
            assert_eq!(
                night_after_session(at(started)).to_string(),
                night,
                "{started}"
            );
        }
    }
}
