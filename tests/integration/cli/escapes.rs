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

/// Notes written by another tool: every kind of line break, then text laid out as a row of the
/// Sessions table, so a break that ends the row forges a session.
fn log_notes_with_every_line_break(e: &Env) -> usize {
    let breaks = [
        "\r", "\n", "\r\n", "\u{2028}", "\u{2029}", "\u{85}", "\u{b}", "\u{c}",
    ];
    let uuids: Vec<String> = (0..breaks.len())
        .map(|i| e.log(7, 3, &["--at", &format!("2026-11-{:02} 19:00", 10 + i)]))
        .collect();
    let c = Connection::open(&e.db).expect("open");
    for (br, uuid) in breaks.iter().zip(&uuids) {
        let note = format!(
            "real{br}| Mon 2 Nov 2026, 09:00 | 60 | both | hands | – | – | 9 → 0 | – | forged |"
        );
        c.execute(
            "UPDATE sessions SET note = ?1 WHERE uuid = ?2",
            [&note, uuid],
        )
        .expect("write note");
    }
    breaks.len()
}

/// The body rows of the Markdown table whose header starts with `first_header`, as a `CommonMark`
/// (GFM tables) renderer reads them: the text of each cell.
fn table_rows(md: &str, first_header: &str) -> Vec<Vec<String>> {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut tables: Vec<(Vec<String>, Vec<Vec<String>>)> = Vec::new();
    let (mut in_head, mut cell) = (false, String::new());
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Table(_)) => tables.push((Vec::new(), Vec::new())),
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) => {
                if let Some(t) = tables.last_mut() {
                    t.1.push(Vec::new());
                }
            }
            Event::Start(Tag::TableCell) => cell.clear(),
            Event::End(TagEnd::TableCell) => {
                if let Some(t) = tables.last_mut() {
                    if in_head {
                        t.0.push(cell.clone());
                    } else if let Some(row) = t.1.last_mut() {
                        row.push(cell.clone());
                    }
                }
            }
            Event::Text(s) | Event::Code(s) => cell.push_str(&s),
            Event::SoftBreak | Event::HardBreak => cell.push('\n'),
            _ => {}
        }
    }
    tables
        .into_iter()
        .find(|(head, _)| head.first().is_some_and(|h| h == first_header))
        .map(|(_, rows)| rows)
        .unwrap_or_default()
}

#[test]
fn a_line_break_in_a_note_never_ends_a_markdown_table_row() {
    let e = Env::new();
    let n = log_notes_with_every_line_break(&e);
    let md = e.ok(&["report", "--format", "md"]);
    let rows = table_rows(&md, "Date and time");
    assert_eq!(rows.len(), n, "one row per session, none forged:\n{md}");
    for row in &rows {
        let note = row.last().expect("a note cell");
        assert!(
            note.starts_with("real") && note.contains("forged"),
            "the whole note stays in its own cell: {row:?}"
        );
        assert!(
            !row.first().is_some_and(|d| d.contains("Mon 2 Nov")),
            "{row:?}"
        );
    }
}

#[test]
fn reports_on_stdout_show_controls_and_bidi_characters_escaped() {
    let e = Env::new();
    let uuid = e.log(7, 3, &["--at", "2026-11-20 19:00", "--oil", "almond"]);
    let c = Connection::open(&e.db).expect("open");
    c.execute(
        "UPDATE sessions SET note = 'x' || char(27) || ']52;c;aGVsbG8=' || char(7) || 'y' || \
         char(13) || 'abc' || char(8238) || 'fed' || char(155) || 'z', \
         oil = 'oil' || char(27) || '[2J' WHERE uuid = ?1",
        [&uuid],
    )
    .expect("write note");
    drop(c);
    e.ok(&["rest", "--reason", "trip \u{202e}olleh\u{2066}"]);
    for format in ["md", "html"] {
        let out = e.ok(&["report", "--format", format]);
        assert!(!has_unsafe(&out), "{format}: {out:?}");
        // (Markdown escapes its own punctuation, `]` and `[` among it.)
        for shown in [
            r"x\u{1b}",
            r"aGVsbG8=\u{7}y",
            r"abc\u{202e}fed\u{9b}z",
            r"\u{202e}olleh",
        ] {
            assert!(out.contains(shown), "{format}: {shown} is not in {out}");
        }
    }
}

