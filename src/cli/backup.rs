//! `footlog backup`: consistent copies of the database file.

use std::io::Write;

use super::args::BackupArgs;
use super::{CliError, Ctx, exit};
use crate::store::{BackupOutputError, KEEP_BACKUPS, Store, StoreError, backups_dir, dated_backup};

pub fn run_backup(a: BackupArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let Some(store) = Store::open_existing(&ctx.db)? else {
        return Err(CliError::Store(StoreError::NotFound(format!(
            "there is no database at {} to back up",
            ctx.db.display()
        ))));
    };
    let dest = match a.output {
        Some(path) => {
            if let Err(e) = store.backup_to_output(&ctx.db, &path, a.force) {
                return Err(match e {
                    BackupOutputError::Output(e) => CliError::OutputFile(e),
                    BackupOutputError::Store(e) => CliError::Store(e),
                });
            }
            path
        }
        None => dated_backup(&store, &backups_dir(&ctx.db), &ctx.now, KEEP_BACKUPS)?,
    };
    writeln!(
        out,
        "{}",
        super::text::escape_unsafe(&dest.display().to_string())
    )?;
    Ok(exit::OK)
}
