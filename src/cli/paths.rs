//! Where the database lives: `--db`, else `$FOOTLOG_DB`, else the user's data directory.

use std::path::PathBuf;

use super::CliError;

/// `<data dir>/footlog/footlog.db` (on Linux `$XDG_DATA_HOME/footlog/footlog.db`,
/// falling back to `~/.local/share/footlog/footlog.db`).
pub fn default_db_path() -> Result<PathBuf, CliError> {
    let base = directories::BaseDirs::new().ok_or_else(|| {
        CliError::Invalid("cannot find your home folder; pass --db PATH or set FOOTLOG_DB".into())
    })?;
    Ok(base.data_dir().join("footlog").join("footlog.db"))
}

/// The database path from the flag, the environment, or the default.
pub fn resolve_db_path(flag: Option<PathBuf>) -> Result<PathBuf, CliError> {
    if let Some(p) = flag {
        return Ok(p);
    }
    match std::env::var_os("FOOTLOG_DB") {
        Some(p) if !p.is_empty() => Ok(PathBuf::from(p)),
        _ => default_db_path(),
    }
}
