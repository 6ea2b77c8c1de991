//! Issue 8: `footlog restore`, and errors that say what happened (each class its own message
//! naming the file and what to do next, exit 1, nothing written).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::support::{Env, mode, noise, tree};

/// The database file's bytes and every file beside it (backups included).
fn files(e: &Env) -> (Option<Vec<u8>>, std::collections::BTreeSet<PathBuf>) {
    (std::fs::read(&e.db).ok(), tree(e.dir.path()))
}

fn assert_files_unchanged(
    e: &Env,
    before: &(Option<Vec<u8>>, std::collections::BTreeSet<PathBuf>),
    what: &str,
) {
    let now = files(e);
    assert!(now.0 == before.0, "{what}: the database file changed");
    assert_eq!(now.1, before.1, "{what}: files were created or removed");
}

/// `footlog backup` into the backups folder; returns the new file.
fn backup(e: &Env) -> PathBuf {
    PathBuf::from(e.ok(&["backup"]).trim())
}

/// Overwrites page `page` (1-based, 4096 bytes) of `path` with garbage.
fn garble_page(path: &Path, page: u64) {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open");
    f.seek(SeekFrom::Start((page - 1) * 4096)).expect("seek");
    f.write_all(&noise(4096)).expect("write");
}

fn root_page(db: &Path, table: &str) -> u64 {
    let c = rusqlite::Connection::open(db).expect("open");
    let page: i64 = c
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .expect("rootpage");
    u64::try_from(page).expect("page")
}

/// A database with enough rows to span several pages.
fn with_history(e: &Env) {
    let note = "n".repeat(1500);
    for day in 1..=20 {
        e.log(
            7,
            3,
            &["--at", &format!("2026-10-{day:02} 19:00"), "--note", &note],
        );
    }
}

