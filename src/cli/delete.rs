//! `footlog delete`: soft-delete one session or sleep note by UUID prefix.

use std::io::Write;

use super::args::DeleteArgs;
use super::{CliError, Ctx, exit};

pub fn run(a: &DeleteArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    // A missing database simply has nothing to match, and is not created.
    let mut store = ctx.open_existing_for_writing()?;
    let rec = store.find_by_prefix(&a.id)?;
    store.delete(rec, &ctx.now)?;
    writeln!(out, "Deleted {} {}.", rec.kind(), rec.uuid())?;
    Ok(exit::OK)
}
