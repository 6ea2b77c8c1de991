//! The sleep-note form: night, quality, hours, note.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::{Field, Form, FormKind, Input, required_rating, text_input, text_of};
use crate::domain::RecordRef;
use crate::domain::ValidationError;
use crate::domain::session::{NOTE_MAX_CHARS, clean_text};
use crate::domain::time::{default_night, parse_date_on};
use crate::domain::{SleepDraft, SleepFields, SleepNote};

fn build(night: NaiveDate, quality: Option<u8>, hours: &str, note: &str) -> Vec<Field> {
    vec![
        Field::new(
            "quality",
            "Quality",
            "1 very poor · 2 poor · 3 fair · 4 good · 5 very good",
            Input::Rating {
                value: quality,
                min: 1,
                max: 5,
                after_one: false,
            },
        ),
        Field::new(
            "night",
            "Night",
            "YYYY-MM-DD or yesterday",
            text_input(&night.to_string()),
        ),
        Field::new("hours", "Hours", "0–24, optional", text_input(hours)),
        Field::new("note", "Note", "optional", text_input(note)).multiline(),
    ]
}

/// A form for a new note; the night defaults to last night.
pub fn new_form(now: &DateTime<FixedOffset>) -> Form {
    Form::new(
        FormKind::Sleep,
        "Sleep note",
        build(default_night(now), None, "", ""),
    )
}

/// A form editing `n`.
pub fn edit_form(n: &SleepNote) -> Form {
    let f = &n.fields;
    let hours = f.hours.map(|h| h.to_string()).unwrap_or_default();
    let mut form = Form::new(
        FormKind::Sleep,
        "Edit sleep note",
        build(
            f.night,
            Some(f.quality),
            &hours,
            f.note.as_deref().unwrap_or(""),
        ),
    );
    form.editing = Some(RecordRef::Sleep(n.uuid));
    form
}

/// Validates the form (a night in words counts from `today`); on failure the errors are set
/// inline and `None` is returned.
pub fn fields(form: &mut Form, today: NaiveDate) -> Option<SleepFields> {
    form.clear_errors();
    // Every field is checked on its own, so all the refused ones are marked at once.
    let night = parse_date_on("night", &text_of(form, "night"), today);
    let hours_text = text_of(form, "hours").replace(',', ".");
    let hours = if hours_text.is_empty() {
        Ok(None)
    } else {
        hours_text
            .parse::<f64>()
            .ok()
            .filter(|h| h.is_finite() && (0.0..=24.0).contains(h))
            .map(Some)
            .ok_or_else(|| ValidationError::new("hours", "must be a number of hours from 0 to 24"))
    };
    let quality = required_rating(form, "quality", "1–5");
    let note = clean_text("note", Some(text_of(form, "note")), NOTE_MAX_CHARS);
    let fine = form.report([
        quality.as_ref().err(),
        night.as_ref().err(),
        hours.as_ref().err(),
        note.as_ref().err(),
    ]);
    let (Ok(night), Ok(hours), Ok(quality), true) = (night, hours, quality, fine) else {
        return None;
    };
    let draft = SleepDraft {
        night,
        quality: i64::from(quality),
        hours,
        note: Some(text_of(form, "note")),
    };
    form.accept(draft.validate())
}
