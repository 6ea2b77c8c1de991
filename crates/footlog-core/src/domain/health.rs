//! The health profile and the cautions it brings. footlog suggests, never diagnoses.

use serde::{Deserialize, Serialize};

/// Conditions that call for a word with a doctor before foot massage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthProfile {
    /// Diabetes or neuropathy (nerve damage).
    pub diabetes_or_neuropathy: bool,
    /// Circulation problems.
    pub circulation_problems: bool,
    /// Pregnancy.
    pub pregnancy: bool,
}

impl HealthProfile {
    /// True when any condition is set.
    pub fn any(&self) -> bool {
        self.diabetes_or_neuropathy || self.circulation_problems || self.pregnancy
    }

    /// The cautions to show (non-blocking), one per line; empty when none apply.
    pub fn cautions(&self) -> Vec<&'static str> {
        let mut c = Vec::new();
        if self.diabetes_or_neuropathy {
            c.push("Diabetes or neuropathy: check with your doctor before foot massage, and look over your feet for cuts or changes.");
        }
        if self.circulation_problems {
            c.push("Circulation problems: check with your doctor before foot massage.");
        }
        if self.pregnancy {
            c.push("Pregnancy: check with your doctor or midwife first, and avoid strong pressure around the ankles and heels.");
        }
        c
    }
}

impl HealthProfile {
    /// Short reminders shown while massaging (the full cautions come before the session).
    pub fn reminders(&self) -> Vec<&'static str> {
        let mut r = Vec::new();
        if self.pregnancy {
            r.push("Pregnancy: no strong pressure around the ankles and heels.");
        }
        if self.diabetes_or_neuropathy || self.circulation_problems {
            r.push("Gentle pressure; stop if anything hurts or looks wrong.");
        }
        r
    }
}

/// The pre-session check: if any applies today, advise to skip the massage.
pub const SKIP_TODAY: &[&str] = &["an injury", "an open wound", "an infection"];

/// What footlog says when the pre-session check finds a reason to skip.
pub const SKIP_ADVICE: &str = "Skip the massage on a foot with an injury, an open wound or an infection \
     until it has healed, and see a doctor if it does not improve. You can mark this week as a rest week instead.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cautions_follow_the_profile_and_never_promise_cures() {
        assert!(HealthProfile::default().cautions().is_empty());
        assert!(!HealthProfile::default().any());
        let p = HealthProfile {
            pregnancy: true,
            ..HealthProfile::default()
        };
        assert!(p.any());
        let c = p.cautions();
        assert_eq!(c.len(), 1);
        assert!(c[0].contains("ankles and heels") && c[0].contains("doctor"));
        let all = HealthProfile {
            diabetes_or_neuropathy: true,
            circulation_problems: true,
            pregnancy: true,
        };
        assert_eq!(all.cautions().len(), 3);
        for line in all.cautions() {
            let l = line.to_lowercase();
            assert!(!l.contains("cure") && !l.contains("heal your") && !l.contains("detox"));
        }
    }
}
