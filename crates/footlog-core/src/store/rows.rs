//! Mapping between table rows and domain types. Every stored row is decoded field by field, so a
//! row that cannot be read is reported as [`Damaged`] (table, UUID, field, why) instead of
//! failing a whole listing.

use chrono::{DateTime, FixedOffset, NaiveDate};
use rusqlite::Row;
use rusqlite::types::{Type, ValueRef};
use uuid::Uuid;

use crate::domain::damaged::Damaged;
use crate::domain::diary::{DiaryItems, NightClock};
use crate::domain::session::{MINUTES_RANGE, NOTE_MAX_CHARS, OIL_MAX_CHARS, RATING_RANGE};
use crate::domain::sleep::QUALITY_RANGE;
use crate::domain::time::format_rfc3339;
use crate::domain::{Area, Feet, Session, SessionFields, SleepFields, SleepNote, Tool};

/// Columns selected for a session, in the order [`session_from_row`] reads them. The first 13
/// are the record; the last three let the decoder check the stored day and instant agree.
pub const SESSION_COLS: &str = "uuid, started_at, minutes, feet, tool, areas, oil, tension_before, \
     tension_after, pain, note, created_at, updated_at, local_date, started_utc, id";

/// Columns selected for a sleep note, in the order [`sleep_from_row`] reads them.
/// The diary's items (migration 5) follow the id.
pub const SLEEP_COLS: &str = "uuid, night, quality, hours, note, created_at, updated_at, id, \
     bed, tried, latency_min, awakenings, awake_min, woke, up";

/// How many columns [`SLEEP_COLS`] selects.
pub const SLEEP_COL_COUNT: usize = 15;

/// Reads one row's columns by index, naming the table, the record and the field in a
/// [`Damaged`] when a value is not what the domain type needs.
pub(super) struct Fields<'r, 's> {
    row: &'r Row<'s>,
    table: &'static str,
    key_idx: usize,
    id_idx: usize,
}

impl<'r, 's> Fields<'r, 's> {
    /// A reader of `row` from `table`, whose key (UUID) is the text in column `key_idx`, or
    /// `row <id>` from column `id_idx` when that is not text.
    pub(super) fn new(
        row: &'r Row<'s>,
        table: &'static str,
        key_idx: usize,
        id_idx: usize,
    ) -> Self {
        Fields {
            row,
            table,
            key_idx,
            id_idx,
        }
    }

