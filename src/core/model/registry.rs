//! The model registry: every model's name, task, parameters with their defaults and meaning,
//! and whether it sees standardised features; `ModelSpec` (a name and hyperparameters, as
//! recipes and `lathe train` give them) checked against it.

use crate::core::model::ModelError;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::features::Task;

/// A model and its hyperparameters (missing ones take the registry's defaults).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    pub name: String,
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
}

/// The deepest tree lathe grows: deeper trees rarely generalise, and a model file nests two
/// JSON levels per tree level, which JSON readers (lathe's among them) cap at 128.
pub const MAX_DEPTH: f64 = 50.0;

/// One entry of the model registry.
#[derive(Debug, Clone, Copy)]
pub struct ModelInfo {
    pub name: &'static str,
    pub task: Task,
    pub doc: &'static str,
    /// (name, default, what it does).
    pub params: &'static [(&'static str, f64, &'static str)],
    /// Features standardised with the training mean and std before fitting.
    pub standardise: bool,
    pub baseline: bool,
}

/// Every model, by task.
pub const MODELS: &[ModelInfo] = &[
    ModelInfo {
        name: "mean",
        task: Task::Regression,
        doc: "baseline: always predicts the training mean",
        params: &[],
        standardise: false,
        baseline: true,
    },
    ModelInfo {
        name: "linear",
        task: Task::Regression,
        doc: "ordinary least squares (the shortest coefficients when features are collinear)",
        params: &[],
        standardise: false,
        baseline: false,
    },
    ModelInfo {
        name: "ridge",
        task: Task::Regression,
        doc: "least squares with an L2 penalty (elastic net with l1_ratio 0)",
        params: &[("alpha", 1.0, "penalty strength")],
        standardise: true,
        baseline: false,
    },
    ModelInfo {
        name: "lasso",
        task: Task::Regression,
        doc: "least squares with an L1 penalty (sparse coefficients)",
        params: &[("alpha", 1.0, "penalty strength")],
        standardise: true,
        baseline: false,
    },
    ModelInfo {
        name: "elastic_net",
        task: Task::Regression,
        doc: "least squares with mixed L1/L2 penalties",
        params: &[
            ("alpha", 1.0, "penalty strength"),
            ("l1_ratio", 0.5, "share of L1 in the penalty, 0 to 1"),
        ],
        standardise: true,
        baseline: false,
    },
    ModelInfo {
        name: "knn_regression",
        task: Task::Regression,
        doc: "k nearest neighbours' mean (exact; a k-d tree up to 20 features)",
        params: &[("k", 5.0, "neighbours averaged")],
        standardise: true,
        baseline: false,
    },
    ModelInfo {
        name: "majority",
        task: Task::Classification,
        doc: "baseline: always predicts the most frequent training class",
        params: &[],
        standardise: false,
        baseline: true,
    },
    ModelInfo {
        name: "logistic",
        task: Task::Classification,
        doc: "logistic regression (binary, or multinomial for more classes)",
        params: &[
            ("alpha", 1.0, "L2 penalty strength (scikit-learn's 1/C)"),
            ("max_iterations", 100.0, "L-BFGS iterations at most"),
            (
                "tol",
                1e-4,
                "converged when the mean loss's largest gradient entry is at most this",
            ),
        ],
        standardise: true,
        baseline: false,
    },
    ModelInfo {
        name: "decision_tree",
        task: Task::Classification,
        doc: "a CART decision tree (Gini impurity; lathe's own, deterministic)",
        params: &[
            ("max_depth", 8.0, "deepest split level"),
            ("min_samples_split", 2.0, "rows needed to split a node"),
        ],
        standardise: false,
        baseline: false,
    },
    ModelInfo {
        name: "random_forest",
        task: Task::Classification,
        doc: "a random forest: bootstrap trees, √p features per split, seeded",
        params: &[
            ("n_trees", 100.0, "number of trees"),
            ("max_depth", 12.0, "deepest split level of each tree"),
            ("min_samples_split", 2.0, "rows needed to split a node"),
        ],
        standardise: false,
        baseline: false,
    },
    ModelInfo {
        name: "knn",
        task: Task::Classification,
        doc: "k nearest neighbours (exact; a k-d tree up to 20 features)",
        params: &[("k", 5.0, "neighbours that vote")],
        standardise: true,
        baseline: false,
    },
    ModelInfo {
        name: "linear_svm",
        task: Task::Classification,
        doc: "linear support vector machine, one against the rest (scikit-learn's LinearSVC: \
              squared hinge, liblinear's dual coordinate descent)",
        params: &[
            (
                "c",
                1.0,
                "weight of margin violations against the L2 penalty",
            ),
            ("max_iterations", 1000.0, "passes over the rows at most"),
            (
                "tol",
                1e-4,
                "converged when the dual's projected gradient spreads at most this",
            ),
        ],
        standardise: true,
        baseline: false,
    },
    ModelInfo {
        name: "naive_bayes",
        task: Task::Classification,
        doc: "Gaussian naive Bayes",
        params: &[("var_smoothing", 1e-9, "variance added for stability")],
        standardise: false,
        baseline: false,
    },
    ModelInfo {
        name: "kmeans",
        task: Task::Clustering,
        doc: "k-means (k-means++ starts, Lloyd on all cores, scikit-learn's stopping rule)",
        params: &[
            ("k", 3.0, "number of clusters"),
            ("max_iterations", 300.0, "iterations per run"),
            (
                "n_init",
                1.0,
                "runs from different starts; the best is kept",
            ),
        ],
        standardise: true,
        baseline: false,
    },
    ModelInfo {
        name: "dbscan",
        task: Task::Clustering,
        doc: "DBSCAN: dense regions as clusters, sparse rows as noise",
        params: &[
            ("eps", 0.5, "neighbourhood radius (standardised units)"),
            ("min_samples", 5.0, "rows within eps that make a core row"),
        ],
        standardise: true,
        baseline: false,
    },
    ModelInfo {
        name: "gaussian_mixture",
        task: Task::Clustering,
        doc: "Gaussian mixture (lathe's own: full covariances, EM from a k-means start)",
        params: &[
            ("k", 3.0, "number of components"),
            ("max_iterations", 100.0, "EM iterations"),
        ],
        standardise: true,
        baseline: false,
    },
];

