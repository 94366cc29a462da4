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

/// The command bound to `key` in `scope`. Popups take only their own keys (and Ctrl-c); panes
/// fall back on the global bindings.
pub fn lookup(scope: Scope, key: Key) -> Option<Cmd> {
    let find = |s: Scope| {
        COMMANDS
            .iter()
            .filter(|c| c.scope == s)
            .find(|c| c.keys.iter().any(|k| parse_key(k) == Some(key)))
            .map(|c| c.cmd)
    };
    if scope == Scope::Popup {
        let ctrl_c = Key {
            code: KeyCode::Char('c'),
            ctrl: true,
        };
        return find(Scope::Popup).or((key == ctrl_c).then_some(Cmd::Quit));
    }
    find(scope).or_else(|| find(Scope::Global))
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
        let q = parse_key("q").unwrap();
        assert_eq!(lookup(Scope::Table, q), Some(Cmd::Quit));
        assert_eq!(lookup(Scope::Popup, q), Some(Cmd::Close));
        assert_eq!(
            lookup(Scope::Columns, parse_key("Enter").unwrap()),
            Some(Cmd::Enter)
        );
        assert_eq!(lookup(Scope::Table, parse_key("z").unwrap()), None);
        // A pane key of its own wins over a global one; others fall through.
        let p = Scope::Pane(crate::app::PaneKind::Frequencies);
        assert_eq!(lookup(p, parse_key("s").unwrap()), Some(Cmd::Order));
        assert_eq!(
            lookup(p, parse_key("c").unwrap()),
            Some(Cmd::Pane(crate::app::PaneKind::Correlations))
        );
    }
}
