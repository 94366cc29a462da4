//! Keys to commands. The bindings are data taken from the command registry, so help, hints and
//! the README always describe the keys that really work.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Cmd;
use super::commands::{Scope, COMMANDS};

/// A key as the registry writes it: `j`, `G`, `?`, `Enter`, `PageDown`, `Ctrl-f`, `Shift-Tab`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

/// Read the registry notation; `None` for a name it does not know.
pub fn parse_key(spec: &str) -> Option<Key> {
    let (ctrl, rest) = match spec.strip_prefix("Ctrl-") {
        Some(r) => (true, r),
        None => (false, spec),
    };
    let code = match rest {
        "Enter" => KeyCode::Enter,
        "Esc" => KeyCode::Esc,
        "Tab" => KeyCode::Tab,
        "Shift-Tab" => KeyCode::BackTab,
        "Up" => KeyCode::Up,
        "Down" => KeyCode::Down,
        "Left" => KeyCode::Left,
        "Right" => KeyCode::Right,
        "PageUp" => KeyCode::PageUp,
        "PageDown" => KeyCode::PageDown,
        "Home" => KeyCode::Home,
        "End" => KeyCode::End,
        "Backspace" => KeyCode::Backspace,
        "lt" => KeyCode::Char('<'),
        s if s.chars().count() == 1 => KeyCode::Char(s.chars().next()?),
        _ => return None,
    };
    Some(Key { code, ctrl })
}

/// Normalise a terminal key event: Shift is part of the character for printable keys.
pub fn key_of(ev: &KeyEvent) -> Key {
    Key {
        code: ev.code,
        ctrl: ev.modifiers.contains(KeyModifiers::CONTROL),
    }
}

/// What a key (or the keys typed so far) means in a scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Run(Cmd),
    /// The start of a longer sequence: wait for the next key.
    Wait,
    None,
}

/// One command's keys in one scope.
#[derive(Debug, Clone, PartialEq)]
struct Entry {
    scope: Scope,
    cmd: Cmd,
    name: &'static str,
    sequences: Vec<Vec<Key>>,
    shown: Vec<String>,
}

/// The bindings in force: the registry's keys, with the config file's bindings in their place.
#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    entries: Vec<Entry>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap {
            entries: COMMANDS
                .iter()
                .map(|c| Entry {
                    scope: c.scope,
                    cmd: c.cmd,
                    name: c.name,
                    sequences: c
                        .keys
                        .iter()
                        .filter_map(|k| parse_key(k))
                        .map(|k| vec![k])
                        .collect(),
                    shown: c.keys.iter().map(|k| k.to_string()).collect(),
                })
                .collect(),
        }
    }
}

fn clash(a: &[Key], b: &[Key]) -> bool {
    let n = a.len().min(b.len());
    a[..n] == b[..n]
}

