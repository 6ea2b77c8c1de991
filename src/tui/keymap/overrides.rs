//! The config's `[keys]` table: which top-level actions may move, and moving them.

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::binding::{Binding, Keys};
use super::defaults::bindings;
use super::mode::Mode;
use crate::tui::msg::Msg;

/// Top-level actions whose key the config's `[keys]` table can change: (name, what it does).
pub const ACTIONS: &[(&str, &str)] = &[
    ("log_session", "log a session"),
    ("sleep_note", "sleep note"),
    ("goals", "goal and rest weeks"),
    ("undo", "undo the last change"),
    ("health", "health profile"),
    ("guided", "guided session"),
    ("help", "help"),
    ("quit", "quit"),
];

/// The modes whose keys are all in reach at the top level: a moved key must not clash there.
const TOP: [Mode; 5] = [
    Mode::Global,
    Mode::Dashboard,
    Mode::List,
    Mode::Insights,
    Mode::Guide,
];

fn action_msg(name: &str) -> Option<Msg> {
    Some(match name {
        "log_session" => Msg::NewSession,
        "sleep_note" => Msg::NewSleep,
        "goals" => Msg::Goals,
        "undo" => Msg::Undo,
        "health" => Msg::Health,
        "guided" => Msg::Guided,
        "help" => Msg::Help,
        "quit" => Msg::Quit,
        _ => return None,
    })
}

/// The key map with the config's overrides: each `(action, key)` moves that top-level action's
/// letter key to `key` (other keys for it, such as F1 or Ctrl-C, stay). A key that another
/// top-level binding, a screen's key or a digit already uses is refused, naming it.
pub fn bindings_with(overrides: &[(String, char)]) -> Result<Vec<Binding>, String> {
    let mut table = bindings();
    for (name, c) in overrides {
        let msg = action_msg(name).ok_or_else(|| {
            let names: Vec<&str> = ACTIONS.iter().map(|(n, _)| *n).collect();
            format!(
                "keys.{name} is not an action; actions are {}",
                names.join(", ")
            )
        })?;
        if c.is_ascii_digit() || c.is_whitespace() || c.is_control() {
            return Err(format!(
                "keys.{name} = {c:?}: digits, spaces and control keys are taken"
            ));
        }
        let new = Keys::One(KeyCode::Char(*c), KeyModifiers::NONE);
        if let Some(other) = table
            .iter()
            .find(|b| TOP.contains(&b.mode) && b.keys == new && b.msg != msg)
        {
            return Err(format!(
                "keys.{name} = {c:?}: that key already means {:?} ({})",
                other.help,
                other.mode.title()
            ));
        }
        let b = table
            .iter_mut()
            .find(|b| {
                b.mode == Mode::Global
                    && b.msg == msg
                    && matches!(b.keys, Keys::One(KeyCode::Char(_), m) if m == KeyModifiers::NONE)
            })
            .ok_or_else(|| format!("keys.{name} cannot be changed"))?;
        b.keys = new;
    }
    Ok(table)
}

#[cfg(test)]
mod tests {
    use ratatui::crossterm::event::KeyEvent;

    use super::*;
    use crate::tui::keymap::{hints, resolve};

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn overrides_move_an_action_to_another_key() {
        let t = bindings_with(&[("log_session".into(), 'a'), ("quit".into(), 'x')]).expect("valid");
        assert_eq!(
            resolve(&t, &[Mode::Global], press('a')),
            Some(Msg::NewSession)
        );
        assert_eq!(resolve(&t, &[Mode::Global], press('n')), None);
        assert_eq!(resolve(&t, &[Mode::Global], press('x')), Some(Msg::Quit));
        // Ctrl-C still quits.
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(resolve(&t, &[Mode::Global], ctrl_c), Some(Msg::Quit));
        assert!(
            hints(&t, &[Mode::Global])
                .iter()
                .any(|(k, h)| k == "a" && *h == "log a session")
        );
    }

    #[test]
    fn overrides_that_clash_or_name_nothing_are_refused() {
        let err = |o: &[(&str, char)]| {
            let o: Vec<(String, char)> = o.iter().map(|(n, c)| ((*n).to_string(), *c)).collect();
            bindings_with(&o).expect_err("refused")
        };
        assert!(err(&[("log_session", 's')]).contains("sleep note"));
        assert!(err(&[("log_session", 'j')]).contains("Lists"));
        assert!(err(&[("log_session", '4')]).contains("digits"));
        assert!(err(&[("fly", 'z')]).contains("log_session"));
        assert_eq!(bindings_with(&[]).expect("no overrides"), bindings());
    }

    #[test]
    fn every_action_names_a_movable_top_level_key() {
        for (name, help) in ACTIONS {
            let msg = action_msg(name).expect("an action");
            let row = bindings()
                .into_iter()
                .find(|b| b.mode == Mode::Global && b.msg == msg)
                .expect("bound at the top level");
            assert_eq!(row.help, *help, "{name}");
        }
    }
}
