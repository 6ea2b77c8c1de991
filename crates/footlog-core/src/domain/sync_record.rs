//! Records as sync sees them. Every record of the export format (a session, a sleep note, a goal
//! change, a rest week, a setting) is one task of the sync replica, whose properties are the
//! record's export keys with their values as JSON text, plus `kind` and, for a deleted record,
//! `deleted_at`. One mapping for every kind, driven by the export's own serde types, so a field
//! added to the export later syncs without new sync code; what comes back is read through the
//! import's parser ([`RecordIn`]), with every rule an imported record meets.

use std::collections::BTreeMap;

use serde::Serialize;
use uuid::Uuid;

use super::record::{DERIVED_SLEEP_COLUMNS, JsonCell, RecordIn};

/// A record's properties: key → value as JSON text (`"hands"`, `12`, `true`); a null is absent.
pub type Props = BTreeMap<String, String>;

/// The property naming a record's kind.
pub const KIND: &str = "kind";
/// The property of a deleted record: when it was deleted (RFC 3339, as JSON text).
pub const DELETED_AT: &str = "deleted_at";
/// The property dating the last edit of a record that has no time of its own (a goal, a rest
/// week, a setting): RFC 3339, as JSON text.
pub const EDITED_AT: &str = "edited_at";
/// The property naming a setting (`week_start`, `health_profile`).
pub const SETTING_NAME: &str = "name";

/// The `kind` of the one task that is no record: the mark a new history starts with, so a
/// history begun on a device with nothing logged yet is on the server for the next device to
/// join.
pub const HISTORY_KIND: &str = "history";

/// The history's start mark: its task and properties.
pub fn history_marker(started: &str) -> (Uuid, Props) {
    let mut props = Props::new();
    props.insert(KIND.into(), json_text(HISTORY_KIND));
    props.insert("started_at".into(), json_text(started));
    (history_marker_uuid(), props)
}

/// The task of the history's start mark.
pub fn history_marker_uuid() -> Uuid {
    Uuid::new_v5(&NAMESPACE, HISTORY_KIND.as_bytes())
}

/// Whether `props` are the history's start mark.
pub fn is_history_marker(props: &Props) -> bool {
    props.get(KIND).and_then(|k| text_of(k)).as_deref() == Some(HISTORY_KIND)
}

/// The kinds of record sync carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SyncKind {
    Session,
    Sleep,
    Goal,
    Rest,
    Setting,
}

impl SyncKind {
    /// The word in the `kind` property and the outbox.
    pub fn as_str(self) -> &'static str {
        match self {
            SyncKind::Session => "session",
            SyncKind::Sleep => "sleep",
            SyncKind::Goal => "goal",
            SyncKind::Rest => "rest",
            SyncKind::Setting => "setting",
        }
    }

    /// The kind named `word`.
    pub fn parse(word: &str) -> Option<SyncKind> {
        [
            SyncKind::Session,
            SyncKind::Sleep,
            SyncKind::Goal,
            SyncKind::Rest,
            SyncKind::Setting,
        ]
        .into_iter()
        .find(|k| k.as_str() == word)
    }

    /// Whether records of this kind have a UUID of their own (sessions, sleep notes); the others
    /// are named by a natural key (a date, a setting's name) and get [`natural_uuid`].
    pub fn has_own_uuid(self) -> bool {
        matches!(self, SyncKind::Session | SyncKind::Sleep)
    }
}

/// The namespace of UUIDs derived from natural keys (version 5), footlog's own.
const NAMESPACE: Uuid = Uuid::from_u128(0x6f0c_1e2a_9d4b_4c1e_8a51_2f7b_0d3e_9c14);

/// The UUID two devices both give the record of `kind` named `key` (a goal's date, a rest
/// week's date, a setting's name, a sleep note's night), so they write the same record.
pub fn natural_uuid(kind: SyncKind, key: &str) -> Uuid {
    Uuid::new_v5(&NAMESPACE, format!("{}:{key}", kind.as_str()).as_bytes())
}