#[test]
fn restore_puts_a_backup_back_exactly_and_keeps_the_database_as_it_was() {
    let e = Env::seeded();
    let b = backup(&e);
    let at_backup = e.ok(&["export"]);
    e.log(6, 2, &["--note", "after the backup"]);
    let before_restore = e.ok(&["export"]);
    let out = e.ok(&["restore", b.to_str().expect("utf8")]);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("Restored 1 session and 1 sleep note, 2026-11-20 from "),
        "{out}"
    );
    assert_eq!(e.ok(&["export"]), at_backup, "exactly the backup's records");
    let safety = PathBuf::from(
        out.trim()
            .rsplit_once("is kept in ")
            .expect("names the safety copy")
            .1,
    );
    assert!(safety.starts_with(e.db.parent().expect("folder").join("backups")));
    assert_eq!(mode(&safety), 0o600);
    let mut kept = Env::new();
    kept.db = safety.clone();
    assert_eq!(
        kept.ok(&["export"]),
        before_restore,
        "the safety copy holds what was there"
    );
    assert_eq!(mode(&e.db), 0o600);
    // Listed, newest first, with the sessions in each.
    let list = e.ok(&["restore", "--list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert!(lines[0].starts_with("File"), "{list}");
    for l in &lines[1..] {
        assert!(l.contains("2026-11-23 20:00"), "{list}");
    }
    assert!(lines[1].contains(&safety.display().to_string()), "{list}");
    assert!(lines[1].split_whitespace().nth(3) == Some("2"), "{list}");
    assert!(lines[2].contains(&b.display().to_string()), "{list}");
    assert!(lines[2].split_whitespace().nth(3) == Some("1"), "{list}");
}

#[test]
fn restore_list_orders_by_time_taken_and_says_when_there_are_none() {
    let mut e = Env::seeded();
    assert!(
        e.ok(&["restore", "--list"])
            .starts_with("No backups yet in ")
    );
    e.now = "2026-11-23 21:00".into();
    let late = backup(&e);
    e.now = "2026-11-23 09:00".into();
    e.log(5, 1, &[]);
    let early = backup(&e);
    let list = e.ok(&["restore", "--list"]);
    let lines: Vec<&str> = list.lines().skip(1).collect();
    assert!(lines[0].contains(&late.display().to_string()), "{list}");
    assert!(lines[0].contains("2026-11-23 21:00"), "{list}");
    assert!(lines[1].contains(&early.display().to_string()), "{list}");
    let kb = |l: &str| l.contains(" KB");
    assert!(lines.iter().all(|l| kb(l)), "{list}");
    // restore needs a file or --list.
    e.fails(&["restore"], 2);
}

#[test]
fn restore_refuses_a_file_that_is_not_a_sound_footlog_database_and_changes_nothing() {
    let e = Env::seeded();
    with_history(&e);
    let good = backup(&e);
    let before = files(&e);
    let outside = |name: &str| e.path(name);
    let copy = |name: &str| {
        let p = outside(name);
        std::fs::copy(&good, &p).expect("copy");
        p
    };
    let newer = copy("newer.db");
    rusqlite::Connection::open(&newer)
        .expect("open")
        .pragma_update(None, "user_version", 999)
        .expect("version");
    let damaged = copy("damaged.db");
    garble_page(&damaged, root_page(&damaged, "sessions"));
    let truncated = copy("truncated.db");
    let len = std::fs::metadata(&truncated).expect("meta").len();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&truncated)
        .expect("open")
        .set_len(len / 2)
        .expect("truncate");
    let foreign = outside("foreign.db");
    rusqlite::Connection::open(&foreign)
        .expect("create")
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .expect("fill");
    let empty = outside("empty.db");
    std::fs::write(&empty, b"").expect("touch");
    let text = outside("notes.txt");
    std::fs::write(&text, noise(8192)).expect("write");
    let fifo = outside("fifo");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    // Sound SQLite, footlog's id, but a schema footlog does not make (issue 19.3).
    let edited = |name: &str, sql: &str| {
        let p = copy(name);
        rusqlite::Connection::open(&p)
            .expect("open")
            .execute_batch(sql)
            .expect("edit");
        p
    };
    let no_trigger = edited("no-trigger.db", "DROP TRIGGER session_days_after_insert;");
    let extra_trigger = edited(
        "extra-trigger.db",
        "CREATE TRIGGER forged AFTER INSERT ON sessions BEGIN \
         UPDATE sessions SET note = 'forged' WHERE id = new.id; END;",
    );
    let no_days = edited("no-days.db", "DROP TABLE session_days;");
    let no_check = edited(
        "no-check.db",
        "PRAGMA writable_schema = ON; \
         UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (minutes BETWEEN 1 AND 240)', '') \
         WHERE name = 'sessions'; \
         PRAGMA writable_schema = OFF;",
    );
    let before = (before.0, tree(e.dir.path()));
    let cases: Vec<(PathBuf, &str)> = vec![
        (no_trigger, "session_days_after_insert is missing"),
        (extra_trigger, "forged"),
        (no_days, "session_days is missing"),
        (no_check, "does not have the schema footlog makes"),
        (outside("missing.db"), "there is no file"),
        (empty, "is empty"),
        (text, "not an SQLite file"),
        (foreign, "another program"),
        (newer, "schema version 999"),
        (damaged, "is damaged"),
        (truncated, "truncated"),
        (fifo, "FIFO"),
        (e.db.clone(), "the database itself"),
    ];
    for (file, needle) in cases {
        let started = Instant::now();
        let msg = e.fails(&["restore", file.to_str().expect("utf8")], 1);
        assert!(msg.contains(needle), "{}: {msg}", file.display());
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{}: refused at once",
            file.display()
        );
        assert_files_unchanged(&e, &before, &file.display().to_string());
    }
}

