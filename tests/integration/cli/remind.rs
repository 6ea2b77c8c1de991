//! Reminders (issue 21), each against the real tool that will read them: the calendar file
//! through Python's `icalendar` parser, `due --notify` on a private session bus with a
//! notification server that records the call, and the timer's units through `systemd-analyze`.
//!
//! No test enables a real timer: `FOOTLOG_SYSTEMCTL` points at a script that records what it was
//! asked (and succeeds or fails as the test wants), and `XDG_CONFIG_HOME` is a temporary folder.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::support::{Env, mode};
use crate::support::need::{require_python_module, require_tool};

/// `footlog remind …` with a temporary config folder and a stand-in `systemctl`.
fn remind(e: &Env, systemctl_ok: bool, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = e.cmd(args);
    cmd.env("XDG_CONFIG_HOME", config(e))
        .env("FOOTLOG_SYSTEMCTL", fake_systemctl(e, systemctl_ok));
    cmd
}

fn config(e: &Env) -> PathBuf {
    e.path("config")
}

fn units(e: &Env) -> PathBuf {
    config(e).join("systemd").join("user")
}

/// A `systemctl` that appends its arguments to `systemctl.log` and exits 0 or 1.
fn fake_systemctl(e: &Env, ok: bool) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = e.path(if ok { "systemctl-ok" } else { "systemctl-down" });
    let log = e.path("systemctl.log");
    let script = format!(
        "#!/bin/sh\necho \"$*\" >> '{}'\nexit {}\n",
        log.display(),
        i32::from(!ok)
    );
    std::fs::write(&p, script).expect("write fake systemctl");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    p
}

