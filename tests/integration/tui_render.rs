//! Every screen, overlay and form state rendered to a `TestBackend` at 80x24 and 120x40, from a
//! seeded in-memory database and a fixed clock; and every size from 0x0 up without a panic.

use crate::support::render;

use render::{App, now};

use chrono::{Duration, NaiveDate};
use footlog::domain::{Area, Feet, RestMark, SessionDraft, SleepDraft, Tool};
use footlog::store::Store;
use footlog::tui::config::Config;
use footlog::tui::event::Event;
use footlog::tui::theme::Theme;
use footlog::tui::ui::{MIN_HEIGHT, MIN_WIDTH};
use ratatui::crossterm::event::KeyCode;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

/// Fourteen weeks of sessions (some weeks missed, one rest week, the goal raised to 2 six weeks
/// ago) and a fortnight of sleep notes, all deterministic.
fn seeded() -> Store {
    let mut store = Store::open_in_memory().expect("store");
    let n = now();
    let offset = *n.offset();
    let notes = [
        "",
        "Long day on my feet; arches were tight.",
        "Right heel sore after running.",
        "Felt very relaxed afterwards.",
    ];
    let tools = [Tool::Hands, Tool::Roller, Tool::Ball, Tool::Hands];
    // Sessions per week, oldest first; the last entry is the current week (Mon 23 Nov).
    let per_week = [1, 2, 0, 1, 1, 0, 2, 1, 2, 3, 1, 2, 2, 1];
    let first_monday = day("2026-11-23") - Duration::weeks(13);
    let mut k = 0usize;
    for (w, count) in per_week.iter().enumerate() {
        for i in 0..*count {
            let date = first_monday
                + Duration::weeks(i64::try_from(w).expect("w"))
                + Duration::days(i64::from(i) * 2);
            let start = date
                .and_hms_opt(19 + u32::try_from(k % 3).expect("h"), 15, 0)
                .expect("time")
                .and_local_timezone(offset)
                .single()
                .expect("offset");
            let start = if start > n {
                n - Duration::hours(1)
            } else {
                start
            };
            let before = 5 + i64::try_from(k % 5).expect("k");
            let mut d =
                SessionDraft::new(start, before, before - 2 - i64::try_from(k % 3).expect("k"));
            d.minutes = [15, 20, 30, 25][k % 4];
            d.tool = tools[k % 4];
            d.feet = [Feet::Both, Feet::Left, Feet::Both][k % 3];
            d.areas = match k % 3 {
                0 => vec![Area::Arches, Area::Heels],
                1 => vec![Area::Balls],
                _ => vec![],
            };
            d.oil = k.is_multiple_of(2).then(|| "almond".to_string());
            d.pain = (k % 4 == 2).then_some(3);
            d.note = Some(notes[k % 4].to_string());
            store
                .insert_session(d.validate(&n).expect("valid"), &n)
                .expect("insert");
            k += 1;
        }
    }
    store
        .set_goal(first_monday, 1)
        .and_then(|()| store.set_goal(day("2026-11-23") - Duration::weeks(6), 2))
        .expect("goals");
    store
        .add_rest(&RestMark {
            date: first_monday + Duration::weeks(5) + Duration::days(2),
            reason: "travel".into(),
        })
        .expect("rest");
    for i in 1..=12 {
        let night = day("2026-11-22") - Duration::days(i);
        if i % 5 == 0 {
            continue;
        }
        let d = SleepDraft {
            night,
            quality: 1 + (i % 5),
            hours: Some(6.0 + f64::from(u8::try_from(i % 4).expect("h")) * 0.5),
            note: (i % 3 == 0).then(|| "Woke once around 3.".to_string()),
            diary: footlog::domain::diary::DiaryDraft::default(),
        };
        store
            .put_sleep(d.validate().expect("valid"), false, &n)
            .expect("sleep");
    }
    store
}

/// Snapshots `app` at both sizes as `<name>_80x24` and `<name>_120x40`.
fn snap(name: &str, app: &mut App) {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut text = app.render(w, h);
        for s in app.store.sessions(None, None).expect("s") {
            text = text.replace(&s.uuid.to_string(), "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
        }
        for s in app.store.sleep_notes(None, None).expect("s") {
            text = text.replace(&s.uuid.to_string(), "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx");
        }
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
    }
}

#[test]
fn dashboard() {
    snap("dashboard", &mut App::new(seeded()));
}

#[test]
fn dashboard_empty_database() {
    snap(
        "dashboard_empty",
        &mut App::new(Store::open_in_memory().expect("store")),
    );
}

#[test]
fn dashboard_after_logging_meets_the_goal() {
    let mut app = App::new(seeded());
    app.keys("n8")
        .key(KeyCode::Tab)
        .keys("4")
        .key(KeyCode::Enter);
    snap("dashboard_goal_met", &mut app);
}

#[test]
fn history() {
    let mut app = App::new(seeded());
    app.keys("2jj");
    snap("history", &mut app);
}

#[test]
fn history_filter() {
    let mut app = App::new(seeded());
    app.keys("2/heel");
    snap("history_filter_typing", &mut app);
    app.key(KeyCode::Enter);
    snap("history_filtered", &mut app);
    app.keys("/zzz");
    snap("history_filter_no_match", &mut app);
}

#[test]
fn record_detail_and_delete_confirmation() {
    let mut app = App::new(seeded());
    app.keys("2j").key(KeyCode::Enter);
    snap("history_detail", &mut app);
    app.keys("d");
    snap("history_confirm_delete", &mut app);
    app.keys("y");
    snap("history_after_delete", &mut app);
}