#[test]
fn restore_upgrades_an_older_schema_and_creates_a_missing_database() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let e = Env::new();
    let fixture = fixtures.join("schema-1.db");
    let out = e.ok(&["restore", fixture.to_str().expect("utf8")]);
    assert!(out.contains("(upgraded from schema 1)"), "{out}");
    assert!(out.contains("there was no database before"), "{out}");
    let expected = super::support::schema_1_export();
    assert_eq!(e.ok(&["export"]), expected);
    assert_eq!(mode(&e.db), 0o600);
    assert_eq!(mode(e.db.parent().expect("folder")), 0o700);
    let c = rusqlite::Connection::open(&e.db).expect("open");
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check");
    assert_eq!(ok, "ok");
}

#[test]
fn restore_replaces_a_database_even_over_a_stale_wal_and_another_open_connection_sees_it() {
    let e = Env::seeded();
    let b = backup(&e);
    let at_backup = e.ok(&["export"]);
    // Another program keeps the database open with changes in its -wal, as an open app does.
    let other = rusqlite::Connection::open(&e.db).expect("open");
    other
        .execute_batch("PRAGMA wal_autocheckpoint = 0; UPDATE sessions SET note = 'later';")
        .expect("write");
    let wal = PathBuf::from(format!("{}-wal", e.db.display()));
    assert!(std::fs::metadata(&wal).expect("wal").len() > 0);
    e.ok(&["restore", b.to_str().expect("utf8")]);
    let note: String = other
        .query_row("SELECT note FROM sessions", [], |r| r.get(0))
        .expect("read");
    assert_eq!(note, "seed", "the open connection sees the restored data");
    drop(other);
    assert_eq!(e.ok(&["export"]), at_backup);
}

// --- Errors that say what happened ---

/// Runs `args` on the database and requires exit 1, a message holding each of `needles` and the
/// database's path, and the file as it was.
fn fails_untouched(e: &Env, args: &[&str], needles: &[&str]) -> String {
    let before = files(e);
    let msg = e.fails(args, 1);
    for n in needles {
        assert!(msg.contains(n), "{args:?}: {msg}");
    }
    assert!(
        msg.contains(&e.db.display().to_string()),
        "{args:?} names the file: {msg}"
    );
    assert_files_unchanged(e, &before, &format!("{args:?}"));
    msg
}

#[test]
fn a_database_locked_exclusively_by_the_sqlite3_tool_is_reported_as_locked() {
    if !crate::support::need::require_tool("sqlite3") {
        return;
    }
    let e = Env::seeded();
    let export = e.ok(&["export"]);
    let mut holder = Command::new("sqlite3")
        .arg(&e.db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("sqlite3");
    let mut stdin = holder.stdin.take().expect("stdin");
    writeln!(
        stdin,
        "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM sessions; SELECT 'HELD';"
    )
    .expect("write");
    stdin.flush().expect("flush");
    let mut lines = BufReader::new(holder.stdout.take().expect("stdout")).lines();
    while let Some(Ok(l)) = lines.next() {
        if l == "HELD" {
            break;
        }
    }
    for args in [&["log", "--before", "5", "--after", "3"][..], &["list"][..]] {
        let started = Instant::now();
        let msg = fails_untouched(
            &e,
            args,
            &["is locked by another program", "waited 5 seconds"],
        );
        assert!(!msg.contains("not an SQLite file"), "{msg}");
        assert!(
            started.elapsed() >= Duration::from_secs(4),
            "it waited for the lock"
        );
    }
    drop(stdin);
    holder.wait().expect("sqlite3 ends");
    assert_eq!(e.ok(&["export"]), export, "nothing was written");
}

#[test]
fn a_truncated_database_is_damaged_not_foreign_and_log_refuses_it() {
    let e = Env::seeded();
    with_history(&e);
    let len = std::fs::metadata(&e.db).expect("meta").len();
    for cut in [len / 2, 4096, 2000, 60] {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&e.db)
            .expect("open")
            .set_len(cut)
            .expect("truncate");
        for args in [
            &["log", "--before", "5", "--after", "3"][..],
            &["list"][..],
            &["export"][..],
        ] {
            let msg = fails_untouched(
                &e,
                args,
                &[
                    "is damaged",
                    "truncated",
                    "footlog check",
                    "footlog restore --list",
                ],
            );
            assert!(!msg.contains("not an SQLite file"), "{cut}: {msg}");
        }
    }
}

