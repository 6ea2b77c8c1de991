//! The default key map: every binding the app has before the config's overrides.

use ratatui::crossterm::event::KeyCode::{
    BackTab, Backspace, Char, Delete, Down, End, Enter, Esc, F, Home, Left, PageDown, PageUp,
    Right, Tab, Up,
};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::binding::{Binding, Keys};
use super::mode::Mode::{
    self, Confirm, Dashboard, Detail, Filter, Form, FormDate, FormNote, FormValue, Global, Guide,
    GuidedAbandon, GuidedAdvice, GuidedRun, GuidedSafety, GuidedSetup, Help, Insights, List,
    Message, Sync,
};
use crate::tui::msg::Msg;
use crate::tui::screen::Screen;

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn b(
    mode: Mode,
    code: KeyCode,
    modifiers: KeyModifiers,
    msg: Msg,
    help: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        mode,
        keys: Keys::One(code, modifiers),
        msg,
        help,
        hint,
    }
}

const fn ch(mode: Mode, c: char, msg: Msg, help: &'static str, hint: bool) -> Binding {
    b(mode, Char(c), NONE, msg, help, hint)
}

const fn key(mode: Mode, code: KeyCode, msg: Msg, help: &'static str, hint: bool) -> Binding {
    b(mode, code, NONE, msg, help, hint)
}

/// The default key map.
pub fn bindings() -> Vec<Binding> {
    DEFAULTS.to_vec()
}