#[test]
fn sleep_screen() {
    let mut app = App::new(seeded());
    app.keys("3");
    snap("sleep", &mut app);
    app.key(KeyCode::Enter);
    snap("sleep_detail", &mut app);
}

#[test]
fn log_form_states() {
    let mut app = App::new(seeded());
    app.keys("n");
    snap("log_form_new", &mut app);
    app.key(KeyCode::Enter);
    snap("log_form_errors", &mut app);
    app.keys("7")
        .key(KeyCode::Tab)
        .keys("3")
        .key(KeyCode::Tab)
        .keys("2");
    for _ in 0..5 {
        app.key(KeyCode::Tab);
    }
    app.keys("13");
    app.key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .keys("after a long walk");
    snap("log_form_filled", &mut app);
    app.key(KeyCode::Esc);
    snap("log_form_confirm_discard", &mut app);
}

#[test]
fn goal_form_two_digits() {
    let mut app = App::new(seeded());
    app.keys("g12");
    snap("goal_form_twelve", &mut app);
    app.keys("15");
    snap("goal_form_out_of_range", &mut app);
}

#[test]
fn edit_form() {
    let mut app = App::new(seeded());
    app.keys("2e");
    snap("edit_form", &mut app);
}

#[test]
fn sleep_form() {
    let mut app = App::new(seeded());
    app.keys("s");
    snap("sleep_form", &mut app);
    // Saving a note for tonight, then another for the same night: the app asks first.
    app.keys("3").key(KeyCode::Enter);
    app.keys("s4").key(KeyCode::Enter);
    snap("sleep_replace_question", &mut app);
}

#[test]
fn goal_form() {
    let mut app = App::new(seeded());
    app.keys("g");
    snap("goal_form", &mut app);
}

/// The reminder's two fields are reachable and shown at the smallest and the usual size.
#[test]
fn the_goal_forms_reminder_fields_show_at_50x16_and_80x24() {
    for (w, h) in [(50, 16), (80, 24)] {
        let mut app = App::new(seeded());
        app.keys("g");
        for _ in 0..4 {
            app.key(KeyCode::Tab);
        }
        let day = app.render(w, h);
        assert!(
            day.contains("Reminder day") && day.contains("‹sun›"),
            "{w}x{h}:\n{day}"
        );
        app.key(KeyCode::Right).key(KeyCode::Tab);
        let time = app.render(w, h);
        assert!(
            time.contains("Reminder time") && time.contains("19:00") && time.contains("‹mon›"),
            "{w}x{h}:\n{time}"
        );
    }
}

#[test]
fn help_overlays() {
    let mut app = App::new(seeded());
    app.keys("?");
    snap("help_dashboard", &mut app);
    app.key(KeyCode::Esc).keys("2?");
    snap("help_history", &mut app);
    app.key(KeyCode::Esc).keys("n").key(KeyCode::F(1));
    snap("help_log_form", &mut app);
}

#[test]
fn too_small() {
    let mut app = App::new(seeded());
    let text = app.render(MIN_WIDTH - 1, MIN_HEIGHT);
    insta::assert_snapshot!("too_small", text);
}

/// A database that can only be read (issue 19.9): every screen says so on the status line
/// while it has nothing else to say, naming the file.
#[test]
fn a_read_only_database_is_said_on_every_screen() {
    let options = footlog::tui::Options {
        read_only: Some(footlog::tui::read_only_notice(std::path::Path::new(
            "/media/stick/footlog.db",
        ))),
        ..footlog::tui::Options::from_env()
    };
    let state =
        footlog::tui::initial_state(&options, footlog::tui::zone::Zone::Fixed(*now().offset()));
    let mut app = App::new(seeded());
    app.state.read_only = state.read_only;
    for keys in ["", "2", "3", "4", "5"] {
        for c in keys.chars() {
            app.key(KeyCode::Char(c));
        }
        let text = app.render(100, 30);
        assert!(
            text.contains("Read-only: /media/stick/footlog.db cannot be written; changes are off"),
            "{keys}: {text}"
        );
    }
}

/// With `NO_COLOR` set (the app's `Options::no_color`, read from the environment at start-up)
/// no cell has a colour, whatever the config's theme says, and the text is the colour theme's.
/// Only the modifiers the theme promises to keep are drawn: bold, reverse and underline, and
/// the guide's italic emphasis.
#[test]
fn no_color_draws_no_coloured_cell_on_any_screen() {
    use ratatui::style::{Color, Modifier};
    let options = footlog::tui::Options {
        config: Config::default(),
        config_error: None,
        notices: Vec::new(),
        no_color: true,
        guided: false,
        demo: false,
        sync: None,
        read_only: None,
    };
    let no_color =
        footlog::tui::initial_state(&options, footlog::tui::zone::Zone::Fixed(*now().offset()))
            .theme;
    let allowed = Modifier::BOLD | Modifier::REVERSED | Modifier::UNDERLINED | Modifier::ITALIC;
    // Each screen as keys from the dashboard: history, sleep, insights, the guide scrolled to
    // its end, a form with an error, help; and the dashboard with a status message.
    let screens: &[(&str, &str)] = &[
        ("dashboard", ""),
        ("history", "2"),
        ("history detail", "2\n"),
        ("sleep", "3"),
        ("insights", "4"),
        ("insights, another period", "4p"),
        ("guide", "5"),
        ("guide end", "5G"),
        ("session form", "n"),
        ("session form refused", "n\x13"),
        ("sleep form", "s"),
        ("goal form", "g"),
        ("help", "?"),
    ];
    for (name, keys) in screens {
        let mut app = App::new(seeded());
        for c in keys.chars() {
            match c {
                '\n' => app.key(KeyCode::Enter),
                '\x13' => app.send(Event::Key(ratatui::crossterm::event::KeyEvent::new(
                    KeyCode::Char('s'),
                    ratatui::crossterm::event::KeyModifiers::CONTROL,
                ))),
                c => app.key(KeyCode::Char(c)),
            };
        }
        let colour_text = app.render(100, 30);
        app.state.theme = no_color.clone();
        assert_eq!(app.render(100, 30), colour_text, "{name}: the same text");
        let buf = render::cells(&app.state, 100, 30);
        for (i, cell) in buf.content.iter().enumerate() {
            let (x, y) = (i % 100, i / 100);
            assert_eq!(
                cell.fg,
                Color::Reset,
                "{name}: foreground at {x},{y} ({:?})",
                cell.symbol()
            );
            assert_eq!(
                cell.bg,
                Color::Reset,
                "{name}: background at {x},{y} ({:?})",
                cell.symbol()
            );
            assert_eq!(
                cell.underline_color,
                Color::Reset,
                "{name}: underline at {x},{y}"
            );
            assert!(
                allowed.contains(cell.modifier),
                "{name}: {:?} at {x},{y} ({:?})",
                cell.modifier,
                cell.symbol()
            );
        }
        // The same screen in colour does colour cells: the check above is not vacuous.
        app.state.theme = Theme::default();
        let buf = render::cells(&app.state, 100, 30);
        assert!(
            buf.content
                .iter()
                .any(|c| c.fg != Color::Reset || c.bg != Color::Reset),
            "{name}: the colour theme drew no colour either"
        );
    }
}

