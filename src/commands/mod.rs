//! The headless commands, one file each: load, compute, print or write, exit code. `main.rs`
//! passes each its clap arguments. Here: what they share (loader options from the flags or from
//! a recipe's source, reading recipes and models, writing to standard output).

pub mod apply;
pub mod drift;
pub mod export;
pub mod predict;
pub mod profile;
pub mod progress;
pub mod run;
pub mod shell;
pub mod train;

use std::io::Write;

use crate::cli::LoadArgs;
use crate::core::data::source::{load, Input, LoadOptions, Loaded};
use crate::core::session::recipe::{Recipe, Source};
use crate::core::{Error, Result};
use std::path::Path;

/// Load `input` with its progress on `bar`.
pub fn load_shown(input: &Input, opts: &LoadOptions, bar: &mut progress::Bar) -> Result<Loaded> {
    // The file's name, not its path: the line has one terminal row.
    let name = match input {
        Input::Path(p) => p.file_name().map_or_else(
            || input.display_name(),
            |n| n.to_string_lossy().into_owned(),
        ),
        _ => input.display_name(),
    };
    let loaded = load(input, opts, &mut |_, _, p| {
        bar.load(&name, &p);
        true
    });
    bar.clear();
    loaded
}

/// Turn the shared CLI flags into loader options, rejecting bad values.
pub fn load_options(args: &LoadArgs) -> Result<LoadOptions> {
    let mut opts = LoadOptions {
        has_header: !args.no_header,
        ..LoadOptions::default()
    };
    if let Some(d) = &args.delimiter {
        opts.delimiter = Some(LoadOptions::parse_delimiter(d)?);
    }
    if let Some(list) = &args.null_values {
        opts.null_values = LoadOptions::parse_null_values(list);
    }
    opts.decimal_comma = args.decimal_comma;
    opts.sheet = args.sheet.clone();
    opts.table = args.table.clone();
    Ok(opts)
}

/// Loader options from a recipe's source.
pub fn source_options(source: &Source) -> Result<LoadOptions> {
    let mut opts = LoadOptions {
        has_header: source.has_header,
        ..LoadOptions::default()
    };
    if let Some(d) = &source.delimiter {
        opts.delimiter = Some(LoadOptions::parse_delimiter(d)?);
    }
    if let Some(list) = &source.null_values {
        opts.null_values = list.clone();
    }
    opts.decimal_comma = source.decimal_comma;
    opts.sheet = source.sheet.clone();
    opts.table = source.table.clone();
    Ok(opts)
}

fn load_args_given(args: &LoadArgs) -> bool {
    args.delimiter.is_some()
        || args.no_header
        || args.null_values.is_some()
        || args.decimal_comma
        || args.sheet.is_some()
        || args.table.is_some()
}

/// The recipe's source path as a file: as written (from the working directory), or else
/// relative to the recipe's own directory.
fn source_path(source: &Source, recipe: &Path) -> String {
    let p = Path::new(&source.path);
    if p.is_relative() && !p.exists() {
        if let Some(dir) = recipe.parent() {
            let beside = dir.join(p);
            if beside.exists() {
                return beside.display().to_string();
            }
        }
    }
    source.path.clone()
}

/// Write a command's output to standard output, all of it or an error: a full disk is an error
/// (exit 1 with its message), a reader that stopped reading too (exit 1, quietly).
pub fn emit(out: &mut dyn Write, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::BrokenPipe => Error::ClosedOutput,
            _ => Error::Write {
                file: "standard output".into(),
                message: e.to_string(),
            },
        })
}

/// A command's `--json` answer: pretty JSON and a final newline.
pub fn json_text(value: &impl serde::Serialize) -> String {
    serde_json::to_string_pretty(value).expect("lathe's answers always serialise") + "\n"
}

/// Write `value` as `--json` asked, or as the text `table` makes of it.
pub fn emit_as<T: serde::Serialize>(
    out: &mut dyn Write,
    json: bool,
    value: &T,
    table: impl FnOnce(&T) -> String,
) -> Result<()> {
    let text = if json { json_text(value) } else { table(value) };
    emit(out, text.as_bytes())
}

/// Rows of cells as aligned text, a line each: every column as wide as its widest cell, two
/// spaces apart, right-aligned where `right(i)` says (numbers), no trailing spaces.
pub fn aligned(rows: &[Vec<String>], right: impl Fn(usize) -> bool) -> String {
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for r in rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if right(i) {
                    format!("{c:>w$}", w = widths[i])
                } else {
                    format!("{c:<w$}", w = widths[i])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// Read a recipe file.
pub fn read_recipe(path: &str) -> Result<Recipe> {
    let p = Path::new(path);
    let text =
        std::fs::read_to_string(p).map_err(|e| Error::io(path, Some(&p.to_path_buf()), e))?;
    Recipe::from_json(&text, path)
}

/// The recipe at `recipe_path`, and the data it runs on: `data` if given (read with the flags,
/// or else the recipe's own options), else the recipe's source.
pub fn recipe_input(
    recipe_path: &str,
    data: Option<&str>,
    load: &LoadArgs,
) -> Result<(Recipe, String, LoadOptions)> {
    let recipe = read_recipe(recipe_path)?;
    let (file, opts) = match (data, &recipe.source) {
        (Some(d), Some(src)) if !load_args_given(load) => (d.to_string(), source_options(src)?),
        (Some(d), _) => (d.to_string(), load_options(load)?),
        (None, Some(src)) => (
            source_path(src, Path::new(recipe_path)),
            if load_args_given(load) {
                load_options(load)?
            } else {
                source_options(src)?
            },
        ),
        (None, None) => {
            return Err(Error::Recipe {
                file: recipe_path.to_string(),
                message: "has no `source`; name the data with --data FILE".into(),
            })
        }
    };
    Ok((recipe, file, opts))
}

/// Read a model file.
pub fn read_model(path: &str) -> Result<crate::core::session::saved::SavedModel> {
    let p = Path::new(path);
    let bytes = std::fs::read(p).map_err(|e| Error::io(path, Some(&p.to_path_buf()), e))?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Recipe {
        file: path.to_string(),
        message: "not a lathe model file (not text)".into(),
    })?;
    crate::core::session::saved::SavedModel::from_json(&text).map_err(|cause| Error::Model {
        file: path.to_string(),
        cause,
    })
}
