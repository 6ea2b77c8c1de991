//! The sleep-note form: quality, night, hours, note.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::field::field_list;
use super::session::{note_field, required};
use super::{Field, Rating, Shape, Text, errors};
use crate::domain::ValidationError;
use crate::domain::diary::Diary;
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
    /// The note.
    pub note: Field<Text>,
    /// The sleep diary's items of the note being edited, kept as they are (the form does not
    /// show them yet; `footlog sleep --replace` changes them).
    pub diary: Diary,
}

field_list!(SleepForm: quality, night, hours, note);

impl SleepForm {
    fn new(night: NaiveDate, quality: Option<u8>, hours: &str, note: &str) -> Self {
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
            note: note_field(note),
            diary: Diary::default(),
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
        let refused = errors([
            quality.as_ref().err(),
            night.as_ref().err(),
            hours.as_ref().err(),
            note.as_ref().err(),
        ]);
        let (Ok(night), Ok(hours), Ok(quality), true) = (night, hours, quality, refused.is_empty())
        else {
            return Err(refused);
        };
        let draft = SleepDraft {
            night,
            quality: i64::from(quality),
            hours,
            note: Some(self.note.input.trimmed()),
            diary: self.diary.draft(),
        };
        draft.validate().map_err(|e| vec![e])
    }
}

/// The fields for a new note; the night defaults to last night.
pub fn new_fields(now: &DateTime<FixedOffset>) -> SleepForm {
    SleepForm::new(default_night(now), None, "", "")
}

/// The fields editing `n`.
pub fn edit_fields(n: &SleepNote) -> SleepForm {
    let f = &n.fields;
    let hours = f.hours.map(|h| h.to_string()).unwrap_or_default();
    SleepForm {
        diary: f.diary,
        ..SleepForm::new(
            f.night,
            Some(f.quality),
            &hours,
            f.note.as_deref().unwrap_or(""),
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate};
    use uuid::Uuid;

    use super::edit_fields;
    use crate::domain::diary::DiaryDraft;
    use crate::domain::{SleepDraft, SleepNote};

    /// The form does not show the sleep diary's items yet: editing a note keeps them.
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
