//! Where the database lives, its file modes, refusing files that are not ours, and upgrades.

use std::path::Path;

use serde_json::json;

use super::support::{Env, mode, noise, tree};

#[test]
fn read_only_commands_on_a_missing_database_print_empty_results_and_create_nothing() {
    let e = Env::new();
    let before = tree(e.dir.path());
    assert_eq!(e.json(&["list", "--json"]), json!([]));
    assert_eq!(e.json(&["list", "--sleep", "--json"]), json!([]));
    assert!(e.ok(&["list"]).contains("No sessions yet"));
    assert!(e.ok(&["list", "--sleep"]).contains("No sleep notes yet"));
    let weeks = e.json(&["week", "--json", "--weeks", "3"]);
    assert_eq!(
        weeks,
        json!([
            {"week_start": "2026-11-09", "sessions": 0, "goal": 1, "met": false, "rest": false},
            {"week_start": "2026-11-16", "sessions": 0, "goal": 1, "met": false, "rest": false},
            {"week_start": "2026-11-23", "sessions": 0, "goal": 1, "met": false, "rest": false},
        ])
    );
    assert!(e.ok(&["week"]).contains("2026-11-23"));
    assert_eq!(e.json(&["stats", "--json"])["sessions_total"], 0);
    e.ok(&["stats"]);
    let x = e.json(&["export"]);
    assert_eq!(
        x,
        json!({"version": 1, "week_start": "monday",
               "health_profile": {"diabetes_or_neuropathy": false, "circulation_problems": false,
                                  "pregnancy": false},
               "reminder": null,
               "goals": [], "rest_weeks": [], "sessions": [], "sleep_notes": []})
    );
    let csv = e.ok(&["export", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1, "header only: {csv}");
    assert_eq!(
        e.ok(&["export", "--format", "csv", "--sleep"])
            .lines()
            .count(),
        1
    );
    assert!(e.ok(&["goal"]).contains("1 session per week"));
    let due = e.cmd(&["due"]).output().expect("run");
    assert_eq!(due.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&due.stdout).contains("0/1"));
    assert_eq!(
        tree(e.dir.path()),
        before,
        "a read-only command created something"
    );
}

#[test]
fn writing_creates_private_folders_and_database() {
    let mut e = Env::new();
    e.db = e
        .dir
        .path()
        .join("a")
        .join("b")
        .join("c")
        .join("footlog.db");
    e.log(5, 3, &[]);
    assert_eq!(mode(&e.db), 0o600);
    for dir in ["a", "a/b", "a/b/c"] {
        assert_eq!(mode(&e.dir.path().join(dir)), 0o700, "{dir}");
    }
    // Nothing but the database is left behind once footlog exits.
    let files: Vec<_> = tree(&e.dir.path().join("a/b/c")).into_iter().collect();
    assert_eq!(files, vec![e.db.clone()]);
}

#[test]
fn an_existing_folder_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let e = Env::new();
    let parent = e.db.parent().expect("parent");
    std::fs::create_dir(parent).expect("mkdir");
    std::fs::set_permissions(parent, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    e.log(5, 3, &[]);
    assert_eq!(mode(parent), 0o755);
    assert_eq!(mode(&e.db), 0o600);
}

