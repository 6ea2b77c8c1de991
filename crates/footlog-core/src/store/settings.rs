//! Settings kept in the database: the health profile and the weekly reminder's day and time.

use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError};
use crate::domain::health::HealthProfile;
use crate::domain::remind::Reminder;

pub(super) const HEALTH_KEY: &str = "health_profile";
pub(super) const REMINDER_KEY: &str = "reminder";

/// Sets one setting inside `tx`.
pub(super) fn put_setting_in(tx: &rusqlite::Transaction<'_>, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

impl Store {
    /// The health profile (nothing set when never saved).
    pub fn health_profile(&self) -> Result<HealthProfile> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [HEALTH_KEY],
                |r| r.get(0),
            )
            .optional()?;
        match v {
            None => Ok(HealthProfile::default()),
            Some(s) => serde_json::from_str(&s)
                .map_err(|e| StoreError::corrupt_because(format!("health profile: {e}"), e)),
        }
    }

    /// Saves the health profile.
    pub fn set_health_profile(&mut self, p: &HealthProfile) -> Result<()> {
        let json =
            serde_json::to_string(p).map_err(|e| StoreError::corrupt_because(e.to_string(), e))?;
        self.put_setting(HEALTH_KEY, &json)
    }

    /// The reminder's day and time, when one was chosen (else the caller's default applies:
    /// [`Reminder::default_for`] the week start).
    pub fn reminder(&self) -> Result<Option<Reminder>> {
        let v: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = ?1",
                [REMINDER_KEY],
                |r| r.get(0),
            )
            .optional()?;
        v.map(|s| {
            Reminder::parse_setting(&s)
                .map_err(|e| StoreError::corrupt_because(format!("reminder setting: {e}"), e))
        })
        .transpose()
    }

    /// Saves the reminder's day and time.
    pub fn set_reminder(&mut self, r: Reminder) -> Result<()> {
        self.put_setting(REMINDER_KEY, &r.to_setting())
    }

    /// Sets one setting, in its own transaction.
    pub(super) fn put_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.conn.transaction()?;
        put_setting_in(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_profile_round_trips() {
        let mut s = Store::open_in_memory().expect("store");
        assert_eq!(s.health_profile().expect("read"), HealthProfile::default());
        let p = HealthProfile {
            circulation_problems: true,
            ..HealthProfile::default()
        };
        s.set_health_profile(&p).expect("save");
        assert_eq!(s.health_profile().expect("read"), p);
    }

    #[test]
    fn the_reminder_round_trips_and_a_damaged_one_is_an_error() {
        let mut s = Store::open_in_memory().expect("store");
        assert_eq!(s.reminder().expect("read"), None);
        let r = Reminder::parse_setting("fri 08:15").expect("reminder");
        s.set_reminder(r).expect("save");
        assert_eq!(s.reminder().expect("read"), Some(r));
        s.put_setting(REMINDER_KEY, "someday").expect("damage");
        assert!(s.reminder().is_err());
    }
}
