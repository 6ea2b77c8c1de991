//! Keys are data: one table of (mode, key) → Msg. Behaviour, the help overlay and the hint bar
//! all read this table, so they cannot disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::msg::Msg;
use super::state::{AppState, Overlay, Screen};

/// A set of keys that behave alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Top level, any screen.
    Global,
    /// The dashboard.
    Dashboard,
    /// The History and Sleep tables.
    List,
    /// The Insights screen.
    Insights,
    /// The Guide screen.
    Guide,
    /// Typing a list filter.
    Filter,
    /// Any open form.
    Form,
    /// A form field that is not text (ratings, choices, toggles).
    FormValue,
    /// A multi-line text field (the note): Enter still saves the form.
    FormNote,
    /// A date field (when, night) whose value is still selected: + and - move it a day.
    FormDate,
    /// The help overlay.
    Help,
    /// A record shown whole.
    Detail,
    /// A y/n question.
    Confirm,
    /// A message shown whole.
    Message,
    /// Guided session: its set-up form (Enter starts rather than saves).
    GuidedSetup,
    /// Guided session: the safety check.
    GuidedSafety,
    /// Guided session: advice to skip today.
    GuidedAdvice,
    /// Guided session: the steps are running.
    GuidedRun,
    /// Guided session: abandon it?
    GuidedAbandon,
}

impl Mode {
    /// Every mode, in the order the README's key map lists them.
    pub const ALL: [Mode; 19] = [
        Mode::Global,
        Mode::Dashboard,
        Mode::List,
        Mode::Filter,
        Mode::Detail,
        Mode::Insights,
        Mode::Guide,
        Mode::Form,
        Mode::FormValue,
        Mode::FormNote,
        Mode::FormDate,
        Mode::Confirm,
        Mode::Message,
        Mode::Help,
        Mode::GuidedSafety,
        Mode::GuidedSetup,
        Mode::GuidedAdvice,
        Mode::GuidedRun,
        Mode::GuidedAbandon,
    ];

    /// The heading used in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Mode::Global => "Everywhere",
            Mode::Dashboard => "Dashboard",
            Mode::List => "Lists",
            Mode::Insights => "Insights",
            Mode::Guide => "Guide",
            Mode::Filter => "Filter",
            Mode::Form => "Form",
            Mode::FormValue => "Ratings, choices and areas",
            Mode::FormNote => "Note",
            Mode::FormDate => "When and Night, as opened",
            Mode::Help => "Help",
            Mode::Detail => "Record",
            Mode::Confirm => "Question",
            Mode::Message => "Message",
            Mode::GuidedSafety => "Safety check",
            Mode::GuidedSetup => "Guided set-up",
            Mode::GuidedAdvice => "Skip today",
            Mode::GuidedRun => "Guided session",
            Mode::GuidedAbandon => "Abandon the session?",
        }
    }
}

/// Which keys a binding matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// One key with exactly these modifiers (Shift is ignored for characters).
    One(KeyCode, KeyModifiers),
    /// Any digit 0–9; the Msg receives the digit.
    Digits,
}

/// One row of the key map.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// Where it applies.
    pub mode: Mode,
    /// What is pressed.
    pub keys: Keys,
    /// What it means.
    pub msg: Msg,
    /// What it does, for help and hints.
    pub help: &'static str,
    /// Shown in the hint bar.
    pub hint: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

fn b(
    mode: Mode,
    code: KeyCode,
    mods: KeyModifiers,
    msg: Msg,
    help: &'static str,
    hint: bool,
) -> Binding {
    Binding {
        mode,
        keys: Keys::One(code, mods),
        msg,
        help,
        hint,
    }
}

fn ch(mode: Mode, c: char, msg: Msg, help: &'static str, hint: bool) -> Binding {
    b(mode, KeyCode::Char(c), NONE, msg, help, hint)
}

fn key(mode: Mode, code: KeyCode, msg: Msg, help: &'static str, hint: bool) -> Binding {
    b(mode, code, NONE, msg, help, hint)
}

/// The default key map.
pub fn bindings() -> Vec<Binding> {
    use KeyCode::*;
    use Mode::*;
    vec![
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
        ch(Dashboard, 'g', Msg::Goals, "goal and rest weeks", true),
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
    ]
}