fn systemctl_calls(e: &Env) -> Vec<String> {
    std::fs::read_to_string(e.path("systemctl.log"))
        .unwrap_or_default()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn run_ok(mut cmd: assert_cmd::Command) -> String {
    let out = cmd.output().expect("run footlog");
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

// ---- the calendar file ------------------------------------------------------------------

/// Reads `ics` with Python's icalendar and prints what a calendar would take from it.
const READ_ICS: &str = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
events = list(cal.walk("VEVENT"))
assert len(events) == 1, events
e = events[0]
start = e["DTSTART"].dt
assert start.tzinfo is None, "DTSTART must be floating local time"
stamp = e["DTSTAMP"].dt
assert stamp.utcoffset().total_seconds() == 0, "DTSTAMP must be UTC"
rrule = e["RRULE"]
alarms = list(e.walk("VALARM"))
assert len(alarms) == 1, alarms
print(e["UID"])
print(start.isoformat())
print(",".join(rrule["FREQ"]), ",".join(rrule["BYDAY"]))
print(alarms[0]["ACTION"], alarms[0]["TRIGGER"].dt)
print(e["SUMMARY"])
"#;

fn parse_ics(path: &Path) -> Vec<String> {
    let out = Command::new("python3")
        .args(["-c", READ_ICS])
        .arg(path)
        .output()
        .expect("run python3");
    assert!(
        out.status.success(),
        "icalendar refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// Every line ends in CRLF and is at most 75 octets.
fn assert_lines_are_rfc5545(bytes: &[u8]) {
    assert!(bytes.ends_with(b"\r\n"));
    for line in bytes.split(|b| *b == b'\n') {
        if line.is_empty() {
            continue;
        }
        assert!(line.ends_with(b"\r"), "a line without CR: {line:?}");
        assert!(
            line.len() - 1 <= 75,
            "{} octets: {}",
            line.len() - 1,
            String::from_utf8_lossy(line)
        );
    }
}

#[test]
fn the_calendar_file_is_read_by_a_real_parser_with_the_default_day_and_a_stable_uid() {
    if !require_python_module("icalendar") {
        return;
    }
    let e = Env::new();
    let ics = e.ok(&["remind", "--ics"]);
    assert_lines_are_rfc5545(ics.as_bytes());
    let path = e.write("a.ics", &ics);
    let read = parse_ics(Path::new(&path));
    // Monday 2026-11-23 with weeks Monday–Sunday: Sunday at 19:00, floating local time.
    assert_eq!(
        read,
        [
            "weekly-reminder@footlog",
            "2026-11-29T19:00:00",
            "WEEKLY SU",
            "DISPLAY 0:00:00",
            "Foot massage (footlog)"
        ]
    );
    // Reading the calendar creates no database.
    assert!(!e.db.exists());

    // Another day: the same UID, so importing again replaces the event.
    let mut later = Env::new();
    later.now = "2027-02-02 08:00".into();
    later.db.clone_from(&e.db);
    let again = later.ok(&["remind", "--ics"]);
    assert!(again.contains("UID:weekly-reminder@footlog\r\n"));
    assert_ne!(again, ics, "DTSTAMP and DTSTART follow the clock");

    // Weeks from Sunday: the last day is Saturday.
    let sunday = Env::new();
    sunday.ok(&["goal", "--week-start", "sunday"]);
    let path = sunday.write("s.ics", sunday.ok(&["remind", "--ics"]));
    assert_eq!(parse_ics(Path::new(&path))[2], "WEEKLY SA");
}

#[test]
fn the_chosen_day_and_time_are_kept_and_written_to_a_private_file_that_is_never_clobbered() {
    if !require_python_module("icalendar") {
        return;
    }
    let e = Env::new();
    let target = e.path("footlog.ics");
    let t = target.to_str().expect("utf8");
    let out = e
        .cmd(&[
            "remind", "--ics", "--day", "fri", "--at", "7:30", "--output", t,
        ])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Friday at 07:30"));
    assert_eq!(mode(&target), 0o600);
    assert_lines_are_rfc5545(&std::fs::read(&target).expect("read"));
    let read = parse_ics(&target);
    assert_eq!(read[1], "2026-11-27T07:30:00");
    assert_eq!(read[2], "WEEKLY FR");

    // Kept: the next calendar and the status use it without flags.
    let status = e.ok(&["remind"]);
    assert!(
        status.contains("Reminder: Friday at 07:30 (as set)."),
        "{status}"
    );
    let msg = e.fails(&["remind", "--ics", "--day", "mon", "--output", t], 1);
    assert!(msg.contains("exists; add --force to replace it"), "{msg}");
    assert!(
        e.ok(&["remind"]).contains("Friday at 07:30"),
        "a refused file keeps the day as it was"
    );
    e.ok(&["remind", "--ics", "--at", "21:00", "--output", t, "--force"]);
    assert_eq!(parse_ics(&target)[1], "2026-11-27T21:00:00");
    let db = e.db.to_str().expect("utf8");
    let msg = e.fails(&["remind", "--ics", "--output", db, "--force"], 1);
    assert!(msg.contains("the database itself"), "{msg}");
}

#[test]
fn bad_days_times_and_flag_mixes_are_usage_errors_that_write_nothing() {
    let e = Env::new();
    for (args, needles) in [
        (
            &["remind", "--ics", "--day", "friday"][..],
            &[
                "invalid --day",
                "mon, tue, wed, thu, fri, sat, sun",
                "(got friday)",
            ][..],
        ),
        (
            &["remind", "--ics", "--day", ""],
            &["invalid --day", "mon, tue"],
        ),
        (
            &["remind", "--install", "--at", "24:00"],
            &["invalid --at", "HH:MM from 00:00 to 23:59", "(got 24:00)"],
        ),
        (
            &["remind", "--ics", "--at", "7pm"],
            &["invalid --at", "HH:MM"],
        ),
        (
            &["remind", "--day", "fri"],
            &["--day", "--ics or --install"],
        ),
        (
            &["remind", "--at", "07:00"],
            &["--at", "--ics or --install"],
        ),
        (&["remind", "--uninstall", "--day", "fri"], &["--day"]),
        (&["remind", "--ics", "--install"], &["--install"]),
        (&["remind", "--output", "x.ics"], &["--ics"]),
        (&["remind", "--ics", "--force"], &["--output"]),
    ] {
        let mut cmd = remind(&e, true, args);
        let out = cmd.output().expect("run");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(out.stdout.is_empty(), "{args:?}");
        for n in needles {
            assert!(stderr.contains(n), "{args:?}: {n:?} not in {stderr}");
        }
        assert!(!stderr.contains("panicked"));
    }
    assert!(!e.db.exists(), "a refused command created the database");
    assert!(!config(&e).exists(), "a refused command wrote units");
    assert!(systemctl_calls(&e).is_empty());
}

// ---- the systemd timer ------------------------------------------------------------------

/// `systemd-analyze --user verify` on the installed units (a private runtime folder: there is
/// no user manager here, and none is needed to check files).
fn verify_units(e: &Env) {
    let runtime = e.path("runtime");
    std::fs::create_dir_all(&runtime).expect("mkdir");
    let out = Command::new("systemd-analyze")
        .args(["--user", "verify"])
        .arg(units(e).join("footlog-remind.timer"))
        .arg(units(e).join("footlog-remind.service"))
        .env("XDG_RUNTIME_DIR", &runtime)
        .output()
        .expect("run systemd-analyze");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "systemd-analyze verify: {stderr}");
    assert!(
        !stderr.contains("footlog-remind"),
        "systemd-analyze complained: {stderr}"
    );
}

fn unit_value(text: &str, key: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix(&format!("{key}=")))
        .unwrap_or_else(|| panic!("no {key}= in {text}"))
        .to_string()
}

#[test]
fn install_writes_units_systemd_accepts_says_how_to_enable_them_and_prints_a_cron_line() {
    if !require_tool("systemd-analyze") {
        return;
    }
    let e = Env::new();
    let out = run_ok(remind(
        &e,
        false,
        &["remind", "--install", "--day", "fri", "--at", "07:30"],
    ));
    assert!(out.contains("Friday at 07:30"), "{out}");
    assert!(
        out.contains(
            "systemctl --user daemon-reload && systemctl --user enable --now footlog-remind.timer"
        ),
        "{out}"
    );
    verify_units(&e);
    let timer = std::fs::read_to_string(units(&e).join("footlog-remind.timer")).expect("timer");
    let service =
        std::fs::read_to_string(units(&e).join("footlog-remind.service")).expect("service");
    assert_eq!(unit_value(&timer, "Persistent"), "true");
    let on = unit_value(&timer, "OnCalendar");
    let cal = Command::new("systemd-analyze")
        .args(["calendar", &on])
        .output()
        .expect("run systemd-analyze calendar");
    let cal_out = String::from_utf8_lossy(&cal.stdout);
    assert!(cal.status.success(), "{on}: {cal_out}");
    assert!(
        cal_out.contains("Normalized form: Fri *-*-* 07:30:00"),
        "{cal_out}"
    );
    let exec = unit_value(&service, "ExecStart");
    let db = std::path::absolute(&e.db).expect("absolute");
    assert_eq!(
        exec,
        format!(
            "{} --db {} due --notify",
            env!("CARGO_BIN_EXE_footlog"),
            db.display()
        )
    );
    assert_eq!(unit_value(&service, "SuccessExitStatus"), "3");
    // The fake systemctl was asked, failed, and nothing else was tried.
    assert_eq!(systemctl_calls(&e), ["--user daemon-reload"]);

    // The cron line: the same schedule, and its command runs as cron would run it (exit 3: due).
    let cron = out
        .lines()
        .skip_while(|l| !l.contains("crontab -e"))
        .nth(1)
        .expect("a crontab line")
        .trim()
        .to_string();
    assert!(cron.starts_with("30 7 * * 5 "), "{cron}");
    let command = cron.splitn(6, ' ').nth(5).expect("command");
    let ran = Command::new("sh")
        .args(["-c", command])
        .env("TZ", &e.tz)
        .env("FOOTLOG_NOW", &e.now)
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", e.path("runtime"))
        .output()
        .expect("run the cron command");
    assert_eq!(ran.status.code(), Some(3), "{command}: {ran:?}");
    assert!(String::from_utf8_lossy(&ran.stdout).contains("1 session due"));

    // The status names the installed timer.
    let status = run_ok(remind(&e, false, &["remind"]));
    assert!(
        status.contains("footlog-remind.timer is installed")
            && status.contains("Fri *-*-* 07:30:00"),
        "{status}"
    );
}

#[test]
fn with_a_user_systemd_the_timer_is_enabled_and_uninstall_disables_and_removes_it() {
    let e = Env::new();
    let out = run_ok(remind(&e, true, &["remind", "--install"]));
    assert!(out.contains("Sunday at 19:00"), "{out}");
    assert!(out.contains("Enabled"), "{out}");
    assert_eq!(
        systemctl_calls(&e),
        [
            "--user daemon-reload",
            "--user enable --now footlog-remind.timer"
        ]
    );
    // The default database is not named in the service: it follows the default.
    let mut cmd = e.bare();
    cmd.env("XDG_CONFIG_HOME", config(&e))
        .env("FOOTLOG_SYSTEMCTL", fake_systemctl(&e, true))
        .args(["remind", "--install"]);
    run_ok(cmd);
    let service =
        std::fs::read_to_string(units(&e).join("footlog-remind.service")).expect("service");
    assert_eq!(
        unit_value(&service, "ExecStart"),
        format!("{} due --notify", env!("CARGO_BIN_EXE_footlog"))
    );

    // A changed day: the status says the timer needs --install again.
    e.ok(&["remind", "--ics", "--day", "wed"]);
    let status = run_ok(remind(&e, true, &["remind"]));
    assert!(
        status.contains("runs at OnCalendar=Sun *-*-* 19:00:00")
            && status.contains("moves it to Wednesday at 19:00"),
        "{status}"
    );

    let out = run_ok(remind(&e, true, &["remind", "--uninstall"]));
    assert!(out.contains("the timer is stopped"), "{out}");
    assert!(!units(&e).join("footlog-remind.timer").exists());
    assert!(!units(&e).join("footlog-remind.service").exists());
    assert!(systemctl_calls(&e).contains(&"--user disable --now footlog-remind.timer".to_string()));
    let again = run_ok(remind(&e, true, &["remind", "--uninstall"]));
    assert!(again.contains("nothing to remove"), "{again}");
    let status = run_ok(remind(&e, true, &["remind"]));
    assert!(status.contains("no timer installed"), "{status}");
}

#[test]
fn uninstall_without_a_user_systemd_still_removes_the_files() {
    let e = Env::new();
    run_ok(remind(&e, false, &["remind", "--install"]));
    let out = run_ok(remind(&e, false, &["remind", "--uninstall"]));
    assert!(out.contains("Removed"), "{out}");
    assert!(!out.contains("stopped"), "{out}");
    assert!(!units(&e).join("footlog-remind.timer").exists());
}

#[test]
fn install_into_a_folder_that_cannot_be_created_fails_and_names_it() {
    let e = Env::new();
    std::fs::write(config(&e), b"a file, not a folder").expect("write");
    let mut cmd = remind(&e, true, &["remind", "--install"]);
    let out = cmd.output().expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("systemd"), "{stderr}");
    assert!(systemctl_calls(&e).is_empty());
}

// ---- desktop notifications --------------------------------------------------------------

/// One recorded `Notify` call: app name, replaces id, icon, summary, body, how many actions,
/// expiry.
type Call = (String, u32, String, String, String, usize, i32);

/// A notification server on a bus: records every Notify call.
struct FakeNotifications {
    calls: Arc<Mutex<Vec<Call>>>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
#[allow(
    clippy::needless_pass_by_value,
    reason = "zbus hands the method owned arguments"
)]
impl FakeNotifications {
    #[expect(
        clippy::too_many_arguments,
        reason = "the freedesktop method's signature"
    )]
    fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, zbus::zvariant::OwnedValue>,
        expire_timeout: i32,
    ) -> u32 {
        drop(hints);
        let mut calls = self.calls.lock().expect("lock");
        calls.push((
            app_name,
            replaces_id,
            app_icon,
            summary,
            body,
            actions.len(),
            expire_timeout,
        ));
        u32::try_from(calls.len()).unwrap_or(u32::MAX)
    }
}

