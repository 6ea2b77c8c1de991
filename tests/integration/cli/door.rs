//! One door for every write (issue 16): every command that writes opens the database the same
//! way, so each runs the damage check and the 30-day erasure; read commands cannot write.

use std::path::Path;

use rusqlite::Connection;

use super::support::{Env, noise, tree};

/// What each writing command is run as, given a fresh UUID prefix of a live session (`live`)
/// and of a recently deleted one (`recent`), and an import file.
fn writing_commands(live: &str, recent: &str, import: &str) -> Vec<Vec<String>> {
    let v = |a: &[&str]| a.iter().map(ToString::to_string).collect::<Vec<_>>();
    vec![
        v(&["log", "--before", "5", "--after", "3"]),
        v(&["sleep", "--quality", "3", "--night", "2026-11-22"]),
        v(&["goal", "--per-week", "3"]),
        v(&["goal", "--week-start", "sunday"]),
        v(&["rest", "--reason", "travel"]),
        v(&["rest", "--undo", "--week", "2026-11-09"]),
        v(&["delete", live]),
        v(&["undelete", recent]),
        v(&["purge"]),
        v(&["import", import]),
    ]
}

/// A database holding a session deleted 31 days before the clock (`old`, to be erased; still
/// kept by the writes that prepare the rest, the day before), a
/// live one, one deleted yesterday, a rest week to undo, and an import file.
fn prepared() -> (Env, String, String, String) {
    let mut e = Env::new();
    e.now = "2026-10-23 23:00".into();
    let old = e.log(6, 2, &["--note", "ERASE-ME-OLD-7d1f"]);
    e.ok(&["delete", &old[..8]]);
    e.now = "2026-11-22 20:00".into();
    let live = e.log(7, 3, &["--at", "2026-11-21 19:00"]);
    let recent = e.log(7, 3, &["--at", "2026-11-20 19:00"]);
    e.ok(&["delete", &recent[..8]]);
    e.ok(&["rest", "--week", "2026-11-09", "--reason", "ill"]);
    e.now = super::support::NOW.into();
    let import = e.write(
        "one.json",
        r#"[{"uuid": "00000000-0000-4000-8000-000000000001", "started_at": "2026-11-19T20:00:00+01:00", "tension_before": 6, "tension_after": 2}]"#,
    );
    (e, live[..8].to_string(), recent[..8].to_string(), import)
}

fn count(db: &Path, sql: &str) -> i64 {
    let c = Connection::open(db).expect("open");
    c.query_row(sql, [], |r| r.get(0)).expect("count")
}

const OLD_KEPT: &str = "SELECT count(*) FROM sessions WHERE note = 'ERASE-ME-OLD-7d1f'";

#[test]
fn every_command_that_writes_erases_records_deleted_30_days_before() {
    for i in 0..writing_commands("", "", "").len() {
        let (e, live, recent, import) = prepared();
        assert_eq!(count(&e.db, OLD_KEPT), 1);
        let args = &writing_commands(&live, &recent, &import)[i];
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        e.ok(&args);
        assert_eq!(
            count(&e.db, OLD_KEPT),
            0,
            "{args:?} kept the expired record"
        );
        assert!(
            count(&e.db, "SELECT count(*) FROM tombstones") >= 1,
            "{args:?}"
        );
    }
}

#[test]
fn read_commands_erase_nothing_and_leave_the_file_as_it_was() {
    let (e, _, _, _) = prepared();
    let before = std::fs::read(&e.db).expect("read");
    let files = tree(e.dir.path());
    for args in [
        &["list"][..],
        &["list", "--sleep", "--json"][..],
        &["list", "--deleted"][..],
        &["week", "--json"][..],
        &["stats"][..],
        &["goal"][..],
        &["export"][..],
        &["export", "--format", "csv"][..],
        &["insights", "--json"][..],
    ] {
        e.ok(args);
        assert!(
            std::fs::read(&e.db).expect("read") == before,
            "{args:?} changed the file"
        );
        assert_eq!(
            tree(e.dir.path()),
            files,
            "{args:?} created or removed files"
        );
    }
    // `due` exits 3 while a session is due; it reads all the same.
    assert_eq!(
        e.cmd(&["due"]).output().expect("due").status.code(),
        Some(3)
    );
    assert!(
        std::fs::read(&e.db).expect("read") == before,
        "due changed the file"
    );
    assert_eq!(count(&e.db, OLD_KEPT), 1);
}

#[test]
fn read_commands_read_an_older_schema_without_upgrading_the_file() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let e = Env::new();
    std::fs::create_dir_all(e.db.parent().expect("parent")).expect("mkdir");
    std::fs::copy(fixtures.join("schema-1.db"), &e.db).expect("copy the fixture");
    let before = std::fs::read(&e.db).expect("read");
    let files = tree(e.dir.path());
    let expected = super::support::schema_1_export();
    assert_eq!(e.ok(&["export"]), expected);
    let copy = e.path("copy.db");
    for args in [
        &["list"][..],
        &["week", "--json"][..],
        &["stats", "--json"][..],
        &["check"][..],
        &["backup", "--output", copy.to_str().expect("UTF-8")][..],
    ] {
        let out = e.cmd(args).output().expect("run");
        // `check` exits 1 on this file's modes (a copied fixture is not private); it reads all
        // the same.
        let ok = match args[0] {
            "check" => matches!(out.status.code(), Some(0 | 1)),
            _ => out.status.code() == Some(0),
        };
        assert!(ok, "{args:?}: {out:?}");
    }
    let files: std::collections::BTreeSet<_> = files.into_iter().chain([copy]).collect();
    assert!(
        std::fs::read(&e.db).expect("read") == before,
        "the file changed"
    );
    assert_eq!(tree(e.dir.path()), files, "a backup or side file was made");
    assert_eq!(count(&e.db, "PRAGMA user_version"), 1);
}

