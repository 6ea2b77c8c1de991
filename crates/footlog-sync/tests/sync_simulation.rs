//! A deterministic simulation: several devices, one loopback TaskChampion server, a seeded PRNG
//! choosing each step (log, edit, delete, undelete, sleep notes for the same few nights, goal and
//! rest changes, week start, health profile, purge, a month passing, a refusing server, a sync) and
//! the order of syncs, on a clock the test moves; the last device joins a third of the way in,
//! with records of its own. At the end every device syncs twice in turn and all must hold the
//! same records, and every record created anywhere must still exist or have been
//! deleted or erased on purpose.
//!
//! `FOOTLOG_SIM_SEED=n` replays one seed; `FOOTLOG_SIM_STEPS=n` changes the number of steps.

#![allow(
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::too_many_lines,
    clippy::cast_possible_truncation,
    clippy::cast_possible_wrap,
    clippy::missing_panics_doc
)]

mod common;

use std::collections::BTreeSet;

use chrono::{Duration, NaiveDate};
use common::{Clock, Device, TestServer, assert_same};
use footlog_core::domain::health::HealthProfile;
use footlog_core::domain::sleep::SleepDraft;
use footlog_core::domain::{RecordRef, RestMark, WeekStart};
use footlog_sync::SyncError;
use uuid::Uuid;

/// xorshift64*: small, fast, and the same sequence everywhere.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        if items.is_empty() {
            None
        } else {
            Some(items[self.below(items.len())])
        }
    }
}

fn date(d: &str) -> NaiveDate {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("a date")
}

/// What the simulation did, for the end's checks.
#[derive(Default)]
struct Log {
    /// Every session and sleep note created, anywhere.
    created: BTreeSet<Uuid>,
    /// Every record deleted on purpose (by a step, or as the loser of a night).
    deleted: BTreeSet<Uuid>,
}

struct Sim {
    rng: Rng,
    clock: Clock,
    server: TestServer,
    devices: Vec<Device>,
    log: Log,
    refusing_until: usize,
    /// The last device joins a third of the way in, with records of its own by then.
    late_joined: bool,
}

impl Sim {
    fn live_sessions(&self, d: usize) -> Vec<Uuid> {
        self.devices[d]
            .export()
            .sessions
            .iter()
            .map(|s| Uuid::parse_str(&s.uuid).expect("uuid"))
            .collect()
    }

    fn live_notes(&self, d: usize) -> Vec<Uuid> {
        self.devices[d]
            .export()
            .sleep_notes
            .iter()
            .map(|s| Uuid::parse_str(&s.uuid).expect("uuid"))
            .collect()
    }

    fn sync(&mut self, d: usize, step: usize) {
        let now = self.clock.tick();
        if d + 1 == self.devices.len() && !self.late_joined {
            return;
        }
        let result = footlog_sync::sync_now(&self.devices[d].paths, &now);
        if step < self.refusing_until {
            match result {
                Err(SyncError::Unreachable { .. }) => {}
                other => panic!("step {step}: a refusing server: {other:?}"),
            }
            return;
        }
        let report = result.unwrap_or_else(|e| panic!("step {step}: device {d} syncs: {e:?}"));
        assert!(
            report.unreadable.is_empty(),
            "step {step}: {:?}",
            report.unreadable
        );
        for (_, loser) in report.night_conflicts {
            self.log.deleted.insert(loser);
        }
    }