#[test]
fn every_size_renders_without_panic() {
    let mut app = App::new(seeded());
    let mut states = vec![app.state.clone()];
    app.keys("n7");
    states.push(app.state.clone());
    app.key(KeyCode::F(1));
    states.push(app.state.clone());
    let mut app2 = App::new(seeded());
    app2.keys("2").key(KeyCode::Enter);
    states.push(app2.state.clone());
    // Insights (each period, scrolled down) and the Guide (scrolled to the end).
    let mut app3 = App::new(seeded());
    app3.keys("4");
    states.push(app3.state.clone());
    app3.keys("pG");
    states.push(app3.state.clone());
    app3.keys("p");
    states.push(app3.state.clone());
    app3.keys("5G");
    states.push(app3.state.clone());
    // Sizes near the minimums, the usual ones and a seeded sample of the rest of 0x0 to 160x50.
    render::sweep(&states);
}

#[test]
fn the_apps_name_never_covers_a_tab() {
    let mut app = App::new(seeded());
    for w in [62, 64, 70, 75, 80] {
        let text = app.render(w, 24);
        let tabs = text.lines().next().expect("tab line");
        assert!(tabs.contains("5 Guide"), "{w}: {tabs}");
    }
    assert!(
        app.render(80, 24)
            .lines()
            .next()
            .expect("tabs")
            .ends_with("footlog")
    );
}

#[test]
fn long_messages_are_cut_visibly() {
    let mut app = App::new(seeded());
    app.state.error("x ".repeat(60) + "the end");
    let text = app.render(60, 20);
    let status = text.lines().nth(18).expect("status line");
    assert!(
        status.ends_with("… (i: all)") && !status.contains("the end"),
        "{status}"
    );
    // i shows it whole; so does a click on the status line.
    app.keys("i");
    let whole = app.render(60, 20);
    assert!(whole.contains("the end"), "{whole}");
    app.key(KeyCode::Esc);
    assert!(!app.render(60, 20).contains("the end"));
    app.send(Event::Click(10, 18));
    assert!(app.render(60, 20).contains("the end"));
}

#[test]
fn form_errors_wrap_under_their_field_whole() {
    let mut app = App::new(seeded());
    app.keys("n7").key(KeyCode::Tab).keys("3");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    for _ in 0..16 {
        app.key(KeyCode::Backspace);
    }
    app.keys("2026-12-25 10:00").key(KeyCode::Enter);
    for w in [MIN_WIDTH, 80] {
        let text = app.render(w, 30);
        let flat: String = text
            .lines()
            .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            flat.contains("24 hours in the future (got 2026-12-25T10:00:00+01:00)"),
            "{w}:\n{text}"
        );
    }
}

#[test]
fn a_wrapped_form_error_keeps_every_character_at_the_edge() {
    let mut app = App::new(seeded());
    app.keys("n7").key(KeyCode::Tab).keys("3");
    for _ in 0..3 {
        app.key(KeyCode::Tab);
    }
    app.keys("xyz").key(KeyCode::Enter);
    for w in [80u16, 90] {
        let text = app.render(w, 24);
        // Inside the form's box (78 wide, centred), so the screen behind it is left out.
        let left = usize::from((w - 78) / 2) + 1;
        let flat: String = text
            .lines()
            .map(|l| {
                let inside: String = l.chars().skip(left).take(76).collect();
                inside.trim().to_string()
            })
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            flat.contains("or a time such as 21:15 (got \"xyz\")"),
            "{w}:\n{text}"
        );
    }
}

#[test]
fn a_long_note_line_wraps_and_keeps_the_other_lines_in_view() {
    let mut app = App::new(seeded());
    app.keys("n");
    while app
        .state
        .form
        .as_ref()
        .and_then(footlog::tui::form::Form::focused)
        .is_some_and(|f| f.key != "note")
    {
        app.key(KeyCode::Tab);
    }
    let long = "calm evening, pressed the arches slowly and the heels longer because they \
                felt tight after the walk, ended with the toes";
    app.send(Event::Paste(format!("first line\n{long}")));
    // (At the minimum width the note needs more than its four rows and scrolls down instead.)
    for w in [80, 100] {
        let text = app.render(w, 24);
        assert!(text.contains("first line"), "{w}:\n{text}");
        assert!(text.contains("calm evening"), "{w}:\n{text}");
        assert!(text.contains("the toes"), "{w}:\n{text}");
    }
}

