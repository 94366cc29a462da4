//! The numbers of a column as f64 and the shape statistics: distinct count of sorted values,
//! skewness and excess kurtosis with pandas' bias corrections.

use polars::prelude::*;

use crate::core::num::compensated::Compensated;

/// The non-missing values of a numeric column as f64 (nulls and NaN dropped).
pub fn numeric_values(col: &Column) -> Vec<f64> {
    let Ok(cast) = col.cast(&DataType::Float64) else {
        return Vec::new();
    };
    let Ok(ca) = cast.f64() else {
        return Vec::new();
    };
    ca.iter().flatten().filter(|x| !x.is_nan()).collect()
}

/// Distinct values of a sorted slice (`-0.0` equals `0.0`, as in pandas).
pub fn count_distinct_sorted(sorted: &[f64]) -> usize {
    if sorted.is_empty() {
        return 0;
    }
    1 + sorted.windows(2).filter(|w| w[0] != w[1]).count()
}

/// Sums of the 2nd, 3rd and 4th powers of the deviations from `mean`, with the deviations
/// divided by the largest of them first: skewness and kurtosis do not depend on scale, and this
/// keeps `1e300` from overflowing and `1e-300` from underflowing. `None` for a constant column.
pub(super) fn moment_sums(values: &[f64], mean: f64) -> Option<(f64, f64, f64)> {
    let scale = values.iter().map(|x| (x - mean).abs()).fold(0.0, f64::max);
    // Deviations at rounding-noise level of the mean mean a constant column.
    if !scale.is_finite() || scale <= mean.abs() * f64::EPSILON * 16.0 {
        return None;
    }
    // Three compensated sums in one pass (each accumulates as it would alone).
    let (mut d2, mut d3, mut d4) = (
        Compensated::default(),
        Compensated::default(),
        Compensated::default(),
    );
    for x in values {
        let d = (x - mean) / scale;
        d2.add(d.powi(2));
        d3.add(d.powi(3));
        d4.add(d.powi(4));
    }
    Some((d2.total(), d3.total(), d4.total()))
}

/// Adjusted Fisher-Pearson skewness `sqrt(n(n-1))/(n-2) * m3/m2^1.5` (pandas `skew()`); `None`
/// below 3 values and for a constant column (undefined; pandas gives NaN).
pub fn skewness(values: &[f64], mean: f64) -> Option<f64> {
    skewness_of(values.len(), moment_sums(values, mean)?)
}

pub(super) fn skewness_of(count: usize, (d2, d3, _): (f64, f64, f64)) -> Option<f64> {
    if count < 3 {
        return None;
    }
    let n = count as f64;
    let (m2, m3) = (d2 / n, d3 / n);
    Some((n * (n - 1.0)).sqrt() / (n - 2.0) * m3 / m2.powf(1.5))
}

/// Bias-corrected excess kurtosis (pandas `kurt()`, Fisher's definition: normal is 0); `None`
/// below 4 values and for a constant column.
pub fn excess_kurtosis(values: &[f64], mean: f64) -> Option<f64> {
    kurtosis_of(values.len(), moment_sums(values, mean)?)
}

pub(super) fn kurtosis_of(count: usize, (d2, _, d4): (f64, f64, f64)) -> Option<f64> {
    if count < 4 {
        return None;
    }
    let n = count as f64;
    let g2 = n * d4 / (d2 * d2) - 3.0;
    Some((n - 1.0) / ((n - 2.0) * (n - 3.0)) * ((n + 1.0) * g2 + 6.0))
}