impl Keymap {
    /// The defaults with `bindings` merged over them; a binding that clashes with another key
    /// of its pane (the same keys, or one sequence starting another) is left out, and said.
    pub fn with(bindings: &[super::config::Binding], file: &str) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for b in bindings {
            let mut trial = map.clone();
            if let Some(e) = trial
                .entries
                .iter_mut()
                .find(|e| e.scope == b.scope && e.name == b.name)
            {
                e.sequences = b.sequences.clone();
                e.shown = b
                    .sequences
                    .iter()
                    .map(|s| s.iter().map(key_name).collect::<Vec<_>>().join(" "))
                    .collect();
            }
            let other = trial.entries.iter().find(|e| {
                e.scope == b.scope
                    && e.name != b.name
                    && e.sequences
                        .iter()
                        .any(|s| b.sequences.iter().any(|t| clash(s, t)))
            });
            match other {
                Some(o) => problems.push(format!(
                    "{file}:{}: `{}` = {:?} clashes with `{}` ({}) in [keys.{}]; ignored",
                    b.line,
                    b.name,
                    b.sequences
                        .iter()
                        .map(|s| s.iter().map(key_name).collect::<Vec<_>>().join(" "))
                        .collect::<Vec<_>>()
                        .join(", "),
                    o.name,
                    o.shown.join(", "),
                    super::config::scope_name(b.scope)
                )),
                None => map = trial,
            }
        }
        (map, problems)
    }

    /// What `keys` (typed one after another) mean in `scope`. Popups take only their own keys
    /// (and Ctrl-c); panes fall back on the global bindings.
    pub fn lookup(&self, scope: Scope, keys: &[Key]) -> Lookup {
        let exact = |s: Scope| {
            self.entries
                .iter()
                .filter(|e| e.scope == s)
                .find(|e| e.sequences.iter().any(|q| q == keys))
                .map(|e| e.cmd)
        };
        let longer = |s: Scope| {
            self.entries.iter().filter(|e| e.scope == s).any(|e| {
                e.sequences
                    .iter()
                    .any(|q| q.len() > keys.len() && q[..keys.len()] == *keys)
            })
        };
        if scope.is_popup() {
            let ctrl_c = [Key {
                code: KeyCode::Char('c'),
                ctrl: true,
            }];
            return match exact(scope) {
                Some(c) => Lookup::Run(c),
                None if keys == ctrl_c => Lookup::Run(Cmd::Quit),
                None => Lookup::None,
            };
        }
        if let Some(c) = exact(scope) {
            return Lookup::Run(c);
        }
        if longer(scope) {
            return Lookup::Wait;
        }
        match exact(Scope::Global) {
            Some(c) => Lookup::Run(c),
            None if longer(Scope::Global) => Lookup::Wait,
            None => Lookup::None,
        }
    }

    /// The keys of command `name` in `scope`, as written (for help).
    pub fn keys_of(&self, scope: Scope, name: &str) -> Vec<String> {
        self.entries
            .iter()
            .find(|e| e.scope == scope && e.name == name)
            .map(|e| e.shown.clone())
            .unwrap_or_default()
    }
}

/// A key in the registry's notation.
pub fn key_name(k: &Key) -> String {
    let base = match k.code {
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PageUp".into(),
        KeyCode::PageDown => "PageDown".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Char(c) => c.to_string(),
        _ => "?".into(),
    };
    if k.ctrl {
        format!("Ctrl-{base}")
    } else {
        base
    }
}

/// Turn a string of keys as a user types them into `Key`s: plain characters, and `<Name>` for a
/// named key (`<Down>`, `<Ctrl-f>`, `<Enter>`, `<lt>` for `<` itself). Used by tests that read like a tutorial.
pub fn parse_keys(s: &str) -> Vec<Key> {
    let mut keys = Vec::new();
    let mut chars = s.chars();
    while let Some(ch) = chars.next() {
        if ch == '<' {
            let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
            keys.push(parse_key(&name).unwrap_or_else(|| panic!("unknown key <{name}>")));
        } else {
            keys.push(Key {
                code: KeyCode::Char(ch),
                ctrl: false,
            });
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registry_key_parses() {
        for c in COMMANDS {
            for k in c.keys {
                assert!(parse_key(k).is_some(), "{k} in {}", c.name);
            }
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_scope() {
        for (i, a) in COMMANDS.iter().enumerate() {
            for b in &COMMANDS[i + 1..] {
                if a.scope == b.scope {
                    for k in a.keys {
                        assert!(
                            !b.keys.contains(k),
                            "{k} bound to {} and {}",
                            a.name,
                            b.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn panes_fall_back_on_global_keys() {
        let map = Keymap::default();
        let lookup = |scope: Scope, key: Key| match map.lookup(scope, &[key]) {
            Lookup::Run(c) => Some(c),
            _ => None,
        };
        let q = parse_key("q").unwrap();
        assert_eq!(lookup(Scope::Table, q), Some(Cmd::Quit));
        assert_eq!(lookup(Scope::Popup, q), Some(Cmd::Close));
        assert_eq!(
            lookup(Scope::Columns, parse_key("Enter").unwrap()),
            Some(Cmd::Enter)
        );
        assert_eq!(lookup(Scope::Table, parse_key("Z").unwrap()), None);
        // Ctrl-c quits from a popup too.
        assert_eq!(
            lookup(Scope::Popup, parse_key("Ctrl-c").unwrap()),
            Some(Cmd::Quit)
        );
        // A pane key of its own wins over a global one; others fall through.
        let p = Scope::Pane(crate::app::PaneKind::Frequencies);
        assert_eq!(lookup(p, parse_key("s").unwrap()), Some(Cmd::Order));
        assert_eq!(
            lookup(p, parse_key("c").unwrap()),
            Some(Cmd::Pane(crate::app::PaneKind::Correlations))
        );
    }
}
