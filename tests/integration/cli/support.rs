//! A temporary footlog home and helpers to run the binary in it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// The default clock: Monday 2026-11-23, 20:00 local.
pub const NOW: &str = "2026-11-23 20:00";
/// The default time zone.
pub const BERLIN: &str = "Europe/Berlin";

/// One temporary footlog home: a database path, a clock and a time zone.
pub struct Env {
    pub dir: TempDir,
    pub db: PathBuf,
    pub tz: String,
    pub now: String,
}

impl Env {
    /// Berlin, Monday 2026-11-23 20:00, database in a folder that does not exist yet.
    pub fn new() -> Env {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        let db = dir.path().join("data").join("footlog.db");
        Env {
            dir,
            db,
            tz: BERLIN.into(),
            now: NOW.into(),
        }
    }

    /// The same, in another time zone.
    pub fn in_tz(tz: &str) -> Env {
        let mut e = Env::new();
        e.tz = tz.into();
        e
    }

    /// A command with the clock, zone and home fixed but no database chosen.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_footlog"));
        cmd.env_remove("FOOTLOG_DB")
            .env("TZ", &self.tz)
            .env("FOOTLOG_NOW", &self.now)
            .env("HOME", self.dir.path().join("home"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg"))
            .env_remove("NO_COLOR");
        cmd
    }

    /// `footlog --db <db> ARGS…`.
    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--db").arg(&self.db).args(args);
        cmd
    }

    /// Runs and requires exit 0 with nothing on stderr; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("run footlog");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(0),
            "footlog {args:?} failed: {stderr}"
        );
        String::from_utf8(out.stdout).expect("stdout is UTF-8")
    }

    /// Runs and requires exit `code`, nothing on stdout, and a message on stderr; returns stderr.
    pub fn fails(&self, args: &[&str], code: i32) -> String {
        let out = self.cmd(args).output().expect("run footlog");
        let stderr = String::from_utf8(out.stderr).expect("stderr is UTF-8");
        assert_eq!(
            out.status.code(),
            Some(code),
            "footlog {args:?}: expected exit {code}; stderr: {stderr}"
        );
        assert!(
            out.stdout.is_empty(),
            "footlog {args:?} printed to stdout on failure: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(!stderr.trim().is_empty(), "footlog {args:?}: no message");
        assert!(
            !stderr.contains("panicked"),
            "footlog {args:?} panicked: {stderr}"
        );
        stderr
    }

    /// Runs a command that prints JSON and parses it.
    pub fn json(&self, args: &[&str]) -> Value {
        let out = self.ok(args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e}): {out}"))
    }

    /// `footlog log --before B --after A EXTRA…`; returns the printed UUID.
    pub fn log(&self, before: u8, after: u8, extra: &[&str]) -> String {
        let (b, a) = (before.to_string(), after.to_string());
        let mut args = vec!["log", "--before", &b, "--after", &a];
        args.extend_from_slice(extra);
        let out = self.ok(&args);
        let uuid = out.trim().to_string();
        assert!(is_uuid(&uuid), "log printed {out:?}, not a UUID");
        uuid
    }

    /// Everything that could change: the file's bytes and the JSON export.
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            bytes: std::fs::read(&self.db).ok(),
            export: self.ok(&["export"]),
        }
    }

    /// Requires the database to be exactly as in `before`.
    pub fn assert_unchanged(&self, before: &Snapshot, what: &str) {
        let now = self.snapshot();
        assert_eq!(now.export, before.export, "{what}: the data changed");
        assert!(
            now.bytes == before.bytes,
            "{what}: the database file changed"
        );
    }

    /// A database with one session and one sleep note, to prove that failures leave it alone.
    pub fn seeded() -> Env {
        let e = Env::new();
        e.log(7, 3, &["--at", "2026-11-20 19:00", "--note", "seed"]);
        e.ok(&["sleep", "--quality", "4", "--night", "2026-11-20"]);
        e
    }

    /// A file path inside the temporary folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `text` to a file in the temporary folder and returns its path as a string.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let p = self.path(name);
        std::fs::write(&p, contents).expect("write a test file");
        p.to_str().expect("UTF-8 temp path").to_string()
    }
}

/// The database state at one moment.
pub struct Snapshot {
    pub bytes: Option<Vec<u8>>,
    pub export: String,
}

/// The keys of a JSON object.
pub fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

/// A set of key names.
pub fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(std::string::ToString::to_string).collect()
}

/// A JSON array's items.
pub fn items(v: &Value) -> &Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("not an array: {v}"))
}

/// True for a hyphenated lowercase UUID.
pub fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit() && !c.is_ascii_uppercase(),
        })
}

/// The Unix permission bits of a path.
pub fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("stat {}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

/// Every entry under `dir`, recursively (to prove nothing was created).
pub fn tree(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in rd {
            let p = entry.expect("read a folder entry").path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.insert(p);
        }
    }
    out
}

/// Deterministic bytes that are not an SQLite file.
pub fn noise(len: usize) -> Vec<u8> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect()
}

/// What `footlog export` prints for `tests/fixtures/schema-1.db` today: the fixture's export as
/// it was printed when it was made (`schema-1.export.json`, also an export of an older footlog
/// for the import tests), with the health profile and the reminder that exports carry since (neither was set).
pub fn schema_1_export() -> String {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let old =
        std::fs::read_to_string(fixtures.join("schema-1.export.json")).expect("expected export");
    let week = "  \"week_start\": \"sunday\",\n";
    assert!(old.contains(week), "the fixture's week start moved");
    with_empty_sleep_diaries(&old.replacen(
        week,
        &format!(
            "{week}  \"health_profile\": {{\n    \"diabetes_or_neuropathy\": false,\n    \
             \"circulation_problems\": false,\n    \"pregnancy\": false\n  }},\n  \"reminder\": null,\n"
        ),
        1,
    ))
}

/// The sleep-diary keys (schema 5) a sleep note from before them exports, all null.
pub const EMPTY_SLEEP_DIARY_KEYS: [&str; 10] = [
    "bed",
    "tried",
    "latency_min",
    "awakenings",
    "awake_min",
    "woke",
    "up",
    "time_in_bed_min",
    "total_sleep_min",
    "efficiency_pct",
];

/// A pretty-printed export from before the sleep diary, with each sleep note's diary keys
/// (null) after its `updated_at`, as today's export writes it.
pub fn with_empty_sleep_diaries(old: &str) -> String {
    let Some(at) = old.find("\"sleep_notes\": [") else {
        return old.to_string();
    };
    let (head, notes) = old.split_at(at);
    let mut nulls = String::new();
    for k in EMPTY_SLEEP_DIARY_KEYS {
        nulls.push_str(",\n      \"");
        nulls.push_str(k);
        nulls.push_str("\": null");
    }
    let mut out = head.to_string();
    for (i, line) in notes.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line);
        if line.starts_with("      \"updated_at\": ") {
            out.push_str(&nulls);
        }
    }
    out
}
