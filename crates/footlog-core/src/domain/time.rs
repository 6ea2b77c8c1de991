//! Local dates and times: parsing what people type, resolving it in a time zone, formatting RFC 3339.

use chrono::{
    DateTime, Datelike, Duration, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime,
    Offset, SecondsFormat, TimeZone, Timelike,
};

use super::ValidationError;

/// The earliest date footlog accepts anywhere.
pub const MIN_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => panic!("constant date"),
};
/// The latest date footlog accepts anywhere.
pub const MAX_DATE: NaiveDate = match NaiveDate::from_ymd_opt(9999, 12, 24) {
    Some(d) => d,
    None => panic!("constant date"),
};

fn check_date_bounds(field: &'static str, d: NaiveDate) -> Result<NaiveDate, ValidationError> {
    if d < MIN_DATE || d > MAX_DATE {
        return Err(ValidationError::new(
            field,
            format!("must be a date from {MIN_DATE} to {MAX_DATE} (got {d})"),
        ));
    }
    Ok(d)
}

/// Why text is not a date or time: its shape is not one the parser reads (each caller says
/// which shapes it takes), or it has the shape but names no such moment or one out of range.
enum Unparsed {
    /// Not written in any shape the parser reads.
    Shape,
    /// Written in a shape it reads, but wrong (no month 13, before 1900, skipped by the clocks).
    Invalid(ValidationError),
}

impl Unparsed {
    /// The error to show: for a wrong shape, `allowed` and the text as given.
    fn or_allowed(self, field: &'static str, allowed: &str, s: &str) -> ValidationError {
        match self {
            Unparsed::Shape => ValidationError::new(field, format!("{allowed} (got {s:?})")),
            Unparsed::Invalid(e) => e,
        }
    }
}

impl From<ValidationError> for Unparsed {
    fn from(e: ValidationError) -> Self {
        Unparsed::Invalid(e)
    }
}

/// How a time logged at another UTC offset than `here` (the offset the current zone has at the
/// same instant) is marked where it is shown: `UTC+9`, `UTC−7`, `UTC+5:30`; `None` when the
/// offsets agree. A session keeps the date and time it was logged at, where it was logged (that
/// is the day its week counts it on); the mark says why it may read as tomorrow or yesterday
/// after travel.
pub fn zone_mark(logged: &DateTime<FixedOffset>, here: FixedOffset) -> Option<String> {
    let off = logged.offset().local_minus_utc();
    if off == here.local_minus_utc() {
        return None;
    }
    let sign = if off < 0 { '−' } else { '+' };
    let (h, m) = (off.abs() / 3600, off.abs() % 3600 / 60);
    Some(if m == 0 {
        format!("UTC{sign}{h}")
    } else {
        format!("UTC{sign}{h}:{m:02}")
    })
}

/// Parses a calendar date written `YYYY-MM-DD`.
pub fn parse_date(field: &'static str, s: &str) -> Result<NaiveDate, ValidationError> {
    let s = s.trim();
    date_in_shape(field, s).map_err(|u| u.or_allowed(field, "must be a date as YYYY-MM-DD", s))
}

/// [`parse_date`] of trimmed text, telling a wrong shape from an impossible date.
fn date_in_shape(field: &'static str, s: &str) -> Result<NaiveDate, Unparsed> {
    let ok_shape =
        s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-');
    let d = ok_shape
        .then(|| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| match impossible(s) {
            Some(why) => {
                Unparsed::Invalid(ValidationError::new(field, format!("{why} (got {s:?})")))
            }
            None => Unparsed::Shape,
        })?;
    Ok(check_date_bounds(field, d)?)
}

