//! `footlog sync`: the user's records on every machine, through their own TaskChampion sync
//! server, end-to-end encrypted (see the README's "Sync").

use std::fmt::Write as _;
use std::io::Write;

use footlog_sync::{SyncError, SyncKey, SyncPaths, SyncReport};

use super::args::{SyncAction, SyncArgs, SyncSetupArgs};
use super::{CliError, Ctx, exit};

pub fn run(a: SyncArgs, ctx: &Ctx, out: &mut dyn Write) -> Result<u8, CliError> {
    let paths = SyncPaths::new(&ctx.db);
    match a.action {
        None => {
            let report = footlog_sync::sync_now(&paths, &ctx.now)
                .map_err(|e| then(e, "nothing was lost: your changes wait for the next sync"))?;
            print_report(&report, a.json, out)?;
            Ok(exit::OK)
        }
        Some(SyncAction::Setup(s)) => setup(&s, &paths, ctx, out),
        Some(SyncAction::Key) => {
            writeln!(out, "{}", footlog_sync::key(&paths)?)?;
            Ok(exit::OK)
        }
        Some(SyncAction::Status(j)) => {
            let st = footlog_sync::status(&paths)?;
            let last = st
                .last_sync
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
            if j.json {
                let v = serde_json::json!({
                    "server": st.server,
                    "last_sync": last,
                    "pending": st.pending,
                });
                writeln!(out, "{v}")?;
            } else {
                writeln!(out, "server: {}", super::text::escape_unsafe(&st.server))?;
                writeln!(out, "last sync: {}", last.as_deref().unwrap_or("never"))?;
                writeln!(out, "changes waiting: {}", st.pending)?;
            }
            Ok(exit::OK)
        }
        Some(SyncAction::Off) => {
            if !paths.is_set_up() {
                return Err(SyncError::NotSetUp.into());
            }
            footlog_sync::off(&paths, &ctx.now)?;
            writeln!(
                out,
                "Sync is off: the server and the key are forgotten here; your data here is untouched."
            )?;
            Ok(exit::OK)
        }
    }
}

fn setup(
    s: &SyncSetupArgs,
    paths: &SyncPaths,
    ctx: &Ctx,
    out: &mut dyn Write,
) -> Result<u8, CliError> {
    if s.new {
        // The key once, on stdout (the only line there), as soon as it is stored: before the
        // first sync, which may take a while.
        let mut printed = Ok(());
        let (_, first) =
            footlog_sync::setup_new_announcing(paths, &s.server, &ctx.now, &mut |key| {
                printed = writeln!(out, "{key}").and_then(|()| out.flush());
                crate::message!(
                    "footlog: sync is set up. Keep the key above somewhere safe (a password \
                     manager): it is the only way to read your synced data, and `footlog sync \
                     key` prints it again. Sending your records…"
                );
            })?;
        printed?;
        return match first {
            Ok(report) => {
                crate::message!("footlog: {}", summary(&report));
                Ok(exit::OK)
            }
            Err(e) => Err(then(
                e,
                "nothing was lost: sync is set up, and your records go with the next `footlog sync`",
            )),
        };
    }
    if !s.join {
        return Err(CliError::Invalid(
            "say which: `footlog sync setup --server URL --new` on your first device (starts a \
             new history and prints its key), or `--join` on every other device (reads the key \
             that `footlog sync key` prints on the first one)"
                .into(),
        ));
    }
    let line = crate::hidden_input::read_line_hidden("Sync key (from `footlog sync key`): ")
        .map_err(CliError::Output)?;
    let key: SyncKey = line.parse()?;
    let report = footlog_sync::setup_join(paths, &s.server, &key, &ctx.now).map_err(|e| {
        then(
            e,
            "nothing was lost, and nothing was set up: your data here is as it was",
        )
    })?;
    writeln!(out, "Joined: {}", summary(&report))?;
    warn_about(&report);
    Ok(exit::OK)
}

/// `e`, with what it means for the user's changes (a mistake in the command itself needs no
/// such word).
fn then(e: SyncError, then: &'static str) -> CliError {
    if e.is_usage() {
        CliError::Sync(e)
    } else {
        CliError::SyncThen { error: e, then }
    }
}

/// One line: what was sent and received, and the nights that had two notes (the first few
/// named with the note kept as deleted, then how many more).
fn summary(r: &SyncReport) -> String {
    let mut line = format!("sent {}, received {}", r.sent, r.received);
    let _ = write!(line, "{}", night_conflicts(r));
    line
}

/// How many nights had two sleep notes, naming the first few notes kept as deleted.
fn night_conflicts(r: &SyncReport) -> String {
    const NAMED: usize = 3;
    let n = r.night_conflicts.len();
    if n == 0 {
        return String::new();
    }
    let named: Vec<String> = r
        .night_conflicts
        .iter()
        .take(NAMED)
        .map(|(night, loser)| format!("{night}: footlog undelete {loser}"))
        .collect();
    let more = if n > NAMED {
        format!(", and {} more", n - NAMED)
    } else {
        String::new()
    };
    format!(
        "; {n} {} had two sleep notes: the later stays, the other is kept as deleted ({}{more})",
        if n == 1 { "night" } else { "nights" },
        named.join("; ")
    )
}

fn warn_about(r: &SyncReport) {
    for (uuid, why) in &r.unreadable {
        crate::message!(
            "footlog: record {uuid} from another device cannot be read by this footlog ({}); \
             it is kept and tried again at the next sync (a newer footlog may read it)",
            super::text::escape_unsafe(why)
        );
    }
}

fn print_report(r: &SyncReport, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    if json {
        writeln!(
            out,
            "{}",
            serde_json::json!({"sent": r.sent, "received": r.received})
        )?;
        let conflicts = night_conflicts(r);
        if !conflicts.is_empty() {
            crate::message!("footlog: synced{conflicts}");
        }
    } else {
        writeln!(out, "Synced: {}.", summary(r))?;
    }
    warn_about(r);
    Ok(())
}