    /// A [`Damaged`] for `field` (the key is read only now: rows that decode cost nothing).
    pub(super) fn damaged(&self, field: &'static str, reason: impl Into<String>) -> Damaged {
        let uuid = match self.row.get_ref(self.key_idx) {
            Ok(ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
            _ => match self.row.get_ref(self.id_idx) {
                Ok(ValueRef::Integer(id)) => format!("row {id}"),
                _ => "row ?".to_string(),
            },
        };
        Damaged {
            table: self.table,
            uuid,
            field,
            reason: reason.into(),
        }
    }

    fn value(&self, idx: usize, field: &'static str) -> Result<ValueRef<'r>, Damaged> {
        self.row
            .get_ref(idx)
            .map_err(|e| self.damaged(field, format!("cannot be read: {e}")))
    }

    /// Text, or `None` for NULL.
    pub(super) fn opt_text(
        &self,
        idx: usize,
        field: &'static str,
    ) -> Result<Option<String>, Damaged> {
        match self.value(idx, field)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(t) => std::str::from_utf8(t)
                .map(|s| Some(s.to_string()))
                .map_err(|_| self.damaged(field, "is not valid UTF-8 text")),
            other => Err(self.damaged(
                field,
                format!("must be text, is {}", type_name(other.data_type())),
            )),
        }
    }

    /// Text that must be there.
    pub(super) fn text(&self, idx: usize, field: &'static str) -> Result<String, Damaged> {
        self.opt_text(idx, field)?
            .ok_or_else(|| self.damaged(field, "is missing (NULL)"))
    }

    /// Optional text of 1..=`max` characters.
    pub(super) fn opt_text_upto(
        &self,
        idx: usize,
        field: &'static str,
        max: usize,
    ) -> Result<Option<String>, Damaged> {
        match self.opt_text(idx, field)? {
            Some(s) if s.is_empty() || s.chars().count() > max => Err(self.damaged(
                field,
                format!("must be 1 to {max} characters, has {}", s.chars().count()),
            )),
            other => Ok(other),
        }
    }

    /// A whole number, or `None` for NULL.
    pub(super) fn opt_int(&self, idx: usize, field: &'static str) -> Result<Option<i64>, Damaged> {
        match self.value(idx, field)? {
            ValueRef::Null => Ok(None),
            ValueRef::Integer(n) => Ok(Some(n)),
            ValueRef::Text(t) => Err(self.damaged(
                field,
                format!(
                    "must be a whole number, is text {:?}",
                    String::from_utf8_lossy(t)
                ),
            )),
            other => Err(self.damaged(
                field,
                format!(
                    "must be a whole number, is {}",
                    type_name(other.data_type())
                ),
            )),
        }
    }

    /// A whole number within `lo..=hi`, or `None` for NULL.
    pub(super) fn opt_int_in<T: TryFrom<i64>>(
        &self,
        idx: usize,
        field: &'static str,
        (lo, hi): (i64, i64),
    ) -> Result<Option<T>, Damaged> {
        match self.opt_int(idx, field)? {
            None => Ok(None),
            Some(n) if (lo..=hi).contains(&n) => T::try_from(n)
                .map(Some)
                .map_err(|_| self.damaged(field, format!("{n} is out of range"))),
            Some(n) => Err(self.damaged(field, format!("must be {lo} to {hi}, is {n}"))),
        }
    }

    /// A whole number within `lo..=hi` that must be there.
    pub(super) fn int_in<T: TryFrom<i64>>(
        &self,
        idx: usize,
        field: &'static str,
        range: (i64, i64),
    ) -> Result<T, Damaged> {
        self.opt_int_in(idx, field, range)?
            .ok_or_else(|| self.damaged(field, "is missing (NULL)"))
    }

    /// An RFC 3339 time with its offset.
    pub(super) fn time(
        &self,
        idx: usize,
        field: &'static str,
    ) -> Result<DateTime<FixedOffset>, Damaged> {
        let s = self.text(idx, field)?;
        DateTime::parse_from_rfc3339(&s)
            .map_err(|e| self.damaged(field, format!("not an RFC 3339 time ({s:?}: {e})")))
    }

    /// A `YYYY-MM-DD` date (exactly: four, two and two digits).
    pub(super) fn date(&self, idx: usize, field: &'static str) -> Result<NaiveDate, Damaged> {
        let bad = |s: &str| self.damaged(field, format!("not a YYYY-MM-DD date ({s:?})"));
        let text = match self.value(idx, field)? {
            ValueRef::Text(t) => std::str::from_utf8(t).map_err(|_| bad("?"))?,
            ValueRef::Null => return Err(self.damaged(field, "is missing (NULL)")),
            other => {
                return Err(self.damaged(
                    field,
                    format!("must be a date, is {}", type_name(other.data_type())),
                ));
            }
        };
        // By hand rather than with a format string: `stats` checks every day this way.
        let b = text.as_bytes();
        let num = |r: std::ops::Range<usize>| {
            b.get(r)?.iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        let ymd = (b.len() == 10 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-'))
            .then(|| Some((num(0..4)?, num(5..7)?, num(8..10)?)))
            .flatten();
        ymd.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d))
            .ok_or_else(|| bad(text))
    }

    /// A UUID.
    pub(super) fn uuid(&self, idx: usize, field: &'static str) -> Result<Uuid, Damaged> {
        let s = self.text(idx, field)?;
        Uuid::parse_str(&s).map_err(|e| self.damaged(field, format!("not a UUID ({s:?}: {e})")))
    }

    /// One of a word enum's words.
    pub(super) fn word<T: std::str::FromStr>(
        &self,
        idx: usize,
        field: &'static str,
    ) -> Result<T, Damaged> {
        let s = self.text(idx, field)?;
        s.parse()
            .map_err(|_| self.damaged(field, format!("unknown value {s:?}")))
    }
}

fn type_name(t: Type) -> &'static str {
    match t {
        Type::Null => "NULL",
        Type::Integer => "a whole number",
        Type::Real => "a real number",
        Type::Text => "text",
        Type::Blob => "a blob",
    }
}

