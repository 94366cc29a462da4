//! Mean, sample standard deviation and quantiles of plain f64 slices, as pandas and numpy
//! compute them (compensated sums; linear interpolation between order statistics).

use super::compensated::Compensated;

/// Arithmetic mean with a compensated sum, so long columns do not drift. With infinities it is
/// the plain sum's answer (inf, or NaN for both signs), as in numpy.
pub fn mean(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let sum = if values.iter().any(|x| x.is_infinite()) {
        values.iter().sum()
    } else {
        kahan_sum(values.iter().copied())
    };
    Some(sum / values.len() as f64)
}

/// Sample standard deviation (ddof 1); `None` below two values, as pandas gives NaN.
pub fn sample_std(values: &[f64], mean: f64) -> Option<f64> {
    if values.len() < 2 {
        return None;
    }
    let ss = kahan_sum(values.iter().map(|x| (x - mean) * (x - mean)));
    Some((ss / (values.len() - 1) as f64).sqrt())
}

/// Quantile `q` of sorted values by linear interpolation between the two nearest ranks
/// (numpy's default `linear` method, which pandas uses).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(n - 1);
    let frac = h - lo as f64;
    Some(sorted[lo] + (sorted[hi] - sorted[lo]) * frac)
}

fn kahan_sum(values: impl Iterator<Item = f64>) -> f64 {
    let mut sum = Compensated::default();
    for x in values {
        sum.add(x);
    }
    sum.total()
}
