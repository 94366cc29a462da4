//! Model metrics, defined as scikit-learn defines them (its defaults where it has options), so
//! lathe's numbers can be checked against it:
//!
//! - classification: accuracy, balanced accuracy (mean recall over the classes present in the
//!   truth), precision/recall/F1 per class with macro and support-weighted averages over the
//!   classes seen in truth or predictions (a zero denominator gives 0, as `zero_division=0`),
//!   the confusion matrix (rows true, columns predicted), ROC curves and AUC (binary; one-vs-rest
//!   macro for more classes), and log loss (probabilities clipped to [eps, 1 - eps]);
//! - regression: R² (1 when truth and prediction are both constant and equal, else 0 for a
//!   constant truth, as `force_finite=True`), RMSE, MAE, MAPE (a fraction, |y| floored at eps);
//! - clustering: inertia (the sum of squared distances to the assigned centre, not linfa's
//!   mean) and the silhouette (singletons score 0).
//!
//! Classes are indices `0..k` here; names live with the caller.

use crate::core::model::features::Task;
use serde::Serialize;

/// Per-class and averaged scores of a classifier.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Classification {
    pub accuracy: f64,
    pub balanced_accuracy: f64,
    pub precision: Vec<f64>,
    pub recall: Vec<f64>,
    pub f1: Vec<f64>,
    /// True count of each class.
    pub support: Vec<usize>,
    pub precision_macro: f64,
    pub recall_macro: f64,
    pub f1_macro: f64,
    pub precision_weighted: f64,
    pub recall_weighted: f64,
    pub f1_weighted: f64,
    /// `confusion[t][p]`: rows of class `t` predicted as `p`.
    pub confusion: Vec<Vec<usize>>,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores of predictions `pred` against `truth`, both class indices below `k`.
pub fn classification(truth: &[usize], pred: &[usize], k: usize) -> Classification {
    assert_eq!(truth.len(), pred.len());
    let mut confusion = vec![vec![0usize; k]; k];
    for (&t, &p) in truth.iter().zip(pred) {
        confusion[t][p] += 1;
    }
    let support: Vec<usize> = (0..k).map(|c| confusion[c].iter().sum()).collect();
    let predicted: Vec<usize> = (0..k)
        .map(|c| (0..k).map(|t| confusion[t][c]).sum())
        .collect();
    let tp: Vec<usize> = (0..k).map(|c| confusion[c][c]).collect();
    let precision: Vec<f64> = (0..k).map(|c| ratio(tp[c], predicted[c])).collect();
    let recall: Vec<f64> = (0..k).map(|c| ratio(tp[c], support[c])).collect();
    let f1: Vec<f64> = (0..k)
        .map(|c| {
            let (p, r) = (precision[c], recall[c]);
            if p + r == 0.0 {
                0.0
            } else {
                2.0 * p * r / (p + r)
            }
        })
        .collect();
    // Averages over the classes that occur in the truth or the predictions.
    let seen: Vec<usize> = (0..k)
        .filter(|&c| support[c] > 0 || predicted[c] > 0)
        .collect();
    let macro_of = |v: &[f64]| {
        if seen.is_empty() {
            0.0
        } else {
            seen.iter().map(|&c| v[c]).sum::<f64>() / seen.len() as f64
        }
    };
    let n = truth.len();
    let weighted_of = |v: &[f64]| {
        if n == 0 {
            0.0
        } else {
            (0..k).map(|c| v[c] * support[c] as f64).sum::<f64>() / n as f64
        }
    };
    let present: Vec<usize> = (0..k).filter(|&c| support[c] > 0).collect();
    let balanced_accuracy = if present.is_empty() {
        0.0
    } else {
        present.iter().map(|&c| recall[c]).sum::<f64>() / present.len() as f64
    };
    Classification {
        accuracy: ratio(tp.iter().sum(), n),
        balanced_accuracy,
        precision_macro: macro_of(&precision),
        recall_macro: macro_of(&recall),
        f1_macro: macro_of(&f1),
        precision_weighted: weighted_of(&precision),
        recall_weighted: weighted_of(&recall),
        f1_weighted: weighted_of(&f1),
        precision,
        recall,
        f1,
        support,
        confusion,
    }
}

