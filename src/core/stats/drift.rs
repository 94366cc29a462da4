//! Drift between a reference dataset and a new one: schema differences, per-column distribution
//! shift (the population stability index for every shared column, and the two-sample
//! Kolmogorov-Smirnov test for numeric ones), changes in the share of missing values, and
//! categories the reference never had.
//!
//! Conventions (stated in the README):
//! - PSI = Σ (new% − ref%) · ln(new% / ref%) over bins: for numbers, the reference's deciles
//!   (10 bins of about equal reference counts; fewer when values repeat); for text, the
//!   categories. A share of 0 counts as 0.0001 so an empty bin is a large but finite term.
//!   Missing values are left out of the PSI and reported as the change in missing share.
//!   Reading: below 0.1 no significant shift, 0.1 to 0.25 a moderate shift, 0.25 or more a
//!   significant shift.
//! - KS: D is the largest gap between the two empirical distribution functions (scipy's
//!   `ks_2samp` statistic); the p-value uses the asymptotic Kolmogorov distribution with
//!   Stephens' correction, λ = (√m + 0.12 + 0.11/√m)·D with m = n·n'/(n + n'), which is close to
//!   scipy's for samples of more than a few dozen rows.

use std::collections::BTreeMap;

use polars::prelude::*;
use serde::Serialize;

use crate::core::data::cells::is_numeric;

/// PSI at or above this is a significant shift (the usual reading).
pub const PSI_SIGNIFICANT: f64 = 0.25;
/// PSI at or above this is a moderate shift.
pub const PSI_MODERATE: f64 = 0.1;
/// A change in the share of missing values at least this large counts as drift.
pub const NULL_CHANGE: f64 = 0.1;
/// The floor of a bin's share in the PSI sum.
const EPS: f64 = 1e-4;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Retyped {
    pub column: String,
    pub reference: String,
    pub new: String,
    /// Numbers stay numbers (an integer column read as floats): listed, not counted as drift.
    pub compatible: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schema {
    /// Columns only in the new data, with their types.
    pub added: Vec<(String, String)>,
    /// Columns only in the reference.
    pub removed: Vec<(String, String)>,
    pub retyped: Vec<Retyped>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ks {
    pub statistic: f64,
    pub p_value: f64,
}

/// One shared column's shift.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnDrift {
    pub column: String,
    /// `numeric` or `categorical`.
    pub kind: &'static str,
    pub psi: f64,
    /// `no significant shift`, `moderate shift` or `significant shift`.
    pub reading: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ks: Option<Ks>,
    pub null_share_reference: f64,
    pub null_share_new: f64,
    /// Categories in the new data that the reference never had, with their counts (most
    /// frequent first).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub new_categories: Vec<(String, usize)>,
    /// The bins compared: label, reference share, new share.
    #[serde(skip)]
    pub bins: Vec<(String, f64, f64)>,
    /// Whether this column counts as drifted (PSI past the threshold, or the missing share
    /// changed by `NULL_CHANGE` or more).
    pub drifted: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Drift {
    pub reference: String,
    pub new: String,
    pub rows_reference: usize,
    pub rows_new: usize,
    /// The PSI that counts as drift.
    pub threshold: f64,
    pub schema: Schema,
    /// Shared columns, largest PSI first.
    pub columns: Vec<ColumnDrift>,
    /// Columns that drifted, plus removed ones and ones whose kind changed (numbers to text).
    pub drifted: Vec<String>,
}

impl Drift {
    /// Whether a pipeline should stop: a column removed or of another kind, or one drifted.
    pub fn failed(&self) -> bool {
        !self.drifted.is_empty()
    }
}

/// The usual reading of a PSI value.
pub fn reading(psi: f64) -> &'static str {
    if psi >= PSI_SIGNIFICANT {
        "significant shift"
    } else if psi >= PSI_MODERATE {
        "moderate shift"
    } else {
        "no significant shift"
    }
}

/// PSI of two distributions given as counts over the same bins.
pub fn psi(reference: &[usize], new: &[usize]) -> f64 {
    let (a, b) = (
        reference.iter().sum::<usize>().max(1) as f64,
        new.iter().sum::<usize>().max(1) as f64,
    );
    reference
        .iter()
        .zip(new)
        .map(|(&r, &n)| {
            let e = (r as f64 / a).max(EPS);
            let o = (n as f64 / b).max(EPS);
            (o - e) * (o / e).ln()
        })
        .sum()
}

/// Two-sample Kolmogorov-Smirnov statistic and p-value (see the module notes).
pub fn ks_2samp(a: &[f64], b: &[f64]) -> Option<Ks> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let mut x = a.to_vec();
    let mut y = b.to_vec();
    x.sort_by(f64::total_cmp);
    y.sort_by(f64::total_cmp);
    let (n, m) = (x.len() as f64, y.len() as f64);
    let (mut i, mut j) = (0usize, 0usize);
    let mut d: f64 = 0.0;
    while i < x.len() && j < y.len() {
        let v = x[i].min(y[j]);
        while i < x.len() && x[i] <= v {
            i += 1;
        }
        while j < y.len() && y[j] <= v {
            j += 1;
        }
        d = d.max((i as f64 / n - j as f64 / m).abs());
    }
    let en = (n * m / (n + m)).sqrt();
    let lambda = (en + 0.12 + 0.11 / en) * d;
    Some(Ks {
        statistic: d,
        p_value: kolmogorov_q(lambda),
    })
}

