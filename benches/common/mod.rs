//! What the benchmarks share: the fixed clock, the sizes, and one generated database file per size.
// Each bench target compiles this module and uses only part of it.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, FixedOffset, NaiveDate};
use footlog::demo::generate_sized;
use footlog::store::Store;

/// The benchmarks' fixed "now".
pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-23T20:30:00+01:00").expect("time")
}

/// The local date of [`now`].
pub fn today() -> NaiveDate {
    now().date_naive()
}

/// 1k and 100k sessions, and 1M when `FOOTLOG_BENCH_1M` is set.
pub fn sizes() -> Vec<usize> {
    let mut v = vec![1_000, 100_000];
    if std::env::var_os("FOOTLOG_BENCH_1M").is_some() {
        v.push(1_000_000);
    }
    v
}

/// One database file per size, built once per run and shared.
pub fn db_for(n: usize) -> PathBuf {
    static DBS: OnceLock<Mutex<HashMap<usize, (tempfile::TempDir, PathBuf)>>> = OnceLock::new();
    let mut map = DBS.get_or_init(Default::default).lock().expect("lock");
    map.entry(n)
        .or_insert_with(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("bench.db");
            let mut store = Store::open(&path).expect("open");
            store
                .import(&generate_sized(&now(), n, 42))
                .expect("import");
            (dir, path)
        })
        .1
        .clone()
}

/// The app's state after its first load at `width`x`height`, as at start-up.
pub fn started_app(store: &mut Store, width: u16, height: u16) -> footlog::tui::state::AppState {
    use footlog::tui::dispatch;
    use footlog::tui::effects::run;
    use footlog::tui::event::Event;
    use footlog::tui::msg::Effect;
    let opts = footlog::tui::Options {
        config: footlog::tui::config::Config::default(),
        config_error: None,
        notices: Vec::new(),
        guided: false,
        no_color: false,
        demo: false,
        sync: None,
        read_only: None,
    };
    let mut state =
        footlog::tui::initial_state(&opts, footlog::tui::zone::Zone::Fixed(*now().offset()));
    for m in run(store, Effect::Load, &now()) {
        dispatch(&mut state, store, m, &now());
    }
    dispatch(&mut state, store, Event::Resize(width, height), &now());
    state
}
