//! The interactive app: terminal lifecycle and the event loop. Everything else lives in the
//! submodules: state + pure `update` + views, with effects run against the [`Store`].

pub mod config;
pub mod data;
pub mod effects;
pub mod event;
pub mod form;
pub mod guided;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod markdown;
pub mod msg;
pub mod screen;
pub mod state;
pub mod sync_worker;
#[cfg(test)]
pub(crate) mod test_app;
pub mod text;
pub mod theme;
pub mod ui;
pub mod undo;
pub mod update;
pub mod zone;

use std::collections::VecDeque;
use std::io::{self, Stdout, stdout};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};

use self::config::Config;
use self::event::Event;
use self::input::Polled;
use self::msg::{Effect, Incoming, Msg};
use self::state::AppState;
use self::theme::Theme;
use self::zone::{SystemZone, Zone};
use crate::store::Store;

/// How often the app refreshes from the database (another process may log via the CLI).
pub const TICK: Duration = Duration::from_secs(5);

/// How often the screen redraws while a guided session's timer runs (and only then).
pub const GUIDED_TICK: Duration = Duration::from_millis(250);

/// The monotonic clock of the guided timer: time since the app started, times a speed-up.
#[derive(Debug, Clone, Copy)]
struct MonoClock {
    origin: Instant,
    scale: f64,
}

impl MonoClock {
    /// `FOOTLOG_TIME_SCALE` is for tests only (e.g. 60: a minute passes every second, so the
    /// end-to-end test runs a whole guided session in seconds). Read once; anything but a
    /// positive number means real time.
    fn from_env() -> Self {
        let scale = std::env::var("FOOTLOG_TIME_SCALE")
            .ok()
            .and_then(|s| s.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0 && *s <= 10_000.0)
            .unwrap_or(1.0);
        Self {
            origin: Instant::now(),
            scale,
        }
    }

    fn now(&self) -> Duration {
        self.origin.elapsed().mul_f64(self.scale)
    }
}

/// What the app starts with besides the database.
#[derive(Debug, Clone)]
pub struct Options {
    /// The config file's settings.
    pub config: Config,
    /// Why the config file could not be used, shown in the status line.
    pub config_error: Option<String>,
    /// Other start-up problems to show in the status line (e.g. a failed automatic backup).
    pub notices: Vec<String>,
    /// Honour `NO_COLOR`.
    pub no_color: bool,
    /// Open straight into a guided session (`footlog guided`).
    pub guided: bool,
    /// The sample data of `--demo`, held in memory: nothing entered is kept.
    pub demo: bool,
    /// Sync in the background: sync is set up for this database.
    pub sync: Option<BackgroundSync>,
    /// The database can only be read (a read-only medium, or permissions): what every screen
    /// says when its status line is free (see [`read_only_notice`]).
    pub read_only: Option<String>,
}

/// What the app's background sync needs.
#[derive(Debug, Clone)]
pub struct BackgroundSync {
    /// The database.
    pub db: std::path::PathBuf,
    /// The clock that dates each sync (callable from the sync's thread).
    pub clock: fn() -> DateTime<FixedOffset>,
}

/// What the app says on every screen when the database at `db` cannot be written.
pub fn read_only_notice(db: &std::path::Path) -> String {
    format!(
        "Read-only: {} cannot be written; changes are off",
        crate::domain::text::escape_unsafe(&db.display().to_string())
    )
}

impl Options {
    /// Reads the config file and `NO_COLOR`. A broken config is reported, not fatal.
    pub fn from_env() -> Self {
        let (config, config_error) = match config::default_path() {
            Some(path) => match config::load(&path) {
                Ok(c) => (c, None),
                Err(e) => (
                    Config::default(),
                    Some(format!("{}; using defaults", e.one_line())),
                ),
            },
            None => (Config::default(), None),
        };
        Self {
            config,
            config_error,
            notices: Vec::new(),
            no_color: Theme::no_color_from_env(),
            guided: false,
            demo: false,
            sync: None,
            read_only: None,
        }
    }
}

/// Builds the starting state (used by the app and by render tests).
pub fn initial_state(opts: &Options, zone: Zone) -> AppState {
    let theme = Theme::new(opts.config.theme, opts.no_color);
    let mut state = AppState::new(opts.config.clone(), theme, zone);
    state.demo = opts.demo;
    state.read_only.clone_from(&opts.read_only);
    for e in opts.config_error.iter().chain(&opts.notices) {
        state.error(e.clone());
    }
    state
}

/// The system's time zone, read here in the runtime (never by `update`, which is handed it).
pub fn system_zone() -> Zone {
    use chrono::{Local, Offset, TimeZone};
    Zone::System(SystemZone {
        of_local: |t| Local.offset_from_local_datetime(t).map(|o| o.fix()),
        of_utc: |t| Local.offset_from_utc_datetime(t).fix(),
    })
}

/// How the app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A quit signal arrived (SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, …: see
    /// [`input::QUIT_SIGNALS`]); exit with 128 + it.
    Signal(i32),
    /// The terminal hung up or failed; treated as a hang-up (exit 128 + SIGHUP).
    TerminalGone,
}

