//! A supervised run: the target read, the splits made (a test file, hold-out or k-fold), and
//! per split the encoder and model fitted on the training rows and scored on the test rows,
//! beside the baseline on the same rows; then the folds summarised into one report.

use crate::core::model::ModelError;
use std::collections::BTreeMap;

use super::{check_memory, Run, TrainProgress};
use super::{CrossValidation, Evaluation, OutOfFold, Report, Scores};
use crate::core::model::encode::{class_target, number_target, Encoder};
use crate::core::model::evaluate::{complement, holdout, kfold};
use crate::core::model::features::Task;
use crate::core::model::metrics::{classification, log_loss, regression, roc_auc_proba};
use crate::core::model::models::{baseline, fit, ModelSpec, Prediction, Target};
use crate::core::model::run_warnings::{class_leakage, convergence, imbalance, leakage};

/// Split, fit and score a classifier or regressor; with `train_rows`, the first rows train and
/// the rest test.
pub(super) fn supervised(
    run: Run,
    train_rows: Option<usize>,
    progress: &mut dyn FnMut(TrainProgress) -> bool,
) -> Result<Report, ModelError> {
    let (frame, spec, n, stop) = (run.frame, run.spec, run.n, run.stop);
    let (s, params, table) = (run.setup, run.params, run.table);
    let (standardise, started) = (run.standardise, run.started);
    let mut warnings = Vec::new();
    let target = s.target.clone().expect("a supervised task has a target");
    let (classes_y, class_names, values_y) = match s.task {
        Task::Classification => {
            let (y, names) = class_target(frame, &target)?;
            if names.len() < 2 {
                return Err(ModelError::Data(format!(
                    "`{target}` has a single class: nothing to learn"
                )));
            }
            (Some(y), Some(names), None)
        }
        _ => (None, None, Some(number_target(frame, &target)?)),
    };
    let k = class_names.as_ref().map_or(0, |c| c.len());
    check_memory(&spec.model.name, &params, &table, k)?;
    let splits: Vec<(Vec<usize>, Vec<usize>)> = match spec.evaluation {
        Evaluation::TestFile => {
            let t = train_rows.ok_or(ModelError::Spec(
                "a test file is evaluated with train_with_test".into(),
            ))?;
            vec![((0..t).collect(), (t..n).collect())]
        }
        Evaluation::Holdout { train } => {
            if !(0.0 < train && train < 1.0) {
                return Err(ModelError::Spec(format!(
                    "the training share must be between 0 and 1, not {train}"
                )));
            }
            vec![holdout(n, classes_y.as_deref(), train, spec.seed)]
        }
        Evaluation::CrossValidation { folds } => {
            if folds < 2 || folds > n {
                return Err(ModelError::Spec(format!(
                    "cross-validation needs 2 to {n} folds, not {folds}"
                )));
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
            return Err(ModelError::Cancelled);
        }
        if test_rows.is_empty() || train_rows.is_empty() {
            return Err(ModelError::Data(
                "a split has no training or no test rows; use more rows".into(),
            ));
        }
        let enc = Encoder::fit(&table, train_rows, standardise, spec.impute);
        let xt = enc
            .transform_until(&table, train_rows, stop)
            .ok_or(ModelError::Cancelled)?;
        let xs = enc
            .transform_until(&table, test_rows, stop)
            .ok_or(ModelError::Cancelled)?;
        let seed = spec.seed.wrapping_add(fold as u64);
        let score = |spec: &ModelSpec,
                     params: &BTreeMap<String, f64>|
         -> Result<
            (Scores, crate::core::model::models::Fitted, Prediction),
            ModelError,
        > {
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
                .ok_or(ModelError::Cancelled)?;
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
                _ => {
                    return Err(ModelError::Fit(
                        "the model predicted the wrong kind of value".into(),
                    ))
                }
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
