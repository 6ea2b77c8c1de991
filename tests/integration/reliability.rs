//! Reliability: crashes (SIGKILL) during imports and inserts, concurrent writers, a write-locked
//! database, backups during writes, rotation and restore. Runs the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use footlog::demo::{Rng, generate};
use footlog::store::Store;

const BIN: &str = env!("CARGO_BIN_EXE_footlog");

fn footlog(db: &Path) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--db")
        .arg(db)
        .env("TZ", "UTC")
        .env("FOOTLOG_NOW", "2026-11-23 20:30");
    c
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(
        &format!("SELECT count(*) FROM {table} WHERE deleted_at IS NULL"),
        [],
        |r| r.get(0),
    )
    .expect("count")
}

/// Creates the database (setting the goal), so what follows measures writes, not set-up.
fn create(db: &Path) {
    let out = footlog(db)
        .args(["goal", "--per-week", "1"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Logs one session and checks it was acknowledged.
fn log_one(db: &Path) {
    let out = footlog(db)
        .args(["log", "--before", "5", "--after", "2"])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A separate process that logs `n` sessions one `footlog log` at a time.
fn writer(db: &Path, n: u32) -> std::process::Child {
    let script = format!(
        "i=0; while [ $i -lt {n} ]; do {BIN} --db '{}' log --before 5 --after 2 >/dev/null || exit 1; i=$((i+1)); done",
        db.display()
    );
    shell(&script)
}

fn integrity_ok(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open");
    let r: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(r, "ok", "integrity of {}", db.display());
}

/// Writes an export of `weeks` weeks of generated data and returns (path, sessions, sleep notes).
fn big_export(dir: &Path, weeks: u32) -> (PathBuf, usize, usize) {
    let now = chrono::DateTime::parse_from_rfc3339("2026-11-23T20:30:00+00:00").expect("time");
    let batch = generate(&now, weeks, 11);
    let mut store = Store::open_in_memory().expect("store");
    store.import(&batch).expect("import");
    let doc = store.export().expect("export");
    let path = dir.join("big.json");
    std::fs::write(&path, serde_json::to_vec(&doc).expect("json")).expect("write");
    (path, doc.sessions.len(), doc.sleep_notes.len())
}

/// Where in an import a kill landed, read from the files it left (before anything opens them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Landed {
    /// Before the import opened the database (no `-wal` file yet): proves nothing, not counted.
    NotStarted,
    /// While the records were read and inserted: the database open, nothing written to the WAL
    /// (the import's page cache holds the whole transaction until the commit).
    BeforeCommit,
    /// During the commit: the WAL has frames, but the database has none of the rows.
    DuringCommit,
    /// After the commit (or after the process ended): every row is there.
    AfterCommit,
}

/// When to kill an import.
#[derive(Debug, Clone, Copy)]
enum Kill {
    /// This long after it started.
    After(Duration),
    /// As soon as its commit writes the first page to the WAL.
    AtCommit,
}

/// The length of the `-wal` file of `db`, if there is one.
fn wal_len(db: &Path) -> Option<u64> {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    std::fs::metadata(PathBuf::from(wal)).ok().map(|m| m.len())
}

/// Imports `file` into a new database at `db`, kills it (SIGKILL) as `kill` says, checks that the
/// import is all there or not at all, and says where the kill landed.
fn kill_import(db: &Path, file: &Path, sessions: usize, kill: Kill) -> Landed {
    // Create the database first so the kill lands in the import, not in set-up.
    create(db);
    assert_eq!(
        wal_len(db),
        None,
        "the WAL of the set-up is merged and gone"
    );
    let mut child = footlog(db)
        .arg("import")
        .arg(file)
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    match kill {
        Kill::After(pause) => std::thread::sleep(pause),
        Kill::AtCommit => {
            while wal_len(db).unwrap_or(0) <= 32 && child.try_wait().expect("wait").is_none() {
                std::thread::sleep(Duration::from_micros(50));
            }
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    // The WAL as the kill left it: 32 bytes of header, then the frames (pages) written.
    let wal = wal_len(db);
    integrity_ok(db);
    let n = count(db, "sessions");
    let all = i64::try_from(sessions).expect("n");
    assert!(n == 0 || n == all, "import half there: {n} of {sessions}");
    match (n == all, wal) {
        (true, _) => Landed::AfterCommit,
        (false, None) => Landed::NotStarted,
        (false, Some(len)) if len > 32 => Landed::DuringCommit,
        (false, Some(_)) => Landed::BeforeCommit,
    }
}

#[test]
fn sigkill_during_import_leaves_all_or_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (file, sessions, _) = big_export(dir.path(), 2000);
    assert!(sessions > 2000, "a large file: {sessions} sessions");
    // Time one full import so the kills spread over its whole length (and a little past it).
    let timed = dir.path().join("timed.db");
    create(&timed);
    let started = Instant::now();
    assert!(
        footlog(&timed)
            .arg("import")
            .arg(&file)
            .stdout(Stdio::null())
            .status()
            .expect("run")
            .success()
    );
    let full_ms = i64::try_from(started.elapsed().as_millis())
        .expect("ms")
        .max(20);
    let mut rng = Rng::new(5);
    let mut landed = Vec::new();
    let run = |kill: Kill, landed: &mut Vec<Landed>| {
        let db = dir.path().join(format!("crash{}.db", landed.len()));
        landed.push(kill_import(&db, &file, sessions, kill));
    };
    // Eight kills spread over the import (one in each eighth of 1.3 times its length, so some
    // land after it), three at the moment its commit starts writing.
    for i in 0..8 {
        let ms = rng.range(full_ms * 13 * i / 80, full_ms * 13 * (i + 1) / 80);
        run(
            Kill::After(Duration::from_millis(u64::try_from(ms).expect("ms"))),
            &mut landed,
        );
    }
    for _ in 0..3 {
        run(Kill::AtCommit, &mut landed);
    }
    // The machine may be faster or slower now than when the import was timed: until every
    // phase was hit, kill again, earlier or later (a few more runs at most).
    let mut early = full_ms / 4;
    let mut late = full_ms * 2;
    for _ in 0..4 {
        let seen = |l: Landed| landed.contains(&l);
        let kill = if !seen(Landed::BeforeCommit) {
            early /= 2;
            Kill::After(Duration::from_millis(u64::try_from(early).expect("ms")))
        } else if !seen(Landed::AfterCommit) {
            late *= 2;
            Kill::After(Duration::from_millis(u64::try_from(late).expect("ms")))
        } else if !seen(Landed::DuringCommit) {
            Kill::AtCommit
        } else {
            break;
        };
        run(kill, &mut landed);
    }
    let hits = |l: Landed| landed.iter().filter(|&&x| x == l).count();
    let split = format!(
        "kills that landed before the import opened the database: {}, while it inserted: {}, \
         during its commit: {}, after the commit: {}",
        hits(Landed::NotStarted),
        hits(Landed::BeforeCommit),
        hits(Landed::DuringCommit),
        hits(Landed::AfterCommit)
    );
    eprintln!("{split}");
    for l in [
        Landed::BeforeCommit,
        Landed::DuringCommit,
        Landed::AfterCommit,
    ] {
        assert!(hits(l) > 0, "no kill landed {l:?}: {split}");
    }
}

#[test]
fn sigkill_during_inserts_keeps_every_acknowledged_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("inserts.db");
    // Time one whole `footlog log` so the kills spread over its length on this machine, loaded
    // or not (and a little past it, so some runs finish).
    let started = Instant::now();
    let first = footlog(&db)
        .args(["log", "--before", "6", "--after", "3"])
        .output()
        .expect("run");
    assert!(first.status.success());
    let full_us = i64::try_from(started.elapsed().as_micros())
        .expect("us")
        .max(1000);
    let mut acknowledged = vec![
        String::from_utf8(first.stdout)
            .expect("utf8")
            .trim()
            .to_string(),
    ];
    let mut rng = Rng::new(9);
    let mut killed = 0;
    for i in 0..40 {
        let mut child = footlog(&db)
            .args([
                "log",
                "--before",
                "6",
                "--after",
                "3",
                "--note",
                &format!("insert {i}"),
            ])
            .stdout(Stdio::piped())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_micros(
            u64::try_from(rng.range(0, full_us * 3 / 2)).expect("us"),
        ));
        if child.try_wait().expect("wait").is_none() {
            let _ = child.kill();
            killed += 1;
        }
        let out = child.wait_with_output().expect("output");
        if out.status.success() {
            acknowledged.push(
                String::from_utf8(out.stdout)
                    .expect("utf8")
                    .trim()
                    .to_string(),
            );
        }
        integrity_ok(&db);
    }
    let listed = footlog(&db)
        .args(["list", "--json"])
        .output()
        .expect("list");
    let text = String::from_utf8(listed.stdout).expect("utf8");
    for uuid in &acknowledged {
        assert!(
            text.contains(uuid.as_str()),
            "acknowledged {uuid} is missing"
        );
    }
    eprintln!(
        "{} acknowledged, {killed} killed (a run takes {full_us} µs)",
        acknowledged.len()
    );
}

#[test]
fn two_processes_logging_at_once_lose_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("concurrent.db");
    create(&db);
    let spawn = || writer(&db, 200);
    let (mut a, mut b) = (spawn(), spawn());
    assert!(a.wait().expect("a").success(), "writer a failed");
    assert!(b.wait().expect("b").success(), "writer b failed");
    assert_eq!(count(&db, "sessions"), 400);
    integrity_ok(&db);
}

/// Runs `script` (a shell loop) in its own process with the test clock.
fn shell(script: &str) -> std::process::Child {
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("TZ", "UTC")
        .env("FOOTLOG_NOW", "2026-11-23 20:30")
        .spawn()
        .expect("spawn")
}

#[test]
fn writers_that_read_first_wait_for_each_other_too() {
    // `sleep` and `import` read before they write; in WAL mode a deferred transaction would fail
    // at once when another process commits in between. All of these must succeed.
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("mixed.db");
    create(&db);
    let nights: Vec<String> = (0..150)
        .map(|i| {
            (chrono::NaiveDate::from_ymd_opt(2026, 1, 1).expect("date") + chrono::Duration::days(i))
                .to_string()
        })
        .collect();
    let sleeper = format!(
        "for d in {}; do {BIN} --db '{}' sleep --quality 3 --night $d >/dev/null || exit 1; done",
        nights.join(" "),
        db.display()
    );
    let mut files = Vec::new();
    for i in 0..30 {
        let f = dir.path().join(format!("one{i}.json"));
        let rec = serde_json::json!([{"uuid": format!("00000000-0000-4000-8000-{i:012}"),
            "started_at": "2026-11-20T20:00:00+00:00", "tension_before": 6, "tension_after": 2}]);
        std::fs::write(&f, rec.to_string()).expect("write");
        files.push(f.display().to_string());
    }
    let importer = format!(
        "for f in {}; do {BIN} --db '{}' import $f >/dev/null || exit 1; done",
        files.join(" "),
        db.display()
    );
    let (mut a, mut b, mut c) = (writer(&db, 150), shell(&sleeper), shell(&importer));
    assert!(a.wait().expect("a").success(), "log writer failed");
    assert!(b.wait().expect("b").success(), "sleep writer failed");
    assert!(c.wait().expect("c").success(), "importer failed");
    assert_eq!(count(&db, "sessions"), 180);
    assert_eq!(count(&db, "sleep_notes"), 150);
    integrity_ok(&db);
}

#[test]
fn a_write_locked_database_makes_footlog_wait_then_fail_clearly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("locked.db");
    log_one(&db);
    let holder = rusqlite::Connection::open(&db).expect("open");
    holder.execute_batch("BEGIN IMMEDIATE").expect("lock");
    let started = Instant::now();
    let out = footlog(&db)
        .args(["log", "--before", "5", "--after", "2"])
        .output()
        .expect("run");
    let waited = started.elapsed();
    holder.execute_batch("ROLLBACK").expect("unlock");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("locked"), "message: {err}");
    assert!(
        waited >= Duration::from_secs(2),
        "it should wait for the lock, waited {waited:?}"
    );
    assert_eq!(count(&db, "sessions"), 1);
    integrity_ok(&db);
}

