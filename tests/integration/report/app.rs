//! The report from the app: the Insights key (listed in the hint bar and help), the file it
//! writes without replacing an earlier one, the status line, and the real app in tmux.

use std::os::unix::fs::PermissionsExt;

use footlog::store::Store;
use footlog::tui::config::Config;
use footlog::tui::data::Period;
use footlog::tui::effects::write_report;
use footlog::tui::event::Event;
use footlog::tui::keymap;
use footlog::tui::msg::Outcome;
use footlog::tui::msg::{Effect, Msg, ReportFile};
use footlog::tui::state::{AppState, Screen};
use footlog::tui::theme::Theme;
use footlog::tui::update::update;
use footlog::tui::zone::Zone;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::fixture::{self, now};
use crate::support::tmux::{Tmux, quote};

fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn state_with_name(name: &str) -> AppState {
    let mut config = Config::default();
    config.report.name = Some(name.into());
    AppState::new(config, Theme::default(), Zone::Fixed(*now().offset()))
}

#[test]
fn the_insights_key_asks_for_the_report_of_the_period_shown() {
    let mut s = state_with_name("Ann Example");
    // Not on the dashboard: there `r` means nothing.
    assert!(update(&mut s, key('r'), &now()).is_empty());
    update(&mut s, Msg::GoTo(Screen::Insights), &now());
    update(&mut s, key('p'), &now());
    assert_eq!(s.insights.period, Period::Weeks26);
    assert_eq!(
        update(&mut s, key('r'), &now()),
        vec![Effect::WriteReport {
            period: Period::Weeks26,
            name: Some("Ann Example".into())
        }]
    );
    let hints = keymap::hints(&s.keymap, s.modes().as_slice());
    assert!(
        hints.iter().any(|(k, h)| k == "r" && *h == "report"),
        "{hints:?}"
    );
    let p = std::path::PathBuf::from("/home/ann/footlog-report-2026-11-25.html");
    update(
        &mut s,
        Outcome::ReportWritten(ReportFile {
            path: p,
            damaged_left_out: 0,
        }),
        &now(),
    );
    let status = s.status.as_ref().map(|st| (st.text.as_str(), st.error));
    assert_eq!(
        status,
        Some((
            "Report written to /home/ann/footlog-report-2026-11-25.html",
            false
        ))
    );
}

#[test]
fn each_report_gets_a_new_file_and_none_is_replaced() {
    let f = fixture::small();
    let store = Store::open(&f.db).expect("open");
    let dir = f.dir.path().join("reports");
    std::fs::create_dir_all(&dir).expect("dir");
    let dirs = vec![dir.clone()];
    let first = write_report(&store, Period::Weeks12, Some("Ann".into()), &now(), &dirs)
        .expect("written")
        .path;
    assert_eq!(first, dir.join("footlog-report-2026-11-25.html"));
    let html = std::fs::read_to_string(&first).expect("read");
    assert_eq!(
        html,
        footlog::report::render_html(&f.model(12, Some("Ann")))
    );
    let mode = std::fs::metadata(&first)
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);

    std::fs::write(dir.join("footlog-report-2026-11-25-3.html"), "mine").expect("write");
    let second = write_report(&store, Period::Weeks12, None, &now(), &dirs)
        .expect("written")
        .path;
    let third = write_report(&store, Period::Weeks12, None, &now(), &dirs)
        .expect("written")
        .path;
    assert_eq!(second, dir.join("footlog-report-2026-11-25-2.html"));
    assert_eq!(third, dir.join("footlog-report-2026-11-25-4.html"));
    assert_eq!(
        std::fs::read_to_string(&first).expect("read"),
        html,
        "replaced"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("footlog-report-2026-11-25-3.html")).expect("read"),
        "mine"
    );
    // A folder that cannot take it: the next one is tried, and a failure says why.
    let missing = f.dir.path().join("no-such-folder");
    let fourth = write_report(
        &store,
        Period::Weeks12,
        None,
        &now(),
        &[missing.clone(), dir.clone()],
    )
    .expect("written to the second folder")
    .path;
    assert_eq!(fourth, dir.join("footlog-report-2026-11-25-5.html"));
    let err = write_report(&store, Period::Weeks12, None, &now(), &[missing]).expect_err("fails");
    assert!(err.contains("no-such-folder"), "{err}");
}

