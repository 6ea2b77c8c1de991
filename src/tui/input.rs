//! The runtime's input: what the terminal reader returns ([`Polled`]: terminal events, the
//! timer, quit signals, a terminal that goes away), how it waits for it (signal handlers,
//! `poll(2)`, crossterm's reader), and what of it `update` is given ([`Event`], `to_event`).

use std::io::{IsTerminal, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use signal_hook::consts::{SIGHUP, SIGTERM, SIGWINCH};

use ratatui::crossterm::event::{
    self, Event as CtEvent, KeyEventKind, MouseButton, MouseEventKind,
};

use super::event::Event;

/// What the terminal reader returns: a terminal event, the timer, a signal, or the terminal
/// going away.
#[derive(Debug, Clone, PartialEq)]
pub enum Polled {
    /// A terminal event (key, mouse, paste, resize).
    Terminal(CtEvent),
    /// Nothing happened for a tick: time to refresh.
    Tick,
    /// One of the [`QUIT_SIGNALS`] arrived: quit as the user would.
    Signal(i32),
    /// The terminal hung up or its input failed: quit as the user would.
    TerminalGone,
}

/// Waits up to `timeout` for the next event; `Tick` when none came. (Without the hang-up and
/// signal handling of [`Input`]; for callers that have none.)
pub fn next(timeout: Duration) -> std::io::Result<Polled> {
    if event::poll(timeout)? {
        Ok(Polled::Terminal(event::read()?))
    } else {
        Ok(Polled::Tick)
    }
}

/// The signals that end the app like a normal quit (see [`crate::signals::QUIT_SIGNALS`]).
pub use crate::signals::QUIT_SIGNALS;
use crate::signals::ignored;

/// The app's input: the terminal, watched for hang-ups, and the quit signals.
///
/// crossterm reads the terminal in a loop that never returns once the terminal has hung up
/// (every read fails with EIO, or returns 0, and it retries), so the app waits on the terminal
/// itself with `poll(2)` first and only asks crossterm for an event when there is input and no
/// hang-up. A pipe that signal handlers write to wakes that wait at once.
pub struct Input {
    tty: Tty,
    wake: UnixStream,
    signal: Arc<AtomicUsize>,
    /// Tells the hang-up watchdog that the app is ending on its own (set when this is dropped).
    ending: Arc<AtomicBool>,
}

impl Drop for Input {
    fn drop(&mut self) {
        self.ending.store(true, Ordering::SeqCst);
    }
}

/// How long after the terminal hangs up the app may take to notice it itself before the
/// watchdog ends it.
const STUCK_AFTER: Duration = Duration::from_secs(3);

/// Waits (asleep, in `poll(2)` for no event: only a hang-up or an error wakes it) until the
/// terminal `fd` hangs up, then gives the app `grace` to end on its own; calls `stuck` and
/// returns true if `ending` is still unset by then. The race this covers: the terminal hangs up
/// between the app's own `poll` and crossterm's read, and crossterm then retries its read
/// forever (every read returns 0), so the app's loop never gets to notice.
fn watch_hangup(fd: RawFd, ending: &AtomicBool, grace: Duration, stuck: impl FnOnce()) -> bool {
    loop {
        let mut p = libc::pollfd {
            fd,
            events: 0,
            revents: 0,
        };
        // SAFETY: one valid pollfd for the duration of the call.
        let n = unsafe { libc::poll(&raw mut p, 1, -1) };
        if ending.load(Ordering::SeqCst) {
            return false;
        }
        if n > 0 && p.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
            break;
        }
    }
    std::thread::sleep(grace);
    if ending.load(Ordering::SeqCst) {
        return false;
    }
    stuck();
    true
}

/// The terminal crossterm reads: standard input when it is one, else `/dev/tty`.
enum Tty {
    Stdin,
    Opened(std::fs::File),
}

impl Tty {
    fn fd(&self) -> RawFd {
        match self {
            Tty::Stdin => libc::STDIN_FILENO,
            Tty::Opened(f) => f.as_raw_fd(),
        }
    }
}

impl Input {
    /// Installs the handlers of the quit signals (except those already ignored, as under
    /// `nohup`: the terminal's hang-up then still ends the app, through `poll`) and SIGWINCH.
    pub fn install() -> std::io::Result<Input> {
        let tty = if std::io::stdin().is_terminal() {
            Tty::Stdin
        } else {
            Tty::Opened(std::fs::File::open("/dev/tty")?)
        };
        let (wake, notify) = UnixStream::pair()?;
        wake.set_nonblocking(true)?;
        notify.set_nonblocking(true)?;
        let signal = Arc::new(AtomicUsize::new(0));
        for sig in QUIT_SIGNALS {
            if ignored(sig) {
                continue;
            }
            signal_hook::flag::register_usize(
                sig,
                Arc::clone(&signal),
                usize::try_from(sig).map_err(std::io::Error::other)?,
            )?;
            signal_hook::low_level::pipe::register(sig, notify.try_clone()?)?;
        }
        signal_hook::low_level::pipe::register(SIGWINCH, notify)?;
        let ending = Arc::new(AtomicBool::new(false));
        let (fd, flag) = (tty.fd(), Arc::clone(&ending));
        std::thread::Builder::new()
            .name("hang-up watchdog".into())
            .spawn(move || {
                // Exits as the app does when its terminal goes away (128 + SIGHUP); the
                // database is left as after a crash, which SQLite's WAL makes safe.
                watch_hangup(fd, &flag, STUCK_AFTER, || std::process::exit(128 + SIGHUP));
            })?;
        Ok(Input {
            tty,
            wake,
            signal,
            ending,
        })
    }