#[test]
fn the_last_session_line_drops_words_rather_than_cutting_a_value() {
    let mut app = App::new(seeded());
    for w in [MIN_WIDTH, 60, 70, 80, 120] {
        let text = app.render(w, 24);
        let line = text.lines().nth(3).expect("last session");
        assert!(line.starts_with(" Last"), "{w}: {line}");
        assert!(line.ends_with("→ 6"), "{w}: {line}");
    }
    assert!(
        app.render(120, 24)
            .contains("(today) · 30 min · tension 8 → 6")
    );
}

#[test]
fn empty_screens_name_the_keys_in_force() {
    let mut app = App::new(Store::open_in_memory().expect("store"));
    assert!(app.render(80, 24).contains("Press n to log one"));
    let config = Config {
        keys: vec![("log_session".into(), 'a'), ("sleep_note".into(), 'z')],
        ..Config::default()
    };
    let mut app = App::with_config(Store::open_in_memory().expect("store"), config);
    assert!(app.render(80, 24).contains("Press a to log one"));
    app.keys("2");
    assert!(app.render(80, 24).contains("No sessions yet. Press a"));
    app.keys("3");
    assert!(app.render(80, 24).contains("No sleep notes yet. Press z"));
}

#[test]
fn every_dashboard_panel_shows_its_data_at_every_supported_size() {
    let mut app = App::new(seeded());
    for w in [MIN_WIDTH, 60, 80, 120, 200] {
        for h in MIN_HEIGHT..=60 {
            let text = app.render(w, h);
            assert!(
                !text.contains("No sessions in this period"),
                "{w}x{h}: the tension panel claims to be empty:\n{text}"
            );
            assert!(
                text.contains("sessions since") || text.contains("│10"),
                "{w}x{h}: no tension data:\n{text}"
            );
            assert!(text.contains('█'), "{w}x{h}: no week bars:\n{text}");
        }
    }
}

#[test]
fn narrow_history_keeps_the_date_and_tension_whole() {
    let mut app = App::new(seeded());
    app.keys("2");
    for w in [MIN_WIDTH, 55, 60, 70] {
        let text = app.render(w, 20);
        let row = text.lines().nth(3).expect("first row");
        assert!(row.contains("Mon 2026-11-23 19:15"), "{w}: {row}");
        assert!(row.contains(" → "), "{w}: {row}");
        let after = row.split(" → ").nth(1).expect("after");
        assert!(
            after.trim_start().starts_with(|c: char| c.is_ascii_digit()),
            "{w}: the tension after is cut: {row}"
        );
    }
    assert!(app.render(60, 20).contains("Tool"), "the tool fits at 60");
    assert!(
        !app.render(60, 20).contains("Note"),
        "the note gives way first"
    );
    assert!(app.render(80, 20).contains("Note"));
}

#[test]
fn narrow_forms_show_every_option_or_the_chosen_one() {
    let mut app = App::new(seeded());
    app.keys("n");
    // Room to wrap: every option is on screen.
    let text = app.render(MIN_WIDTH, 30);
    for word in ["professional", "electric", "toes", "ankles", "Note"] {
        assert!(text.contains(word), "{word} at 50x30:\n{text}");
    }
    // No room: one row per field, the chosen option (and the toggles' cursor) kept in view.
    for _ in 0..6 {
        app.key(KeyCode::Tab);
    }
    app.keys("5"); // the tool: professional
    app.key(KeyCode::Tab).key(KeyCode::Left).key(KeyCode::Left);
    let text = app.render(MIN_WIDTH, MIN_HEIGHT);
    for word in ["‹professional›", "ankles", "Tension before", "Note"] {
        assert!(text.contains(word), "{word} at 50x16:\n{text}");
    }
}

#[test]
fn multi_line_notes_keep_their_lines_in_the_record_and_one_in_lists() {
    let mut store = seeded();
    let mut d = SessionDraft::new(now() - Duration::minutes(10), 6, 2);
    d.note = Some(format!(
        "First line\nSecond line {}",
        "and more words ".repeat(8)
    ));
    store
        .insert_session(d.validate(&now()).expect("valid"), &now())
        .expect("insert");
    let mut app = App::new(store);
    app.keys("2");
    let list = app.render(80, 24);
    let row = list.lines().nth(3).expect("row");
    assert!(row.contains("First line…"), "{row}");
    assert!(!row.contains("Second"), "{row}");
    app.key(KeyCode::Enter);
    let text = app.render(80, 24);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.contains("Note  First line"))
        .expect("note row");
    assert!(
        !lines[at].contains("Second"),
        "the line break is kept: {text}"
    );
    let indent = lines[at].find("First").expect("col");
    let next = lines[at + 1];
    assert_eq!(next.find("Second"), Some(indent), "{text}");
    // The long second line wraps under the value, not at the left edge.
    let third = lines[at + 2];
    assert_eq!(
        third.find(|c: char| c.is_alphabetic()),
        Some(indent),
        "{text}"
    );
    // At a small size the rest of the record is reached by scrolling.
    let small = app.render(MIN_WIDTH, MIN_HEIGHT);
    assert!(!small.contains("Updated"), "{small}");
    assert!(small.contains("scroll"), "{small}");
    for _ in 0..30 {
        app.key(KeyCode::Down);
    }
    let small = app.render(MIN_WIDTH, MIN_HEIGHT);
    assert!(
        small.contains("UUID") && small.contains("Updated"),
        "{small}"
    );
}