/// The properties of `record` (an export record: [`super::record::SessionRecord`],
/// [`super::record::SleepRecord`], [`super::GoalChange`], [`super::RestMark`], or a setting's
/// object): each key but `uuid` and the derived sleep columns, nulls left out, with `kind`.
pub fn props_of<T: Serialize>(kind: SyncKind, record: &T) -> Result<Props, serde_json::Error> {
    let value = serde_json::to_value(record)?;
    let mut props = Props::new();
    if let serde_json::Value::Object(map) = value {
        for (k, v) in map {
            if k == "uuid" || v.is_null() || DERIVED_SLEEP_COLUMNS.contains(&k.as_str()) {
                continue;
            }
            props.insert(k, v.to_string());
        }
    }
    props.insert(KIND.to_string(), json_text(kind.as_str()));
    Ok(props)
}

/// Whether this footlog writes the property `key` for records of `kind` (a record may hold others,
/// written by a newer footlog: they are kept, never removed, by this one).
pub fn known_property(kind: SyncKind, key: &str) -> bool {
    use super::record::{SESSION_COLUMNS, SLEEP_COLUMNS};
    if key == "uuid" {
        return false;
    }
    if key == KIND || key == DELETED_AT {
        return true;
    }
    if key == EDITED_AT {
        return !kind.has_own_uuid();
    }
    match kind {
        SyncKind::Session => SESSION_COLUMNS.contains(&key),
        SyncKind::Sleep => SLEEP_COLUMNS.contains(&key) && !DERIVED_SLEEP_COLUMNS.contains(&key),
        SyncKind::Goal => matches!(key, "effective_from" | "per_week"),
        SyncKind::Rest => matches!(key, "date" | "reason"),
        SyncKind::Setting => {
            key == SETTING_NAME
                || key == "week_start"
                || serde_json::to_value(super::health::HealthProfile::default())
                    .ok()
                    .and_then(|v| v.as_object().map(|o| o.contains_key(key)))
                    .unwrap_or(false)
        }
    }
}

/// `text` as a JSON string value.
pub fn json_text(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

/// The kind named by `props`, if it is one footlog knows.
pub fn kind_of(props: &Props) -> Option<SyncKind> {
    props
        .get(KIND)
        .and_then(|k| text_of(k))
        .and_then(|k| SyncKind::parse(&k))
}

/// The text of a property holding a JSON string.
pub fn text_of(value: &str) -> Option<String> {
    match serde_json::from_str(value) {
        Ok(serde_json::Value::String(s)) => Some(s),
        _ => None,
    }
}

/// When the record was deleted, if it was.
pub fn deleted_at(props: &Props) -> Option<String> {
    props.get(DELETED_AT).and_then(|d| text_of(d))
}

/// `props` as the import reads a record: a JSON object with `uuid`, each property's JSON value
/// (a value that is not JSON is read as text, and fails the field's rule if it must be a number).
pub fn record_in(uuid: Uuid, props: &Props) -> Result<RecordIn<JsonCell>, serde_json::Error> {
    let mut map = serde_json::Map::new();
    map.insert("uuid".into(), serde_json::Value::String(uuid.to_string()));
    for (k, v) in props {
        if k == KIND || k == DELETED_AT || k == SETTING_NAME || k == EDITED_AT {
            continue;
        }
        let value =
            serde_json::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.clone()));
        map.insert(k.clone(), value);
    }
    serde_json::from_value(serde_json::Value::Object(map))
}

/// The properties of `props` other than `kind` and `name`, as one JSON object (a setting's value).
pub fn setting_object(props: &Props) -> serde_json::Map<String, serde_json::Value> {
    props
        .iter()
        .filter(|(k, _)| *k != KIND && *k != SETTING_NAME && *k != DELETED_AT && *k != EDITED_AT)
        .map(|(k, v)| {
            let value =
                serde_json::from_str(v).unwrap_or_else(|_| serde_json::Value::String(v.clone()));
            (k.clone(), value)
        })
        .collect()
}

/// The three-way merge of one record, property by property. A property only one side changed
/// since the state this device last agreed with the replica (`base`) takes that side's value; one
/// both changed, to different values, takes the later edit's (the record's `updated_at`), so
/// every device makes the same choice. With no `base` (a record both sides wrote without ever
/// agreeing, such as a sleep note for one night under the night's UUID), the later record is
/// taken whole; a record that does not say when it was edited (a goal, a rest week, a setting of a
/// device that joins) stays as this device has it, and is sent. Where a field both changed has
/// no times, or the same time, the greater value is taken, again the same on every device.
pub fn merge_props(base: Option<&Props>, local: &Props, remote: &Props) -> Props {
    let remote_wins = remote_is_later(local, remote);
    let Some(base) = base else {
        // Only a record that says when it was edited can be the later; otherwise (a goal, a
        // rest week, a setting of a device that joins) this device's own stays, and is sent.
        let dated = edited_at(local).is_some() && edited_at(remote).is_some();
        return if dated && remote_wins { remote } else { local }.clone();
    };
    let mut merged = Props::new();
    for key in local.keys().chain(remote.keys()).chain(base.keys()) {
        if merged.contains_key(key) {
            continue;
        }
        let (l, b, r) = (local.get(key), base.get(key), remote.get(key));
        let value = if l == b {
            r
        } else if r == b || l == r {
            l
        } else if remote_wins {
            r
        } else {
            l
        };
        if let Some(v) = value {
            merged.insert(key.clone(), v.clone());
        }
    }
    merged
}

