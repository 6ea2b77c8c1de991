//! The health profile form: three yes/no answers that bring cautions to the log and guided forms.

use super::{Field, Form, FormKind, Input, choice_of};
use crate::domain::health::HealthProfile;

fn yes_no(on: bool) -> Input {
    Input::Choice {
        index: usize::from(on),
        options: vec!["no".into(), "yes".into()],
    }
}

/// The form for the current profile.
pub fn new_form(p: &HealthProfile) -> Form {
    let fields = vec![
        Field::new(
            "diabetes_or_neuropathy",
            "Diabetes",
            "or neuropathy",
            yes_no(p.diabetes_or_neuropathy),
        ),
        Field::new(
            "circulation_problems",
            "Circulation",
            "circulation problems",
            yes_no(p.circulation_problems),
        ),
        Field::new("pregnancy", "Pregnancy", "", yes_no(p.pregnancy)),
    ];
    Form::new(FormKind::Health, "Health profile (shows cautions)", fields)
}

/// The profile the form describes.
pub fn profile(form: &Form) -> HealthProfile {
    HealthProfile {
        diabetes_or_neuropathy: choice_of(form, "diabetes_or_neuropathy") == 1,
        circulation_problems: choice_of(form, "circulation_problems") == 1,
        pregnancy: choice_of(form, "pregnancy") == 1,
    }
}
