//! Upgrading a database written by an earlier schema (fixture `tests/fixtures/schema-v1.db`, made by
//! footlog at schema 1 with TZ=Europe/Berlin): data kept exactly, a backup written first.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_footlog");
const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn footlog(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(args)
        .env("TZ", "Europe/Berlin")
        .env("FOOTLOG_NOW", "2026-11-23 20:30")
        .output()
        .expect("run footlog")
}

fn user_version(db: &Path) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("version")
}

#[test]
fn schema_1_upgrades_with_a_backup_and_keeps_every_record() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    std::fs::copy(Path::new(FIXTURES).join("schema-v1.db"), &db).expect("copy fixture");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    assert_eq!(user_version(&db), 1);

    let out = footlog(&db, &["export"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected =
        std::fs::read_to_string(Path::new(FIXTURES).join("schema-v1.export.json")).expect("export");
    assert_eq!(
        String::from_utf8(out.stdout).expect("utf8"),
        expected,
        "export unchanged by the upgrade"
    );
    assert!(user_version(&db) >= 2, "upgraded");

    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.to_string_lossy().contains("footlog.db.v1-") && p.to_string_lossy().ends_with(".bak")
        })
        .collect();
    assert_eq!(
        backups.len(),
        1,
        "one backup beside the database: {backups:?}"
    );
    assert_eq!(user_version(&backups[0]), 1, "the backup is the old schema");
    let mode = std::fs::metadata(&backups[0])
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);

    // The per-day totals built by the migration agree with the sessions.
    let stats: serde_json::Value =
        serde_json::from_slice(&footlog(&db, &["stats", "--json"]).stdout).expect("json");
    assert_eq!(stats["sessions_total"], 4);
    assert_eq!(stats["avg_tension_before"], 6.75);
    assert_eq!(stats["avg_tension_after"], 2.5);
    let weeks: serde_json::Value =
        serde_json::from_slice(&footlog(&db, &["week", "--weeks", "4", "--json"]).stdout)
            .expect("json");
    let counts: Vec<i64> = weeks
        .as_array()
        .expect("array")
        .iter()
        .map(|w| w["sessions"].as_i64().expect("n"))
        .collect();
    assert_eq!(
        counts,
        vec![1, 2, 0, 1],
        "the deleted session does not count"
    );

    // A second open finds nothing to upgrade and writes no second backup.
    assert!(footlog(&db, &["list"]).status.success());
    let baks = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().to_string_lossy().ends_with(".bak"))
        .count();
    assert_eq!(baks, 1);
}

#[test]
fn a_fresh_database_gets_no_backup() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("new.db");
    assert!(
        footlog(&db, &["log", "--before", "5", "--after", "2"])
            .status
            .success()
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".bak")), "{names:?}");
}