#[test]
fn backup_during_writes_is_consistent_and_restores() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("live.db");
    log_one(&db);
    let mut writer = writer(&db, 60);
    let mut copies = Vec::new();
    for i in 0..5 {
        let dest = dir.path().join(format!("copy{i}.db"));
        let out = footlog(&db)
            .arg("backup")
            .arg("--output")
            .arg(&dest)
            .output()
            .expect("backup");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        copies.push(dest);
    }
    assert!(writer.wait().expect("writer").success());
    for c in &copies {
        integrity_ok(c);
        let n = count(c, "sessions");
        assert!((1..=61).contains(&n), "copy has {n} sessions");
        let mode = std::fs::metadata(c).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "backup mode");
    }
    // Restore: copy the backup back and footlog reads it as before.
    let restored = dir.path().join("restored.db");
    std::fs::copy(copies.last().expect("a copy"), &restored).expect("copy");
    let out = footlog(&restored)
        .args(["stats", "--json"])
        .output()
        .expect("stats");
    assert!(out.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        stats["sessions_total"].as_i64(),
        Some(count(copies.last().expect("copy"), "sessions"))
    );
}

#[test]
fn dated_backups_rotate_to_the_newest_ten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("data").join("footlog.db");
    log_one(&db);
    for minute in 10..23 {
        let out = footlog(&db)
            .env("FOOTLOG_NOW", format!("2026-11-23 10:{minute}"))
            .arg("backup")
            .output()
            .expect("backup");
        assert!(out.status.success());
    }
    let backups =
        footlog::store::list_backups(&dir.path().join("data").join("backups")).expect("list");
    assert_eq!(backups.len(), 10);
    let first = backups[0]
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    assert_eq!(
        first, "footlog-20261123-101300.db",
        "the three oldest are gone"
    );
    let check = footlog(&db).arg("check").output().expect("check");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let text = String::from_utf8_lossy(&check.stdout);
    assert!(
        text.contains("Integrity:      ok") && text.contains("footlog-20261123-102200.db"),
        "{text}"
    );
}

