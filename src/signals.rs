//! The signals that end footlog the way a normal quit would, shared by the app (which quits
//! when one arrives) and the commands that copy health data (which stop the copy and remove it).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use signal_hook::consts::{
    SIGABRT, SIGALRM, SIGHUP, SIGINT, SIGIO, SIGPROF, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2,
    SIGVTALRM, SIGXCPU, SIGXFSZ,
};

/// Every signal whose default action ends the process and that can be caught, except the
/// faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS: the code cannot go on after them)
/// and SIGPIPE (which Rust ignores). Left to their default, SIGUSR1 and the rest killed the app
/// with the terminal still in raw mode, on the alternate screen, with mouse capture on and the
/// cursor hidden, and killed a backup with its temporary copy left behind.
pub const QUIT_SIGNALS: [i32; 13] = [
    SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM, SIGABRT, SIGVTALRM, SIGPROF,
    SIGXCPU, SIGXFSZ, SIGIO,
];

/// The name of one of the [`QUIT_SIGNALS`] (`SIGTERM`), or `signal N` for another.
pub fn name(sig: i32) -> String {
    const NAMES: [&str; 13] = [
        "SIGTERM",
        "SIGHUP",
        "SIGINT",
        "SIGQUIT",
        "SIGUSR1",
        "SIGUSR2",
        "SIGALRM",
        "SIGABRT",
        "SIGVTALRM",
        "SIGPROF",
        "SIGXCPU",
        "SIGXFSZ",
        "SIGIO",
    ];
    QUIT_SIGNALS
        .iter()
        .zip(NAMES)
        .find(|(s, _)| **s == sig)
        .map_or_else(|| format!("signal {sig}"), |(_, n)| n.to_string())
}

/// Whether `sig` is ignored (as SIGHUP is under `nohup`): such a signal is left ignored.
pub fn ignored(sig: i32) -> bool {
    // SAFETY: a zeroed sigaction is a valid out-parameter; a null `act` only queries.
    unsafe {
        let mut old: libc::sigaction = std::mem::zeroed();
        libc::sigaction(sig, std::ptr::null(), &raw mut old) == 0
            && old.sa_sigaction == libc::SIG_IGN
    }
}

/// From [`Interrupt::install`] on, the [`QUIT_SIGNALS`] (except ignored ones) no longer end
/// the process at once: they set [`Interrupt::flag`], which a copy checks between batches of
/// pages, so it can remove what it wrote before the command ends with 128 + the signal.
pub struct Interrupt {
    stop: Arc<AtomicBool>,
    which: Arc<AtomicUsize>,
}

impl Interrupt {
    /// Installs the handlers.
    pub fn install() -> std::io::Result<Interrupt> {
        let stop = Arc::new(AtomicBool::new(false));
        let which = Arc::new(AtomicUsize::new(0));
        for sig in QUIT_SIGNALS {
            if ignored(sig) {
                continue;
            }
            let n = usize::try_from(sig).map_err(std::io::Error::other)?;
            signal_hook::flag::register_usize(sig, Arc::clone(&which), n)?;
            signal_hook::flag::register(sig, Arc::clone(&stop))?;
        }
        Ok(Interrupt { stop, which })
    }

    /// Set once one of the signals arrived.
    pub fn flag(&self) -> &AtomicBool {
        &self.stop
    }

    /// The signal that arrived (the last one), if any.
    pub fn signal(&self) -> Option<i32> {
        match self.which.load(Ordering::SeqCst) {
            0 => None,
            n => i32::try_from(n).ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn signals_are_named() {
        assert_eq!(super::name(libc::SIGTERM), "SIGTERM");
        assert_eq!(super::name(libc::SIGIO), "SIGIO");
        assert_eq!(super::name(libc::SIGUSR1), "SIGUSR1");
        assert_eq!(super::name(libc::SIGSEGV), "signal 11");
    }
}