    /// Waits up to `timeout` for the next event; `Tick` when none came. Never spins: a hung-up
    /// terminal is reported as [`Polled::TerminalGone`], a quit signal as [`Polled::Signal`].
    pub fn next(&mut self, timeout: Duration) -> std::io::Result<Polled> {
        let deadline = Instant::now() + timeout;
        let mut wait = Duration::ZERO;
        loop {
            if let Some(e) = self.pending_signal() {
                return Ok(e);
            }
            let (tty, woken) = self.wait(wait)?;
            if tty & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                return Ok(Polled::TerminalGone);
            }
            if woken {
                self.drain();
                if let Some(e) = self.pending_signal() {
                    return Ok(e);
                }
            }
            // Buffered events, a resize (crossterm has its own SIGWINCH pipe) or new input.
            match event::poll(Duration::ZERO).and_then(|ready| {
                if ready {
                    event::read().map(Some)
                } else {
                    Ok(None)
                }
            }) {
                Ok(Some(e)) => return Ok(Polled::Terminal(e)),
                Ok(None) => {}
                Err(_) => return Ok(Polled::TerminalGone),
            }
            let now = Instant::now();
            if now >= deadline {
                return Ok(Polled::Tick);
            }
            wait = deadline - now;
        }
    }

    fn pending_signal(&self) -> Option<Polled> {
        match self.signal.load(Ordering::SeqCst) {
            0 => None,
            sig => Some(Polled::Signal(i32::try_from(sig).unwrap_or(SIGTERM))),
        }
    }

    /// `poll(2)` on the terminal and the wake-up pipe: the terminal's returned events and
    /// whether the pipe was written.
    fn wait(&self, timeout: Duration) -> std::io::Result<(libc::c_short, bool)> {
        let mut fds = [
            libc::pollfd {
                fd: self.tty.fd(),
                events: libc::POLLIN,
                revents: 0,
            },
            libc::pollfd {
                fd: self.wake.as_raw_fd(),
                events: libc::POLLIN,
                revents: 0,
            },
        ];
        let ms = libc::c_int::try_from(timeout.as_millis()).unwrap_or(libc::c_int::MAX);
        // SAFETY: `fds` is a valid array of two pollfd for the duration of the call.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), 2, ms) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                return Ok((0, true));
            }
            return Err(e);
        }
        Ok((fds[0].revents, fds[1].revents != 0))
    }

    fn drain(&mut self) {
        let mut buf = [0u8; 64];
        while matches!(self.wake.read(&mut buf), Ok(n) if n > 0) {}
    }
}

/// The input a polled event carries for `update`, if any (key releases and mouse moves carry
/// none, nor do signals and a vanished terminal, which the runtime handles itself).
pub fn to_event(p: Polled) -> Option<Event> {
    match p {
        Polled::Tick => Some(Event::Tick),
        Polled::Terminal(CtEvent::Key(k)) if k.kind != KeyEventKind::Release => Some(Event::Key(k)),
        Polled::Terminal(CtEvent::Paste(s)) => Some(Event::Paste(s)),
        Polled::Terminal(CtEvent::Resize(w, h)) => Some(Event::Resize(w, h)),
        Polled::Terminal(CtEvent::Mouse(m)) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Event::Click(m.column, m.row)),
            MouseEventKind::ScrollUp => Some(Event::Scroll(-1)),
            MouseEventKind::ScrollDown => Some(Event::Scroll(1)),
            _ => None,
        },
        Polled::Terminal(_) | Polled::Signal(_) | Polled::TerminalGone => None,
    }
}

#[cfg(test)]
mod tests {
    use std::os::fd::AsRawFd;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use super::watch_hangup;

    /// A pipe whose write end closes after `after`: its read end then reports a hang-up, as a
    /// terminal does when it goes away.
    fn hanging_up(after: Duration) -> std::os::unix::net::UnixStream {
        let (read, write) = std::os::unix::net::UnixStream::pair().expect("pair");
        std::thread::spawn(move || {
            std::thread::sleep(after);
            drop(write);
        });
        read
    }

    #[test]
    fn a_hang_up_the_app_does_not_notice_ends_it() {
        let tty = hanging_up(Duration::from_millis(20));
        let ending = AtomicBool::new(false);
        let fired = AtomicBool::new(false);
        let stuck = watch_hangup(tty.as_raw_fd(), &ending, Duration::from_millis(10), || {
            fired.store(true, Ordering::SeqCst);
        });
        assert!(stuck && fired.load(Ordering::SeqCst));
    }

    #[test]
    fn an_app_ending_on_its_own_after_the_hang_up_is_left_alone() {
        let tty = hanging_up(Duration::ZERO);
        let ending = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&ending);
        // The app notices the hang-up itself and starts ending within the grace period.
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            flag.store(true, Ordering::SeqCst);
        });
        let fired = AtomicBool::new(false);
        let stuck = watch_hangup(tty.as_raw_fd(), &ending, Duration::from_secs(2), || {
            fired.store(true, Ordering::SeqCst);
        });
        assert!(!stuck && !fired.load(Ordering::SeqCst));
    }
}
