//! The health profile form: three yes/no answers that bring cautions to the log and guided forms.

use super::field::field_list;
use super::{Choice, Field};
use crate::domain::health::HealthProfile;

/// The health form's fields, in focus order.
#[derive(Debug, Clone)]
pub struct HealthForm {
    /// Diabetes or neuropathy.
    pub diabetes_or_neuropathy: Field<Choice>,
    /// Circulation problems.
    pub circulation_problems: Field<Choice>,
    /// Pregnancy.
    pub pregnancy: Field<Choice>,
}

field_list!(HealthForm: diabetes_or_neuropathy, circulation_problems, pregnancy);

fn yes_no(on: bool) -> Choice {
    Choice::new(usize::from(on), vec!["no".into(), "yes".into()])
}

fn yes(f: &Field<Choice>) -> bool {
    f.input.index == 1
}

impl HealthForm {
    /// The profile the fields describe.
    pub fn profile(&self) -> HealthProfile {
        HealthProfile {
            diabetes_or_neuropathy: yes(&self.diabetes_or_neuropathy),
            circulation_problems: yes(&self.circulation_problems),
            pregnancy: yes(&self.pregnancy),
        }
    }
}

/// The form's fields for the current profile.
pub fn new_fields(p: &HealthProfile) -> HealthForm {
    HealthForm {
        diabetes_or_neuropathy: Field::new(
            "diabetes_or_neuropathy",
            "Diabetes",
            "or neuropathy",
            yes_no(p.diabetes_or_neuropathy),
        ),
        circulation_problems: Field::new(
            "circulation_problems",
            "Circulation",
            "circulation problems",
            yes_no(p.circulation_problems),
        ),
        pregnancy: Field::new("pregnancy", "Pregnancy", "", yes_no(p.pregnancy)),
    }
}
