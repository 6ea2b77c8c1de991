//! The real app in tmux: a panic gives the terminal back, the app shows what the CLI logs while
//! it is open, it takes one automatic backup a day when it starts, quit signals and a vanished
//! terminal end it like a normal quit, and a restore over a killed app's -wal is exact.

use crate::support::tmux;

use std::path::Path;
use std::process::Command;

use tmux::{Tmux, quote};

const NOW: &str = "2026-11-23 20:30";

fn bin() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_footlog"))
}

/// The shell command that runs the app on `db` with a fixed clock and an empty config folder,
/// then prints its exit code and `stty -a` (the terminal's modes after it has gone).
fn app_command(dir: &Path, db: &Path, extra_env: &str) -> String {
    format!(
        "env FOOTLOG_NOW='{NOW}' XDG_CONFIG_HOME={cfg} TERM=xterm-256color {extra_env} {bin} --db {db}; \
         echo FOOTLOG-EXITED=$?; stty -a; echo STTY-DONE; sleep 60",
        cfg = quote(dir),
        bin = quote(bin()),
        db = quote(db),
    )
}

fn words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ';')
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn a_panic_inside_the_app_restores_the_terminal() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let tmux = Tmux::start(
        "panic",
        &app_command(dir.path(), &db, "FOOTLOG_TEST_PANIC=1"),
        100,
        40,
    );
    let screen = tmux.wait_for("STTY-DONE");
    assert!(
        screen.contains("FOOTLOG-EXITED=101"),
        "the app panicked: {screen}"
    );
    assert!(
        screen.contains("FOOTLOG_TEST_PANIC"),
        "the panic message is printed: {screen}"
    );
    let modes = words(&screen);
    for on in ["echo", "icanon", "isig"] {
        assert!(modes.contains(&on), "{on} is back on:\n{screen}");
        assert!(
            !modes.contains(&format!("-{on}").as_str()),
            "{on} is not off:\n{screen}"
        );
    }
    // The alternate screen was left: the shell's own output is visible, not the app's frame.
    assert!(!screen.contains("1 Dashboard"), "{screen}");
}

/// An abort inside the app (`abort()`: an allocation that failed, a C library's assertion)
/// raises SIGABRT, which ends the process even after a handler ran: the handler gives the
/// terminal back itself (issue 19.14).
#[test]
fn an_abort_inside_the_app_restores_the_terminal() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let tmux = Tmux::start(
        "abort",
        &app_command(dir.path(), &db, "FOOTLOG_TEST_ABORT=1"),
        100,
        40,
    );
    let screen = tmux.wait_for("STTY-DONE");
    assert!(
        screen.contains(&format!("FOOTLOG-EXITED={}", 128 + libc::SIGABRT)),
        "the app aborted: {screen}"
    );
    assert_eq!(pane_flags(&tmux), "0 0", "main screen, no mouse capture");
    let modes = words(&screen);
    for on in ["echo", "icanon", "isig"] {
        assert!(modes.contains(&on), "{on} is back on:\n{screen}");
        assert!(
            !modes.contains(&format!("-{on}").as_str()),
            "{on} is not off:\n{screen}"
        );
    }
    assert!(!screen.contains("1 Dashboard"), "{screen}");
}

#[test]
fn the_open_app_shows_a_session_logged_from_the_cli() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let tmux = Tmux::start("refresh", &app_command(dir.path(), &db, ""), 100, 30);
    tmux.wait_for("This week: 0/1");
    let out = Command::new(bin())
        .arg("--db")
        .arg(&db)
        .args(["log", "--before", "8", "--after", "2"])
        .env("FOOTLOG_NOW", NOW)
        .output()
        .expect("footlog log");
    assert!(out.status.success(), "{out:?}");
    // No key is pressed: the app's periodic refresh must pick the session up by itself.
    tmux.wait_until("the new session on the dashboard", |s| {
        s.contains("This week: 1/1") && s.contains("tension 8 → 2")
    });
    tmux.send(&["q"]);
    tmux.wait_for("FOOTLOG-EXITED=0");
}

#[test]
fn the_app_takes_one_backup_a_day_when_it_starts() {
    use std::os::unix::fs::PermissionsExt;
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("data").join("footlog.db");
    let backups = dir.path().join("data").join("backups");
    for start in 0..2 {
        let tmux = Tmux::start("backup", &app_command(dir.path(), &db, ""), 100, 30);
        tmux.wait_for("This week: 0/1");
        tmux.send(&["q"]);
        tmux.wait_for("FOOTLOG-EXITED=0");
        // Taken in the background, and there once the first start has ended.
        let n = std::fs::read_dir(&backups).map_or(0, std::iter::Iterator::count);
        assert_eq!(n, 1, "start {start}: one backup");
    }
    let names: Vec<String> = std::fs::read_dir(&backups)
        .expect("backups folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        vec!["footlog-20261123-203000.db".to_string()],
        "one backup for the day"
    );
    let mode = std::fs::metadata(backups.join(&names[0]))
        .expect("meta")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
}

