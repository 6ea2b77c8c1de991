//! `footlog log`: validate every field, then store one session.

use std::io::{IsTerminal, Write};

use chrono::Local;

use super::args::LogArgs;
use super::{CliError, Ctx, exit, invalid};
use crate::domain::time::parse_when;
use crate::domain::{SessionDraft, SessionFields};

/// The flag that sets each field, for error messages.
fn flag_of(field: &str) -> &'static str {
    match field {
        "started_at" => "--at",
        "minutes" => "--minutes",
        "tension_before" => "--before",
        "tension_after" => "--after",
        "pain" => "--pain",
        "oil" => "--oil",
        "note" => "--note",
        "feet" => "--feet",
        "tool" => "--tool",
        _ => "--area",
    }
}

pub fn run(a: LogArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let started_at = match &a.at {
        Some(at) => {
            parse_when(&Local, "started_at", at, &ctx.now).map_err(|e| invalid("--at", &e))?
        }
        None => ctx.now,
    };
    let mut draft = SessionDraft::new(started_at, a.before, a.after);
    if let Some(m) = a.minutes {
        draft.minutes = m;
    }
    draft.feet = a.feet.unwrap_or_default();
    draft.tool = a.tool.unwrap_or_default();
    draft.areas = a.areas;
    draft.oil = a.oil;
    draft.pain = a.pain;
    draft.note = a.note;
    let fields = draft
        .validate(&ctx.now)
        .map_err(|e| invalid(flag_of(e.field), &e))?;
    let mut store = ctx.open_for_writing()?;
    let session = store.insert_session(fields, &ctx.now)?;
    writeln!(out, "{}", session.uuid)?;
    // Scripts read the UUID on stdout; a person at a terminal also gets a line in words.
    if std::io::stderr().is_terminal() {
        crate::message!("{}", confirmation(&session.fields));
    }
    Ok(exit::OK)
}

/// "Logged Tue 1 Dec 20:30 · 20 min · tension 7 → 3".
pub fn confirmation(f: &SessionFields) -> String {
    format!(
        "Logged {} · {} min · tension {} → {}",
        f.started_at.format("%a %-d %b %H:%M"),
        f.minutes,
        f.tension_before,
        f.tension_after
    )
}

#[cfg(test)]
mod tests {
    use super::confirmation;
    use crate::domain::SessionDraft;

    #[test]
    fn the_confirmation_reads_like_the_app() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T20:30:00+01:00").expect("t");
        let f = SessionDraft::new(at, 7, 3).validate(&at).expect("valid");
        assert_eq!(
            confirmation(&f),
            "Logged Tue 1 Dec 20:30 · 20 min · tension 7 → 3"
        );
    }
}