#[test]
fn the_hint_bar_says_how_to_break_a_line_in_the_note() {
    let mut app = App::new(seeded());
    app.keys("n").key(KeyCode::BackTab);
    assert!(app.render(80, 24).contains("Alt-Enter line break"));
    app.key(KeyCode::BackTab);
    assert!(!app.render(80, 24).contains("line break"));
}

#[test]
fn a_text_field_scrolled_on_a_narrow_terminal_shows_its_start_once_there_is_room() {
    let mut app = App::new(seeded());
    // The oil, a one-line field (the note wraps instead of scrolling).
    app.keys("n").key(KeyCode::BackTab).key(KeyCode::BackTab);
    let oil = "Warm water first, then the arches slowly";
    app.keys(oil);
    let narrow = app.render(MIN_WIDTH, 30);
    assert!(!narrow.contains("Warm water"), "scrolled at 50:\n{narrow}");
    let wide = app.render(120, 40);
    assert!(wide.contains(oil), "{wide}");
    // The same words in the note wrap at 50, their start in view.
    app.key(KeyCode::Tab).keys(oil);
    let narrow = app.render(MIN_WIDTH, 30);
    assert!(narrow.contains("Warm water"), "wrapped at 50:\n{narrow}");
}

#[test]
fn the_dashboard_and_insights_agree_on_the_current_weeks_end() {
    let mut app = App::new(seeded());
    let dash = app.render(120, 40);
    assert!(dash.contains("– 29 Nov ─"), "{dash}");
    app.keys("4");
    let insights = app.render(120, 40);
    assert!(insights.contains("– 29 Nov 2026"), "{insights}");
}

#[test]
fn the_replace_question_shows_the_note_it_would_replace() {
    let mut app = App::new(seeded());
    // The newest seeded night, Sat 21 Nov, gets a note first.
    app.keys("3").key(KeyCode::Enter).keys("e");
    // Past night, hours and the sleep diary's seven items to the note.
    for _ in 0..10 {
        app.key(KeyCode::Tab);
    }
    app.keys("Woke at 3, back asleep by 4").key(KeyCode::Enter);
    app.keys("s5").key(KeyCode::Tab).key(KeyCode::Backspace);
    app.keys("2026-11-21").key(KeyCode::Enter);
    let text = app.render(80, 24);
    let flat: String = text
        .lines()
        .map(|l| l.trim_matches(|c: char| c == '│' || c.is_whitespace()))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("Sat 21 Nov 2026 already has a sleep note"),
        "{text}"
    );
    assert!(flat.contains("(quality 2 poor, 6.5 hours)"), "{text}");

    assert!(flat.contains(": \"Woke at 3, back asleep by"), "{text}");
    assert!(
        flat.contains("y yes"),
        "the answer keys stay in view:\n{text}"
    );
}

#[test]
fn help_keeps_groups_together_and_scrolls_to_every_entry_at_every_size() {
    use footlog::tui::keymap::Mode;
    for (setup, name) in [("", "dashboard"), ("2", "history"), ("n", "log form")] {
        for (w, h) in [
            (MIN_WIDTH, MIN_HEIGHT),
            (60, 20),
            (80, 24),
            (120, 40),
            (200, 60),
        ] {
            let mut app = App::new(seeded());
            app.keys(setup).key(KeyCode::F(1));
            let modes = footlog::tui::ui::help::described_modes(&app.state);
            let rows = footlog::tui::keymap::help_rows(&app.state.keymap, &modes);
            let titles: Vec<&str> = Mode::ALL.iter().map(|m| m.title()).collect();
            let mut seen = String::new();
            let mut last = String::new();
            for _ in 0..40 {
                let text = app.render(w, h);
                // A heading is never the last line of its column: its keys come with it.
                // (Scrolling one column may stop with a heading on the last row: the next ↓
                // brings its keys; columns side by side never split a group.)
                let scrolls = text.contains("↑/↓ scroll");
                let lines: Vec<&str> = text.lines().collect();
                for (i, l) in lines.iter().enumerate() {
                    for t in &titles {
                        let Some(at) = l.find(&format!("│{t}")) else {
                            continue;
                        };
                        let col = l[..at].chars().count();
                        let below = lines.get(i + 1).map_or("", |n| n);
                        let entry: String = below.chars().skip(col).take(3).collect();
                        let at_the_bottom = matches!(below.chars().nth(col), Some('└' | '─'));
                        assert!(
                            entry == "│  " || (scrolls && at_the_bottom),
                            "{name} {w}x{h}: {t:?} without its keys under it:\n{text}"
                        );
                    }
                }
                seen.push_str(&text);
                if text == last {
                    break;
                }
                last = text;
                app.key(KeyCode::Down);
            }
            let flat: String = seen.split_whitespace().collect::<Vec<_>>().join(" ");
            for (_, keys, help) in rows {
                let first = help.split_whitespace().next().unwrap_or("");
                assert!(
                    flat.contains(&format!("{keys} {first}")),
                    "{name} {w}x{h}: {keys} {help:?} never shown"
                );
            }
        }
    }
}

