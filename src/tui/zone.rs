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

    /// The zone the system-zone test runs in: west of UTC with summer time, so a time read the
    /// wrong way round (UTC for local, or local for UTC) gives another instant or another day.
    const ZONE: &str = "America/Los_Angeles";

    /// `chrono::Local` is the process's zone, set by `TZ` before it starts: the test runs itself
    /// again as a child with `TZ` set, and the child makes the checks. `true` in the child.
    fn in_child_with_tz(test: &str) -> bool {
        if std::env::var("TZ").is_ok_and(|tz| tz == ZONE) {
            return true;
        }
        let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args([test, "--exact", "--nocapture", "--test-threads=1"])
            .env("TZ", ZONE)
            .output()
            .expect("run the test again with TZ set");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "under TZ={ZONE}:\n{stdout}\n{stderr}");
        assert!(
            stdout.contains("1 passed"),
            "the child ran no test:\n{stdout}"
        );
        false
    }

    #[test]
    fn the_system_zone_reads_local_times_in_the_systems_zone() {
        if !in_child_with_tz(
            "tui::zone::tests::the_system_zone_reads_local_times_in_the_systems_zone",
        ) {
            return;
        }
        let zone = crate::tui::system_zone();
        let resolve = |s: &str, now: &str| {
            let now = DateTime::parse_from_rfc3339(now).expect("time");
            zone.resolve("when", s, &now).map(|t| t.to_rfc3339())
        };
        let summer = "2026-07-01T12:00:00-07:00";
        // Local wall-clock times keep their digits and get the zone's offset of that day.
        assert_eq!(
            resolve("2026-07-01 21:15", summer).as_deref(),
            Ok("2026-07-01T21:15:00-07:00")
        );
        assert_eq!(
            resolve("2026-12-01 21:15", summer).as_deref(),
            Ok("2026-12-01T21:15:00-08:00")
        );
        // "today" is the local day of `now`: 05:00 UTC on the 24th is still the 23rd here.
        assert_eq!(
            resolve("today 21:15", "2026-11-24T05:00:00+00:00").as_deref(),
            Ok("2026-11-23T21:15:00-08:00")
        );
        // The hours after a clock change, where the offset of the local time and of the same
        // digits read as UTC differ: 03:30 on 8 March is summer time, 03:00 on 1 November
        // winter time.
        assert_eq!(
            resolve("2026-03-08 03:30", summer).as_deref(),
            Ok("2026-03-08T03:30:00-07:00")
        );
        assert_eq!(
            resolve("2026-11-01 03:00", summer).as_deref(),
            Ok("2026-11-01T03:00:00-08:00")
        );
        // 02:30 on 8 March 2026 is skipped by the clocks here (02:30 UTC is not); 01:30 on
        // 1 November comes twice, and the earlier (summer time) is taken.
        let gap = resolve("2026-03-08 02:30", summer).expect_err("skipped by the clocks");
        assert!(
            gap.message.contains("does not exist in local time"),
            "{}",
            gap.message
        );
        assert_eq!(
            resolve("2026-11-01 01:30", summer).as_deref(),
            Ok("2026-11-01T01:30:00-07:00")
        );
        // And as chrono's own Local does.
        let now = DateTime::parse_from_rfc3339("2026-03-29T12:00:00+02:00").expect("time");
        for s in [
            "2026-03-08 02:30",
            "2026-11-01 01:30",
            "today 21:15",
            "2026-07-01",
            "x",
        ] {
            assert_eq!(
                zone.resolve("when", s, &now),
                parse_when(&chrono::Local, "when", s, &now),
                "{s}"
            );
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
