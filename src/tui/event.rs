//! Raw input as `update` is given it ([`Event`]): keys, the mouse, pasted text, a resize and
//! the timers. What the terminal reader returns, and how it is read, is the runtime's
//! (`tui/input.rs`); this file is pure data, below the messages.

use std::time::Duration;

use ratatui::crossterm::event::KeyEvent;

/// Raw input as `update` sees it: keys, the mouse, pasted text, a resize and the timers.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A key press, resolved through the key map.
    Key(KeyEvent),
    /// Pasted text.
    Paste(String),
    /// A left click at (column, row).
    Click(u16, u16),
    /// Mouse wheel: negative up, positive down.
    Scroll(i8),
    /// The terminal changed size.
    Resize(u16, u16),
    /// The timer: refresh from the database if it changed.
    Tick,
    /// The monotonic clock for the guided timer: time since the app's origin (scaled in tests).
    Clock(Duration),
}