/// A notification server that never answers in time.
struct SilentNotifications;

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl SilentNotifications {
    #[expect(
        clippy::too_many_arguments,
        reason = "the freedesktop method's signature"
    )]
    #[allow(
        clippy::needless_pass_by_value,
        clippy::unused_self,
        reason = "zbus hands the method owned arguments and calls it on the served object"
    )]
    fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, zbus::zvariant::OwnedValue>,
        expire_timeout: i32,
    ) -> u32 {
        drop((app_name, app_icon, summary, body, actions, hints));
        std::thread::sleep(Duration::from_secs(30));
        replaces_id + u32::from(expire_timeout > 0)
    }
}

/// A private session bus (a real `dbus-daemon`), ended when dropped.
struct Bus {
    daemon: Child,
    address: String,
}

impl Bus {
    fn start() -> Bus {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        let mut line = String::new();
        BufReader::new(daemon.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("read the bus address");
        let address = line.trim().to_string();
        assert!(!address.is_empty(), "dbus-daemon printed no address");
        Bus { daemon, address }
    }

    /// Serves a recording notification service on the bus.
    fn serve(&self) -> (zbus::blocking::Connection, Arc<Mutex<Vec<Call>>>) {
        let calls = Arc::new(Mutex::new(Vec::new()));
        let conn = zbus::blocking::connection::Builder::address(self.address.as_str())
            .expect("address")
            .name("org.freedesktop.Notifications")
            .expect("name")
            .serve_at(
                "/org/freedesktop/Notifications",
                FakeNotifications {
                    calls: Arc::clone(&calls),
                },
            )
            .expect("serve")
            .build()
            .expect("connect the server");
        (conn, calls)
    }

    /// Serves a notification service that never answers in time.
    fn serve_silent(&self) -> zbus::blocking::Connection {
        zbus::blocking::connection::Builder::address(self.address.as_str())
            .expect("address")
            .name("org.freedesktop.Notifications")
            .expect("name")
            .serve_at("/org/freedesktop/Notifications", SilentNotifications)
            .expect("serve")
            .build()
            .expect("connect the server")
    }

    fn due(&self, e: &Env) -> std::process::Output {
        e.cmd(&["due", "--notify"])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .expect("run footlog")
    }
}

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

#[test]
fn a_due_session_sends_one_notification_with_the_sessions_to_go() {
    if !require_tool("dbus-daemon") {
        return;
    }
    let bus = Bus::start();
    let (_server, calls) = bus.serve();
    let e = Env::new();
    let out = bus.due(&e);
    assert_eq!(out.status.code(), Some(3));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        *calls.lock().expect("lock"),
        [(
            "footlog".to_string(),
            0,
            String::new(),
            "Foot massage due".to_string(),
            "1 session to go this week".to_string(),
            0,
            -1
        )]
    );

