//! Embeds `migrations/*/up.sql` and applies them in order; the version lives in `PRAGMA user_version`.

use std::sync::LazyLock;

use include_dir::{Dir, include_dir};
use rusqlite::Connection;
use rusqlite_migration::Migrations;

use super::Result;

static MIGRATIONS_DIR: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/migrations");

static MIGRATIONS: LazyLock<Migrations<'static>> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Migrations::from_directory(&MIGRATIONS_DIR).expect("migrations/ is laid out as NN-name/up.sql")
});

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

/// Applies every pending migration in one transaction.
pub fn to_latest(conn: &mut Connection) -> Result<()> {
    MIGRATIONS.to_latest(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_counted() {
        assert!(MIGRATIONS.validate().is_ok());
        assert!(known_version() >= 1);
    }
}
