//! Commands that run without the terminal UI (`lathe profile`, `lathe apply`): load, compute,
//! print or write, exit code.

use std::io::Write;

use crate::cli::LoadArgs;
use crate::core::clean::replay;
use crate::core::data::cells::{count, format_stat, group_thousands, one_line};
use crate::core::data::sink::{
    check_not_reading, check_target, write_frame, write_text, OutFormat,
};
use crate::core::data::source::{load_all, Input, LoadOptions};
use crate::core::model::features::{Impute, Task};
use crate::core::model::models::ModelSpec;
use crate::core::model::train::{train, train_with_test, Evaluation, Report, TrainSpec};
use crate::core::session::recipe::{Recipe, Source};
use crate::core::stats::profile::{profile_frame, ColumnSummary, Profile, StatValue};
use crate::core::{Error, Result};
use std::path::Path;

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
    Ok(opts)
}

/// What `lathe apply` was asked.
pub struct ApplyArgs<'a> {
    pub recipe: &'a str,
    pub data: Option<&'a str>,
    pub out: &'a str,
    pub force: bool,
    pub save_fitted: Option<&'a str>,
    pub load: &'a LoadArgs,
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
    Ok(opts)
}

fn load_args_given(args: &LoadArgs) -> bool {
    args.delimiter.is_some() || args.no_header || args.null_values.is_some() || args.decimal_comma
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

/// `lathe apply`: load, replay the steps, write the result atomically; notes go to `err`, the
/// summary line to `out`.
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

pub fn run_apply(args: &ApplyArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let recipe = read_recipe(args.recipe)?;
    let (file, opts) = recipe_input(&recipe, args.recipe, args.data, args.load)?;
    let target = Path::new(args.out);
    OutFormat::for_path(target)?;
    let input = Input::from_arg(&file);
    let source = match &input {
        Input::Path(p) => Some(p.as_path()),
        _ => None,
    };
    check_target(target, source, args.force)?;
    check_not_reading(target, Path::new(args.recipe), "recipe")?;
    if let Some(f) = args.save_fitted {
        check_target(Path::new(f), source, args.force)?;
        check_not_reading(Path::new(f), Path::new(args.recipe), "recipe")?;
    }
    let loaded = load_all(&input, &opts)?;
    let (frame, fitted, notes) = replay(&loaded.frame, &recipe.steps)?;
    write_frame(&frame, target)?;
    if let Some(f) = args.save_fitted {
        let mut saved = recipe.clone();
        saved.steps = fitted;
        write_text(Path::new(f), &saved.to_json())?;
    }
    for n in &notes {
        let _ = writeln!(err, "{n}");
    }
    let _ = writeln!(
        out,
        "{}: {} applied, {} x {} written to {}",
        loaded.info.name,
        count(recipe.steps.len(), "step"),
        count(frame.height(), "row"),
        count(frame.width(), "column"),
        args.out
    );
    Ok(())
}

/// What `lathe train` was asked.
pub struct TrainArgs<'a> {
    pub file: &'a str,
    pub target: Option<&'a str>,
    pub model: &'a str,
    pub params: &'a [String],
    pub features: Option<&'a str>,
    pub task: Option<&'a str>,
    pub split: Option<f64>,
    pub cv: Option<usize>,
    pub test: Option<&'a str>,
    pub seed: u64,
    /// `median`, `mean` or `none` (`--impute`; `--param impute=...` overrides it).
    pub impute: &'a str,
    pub recipe: Option<&'a str>,
    pub json: bool,
    pub load: &'a LoadArgs,
}

