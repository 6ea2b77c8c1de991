//! The dashboard at any history length: the first screen, its data load, the streaks, the 52-week
//! aggregation and an idle tick, at 1k and 100k sessions, and at 1M with `FOOTLOG_BENCH_1M=1`
//! (building that database takes about a minute, once per run).
//! Run: `cargo bench --bench dashboard` (figures: docs/PERFORMANCE.md).

// A bench whose setup fails stops loudly: there is no caller to hand an error to.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use divan::Bencher;
use footlog::domain::week::{streaks, summarize_weeks, weeks_between};
use footlog::store::Store;
use footlog::tui::dispatch;
use footlog::tui::effects::load;
use footlog::tui::event::Event;

mod common;

use common::{db_for, now, sizes, started_app, today};

fn main() {
    divan::main();
}

/// Open the database, load, and draw the first frame at 100x30 (the tmux script's size).
#[divan::bench(args = sizes(), sample_count = 30)]
fn first_screen_100x30(bencher: Bencher, n: usize) {
    let path = db_for(n);
    bencher.bench_local(|| {
        let mut store = Store::open(&path).expect("open");
        let state = started_app(&mut store, 100, 30);
        let mut term =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(100, 30)).expect("terminal");
        term.draw(|f| footlog::tui::ui::view(f, &state))
            .expect("draw");
    });
}

/// Everything the first frame reads, on an open database.
#[divan::bench(args = sizes())]
fn dashboard_load(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| load(&store, today(), false).expect("load"));
}

/// Current and longest streak from the per-week totals.
#[divan::bench(args = sizes())]
fn streaks_from_week_totals(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| store.streaks(today()).expect("streaks"));
}

/// The same streaks computed as before migration 3: every day of history, every week summarised.
#[divan::bench(args = sizes())]
fn streaks_over_every_day_before(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| {
        let ws = store.week_start().expect("ws");
        let daily = store.daily_counts(None, None).expect("days");
        let current = ws.week_of(today());
        let first = ws.week_of(*daily.keys().next().expect("days")).min(current);
        let n = usize::try_from(weeks_between(first, current) + 1).expect("n");
        let goals = store.goals().expect("goals");
        let rests = store.rest_marks().expect("rests");
        streaks(&summarize_weeks(first, n, &daily, &goals, &rests))
    });
}

/// The tension chart's points of the charts' 52 weeks (three numbers per session).
#[divan::bench(args = sizes())]
fn tension_points_52_weeks(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    let since = store.week_start().expect("ws").week_of(today()) - chrono::Duration::weeks(51);
    bencher.bench_local(|| store.tension_points(since).expect("points"));
}

/// `Store::weeks`, 52 weeks (what `footlog week --json` and the chart read).
#[divan::bench(args = sizes())]
fn week_52(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| store.weeks(today(), 52).expect("weeks"));
}

/// One tick of an idle app whose database nobody changed: the change counter is read and
/// nothing is reloaded.
#[divan::bench(args = sizes())]
fn idle_tick(bencher: Bencher, n: usize) {
    let mut store = Store::open(&db_for(n)).expect("open");
    let mut state = started_app(&mut store, 100, 30);
    bencher.bench_local(|| dispatch(&mut state, &mut store, Event::Tick, &now()));
}
