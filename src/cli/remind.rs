//! `footlog remind`: the weekly reminder as a calendar file (`--ics`), as a systemd user timer
//! running `footlog due --notify` (`--install`, `--uninstall`, with the crontab line for systems
//! without systemd), or, without a flag, what is set up.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use super::args::RemindArgs;
use super::text::escape_unsafe;
use super::{CliError, Ctx, exit, invalid};
use crate::domain::ics;
use crate::domain::remind::{Reminder, parse_day, parse_time};
use crate::store::Store;

/// The timer's file name.
pub const TIMER: &str = "footlog-remind.timer";
/// The service's file name.
pub const SERVICE: &str = "footlog-remind.service";

pub fn run(a: &RemindArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let chosen = a.day.is_some() || a.at.is_some();
    if chosen && !(a.ics || a.install) {
        let flag = if a.day.is_some() { "--day" } else { "--at" };
        return Err(CliError::Invalid(format!(
            "invalid {flag}: it sets the reminder for --ics or --install; add one of them"
        )));
    }
    if a.uninstall {
        return uninstall(out);
    }
    // Checked before anything is opened or written.
    let day = a
        .day
        .as_deref()
        .map(|d| parse_day("day", d).map_err(|e| invalid("--day", &e)))
        .transpose()?;
    let at =
        a.at.as_deref()
            .map(|t| parse_time("at", t).map_err(|e| invalid("--at", &e)))
            .transpose()?;
    // A file that would be refused is refused before the chosen day and time are kept.
    if let (true, Some(path)) = (a.ics, &a.output) {
        crate::store::check_output_target(&ctx.db, path, a.force)?;
    }
    let mut store = if chosen {
        ctx.open_for_writing()?
    } else {
        ctx.open_for_reading()?
    };
    // Both given: a damaged setting is simply replaced.
    let reminder = if let (Some(day), Some(at)) = (day, at) {
        Reminder { day, at }
    } else {
        let r = current(&store)?;
        Reminder {
            day: day.unwrap_or(r.day),
            at: at.unwrap_or(r.at),
        }
    };
    if chosen {
        store.set_reminder(reminder)?;
    }
    if a.ics {
        calendar(a, ctx, reminder, out)
    } else if a.install {
        install(ctx, reminder, out)
    } else {
        status(&store, reminder, out)
    }
}

/// The reminder chosen before, else the default for the store's week start.
fn current(store: &Store) -> Result<Reminder, CliError> {
    Ok(match store.reminder()? {
        Some(r) => r,
        None => Reminder::default_for(store.week_start()?),
    })
}

fn calendar(a: &RemindArgs, ctx: &Ctx, r: Reminder, out: &mut dyn Write) -> Result<u8, CliError> {
    let text = ics::calendar(r, ctx.today(), ctx.now.to_utc());
    match &a.output {
        None => out.write_all(text.as_bytes())?,
        Some(path) => {
            let stopped = super::write_output_or_stop(ctx, path, a.force, "calendar", &mut |w| {
                w.write_all(text.as_bytes())
            })?;
            if let Some(code) = stopped {
                return Ok(code);
            }
            crate::message!(
                "Wrote {} ({}, weekly): import it into your calendar; importing it again \
                 replaces the event.",
                super::text::escape_unsafe(&path.display().to_string()),
                r.label()
            );
        }
    }
    Ok(exit::OK)
}

/// `$XDG_CONFIG_HOME/systemd/user`, else `~/.config/systemd/user`.
fn units_dir() -> Result<PathBuf, CliError> {
    let base = directories::BaseDirs::new().ok_or_else(|| {
        CliError::Invalid("cannot find your home folder: set HOME or XDG_CONFIG_HOME".into())
    })?;
    Ok(base.config_dir().join("systemd").join("user"))
}

/// The program that talks to systemd: `FOOTLOG_SYSTEMCTL` (for tests, which must never enable
/// a real timer) or `systemctl`.
fn systemctl() -> std::ffi::OsString {
    std::env::var_os("FOOTLOG_SYSTEMCTL")
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "systemctl".into())
}