/// Q(λ) = 2 Σ (−1)^(k−1) exp(−2 k² λ²), the Kolmogorov distribution's upper tail.
fn kolmogorov_q(lambda: f64) -> f64 {
    if lambda < 1e-3 {
        return 1.0;
    }
    let mut sum = 0.0;
    let mut sign = 1.0;
    for k in 1..=200 {
        let k = k as f64;
        let term = sign * (-2.0 * k * k * lambda * lambda).exp();
        sum += term;
        if term.abs() < 1e-12 {
            break;
        }
        sign = -sign;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

/// Finite values of a numeric (or date) column.
fn numbers(col: &Column) -> Vec<f64> {
    let c = if col.dtype().is_temporal() {
        col.to_physical_repr()
    } else {
        col.clone()
    };
    c.cast(&DataType::Float64)
        .ok()
        .and_then(|c| {
            c.f64()
                .ok()
                .map(|ca| ca.iter().flatten().filter(|v| v.is_finite()).collect())
        })
        .unwrap_or_default()
}

fn missing_share(col: &Column, finite: usize, numeric: bool) -> f64 {
    let n = col.len();
    if n == 0 {
        return 0.0;
    }
    let missing = if numeric {
        n - finite
    } else {
        col.null_count()
    };
    missing as f64 / n as f64
}

/// Numbers into the reference's decile bins: edges at the reference's quantiles (distinct),
/// each bin `(lo, hi]`, the first open below and the last open above.
fn numeric_bins(reference: &[f64], new: &[f64]) -> Vec<(String, usize, usize)> {
    let mut sorted = reference.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let mut edges: Vec<f64> = (1..10)
        .map(|q| {
            // numpy's linear quantile.
            let pos = q as f64 / 10.0 * (n - 1) as f64;
            let lo = pos.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
        })
        .collect();
    edges.dedup();
    let count = |values: &[f64]| {
        let mut c = vec![0usize; edges.len() + 1];
        for &v in values {
            c[edges.partition_point(|&e| e < v)] += 1;
        }
        c
    };
    let (r, w) = (count(reference), count(new));
    (0..=edges.len())
        .map(|i| {
            let label = match (i.checked_sub(1).map(|j| edges[j]), edges.get(i)) {
                (None, Some(hi)) => format!("≤ {}", crate::core::data::cells::format_stat(*hi, 4)),
                (Some(lo), None) => format!("> {}", crate::core::data::cells::format_stat(lo, 4)),
                (Some(lo), Some(hi)) => format!(
                    "{} to {}",
                    crate::core::data::cells::format_stat(lo, 4),
                    crate::core::data::cells::format_stat(*hi, 4)
                ),
                (None, None) => "all".into(),
            };
            (label, r[i], w[i])
        })
        .collect()
}

fn texts(col: &Column) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    if let Ok(c) = col.cast(&DataType::String) {
        if let Ok(ca) = c.str() {
            for v in ca.iter().flatten() {
                *out.entry(v.to_string()).or_default() += 1;
            }
        }
    }
    out
}

/// Compare `new` against `reference`; a column counts as drifted when its PSI reaches
/// `threshold` or its missing share changes by `NULL_CHANGE` or more.
pub fn drift(reference: &DataFrame, new: &DataFrame, names: (&str, &str), threshold: f64) -> Drift {
    let mut schema = Schema {
        added: Vec::new(),
        removed: Vec::new(),
        retyped: Vec::new(),
    };
    let mut columns = Vec::new();
    for col in reference.columns() {
        let name = col.name().to_string();
        let Ok(other) = new.column(&name) else {
            schema.removed.push((name, col.dtype().to_string()));
            continue;
        };
        let (numeric_ref, numeric_new) = (
            is_numeric(col.dtype()) || col.dtype().is_temporal(),
            is_numeric(other.dtype()) || other.dtype().is_temporal(),
        );
        if col.dtype() != other.dtype() {
            schema.retyped.push(Retyped {
                column: name.clone(),
                reference: col.dtype().to_string(),
                new: other.dtype().to_string(),
                compatible: numeric_ref == numeric_new,
            });
        }
        let d = if numeric_ref && numeric_new {
            let (a, b) = (numbers(col), numbers(other));
            let bins = if a.is_empty() {
                Vec::new()
            } else {
                numeric_bins(&a, &b)
            };
            let r: Vec<usize> = bins.iter().map(|b| b.1).collect();
            let w: Vec<usize> = bins.iter().map(|b| b.2).collect();
            let p = if bins.is_empty() { 0.0 } else { psi(&r, &w) };
            ColumnDrift {
                column: name.clone(),
                kind: "numeric",
                psi: p,
                reading: reading(p),
                ks: ks_2samp(&a, &b),
                null_share_reference: missing_share(col, a.len(), true),
                null_share_new: missing_share(other, b.len(), true),
                new_categories: Vec::new(),
                bins: shares(&bins),
                drifted: false,
            }
        } else {
            let (a, b) = (texts(col), texts(other));
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            let bins: Vec<(String, usize, usize)> = keys
                .iter()
                .map(|k| {
                    (
                        (*k).clone(),
                        a.get(*k).copied().unwrap_or(0),
                        b.get(*k).copied().unwrap_or(0),
                    )
                })
                .collect();
            let r: Vec<usize> = bins.iter().map(|b| b.1).collect();
            let w: Vec<usize> = bins.iter().map(|b| b.2).collect();
            let p = if bins.is_empty() { 0.0 } else { psi(&r, &w) };
            let mut fresh: Vec<(String, usize)> = b
                .iter()
                .filter(|(k, _)| !a.contains_key(*k))
                .map(|(k, c)| (k.clone(), *c))
                .collect();
            fresh.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
            ColumnDrift {
                column: name.clone(),
                kind: "categorical",
                psi: p,
                reading: reading(p),
                ks: None,
                null_share_reference: missing_share(col, 0, false),
                null_share_new: missing_share(other, 0, false),
                new_categories: fresh,
                bins: shares(&bins),
                drifted: false,
            }
        };
        columns.push(d);
    }
    for col in new.columns() {
        if reference.column(col.name()).is_err() {
            schema
                .added
                .push((col.name().to_string(), col.dtype().to_string()));
        }
    }
    for c in columns.iter_mut() {
        c.drifted =
            c.psi >= threshold || (c.null_share_new - c.null_share_reference).abs() >= NULL_CHANGE;
    }
    columns.sort_by(|a, b| b.psi.total_cmp(&a.psi).then(a.column.cmp(&b.column)));
    let mut drifted: Vec<String> = schema.removed.iter().map(|(c, _)| c.clone()).collect();
    drifted.extend(
        schema
            .retyped
            .iter()
            .filter(|r| !r.compatible)
            .map(|r| r.column.clone()),
    );
    drifted.extend(
        columns
            .iter()
            .filter(|c| c.drifted)
            .map(|c| c.column.clone()),
    );
    drifted.sort();
    drifted.dedup();
    Drift {
        reference: names.0.to_string(),
        new: names.1.to_string(),
        rows_reference: reference.height(),
        rows_new: new.height(),
        threshold,
        schema,
        columns,
        drifted,
    }
}

fn shares(bins: &[(String, usize, usize)]) -> Vec<(String, f64, f64)> {
    let a = bins.iter().map(|b| b.1).sum::<usize>().max(1) as f64;
    let b = bins.iter().map(|b| b.2).sum::<usize>().max(1) as f64;
    bins.iter()
        .map(|(l, r, n)| (l.clone(), *r as f64 / a, *n as f64 / b))
        .collect()
}
