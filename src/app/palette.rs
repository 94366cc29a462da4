//! The command palette (`:`): every command of the registry, found by a fuzzy match on its name,
//! doc line or keys, run with Enter in the scope it belongs to (a pane command opens its pane
//! first). Also file-path completion for the prompts that ask for a path.

use super::commands::{Command, Scope, COMMANDS};
use super::{App, Effect, Focus, Overlay};

/// The palette's state: what is typed and the selected match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Palette {
    pub query: String,
    pub cursor: usize,
}

/// The commands the palette offers: all but the popups' own keys (they act inside a popup).
pub fn candidates() -> impl Iterator<Item = &'static Command> {
    COMMANDS.iter().filter(|c| !c.scope.is_popup())
}

/// How well `query` matches `text`: its characters in order (any case), scored higher for
/// matches at word starts and in runs; `None` when they are not all there.
pub fn fuzzy(query: &str, text: &str) -> Option<i64> {
    let q: Vec<char> = query.to_lowercase().chars().filter(|c| *c != ' ').collect();
    if q.is_empty() {
        return Some(0);
    }
    let t: Vec<char> = text.to_lowercase().chars().collect();
    let mut score = 0i64;
    let mut qi = 0;
    let mut last: Option<usize> = None;
    for (i, &c) in t.iter().enumerate() {
        if qi < q.len() && c == q[qi] {
            let word_start = i == 0 || !t[i - 1].is_alphanumeric();
            score += 1;
            if word_start {
                score += 8;
            }
            match last {
                Some(l) if l + 1 == i => score += 5,
                Some(l) => score -= (i - l - 1).min(5) as i64,
                None => score -= i.min(10) as i64,
            }
            last = Some(i);
            qi += 1;
        }
    }
    (qi == q.len()).then_some(score)
}

/// A command's score for `query`: its name counts most, then its keys, then its doc line.
fn score(query: &str, c: &Command) -> Option<i64> {
    let name = fuzzy(query, c.name).map(|s| s + 40);
    let keys = c
        .keys
        .iter()
        .any(|k| k.eq_ignore_ascii_case(query.trim()))
        .then_some(60);
    let doc = fuzzy(query, c.doc);
    [name, keys, doc].into_iter().flatten().max()
}

/// The commands matching `query`, best first (registry order among equals).
pub fn matches(query: &str) -> Vec<&'static Command> {
    let mut found: Vec<(i64, usize, &'static Command)> = candidates()
        .enumerate()
        .filter_map(|(i, c)| score(query, c).map(|s| (s, i, c)))
        .collect();
    found.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    found.into_iter().map(|(_, _, c)| c).collect()
}

/// What the palette offers: a command, or a cleaning step (Enter opens its form).
#[derive(Debug, Clone, Copy)]
pub enum Found {
    Command(&'static Command),
    Step(usize),
}

impl Found {
    pub fn name(&self) -> &'static str {
        match self {
            Found::Command(c) => c.name,
            Found::Step(op) => crate::core::clean::schema::OPS[*op].op,
        }
    }

    pub fn doc(&self) -> &'static str {
        match self {
            Found::Command(c) => c.doc,
            Found::Step(op) => crate::core::clean::schema::OPS[*op].doc,
        }
    }

    /// The keys that run it (`C` then the step for a cleaning step).
    pub fn keys(&self) -> String {
        match self {
            Found::Command(c) => c.keys.join(" "),
            Found::Step(_) => "C …".into(),
        }
    }

    /// Where it belongs, as the palette's third column says.
    pub fn scope(&self) -> &'static str {
        match self {
            Found::Command(c) => match c.scope {
                Scope::Global => "",
                other => other.title(),
            },
            Found::Step(_) => "clean step",
        }
    }
}

/// Everything matching `query`, best first: the commands, and the cleaning steps by their
/// name or what they do (`fill` finds fill_null); registry, then menu, order among equals.
pub fn found(query: &str) -> Vec<Found> {
    let mut all: Vec<(i64, usize, Found)> = candidates()
        .enumerate()
        .filter_map(|(i, c)| score(query, c).map(|s| (s, i, Found::Command(c))))
        .collect();
    let base = all.len() + COMMANDS.len();
    for (i, info) in crate::core::clean::schema::OPS.iter().enumerate() {
        let name = fuzzy(query, info.op).map(|s| s + 40);
        let doc = fuzzy(query, info.doc);
        if let Some(s) = name.into_iter().chain(doc).max() {
            all.push((s, base + i, Found::Step(i)));
        }
    }
    all.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    all.into_iter().map(|(_, _, f)| f).collect()
}

