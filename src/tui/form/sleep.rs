//! The sleep-note form: quality, night and hours (the quick note), then the sleep diary's items
//! in the order the night happens, then the note.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::field::field_list;
use super::session::{note_field, required};
use super::{Field, Rating, Shape, Text, errors};
use crate::domain::ValidationError;
use crate::domain::diary::DiaryDraft;
use crate::domain::session::{NOTE_MAX_CHARS, clean_text};
use crate::domain::sleep::quality_label;
use crate::domain::time::{default_night, parse_date_on};
use crate::domain::{SleepDraft, SleepFields, SleepNote};

/// The sleep form's fields, in focus order.
#[derive(Debug, Clone)]
pub struct SleepForm {
    /// Quality, 1–5.
    pub quality: Field<Rating>,
    /// The night, as typed.
    pub night: Field<Text>,
    /// Hours slept, as typed; optional.
    pub hours: Field<Text>,
    /// Into bed, "HH:MM".
    pub bed: Field<Text>,
    /// Tried to sleep, "HH:MM".
    pub tried: Field<Text>,
    /// Minutes to fall asleep.
    pub latency: Field<Text>,
    /// Awakenings, not counting the final one.
    pub awakenings: Field<Text>,
    /// Minutes awake after falling asleep.
    pub awake: Field<Text>,
    /// Final awakening, "HH:MM".
    pub woke: Field<Text>,
    /// Out of bed, "HH:MM".
    pub up: Field<Text>,
    /// The note.
    pub note: Field<Text>,
    /// The hours as the form opened: left so, they are derived again from the times (an edit
    /// of the times then changes them); typed anew, they must agree with the times.
    pub hours_as_opened: String,
}

field_list!(SleepForm: quality, night, hours, bed, tried, latency, awakenings, awake, woke, up, note);

/// A diary field: `key` is the domain's name for it, so its errors land on it.
fn diary_field(
    key: &'static str,
    label: &'static str,
    hint: &'static str,
    value: &str,
) -> Field<Text> {
    Field::new(key, label, hint, Text::new(value, Shape::Short))
}

/// A whole number typed in a diary field, or none when blank.
fn whole(f: &Field<Text>, allowed: &str) -> Result<Option<i64>, ValidationError> {
    let text = f.input.trimmed();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<i64>()
        .map(Some)
        .map_err(|_| ValidationError::typed(f.key, allowed, &text))
}

/// Text typed in a diary time field, or none when blank.
fn time_text(f: &Field<Text>) -> Option<String> {
    Some(f.input.trimmed()).filter(|t| !t.is_empty())
}

impl SleepForm {
    fn new(
        night: NaiveDate,
        quality: Option<u8>,
        hours: &str,
        diary: &DiaryDraft,
        note: &str,
    ) -> Self {
        let time = |t: &Option<String>| t.clone().unwrap_or_default();
        let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        Self {
            quality: Field::new(
                "quality",
                "Quality",
                "1 very poor · 2 poor · 3 fair · 4 good · 5 very good",
                Rating::new(quality, 1, 5).with_words(quality_label),
            ),
            night: Field::new(
                "night",
                "Night",
                "YYYY-MM-DD or yesterday",
                Text::new(&night.to_string(), Shape::Date),
            ),
            hours: Field::new(
                "hours",
                "Hours",
                "0–24, optional",
                Text::new(hours, Shape::Short),
            ),
            bed: diary_field("bed", "Into bed", "HH:MM, optional", &time(&diary.bed)),
            tried: diary_field("tried", "Tried to sleep", "HH:MM", &time(&diary.tried)),
            latency: diary_field("latency", "Fall asleep", "minutes", &num(diary.latency_min)),
            awakenings: diary_field("awakenings", "Awakenings", "times", &num(diary.awakenings)),
            awake: diary_field("awake", "Awake", "minutes in all", &num(diary.awake_min)),
            woke: diary_field("woke", "Woke", "HH:MM, final", &time(&diary.woke)),
            up: diary_field("up", "Out of bed", "HH:MM", &time(&diary.up)),
            note: note_field(note),
            hours_as_opened: hours.to_string(),
        }
    }

