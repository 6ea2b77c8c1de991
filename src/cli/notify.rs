//! Desktop notifications through the freedesktop notification service: one
//! `org.freedesktop.Notifications.Notify` call on the session bus.

use std::collections::HashMap;
use std::time::Duration;

/// The name the notification is sent under.
pub const APP_NAME: &str = "footlog";
/// The notification's title.
pub const SUMMARY: &str = "Foot massage due";
/// How long a notification service may take to answer before footlog gives up on it.
const PATIENCE: Duration = Duration::from_secs(5);

/// How a notification went.
#[derive(Debug)]
pub enum Sent {
    /// The service took it.
    Shown,
    /// No session bus could be reached (a server, cron without a login): nothing to do.
    NoBus,
    /// The bus is there but the call failed (no notification service, a timeout).
    Failed(String),
}

/// The body: "1 session to go this week", "2 sessions to go this week".
pub fn body(missing: u32) -> String {
    format!(
        "{} to go this week",
        super::text::plural(missing, "session", "sessions")
    )
}

/// Shows the notification for `missing` sessions; never blocks longer than [`PATIENCE`] on a
/// service that does not answer.
pub fn send(missing: u32) -> Sent {
    let Ok(conn) = zbus::blocking::connection::Builder::session()
        .map(|b| b.method_timeout(PATIENCE))
        .and_then(zbus::blocking::connection::Builder::build)
    else {
        return Sent::NoBus;
    };
    let hints: HashMap<&str, zbus::zvariant::Value<'_>> = HashMap::new();
    let actions: Vec<&str> = Vec::new();
    let call = conn.call_method(
        Some("org.freedesktop.Notifications"),
        "/org/freedesktop/Notifications",
        Some("org.freedesktop.Notifications"),
        "Notify",
        &(
            APP_NAME,
            0_u32,
            "",
            SUMMARY,
            body(missing).as_str(),
            actions,
            hints,
            -1_i32,
        ),
    );
    match call {
        Ok(_) => Sent::Shown,
        Err(e) => Sent::Failed(e.to_string()),
    }
}
