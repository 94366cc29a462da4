//! How much memory a fit needs, estimated from its shape before any work starts, and the check
//! that refuses a fit the machine cannot hold (rather than letting the allocator abort lathe
//! half-way, or the kernel kill it). `A` in the app skips such models and says why.
//!
//! The estimates are upper bounds of what lathe's own code allocates, written from the fits:
//! the feature table and the encoded matrices (the training rows, the scoring rows and, for
//! the models that see them, a standardised copy), plus what each model keeps or works in.
//! The model that matters most in practice is any of them on a wide encoding: one text column
//! with 400,000 distinct values one-hot encodes to 400,000 columns, a dense matrix of
//! terabytes.

use crate::core::model::ModelError;
use std::collections::BTreeMap;

use crate::core::data::cells::group_thousands;
use crate::core::num::memory::bytes;

/// A fit's shape: the rows it sees, the encoded feature columns, the classes (0 when it has
/// none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shape {
    pub rows: usize,
    pub width: usize,
    pub classes: usize,
}

/// Bytes the fit of `model` with `params` (the registry's defaults filled in) needs at its
/// peak on `shape`.
pub fn fit_bytes(model: &str, params: &BTreeMap<String, f64>, shape: Shape) -> u64 {
    // In f64, so a shape from a hostile recipe saturates instead of overflowing.
    let n = shape.rows as f64;
    let p = shape.width.max(1) as f64;
    let k = shape.classes.max(1) as f64;
    let param = |name: &str, default: f64| params.get(name).copied().unwrap_or(default);
    // Two encoded matrices: the rows a fold trains on and the rows it scores (at most all of
    // them together), plus the predictions and their probabilities.
    let matrix = n * p * 8.0;
    let base = matrix * 2.0 + n * k * 8.0 * 2.0;
    let extra = match model {
        "decision_tree" | "random_forest" => {
            let trees = if model == "random_forest" {
                param("n_trees", 100.0).max(1.0).floor()
            } else {
                1.0
            };
            let depth = param("max_depth", 8.0).clamp(1.0, 50.0).floor();
            // A bootstrap sample holds about 63% of the rows once; no tree has more leaves
            // than rows (or than its depth allows), each node is 24 bytes and a leaf keeps
            // its class shares.
            let rows_per_tree = if trees > 1.0 {
                (n * 0.632).floor() + 1.0
            } else {
                n
            };
            let leaves = rows_per_tree.min(depth.exp2());
            let per_tree = leaves * (2.0 * 24.0 + k * 8.0);
            // The presorted column codes, and each core's row lists while it grows a tree.
            trees * per_tree + n * p * 4.0 + 2.0 * n * 8.0 * 2.0
        }
        // The training rows kept for lookups (in the model and its file).
        "knn" | "knn_regression" => matrix,
        // One responsibility per row and component (and its log), and a covariance each.
        "gaussian_mixture" => {
            let c = param("k", 3.0).max(1.0);
            n * c * 8.0 * 3.0 + c * p * p * 8.0
        }
        "kmeans" => n * (8.0 + param("k", 3.0).max(1.0) * 8.0),
        // The coordinate solvers hold their own copy of the matrix.
        "ridge" | "lasso" | "elastic_net" => matrix,
        // A k-d tree over the rows, and each row's neighbours while a cluster grows.
        "dbscan" => matrix + n * 8.0 * 4.0,
        // The dual's variables and each class's margins.
        "linear_svm" => n * 8.0 * (2.0 + k),
        // The normal equations.
        "linear" => p * p * 8.0 * 2.0,
        _ => 0.0,
    };
    (base + extra) as u64
}

/// Refuse a fit whose estimate exceeds the memory available, naming the estimate, what is
/// free, and what to change. `widest` names the text feature that encodes to the most columns,
/// with its column count, when that is what makes the fit big.
pub fn check_fit(
    model: &str,
    params: &BTreeMap<String, f64>,
    shape: Shape,
    widest: Option<(&str, usize)>,
    free: Option<u64>,
) -> Result<(), ModelError> {
    let need = fit_bytes(model, params, shape);
    let Some(free) = free else {
        return Ok(());
    };
    if need <= free {
        return Ok(());
    }
    let advice = match widest {
        Some((name, levels)) if levels * 4 >= shape.width && levels > 1_000 => format!(
            "`{name}` one-hot encodes to {} columns: leave it out of the features, or group \
             its rare values first",
            group_thousands(levels)
        ),
        _ if matches!(model, "random_forest" | "decision_tree") => {
            "lower max_depth or n_trees, or train on fewer rows (a filter step)".into()
        }
        _ => "train on fewer rows (a filter step) or fewer features".into(),
    };
    Err(ModelError::Memory(format!(
        "{model} would need about {} of memory for {} rows x {} encoded features, and {} is \
         available: {advice}",
        bytes(need),
        group_thousands(shape.rows),
        group_thousands(shape.width),
        bytes(free)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn huge() -> Shape {
        Shape {
            rows: usize::MAX,
            width: usize::MAX,
            classes: 3,
        }
    }

    #[test]
    fn the_matrix_dominates_a_linear_fit() {
        // 1M rows x 10 features: two 80 MB matrices and the predictions.
        let shape = Shape {
            rows: 1_000_000,
            width: 10,
            classes: 2,
        };
        let need = fit_bytes("logistic", &params(&[]), shape);
        assert_eq!(need, 2 * 80_000_000 + 2 * 16_000_000);
    }

    #[test]
    fn deep_forests_grow_with_their_rows_and_shallow_ones_with_their_depth() {
        let shape = Shape {
            rows: 1_000_000,
            width: 10,
            classes: 2,
        };
        let shallow = fit_bytes("random_forest", &params(&[("max_depth", 12.0)]), shape);
        let deep = fit_bytes("random_forest", &params(&[("max_depth", 50.0)]), shape);
        // 100 trees of at most 4,096 leaves against 100 trees of 632,001 leaves each.
        assert_eq!(deep - shallow, 100 * (632_001 - 4_096) * (48 + 16));
        assert_eq!(fit_bytes("random_forest", &params(&[]), huge()), u64::MAX);
        assert!(deep > 4_000_000_000, "{deep}");
    }

    #[test]
    fn a_wide_encoding_is_refused_with_the_column_that_makes_it() {
        let shape = Shape {
            rows: 1_000_000,
            width: 400_010,
            classes: 2,
        };
        let err = check_fit(
            "logistic",
            &params(&[]),
            shape,
            Some(("customer_name", 400_000)),
            Some(16_000_000_000),
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.starts_with("logistic would need about 6.4 TB of memory"),
            "{err}"
        );
        assert!(
            err.contains("1,000,000 rows x 400,010 encoded features"),
            "{err}"
        );
        assert!(err.contains("16.0 GB is available"), "{err}");
        assert!(
            err.contains("`customer_name` one-hot encodes to 400,000 columns"),
            "{err}"
        );
    }

    #[test]
    fn what_fits_passes_and_an_unknown_budget_refuses_nothing() {
        let shape = Shape {
            rows: 344,
            width: 8,
            classes: 3,
        };
        assert!(check_fit("knn", &params(&[]), shape, None, Some(1_000_000)).is_ok());
        assert!(check_fit("knn", &params(&[]), huge(), None, None).is_ok());
    }
}
