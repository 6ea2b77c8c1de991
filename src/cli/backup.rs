//! `footlog backup`: consistent copies of the database file.

use std::io::Write;

use super::args::BackupArgs;
use super::{CliError, Ctx, exit};
use crate::signals::Interrupt;
use crate::store::{
    BackupOutputError, KEEP_BACKUPS, Store, StoreError, backups_dir, dated_backup_with,
};

pub fn run_backup(a: BackupArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    // A signal that would end footlog stops the copy instead, which then removes what it wrote
    // (killed half-way, it left a temporary copy of the health data and its -journal).
    let interrupt = Interrupt::install()?;
    let Some(store) = Store::open_existing_for_reading(&ctx.db)? else {
        return Err(CliError::Store(StoreError::NotFound(format!(
            "there is no database at {} to back up",
            ctx.db.display()
        ))));
    };
    let copied = match a.output {
        Some(path) => match store.backup_to_output(&ctx.db, &path, a.force, interrupt.flag()) {
            Ok(()) => Ok(path),
            Err(BackupOutputError::Output(e)) => return Err(CliError::OutputFile(e)),
            Err(BackupOutputError::Store(e)) => Err(e),
        },
        None => dated_backup_with(
            &store,
            &backups_dir(&ctx.db),
            &ctx.now,
            KEEP_BACKUPS,
            interrupt.flag(),
        ),
    };
    let dest = match (copied, interrupt.signal()) {
        (Ok(dest), _) => dest,
        (Err(StoreError::Cancelled), Some(sig)) => {
            crate::message!(
                "footlog: backup stopped by {}; nothing was written",
                crate::signals::name(sig)
            );
            return Ok(u8::try_from(128 + sig).unwrap_or(exit::FAILURE));
        }
        (Err(e), _) => return Err(CliError::Store(e)),
    };
    writeln!(
        out,
        "{}",
        super::text::escape_unsafe(&dest.display().to_string())
    )?;
    Ok(exit::OK)
}
