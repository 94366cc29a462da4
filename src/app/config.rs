//! The config file (TOML): theme, default null spellings, training defaults, histogram bins, and
//! key bindings merged over the registry's per pane, with multi-key sequences. A bad config never
//! stops lathe: what cannot be used is listed (file, line, why) and the defaults stand.
//!
//! Where it is read from: `--config PATH`, else `$LATHE_CONFIG`, else
//! `$XDG_CONFIG_HOME/lathe/config.toml`, else `~/.config/lathe/config.toml`. A missing file at
//! the default place is no problem; a missing file named on purpose is reported.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::commands::{Dialog, Scope, COMMANDS};
use super::inspector::PaneKind;
use super::keymap::{parse_key, Key};
use super::ThemeName;
use crate::app::action::Cmd;

/// Settings from the config file, each `None` when not set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    pub theme: Option<ThemeName>,
    pub null_values: Option<Vec<String>>,
    pub seed: Option<u64>,
    pub split: Option<f64>,
    pub folds: Option<usize>,
    pub bins: Option<usize>,
    /// Bindings that replace a command's default keys in a scope.
    pub keys: Vec<Binding>,
    /// What was ignored, and why: `file:line: message`.
    pub problems: Vec<String>,
    /// The file read, if any.
    pub file: Option<PathBuf>,
}

/// One user binding: in `scope`, `cmd` is bound to these key sequences.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub scope: Scope,
    pub cmd: Cmd,
    pub name: &'static str,
    pub sequences: Vec<Vec<Key>>,
    /// Line in the file, for messages.
    pub line: usize,
}

/// The name of a scope in the config file.
pub fn scope_name(s: Scope) -> &'static str {
    match s {
        Scope::Global => "global",
        Scope::Table => "table",
        Scope::Columns => "columns",
        Scope::Popup => "popup",
        Scope::Dialog(d) => match d {
            Dialog::Prompt => "prompt",
            Dialog::Palette => "palette",
            Dialog::Menu => "clean-menu",
            Dialog::StepForm => "step-form",
            Dialog::TrainForm => "train-form",
            Dialog::Confirm => "confirm",
            Dialog::Tables => "tables",
        },
        Scope::Pane(k) => match k {
            PaneKind::Profile => "profile",
            PaneKind::Frequencies => "frequencies",
            PaneKind::Correlations => "correlations",
            PaneKind::Scatter => "scatter",
            PaneKind::Groups => "groups",
            PaneKind::Warnings => "warnings",
            PaneKind::Recipe => "recipe",
            PaneKind::Model => "model",
            PaneKind::Drift => "drift",
        },
    }
}

fn scopes() -> Vec<Scope> {
    let mut out: Vec<Scope> = Vec::new();
    for c in COMMANDS {
        if !out.contains(&c.scope) {
            out.push(c.scope);
        }
    }
    out
}

/// Where the config is read from when no `--config` is given.
pub fn default_path(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(p) = env("LATHE_CONFIG").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    if let Some(x) = env("XDG_CONFIG_HOME").filter(|p| !p.is_empty()) {
        return Some(Path::new(&x).join("lathe").join("config.toml"));
    }
    env("HOME").map(|h| {
        Path::new(&h)
            .join(".config")
            .join("lathe")
            .join("config.toml")
    })
}

/// Where each key of the config text is set: one pass over the text, so that reporting many
/// problems stays linear (a file of 50,000 unknown entries took over 20 s when each problem
/// searched the text again).
struct Lines(HashMap<(Option<String>, String), usize>);

impl Lines {
    fn index(text: &str) -> Lines {
        let mut map = HashMap::new();
        let mut section: Option<String> = None;
        for (i, line) in text.lines().enumerate() {
            let t = line.trim();
            if let Some(header) = t.strip_prefix('[') {
                let header = header.trim_start_matches('[');
                let header = header.split(']').next().unwrap_or("");
                let parts: Vec<String> = header
                    .split('.')
                    .map(|p| p.trim().trim_matches('"').to_string())
                    .collect();
                // `[a.b.c]` sets `c` in `a.b`, and opens `a` and `a.b` if nothing did before.
                for n in 1..=parts.len() {
                    let parent = (n > 1).then(|| parts[..n - 1].join("."));
                    map.entry((parent, parts[n - 1].clone())).or_insert(i + 1);
                }
                section = Some(parts.join("."));
                continue;
            }
            if t.starts_with('#') || !t.contains('=') {
                continue;
            }
            let key = t.split('=').next().unwrap_or("").trim().trim_matches('"');
            map.entry((section.clone(), key.to_string()))
                .or_insert(i + 1);
        }
        Lines(map)
    }

