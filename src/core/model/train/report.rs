//! What a training run is asked (`TrainSpec`, `Evaluation`) and what it answers (`Report`,
//! with the folds' scores and the out-of-fold predictions).

use crate::core::model::ModelError;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::core::model::features::{setup, Impute, Imputed, Setup, Task};
use crate::core::model::models::ModelSpec;

/// How a model is evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evaluation {
    /// Train on this share of the rows, test on the rest.
    Holdout { train: f64 },
    /// k-fold cross-validation.
    CrossValidation { folds: usize },
    /// Train on every row, test on the rows of another file (`train_with_test`).
    TestFile,
}

/// Everything a training run needs (the `model` section of a session recipe).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainSpec {
    #[serde(default)]
    pub target: Option<String>,
    /// The features (all usable columns when `None`).
    #[serde(default)]
    pub features: Option<Vec<String>>,
    /// The task (inferred from the target when `None`).
    #[serde(default)]
    pub task: Option<Task>,
    pub model: ModelSpec,
    #[serde(default = "default_evaluation")]
    pub evaluation: Evaluation,
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Missing feature values: filled inside the pipeline (median, or mean; text: the most
    /// frequent level), learnt on each fit's training rows, or `none` to refuse them.
    #[serde(default, skip_serializing_if = "Impute::is_default")]
    pub impute: Impute,
}

impl TrainSpec {
    /// The target, features and task this spec means on `frame` (`features::setup`).
    pub fn setup_on(&self, frame: &polars::prelude::DataFrame) -> Result<Setup, ModelError> {
        setup(
            frame,
            self.target.as_deref(),
            self.features.as_deref(),
            self.task,
        )
    }
}

fn default_evaluation() -> Evaluation {
    Evaluation::Holdout { train: 0.8 }
}

fn default_seed() -> u64 {
    42
}

/// Scores of one fold (or of the hold-out test rows).
pub type Scores = BTreeMap<String, f64>;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossValidation {
    pub folds: Vec<Scores>,
    pub mean: Scores,
    /// Standard deviation over folds (numpy's default, ddof 0).
    pub std: Scores,
    /// The baseline's scores on each fold.
    pub baseline_folds: Vec<Scores>,
}

/// What a training run found (the `--json` document of `lathe train`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub task: Task,
    pub model: String,
    pub evaluation: Evaluation,
    pub params: BTreeMap<String, f64>,
    pub target: Option<String>,
    pub features: Vec<String>,
    /// Columns left out by default, with the reason.
    pub excluded: BTreeMap<String, String>,
    /// Features whose missing values were filled in (`impute`), with what the last fit used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub imputed: Vec<Imputed>,
    /// The test scores (hold-out), or the mean over folds.
    pub metrics: Scores,
    pub baseline: Scores,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cv: Option<CrossValidation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coefficients: Option<BTreeMap<String, f64>>,
    /// The class `coefficients` are for: two classes keep one vector, for the larger label
    /// (scikit-learn's `coef_`), so its signs read "towards this class".
    #[serde(skip_serializing_if = "Option::is_none")]
    pub coefficients_class: Option<String>,
    /// More classes: one coefficient vector per class (multinomial logistic regression, the
    /// one-against-the-rest linear SVM), by class name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_coefficients: Option<BTreeMap<String, BTreeMap<String, f64>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub importances: Option<BTreeMap<String, f64>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub classes: Option<Vec<String>>,
    /// Summed over folds for cross-validation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confusion: Option<Vec<Vec<usize>>>,
    pub rows_train: usize,
    pub rows_test: usize,
    /// Iterative models (logistic, elastic net and its kin, k-means, mixtures): whether every fit met its
    /// stopping rule before the iteration cap (scikit-learn warns with a `ConvergenceWarning`
    /// where this is false) ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub converged: Option<bool>,
    /// ... and the most iterations one fit took (over folds under cross-validation).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iterations: Option<usize>,
    pub warnings: Vec<String>,
    pub fit_seconds: f64,
    /// Every test prediction (each row once under cross-validation), for the charts; not in
    /// the JSON.
    #[serde(skip)]
    pub predictions: OutOfFold,
}

impl Report {
    /// A short line for the model pane: how many gaps were filled in how many features, with
    /// what, or `None`.
    pub fn imputed_short(&self) -> Option<String> {
        if self.imputed.is_empty() {
            return None;
        }
        let cells: usize = self.imputed.iter().map(|i| i.missing).sum();
        let mut how: Vec<&str> = self
            .imputed
            .iter()
            .map(|i| match i.strategy {
                "most_frequent" => "most frequent value",
                s => s,
            })
            .collect();
        how.sort();
        how.dedup();
        let k = self.imputed.len();
        Some(format!(
            "filled {} missing value{} in {k} feature{} with the training rows' {} \
             (impute=none refuses them)",
            crate::core::data::cells::group_thousands(cells),
            if cells == 1 { "" } else { "s" },
            if k == 1 { "" } else { "s" },
            how.join(" / ")
        ))
    }

    /// One line saying which features had missing values filled in and with what, or `None`.
    pub fn imputed_line(&self) -> Option<String> {
        if self.imputed.is_empty() {
            return None;
        }
        let list: Vec<String> = self
            .imputed
            .iter()
            .map(|i| format!("`{}` {} ({} {})", i.column, i.missing, i.strategy, i.value))
            .collect();
        let each = if self.cv.is_some() {
            "each fold's training rows"
        } else {
            "the training rows"
        };
        Some(format!(
            "missing values filled from {each} (impute=none refuses them): {}",
            list.join(", ")
        ))
    }
}

/// Predictions for rows the model did not train on.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutOfFold {
    /// Row numbers in the data.
    pub rows: Vec<usize>,
    /// The truth and the prediction: values, or class indices as numbers.
    pub truth: Vec<f64>,
    pub predicted: Vec<f64>,
    /// Class probabilities, when the model gives them.
    pub proba: Vec<Vec<f64>>,
    /// Clustering: each row's cluster (`truth` and `predicted` then hold its first two
    /// principal components).
    pub clusters: Vec<usize>,
}

impl OutOfFold {
    /// Indices (into these predictions) of the `n` largest absolute errors, largest first
    /// (ties in row order): the residual outliers a user steps through.
    pub fn largest_errors(&self, n: usize) -> Vec<usize> {
        let mut by_error: Vec<(f64, usize)> = (0..self.rows.len())
            .map(|i| ((self.truth[i] - self.predicted[i]).abs(), i))
            .collect();
        by_error.sort_by(|a, b| b.0.total_cmp(&a.0));
        by_error.into_iter().take(n).map(|(_, i)| i).collect()
    }
}

/// Residual outliers listed and selectable in the model pane.
pub const OUTLIERS: usize = 20;

/// Rows the silhouette is computed on at most (it is quadratic); larger data is sampled with
/// the run's seed.
pub const SILHOUETTE_ROWS: usize = 2_000;