#[test]
fn sleep_quality_has_words_in_the_list_the_form_the_record_and_the_help() {
    let mut app = App::new(seeded());
    app.keys("3");
    let list = app.render(80, 24);
    let row = list.lines().nth(3).expect("row");
    assert!(row.contains("★★☆☆☆ 2 poor"), "{row}");
    app.key(KeyCode::Enter);
    assert!(app.render(80, 24).contains("★★☆☆☆ 2 (poor)"));
    app.key(KeyCode::Esc).keys("s4");
    let form = app.render(80, 24);
    assert!(form.contains("4 ■■■■· good"), "{form}");
    assert!(
        form.contains("1 very poor · 2 poor · 3 fair · 4 good · 5 very good"),
        "{form}"
    );
    app.key(KeyCode::F(1));
    let help = app.render(120, 40);
    assert!(
        help.contains("Sleep quality (Consensus Sleep Diary)"),
        "{help}"
    );
    assert!(help.contains("5             very good"), "{help}");
}

#[test]
fn the_week_cursor_is_marked_and_the_week_filter_names_its_week() {
    let mut app = App::new(seeded());
    let text = app.render(80, 24);
    assert!(
        text.contains("[…]"),
        "the current week carries the cursor:\n{text}"
    );
    app.key(KeyCode::Left);
    let text = app.render(80, 24);
    assert!(text.contains("[✓]") && !text.contains("[…]"), "{text}");
    app.key(KeyCode::Enter);
    let text = app.render(80, 24);
    assert!(
        text.contains("Week: Mon 16 Nov – Sun 22 Nov 2026"),
        "{text}"
    );
}

#[test]
fn history_shows_areas_and_oil_when_wide_and_rows_answer_clicks() {
    let mut app = App::new(seeded());
    app.keys("2");
    let wide = app.render(120, 40);
    let header = wide.lines().nth(2).expect("header");
    assert!(
        header.contains("Areas") && header.contains("Oil"),
        "{header}"
    );
    assert!(wide.contains("arches,heels"), "{wide}");
    assert!(wide.contains("almond"), "{wide}");
    let narrow = app.render(80, 24);
    assert!(!narrow.lines().nth(2).expect("header").contains("Areas"));
    // Clicks, at a size where the list has scrolled: find rows on the screen as drawn.
    app.keys("G");
    for (w, h) in [(80, 24), (MIN_WIDTH, MIN_HEIGHT), (120, 40)] {
        let text = app.render(w, h);
        let rows: Vec<(u16, String)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.contains(" 2026-") && !l.contains('›'))
            .map(|(y, l)| (u16::try_from(y).expect("y"), l.to_string()))
            .collect();
        let (y, line) = rows.first().expect("an unselected row on screen").clone();
        let date = line
            .split_whitespace()
            .find(|p| p.starts_with("2026-"))
            .expect("date")
            .to_string();
        app.send(Event::Click(5, y));
        let picked = app.state.visible_sessions()[app.state.history.selected]
            .fields
            .started_at
            .format("%Y-%m-%d")
            .to_string();
        assert_eq!(picked, date, "{w}x{h}: clicked {line:?}");
        assert!(app.state.overlays.is_empty(), "the first click selects");
        app.send(Event::Click(5, y));
        assert!(
            matches!(
                app.state.overlays.last(),
                Some(footlog::tui::state::Overlay::Detail(_))
            ),
            "{w}x{h}: a second click opens"
        );
        app.key(KeyCode::Esc);
        // A click under the last row does nothing.
        let before = app.state.history.selected;
        app.send(Event::Click(5, h - 2));
        assert_eq!(app.state.history.selected, before);
    }
}

#[test]
fn a_short_history_gets_wider_bars_and_the_tension_chart_shares_the_time_axis() {
    // Six weeks of one Monday session each, tension 10 → 0: dots on the top row, the line on
    // the bottom one.
    let mut store = Store::open_in_memory().expect("store");
    for k in 0..6 {
        let start = now() - Duration::weeks(k) - Duration::hours(1);
        let d = SessionDraft::new(start, 10, 0);
        store
            .insert_session(d.validate(&now()).expect("valid"), &now())
            .expect("insert");
    }
    let mut app = App::new(store);
    for (w, h) in [(200, 50), (120, 40), (80, 24), (MIN_WIDTH, 24)] {
        let text = app.render(w, h);
        let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
        let row_with = |needle: &str| {
            lines
                .iter()
                .position(|l| l.iter().collect::<String>().contains(needle))
                .unwrap_or_else(|| panic!("{needle:?} missing:\n{text}"))
        };
        // The bars' bottom row: where each week's bar starts.
        let marks = lines
            .iter()
            .position(|l| l.iter().collect::<String>().contains("[✓]"))
            .expect("the cursor on the current week");
        let bottom = &lines[marks - 1];
        let starts: Vec<usize> = (1..bottom.len())
            .filter(|x| bottom[*x] == '█' && bottom[x - 1] != '█')
            .collect();
        assert_eq!(starts.len(), 6, "{w}x{h}: six bars:\n{text}");
        // Wide enough to use the panel: 12 weeks shown at the least, so bars fill its width.
        let last = *starts.last().expect("bar");
        assert!(
            last * 10 >= usize::from(w) * 7,
            "{w}x{h}: newest bar at {last}:\n{text}"
        );
        if w >= 120 {
            let width = (last..bottom.len())
                .take_while(|x| bottom[*x] == '█')
                .count();
            assert!(width > 3, "{w}x{h}: bars {width} wide:\n{text}");
        }
        // Each session's dot sits at the start of its week's bar.
        let top = row_with("Tension before") + 1;
        let dots: Vec<usize> = lines[top]
            .iter()
            .enumerate()
            .filter(|(_, c)| **c == '•')
            .map(|(x, _)| x)
            .collect();
        assert_eq!(dots.len(), 6, "{w}x{h}:\n{text}");
        for (dot, bar) in dots.iter().zip(&starts) {
            assert!(
                (*bar..bar + 2).contains(dot),
                "{w}x{h}: a dot at {dot}, its bar at {bar}:\n{text}"
            );
        }
    }
}