impl Ended {
    /// The process's exit code: 0, or 128 + the signal.
    pub fn exit_code(self) -> u8 {
        let sig = match self {
            Ended::Quit => return 0,
            Ended::Signal(sig) => sig,
            Ended::TerminalGone => signal_hook::consts::SIGHUP,
        };
        u8::try_from(128 + sig).unwrap_or(u8::MAX)
    }
}

/// Applies `incoming` and every outcome its effects report, until nothing is left to do.
pub fn dispatch(
    state: &mut AppState,
    store: &mut Store,
    incoming: impl Into<Incoming>,
    now: &DateTime<FixedOffset>,
) {
    let mut queue = VecDeque::from([incoming.into()]);
    while let Some(next) = queue.pop_front() {
        for effect in update::update(state, next, now) {
            queue.extend(
                effects::run(store, effect, now)
                    .into_iter()
                    .map(Incoming::from),
            );
        }
    }
}

/// Runs the app until the user quits. The terminal is restored on return, on error and on panic.
pub fn run(
    store: &mut Store,
    opts: &Options,
    clock: &dyn Fn() -> DateTime<FixedOffset>,
) -> io::Result<Ended> {
    run_with(store, opts, clock, &mut || None)
}

/// [`run`], calling `late_notice` after each frame and each event for a message to show in the
/// status line (the caller starts the daily backup on the first call, once the first frame is
/// on the screen, and reports its failure).
///
/// # Panics
///
/// Only on purpose, after the first frame, when `FOOTLOG_TEST_PANIC` is set (a test of the
/// terminal guard).
pub fn run_with(
    store: &mut Store,
    opts: &Options,
    clock: &dyn Fn() -> DateTime<FixedOffset>,
    late_notice: &mut dyn FnMut() -> Option<String>,
) -> io::Result<Ended> {
    let mono = MonoClock::from_env();
    let mut state = initial_state(opts, system_zone());
    let now = clock();
    for o in effects::run(store, Effect::Load, &now) {
        dispatch(&mut state, store, o, &now);
    }
    if opts.guided {
        dispatch(&mut state, store, Msg::Guided, &now);
    }
    let mut input = input::Input::install()?;
    let guard = TerminalGuard::enter()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    let size = terminal.size()?;
    dispatch(
        &mut state,
        store,
        Event::Resize(size.width, size.height),
        &now,
    );
    // Tests only: proves a panic inside the app gives the terminal back (tests/e2e_reliability.rs).
    let test_panic = std::env::var_os("FOOTLOG_TEST_PANIC").is_some();
    // Tests only: the same for an abort (SIGABRT raised by the process itself).
    let test_abort = std::env::var_os("FOOTLOG_TEST_ABORT").is_some();
    let mut refreshed = Instant::now();
    let mut sync: Option<sync_worker::SyncWorker> = None;
    let ended = 'app: loop {
        if terminal.draw(|f| ui::view(f, &state)).is_err() {
            // The terminal is gone (its output fails): quit as on a hang-up.
            break 'app Ended::TerminalGone;
        }
        // The first frame is on the screen: sync starts behind it.
        if sync.is_none()
            && let Some(b) = &opts.sync
        {
            sync = start_sync(b, &mut state, &clock());
            // Drawn at once with what sync last said.
            continue 'app;
        }
        // Shown with the next frame.
        if let Some(n) = late_notice() {
            state.error(n);
        }
        if state.quit {
            break 'app Ended::Quit;
        }
        if test_panic {
            panic_on_purpose();
        }
        if test_abort {
            std::process::abort();
        }
        // Block until input or the next tick: no busy loop, no redraw while idle. Only a
        // running guided timer ticks fast, and a timer tick refreshes the database no more
        // often than an idle one.
        loop {
            let ticking = state
                .guided
                .as_ref()
                .is_some_and(guided::model::Guided::ticking);
            let polled = input.next(if ticking { GUIDED_TICK } else { TICK })?;
            match polled {
                Polled::Signal(sig) => break 'app Ended::Signal(sig),
                Polled::TerminalGone => break 'app Ended::TerminalGone,
                _ => {}
            }
            let mut noticed = late_notice().map(|n| state.error(n)).is_some();
            if let Some(w) = &sync {
                let now = clock();
                for news in w.news() {
                    dispatch(&mut state, store, msg::Outcome::Synced(news), &now);
                    noticed = true;
                }
            }
            let event = input::to_event(polled);
            let now = clock();
            let guided = state.guided.is_some();
            if guided {
                // First the time, so a key (pause, skip) acts at this moment.
                dispatch(&mut state, store, Event::Clock(mono.now()), &now);
            }
            match event {
                Some(Event::Tick) if refreshed.elapsed() < TICK => {}
                Some(e) => {
                    if e == Event::Tick {
                        refreshed = Instant::now();
                    }
                    dispatch(&mut state, store, e, &now);
                }
                None if guided || noticed => {}
                None => continue,
            }
            if std::mem::take(&mut state.sync_requested)
                && let Some(w) = &sync
            {
                w.ask();
            }
            break;
        }
    };
    // ratatui's Terminal shows the cursor when dropped and reports a failure with eprintln!,
    // which panics when the terminal (stderr) is gone. The guard shows the cursor instead.
    std::mem::forget(terminal);
    drop(guard);
    Ok(ended)
}