/// Whether `remote` was edited after `local` (by `updated_at`; else by the greater properties).
fn remote_is_later(local: &Props, remote: &Props) -> bool {
    match (edited_at(local), edited_at(remote)) {
        (Some(l), Some(r)) if l != r => r > l,
        _ => remote > local,
    }
}

/// When a record was last edited, for those that say (`updated_at` of sessions and sleep notes;
/// `edited_at` of the others, see [`stamp_edit_time`]).
fn edited_at(props: &Props) -> Option<chrono::DateTime<chrono::FixedOffset>> {
    props
        .get("updated_at")
        .or_else(|| props.get(EDITED_AT))
        .and_then(|v| text_of(v))
        .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
}

/// Dates a goal's, rest week's or setting's properties as this database has them: by the time
/// of its change waiting to be sent (`changed_at`), else as last agreed (`base`). A session or
/// sleep note says its own time (`updated_at`) and is left as it is.
pub fn stamp_edit_time(
    kind: SyncKind,
    props: &mut Props,
    changed_at: Option<&str>,
    base: Option<&Props>,
) {
    if kind.has_own_uuid() {
        return;
    }
    match (changed_at, base.and_then(|b| b.get(EDITED_AT))) {
        (Some(t), _) => {
            props.insert(EDITED_AT.into(), json_text(t));
        }
        (None, Some(agreed)) => {
            props.insert(EDITED_AT.into(), agreed.clone());
        }
        (None, None) => {}
    }
}

/// What one property change looks like between two states of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PropChange {
    pub property: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// The properties that differ from `from` to `to`, in key order.