    // A goal of three with one done: two to go.
    e.ok(&["goal", "--per-week", "3"]);
    e.log(6, 3, &["--at", "2026-11-23 09:00"]);
    assert_eq!(bus.due(&e).status.code(), Some(3));
    let calls = calls.lock().expect("lock");
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[1].4, "2 sessions to go this week");
}

#[test]
fn no_notification_when_the_goal_is_met_or_in_a_rest_week() {
    if !require_tool("dbus-daemon") {
        return;
    }
    let bus = Bus::start();
    let (_server, calls) = bus.serve();
    let met = Env::new();
    met.log(6, 3, &["--at", "2026-11-23 09:00"]);
    assert_eq!(bus.due(&met).status.code(), Some(0));
    let rest = Env::new();
    rest.ok(&["rest", "--reason", "travel"]);
    assert_eq!(bus.due(&rest).status.code(), Some(0));
    assert!(calls.lock().expect("lock").is_empty());
}

#[test]
fn a_notification_service_that_does_not_answer_is_given_up_on_after_a_few_seconds() {
    if !require_tool("dbus-daemon") {
        return;
    }
    let bus = Bus::start();
    let _server = bus.serve_silent();
    let e = Env::new();
    let started = Instant::now();
    let out = bus.due(&e);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(15), "took {took:?}");
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("footlog: warning: no desktop notification"),
        "{stderr}"
    );
}

