//! Finding records by UUID prefix, soft delete and undo.

use rusqlite::params;
use uuid::Uuid;

use super::{Result, Store, StoreError};
use crate::domain::RecordRef;

/// The table that holds `rec`.
fn table(rec: RecordRef) -> &'static str {
    match rec {
        RecordRef::Session(_) => "sessions",
        RecordRef::Sleep(_) => "sleep_notes",
    }
}

/// Checks a UUID prefix: hex digits and dashes only, at least one character.
fn normalise_prefix(prefix: &str) -> Result<String> {
    let p = prefix.trim().to_ascii_lowercase();
    if p.is_empty() || p.len() > 36 || !p.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(StoreError::Invalid(crate::domain::ValidationError::new(
            "uuid",
            format!(
                "must be a UUID or its first characters (hex digits and dashes, got {prefix:?})"
            ),
        )));
    }
    Ok(p)
}

impl Store {
    /// The one live record whose UUID starts with `prefix`.
    pub fn find_by_prefix(&self, prefix: &str) -> Result<RecordRef> {
        self.find_prefix(prefix, false)
    }

    /// The one live (or, with `deleted`, deleted) record whose UUID starts with `prefix`.
    pub(super) fn find_prefix(&self, prefix: &str, deleted: bool) -> Result<RecordRef> {
        let p = normalise_prefix(prefix)?;
        let which = if deleted { "IS NOT NULL" } else { "IS NULL" };
        let mut found = Vec::new();
        for (table, make) in [
            ("sessions", RecordRef::Session as fn(Uuid) -> RecordRef),
            ("sleep_notes", RecordRef::Sleep as fn(Uuid) -> RecordRef),
        ] {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT uuid FROM {table} WHERE deleted_at {which} AND substr(uuid, 1, length(?1)) = ?1 LIMIT 3"
            ))?;
            for u in stmt.query_map([&p], |r| r.get::<_, String>(0))? {
                let u = u?;
                let uuid = Uuid::parse_str(&u)
                    .map_err(|e| StoreError::corrupt_because(format!("uuid {u:?}: {e}"), e))?;
                found.push(make(uuid));
            }
        }
        match found.as_slice() {
            [one] => Ok(*one),
            [] if deleted => Err(StoreError::NotFound(format!(
                "no deleted session or sleep note has a UUID starting with {p} \
                 (records erased after {} days, or by footlog purge, cannot be brought back)",
                super::deleted::KEEP_DELETED_DAYS
            ))),
            [] => Err(StoreError::NotFound(format!(
                "no session or sleep note has a UUID starting with {p}"
            ))),
            many => Err(StoreError::Ambiguous(format!(
                "{} records have a UUID starting with {p}; give more characters: {}",
                if many.len() > 2 { "several" } else { "2" },
                many.iter()
                    .map(|r| r.uuid().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// Soft-deletes a live record: it stops counting anywhere but can be restored.
    pub fn delete(
        &mut self,
        rec: RecordRef,
        now: &chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let n = tx.execute(
            &format!(
                "UPDATE {} SET deleted_at = ?2 WHERE uuid = ?1 AND deleted_at IS NULL",
                table(rec)
            ),
            params![rec.uuid().to_string(), super::rows::ts(now)],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound(format!(
                "no {} {}",
                rec.kind(),
                rec.uuid()
            )));
        }
        tx.commit()?;
        Ok(())
    }

    /// Restores a soft-deleted record (undo). A sleep note whose night was taken since is a conflict.
    pub fn undelete(&mut self, rec: RecordRef) -> Result<()> {
        let tx = self.conn.transaction()?;
        let n = tx
            .execute(
                &format!(
                    "UPDATE {} SET deleted_at = NULL WHERE uuid = ?1 AND deleted_at IS NOT NULL",
                    table(rec)
                ),
                params![rec.uuid().to_string()],
            )
            .map_err(|e| match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::ConstraintViolation) => StoreError::Conflict(format!(
                    "cannot restore the {}: its night has another note now",
                    rec.kind()
                )),
                _ => e.into(),
            })?;
        if n == 0 {
            return Err(StoreError::NotFound(format!(
                "no deleted {} {}",
                rec.kind(),
                rec.uuid()
            )));
        }
        tx.commit()?;
        Ok(())
    }
}
