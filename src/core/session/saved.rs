//! Saved models: one JSON file with everything `lathe predict` needs to turn new raw data into
//! predictions the way the training data was treated: the recipe (cleaning steps with their
//! fitted values, and the training spec), the raw columns the training data had, the feature
//! encoding, the fitted model, and the metrics it was evaluated with.
//!
//! The file is `{"format": "lathe-model", "version": 1, "lathe": ..., "checksum": ...,
//! "model": {...}}`; the checksum (FNV-1a, 64 bits, over the `model` object written compactly
//! with sorted keys) finds a file changed or cut short since it was written.
//!
//! The model saved is fitted on every row of the cleaned data (the evaluation's splits only
//! estimate how well it does), with the run's seed, as scikit-learn users refit before use.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::core::clean::apply_step;
use crate::core::clean::step::{OutlierAction, Step};
use crate::core::model::features::{
    check_missing, class_target, number_target, setup, Encoder, Table, Task,
};
use crate::core::model::models::{fit, info, Fitted, Prediction, Target};
use crate::core::model::train::{Evaluation, Report, Scores, TrainSpec};
use crate::core::session::recipe::Recipe;

/// The `format` of a model file.
pub const FORMAT: &str = "lathe-model";
/// The model file version this build writes and reads.
pub const VERSION: u32 = 1;
/// Training rows whose predictions the file keeps, to check a reload against.
pub const CHECK_ROWS: usize = 20;

/// The saved model itself (the file's `model` object).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedModel {
    /// Cleaning steps with fitted values, and the training spec in `model`.
    pub recipe: Recipe,
    pub task: Task,
    pub target: Option<String>,
    /// The features after cleaning, in the encoder's order.
    pub features: Vec<String>,
    /// The columns of the raw training data and their types (before cleaning).
    pub input_columns: Vec<(String, String)>,
    /// The columns of the cleaned training data and their types, so `predict` also reads the
    /// data lathe wrote after cleaning (empty in files saved before lathe kept them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cleaned_columns: Vec<(String, String)>,
    pub encoder: Encoder,
    /// Class names (classification), in the model's index order.
    pub classes: Option<Vec<String>>,
    pub fitted: Fitted,
    pub params: BTreeMap<String, f64>,
    pub evaluation: Evaluation,
    /// The evaluation's scores and the baseline's.
    pub metrics: Scores,
    pub baseline: Scores,
    pub rows_trained: usize,
    /// Predictions of the first rows of the cleaned training data, as written by `predict`.
    pub check: Vec<String>,
}

#[derive(Serialize, Deserialize)]
struct File {
    format: String,
    version: u32,
    lathe: String,
    checksum: String,
    model: serde_json::Value,
}

