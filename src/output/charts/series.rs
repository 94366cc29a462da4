//! The charts' data, built from the answers the panes show: a profile's histogram, a frequency
//! table, a scatter sample, the correlation matrix, a run's report (its curves and residuals).

use super::colours::PALETTE;
use super::{Chart, Series};
use crate::core::data::cells::format_stat;
use crate::core::model::features::Task;
use crate::core::model::metrics::{roc_auc, roc_curve};
use crate::core::model::train::Report;
use crate::core::stats::correlate::Correlations;
use crate::core::stats::inspect::{Frequencies, Histogram, Scatter};

/// The histogram of a profiled numeric column.
pub fn histogram(column: &str, h: &Histogram) -> Chart {
    Chart::Histogram {
        title: format!("{column}: histogram ({} bins, {})", h.counts.len(), h.rule),
        x_label: column.to_string(),
        edges: h.edges.clone(),
        counts: h.counts.clone(),
    }
}

/// Most charts show at most this many bars.
pub const MAX_BARS: usize = 30;

/// The most frequent values (at most `MAX_BARS`) of a frequency table, in its order.
pub fn frequencies(q: &Frequencies) -> Chart {
    let shown: Vec<&(Option<String>, usize)> = q.values.iter().take(MAX_BARS).collect();
    let more = q.values.len().saturating_sub(MAX_BARS);
    Chart::Bars {
        title: format!(
            "{}: rows per value ({} distinct{})",
            q.column,
            q.distinct,
            if more > 0 {
                format!(", {} shown", shown.len())
            } else {
                String::new()
            }
        ),
        value_label: "rows".into(),
        labels: shown
            .iter()
            .map(|(v, _)| v.clone().unwrap_or_else(|| "(missing)".into()))
            .collect(),
        values: shown.iter().map(|(_, n)| *n as f64).collect(),
        names: ("rows".into(), None),
        second: None,
    }
}

/// A scatter plot's sample, one series per colour.
pub fn scatter(s: &Scatter) -> Chart {
    let by = s
        .colour
        .as_ref()
        .map(|c| format!(", by {c}"))
        .unwrap_or_default();
    Chart::Points {
        title: format!(
            "{} against {}{by} ({} of {} rows)",
            s.y, s.x, s.shown, s.total
        ),
        x_label: s.x.clone(),
        y_label: s.y.clone(),
        series: s
            .series
            .iter()
            .map(|(name, points)| Series {
                name: name.clone(),
                points: points.clone(),
            })
            .collect(),
        lines: false,
        diagonal: false,
        zero: false,
    }
}

/// The correlation matrix (Pearson, or Spearman).
pub fn correlations(c: &Correlations, spearman: bool) -> Chart {
    Chart::Grid {
        title: format!(
            "{} correlation",
            if spearman { "Spearman" } else { "Pearson" }
        ),
        x_label: String::new(),
        y_label: String::new(),
        rows: c.columns.clone(),
        cols: c.columns.clone(),
        values: if spearman {
            c.spearman.clone()
        } else {
            c.pearson.clone()
        },
        signed: true,
    }
}

/// Every chart of a training run, each with a file-name stem: the confusion matrix and ROC
/// curves (classification), predicted against actual and the residuals (regression), the
/// clusters on two principal components, the headline score per fold against the baseline,
/// and the coefficients or importances. The model pane draws the same series (see `roc`,
/// `predicted_actual`, `residuals`, `clusters`).
pub fn run_charts(r: &Report) -> Vec<(String, Chart)> {
    let mut out: Vec<(String, Chart)> = Vec::new();
    let mut add = |stem: &str, chart: Option<Chart>| {
        if let Some(c) = chart {
            out.push((stem.into(), c));
        }
    };
    add("confusion", confusion(r));
    add("roc", roc(r));
    add("predicted_vs_actual", predicted_actual(r));
    add("residuals", residuals(r));
    add("clusters", clusters(r));
    add("folds", folds(r));
    let stem = if r.coefficients.is_some() {
        "coefficients"
    } else {
        "importances"
    };
    add(stem, weights(r));
    out
}

/// The confusion matrix of a classifier (rows: the true class).
pub fn confusion(r: &Report) -> Option<Chart> {
    let m = r
        .confusion
        .as_ref()
        .filter(|_| r.task == Task::Classification)?;
    let names = r.classes.clone().unwrap_or_default();
    Some(Chart::Grid {
        title: format!("{}: confusion matrix (rows: true class)", r.model),
        x_label: "predicted".into(),
        y_label: "true".into(),
        rows: names.clone(),
        cols: names,
        values: m
            .iter()
            .map(|row| row.iter().map(|&v| Some(v as f64)).collect())
            .collect(),
        signed: false,
    })
}

