//! Models: a `ModelSpec` (checked against the registry in `registry`) fitted on a feature
//! matrix, by linfa or lathe's own implementations, and predicting values, classes (with
//! probabilities where the model has them) or clusters. The baselines (`mean`, `majority`) are models like the others,
//! so they are evaluated the same way. This file holds the types and fitting; `predict`,
//! `validate` (a model read from a file) and `describe` (coefficients, convergence,
//! importances) hold the rest of `impl Fitted`.

use crate::core::model::ModelError;
use std::collections::BTreeMap;

use linfa_clustering::GaussianMixtureModel;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

mod describe;
mod predict;
mod validate;

pub use super::registry::{baseline, info, ModelInfo, ModelSpec, MODELS};

/// Asked inside the long fits (per tree node, per iteration, per pass); true means stop now.
/// The fit then returns early with whatever it has, and the caller discards it: training
/// answers [`ModelError::Cancelled`].
pub type Stop<'a> = &'a (dyn Fn() -> bool + Sync);

/// The `Stop` of a fit nobody cancels.
pub fn never() -> bool {
    false
}

/// Coordinate-descent passes the elastic net may take (linfa's default, scikit-learn's too).
pub const ELASTIC_NET_ITERATIONS: usize = 1000;

/// A fitted model (serialised in saved model files, keyed by the variant).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fitted {
    Mean(f64),
    /// The class and the training class shares (the baseline's probabilities).
    Majority(usize, Vec<f64>),
    Linear {
        coef: Vec<f64>,
        intercept: f64,
        /// How the iterative solvers (elastic net and its kin) ended.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        convergence: Option<Convergence>,
    },
    /// lathe's own logistic regression (binary and multinomial).
    Logit(Box<super::logistic::Logistic>),
    /// linfa's binary logistic regression: read from model files saved before lathe fitted its
    /// own (`Logit`), so they keep predicting.
    Logistic(Box<linfa_logistic::FittedLogisticRegression<f64, usize>>),
    /// linfa's multinomial logistic regression, read from older model files (see `Logistic`).
    MultiLogistic(Box<linfa_logistic::MultiFittedLogisticRegression<f64, usize>>),
    Tree(Box<super::tree::Tree>),
    Forest(Box<super::forest::Forest>),
    /// Training rows kept for neighbour lookups.
    Knn {
        x: Box<Array2<f64>>,
        classes: Option<(Vec<usize>, usize)>,
        values: Option<Vec<f64>>,
        k: usize,
    },
    /// lathe's own Gaussian naive Bayes (saved in linfa's form, which files before it hold).
    Bayes(Box<super::bayes::GaussianNb>),
    KMeans(Box<super::kmeans::KMeans>),
    /// lathe's own Gaussian mixture.
    Mixture(Box<super::mixture::Mixture>),
    /// linfa's Gaussian mixture, read from model files saved before lathe fitted its own.
    Gmm(Box<GaussianMixtureModel<f64>>),
    /// lathe's own linear SVM (scikit-learn's `LinearSVC`, by dual coordinate descent).
    LinearSvm(Box<super::svm::LinearSvm>),
    /// linfa's SMO linear SVMs, one per class (class 1 alone for two classes), read from model
    /// files saved before lathe fitted its own, so they keep predicting.
    Svm(Vec<(usize, linfa_svm::Svm<f64, bool>)>),
    /// Clusters found for the fitted rows themselves (DBSCAN); `None` is noise.
    Labels(Vec<Option<usize>>),
}

/// How an iterative fit ended (scikit-learn's `n_iter_`, and whether it met its stopping rule
/// before the cap, where scikit-learn would raise a `ConvergenceWarning`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Convergence {
    pub iterations: usize,
    pub converged: bool,
}

/// What a model says about rows.
#[derive(Debug, Clone, PartialEq)]
pub enum Prediction {
    Values(Vec<f64>),
    Classes {
        labels: Vec<usize>,
        /// `proba[i][c]`, when the model gives probabilities.
        proba: Option<Vec<Vec<f64>>>,
    },
    Clusters {
        labels: Vec<usize>,
        centres: Vec<Vec<f64>>,
    },
}

