//! `footlog backup` and `footlog check`: consistent copies and a health check of the database file.

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use super::args::BackupArgs;
use super::{CliError, Ctx, exit};
use crate::store::{
    BackupOutputError, KEEP_BACKUPS, Store, StoreError, backups_dir, dated_backup, list_backups,
};

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
    writeln!(out, "{}", dest.display())?;
    Ok(exit::OK)
}

fn mode(path: &Path) -> Option<u32> {
    std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions().mode() & 0o777)
}

pub fn run_check(ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let Some(store) = Store::open_existing(&ctx.db)? else {
        return Err(CliError::Store(StoreError::NotFound(format!(
            "there is no database at {}",
            ctx.db.display()
        ))));
    };
    let mut problems = Vec::new();
    writeln!(out, "Database:       {}", ctx.db.display())?;
    let integrity = store.integrity_problems()?;
    if integrity.is_empty() {
        writeln!(out, "Integrity:      ok")?;
    } else {
        writeln!(out, "Integrity:      FAILED")?;
        for p in integrity.iter().take(10) {
            writeln!(out, "  {p}")?;
        }
        problems.push("the integrity check failed".to_string());
    }
    writeln!(out, "Schema version: {}", store.schema_version()?)?;
    let file_mode = mode(&ctx.db);
    let folder = ctx
        .db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let folder_mode = mode(folder);
    let show = |m: Option<u32>| m.map_or("unknown".to_string(), |m| format!("{m:04o}"));
    writeln!(out, "File mode:      {}", show(file_mode))?;
    writeln!(out, "Folder mode:    {}", show(folder_mode))?;
    if file_mode.is_some_and(|m| m & 0o077 != 0) {
        problems.push(format!(
            "the database is readable by others (chmod 600 {})",
            ctx.db.display()
        ));
    }
    if folder_mode.is_some_and(|m| m & 0o077 != 0) {
        problems.push(format!(
            "its folder is open to others (chmod 700 {})",
            folder.display()
        ));
    }
    let backups = list_backups(&backups_dir(&ctx.db))?;
    match backups.last() {
        Some(b) => writeln!(
            out,
            "Last backup:    {} ({} kept)",
            b.display(),
            backups.len()
        )?,
        None => writeln!(out, "Last backup:    none yet (run: footlog backup)")?,
    }
    if problems.is_empty() {
        writeln!(out, "All good.")?;
        Ok(exit::OK)
    } else {
        for p in &problems {
            writeln!(out, "Problem: {p}")?;
        }
        Ok(exit::FAILURE)
    }
}
