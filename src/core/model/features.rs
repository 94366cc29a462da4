//! From a frame to model inputs: which column is the target and which are features (with the
//! reasons some are left out), which task that makes, and the encoding learnt on training rows
//! only: numbers pass through, text and booleans become one 0/1 column per level seen in
//! training, and (for models that need it) every feature is standardised with the training
//! mean and standard deviation. Matrices are built from f64 buffers (polars and linfa use
//! different ndarray versions).

use std::collections::BTreeMap;

use ndarray::Array2;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::core::data::cells::is_numeric;

/// What a model is asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    Regression,
    Classification,
    Clustering,
}

impl Task {
    pub fn name(self) -> &'static str {
        match self {
            Task::Regression => "regression",
            Task::Classification => "classification",
            Task::Clustering => "clustering",
        }
    }
}

/// A task equals its name as the JSON spells it (`report.task == "regression"`).
impl PartialEq<&str> for Task {
    fn eq(&self, name: &&str) -> bool {
        self.name() == *name
    }
}

impl std::fmt::Display for Task {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A numeric target with more distinct values than this is a regression target.
pub const MAX_CLASSES: usize = 20;

/// How training treats a missing feature value (null or NaN): filled inside the model's
/// pipeline with a statistic of each fit's training rows (scikit-learn's `SimpleImputer` before
/// the model), or refused. The target is never imputed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Impute {
    /// Numbers: the median of the training rows; text: the most frequent level (ties: the
    /// smallest, as scikit-learn's `most_frequent`).
    #[default]
    Median,
    /// Numbers: the mean of the training rows; text: the most frequent level.
    Mean,
    /// Missing values stop training (add a fill_null or drop_nulls step).
    None,
}

impl Impute {
    pub const NAMES: [&'static str; 3] = ["median", "mean", "none"];

    pub fn name(self) -> &'static str {
        match self {
            Impute::Median => "median",
            Impute::Mean => "mean",
            Impute::None => "none",
        }
    }

    /// `median`, `mean` or `none`, as written after `impute=`.
    pub fn parse(text: &str) -> Result<Impute, String> {
        match text.trim() {
            "median" => Ok(Impute::Median),
            "mean" => Ok(Impute::Mean),
            "none" => Ok(Impute::None),
            other => Err(format!(
                "impute={other}: write impute=median, impute=mean or impute=none"
            )),
        }
    }

    pub fn is_default(&self) -> bool {
        *self == Impute::default()
    }
}

/// What a missing value of one feature becomes, learnt on training rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Fill {
    Number(f64),
    Level(String),
}

impl std::fmt::Display for Fill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fill::Number(x) => f.write_str(&crate::core::data::cells::format_stat(*x, 6)),
            Fill::Level(l) => write!(f, "{l:?}"),
        }
    }
}

/// A feature whose missing values a run filled (the `imputed` list of `lathe train --json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Imputed {
    pub column: String,
    /// Missing values in the column over every row of the data.
    pub missing: usize,
    /// `median`, `mean` or `most_frequent`.
    pub strategy: &'static str,
    /// The value filled in by the last fit (each fold learns its own).
    pub value: Fill,
}

/// The columns a model uses.
#[derive(Debug, Clone, PartialEq)]
pub struct Setup {
    pub target: Option<String>,
    pub features: Vec<String>,
    pub task: Task,
    /// Columns left out by default, with why.
    pub excluded: Vec<(String, String)>,
}

fn distinct(col: &Column) -> usize {
    col.drop_nulls().n_unique().unwrap_or(0)
}