/// The target a model learns.
pub enum Target<'a> {
    Values(&'a [f64]),
    Classes(&'a [usize], usize),
    None,
}

fn majority(y: &[usize], k: usize) -> Fitted {
    let mut counts = vec![0usize; k];
    for &c in y {
        counts[c] += 1;
    }
    let n = y.len().max(1) as f64;
    // Ties: the first class, as scikit-learn's DummyClassifier.
    let best = (0..k)
        .max_by_key(|&c| (counts[c], std::cmp::Reverse(c)))
        .unwrap_or(0);
    Fitted::Majority(best, counts.iter().map(|&c| c as f64 / n).collect())
}

/// Fit `spec` (validated `params`) on `x` and the target.
pub fn fit(
    spec: &ModelSpec,
    params: &BTreeMap<String, f64>,
    x: &Array2<f64>,
    y: Target,
    seed: u64,
    stop: Stop,
) -> Result<Fitted, ModelError> {
    let fitted = fit_until(spec, params, x, y, seed, stop)?;
    if stop() {
        return Err(ModelError::Cancelled);
    }
    Ok(fitted)
}

fn fit_until(
    spec: &ModelSpec,
    params: &BTreeMap<String, f64>,
    x: &Array2<f64>,
    y: Target,
    seed: u64,
    stop: Stop,
) -> Result<Fitted, ModelError> {
    let p = |name: &str| params.get(name).copied().unwrap_or(0.0);
    let err = |e: &dyn std::fmt::Display| format!("{} could not be fitted: {e}", spec.name);
    match (spec.name.as_str(), y) {
        ("mean", Target::Values(y)) => {
            Ok(Fitted::Mean(y.iter().sum::<f64>() / y.len().max(1) as f64))
        }
        ("linear", Target::Values(y)) => {
            let (coef, intercept) = super::ols::fit(x, y);
            Ok(Fitted::Linear {
                coef,
                intercept,
                convergence: None,
            })
        }
        ("ridge" | "lasso" | "elastic_net", Target::Values(y)) => {
            let ratio = match spec.name.as_str() {
                "ridge" => 0.0,
                "lasso" => 1.0,
                _ => p("l1_ratio"),
            };
            let f = super::enet::fit(
                x,
                y,
                super::enet::Options {
                    alpha: p("alpha"),
                    l1_ratio: ratio,
                    max_iterations: ELASTIC_NET_ITERATIONS,
                    tol: 1e-4,
                },
                stop,
            )
            .ok_or(ModelError::Cancelled)?;
            Ok(Fitted::Linear {
                coef: f.coef,
                intercept: f.intercept,
                convergence: Some(f.convergence),
            })
        }
        ("knn" | "knn_regression", _) if p("k") as usize > x.nrows() => {
            Err(ModelError::Data(format!(
                "`k` = {} neighbours is more than the {} training rows; use a smaller k",
                p("k"),
                x.nrows()
            )))
        }
        ("knn_regression", Target::Values(y)) => Ok(Fitted::Knn {
            x: Box::new(x.clone()),
            classes: None,
            values: Some(y.to_vec()),
            k: p("k") as usize,
        }),
        ("majority", Target::Classes(y, k)) => Ok(majority(y, k)),
        (name, Target::Classes(y, k)) => {
            let mut present: Vec<usize> = y.to_vec();
            present.sort_unstable();
            present.dedup();
            if present.len() < 2 {
                // One class to learn from: every model would predict it.
                return Ok(majority(y, k));
            }
            match name {
                "logistic" => Ok(Fitted::Logit(Box::new(super::logistic::fit(
                    x,
                    y,
                    super::logistic::Options {
                        alpha: p("alpha"),
                        max_iterations: p("max_iterations") as usize,
                        tol: p("tol"),
                    },
                    &mut || !stop(),
                )))),
                "decision_tree" => Ok(Fitted::Tree(Box::new(super::tree::Tree::fit(
                    x,
                    y,
                    k,
                    p("max_depth") as usize,
                    p("min_samples_split") as usize,
                    stop,
                )))),
                "random_forest" => Ok(Fitted::Forest(Box::new(super::forest::Forest::fit(
                    x,
                    y,
                    k,
                    super::forest::Options {
                        n_trees: p("n_trees") as usize,
                        max_depth: p("max_depth") as usize,
                        min_split: p("min_samples_split") as usize,
                        seed,
                    },
                    stop,
                )))),
                "knn" => Ok(Fitted::Knn {
                    x: Box::new(x.clone()),
                    classes: Some((y.to_vec(), k)),
                    values: None,
                    k: p("k") as usize,
                }),
                "linear_svm" => Ok(Fitted::LinearSvm(Box::new(super::svm::LinearSvm::fit(
                    x,
                    y,
                    &present,
                    super::svm::Options {
                        c: p("c"),
                        max_iterations: p("max_iterations") as usize,
                        tol: p("tol"),
                        seed,
                        dual: super::svm::Options::auto_dual(x.nrows(), x.ncols()),
                    },
                    &mut || !stop(),
                )))),
                "naive_bayes" => Ok(Fitted::Bayes(Box::new(super::bayes::GaussianNb::fit(
                    x,
                    y,
                    p("var_smoothing"),
                )?))),
                other => Err(ModelError::Spec(format!("`{other}` is not a classifier"))),
            }
        }
        ("kmeans", Target::None) => {
            let k = p("k") as usize;
            if x.nrows() < k {
                return Err(ModelError::Data(format!(
                    "k-means needs at least k = {k} rows"
                )));
            }
            Ok(Fitted::KMeans(Box::new(super::kmeans::fit(
                x,
                k,
                p("max_iterations") as usize,
                p("n_init") as usize,
                seed,
                stop,
            ))))
        }
        ("dbscan", Target::None) => {
            let labels = super::dbscan::fit(x, p("eps"), p("min_samples") as usize, stop)
                .ok_or(ModelError::Cancelled)?;
            Ok(Fitted::Labels(labels))
        }
        ("gaussian_mixture", Target::None) => {
            let k = p("k") as usize;
            if x.nrows() < k {
                return Err(ModelError::Data(format!(
                    "a mixture of {k} needs at least {k} rows"
                )));
            }
            let m = super::mixture::fit(x, k, p("max_iterations") as usize, seed, stop)
                .map_err(|e| ModelError::Fit(err(&e)))?;
            Ok(Fitted::Mixture(Box::new(m)))
        }
        (name, _) => Err(ModelError::Spec(format!("`{name}` does not fit this task"))),
    }
}

/// Probability columns of the classes a model saw (`classes[j]` for column `j`) spread over all
/// `k` classes; classes missing from its training rows get 0.
fn spread<R: IntoIterator<Item = f64>>(
    probs: impl IntoIterator<Item = R>,
    classes: &[usize],
    k: usize,
) -> Vec<Vec<f64>> {
    probs
        .into_iter()
        .map(|r| {
            let mut row = vec![0.0; k];
            for (&c, p) in classes.iter().zip(r) {
                row[c] = p;
            }
            row
        })
        .collect()
}