/// ROC curves of a classifier with probabilities: class 1 against 0 when binary, else each
/// class against the rest (as many as there are colours), each series named with its AUC.
pub fn roc(r: &Report) -> Option<Chart> {
    let p = &r.predictions;
    let names = r.classes.clone().unwrap_or_default();
    if r.task != Task::Classification
        || p.proba.is_empty()
        || p.proba.len() != p.rows.len()
        || names.len() < 2
    {
        return None;
    }
    let shown: Vec<usize> = if names.len() == 2 {
        vec![1]
    } else {
        (0..names.len().min(PALETTE.len())).collect()
    };
    let series: Vec<Series> = shown
        .iter()
        .filter_map(|&c| {
            let pos: Vec<bool> = p.truth.iter().map(|t| *t as usize == c).collect();
            let score: Vec<f64> = p.proba.iter().map(|row| row[c]).collect();
            let (pts, auc) = (roc_curve(&pos, &score)?, roc_auc(&pos, &score)?);
            Some(Series {
                name: format!("{} (AUC {})", names[c], format_stat(auc, 3)),
                points: pts,
            })
        })
        .collect();
    if series.is_empty() {
        return None;
    }
    Some(Chart::Points {
        title: format!(
            "{}: ROC curve{}",
            r.model,
            if names.len() > 2 {
                "s, each class against the rest"
            } else {
                ""
            }
        ),
        x_label: "false positive rate".into(),
        y_label: "true positive rate".into(),
        series,
        lines: true,
        diagonal: true,
        zero: false,
    })
}

/// A regression's predictions (x) against the actual values (y), one point per test row.
pub fn predicted_actual(r: &Report) -> Option<Chart> {
    let target = r.target.clone().unwrap_or_default();
    let what = format!("predicted against actual {target}");
    regression_points(r, &what, "actual", |predicted, actual| (predicted, actual))
}

/// A regression's residuals (actual − predicted) against its predictions.
pub fn residuals(r: &Report) -> Option<Chart> {
    let what = "residuals (actual − predicted)";
    regression_points(r, what, "residual", |predicted, actual| {
        (predicted, actual - predicted)
    })
}

/// One point per test row of a regression, placed by `at(predicted, actual)`; predicted
/// against actual gets the diagonal, the residuals the zero line.
fn regression_points(
    r: &Report,
    what: &str,
    y_label: &str,
    at: impl Fn(f64, f64) -> (f64, f64),
) -> Option<Chart> {
    let p = &r.predictions;
    if r.task != Task::Regression || p.rows.is_empty() {
        return None;
    }
    let residual = y_label == "residual";
    Some(Chart::Points {
        title: format!("{}: {what}", r.model),
        x_label: "predicted".into(),
        y_label: y_label.into(),
        series: vec![Series {
            name: String::new(),
            points: p
                .predicted
                .iter()
                .zip(&p.truth)
                .map(|(&predicted, &actual)| at(predicted, actual))
                .collect(),
        }],
        lines: false,
        diagonal: !residual,
        zero: residual,
    })
}

/// A clustering's rows on the first two principal components, one series per cluster.
pub fn clusters(r: &Report) -> Option<Chart> {
    let p = &r.predictions;
    if r.task != Task::Clustering || p.clusters.is_empty() {
        return None;
    }
    let names = r.classes.clone().unwrap_or_default();
    let k = p.clusters.iter().copied().max().unwrap_or(0) + 1;
    let series = (0..k)
        .map(|c| Series {
            name: names
                .get(c)
                .cloned()
                .unwrap_or_else(|| format!("cluster {c}")),
            points: p
                .clusters
                .iter()
                .enumerate()
                .filter(|(_, &l)| l == c)
                .map(|(i, _)| (p.truth[i], p.predicted[i]))
                .collect(),
        })
        .collect();
    Some(Chart::Points {
        title: format!(
            "{}: clusters on the first two principal components",
            r.model
        ),
        x_label: "first principal component".into(),
        y_label: "second principal component".into(),
        series,
        lines: false,
        diagonal: false,
        zero: false,
    })
}

/// The headline score per fold, beside the baseline's.
pub fn folds(r: &Report) -> Option<Chart> {
    let cv = r.cv.as_ref()?;
    let key = crate::core::model::metrics::headline(r.task);
    Some(Chart::Bars {
        title: format!("{}: {key} per fold", r.model),
        value_label: key.into(),
        labels: (1..=cv.folds.len()).map(|i| format!("fold {i}")).collect(),
        values: cv
            .folds
            .iter()
            .map(|f| f.get(key).copied().unwrap_or(f64::NAN))
            .collect(),
        names: (r.model.clone(), Some("baseline".into())),
        second: (cv.baseline_folds.len() == cv.folds.len()).then(|| {
            cv.baseline_folds
                .iter()
                .map(|f| f.get(key).copied().unwrap_or(f64::NAN))
                .collect()
        }),
    })
}

/// The coefficients (or the importances) by size, the largest `MAX_BARS`.
pub fn weights(r: &Report) -> Option<Chart> {
    let weights = r
        .coefficients
        .as_ref()
        .map(|c| ("coefficients", c))
        .or(r.importances.as_ref().map(|c| ("importances", c)));
    let (what, w) = weights?;
    let mut items: Vec<(&String, &f64)> = w.iter().collect();
    items.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(b.0)));
    items.truncate(MAX_BARS);
    Some(Chart::Bars {
        title: format!(
            "{}: {}{}",
            r.model,
            match (what, &r.coefficients_class) {
                ("coefficients", Some(c)) => format!(
                    "coefficients towards class {c} (standardised features where \
                         the model uses them)"
                ),
                ("coefficients", None) => {
                    "coefficients (standardised features where the model uses them)".to_string()
                }
                _ => "feature importances".to_string(),
            },
            if w.len() > MAX_BARS {
                ", largest shown"
            } else {
                ""
            }
        ),
        value_label: what.trim_end_matches('s').into(),
        labels: items.iter().map(|(k, _)| (*k).clone()).collect(),
        values: items.iter().map(|(_, v)| **v).collect(),
        names: (what.into(), None),
        second: None,
    })
}