/// Runs `systemctl --user ARGS…` quietly; true when it succeeded.
fn user_systemctl(args: &[&str]) -> bool {
    Command::new(systemctl())
        .arg("--user")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The command the timer and cron run: this executable, the database when it is not the
/// default one, `due --notify`.
fn due_command(ctx: &Ctx) -> Result<Vec<String>, CliError> {
    let exe = std::env::current_exe().map_err(|source| CliError::File {
        what: "cannot find footlog's own executable",
        path: PathBuf::from("/proc/self/exe"),
        source,
    })?;
    let mut args = vec![text_of(&exe)?];
    if super::default_db_path().ok().as_deref() != Some(ctx.db.as_path()) {
        let db = std::path::absolute(&ctx.db).map_err(|source| CliError::File {
            what: "cannot find the absolute path of",
            path: ctx.db.clone(),
            source,
        })?;
        args.push("--db".into());
        args.push(text_of(&db)?);
    }
    args.extend(["due".into(), "--notify".into()]);
    Ok(args)
}

/// A path as text: unit files and crontabs are text.
fn text_of(p: &Path) -> Result<String, CliError> {
    p.to_str().map(str::to_owned).ok_or_else(|| {
        CliError::Invalid(format!(
            "{} is not valid UTF-8, which a systemd unit or crontab cannot hold",
            p.display()
        ))
    })
}

/// True when `s` reads as one word to systemd and to a shell as it is.
fn plain(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-+=:,@".contains(&b))
}

/// One word for systemd's `ExecStart=`: as it is when plain, else double-quoted with C escapes;
/// `%` and `$` doubled (systemd expands specifiers and variables there).
fn systemd_word(s: &str) -> String {
    if plain(s) {
        return s.to_string();
    }
    let mut q = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '%' => q.push_str("%%"),
            '$' => q.push_str("$$"),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// One word for cron's shell: as it is when plain, else single-quoted; `%` escaped (cron turns
/// a bare one into a newline).
fn cron_word(s: &str) -> String {
    if plain(s) {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''").replace('%', "\\%"))
}

/// The service unit: runs `footlog due --notify`; exit 3 ("a session is due") is a success.
pub fn service_unit(command: &[String]) -> String {
    let exec: Vec<String> = command.iter().map(|w| systemd_word(w)).collect();
    format!(
        "[Unit]\n\
         Description=footlog weekly reminder: a desktop notification when a session is due\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         ExecStart={}\n\
         # footlog due exits 3 when a session is due: that is news, not a failure.\n\
         SuccessExitStatus=3\n",
        exec.join(" ")
    )
}

/// The timer unit: weekly at the reminder's day and time; `Persistent=true` fires a missed
/// reminder at the next login.
pub fn timer_unit(r: Reminder) -> String {
    format!(
        "[Unit]\n\
         Description=footlog weekly reminder ({})\n\
         \n\
         [Timer]\n\
         OnCalendar={}\n\
         Persistent=true\n\
         Unit={SERVICE}\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n",
        r.label(),
        r.on_calendar()
    )
}

/// Writes `text` to `path` whole: a temporary file beside it, then renamed over it.
fn write_unit(path: &Path, text: &str) -> Result<(), CliError> {
    let file_err = |source| CliError::File {
        what: "cannot write",
        path: path.to_path_buf(),
        source,
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            file_err(e)
        })
}

fn install(ctx: &Ctx, r: Reminder, out: &mut dyn Write) -> Result<u8, CliError> {
    let dir = units_dir()?;
    let command = due_command(ctx)?;
    std::fs::create_dir_all(&dir).map_err(|source| CliError::File {
        what: "cannot create",
        path: dir.clone(),
        source,
    })?;
    write_unit(&dir.join(SERVICE), &service_unit(&command))?;
    write_unit(&dir.join(TIMER), &timer_unit(r))?;
    writeln!(
        out,
        "Installed {TIMER} and {SERVICE} in {}: footlog due --notify, {}.",
        escape_unsafe(&dir.display().to_string()),
        r.label()
    )?;
    if user_systemctl(&["daemon-reload"]) && user_systemctl(&["enable", "--now", TIMER]) {
        writeln!(
            out,
            "Enabled: systemctl --user list-timers {TIMER} shows it."
        )?;
    } else {
        writeln!(
            out,
            "No user systemd is running here, so the timer is not enabled. Once you are logged \
             in to a session with one, enable it with:\n  \
             systemctl --user daemon-reload && systemctl --user enable --now {TIMER}"
        )?;
    }
    let cron: Vec<String> = command.iter().map(|w| cron_word(w)).collect();
    writeln!(
        out,
        "Without systemd, the same reminder from cron (crontab -e):\n  {} {}",
        r.cron_fields(),
        escape_unsafe(&cron.join(" "))
    )?;
    Ok(exit::OK)
}

fn uninstall(out: &mut dyn Write) -> Result<u8, CliError> {
    let dir = units_dir()?;
    let files = [dir.join(TIMER), dir.join(SERVICE)];
    if !files.iter().any(|f| f.exists()) {
        writeln!(
            out,
            "No reminder timer is installed in {}; nothing to remove.",
            escape_unsafe(&dir.display().to_string())
        )?;
        return Ok(exit::OK);
    }
    // Stopped first, while systemd still has the unit; fails harmlessly without a user systemd.
    let disabled = user_systemctl(&["disable", "--now", TIMER]);
    for f in &files {
        match std::fs::remove_file(f) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(CliError::File {
                    what: "cannot remove",
                    path: f.clone(),
                    source,
                });
            }
        }
    }
    if disabled {
        user_systemctl(&["daemon-reload"]);
    }
    writeln!(
        out,
        "Removed {TIMER} and {SERVICE} from {}{}.",
        escape_unsafe(&dir.display().to_string()),
        if disabled {
            "; the timer is stopped"
        } else {
            ""
        }
    )?;
    writeln!(
        out,
        "A crontab line for footlog due --notify, if you added one, stays: remove it with \
         crontab -e."
    )?;
    Ok(exit::OK)
}