#[test]
fn check_fails_on_open_file_modes_and_missing_database() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("modes.db");
    let missing = footlog(&db).arg("check").output().expect("check");
    assert_eq!(missing.status.code(), Some(1));
    assert!(!db.exists());
    log_one(&db);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = footlog(&db).arg("check").output().expect("check");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("readable by others"));
}

/// `check` reads one snapshot: while another connection keeps logging sessions, the per-day and
/// per-week totals it compares always agree with the sessions it counts (read statement by
/// statement, a commit in between made it report false differences).
#[test]
fn check_sees_one_snapshot_while_another_connection_writes() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("footlog.db");
    create(&db);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (db, stop) = (db.clone(), stop.clone());
        std::thread::spawn(move || {
            let now =
                chrono::DateTime::parse_from_rfc3339("2026-11-23T20:00:00+01:00").expect("time");
            let mut store = Store::open(&db).expect("open");
            let mut i = 0i64;
            while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                let start = now - chrono::Duration::hours(i % 2000);
                let f = footlog::domain::SessionDraft::new(start, 6, 3)
                    .validate(&now)
                    .expect("valid");
                store.insert_session(f, &now).expect("insert");
                i += 1;
            }
            i
        })
    };
    let reader = Store::open_for_reading(&db).expect("open");
    let mut false_alarms = Vec::new();
    for _ in 0..60 {
        let c = reader.check_contents().expect("check");
        if !c.day_totals.is_empty() || !c.week_totals.is_empty() {
            false_alarms.push(format!("{:?} {:?}", c.day_totals, c.week_totals));
        }
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    let written = writer.join().expect("writer");
    assert!(written > 10, "the writer wrote {written} sessions");
    assert!(
        false_alarms.is_empty(),
        "{} of 60 checks saw totals that disagree: {}",
        false_alarms.len(),
        false_alarms.first().cloned().unwrap_or_default()
    );
}

