//! Benchmarks at 1k, 10k and 100k sessions (with a sleep note for most nights), on database files.
//! Run: `cargo bench --bench footlog` (targets and results: docs/PERFORMANCE.md).

// A bench whose setup fails stops loudly: there is no caller to hand an error to.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use divan::Bencher;
use footlog::domain::SessionDraft;
use footlog::domain::insights::compute_insights;
use footlog::exchange::parse_import;
use footlog::store::Store;

const SIZES: &[usize] = &[1_000, 10_000, 100_000];

mod common;

use common::{db_for, now, started_app, today};

fn main() {
    divan::main();
}

/// The export of a data set, as JSON text.
fn export_text(n: usize) -> String {
    let store = Store::open(&db_for(n)).expect("open");
    serde_json::to_string(&store.export().expect("export")).expect("json")
}

#[divan::bench(args = SIZES)]
fn week_52(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| store.weeks(today(), 52).expect("weeks"));
}

#[divan::bench(args = SIZES)]
fn stats(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| store.stats(today()).expect("stats"));
}

#[divan::bench(args = SIZES)]
fn insights_52_weeks(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| {
        let ws = store.week_start().expect("ws");
        let from = ws.week_of(today()) - chrono::Duration::weeks(51);
        let sessions = store.sessions(Some(from), None).expect("sessions");
        let sleep = store.sleep_notes(Some(from), None).expect("sleep");
        compute_insights(&sessions, &sleep, today(), ws, 52)
    });
}

#[divan::bench(args = SIZES, sample_count = 30)]
fn log_insert_durable(bencher: Bencher, n: usize) {
    let mut store = Store::open(&db_for(n)).expect("open");
    let fields = SessionDraft::new(now(), 6, 3)
        .validate(&now())
        .expect("valid");
    bencher.bench_local(|| {
        store
            .insert_session(fields.clone(), &now())
            .expect("insert")
    });
}

#[divan::bench(args = SIZES, sample_count = 5)]
fn export_json(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| serde_json::to_vec(&store.export().expect("export")).expect("json"));
}

#[divan::bench(args = SIZES, sample_count = 3, sample_size = 1)]
fn import_json_into_empty(bencher: Bencher, n: usize) {
    let text = export_text(n);
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().expect("tempdir");
            let store = Store::open(&dir.path().join("import.db")).expect("open");
            (dir, store)
        })
        .bench_local_values(|(dir, mut store)| {
            let batch = parse_import(&text, &now()).expect("parse");
            store.import(&batch).expect("import");
            drop(store);
            dir
        });
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn open_database(bencher: Bencher, n: usize) {
    let path = db_for(n);
    bencher.bench_local(|| Store::open(&path).expect("open"));
}

#[divan::bench(args = SIZES, sample_count = 20)]
fn open_and_first_dashboard_frame_120x40(bencher: Bencher, n: usize) {
    let path = db_for(n);
    bencher.bench_local(|| {
        let mut store = Store::open(&path).expect("open");
        let state = started_app(&mut store, 120, 40);
        let mut term =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
        term.draw(|f| footlog::tui::ui::view(f, &state))
            .expect("draw");
    });
}

#[divan::bench(args = SIZES)]
fn dashboard_render_120x40(bencher: Bencher, n: usize) {
    let mut store = Store::open(&db_for(n)).expect("open");
    let state = started_app(&mut store, 120, 40);
    let mut term =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    bencher.bench_local(|| {
        term.draw(|f| footlog::tui::ui::view(f, &state))
            .expect("draw");
    });
}

#[divan::bench(args = SIZES)]
fn streaks(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| store.streaks(today()).expect("streaks"));
}

#[divan::bench(args = SIZES)]
fn dashboard_load(bencher: Bencher, n: usize) {
    let store = Store::open(&db_for(n)).expect("open");
    bencher.bench_local(|| footlog::tui::effects::load(&store, today(), false).expect("load"));
}
