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

use super::cells::is_numeric;

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

/// A numeric target with more distinct values than this is a regression target.
pub const MAX_CLASSES: usize = 20;

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

/// Missing values (null or NaN) and infinite values in the chosen columns stop training: no
/// model here can fit or score them (a NaN or an infinity in one row makes distances, sums and
/// likelihoods undefined, and some solvers loop or panic on them). The message counts them per
/// column and says the fix. `predict` applies the same rule per row instead: such rows get no
/// prediction and a warning.
pub fn check_missing(frame: &DataFrame, setup: &Setup) -> Result<(), String> {
    let mut missing = Vec::new();
    let mut infinite = Vec::new();
    for name in setup.target.iter().chain(&setup.features) {
        let col = frame.column(name).map_err(|e| e.to_string())?;
        let mut n = col.null_count();
        let mut inf = 0;
        let floats = match col.dtype() {
            DataType::Float32 => col.cast(&DataType::Float64).ok(),
            DataType::Float64 => Some(col.clone()),
            _ => None,
        };
        if let Some(ca) = floats.as_ref().and_then(|c| c.f64().ok()) {
            for x in ca.iter().flatten() {
                n += usize::from(x.is_nan());
                inf += usize::from(x.is_infinite());
            }
        }
        if n > 0 {
            missing.push(format!("`{name}` ({n})"));
        }
        if inf > 0 {
            infinite.push((name.as_str(), inf));
        }
    }
    let infinite_fix = |names: &[(&str, usize)]| {
        let keep: Vec<String> = names
            .iter()
            .map(|(n, _)| format!("is_finite({})", super::expr::column_ref(n)))
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
        (true, true) => Ok(()),
        (true, false) => Err(format!(
            "infinite values stop training: {}",
            infinite_fix(&infinite)
        )),
        (false, infinite_none) => Err(format!(
            "missing values stop training: add a fill_null or drop_nulls step first (C in the \
             app, or a recipe); missing in {}{}",
            missing.join(", "),
            if infinite_none {
                String::new()
            } else {
                format!(". Infinite values stop it too: {}", infinite_fix(&infinite))
            }
        )),
    }
}

/// A feature column's values, read once.
#[derive(Debug, Clone)]
enum Values {
    Numbers(Vec<f64>),
    Levels(Vec<String>),
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
                        .map(|v| v.unwrap_or("").to_string())
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
}

impl Encoder {
    pub fn fit(table: &Table, rows: &[usize], standardise: bool) -> Encoder {
        let mut levels = Vec::new();
        let mut names = Vec::new();
        for (name, v) in table.names.iter().zip(&table.values) {
            match v {
                Values::Numbers(_) => {
                    levels.push(None);
                    names.push(name.clone());
                }
                Values::Levels(all) => {
                    let mut seen: Vec<String> = rows.iter().map(|&r| all[r].clone()).collect();
                    seen.sort();
                    seen.dedup();
                    names.extend(seen.iter().map(|l| format!("{name}={l}")));
                    levels.push(Some(seen));
                }
            }
        }
        let mut enc = Encoder {
            levels,
            names,
            scale: None,
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

    /// The feature matrix of `rows` (levels not seen in training give all zeros).
    pub fn transform(&self, table: &Table, rows: &[usize]) -> Array2<f64> {
        let mut x = Array2::<f64>::zeros((rows.len(), self.names.len()));
        let mut j = 0;
        for (v, lv) in table.values.iter().zip(&self.levels) {
            match (v, lv) {
                (Values::Numbers(nums), None) => {
                    for (i, &r) in rows.iter().enumerate() {
                        x[[i, j]] = nums[r];
                    }
                    j += 1;
                }
                (Values::Levels(all), Some(levels)) => {
                    for (i, &r) in rows.iter().enumerate() {
                        if let Ok(k) = levels.binary_search(&all[r]) {
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
        x
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
            .map(|v| v.map_or(String::new(), |x| super::cells::format_stat(x, 12)))
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