    /// The note the fields describe (a night in words counts from `today`), or every refused
    /// value's error at once.
    pub fn check(&self, today: NaiveDate) -> Result<SleepFields, Vec<ValidationError>> {
        // Every field is checked on its own, so all the refused ones are marked at once.
        let night = parse_date_on(self.night.key, &self.night.input.trimmed(), today);
        let hours_text = self.hours.input.trimmed().replace(',', ".");
        let hours = if hours_text.is_empty() {
            Ok(None)
        } else {
            hours_text
                .parse::<f64>()
                .ok()
                .filter(|h| h.is_finite() && (0.0..=24.0).contains(h))
                .map(Some)
                .ok_or_else(|| {
                    ValidationError::typed(
                        self.hours.key,
                        "must be a number of hours from 0 to 24",
                        &hours_text,
                    )
                })
        };
        let quality = required(&self.quality, "1–5");
        let note = clean_text(
            self.note.key,
            Some(self.note.input.trimmed()),
            NOTE_MAX_CHARS,
        );
        let latency = whole(&self.latency, "must be whole minutes from 0 to 720");
        let awakenings = whole(&self.awakenings, "must be a whole number from 0 to 99");
        let awake = whole(&self.awake, "must be whole minutes from 0 to 720");
        let refused = errors([
            quality.as_ref().err(),
            night.as_ref().err(),
            hours.as_ref().err(),
            latency.as_ref().err(),
            awakenings.as_ref().err(),
            awake.as_ref().err(),
            note.as_ref().err(),
        ]);
        let (Ok(night), Ok(hours), Ok(quality), Ok(latency), Ok(awakenings), Ok(awake), true) = (
            night,
            hours,
            quality,
            latency,
            awakenings,
            awake,
            refused.is_empty(),
        ) else {
            return Err(refused);
        };
        let diary = DiaryDraft {
            bed: time_text(&self.bed),
            tried: time_text(&self.tried),
            latency_min: latency,
            awakenings,
            awake_min: awake,
            woke: time_text(&self.woke),
            up: time_text(&self.up),
        };
        // Hours left as they opened give way to the hours the times give.
        let from_times = diary
            .clone()
            .validate()
            .ok()
            .and_then(|d| d.derived_hours())
            .is_some();
        let unchanged = hours_text == self.hours_as_opened;
        let draft = SleepDraft {
            night,
            quality: i64::from(quality),
            hours: if from_times && unchanged { None } else { hours },
            note: Some(self.note.input.trimmed()),
            diary,
        };
        draft.validate().map_err(|e| vec![e])
    }
}

/// The fields for a new note; the night defaults to last night.
pub fn new_fields(now: &DateTime<FixedOffset>) -> SleepForm {
    SleepForm::new(default_night(now), None, "", &DiaryDraft::default(), "")
}

/// The fields editing `n`.
pub fn edit_fields(n: &SleepNote) -> SleepForm {
    let f = &n.fields;
    let hours = f.hours.map(|h| h.to_string()).unwrap_or_default();
    SleepForm::new(
        f.night,
        Some(f.quality),
        &hours,
        &f.diary.draft(),
        f.note.as_deref().unwrap_or(""),
    )
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate};
    use uuid::Uuid;

    use super::edit_fields;
    use crate::domain::diary::DiaryDraft;
    use crate::domain::{SleepDraft, SleepNote};

    /// Editing a note shows its diary items, and an unchanged form keeps them.
    #[test]
    fn editing_a_note_keeps_its_diary_items() {
        let night = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let fields = SleepDraft {
            night,
            quality: 4,
            hours: None,
            note: Some("calm".into()),
            diary: DiaryDraft {
                bed: Some("22:30".into()),
                tried: Some("23:00".into()),
                latency_min: Some(20),
                awakenings: Some(0),
                awake_min: None,
                woke: Some("06:30".into()),
                up: Some("07:00".into()),
            },
        }
        .validate()
        .expect("valid");
        let at = DateTime::parse_from_rfc3339("2026-12-02T09:00:00+01:00").expect("time");
        let note = SleepNote {
            uuid: Uuid::nil(),
            fields: fields.clone(),
            created_at: at,
            updated_at: at,
        };
        let checked = edit_fields(&note)
            .check(night)
            .expect("unchanged form is valid");
        assert_eq!(checked, fields);
        assert_eq!(checked.hours, Some(7.2), "430 min asleep, derived");
    }
}
