//! Several devices syncing through one real TaskChampion server on loopback, through the
//! library's API, each device a folder of its own: every kind of record both ways, offline edits
//! on two sides in every order, a server that is down or refuses, a wrong key.

#![allow(
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::too_many_lines,
    clippy::missing_panics_doc
)]

mod common;

use chrono::{Duration, NaiveDate};
use common::{Clock, Device, TestServer, assert_same};
use footlog_core::domain::health::HealthProfile;
use footlog_core::domain::{RecordRef, RestMark, WeekStart};
use footlog_sync::{SyncError, SyncKey};

fn night(d: &str) -> NaiveDate {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date")
}

/// A server and `n` devices set up on it (the first with `--new`, the others joined).
fn setup(n: usize, clock: &mut Clock) -> (TestServer, Vec<Device>, SyncKey) {
    let server = TestServer::start().expect("a test server");
    let devices: Vec<Device> = (0..n)
        .map(|i| Device::new(&format!("device {i}")))
        .collect();
    let key = devices[0].setup_new(&server, &clock.tick());
    for d in devices.iter().skip(1) {
        d.join(&server, &key, &clock.tick());
    }
    (server, devices, key)
}

fn sync_all(devices: &[Device], clock: &mut Clock) {
    for _ in 0..2 {
        for d in devices {
            d.sync(&clock.tick());
        }
    }
}

#[test]
fn every_kind_of_record_reaches_the_other_devices_both_ways() {
    for n in [2, 3] {
        let mut clock = Clock::new();
        let (_server, devices, _) = setup(n, &mut clock);
        let (a, b) = (&devices[0], &devices[1]);
        // Written on a.
        let s = a.log(&clock.tick(), Some("left heel sore"));
        let mut diary_note = footlog_core::domain::sleep::SleepDraft {
            night: night("2026-03-01"),
            quality: 4,
            hours: None,
            note: Some("woke at 3".into()),
            diary: footlog_core::domain::diary::DiaryDraft {
                bed: Some("23:00".into()),
                tried: Some("23:15".into()),
                latency_min: Some(20),
                awakenings: Some(1),
                awake_min: Some(15),
                woke: Some("06:40".into()),
                up: Some("07:00".into()),
            },
        };
        let now = clock.tick();
        a.store(&now)
            .put_sleep(diary_note.clone().validate().expect("valid"), false, &now)
            .expect("sleep");
        a.store(&clock.tick())
            .set_goal(night("2026-03-02"), 3)
            .expect("goal");
        a.store(&clock.tick())
            .add_rest(&RestMark {
                date: night("2026-03-16"),
                reason: "travel".into(),
            })
            .expect("rest");
        a.store(&clock.tick())
            .set_week_start(WeekStart::Sunday)
            .expect("week start");
        a.store(&clock.tick())
            .set_health_profile(&HealthProfile {
                diabetes_or_neuropathy: true,
                ..HealthProfile::default()
            })
            .expect("profile");
        a.sync(&clock.tick());
        for d in devices.iter().skip(1) {
            d.sync(&clock.tick());
        }
        assert_same(&devices.iter().collect::<Vec<_>>());
        let doc = b.export();
        assert_eq!(doc.sessions.len(), 1);
        assert_eq!(doc.sessions[0].note.as_deref(), Some("left heel sore"));
        assert_eq!(doc.sleep_notes[0].awake_min, Some(15));
        assert_eq!(doc.sleep_notes[0].bed.as_deref(), Some("23:00"));
        assert_eq!(doc.goals.len(), 1);
        assert_eq!(doc.rest_weeks.len(), 1);
        assert_eq!(doc.week_start, WeekStart::Sunday);
        assert!(doc.health_profile.diabetes_or_neuropathy);

        // Changed on the last device, back to a (and the others).
        let z = devices.last().expect("a device");
        z.edit(s, &clock.tick(), |f| f.pain = Some(4));
        diary_note.quality = 2;
        diary_note.diary.awakenings = Some(3);
        let now = clock.tick();
        z.store(&now)
            .put_sleep(diary_note.validate().expect("valid"), true, &now)
            .expect("sleep");
        z.store(&clock.tick())
            .set_goal(night("2026-03-02"), 4)
            .expect("goal");
        z.store(&clock.tick())
            .set_goal(night("2026-03-09"), 2)
            .expect("goal");
        z.store(&clock.tick())
            .remove_rest(night("2026-03-16"), night("2026-03-16"))
            .expect("remove rest");
        z.store(&clock.tick())
            .add_rest(&RestMark {
                date: night("2026-03-23"),
                reason: "flu".into(),
            })
            .expect("rest");
        z.store(&clock.tick())
            .set_week_start(WeekStart::Monday)
            .expect("week start");
        z.store(&clock.tick())
            .set_health_profile(&HealthProfile {
                pregnancy: true,
                ..HealthProfile::default()
            })
            .expect("profile");
        sync_all(&devices, &mut clock);
        assert_same(&devices.iter().collect::<Vec<_>>());
        let doc = a.export();
        assert_eq!(doc.sessions[0].pain, Some(4));
        assert_eq!(doc.sleep_notes[0].quality, 2);
        assert_eq!(doc.sleep_notes[0].awakenings, Some(3));
        assert_eq!(
            doc.goals
                .iter()
                .map(|g| (g.effective_from, g.per_week))
                .collect::<Vec<_>>(),
            vec![(night("2026-03-02"), 4), (night("2026-03-09"), 2)]
        );
        assert_eq!(
            doc.rest_weeks,
            vec![RestMark {
                date: night("2026-03-23"),
                reason: "flu".into()
            }]
        );
        assert_eq!(doc.week_start, WeekStart::Monday);
        assert_eq!(
            doc.health_profile,
            HealthProfile {
                pregnancy: true,
                ..HealthProfile::default()
            }
        );

        // A rest week removed and added again.
        a.store(&clock.tick())
            .add_rest(&RestMark {
                date: night("2026-03-16"),
                reason: "again".into(),
            })
            .expect("rest");
        sync_all(&devices, &mut clock);
        assert_same(&devices.iter().collect::<Vec<_>>());
        assert_eq!(z.export().rest_weeks.len(), 2);
    }
}