/// The longest common start of `names`.
fn common_prefix(names: &[String]) -> String {
    let Some(first) = names.first() else {
        return String::new();
    };
    let mut end = first.len();
    for n in &names[1..] {
        end = first
            .char_indices()
            .zip(n.chars())
            .take_while(|((_, a), b)| a == b)
            .last()
            .map_or(0, |((i, a), _)| (i + a.len_utf8()).min(end));
    }
    first[..end].to_string()
}

/// Complete a file path as far as it is unambiguous (a folder gets its `/`); `None` when
/// nothing matches.
pub fn complete_path(text: &str) -> Option<String> {
    let (dir, prefix) = match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let read = if dir.is_empty() { "." } else { dir };
    let mut names: Vec<String> = std::fs::read_dir(read)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if !name.starts_with(prefix) || (name.starts_with('.') && !prefix.starts_with('.')) {
                return None;
            }
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            Some(if is_dir { format!("{name}/") } else { name })
        })
        .collect();
    names.sort();
    match names.len() {
        0 => None,
        1 => Some(format!("{dir}{}", names[0])),
        _ => Some(format!("{dir}{}", common_prefix(&names))),
    }
}

impl App {
    /// `:` opens the palette.
    pub(super) fn open_palette(&mut self) {
        self.palette = Palette::default();
        self.overlay = Some(Overlay::Palette);
    }

    /// Typing in the palette: text narrows the list, ↑/↓ (or Ctrl-p/Ctrl-n) move, Enter runs
    /// the selected command, Esc closes.
    /// A registry command of the palette (see `Dialog::Palette`).
    #[must_use]
    pub(super) fn palette_command(&mut self, cmd: super::Cmd) -> Vec<Effect> {
        use super::Cmd;
        let n = found(&self.palette.query).len();
        match cmd {
            Cmd::Quit => return self.command(Cmd::Quit),
            Cmd::Close => self.overlay = None,
            Cmd::ClearText => {
                self.palette.query.clear();
                self.palette.cursor = 0;
            }
            Cmd::Down => {
                self.palette.cursor = (self.palette.cursor + 1).min(n.saturating_sub(1));
            }
            Cmd::Up => {
                self.palette.cursor = self.palette.cursor.saturating_sub(1);
            }
            Cmd::DeleteChar => {
                self.palette.query.pop();
                self.palette.cursor = 0;
            }
            Cmd::Enter => match found(&self.palette.query).get(self.palette.cursor) {
                Some(Found::Command(c)) => return self.run_command(c),
                Some(Found::Step(op)) => {
                    self.overlay = None;
                    self.open_form(*op, None);
                }
                None => {}
            },
            _ => {}
        }
        Vec::new()
    }

    /// Run a registry command as if its key were pressed where it belongs.
    #[must_use]
    pub fn run_command(&mut self, c: &Command) -> Vec<Effect> {
        self.overlay = None;
        match c.scope {
            Scope::Global => self.command(c.cmd),
            Scope::Table => {
                self.focus = Focus::Table;
                self.command(c.cmd)
            }
            Scope::Columns => {
                self.focus = Focus::Columns;
                self.command(c.cmd)
            }
            Scope::Pane(kind) => {
                let mut effects = Vec::new();
                if self.inspector.as_ref().map(|i| i.kind) != Some(kind) {
                    effects = self.pane_command(kind);
                    // The pane asked for something first (a column, a file): that prompt.
                    if self.overlay.is_some() || self.inspector.is_none() {
                        return effects;
                    }
                }
                self.focus = Focus::Inspector;
                effects.extend(self.command(c.cmd));
                effects
            }
            Scope::Popup | Scope::Dialog(_) => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_matches_in_order_and_prefers_word_starts() {
        assert!(fuzzy("trn", "train").is_some());
        assert!(fuzzy("tnr", "train").is_none());
        // Letters at word starts beat the same letters inside a word.
        assert!(fuzzy("sm", "save-model").unwrap() > fuzzy("sm", "cosmos").unwrap());
        assert!(fuzzy("save", "save-model").unwrap() > fuzzy("save", "xsxaxvxe").unwrap());
        assert_eq!(fuzzy("", "anything"), Some(0));
        // Names beat doc lines: "corr" finds the correlations pane first.
        assert_eq!(matches("corr")[0].name, "correlations");
        assert_eq!(matches("drift")[0].name, "drift");
        // A key typed exactly finds its command.
        assert_eq!(matches("T")[0].name, "train");
        // Cleaning steps by name or by what they do.
        assert_eq!(found("fill")[0].name(), "fill_null");
        assert_eq!(found("one hot")[0].name(), "one_hot");
        assert_eq!(found("log")[0].name(), "log_transform");
    }

    #[test]
    fn common_prefixes() {
        assert_eq!(
            common_prefix(&["penguins.csv".into(), "penguins_messy.csv".into()]),
            "penguins"
        );
        assert_eq!(common_prefix(&["a".into(), "b".into()]), "");
    }
}