/// The default key map, in the order help, hints and the README list it.
const DEFAULTS: &[Binding] = &[
    ch(Global, 'n', Msg::NewSession, "log a session", true),
    ch(Global, 's', Msg::NewSleep, "sleep note", true),
    ch(Global, 'w', Msg::Goals, "goal and rest weeks", false),
    ch(Global, 'u', Msg::Undo, "undo the last change", false),
    ch(Global, 'h', Msg::Health, "health profile", false),
    key(Global, Tab, Msg::NextScreen, "next screen", false),
    key(Global, BackTab, Msg::PrevScreen, "previous screen", false),
    ch(
        Global,
        '1',
        Msg::GoTo(Screen::Dashboard),
        "screen 1–3",
        false,
    ),
    ch(Global, '2', Msg::GoTo(Screen::History), "screen 1–3", false),
    ch(Global, '3', Msg::GoTo(Screen::Sleep), "screen 1–3", false),
    ch(Global, '4', Msg::GoTo(Screen::Insights), "insights", false),
    ch(Global, '5', Msg::GoTo(Screen::Guide), "guide", false),
    ch(Global, '?', Msg::Help, "help", true),
    key(Global, F(1), Msg::Help, "help", false),
    ch(Global, 'q', Msg::Quit, "quit", true),
    b(Global, Char('c'), CTRL, Msg::Quit, "quit", false),
    ch(Global, 'm', Msg::Guided, "guided session", true),
    ch(Global, 'i', Msg::ShowMessage, "the whole message", false),
    ch(Sync, 'y', Msg::SyncNow, "sync", true),
    ch(Dashboard, 'g', Msg::Goals, "goals", true),
    key(
        Dashboard,
        Left,
        Msg::MoveWeek(-1),
        "week cursor back",
        false,
    ),
    key(
        Dashboard,
        Right,
        Msg::MoveWeek(1),
        "week cursor forward",
        false,
    ),
    key(
        Dashboard,
        Enter,
        Msg::OpenWeek,
        "that week's sessions",
        false,
    ),
    ch(List, 'j', Msg::Down, "down", false),
    key(List, Down, Msg::Down, "down", false),
    ch(List, 'k', Msg::Up, "up", false),
    key(List, Up, Msg::Up, "up", false),
    ch(List, 'g', Msg::Top, "first row", false),
    key(List, Home, Msg::Top, "first row", false),
    ch(List, 'G', Msg::Bottom, "last row", false),
    key(List, End, Msg::Bottom, "last row", false),
    key(List, PageUp, Msg::PageUp, "page up", false),
    key(List, PageDown, Msg::PageDown, "page down", false),
    key(List, Enter, Msg::Open, "open", true),
    ch(List, 'e', Msg::Edit, "edit", true),
    ch(List, 'd', Msg::Delete, "delete", true),
    key(List, Delete, Msg::Delete, "delete", false),
    ch(List, '/', Msg::Filter, "filter", true),
    key(List, Esc, Msg::ClearFilter, "clear filter", false),
    ch(
        Insights,
        'p',
        Msg::CyclePeriod,
        "period 12/26/52 weeks",
        true,
    ),
    ch(Insights, 'r', Msg::WriteReport, "report", true),
    ch(Insights, 'j', Msg::Down, "scroll down", false),
    key(Insights, Down, Msg::Down, "scroll down", false),
    ch(Insights, 'k', Msg::Up, "scroll up", false),
    key(Insights, Up, Msg::Up, "scroll up", false),
    key(Insights, PageDown, Msg::PageDown, "page down", false),
    key(Insights, PageUp, Msg::PageUp, "page up", false),
    ch(Insights, 'g', Msg::Top, "top", false),
    key(Insights, Home, Msg::Top, "top", false),
    ch(Insights, 'G', Msg::Bottom, "bottom", false),
    key(Insights, End, Msg::Bottom, "bottom", false),
    ch(Guide, 'j', Msg::Down, "scroll down", true),
    key(Guide, Down, Msg::Down, "scroll down", false),
    ch(Guide, 'k', Msg::Up, "scroll up", true),
    key(Guide, Up, Msg::Up, "scroll up", false),
    key(Guide, PageDown, Msg::PageDown, "page down", false),
    ch(Guide, ' ', Msg::PageDown, "page down", false),
    key(Guide, PageUp, Msg::PageUp, "page up", false),
    ch(Guide, 'g', Msg::Top, "top", false),
    key(Guide, Home, Msg::Top, "top", false),
    ch(Guide, 'G', Msg::Bottom, "bottom", false),
    key(Guide, End, Msg::Bottom, "bottom", false),
    key(Filter, Enter, Msg::Back, "keep filter", true),
    key(Filter, Esc, Msg::ClearFilter, "clear filter", true),
    key(Form, Tab, Msg::NextField, "next field", true),
    key(Form, Down, Msg::NextField, "next field", false),
    key(Form, BackTab, Msg::PrevField, "previous field", false),
    key(Form, Up, Msg::PrevField, "previous field", false),
    key(Form, Enter, Msg::Save, "save", true),
    b(Form, Char('s'), CTRL, Msg::Save, "save", false),
    key(Form, Esc, Msg::Back, "cancel", true),
    // Ctrl-C cancels a form as Esc does (asking first when something was typed), rather than
    // doing nothing; once the form is closed it quits.
    b(Form, Char('c'), CTRL, Msg::Back, "cancel", false),
    key(Form, F(1), Msg::Help, "help", false),
    key(
        Form,
        F(2),
        Msg::ToggleCaution,
        "health caution whole / one line",
        false,
    ),
    key(FormValue, Left, Msg::Adjust(-1), "change value", true),
    key(FormValue, Right, Msg::Adjust(1), "change value", false),
    Binding {
        mode: FormValue,
        keys: Keys::Digits,
        msg: Msg::Digit(0),
        help: "set rating (1 0 = 10) / toggle area N",
        hint: true,
    },
    ch(FormValue, ' ', Msg::Toggle, "toggle area", false),
    key(FormValue, Backspace, Msg::ClearValue, "clear rating", false),
    key(FormValue, Delete, Msg::ClearValue, "clear rating", false),
    ch(FormValue, '?', Msg::Help, "help", false),
    ch(FormDate, '+', Msg::ShiftDay(1), "a day later", true),
    ch(FormDate, '-', Msg::ShiftDay(-1), "a day earlier", true),
    b(FormNote, Enter, ALT, Msg::NewLine, "line break", true),
    b(FormNote, Char('j'), CTRL, Msg::NewLine, "line break", false),
    key(Help, Esc, Msg::Back, "close", true),
    ch(Help, '?', Msg::Back, "close", false),
    ch(Help, 'q', Msg::Back, "close", false),
    key(Help, F(1), Msg::Back, "close", false),
    ch(Help, 'j', Msg::Down, "scroll down", false),
    key(Help, Down, Msg::Down, "scroll down", false),
    ch(Help, 'k', Msg::Up, "scroll up", false),
    key(Help, Up, Msg::Up, "scroll up", false),
    key(Help, PageDown, Msg::PageDown, "page down", false),
    key(Help, PageUp, Msg::PageUp, "page up", false),
    ch(Detail, 'e', Msg::Edit, "edit", true),
    ch(Detail, 'd', Msg::Delete, "delete", true),
    key(Detail, Esc, Msg::Back, "close", true),
    ch(Detail, 'q', Msg::Back, "close", false),
    key(Detail, Enter, Msg::Back, "close", false),
    ch(Detail, 'j', Msg::Down, "scroll down", false),
    key(Detail, Down, Msg::Down, "scroll down", false),
    ch(Detail, 'k', Msg::Up, "scroll up", false),
    key(Detail, Up, Msg::Up, "scroll up", false),
    key(Detail, PageDown, Msg::PageDown, "page down", false),
    key(Detail, PageUp, Msg::PageUp, "page up", false),
    ch(Detail, '?', Msg::Help, "help", false),
    ch(Confirm, 'y', Msg::Yes, "yes", true),
    ch(Confirm, 'n', Msg::No, "no", true),
    key(Confirm, Esc, Msg::No, "no", false),
    key(Message, Esc, Msg::Back, "close", true),
    key(Message, Enter, Msg::Back, "close", false),
    ch(Message, 'q', Msg::Back, "close", false),
    ch(Message, 'i', Msg::Back, "close", false),
    key(GuidedSetup, Enter, Msg::Save, "start the session", true),
    ch(GuidedSafety, 'y', Msg::Yes, "yes: skip today", true),
    ch(GuidedSafety, 'n', Msg::No, "no: set up the session", true),
    key(GuidedSafety, Esc, Msg::Back, "cancel", true),
    ch(GuidedSafety, '?', Msg::Help, "help", false),
    ch(
        GuidedAdvice,
        'r',
        Msg::MarkRest,
        "mark this week as a rest week",
        true,
    ),
    key(GuidedAdvice, Esc, Msg::Back, "back, save nothing", true),
    ch(GuidedAdvice, '?', Msg::Help, "help", false),
    ch(GuidedRun, ' ', Msg::PauseResume, "pause / resume", true),
    key(GuidedRun, Right, Msg::SkipStep, "skip this step", true),
    key(GuidedRun, Esc, Msg::Back, "abandon…", true),
    ch(GuidedRun, '?', Msg::Help, "help", true),
    key(GuidedRun, F(1), Msg::Help, "help", false),
    ch(GuidedAbandon, 'y', Msg::Yes, "abandon, save nothing", true),
    ch(
        GuidedAbandon,
        's',
        Msg::SaveSoFar,
        "save what was done",
        true,
    ),
    ch(GuidedAbandon, 'n', Msg::No, "keep going", true),
    key(GuidedAbandon, Esc, Msg::No, "keep going", false),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        let t = bindings();
        for (i, a) in t.iter().enumerate() {
            for bb in &t[i + 1..] {
                assert!(
                    !(a.mode == bb.mode && a.keys == bb.keys),
                    "{:?} {:?} bound twice",
                    a.mode,
                    a.keys
                );
            }
        }
    }

    #[test]
    fn every_mode_has_keys_and_a_hint() {
        let t = bindings();
        for mode in Mode::ALL {
            assert!(
                t.iter().any(|b| b.mode == mode && b.hint),
                "{mode:?} shows nothing in the hint bar"
            );
        }
    }
}