/// The training spec from the command line; usage mistakes are `Error::Option` (exit 2).
pub fn train_spec(args: &TrainArgs) -> Result<TrainSpec> {
    let mut params = std::collections::BTreeMap::new();
    let mut impute = Impute::parse(args.impute).map_err(|e| Error::Option(format!("--{e}")))?;
    for p in args.params {
        let (k, v) = p
            .split_once('=')
            .ok_or_else(|| Error::Option(format!("--param {p:?}: write it as key=value")))?;
        if k.trim() == "impute" {
            impute = Impute::parse(v).map_err(|e| Error::Option(format!("--param {e}")))?;
            continue;
        }
        let v: f64 = v
            .trim()
            .parse()
            .map_err(|_| Error::Option(format!("--param {p:?}: the value must be a number")))?;
        params.insert(k.trim().to_string(), v);
    }
    let task = match args.task {
        None => None,
        Some("regression") => Some(Task::Regression),
        Some("classification") => Some(Task::Classification),
        Some("clustering") => Some(Task::Clustering),
        Some(other) => {
            return Err(Error::Option(format!(
                "--task {other:?}: regression, classification or clustering"
            )))
        }
    };
    let evaluation = match (args.split, args.cv) {
        _ if args.test.is_some() => Evaluation::TestFile,
        (_, Some(k)) => Evaluation::CrossValidation { folds: k },
        (Some(s), None) => Evaluation::Holdout { train: s },
        (None, None) => Evaluation::Holdout { train: 0.8 },
    };
    Ok(TrainSpec {
        target: args.target.map(str::to_string),
        features: args.features.map(|f| {
            f.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        }),
        task,
        model: ModelSpec {
            name: args.model.to_string(),
            params,
        },
        evaluation,
        seed: args.seed,
        impute,
    })
}

/// `lathe train`: load (and clean with the recipe), train, evaluate, print.
pub fn run_train(args: &TrainArgs, out: &mut dyn Write) -> Result<()> {
    let spec = train_spec(args)?;
    let opts = load_options(args.load)?;
    let loaded = load_all(&Input::from_arg(args.file), &opts)?;
    let mut frame = loaded.frame;
    let mut test = match args.test {
        Some(t) => Some(load_all(&Input::from_arg(t), &opts)?.frame),
        None => None,
    };
    if let Some(r) = args.recipe {
        let recipe = read_recipe(r)?;
        let (cleaned, fitted, _) = replay(&frame, &recipe.steps)?;
        frame = cleaned;
        // The test rows get the training rows' treatment (fitted values), not their own.
        if let Some(t) = test.take() {
            test = Some(replay(&t, &fitted)?.0);
        }
    }
    let result = match &test {
        Some(t) => train_with_test(
            &frame,
            t,
            &spec,
            &mut |_| true,
            &crate::core::model::models::never,
        ),
        None => train(&frame, &spec),
    };
    let report = result.map_err(|message| Error::Train {
        file: loaded.info.name.clone(),
        message,
    })?;
    let text = if args.json {
        serde_json::to_string_pretty(&report).expect("a report always serialises") + "\n"
    } else {
        report_table(&report)
    };
    emit(out, text.as_bytes())?;
    Ok(())
}

fn args_test_note(r: &Report) -> bool {
    r.evaluation == Evaluation::TestFile
}

