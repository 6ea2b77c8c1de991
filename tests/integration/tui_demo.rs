//! `--demo` says it is the demo: on every screen, at every size the app draws, and once more when
//! it ends (nothing entered in it is kept).

use footlog::store::Store;
use footlog::tui::ui::DEMO_NOTICE;
use ratatui::crossterm::event::KeyCode;

use crate::support::render::{App, now};

#[test]
fn every_screen_of_the_demo_says_nothing_is_kept() {
    let mut store = Store::open_in_memory().expect("store");
    footlog::demo::fill(&mut store, &now()).expect("demo");
    let mut app = App::new(store);
    app.state.demo = true;
    for (w, h) in [(50, 16), (80, 24), (200, 60)] {
        for screen in ["1", "2", "3", "4", "5"] {
            app.keys(screen);
            let text = app.render(w, h);
            assert!(
                text.contains(DEMO_NOTICE),
                "{w}×{h}, screen {screen}:\n{text}"
            );
        }
        // The status line gives way to a message, then says it again.
        app.keys("1n");
        app.key(KeyCode::Esc);
        let text = app.render(w, h);
        assert!(text.contains(DEMO_NOTICE), "{w}×{h} after a form:\n{text}");
    }
    // Not on the user's own data.
    app.state.demo = false;
    assert!(!app.render(80, 24).contains(DEMO_NOTICE));
}

#[test]
fn the_demo_says_at_the_end_that_nothing_was_kept() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_footlog"));
    let command = format!(
        "env HOME={home} XDG_DATA_HOME={home} XDG_CONFIG_HOME={home} FOOTLOG_NOW='2026-11-23 20:30' \
         TERM=xterm-256color {bin} --demo; echo FOOTLOG-EXITED=$?; sleep 60",
        home = crate::support::tmux::quote(dir.path()),
        bin = crate::support::tmux::quote(bin),
    );
    let tmux = crate::support::tmux::Tmux::start("demo", &command, 80, 24);
    let shown = tmux.wait_for("footlog demo");
    assert!(shown.contains(DEMO_NOTICE), "{shown}");
    tmux.send(&["q"]);
    let end = tmux.wait_for("FOOTLOG-EXITED=0");
    assert!(
        end.contains("That was footlog's demo: nothing you entered in it was kept."),
        "{end}"
    );
    // And the user's data folder was never touched.
    assert!(
        std::fs::read_dir(dir.path()).expect("dir").next().is_none(),
        "the demo wrote files"
    );
}
