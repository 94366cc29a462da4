//! What the fitting steps learn from the data: the scaling's affine map, the outlier bounds, the
//! bin edges.

use super::step::*;
use super::values::sorted_present;
use crate::core::num::moments::quantile_sorted;

/// Center and scale of a scaler; a zero scale becomes 1, as scikit-learn does.
pub(super) fn fit_scale(values: &[Option<f64>], method: ScaleMethod) -> Option<Affine> {
    let sorted = sorted_present(values);
    if sorted.is_empty() {
        return None;
    }
    let (center, scale) = match method {
        ScaleMethod::Standard => {
            let m = crate::core::num::moments::mean(&sorted)?;
            let var = sorted.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / sorted.len() as f64;
            (m, var.sqrt())
        }
        ScaleMethod::MinMax => (sorted[0], sorted[sorted.len() - 1] - sorted[0]),
        ScaleMethod::Robust => (
            quantile_sorted(&sorted, 0.5)?,
            quantile_sorted(&sorted, 0.75)? - quantile_sorted(&sorted, 0.25)?,
        ),
    };
    Some(Affine {
        center,
        scale: if scale == 0.0 || !scale.is_finite() {
            1.0
        } else {
            scale
        },
    })
}

pub(super) fn fit_bounds(
    values: &[Option<f64>],
    method: OutlierMethod,
    k: Option<f64>,
) -> Option<Bounds> {
    let sorted = sorted_present(values);
    match method {
        OutlierMethod::Iqr => {
            let k = k.unwrap_or(1.5);
            let (q1, q3) = (
                quantile_sorted(&sorted, 0.25)?,
                quantile_sorted(&sorted, 0.75)?,
            );
            Some(Bounds {
                lower: q1 - k * (q3 - q1),
                upper: q3 + k * (q3 - q1),
            })
        }
        OutlierMethod::Zscore => {
            let k = k.unwrap_or(3.0);
            let m = crate::core::num::moments::mean(&sorted)?;
            let sd = crate::core::num::moments::sample_std(&sorted, m)?;
            Some(Bounds {
                lower: m - k * sd,
                upper: m + k * sd,
            })
        }
    }
}

/// Bin edges: `n` equal-width bins over the range, or at the quantiles i/n (repeated edges
/// merged).
pub(super) fn fit_edges(sorted: &[f64], method: BinMethod, n: usize) -> Option<Vec<f64>> {
    let (&lo, &hi) = (sorted.first()?, sorted.last()?);
    let mut edges: Vec<f64> = match method {
        BinMethod::Quantile => (0..=n)
            .map(|i| quantile_sorted(sorted, i as f64 / n as f64))
            .collect::<Option<Vec<f64>>>()?,
        _ => (0..=n)
            .map(|i| lo + (hi - lo) * i as f64 / n as f64)
            .collect(),
    };
    edges.dedup();
    if edges.len() < 2 {
        edges = vec![lo, lo + 1.0];
    }
    Some(edges)
}