/// The human-readable `train` output: every metric beside the baseline's.
pub fn report_table(r: &Report) -> String {
    let mut out = format!(
        "{} {} on {}{}\n",
        r.task,
        r.model,
        count(r.rows_train + r.rows_test, "row"),
        r.target
            .as_ref()
            .map(|t| format!(", target {t}"))
            .unwrap_or_default()
    );
    match &r.cv {
        Some(cv) => out.push_str(&format!("{}-fold cross-validation\n\n", cv.folds.len())),
        None if r.rows_test > 0 && args_test_note(r) => out.push_str(&format!(
            "trained on {}, tested on the {} of the test file\n\n",
            count(r.rows_train, "row"),
            count(r.rows_test, "row")
        )),
        None if r.rows_test > 0 => out.push_str(&format!(
            "trained on {}, tested on {}\n\n",
            count(r.rows_train, "row"),
            group_thousands(r.rows_test)
        )),
        None => out.push('\n'),
    }
    let mut rows = vec![vec![
        "metric".to_string(),
        r.model.clone(),
        if r.baseline.is_empty() {
            String::new()
        } else {
            "baseline".into()
        },
        if r.cv.is_some() {
            "± std".into()
        } else {
            String::new()
        },
    ]];
    for (k, v) in &r.metrics {
        rows.push(vec![
            k.clone(),
            format_stat(*v, 5),
            r.baseline
                .get(k)
                .map_or(String::new(), |b| format_stat(*b, 5)),
            r.cv.as_ref()
                .and_then(|cv| cv.std.get(k))
                .map_or(String::new(), |s| format_stat(*s, 3)),
        ]);
    }
    let widths: Vec<usize> = (0..4)
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for row in &rows {
        let line = format!(
            "{:<w0$}  {:>w1$}  {:>w2$}  {:>w3$}",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3]
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    if let Some(line) = r.imputed_line() {
        out.push_str(&format!("\n{line}\n"));
    }
    for w in &r.warnings {
        out.push_str(&format!("\nwarning: {w}"));
    }
    if !r.warnings.is_empty() {
        out.push('\n');
    }
    out
}

/// Load `file` and summarise every column; `correlations` asks for the matrices however many
/// numeric columns there are.
pub fn profile(file: &str, args: &LoadArgs, correlations: bool) -> Result<Profile> {
    let opts = load_options(args)?;
    let loaded = load_all(&Input::from_arg(file), &opts)?;
    Ok(profile_frame(
        &loaded.frame,
        loaded.info.name.clone(),
        loaded.info.format_label().to_string(),
        correlations,
    ))
}

/// How `lathe profile` writes: JSON or a table, and whether to force the correlations.
#[derive(Debug, Clone, Copy, Default)]
pub struct ProfileOutput {
    pub json: bool,
    pub correlations: bool,
}

/// `lathe profile`: print the summary as JSON or as an aligned table.
pub fn run_profile(
    file: &str,
    args: &LoadArgs,
    how: ProfileOutput,
    out: &mut dyn Write,
) -> Result<()> {
    let p = profile(file, args, how.correlations)?;
    let text = if how.json {
        serde_json::to_string_pretty(&p).expect("a profile always serialises") + "\n"
    } else {
        profile_table(&p)
    };
    emit(out, text.as_bytes())?;
    Ok(())
}

/// The human-readable `profile` output. Names and text values go through `one_line`, as in the
/// app: a header holding an escape sequence must not reach the terminal.
pub fn profile_table(p: &Profile) -> String {
    let header = [
        "column", "dtype", "count", "nulls", "unique", "mean", "std", "min", "25%", "50%", "75%",
        "max",
    ];
    let num = |x: Option<f64>| x.map_or(String::new(), |v| format_stat(v, 6));
    let ext = |x: &Option<StatValue>| match x {
        Some(StatValue::Number(v)) => format_stat(*v, 6),
        Some(StatValue::Text(t)) => one_line(t),
        None => String::new(),
    };
    let row = |c: &ColumnSummary| -> Vec<String> {
        vec![
            one_line(&c.name),
            c.dtype.clone(),
            c.count.to_string(),
            c.nulls.to_string(),
            c.unique.to_string(),
            num(c.mean),
            num(c.std),
            ext(&c.min),
            num(c.q25),
            num(c.median),
            num(c.q75),
            ext(&c.max),
        ]
    };
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    rows.extend(p.columns.iter().map(row));
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = format!(
        "{}  {}  {} x {}\n\n",
        one_line(&p.file),
        p.format,
        count(p.rows, "row"),
        count(p.columns.len(), "column")
    );
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i < 2 {
                    format!("{c:<w$}", w = widths[i])
                } else {
                    format!("{c:>w$}", w = widths[i])
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

/// The data a recipe runs on: `data` if given (read with the flags, or else the recipe's own
/// options), else the recipe's source.
pub fn recipe_input(
    recipe: &Recipe,
    recipe_path: &str,
    data: Option<&str>,
    load: &LoadArgs,
) -> Result<(String, LoadOptions)> {
    Ok(match (data, &recipe.source) {
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
    })
}

/// What `lathe run` was asked.
pub struct RunArgs<'a> {
    pub recipe: &'a str,
    pub data: Option<&'a str>,
    pub test: Option<&'a str>,
    pub out: Option<&'a str>,
    pub json: bool,
    pub load: &'a LoadArgs,
}

/// The files `lathe run --out` wrote into a folder, so that a later run replaces those and
/// refuses to replace anything else.
const MANIFEST: &str = ".lathe-run";

/// Files written into an output folder: each atomically, never over a file lathe did not
/// write there, recorded in the folder's manifest.
pub struct OutDir {
    dir: std::path::PathBuf,
    ours: Vec<String>,
    written: Vec<String>,
}

impl OutDir {
    pub fn open(dir: &str) -> Result<OutDir> {
        let path = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&path).map_err(|e| Error::Write {
            file: dir.to_string(),
            message: format!("cannot create the folder: {e}"),
        })?;
        let ours = std::fs::read_to_string(path.join(MANIFEST))
            .map(|t| t.lines().map(str::to_string).collect())
            .unwrap_or_default();
        Ok(OutDir {
            dir: path,
            ours,
            written: Vec::new(),
        })
    }

    /// The path of `name` in the folder, if lathe may write it.
    pub fn path(&self, name: &str) -> Result<std::path::PathBuf> {
        let p = self.dir.join(name);
        if p.exists() && !self.ours.iter().any(|o| o == name) {
            return Err(Error::Write {
                file: p.display().to_string(),
                message: "exists and lathe did not write it; choose another --out folder".into(),
            });
        }
        Ok(p)
    }

    pub fn text(&mut self, name: &str, text: &str) -> Result<()> {
        write_text(&self.path(name)?, text)?;
        self.done(name)
    }

    /// A chart as `name.png` and `name.svg` (in a sub-folder if `name` has one).
    pub fn chart(&mut self, name: &str, chart: &crate::charts::Chart) -> Result<()> {
        for ext in ["png", "svg"] {
            let file = format!("{name}.{ext}");
            let p = self.path(&file)?;
            if let Some(parent) = p.parent() {
                std::fs::create_dir_all(parent).map_err(|e| Error::Write {
                    file: parent.display().to_string(),
                    message: format!("cannot create the folder: {e}"),
                })?;
            }
            crate::charts::write(chart, &p)?;
            self.done(&file)?;
        }
        Ok(())
    }

    pub fn frame(&mut self, name: &str, frame: &polars::prelude::DataFrame) -> Result<()> {
        write_frame(frame, &self.path(name)?)?;
        self.done(name)
    }

    fn done(&mut self, name: &str) -> Result<()> {
        self.written.push(name.to_string());
        if !self.ours.iter().any(|o| o == name) {
            self.ours.push(name.to_string());
        }
        let list = self.ours.join("\n") + "\n";
        write_text(&self.dir.join(MANIFEST), &list)
    }

    /// What this run wrote, in order.
    pub fn written(&self) -> &[String] {
        &self.written
    }
}

/// `lathe run`: load, clean, train and evaluate as the recipe says; print the metrics; with
/// `--out`, write what a team needs into a folder.
pub fn run_run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let recipe = read_recipe(args.recipe)?;
    let (file, opts) = recipe_input(&recipe, args.recipe, args.data, args.load)?;
    let mut dir = match args.out {
        Some(d) => Some(OutDir::open(d)?),
        None => None,
    };
    let loaded = load_all(&Input::from_arg(&file), &opts)?;
    let test = match args.test {
        Some(t) => Some(load_all(&Input::from_arg(t), &opts)?.frame),
        None => None,
    };
    let outcome = crate::core::session::pipeline::run_recipe(
        &loaded.frame,
        &recipe,
        test.as_ref(),
        &loaded.info.name,
        args.out.is_some(),
        &mut |_| true,
    )?;
    for n in &outcome.notes {
        let _ = writeln!(err, "{n}");
    }
    let text = match (&outcome.report, args.json) {
        (Some(r), true) => {
            serde_json::to_string_pretty(r).expect("a report always serialises") + "\n"
        }
        (Some(r), false) => report_table(r),
        (None, _) => format!(
            "{}: {} applied, {} x {}; the recipe has no model\n",
            loaded.info.name,
            count(recipe.steps.len(), "step"),
            count(outcome.frame.height(), "row"),
            count(outcome.frame.width(), "column")
        ),
    };
    emit(out, text.as_bytes())?;
    if let Some(dir) = dir.as_mut() {
        // Everything is made first and every target checked before the first write, so a
        // folder holding a file lathe did not write is refused with nothing written.
        let mut fitted = recipe.clone();
        fitted.steps = outcome.fitted.clone();
        let mut texts: Vec<(&str, String)> = vec![("recipe.json", fitted.to_json())];
        let mut not_saved = None;
        if let (Some(report), Some(spec)) = (&outcome.report, &recipe.model) {
            texts.push((
                "metrics.json",
                serde_json::to_string_pretty(report).expect("a report always serialises") + "\n",
            ));
            match crate::core::session::saved::save_model(
                &loaded.frame,
                &outcome.frame,
                &outcome.fitted,
                spec,
                report,
            ) {
                Ok(model) => texts.push(("model.lathe.json", model.to_json())),
                Err(e) => not_saved = Some(e),
            }
        }
        let doc = crate::report::build(&crate::report::Session {
            name: &loaded.info.name,
            raw: &loaded.frame,
            cleaned: &outcome.frame,
            steps: &outcome
                .fitted
                .iter()
                .cloned()
                .zip(outcome.effects.iter().cloned())
                .collect::<Vec<_>>(),
            run: recipe.model.as_ref().zip(outcome.report.as_ref()),
            leaderboard: &[],
        })
        .map_err(|message| Error::Write {
            file: args.out.unwrap_or_default().to_string(),
            message,
        })?;
        let mut targets = vec!["cleaned.csv".to_string()];
        targets.extend(texts.iter().map(|(name, _)| name.to_string()));
        targets.extend(report_files(&doc));
        for name in &targets {
            dir.path(name)?;
        }
        dir.frame("cleaned.csv", &outcome.frame)?;
        for (name, text) in &texts {
            dir.text(name, text)?;
        }
        if let Some(e) = not_saved {
            let _ = writeln!(err, "model not saved: {e}");
        }
        write_report(dir, &doc)?;
        let _ = writeln!(
            err,
            "wrote {} to {}",
            dir.written().join(", "),
            args.out.unwrap_or_default()
        );
    }
    Ok(())
}

