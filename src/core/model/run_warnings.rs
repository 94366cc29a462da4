//! What a training run warns about, beside its scores: fits that stopped at their iteration
//! cap, imbalanced classes, and a feature that gives the target away (leakage).

use std::collections::BTreeMap;

use super::features::{Encoder, Impute, Table};

/// scikit-learn's `ConvergenceWarning`, said plainly: which fits stopped at the iteration cap.
pub fn convergence(
    model: &str,
    params: &BTreeMap<String, f64>,
    endings: &[Option<super::models::Convergence>],
) -> Option<String> {
    let capped: Vec<usize> = endings
        .iter()
        .enumerate()
        .filter(|(_, e)| e.is_some_and(|c| !c.converged))
        .map(|(i, _)| i + 1)
        .collect();
    if capped.is_empty() {
        return None;
    }
    let which = if endings.len() == 1 {
        String::new()
    } else {
        format!(
            " in fold{} {} of {}",
            if capped.len() == 1 { "" } else { "s" },
            capped
                .iter()
                .map(|f| f.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            endings.len()
        )
    };
    let (cap, advice) = match params.get("max_iterations") {
        Some(m) if model == "logistic" => (
            format!("max_iterations = {m}"),
            "raise max_iterations, or alpha for a stronger penalty",
        ),
        Some(m) => (format!("max_iterations = {m}"), "raise max_iterations"),
        None => (
            format!(
                "{} coordinate-descent passes",
                super::models::ELASTIC_NET_ITERATIONS
            ),
            "a larger alpha converges in fewer passes",
        ),
    };
    Some(format!(
        "`{model}` did not converge{which}: it stopped at the iteration cap ({cap}) before \
         meeting its stopping rule, so its scores may not be its best; {advice}"
    ))
}

/// Classes far apart in size: accuracy then flatters.
pub fn imbalance(y: &[usize], k: usize) -> Option<String> {
    let mut counts = vec![0usize; k];
    for &c in y {
        counts[c] += 1;
    }
    let (lo, hi) = (
        counts.iter().copied().min().unwrap_or(0),
        counts.iter().copied().max().unwrap_or(0),
    );
    (hi > 0 && (lo as f64) < 0.2 * hi as f64).then(|| {
        format!(
            "classes are imbalanced ({lo} vs {hi} rows): accuracy flatters; read balanced \
             accuracy and F1"
        )
    })
}

/// A numeric feature almost perfectly correlated with a numeric target is suspicious.
pub fn leakage(table: &Table, names: &[String], y: &[f64]) -> Vec<String> {
    let rows: Vec<usize> = (0..table.rows).collect();
    let enc = Encoder::fit(table, &rows, false, Impute::Median);
    let x = enc.transform(table, &rows);
    let mut out = Vec::new();
    for (j, name) in enc.names.iter().enumerate() {
        if !names.contains(name) {
            continue;
        }
        let col: Vec<f64> = x.column(j).to_vec();
        if let Some(r) = crate::core::stats::correlate::pearson_r(&col, y) {
            if r.abs() > 0.98 {
                out.push(format!(
                    "`{name}` predicts the target almost perfectly (r = {r:.3}): check it is not \
                     derived from the target (leakage)"
                ));
            }
        }
    }
    out
}

/// Rows the class-leakage check looks at, at most (sampled with the run's seed).
const LEAKAGE_ROWS: usize = 20_000;

/// A single feature that sorts the classes almost perfectly (a small tree on it alone is right
/// on 99% of rows) is suspicious: it may be the target in disguise.
pub fn class_leakage(
    table: &Table,
    names: &[String],
    y: &[usize],
    k: usize,
    seed: u64,
) -> Vec<String> {
    let rows: Vec<usize> = if table.rows > LEAKAGE_ROWS {
        crate::core::num::rng::sample_indices(table.rows, LEAKAGE_ROWS, seed)
    } else {
        (0..table.rows).collect()
    };
    let enc = Encoder::fit(table, &rows, false, Impute::Median);
    let x = enc.transform(table, &rows);
    let ys: Vec<usize> = rows.iter().map(|&r| y[r]).collect();
    let depth = (usize::BITS - k.saturating_sub(1).leading_zeros()) as usize + 1;
    let mut out = Vec::new();
    let mut col = 0;
    for (name, levels) in names.iter().zip(&enc.levels) {
        let width = levels.as_ref().map_or(1, |l| l.len());
        // (ndarray's `s!` macro uses unsafe code, which this crate forbids.)
        let part = ndarray::Array2::from_shape_fn((x.nrows(), width), |(i, j)| x[[i, col + j]]);
        col += width;
        let tree = super::tree::Tree::fit(&part, &ys, k, depth, 2, &super::models::never);
        let right = tree
            .predict(&part)
            .iter()
            .zip(&ys)
            .filter(|(a, b)| a == b)
            .count();
        let share = right as f64 / ys.len().max(1) as f64;
        if share >= 0.99 {
            out.push(format!(
                "`{name}` alone predicts the class for {:.1}% of rows: check it is not derived \
                 from the target (leakage)",
                share * 100.0
            ));
        }
    }
    out
}