/// Points of a ROC curve (false positive rate, true positive rate), from (0, 0) to (1, 1), one
/// per distinct score (highest first). `None` without both classes.
pub fn roc_curve(positive: &[bool], score: &[f64]) -> Option<Vec<(f64, f64)>> {
    let p = positive.iter().filter(|x| **x).count();
    let n = positive.len() - p;
    if p == 0 || n == 0 {
        return None;
    }
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    let mut points = vec![(0.0, 0.0)];
    let (mut tp, mut fp) = (0usize, 0usize);
    let mut i = 0;
    while i < order.len() {
        // All samples tied at this score move together.
        let s = score[order[i]];
        while i < order.len() && score[order[i]] == s {
            if positive[order[i]] {
                tp += 1;
            } else {
                fp += 1;
            }
            i += 1;
        }
        points.push((fp as f64 / n as f64, tp as f64 / p as f64));
    }
    Some(points)
}

/// Area under the ROC curve by the trapezoid rule (ties give the diagonal, i.e. count one half).
pub fn roc_auc(positive: &[bool], score: &[f64]) -> Option<f64> {
    let pts = roc_curve(positive, score)?;
    Some(
        pts.windows(2)
            .map(|w| (w[1].0 - w[0].0) * (w[1].1 + w[0].1) / 2.0)
            .sum(),
    )
}

/// ROC AUC of class probabilities `proba[i][c]`: binary (class 1 as positive) for two classes,
/// the unweighted mean of one-vs-rest AUCs for more. `None` when a class has no rows.
pub fn roc_auc_proba(truth: &[usize], proba: &[Vec<f64>], k: usize) -> Option<f64> {
    if k == 2 {
        let pos: Vec<bool> = truth.iter().map(|&t| t == 1).collect();
        let score: Vec<f64> = proba.iter().map(|p| p[1]).collect();
        return roc_auc(&pos, &score);
    }
    let mut total = 0.0;
    for c in 0..k {
        let pos: Vec<bool> = truth.iter().map(|&t| t == c).collect();
        let score: Vec<f64> = proba.iter().map(|p| p[c]).collect();
        total += roc_auc(&pos, &score)?;
    }
    Some(total / k as f64)
}

/// Mean negative log-likelihood of the true classes, probabilities clipped to [eps, 1 - eps]
/// (each row renormalised first).
pub fn log_loss(truth: &[usize], proba: &[Vec<f64>]) -> f64 {
    let eps = f64::EPSILON;
    let n = truth.len().max(1) as f64;
    truth
        .iter()
        .zip(proba)
        .map(|(&t, p)| {
            let sum: f64 = p.iter().sum();
            let q = if sum > 0.0 { p[t] / sum } else { 0.0 };
            -q.clamp(eps, 1.0 - eps).ln()
        })
        .sum::<f64>()
        / n
}

/// Regression scores.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Regression {
    pub r2: f64,
    pub rmse: f64,
    pub mae: f64,
    pub mape: f64,
}

pub fn regression(truth: &[f64], pred: &[f64]) -> Regression {
    assert_eq!(truth.len(), pred.len());
    let n = truth.len().max(1) as f64;
    let mean = truth.iter().sum::<f64>() / n;
    let ss_res: f64 = truth.iter().zip(pred).map(|(t, p)| (t - p).powi(2)).sum();
    let ss_tot: f64 = truth.iter().map(|t| (t - mean).powi(2)).sum();
    let r2 = if ss_tot == 0.0 {
        if ss_res == 0.0 {
            1.0
        } else {
            0.0
        }
    } else {
        1.0 - ss_res / ss_tot
    };
    Regression {
        r2,
        rmse: (ss_res / n).sqrt(),
        mae: truth
            .iter()
            .zip(pred)
            .map(|(t, p)| (t - p).abs())
            .sum::<f64>()
            / n,
        mape: truth
            .iter()
            .zip(pred)
            .map(|(t, p)| (t - p).abs() / t.abs().max(f64::EPSILON))
            .sum::<f64>()
            / n,
    }
}