#[test]
fn a_damaged_record_is_left_out_of_the_apps_report_and_the_status_line_says_so() {
    let f = fixture::small();
    let c = rusqlite::Connection::open(&f.db).expect("open");
    c.execute(
        "UPDATE sessions SET started_at = 'garbage' WHERE note LIKE 'Line one%'",
        [],
    )
    .expect("damage");
    drop(c);
    let store = Store::open(&f.db).expect("open");
    let dir = f.dir.path().join("reports");
    std::fs::create_dir_all(&dir).expect("dir");
    let written = write_report(
        &store,
        Period::Weeks12,
        None,
        &now(),
        std::slice::from_ref(&dir),
    )
    .expect("written despite the damaged record");
    assert_eq!(
        written,
        ReportFile {
            path: dir.join("footlog-report-2026-11-25.html"),
            damaged_left_out: 1
        }
    );
    let html = std::fs::read_to_string(&written.path).expect("read");
    assert!(
        html.contains(
            "Incomplete: 1 damaged record could not be read and is left out of this report."
        ),
        "{html}"
    );
    assert!(!html.contains("Line one"));
    assert_eq!(html, footlog::report::render_html(&f.model(12, None)));

    let mut s = state_with_name("Ann");
    let shown = |s: &AppState| s.status.as_ref().map(|st| (st.text.clone(), st.error));
    let msg = |n| {
        Outcome::ReportWritten(ReportFile {
            path: "/home/ann/r.html".into(),
            damaged_left_out: n,
        })
    };
    update(&mut s, msg(1), &now());
    assert_eq!(
        shown(&s),
        Some((
            "Report written to /home/ann/r.html; 1 damaged record left out — run footlog check"
                .to_string(),
            true
        ))
    );
    update(&mut s, msg(2), &now());
    assert_eq!(
        shown(&s).map(|(t, _)| t),
        Some(
            "Report written to /home/ann/r.html; 2 damaged records left out — run footlog check"
                .to_string()
        )
    );
}

#[test]
fn the_app_writes_the_report_from_the_insights_screen() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let f = fixture::small();
    f.set_name("Ann Example");
    let work = f.dir.path().join("work");
    std::fs::create_dir_all(&work).expect("work dir");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_footlog"));
    let command = format!(
        "cd {work} && env FOOTLOG_NOW='{}' TZ=Europe/Berlin XDG_CONFIG_HOME={cfg} TERM=xterm-256color \
         {bin} --db {db}; echo FOOTLOG-EXITED=$?; sleep 60",
        fixture::NOW,
        work = quote(&work),
        cfg = quote(&f.config_home()),
        bin = quote(bin),
        db = quote(&f.db),
    );
    let tmux = Tmux::start("report", &command, 120, 40);
    tmux.wait_for("This week");
    tmux.send(&["4"]);
    let screen = tmux.wait_for("r report");
    assert!(
        screen.contains("p period 12/26/52 weeks  r report"),
        "{screen}"
    );
    tmux.send(&["r"]);
    let path = work.join("footlog-report-2026-11-25.html");
    let screen = tmux.wait_for("Report written to");
    assert!(
        screen.contains("footlog-report-2026-11-25.html"),
        "{screen}"
    );
    let html = std::fs::read_to_string(&path).expect("the report file");
    assert!(html.contains("Ann Example") && html.contains("(12 weeks)"));
    tmux.send(&["p", "r"]);
    tmux.wait_for("footlog-report-2026-11-25-2.html");
    let second = std::fs::read_to_string(work.join("footlog-report-2026-11-25-2.html"))
        .expect("the second file");
    assert!(second.contains("(26 weeks)"));
    assert_eq!(std::fs::read_to_string(&path).expect("first"), html);
    tmux.send(&["q"]);
    tmux.wait_for("FOOTLOG-EXITED=0");
}