/// Starts the background sync and says where sync stands (as the last sync left it).
fn start_sync(
    b: &BackgroundSync,
    state: &mut AppState,
    now: &DateTime<FixedOffset>,
) -> Option<sync_worker::SyncWorker> {
    match sync_worker::SyncWorker::start(b.db.clone(), b.clock) {
        Ok(w) => {
            let known = footlog_sync::status(&footlog_sync::SyncPaths::new(&b.db)).ok();
            state.sync = Some(state::SyncView {
                last_sync: known.as_ref().and_then(|s| s.last_sync),
                pending: known.map_or(0, |s| s.pending),
                offline: false,
                asked: false,
                now: *now,
            });
            Some(w)
        }
        Err(e) => {
            state.error(format!("Could not start syncing: {e}"));
            None
        }
    }
}

/// Tests only (`tests/e2e_reliability.rs`, which sets `FOOTLOG_TEST_PANIC`): a panic inside the
/// app, to prove the terminal is given back.
#[expect(
    clippy::panic,
    reason = "the panic is the point: the test checks the terminal survives it"
)]
fn panic_on_purpose() -> ! {
    panic!("FOOTLOG_TEST_PANIC is set: panicking on purpose after the first frame");
}

/// Owns the terminal's raw mode and alternate screen; gives them back when dropped or on panic.
struct TerminalGuard;

impl TerminalGuard {
    fn enter() -> io::Result<Self> {
        install_panic_hook();
        install_abort_restore();
        // Created first, so a failure half-way still restores what was changed.
        let guard = TerminalGuard;
        TERMINAL_TAKEN.store(true, std::sync::atomic::Ordering::SeqCst);
        enable_raw_mode()?;
        execute!(
            stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste
        )?;
        Ok(guard)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore_terminal();
    }
}

/// The app holds the terminal (raw mode, alternate screen) and has not given it back yet.
static TERMINAL_TAKEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Leaves raw mode and the alternate screen and shows the cursor, once: the panic hook and the
/// guard's drop both call it, and leaving the alternate screen twice would move the cursor back
/// over the panic message. Never panics.
fn restore_terminal() {
    if !TERMINAL_TAKEN.swap(false, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let _ = disable_raw_mode();
    let out: &mut Stdout = &mut stdout();
    let _ = execute!(
        out,
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
}

/// The terminal's settings before the app took it, for [`restore_in_abort`].
static SAVED_TERMIOS: std::sync::OnceLock<libc::termios> = std::sync::OnceLock::new();

/// What [`restore_terminal`] writes, as bytes a signal handler can write in one call: bracketed
/// paste and mouse capture off (every mode crossterm turns on), the main screen, the cursor.
const RESTORE_SEQUENCE: &[u8] =
    b"\x1b[?2004l\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h";

/// Saves the terminal's settings and, once, adds [`restore_in_abort`] to SIGABRT's handler. An
/// abort (`abort()`: a failed allocation, a C library's assertion) ends the process after the
/// handlers ran, whatever they do, so the app's normal quit never comes: the handler itself
/// must give the terminal back. (A SIGABRT sent from outside is given back the same way; the
/// app then quits as on any quit signal.)
fn install_abort_restore() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: a zeroed termios is a valid out-parameter for tcgetattr.
        let mut saved: libc::termios = unsafe { std::mem::zeroed() };
        // SAFETY: tcgetattr only writes `saved`.
        if unsafe { libc::tcgetattr(libc::STDIN_FILENO, &raw mut saved) } == 0 {
            let _ = SAVED_TERMIOS.set(saved);
        }
        // SAFETY: the action only makes async-signal-safe calls (an atomic swap, an atomic
        // load of a set OnceLock, tcsetattr and write).
        let _ = unsafe {
            signal_hook::low_level::register(signal_hook::consts::SIGABRT, restore_in_abort)
        };
    });
}

/// [`restore_terminal`] as a signal handler may do it: the saved terminal settings back (raw
/// mode off) and [`RESTORE_SEQUENCE`] written, once, if the app still holds the terminal.
fn restore_in_abort() {
    if !TERMINAL_TAKEN.swap(false, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    if let Some(t) = SAVED_TERMIOS.get() {
        // SAFETY: `t` is a valid termios; tcsetattr is async-signal-safe.
        unsafe { libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, t) };
    }
    // SAFETY: a valid buffer of its own length; write is async-signal-safe.
    unsafe {
        libc::write(
            libc::STDOUT_FILENO,
            RESTORE_SEQUENCE.as_ptr().cast(),
            RESTORE_SEQUENCE.len(),
        )
    };
}

fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore_terminal();
            previous(info);
        }));
    });
}