    /// The line (1-based) where `key` is set in `section` (None: the top level), or where its
    /// table `[section.key]` starts; 1 when it cannot be found.
    fn of(&self, section: Option<&str>, key: &str) -> usize {
        self.0
            .get(&(section.map(str::to_string), key.to_string()))
            .copied()
            .unwrap_or(1)
    }
}

/// Read the config at `path`; `named` says the user named it (a missing file is then reported).
pub fn load(path: &Path, named: bool) -> Config {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let mut c = parse(&text, &path.display().to_string());
            c.file = Some(path.to_path_buf());
            c
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !named => Config::default(),
        Err(e) => Config {
            problems: vec![format!(
                "{}: cannot read the config ({e}); using the defaults",
                path.display()
            )],
            ..Config::default()
        },
    }
}

/// Read config text; `file` names it in messages.
pub fn parse(text: &str, file: &str) -> Config {
    let mut c = Config::default();
    let table: toml::Table = match text.parse() {
        Ok(t) => t,
        Err(e) => {
            let line = e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].lines().count().max(1)
            });
            c.problems.push(format!(
                "{file}:{line}: not valid TOML ({}); using the defaults",
                e.message().replace('\n', " ")
            ));
            return c;
        }
    };
    let lines = Lines::index(text);
    let mut problem = |section: Option<&str>, key: &str, why: String| {
        let line = lines.of(section, key);
        c.problems
            .push(format!("{file}:{line}: `{key}` {why}; ignored"));
    };
    let mut out = Config::default();
    for (key, value) in &table {
        match (key.as_str(), value) {
            ("theme", toml::Value::String(s)) => match ThemeName::parse(s) {
                Ok(t) => out.theme = Some(t),
                Err(e) => problem(None, key, format!("is not a theme ({e})")),
            },
            ("null_values", toml::Value::Array(a)) => {
                let list: Option<Vec<String>> =
                    a.iter().map(|v| v.as_str().map(str::to_string)).collect();
                match list {
                    Some(l) => out.null_values = Some(l),
                    None => problem(None, key, "must be a list of strings".into()),
                }
            }
            ("seed", toml::Value::Integer(n)) if *n >= 0 => out.seed = Some(*n as u64),
            ("split", toml::Value::Float(x)) if 0.0 < *x && *x < 1.0 => out.split = Some(*x),
            ("folds", toml::Value::Integer(n)) if (2..=100).contains(n) => {
                out.folds = Some(*n as usize)
            }
            ("bins", toml::Value::Integer(n)) if (0..=200).contains(n) => {
                out.bins = (*n > 0).then_some(*n as usize)
            }
            ("seed", _) => problem(None, key, "must be a whole number 0 or more".into()),
            ("split", _) => problem(
                None,
                key,
                "must be a share between 0 and 1, e.g. 0.8".into(),
            ),
            ("folds", _) => problem(None, key, "must be a whole number from 2 to 100".into()),
            ("bins", _) => problem(None, key, "must be 0 (automatic) to 200".into()),
            ("theme", _) => problem(None, key, "must be \"dark\" or \"light\"".into()),
            ("null_values", _) => problem(None, key, "must be a list of strings".into()),
            ("keys", toml::Value::Table(sections)) => {
                for (scope_key, bindings) in sections {
                    let section = format!("keys.{scope_key}");
                    let Some(scope) = scopes().into_iter().find(|s| scope_name(*s) == scope_key)
                    else {
                        let known: Vec<&str> = scopes().into_iter().map(scope_name).collect();
                        problem(
                            Some("keys"),
                            scope_key,
                            format!("is not a pane (known: {})", known.join(", ")),
                        );
                        continue;
                    };
                    let Some(bindings) = bindings.as_table() else {
                        problem(
                            Some("keys"),
                            scope_key,
                            "must be a table of bindings".into(),
                        );
                        continue;
                    };
                    for (name, keys) in bindings {
                        let Some(cmd) =
                            COMMANDS.iter().find(|c| c.scope == scope && c.name == name)
                        else {
                            problem(
                                Some(&section),
                                name,
                                format!("is not a command of the {scope_key} pane"),
                            );
                            continue;
                        };
                        // An empty list unbinds the command in this pane.
                        let texts: Vec<&str> = match keys {
                            toml::Value::String(s) => vec![s.as_str()],
                            toml::Value::Array(a) if a.iter().all(|v| v.is_str()) => {
                                a.iter().filter_map(|v| v.as_str()).collect()
                            }
                            _ => {
                                problem(
                                    Some(&section),
                                    name,
                                    "must be a key, a sequence (\"g g\") or a list of them".into(),
                                );
                                continue;
                            }
                        };
                        let mut sequences = Vec::new();
                        let mut bad = None;
                        for t in &texts {
                            let seq: Option<Vec<Key>> =
                                t.split_whitespace().map(parse_key).collect();
                            match seq {
                                Some(s) if !s.is_empty() => sequences.push(s),
                                _ => bad = Some(t.to_string()),
                            }
                        }
                        if let Some(b) = bad {
                            problem(
                                Some(&section),
                                name,
                                format!(
                                    "has a key lathe does not know ({b:?}); write keys as j, G, \
                                     Enter, Ctrl-f, PageDown, and a sequence as \"g g\""
                                ),
                            );
                            continue;
                        }
                        out.keys.push(Binding {
                            scope,
                            cmd: cmd.cmd,
                            name: cmd.name,
                            sequences,
                            line: lines.of(Some(&section), name),
                        });
                    }
                }
            }
            _ => problem(None, key, "is not a setting lathe knows".into()),
        }
    }
    // In the order of the file.
    let line = |p: &String| -> usize {
        p.strip_prefix(file)
            .and_then(|r| r.strip_prefix(':'))
            .and_then(|r| r.split(':').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    c.problems.sort_by_key(line);
    out.problems = c.problems;
    out
}

/// The full default config, with comments: what `lathe config --print-default` writes.
pub fn default_text() -> String {
    let mut out = String::from(
        "# lathe configuration. Every setting is optional; lines starting with # are comments.\n\
         # Read from --config PATH, $LATHE_CONFIG, $XDG_CONFIG_HOME/lathe/config.toml or\n\
         # ~/.config/lathe/config.toml. A setting lathe cannot use is reported and ignored.\n\n\
         # Colours: \"dark\" or \"light\" (NO_COLOR, when set, turns colour off).\n\
         theme = \"dark\"\n\n\
         # Cell texts read as missing (replaced by --null-values).\n",
    );
    out.push_str(&format!(
        "null_values = [{}]\n\n",
        crate::core::data::source::DEFAULT_NULL_VALUES
            .iter()
            .map(|v| format!("{v:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str(
        "# Training defaults: the seed, the hold-out share, the cross-validation folds.\n\
         seed = 42\nsplit = 0.8\nfolds = 5\n\n\
         # Histogram bins: 0 picks them (Freedman-Diaconis, or Sturges).\n\
         bins = 0\n\n\
         # Key bindings, per pane: a command's keys here replace its default keys in that pane.\n\
         # A value is a key (\"j\", \"G\", \"Enter\", \"Ctrl-f\", \"PageDown\"), a sequence of keys\n\
         # separated by spaces (\"g g\"), or a list of either. The defaults:\n",
    );
    for scope in scopes() {
        out.push_str(&format!("\n[keys.{}]\n", scope_name(scope)));
        for c in COMMANDS.iter().filter(|c| c.scope == scope) {
            let keys: Vec<String> = c.keys.iter().map(|k| format!("{k:?}")).collect();
            out.push_str(&format!(
                "# {}\n{} = [{}]\n",
                c.doc,
                if c.name
                    .contains(|ch: char| !ch.is_ascii_alphanumeric() && ch != '-' && ch != '_')
                {
                    format!("{:?}", c.name)
                } else {
                    c.name.to_string()
                },
                keys.join(", ")
            ));
        }
    }
    out
}