/// Concurrent first use: four `footlog log` started at once on a database that does not exist
/// yet (nor its folder) all succeed, and all four sessions are there, round after round (before,
/// most failed with the migration's "table … already exists", "File exists" or "not footlog's").
#[test]
fn four_logs_at_once_on_a_new_database_all_succeed() {
    for round in 0..10 {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("new").join("footlog.db");
        let children: Vec<_> = (0..4)
            .map(|_| {
                footlog(&db)
                    .args(["log", "--before", "6", "--after", "3"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn")
            })
            .collect();
        for c in children {
            let out = c.wait_with_output().expect("wait");
            assert!(
                out.status.success(),
                "round {round}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        assert_eq!(count(&db, "sessions"), 4, "round {round}");
    }
}

/// A restore while another footlog writes (issue 19.1): a loop of `footlog log` beside repeated
/// `footlog restore old.db`, round after round. Every UUID a `log` printed (its acknowledgement)
/// is afterwards in the live database or in one of the safety copies the restores kept; before,
/// a `log` that committed between the safety copy and the end of the copy-in was in neither.
#[test]
fn a_restore_while_footlog_logs_loses_no_acknowledged_row() {
    const ROUNDS: usize = 4;
    // Fewer than the backups rotation keeps, so every safety copy is still there to search.
    const RESTORES: usize = 8;
    let mut lost_total = Vec::new();
    let mut acknowledged_total = 0;
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("footlog.db");
        create(&db);
        log_one(&db);
        let old = dir.path().join("old.db");
        let out = footlog(&db)
            .args(["backup", "--output"])
            .arg(&old)
            .output()
            .expect("backup");
        assert!(out.status.success(), "{out:?}");
        let acked = dir.path().join("acked");
        let stop = dir.path().join("stop");
        let script = format!(
            "while [ ! -e '{}' ]; do {BIN} --db '{}' log --before 5 --after 2 >>'{}' 2>/dev/null; done",
            stop.display(),
            db.display(),
            acked.display()
        );
        let mut logger = shell(&script);
        // Let the loop start writing.
        let started = Instant::now();
        while std::fs::metadata(&acked).map_or(0, |m| m.len()) == 0 {
            assert!(started.elapsed() < Duration::from_secs(20), "no log landed");
            std::thread::sleep(Duration::from_millis(5));
        }
        for i in 0..RESTORES {
            let out = footlog(&db)
                .arg("restore")
                .arg(&old)
                .output()
                .expect("restore");
            assert!(
                out.status.success(),
                "round {round}, restore {i}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            std::thread::sleep(Duration::from_millis(15));
        }
        std::fs::write(&stop, "").expect("stop");
        logger.wait().expect("logger");
        let acknowledged: Vec<String> = std::fs::read_to_string(&acked)
            .expect("acked")
            .lines()
            .map(str::to_string)
            .collect();
        let mut present = std::collections::HashSet::new();
        let backups = dir.path().join("backups");
        let mut files = vec![db.clone()];
        for e in std::fs::read_dir(&backups).expect("backups").flatten() {
            if e.path().extension().is_some_and(|x| x == "db") {
                files.push(e.path());
            }
        }
        for f in &files {
            let conn = rusqlite::Connection::open(f).expect("open");
            let mut stmt = conn.prepare("SELECT uuid FROM sessions").expect("prepare");
            for u in stmt
                .query_map([], |r| r.get::<_, String>(0))
                .expect("query")
            {
                present.insert(u.expect("uuid"));
            }
        }
        acknowledged_total += acknowledged.len();
        lost_total.extend(
            acknowledged
                .iter()
                .filter(|u| !present.contains(*u))
                .map(|u| format!("round {round}: {u}")),
        );
    }
    assert!(
        lost_total.is_empty(),
        "{} of {acknowledged_total} acknowledged sessions are in neither the database nor a \
         safety copy ({ROUNDS} rounds of {RESTORES} restores): {lost_total:?}",
        lost_total.len()
    );
    eprintln!("{acknowledged_total} acknowledged, all kept");
}