#[test]
fn a_device_joining_with_records_of_its_own_merges_them() {
    let mut clock = Clock::new();
    let server = TestServer::start().expect("server");
    let (a, b) = (Device::new("a"), Device::new("b"));
    let sa = a.log(&clock.tick(), Some("a's"));
    let sb = b.log(&clock.tick(), Some("b's"));
    b.store(&clock.tick())
        .set_goal(night("2026-03-02"), 5)
        .expect("goal");
    let key = a.setup_new(&server, &clock.tick());
    b.join(&server, &key, &clock.tick());
    a.sync(&clock.tick());
    assert_same(&[&a, &b]);
    assert_eq!(a.live(), [sa, sb].into_iter().collect());
    assert_eq!(a.export().goals.len(), 1);
}

#[test]
fn a_delete_and_an_undelete_sync_as_fields() {
    let mut clock = Clock::new();
    let (_server, devices, _) = setup(3, &mut clock);
    let (a, b, c) = (&devices[0], &devices[1], &devices[2]);
    let s = a.log(&clock.tick(), None);
    let n = a.sleep(&clock.tick(), night("2026-03-01"), 3, None);
    sync_all(&devices, &mut clock);
    b.delete(RecordRef::Session(s), &clock.tick());
    b.delete(RecordRef::Sleep(n), &clock.tick());
    sync_all(&devices, &mut clock);
    assert_same(&[a, b, c]);
    assert!(a.export().sessions.is_empty());
    assert_eq!(c.deleted(), [s, n].into_iter().collect());
    c.undelete(RecordRef::Session(s), &clock.tick());
    c.undelete(RecordRef::Sleep(n), &clock.tick());
    sync_all(&devices, &mut clock);
    assert_same(&[a, b, c]);
    assert_eq!(a.live(), [s, n].into_iter().collect());
    assert!(b.deleted().is_empty());
}