#[test]
fn without_a_notification_service_due_says_so_quickly_and_keeps_its_exit_code() {
    if !require_tool("dbus-run-session") {
        return;
    }
    let e = Env::new();
    let started = Instant::now();
    let out = Command::new("dbus-run-session")
        .arg("--")
        .arg(env!("CARGO_BIN_EXE_footlog"))
        .arg("--db")
        .arg(&e.db)
        .args(["due", "--notify"])
        .env("TZ", &e.tz)
        .env("FOOTLOG_NOW", &e.now)
        .output()
        .expect("run dbus-run-session");
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("footlog: warning: no desktop notification"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 session due"));
}

#[test]
fn without_a_session_bus_due_notify_is_silent_and_keeps_its_exit_code() {
    let e = Env::new();
    let out = e
        .cmd(&["due", "--notify"])
        .env_remove("DBUS_SESSION_BUS_ADDRESS")
        .env("XDG_RUNTIME_DIR", e.path("no-runtime"))
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 session due"));
}

// ---- the README's recipes ----------------------------------------------------------------

/// The README's "Reminders" section.
fn readme_section() -> &'static str {
    const README: &str = include_str!("../../../README.md");
    let a = README.find("### Reminders").expect("a Reminders section");
    let rest = &README[a..];
    let b = rest[3..].find("\n### ").map_or(rest.len(), |b| b + 3);
    &rest[..b]
}