/// The task a target implies: none -> clustering; numbers with many distinct values (or
/// fractions) -> regression; otherwise classification.
pub fn infer_task(frame: &DataFrame, target: Option<&str>) -> Task {
    let Some(col) = target.and_then(|t| frame.column(t).ok()) else {
        return Task::Clustering;
    };
    if !is_numeric(col.dtype()) {
        return Task::Classification;
    }
    let fractional = col
        .cast(&DataType::Float64)
        .ok()
        .and_then(|c| {
            c.f64()
                .ok()
                .map(|ca| ca.iter().flatten().any(|x| x.fract() != 0.0))
        })
        .unwrap_or(false);
    if fractional || distinct(col) > MAX_CLASSES {
        Task::Regression
    } else {
        Task::Classification
    }
}

/// Target and features: `features` if given (checked), else every other column except those
/// that cannot help (constant, all missing, an identifier unique per row), which are listed in
/// `excluded` with the reason.
pub fn setup(
    frame: &DataFrame,
    target: Option<&str>,
    features: Option<&[String]>,
    task: Option<Task>,
) -> Result<Setup, String> {
    setup_known(frame, target, features, task, None)
}

/// [`setup`], with the distinct-value counts of the columns already known (the column
/// statistics hold them), so that a form can work out the exclusions without reading every
/// column again on the UI thread. Columns missing from `known` are counted.
pub fn setup_known(
    frame: &DataFrame,
    target: Option<&str>,
    features: Option<&[String]>,
    task: Option<Task>,
    known: Option<&std::collections::HashMap<String, usize>>,
) -> Result<Setup, String> {
    if let Some(t) = target {
        frame
            .column(t)
            .map_err(|_| format!("no target column `{t}`"))?;
    }
    let task = task.unwrap_or_else(|| infer_task(frame, target));
    if task != Task::Clustering && target.is_none() {
        return Err(format!("{} needs a target column", task.name()));
    }
    if task == Task::Regression {
        let t = frame
            .column(target.unwrap_or_default())
            .map_err(|e| e.to_string())?;
        if !is_numeric(t.dtype()) {
            return Err(format!(
                "regression needs a numeric target; `{}` is {}",
                t.name(),
                t.dtype()
            ));
        }
    }
    let mut excluded = Vec::new();
    let chosen: Vec<String> = match features {
        Some(list) => {
            for f in list {
                frame
                    .column(f)
                    .map_err(|_| format!("no feature column `{f}`"))?;
                if Some(f.as_str()) == target {
                    return Err(format!("`{f}` is the target; it cannot be a feature too"));
                }
            }
            list.to_vec()
        }
        None => {
            let rows = frame.height();
            let mut out = Vec::new();
            for col in frame.columns() {
                let name = col.name().to_string();
                if Some(name.as_str()) == target {
                    continue;
                }
                let n = known
                    .and_then(|k| k.get(&name).copied())
                    .unwrap_or_else(|| distinct(col));
                let reason = if col.null_count() == rows {
                    Some("all missing")
                } else if n <= 1 {
                    Some("constant")
                } else if rows >= 20
                    && n == rows
                    && (col.dtype().is_integer() || col.dtype() == &DataType::String)
                {
                    Some("an identifier (unique per row)")
                } else if col.dtype() == &DataType::String && n > 100 && n * 2 > rows {
                    Some("free text (too many distinct values to encode)")
                } else {
                    None
                };
                match reason {
                    Some(r) => excluded.push((name, r.to_string())),
                    None => out.push(name),
                }
            }
            out
        }
    };
    if chosen.is_empty() {
        return Err("no usable feature columns".into());
    }
    Ok(Setup {
        target: target.map(str::to_string),
        features: chosen,
        task,
        excluded,
    })
}