/// Decodes a session selected with [`SESSION_COLS`].
pub fn decode_session(row: &Row<'_>) -> Result<Session, Damaged> {
    let r = Fields::new(row, "sessions", 0, 15);
    let uuid = r.uuid(0, "uuid")?;
    let areas_text = r.text(5, "areas")?;
    let mut areas = Vec::new();
    for a in areas_text.split(';').filter(|a| !a.is_empty()) {
        let area = a
            .parse::<Area>()
            .map_err(|_| r.damaged("areas", format!("unknown area {a:?}")))?;
        if !areas.contains(&area) {
            areas.push(area);
        }
    }
    areas.sort();
    let started_at = r.time(1, "started_at")?;
    let fields = SessionFields {
        started_at,
        minutes: r.int_in(2, "minutes", MINUTES_RANGE)?,
        feet: r.word::<Feet>(3, "feet")?,
        tool: r.word::<Tool>(4, "tool")?,
        areas,
        oil: r.opt_text_upto(6, "oil", OIL_MAX_CHARS)?,
        tension_before: r.int_in(7, "tension_before", RATING_RANGE)?,
        tension_after: r.int_in(8, "tension_after", RATING_RANGE)?,
        pain: r.opt_int_in(9, "pain", RATING_RANGE)?,
        note: r.opt_text_upto(10, "note", NOTE_MAX_CHARS)?,
    };
    let created_at = r.time(11, "created_at")?;
    let updated_at = r.time(12, "updated_at")?;
    let local_date = r.date(13, "local_date")?;
    if local_date != fields.date() {
        return Err(r.damaged(
            "local_date",
            format!(
                "{local_date} is not the date of started_at ({})",
                fields.date()
            ),
        ));
    }
    let utc = r.opt_int(14, "started_utc")?;
    if utc != Some(started_at.timestamp()) {
        return Err(r.damaged(
            "started_utc",
            format!("{utc:?} is not the instant of started_at"),
        ));
    }
    Ok(Session {
        uuid,
        fields,
        created_at,
        updated_at,
    })
}

/// Whether [`decode_session`] would read this row (selected with [`SESSION_COLS`]), checked
/// without building the session: no text is copied and nothing is allocated, so scanning many
/// rows for the few damaged ones costs little. It mirrors `decode_session` check for check;
/// a unit test holds the two to the same answer on every kind of damage.
pub(super) fn session_is_sound(row: &Row<'_>) -> bool {
    let text = |i: usize| match row.get_ref(i) {
        Ok(ValueRef::Text(t)) => std::str::from_utf8(t).ok(),
        _ => None,
    };
    let int_in = |i: usize, (lo, hi): (i64, i64)| matches!(row.get_ref(i), Ok(ValueRef::Integer(n)) if (lo..=hi).contains(&n));
    let opt_int_in =
        |i: usize, range| matches!(row.get_ref(i), Ok(ValueRef::Null)) || int_in(i, range);
    let opt_text_upto = |i: usize, max: usize| match row.get_ref(i) {
        Ok(ValueRef::Null) => true,
        Ok(ValueRef::Text(t)) => {
            std::str::from_utf8(t).is_ok_and(|s| !s.is_empty() && s.chars().count() <= max)
        }
        _ => false,
    };
    let time = |i: usize| {
        text(i).and_then(|s| canonical_time(s).or_else(|| DateTime::parse_from_rfc3339(s).ok()))
    };
    let Some(started_at) = time(1) else {
        return false;
    };
    text(0).is_some_and(|u| Uuid::parse_str(u).is_ok())
        && text(5).is_some_and(|a| {
            a.split(';')
                .filter(|a| !a.is_empty())
                .all(|a| a.parse::<Area>().is_ok())
        })
        && int_in(2, MINUTES_RANGE)
        && text(3).is_some_and(|f| f.parse::<Feet>().is_ok())
        && text(4).is_some_and(|t| t.parse::<Tool>().is_ok())
        && opt_text_upto(6, OIL_MAX_CHARS)
        && int_in(7, RATING_RANGE)
        && int_in(8, RATING_RANGE)
        && opt_int_in(9, RATING_RANGE)
        && opt_text_upto(10, NOTE_MAX_CHARS)
        && time(11).is_some()
        && time(12).is_some()
        && Fields::new(row, "sessions", 0, 15)
            .date(13, "local_date")
            .is_ok_and(|d| d == started_at.date_naive())
        && matches!(row.get_ref(14), Ok(ValueRef::Integer(n)) if n == started_at.timestamp())
}