#[test]
fn an_erasure_syncs_as_a_delete_and_is_never_brought_back() {
    let mut clock = Clock::new();
    let (_server, devices, _) = setup(3, &mut clock);
    let (a, b, c) = (&devices[0], &devices[1], &devices[2]);
    let s = a.log(&clock.tick(), Some("gone soon"));
    let n = a.sleep(&clock.tick(), night("2026-03-01"), 3, None);
    sync_all(&devices, &mut clock);
    a.delete(RecordRef::Session(s), &clock.tick());
    a.delete(RecordRef::Sleep(n), &clock.tick());
    sync_all(&devices, &mut clock);
    // c goes offline and keeps the deleted records; a purges.
    a.store(&clock.tick()).purge().expect("purge");
    a.sync(&clock.tick());
    b.sync(&clock.tick());
    assert!(b.deleted().is_empty(), "b erased them too");
    assert_eq!(b.erased(), [s, n].into_iter().collect());
    // c, which still had them (deleted), edits nothing and syncs: they stay erased everywhere.
    c.sync(&clock.tick());
    sync_all(&devices, &mut clock);
    for d in &devices {
        assert!(d.deleted().is_empty(), "{} kept them", d.name);
        assert!(d.live().is_empty(), "{} brought them back", d.name);
        assert_eq!(d.erased(), [s, n].into_iter().collect(), "{}", d.name);
    }

    // The 30-day erasure: a device offline meanwhile undeletes; the erasure still wins.
    let s2 = b.log(&clock.tick(), None);
    sync_all(&devices, &mut clock);
    b.delete(RecordRef::Session(s2), &clock.tick());
    sync_all(&devices, &mut clock);
    c.undelete(RecordRef::Session(s2), &clock.tick());
    let later = clock.advance(Duration::days(31));
    drop(b.store(&later)); // opening for writing erases what expired
    assert_eq!(b.erased().len(), 3);
    b.sync(&clock.tick());
    sync_all(&devices, &mut clock);
    assert_same(&[a, b, c]);
    for d in &devices {
        assert!(!d.live().contains(&s2), "{} brought it back", d.name);
    }
}

/// Two devices edit one session offline, then sync in either order.
fn two_offline_edits(
    first_edit: impl Fn(&Device, uuid::Uuid, &mut Clock),
    second_edit: impl Fn(&Device, uuid::Uuid, &mut Clock),
    check: impl Fn(&Device, uuid::Uuid),
) {
    for order in [[0, 1], [1, 0]] {
        let mut clock = Clock::new();
        let (_server, devices, _) = setup(3, &mut clock);
        let s = devices[0].log(&clock.tick(), Some("first"));
        sync_all(&devices, &mut clock);
        // Edited on a, then (later) on b, both offline.
        first_edit(&devices[0], s, &mut clock);
        second_edit(&devices[1], s, &mut clock);
        for i in order {
            devices[i].sync(&clock.tick());
        }
        sync_all(&devices, &mut clock);
        assert_same(&devices.iter().collect::<Vec<_>>());
        for d in &devices {
            check(d, s);
        }
    }
}

#[test]
fn edits_of_different_fields_on_two_devices_are_both_kept() {
    two_offline_edits(
        |d, s, c| d.edit(s, &c.tick(), |f| f.pain = Some(7)),
        |d, s, c| d.edit(s, &c.tick(), |f| f.note = Some("second".into())),
        |d, _| {
            let doc = d.export();
            assert_eq!(doc.sessions[0].pain, Some(7), "{}", d.name);
            assert_eq!(
                doc.sessions[0].note.as_deref(),
                Some("second"),
                "{}",
                d.name
            );
        },
    );
}

#[test]
fn edits_of_one_field_on_two_devices_keep_the_later() {
    two_offline_edits(
        |d, s, c| d.edit(s, &c.tick(), |f| f.note = Some("earlier".into())),
        |d, s, c| d.edit(s, &c.tick(), |f| f.note = Some("later".into())),
        |d, _| {
            assert_eq!(
                d.export().sessions[0].note.as_deref(),
                Some("later"),
                "{}",
                d.name
            );
        },
    );
    // The later edit made on the device that syncs first, too.
    two_offline_edits(
        |d, s, c| {
            c.tick();
            d.edit(s, &c.advance(Duration::minutes(5)), |f| {
                f.note = Some("later".into());
            });
        },
        |d, s, _| {
            let earlier = Clock::new().advance(Duration::minutes(5));
            d.edit(s, &earlier, |f| f.note = Some("earlier".into()));
        },
        |d, _| {
            assert_eq!(
                d.export().sessions[0].note.as_deref(),
                Some("later"),
                "{}",
                d.name
            );
        },
    );
}