/// Why a date (and time) written in the right shape is not one: "there is no month 13". `None`
/// when the shape itself is wrong, which the caller describes.
fn impossible(s: &str) -> Option<String> {
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time.trim())),
        None => (s, None),
    };
    let num = |p: &str| {
        (!p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<u32>().ok())
            .flatten()
    };
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = (i32::try_from(num(year)?).ok()?, num(month)?, num(day)?);
    if !(1..=12).contains(&month) {
        return Some(format!("there is no month {month}"));
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let days = first
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())
        .map_or(31, |last| last.day());
    if day == 0 || day > days {
        return Some(format!(
            "there is no day {day} in {}: it has {days} days",
            first.format("%B %Y")
        ));
    }
    let mut hm = time?.split(':');
    let (hour, min) = (num(hm.next()?)?, num(hm.next()?)?);
    if hour > 23 {
        return Some(format!("there is no hour {hour} (hours go from 00 to 23)"));
    }
    if min > 59 {
        return Some(format!(
            "there is no minute {min} (minutes go from 00 to 59)"
        ));
    }
    None
}

/// Resolves a local wall-clock time in `tz`. A time skipped by a clock change is rejected;
/// an ambiguous one (clocks going back) takes the earlier instant.
pub fn resolve_local<Tz: TimeZone>(
    tz: &Tz,
    field: &'static str,
    naive: NaiveDateTime,
) -> Result<DateTime<FixedOffset>, ValidationError> {
    check_date_bounds(field, naive.date())?;
    let candidates = match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => vec![dt],
        LocalResult::Ambiguous(a, b) => vec![a, b],
        LocalResult::None => Vec::new(),
    };
    // chrono's `Local` neither orders the two candidates of an ambiguous time nor gets the
    // instant of the change right (Berlin 03:00 on the autumn change came back as ambiguous,
    // once with the summer offset, which that instant does not have): keep only candidates
    // whose offset is the one in force at their instant, then take the earliest.
    candidates
        .into_iter()
        .filter(|c| tz.offset_from_utc_datetime(&c.naive_utc()).fix() == c.offset().fix())
        .min()
        .map(|c| c.fixed_offset())
        .ok_or_else(|| {
            ValidationError::new(
                field,
                format!(
                    "{} does not exist in local time (the clocks skip it)",
                    naive.format("%Y-%m-%d %H:%M")
                ),
            )
        })
}

/// Parses `--at`: `YYYY-MM-DD HH:MM` (or with `T`, optional `:SS`) as local time, or a date alone,
/// which means 12:00 that day.
pub fn parse_local_datetime<Tz: TimeZone>(
    tz: &Tz,
    field: &'static str,
    s: &str,
) -> Result<DateTime<FixedOffset>, ValidationError> {
    let s = s.trim();
    local_datetime_in_shape(tz, field, s)
        .map_err(|u| u.or_allowed(field, "must be \"YYYY-MM-DD HH:MM\" or YYYY-MM-DD", s))
}

/// [`parse_local_datetime`] of trimmed text, telling a wrong shape from an impossible time. Ten
/// characters are read as a date alone, whose own message says what a date looks like.
fn local_datetime_in_shape<Tz: TimeZone>(
    tz: &Tz,
    field: &'static str,
    s: &str,
) -> Result<DateTime<FixedOffset>, Unparsed> {
    if s.len() == 10 {
        let d = parse_date(field, s)?;
        return Ok(resolve_local(tz, field, d.and_time(noon()))?);
    }
    let formats = [
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ];
    let naive = formats
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .ok_or_else(|| match impossible(s) {
            Some(why) => {
                Unparsed::Invalid(ValidationError::new(field, format!("{why} (got {s:?})")))
            }
            None => Unparsed::Shape,
        })?;
    Ok(resolve_local(tz, field, naive)?)
}

/// A day written in words, relative to `today`: `today`, `yesterday`, `-Nd` (N days ago), or a
/// weekday name or its first three letters (the most recent one, today included: on a Monday,
/// `mon` is today). `None` when `s` is none of these.
pub fn day_word(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    const DAYS: [(&str, chrono::Weekday); 7] = [
        ("monday", chrono::Weekday::Mon),
        ("tuesday", chrono::Weekday::Tue),
        ("wednesday", chrono::Weekday::Wed),
        ("thursday", chrono::Weekday::Thu),
        ("friday", chrono::Weekday::Fri),
        ("saturday", chrono::Weekday::Sat),
        ("sunday", chrono::Weekday::Sun),
    ];
    let w = s.trim().to_lowercase();
    match w.as_str() {
        "today" => return Some(today),
        "yesterday" => return today.pred_opt(),
        _ => {}
    }
    if let Some(n) = w.strip_prefix('-').and_then(|r| r.strip_suffix('d')) {
        let n: u32 = n.parse().ok()?;
        return today.checked_sub_days(chrono::Days::new(u64::from(n)));
    }
    let (_, day) = DAYS
        .iter()
        .find(|(name, _)| w.len() >= 3 && name.starts_with(w.as_str()))?;
    let back = today.weekday().days_since(*day);
    today.checked_sub_days(chrono::Days::new(u64::from(back)))
}