fn fnv1a(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl SavedModel {
    /// The file's text.
    pub fn to_json(&self) -> String {
        let value = serde_json::to_value(self).expect("a model always serialises");
        let file = File {
            format: FORMAT.into(),
            version: VERSION,
            lathe: env!("CARGO_PKG_VERSION").into(),
            checksum: fnv1a(&value.to_string()),
            model: value,
        };
        serde_json::to_string(&file).expect("a model file always serialises") + "\n"
    }

    /// Read a model file's text.
    pub fn from_json(text: &str) -> Result<SavedModel, String> {
        let head: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            format!("not a lathe model file, or a damaged one (not valid JSON: {e})")
        })?;
        if head.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(format!(
                "not a lathe model file (no `\"format\": \"{FORMAT}\"`)"
            ));
        }
        match head.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(VERSION) => {}
            v => {
                return Err(format!(
                    "model file version {} is not supported: this lathe ({}) reads \
                     version {VERSION}; train and save the model again with this lathe",
                    v.map_or("(none)".to_string(), |v| v.to_string()),
                    env!("CARGO_PKG_VERSION")
                ))
            }
        }
        let parsed: File =
            serde_json::from_value(head).map_err(|e| format!("a damaged lathe model file: {e}"))?;
        if fnv1a(&parsed.model.to_string()) != parsed.checksum {
            return Err(
                "the model file was changed or damaged since lathe wrote it (checksum \
                        mismatch); save it again"
                    .into(),
            );
        }
        let model: SavedModel = serde_json::from_value(parsed.model)
            .map_err(|e| format!("a damaged lathe model file: {e}"))?;
        model
            .validate()
            .map_err(|e| format!("a damaged lathe model file: {e}"))?;
        Ok(model)
    }

    /// Check the whole structure before anything predicts with it: the checksum finds
    /// accidents, not edits, so a file changed by hand with its checksum recomputed must still
    /// not reach an index out of range or a division by zero.
    pub fn validate(&self) -> Result<(), String> {
        let enc = &self.encoder;
        if enc.levels.len() != self.features.len() {
            return Err(format!(
                "`encoder.levels` has {} entries for {} features",
                enc.levels.len(),
                self.features.len()
            ));
        }
        let columns: usize = enc
            .levels
            .iter()
            .map(|l| l.as_ref().map_or(1, Vec::len))
            .sum();
        if enc.names.len() != columns {
            return Err(format!(
                "`encoder.names` has {} names for {columns} encoded columns",
                enc.names.len()
            ));
        }
        for levels in enc.levels.iter().flatten() {
            if levels.windows(2).any(|w| w[0] >= w[1]) {
                return Err(
                    "`encoder.levels`: a feature's levels are not sorted and distinct".into(),
                );
            }
        }
        if let Some(scale) = &enc.scale {
            if scale.len() != columns {
                return Err(format!(
                    "`encoder.scale` has {} entries for {columns} encoded columns",
                    scale.len()
                ));
            }
            if scale
                .iter()
                .any(|(m, s)| !m.is_finite() || !s.is_finite() || *s <= 0.0)
            {
                return Err(
                    "`encoder.scale`: a mean is not finite or a standard deviation is not \
                     positive"
                        .into(),
                );
            }
        }
        if let Some(fill) = &enc.fill {
            if fill.len() != self.features.len() {
                return Err(format!(
                    "`encoder.fill` has {} entries for {} features",
                    fill.len(),
                    self.features.len()
                ));
            }
            for (f, levels) in fill.iter().zip(&enc.levels) {
                let fits = match (f, levels) {
                    (crate::core::model::features::Fill::Number(x), None) => x.is_finite(),
                    (crate::core::model::features::Fill::Level(_), Some(_)) => true,
                    _ => false,
                };
                if !fits {
                    return Err(
                        "`encoder.fill`: a number's fill is not a finite number, or a text \
                         feature's fill is not text"
                            .into(),
                    );
                }
            }
        }
        let k = match (self.task, &self.classes) {
            (Task::Classification, Some(c)) if !c.is_empty() => c.len(),
            (Task::Classification, _) => {
                return Err("`classes`: a classifier's file lists no classes".into())
            }
            _ => 0,
        };
        if self.task != Task::Clustering && self.target.is_none() {
            return Err("`target`: a supervised model's file names no target".into());
        }
        self.fitted
            .validate(columns, k)
            .map_err(|e| format!("`fitted`: {e}"))
    }
}

