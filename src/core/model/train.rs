//! Training and evaluation, the same for the app and `lathe train`: choose the columns, check
//! for missing values, split (hold-out or k-fold, stratified for classes, seeded), and for each
//! split fit the encoding and the model on the training rows only, then score the test rows.
//! The task's baseline is scored on the same splits. Clustering is fitted on every row.

use std::collections::BTreeMap;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::evaluate::{complement, holdout, kfold};
use super::features::{
    check_missing, class_target, number_target, setup, Encoder, Impute, Imputed, Table, Task,
};
use super::metrics::{classification, inertia, log_loss, regression, roc_auc_proba, silhouette};
use super::models::{baseline, fit, info, ModelSpec, Prediction, Stop, Target};
use super::run_warnings::{class_leakage, convergence, imbalance, leakage};

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

/// Where a training run is, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainProgress {
    /// The split being fitted (0-based) and how many there are.
    pub fold: usize,
    pub folds: usize,
}

/// Train and evaluate as `spec` says.
pub fn train(frame: &polars::prelude::DataFrame, spec: &TrainSpec) -> Result<Report, String> {
    train_with(frame, spec, &mut |_| true, &super::models::never)
}

/// What a cancelled run says.
pub const CANCELLED: &str = "training cancelled";

/// Train on every row of `frame` and test on every row of `test`: the test file's columns are
/// the training file's (the same names, read as the same types).
pub fn train_with_test(
    frame: &polars::prelude::DataFrame,
    test: &polars::prelude::DataFrame,
    spec: &TrainSpec,
    progress: &mut dyn FnMut(TrainProgress) -> bool,
    stop: Stop,
) -> Result<Report, String> {
    use polars::prelude::*;
    let s = setup(
        frame,
        spec.target.as_deref(),
        spec.features.as_deref(),
        spec.task,
    )?;
    let columns: Vec<String> = s.target.iter().chain(&s.features).cloned().collect();
    let missing: Vec<&String> = columns.iter().filter(|c| test.column(c).is_err()).collect();
    if !missing.is_empty() {
        return Err(format!(
            "the test file lacks {}",
            missing
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let mut test_cols = Vec::new();
    for c in &columns {
        let want = frame.column(c).map_err(|e| e.to_string())?.dtype().clone();
        let col = test
            .column(c)
            .map_err(|e| e.to_string())?
            .cast(&want)
            .map_err(|e| format!("the test file's `{c}` cannot be read as {want}: {e}"))?;
        test_cols.push(col);
    }
    let train_part = frame
        .select(columns.iter().map(|c| c.as_str()))
        .map_err(|e| e.to_string())?;
    let test_part = DataFrame::new(test.height(), test_cols).map_err(|e| e.to_string())?;
    let combined = train_part.vstack(&test_part).map_err(|e| e.to_string())?;
    let mut fixed = spec.clone();
    fixed.features = Some(s.features.clone());
    fixed.task = Some(s.task);
    run(&combined, &fixed, Some(frame.height()), progress, stop)
}

/// Train, reporting before each split; `progress` returning false cancels the run between
/// splits, and `stop` saying true cancels it inside a fit (per tree node, per iteration).
pub fn train_with(
    frame: &polars::prelude::DataFrame,
    spec: &TrainSpec,
    progress: &mut dyn FnMut(TrainProgress) -> bool,
    stop: Stop,
) -> Result<Report, String> {
    if spec.evaluation == Evaluation::TestFile {
        return Err("a test file is evaluated with train_with_test".into());
    }
    run(frame, spec, None, progress, stop)
}

/// Refuse a fit that would not fit in the memory available (see `memory`), before any of
/// its work starts.
fn check_memory(
    model: &str,
    params: &BTreeMap<String, f64>,
    table: &Table,
    classes: usize,
) -> Result<(), String> {
    let (width, widest) = table.encoded_width();
    let shape = super::fit_memory::Shape {
        rows: table.rows,
        width,
        classes,
    };
    super::fit_memory::check_fit(
        model,
        params,
        shape,
        widest,
        crate::core::num::memory::available(),
    )
}

/// The run itself; with `train_rows`, the first rows train and the rest test.
fn run(
    frame: &polars::prelude::DataFrame,
    spec: &TrainSpec,
    train_rows: Option<usize>,
    progress: &mut dyn FnMut(TrainProgress) -> bool,
    stop: Stop,
) -> Result<Report, String> {
    if frame.height() == 0 {
        return Err(
            "the data has no rows: training needs rows (a file with only a header, \
                    or a filter that kept none)"
                .into(),
        );
    }
    let s = setup(
        frame,
        spec.target.as_deref(),
        spec.features.as_deref(),
        spec.task,
    )?;
    let params = spec.model.validate(s.task)?;
    check_missing(frame, &s, spec.impute)?;
    let n = frame.height();
    if n < 2 {
        return Err("training needs at least two rows".into());
    }
    let table = Table::new(frame, &s.features)?;
    let standardise = info(&spec.model.name).is_some_and(|m| m.standardise);
    let mut warnings = Vec::new();
    let started = Instant::now();

    if s.task == Task::Clustering {
        check_memory(&spec.model.name, &params, &table, 0)?;
        let rows: Vec<usize> = (0..n).collect();
        let enc = Encoder::fit(&table, &rows, standardise, spec.impute);
        let x = enc
            .transform_until(&table, &rows, stop)
            .ok_or_else(|| CANCELLED.to_string())?;
        let fitted = fit(&spec.model, &params, &x, Target::None, spec.seed, stop)?;
        let fit_seconds = started.elapsed().as_secs_f64();
        let ended = fitted.convergence();
        warnings.extend(convergence(&spec.model.name, &params, &[ended]));
        let Prediction::Clusters { labels, centres } = fitted.predict(&x, 0) else {
            return Err("k-means gave no clusters".into());
        };
        let points: Vec<Vec<f64>> = x.rows().into_iter().map(|r| r.to_vec()).collect();
        // DBSCAN's noise rows carry the label after the last cluster: left out of the scores.
        let k = centres.len();
        let clustered: Vec<usize> = (0..n).filter(|&i| labels[i] < k).collect();
        let noise = n - clustered.len();
        let cp: Vec<Vec<f64>> = clustered.iter().map(|&i| points[i].clone()).collect();
        let cl: Vec<usize> = clustered.iter().map(|&i| labels[i]).collect();
        let mut metrics = Scores::new();
        metrics.insert("inertia".into(), inertia(&cp, &cl, &centres));
        if noise > 0 {
            warnings.push(format!(
                "{noise} rows are noise (in no cluster): left out of inertia and silhouette"
            ));
        }
        let m = cp.len();
        let sample = if m > SILHOUETTE_ROWS {
            warnings.push(format!(
                "silhouette computed on {SILHOUETTE_ROWS} rows sampled with seed {}",
                spec.seed
            ));
            crate::core::num::rng::sample_indices(m, SILHOUETTE_ROWS, spec.seed)
        } else {
            (0..m).collect()
        };
        let sp: Vec<Vec<f64>> = sample.iter().map(|&i| cp[i].clone()).collect();
        let sl: Vec<usize> = sample.iter().map(|&i| cl[i]).collect();
        if let Some(sil) = silhouette(&sp, &sl) {
            metrics.insert("silhouette".into(), sil);
        }
        warnings.push("clustering is fitted and scored on every row (no split)".into());
        let mut sizes = vec![0usize; k];
        for &l in &cl {
            sizes[l] += 1;
        }
        // The first two principal components, for the chart.
        let dirs: Vec<Vec<f64>> = super::pca::components(&x, 2)
            .into_iter()
            .map(|(d, _)| d)
            .collect();
        let projected = super::pca::project(&x, &dirs);
        let predictions = OutOfFold {
            rows: rows.clone(),
            truth: projected
                .iter()
                .map(|p| p.first().copied().unwrap_or(0.0))
                .collect(),
            predicted: projected
                .iter()
                .map(|p| p.get(1).copied().unwrap_or(0.0))
                .collect(),
            proba: Vec::new(),
            clusters: labels.clone(),
        };
        return Ok(Report {
            task: s.task,
            model: spec.model.name.clone(),
            evaluation: spec.evaluation,
            params,
            target: None,
            features: s.features.clone(),
            excluded: s.excluded.into_iter().collect(),
            imputed: enc.imputed(&table, spec.impute),
            metrics,
            baseline: Scores::new(),
            cv: None,
            coefficients: None,
            coefficients_class: None,
            class_coefficients: None,
            importances: None,
            classes: Some(
                sizes
                    .iter()
                    .enumerate()
                    .map(|(i, &c)| format!("cluster {i}: {}", rows_text(c)))
                    .chain((noise > 0).then(|| format!("noise: {}", rows_text(noise))))
                    .collect(),
            ),
            confusion: None,
            rows_train: n,
            rows_test: 0,
            converged: ended.map(|c| c.converged),
            iterations: ended.map(|c| c.iterations),
            warnings,
            fit_seconds,
            predictions,
        });
    }

    let target = s.target.clone().expect("a supervised task has a target");
    let (classes_y, class_names, values_y) = match s.task {
        Task::Classification => {
            let (y, names) = class_target(frame, &target)?;
            if names.len() < 2 {
                return Err(format!("`{target}` has a single class: nothing to learn"));
            }
            (Some(y), Some(names), None)
        }
        _ => (None, None, Some(number_target(frame, &target)?)),
    };
    let k = class_names.as_ref().map_or(0, |c| c.len());
    check_memory(&spec.model.name, &params, &table, k)?;
    let splits: Vec<(Vec<usize>, Vec<usize>)> = match spec.evaluation {
        Evaluation::TestFile => {
            let t = train_rows.ok_or("a test file is evaluated with train_with_test")?;
            vec![((0..t).collect(), (t..n).collect())]
        }
        Evaluation::Holdout { train } => {
            if !(0.0 < train && train < 1.0) {
                return Err(format!(
                    "the training share must be between 0 and 1, not {train}"
                ));
            }
            vec![holdout(n, classes_y.as_deref(), train, spec.seed)]
        }
        Evaluation::CrossValidation { folds } => {
            if folds < 2 || folds > n {
                return Err(format!(
                    "cross-validation needs 2 to {n} folds, not {folds}"
                ));
            }
            kfold(n, classes_y.as_deref(), folds, spec.seed)
                .into_iter()
                .map(|test| (complement(n, &test), test))
                .collect()
        }
    };
    let base = baseline(s.task).expect("supervised tasks have baselines");
    let base_params = base.validate(s.task)?;
    let mut fold_scores = Vec::new();
    let mut oof = OutOfFold::default();
    let mut base_scores = Vec::new();
    let mut confusion = vec![vec![0usize; k]; k];
    let mut last_fitted = None;
    let mut last_names = Vec::new();
    let mut last_imputed = Vec::new();
    let mut endings = Vec::new();
    for (fold, (train_rows, test_rows)) in splits.iter().enumerate() {
        if !progress(TrainProgress {
            fold,
            folds: splits.len(),
        }) {
            return Err(CANCELLED.into());
        }
        if test_rows.is_empty() || train_rows.is_empty() {
            return Err("a split has no training or no test rows; use more rows".into());
        }
        let enc = Encoder::fit(&table, train_rows, standardise, spec.impute);
        let cancelled = || CANCELLED.to_string();
        let xt = enc
            .transform_until(&table, train_rows, stop)
            .ok_or_else(cancelled)?;
        let xs = enc
            .transform_until(&table, test_rows, stop)
            .ok_or_else(cancelled)?;
        let seed = spec.seed.wrapping_add(fold as u64);
        let score = |spec: &ModelSpec,
                     params: &BTreeMap<String, f64>|
         -> Result<(Scores, super::models::Fitted, Prediction), String> {
            let fitted = match (&classes_y, &values_y) {
                (Some(y), _) => {
                    let yt: Vec<usize> = train_rows.iter().map(|&r| y[r]).collect();
                    fit(spec, params, &xt, Target::Classes(&yt, k), seed, stop)?
                }
                (_, Some(y)) => {
                    let yt: Vec<f64> = train_rows.iter().map(|&r| y[r]).collect();
                    fit(spec, params, &xt, Target::Values(&yt), seed, stop)?
                }
                _ => unreachable!(),
            };
            // Predicted once: scored here, and the model's predictions kept for the
            // out-of-fold rows below.
            let prediction = fitted
                .predict_until(&xs, k, stop)
                .ok_or_else(|| CANCELLED.to_string())?;
            let scores = match (&prediction, &classes_y, &values_y) {
                (Prediction::Classes { labels, proba }, Some(y), _) => {
                    let truth: Vec<usize> = test_rows.iter().map(|&r| y[r]).collect();
                    class_scores(&truth, labels, proba.as_deref(), k)
                }
                (Prediction::Values(pred), _, Some(y)) => {
                    let truth: Vec<f64> = test_rows.iter().map(|&r| y[r]).collect();
                    let m = regression(&truth, pred);
                    Scores::from([
                        ("r2".to_string(), m.r2),
                        ("rmse".to_string(), m.rmse),
                        ("mae".to_string(), m.mae),
                        ("mape".to_string(), m.mape),
                    ])
                }
                _ => return Err("the model predicted the wrong kind of value".into()),
            };
            Ok((scores, fitted, prediction))
        };
        let (scores, fitted, prediction) = score(&spec.model, &params)?;
        let (bscores, _, _) = score(&base, &base_params)?;
        match (prediction, &classes_y, &values_y) {
            (Prediction::Classes { labels, proba }, Some(y), _) => {
                for (i, (&r, &p)) in test_rows.iter().zip(&labels).enumerate() {
                    confusion[y[r]][p] += 1;
                    oof.rows.push(r);
                    oof.truth.push(y[r] as f64);
                    oof.predicted.push(p as f64);
                    if let Some(pr) = &proba {
                        oof.proba.push(pr[i].clone());
                    }
                }
            }
            (Prediction::Values(pred), _, Some(y)) => {
                for (&r, &p) in test_rows.iter().zip(&pred) {
                    oof.rows.push(r);
                    oof.truth.push(y[r]);
                    oof.predicted.push(p);
                }
            }
            _ => {}
        }
        endings.push(fitted.convergence());
        fold_scores.push(scores);
        base_scores.push(bscores);
        last_names = enc.names.clone();
        last_imputed = enc.imputed(&table, spec.impute);
        last_fitted = Some(fitted);
    }
    let fit_seconds = started.elapsed().as_secs_f64();
    let (metrics, cv) = if fold_scores.len() == 1 {
        (fold_scores[0].clone(), None)
    } else {
        let (mean, std) = mean_std(&fold_scores);
        (
            mean.clone(),
            Some(CrossValidation {
                folds: fold_scores,
                mean,
                std,
                baseline_folds: base_scores.clone(),
            }),
        )
    };
    let baseline_scores = if base_scores.len() == 1 {
        base_scores[0].clone()
    } else {
        mean_std(&base_scores).0
    };
    let (rows_train, rows_test) = (splits[0].0.len(), splits[0].1.len());
    if matches!(
        spec.evaluation,
        Evaluation::Holdout { .. } | Evaluation::TestFile
    ) && rows_test < 30
    {
        warnings.push(format!(
            "only {rows_test} test rows: the scores can swing a lot with another seed; prefer \
             cross-validation"
        ));
    }
    if let Some(y) = &classes_y {
        warnings.extend(imbalance(y, k));
    }
    warnings.extend(convergence(&spec.model.name, &params, &endings));
    if let Some(y) = &values_y {
        warnings.extend(leakage(&table, &s.features, y));
    }
    if let Some(y) = &classes_y {
        warnings.extend(class_leakage(&table, &s.features, y, k, spec.seed));
    }
    let fitted = last_fitted.expect("at least one split");
    let class_name = |c: usize| {
        class_names
            .as_ref()
            .and_then(|n| n.get(c))
            .cloned()
            .unwrap_or_else(|| c.to_string())
    };
    let (coefficients_class, class_coefficients) = match fitted.class_coefficients(&last_names) {
        Some(per) if per.len() == 1 => (Some(class_name(per[0].0)), None),
        Some(per) => (
            None,
            Some(per.into_iter().map(|(c, w)| (class_name(c), w)).collect()),
        ),
        None => (None, None),
    };
    Ok(Report {
        task: s.task,
        model: spec.model.name.clone(),
        evaluation: spec.evaluation,
        params,
        target: Some(target),
        features: s.features.clone(),
        excluded: s.excluded.into_iter().collect(),
        imputed: last_imputed,
        metrics,
        baseline: baseline_scores,
        cv,
        coefficients: fitted.coefficients(&last_names),
        coefficients_class,
        class_coefficients,
        importances: fitted.importances(&last_names),
        classes: class_names,
        confusion: (k > 0).then_some(confusion),
        rows_train,
        rows_test,
        converged: endings
            .iter()
            .map(|e| e.map(|c| c.converged))
            .collect::<Option<Vec<bool>>>()
            .map(|all| all.iter().all(|&c| c)),
        iterations: endings.iter().flatten().map(|c| c.iterations).max(),
        warnings,
        fit_seconds,
        predictions: oof,
    })
}

fn class_scores(truth: &[usize], pred: &[usize], proba: Option<&[Vec<f64>]>, k: usize) -> Scores {
    let c = classification(truth, pred, k);
    let mut s = Scores::from([
        ("accuracy".to_string(), c.accuracy),
        ("balanced_accuracy".to_string(), c.balanced_accuracy),
        ("precision_macro".to_string(), c.precision_macro),
        ("recall_macro".to_string(), c.recall_macro),
        ("f1_macro".to_string(), c.f1_macro),
        ("precision_weighted".to_string(), c.precision_weighted),
        ("recall_weighted".to_string(), c.recall_weighted),
        ("f1_weighted".to_string(), c.f1_weighted),
    ]);
    if let Some(p) = proba {
        s.insert("log_loss".into(), log_loss(truth, p));
        // Only with every class in the test rows (one-vs-rest needs each).
        let present = (0..k).all(|cl| truth.contains(&cl));
        if present {
            if let Some(auc) = roc_auc_proba(truth, p, k) {
                s.insert("roc_auc".into(), auc);
            }
        }
    }
    s
}

/// `1 row`, `2,048 rows`.
fn rows_text(n: usize) -> String {
    match n {
        1 => "1 row".to_string(),
        n => format!("{} rows", crate::core::data::cells::group_thousands(n)),
    }
}

/// Mean and (ddof 0) standard deviation of each score over folds; a score missing in some fold
/// averages the folds that have it.
fn mean_std(folds: &[Scores]) -> (Scores, Scores) {
    let mut keys: Vec<&String> = folds.iter().flat_map(|f| f.keys()).collect();
    keys.sort();
    keys.dedup();
    let (mut mean, mut std) = (Scores::new(), Scores::new());
    for k in keys {
        let v: Vec<f64> = folds.iter().filter_map(|f| f.get(k).copied()).collect();
        let m = v.iter().sum::<f64>() / v.len() as f64;
        let sd = (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len() as f64).sqrt();
        mean.insert(k.clone(), m);
        std.insert(k.clone(), sd);
    }
    (mean, std)
}
