//! The weekly reminder: its day and local time, checked here, and the schedule strings that
//! calendars, systemd and cron read. No I/O and no clock: "now" comes in as an argument.

use std::fmt;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};

use super::{ValidationError, WeekStart};

/// The day names the `--day` flag takes, Monday first.
pub const DAY_NAMES: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// The reminder's time when none was chosen.
pub const DEFAULT_TIME: (u32, u32) = (19, 0);

/// When the weekly reminder comes: a weekday and a local time (whole minutes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reminder {
    /// The day of the week.
    pub day: Weekday,
    /// The local time, seconds always zero.
    pub at: NaiveTime,
}

impl Reminder {
    /// The default: 19:00 on the last day of the week (Sunday for Monday weeks, Saturday for
    /// Sunday weeks), the last chance to meet the week's goal.
    pub fn default_for(week_start: WeekStart) -> Self {
        Reminder {
            day: week_start.weekday().pred(),
            at: NaiveTime::from_hms_opt(DEFAULT_TIME.0, DEFAULT_TIME.1, 0).unwrap_or_default(),
        }
    }

    /// The setting's stored form, e.g. `sun 19:00`.
    pub fn to_setting(self) -> String {
        format!("{} {}", day_name(self.day), self.time_label())
    }

    /// Reads the stored form written by [`Reminder::to_setting`].
    pub fn parse_setting(s: &str) -> Result<Self, ValidationError> {
        let (day, at) = s.trim().split_once(' ').ok_or_else(|| {
            ValidationError::new("reminder", format!("must be \"DAY HH:MM\" (got {s:?})"))
        })?;
        Ok(Reminder {
            day: parse_day("reminder", day)?,
            at: parse_time("reminder", at)?,
        })
    }

    /// The time as `HH:MM`.
    pub fn time_label(self) -> String {
        format!("{:02}:{:02}", self.at.hour(), self.at.minute())
    }

    /// e.g. `Sunday at 19:00`.
    pub fn label(self) -> String {
        format!("{} at {}", long_day_name(self.day), self.time_label())
    }

    /// The first date on or after `today` that falls on the reminder's day.
    pub fn first_date_from(self, today: NaiveDate) -> NaiveDate {
        let ahead = self.day.days_since(today.weekday());
        today + chrono::Duration::days(i64::from(ahead))
    }

    /// systemd's `OnCalendar=` value, e.g. `Sun *-*-* 19:00:00`.
    pub fn on_calendar(self) -> String {
        format!("{} *-*-* {}:00", short_day(self.day), self.time_label())
    }

    /// The five time fields of a crontab line, e.g. `0 19 * * 0`.
    pub fn cron_fields(self) -> String {
        format!(
            "{} {} * * {}",
            self.at.minute(),
            self.at.hour(),
            self.day.num_days_from_sunday()
        )
    }

    /// The iCalendar `BYDAY` value, e.g. `SU`.
    pub fn ical_day(self) -> &'static str {
        match self.day {
            Weekday::Mon => "MO",
            Weekday::Tue => "TU",
            Weekday::Wed => "WE",
            Weekday::Thu => "TH",
            Weekday::Fri => "FR",
            Weekday::Sat => "SA",
            Weekday::Sun => "SU",
        }
    }
}

impl fmt::Display for Reminder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.label())
    }
}

/// The `--day` word for a weekday (`mon` … `sun`).
pub fn day_name(d: Weekday) -> &'static str {
    names(d).0
}

/// `Mon` … `Sun`, as systemd writes them.
fn short_day(d: Weekday) -> &'static str {
    names(d).1
}

/// `Monday` … `Sunday`.
pub fn long_day_name(d: Weekday) -> &'static str {
    names(d).2
}

/// A weekday's names: the flag's word, systemd's and the full one.
fn names(d: Weekday) -> (&'static str, &'static str, &'static str) {
    match d {
        Weekday::Mon => ("mon", "Mon", "Monday"),
        Weekday::Tue => ("tue", "Tue", "Tuesday"),
        Weekday::Wed => ("wed", "Wed", "Wednesday"),
        Weekday::Thu => ("thu", "Thu", "Thursday"),
        Weekday::Fri => ("fri", "Fri", "Friday"),
        Weekday::Sat => ("sat", "Sat", "Saturday"),
        Weekday::Sun => ("sun", "Sun", "Sunday"),
    }
}