/// Fit `spec`'s model on every row of `cleaned` and keep it with what `predict` needs.
/// `raw` is the data before cleaning (its columns are what new data must have), `recipe` the
/// cleaning steps with their fitted values, `report` the run's evaluation.
pub fn save_model(
    raw: &DataFrame,
    cleaned: &DataFrame,
    steps: &[Step],
    spec: &TrainSpec,
    report: &Report,
) -> Result<SavedModel, String> {
    let s = setup(
        cleaned,
        spec.target.as_deref(),
        spec.features.as_deref(),
        spec.task,
    )?;
    if spec.model.name == "dbscan" {
        return Err(
            "DBSCAN labels only the rows it was fitted on; it cannot predict new rows, so it \
             is not saved (k-means or the Gaussian mixture can be)"
                .into(),
        );
    }
    let params = spec.model.validate(s.task)?;
    check_missing(cleaned, &s, spec.impute)?;
    let n = cleaned.height();
    let rows: Vec<usize> = (0..n).collect();
    let table = Table::new(cleaned, &s.features)?;
    let standardise = info(&spec.model.name).is_some_and(|m| m.standardise);
    let encoder = Encoder::fit(&table, &rows, standardise, spec.impute);
    let x = encoder.transform(&table, &rows);
    let (fitted, classes) = match (s.task, &s.target) {
        (Task::Classification, Some(t)) => {
            let (y, names) = class_target(cleaned, t)?;
            let k = names.len();
            (
                fit(
                    &spec.model,
                    &params,
                    &x,
                    Target::Classes(&y, k),
                    spec.seed,
                    &crate::core::model::models::never,
                )?,
                Some(names),
            )
        }
        (Task::Regression, Some(t)) => {
            let y = number_target(cleaned, t)?;
            (
                fit(
                    &spec.model,
                    &params,
                    &x,
                    Target::Values(&y),
                    spec.seed,
                    &crate::core::model::models::never,
                )?,
                None,
            )
        }
        _ => (
            fit(
                &spec.model,
                &params,
                &x,
                Target::None,
                spec.seed,
                &crate::core::model::models::never,
            )?,
            None,
        ),
    };
    let k = classes.as_ref().map_or(0, |c| c.len());
    let first: Vec<usize> = (0..n.min(CHECK_ROWS)).collect();
    let check = labels(
        &fitted.predict(&encoder.transform(&table, &first), k),
        classes.as_deref(),
    );
    let mut recipe = Recipe::new(None);
    recipe.steps = steps.to_vec();
    let mut fixed = spec.clone();
    fixed.features = Some(s.features.clone());
    fixed.task = Some(s.task);
    recipe.model = Some(fixed);
    Ok(SavedModel {
        recipe,
        task: s.task,
        target: s.target.clone(),
        features: s.features,
        input_columns: raw
            .columns()
            .iter()
            .map(|c| (c.name().to_string(), c.dtype().to_string()))
            .collect(),
        cleaned_columns: cleaned
            .columns()
            .iter()
            .map(|c| (c.name().to_string(), c.dtype().to_string()))
            .collect(),
        encoder,
        classes,
        fitted,
        params,
        evaluation: report.evaluation,
        metrics: report.metrics.clone(),
        baseline: report.baseline.clone(),
        rows_trained: n,
        check,
    })
}

/// The predictions as the text `predict` writes (class names, numbers, cluster numbers).
fn labels(p: &Prediction, classes: Option<&[String]>) -> Vec<String> {
    match p {
        Prediction::Values(v) => v.iter().map(|x| format!("{x}")).collect(),
        Prediction::Classes { labels, .. } => labels
            .iter()
            .map(|&l| {
                classes
                    .and_then(|c| c.get(l))
                    .cloned()
                    .unwrap_or_else(|| l.to_string())
            })
            .collect(),
        Prediction::Clusters { labels, .. } => labels.iter().map(|l| l.to_string()).collect(),
    }
}

/// Steps that remove rows: they shape training data and are skipped when predicting, so that
/// every input row gets its prediction.
pub fn removes_rows(step: &Step) -> bool {
    matches!(
        step,
        Step::DropNulls { .. }
            | Step::Dedupe { .. }
            | Step::Filter { .. }
            | Step::Sample { .. }
            | Step::ClipOutliers {
                action: OutlierAction::Drop,
                ..
            }
    )
}

/// What `predict` gives.
#[derive(Debug, Clone)]
pub struct Predicted {
    /// The input rows with the prediction columns after them.
    pub frame: DataFrame,
    /// The names of the added columns.
    pub added: Vec<String>,
    /// Things the user should know (converted types, unseen categories, rows not predicted).
    pub warnings: Vec<String>,
    /// Rows given a prediction (the others had missing features).
    pub predicted: usize,
    /// Whether the data was read as raw (the recipe replayed) or as already cleaned.
    pub input: Reading,
}

/// Which data `predict` was given: what the model was trained from (its recipe then replays)
/// or what lathe wrote after cleaning it (`w`, `lathe apply`, `lathe run --out`), read as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Raw,
    Cleaned,
}