/// What a date field accepts, for messages.
const DATE_WORDS: &str = "YYYY-MM-DD, today, yesterday, -2d or a weekday";

/// Parses a date: `YYYY-MM-DD` or a day in words (see [`day_word`]) counted from `today`.
pub fn parse_date_on(
    field: &'static str,
    s: &str,
    today: NaiveDate,
) -> Result<NaiveDate, ValidationError> {
    if let Some(d) = day_word(s, today) {
        return check_date_bounds(field, d);
    }
    let s = s.trim();
    date_in_shape(field, s).map_err(|u| u.or_allowed(field, &format!("must be {DATE_WORDS}"), s))
}

/// A time of day written `H:MM` or `HH:MM`.
fn time_of_day(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.split_once(':')?;
    let ok =
        |p: &str, n: usize| (1..=n).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit());
    if !ok(h, 2) || m.len() != 2 || !ok(m, 2) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// Parses a start time as people type it, in `tz`, counting days from `now`: everything
/// [`parse_local_datetime`] takes, a day in words ([`day_word`]) alone (12:00 that day) or
/// followed by a time (`yesterday 21:15`), or a time alone (`21:15`: today).
pub fn parse_when<Tz: TimeZone>(
    tz: &Tz,
    field: &'static str,
    s: &str,
    now: &DateTime<FixedOffset>,
) -> Result<DateTime<FixedOffset>, ValidationError> {
    let s = s.trim();
    let today = tz.from_utc_datetime(&now.naive_utc()).date_naive();
    let (day, time) = match s.rsplit_once(' ') {
        Some((d, t)) => (d.trim(), Some(t)),
        None => (s, None),
    };
    let words = if let Some(t) = time_of_day(s) {
        Some((today, t))
    } else if let Some(d) = day_word(day, today) {
        match time {
            None => Some((d, noon())),
            Some(t) => {
                let Some(t) = time_of_day(t) else {
                    let why = impossible(&format!("2000-01-01 {t}"))
                        .unwrap_or_else(|| "the time must be HH:MM".into());
                    return Err(ValidationError::new(field, format!("{why} (got {s:?})")));
                };
                Some((d, t))
            }
        }
    } else {
        None
    };
    match words {
        Some((d, t)) => resolve_local(tz, field, d.and_time(t)),
        None => local_datetime_in_shape(tz, field, s).map_err(|u| {
            u.or_allowed(
                field,
                "must be \"YYYY-MM-DD HH:MM\", a date, today, yesterday, -2d or a weekday \
                 (then a time if you like), or a time such as 21:15",
                s,
            )
        }),
    }
}

fn noon() -> NaiveTime {
    NaiveTime::MIN + Duration::hours(12)
}

/// Parses an RFC 3339 timestamp (as found in exports) and drops sub-second digits.
pub fn parse_rfc3339(
    field: &'static str,
    s: &str,
) -> Result<DateTime<FixedOffset>, ValidationError> {
    let dt = DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        ValidationError::new(
            field,
            format!("must be an RFC 3339 time such as 2026-11-23T20:30:00+01:00 (got {s:?})"),
        )
    })?;
    check_date_bounds(field, dt.date_naive())?;
    Ok(dt.with_nanosecond(0).unwrap_or(dt))
}

/// Formats as RFC 3339 with whole seconds and a `+HH:MM` offset.
pub fn format_rfc3339(dt: &DateTime<FixedOffset>) -> String {
    let mut out = String::with_capacity(25);
    write_rfc3339(&mut out, dt);
    out
}

