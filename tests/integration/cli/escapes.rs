//! Plain-text output never passes terminal controls or bidirectional overrides through, whatever
//! the database holds (issue 8: "Text and formulas").

use rusqlite::Connection;

use super::support::Env;

/// True when `out` holds a character a terminal would act on, other than the line breaks the
/// output prints itself.
fn has_unsafe(out: &str) -> bool {
    out.chars()
        .any(|c| c != '\n' && footlog::domain::text::is_unsafe(c))
}

#[test]
fn list_shows_an_osc_52_note_and_a_bidi_override_escaped() {
    let e = Env::new();
    let uuid = e.log(7, 3, &["--at", "2026-11-20 19:00"]);
    e.ok(&["sleep", "--quality", "4", "--night", "2026-11-20"]);
    // Another tool (or an old file) wrote these; footlog itself refuses control characters.
    let c = Connection::open(&e.db).expect("open");
    c.execute(
        "UPDATE sessions SET note = 'x' || char(27) || ']52;c;aGVsbG8=' || char(7) || 'y' WHERE uuid = ?1",
        [&uuid],
    )
    .expect("write note");
    c.execute(
        "UPDATE sleep_notes SET note = 'abc' || char(8238) || 'fed' || char(127) || char(155)",
        [],
    )
    .expect("write sleep note");
    drop(c);
    let list = e.ok(&["list"]);
    assert!(!has_unsafe(&list), "{list:?}");
    assert!(list.contains(r"x\u{1b}]52;c;aGVsbG8=\u{7}y"), "{list}");
    let sleep = e.ok(&["list", "--sleep"]);
    assert!(!has_unsafe(&sleep), "{sleep:?}");
    assert!(sleep.contains(r"abc\u{202e}fed\u{7f}\u{9b}"), "{sleep}");
    // JSON is for programs: it keeps the exact text (serde escapes the C0 controls itself).
    let v = e.json(&["list", "--json"]);
    assert_eq!(v[0]["note"], "x\u{1b}]52;c;aGVsbG8=\u{7}y");
}

#[test]
fn week_due_and_rest_show_a_bidi_reason_escaped() {
    let e = Env::new();
    let out = e.ok(&["rest", "--reason", "trip \u{202e}olleh\u{2066}"]);
    assert!(!has_unsafe(&out), "{out:?}");
    assert!(out.contains(r"trip \u{202e}olleh\u{2066}"), "{out}");
    for args in [&["week"][..], &["due"][..]] {
        let out = e.ok(args);
        assert!(!has_unsafe(&out), "{args:?}: {out:?}");
        assert!(out.contains(r"\u{202e}olleh\u{2066}"), "{args:?}: {out}");
    }
}

#[test]
fn messages_show_a_path_with_controls_escaped() {
    let e = Env::new();
    let dir = e.path("evil\u{1b}]0;title\u{7}");
    std::fs::create_dir(&dir).expect("mkdir");
    let out = e
        .bare()
        .arg("--db")
        .arg(&dir)
        .arg("list")
        .output()
        .expect("run");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(r"evil\u{1b}]0;title\u{7}"), "{stderr}");
    assert!(!has_unsafe(&stderr), "{stderr:?}");
}

#[test]
fn check_shows_a_damaged_value_with_controls_escaped() {
    let e = Env::new();
    let uuid = e.log(7, 3, &[]);
    let c = Connection::open(&e.db).expect("open");
    c.execute(
        "UPDATE sessions SET started_at = 'x' || char(27) || '[2J' || char(8238) WHERE uuid = ?1",
        [&uuid],
    )
    .expect("damage");
    drop(c);
    let out = e.cmd(&["check"]).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(!has_unsafe(&text), "{text:?}");
    assert!(text.contains(r"x\u{1b}[2J\u{202e}"), "{text}");
    let stderr = String::from_utf8(e.cmd(&["list"]).output().expect("run").stderr).expect("UTF-8");
    assert!(!has_unsafe(&stderr), "{stderr:?}");
    assert!(stderr.contains(&uuid), "{stderr}");
}