/// Raw data has every column the training file had; cleaned data has every column the
/// cleaned training data had (and every feature) but not the raw ones. When both hold (a
/// recipe that keeps the columns and their names), the data is read as raw, as the model
/// was saved from it.
fn reading(model: &SavedModel, data: &DataFrame) -> Reading {
    let has = |c: &str| data.column(c).is_ok();
    let raw_target = model
        .target
        .as_ref()
        .map(|t| raw_name(&model.recipe.steps, t));
    let raw = model
        .input_columns
        .iter()
        .all(|(c, _)| Some(c) == raw_target.as_ref() || has(c));
    if raw || model.recipe.steps.is_empty() {
        return Reading::Raw;
    }
    let cleaned = model.features.iter().all(|f| has(f))
        && model
            .cleaned_columns
            .iter()
            .all(|(c, _)| Some(c) == model.target.as_ref() || has(c));
    if cleaned {
        Reading::Cleaned
    } else {
        Reading::Raw
    }
}

/// Columns read as the types `columns` names (the training data's): converted where every
/// value converts (with a warning), refused where some would be lost.
fn match_types(
    columns: &[(String, String)],
    data: &DataFrame,
    warnings: &mut Vec<String>,
) -> Result<DataFrame, String> {
    let mut frame = data.clone();
    let mut problems = Vec::new();
    for (name, trained) in columns {
        let Ok(col) = data.column(name) else { continue };
        let now = col.dtype().to_string();
        if &now == trained {
            continue;
        }
        let Some(want) = dtype_named(trained) else {
            warnings.push(format!(
                "`{name}` was {trained} in training and is {now} here; used as it is"
            ));
            continue;
        };
        let cast = col.cast(&want).map_err(|e| e.to_string())?;
        let lost = cast.null_count().saturating_sub(col.null_count());
        if lost > 0 {
            let as_text = col.cast(&DataType::String).map_err(|e| e.to_string())?;
            let examples: Vec<String> = as_text
                .str()
                .map_err(|e| e.to_string())?
                .iter()
                .zip(cast.is_null().iter())
                .filter_map(|(v, null)| match (v, null) {
                    (Some(v), Some(true)) => Some(format!("{v:?}")),
                    _ => None,
                })
                .take(3)
                .collect();
            problems.push(format!(
                "`{name}` was {trained} in training but is {now} here, and {lost} values \
                 cannot be read as {trained} (e.g. {})",
                examples.join(", ")
            ));
        } else {
            warnings.push(format!(
                "`{name}` was {trained} in training and is {now} here; read as {trained}"
            ));
            frame.replace(name, cast).map_err(|e| e.to_string())?;
        }
    }
    if !problems.is_empty() {
        return Err(format!(
            "the data does not match the model's training data: {}",
            problems.join("; ")
        ));
    }
    Ok(frame)
}