/// Missing values (null or NaN) in the target, in the features when `impute` is `none`, and
/// infinite values anywhere stop training: no model here can fit or score them (a NaN or an
/// infinity in one row makes distances, sums and likelihoods undefined, and some solvers loop or
/// panic on them). The message counts them per column and says the fix. Otherwise missing
/// feature values are filled inside the pipeline (`Encoder`). `predict` applies the same rule
/// per row: rows it cannot fill get no prediction and a warning.
pub fn check_missing(frame: &DataFrame, setup: &Setup, impute: Impute) -> Result<(), String> {
    let mut missing = Vec::new();
    let mut infinite = Vec::new();
    let mut huge = Vec::new();
    for name in setup.target.iter().chain(&setup.features) {
        let imputed = impute != Impute::None && Some(name) != setup.target.as_ref();
        let col = frame.column(name).map_err(|e| e.to_string())?;
        let mut n = col.null_count();
        let (mut inf, mut big) = (0, 0);
        let floats = match col.dtype() {
            DataType::Float32 => col.cast(&DataType::Float64).ok(),
            DataType::Float64 => Some(col.clone()),
            _ => None,
        };
        if let Some(ca) = floats.as_ref().and_then(|c| c.f64().ok()) {
            for x in ca.iter().flatten() {
                n += usize::from(x.is_nan());
                inf += usize::from(x.is_infinite());
                big += usize::from(too_large(x));
            }
        }
        if n > 0 && !imputed {
            missing.push(format!("`{name}` ({n})"));
        }
        if inf > 0 {
            infinite.push((name.as_str(), inf));
        }
        if big > 0 {
            huge.push((name.as_str(), big));
        }
    }
    let huge_fix = || {
        let keep: Vec<String> = huge
            .iter()
            .map(|(n, _)| {
                let c = crate::core::data::expr::column_ref(n);
                format!("{c} > -{MAX_MAGNITUDE:e} and {c} < {MAX_MAGNITUDE:e}")
            })
            .collect();
        let counts: Vec<String> = huge.iter().map(|(n, c)| format!("`{n}` ({c})")).collect();
        format!(
            "values beyond ±{MAX_MAGNITUDE:e} stop training (their squares and sums overflow): \
             add a filter step keeping `{}` (F in the app, or a recipe), or clip_outliers with \
             bounds; too large in {}",
            keep.join(" and "),
            counts.join(", ")
        )
    };
    let infinite_fix = |names: &[(&str, usize)]| {
        let keep: Vec<String> = names
            .iter()
            .map(|(n, _)| format!("is_finite({})", crate::core::data::expr::column_ref(n)))
            .collect();
        let counts: Vec<String> = names.iter().map(|(n, c)| format!("`{n}` ({c})")).collect();
        format!(
            "add a filter step keeping `{}` (F in the app, or a recipe), or clip_outliers \
             with bounds; infinite in {}",
            keep.join(" and "),
            counts.join(", ")
        )
    };
    // The fix first: a status line cut short still says what to do.
    match (missing.is_empty(), infinite.is_empty()) {
        (true, true) if huge.is_empty() => Ok(()),
        (true, true) => Err(huge_fix()),
        (true, false) => Err(format!(
            "infinite values stop training: {}",
            infinite_fix(&infinite)
        )),
        (false, infinite_none) => Err(format!(
            "missing values stop training: {}; missing in {}{}",
            if impute == Impute::None {
                "add a fill_null or drop_nulls step first (C in the app, or a recipe), or \
                 leave impute=none out to fill features inside the model"
            } else {
                "a target is never filled in: add a drop_nulls step on it first (C in the app, \
                 or a recipe)"
            },
            missing.join(", "),
            if infinite_none {
                String::new()
            } else {
                format!(". Infinite values stop it too: {}", infinite_fix(&infinite))
            }
        )),
    }
}

/// The largest magnitude a value may have to be fitted or scored: beyond it, squares (variances,
/// distances, Gram matrices) and sums over the rows overflow 64-bit floats, and a solver sees
/// infinities it was never given. Such values are refused like infinite ones.
pub const MAX_MAGNITUDE: f64 = 1e100;

/// A finite value too large to fit (see [`MAX_MAGNITUDE`]).
pub fn too_large(x: f64) -> bool {
    x.is_finite() && x.abs() > MAX_MAGNITUDE
}