/// Parses `mon` … `sun` (any case, spaces around ignored), naming `field` in the error.
pub fn parse_day(field: &'static str, s: &str) -> Result<Weekday, ValidationError> {
    let word = s.trim().to_ascii_lowercase();
    DAY_NAMES
        .iter()
        .position(|n| *n == word)
        .and_then(|i| Weekday::try_from(u8::try_from(i).ok()?).ok())
        .ok_or_else(|| {
            ValidationError::typed(field, "must be one of mon, tue, wed, thu, fri, sat, sun", s)
        })
}

/// Parses a 24-hour `HH:MM` (00:00 to 23:59), naming `field` in the error.
pub fn parse_time(field: &'static str, s: &str) -> Result<NaiveTime, ValidationError> {
    let t = s.trim();
    let bad = || ValidationError::typed(field, "must be a time HH:MM from 00:00 to 23:59", s);
    let (h, m) = t.split_once(':').ok_or_else(bad)?;
    let digits = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || m.len() != 2 || !digits(m) {
        return Err(bad());
    }
    let (h, m) = (
        h.parse::<u32>().map_err(|_| bad())?,
        m.parse::<u32>().map_err(|_| bad())?,
    );
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(day: &str, at: &str) -> Reminder {
        Reminder {
            day: parse_day("day", day).expect("day"),
            at: parse_time("at", at).expect("time"),
        }
    }

    #[test]
    fn the_default_is_the_last_day_of_the_week_at_seven_pm() {
        assert_eq!(Reminder::default_for(WeekStart::Monday), r("sun", "19:00"));
        assert_eq!(Reminder::default_for(WeekStart::Sunday), r("sat", "19:00"));
    }

    #[test]
    fn days_and_times_parse_and_bad_ones_name_the_field_and_allowed_values() {
        assert_eq!(parse_day("day", " FRI ").expect("fri"), Weekday::Fri);
        assert_eq!(
            parse_time("at", "7:05").expect("time"),
            NaiveTime::from_hms_opt(7, 5, 0).expect("t")
        );
        for bad in ["friday", "", "7", "fr"] {
            let e = parse_day("day", bad).expect_err(bad);
            assert!(
                e.message.contains("mon, tue, wed, thu, fri, sat, sun"),
                "{e}"
            );
        }
        for bad in [
            "24:00", "19", "19:5", "19:60", "-1:00", "19:00:00", "ab:cd", "+1:00",
        ] {
            let e = parse_time("at", bad).expect_err(bad);
            assert!(e.message.contains("HH:MM from 00:00 to 23:59"), "{e}");
        }
    }

    #[test]
    fn the_setting_round_trips_and_damage_is_named() {
        let x = r("wed", "07:30");
        assert_eq!(x.to_setting(), "wed 07:30");
        assert_eq!(Reminder::parse_setting(&x.to_setting()).expect("read"), x);
        assert!(Reminder::parse_setting("wednesday").is_err());
        assert!(Reminder::parse_setting("wed 25:00").is_err());
    }

    #[test]
    fn schedules_for_systemd_cron_and_calendars() {
        let x = r("sun", "19:00");
        assert_eq!(x.on_calendar(), "Sun *-*-* 19:00:00");
        assert_eq!(x.cron_fields(), "0 19 * * 0");
        assert_eq!(x.ical_day(), "SU");
        assert_eq!(r("mon", "07:05").cron_fields(), "5 7 * * 1");
        assert_eq!(x.label(), "Sunday at 19:00");
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        assert_eq!(
            x.first_date_from(monday),
            NaiveDate::from_ymd_opt(2026, 11, 29).expect("d")
        );
        assert_eq!(r("mon", "07:00").first_date_from(monday), monday);
    }
}