/// Raw data through the model's recipe (the steps that remove rows skipped), checked for the
/// columns the model needs.
fn clean_raw(
    model: &SavedModel,
    data: &DataFrame,
    warnings: &mut Vec<String>,
) -> Result<DataFrame, String> {
    let target = model.target.clone();
    let raw_target = target.as_ref().map(|t| raw_name(&model.recipe.steps, t));
    // The schema: columns the training data had.
    let missing: Vec<String> = model
        .input_columns
        .iter()
        .filter(|(c, _)| Some(c) != raw_target.as_ref() && data.column(c).is_err())
        .map(|(c, _)| c.clone())
        .collect();
    let mut frame = match_types(&model.input_columns, data, warnings)?;
    // Prediction data usually lacks the target: an empty column stands in while cleaning.
    if let Some(t) = &raw_target {
        if frame.column(t).is_err() {
            let dtype = model
                .input_columns
                .iter()
                .find(|(c, _)| c == t)
                .and_then(|(_, d)| dtype_named(d))
                .unwrap_or(DataType::String);
            let empty = Column::full_null(t.as_str().into(), frame.height(), &dtype);
            frame.with_column(empty).map_err(|e| e.to_string())?;
        }
    }
    let mut cleaned = frame.clone();
    let mut skipped = Vec::new();
    for (i, step) in model.recipe.steps.iter().enumerate() {
        if removes_rows(step) {
            skipped.push(format!("{} ({})", i + 1, step.op()));
            continue;
        }
        cleaned = apply_step(&cleaned, step)
            .map_err(|e| {
                let lacks = if missing.is_empty() {
                    String::new()
                } else {
                    format!(
                        "the data lacks {} of the training data's columns ({}), and ",
                        missing.len(),
                        quoted(&missing)
                    )
                };
                format!(
                    "{lacks}recipe step {} ({}) fails: {e}{}",
                    i + 1,
                    step.op(),
                    if missing.is_empty() {
                        String::new()
                    } else {
                        not_cleaned_either(model, data)
                    }
                )
            })?
            .frame;
    }
    if !skipped.is_empty() {
        warnings.push(format!(
            "steps that remove rows were skipped so that every row gets a prediction: {}",
            skipped.join(", ")
        ));
    }
    let absent: Vec<String> = model
        .features
        .iter()
        .filter(|f| cleaned.column(f).is_err())
        .cloned()
        .collect();
    if !absent.is_empty() {
        return Err(format!(
            "the data lacks columns the model needs: {}{}{}",
            quoted(&absent),
            if missing.is_empty() {
                String::new()
            } else {
                format!(" (missing from the input: {})", quoted(&missing))
            },
            if missing.is_empty() {
                String::new()
            } else {
                not_cleaned_either(model, data)
            }
        ));
    }
    if !missing.is_empty() {
        warnings.push(format!(
            "the data lacks {} of the training data's columns; the model does not need them",
            quoted(&missing)
        ));
    }
    Ok(cleaned)
}

/// Why data that is not raw is not the cleaned data either: the cleaned columns it lacks.
fn not_cleaned_either(model: &SavedModel, data: &DataFrame) -> String {
    let mut lacks: Vec<String> = model
        .cleaned_columns
        .iter()
        .map(|(c, _)| c)
        .chain(&model.features)
        .filter(|c| Some(*c) != model.target.as_ref() && data.column(c).is_err())
        .cloned()
        .collect();
    lacks.sort();
    lacks.dedup();
    if lacks.is_empty() {
        String::new()
    } else {
        format!(
            "; nor is it the cleaned data (it lacks {} of its columns: {})",
            lacks.len(),
            quoted(&lacks)
        )
    }
}

/// The name a cleaned column had in the raw data: renames undone, last first.
fn raw_name(steps: &[Step], cleaned: &str) -> String {
    let mut name = cleaned.to_string();
    for step in steps.iter().rev() {
        if let Step::Rename { columns } = step {
            if let Some((old, _)) = columns.iter().find(|(_, new)| **new == name) {
                name = old.clone();
            }
        }
    }
    name
}

/// A type name as `DataType`'s `Display` writes it, back to the type (the ones data files give).
fn dtype_named(name: &str) -> Option<DataType> {
    Some(match name {
        "i8" => DataType::Int8,
        "i16" => DataType::Int16,
        "i32" => DataType::Int32,
        "i64" => DataType::Int64,
        "u8" => DataType::UInt8,
        "u16" => DataType::UInt16,
        "u32" => DataType::UInt32,
        "u64" => DataType::UInt64,
        "f32" => DataType::Float32,
        "f64" => DataType::Float64,
        "str" => DataType::String,
        "bool" => DataType::Boolean,
        "date" => DataType::Date,
        _ => return None,
    })
}

fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A unique name for an added column.
fn free_name(frame: &DataFrame, taken: &[String], want: String) -> String {
    let mut name = want.clone();
    let mut i = 2;
    while frame.column(&name).is_ok() || taken.contains(&name) {
        name = format!("{want}_{i}");
        i += 1;
    }
    name
}

