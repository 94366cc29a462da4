//! The one-way rule of docs/ARCHITECTURE.md, checked on the sources: a room of the core uses
//! only the rooms below it, and the core uses nothing outside itself.

use std::fs;
use std::path::{Path, PathBuf};

/// The crate's layers from the bottom up: each may use the ones before it. `event` and `jobs`
/// are one layer (a job's events travel in the loop's event); `cli` is the command line's
/// definitions, which the commands and the app read.
const LAYERS: [(&str, usize); 9] = [
    ("core", 0),
    ("output", 1),
    ("cli", 2),
    ("commands", 3),
    ("event", 4),
    ("jobs", 4),
    ("app", 5),
    ("ui", 6),
    ("tui", 7),
];

/// The core's rooms from the bottom up: each may use the ones before it.
const CORE_ROOMS: [&str; 7] = [
    "num", "data", "clean", "stats", "model", "session", "export",
];

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// Every `prefix<name>` in the code of `text` (comments left out), with its line number.
fn uses_of<'a>(text: &'a str, prefix: &str) -> Vec<(usize, &'a str)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find(prefix) {
            let after = &rest[at + prefix.len()..];
            let end = after
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            found.push((n + 1, &after[..end]));
            rest = &after[end..];
        }
    }
    found
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src")
}

#[test]
fn each_core_room_uses_only_the_rooms_below_it() {
    let mut wrong = Vec::new();
    for (level, room) in CORE_ROOMS.iter().enumerate() {
        let dir = root().join("core").join(room);
        assert!(dir.is_dir(), "{} is missing", dir.display());
        for file in rust_files(&dir) {
            let text = fs::read_to_string(&file).unwrap();
            for (line, used) in uses_of(&text, "crate::core::") {
                if let Some(at) = CORE_ROOMS.iter().position(|r| *r == used) {
                    if at > level {
                        wrong.push(format!("{}:{line} uses core::{used}", file.display()));
                    }
                }
            }
            // A room's own modules are `super::` from a file and `self::` from its mod.rs;
            // `super::` from the room's mod.rs would reach the core's root (from a folder's
            // mod.rs inside the room it is the room, as from a file).
            if file == dir.join("mod.rs") {
                for (line, used) in uses_of(&text, "super::") {
                    if used != "*" && !used.is_empty() {
                        wrong.push(format!("{}:{line} reaches super::{used}", file.display()));
                    }
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A layer's files: `src/<name>/**.rs` or `src/<name>.rs`.
fn layer_files(name: &str) -> Vec<PathBuf> {
    let dir = root().join(name);
    if dir.is_dir() {
        rust_files(&dir)
    } else {
        vec![root().join(format!("{name}.rs"))]
    }
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let level = |name: &str| LAYERS.iter().find(|(n, _)| *n == name).map(|l| l.1);
    let mut wrong = Vec::new();
    for (name, at) in LAYERS {
        for file in layer_files(name) {
            let text = fs::read_to_string(&file).unwrap();
            for (line, used) in uses_of(&text, "crate::") {
                match level(used) {
                    Some(l) if l > at => {
                        wrong.push(format!("{}:{line} ({name}) uses {used}", file.display()))
                    }
                    Some(_) => {}
                    None => wrong.push(format!(
                        "{}:{line} uses crate::{used}, which is in no layer",
                        file.display()
                    )),
                }
            }
        }
    }
    // Every module of the crate has a layer.
    let lib = fs::read_to_string(root().join("lib.rs")).unwrap();
    for module in uses_of(&lib, "pub mod ") {
        if level(module.1).is_none() {
            wrong.push(format!("src/lib.rs: `{}` is in no layer", module.1));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_core_uses_nothing_outside_it() {
    let mut wrong = Vec::new();
    for file in rust_files(&root().join("core")) {
        let text = fs::read_to_string(&file).unwrap();
        for (line, used) in uses_of(&text, "crate::") {
            if used != "core" {
                wrong.push(format!("{}:{line} uses crate::{used}", file.display()));
            }
        }
        for terminal in ["ratatui", "crossterm"] {
            if text.contains(&format!("{terminal}::")) {
                wrong.push(format!("{} uses {terminal}", file.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_a_use_and_skips_comments() {
    let text = "use crate::core::model::x; // crate::core::session\n  crate::core::num::y()";
    assert_eq!(uses_of(text, "crate::core::"), [(1, "model"), (2, "num")]);
}

/// Whether the function whose signature starts at line `at` is marked `#[must_use]` (in the
/// attributes and doc comments just above it).
fn marked_must_use(lines: &[&str], at: usize) -> bool {
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| {
            let t = l.trim_start();
            t.starts_with("///") || t.starts_with("#[")
        })
        .any(|l| l.contains("#[must_use"))
}

/// The functions of `text` returning `Vec<Effect>` that are not `#[must_use]`, by line.
fn effects_not_must_use(text: &str) -> Vec<usize> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let is_fn = t.starts_with("fn ") || (t.starts_with("pub") && t.contains(" fn "));
        if !is_fn {
            continue;
        }
        // The signature runs to its opening brace.
        let sig: String = lines[i..]
            .iter()
            .take_while(|s| !s.trim_end().ends_with('{'))
            .chain(lines[i..].iter().find(|s| s.trim_end().ends_with('{')))
            .copied()
            .collect();
        if sig.contains("-> Vec<Effect>") && !marked_must_use(&lines, i) {
            out.push(i + 1);
        }
    }
    out
}

#[test]
fn every_function_returning_effects_is_must_use() {
    // Effects dropped on the floor are work that never starts (the tick's were, once).
    for path in layer_files("app") {
        let text = fs::read_to_string(&path).unwrap();
        let bad = effects_not_must_use(&text);
        assert!(bad.is_empty(), "{}: lines {bad:?}", path.display());
    }
    assert_eq!(
        effects_not_must_use("impl A {\n    fn f(&self) -> Vec<Effect> {\n    }\n}"),
        [2]
    );
    assert!(effects_not_must_use(
        "    /// Doc.\n    #[must_use]\n    pub(super) fn f(\n        &self,\n    ) -> Vec<Effect> {\n"
    )
    .is_empty());
}