pub fn changes(from: &Props, to: &Props) -> Vec<PropChange> {
    let mut out = Vec::new();
    for key in from
        .keys()
        .chain(to.keys().filter(|k| !from.contains_key(*k)))
    {
        let (old, new) = (from.get(key), to.get(key));
        if old != new {
            out.push(PropChange {
                property: key.clone(),
                old: old.cloned(),
                new: new.cloned(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> Props {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn a_merge_keeps_both_devices_edits_of_different_fields() {
        let base = props(&[("note", "\"a\""), ("pain", "3")]);
        let local = props(&[("note", "\"mine\""), ("pain", "3")]);
        let remote = props(&[("note", "\"a\""), ("pain", "5")]);
        assert_eq!(
            merge_props(Some(&base), &local, &remote),
            props(&[("note", "\"mine\""), ("pain", "5")])
        );
    }

    #[test]
    fn a_merge_takes_a_removal_from_the_replica_and_keeps_one_made_here() {
        let base = props(&[("note", "\"a\""), ("oil", "\"x\"")]);
        let local = props(&[("oil", "\"x\"")]);
        let remote = props(&[("note", "\"a\"")]);
        assert_eq!(merge_props(Some(&base), &local, &remote), Props::new());
    }

    #[test]
    fn without_a_base_the_later_record_is_taken_whole_the_same_way_on_both_sides() {
        let earlier = props(&[
            ("quality", "2"),
            ("updated_at", "\"2026-01-02T08:00:00+01:00\""),
        ]);
        let later = props(&[("hours", "7.5"), ("updated_at", "\"2026-01-02T07:30:00Z\"")]);
        assert_eq!(merge_props(None, &earlier, &later), later);
        assert_eq!(merge_props(None, &later, &earlier), later);
        // No times (a goal of a device that joins): this device's own stays.
        let a = props(&[("per_week", "2")]);
        let b = props(&[("per_week", "3")]);
        assert_eq!(merge_props(None, &a, &b), a);
    }

    #[test]
    fn a_field_both_sides_changed_takes_the_later_edit_on_both_sides() {
        let base = props(&[
            ("note", "\"a\""),
            ("updated_at", "\"2026-01-01T10:00:00Z\""),
        ]);
        let mine = props(&[
            ("note", "\"mine\""),
            ("updated_at", "\"2026-01-01T12:00:00Z\""),
        ]);
        let theirs = props(&[
            ("note", "\"theirs\""),
            ("updated_at", "\"2026-01-01T11:00:00Z\""),
        ]);
        assert_eq!(merge_props(Some(&base), &mine, &theirs), mine);
        assert_eq!(merge_props(Some(&base), &theirs, &mine), mine);
    }

    #[test]
    fn the_later_edit_of_one_field_wins_whichever_device_merges() {
        let base = props(&[
            ("note", "\"a\""),
            ("pain", "3"),
            ("updated_at", "\"2026-11-23T20:00:00+01:00\""),
        ]);
        let early = props(&[
            ("note", "\"early\""),
            ("pain", "3"),
            ("updated_at", "\"2026-11-23T21:00:00+01:00\""),
        ]);
        // Later, though written in another zone.
        let late = props(&[
            ("note", "\"late\""),
            ("pain", "4"),
            ("updated_at", "\"2026-11-23T15:10:00-05:00\""),
        ]);
        assert_eq!(merge_props(Some(&base), &early, &late), late);
        assert_eq!(merge_props(Some(&base), &late, &early), late);
        // A field only the earlier edit changed is kept beside the later one.
        let early_oil = props(&[
            ("note", "\"a\""),
            ("oil", "\"x\""),
            ("pain", "3"),
            ("updated_at", "\"2026-11-23T21:00:00+01:00\""),
        ]);
        let mut both = late.clone();
        both.insert("oil".into(), "\"x\"".into());
        assert_eq!(merge_props(Some(&base), &early_oil, &late), both);
    }

    #[test]
    fn props_leave_out_the_uuid_nulls_and_derived_columns() {
        let rec = serde_json::json!({
            "uuid": "u", "night": "2026-01-01", "quality": 3, "note": null,
            "time_in_bed_min": 400
        });
        assert_eq!(
            props_of(SyncKind::Sleep, &rec).expect("props"),
            props(&[
                ("kind", "\"sleep\""),
                ("night", "\"2026-01-01\""),
                ("quality", "3")
            ])
        );
    }

    #[test]
    fn known_properties_are_the_export_keys_of_each_kind() {
        assert!(known_property(SyncKind::Session, "note"));
        assert!(known_property(SyncKind::Sleep, "awakenings"));
        assert!(
            !known_property(SyncKind::Sleep, "efficiency_pct"),
            "derived"
        );
        assert!(known_property(SyncKind::Setting, "pregnancy"));
        assert!(known_property(SyncKind::Goal, DELETED_AT));
        assert!(!known_property(SyncKind::Session, "a_newer_footlogs_field"));
        assert!(!known_property(SyncKind::Session, "uuid"));
    }

    #[test]
    fn natural_uuids_are_the_same_everywhere_and_differ_by_kind() {
        let a = natural_uuid(SyncKind::Goal, "2026-01-05");
        assert_eq!(a, natural_uuid(SyncKind::Goal, "2026-01-05"));
        assert_ne!(a, natural_uuid(SyncKind::Rest, "2026-01-05"));
        assert_eq!(a.get_version_num(), 5);
    }

    #[test]
    fn changes_list_each_property_that_differs() {
        let a = props(&[("a", "1"), ("b", "2")]);
        let b = props(&[("b", "3"), ("c", "4")]);
        let got: Vec<_> = changes(&a, &b)
            .into_iter()
            .map(|c| (c.property, c.old, c.new))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a".into(), Some("1".into()), None),
                ("b".into(), Some("2".into()), Some("3".into())),
                ("c".into(), None, Some("4".into())),
            ]
        );
    }

    #[test]
    fn a_record_comes_back_as_the_import_reads_it() {
        let p = props(&[
            ("kind", "\"goal\""),
            ("effective_from", "\"2026-01-05\""),
            ("per_week", "2"),
        ]);
        let raw = record_in(natural_uuid(SyncKind::Goal, "2026-01-05"), &p).expect("record");
        let goal = super::super::record::parse_goal(&raw).expect("goal");
        assert_eq!(goal.per_week, 2);
        assert_eq!(kind_of(&p), Some(SyncKind::Goal));
    }
}
