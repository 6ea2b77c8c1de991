//! `footlog sync` end to end (issue 17): the real binary, on two or three data folders (the
//! user's devices), against a real TaskChampion sync server on loopback
//! ([`footlog_sync_testserver`]), one server per test.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use footlog_sync_testserver::TestServer;
use serde_json::Value;

use super::support::{Env, items, keys, mode, set, tree};
use crate::support::need::require_tool;
use crate::support::tmux::{Tmux, quote};

/// A sync server for one test.
fn server() -> TestServer {
    TestServer::start().expect("start the sync test server")
}

/// `footlog sync setup --server URL --new`: requires exit 0 and exactly one line on stdout,
/// the key; returns it.
fn setup_new(e: &Env, url: &str) -> String {
    let out = e.ok(&["sync", "setup", "--server", url, "--new"]);
    let key = out.trim_end_matches('\n');
    assert_eq!(
        out,
        format!("{key}\n"),
        "setup --new prints the key, one line"
    );
    assert!(is_key(key), "setup --new printed {out:?}, not a key");
    key.to_string()
}

/// `footlog sync setup --server URL --join` with `stdin` on standard input.
fn join_with(e: &Env, url: &str, stdin: &str) -> Output {
    e.cmd(&["sync", "setup", "--server", url, "--join"])
        .write_stdin(stdin.to_string())
        .output()
        .expect("run footlog")
}

