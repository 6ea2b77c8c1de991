//! The weekly reminder as an iCalendar file (RFC 5545): one recurring event with a display alarm.
//!
//! Hand-written rather than through a crate: the file is one fixed event, and the two rules that
//! matter, escaping TEXT values (§3.3.11) and folding lines at 75 octets (§3.1), are a few lines
//! each and tested below.
//!
//! **Local time is floating** (`DTSTART:20261129T190000`, no `Z`, no `TZID`). footlog knows the
//! current UTC offset, not the zone's rules, so a `VTIMEZONE` it wrote would be a guess that goes
//! wrong at the next daylight-saving change. A floating time means "19:00 wherever the calendar
//! is", which is what a weekly nudge wants: it stays at 19:00 across DST changes and travel, and
//! every calendar that imports it places it in its own zone. `DTSTAMP` is in UTC, as RFC 5545
//! requires.

use chrono::{DateTime, NaiveDate, Utc};

use super::remind::Reminder;

/// The event's UID: the same on every run, so importing the file again replaces the event.
pub const UID: &str = "weekly-reminder@footlog";

/// The event's title.
pub const SUMMARY: &str = "Foot massage (footlog)";

/// The calendar file for `r`: the first event on or after `today`, repeating weekly; `stamp` is
/// the file's creation time (`DTSTAMP`). Lines end in CRLF and are folded at 75 octets.
pub fn calendar(r: Reminder, today: NaiveDate, stamp: DateTime<Utc>) -> String {
    let start = r.first_date_from(today).and_time(r.at);
    let description = "Time for your weekly foot massage. Run \"footlog due\" to see how many \
                       sessions are left this week; log one with \"footlog log\" or in the app.";
    let lines = [
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".into(),
        "PRODID:-//footlog//weekly reminder//EN".into(),
        "CALSCALE:GREGORIAN".into(),
        "BEGIN:VEVENT".into(),
        format!("UID:{UID}"),
        format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
        format!("DTSTART:{}", start.format("%Y%m%dT%H%M%S")),
        "DURATION:PT30M".into(),
        format!("RRULE:FREQ=WEEKLY;BYDAY={}", r.ical_day()),
        format!("SUMMARY:{}", escape_text(SUMMARY)),
        format!("DESCRIPTION:{}", escape_text(description)),
        "TRANSP:TRANSPARENT".into(),
        "BEGIN:VALARM".into(),
        "ACTION:DISPLAY".into(),
        format!("DESCRIPTION:{}", escape_text(SUMMARY)),
        "TRIGGER:PT0M".into(),
        "END:VALARM".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ];
    let mut out = String::new();
    for l in &lines {
        out.push_str(&fold(l));
    }
    out
}

/// Escapes a TEXT value: backslash, semicolon, comma and line breaks (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded so that no line is longer than 75 octets (continuations start with
/// a space, which counts), never inside a UTF-8 character; each line ends in CRLF.
pub fn fold(line: &str) -> String {
    const MAX: usize = 75;
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > MAX {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::remind::{parse_day, parse_time};

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn lines_fold_at_75_octets_and_never_split_a_character() {
        let short = "SUMMARY:hi";
        assert_eq!(fold(short), "SUMMARY:hi\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
        let long = format!("DESCRIPTION:{}", "é—".repeat(40));
        let folded = fold(&long);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        let unfolded = folded.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn the_calendar_has_a_weekly_event_with_an_alarm_and_a_stable_uid() {
        let r = Reminder {
            day: parse_day("day", "sun").expect("day"),
            at: parse_time("at", "19:00").expect("at"),
        };
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        let stamp = Utc
            .with_ymd_and_hms(2026, 11, 23, 19, 0, 0)
            .single()
            .expect("t");
        let ics = calendar(r, monday, stamp);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
        for want in [
            "UID:weekly-reminder@footlog\r\n",
            "DTSTAMP:20261123T190000Z\r\n",
            "DTSTART:20261129T190000\r\n",
            "RRULE:FREQ=WEEKLY;BYDAY=SU\r\n",
            "ACTION:DISPLAY\r\n",
        ] {
            assert!(ics.contains(want), "{want:?} missing in {ics}");
        }
        let later = Utc
            .with_ymd_and_hms(2027, 1, 1, 0, 0, 0)
            .single()
            .expect("t");
        let again = calendar(r, monday, later);
        assert!(again.contains("UID:weekly-reminder@footlog\r\n"));
    }
}
