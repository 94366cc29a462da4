//! Warnings about a numeric column: constant, heavy skew, outliers beyond the IQR fences,
//! identifier-like running numbers.

use polars::prelude::*;

use super::{id_like_warning, plural, warn, Warning, HEAVY_SKEW, ID_MIN_ROWS, IQR_K};
use crate::core::stats::profile::{numeric_values, ColumnSummary};

pub(super) fn numeric_warnings(
    col: &Column,
    s: &ColumnSummary,
    rows: usize,
    sorted: Option<&[f64]>,
) -> Vec<Warning> {
    let name = s.name.as_str();
    let mut out = Vec::new();
    if col.dtype().is_integer() && rows >= ID_MIN_ROWS && s.unique == rows {
        out.push(id_like_warning(name));
        return out;
    }
    // Outliers first: a few extreme values (often typos) are the thing to look at before the
    // shape of the rest, and they alone can make a column look skewed.
    let mut skew_without = None;
    if let (Some(q25), Some(q75)) = (s.q25, s.q75) {
        let iqr = q75 - q25;
        let (lo, hi) = (q25 - IQR_K * iqr, q75 + IQR_K * iqr);
        let owned;
        let sorted = match sorted {
            Some(v) => v,
            None => {
                let mut v = numeric_values(col);
                v.sort_unstable_by(f64::total_cmp);
                owned = v;
                &owned
            }
        };
        // Sorted: the values below `lo` and above `hi` are the two ends.
        let (below, above) = (
            sorted.partition_point(|&x| x < lo),
            sorted.partition_point(|&x| x <= hi),
        );
        let outside = below + (sorted.len() - above);
        if outside > 0 && iqr > 0.0 {
            // A few (at most 2% of the values): then the rest's own shape is what a
            // transform would be for. Many are the tail of a skewed column.
            if outside * 50 <= sorted.len() {
                let inside = &sorted[below..above];
                skew_without = crate::core::num::moments::mean(inside)
                    .and_then(|m| crate::core::stats::profile::skewness(inside, m));
            }
            let alone = match (s.skew, skew_without) {
                (Some(all), Some(rest)) if all.abs() > HEAVY_SKEW && rest.abs() <= HEAVY_SKEW => {
                    format!(
                        " They alone make the column look skewed (skewness {all:.2}, {rest:.2} \
                         without them)."
                    )
                }
                _ => String::new(),
            };
            out.push(warn(
                "outliers",
                name,
                "clip_outliers",
                format!(
                    "`{name}` has {} outside {} to {} (1.5 IQR beyond the quartiles): outliers \
                     pull means and linear fits; check them, then clip_outliers if they are \
                     errors.{alone}",
                    plural(outside, "value"),
                    crate::core::data::cells::format_stat(lo, 4),
                    crate::core::data::cells::format_stat(hi, 4),
                ),
            ));
        }
    }
    // Heavy skew of the values themselves, not of a few outliers (those are the warning above).
    if let Some(skew) = s.skew.filter(|k| k.abs() > HEAVY_SKEW) {
        if skew_without.is_none_or(|rest: f64| rest.abs() > HEAVY_SKEW) {
            out.push(warn(
                "heavy_skew",
                name,
                "log_transform",
                format!(
                    "`{name}` is heavily skewed (skewness {skew:.2}): a few extreme values \
                     dominate linear models and distances; log_transform (or a robust scale) \
                     evens it out."
                ),
            ));
        }
    }
    out
}
