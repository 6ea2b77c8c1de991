//! Report fixtures: databases built through the library with a fixed clock, and the real binary
//! run on them.

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate};
use footlog::domain::health::HealthProfile;
use footlog::domain::report::{Report, ReportPeriod, build_report};
use footlog::domain::{Area, RestMark, SessionDraft, SleepDraft, Tool};
use footlog::store::Store;
use tempfile::TempDir;

/// The clock of every report test: Wednesday 25 November 2026, 18:00 in Berlin.
pub const NOW: &str = "2026-11-25 18:00";

pub fn now() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-25T18:00:00+01:00").expect("time")
}

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
}

fn at(s: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(s).expect("time")
}

/// A footlog home in a temporary folder.
pub struct Fixture {
    pub dir: TempDir,
    pub db: PathBuf,
}

/// One session: (start, before, after, tool, areas, minutes, pain, oil, note).
type Row<'a> = (
    &'a str,
    i64,
    i64,
    Tool,
    &'a [Area],
    i64,
    Option<i64>,
    Option<&'a str>,
    Option<&'a str>,
);

fn add(store: &mut Store, r: Row<'_>) {
    let (when, before, after, tool, areas, minutes, pain, oil, note) = r;
    let mut s = SessionDraft::new(at(when), before, after);
    s.tool = tool;
    s.areas = areas.to_vec();
    s.minutes = minutes;
    s.pain = pain;
    s.oil = oil.map(String::from);
    s.note = note.map(String::from);
    let fields = s.validate(&now()).expect("valid session");
    store.insert_session(fields, &now()).expect("insert");
}

fn night(store: &mut Store, date: &str, quality: i64, hours: Option<f64>) {
    let f = SleepDraft {
        night: d(date),
        quality,
        hours,
        note: None,
        diary: footlog::domain::diary::DiaryDraft::default(),
    }
    .validate()
    .expect("valid night");
    store.put_sleep(f, false, &now()).expect("insert night");
}

/// One night with the sleep diary's items (after the session of the 12th, replacing its note):
/// in bed 22:00→07:30 = 570 min; 22:30→07:00 = 510, less 15 and 15 = 480 = 8.0 h;
/// 480 ÷ 570 = 84.2 %.
fn diary_night(store: &mut Store) {
    let diary = SleepDraft {
        night: d("2026-11-12"),
        quality: 5,
        hours: Some(8.0),
        note: None,
        diary: footlog::domain::diary::DiaryDraft {
            bed: Some("22:00".into()),
            tried: Some("22:30".into()),
            latency_min: Some(15),
            awakenings: Some(1),
            awake_min: Some(15),
            woke: Some("07:00".into()),
            up: Some("07:30".into()),
        },
    }
    .validate()
    .expect("valid diary night");
    store.put_sleep(diary, true, &now()).expect("diary night");
}

/// The hand-computed fixture (three weeks, Monday weeks): every number of the report is worked
/// out in `numbers.rs`. Hostile text sits in a note, the oil and the rest reason.
pub fn small() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("footlog.db");
    let mut store = Store::open(&db).expect("open");
    // Before the period: counts for the streak only.
    add(
        &mut store,
        (
            "2026-11-02T19:00:00+01:00",
            9,
            1,
            Tool::Hands,
            &[],
            20,
            None,
            None,
            None,
        ),
    );
    // Week of 9 November: goal 1, two sessions (met).
    add(
        &mut store,
        (
            "2026-11-09T20:00:00+01:00",
            8,
            3,
            Tool::Roller,
            &[Area::Arches],
            15,
            Some(6),
            Some("almond & <b>arnica</b>"),
            Some("Left heel sore <script>alert(1)</script>"),
        ),
    );
    add(
        &mut store,
        (
            "2026-11-12T21:00:00+01:00",
            6,
            5,
            Tool::Hands,
            &[Area::Arches, Area::Heels],
            30,
            Some(4),
            None,
            Some("<img src=x onerror=alert(1)>"),
        ),
    );
    // Week of 16 November: a rest week without sessions; the goal becomes 2 on the 18th.
    store.set_goal(d("2026-11-18"), 2).expect("goal");
    store
        .add_rest(&RestMark {
            date: d("2026-11-19"),
            reason: "travel <i>abroad</i>".into(),
        })
        .expect("rest");
    // Week of 23 November (this week): one session so far.
    add(
        &mut store,
        (
            "2026-11-23T07:30:00+01:00",
            7,
            4,
            Tool::Hands,
            &[Area::Heels],
            50,
            None,
            None,
            Some("Line one\nLine two | pipe"),
        ),
    );
    for (n, q, h) in [
        ("2026-11-09", 4, Some(7.5)),
        ("2026-11-12", 5, Some(8.0)),
        ("2026-11-23", 3, None),
        ("2026-11-10", 2, Some(6.0)),
        ("2026-11-11", 3, None),
        ("2026-11-20", 2, Some(5.0)),
        ("2026-10-01", 5, Some(9.0)), // before the period
    ] {
        night(&mut store, n, q, h);
    }
    diary_night(&mut store);
    store
        .set_health_profile(&HealthProfile {
            diabetes_or_neuropathy: true,
            ..HealthProfile::default()
        })
        .expect("profile");
    Fixture { dir, db }
}

