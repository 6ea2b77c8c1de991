//! Import and export through the CLI's own code (file in, file out) at 1k and 100k sessions, and
//! 1M with `FOOTLOG_BENCH_1M=1` (its data takes a minute or two to make).
//! Run: `cargo bench --bench exchange` (figures: docs/PERFORMANCE.md).

// A bench whose setup fails stops loudly: there is no caller to hand an error to.
#![allow(clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::path::{Path, PathBuf};

use divan::Bencher;
use footlog::cli::args::{ExportArgs, Format, ImportArgs};
use footlog::cli::{Command, Ctx};
use footlog::demo::generate_sized;
use footlog::domain::import::ImportSink;
use footlog::domain::record::ImportMeta;
use footlog::domain::{GoalChange, RestMark, SessionFields, SleepFields, WeekStart};
use footlog::exchange::read_import;
use footlog::store::Store;

mod common;

use common::{now, sizes};

fn main() {
    divan::main();
}

/// A database of `n` generated sessions and its JSON and CSV exports, made once and kept in
/// Cargo's temporary folder for benchmarks (so the 1M set is made once, not on every run).
struct Data {
    db: PathBuf,
    json: PathBuf,
    csv: PathBuf,
}

fn data(n: usize) -> Data {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("exchange-{n}"));
    let d = Data {
        db: dir.join("data.db"),
        json: dir.join("data.json"),
        csv: dir.join("sessions.csv"),
    };
    if !d.csv.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("mkdir");
        Store::open(&d.db)
            .expect("open")
            .import(&generate_sized(&now(), n, 42))
            .expect("import");
        for (format, path) in [(Format::Json, &d.json), (Format::Csv, &d.csv)] {
            let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
            export(&d.db, format, &mut file);
            std::io::Write::flush(&mut file).expect("flush");
        }
    }
    d
}

fn export(db: &Path, format: Format, out: &mut dyn std::io::Write) {
    let args = ExportArgs {
        format,
        sleep: false,
        output: None,
        force: false,
        skip_damaged: false,
    };
    let ctx = Ctx {
        db: db.to_path_buf(),
        now: now(),
    };
    footlog::cli::run(Command::Export(args), &ctx, out).expect("export");
}

fn import_into_new(bencher: Bencher, file: &Path) {
    bencher
        .with_inputs(|| tempfile::tempdir().expect("tempdir"))
        .bench_local_values(|dir| {
            let ctx = Ctx {
                db: dir.path().join("import.db"),
                now: now(),
            };
            let args = ImportArgs {
                file: file.to_path_buf(),
            };
            footlog::cli::run(Command::Import(args), &ctx, &mut std::io::sink()).expect("import");
            dir
        });
}

/// `footlog import FILE` of a JSON export into a new database.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn import_json(bencher: Bencher, n: usize) {
    import_into_new(bencher, &data(n).json);
}

/// `footlog import FILE` of a CSV export of the sessions into a new database.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn import_csv(bencher: Bencher, n: usize) {
    import_into_new(bencher, &data(n).csv);
}

/// `footlog export` (JSON) to a discarding writer: reading, the damage check, formatting.
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn export_json(bencher: Bencher, n: usize) {
    let db = data(n).db;
    bencher.bench_local(|| export(&db, Format::Json, &mut std::io::sink()));
}

/// `footlog export --format csv` to a discarding writer.
#[divan::bench(args = sizes(), sample_count = 10, sample_size = 1)]
fn export_csv(bencher: Bencher, n: usize) {
    let db = data(n).db;
    bencher.bench_local(|| export(&db, Format::Csv, &mut std::io::sink()));
}

/// A sink that only counts: reading and validating a file without a database.
#[derive(Default)]
struct Count(usize);

impl ImportSink for Count {
    type Error = std::convert::Infallible;
    fn week_start(&mut self, _: WeekStart) -> Result<(), Self::Error> {
        Ok(())
    }
    fn health_profile(
        &mut self,
        _: &footlog::domain::health::HealthProfile,
    ) -> Result<(), Self::Error> {
        Ok(())
    }
    fn reminder(&mut self, _: footlog::domain::remind::Reminder) -> Result<(), Self::Error> {
        Ok(())
    }
    fn goal(&mut self, _: &GoalChange) -> Result<(), Self::Error> {
        Ok(())
    }
    fn rest_mark(&mut self, _: &RestMark) -> Result<(), Self::Error> {
        Ok(())
    }
    fn session(&mut self, _: &ImportMeta, _: &SessionFields) -> Result<(), Self::Error> {
        self.0 += 1;
        Ok(())
    }
    fn sleep_note(&mut self, _: &ImportMeta, _: &SleepFields) -> Result<(), Self::Error> {
        self.0 += 1;
        Ok(())
    }
}

/// Reading and validating the JSON export, no database: the reader `import FILE` uses.
#[divan::bench(args = sizes(), sample_count = 5, sample_size = 1)]
fn read_json(bencher: Bencher, n: usize) {
    let json = data(n).json;
    bencher.bench_local(|| {
        let mut count = Count::default();
        let file = std::fs::File::open(&json).expect("open");
        read_import(file, &now(), &mut count).expect("read");
        count.0
    });
}