#[test]
fn log_refuses_a_damaged_database_left_with_a_wal_beside_it() {
    let e = Env::seeded();
    with_history(&e);
    // Another connection keeps a -wal with a change to sessions; the sleep notes' page in the
    // main file is damaged.
    let other = rusqlite::Connection::open(&e.db).expect("open");
    other
        .execute_batch("PRAGMA wal_autocheckpoint = 0; UPDATE sessions SET pain = 1;")
        .expect("write");
    garble_page(&e.db, root_page(&e.db, "sleep_notes"));
    let msg = fails_untouched(
        &e,
        &["log", "--before", "5", "--after", "3"],
        &["is damaged", "footlog check", "footlog restore --list"],
    );
    assert!(!msg.contains("UUID"), "{msg}");
    drop(other);
}

#[test]
fn a_fifo_or_a_device_is_refused_at_once_without_being_opened() {
    use std::os::unix::fs::FileTypeExt;
    let e = Env::new();
    std::fs::create_dir_all(e.db.parent().expect("folder")).expect("mkdir");
    assert!(
        Command::new("mkfifo")
            .arg(&e.db)
            .status()
            .expect("mkfifo")
            .success()
    );
    for args in [
        &["log", "--before", "5", "--after", "3"][..],
        &["list"][..],
        &["check"][..],
        &["backup"][..],
    ] {
        let started = Instant::now();
        let before = tree(e.dir.path());
        // A FIFO opened for reading would block until a writer came: the time proves it was
        // never opened.
        let msg = e.fails(args, 1);
        assert!(
            msg.contains(&format!(
                "{} is a FIFO (named pipe), not a database file; it was not opened",
                e.db.display()
            )),
            "{args:?}: {msg}"
        );
        assert!(started.elapsed() < Duration::from_secs(4), "{args:?}");
        assert_eq!(tree(e.dir.path()), before, "{args:?} created files");
        assert!(
            std::fs::metadata(&e.db)
                .expect("meta")
                .file_type()
                .is_fifo()
        );
    }
    let mut dev = Env::new();
    dev.db = PathBuf::from("/dev/null");
    let msg = dev.fails(&["list"], 1);
    assert!(msg.contains("/dev/null is a device"), "{msg}");
    let msg = dev.fails(&["sleep", "--quality", "3"], 1);
    assert!(msg.contains("/dev/null is a device"), "{msg}");
}

