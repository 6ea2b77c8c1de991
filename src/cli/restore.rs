//! `footlog restore FILE` and `footlog restore --list`.

use std::io::Write;

use chrono::{DateTime, Local};

use super::args::RestoreArgs;
use super::{CliError, Ctx, exit};
use crate::store::{RestoreSummary, list_restorable, restore};

pub fn run(a: RestoreArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    match a.file {
        Some(file) if !a.list => {
            let paths = footlog_sync::SyncPaths::new(&ctx.db);
            let summary =
                footlog_sync::while_not_syncing(&paths, || restore(&ctx.db, &file, &ctx.now))??;
            writeln!(out, "{}", summary_line(&file, &summary))?;
            Ok(exit::OK)
        }
        _ => list(ctx, out),
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// One line: what was restored and where the database as it was is kept.
fn summary_line(file: &std::path::Path, s: &RestoreSummary) -> String {
    let span = match (&s.first, &s.last) {
        (Some(a), Some(b)) if a == b => format!(", {a}"),
        (Some(a), Some(b)) => format!(", {a} to {b}"),
        _ => String::new(),
    };
    let upgraded = s
        .upgraded_from
        .map(|v| format!(" (upgraded from schema {v})"))
        .unwrap_or_default();
    let safety = match &s.safety_copy {
        Some(p) => format!("the database as it was is kept in {}", shown(p)),
        None => "there was no database before, so nothing needed keeping".to_string(),
    };
    format!(
        "Restored {} and {}{span} from {}{upgraded}; {safety}",
        plural(s.sessions, "session", "sessions"),
        plural(s.sleep_notes, "sleep note", "sleep notes"),
        shown(file),
    )
}

fn list(ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let all = list_restorable(&ctx.db)?;
    if all.is_empty() {
        writeln!(
            out,
            "No backups yet in {} (footlog backup takes one).",
            shown(&crate::store::backups_dir(&ctx.db))
        )?;
        return Ok(exit::OK);
    }
    let offset = *ctx.now.offset();
    let rows: Vec<[String; 4]> = all
        .iter()
        .map(|b| {
            let taken: DateTime<Local> = b.taken.into();
            [
                shown(&b.path),
                taken
                    .with_timezone(&offset)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                b.sessions.map_or("unreadable".into(), |n| n.to_string()),
                size(b.size),
            ]
        })
        .collect();
    let header = ["File", "Taken", "Sessions", "Size"];
    let mut widths = header.map(str::len);
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let [w0, w1, w2, _] = widths;
    writeln!(
        out,
        "{:<w0$}  {:<w1$}  {:>w2$}  {}",
        header[0], header[1], header[2], header[3]
    )?;
    for r in &rows {
        writeln!(out, "{:<w0$}  {:<w1$}  {:>w2$}  {}", r[0], r[1], r[2], r[3])?;
    }
    Ok(exit::OK)
}

/// A path as printed: characters a terminal would act on are shown escaped.
fn shown(p: &std::path::Path) -> String {
    super::text::escape_unsafe(&p.display().to_string()).into_owned()
}

fn size(bytes: u64) -> String {
    if bytes < 1024 * 1024 {
        format!("{} KB", bytes.div_ceil(1024))
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}