fn root_page(db: &Path, name: &str) -> u64 {
    let page = count(
        db,
        &format!("SELECT rootpage FROM sqlite_master WHERE name = '{name}'"),
    );
    u64::try_from(page).expect("page")
}

fn garble_page(path: &Path, page: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .expect("open");
    f.seek(SeekFrom::Start((page - 1) * 4096)).expect("seek");
    f.write_all(&noise(4096)).expect("write");
}

/// Every writing command refuses the database, says why and what to do, and changes nothing.
fn all_refuse(e: &Env, live: &str, recent: &str, import: &str, needles: &[&str]) {
    for args in writing_commands(live, recent, import) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let before = std::fs::read(&e.db).expect("read");
        let files = tree(e.dir.path());
        let msg = e.fails(&args, 1);
        for n in needles {
            assert!(msg.contains(n), "{args:?}: {msg}");
        }
        assert!(
            std::fs::read(&e.db).expect("read") == before,
            "{args:?} changed the file"
        );
        assert_eq!(tree(e.dir.path()), files, "{args:?}");
    }
}

#[test]
fn every_command_that_writes_refuses_a_damaged_file_even_closed_cleanly() {
    // No -wal beside it: the file was closed cleanly and then damaged (a disk, another tool).
    // The sleep notes' root page is one that `log`, `goal` or `rest` never write to.
    for tree_name in ["sleep_notes", "sessions_live_by_start", "tombstones"] {
        let (e, live, recent, import) = prepared();
        garble_page(&e.db, root_page(&e.db, tree_name));
        all_refuse(
            &e,
            &live,
            &recent,
            &import,
            &["is damaged", "footlog check", "footlog restore --list"],
        );
    }
}

#[test]
fn every_command_that_writes_refuses_a_schema_that_is_not_footlogs() {
    let (e, live, recent, import) = prepared();
    // Without this trigger the per-day totals (streaks, charts) would silently drift.
    let c = Connection::open(&e.db).expect("open");
    c.execute_batch("DROP TRIGGER session_days_after_insert")
        .expect("drop");
    drop(c);
    all_refuse(
        &e,
        &live,
        &recent,
        &import,
        &["is damaged", "trigger session_days_after_insert is missing"],
    );
    // Reading still works, and `check` names it.
    e.ok(&["list"]);
    let out = e.cmd(&["check"]).output().expect("check");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("session_days_after_insert"));
}

#[test]
fn a_database_cut_short_while_another_program_has_it_open_is_refused() {
    let (e, live, recent, import) = prepared();
    // Another connection holds the file open with its changes in the -wal; then the main file
    // loses half its pages (the header's page count cannot be trusted with a -wal beside it).
    let other = Connection::open(&e.db).expect("open");
    other
        .execute_batch("PRAGMA wal_autocheckpoint = 0; UPDATE sessions SET pain = 1;")
        .expect("write");
    let len = std::fs::metadata(&e.db).expect("meta").len();
    let f = std::fs::OpenOptions::new()
        .write(true)
        .open(&e.db)
        .expect("open");
    f.set_len(len / 8192 * 4096).expect("truncate");
    drop(f);
    all_refuse(&e, &live, &recent, &import, &["is damaged"]);
    drop(other);
}

#[test]
fn restore_erases_what_the_restored_backup_kept_past_its_30_days() {
    let (e, _, _, _) = prepared();
    // A copy taken before the erasure was due still holds the record deleted 31 days ago.
    let copy = e.path("copy.db");
    e.ok(&["backup", "--output", copy.to_str().expect("UTF-8")]);
    assert_eq!(count(&copy, OLD_KEPT), 1);
    e.ok(&["restore", copy.to_str().expect("UTF-8")]);
    assert_eq!(count(&e.db, OLD_KEPT), 0, "restore kept the expired record");
    assert_eq!(count(&e.db, "SELECT count(*) FROM tombstones"), 1);
}

/// A database reached through a symbolic link (a file kept in a synced folder) has its `-wal`
/// beside the real file, where SQLite keeps it: the damage check counts those pages, so a
/// healthy database with pages still in its `-wal` (the app open) is never called truncated.
#[test]
fn a_database_behind_a_symlink_with_pages_in_its_wal_is_not_called_damaged() {
    let e = Env::new();
    e.log(6, 3, &[]);
    let real = e.db.clone();
    let link = e.path("linked.db");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    // Another program holds the database open (as the app does), so nothing is checkpointed.
    let held = rusqlite::Connection::open(&real).expect("open");
    held.query_row("SELECT count(*) FROM sessions", [], |r| r.get::<_, i64>(0))
        .expect("read");
    let note = "n".repeat(1500);
    for day in 1..=20 {
        let out = e
            .bare()
            .arg("--db")
            .arg(&link)
            .args(["log", "--before", "6", "--after", "3", "--note", &note])
            .args(["--at", &format!("2026-11-{day:02} 20:00")])
            .output()
            .expect("run");
        assert_eq!(
            out.status.code(),
            Some(0),
            "log {day}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    drop(held);
}