/// The pid of the footlog process running on `db` (it is started by the pane's shell).
fn app_pid(db: &Path) -> u32 {
    let needle = format!("--db {}", db.display());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
            let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(cmd) = std::fs::read(entry.path().join("cmdline")) else {
                continue;
            };
            let cmd = String::from_utf8_lossy(&cmd).replace('\0', " ");
            if cmd.starts_with(&bin().display().to_string()) && cmd.contains(&needle) {
                return pid;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "footlog never started"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn pane_flags(tmux: &Tmux) -> String {
    let out = tmux.run(&[
        "display-message",
        "-p",
        "-t",
        "app",
        "#{alternate_on} #{mouse_any_flag}",
    ]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn side_files(db: &Path) -> Vec<std::path::PathBuf> {
    ["-wal", "-shm", "-journal"]
        .iter()
        .map(|s| std::path::PathBuf::from(format!("{}{s}", db.display())))
        .filter(|p| p.exists())
        .collect()
}

fn integrity(db: &Path) -> String {
    let c = rusqlite::Connection::open(db).expect("open");
    c.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("check")
}

#[test]
fn quit_signals_give_the_terminal_back_close_the_database_and_exit_128_plus_the_signal() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    for (sig, name) in [(15, "TERM"), (1, "HUP"), (2, "INT"), (3, "QUIT")] {
        a_signal_ends_the_app_like_a_quit(sig, name);
    }
}

/// The other signals whose default action ends the process (issue 19.14): each once killed the
/// app with the alternate screen, mouse capture, hidden cursor and raw mode left in place.
#[test]
fn every_other_signal_that_ends_a_process_ends_the_app_like_a_quit() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    for (sig, name) in [
        (libc::SIGUSR1, "USR1"),
        (libc::SIGUSR2, "USR2"),
        (libc::SIGALRM, "ALRM"),
        (libc::SIGABRT, "ABRT"),
        (libc::SIGVTALRM, "VTALRM"),
        (libc::SIGPROF, "PROF"),
        (libc::SIGXCPU, "XCPU"),
        (libc::SIGXFSZ, "XFSZ"),
        (libc::SIGIO, "IO"),
    ] {
        a_signal_ends_the_app_like_a_quit(sig, name);
    }
}

/// Starts the app in tmux, saves a session, sends SIG`name`, and checks that the app gave the
/// terminal back (main screen, no mouse capture, echo and canonical mode on), exited with
/// 128 + `sig`, merged its WAL and kept the session.
fn a_signal_ends_the_app_like_a_quit(sig: i32, name: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let tmux = Tmux::start(
        &format!("signal-{name}"),
        &app_command(dir.path(), &db, ""),
        100,
        30,
    );
    tmux.wait_for("This week: 0/1");
    // Save a session in the app, so the database has something in its -wal.
    tmux.send(&["n"]);
    tmux.wait_for("Tension before");
    tmux.send(&["7", "Tab", "3", "Enter"]);
    tmux.wait_for("This week: 1/1");
    assert_eq!(
        pane_flags(&tmux),
        "1 1",
        "the app holds the screen and the mouse"
    );
    let pid = app_pid(&db);
    let out = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(pid.to_string())
        .output()
        .expect("kill");
    assert!(out.status.success(), "{out:?}");
    let screen = tmux.wait_for("STTY-DONE");
    assert!(
        screen.contains(&format!("FOOTLOG-EXITED={}", 128 + sig)),
        "SIG{name}: {screen}"
    );
    assert_eq!(
        pane_flags(&tmux),
        "0 0",
        "SIG{name}: main screen, no mouse capture"
    );
    let modes = words(&screen);
    for on in ["echo", "icanon"] {
        assert!(modes.contains(&on), "SIG{name}: {on} is back on:\n{screen}");
    }
    assert_eq!(
        side_files(&db),
        Vec::<std::path::PathBuf>::new(),
        "SIG{name}: WAL merged"
    );
    assert_eq!(integrity(&db), "ok");
    let c = rusqlite::Connection::open(&db).expect("open");
    let n: i64 = c
        .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
        .expect("count");
    assert_eq!(n, 1, "SIG{name}: the saved session is there");
}

#[test]
fn with_sighup_ignored_a_vanished_terminal_ends_the_app_at_once_without_spinning() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("footlog.db");
    let code = dir.path().join("code");
    let cpu = dir.path().join("cpu");
    // As under nohup or some ssh setups: SIGHUP ignored. bash's `time` records the CPU the app
    // used, and its exit code, after the terminal has gone.
    let command = format!(
        "trap '' HUP; TIMEFORMAT='%3U %3S'; \
         {{ time env FOOTLOG_NOW='{NOW}' XDG_CONFIG_HOME={cfg} TERM=xterm-256color {bin} --db {db} 2>/dev/null ; }} 2>{cpu}; \
         echo $? > {code}",
        cfg = quote(dir.path()),
        bin = quote(bin()),
        db = quote(&db),
        cpu = quote(&cpu),
        code = quote(&code),
    );
    let tmux = Tmux::start(
        "hup-ignored",
        &format!("bash -c {}", quote(Path::new(&command))),
        100,
        30,
    );
    tmux.wait_for("This week: 0/1");
    let pid = app_pid(&db);
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("status");
    let ignored = status
        .lines()
        .find_map(|l| l.strip_prefix("SigIgn:"))
        .and_then(|h| u64::from_str_radix(h.trim(), 16).ok())
        .expect("SigIgn");
    assert_eq!(ignored & 1, 1, "SIGHUP is ignored in the app");
    // The terminal goes away: the server and its pane are killed.
    let gone = std::time::Instant::now();
    drop(tmux);
    let deadline = gone + std::time::Duration::from_secs(5);
    while Path::new(&format!("/proc/{pid}")).exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let took = gone.elapsed();
    if Path::new(&format!("/proc/{pid}")).exists() {
        // Leave no spinning process behind when this fails.
        let _ = Command::new("kill")
            .arg("-KILL")
            .arg(pid.to_string())
            .output();
    }
    assert!(
        !Path::new(&format!("/proc/{pid}")).exists(),
        "the app still runs {took:?} after its terminal went away"
    );
    // The shell writes the files right after the app ends.
    let wait_for = |p: &Path| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        while std::fs::read_to_string(p).map_or(true, |s| s.trim().is_empty())
            && std::time::Instant::now() < deadline
        {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        std::fs::read_to_string(p).unwrap_or_default()
    };
    assert_eq!(wait_for(&code).trim(), "129", "ended as on a hang-up");
    let used: f64 = wait_for(&cpu)
        .split_whitespace()
        .map(|t| t.parse::<f64>().expect("seconds"))
        .sum();
    // A correctness bound, not a performance target: a spinning app burns a CPU-second per
    // second; a quiet one almost nothing in its whole life here.
    assert!(used < 1.0, "the app used {used} s of CPU");
    assert_eq!(
        side_files(&db),
        Vec::<std::path::PathBuf>::new(),
        "WAL merged"
    );
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn restore_over_the_wal_of_a_killed_app_gives_exactly_the_backups_rows() {
    if !crate::support::need::require_tool("tmux") {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("data").join("footlog.db");
    let cli = |args: &[&str]| {
        let out = Command::new(bin())
            .arg("--db")
            .arg(&db)
            .args(args)
            .env("FOOTLOG_NOW", NOW)
            .output()
            .expect("footlog");
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).expect("utf8")
    };
    cli(&[
        "log",
        "--before",
        "6",
        "--after",
        "2",
        "--at",
        "2026-11-20 19:00",
    ]);
    let backup = cli(&["backup"]).trim().to_string();
    let expected = cli(&["export"]);
    for (kill, name) in [("-HUP", "SIGHUP"), ("-KILL", "SIGKILL")] {
        let tmux = Tmux::start("restore", &app_command(dir.path(), &db, ""), 100, 30);
        tmux.wait_for("Last session");
        tmux.send(&["n"]);
        tmux.wait_for("Tension before");
        tmux.send(&["9", "Tab", "1", "Enter"]);
        tmux.wait_for("This week: 1/1");
        let pid = app_pid(&db);
        let out = Command::new("kill")
            .arg(kill)
            .arg(pid.to_string())
            .output()
            .expect("kill");
        assert!(out.status.success());
        tmux.wait_for("FOOTLOG-EXITED=");
        if name == "SIGKILL" {
            assert!(
                side_files(&db)
                    .iter()
                    .any(|p| p.ends_with("footlog.db-wal")),
                "a killed app leaves its -wal"
            );
        }
        let line = cli(&["restore", &backup]);
        assert!(
            line.starts_with("Restored 1 session and 0 sleep notes"),
            "{name}: {line}"
        );
        assert_eq!(
            cli(&["export"]),
            expected,
            "{name}: exactly the backup's rows"
        );
        assert_eq!(integrity(&db), "ok", "{name}");
        assert_eq!(side_files(&db), Vec::<std::path::PathBuf>::new(), "{name}");
    }
}