#[test]
fn the_tension_line_stops_at_weeks_without_sessions() {
    // Sessions on Monday of this week and last, then five weeks back: two empty weeks between.
    let mut store = Store::open_in_memory().expect("store");
    for k in [0, 1, 4, 5] {
        let start = now() - Duration::weeks(k) - Duration::hours(1);
        let d = SessionDraft::new(start, 10, 2 + 2 * (k % 2));
        store
            .insert_session(d.validate(&now()).expect("valid"), &now())
            .expect("insert");
    }
    let mut app = App::new(store);
    let text = app.render(120, 40);
    let lines: Vec<Vec<char>> = text.lines().map(|l| l.chars().collect()).collect();
    let top = lines
        .iter()
        .position(|l| l.iter().collect::<String>().contains("Tension before"))
        .expect("chart");
    let dots: Vec<usize> = lines[top + 1]
        .iter()
        .enumerate()
        .filter(|(_, c)| **c == '•')
        .map(|(x, _)| x)
        .collect();
    assert_eq!(dots.len(), 4, "{text}");
    // The plot's rows: down to the x axis.
    let axis = top
        + lines[top..]
            .iter()
            .position(|l| l.get(3) == Some(&'└'))
            .expect("x axis");
    // Nothing is drawn between the second and third session (the empty weeks).
    let (from, to) = (dots[1] + 2, dots[2] - 1);
    for l in &lines[top + 1..axis] {
        let gap: String = l[from..to].iter().collect();
        assert!(
            gap.trim().is_empty(),
            "a line across the empty weeks: {gap:?}\n{text}"
        );
    }
    // Within a run of weeks the line is drawn.
    let run: String = lines[top + 1..axis]
        .iter()
        .map(|l| l[dots[0] + 1..dots[1]].iter().collect::<String>())
        .collect();
    assert!(
        run.chars().any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)),
        "{text}"
    );
}

/// Nights with the sleep diary's items: the derived figures per night where there is room, the
/// week's averages under the table, and every item in the note's detail.
#[test]
fn sleep_screen_with_diary_nights() {
    let mut store = seeded();
    let n = now();
    // 2026-11-21: in bed 22:30→07:00 = 8:30, asleep 23:00→06:30 less 20 and 25 = 6:45, 79.4 %.
    // 2026-11-20: no awakenings, 23:15→07:15 = 8:00, asleep 8:00 less 10 = 7:50, 97.9 %.
    // 2026-11-19: bed and up only: 8:00 in bed, no total sleep.
    // The week's average: asleep (405 + 470) / 2 = 437.5 → 7 h 18 min; (79.4 + 97.9) / 2 = 88.7 %.
    for (night, items) in [
        (
            "2026-11-21",
            ("22:30", "23:00", 20, 2, Some(25), "06:30", "07:00"),
        ),
        (
            "2026-11-20",
            ("23:15", "23:15", 10, 0, None, "07:15", "07:15"),
        ),
    ] {
        let (bed, tried, latency, awakenings, awake, woke, up) = items;
        let f = SleepDraft {
            night: day(night),
            quality: 4,
            hours: None,
            note: None,
            diary: footlog::domain::diary::DiaryDraft {
                bed: Some(bed.into()),
                tried: Some(tried.into()),
                latency_min: Some(latency),
                awakenings: Some(awakenings),
                awake_min: awake,
                woke: Some(woke.into()),
                up: Some(up.into()),
            },
        }
        .validate()
        .expect("valid diary");
        store.put_sleep(f, true, &n).expect("diary night");
    }
    let f = SleepDraft {
        night: day("2026-11-19"),
        quality: 3,
        hours: Some(7.0),
        note: None,
        diary: footlog::domain::diary::DiaryDraft {
            bed: Some("22:00".into()),
            up: Some("06:00".into()),
            ..footlog::domain::diary::DiaryDraft::default()
        },
    }
    .validate()
    .expect("valid diary");
    store.put_sleep(f, true, &n).expect("diary night");
    let mut app = App::new(store);
    app.keys("3");
    snap("sleep_diary", &mut app);
    let wide = app.render(120, 40);
    assert!(wide.contains("In bed"), "{wide}");
    assert!(wide.contains("6:45") && wide.contains("79.4%"), "{wide}");
    assert!(
        wide.contains(
            "Week to 21 Nov: asleep 7 h 18 min on average (2 nights), efficiency 88.7 % (2)"
        ),
        "{wide}"
    );
    let narrow = app.render(50, 16);
    assert!(
        narrow.contains("Week: asleep 7 h 18 min, 88.7 %"),
        "{narrow}"
    );
    app.key(KeyCode::Enter);
    snap("sleep_diary_detail", &mut app);
    let detail = app.render(120, 40);
    for want in [
        "Into bed",
        "22:30",
        "Fall asleep",
        "20 min",
        "Total sleep",
        "6 h 45 min",
        "79.4 %",
    ] {
        assert!(detail.contains(want), "{want}: {detail}");
    }
}