/// The commands in the README's "Reminders" section, one per line, comments and the prompt
/// recipe's redirections left out.
fn reminder_commands() -> Vec<Vec<String>> {
    let section = readme_section();
    section
        .lines()
        .filter(|l| l.starts_with("footlog ") && !l.contains(">/dev/null"))
        .map(|l| {
            l.split('#')
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

#[test]
fn the_readme_reminder_recipes_run_as_a_new_user_would_run_them() {
    let commands = reminder_commands();
    assert!(
        commands.len() >= 5,
        "the Reminders section lost its commands: {commands:?}"
    );
    let e = Env::new();
    // A stand-in systemctl that fails: no real timer is ever enabled by a test.
    let systemctl = fake_systemctl(&e, false);
    for words in &commands {
        let out = e
            .cmd(&[])
            .args(&words[1..])
            .current_dir(e.dir.path())
            .env("XDG_CONFIG_HOME", e.path("config"))
            .env("FOOTLOG_SYSTEMCTL", &systemctl)
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env("XDG_RUNTIME_DIR", e.path("runtime"))
            .output()
            .expect("run footlog");
        assert_eq!(out.status.code(), Some(0), "{words:?}: {out:?}");
    }
    assert!(e.path("footlog.ics").exists());

    // The cron line's schedule is what --install prints for Sunday at 19:00.
    let section = readme_section();
    assert!(section.contains("0 19 * * 0 /usr/local/bin/footlog due --notify"));

    // The shell-prompt recipe speaks while a session is due and is quiet once the goal is met.
    let recipe = section
        .lines()
        .find(|l| l.starts_with("footlog due >/dev/null"))
        .expect("the prompt recipe");
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_footlog"))
        .parent()
        .expect("bin dir")
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let prompt = |e: &Env| {
        let out = std::process::Command::new("sh")
            .args(["-c", recipe])
            .env("PATH", &path)
            .env("FOOTLOG_DB", &e.db)
            .env("TZ", &e.tz)
            .env("FOOTLOG_NOW", &e.now)
            .output()
            .expect("run sh");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let fresh = Env::new();
    assert_eq!(prompt(&fresh), "footlog: a foot massage is due this week\n");
    fresh.log(6, 2, &["--at", "2026-11-23 09:00"]);
    assert_eq!(prompt(&fresh), "");
}

#[test]
fn a_damaged_reminder_setting_is_named_by_check_and_remind_and_replaced_by_both_flags() {
    let e = Env::new();
    e.ok(&["remind", "--ics", "--day", "fri"]);
    rusqlite::Connection::open(&e.db)
        .expect("open")
        .execute(
            "UPDATE settings SET value = 'someday' WHERE key = 'reminder'",
            [],
        )
        .expect("tamper");
    let out = e.cmd(&["check"]).output().expect("run check");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("settings") && text.contains("DAY HH:MM"),
        "{text}"
    );
    let msg = e.fails(&["remind"], 1);
    assert!(msg.contains("reminder setting"), "{msg}");
    let msg = e.fails(&["remind", "--ics", "--day", "mon"], 1);
    assert!(msg.contains("reminder setting"), "{msg}");
    e.ok(&["remind", "--ics", "--day", "mon", "--at", "08:00"]);
    assert!(
        e.ok(&["remind"])
            .contains("Reminder: Monday at 08:00 (as set).")
    );
    assert!(e.ok(&["check"]).ends_with("All good.\n"));
}

#[test]
fn without_xdg_config_home_the_units_go_to_dot_config_in_home() {
    let e = Env::new();
    let mut cmd = e.cmd(&["remind", "--install"]);
    cmd.env_remove("XDG_CONFIG_HOME")
        .env("FOOTLOG_SYSTEMCTL", fake_systemctl(&e, false));
    run_ok(cmd);
    let dir = e.dir.path().join("home/.config/systemd/user");
    assert!(dir.join("footlog-remind.timer").is_file());
    assert!(dir.join("footlog-remind.service").is_file());
    assert!(!config(&e).exists());
}