#[test]
fn default_location_follows_xdg_data_home_then_home() {
    let e = Env::new();
    let xdg_db = e.dir.path().join("xdg/footlog/footlog.db");
    let out = e
        .bare()
        .args(["log", "--before", "5", "--after", "3"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&xdg_db), 0o600);
    assert_eq!(mode(&e.dir.path().join("xdg/footlog")), 0o700);

    // Without XDG_DATA_HOME: ~/.local/share.
    let out = e
        .bare()
        .env_remove("XDG_DATA_HOME")
        .args(["sleep", "--quality", "3"])
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let home_db = e.dir.path().join("home/.local/share/footlog/footlog.db");
    assert_eq!(mode(&home_db), 0o600);

    // FOOTLOG_DB beats the default; --db beats FOOTLOG_DB.
    let env_db = e.dir.path().join("env.db");
    let out = e
        .bare()
        .env("FOOTLOG_DB", &env_db)
        .args(["log", "--before", "5", "--after", "3"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(env_db.exists());
    let out = e
        .bare()
        .env("FOOTLOG_DB", &env_db)
        .arg("--db")
        .arg(&e.db)
        .args(["log", "--before", "5", "--after", "3"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(e.db.exists());
    let count = |p: &Path| {
        let c = rusqlite::Connection::open(p).expect("open");
        c.query_row("SELECT count(*) FROM sessions", [], |r| r.get::<_, i64>(0))
            .expect("count")
    };
    assert_eq!((count(&xdg_db), count(&env_db), count(&e.db)), (1, 1, 1));
}

/// Requires every command to refuse the file at `e.db` with exit 1 and `needle`, leaving it
/// byte-for-byte untouched with no side files.
fn refuses_untouched(e: &Env, needle: &str) {
    let bytes = std::fs::read(&e.db).expect("read the file");
    let files = tree(e.dir.path());
    let cases: &[&[&str]] = &[
        &["log", "--before", "5", "--after", "3"],
        &["sleep", "--quality", "3"],
        &["goal", "--per-week", "2"],
        &["rest", "--reason", "travel"],
        &["import", "-"],
        &["delete", "abc"],
        &["list"],
        &["week", "--json"],
        &["stats"],
        &["due"],
        &["export"],
    ];
    for args in cases {
        let out = e
            .cmd(args)
            .write_stdin(r#"{"version":1}"#)
            .output()
            .expect("run");
        let msg = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {msg}");
        assert!(msg.contains(needle), "{args:?}: {msg}");
        assert!(msg.contains("untouched"), "{args:?}: {msg}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            std::fs::read(&e.db).expect("read") == bytes,
            "{args:?} changed the file"
        );
        assert_eq!(tree(e.dir.path()), files, "{args:?} created files");
    }
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_untouched() {
    let e = Env::new();
    std::fs::create_dir_all(e.db.parent().expect("parent")).expect("mkdir");
    std::fs::write(&e.db, noise(4096)).expect("write");
    refuses_untouched(&e, "not an SQLite file");
    // A short text file too.
    std::fs::write(&e.db, "hello\n").expect("write");
    refuses_untouched(&e, "not an SQLite file");
}

#[test]
fn an_sqlite_database_of_another_program_is_refused_untouched() {
    let e = Env::new();
    std::fs::create_dir_all(e.db.parent().expect("parent")).expect("mkdir");
    {
        let c = rusqlite::Connection::open(&e.db).expect("create");
        c.execute_batch(
            "CREATE TABLE sessions (id INTEGER PRIMARY KEY, what TEXT);
             INSERT INTO sessions (what) VALUES ('not footlog');",
        )
        .expect("fill");
    }
    refuses_untouched(&e, "another program");
    // Same, even if it claims our schema version.
    {
        let c = rusqlite::Connection::open(&e.db).expect("open");
        c.pragma_update(None, "user_version", 1)
            .expect("set version");
    }
    refuses_untouched(&e, "another program");
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let e = Env::seeded();
    let export = e.ok(&["export"]);
    let known: i64 = {
        let c = rusqlite::Connection::open(&e.db).expect("open");
        let v = c
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .expect("version");
        c.pragma_update(None, "user_version", 999)
            .expect("set version");
        v
    };
    refuses_untouched(&e, "schema version 999");
    {
        let c = rusqlite::Connection::open(&e.db).expect("open");
        c.pragma_update(None, "user_version", known)
            .expect("set version");
    }
    assert_eq!(
        e.ok(&["export"]),
        export,
        "back at a known version it opens again"
    );
}

#[test]
fn a_directory_is_not_a_database() {
    let e = Env::new();
    std::fs::create_dir_all(&e.db).expect("mkdir");
    let msg = e.fails(&["log", "--before", "5", "--after", "3"], 1);
    assert!(msg.contains("directory"), "{msg}");
    let msg = e.fails(&["list"], 1);
    assert!(msg.contains("directory"), "{msg}");
}

#[test]
fn an_empty_file_becomes_a_new_database() {
    let e = Env::new();
    std::fs::create_dir_all(e.db.parent().expect("parent")).expect("mkdir");
    std::fs::write(&e.db, b"").expect("touch");
    e.log(5, 3, &[]);
    assert_eq!(e.json(&["stats", "--json"])["sessions_total"], 1);
}

/// The schema-1 fixture (see tests/fixtures/README.md) upgrades with a backup and every row intact.
#[test]
fn schema_1_fixture_upgrades_with_a_backup_and_all_rows() {
    use std::os::unix::fs::PermissionsExt;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let e = Env::new();
    std::fs::create_dir_all(e.db.parent().expect("parent")).expect("mkdir");
    std::fs::copy(fixtures.join("schema-1.db"), &e.db).expect("copy the fixture");
    let expected = super::support::schema_1_export();
    assert_eq!(e.ok(&["export"]), expected);
    // Writing to it keeps the old rows.
    e.log(5, 3, &[]);
    let x = e.json(&["export"]);
    let old: serde_json::Value = serde_json::from_str(&expected).expect("json");
    let n_old = old["sessions"].as_array().expect("sessions").len();
    assert!(n_old >= 3);
    assert_eq!(x["sessions"].as_array().expect("sessions").len(), n_old + 1);
    assert_eq!(x["sleep_notes"], old["sleep_notes"]);
    assert_eq!(x["goals"], old["goals"]);
    assert_eq!(x["rest_weeks"], old["rest_weeks"]);
    assert_eq!(x["week_start"], old["week_start"]);
    let conn = rusqlite::Connection::open(&e.db).expect("open");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert!(
        version >= 2,
        "upgraded to the current schema, got {version}"
    );
    // Before migrating, a copy of the schema-1 file was written beside it, private.
    let baks: Vec<_> = tree(e.db.parent().expect("parent"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "bak"))
        .collect();
    assert_eq!(baks.len(), 1, "{baks:?}");
    let b = rusqlite::Connection::open(&baks[0]).expect("open backup");
    let bv: i64 = b
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version");
    assert_eq!(bv, 1, "the backup holds the old schema");
    let mode = std::fs::metadata(&baks[0])
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    // The per-day totals that migration 2 builds agree with the rows.
    assert_eq!(
        e.json(&["stats", "--json"])["sessions_total"],
        serde_json::json!(n_old + 1)
    );
}