/// A feature column's values, read once.
#[derive(Debug, Clone)]
enum Values {
    /// NaN where missing.
    Numbers(Vec<f64>),
    Levels(Vec<Option<String>>),
}

/// The features of a frame, read once into plain vectors.
#[derive(Debug, Clone)]
pub struct Table {
    names: Vec<String>,
    values: Vec<Values>,
    pub rows: usize,
}

impl Table {
    pub fn new(frame: &DataFrame, features: &[String]) -> Result<Table, String> {
        let mut values = Vec::new();
        for name in features {
            let col = frame.column(name).map_err(|e| e.to_string())?;
            let v = if is_numeric(col.dtype()) {
                let c = col.cast(&DataType::Float64).map_err(|e| e.to_string())?;
                Values::Numbers(
                    c.f64()
                        .map_err(|e| e.to_string())?
                        .iter()
                        .map(|v| v.unwrap_or(f64::NAN))
                        .collect(),
                )
            } else if col.dtype().is_temporal() {
                // Dates as a number (days or time units since 1970): their order matters.
                let c = col
                    .to_physical_repr()
                    .cast(&DataType::Float64)
                    .map_err(|e| e.to_string())?;
                Values::Numbers(
                    c.f64()
                        .map_err(|e| e.to_string())?
                        .iter()
                        .map(|v| v.unwrap_or(f64::NAN))
                        .collect(),
                )
            } else {
                let c = col.cast(&DataType::String).map_err(|e| e.to_string())?;
                Values::Levels(
                    c.str()
                        .map_err(|e| e.to_string())?
                        .iter()
                        .map(|v| v.map(str::to_string))
                        .collect(),
                )
            };
            values.push(v);
        }
        Ok(Table {
            names: features.to_vec(),
            values,
            rows: frame.height(),
        })
    }

    /// The columns the features encode to over every row (a number each, a one-hot column per
    /// distinct text value), and the text feature with the most levels: what a fit's memory
    /// is estimated from before it starts.
    pub fn encoded_width(&self) -> (usize, Option<(&str, usize)>) {
        let mut width = 0;
        let mut widest: Option<(&str, usize)> = None;
        for (name, v) in self.names.iter().zip(&self.values) {
            match v {
                Values::Numbers(_) => width += 1,
                Values::Levels(all) => {
                    let levels = all
                        .iter()
                        .flatten()
                        .map(String::as_str)
                        .collect::<std::collections::HashSet<&str>>()
                        .len();
                    width += levels;
                    if widest.is_none_or(|(_, w)| levels > w) {
                        widest = Some((name, levels));
                    }
                }
            }
        }
        (width, widest)
    }
}

impl Table {
    /// Each feature's missing values over every row, where there are any.
    pub fn missing(&self) -> Vec<(&str, usize)> {
        self.names
            .iter()
            .zip(&self.values)
            .map(|(name, v)| {
                let n = match v {
                    Values::Numbers(x) => x.iter().filter(|x| x.is_nan()).count(),
                    Values::Levels(l) => l.iter().filter(|l| l.is_none()).count(),
                };
                (name.as_str(), n)
            })
            .filter(|&(_, n)| n > 0)
            .collect()
    }
}

/// The rows of a feature matrix as one row-major buffer, borrowed when it already is one (the
/// fits that make chunked passes over rows read this).
pub fn row_major(x: &Array2<f64>) -> std::borrow::Cow<'_, [f64]> {
    match x.as_slice() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(x.iter().copied().collect()),
    }
}

/// How features become numbers, learnt on training rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Encoder {
    /// Per input column: `None` for numbers, or the levels of its one-hot columns.
    pub levels: Vec<Option<Vec<String>>>,
    /// Names of the output columns (`island=Dream` for a level).
    pub names: Vec<String>,
    /// Training mean and standard deviation per output column, when standardising.
    pub scale: Option<Vec<(f64, f64)>>,
    /// Per input column, what a missing value becomes (learnt on the training rows); absent
    /// when training refused missing values (`impute=none`, and model files written before
    /// imputation), so a missing value gets no prediction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fill: Option<Vec<Fill>>,
}

