//! From a frame to model inputs: which column is the target and which are features (with the
//! reasons some are left out), which task that makes, and the encoding learnt on training rows
//! only: numbers pass through, text and booleans become one 0/1 column per level seen in
//! training, and (for models that need it) every feature is standardised with the training
//! mean and standard deviation. Matrices are built from f64 buffers (polars and linfa use
//! different ndarray versions).

use crate::core::model::ModelError;
use ndarray::Array2;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

pub use super::encode::{class_target, number_target, Encoder};
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
    pub fn parse(text: &str) -> Result<Impute, ModelError> {
        match text.trim() {
            "median" => Ok(Impute::Median),
            "mean" => Ok(Impute::Mean),
            "none" => Ok(Impute::None),
            other => Err(ModelError::Spec(format!(
                "impute={other}: write impute=median, impute=mean or impute=none"
            ))),
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
) -> Result<Setup, ModelError> {
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
) -> Result<Setup, ModelError> {
    if let Some(t) = target {
        frame
            .column(t)
            .map_err(|_| ModelError::Data(format!("no target column `{t}`")))?;
    }
    let task = task.unwrap_or_else(|| infer_task(frame, target));
    if task != Task::Clustering && target.is_none() {
        return Err(ModelError::Spec(format!(
            "{} needs a target column",
            task.name()
        )));
    }
    if task == Task::Regression {
        let t = frame.column(target.unwrap_or_default())?;
        if !is_numeric(t.dtype()) {
            return Err(ModelError::Data(format!(
                "regression needs a numeric target; `{}` is {}",
                t.name(),
                t.dtype()
            )));
        }
    }
    let mut excluded = Vec::new();
    let chosen: Vec<String> = match features {
        Some(list) => {
            for f in list {
                frame
                    .column(f)
                    .map_err(|_| ModelError::Data(format!("no feature column `{f}`")))?;
                if Some(f.as_str()) == target {
                    return Err(ModelError::Spec(format!(
                        "`{f}` is the target; it cannot be a feature too"
                    )));
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
        return Err(ModelError::Data("no usable feature columns".into()));
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
pub fn check_missing(frame: &DataFrame, setup: &Setup, impute: Impute) -> Result<(), ModelError> {
    let mut missing = Vec::new();
    let mut infinite = Vec::new();
    let mut huge = Vec::new();
    for name in setup.target.iter().chain(&setup.features) {
        let imputed = impute != Impute::None && Some(name) != setup.target.as_ref();
        let col = frame.column(name)?;
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
        (true, true) => Err(ModelError::Data(huge_fix())),
        (true, false) => Err(ModelError::Data(format!(
            "infinite values stop training: {}",
            infinite_fix(&infinite)
        ))),
        (false, infinite_none) => Err(ModelError::Data(format!(
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
        ))),
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
pub(super) enum Values {
    /// NaN where missing.
    Numbers(Vec<f64>),
    Levels(Vec<Option<String>>),
}

/// The features of a frame, read once into plain vectors.
#[derive(Debug, Clone)]
pub struct Table {
    pub(super) names: Vec<String>,
    pub(super) values: Vec<Values>,
    pub rows: usize,
}

impl Table {
    pub fn new(frame: &DataFrame, features: &[String]) -> Result<Table, ModelError> {
        let mut values = Vec::new();
        for name in features {
            let col = frame.column(name)?;
            let v = if is_numeric(col.dtype()) {
                let c = col.cast(&DataType::Float64)?;
                Values::Numbers(c.f64()?.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
            } else if col.dtype().is_temporal() {
                // Dates as a number (days or time units since 1970): their order matters.
                let c = col.to_physical_repr().cast(&DataType::Float64)?;
                Values::Numbers(c.f64()?.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
            } else {
                let c = col.cast(&DataType::String)?;
                Values::Levels(c.str()?.iter().map(|v| v.map(str::to_string)).collect())
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
