//! The time zone typed local times are read in. The runtime hands `update` the system's zone as
//! it hands it the clock, so `update` itself never reads the system (tests use a fixed one).

use chrono::{
    DateTime, FixedOffset, MappedLocalTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
};

use crate::domain::ValidationError;
use crate::domain::time::parse_when;

/// How local times typed in forms are resolved.
#[derive(Debug, Clone, Copy)]
pub enum Zone {
    /// The system's time zone, read by the runtime's functions (DST gaps are rejected).
    System(SystemZone),
    /// A fixed offset (tests).
    Fixed(FixedOffset),
}

/// The system's time zone as two functions the runtime supplies (it reads `chrono::Local`):
/// the offsets of a local and of a UTC date and time.
#[derive(Clone, Copy)]
pub struct SystemZone {
    /// The offset (or offsets, or none in a DST gap) of a local date and time.
    pub of_local: fn(&NaiveDateTime) -> MappedLocalTime<FixedOffset>,
    /// The offset in force at a UTC date and time.
    pub of_utc: fn(&NaiveDateTime) -> FixedOffset,
}

impl std::fmt::Debug for SystemZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SystemZone")
    }
}

impl Zone {
    /// Parses "YYYY-MM-DD HH:MM" (or a date alone, meaning 12:00), a day in words with or
    /// without a time, or a bare time, in this zone; words count from `now`.
    pub fn resolve(
        &self,
        field: &'static str,
        s: &str,
        now: &DateTime<FixedOffset>,
    ) -> Result<DateTime<FixedOffset>, ValidationError> {
        parse_when(self, field, s, now)
    }
}

impl TimeZone for Zone {
    type Offset = FixedOffset;

    fn from_offset(offset: &FixedOffset) -> Self {
        Zone::Fixed(*offset)
    }

    fn offset_from_local_date(&self, local: &NaiveDate) -> MappedLocalTime<FixedOffset> {
        self.offset_from_local_datetime(&local.and_time(NaiveTime::MIN))
    }

    fn offset_from_local_datetime(&self, local: &NaiveDateTime) -> MappedLocalTime<FixedOffset> {
        match self {
            Zone::System(z) => (z.of_local)(local),
            Zone::Fixed(o) => o.offset_from_local_datetime(local),
        }
    }

    fn offset_from_utc_date(&self, utc: &NaiveDate) -> FixedOffset {
        self.offset_from_utc_datetime(&utc.and_time(NaiveTime::MIN))
    }

    fn offset_from_utc_datetime(&self, utc: &NaiveDateTime) -> FixedOffset {
        match self {
            Zone::System(z) => (z.of_utc)(utc),
            Zone::Fixed(o) => *o,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, FixedOffset, MappedLocalTime};

    use super::{SystemZone, Zone};
    use crate::domain::time::parse_when;

    #[test]
    fn the_system_zone_resolves_as_chrono_local_does() {
        let now = DateTime::parse_from_rfc3339("2026-03-29T12:00:00+02:00").expect("time");
        let zone = crate::tui::system_zone();
        for s in [
            "2026-03-29 02:30",
            "2026-10-25 02:30",
            "today 21:15",
            "2026-07-01",
            "x",
        ] {
            let system = zone.resolve("when", s, &now);
            assert_eq!(system, parse_when(&chrono::Local, "when", s, &now), "{s}");
        }
    }

    #[test]
    fn a_system_zone_is_the_functions_it_was_given() {
        let east = FixedOffset::east_opt(5 * 3600).expect("offset");
        let zone = Zone::System(SystemZone {
            of_local: |_| MappedLocalTime::Single(FixedOffset::east_opt(5 * 3600).expect("offset")),
            of_utc: |_| FixedOffset::east_opt(5 * 3600).expect("offset"),
        });
        let now = DateTime::parse_from_rfc3339("2026-01-01T12:00:00+00:00").expect("time");
        let t = zone
            .resolve("when", "2026-01-01 10:00", &now)
            .expect("resolved");
        assert_eq!(t.offset(), &east);
        assert_eq!(t.to_rfc3339(), "2026-01-01T10:00:00+05:00");
        let gap = Zone::System(SystemZone {
            of_local: |_| MappedLocalTime::None,
            of_utc: |_| FixedOffset::east_opt(0).expect("offset"),
        });
        assert!(gap.resolve("when", "2026-01-01 10:00", &now).is_err());
    }
}
