//! Models: a `ModelSpec` (checked against the registry in `registry`) fitted on a feature
//! matrix, by linfa or lathe's own implementations, and predicting values, classes (with
//! probabilities where the model has them) or clusters. The baselines (`mean`, `majority`) are models like the others,
//! so they are evaluated the same way.

use std::collections::BTreeMap;

use linfa::traits::Predict;
use linfa_clustering::GaussianMixtureModel;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

pub use super::registry::{baseline, info, ModelInfo, ModelSpec, MODELS};

/// Asked inside the long fits (per tree node, per iteration, per pass); true means stop now.
/// The fit then returns early with whatever it has, and the caller discards it: training
/// answers [`super::train::CANCELLED`].
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
) -> Result<Fitted, String> {
    let fitted = fit_until(spec, params, x, y, seed, stop)?;
    if stop() {
        return Err(super::train::CANCELLED.into());
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
) -> Result<Fitted, String> {
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
            .ok_or(super::train::CANCELLED)?;
            Ok(Fitted::Linear {
                coef: f.coef,
                intercept: f.intercept,
                convergence: Some(f.convergence),
            })
        }
        ("knn" | "knn_regression", _) if p("k") as usize > x.nrows() => Err(format!(
            "`k` = {} neighbours is more than the {} training rows; use a smaller k",
            p("k"),
            x.nrows()
        )),
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
                other => Err(format!("`{other}` is not a classifier")),
            }
        }
        ("kmeans", Target::None) => {
            let k = p("k") as usize;
            if x.nrows() < k {
                return Err(format!("k-means needs at least k = {k} rows"));
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
                .ok_or(super::train::CANCELLED)?;
            Ok(Fitted::Labels(labels))
        }
        ("gaussian_mixture", Target::None) => {
            let k = p("k") as usize;
            if x.nrows() < k {
                return Err(format!("a mixture of {k} needs at least {k} rows"));
            }
            let m = super::mixture::fit(x, k, p("max_iterations") as usize, seed, stop)
                .map_err(|e| err(&e))?;
            Ok(Fitted::Mixture(Box::new(m)))
        }
        (name, _) => Err(format!("`{name}` does not fit this task")),
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

impl Fitted {
    /// Predictions for the rows of `x`; `k` classes for classifiers.
    pub fn predict(&self, x: &Array2<f64>, k: usize) -> Prediction {
        self.predict_until(x, k, &never).expect("never stopped")
    }

    /// [`Fitted::predict`], asking `stop` where predicting is long work (k-NN compares each
    /// row with the training rows): `None` once it said stop.
    pub fn predict_until(&self, x: &Array2<f64>, k: usize, stop: Stop) -> Option<Prediction> {
        let n = x.nrows();
        Some(match self {
            Fitted::Mean(m) => Prediction::Values(vec![*m; n]),
            Fitted::Linear {
                coef, intercept, ..
            } => Prediction::Values(
                x.rows()
                    .into_iter()
                    .map(|r| r.iter().zip(coef).map(|(a, b)| a * b).sum::<f64>() + intercept)
                    .collect(),
            ),
            Fitted::Majority(c, shares) => Prediction::Classes {
                labels: vec![*c; n],
                proba: Some(vec![shares.clone(); n]),
            },
            Fitted::Logit(m) => {
                let proba = m.predict_proba(x, k);
                Prediction::Classes {
                    labels: m.predict(&proba),
                    proba: Some(proba),
                }
            }
            Fitted::Logistic(m) => {
                let p1 = m.predict_probabilities(x);
                let labels = m.predict(x).to_vec();
                // Probabilities of the larger class (the model's positive) spread over k.
                let pos = m.labels().pos.class;
                let neg = m.labels().neg.class;
                let proba = p1
                    .iter()
                    .map(|&p| {
                        let mut row = vec![0.0; k];
                        row[pos] = p;
                        row[neg] = 1.0 - p;
                        row
                    })
                    .collect();
                Prediction::Classes {
                    labels,
                    proba: Some(proba),
                }
            }
            Fitted::MultiLogistic(m) => {
                let probs = m.predict_probabilities(x);
                let labels = m.predict(x).to_vec();
                let proba = spread(
                    probs.rows().into_iter().map(|r| r.into_iter().copied()),
                    m.classes(),
                    k,
                );
                Prediction::Classes {
                    labels,
                    proba: Some(proba),
                }
            }
            Fitted::Tree(m) => Prediction::Classes {
                labels: m.predict(x),
                proba: Some(m.predict_proba(x)),
            },
            Fitted::Forest(m) => Prediction::Classes {
                labels: m.predict(x),
                proba: Some(m.predict_proba(x)),
            },
            Fitted::Knn {
                x: train,
                classes,
                values,
                k: nk,
            } => {
                let near = super::neighbours::nearest_until(train, x, *nk, stop)?;
                match (classes, values) {
                    (Some((y, kc)), _) => {
                        let proba: Vec<Vec<f64>> = near
                            .iter()
                            .map(|ids| {
                                let mut p = vec![0.0; (*kc).max(k)];
                                for &i in ids {
                                    p[y[i]] += 1.0 / ids.len().max(1) as f64;
                                }
                                p
                            })
                            .collect();
                        // The most votes; ties to the lowest class (scikit-learn's argmax).
                        let labels = proba
                            .iter()
                            .map(|p| {
                                (0..p.len())
                                    .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
                                    .unwrap_or(0)
                            })
                            .collect();
                        Prediction::Classes {
                            labels,
                            proba: Some(proba),
                        }
                    }
                    (_, Some(y)) => Prediction::Values(
                        near.iter()
                            .map(|ids| {
                                ids.iter().map(|&i| y[i]).sum::<f64>() / ids.len().max(1) as f64
                            })
                            .collect(),
                    ),
                    _ => Prediction::Values(vec![f64::NAN; n]),
                }
            }
            Fitted::Bayes(m) => {
                let (labels, probs) = m.predict(x);
                let classes = m.classes();
                let proba = spread(probs.iter().map(|r| r.iter().copied()), &classes, k);
                Prediction::Classes {
                    labels,
                    proba: Some(proba),
                }
            }
            Fitted::LinearSvm(m) => Prediction::Classes {
                labels: m.predict(x),
                proba: None,
            },
            Fitted::Svm(machines) => {
                let labels = x
                    .rows()
                    .into_iter()
                    .map(|row| {
                        let scores: Vec<(usize, f64)> = machines
                            .iter()
                            .map(|(c, m)| (*c, m.weighted_sum(&row) - m.rho))
                            .collect();
                        if let [(c, d)] = scores[..] {
                            // Two classes: the machine of class 1 decides.
                            if d >= 0.0 {
                                c
                            } else {
                                1 - c.min(1)
                            }
                        } else {
                            scores
                                .iter()
                                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                                .map_or(0, |s| s.0)
                        }
                    })
                    .collect();
                Prediction::Classes {
                    labels,
                    proba: None,
                }
            }
            Fitted::Mixture(m) => Prediction::Clusters {
                labels: m.predict(x),
                centres: m.means.clone(),
            },
            Fitted::Gmm(m) => Prediction::Clusters {
                labels: m.predict(x).to_vec(),
                centres: m.means().rows().into_iter().map(|r| r.to_vec()).collect(),
            },
            Fitted::Labels(found) => {
                // Noise gets the label after the last cluster; centres are the clusters' means.
                let k = found.iter().flatten().max().map_or(0, |m| m + 1);
                let labels: Vec<usize> = found.iter().map(|l| l.unwrap_or(k)).collect();
                let mut centres = vec![vec![0.0; x.ncols()]; k];
                let mut counts = vec![0usize; k];
                for (row, &l) in x.rows().into_iter().zip(&labels) {
                    if l < k {
                        counts[l] += 1;
                        for (c, v) in centres[l].iter_mut().zip(row) {
                            *c += v;
                        }
                    }
                }
                for (c, n) in centres.iter_mut().zip(&counts) {
                    c.iter_mut().for_each(|v| *v /= (*n).max(1) as f64);
                }
                Prediction::Clusters { labels, centres }
            }
            Fitted::KMeans(m) => Prediction::Clusters {
                labels: m.predict(x),
                centres: m.centres.clone(),
            },
        })
    }

    /// Check a model read from a file against the `d` features (the encoder's output columns)
    /// and `k` classes (0 when not classifying) it will be asked about: every index in range,
    /// every shape matching, every number finite. These are what predicting relies on, so a
    /// file edited by hand (with its checksum recomputed) is refused with the part named
    /// instead of panicking.
    pub fn validate(&self, d: usize, k: usize) -> Result<(), String> {
        let finite = |what: &str, values: &mut dyn Iterator<Item = f64>| {
            for v in values {
                if !v.is_finite() {
                    return Err(format!("{what} holds a number that is not finite"));
                }
            }
            Ok(())
        };
        let shape = |what: &str, got: usize, want: usize| {
            if got == want {
                Ok(())
            } else {
                Err(format!("{what} has {got} values for {want}"))
            }
        };
        let class = |what: &str, c: usize| {
            if c < k {
                Ok(())
            } else {
                Err(format!("{what} is class {c} of {k}"))
            }
        };
        match self {
            Fitted::Mean(v) => finite("the mean", &mut std::iter::once(*v)),
            Fitted::Majority(c, shares) => {
                class("the majority", *c)?;
                shape("the class shares", shares.len(), k)?;
                finite("the class shares", &mut shares.iter().copied())
            }
            Fitted::Linear {
                coef, intercept, ..
            } => {
                shape("the coefficients", coef.len(), d)?;
                finite(
                    "the coefficients",
                    &mut coef.iter().chain([intercept]).copied(),
                )
            }
            Fitted::Logit(m) => {
                if m.classes.len() < 2 {
                    return Err("logistic regression has fewer than two classes".into());
                }
                for &c in &m.classes {
                    class("a logistic class", c)?;
                }
                let rows = if m.classes.len() == 2 {
                    1
                } else {
                    m.classes.len()
                };
                shape("the coefficient rows", m.coef.len(), rows)?;
                shape("the intercepts", m.intercept.len(), rows)?;
                for row in &m.coef {
                    shape("a coefficient row", row.len(), d)?;
                }
                finite(
                    "the coefficients",
                    &mut m.coef.iter().flatten().chain(&m.intercept).copied(),
                )
            }
            Fitted::Logistic(m) => {
                shape("the coefficients", m.params().len(), d)?;
                finite(
                    "the coefficients",
                    &mut m.params().iter().copied().chain([m.intercept()]),
                )
            }
            Fitted::MultiLogistic(m) => {
                shape("the coefficient rows", m.params().nrows(), d)?;
                for &c in m.classes() {
                    class("a logistic class", c)?;
                }
                finite("the coefficients", &mut m.params().iter().copied())
            }
            Fitted::Tree(m) => m.validate(d, k).map_err(|e| format!("the tree: {e}")),
            Fitted::Forest(m) => m.validate(d, k).map_err(|e| format!("the forest: {e}")),
            Fitted::Knn {
                x,
                classes,
                values,
                k: nk,
            } => {
                shape("each neighbour row", x.ncols(), d)?;
                if x.nrows() == 0 || *nk == 0 {
                    return Err("k-NN keeps no rows or looks for no neighbours".into());
                }
                finite("the neighbour rows", &mut x.iter().copied())?;
                match (classes, values) {
                    (Some((y, kc)), _) => {
                        shape("the neighbour classes", y.len(), x.nrows())?;
                        match y.iter().find(|&&c| c >= *kc) {
                            Some(c) => Err(format!("a neighbour is class {c} of {kc}")),
                            None => Ok(()),
                        }
                    }
                    (None, Some(v)) => {
                        shape("the neighbour values", v.len(), x.nrows())?;
                        finite("the neighbour values", &mut v.iter().copied())
                    }
                    (None, None) => Err("k-NN keeps neither classes nor values".into()),
                }
            }
            Fitted::Bayes(m) => m.validate(d, k).map_err(|e| format!("naive Bayes: {e}")),
            Fitted::KMeans(m) => {
                if m.centres.is_empty() {
                    return Err("k-means has no centres".into());
                }
                for c in &m.centres {
                    shape("a k-means centre", c.len(), d)?;
                }
                finite("the centres", &mut m.centres.iter().flatten().copied())
            }
            Fitted::Mixture(m) => {
                let n = m.means.len();
                if n == 0 {
                    return Err("the mixture has no components".into());
                }
                shape("the mixture weights", m.weights.len(), n)?;
                shape("the mixture covariances", m.cholesky.len(), n)?;
                for (mean, chol) in m.means.iter().zip(&m.cholesky) {
                    shape("a component mean", mean.len(), d)?;
                    shape("a component covariance", chol.len(), d * d)?;
                    if (0..d).any(|j| {
                        chol[j * d + j].partial_cmp(&0.0) != Some(std::cmp::Ordering::Greater)
                    }) {
                        return Err("a component covariance is not positive definite".into());
                    }
                }
                finite(
                    "the mixture",
                    &mut m
                        .weights
                        .iter()
                        .chain(m.means.iter().flatten())
                        .chain(m.cholesky.iter().flatten())
                        .copied(),
                )
            }
            Fitted::Gmm(m) => {
                shape("each component mean", m.means().ncols(), d)?;
                if m.means().nrows() == 0 {
                    return Err("the mixture has no components".into());
                }
                finite("the mixture means", &mut m.means().iter().copied())
            }
            Fitted::LinearSvm(m) => {
                m.validate(d)?;
                for machine in &m.machines {
                    class("a linear SVM machine", machine.class)?;
                }
                class("the linear SVM's other class", m.other)
            }
            Fitted::Svm(machines) => {
                if machines.is_empty() {
                    return Err("the linear SVM has no machines".into());
                }
                for (c, _) in machines {
                    class("a linear SVM machine", *c)?;
                }
                Ok(())
            }
            Fitted::Labels(_) => Ok(()),
        }
    }

    /// Coefficients of linear models by feature name, with `(intercept)`.
    pub fn coefficients(&self, names: &[String]) -> Option<BTreeMap<String, f64>> {
        let (coef, intercept) = match self {
            Fitted::Linear {
                coef, intercept, ..
            } => (coef.clone(), *intercept),
            // Two classes: the coefficients of the larger class, as scikit-learn's `coef_`.
            Fitted::Logit(m) if m.coef.len() == 1 => (m.coef[0].clone(), m.intercept[0]),
            Fitted::Logistic(m) => (m.params().to_vec(), m.intercept()),
            // Two classes: the machine of the larger class, as scikit-learn's `coef_`.
            Fitted::LinearSvm(m) if m.machines.len() == 1 => {
                (m.machines[0].coef.clone(), m.machines[0].intercept)
            }
            _ => return None,
        };
        let mut out: BTreeMap<String, f64> = names.iter().cloned().zip(coef).collect();
        out.insert("(intercept)".into(), intercept);
        Some(out)
    }

    /// The coefficients of each class a linear classifier keeps a vector for, with the class
    /// index: one (the larger label, scikit-learn's `coef_` for two classes) or one per class
    /// (multinomial logistic regression, one-against-the-rest SVMs). `None` for other models.
    pub fn class_coefficients(
        &self,
        names: &[String],
    ) -> Option<Vec<(usize, BTreeMap<String, f64>)>> {
        let named = |coef: &[f64], intercept: f64| {
            let mut out: BTreeMap<String, f64> =
                names.iter().cloned().zip(coef.iter().copied()).collect();
            out.insert("(intercept)".into(), intercept);
            out
        };
        match self {
            Fitted::Logit(m) if m.coef.len() == 1 => {
                Some(vec![(m.classes[1], named(&m.coef[0], m.intercept[0]))])
            }
            Fitted::Logit(m) => Some(
                m.classes
                    .iter()
                    .zip(m.coef.iter().zip(&m.intercept))
                    .map(|(&c, (w, &b))| (c, named(w, b)))
                    .collect(),
            ),
            Fitted::LinearSvm(m) => Some(
                m.machines
                    .iter()
                    .map(|mc| (mc.class, named(&mc.coef, mc.intercept)))
                    .collect(),
            ),
            _ => None,
        }
    }

    /// How an iterative fit ended; `None` for models fitted in closed form or in one pass.
    pub fn convergence(&self) -> Option<Convergence> {
        match self {
            Fitted::Linear { convergence, .. } => *convergence,
            Fitted::Logit(m) => Some(Convergence {
                iterations: m.iterations,
                converged: m.converged,
            }),
            Fitted::KMeans(m) => Some(Convergence {
                iterations: m.iterations,
                converged: m.converged,
            }),
            Fitted::Mixture(m) => Some(Convergence {
                iterations: m.iterations,
                converged: m.converged,
            }),
            Fitted::LinearSvm(m) => Some(Convergence {
                iterations: m.iterations,
                converged: m.converged,
            }),
            _ => None,
        }
    }

    /// Feature importances of a tree, by feature name.
    pub fn importances(&self, names: &[String]) -> Option<BTreeMap<String, f64>> {
        match self {
            Fitted::Tree(m) => Some(
                names
                    .iter()
                    .cloned()
                    .zip(m.importances().iter().copied())
                    .collect(),
            ),
            Fitted::Forest(m) => Some(names.iter().cloned().zip(m.importances()).collect()),
            _ => None,
        }
    }
}
