//! The key map as people read it: the help overlay's rows, the hint bar, the README's table.
//! All of it is generated from the table in force, so it cannot promise a key that does
//! something else.

use std::fmt::Write as _;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

use super::binding::{Binding, Keys};
use super::defaults::bindings;
use super::mode::Mode;
use crate::tui::msg::Msg;

/// How a key is written in help and hints.
pub fn label(keys: Keys) -> String {
    let Keys::One(code, mods) = keys else {
        return "0–9".into();
    };
    let name = match code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "S-Tab".into(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Backspace => "Bksp".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if mods.contains(KeyModifiers::CONTROL) {
        format!("C-{name}")
    } else if mods.contains(KeyModifiers::ALT) {
        format!("Alt-{name}")
    } else {
        name
    }
}

/// Help rows for `modes`: (mode, keys joined with "/", what they do), grouped by action.
pub fn help_rows(table: &[Binding], modes: &[Mode]) -> Vec<(Mode, String, &'static str)> {
    let mut rows: Vec<(Mode, String, &'static str)> = Vec::new();
    for bnd in reachable(table, modes) {
        let m = &bnd.mode;
        let l = label(bnd.keys);
        match rows.iter_mut().find(|(rm, _, h)| rm == m && *h == bnd.help) {
            Some((_, keys, _)) => {
                keys.push('/');
                keys.push_str(&l);
            }
            None => rows.push((*m, l, bnd.help)),
        }
    }
    rows
}

/// The key that means `msg` at the top level, as help writes it (config overrides included).
pub fn key_for(table: &[Binding], msg: &Msg) -> String {
    table
        .iter()
        .find(|b| b.mode == Mode::Global && b.msg == *msg)
        .map_or_else(|| "?".to_string(), |b| label(b.keys))
}

/// The whole key map as a Markdown table (the README embeds it; a test keeps them equal).
pub fn markdown_table() -> String {
    let table = bindings();
    let mut out = String::from("| Where | Keys | Action |\n|---|---|---|\n");
    for mode in Mode::ALL {
        // Keys that do the same thing share a row, as in the help overlay.
        let mut rows: Vec<(Vec<String>, &str)> = Vec::new();
        for b in table.iter().filter(|b| b.mode == mode) {
            let key = format!("`{}`", label(b.keys)).replace('|', "\\|");
            match rows.iter_mut().find(|(_, h)| *h == b.help) {
                Some((keys, _)) => keys.push(key),
                None => rows.push((vec![key], b.help)),
            }
        }
        for (i, (keys, help)) in rows.iter().enumerate() {
            let title = if i == 0 { mode.title() } else { "" };
            // Writing to a String cannot fail.
            let _ = writeln!(out, "| {title} | {} | {help} |", keys.join(" "));
        }
    }
    out
}

/// Hint-bar items for `modes`: (key, what it does), in table order.
pub fn hints(table: &[Binding], modes: &[Mode]) -> Vec<(String, &'static str)> {
    reachable(table, modes)
        .into_iter()
        .filter(|x| x.hint)
        .map(|x| (label(x.keys), x.help))
        .collect()
}

/// The bindings of `modes` in order, leaving out a key an earlier mode already binds: `resolve`
/// gives that key to the earlier mode, so help and hints must not promise the later meaning.
fn reachable<'a>(table: &'a [Binding], modes: &[Mode]) -> Vec<&'a Binding> {
    let mut out: Vec<&Binding> = Vec::new();
    for m in modes {
        let earlier: Vec<Keys> = out.iter().map(|b| b.keys).collect();
        out.extend(
            table
                .iter()
                .filter(|b| b.mode == *m && !earlier.contains(&b.keys)),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::keymap::bindings_with;

    #[test]
    fn help_and_hints_leave_out_keys_an_earlier_mode_takes() {
        let t = bindings();
        let modes = [Mode::GuidedSetup, Mode::Form];
        let h = hints(&t, &modes);
        assert!(
            h.iter()
                .any(|(k, w)| k == "Enter" && *w == "start the session"),
            "{h:?}"
        );
        assert!(!h.iter().any(|(_, w)| *w == "save"), "{h:?}");
        let rows = help_rows(&t, &modes);
        assert!(
            rows.iter()
                .any(|(_, k, w)| k.contains("C-s") && *w == "save"),
            "Ctrl-S still saves"
        );
        assert!(
            !rows
                .iter()
                .any(|(_, k, w)| k.starts_with("Enter") && *w == "save"),
            "{rows:?}"
        );
    }

    #[test]
    fn keys_are_labelled_as_help_writes_them() {
        let one = |c, m| label(Keys::One(c, m));
        assert_eq!(one(KeyCode::Char(' '), KeyModifiers::NONE), "Space");
        assert_eq!(one(KeyCode::Char('s'), KeyModifiers::CONTROL), "C-s");
        assert_eq!(one(KeyCode::Enter, KeyModifiers::ALT), "Alt-Enter");
        assert_eq!(one(KeyCode::BackTab, KeyModifiers::NONE), "S-Tab");
        assert_eq!(one(KeyCode::F(1), KeyModifiers::NONE), "F1");
        assert_eq!(label(Keys::Digits), "0–9");
    }

    #[test]
    fn help_rows_join_the_keys_of_one_action() {
        let rows = help_rows(&bindings(), &[Mode::List]);
        assert!(
            rows.contains(&(Mode::List, "j/↓".to_string(), "down")),
            "{rows:?}"
        );
    }

    #[test]
    fn key_for_follows_the_overrides() {
        let t = bindings_with(&[("log_session".into(), 'a')]).expect("valid");
        assert_eq!(key_for(&t, &Msg::NewSession), "a");
        assert_eq!(key_for(&bindings(), &Msg::NewSession), "n");
        assert_eq!(key_for(&t, &Msg::Save), "?", "no top-level key saves");
    }

    #[test]
    fn the_markdown_table_heads_each_mode_once_and_joins_keys() {
        let md = markdown_table();
        for mode in Mode::ALL {
            let heading = format!("| {} |", mode.title());
            assert_eq!(md.matches(&heading).count(), 1, "{heading}");
        }
        assert!(
            md.contains("| Lists | `j` `↓` | down |\n|  | `k` `↑` | up |\n"),
            "{md}"
        );
    }
}