#[test]
fn read_only_commands_on_an_empty_file_print_empty_results_and_leave_it_empty() {
    let e = Env::new();
    std::fs::create_dir_all(e.db.parent().expect("folder")).expect("mkdir");
    std::fs::write(&e.db, b"").expect("touch");
    let before = files(&e);
    assert_eq!(e.ok(&["list", "--json"]).trim(), "[]");
    assert!(e.ok(&["list", "--sleep"]).contains("No sleep notes yet"));
    assert_eq!(e.json(&["stats", "--json"])["sessions_total"], 0);
    assert_eq!(e.json(&["export"])["sessions"], serde_json::json!([]));
    assert_eq!(
        e.json(&["week", "--json", "--weeks", "2"])
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    e.ok(&["insights"]);
    // Nothing to back up or check in it: said so, and still no schema written.
    for args in [&["backup"][..], &["check"][..]] {
        let msg = e.fails(args, 1);
        assert!(msg.contains("there is no database at"), "{args:?}: {msg}");
    }
    assert_files_unchanged(&e, &before, "read-only commands");
    assert_eq!(std::fs::metadata(&e.db).expect("meta").len(), 0);
}

#[test]
fn permission_denied_is_said_as_such() {
    // Needs root and setpriv to drop to another user (as CI has); elsewhere skipped.
    use crate::support::need::{require_root, require_tool};
    if !(require_root("run footlog as user nobody") && require_tool("setpriv")) {
        return;
    }
    let probe = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .output()
        .expect("run setpriv");
    assert!(
        probe.status.success(),
        "setpriv cannot drop to user nobody: {probe:?}"
    );
    let e = Env::seeded();
    let before = files(&e);
    for args in [&["list"][..], &["log", "--before", "5", "--after", "3"][..]] {
        let out = Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_footlog"))
            .arg("--db")
            .arg(&e.db)
            .args(args)
            .env("FOOTLOG_NOW", &e.now)
            .env("HOME", "/nonexistent")
            .output()
            .expect("run");
        let msg = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {msg}");
        assert!(msg.contains("permission denied"), "{args:?}: {msg}");
        assert!(msg.contains(&e.db.display().to_string()), "{msg}");
        assert!(out.stdout.is_empty());
        assert_files_unchanged(&e, &before, &format!("{args:?}"));
    }
}

// --- Backups ---

/// A file in `dir` named `name` with modification time `taken` (RFC 3339).
fn planted(dir: &Path, name: &str, taken: &str) -> PathBuf {
    std::fs::create_dir_all(dir).expect("mkdir");
    let p = dir.join(name);
    let f = std::fs::File::create(&p).expect("create");
    let t = chrono::DateTime::parse_from_rfc3339(taken).expect("time");
    f.set_modified(std::time::SystemTime::from(t))
        .expect("mtime");
    p
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("ls")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn backup_rotation_survives_future_stamped_backups_and_leaves_user_files_alone() {
    let mut e = Env::seeded();
    let dir = e.db.parent().expect("folder").join("backups");
    // Ten taken while the clock ran a year ahead, and the user's own files.
    for day in 1..=10 {
        planted(
            &dir,
            &format!("footlog-202711{day:02}-120000.db"),
            &format!("2027-11-{day:02}T12:00:00+01:00"),
        );
    }
    let user = [
        "footlog-mine.db",
        "footlog-20261101-000000-copy.db",
        "footlog-20261101-000000.db.bak",
        "notes.txt",
    ];
    for u in user {
        planted(&dir, u, "2020-01-01T00:00:00+01:00");
    }
    let mut written = Vec::new();
    for minute in 10..14 {
        e.now = format!("2026-11-23 20:{minute}");
        let b = backup(&e);
        assert!(
            b.exists(),
            "the backup just written is kept: {:?}",
            names(&dir)
        );
        written.push(b);
    }
    let left = names(&dir);
    for u in user {
        assert!(left.contains(&u.to_string()), "{u} deleted: {left:?}");
    }
    for b in &written {
        assert!(b.exists(), "{} deleted: {left:?}", b.display());
    }
    let footlogs: Vec<&String> = left
        .iter()
        .filter(|n| n.starts_with("footlog-2027") || n.starts_with("footlog-20261123"))
        .collect();
    assert_eq!(footlogs.len(), 10, "{left:?}");
    // The clock-ahead ones went first, the earliest of them first.
    for day in 1..=4 {
        assert!(
            !left.contains(&format!("footlog-202711{day:02}-120000.db")),
            "{left:?}"
        );
    }
    // The daily backup is listed as the newest by `restore --list`.
    let list = e.ok(&["restore", "--list"]);
    let first = list.lines().nth(1).expect("a backup");
    assert!(first.contains(&written[3].display().to_string()), "{list}");
}

#[test]
fn backup_refuses_a_backups_folder_open_to_others_or_a_symlink() {
    use std::os::unix::fs::PermissionsExt;
    let e = Env::seeded();
    let dir = e.db.parent().expect("folder").join("backups");
    backup(&e);
    assert_eq!(mode(&dir), 0o700);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let before = names(&dir);
    let msg = e.fails(&["backup"], 1);
    assert!(msg.contains("is writable by others"), "{msg}");
    assert!(msg.contains("no backup was written there"), "{msg}");
    assert_eq!(names(&dir), before);
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).expect("chmod");
    let elsewhere = e.path("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    std::fs::rename(&dir, e.path("moved")).expect("move");
    std::os::unix::fs::symlink(&elsewhere, &dir).expect("symlink");
    let msg = e.fails(&["backup"], 1);
    assert!(msg.contains("is a symbolic link"), "{msg}");
    assert!(names(&elsewhere).is_empty());
}

/// Backups taken within one second (here one fixed clock: every file has the same time, as on
/// a file system with 1-second times) rotate oldest first, never reuse a name that rotation
/// freed, and `restore --list` shows the last one taken as the newest (issue 19.8).
#[test]
fn same_second_backups_rotate_in_the_order_taken_and_never_reuse_a_name() {
    let e = Env::new();
    let mut names = std::collections::BTreeSet::new();
    for run in 1..=15 {
        e.log(5, 2, &[]);
        let path = e.ok(&["backup"]).trim().to_string();
        assert!(
            names.insert(path.clone()),
            "run {run} reused the name {path}"
        );
    }
    let list = e.ok(&["restore", "--list"]);
    // Newest first; each run's backup holds as many sessions as runs before it and itself.
    let sessions: Vec<u32> = list
        .lines()
        .skip(1)
        .map(|l| {
            l.split_whitespace()
                .rev()
                .nth(2)
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no session count in {l:?}"))
        })
        .collect();
    assert_eq!(sessions, (6..=15).rev().collect::<Vec<u32>>(), "{list}");
}

/// Rewrites the footlog database at `path` with pages of `size` bytes, as `VACUUM` by another
/// tool does; it stays in WAL mode.
fn set_page_size(path: &Path, size: u32) {
    let c = rusqlite::Connection::open(path).expect("open");
    c.execute_batch(&format!(
        "PRAGMA journal_mode = DELETE; PRAGMA page_size = {size}; VACUUM; PRAGMA journal_mode = WAL;"
    ))
    .expect("vacuum");
    let got: u32 = c
        .query_row("PRAGMA page_size", [], |r| r.get(0))
        .expect("page size");
    assert_eq!(got, size);
}

/// A sound backup whose pages have another size (8192 or 65536, after a VACUUM by another
/// tool) is restored exactly, and so is one into a database with another page size; it was
/// refused as "cannot be written (read-only file system, or permissions)" (issue 19.7).
#[test]
fn a_sound_backup_with_another_page_size_is_restored_exactly() {
    for (backup_size, live_size) in [(8192, 4096), (65536, 4096), (4096, 8192)] {
        let e = Env::seeded();
        with_history(&e);
        let good = backup(&e);
        let want = e.ok(&["export"]);
        let copy = e.path(&format!("paged-{backup_size}.db"));
        std::fs::copy(&good, &copy).expect("copy");
        set_page_size(&copy, backup_size);
        e.log(2, 1, &["--note", "after the backup"]);
        if live_size != 4096 {
            set_page_size(&e.db, live_size);
        }
        let out = e.ok(&["restore", copy.to_str().expect("UTF-8")]);
        assert!(out.starts_with("Restored 21 sessions"), "{out}");
        assert_eq!(e.ok(&["export"]), want, "{backup_size} into {live_size}");
        let check = e.ok(&["check"]);
        assert!(check.contains("Integrity:      ok"), "{check}");
        let backups = e.db.parent().expect("folder").join("backups");
        let temporary: Vec<_> = std::fs::read_dir(&backups)
            .expect("backups")
            .flatten()
            .map(|f| f.file_name())
            .filter(|n| n.to_string_lossy().starts_with('.'))
            .collect();
        assert!(temporary.is_empty(), "left behind: {temporary:?}");
    }
}