/// The files [`write_report`] writes, by name in the folder.
fn report_files(doc: &crate::report::Document) -> Vec<String> {
    let mut names: Vec<String> = doc
        .charts
        .iter()
        .flat_map(|(name, _)| ["png", "svg"].map(|ext| format!("charts/{name}.{ext}")))
        .collect();
    names.extend(["report.md".to_string(), "report.html".to_string()]);
    names
}

/// The report's files in a folder: its charts (PNG and SVG), `report.md`, `report.html`.
pub fn write_report(dir: &mut OutDir, doc: &crate::report::Document) -> Result<()> {
    for (name, chart) in &doc.charts {
        dir.chart(&format!("charts/{name}"), chart)?;
    }
    dir.text("report.md", &doc.markdown)?;
    dir.text("report.html", &doc.html)
}

/// What `lathe predict` was asked.
pub struct PredictArgs<'a> {
    pub model: &'a str,
    pub data: &'a str,
    pub out: Option<&'a str>,
    pub force: bool,
    pub load: &'a LoadArgs,
}

/// Read a model file.
pub fn read_model(path: &str) -> Result<crate::core::session::saved::SavedModel> {
    let p = Path::new(path);
    let bytes = std::fs::read(p).map_err(|e| Error::io(path, Some(&p.to_path_buf()), e))?;
    let text = String::from_utf8(bytes).map_err(|_| Error::Recipe {
        file: path.to_string(),
        message: "not a lathe model file (not text)".into(),
    })?;
    crate::core::session::saved::SavedModel::from_json(&text).map_err(|message| Error::Recipe {
        file: path.to_string(),
        message,
    })
}