    fn step(&mut self, step: usize) {
        if step == self.refusing_until {
            self.server.set_refusing(false);
        }
        let now = self
            .clock
            .advance(Duration::minutes(1 + self.rng.below(90) as i64));
        let d = self.rng.below(self.devices.len());
        let nights = [date("2026-02-27"), date("2026-02-28"), date("2026-03-01")];
        let weeks = [date("2026-03-02"), date("2026-03-09"), date("2026-03-16")];
        let what = self.rng.below(20);
        println!("{step}: device {d} does {what} at {now}");
        let device = &self.devices[d];
        match what {
            0..=2 => {
                let note = format!("note {}", self.rng.below(1000));
                let u = device.log(&now, Some(&note));
                self.log.created.insert(u);
            }
            3..=4 => {
                if let Some(s) = self.rng.pick(&self.live_sessions(d)) {
                    let (which, v) = (self.rng.below(3), self.rng.below(10));
                    self.devices[d].edit(s, &now, |f| match which {
                        0 => f.pain = Some(v as u8),
                        1 => f.note = Some(format!("edited {v}")),
                        _ => f.minutes = 10 + v as u16,
                    });
                }
            }
            5 => {
                let mut all: Vec<RecordRef> = self
                    .live_sessions(d)
                    .into_iter()
                    .map(RecordRef::Session)
                    .collect();
                all.extend(self.live_notes(d).into_iter().map(RecordRef::Sleep));
                if let Some(r) = self.rng.pick(&all) {
                    self.devices[d].delete(r, &now);
                    self.log.deleted.insert(r.uuid());
                }
            }
            6 => {
                let store = device.store(&now);
                let gone = store.deleted_records().expect("deleted records");
                let mut all: Vec<RecordRef> = gone
                    .sessions
                    .iter()
                    .map(|(s, _)| RecordRef::Session(s.uuid))
                    .collect();
                all.extend(gone.sleep.iter().map(|(n, _)| RecordRef::Sleep(n.uuid)));
                drop(store);
                if let Some(r) = self.rng.pick(&all) {
                    // A sleep note whose night is taken cannot come back: that is fine.
                    let _ = device.store(&now).undelete(r);
                }
            }
            7..=8 => {
                let night = nights[self.rng.below(nights.len())];
                let draft = SleepDraft {
                    night,
                    quality: 1 + self.rng.below(5) as i64,
                    hours: Some(5.0 + self.rng.below(40) as f64 / 10.0),
                    note: Some(format!("slept {}", self.rng.below(100))),
                    diary: footlog_core::domain::diary::DiaryDraft {
                        awakenings: Some(self.rng.below(4) as i64),
                        ..Default::default()
                    },
                };
                let note = device
                    .store(&now)
                    .put_sleep(draft.validate().expect("a valid note"), true, &now)
                    .expect("a sleep note");
                self.log.created.insert(note.uuid);
            }
            9 => {
                let week = weeks[self.rng.below(weeks.len())];
                let per_week = 1 + self.rng.below(7) as u8;
                device.store(&now).set_goal(week, per_week).expect("goal");
            }
            10 => {
                let week = weeks[self.rng.below(weeks.len())];
                if self.rng.below(2) == 0 {
                    let reason = format!("reason {}", self.rng.below(100));
                    device
                        .store(&now)
                        .add_rest(&RestMark { date: week, reason })
                        .expect("rest");
                } else {
                    device
                        .store(&now)
                        .remove_rest(week, week)
                        .expect("remove rest");
                }
            }
            11 => {
                let ws = if self.rng.below(2) == 0 {
                    WeekStart::Monday
                } else {
                    WeekStart::Sunday
                };
                device.store(&now).set_week_start(ws).expect("week start");
            }
            12 => {
                let p = HealthProfile {
                    diabetes_or_neuropathy: self.rng.below(2) == 0,
                    circulation_problems: self.rng.below(2) == 0,
                    pregnancy: self.rng.below(2) == 0,
                };
                device.store(&now).set_health_profile(&p).expect("profile");
            }
            13 => match self.rng.below(8) {
                0 | 1 => {
                    device.store(&now).purge().expect("purge");
                }
                2 => {
                    // A month later: opening the database erases what was deleted 30 days ago.
                    let later = self.clock.advance(Duration::days(31));
                    println!("{step}: a month passes: {later}");
                    drop(device.store(&later));
                }
                _ => {
                    // A note moved to another night that this device has free.
                    let mut store = device.store(&now);
                    let notes = store.sleep_notes(None, None).expect("notes");
                    let taken: Vec<NaiveDate> = notes.iter().map(|n| n.fields.night).collect();
                    let free: Vec<NaiveDate> = nights
                        .iter()
                        .copied()
                        .filter(|n| !taken.contains(n))
                        .collect();
                    let (Some(i), Some(night)) = (
                        self.rng.pick(&(0..notes.len()).collect::<Vec<_>>()),
                        self.rng.pick(&free),
                    ) else {
                        return;
                    };
                    let mut fields = notes[i].fields.clone();
                    fields.night = night;
                    store
                        .update_sleep(&notes[i].uuid, &fields, &now)
                        .expect("move a note");
                }
            },
            14 => {
                if self.rng.below(6) == 0 && step >= self.refusing_until {
                    self.server.set_refusing(true);
                    self.refusing_until = step + 1 + self.rng.below(6);
                }
            }
            _ => self.sync(d, step),
        }
    }
}