#[test]
fn a_delete_and_an_edit_on_two_devices_are_both_kept() {
    two_offline_edits(
        |d, s, c| d.delete(RecordRef::Session(s), &c.tick()),
        |d, s, c| d.edit(s, &c.tick(), |f| f.note = Some("edited".into())),
        |d, s| {
            assert!(d.deleted().contains(&s), "{}: not deleted", d.name);
            let store = footlog_core::store::Store::open_for_reading(&d.paths.db).expect("open");
            let (session, _) = store
                .deleted_records()
                .expect("deleted")
                .sessions
                .into_iter()
                .find(|(x, _)| x.uuid == s)
                .expect("the deleted session");
            assert_eq!(session.fields.note.as_deref(), Some("edited"), "{}", d.name);
        },
    );
    two_offline_edits(
        |d, s, c| d.edit(s, &c.tick(), |f| f.note = Some("edited".into())),
        |d, s, c| d.delete(RecordRef::Session(s), &c.tick()),
        |d, s| assert!(d.deleted().contains(&s), "{}: not deleted", d.name),
    );
}

#[test]
fn two_notes_for_one_night_leave_the_later_live_and_the_other_deleted() {
    for order in [[0, 1], [1, 0]] {
        for three in [false, true] {
            let mut clock = Clock::new();
            let (_server, devices, _) = setup(if three { 3 } else { 2 }, &mut clock);
            let nt = night("2026-03-01");
            // Two records for one night: A's under a UUID of its own.
            let early = devices[0].sleep_own_uuid(&clock.tick(), nt, 2, Some("a's"));
            let late = devices[1].sleep(&clock.tick(), nt, 5, Some("b's"));
            let mut conflicts = Vec::new();
            for i in order {
                conflicts.extend(devices[i].sync(&clock.tick()).night_conflicts);
            }
            for _ in 0..3 {
                for d in &devices {
                    conflicts.extend(d.sync(&clock.tick()).night_conflicts);
                }
            }
            assert_same(&devices.iter().collect::<Vec<_>>());
            assert!(
                conflicts.contains(&("2026-03-01".to_string(), early)),
                "{conflicts:?}"
            );
            for d in &devices {
                assert_eq!(d.live(), [late].into_iter().collect(), "{}", d.name);
                assert_eq!(d.deleted(), [early].into_iter().collect(), "{}", d.name);
            }
            // The deleted one can be brought back once the night is free.
            let b = &devices[1];
            b.delete(RecordRef::Sleep(late), &clock.tick());
            b.undelete(RecordRef::Sleep(early), &clock.tick());
            for _ in 0..2 {
                for d in &devices {
                    d.sync(&clock.tick());
                }
            }
            assert_same(&devices.iter().collect::<Vec<_>>());
            assert_eq!(devices[0].live(), [early].into_iter().collect());
        }
    }
}

#[test]
fn a_server_down_or_refusing_loses_nothing() {
    let mut clock = Clock::new();
    let (mut server, devices, _) = setup(2, &mut clock);
    let (a, b) = (&devices[0], &devices[1]);
    let s = a.log(&clock.tick(), None);
    server.stop();
    match footlog_sync::sync_now(&a.paths, &clock.tick()) {
        Err(SyncError::Unreachable { .. }) => {}
        other => panic!("a stopped server: {other:?}"),
    }
    assert_eq!(footlog_sync::status(&a.paths).expect("status").pending, 1);
    server.restart().expect("restart");
    server.set_refusing(true);
    match footlog_sync::sync_now(&a.paths, &clock.tick()) {
        Err(SyncError::Unreachable { .. }) => {}
        other => panic!("a refusing server: {other:?}"),
    }
    assert_eq!(footlog_sync::status(&a.paths).expect("status").pending, 1);
    server.set_refusing(false);
    assert_eq!(a.sync(&clock.tick()).sent, 1);
    assert_eq!(footlog_sync::status(&a.paths).expect("status").pending, 0);
    b.sync(&clock.tick());
    assert_eq!(b.live(), [s].into_iter().collect());
}

#[test]
fn a_wrong_key_is_rejected_and_nothing_stays_set_up() {
    let mut clock = Clock::new();
    let (server, devices, key) = setup(1, &mut clock);
    devices[0].log(&clock.tick(), None);
    devices[0].sync(&clock.tick());
    let mut wrong = key.clone();
    wrong.secret[0] ^= 1;
    let c = Device::new("c");
    c.log(&clock.tick(), None);
    match footlog_sync::setup_join(&c.paths, &server.url(), &wrong, &clock.tick()) {
        Err(SyncError::KeyRejected { .. }) => {}
        other => panic!("a wrong key: {other:?}"),
    }
    assert!(!c.paths.is_set_up());
    assert!(matches!(
        footlog_sync::sync_now(&c.paths, &clock.tick()),
        Err(SyncError::NotSetUp)
    ));
    // The right key then joins.
    c.join(&server, &key, &clock.tick());
    devices[0].sync(&clock.tick());
    assert_same(&[&devices[0], &c]);
}

