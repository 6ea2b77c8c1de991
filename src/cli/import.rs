//! `footlog import`: all-or-nothing import of a JSON export, a JSON list or CSV.

use std::io::{Read, Write};

use super::args::ImportArgs;
use super::text::plural;
use super::{CliError, Ctx, exit};
use crate::domain::import::parse_import;

pub fn run(a: ImportArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let file_err = |source| CliError::File {
        what: "cannot read",
        path: a.file.clone(),
        source,
    };
    let mut bytes = Vec::new();
    if a.file.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes).map_err(file_err)?;
    } else {
        std::fs::File::open(&a.file)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(file_err)?;
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        CliError::Invalid(format!(
            "{} is not UTF-8 text (invalid byte at offset {}); nothing was imported",
            a.file.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let batch = parse_import(&text, &ctx.now)?;
    let mut store = ctx.open_for_writing()?;
    let s = store.import(&batch)?;
    writeln!(
        out,
        "Imported {} and {}; {} already present, {}.",
        plural(
            u64::try_from(s.sessions_added).unwrap_or(0),
            "session",
            "sessions"
        ),
        plural(
            u64::try_from(s.sleep_notes_added).unwrap_or(0),
            "sleep note",
            "sleep notes"
        ),
        s.unchanged,
        plural(
            u64::try_from(s.conflicts.len()).unwrap_or(0),
            "conflict",
            "conflicts"
        ),
    )?;
    if s.goals_added + s.rest_marks_added > 0 || s.week_start_applied {
        writeln!(
            out,
            "Merged {} and {}{}.",
            plural(
                u64::try_from(s.goals_added).unwrap_or(0),
                "goal change",
                "goal changes"
            ),
            plural(
                u64::try_from(s.rest_marks_added).unwrap_or(0),
                "rest mark",
                "rest marks"
            ),
            if s.week_start_applied {
                "; week start set from the file"
            } else {
                ""
            }
        )?;
    }
    for c in &s.conflicts {
        writeln!(out, "  conflict, kept existing: {c}")?;
    }
    Ok(exit::OK)
}