/// `lathe predict`: check the data against the model's training data, clean it the same way,
/// predict, and write the rows with the prediction columns (CSV on standard output without
/// `-o`); warnings go to `err`.
pub fn run_predict(args: &PredictArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let model = read_model(args.model)?;
    let input = Input::from_arg(args.data);
    if let Some(o) = args.out {
        let target = Path::new(o);
        OutFormat::for_path(target)?;
        let source = match &input {
            Input::Path(p) => Some(p.as_path()),
            _ => None,
        };
        check_target(target, source, args.force)?;
        check_not_reading(target, Path::new(args.model), "model")?;
    }
    let loaded = load_all(&input, &load_options(args.load)?)?;
    let done = crate::core::session::saved::predict(&model, &loaded.frame).map_err(|message| {
        Error::Train {
            file: loaded.info.name.clone(),
            message,
        }
    })?;
    for w in &done.warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    let steps = model.recipe.steps.len();
    if steps > 0 {
        let _ = writeln!(
            err,
            "{}",
            match done.input {
                crate::core::session::saved::Reading::Raw => format!(
                    "note: read {} as raw data (the training file's columns): the recipe's {steps} \
                     step{} replayed before predicting",
                    loaded.info.name,
                    if steps == 1 { "" } else { "s" }
                ),
                crate::core::session::saved::Reading::Cleaned => format!(
                    "note: read {} as cleaned data (the cleaned training data's columns, not the \
                     raw ones): the recipe's {steps} step{} not replayed",
                    loaded.info.name,
                    if steps == 1 { "" } else { "s" }
                ),
            }
        );
    }
    match args.out {
        Some(o) => {
            write_frame(&done.frame, Path::new(o))?;
            let _ = writeln!(
                err,
                "{}: {} of {} predicted ({}), written to {o}",
                loaded.info.name,
                group_thousands(done.predicted),
                count(done.frame.height(), "row"),
                done.added.join(", ")
            );
        }
        None => {
            let mut frame = done.frame.clone();
            let mut buf = Vec::new();
            use polars::prelude::SerWriter;
            polars::prelude::CsvWriter::new(&mut buf)
                .finish(&mut frame)
                .map_err(|e| Error::Write {
                    file: "<stdout>".into(),
                    message: e.to_string(),
                })?;
            emit(out, &buf)?;
        }
    }
    Ok(())
}