/// The median (numpy's, the mean of the middle two) or mean of the non-missing values, 0 when
/// there are none.
fn centre(values: impl Iterator<Item = f64>, impute: Impute) -> f64 {
    let mut v: Vec<f64> = values.filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return 0.0;
    }
    if impute == Impute::Mean {
        return v.iter().sum::<f64>() / v.len() as f64;
    }
    let mid = v.len() / 2;
    let (_, &mut upper, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    if v.len() % 2 == 1 {
        upper
    } else {
        let lower = v[..mid].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lower + upper) / 2.0
    }
}

/// The most frequent level, the smallest among ties; `None` when every value is missing.
fn most_frequent<'a>(values: impl Iterator<Item = &'a Option<String>>) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values.flatten() {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    // max_by_key keeps the last maximum; the map is sorted, so reverse for the smallest.
    counts
        .into_iter()
        .rev()
        .max_by_key(|&(_, n)| n)
        .map(|(l, _)| l.to_string())
}

impl Encoder {
    /// Learn the encoding on `rows`: the levels of text features, missing values' fills (unless
    /// `impute` is `none`), then the scaling of the filled values.
    pub fn fit(table: &Table, rows: &[usize], standardise: bool, impute: Impute) -> Encoder {
        let mut levels = Vec::new();
        let mut names = Vec::new();
        let mut fill = Vec::new();
        for (name, v) in table.names.iter().zip(&table.values) {
            match v {
                Values::Numbers(nums) => {
                    levels.push(None);
                    names.push(name.clone());
                    if impute != Impute::None {
                        fill.push(Fill::Number(centre(rows.iter().map(|&r| nums[r]), impute)));
                    }
                }
                Values::Levels(all) => {
                    let filled = (impute != Impute::None)
                        .then(|| most_frequent(rows.iter().map(|&r| &all[r])))
                        .flatten();
                    let mut seen: Vec<String> =
                        rows.iter().filter_map(|&r| all[r].clone()).collect();
                    // Without imputation a missing level is a level of its own, as before.
                    if impute == Impute::None && rows.iter().any(|&r| all[r].is_none()) {
                        seen.push(String::new());
                    }
                    seen.sort();
                    seen.dedup();
                    names.extend(seen.iter().map(|l| format!("{name}={l}")));
                    levels.push(Some(seen));
                    if impute != Impute::None {
                        fill.push(Fill::Level(filled.unwrap_or_default()));
                    }
                }
            }
        }
        let mut enc = Encoder {
            levels,
            names,
            scale: None,
            fill: (impute != Impute::None).then_some(fill),
        };
        if standardise {
            let x = enc.transform(table, rows);
            let n = rows.len().max(1) as f64;
            let scale = (0..x.ncols())
                .map(|j| {
                    let col = x.column(j);
                    let mean = col.sum() / n;
                    let var = col.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
                    let sd = var.sqrt();
                    (mean, if sd > 0.0 && sd.is_finite() { sd } else { 1.0 })
                })
                .collect();
            enc.scale = Some(scale);
        }
        enc
    }

    /// The features of `table` with missing values, and what this encoder fills them with.
    pub fn imputed(&self, table: &Table, impute: Impute) -> Vec<Imputed> {
        let Some(fill) = &self.fill else {
            return Vec::new();
        };
        let missing: BTreeMap<&str, usize> = table.missing().into_iter().collect();
        table
            .names
            .iter()
            .zip(fill)
            .filter_map(|(name, f)| {
                let n = *missing.get(name.as_str())?;
                let strategy = match (f, impute) {
                    (Fill::Level(_), _) => "most_frequent",
                    (_, Impute::Mean) => "mean",
                    _ => "median",
                };
                Some(Imputed {
                    column: name.clone(),
                    missing: n,
                    strategy,
                    value: f.clone(),
                })
            })
            .collect()
    }

