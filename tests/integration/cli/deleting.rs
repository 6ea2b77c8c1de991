//! Deleting for real: deleted records can be listed and brought back for 30 days, then (or at
//! `footlog purge`) their content is erased, leaving only a tombstone (issue 8).

use rusqlite::Connection;

use super::support::Env;

/// Counts `needle` in a file's bytes (0 when the file is absent).
fn occurrences(path: &std::path::Path, needle: &[u8]) -> usize {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).filter(|w| *w == needle).count()
}

fn side(e: &Env, suffix: &str) -> std::path::PathBuf {
    let mut p = e.db.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

#[test]
fn list_deleted_shows_deleted_records_and_undelete_brings_one_back() {
    let e = Env::new();
    let s = e.log(
        7,
        3,
        &["--at", "2026-11-20 19:00", "--note", "gone for now"],
    );
    let n = e.ok(&[
        "sleep",
        "--quality",
        "2",
        "--night",
        "2026-11-21",
        "--note",
        "bad night",
    ]);
    let n = n.trim().to_string();
    assert!(
        e.ok(&["list", "--deleted"])
            .contains("No deleted sessions or sleep notes.")
    );
    e.ok(&["delete", &s[..8]]);
    e.ok(&["delete", &n[..8]]);
    let out = e.ok(&["list", "--deleted"]);
    assert!(
        out.contains("gone for now") && out.contains(&s[..8]),
        "{out}"
    );
    assert!(out.contains("bad night") && out.contains(&n[..8]), "{out}");
    // Deleted 2026-11-23 (the clock), erased 30 days later.
    assert!(
        out.contains("2026-11-23") && out.contains("2026-12-23"),
        "{out}"
    );
    let v = e.json(&["list", "--deleted", "--json"]);
    assert_eq!(v["sessions"][0]["uuid"], s.as_str());
    assert_eq!(v["sessions"][0]["deleted_at"], "2026-11-23T20:00:00+01:00");
    assert_eq!(v["sleep_notes"][0]["uuid"], n.as_str());
    assert!(e.ok(&["list"]).contains("No sessions"));

    let out = e.ok(&["undelete", &s[..8]]);
    assert!(out.contains(&s), "{out}");
    assert!(e.ok(&["list"]).contains("gone for now"));
    assert!(!e.ok(&["list", "--deleted"]).contains("gone for now"));
    // Nothing deleted matches any more: exit 1.
    e.fails(&["undelete", &s[..8]], 1);
}

#[test]
fn undelete_exits_1_when_nothing_matches_and_2_when_ambiguous() {
    let e = Env::new();
    e.fails(&["undelete", "abc"], 1);
    // Delete sessions until two share a first hex digit.
    let mut deleted: Vec<String> = Vec::new();
    let prefix = loop {
        let u = e.log(5, 2, &[]);
        e.ok(&["delete", &u]);
        if let Some(other) = deleted.iter().find(|d| d[..1] == u[..1]) {
            break other[..1].to_string();
        }
        deleted.push(u);
    };
    let err = e.fails(&["undelete", &prefix], 2);
    assert!(err.contains("give more characters"), "{err}");
    e.fails(&["undelete", "not-hex!"], 2);
}

#[test]
fn deleted_content_is_erased_after_30_days_by_the_next_writing_command() {
    let mut e = Env::new();
    let s = e.log(7, 3, &["--note", "erase me later"]);
    e.ok(&["delete", &s]);
    // 29 days on, a write keeps it; 30 days on, it is gone.
    e.now = "2026-12-22 19:00".into();
    e.log(4, 2, &[]);
    assert!(e.ok(&["list", "--deleted"]).contains("erase me later"));
    e.now = "2026-12-23 20:00".into();
    // Read-only, it already counts as erased; the file still holds it until a write.
    let out = e.ok(&["list", "--deleted"]);
    assert!(!out.contains("erase me later"), "{out}");
    assert!(out.contains("1 erased record"), "{out}");
    e.log(4, 2, &[]);
    assert_eq!(occurrences(&e.db, b"erase me later"), 0);
    e.fails(&["undelete", &s], 1);
    assert!(e.ok(&["check"]).ends_with("All good.\n"));
}

#[test]
fn purge_leaves_no_trace_of_the_text_in_the_database_files() {
    let e = Env::new();
    let secret: &[u8] = b"PURGE-ME-7f3a9c-my-private-note";
    let text = std::str::from_utf8(secret).expect("text");
    let keep = e.log(6, 2, &["--note", "this one stays"]);
    let s = e.log(7, 3, &["--note", text, "--oil", text]);
    let n = e.ok(&["sleep", "--quality", "3", "--note", text]);
    // Hold a connection open, as an open app would between its reads: the -wal file stays.
    let holder = Connection::open(&e.db).expect("open");
    holder
        .query_row("SELECT count(*) FROM sessions", [], |r| r.get::<_, i64>(0))
        .expect("read");
    e.ok(&["delete", &s]);
    e.ok(&["delete", n.trim()]);
    let files = [e.db.clone(), side(&e, "-wal")];
    let before: usize = files.iter().map(|f| occurrences(f, secret)).sum();
    assert!(
        before > 0,
        "the text should be in the files before the purge"
    );
    let out = e.ok(&["purge"]);
    assert!(
        out.contains("Erased 1 deleted session and 1 deleted sleep note"),
        "{out}"
    );
    assert!(
        side(&e, "-wal").exists(),
        "the held connection keeps the -wal file"
    );
    for f in &files {
        assert_eq!(
            occurrences(f, secret),
            0,
            "{} still holds the text",
            f.display()
        );
    }
    // The rest is intact, the erased ones cannot come back, and check is happy.
    assert!(e.ok(&["list"]).contains("this one stays"));
    assert!(e.ok(&["list"]).contains(&keep[..8]));
    e.fails(&["undelete", &s], 1);
    assert!(e.ok(&["check"]).ends_with("All good.\n"));
    assert!(e.ok(&["purge"]).contains("Nothing to erase"));
    drop(holder);
}

#[test]
fn an_erased_record_is_not_brought_back_by_importing_an_old_export() {
    let e = Env::new();
    let s = e.log(7, 3, &["--note", "old"]);
    let kept = e.log(6, 2, &["--note", "kept"]);
    let export = e.ok(&["export"]);
    let file = e.write("old.json", &export);
    e.ok(&["delete", &s]);
    e.ok(&["purge"]);
    let said = e.ok(&["import", &file]);
    assert!(
        said.contains("0 sessions") && said.contains("1 deleted here, kept deleted"),
        "{said}"
    );
    let list = e.ok(&["list"]);
    assert!(
        list.contains(&kept[..8]) && !list.contains(&s[..8]),
        "{list}"
    );
    assert!(e.ok(&["list", "--deleted"]).contains("1 erased record"));
}

#[test]
fn purge_and_undelete_on_a_missing_database_create_nothing() {
    let e = Env::new();
    assert!(e.ok(&["purge"]).contains("Nothing to erase"));
    e.fails(&["undelete", "abc"], 1);
    assert!(e.ok(&["list", "--deleted"]).contains("No deleted"));
    assert!(!e.db.exists() && !e.db.parent().expect("folder").exists());
}

#[test]
fn purge_says_so_when_a_reader_keeps_the_wal_from_being_emptied() {
    let e = Env::new();
    let s = e.log(7, 3, &["--note", "held in the wal"]);
    e.ok(&["delete", &s]);
    // A reader in the middle of a read transaction pins the WAL's pages.
    let mut holder = Connection::open(&e.db).expect("open");
    let tx = holder.transaction().expect("begin");
    tx.query_row("SELECT count(*) FROM sessions", [], |r| r.get::<_, i64>(0))
        .expect("read");
    let out = e.ok(&["purge"]);
    assert!(out.contains("Erased 1 deleted session"), "{out}");
    assert!(
        out.contains("the erased text leaves its -wal file when that one closes"),
        "{out}"
    );
    drop(tx);
    drop(holder);
    // Once the reader is gone, the next write empties the WAL and the text is gone.
    e.log(4, 2, &[]);
    for f in [e.db.clone(), side(&e, "-wal")] {
        assert_eq!(occurrences(&f, b"held in the wal"), 0, "{}", f.display());
    }
}
