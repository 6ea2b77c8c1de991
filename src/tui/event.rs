//! Raw input from the terminal, and the timer.

use std::time::Duration;

use ratatui::crossterm::event::{
    self, Event as CtEvent, KeyEventKind, MouseButton, MouseEventKind,
};

use super::msg::Msg;

/// What happened: a terminal event or the timer.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A terminal event (key, mouse, paste, resize).
    Terminal(CtEvent),
    /// Nothing happened for a tick: time to refresh.
    Tick,
}

/// Waits up to `timeout` for the next event; `Tick` when none came.
pub fn next(timeout: Duration) -> std::io::Result<Event> {
    if event::poll(timeout)? {
        Ok(Event::Terminal(event::read()?))
    } else {
        Ok(Event::Tick)
    }
}

/// The message an event carries, if any (key releases and mouse moves carry none).
pub fn to_msg(e: Event) -> Option<Msg> {
    match e {
        Event::Tick => Some(Msg::Tick),
        Event::Terminal(CtEvent::Key(k)) if k.kind != KeyEventKind::Release => Some(Msg::Key(k)),
        Event::Terminal(CtEvent::Paste(s)) => Some(Msg::Paste(s)),
        Event::Terminal(CtEvent::Resize(w, h)) => Some(Msg::Resize(w, h)),
        Event::Terminal(CtEvent::Mouse(m)) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Msg::Click(m.column, m.row)),
            MouseEventKind::ScrollUp => Some(Msg::Scroll(-1)),
            MouseEventKind::ScrollDown => Some(Msg::Scroll(1)),
            _ => None,
        },
        Event::Terminal(_) => None,
    }
}