/// Appends what [`format_rfc3339`] returns to `out`, without going through chrono's formatter
/// (a bulk import formats three timestamps per record). Years outside 0–9999, offsets with
/// seconds and leap seconds take chrono's way.
pub fn write_rfc3339(out: &mut String, dt: &DateTime<FixedOffset>) {
    let local = dt.naive_local();
    let offset = dt.offset().local_minus_utc();
    if !(0..=9999).contains(&local.year())
        || offset % 60 != 0
        || local.nanosecond() >= 1_000_000_000
    {
        out.push_str(&dt.to_rfc3339_opts(SecondsFormat::Secs, false));
        return;
    }
    write_date(out, local.date());
    let (sign, off) = if offset < 0 {
        (b'-', -offset)
    } else {
        (b'+', offset)
    };
    let t = local.time();
    let mut b = *b"THH:MM:SS+HH:MM";
    two(&mut b[1..3], t.hour());
    two(&mut b[4..6], t.minute());
    two(&mut b[7..9], t.second());
    b[9] = sign;
    two(&mut b[10..12], (off / 3600).unsigned_abs());
    two(&mut b[13..15], (off / 60 % 60).unsigned_abs());
    out.push_str(std::str::from_utf8(&b).unwrap_or_default());
}

/// Appends the date as `YYYY-MM-DD` (as `NaiveDate`'s `Display` writes it).
pub fn write_date(out: &mut String, d: NaiveDate) {
    let Ok(year) = u32::try_from(d.year()) else {
        out.push_str(&d.to_string());
        return;
    };
    if year > 9999 {
        out.push_str(&d.to_string());
        return;
    }
    let mut b = *b"YYYY-MM-DD";
    two(&mut b[0..2], year / 100);
    two(&mut b[2..4], year % 100);
    two(&mut b[5..7], d.month());
    two(&mut b[8..10], d.day());
    out.push_str(std::str::from_utf8(&b).unwrap_or_default());
}

/// Writes the last two decimal digits of `n` as ASCII into `dst`, a two-byte slot.
fn two(dst: &mut [u8], n: u32) {
    if let [tens, ones] = dst {
        *tens = b'0' + (n / 10 % 10) as u8;
        *ones = b'0' + (n % 10) as u8;
    }
}

/// The night a sleep note is for when none is given: yesterday before 18:00 local, else today.
pub fn default_night(now: &DateTime<FixedOffset>) -> NaiveDate {
    let today = now.date_naive();
    if now.hour() < 18 {
        today.pred_opt().unwrap_or(today)
    } else {
        today
    }
}