/// The modes in force, most specific first.
pub fn modes(state: &AppState) -> Vec<Mode> {
    match state.overlays.last() {
        Some(Overlay::Help) => return vec![Mode::Help],
        Some(Overlay::Confirm(_)) => return vec![Mode::Confirm],
        Some(Overlay::Detail(_)) => return vec![Mode::Detail],
        Some(Overlay::Message(_)) => return vec![Mode::Message],
        None => {}
    }
    if let Some(m) = state.guided.as_ref().and_then(super::guided::modes) {
        return m;
    }
    if let Some(form) = &state.form {
        let mut modes = match form.focused() {
            Some(f) if f.is_note() => vec![Mode::FormNote, Mode::Form],
            Some(f) if f.is_date() && f.is_selected() => vec![Mode::FormDate, Mode::Form],
            Some(f) if f.is_text() => vec![Mode::Form],
            _ => vec![Mode::Form, Mode::FormValue],
        };
        if form.kind() == super::form::FormKind::GuidedSetup {
            modes.insert(0, Mode::GuidedSetup);
        }
        return modes;
    }
    match state.screen {
        Screen::Dashboard => vec![Mode::Dashboard, Mode::Global],
        Screen::Insights => vec![Mode::Insights, Mode::Global],
        Screen::Guide => vec![Mode::Guide, Mode::Global],
        Screen::History | Screen::Sleep => {
            let list = match state.screen {
                Screen::History => &state.history,
                _ => &state.sleep,
            };
            if list.filtering {
                vec![Mode::Filter]
            } else {
                vec![Mode::List, Mode::Global]
            }
        }
    }
}

fn normalise(k: KeyEvent) -> (KeyCode, KeyModifiers) {
    let mut mods = k.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
    if matches!(k.code, KeyCode::Char(_) | KeyCode::BackTab) {
        mods.remove(KeyModifiers::SHIFT);
    }
    (k.code, mods)
}

/// The Msg a key means in `modes`, if any.
pub fn resolve(table: &[Binding], modes: &[Mode], k: KeyEvent) -> Option<Msg> {
    let (code, mods) = normalise(k);
    modes.iter().find_map(|m| {
        table
            .iter()
            .filter(|b| b.mode == *m)
            .find_map(|b| match b.keys {
                Keys::One(c, md) if c == code && md == mods => Some(b.msg.clone()),
                Keys::Digits if mods.is_empty() => match code {
                    KeyCode::Char(c) => c
                        .to_digit(10)
                        .and_then(|d| u8::try_from(d).ok())
                        .map(Msg::Digit),
                    _ => None,
                },
                _ => None,
            })
    })
}

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
    let top = [
        Mode::Global,
        Mode::Dashboard,
        Mode::List,
        Mode::Insights,
        Mode::Guide,
    ];
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
        let new = Keys::One(KeyCode::Char(*c), NONE);
        if let Some(other) = table
            .iter()
            .find(|b| top.contains(&b.mode) && b.keys == new && b.msg != msg)
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
                    && matches!(b.keys, Keys::One(KeyCode::Char(_), m) if m == NONE)
            })
            .ok_or_else(|| format!("keys.{name} cannot be changed"))?;
        b.keys = new;
    }
    Ok(table)
}

/// Help rows for `modes`: (mode, keys joined with "/", what they do), grouped by action.
pub fn help_rows(table: &[Binding], modes: &[Mode]) -> Vec<(Mode, String, &'static str)> {
    let mut rows: Vec<(Mode, String, &'static str)> = Vec::new();
    for bnd in reachable(table, modes) {
        let m = &bnd.mode;
        {
            let l = label(bnd.keys);
            match rows.iter_mut().find(|(rm, _, h)| rm == m && *h == bnd.help) {
                Some((_, keys, _)) => {
                    keys.push('/');
                    keys.push_str(&l);
                }
                None => rows.push((*m, l, bnd.help)),
            }
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
            out.push_str(&format!("| {title} | {} | {help} |\n", keys.join(" ")));
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

    fn press(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

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
    fn shift_is_ignored_for_characters() {
        let t = bindings();
        let k = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(resolve(&t, &[Mode::List], k), Some(Msg::Bottom));
        let d = KeyEvent::new(KeyCode::Char('7'), KeyModifiers::NONE);
        assert_eq!(resolve(&t, &[Mode::FormValue], d), Some(Msg::Digit(7)));
    }
}
