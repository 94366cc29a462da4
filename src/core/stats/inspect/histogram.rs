//! Histograms of a numeric column: the default bin count (Freedman-Diaconis, Sturges for small
//! or degenerate data) and the bins themselves.

use super::MAX_DEFAULT_BINS;
use crate::core::clean::MAX_BINS;
use crate::core::num::moments::quantile_sorted;

/// Counts of values in equal-width bins, as numpy's `histogram` makes them: `edges` has one
/// more entry than `counts`; every bin is half-open except the last, which holds the maximum.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    pub edges: Vec<f64>,
    pub counts: Vec<usize>,
    /// How the bin count was chosen: `freedman-diaconis`, `sturges` or `chosen`.
    pub rule: &'static str,
}

/// The default bin count for sorted finite values, and the rule that gave it: Freedman-Diaconis
/// (width 2 IQR / n^(1/3), numpy's `"fd"`), or Sturges (range / (log2 n + 1)) when the IQR is
/// zero, at most `MAX_DEFAULT_BINS`.
pub fn default_bins(sorted: &[f64]) -> (usize, &'static str) {
    let (Some(&lo), Some(&hi)) = (sorted.first(), sorted.last()) else {
        return (1, "freedman-diaconis");
    };
    let range = hi - lo;
    let n = sorted.len() as f64;
    let iqr =
        quantile_sorted(sorted, 0.75).unwrap_or(0.0) - quantile_sorted(sorted, 0.25).unwrap_or(0.0);
    let (width, rule) = if iqr > 0.0 {
        (2.0 * iqr * n.powf(-1.0 / 3.0), "freedman-diaconis")
    } else {
        (range / (n.log2() + 1.0), "sturges")
    };
    if range <= 0.0 || width <= 0.0 || !width.is_finite() {
        return (1, rule);
    }
    let bins = (range / width).ceil();
    ((bins as usize).clamp(1, MAX_DEFAULT_BINS), rule)
}

/// Histogram of sorted finite values; `None` when there are none.
pub fn histogram(sorted: &[f64], bins: Option<usize>) -> Option<Histogram> {
    let (&first, &last) = (sorted.first()?, sorted.last()?);
    let (n, rule) = match bins {
        Some(b) => (b.clamp(1, MAX_BINS), "chosen"),
        None => default_bins(sorted),
    };
    // numpy widens an empty range by 0.5 on each side.
    let (lo, hi) = if first == last {
        (first - 0.5, last + 0.5)
    } else {
        (first, last)
    };
    let step = (hi - lo) / n as f64;
    let mut edges: Vec<f64> = (0..=n).map(|i| lo + step * i as f64).collect();
    edges[n] = hi;
    let mut counts = vec![0usize; n];
    let scale = n as f64 / (hi - lo);
    for &x in sorted {
        // The bin from arithmetic, corrected against the edges themselves (as numpy does) so
        // a value on an edge always lands in the bin that edge opens.
        let mut i = (((x - lo) * scale) as usize).min(n - 1);
        if i > 0 && x < edges[i] {
            i -= 1;
        } else if i + 1 < n && x >= edges[i + 1] {
            i += 1;
        }
        counts[i] += 1;
    }
    Some(Histogram {
        edges,
        counts,
        rule,
    })
}
