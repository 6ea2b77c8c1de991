//! `footlog check`: the database's integrity, schema and records, its file modes and backups;
//! exit 1 with one line per problem.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::text::{escape_unsafe, plural};
use super::{CliError, Ctx, exit};
use crate::store::{
    ContentCheck, Store, StoreError, backups_dir, backups_dir_problem, list_backups,
};

fn mode(path: &Path) -> Option<u32> {
    std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

/// A damaged record in `check --json`.
#[derive(Serialize)]
struct DamagedJson {
    table: &'static str,
    uuid: String,
    field: &'static str,
    reason: String,
}

/// `check --json`.
#[derive(Serialize)]
struct Report {
    database: String,
    /// Read from a private copy, because it cannot be read where it is (only when so).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    read_from_a_copy: bool,
    ok: bool,
    problems: Vec<String>,
    integrity: Vec<String>,
    schema_version: i64,
    schema: Vec<String>,
    foreign_keys: Vec<String>,
    rows_read: usize,
    damaged: Vec<DamagedJson>,
    day_totals: Vec<String>,
    week_totals: Vec<String>,
    file_mode: Option<String>,
    folder_mode: Option<String>,
    backups_folder: Option<String>,
    last_backup: Option<String>,
    backups_kept: usize,
}

pub fn run(json: bool, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let Some(store) = Store::open_existing_for_reading(&ctx.db)? else {
        return Err(CliError::Store(StoreError::NotFound(format!(
            "there is no database at {}",
            ctx.db.display()
        ))));
    };
    let found = Findings::gather(store, &ctx.db)?;
    if json {
        found.write_json(&ctx.db, out)?;
    } else {
        found.write_text(&ctx.db, out)?;
    }
    Ok(if found.problems.is_empty() {
        exit::OK
    } else {
        exit::FAILURE
    })
}

/// Everything `check` looked at, and the problems it found.
struct Findings {
    store: Store,
    problems: Vec<String>,
    integrity: Vec<String>,
    contents: ContentCheck,
    file_mode: Option<u32>,
    folder_mode: Option<u32>,
    backups_folder: Option<String>,
    backups: Vec<PathBuf>,
}

impl Findings {
    fn gather(store: Store, db: &Path) -> Result<Findings, CliError> {
        let mut problems = Vec::new();
        let integrity = store.integrity_problems()?;
        if !integrity.is_empty() {
            problems.push("the integrity check failed".to_string());
        }
        let contents = store.check_contents()?;
        problems.extend(contents.problems());
        let file_mode = mode(db);
        let folder = db
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let folder_mode = mode(folder);
        if file_mode.is_some_and(|m| m & 0o077 != 0) {
            problems.push(format!(
                "the database is readable by others (chmod 600 {})",
                db.display()
            ));
        }
        if folder_mode.is_some_and(|m| m & 0o077 != 0) {
            problems.push(format!(
                "its folder is open to others (chmod 700 {})",
                folder.display()
            ));
        }
        let dir = backups_dir(db);
        let backups_folder = backups_dir_problem(db);
        problems.extend(backups_folder.clone());
        let backups = list_backups(&dir)?;
        Ok(Findings {
            store,
            problems,
            integrity,
            contents,
            file_mode,
            folder_mode,
            backups_folder,
            backups,
        })
    }

    fn write_json(&self, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
        let contents = &self.contents;
        let report = Report {
            database: db.display().to_string(),
            read_from_a_copy: self.store.reads_a_copy(),
            ok: self.problems.is_empty(),
            problems: self.problems.clone(),
            integrity: self.integrity.clone(),
            schema_version: self.store.schema_version()?,
            schema: contents.schema.clone(),
            foreign_keys: contents.foreign_keys.clone(),
            rows_read: contents.rows_read,
            damaged: contents
                .damaged
                .iter()
                .map(|d| DamagedJson {
                    table: d.table,
                    uuid: d.uuid.clone(),
                    field: d.field,
                    reason: d.reason.clone(),
                })
                .collect(),
            day_totals: contents.day_totals.clone(),
            week_totals: contents.week_totals.clone(),
            file_mode: octal(self.file_mode),
            folder_mode: octal(self.folder_mode),
            backups_folder: self.backups_folder.clone(),
            last_backup: self.backups.last().map(|b| b.display().to_string()),
            backups_kept: self.backups.len(),
        };
        serde_json::to_writer_pretty(&mut *out, &report).map_err(std::io::Error::from)?;
        writeln!(out)?;
        Ok(())
    }

    fn write_text(&self, db: &Path, out: &mut dyn Write) -> Result<(), CliError> {
        let contents = &self.contents;
        let says = |found: &[String], one: &str, many: &str| {
            if found.is_empty() {
                "ok".to_string()
            } else {
                plural(count(found.len()), one, many)
            }
        };
        let line = |out: &mut dyn Write, label: &str, value: &str| {
            writeln!(out, "{label:<16}{}", escape_unsafe(value))
        };
        line(out, "Database:", &db.display().to_string())?;
        if self.store.reads_a_copy() {
            line(
                out,
                "Read from:",
                "a private copy (its -wal cannot be read where it is: its folder cannot be written)",
            )?;
        }
        if self.integrity.is_empty() {
            line(out, "Integrity:", "ok")?;
        } else {
            line(out, "Integrity:", "FAILED")?;
            for p in self.integrity.iter().take(10) {
                writeln!(out, "  {}", escape_unsafe(p))?;
            }
        }
        line(
            out,
            "Schema version:",
            &self.store.schema_version()?.to_string(),
        )?;
        line(
            out,
            "Schema:",
            &says(&contents.schema, "difference", "differences"),
        )?;
        line(
            out,
            "Foreign keys:",
            &says(&contents.foreign_keys, "violation", "violations"),
        )?;
        line(out, "Records:", &records(contents))?;
        line(
            out,
            "Day totals:",
            &says(&contents.day_totals, "day disagrees", "days disagree"),
        )?;
        line(
            out,
            "Week totals:",
            &says(&contents.week_totals, "week disagrees", "weeks disagree"),
        )?;
        line(
            out,
            "File mode:",
            &octal(self.file_mode).unwrap_or("unknown".into()),
        )?;
        line(
            out,
            "Folder mode:",
            &octal(self.folder_mode).unwrap_or("unknown".into()),
        )?;
        line(
            out,
            "Backups folder:",
            if self.backups_folder.is_some() {
                "NOT SAFE"
            } else {
                "ok"
            },
        )?;
        match self.backups.last() {
            Some(b) => line(
                out,
                "Last backup:",
                &format!("{} ({} kept)", b.display(), self.backups.len()),
            )?,
            None => line(out, "Last backup:", "none yet (run: footlog backup)")?,
        }
        if self.problems.is_empty() {
            writeln!(out, "All good.")?;
        } else {
            for p in &self.problems {
                writeln!(out, "Problem: {}", escape_unsafe(p))?;
            }
        }
        Ok(())
    }
}

/// The "Records:" line: rows read, and how many were damaged or unreadable.
fn records(contents: &ContentCheck) -> String {
    if contents.damaged.is_empty() && contents.unreadable.is_empty() {
        format!(
            "ok ({})",
            plural(count(contents.rows_read), "row read", "rows read")
        )
    } else {
        format!(
            "{} damaged, {} unreadable ({})",
            contents.damaged.len(),
            plural(count(contents.unreadable.len()), "table", "tables"),
            plural(count(contents.rows_read), "row read", "rows read")
        )
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// A file mode as four octal digits.
fn octal(m: Option<u32>) -> Option<String> {
    m.map(|m| format!("{m:04o}"))
}