#[test]
fn wrote_backup_and_restore_lines_show_a_path_with_controls_escaped() {
    let e = Env::seeded();
    let evil = "evil\u{1b}]0;title\u{7}\u{202e}\r";
    let shown = r"evil\u{1b}]0;title\u{7}\u{202e}\u{d}";
    let check = |what: &str, text: &[u8]| {
        let text = String::from_utf8_lossy(text);
        assert!(!has_unsafe(&text), "{what}: {text:?}");
        assert!(text.contains(shown), "{what}: {text:?}");
    };
    for (i, args) in [
        &["report", "--format", "md", "--output"][..],
        &["export", "--output"][..],
        &["remind", "--ics", "--output"][..],
    ]
    .iter()
    .enumerate()
    {
        let out = e
            .cmd(args)
            .arg(e.path(&format!("{i}{evil}")))
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        check(&format!("{args:?}"), &out.stderr);
    }
    let backup = e.path(&format!("b{evil}.db"));
    let out = e
        .cmd(&["backup", "--output"])
        .arg(&backup)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    check("backup --output", &out.stdout);
    let out = e.cmd(&["restore"]).arg(&backup).output().expect("run");
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    check("restore", &out.stdout);
    // A database in a folder whose name holds them: its backups folder does too.
    let dir = e.path(evil);
    std::fs::create_dir(&dir).expect("mkdir");
    let db = dir.join("footlog.db");
    let run = |args: &[&str]| {
        e.bare()
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .expect("run")
    };
    assert_eq!(
        run(&["log", "--before", "5", "--after", "2"]).status.code(),
        Some(0)
    );
    let out = run(&["restore", "--list"]);
    check("restore --list (none)", &out.stdout);
    let out = run(&["backup"]);
    assert_eq!(out.status.code(), Some(0));
    check("backup", &out.stdout);
    let out = run(&["restore", "--list"]);
    check("restore --list", &out.stdout);
}

/// What footlog exports, it imports (issue 19.12): notes, oil and a rest reason that another tool
/// wrote with control characters come back exactly, into a new database and as "already present"
/// into the same one; typed ones are still refused.
#[test]
fn an_export_holding_control_characters_imports_back_exactly() {
    let e = Env::new();
    let uuid = e.log(7, 3, &["--at", "2026-11-20 19:00", "--oil", "almond"]);
    e.ok(&["sleep", "--quality", "4", "--night", "2026-11-20"]);
    e.ok(&["rest", "--week", "2026-11-09", "--reason", "travel"]);
    let c = Connection::open(&e.db).expect("open");
    c.execute_batch(&format!(
        "UPDATE sessions SET note = 'x' || char(27) || '[31my' || char(7), \
                             oil = 'al' || char(1) || 'mond' WHERE uuid = '{uuid}';
         UPDATE sleep_notes SET note = 'a' || char(155) || 'b';
         UPDATE rest_marks SET reason = 'tr' || char(27) || 'avel';"
    ))
    .expect("write");
    drop(c);
    let exported = e.ok(&["export"]);
    let file = e.write("export.json", &exported);
    let again = e.ok(&["import", &file]);
    assert!(again.contains("2 already present, 0 conflicts"), "{again}");
    let fresh = Env::new();
    let out = fresh.ok(&["import", &file]);
    assert!(
        out.starts_with("Imported 1 session and 1 sleep note"),
        "{out}"
    );
    assert_eq!(fresh.ok(&["export"]), exported);
    // Typed by a person, they are still refused.
    let err = fresh.fails(
        &["log", "--before", "5", "--after", "2", "--note", "a\u{1b}b"],
        2,
    );
    assert!(err.contains("note"), "{err}");
}