/// Rejects start times more than 24 hours after `now`.
pub fn check_not_future(
    field: &'static str,
    at: &DateTime<FixedOffset>,
    now: &DateTime<FixedOffset>,
) -> Result<(), ValidationError> {
    if *at > *now + Duration::hours(24) {
        return Err(ValidationError::new(
            field,
            format!(
                "must be no more than 24 hours in the future (got {})",
                format_rfc3339(at)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_own_formatters_write_what_chrono_writes() {
        let offsets = [
            0,
            3600,
            -3600,
            5 * 3600 + 30 * 60,
            -(9 * 3600 + 30 * 60),
            14 * 3600,
            -12 * 3600,
            45,
        ];
        let dates = [
            (1900, 1, 1),
            (1970, 1, 1),
            (2026, 11, 23),
            (2024, 2, 29),
            (9999, 12, 31),
            (0, 1, 1),
            (99, 7, 4),
            (10000, 1, 1),
            (-5, 3, 3),
        ];
        for (y, m, d) in dates {
            let date = NaiveDate::from_ymd_opt(y, m, d).expect("date");
            let mut out = String::new();
            write_date(&mut out, date);
            assert_eq!(out, date.to_string());
            for (h, mi, s, nano) in [
                (0, 0, 0, 0),
                (23, 59, 59, 999_999_999),
                (9, 5, 7, 0),
                (23, 59, 59, 1_500_000_000),
            ] {
                let t = NaiveTime::from_hms_nano_opt(h, mi, s, nano).expect("time");
                for off in offsets {
                    let tz = FixedOffset::east_opt(off).expect("offset");
                    let Some(dt) = tz.from_local_datetime(&date.and_time(t)).single() else {
                        continue;
                    };
                    assert_eq!(
                        format_rfc3339(&dt),
                        dt.to_rfc3339_opts(SecondsFormat::Secs, false)
                    );
                }
            }
        }
    }

    use super::*;

    fn cet() -> FixedOffset {
        FixedOffset::east_opt(3600).expect("offset")
    }

    #[test]
    fn date_only_means_noon() {
        let dt = parse_local_datetime(&cet(), "at", "2026-11-23").expect("parses");
        assert_eq!(format_rfc3339(&dt), "2026-11-23T12:00:00+01:00");
    }

    #[test]
    fn date_and_time_keep_offset() {
        let dt = parse_local_datetime(&cet(), "at", "2026-11-23 20:30").expect("parses");
        assert_eq!(format_rfc3339(&dt), "2026-11-23T20:30:00+01:00");
    }

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).expect("time")
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn days_in_words_count_back_from_today() {
        let mon = day("2026-11-23");
        let cases = [
            ("today", "2026-11-23"),
            ("Yesterday", "2026-11-22"),
            ("-2d", "2026-11-21"),
            ("-0d", "2026-11-23"),
            ("mon", "2026-11-23"), // today included
            ("monday", "2026-11-23"),
            ("sun", "2026-11-22"),
            ("tue", "2026-11-17"),
            ("Thurs", "2026-11-19"),
            ("sat", "2026-11-21"),
        ];
        for (word, want) in cases {
            assert_eq!(day_word(word, mon), Some(day(want)), "{word}");
        }
        for not in ["m", "tomorrow", "-d", "-2w", "2d", "mo nday", ""] {
            assert_eq!(day_word(not, mon), None, "{not}");
        }
        // Across a year end.
        let jan1 = day("2027-01-01"); // a Friday
        assert_eq!(day_word("yesterday", jan1), Some(day("2026-12-31")));
        assert_eq!(day_word("mon", jan1), Some(day("2026-12-28")));
        assert_eq!(day_word("-3d", jan1), Some(day("2026-12-29")));
        assert_eq!(day_word("fri", jan1), Some(jan1));
    }

    #[test]
    fn start_times_in_words_take_the_clock_as_a_parameter() {
        let now = at("2027-01-01T09:00:00+01:00");
        let cases = [
            ("yesterday 21:15", "2026-12-31T21:15:00+01:00"),
            ("21:15", "2027-01-01T21:15:00+01:00"),
            ("7:05", "2027-01-01T07:05:00+01:00"),
            ("today", "2027-01-01T12:00:00+01:00"),
            ("mon 08:00", "2026-12-28T08:00:00+01:00"),
            ("-2d 23:59", "2026-12-30T23:59:00+01:00"),
            ("2026-12-30 10:00", "2026-12-30T10:00:00+01:00"),
            ("2026-12-30", "2026-12-30T12:00:00+01:00"),
        ];
        for (input, want) in cases {
            let got = parse_when(&cet(), "at", input, &now).expect(input);
            assert_eq!(format_rfc3339(&got), want, "{input}");
        }
        // "Today" is the date in the zone asked for, not where `now` was written.
        let late = at("2026-12-31T23:30:00+00:00");
        let got = parse_when(&cet(), "at", "today 10:00", &late).expect("today");
        assert_eq!(format_rfc3339(&got), "2027-01-01T10:00:00+01:00");
        for (bad, why) in [
            ("yesterday 25:00", "there is no hour 25"),
            ("yesterday 8pm", "the time must be HH:MM"),
            ("24:00", "must be \"YYYY-MM-DD HH:MM\", a date, today"),
            ("someday", "yesterday, -2d or a weekday"),
        ] {
            let err = parse_when(&cet(), "at", bad, &now).expect_err(bad);
            assert!(err.message.contains(why), "{bad}: {}", err.message);
            assert_eq!(err.field, "at");
        }
        assert_eq!(
            parse_date_on("night", "yesterday", day("2026-11-23")),
            Ok(day("2026-11-22"))
        );
        let err = parse_date_on("night", "last week", day("2026-11-23")).expect_err("words");
        assert!(
            err.message.starts_with("must be YYYY-MM-DD, today"),
            "{}",
            err.message
        );
    }

    #[test]
    fn impossible_dates_and_times_say_which_part_does_not_exist() {
        let cases = [
            ("2026-13-01", "there is no month 13 (got \"2026-13-01\")"),
            ("2026-00-10", "there is no month 0"),
            (
                "2026-02-30",
                "there is no day 30 in February 2026: it has 28 days",
            ),
            (
                "2028-02-30",
                "there is no day 30 in February 2028: it has 29 days",
            ),
            (
                "2026-12-32 10:00",
                "there is no day 32 in December 2026: it has 31 days",
            ),
            ("2026-11-23 25:00", "there is no hour 25"),
            ("2026-11-23 20:61", "there is no minute 61"),
            (
                "23/11/2026",
                "must be a date as YYYY-MM-DD (got \"23/11/2026\")",
            ),
            (
                "2026-11-23 8pm",
                "must be \"YYYY-MM-DD HH:MM\" or YYYY-MM-DD",
            ),
        ];
        for (input, want) in cases {
            let err = parse_local_datetime(&cet(), "at", input).expect_err(input);
            assert!(err.message.starts_with(want), "{input}: {}", err.message);
        }
        let err = parse_date("night", "2026-04-31").expect_err("April has 30 days");
        assert_eq!(
            err.message,
            "there is no day 31 in April 2026: it has 30 days (got \"2026-04-31\")"
        );
        assert!(
            parse_date("night", "2026-4-1").is_err(),
            "the shape stays YYYY-MM-DD"
        );
    }

    #[test]
    fn bad_shapes_name_the_field() {
        for bad in [
            "2026-13-01",
            "23/11/2026",
            "2026-11-23 25:00",
            "",
            "2026-02-30",
        ] {
            let err = parse_local_datetime(&cet(), "at", bad).expect_err(bad);
            assert_eq!(err.field, "at");
        }
        assert!(parse_date("night", "2026-1-5").is_err());
        assert!(parse_date("night", "0001-01-01").is_err());
    }

    #[test]
    fn night_defaults_by_evening() {
        let morning = DateTime::parse_from_rfc3339("2026-11-23T07:00:00+01:00").expect("t");
        let evening = DateTime::parse_from_rfc3339("2026-11-23T18:00:00+01:00").expect("t");
        assert_eq!(default_night(&morning).to_string(), "2026-11-22");
        assert_eq!(default_night(&evening).to_string(), "2026-11-23");
    }

    #[test]
    fn future_limit_is_24_hours() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T12:00:00+01:00").expect("t");
        assert!(check_not_future("at", &(now + Duration::hours(24)), &now).is_ok());
        assert!(check_not_future("at", &(now + Duration::hours(25)), &now).is_err());
    }

    #[test]
    fn rfc3339_round_trips_and_drops_fraction() {
        let dt = parse_rfc3339("started_at", "2026-11-23T20:30:00.75-05:00").expect("parses");
        assert_eq!(format_rfc3339(&dt), "2026-11-23T20:30:00-05:00");
        let z = parse_rfc3339("started_at", "2026-11-23T20:30:00Z").expect("parses");
        assert_eq!(format_rfc3339(&z), "2026-11-23T20:30:00+00:00");
    }
}

#[cfg(test)]
mod zone_mark_tests {
    use chrono::{DateTime, FixedOffset};

    use super::zone_mark;

    #[test]
    fn a_time_logged_at_another_offset_is_marked_with_it() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).expect("time");
        let la = FixedOffset::west_opt(8 * 3600).expect("offset");
        assert_eq!(
            zone_mark(&at("2026-12-07T12:07:00+09:00"), la).as_deref(),
            Some("UTC+9")
        );
        assert_eq!(
            zone_mark(&at("2026-12-07T12:07:00+05:30"), la).as_deref(),
            Some("UTC+5:30")
        );
        assert_eq!(
            zone_mark(&at("2026-12-07T12:07:00-07:00"), la).as_deref(),
            Some("UTC−7")
        );
        assert_eq!(zone_mark(&at("2026-12-06T19:07:00-08:00"), la), None);
    }
}