/// Check `data`'s columns against the training data's, clean it with the saved steps (those
/// that remove rows skipped), and predict every row whose features are all present.
pub fn predict(model: &SavedModel, data: &DataFrame) -> Result<Predicted, String> {
    let mut warnings = Vec::new();
    let target = model.target.clone();
    let (cleaned, input) = match reading(model, data) {
        Reading::Cleaned => {
            let frame = match_types(&model.cleaned_columns, data, &mut warnings)?;
            (frame, Reading::Cleaned)
        }
        Reading::Raw => (clean_raw(model, data, &mut warnings)?, Reading::Raw),
    };
    // Each feature read as the kind the encoder learnt: numbers, or levels.
    let n = cleaned.height();
    let mut complete = vec![true; n];
    let mut infinite: BTreeMap<&str, usize> = BTreeMap::new();
    let mut huge: BTreeMap<&str, usize> = BTreeMap::new();
    // A model that learnt fills (impute) fills missing values as in training.
    let fills = model.encoder.fill.is_some();
    let mut filled: BTreeMap<&str, usize> = BTreeMap::new();
    let mut columns = Vec::new();
    for (name, levels) in model.features.iter().zip(&model.encoder.levels) {
        let col = cleaned.column(name).map_err(|e| e.to_string())?;
        let col = match levels {
            None => {
                let physical = if col.dtype().is_temporal() {
                    col.to_physical_repr()
                } else {
                    col.clone()
                };
                let c = physical
                    .cast(&DataType::Float64)
                    .map_err(|e| e.to_string())?;
                if c.null_count() > col.null_count() {
                    return Err(format!(
                        "`{name}` was numeric in training; here, after cleaning, it is {}",
                        col.dtype()
                    ));
                }
                for (i, v) in c.f64().map_err(|e| e.to_string())?.iter().enumerate() {
                    match v {
                        Some(x) if x.is_infinite() => {
                            *infinite.entry(name.as_str()).or_default() += 1;
                            complete[i] = false;
                        }
                        Some(x) if crate::core::model::features::too_large(x) => {
                            *huge.entry(name.as_str()).or_default() += 1;
                            complete[i] = false;
                        }
                        Some(x) if !x.is_nan() => {}
                        _ if fills => *filled.entry(name.as_str()).or_default() += 1,
                        _ => complete[i] = false,
                    }
                }
                c
            }
            Some(levels) => {
                let c = col.cast(&DataType::String).map_err(|e| e.to_string())?;
                let mut unseen: BTreeMap<String, usize> = BTreeMap::new();
                for (i, v) in c.str().map_err(|e| e.to_string())?.iter().enumerate() {
                    match v {
                        None if fills => *filled.entry(name.as_str()).or_default() += 1,
                        None => complete[i] = false,
                        Some(v) if levels.binary_search(&v.to_string()).is_err() => {
                            *unseen.entry(v.to_string()).or_default() += 1;
                        }
                        _ => {}
                    }
                }
                if !unseen.is_empty() {
                    let total: usize = unseen.values().sum();
                    let mut top: Vec<(String, usize)> = unseen.into_iter().collect();
                    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    let shown: Vec<String> = top
                        .iter()
                        .take(5)
                        .map(|(v, c)| format!("{v:?} ({c})"))
                        .collect();
                    warnings.push(format!(
                        "`{name}`: {total} rows have categories never seen in training: {}{}; \
                         they are encoded as none of the known ones",
                        shown.join(", "),
                        if top.len() > 5 { ", ..." } else { "" }
                    ));
                }
                c
            }
        };
        columns.push(col);
    }
    let features = DataFrame::new(n, columns).map_err(|e| e.to_string())?;
    if let Some(fill) = &model.encoder.fill {
        let values: BTreeMap<&str, &crate::core::model::features::Fill> = model
            .features
            .iter()
            .map(String::as_str)
            .zip(fill)
            .collect();
        let list: Vec<String> = filled
            .iter()
            .map(|(c, k)| {
                let rows = if *k == 1 { "row" } else { "rows" };
                match values.get(c) {
                    Some(v) => format!("`{c}` ({k} {rows}, {v})"),
                    None => format!("`{c}` ({k} {rows})"),
                }
            })
            .collect();
        if !list.is_empty() {
            warnings.push(format!(
                "missing values filled as in training: {}",
                list.join(", ")
            ));
        }
    }
    let rows: Vec<usize> = (0..n).filter(|&i| complete[i]).collect();
    if rows.len() < n {
        // Infinite values are refused like missing ones: no model can score them.
        let skipped = n - rows.len();
        let (rows_have, get) = if skipped == 1 {
            ("1 row has".to_string(), "gets")
        } else {
            (
                format!(
                    "{} rows have",
                    crate::core::data::cells::group_thousands(skipped)
                ),
                "get",
            )
        };
        let listed = |m: &BTreeMap<&str, usize>| -> String {
            let list: Vec<String> = m.iter().map(|(c, k)| format!("`{c}` ({k})")).collect();
            list.join(", ")
        };
        warnings.push(if !huge.is_empty() {
            format!(
                "{rows_have} missing, infinite or too large features and {get} no prediction \
                 (values beyond ±{:e} in {}{})",
                crate::core::model::features::MAX_MAGNITUDE,
                listed(&huge),
                if infinite.is_empty() {
                    String::new()
                } else {
                    format!("; infinite values in {}", listed(&infinite))
                }
            )
        } else if infinite.is_empty() {
            format!("{rows_have} missing features and {get} no prediction")
        } else {
            let list: Vec<String> = infinite
                .iter()
                .map(|(c, k)| format!("`{c}` ({k})"))
                .collect();
            format!(
                "{} missing or infinite features and {get} no prediction \
                 (infinite values in {})",
                rows_have,
                list.join(", ")
            )
        });
    }
    let table = Table::new(&features, &model.features)?;
    let x = model.encoder.transform(&table, &rows);
    let classes = model.classes.as_deref();
    let k = classes.map_or(0, |c| c.len());
    let prediction = model.fitted.predict(&x, k);
    // Columns the length of the data, missing where there was no prediction.
    let spread_f64 = |vals: &[f64]| -> Vec<Option<f64>> {
        let mut out = vec![None; n];
        for (&r, &v) in rows.iter().zip(vals) {
            out[r] = Some(v);
        }
        out
    };
    let mut added: Vec<Column> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let base = target.clone().unwrap_or_else(|| "cluster".into());
    match &prediction {
        Prediction::Values(v) => {
            let name = free_name(data, &names, format!("{base}_predicted"));
            added.push(Column::new(name.as_str().into(), spread_f64(v)));
            names.push(name);
        }
        Prediction::Classes { labels, proba } => {
            let mut text: Vec<Option<String>> = vec![None; n];
            for (&r, &l) in rows.iter().zip(labels) {
                text[r] = Some(
                    classes
                        .and_then(|c| c.get(l))
                        .cloned()
                        .unwrap_or_else(|| l.to_string()),
                );
            }
            let name = free_name(data, &names, format!("{base}_predicted"));
            added.push(Column::new(name.as_str().into(), text));
            names.push(name);
            if let (Some(p), Some(cls)) = (proba, classes) {
                for (c, class) in cls.iter().enumerate() {
                    let vals: Vec<f64> = p.iter().map(|row| row[c]).collect();
                    let name = free_name(data, &names, format!("proba_{class}"));
                    added.push(Column::new(name.as_str().into(), spread_f64(&vals)));
                    names.push(name);
                }
            }
        }
        Prediction::Clusters { labels, .. } => {
            let mut out: Vec<Option<u32>> = vec![None; n];
            for (&r, &l) in rows.iter().zip(labels) {
                out[r] = Some(l as u32);
            }
            let name = free_name(data, &names, "cluster".into());
            added.push(Column::new(name.as_str().into(), out));
            names.push(name);
        }
    }
    let mut out = data.clone();
    for c in added {
        out.with_column(c).map_err(|e| e.to_string())?;
    }
    Ok(Predicted {
        frame: out,
        added: names,
        warnings,
        predicted: rows.len(),
        input,
    })
}
