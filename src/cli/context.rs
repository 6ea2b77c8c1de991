//! What every subcommand is given: [`Ctx`], the database's path and the time.

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::error::{CliError, invalid};
use super::text;
use crate::store::Store;

/// What every subcommand needs: where the database is and what time it is.
pub struct Ctx {
    /// The database file.
    pub db: PathBuf,
    /// The current local time (injected so tests are deterministic).
    pub now: DateTime<FixedOffset>,
}

impl Ctx {
    /// Today's local date.
    pub fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }

    /// Opens (creating if needed) the database, for commands that write, through the store's
    /// one door for writes ([`Store::open_for_writing`]): its damage check, then the erasure of
    /// deleted records older than 30 days (the clock is the context's); a failure to erase is
    /// told on stderr but never stops the write asked for.
    pub fn open_for_writing(&self) -> Result<Store, CliError> {
        let mut store = Store::open_for_writing(&self.db, &self.now)?;
        warn_erase_failure(&mut store);
        Ok(store)
    }

    /// The same door for a command that only changes what is there (`delete`, `undelete`,
    /// `purge`, `rest --undo`): with no database yet (or only an empty file) it creates
    /// nothing and gives an empty one in memory, where nothing matches.
    pub fn open_existing_for_writing(&self) -> Result<Store, CliError> {
        match Store::open_existing_for_writing(&self.db, &self.now)? {
            Some(mut store) => {
                warn_erase_failure(&mut store);
                Ok(store)
            }
            None => Ok(Store::open_in_memory()?),
        }
    }

    /// Opens the database if it exists, else an empty one in memory: creates nothing.
    pub fn open_for_reading(&self) -> Result<Store, CliError> {
        Ok(Store::open_for_reading(&self.db)?)
    }

    /// Parses a date flag: `YYYY-MM-DD` or a day in words (`today`, `yesterday`, `-2d`, `mon`).
    pub fn date_flag(
        &self,
        flag: &str,
        field: &'static str,
        value: &str,
    ) -> Result<NaiveDate, CliError> {
        crate::domain::time::parse_date_on(field, value, self.today())
            .map_err(|e| invalid(flag, &e))
    }
}

/// Tells on stderr that the door could not erase the expired deleted records.
fn warn_erase_failure(store: &mut Store) {
    if let Some(e) = store.take_erase_failure() {
        crate::message!(
            "footlog: warning: could not erase deleted records older than 30 days: {}",
            text::escape_unsafe(&e.to_string())
        );
    }
}
