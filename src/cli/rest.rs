//! `footlog rest`: mark or unmark the week holding a date as a rest week.

use std::io::Write;

use super::args::RestArgs;
use super::{CliError, Ctx, exit, invalid};
use crate::domain::RestMark;
use crate::domain::week::{validate_reason, week_last_day};

pub fn run(a: &RestArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let date = match &a.week {
        Some(d) => ctx.date_flag("--week", "week", d)?,
        None => ctx.today(),
    };
    if a.undo {
        // A missing database has nothing to undo and is not created.
        let mut store = ctx.open_existing_for_writing()?;
        let first = store.week_start()?.week_of(date);
        let n = store.remove_rest(first, week_last_day(first))?;
        if n == 0 {
            return Err(CliError::Store(crate::store::StoreError::NotFound(
                format!("the week of {first} is not marked as a rest week"),
            )));
        }
        writeln!(out, "The week of {first} is no longer a rest week.")?;
        return Ok(exit::OK);
    }
    let reason =
        validate_reason(a.reason.as_deref().unwrap_or("")).map_err(|e| invalid("--reason", &e))?;
    let mut store = ctx.open_for_writing()?;
    store.add_rest(&RestMark {
        date,
        reason: reason.clone(),
    })?;
    let first = store.week_start()?.week_of(date);
    writeln!(
        out,
        "The week of {first} is a rest week ({}).",
        super::text::escape_unsafe(&reason)
    )?;
    Ok(exit::OK)
}