fn sq_dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Sum of squared distances of each row to its cluster's centre.
pub fn inertia(rows: &[Vec<f64>], labels: &[usize], centres: &[Vec<f64>]) -> f64 {
    rows.iter()
        .zip(labels)
        .map(|(r, &l)| sq_dist(r, &centres[l]))
        .sum()
}

/// Mean silhouette coefficient (Euclidean). `None` unless 2 <= clusters <= rows - 1.
pub fn silhouette(rows: &[Vec<f64>], labels: &[usize]) -> Option<f64> {
    let n = rows.len();
    let k = labels.iter().copied().max().map_or(0, |m| m + 1);
    let mut sizes = vec![0usize; k];
    for &l in labels {
        sizes[l] += 1;
    }
    let clusters = sizes.iter().filter(|s| **s > 0).count();
    if clusters < 2 || clusters > n.saturating_sub(1) {
        return None;
    }
    let mut total = 0.0;
    for i in 0..n {
        let mut sums = vec![0.0; k];
        for j in 0..n {
            if i != j {
                sums[labels[j]] += sq_dist(&rows[i], &rows[j]).sqrt();
            }
        }
        let own = labels[i];
        if sizes[own] <= 1 {
            continue; // a singleton scores 0
        }
        let a = sums[own] / (sizes[own] - 1) as f64;
        let b = (0..k)
            .filter(|&c| c != own && sizes[c] > 0)
            .map(|c| sums[c] / sizes[c] as f64)
            .fold(f64::INFINITY, f64::min);
        let m = a.max(b);
        if m > 0.0 {
            total += (b - a) / m;
        }
    }
    Some(total / n as f64)
}

/// What a metric measures and when it misleads, in one line (shown by the model pane).
pub fn explain(metric: &str) -> &'static str {
    match metric {
        "accuracy" => "share of rows predicted right; misleads when one class dominates (predicting it always scores high)",
        "balanced_accuracy" => "mean of each class's recall: every class counts the same, so a majority guess scores 1/classes",
        "precision_macro" => "of the rows predicted as a class, the share that are it, averaged over classes: low means false alarms",
        "recall_macro" => "of the rows of a class, the share found, averaged over classes: low means misses",
        "f1_macro" => "harmonic mean of precision and recall per class, averaged: high only when both are",
        "precision_weighted" | "recall_weighted" | "f1_weighted" => "as the macro version, but classes weighted by their row counts: large classes dominate",
        "roc_auc" => "chance a random positive is scored above a random negative (0.5 = guessing); ignores the threshold and calibration",
        "log_loss" => "penalty for confident wrong probabilities (lower is better); one very confident mistake can dominate it",
        "r2" => "share of the target's variance explained (1 perfect, 0 = predicting the mean, negative = worse than the mean)",
        "rmse" => "typical error in the target's units, squaring first: large errors weigh most",
        "mae" => "mean absolute error in the target's units: every error counts in proportion",
        "mape" => "mean error as a fraction of the true value; explodes when true values are near zero",
        "inertia" => "sum of squared distances to the cluster centres: always falls as k grows, so compare at equal k",
        "silhouette" => "how much closer rows are to their own cluster than to the next (-1 to 1); favours round, even clusters",
        _ => "",
    }
}

/// The headline score of a task (higher is better except for the error measures).
pub fn headline(task: Task) -> &'static str {
    match task {
        Task::Classification => "balanced_accuracy",
        Task::Regression => "r2",
        Task::Clustering => "silhouette",
    }
}
