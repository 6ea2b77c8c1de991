//! Embeds `migrations/*/up.sql` and applies them in order; the version lives in `PRAGMA user_version`.

use include_dir::{Dir, include_dir};
use rusqlite::Connection;
use rusqlite_migration::Migrations;

use super::Result;

static MIGRATIONS_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../migrations");

/// The embedded migrations, read from `migrations/NN-name/up.sql` (a cheap walk over a few
/// embedded files; the unit test below proves the layout).
fn migrations() -> Result<Migrations<'static>> {
    Ok(Migrations::from_directory(&MIGRATIONS_DIR)?)
}

/// The newest schema version this binary knows.
pub fn known_version() -> i64 {
    i64::try_from(MIGRATIONS_DIR.dirs().count()).unwrap_or(i64::MAX)
}

/// The database's schema version.
pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// How many migrations are still to apply.
pub fn pending(conn: &Connection) -> Result<i64> {
    Ok(known_version() - user_version(conn)?)
}

/// Applies every pending migration, each in its own transaction. Safe when several footlogs
/// create a new database at once: one that finds another's migration applied under it (its
/// "table … already exists" comes from reading the version before the other committed) reads
/// the version again and applies only what is still pending.
pub fn to_latest(conn: &mut Connection) -> Result<()> {
    const TRIES: usize = 5;
    let mut tries = 0;
    loop {
        match migrations()?.to_latest(conn) {
            Ok(()) => return Ok(()),
            Err(_) if pending(conn)? <= 0 => return Ok(()),
            Err(_) if tries + 1 < TRIES => tries += 1,
            Err(e) => return Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_counted() {
        assert!(
            migrations()
                .expect("laid out as NN-name/up.sql")
                .validate()
                .is_ok()
        );
        assert!(known_version() >= 1);
    }
}