/// Joins with `key` (read from stdin), requiring exit 0.
fn join(e: &Env, url: &str, key: &str) {
    let out = join_with(e, url, &format!("{key}\n"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "sync setup --join failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `footlog sync --json`, requiring exit 0 and exactly the keys `sent` and `received`;
/// returns (sent, received).
fn sync(e: &Env) -> (u64, u64) {
    let v = e.json(&["sync", "--json"]);
    assert_eq!(keys(&v), set(&["sent", "received"]), "{v}");
    let n = |k: &str| {
        v[k].as_u64()
            .unwrap_or_else(|| panic!("{k} is not a count: {v}"))
    };
    (n("sent"), n("received"))
}

/// `footlog sync status --json`, requiring exactly `server`, `last_sync` and `pending`.
fn status(e: &Env) -> Value {
    let v = e.json(&["sync", "status", "--json"]);
    assert_eq!(keys(&v), set(&["server", "last_sync", "pending"]), "{v}");
    v
}

/// The changes waiting to be sent.
fn pending(e: &Env) -> u64 {
    let v = status(e);
    v["pending"]
        .as_u64()
        .unwrap_or_else(|| panic!("pending is not a count: {v}"))
}

/// Everything a device shows of the user's data: the export, the lists (with sleep notes and
/// deleted records, which the export leaves out), goals and rest weeks.
fn view(e: &Env) -> String {
    let mut all = e.ok(&["export"]);
    for args in [
        &["list", "--json"][..],
        &["list", "--sleep", "--json"],
        &["list", "--deleted", "--json"],
        &["week", "--json", "--weeks", "8"],
        &["goal"],
    ] {
        let _ = writeln!(all, "\n== {args:?}");
        all.push_str(&e.ok(args));
    }
    all
}

/// Requires every device to show the same data.
fn assert_same(devices: &[&Env], what: &str) {
    let first = view(devices[0]);
    for (i, d) in devices.iter().enumerate().skip(1) {
        let other = view(d);
        if first != other {
            let only = |x: &str, y: &str| -> Vec<String> {
                let ys: Vec<&str> = y.lines().collect();
                x.lines()
                    .enumerate()
                    .filter(|(n, l)| ys.get(*n) != Some(l))
                    .take(20)
                    .map(|(n, l)| format!("{n}: {l}"))
                    .collect()
            };
            panic!(
                "{what}: device {i} differs from device 0\n--- device 0 (lines that differ):\n{}\n--- device {i}:\n{}\n--- device 0 in full:\n{first}",
                only(&first, &other).join("\n"),
                only(&other, &first).join("\n"),
            );
        }
    }
}

/// Syncs every device in turn, twice round, so that what each sent reaches all the others.
fn sync_all(devices: &[&Env]) {
    for _ in 0..2 {
        for d in devices {
            sync(d);
        }
    }
}

/// True for `footlog1-<32 hex>-<64 hex>`.
fn is_key(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts.as_slice(), ["footlog1", c, k]
        if c.len() == 32 && k.len() == 64
            && c.chars().chain(k.chars()).all(|ch| ch.is_ascii_hexdigit()))
}

/// The secret half of a key.
fn secret(key: &str) -> &str {
    key.rsplit('-').next().expect("a key has a secret")
}

/// `<db>SUFFIX`.
fn beside(e: &Env, suffix: &str) -> PathBuf {
    let mut p = e.db.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

/// The session UUIDs an export holds, each with how many times.
fn session_uuids(e: &Env) -> BTreeMap<String, usize> {
    let v: Value = serde_json::from_str(&e.ok(&["export"])).expect("export is JSON");
    let mut seen = BTreeMap::new();
    for s in items(&v["sessions"]) {
        let uuid = s["uuid"].as_str().expect("a uuid").to_string();
        *seen.entry(uuid).or_insert(0) += 1;
    }
    seen
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A small deterministic random sequence (xorshift64*), so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

// ---------------------------------------------------------------------------------------------
// 1. The contract.

#[test]
fn sync_setup_key_status_sync_and_off_keep_the_contract() {
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();

    // Not set up: every sync command but setup is a usage error.
    for args in [
        &["sync"][..],
        &["sync", "--json"],
        &["sync", "key"],
        &["sync", "status"],
        &["sync", "status", "--json"],
        &["sync", "off"],
    ] {
        let err = a.fails(args, 2);
        assert!(err.contains("not set up"), "{args:?}: {err}");
    }

    // Neither --new nor --join: a usage error that explains both, and nothing set up.
    let err = a.fails(&["sync", "setup", "--server", &url], 2);
    assert!(err.contains("--new") && err.contains("--join"), "{err}");
    assert!(!beside(&a, ".sync").exists(), "nothing set up");
    // Both: refused by the command line.
    a.fails(&["sync", "setup", "--server", &url, "--new", "--join"], 2);
    // Not an http(s) address.
    let err = a.fails(&["sync", "setup", "--server", "ftp://example", "--new"], 2);
    assert!(err.contains("--server"), "{err}");
    assert!(!beside(&a, ".sync").exists(), "nothing set up");

    let key = setup_new(&a, &url);
    // `sync key`: exactly one line, the key setup printed.
    assert_eq!(a.ok(&["sync", "key"]), format!("{key}\n"));

    // Setting up twice is refused, naming the server, with either flag; the key is unchanged.
    let err = a.fails(&["sync", "setup", "--server", &url, "--new"], 2);
    assert!(err.contains(&url), "{err}");
    let out = join_with(&a, &url, &format!("{key}\n"));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(a.ok(&["sync", "key"]), format!("{key}\n"));

    // The seed (one session, one sleep note) went with the first sync: nothing is pending.
    let st = status(&a);
    assert_eq!(st["server"], url.as_str(), "{st}");
    assert_eq!(st["last_sync"], "2026-11-23T19:00:00Z", "{st}");
    assert_eq!(st["pending"], 0, "{st}");
    let text = a.ok(&["sync", "status"]);
    assert!(
        text.contains(&url) && text.contains("2026-11-23T19:00:00Z"),
        "{text}"
    );

    // `sync`: one summary line; `--json` exactly {"sent", "received"}.
    a.log(6, 2, &["--at", "2026-11-22 19:00"]);
    assert_eq!(pending(&a), 1);
    assert_eq!(sync(&a), (1, 0));
    assert_eq!(pending(&a), 0);
    let line = a.ok(&["sync"]);
    assert_eq!(line.lines().count(), 1, "{line:?}");
    assert!(line.ends_with('\n') && line.contains("sent 0"), "{line:?}");
    assert!(
        !line.contains(&key) && !line.contains(secret(&key)),
        "{line}"
    );

    // Off: forgets the server and the key, leaves the data alone.
    let before = a.ok(&["export"]);
    let listed = a.ok(&["list", "--json"]);
    let out = a.ok(&["sync", "off"]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert_eq!(a.ok(&["export"]), before, "sync off changed the data");
    assert_eq!(a.ok(&["list", "--json"]), listed);
    assert!(!beside(&a, ".sync").exists(), "the replica is gone");
    for args in [
        &["sync"][..],
        &["sync", "key"],
        &["sync", "status", "--json"],
    ] {
        a.fails(args, 2);
    }
    // A change after off is not recorded for a sync that no longer exists; setting up again
    // is possible (and starts a new history).
    a.log(5, 1, &["--at", "2026-11-21 19:00"]);
    let again = setup_new(&a, &url);
    assert_ne!(again, key, "a new history has a new key");
    assert_eq!(pending(&a), 0);
}

#[test]
fn setup_new_with_the_server_down_prints_the_key_and_keeps_the_records_for_the_next_sync() {
    let mut srv = server();
    let url = srv.url();
    let a = Env::seeded();
    srv.stop();
    let out = a
        .cmd(&["sync", "setup", "--server", &url, "--new"])
        .output()
        .expect("run footlog");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let key = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        is_key(key.trim_end()),
        "the key is printed even so: {key:?}"
    );
    assert!(
        stderr.contains(&url) && stderr.contains("nothing was lost"),
        "{stderr}"
    );
    assert_eq!(a.ok(&["sync", "key"]), key);
    let st = status(&a);
    assert_eq!(st["last_sync"], Value::Null, "{st}");
    assert_eq!(st["pending"], 2, "{st}");

    srv.restart().expect("restart");
    assert_eq!(sync(&a), (2, 0));
    assert_eq!(pending(&a), 0);
    let b = Env::new();
    join(&b, &url, key.trim_end());
    assert_same(&[&a, &b], "after the late first sync");
}

// ---------------------------------------------------------------------------------------------
// 2. Two and three devices.

#[test]
fn two_devices_exchange_every_kind_of_record_both_ways() {
    let srv = server();
    let url = srv.url();
    let mut a = Env::new();
    let mut b = Env::new();
    let s1 = a.log(
        7,
        3,
        &[
            "--at",
            "2026-11-20 19:00",
            "--note",
            "left arch",
            "--oil",
            "almond",
        ],
    );
    a.ok(&[
        "sleep",
        "--quality",
        "4",
        "--night",
        "2026-11-20",
        "--note",
        "slept well",
    ]);
    let key = setup_new(&a, &url);
    // B has a history of its own before joining.
    let s2 = b.log(6, 2, &["--at", "2026-11-19 19:00", "--note", "from b"]);
    join(&b, &url, &key);
    sync(&a);
    assert_same(&[&a, &b], "after the join");

    // Each kind of change, some on each side, at later clocks.
    a.now = "2026-11-23 20:10".into();
    b.now = "2026-11-23 20:20".into();
    a.ok(&["goal", "--per-week", "3"]);
    a.ok(&["rest", "--week", "2026-11-09", "--reason", "travel"]);
    b.ok(&["goal", "--week-start", "sunday"]);
    b.ok(&[
        "sleep",
        "--quality",
        "2",
        "--night",
        "2026-11-21",
        "--note",
        "noisy",
    ]);
    b.ok(&["delete", &s1]);
    let s3 = a.log(5, 1, &["--at", "2026-11-22 19:00", "--note", "third"]);
    sync_all(&[&a, &b]);
    a.now = b.now.clone();
    assert_same(&[&a, &b], "after the changes");
    let deleted = a.json(&["list", "--deleted", "--json"]);
    assert_eq!(deleted["sessions"][0]["uuid"], s1.as_str(), "{deleted}");
    let listed = a.json(&["list", "--json"]);
    let uuids: Vec<&str> = items(&listed)
        .iter()
        .map(|s| s["uuid"].as_str().expect("uuid"))
        .collect();
    assert!(
        uuids.contains(&s2.as_str()) && uuids.contains(&s3.as_str()),
        "{listed}"
    );
    assert!(a.ok(&["goal"]).contains('3'), "{}", a.ok(&["goal"]));
    assert!(a.ok(&["export"]).contains("\"week_start\": \"sunday\""));
    assert!(b.ok(&["export"]).contains("travel"));

    // Undelete, un-rest, and the same field edited on both: the later edit wins everywhere.
    a.now = "2026-11-23 20:30".into();
    b.now = "2026-11-23 20:40".into();
    a.ok(&["undelete", &s1]);
    b.ok(&["rest", "--week", "2026-11-09", "--undo"]);
    a.ok(&["goal", "--per-week", "2"]);
    b.ok(&["goal", "--per-week", "5"]);
    sync_all(&[&a, &b]);
    a.now = b.now.clone();
    assert_same(&[&a, &b], "after undelete and the same field on both");
    assert!(a.ok(&["export"]).contains(&s1), "the undelete reached both");
    assert!(
        !a.ok(&["export"]).contains("travel"),
        "the rest week is undone on both"
    );
}

#[test]
fn the_later_edit_of_a_sleep_note_wins_whichever_device_syncs_last() {
    let srv = server();
    let url = srv.url();
    for later_syncs_first in [true, false] {
        let mut a = Env::seeded();
        let mut b = Env::new();
        let key = setup_new(&a, &url);
        join(&b, &url, &key);
        // The seed's note for 2026-11-20, edited on both: B's edit is the later.
        a.now = "2026-11-23 21:00".into();
        b.now = "2026-11-23 21:10".into();
        a.ok(&[
            "sleep",
            "--quality",
            "1",
            "--night",
            "2026-11-20",
            "--note",
            "a edit",
            "--replace",
        ]);
        b.ok(&[
            "sleep",
            "--quality",
            "5",
            "--night",
            "2026-11-20",
            "--note",
            "b edit",
            "--replace",
        ]);
        a.now = "2026-11-23 21:20".into();
        b.now = "2026-11-23 21:20".into();
        if later_syncs_first {
            sync_all(&[&b, &a]);
        } else {
            sync_all(&[&a, &b]);
        }
        assert_same(&[&a, &b], "one note edited on both");
        let notes = a.json(&["list", "--sleep", "--json"]);
        let notes = items(&notes);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(
            notes[0]["note"], "b edit",
            "later_syncs_first: {later_syncs_first}"
        );
        assert_eq!(notes[0]["quality"], 5, "{notes:?}");
    }
}

/// Goals, rest weeks and settings have no time of their own: the clock of the footlog that
/// changed one dates the change (`sync_outbox.changed_at`), and the later wins everywhere.
#[test]
fn the_later_edit_of_a_goal_wins_whichever_device_syncs_last() {
    let srv = server();
    let url = srv.url();
    let mut a = Env::seeded();
    let mut b = Env::new();
    let key = setup_new(&a, &url);
    join(&b, &url, &key);
    a.now = "2026-11-23 20:30".into();
    b.now = "2026-11-23 20:40".into();
    a.ok(&["goal", "--per-week", "2"]);
    b.ok(&["goal", "--per-week", "5"]);
    a.now = "2026-11-23 20:50".into();
    b.now = "2026-11-23 20:50".into();
    sync_all(&[&b, &a]);
    assert_same(&[&a, &b], "one goal edited on both");
    assert!(
        a.ok(&["goal"]).contains("5 sessions"),
        "{}",
        a.ok(&["goal"])
    );
}

#[test]
fn imported_records_sync_and_a_device_holding_the_same_records_joins_without_duplicates() {
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();
    a.ok(&["goal", "--per-week", "3"]);
    a.ok(&["rest", "--week", "2026-11-09", "--reason", "travel"]);
    let key = setup_new(&a, &url);
    // A device that imported A's export before joining holds the same records (same UUIDs).
    let file = a.path("a.json");
    let file = file.to_str().expect("UTF-8");
    a.ok(&["export", "--output", file]);
    let c = Env::new();
    c.ok(&["import", file]);
    join(&c, &url, &key);
    sync(&a);
    assert_same(&[&a, &c], "a device that imported the export joined");
    // An import on a synced device is sent like any change.
    let d = Env::new();
    let imported = d.log(2, 1, &["--at", "2026-11-22 09:00", "--note", "imported"]);
    let file = d.path("d.json");
    let file = file.to_str().expect("UTF-8");
    d.ok(&["export", "--output", file]);
    c.ok(&["import", file]);
    sync_all(&[&c, &a]);
    assert_same(&[&a, &c], "after an import on a synced device");
    assert_eq!(session_uuids(&a).get(&imported), Some(&1));
    assert!(session_uuids(&a).values().all(|n| *n == 1));
}

#[test]
fn three_devices_end_with_the_same_data_in_any_sync_order() {
    let srv = server();
    let url = srv.url();
    let mut d = [Env::new(), Env::new(), Env::new()];
    d[0].log(7, 3, &["--at", "2026-11-16 19:00", "--note", "first"]);
    let key = setup_new(&d[0], &url);
    join(&d[1], &url, &key);
    join(&d[2], &url, &key);
    let mut created = Vec::new();
    let mut rng = Rng(0x5EED_0017);
    for round in 0..6u32 {
        let now = format!("2026-11-23 2{}:{:02}", round / 6, (round % 6) * 10);
        for e in &mut d {
            e.now.clone_from(&now);
        }
        for (i, e) in d.iter().enumerate() {
            let at = format!("2026-11-{:02} 1{i}:{:02}", 16 + round, round * 7);
            let note = format!("round {round} device {i}");
            created.push(e.log(5, 2, &["--at", &at, "--note", &note]));
        }
        // A random device deletes, undeletes or sleeps; then a random sync order.
        let who = usize::try_from(rng.below(3)).expect("small");
        match rng.below(3) {
            0 => {
                // One of the sessions this device has (live) now.
                let live = d[who].json(&["list", "--json"]);
                let live = items(&live);
                let pick = &live[usize::try_from(rng.below(live.len() as u64)).expect("small")];
                d[who].ok(&["delete", pick["uuid"].as_str().expect("uuid")]);
            }
            1 => {
                let night = format!("2026-11-{:02}", 10 + rng.below(5));
                d[who].ok(&["sleep", "--quality", "3", "--night", &night, "--replace"]);
            }
            _ => {
                d[who].ok(&["goal", "--per-week", &(1 + rng.below(5)).to_string()]);
            }
        }
        let mut order: Vec<usize> = vec![0, 1, 2];
        for i in (1..order.len()).rev() {
            let j = usize::try_from(rng.below(i as u64 + 1)).expect("small");
            order.swap(i, j);
        }
        for i in order {
            sync(&d[i]);
        }
    }
    let refs: Vec<&Env> = d.iter().collect();
    sync_all(&refs);
    assert_same(&refs, "three devices");
    // Every record created anywhere is everywhere (live or deleted), once.
    let all = d[0].ok(&["list", "--json"]) + &d[0].ok(&["list", "--deleted", "--json"]);
    for uuid in &created {
        assert_eq!(all.matches(uuid.as_str()).count(), 1, "{uuid} in {all}");
    }
}

#[test]
fn two_notes_for_one_night_end_as_one_live_and_one_deleted_named_in_the_summary() {
    let srv = server();
    let url = srv.url();
    let mut a = Env::seeded();
    let mut b = Env::new();
    let key = setup_new(&a, &url);
    join(&b, &url, &key);
    // Offline on both, the same nights; B's are the later. A's come from an import under UUIDs
    // of their own (a note written by hand takes its night's UUID, the same on every device:
    // see the next test), so each night has two records. Several nights at once, so that the
    // order a sync applies them in (which is not fixed) meets every case.
    a.now = "2026-11-23 21:00".into();
    b.now = "2026-11-23 21:05".into();
    let nights = ["2026-11-16", "2026-11-18", "2026-11-22"];
    let mut pairs = Vec::new();
    let mut records = Vec::new();
    for (i, night) in nights.iter().enumerate() {
        let early = format!("0000000{i}-aaaa-4aaa-8aaa-aaaaaaaaaaaa");
        records.push(serde_json::json!({
            "uuid": early, "night": night, "quality": 2, "note": "from a",
            "created_at": "2026-11-23T12:00:00Z", "updated_at": "2026-11-23T12:00:00Z",
        }));
        let late = b.ok(&[
            "sleep",
            "--quality",
            "4",
            "--night",
            night,
            "--note",
            "from b",
        ]);
        pairs.push((*night, early, late.trim().to_string()));
    }
    let file = a.write("notes.json", serde_json::Value::Array(records).to_string());
    a.ok(&["import", &file]);
    sync(&a);
    // The sync that meets both says so, naming how to bring the other back.
    let summary = b.ok(&["sync"]);
    assert!(
        summary.contains("3 nights had two sleep notes"),
        "{summary}"
    );
    for (night, early, _) in &pairs {
        assert!(
            summary.contains(night) && summary.contains(&format!("footlog undelete {early}")),
            "{summary}"
        );
    }
    sync_all(&[&a, &b]);
    a.now.clone_from(&b.now);
    assert_same(&[&a, &b], "one night, two notes");
    for e in [&a, &b] {
        let live = e.json(&["list", "--sleep", "--json"]);
        let deleted = e.ok(&["list", "--deleted", "--json"]);
        for (night, early, late) in &pairs {
            let on: Vec<&Value> = items(&live)
                .iter()
                .filter(|n| n["night"] == *night)
                .collect();
            assert_eq!(on.len(), 1, "{live}");
            assert_eq!(on[0]["uuid"], late.as_str(), "the later stays: {live}");
            assert!(deleted.contains(early.as_str()), "{deleted}");
        }
    }
}

#[test]
fn two_devices_noting_one_night_write_one_record_and_the_later_note_wins() {
    let srv = server();
    let url = srv.url();
    let mut a = Env::new();
    let mut b = Env::new();
    let key = setup_new(&a, &url);
    join(&b, &url, &key);
    a.now = "2026-11-23 21:00".into();
    b.now = "2026-11-23 21:05".into();
    let from_a = a.ok(&[
        "sleep",
        "--quality",
        "2",
        "--night",
        "2026-11-22",
        "--note",
        "from a",
    ]);
    let from_b = b.ok(&[
        "sleep",
        "--quality",
        "4",
        "--night",
        "2026-11-22",
        "--note",
        "from b",
    ]);
    assert_eq!(from_a.trim(), from_b.trim(), "the night's own UUID on both");
    // B (the later note) syncs first, A second: A's earlier note does not win by syncing last.
    sync(&b);
    let summary = a.ok(&["sync"]);
    assert!(
        !summary.contains("two sleep notes"),
        "one record, no conflict: {summary}"
    );
    sync_all(&[&a, &b]);
    a.now.clone_from(&b.now);
    assert_same(&[&a, &b], "one night noted on two devices");
    let live = a.json(&["list", "--sleep", "--json"]);
    assert_eq!(items(&live).len(), 1, "{live}");
    assert_eq!(items(&live)[0]["note"], "from b", "{live}");
    assert_eq!(items(&live)[0]["quality"], 4, "{live}");
}

#[test]
fn purge_and_a_restored_backup_reach_the_others_without_resurrecting_anything() {
    let srv = server();
    let url = srv.url();
    let mut a = Env::new();
    let mut b = Env::new();
    let s1 = a.log(7, 3, &["--at", "2026-11-20 19:00", "--note", "to erase"]);
    let s2 = a.log(6, 2, &["--at", "2026-11-21 19:00", "--note", "kept"]);
    let key = setup_new(&a, &url);
    join(&b, &url, &key);
    let backup = a.ok(&["backup"]);
    let backup = backup.trim();

    // B deletes s1; A logs s3; both sync.
    b.now = "2026-11-23 20:10".into();
    a.now = "2026-11-23 20:20".into();
    b.ok(&["delete", &s1]);
    sync(&b);
    let s3 = a.log(
        5,
        1,
        &["--at", "2026-11-22 19:00", "--note", "after the backup"],
    );
    sync_all(&[&a, &b]);

    // A restores the backup from before both: s1 live again there, s3 missing. After a sync,
    // B's delete and A's own s3 are back: the backup resurrects and drops nothing.
    a.ok(&["restore", backup]);
    sync_all(&[&a, &b]);
    a.now.clone_from(&b.now);
    assert_same(&[&a, &b], "after the restore");
    let live = a.ok(&["list", "--json"]);
    assert!(!live.contains(&s1), "the deleted session came back: {live}");
    assert!(live.contains(&s2) && live.contains(&s3), "{live}");

    // Purge on A erases s1's content on B too.
    a.ok(&["purge"]);
    sync_all(&[&a, &b]);
    for e in [&a, &b] {
        let deleted = e.ok(&["list", "--deleted", "--json"]);
        assert!(!deleted.contains("to erase"), "{deleted}");
    }
    assert_same(&[&a, &b], "after the purge");
    let db = std::fs::read(&b.db).expect("read B's database");
    assert!(
        !contains(&db, b"to erase"),
        "B's database still holds the erased text"
    );
}

// ---------------------------------------------------------------------------------------------
// 3. A server that is down or refuses.

#[test]
fn a_server_that_is_down_or_refuses_loses_nothing_and_gets_the_changes_later() {
    let mut srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let b = Env::new();
    let key = setup_new(&a, &url);
    join(&b, &url, &key);

    // Down.
    srv.stop();
    let s = a.log(8, 2, &["--at", "2026-11-22 19:00", "--note", "while down"]);
    let before = a.ok(&["export"]);
    for args in [&["sync"][..], &["sync", "--json"]] {
        let err = a.fails(args, 1);
        assert!(err.contains(&url), "names the server: {err}");
        assert!(err.contains("nothing was lost"), "{err}");
        assert!(err.contains("next sync"), "{err}");
    }
    assert_eq!(a.ok(&["export"]), before, "nothing lost");
    assert!(pending(&a) > 0, "the change waits");
    assert_eq!(status(&a)["last_sync"], "2026-11-23T19:00:00Z");
    srv.restart().expect("restart");
    assert_eq!(sync(&a), (1, 0));
    assert_eq!(pending(&a), 0);
    assert_eq!(sync(&b), (0, 1));
    assert!(b.ok(&["export"]).contains(&s));

    // Refusing (503).
    srv.set_refusing(true);
    let r = a.log(
        4,
        1,
        &["--at", "2026-11-23 08:00", "--note", "while refused"],
    );
    let err = a.fails(&["sync"], 1);
    assert!(
        err.contains(&url) && err.contains("nothing was lost"),
        "{err}"
    );
    assert!(pending(&a) > 0);
    let err = b.fails(&["sync", "--json"], 1);
    assert!(err.contains(&url), "{err}");
    srv.set_refusing(false);
    assert_eq!(sync(&a), (1, 0));
    assert_eq!(sync(&b), (0, 1));
    assert!(b.ok(&["export"]).contains(&r));
    assert_same(&[&a, &b], "after the outages");
}

// ---------------------------------------------------------------------------------------------
// 4. A wrong key.

#[test]
fn a_key_whose_secret_differs_is_refused_naming_the_key_and_nothing_is_set_up() {
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let key = setup_new(&a, &url);
    // The same client id, another secret: the server has the history, the key cannot read it.
    let mut wrong: Vec<char> = key.chars().collect();
    for c in wrong.iter_mut().rev().take(6) {
        *c = if *c == '0' { '1' } else { '0' };
    }
    let wrong: String = wrong.into_iter().collect();
    assert_ne!(wrong, key);
    assert!(is_key(&wrong));
    let b = Env::seeded();
    let before = b.ok(&["export"]);
    let out = join_with(&b, &url, &format!("{wrong}\n"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(stderr.contains("key"), "names the key: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        !stderr.contains(secret(&wrong)),
        "the key is not echoed: {stderr}"
    );
    let err = b.fails(&["sync", "status"], 2);
    assert!(err.contains("not set up"), "{err}");
    assert!(!beside(&b, ".sync").exists());
    assert_eq!(b.ok(&["export"]), before, "the data is untouched");
    // A change made now is not recorded for a sync that is not set up…
    b.log(3, 1, &["--at", "2026-11-23 07:00"]);
    // …and the right key then joins.
    join(&b, &url, &key);
    sync(&a);
    assert_same(&[&a, &b], "after joining with the right key");

    // Not a key at all: a usage error.
    let c = Env::new();
    let out = join_with(&c, &url, "footlog1-not-a-key\n");
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    // A key of a history the server does not hold.
    let stranger = format!("footlog1-{}-{}", "ab".repeat(16), "cd".repeat(32));
    let out = join_with(&c, &url, &format!("{stranger}\n"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("key"), "{stderr}");
    c.fails(&["sync", "status"], 2);
}

#[test]
fn a_device_whose_key_stops_opening_the_servers_data_is_told_so_and_loses_nothing() {
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let key = setup_new(&a, &url);
    let b = Env::new();
    join(&b, &url, &key);
    a.log(
        5,
        2,
        &["--at", "2026-11-22 19:00", "--note", "after the join"],
    );
    sync(&a);
    // B's stored secret no longer matches the history's (as if the key had been mistyped
    // into its replica): its sync cannot read what the server holds.
    let other = "0".repeat(64);
    assert_ne!(secret(&key), other);
    let replica = rusqlite::Connection::open(beside(&b, ".sync")).expect("open B's replica");
    let n = replica
        .execute(
            "UPDATE sync_settings SET value = ?1 WHERE key = 'secret'",
            [&other],
        )
        .expect("change the secret");
    assert_eq!(n, 1);
    drop(replica);
    b.log(3, 1, &["--at", "2026-11-23 07:00", "--note", "waits"]);
    let before = b.ok(&["export"]);
    let err = b.fails(&["sync"], 1);
    assert!(
        err.contains("key") && err.contains(&url),
        "names the key and server: {err}"
    );
    assert!(err.contains("nothing was lost"), "{err}");
    assert!(
        !err.contains(&other) && !err.contains(secret(&key)),
        "{err}"
    );
    b.fails(&["sync", "--json"], 1);
    assert_eq!(b.ok(&["export"]), before, "nothing lost");
    assert!(pending(&b) >= 1, "the change still waits");
}

#[test]
fn joining_a_server_that_is_down_sets_nothing_up() {
    let mut srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let key = setup_new(&a, &url);
    srv.stop();
    let b = Env::seeded();
    let before = b.ok(&["export"]);
    let out = join_with(&b, &url, &format!("{key}\n"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert!(
        stderr.contains(&url) && stderr.contains("nothing was lost"),
        "{stderr}"
    );
    b.fails(&["sync", "status"], 2);
    assert_eq!(b.ok(&["export"]), before);
    srv.restart().expect("restart");
    join(&b, &url, &key);
    sync(&a);
    assert_same(&[&a, &b], "joined once the server was back");
}

// ---------------------------------------------------------------------------------------------
// 5. kill -9 at random moments.

/// The `footlog` command of `e` as a std `Command` (to spawn and kill it).
fn spawnable(e: &Env, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_footlog"));
    cmd.env_remove("FOOTLOG_DB")
        .env("TZ", &e.tz)
        .env("FOOTLOG_NOW", &e.now)
        .env("HOME", e.dir.path().join("home"))
        .env("XDG_DATA_HOME", e.dir.path().join("xdg"))
        .arg("--db")
        .arg(&e.db)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

#[test]
fn syncs_killed_at_random_moments_lose_and_duplicate_nothing() {
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let b = Env::new();
    let key = setup_new(&a, &url);
    join(&b, &url, &key);
    let devices = [&a, &b];
    // A slow server (each of a sync's requests delayed), and kills spread over the whole of a
    // sync as long as one takes here, from the start of the process to its end: key,
    // pull, writing what came, handing over the changes, push.
    srv.set_delay(Duration::from_millis(25));
    let mut uuids = vec![a.log(5, 2, &["--at", "2026-11-08 19:00"])];
    let started = Instant::now();
    sync(&a);
    let whole = u64::try_from(started.elapsed().as_millis()).expect("a sync takes seconds");
    let mut rng = Rng(0x00C0_FFEE_0017);
    let mut killed_mid_sync = 0;
    for round in 0..15u64 {
        let i = usize::try_from(rng.below(2)).expect("small");
        let e = devices[i];
        let at = format!(
            "2026-11-{:02} {:02}:{:02}",
            9 + round,
            7 + rng.below(12),
            rng.below(60)
        );
        uuids.push(e.log(6, 2, &["--at", &at, "--note", &format!("round {round}")]));
        if rng.below(4) == 0 {
            // Sometimes the other device changes too, so kills land in a pull with work to do.
            let other = devices[1 - i];
            let at = format!("2026-11-{:02} 21:{:02}", 9 + round, rng.below(60));
            uuids.push(other.log(3, 1, &["--at", &at]));
        }
        let wait = Duration::from_millis(rng.below(whole + whole / 5 + 1));
        let mut child = spawnable(e, &["sync"]).spawn().expect("spawn footlog sync");
        std::thread::sleep(wait);
        let finished = child.try_wait().expect("try_wait").is_some();
        if !finished {
            killed_mid_sync += 1;
        }
        // SIGKILL (kill -9), whether or not it already ended.
        let _ = child.kill();
        let _ = child.wait();
        if rng.below(3) == 0 {
            let e = devices[usize::try_from(rng.below(2)).expect("small")];
            sync(e);
        }
    }
    eprintln!("{killed_mid_sync} of 15 kills landed mid-sync (a whole sync: {whole} ms)");
    assert!(
        killed_mid_sync >= 5,
        "only {killed_mid_sync} kills landed mid-sync"
    );
    srv.set_delay(Duration::ZERO);
    // The next syncs complete, and then everything is everywhere, once.
    sync_all(&devices);
    assert_eq!(pending(&a), 0);
    assert_eq!(pending(&b), 0);
    assert_same(&devices, "after the kills");
    for e in devices {
        let seen = session_uuids(e);
        for u in &uuids {
            assert_eq!(seen.get(u), Some(&1), "{u}: lost or duplicated: {seen:?}");
        }
        // The seed's session and the logged ones, nothing more.
        assert_eq!(seen.len(), uuids.len() + 1, "{seen:?}");
        assert!(seen.values().all(|n| *n == 1), "{seen:?}");
    }
}

/// The sessions and sleep notes of an export (what must reach every device).
fn records(e: &Env) -> (Value, Value) {
    let v: Value = serde_json::from_str(&e.ok(&["export"])).expect("export is JSON");
    (v["sessions"].clone(), v["sleep_notes"].clone())
}

/// Whether `footlog sync status` says sync is set up (exit 0) or not (exit 2).
fn is_set_up(e: &Env) -> bool {
    let out = e.cmd(&["sync", "status"]).output().expect("run footlog");
    match out.status.code() {
        Some(0) => true,
        Some(2) => false,
        _ => panic!("sync status: {out:?}"),
    }
}

#[test]
fn a_setup_killed_at_any_moment_leaves_sync_either_off_or_sending_everything() {
    let srv = server();
    let url = srv.url();
    let mut half_set_up = 0;
    // A sweep of kill times across the whole setup: starting, the database, the replica, the
    // first sync. Whatever is left must be either not set up (and a new setup works) or set
    // up with every record on its way.
    for ms in (0..=90).step_by(3) {
        let d = Env::seeded();
        let mut child = spawnable(&d, &["sync", "setup", "--server", &url, "--new"])
            .spawn()
            .expect("spawn footlog sync setup");
        std::thread::sleep(Duration::from_millis(ms));
        let _ = child.kill();
        let _ = child.wait();
        if !is_set_up(&d) {
            // Not set up: a new setup starts over and works.
            setup_new(&d, &url);
            continue;
        }
        half_set_up += 1;
        // Set up: changes are recorded…
        d.log(2, 1, &["--at", "2026-11-23 07:00"]);
        assert!(
            pending(&d) >= 1,
            "killed after {ms} ms: a change is not recorded"
        );
        // …and every record, from before the setup and after, reaches a device that joins.
        sync(&d);
        let key = d.ok(&["sync", "key"]).trim_end().to_string();
        let j = Env::new();
        join(&j, &url, &key);
        assert_eq!(
            records(&j),
            records(&d),
            "killed after {ms} ms: the records of the device that set up did not all arrive"
        );
    }
    assert!(half_set_up > 0, "no kill landed after the setup began");
}

#[test]
fn a_join_killed_at_any_moment_leaves_sync_either_off_or_merging_everything() {
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let key = setup_new(&a, &url);
    for (n, ms) in (0..=90).step_by(5).enumerate() {
        let mut b = Env::new();
        b.log(4, 2, &["--at", &format!("2026-11-{:02} 08:00", 1 + n)]);
        let mut child = spawnable(&b, &["sync", "setup", "--server", &url, "--join"])
            .stdin(Stdio::piped())
            .spawn()
            .expect("spawn footlog sync setup --join");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(format!("{key}\n").as_bytes())
            .expect("write the key");
        std::thread::sleep(Duration::from_millis(ms));
        let _ = child.kill();
        let _ = child.wait();
        if is_set_up(&b) {
            sync(&b);
        } else {
            join(&b, &url, &key);
        }
        sync(&a);
        b.now.clone_from(&a.now);
        assert_same(&[&a, &b], &format!("join killed after {ms} ms"));
    }
}

#[test]
fn a_server_that_goes_down_in_the_middle_of_syncs_loses_nothing() {
    let mut srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let b = Env::new();
    let key = setup_new(&a, &url);
    join(&b, &url, &key);
    let devices = [&a, &b];
    let mut rng = Rng(0x0DD0_0017);
    let mut uuids = Vec::new();
    srv.set_delay(Duration::from_millis(40));
    for round in 0..8u64 {
        let i = usize::try_from(rng.below(2)).expect("small");
        let at = format!("2026-11-{:02} 18:{:02}", 10 + round, rng.below(60));
        uuids.push(devices[i].log(4, 2, &["--at", &at]));
        let mut child = spawnable(devices[i], &["sync"]).spawn().expect("spawn");
        std::thread::sleep(Duration::from_millis(rng.below(200)));
        srv.stop();
        let status = child.wait().expect("wait");
        // Done before the stop (0), or told the server could not be reached (1).
        assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
        srv.restart().expect("restart");
    }
    srv.set_delay(Duration::ZERO);
    sync_all(&devices);
    assert_same(&devices, "after a server that kept going away");
    for e in devices {
        let seen = session_uuids(e);
        for u in &uuids {
            assert_eq!(seen.get(u), Some(&1), "{u}: {seen:?}");
        }
    }
}

#[test]
fn a_slow_sync_does_not_hold_up_logging_and_the_change_made_meanwhile_goes_next() {
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let b = Env::new();
    let key = setup_new(&a, &url);
    join(&b, &url, &key);
    a.log(6, 2, &["--at", "2026-11-22 19:00"]);
    srv.set_delay(Duration::from_millis(1500));
    let mut child = spawnable(&a, &["sync"]).spawn().expect("spawn");
    std::thread::sleep(Duration::from_millis(300));
    // The sync waits on the server; logging goes on.
    let started = Instant::now();
    let during = a.log(3, 1, &["--at", "2026-11-23 07:00", "--note", "during"]);
    let took = started.elapsed();
    assert!(
        child.try_wait().expect("try_wait").is_none(),
        "the sync ended before the log: the test proves nothing"
    );
    assert!(
        took < Duration::from_millis(1200),
        "logging waited {took:?} for a sync that waits on the network"
    );
    let status = child.wait().expect("wait");
    assert_eq!(status.code(), Some(0), "{status:?}");
    srv.set_delay(Duration::ZERO);
    sync_all(&[&a, &b]);
    assert!(
        b.ok(&["export"]).contains(&during),
        "the change made meanwhile arrived"
    );
    assert_same(&[&a, &b], "after the slow sync");
}

// ---------------------------------------------------------------------------------------------
// 6. Privacy.

#[test]
fn the_server_receives_none_of_the_users_text_and_the_key_stays_in_the_replica() {
    let srv = server();
    let url = srv.url();
    let mut a = Env::new();
    let b = Env::new();
    let texts = [
        "Zehenkrampf-nachts",
        "arnica-oil-4711",
        "Dienstreise-nach-Oslo",
        "laermende-Nachbarn-42",
    ];
    a.log(
        7,
        3,
        &[
            "--at",
            "2026-11-20 19:00",
            "--note",
            texts[0],
            "--oil",
            texts[1],
        ],
    );
    let key = setup_new(&a, &url);
    a.now = "2026-11-23 20:05".into();
    a.ok(&["rest", "--week", "2026-11-09", "--reason", texts[2]]);
    a.ok(&[
        "sleep",
        "--quality",
        "2",
        "--night",
        "2026-11-21",
        "--note",
        texts[3],
    ]);
    sync(&a);
    join(&b, &url, &key);
    assert!(b.ok(&["export"]).contains(texts[2]), "the texts did travel");

    let bodies = srv.request_bodies();
    assert!(!bodies.is_empty(), "the server received something");
    for body in &bodies {
        for t in texts {
            assert!(!contains(body, t.as_bytes()), "the server received {t:?}");
        }
        assert!(
            !contains(body, secret(&key).as_bytes()),
            "the server received the secret"
        );
        assert!(!contains(body, key.as_bytes()));
    }

    // The key is nowhere but the replica: not in any other file (config, database, its
    // journal, backups), not in an export or a report.
    let secret_hex = secret(&key);
    let secret_bytes: Vec<u8> = (0..32)
        .map(|i| u8::from_str_radix(&secret_hex[i * 2..i * 2 + 2], 16).expect("hex"))
        .collect();
    for e in [&a, &b] {
        let replica = beside(e, ".sync");
        assert!(replica.exists());
        for p in tree(e.dir.path()) {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            if p.is_dir() || name.starts_with("footlog.db.sync") {
                continue;
            }
            let bytes = std::fs::read(&p).expect("read a file");
            assert!(
                !contains(&bytes, secret_hex.as_bytes()) && !contains(&bytes, &secret_bytes),
                "{} holds the key",
                p.display()
            );
        }
        assert!(e.db.exists());
        let db = std::fs::read(&e.db).expect("read the database");
        assert!(!contains(&db, secret_hex.as_bytes()) && !contains(&db, &secret_bytes));
        for args in [
            &["export"][..],
            &["export", "--format", "csv"],
            &["report", "--format", "md"],
            &["list", "--json"],
            &["sync", "status"],
            &["sync", "status", "--json"],
            &["check"],
        ] {
            let out = e.ok(args);
            assert!(!out.contains(secret_hex), "{args:?} prints the key");
        }
    }
    // A config file in the place footlog reads it does not get the key either.
    let cfg = a.dir.path().join("home").join(".config").join("footlog");
    if cfg.exists() {
        for p in tree(&cfg) {
            if p.is_file() {
                let text = std::fs::read(&p).expect("read");
                assert!(!contains(&text, secret_hex.as_bytes()), "{}", p.display());
            }
        }
    }
}

/// Runs `footlog ARGS` under `strace -f -e trace=TRACE`, requiring exit `code`; returns the
/// trace.
fn straced(e: &Env, trace: &str, args: &[&str], stdin: &str, code: i32) -> String {
    let log = e.path(&format!("strace-{}.log", args.join("_").replace('/', "_")));
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-qq", "-s", "4096", "-e"])
        .arg(format!("trace={trace}"))
        .arg("-o")
        .arg(&log)
        .arg(env!("CARGO_BIN_EXE_footlog"))
        .env_remove("FOOTLOG_DB")
        .env("TZ", &e.tz)
        .env("FOOTLOG_NOW", &e.now)
        .env("HOME", e.dir.path().join("home"))
        .env("XDG_DATA_HOME", e.dir.path().join("xdg"))
        .arg("--db")
        .arg(&e.db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run strace");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let out = child.wait_with_output().expect("wait for strace");
    assert_eq!(
        out.status.code(),
        Some(code),
        "strace footlog {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&log).expect("read the trace")
}

#[test]
fn the_key_is_never_in_a_process_argument() {
    if !require_tool("strace") {
        return;
    }
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let key = setup_new(&a, &url);
    let b = Env::new();
    // Every program started (and its arguments) while joining and syncing.
    let mut traces = straced(
        &b,
        "execve",
        &["sync", "setup", "--server", &url, "--join"],
        &format!("{key}\n"),
        0,
    );
    traces.push_str(&straced(&b, "execve", &["sync"], "", 0));
    traces.push_str(&straced(&b, "execve", &["sync", "status"], "", 0));
    assert!(
        traces.contains("execve("),
        "the trace saw footlog start: {traces}"
    );
    assert!(
        !traces.contains(secret(&key)),
        "a process argument holds the key: {traces}"
    );
    assert_eq!(
        traces.matches("execve(").count(),
        3,
        "footlog starts no other program while syncing: {traces}"
    );
}

#[test]
fn join_reads_the_key_without_echo_on_a_terminal() {
    if !require_tool("tmux") {
        return;
    }
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let key = setup_new(&a, &url);
    let b = Env::new();
    let command = format!(
        "env FOOTLOG_NOW='2026-11-23 20:00' TZ=Europe/Berlin HOME={home} {bin} --db {db} \
         sync setup --server {url} --join; echo FOOTLOG-EXITED=$?; sleep 60",
        home = quote(&b.dir.path().join("home")),
        bin = quote(Path::new(env!("CARGO_BIN_EXE_footlog"))),
        db = quote(&b.db),
    );
    let tmux = Tmux::start("sync-join", &command, 200, 20);
    tmux.wait_for("Sync key");
    tmux.send(&["-l", &key]);
    tmux.send(&["Enter"]);
    let screen = tmux.wait_for("FOOTLOG-EXITED=");
    assert!(screen.contains("FOOTLOG-EXITED=0"), "{screen}");
    assert!(screen.contains("Joined"), "{screen}");
    assert!(
        !screen.contains(&secret(&key)[..16]),
        "the key was shown as it was typed: {screen}"
    );
    assert_same(&[&a, &b], "joined from a terminal");
}

/// The socket(2) calls of a trace that open an internet socket.
fn internet_sockets(trace: &str) -> Vec<&str> {
    trace
        .lines()
        .filter(|l| l.contains("socket(") && (l.contains("AF_INET") || l.contains("PF_INET")))
        .collect()
}

#[test]
fn without_sync_set_up_no_command_opens_a_network_socket() {
    if !require_tool("strace") {
        return;
    }
    let e = Env::seeded();
    let out = e.path("out.json");
    let out = out.to_str().expect("UTF-8");
    let calls: [&[&str]; 9] = [
        &["log", "--before", "6", "--after", "2", "--note", "straced"],
        &["sleep", "--quality", "3", "--night", "2026-11-22"],
        &["list"],
        &["list", "--json"],
        &["week"],
        &["stats"],
        &["export"],
        &["export", "--output", out],
        &["report", "--format", "md"],
    ];
    for args in calls {
        let trace = straced(&e, "socket,connect", args, "", 0);
        let found = internet_sockets(&trace);
        assert!(found.is_empty(), "footlog {args:?} opened {found:?}");
    }
    // Sync commands that are refused open none either.
    let trace = straced(&e, "socket,connect", &["sync"], "", 2);
    assert!(internet_sockets(&trace).is_empty(), "{trace}");
    // The proof works: a sync that is set up does open one.
    let srv = server();
    let url = srv.url();
    setup_new(&e, &url);
    let trace = straced(&e, "socket,connect", &["sync"], "", 0);
    assert!(
        !internet_sockets(&trace).is_empty(),
        "the trace sees sockets: {trace}"
    );
}

#[test]
fn the_app_opens_no_network_socket_without_sync() {
    if !require_tool("strace") || !require_tool("tmux") {
        return;
    }
    let e = Env::seeded();
    let log = e.path("strace-app.log");
    let command = format!(
        "env FOOTLOG_NOW='2026-11-23 20:30' TZ=Europe/Berlin HOME={home} XDG_CONFIG_HOME={cfg} \
         TERM=xterm-256color strace -f -qq -e trace=socket,connect -o {log} {bin} --db {db}; \
         echo FOOTLOG-EXITED=$?; sleep 60",
        home = quote(&e.dir.path().join("home")),
        cfg = quote(&e.dir.path().join("cfg")),
        log = quote(&log),
        bin = quote(Path::new(env!("CARGO_BIN_EXE_footlog"))),
        db = quote(&e.db),
    );
    let tmux = Tmux::start("sync-nosocket", &command, 100, 30);
    tmux.wait_for("This week");
    // Longer than the app's background work would take to start (a sync runs after the first
    // frame when it is set up).
    let until = Instant::now() + Duration::from_secs(2);
    while Instant::now() < until {
        std::thread::sleep(Duration::from_millis(100));
    }
    tmux.send(&["q"]);
    tmux.wait_for("FOOTLOG-EXITED=0");
    let trace = std::fs::read_to_string(&log).expect("read the trace");
    let found = internet_sockets(&trace);
    assert!(found.is_empty(), "the app opened {found:?}");
}

// ---------------------------------------------------------------------------------------------
// 7. File modes.

#[test]
fn the_replica_and_its_folder_are_private() {
    let srv = server();
    let url = srv.url();
    let a = Env::seeded();
    let key = setup_new(&a, &url);
    sync(&a);
    let replica = beside(&a, ".sync");
    assert_eq!(mode(&replica), 0o600, "{}", replica.display());
    assert_eq!(mode(replica.parent().expect("a folder")), 0o700);
    for suffix in [".sync-wal", ".sync-shm", ".sync-lock"] {
        let p = beside(&a, suffix);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }
    // A device that joins into a folder that does not exist yet.
    let b = Env::new();
    join(&b, &url, &key);
    let replica = beside(&b, ".sync");
    assert_eq!(mode(&replica), 0o600);
    assert_eq!(mode(replica.parent().expect("a folder")), 0o700);
    // Even with a permissive umask.
    let c = Env::new();
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 000; exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_footlog"))
        .args(["--db"])
        .arg(&c.db)
        .args(["sync", "setup", "--server", &url, "--join"])
        .env("FOOTLOG_NOW", &c.now)
        .env("TZ", &c.tz)
        .env("HOME", c.dir.path().join("home"))
        .env("XDG_DATA_HOME", c.dir.path().join("xdg"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(format!("{key}\n").as_bytes())?;
            child.wait_with_output()
        })
        .expect("run footlog");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    for suffix in [".sync", ".sync-wal", ".sync-shm", ".sync-lock"] {
        let p = beside(&c, suffix);
        if p.exists() {
            assert_eq!(mode(&p), 0o600, "{}", p.display());
        }
    }
    assert_eq!(mode(c.db.parent().expect("a folder")), 0o700);
}

/// A backup taken while the device was offline holds records no sync has sent: restored, they
/// are sent at the next sync, never taken for records erased elsewhere (before, every one of
/// them was erased on every device).
#[test]
fn a_restored_backup_sends_what_it_holds_that_never_reached_the_server() {
    let mut srv = server();
    let url = srv.url();
    let mut a = Env::new();
    let mut b = Env::new();
    let key = setup_new(&a, &url);
    join(&b, &url, &key);
    srv.stop();
    a.now = "2026-11-23 20:10".into();
    let offline = a.log(6, 2, &["--note", "logged offline"]);
    a.ok(&["goal", "--per-week", "3"]);
    let backup = a.ok(&["backup"]);
    a.ok(&["restore", backup.trim()]);
    srv.restart().expect("the server back");
    b.now = "2026-11-23 20:20".into();
    sync_all(&[&a, &b]);
    a.now.clone_from(&b.now);
    assert_same(&[&a, &b], "after the restore");
    for e in [&a, &b] {
        assert!(session_uuids(e).contains_key(&offline), "{}", view(e));
        assert!(
            e.ok(&["goal"]).contains("3 sessions per week"),
            "{}",
            e.ok(&["goal"])
        );
    }
}

/// A note for a night whose earlier note was erased takes the night's UUID again on a device
/// that never saw the erasure: the devices that erased the earlier one keep the new one (before,
/// they refused it as erased and erased it everywhere).
#[test]
fn a_new_note_for_a_night_erased_elsewhere_is_kept_everywhere() {
    let srv = server();
    let url = srv.url();
    let mut a = Env::new();
    let mut c = Env::new();
    let key = setup_new(&a, &url);
    a.now = "2026-11-23 08:00".into();
    let first = a.ok(&["sleep", "--quality", "2", "--night", "2026-11-22"]);
    a.ok(&["delete", first.trim()]);
    a.ok(&["purge"]);
    sync(&a);
    // C joins after the erasure (it never held the note) and notes the same night again.
    join(&c, &url, &key);
    c.now = "2026-11-23 09:00".into();
    let again = c.ok(&[
        "sleep",
        "--quality",
        "4",
        "--night",
        "2026-11-22",
        "--note",
        "again",
    ]);
    assert_eq!(first.trim(), again.trim(), "the night's own UUID");
    sync_all(&[&c, &a]);
    a.now.clone_from(&c.now);
    assert_same(&[&a, &c], "a night noted again after an erasure");
    let live = a.json(&["list", "--sleep", "--json"]);
    assert_eq!(items(&live).len(), 1, "{live}");
    assert_eq!(items(&live)[0]["note"], "again", "{live}");
}

/// The real app, synced, in a terminal at 80x24: its status line says where sync stands, the
/// hint bar offers `y`, and `y` brings in another device's session, which the dashboard then
/// shows; with the server down the status line counts what waits.
#[test]
fn the_app_syncs_on_y_and_says_where_sync_stands() {
    if !require_tool("tmux") {
        return;
    }
    let mut srv = server();
    let url = srv.url();
    let a = Env::new();
    let b = Env::new();
    let key = setup_new(&a, &url);
    join(&b, &url, &key);
    let command = format!(
        "env FOOTLOG_NOW='{now}' TZ={tz} HOME={home} {bin} --db {db}",
        now = a.now,
        tz = a.tz,
        home = quote(&a.dir.path().join("home")),
        bin = quote(Path::new(env!("CARGO_BIN_EXE_footlog"))),
        db = quote(&a.db),
    );
    let tmux = Tmux::start("sync-app", &command, 80, 24);
    let screen = tmux.wait_for("synced just now");
    assert!(screen.contains("y sync"), "{screen}");
    // B logs a session (7 → 1) and syncs; A's app has it after y.
    b.log(7, 1, &["--note", "from the other machine"]);
    sync(&b);
    tmux.send(&["y"]);
    tmux.wait_for("7 → 1");
    // The server goes; a change made in the app waits, and the status line says so.
    srv.stop();
    tmux.send(&["n"]);
    tmux.wait_for("Log a session");
    tmux.send(&["8", "Tab", "4", "Enter"]);
    // Once "Session logged" has faded (a few ticks of 5 s).
    let deadline = Instant::now() + Duration::from_mins(1);
    loop {
        let screen = tmux.screen();
        if screen.contains("offline: 1 change waiting") {
            break;
        }
        assert!(Instant::now() < deadline, "{screen}");
        std::thread::sleep(Duration::from_millis(200));
    }
}