/// `lathe drift`: compare NEW with REFERENCE; returns whether anything drifted (exit code 3).
pub fn run_drift(
    reference: &str,
    new: &str,
    threshold: f64,
    json: bool,
    load: &LoadArgs,
    out: &mut dyn Write,
) -> Result<bool> {
    if !(threshold > 0.0 && threshold.is_finite()) {
        return Err(Error::Option(format!(
            "--threshold {threshold}: a PSI above 0, e.g. 0.25"
        )));
    }
    let opts = load_options(load)?;
    let a = load_all(&Input::from_arg(reference), &opts)?;
    let b = load_all(&Input::from_arg(new), &opts)?;
    let d = crate::core::stats::drift::drift(
        &a.frame,
        &b.frame,
        (&a.info.name, &b.info.name),
        threshold,
    );
    let text = if json {
        serde_json::to_string_pretty(&d).expect("a drift report always serialises") + "\n"
    } else {
        drift_table(&d)
    };
    emit(out, text.as_bytes())?;
    Ok(d.failed())
}

/// The human-readable `drift` output.
pub fn drift_table(d: &crate::core::stats::drift::Drift) -> String {
    let mut out = format!(
        "{} ({}) against the reference {} ({})\n",
        d.new,
        count(d.rows_new, "row"),
        d.reference,
        count(d.rows_reference, "row")
    );
    let s = &d.schema;
    if s.added.is_empty() && s.removed.is_empty() && s.retyped.is_empty() {
        out.push_str("schema: the same columns and types\n");
    }
    for (c, t) in &s.removed {
        out.push_str(&format!("removed: {c} ({t})\n"));
    }
    for (c, t) in &s.added {
        out.push_str(&format!("added: {c} ({t})\n"));
    }
    for r in &s.retyped {
        out.push_str(&format!(
            "retyped: {} ({} -> {}){}\n",
            r.column,
            r.reference,
            r.new,
            if r.compatible { ", still numbers" } else { "" }
        ));
    }
    out.push('\n');
    let mut rows = vec![vec![
        "column".to_string(),
        "kind".into(),
        "psi".into(),
        "reading".into(),
        "ks D".into(),
        "ks p".into(),
        "missing".into(),
        "new categories".into(),
    ]];
    for c in &d.columns {
        rows.push(vec![
            format!("{}{}", if c.drifted { "! " } else { "  " }, c.column),
            c.kind.to_string(),
            format_stat(c.psi, 3),
            c.reading.to_string(),
            c.ks.as_ref()
                .map_or(String::new(), |k| format_stat(k.statistic, 3)),
            c.ks.as_ref()
                .map_or(String::new(), |k| format_stat(k.p_value, 3)),
            format!(
                "{:.1}% -> {:.1}%",
                c.null_share_reference * 100.0,
                c.null_share_new * 100.0
            ),
            c.new_categories
                .iter()
                .take(3)
                .map(|(v, n)| format!("{v} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
                + if c.new_categories.len() > 3 {
                    ", ..."
                } else {
                    ""
                },
        ]);
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).max().unwrap_or(0))
        .collect();
    for r in &rows {
        let cells: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if (2..6).contains(&i) && i != 3 {
                    format!("{c:>w$}", w = widths[i])
                } else {
                    format!("{c:<w$}", w = widths[i])
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out.push('\n');
    if d.failed() {
        out.push_str(&format!(
            "drift: {} (PSI ≥ {}, missing share changed by ≥ {} points, removed, or no longer numbers)\n",
            d.drifted.join(", "),
            d.threshold,
            (crate::core::stats::drift::NULL_CHANGE * 100.0) as u32
        ));
    } else {
        out.push_str("no drift past the thresholds\n");
    }
    out
}
