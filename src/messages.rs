//! The one way the binary writes to stderr: diagnostics, warnings and confirmations for a person.
//!
//! `eprintln!` panics when stderr is gone (a closed terminal, a broken pipe), which would turn a
//! warning into a crash after the work is done. [`message!`](crate::message) writes a line and
//! ignores a failed write instead, as ripgrep's `messages.rs` does; clippy's `disallowed-macros`
//! keeps `eprintln!` out of the binary.

use std::io::Write;

/// Writes `args` and a line break to stderr in one locked write; a failure is ignored.
pub fn write_line(args: std::fmt::Arguments<'_>) {
    write_line_to(&mut std::io::stderr().lock(), args);
}

/// [`write_line`] to any writer (tests give it one that fails).
pub fn write_line_to(w: &mut dyn Write, args: std::fmt::Arguments<'_>) {
    let _ = writeln!(w, "{args}");
}

/// `eprintln!` that never panics: writes a line to stderr and ignores a failed write.
#[macro_export]
macro_rules! message {
    ($($arg:tt)*) => {
        $crate::messages::write_line(format_args!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stderr that is gone: every write fails.
    struct Closed;

    impl Write for Closed {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::ErrorKind::BrokenPipe.into())
        }
    }

    #[test]
    fn a_line_is_written_whole_and_a_closed_stderr_is_ignored() {
        let mut out = Vec::new();
        write_line_to(&mut out, format_args!("footlog: warning: {}", 7));
        assert_eq!(out, b"footlog: warning: 7\n");
        // Reaching the end is the assertion: `eprintln!` panics here.
        write_line_to(&mut Closed, format_args!("footlog: warning: {}", 7));
    }
}
