//! Reading one line from the terminal without showing it (the sync key on `sync setup --join`):
//! the command line's one piece of terminal handling, kept apart from the app's.

use std::io::{BufRead, IsTerminal};

/// Reads one line from stdin. On a terminal, `prompt` goes to stderr and what is typed is not
/// shown (echo is turned off for the read and always turned back on).
pub fn read_line_hidden(prompt: &str) -> std::io::Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        return Ok(line);
    }
    crate::message!("{prompt}");
    let fd = libc::STDIN_FILENO;
    // SAFETY: termios is plain data; tcgetattr fills it for the terminal on fd 0.
    let mut saved: libc::termios = unsafe { std::mem::zeroed() };
    // SAFETY: fd 0 is a terminal (checked above) and `saved` is a valid termios.
    if unsafe { libc::tcgetattr(fd, &raw mut saved) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    let mut quiet = saved;
    quiet.c_lflag &= !libc::ECHO;
    quiet.c_lflag |= libc::ECHONL;
    // SAFETY: as above, with a copy of the terminal's own settings less ECHO.
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &raw const quiet) };
    let mut line = String::new();
    let read = stdin.lock().read_line(&mut line);
    // SAFETY: puts back the settings read above.
    unsafe { libc::tcsetattr(fd, libc::TCSANOW, &raw const saved) };
    read.map(|_| line)
}