/// The sleep form with the diary's items fits the smallest screen: every field can be reached,
/// and a night typed in its order is saved with the hours derived.
#[test]
fn the_sleep_form_with_the_diary_fits_50x16() {
    let mut app = App::new(seeded());
    app.keys("s");
    let small = app.render(50, 16);
    insta::assert_snapshot!("sleep_form_50x16", small);
    app.keys("4").key(KeyCode::Tab); // to the night, left as it is
    app.key(KeyCode::Tab); // to the hours, left for the times to give
    app.key(KeyCode::Tab); // to "Into bed"
    for value in ["22:30", "23:00", "20", "2", "25", "06:30", "07:00"] {
        app.keys(value).key(KeyCode::Tab);
    }
    insta::assert_snapshot!("sleep_form_diary_filled_50x16", app.render(50, 16));
    app.key(KeyCode::Enter);
    assert!(app.state.form.is_none(), "{}", app.render(50, 16));
    let notes = app.store.sleep_notes(None, None).expect("notes");
    let n = notes
        .iter()
        .find(|n| n.fields.night == day("2026-11-23"))
        .expect("saved");
    assert_eq!(n.fields.hours, Some(6.8));
    assert_eq!(n.fields.diary.efficiency_pct(), Some(79.4));
}

/// A diary item the form refuses is marked on its field, and nothing is saved.
#[test]
fn the_sleep_form_names_an_impossible_night() {
    let mut app = App::new(seeded());
    let before = app.store.sleep_notes(None, None).expect("notes").len();
    app.keys("s4")
        .key(KeyCode::Tab)
        .key(KeyCode::Tab)
        .key(KeyCode::Tab);
    app.keys("23:00");
    for _ in 0..6 {
        app.key(KeyCode::Tab);
    }
    app.keys("22:00").key(KeyCode::Enter);
    let text = app.render(120, 40);
    assert!(app.state.form.is_some(), "{text}");
    assert!(text.contains("must not be before into bed"), "{text}");
    assert_eq!(
        app.store.sleep_notes(None, None).expect("notes").len(),
        before
    );
}

/// The CLI test's week of diary nights entered through the app's form gives the same derived
/// figures, worked out by hand in `cli/diary.rs`.
#[test]
fn a_week_entered_in_the_form_gives_the_hand_computed_figures() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let mut app = App::new(Store::open_in_memory().expect("store"));
    let order = [
        "--bed",
        "--tried",
        "--latency",
        "--awakenings",
        "--awake",
        "--woke",
        "--up",
    ];
    let week = crate::cli::diary::week();
    for (night, flags, _) in &week {
        let given: Vec<&str> = flags.split_whitespace().collect();
        let value = |flag: &str| {
            given
                .iter()
                .position(|f| *f == flag)
                .map_or("", |i| given[i + 1])
        };
        app.keys("s3").key(KeyCode::Tab);
        app.send(Event::Key(KeyEvent::new(
            KeyCode::Char('u'),
            KeyModifiers::CONTROL,
        )));
        app.keys(night).key(KeyCode::Tab);
        app.keys(value("--hours")).key(KeyCode::Tab);
        for flag in order {
            app.keys(value(flag)).key(KeyCode::Tab);
        }
        app.key(KeyCode::Enter);
        assert!(app.state.form.is_none(), "{night}: {}", app.render(120, 40));
    }
    let notes = app.store.sleep_notes(None, None).expect("notes");
    assert_eq!(notes.len(), week.len());
    for ((night, _, [hours, tib, tst, eff]), n) in week.iter().zip(&notes) {
        let d = &n.fields.diary;
        let got = [
            serde_json::json!(n.fields.hours),
            serde_json::json!(d.time_in_bed_min()),
            serde_json::json!(d.total_sleep_min()),
            serde_json::json!(d.efficiency_pct()),
        ];
        assert_eq!(
            got,
            [hours.clone(), tib.clone(), tst.clone(), eff.clone()],
            "{night}"
        );
    }
}

/// The app with sync set up, as the background sync last reported.
fn synced_app(news: footlog::tui::msg::SyncNews) -> App {
    let mut app = App::new(seeded());
    app.state.sync = Some(footlog::tui::state::SyncView {
        last_sync: None,
        pending: 0,
        offline: false,
        asked: false,
        now: now(),
    });
    app.send(footlog::tui::msg::Outcome::Synced(news));
    app
}

#[test]
fn the_status_line_says_when_the_last_sync_was_and_the_hint_bar_offers_y() {
    let twelve_min_ago = (now() - Duration::minutes(12)).to_utc();
    let mut app = synced_app(footlog::tui::msg::SyncNews {
        last_sync: Some(twelve_min_ago),
        pending: 0,
        failed: None,
        notes: Vec::new(),
    });
    snap("dashboard_synced", &mut app);
    for (w, h) in [(50, 16), (80, 24)] {
        let screen = app.render(w, h);
        let lines: Vec<&str> = screen.lines().collect();
        let status = lines.get(usize::from(h) - 2).expect("status line");
        let hints = lines.get(usize::from(h) - 1).expect("hint bar");
        assert_eq!(status.trim(), "synced 12 min ago", "{w}x{h}:\n{screen}");
        assert!(hints.contains("y sync"), "{w}x{h}: {hints}");
    }
}

#[test]
fn offline_the_status_line_counts_the_changes_waiting() {
    let mut app = synced_app(footlog::tui::msg::SyncNews {
        last_sync: None,
        pending: 3,
        failed: Some("cannot sync with http://127.0.0.1:9: the server cannot be reached".into()),
        notes: Vec::new(),
    });
    snap("dashboard_offline", &mut app);
    let screen = app.render(80, 24);
    assert!(
        screen.contains("offline: 3 changes waiting"),
        "the background's failure changes the status line only:\n{screen}"
    );
    assert!(!screen.contains("cannot be reached"), "{screen}");
}

#[test]
fn without_sync_nothing_is_said_of_it_and_y_does_nothing() {
    let mut app = App::new(seeded());
    app.keys("y");
    let screen = app.render(80, 24);
    assert!(app.state.sync.is_none() && !app.state.sync_requested);
    assert!(!screen.contains("sync"), "{screen}");
}