fn run(seed: u64, steps: usize) {
    println!("simulation seed {seed}, {steps} steps (FOOTLOG_SIM_SEED={seed} replays it)");
    let mut rng = Rng::new(seed);
    let n = 3 + rng.below(3);
    let mut clock = Clock::new();
    let server = TestServer::start().expect("a test server");
    let devices: Vec<Device> = (0..n)
        .map(|i| Device::new(&format!("device {i}")))
        .collect();
    let key = devices[0].setup_new(&server, &clock.tick());
    for d in devices.iter().skip(1).take(n - 2) {
        d.join(&server, &key, &clock.tick());
    }
    let mut sim = Sim {
        rng,
        clock,
        server,
        devices,
        log: Log::default(),
        refusing_until: 0,
        late_joined: false,
    };
    for step in 0..steps {
        if step == steps / 3 {
            sim.server.set_refusing(false);
            sim.refusing_until = 0;
            println!("{step}: device {} joins", n - 1);
            let now = sim.clock.tick();
            let report = sim.devices[n - 1].join(&sim.server, &key, &now);
            for (_, loser) in report.night_conflicts {
                sim.log.deleted.insert(loser);
            }
            sim.late_joined = true;
        }
        sim.step(step);
    }
    sim.server.set_refusing(false);
    sim.refusing_until = 0;
    for _ in 0..2 {
        for d in 0..n {
            sim.sync(d, steps);
        }
    }
    let all: Vec<&Device> = sim.devices.iter().collect();
    assert_same(&all);
    let erased: BTreeSet<Uuid> = sim.devices.iter().flat_map(Device::erased).collect();
    let first = &sim.devices[0];
    let (live, deleted) = (first.live(), first.deleted());
    for u in &sim.log.created {
        assert!(
            live.contains(u) || deleted.contains(u) || erased.contains(u),
            "seed {seed}: record {u} was lost"
        );
    }
    for u in deleted.iter().chain(&erased) {
        assert!(
            sim.log.deleted.contains(u),
            "seed {seed}: record {u} was deleted, not on purpose"
        );
    }
    for u in &erased {
        assert!(
            !live.contains(u) && !deleted.contains(u),
            "seed {seed}: {u} came back"
        );
    }
    println!(
        "seed {seed}: {n} devices, {} records created, {} live, {} deleted, {} erased",
        sim.log.created.len(),
        live.len(),
        deleted.len(),
        erased.len()
    );
}

#[test]
fn devices_syncing_in_random_orders_end_with_the_same_records() {
    let steps = std::env::var("FOOTLOG_SIM_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    match std::env::var("FOOTLOG_SIM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
    {
        Some(seed) => run(seed, steps),
        None => {
            for seed in [1, 2, 3] {
                run(seed, steps);
            }
        }
    }
}