/// Twelve weeks of ordinary use: one to three sessions a week with short notes, most nights
/// with a sleep note, a rest week, a missed week, pain on some sessions, a goal change and a health profile.
pub fn ordinary() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("footlog.db");
    let mut store = Store::open(&db).expect("open");
    let first = d("2026-09-07");
    let notes = [
        Some("Heels tight after a long shift."),
        None,
        Some("Arches sore in the morning; eased after rolling."),
        None,
        Some("Calm evening, slept well."),
    ];
    let mut k = 0i64;
    for week in 0..12i64 {
        if week == 5 {
            continue; // the rest week
        }
        let per_week = match week {
            8 => 1, // a missed week under the goal of 2
            w if w % 3 == 0 => 3,
            _ => 2,
        };
        for j in 0..per_week {
            let day = first + Duration::weeks(week) + Duration::days(j * 2 + 1);
            if day > now().date_naive() {
                break;
            }
            let when = format!("{day}T20:{:02}:00+01:00", (k * 7) % 60);
            let tool = [Tool::Hands, Tool::Roller, Tool::Ball][usize::try_from(k % 3).unwrap_or(0)];
            let areas: &[Area] = match k % 3 {
                0 => &[Area::Arches, Area::Heels],
                1 => &[Area::Heels],
                _ => &[Area::Balls, Area::Arches],
            };
            let note = notes[usize::try_from(k % 5).unwrap_or(0)];
            add(
                &mut store,
                (
                    &when,
                    6 + k % 3,
                    2 + k % 2,
                    tool,
                    areas,
                    15 + 5 * (k % 3),
                    (k % 2 == 0).then_some(2 + k % 4),
                    (k % 4 == 0).then_some("almond oil"),
                    note,
                ),
            );
            k += 1;
        }
    }
    store.set_goal(d("2026-10-19"), 2).expect("goal");
    store
        .add_rest(&RestMark {
            date: d("2026-10-15"),
            reason: "flu".into(),
        })
        .expect("rest");
    for i in 0..80i64 {
        let n = first + Duration::days(i);
        if i % 6 != 5 {
            let q = 2 + (i % 4);
            night(
                &mut store,
                &n.to_string(),
                q,
                Some(6.0 + (i % 3) as f64 * 0.5),
            );
        }
    }
    store
        .set_health_profile(&HealthProfile {
            circulation_problems: true,
            ..HealthProfile::default()
        })
        .expect("profile");
    Fixture { dir, db }
}

impl Fixture {
    /// The report model for the last `weeks` weeks, as the CLI builds it.
    pub fn model(&self, weeks: u32, name: Option<&str>) -> Report {
        let store = Store::open(&self.db).expect("open");
        let today = now().date_naive();
        let ws = store.week_start().expect("week start");
        let period = ReportPeriod::last_weeks(today, ws, weeks).expect("period");
        let input = store.report_input(&period, today).expect("read");
        build_report(&period, input, name.map(String::from), now())
    }

    /// The config folder (`XDG_CONFIG_HOME`) of this home.
    pub fn config_home(&self) -> PathBuf {
        self.dir.path().join("config")
    }

    /// Writes `[report] name = …` to this home's config.
    pub fn set_name(&self, name: &str) {
        let dir = self.config_home().join("footlog");
        std::fs::create_dir_all(&dir).expect("config dir");
        let toml = format!("[report]\nname = {}\n", toml_string(name));
        std::fs::write(dir.join("config.toml"), toml).expect("config");
    }

    /// Runs `footlog --db <db> ARGS…` with the fixed clock, Berlin time and this home.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_in(self.dir.path(), args)
    }

    /// The same, from folder `cwd`.
    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Output {
        std::process::Command::new(env!("CARGO_BIN_EXE_footlog"))
            .current_dir(cwd)
            .env_remove("FOOTLOG_DB")
            .env("TZ", "Europe/Berlin")
            .env("FOOTLOG_NOW", NOW)
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_CONFIG_HOME", self.config_home())
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .output()
            .expect("run footlog")
    }

    /// Runs and requires exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "footlog {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8")
    }
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}