    /// The feature matrix of `rows`: missing values filled as learnt (NaN without a fill),
    /// levels not seen in training all zeros.
    pub fn transform(&self, table: &Table, rows: &[usize]) -> Array2<f64> {
        self.transform_until(table, rows, &super::models::never)
            .expect("never stopped")
    }

    /// [`Encoder::transform`], asking `stop` before each column (a million rows of a wide
    /// one-hot matrix take a second); `None` once it said stop.
    pub fn transform_until(
        &self,
        table: &Table,
        rows: &[usize],
        stop: super::models::Stop,
    ) -> Option<Array2<f64>> {
        let mut x = Array2::<f64>::zeros((rows.len(), self.names.len()));
        let mut j = 0;
        let empty = String::new();
        for (c, (v, lv)) in table.values.iter().zip(&self.levels).enumerate() {
            if stop() {
                return None;
            }
            let fill = self.fill.as_ref().and_then(|f| f.get(c));
            match (v, lv) {
                (Values::Numbers(nums), None) => {
                    let filled = match fill {
                        Some(Fill::Number(f)) => *f,
                        _ => f64::NAN,
                    };
                    for (i, &r) in rows.iter().enumerate() {
                        let v = nums[r];
                        x[[i, j]] = if v.is_nan() { filled } else { v };
                    }
                    j += 1;
                }
                (Values::Levels(all), Some(levels)) => {
                    let filled = match fill {
                        Some(Fill::Level(l)) => l,
                        _ => &empty,
                    };
                    for (i, &r) in rows.iter().enumerate() {
                        let level = all[r].as_ref().unwrap_or(filled);
                        if let Ok(k) = levels.binary_search(level) {
                            x[[i, j + k]] = 1.0;
                        }
                    }
                    j += levels.len();
                }
                _ => unreachable!("the encoder was fitted on this table"),
            }
        }
        if let Some(scale) = &self.scale {
            for (jj, (m, s)) in scale.iter().enumerate() {
                x.column_mut(jj).mapv_inplace(|v| (v - m) / s);
            }
        }
        Some(x)
    }
}

/// A classification target as class indices into `classes` (sorted names).
pub fn class_target(frame: &DataFrame, target: &str) -> Result<(Vec<usize>, Vec<String>), String> {
    let col = frame.column(target).map_err(|e| e.to_string())?;
    // Numbers sort as numbers (2 before 10).
    let labels: Vec<String> = if is_numeric(col.dtype()) {
        let c = col.cast(&DataType::Float64).map_err(|e| e.to_string())?;
        c.f64()
            .map_err(|e| e.to_string())?
            .iter()
            .map(|v| {
                v.map_or(String::new(), |x| {
                    crate::core::data::cells::format_stat(x, 12)
                })
            })
            .collect()
    } else {
        let c = col.cast(&DataType::String).map_err(|e| e.to_string())?;
        c.str()
            .map_err(|e| e.to_string())?
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect()
    };
    let mut classes: Vec<String> = labels.clone();
    classes.sort();
    classes.dedup();
    if is_numeric(col.dtype()) {
        classes.sort_by(|a, b| {
            a.parse::<f64>()
                .unwrap_or(0.0)
                .total_cmp(&b.parse::<f64>().unwrap_or(0.0))
        });
    }
    let index: BTreeMap<&str, usize> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let y = labels.iter().map(|l| index[l.as_str()]).collect();
    Ok((y, classes))
}

/// A regression target as numbers.
pub fn number_target(frame: &DataFrame, target: &str) -> Result<Vec<f64>, String> {
    let c = frame
        .column(target)
        .map_err(|e| e.to_string())?
        .cast(&DataType::Float64)
        .map_err(|e| e.to_string())?;
    Ok(c.f64()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|v| v.unwrap_or(f64::NAN))
        .collect())
}