pub fn info(name: &str) -> Option<&'static ModelInfo> {
    MODELS.iter().find(|m| m.name == name)
}

/// The baseline of a task.
pub fn baseline(task: Task) -> Option<ModelSpec> {
    let name = match task {
        Task::Regression => "mean",
        Task::Classification => "majority",
        Task::Clustering => return None,
    };
    Some(ModelSpec {
        name: name.into(),
        params: BTreeMap::new(),
    })
}

impl ModelSpec {
    /// Check the model exists for `task` and its parameters are known and in range; returns
    /// every parameter with defaults filled in.
    pub fn validate(&self, task: Task) -> Result<BTreeMap<String, f64>, ModelError> {
        let known: Vec<&str> = MODELS
            .iter()
            .filter(|m| m.task == task)
            .map(|m| m.name)
            .collect();
        let m = info(&self.name).filter(|m| m.task == task).ok_or_else(|| {
            ModelError::Spec(format!(
                "no {} model `{}`; known: {}",
                task.name(),
                self.name,
                known.join(", ")
            ))
        })?;
        for k in self.params.keys() {
            if !m.params.iter().any(|(n, _, _)| n == k) {
                let names: Vec<&str> = m.params.iter().map(|p| p.0).collect();
                return Err(ModelError::Spec(format!(
                    "`{}` has no parameter `{k}`{}",
                    m.name,
                    if names.is_empty() {
                        String::new()
                    } else {
                        format!("; it has {}", names.join(", "))
                    }
                )));
            }
        }
        let mut all = BTreeMap::new();
        for &(name, default, _) in m.params {
            let v = self.params.get(name).copied().unwrap_or(default);
            let ok = match name {
                "alpha" | "var_smoothing" => v >= 0.0,
                "c" => v > 0.0,
                "l1_ratio" => (0.0..=1.0).contains(&v),
                "max_depth" | "max_iterations" | "n_trees" => v >= 1.0 && v.fract() == 0.0,
                "k" if m.name.starts_with("knn") => v >= 1.0 && v.fract() == 0.0,
                "min_samples_split" | "k" => v >= 2.0 && v.fract() == 0.0,
                "n_init" | "min_samples" => v >= 1.0 && v.fract() == 0.0,
                "eps" | "tol" => v > 0.0,
                _ => true,
            };
            if !ok || !v.is_finite() {
                return Err(ModelError::Spec(format!(
                    "`{name}` = {v} is out of range for `{}`",
                    m.name
                )));
            }
            // Caps on what would only cost time and memory (or, for depth, a model file that
            // cannot be read back: JSON readers refuse nesting past 128 levels, two per level).
            let cap = match name {
                "max_depth" => Some(MAX_DEPTH),
                "n_trees" => Some(10_000.0),
                "n_init" => Some(1_000.0),
                "max_iterations" => Some(1_000_000.0),
                _ => None,
            };
            if let Some(cap) = cap.filter(|c| v > *c) {
                return Err(ModelError::Spec(format!(
                    "`{name}` = {v} is more than `{}` allows ({cap} at most)",
                    m.name
                )));
            }
            all.insert(name.to_string(), v);
        }
        Ok(all)
    }
}