#[test]
fn joining_a_history_the_server_does_not_hold_is_refused() {
    let mut clock = Clock::new();
    let server = TestServer::start().expect("server");
    let d = Device::new("d");
    d.log(&clock.tick(), None);
    let key = SyncKey::generate().expect("a key");
    match footlog_sync::setup_join(&d.paths, &server.url(), &key, &clock.tick()) {
        Err(SyncError::NoHistory { .. }) => {}
        other => panic!("an unknown client id: {other:?}"),
    }
    assert!(!d.paths.is_set_up());
}

#[test]
fn request_bodies_hold_none_of_the_users_text() {
    let mut clock = Clock::new();
    let (server, devices, _) = setup(2, &mut clock);
    let a = &devices[0];
    a.log(&clock.tick(), Some("SECRETNOTE plantar fasciitis"));
    a.sleep(
        &clock.tick(),
        night("2026-03-01"),
        3,
        Some("SECRETSLEEP nightmare"),
    );
    a.store(&clock.tick())
        .add_rest(&RestMark {
            date: night("2026-03-09"),
            reason: "SECRETREASON surgery".into(),
        })
        .expect("rest");
    sync_all(&devices, &mut clock);
    assert!(
        devices[1].export().rest_weeks[0]
            .reason
            .starts_with("SECRETREASON")
    );
    let bodies = server.request_bodies();
    assert!(!bodies.is_empty());
    for body in bodies {
        for needle in [
            "SECRET",
            "plantar",
            "nightmare",
            "surgery",
            "rest",
            "session",
        ] {
            assert!(
                !body.windows(needle.len()).any(|w| w == needle.as_bytes()),
                "a request body holds {needle:?}"
            );
        }
    }
}

#[test]
fn a_device_joining_with_a_note_for_a_night_already_synced_keeps_one_live() {
    let mut clock = Clock::new();
    let server = TestServer::start().expect("server");
    let (a, b) = (Device::new("a"), Device::new("b"));
    let nt = night("2026-03-01");
    let early = a.sleep_own_uuid(&clock.tick(), nt, 2, Some("a's"));
    let late = b.sleep(&clock.tick(), nt, 4, Some("b's"));
    let key = a.setup_new(&server, &clock.tick());
    let report = b.join(&server, &key, &clock.tick());
    assert_eq!(
        report.night_conflicts,
        vec![("2026-03-01".to_string(), early)]
    );
    a.sync(&clock.tick());
    b.sync(&clock.tick());
    assert_same(&[&a, &b]);
    assert_eq!(a.live(), [late].into_iter().collect());
    assert_eq!(a.deleted(), [early].into_iter().collect());
}

#[test]
fn a_push_refused_after_the_pull_still_counts_the_change_as_waiting() {
    let mut clock = Clock::new();
    let (server, devices, _) = setup(2, &mut clock);
    let (a, b) = (&devices[0], &devices[1]);
    let s = a.log(&clock.tick(), Some("pushed late"));
    // The pull goes through; the server refuses from the next request on (the push).
    let pulls_before = server
        .requests()
        .iter()
        .filter(|r| r.path.contains("get-child-version"))
        .count();
    server.set_delay(std::time::Duration::from_millis(300));
    let done = std::sync::atomic::AtomicBool::new(false);
    let result = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let pulls = server
                    .requests()
                    .iter()
                    .filter(|r| r.path.contains("get-child-version"))
                    .count();
                if pulls >= pulls_before + 2 {
                    server.set_refusing(true);
                    return;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
        });
        let result = footlog_sync::sync_now(&a.paths, &clock.tick());
        done.store(true, std::sync::atomic::Ordering::SeqCst);
        result
    });
    assert!(
        matches!(result, Err(SyncError::Unreachable { .. })),
        "{result:?}"
    );
    assert_eq!(
        footlog_sync::status(&a.paths).expect("status").pending,
        1,
        "the change handed to the replica but not pushed is still waiting"
    );
    server.set_refusing(false);
    server.set_delay(std::time::Duration::ZERO);
    a.sync(&clock.tick());
    assert_eq!(footlog_sync::status(&a.paths).expect("status").pending, 0);
    b.sync(&clock.tick());
    assert_eq!(b.live(), [s].into_iter().collect());
}
