//! `footlog import`: all-or-nothing import of a JSON export, a JSON list or CSV, read as a stream.

use std::io::Write;

use super::args::ImportArgs;
use super::text::plural;
use super::{CliError, Ctx, exit};
use crate::exchange::{ReadError, read_import};
use crate::store::{ImportSummary, Importer, Store, StoreError};

pub fn run(a: &ImportArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let now = &ctx.now;
    let s = if a.file.as_os_str() == "-" {
        import_from(|i| read_import(std::io::stdin().lock(), now, i), a, ctx)?
    } else {
        let f = std::fs::File::open(&a.file).map_err(|source| CliError::File {
            what: "cannot read",
            path: a.file.clone(),
            source,
        })?;
        import_from(|i| read_import(f, now, i), a, ctx)?
    };
    let count = |n: usize, one: &str, many: &str| plural(u64::try_from(n).unwrap_or(0), one, many);
    let deleted_here = match s.deleted_here_count() {
        0 => String::new(),
        n => format!("; {n} deleted here, kept deleted"),
    };
    writeln!(
        out,
        "Imported {} and {}; {} already present, {}{deleted_here}.",
        count(s.sessions_added, "session", "sessions"),
        count(s.sleep_notes_added, "sleep note", "sleep notes"),
        s.unchanged,
        count(s.conflict_count(), "conflict", "conflicts"),
    )?;
    if s.goals_added + s.rest_marks_added > 0 || s.week_start_applied || s.health_profile_applied {
        writeln!(
            out,
            "Merged {} and {}{}{}{}.",
            count(s.goals_added, "goal change", "goal changes"),
            count(s.rest_marks_added, "rest mark", "rest marks"),
            if s.week_start_applied {
                "; week start set from the file"
            } else {
                ""
            },
            if s.health_profile_applied {
                "; health profile set from the file"
            } else {
                ""
            },
            if s.reminder_applied {
                "; reminder set from the file"
            } else {
                ""
            }
        )?;
    }
    for c in &s.conflicts {
        writeln!(out, "  conflict, kept existing: {c}")?;
    }
    if s.conflicts_unnamed > 0 {
        writeln!(
            out,
            "  … and {} more conflicts, kept existing",
            s.conflicts_unnamed
        )?;
    }
    for d in &s.deleted_here {
        writeln!(out, "  deleted here, kept deleted: {d}")?;
    }
    if s.deleted_here_unnamed > 0 {
        writeln!(
            out,
            "  … and {} more deleted here, kept deleted",
            s.deleted_here_unnamed
        )?;
    }
    Ok(exit::OK)
}

/// Reads `input` record by record straight into one import transaction: nothing is written
/// unless the whole file is valid.
fn import_from(
    read: impl FnOnce(&mut Importer<'_>) -> Result<(), ReadError<StoreError>>,
    a: &ImportArgs,
    ctx: &Ctx,
) -> Result<ImportSummary, CliError> {
    Store::import_at(&ctx.db, &ctx.now, |importer| {
        read(importer).map_err(|e| match e {
            ReadError::Import(e) => CliError::Import(e),
            ReadError::NotUtf8 { offset } => CliError::Invalid(format!(
                "{} is not UTF-8 text (invalid byte at offset {offset}); nothing was imported",
                a.file.display()
            )),
            ReadError::Io(source) => CliError::File {
                what: "cannot read",
                path: a.file.clone(),
                source,
            },
            ReadError::Sink(e) => CliError::Store(e),
        })
    })
}