/// The `OnCalendar=` of an installed timer, if there is one.
fn installed_schedule(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(TIMER)).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix("OnCalendar="))
        .map(|s| s.trim().to_string())
}

fn status(store: &Store, r: Reminder, out: &mut dyn Write) -> Result<u8, CliError> {
    let how = if store.reminder()?.is_some() {
        "as set"
    } else {
        "the default: the last day of the week"
    };
    writeln!(out, "Reminder: {} ({how}).", r.label())?;
    let dir = units_dir()?;
    let dir_text = dir.display().to_string();
    let dir_text = escape_unsafe(&dir_text);
    match installed_schedule(&dir) {
        Some(on) if on == r.on_calendar() => writeln!(
            out,
            "Desktop: {TIMER} is installed in {dir_text} (OnCalendar={on}); footlog remind \
             --uninstall removes it."
        )?,
        Some(on) => writeln!(
            out,
            "Desktop: {TIMER} is installed in {dir_text} but runs at OnCalendar={}; footlog \
             remind --install moves it to {}.",
            escape_unsafe(&on),
            r.label()
        )?,
        None => writeln!(
            out,
            "Desktop: no timer installed; footlog remind --install sets one up (systemd, or \
             prints a crontab line)."
        )?,
    }
    writeln!(
        out,
        "Calendar: footlog remind --ics --output footlog.ics, then import footlog.ics into \
         your calendar app."
    )?;
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_for_systemd_and_cron() {
        assert_eq!(systemd_word("/a b/f\"o%$"), "\"/a b/f\\\"o%%$$\"");
        assert_eq!(cron_word("/it's 100%"), "'/it'\\''s 100\\%'");
        assert_eq!(systemd_word("/usr/bin/footlog"), "/usr/bin/footlog");
        assert_eq!(cron_word("--notify"), "--notify");
    }
}