/// The form footlog writes times in, `YYYY-MM-DDTHH:MM:SS+HH:MM`, read by hand (chrono's RFC 3339
/// parser is most of what a quick look at a row costs): `None` for anything else, which that
/// parser then judges. Whatever this accepts, the parser accepts too, with the same value (a
/// unit test compares them).
fn canonical_time(s: &str) -> Option<DateTime<FixedOffset>> {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied();
    if b.len() != 25
        || at(4) != Some(b'-')
        || at(7) != Some(b'-')
        || at(10) != Some(b'T')
        || at(13) != Some(b':')
        || at(16) != Some(b':')
        || at(22) != Some(b':')
    {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b.get(r)?.iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(num(0..4)?).ok().filter(|y| *y >= 1)?;
    let date = NaiveDate::from_ymd_opt(year, num(5..7)?, num(8..10)?)?;
    let (h, m, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    // A leap second (60) is left to chrono.
    let time = date.and_hms_opt(h, m, sec).filter(|_| sec < 60)?;
    let (oh, om) = (num(20..22)?, num(23..25)?);
    if oh > 23 || om > 59 {
        return None;
    }
    let secs = i32::try_from(oh * 3600 + om * 60).ok()?;
    let offset = match at(19) {
        Some(b'+') => FixedOffset::east_opt(secs)?,
        // "-00:00" (offset unknown) is left to chrono.
        Some(b'-') if secs > 0 => FixedOffset::west_opt(secs)?,
        _ => return None,
    };
    time.and_local_timezone(offset).single()
}

/// Decodes a sleep note selected with [`SLEEP_COLS`].
pub fn decode_sleep(row: &Row<'_>) -> Result<SleepNote, Damaged> {
    let r = Fields::new(row, "sleep_notes", 0, 7);
    let uuid = r.uuid(0, "uuid")?;
    let night = r.date(1, "night")?;
    let quality = r.int_in(2, "quality", QUALITY_RANGE)?;
    let hours = match r.value(3, "hours")? {
        ValueRef::Null => None,
        ValueRef::Real(h) if h.is_finite() && (0.0..=24.0).contains(&h) => Some(h),
        // REAL affinity stores whole numbers as REAL, but another tool may have bypassed it.
        ValueRef::Integer(h) if (0..=24).contains(&h) => Some(h as f64),
        other => {
            return Err(r.damaged(
                "hours",
                format!("must be a number from 0 to 24, is {other:?}"),
            ));
        }
    };
    let clock = |idx: usize, field: &'static str| -> Result<Option<NightClock>, Damaged> {
        r.opt_int(idx, field)?
            .map(|m| NightClock::from_minutes(field, m))
            .transpose()
            .map_err(|e| r.damaged(field, e.message))
    };
    let items = DiaryItems {
        bed: clock(8, "bed")?,
        tried: clock(9, "tried")?,
        latency_min: r.opt_int(10, "latency_min")?,
        awakenings: r.opt_int(11, "awakenings")?,
        awake_min: r.opt_int(12, "awake_min")?,
        woke: clock(13, "woke")?,
        up: clock(14, "up")?,
    };
    let diary = items.validate().map_err(|e| {
        let field = match e.field {
            "latency" => "latency_min",
            "awake" => "awake_min",
            other => other,
        };
        r.damaged(field, e.message)
    })?;
    let fields = SleepFields {
        night,
        quality,
        hours,
        note: r.opt_text_upto(4, "note", NOTE_MAX_CHARS)?,
        diary,
    };
    Ok(SleepNote {
        uuid,
        fields,
        created_at: r.time(5, "created_at")?,
        updated_at: r.time(6, "updated_at")?,
    })
}

/// A damaged row as a rusqlite conversion error at the index of its field in `cols` (the
/// reason as its message), for readers that must have every row.
fn strict(d: Damaged, cols: &str) -> rusqlite::Error {
    let idx = cols
        .split(',')
        .position(|c| c.trim() == d.field)
        .unwrap_or(0);
    rusqlite::Error::FromSqlConversionFailure(idx, Type::Text, d.reason.into())
}

/// Reads a session selected with [`SESSION_COLS`]; a damaged row is an error at its field.
pub fn session_from_row(row: &Row<'_>) -> rusqlite::Result<Session> {
    decode_session(row).map_err(|d| strict(d, SESSION_COLS))
}

/// Reads a sleep note selected with [`SLEEP_COLS`]; a damaged row is an error at its field.
pub fn sleep_from_row(row: &Row<'_>) -> rusqlite::Result<SleepNote> {
    decode_sleep(row).map_err(|d| strict(d, SLEEP_COLS))
}

/// Runs `stmt` with `params` and sorts every row into decoded records and damaged ones.
pub(super) fn decode_all<T, P: rusqlite::Params>(
    stmt: &mut rusqlite::Statement<'_>,
    params: P,
    decode: fn(&Row<'_>) -> Result<T, Damaged>,
) -> rusqlite::Result<crate::domain::damaged::Decoded<T>> {
    let mut out = crate::domain::damaged::Decoded::default();
    let mut rows = stmt.query(params)?;
    while let Some(row) = rows.next()? {
        match decode(row) {
            Ok(t) => out.records.push(t),
            Err(d) => out.damaged.push(d),
        }
    }
    Ok(out)
}

/// Areas as stored: `;`-joined words.
pub fn areas_text(areas: &[Area]) -> String {
    areas
        .iter()
        .map(|a| a.as_str())
        .collect::<Vec<_>>()
        .join(";")
}

/// A timestamp as stored.
pub fn ts(t: &DateTime<FixedOffset>) -> String {
    format_rfc3339(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SessionDraft;
    use crate::store::Store;

    #[test]
    fn the_hand_read_times_are_exactly_chronos() {
        let mut cases: Vec<String> = [
            "2026-11-23T20:30:00+01:00",
            "2026-11-23T20:30:00-05:30",
            "2026-11-23T20:30:00-00:00",
            "2026-11-23T20:30:00+00:00",
            "2026-11-23T20:30:60+01:00",
            "2026-02-29T20:30:00+01:00",
            "2024-02-29T23:59:59+23:59",
            "0000-01-01T00:00:00+00:00",
            "2026-11-23t20:30:00+01:00",
            "2026-11-23 20:30:00+01:00",
            "2026-11-23T24:00:00+01:00",
            "2026-11-23T20:30:00+24:00",
            "2026-11-23T20:30:00Z",
            "2026-11-23T20:30:00.5+01:00",
            "+2026-11-23T20:30:00+01:00",
            "2026-1-23T20:30:00+01:00",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        // Every digit position through a few values, from a valid time.
        let base = "2026-11-23T20:30:00+01:00";
        for i in 0..base.len() {
            for c in ['0', '1', '2', '3', '5', '6', '9', 'x', '+', '-', ':', 'T'] {
                let mut t = base.to_string();
                t.replace_range(i..=i, &c.to_string());
                cases.push(t);
            }
        }
        let mut hand = 0;
        for s in &cases {
            let chrono = DateTime::parse_from_rfc3339(s).ok();
            if let Some(t) = canonical_time(s) {
                hand += 1;
                assert_eq!(Some(t), chrono, "{s}");
                assert_eq!(t.offset(), chrono.expect("parsed").offset(), "{s}");
            }
        }
        assert!(hand > 20, "{hand}");
    }

    /// (column, SQL value) pairs: damage of every kind, and unusual values that are sound.
    fn session_damage() -> Vec<(&'static str, String)> {
        let long = |n: usize| format!("'{}'", "x".repeat(n));
        let mut damage: Vec<(&str, String)> = vec![("note", "note".into())];
        for (col, values) in [
            (
                "uuid",
                vec!["'not-a-uuid-but-thirty-six-chars-long'", "X'00'", "42"],
            ),
            (
                "started_at",
                vec![
                    "'2026-13-01T20:00:00+01:00'",
                    "'2026-11-23 20:00'",
                    "'garbage'",
                    "42",
                    "CAST(X'C328' AS TEXT)",
                    "'2026-11-23T20:30:00+01:00'",
                    "'2026-11-22T20:30:00+01:00'",
                ],
            ),
            ("minutes", vec!["0", "241", "'abc'", "20.5", "240", "1"]),
            ("feet", vec!["'Both'", "'both '", "''", "'left'", "3"]),
            ("tool", vec!["'hammer'", "'roller'", "X'00'"]),
            (
                "areas",
                vec![
                    "''",
                    "'arches;toes'",
                    "'arches;;heels'",
                    "'nose'",
                    "'arches;arches'",
                    "CAST(X'C328' AS TEXT)",
                ],
            ),
            (
                "oil",
                vec![
                    "''",
                    "NULL",
                    "CAST(X'C328' AS TEXT)",
                    "X'41'",
                    "7",
                    &long(200),
                    &long(201),
                ],
            ),
            ("tension_before", vec!["11", "-1", "'x'", "0", "10", "5.0"]),
            ("tension_after", vec!["11", "3"]),
            ("pain", vec!["NULL", "11", "'x'", "0"]),
            (
                "note",
                vec![
                    "''",
                    "NULL",
                    "CAST(X'FF' AS TEXT)",
                    &long(2000),
                    &long(2001),
                ],
            ),
            ("created_at", vec!["'x'", "'2026-11-23T20:30:00Z'"]),
            ("updated_at", vec!["'later'", "1"]),
            (
                "local_date",
                vec![
                    "'2026-11-00'",
                    "'2026-11-22'",
                    "'2026-11-23'",
                    "'2026-11-23 '",
                    "20261123",
                ],
            ),
            (
                "started_utc",
                vec!["started_utc + 1", "started_utc", "'x'", "1.5"],
            ),
        ] {
            for v in values {
                damage.push((col, v.to_string()));
            }
        }
        damage
    }

    #[test]
    fn the_quick_look_at_a_session_agrees_with_decoding_it_on_every_kind_of_damage() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time");
        let mut damaged = 0;
        for (col, value) in session_damage() {
            let mut store = Store::open_in_memory().expect("store");
            let mut draft = SessionDraft::new(now, 7, 3);
            draft.note = Some("a note".into());
            draft.oil = Some("oil".into());
            draft.areas = vec![crate::domain::Area::Arches];
            let f = draft.validate(&now).expect("valid");
            store.insert_session(f, &now).expect("insert");
            let c = store.connection();
            c.execute_batch(&format!(
                "PRAGMA ignore_check_constraints = ON; UPDATE sessions SET {col} = {value};"
            ))
            .unwrap_or_else(|e| panic!("{col} = {value}: {e}"));
            let sql = format!("SELECT {SESSION_COLS} FROM sessions");
            let (sound, decoded) = c
                .query_row(&sql, [], |r| {
                    Ok((session_is_sound(r), decode_session(r).map(|_| ())))
                })
                .expect("row");
            assert_eq!(sound, decoded.is_ok(), "{col} = {value}: {decoded:?}");
            damaged += usize::from(!sound);
        }
        // Most of the values above are damage; the rest are sound values that look unusual.
        assert!(damaged >= 40, "{damaged}");
    }

    #[test]
    fn the_strict_reader_fails_at_the_damaged_fields_column() {
        let now = DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time");
        let mut store = Store::open_in_memory().expect("store");
        let f = SessionDraft::new(now, 7, 3).validate(&now).expect("valid");
        let uuid = store.insert_session(f, &now).expect("insert").uuid;
        let c = store.connection();
        c.execute(
            "UPDATE sessions SET updated_at = 'later' WHERE uuid = ?1",
            [uuid.to_string()],
        )
        .expect("damage");
        let sql = format!("SELECT {SESSION_COLS} FROM sessions");
        let err = c
            .query_row(&sql, [], session_from_row)
            .expect_err("damaged");
        match err {
            rusqlite::Error::FromSqlConversionFailure(idx, _, why) => {
                assert_eq!(
                    SESSION_COLS.split(',').nth(idx).map(str::trim),
                    Some("updated_at")
                );
                assert!(why.to_string().contains("\"later\""), "{why}");
            }
            other => panic!("unexpected {other:?}"),
        }
        let d = c
            .query_row(&sql, [], |r| Ok(decode_session(r)))
            .expect("row")
            .expect_err("damaged");
        assert_eq!(
            (d.table, d.field, d.uuid),
            ("sessions", "updated_at", uuid.to_string())
        );
    }
}
