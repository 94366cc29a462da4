//! Per-column summary statistics, following pandas' conventions: nulls and float NaN are missing
//! and excluded from every statistic, `std` is the sample standard deviation (ddof 1), quantiles
//! are linearly interpolated (numpy's default), and `unique` counts distinct non-missing values.

use polars::prelude::*;
use serde::Serialize;

use super::quality::{column_warnings, Warning};
use crate::core::data::cells::{dtype_name, format_value, is_numeric};
use crate::core::num::moments::{mean, quantile_sorted, sample_std};
use crate::core::num::parallel::parallel_map;

mod duplicates;
mod shape;
mod top;

pub use duplicates::duplicate_rows;
pub use shape::{count_distinct_sorted, excess_kurtosis, numeric_values, skewness};
use shape::{kurtosis_of, moment_sums, skewness_of};
pub(crate) use top::{physical_labels, physical_runs, value_counts};
use top::{top_counted, top_physical, top_sorted};

/// One value of a column as reported: a number for numeric columns, text otherwise (ISO text
/// for dates).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum StatValue {
    Number(f64),
    Text(String),
}

/// What `lathe profile` reports for one column, and what the columns pane shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnSummary {
    pub name: String,
    pub dtype: String,
    /// Non-missing values.
    pub count: usize,
    /// Missing values: nulls, plus NaN in float columns.
    pub nulls: usize,
    /// Distinct non-missing values.
    pub unique: usize,
    pub mean: Option<f64>,
    pub std: Option<f64>,
    pub min: Option<StatValue>,
    pub q25: Option<f64>,
    pub median: Option<f64>,
    pub q75: Option<f64>,
    pub max: Option<StatValue>,
    /// 5th and 95th percentiles (numeric only).
    pub p5: Option<f64>,
    pub p95: Option<f64>,
    /// Sample skewness, bias-corrected as pandas' `skew()` (needs 3 values, not constant).
    pub skew: Option<f64>,
    /// Excess kurtosis, bias-corrected as pandas' `kurt()` (needs 4 values, not constant).
    pub kurtosis: Option<f64>,
    /// Counts of zeros, negatives, infinities and NaN (numeric only; NaN also counts in `nulls`).
    pub zeros: Option<usize>,
    pub negatives: Option<usize>,
    pub infinite: Option<usize>,
    pub nan: Option<usize>,
    /// The most frequent values (at most `TOP_N`), most frequent first, ties by value.
    pub top: Vec<TopValue>,
    /// Data-quality findings about this column.
    pub warnings: Vec<Warning>,
}

/// How many most-frequent values a summary keeps.
pub const TOP_N: usize = 5;

/// A value and how many rows hold it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopValue {
    pub value: StatValue,
    pub count: usize,
}

impl ColumnSummary {
    /// Share of missing values in 0..=1 (0 for an empty column).
    pub fn null_fraction(&self) -> f64 {
        let n = self.count + self.nulls;
        if n == 0 {
            0.0
        } else {
            self.nulls as f64 / n as f64
        }
    }
}

/// The headless `profile` document.
#[derive(Debug, Clone, Serialize)]
pub struct Profile {
    pub file: String,
    pub format: String,
    /// A workbook's sheet read, and all its sheets in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sheets: Vec<String>,
    /// A database's table read, and all its tables and views in order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tables: Vec<String>,
    pub rows: usize,
    /// Rows that repeat an earlier row exactly.
    pub duplicate_rows: usize,
    pub columns: Vec<ColumnSummary>,
    /// Dataset-wide findings (duplicate rows, near-duplicate columns); column findings are in
    /// each column's `warnings`.
    pub warnings: Vec<Warning>,
    /// Pearson and Spearman matrices of the numeric columns (empty when left out, see
    /// `correlations_left_out`).
    pub correlations: super::correlate::Correlations,
    /// Why the matrices are empty although there are numeric columns: more than
    /// [`WIDE_CORRELATIONS`] of them and not asked for (`--correlations`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlations_left_out: Option<String>,
}

/// Above this many numeric columns `lathe profile` leaves the correlation matrices out unless
/// asked: two n x n matrices of 5,000 columns are 1.5 GB of JSON and most of the time.
pub const WIDE_CORRELATIONS: usize = 100;

/// Everything `lathe profile` reports about a loaded frame: every column's summary, duplicate
/// rows, both correlation matrices (above [`WIDE_CORRELATIONS`] numeric columns only when
/// `correlations` asks) and the quality warnings.
pub fn profile_frame(
    frame: &DataFrame,
    file: String,
    format: String,
    correlations: bool,
) -> Profile {
    // Each numeric column is sorted once, for its statistics and for the Spearman ranks.
    let all = frame.columns();
    // The costliest columns start first, so that no core is left with one long column at the
    // end: text (counting distinct values misses the cache when they are many), then numbers.
    let cost = |c: &Column| match c.dtype() {
        DataType::String => 0,
        d if d.is_float() => 1,
        d if is_numeric(d) => 2,
        _ => 3,
    };
    let mut order: Vec<usize> = (0..all.len()).collect();
    order.sort_by_key(|&i| cost(&all[i]));
    let prepared = parallel_map(all.len(), |k| {
        let i = order[k];
        let col = &all[i];
        if !is_numeric(col.dtype()) {
            return (summarize(col), None);
        }
        let (ordered, sorted) = super::correlate::Ordered::new(col);
        (
            summarize_sorted(col, Some(sorted)),
            Some((col.name().to_string(), ordered)),
        )
    });
    let mut prepared: Vec<(usize, _)> = order.into_iter().zip(prepared).collect();
    prepared.sort_by_key(|p| p.0);
    let (columns, numeric): (Vec<ColumnSummary>, Vec<_>) =
        prepared.into_iter().map(|p| p.1).unzip();
    let (names, ordered): (Vec<String>, Vec<_>) = numeric.into_iter().flatten().unzip();
    let duplicate_rows = duplicate_rows(frame, &columns);
    let wide = names.len() > WIDE_CORRELATIONS && !correlations;
    let left_out = wide.then(|| {
        format!(
            "{} numeric columns: the correlation matrices are left out above \
             {WIDE_CORRELATIONS} (and so are the near-duplicate column warnings); ask for them \
             with --correlations",
            names.len()
        )
    });
    let correlations = if wide {
        super::correlate::Correlations::default()
    } else {
        super::correlate::correlations_of(names, &ordered)
    };
    Profile {
        file,
        format,
        sheet: None,
        sheets: Vec::new(),
        table: None,
        tables: Vec::new(),
        rows: frame.height(),
        duplicate_rows,
        warnings: super::quality::frame_warnings(duplicate_rows, &correlations),
        columns,
        correlations,
        correlations_left_out: left_out,
    }
}

/// Summarise every column, asking `keep_going` before each; `None` if it said stop. Columns
/// are summarised in parallel (one scoped thread per core, for the length of this call).
pub fn summarize_columns(
    frame: &DataFrame,
    keep_going: &(dyn Fn(usize) -> bool + Sync),
) -> Option<Vec<ColumnSummary>> {
    let columns = frame.columns();
    let summaries = parallel_map(columns.len(), |i| {
        keep_going(i).then(|| summarize(&columns[i]))
    });
    summaries.into_iter().collect()
}

/// Summarise one column, with its quality warnings.
pub fn summarize(col: &Column) -> ColumnSummary {
    summarize_sorted(col, None)
}

/// [`summarize`], given a numeric column's present values already sorted (`total_cmp`).
fn summarize_sorted(col: &Column, sorted: Option<Vec<f64>>) -> ColumnSummary {
    let (mut s, sorted) = statistics(col, sorted);
    // A text column's distinct values serve the counts and the warnings: counted once.
    let counts = col.str().ok().map(value_counts);
    if let Some(counts) = &counts {
        s.unique = counts.len();
        s.top = top_counted(counts);
    }
    s.warnings = column_warnings(col, &s, sorted.as_deref(), counts.as_deref());
    s
}

/// The summary, and for a numeric column the sorted values it was computed from.
fn statistics(col: &Column, sorted: Option<Vec<f64>>) -> (ColumnSummary, Option<Vec<f64>>) {
    let dtype = col.dtype();
    let mut s = ColumnSummary {
        name: col.name().to_string(),
        dtype: dtype_name(dtype),
        count: 0,
        nulls: 0,
        unique: 0,
        mean: None,
        std: None,
        min: None,
        q25: None,
        median: None,
        q75: None,
        max: None,
        p5: None,
        p95: None,
        skew: None,
        kurtosis: None,
        zeros: None,
        negatives: None,
        infinite: None,
        nan: None,
        top: Vec::new(),
        warnings: Vec::new(),
    };
    if is_numeric(dtype) {
        let values = sorted.unwrap_or_else(|| {
            let mut values = numeric_values(col);
            crate::core::num::radix::sort(&mut values);
            values
        });
        s.count = values.len();
        s.nulls = col.len() - values.len();
        s.unique = count_distinct_sorted(&values);
        s.mean = mean(&values);
        s.std = s.mean.and_then(|m| sample_std(&values, m));
        s.min = values.first().map(|&x| StatValue::Number(x));
        s.max = values.last().map(|&x| StatValue::Number(x));
        s.q25 = quantile_sorted(&values, 0.25);
        s.median = quantile_sorted(&values, 0.5);
        s.q75 = quantile_sorted(&values, 0.75);
        s.p5 = quantile_sorted(&values, 0.05);
        s.p95 = quantile_sorted(&values, 0.95);
        if let Some(m) = s.mean {
            // One pass of the deviations' powers serves both.
            let sums = moment_sums(&values, m);
            s.skew = sums.and_then(|d| skewness_of(values.len(), d));
            s.kurtosis = sums.and_then(|d| kurtosis_of(values.len(), d));
        }
        // The values are sorted (`-0.0` just before `0.0`): each count is a boundary.
        let negatives = values.partition_point(|&x| x < 0.0);
        let zeros = values.partition_point(|&x| x <= 0.0) - negatives;
        let infinite = values.partition_point(|&x| x == f64::NEG_INFINITY) + values.len()
            - values.partition_point(|&x| x < f64::INFINITY);
        (s.zeros, s.negatives, s.infinite) = (Some(zeros), Some(negatives), Some(infinite));
        s.nan = Some(s.nulls - col.null_count());
        s.top = top_sorted(&values);
        return (s, Some(values));
    }
    s.nulls = col.null_count();
    s.count = col.len() - s.nulls;
    if col.str().is_ok() {
        // Counted by the caller, with the warnings.
        return (s, None);
    }
    // One counting pass gives both the distinct count and the most frequent values: dates and
    // booleans are counted on their physical integers, and only the top few are turned into
    // text.
    let non_null = col.drop_nulls();
    if let Some(top) = top_physical(&non_null) {
        (s.unique, s.top) = top;
    } else {
        s.unique = non_null.n_unique().unwrap_or(0);
    }
    if dtype.is_temporal() && s.count > 0 {
        let text = |r: PolarsResult<Scalar>| {
            r.ok()
                .and_then(|sc| format_value(&sc.as_any_value()))
                .map(StatValue::Text)
        };
        s.min = text(non_null.min_reduce());
        s.max = text(non_null.max_reduce());
    }
    (s, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_linearly() {
        let v = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile_sorted(&v, 0.25), Some(1.75));
        assert_eq!(quantile_sorted(&v, 0.5), Some(2.5));
        assert_eq!(quantile_sorted(&v, 0.75), Some(3.25));
        assert_eq!(quantile_sorted(&[7.0], 0.25), Some(7.0));
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }

    #[test]
    fn std_is_sample_std() {
        let v = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        let m = mean(&v).unwrap();
        assert_eq!(m, 5.0);
        // Sum of squares 32 over n-1 = 7.
        assert!((sample_std(&v, m).unwrap() - (32.0f64 / 7.0).sqrt()).abs() < 1e-15);
        assert_eq!(sample_std(&[1.0], 1.0), None);
    }

    #[test]
    fn nan_and_null_are_missing() {
        let s = Series::new("x".into(), &[Some(1.0), None, Some(f64::NAN), Some(3.0)]);
        let sum = summarize(&s.into());
        assert_eq!((sum.count, sum.nulls, sum.unique), (2, 2, 2));
        assert_eq!(sum.mean, Some(2.0));
        assert_eq!(sum.nan, Some(1));
    }

    #[test]
    fn top_values_are_the_most_frequent_ties_by_value() {
        let mut v = vec![
            9.0, 9.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0, 8.0, 6.0, 6.0, 7.0, 7.0, 8.0, 7.0,
        ];
        v.sort_by(f64::total_cmp);
        let top: Vec<(f64, usize)> = top_sorted(&v)
            .into_iter()
            .map(|t| match t.value {
                StatValue::Number(x) => (x, t.count),
                StatValue::Text(_) => unreachable!(),
            })
            .collect();
        // 7 three times, then the pairs by value: 2, 3, 6, 8 and 9 tie, and 9 is left out.
        assert_eq!(top, vec![(7.0, 3), (2.0, 2), (3.0, 2), (6.0, 2), (8.0, 2)]);
        assert!(top_sorted(&[]).is_empty());
    }

    #[test]
    fn texts_are_counted_alike_however_distinct() {
        // Mostly distinct (partitioned by hash), with short, 15- and 16-byte, empty, non-ASCII
        // and repeated texts, and nulls; then a column of few levels (one table).
        let long = "sixteen bytes!!!";
        let many: Vec<Option<String>> = (0..20_000)
            .map(|i| match i % 10 {
                0 => None,
                1 => Some(String::new()),
                2 => Some(format!("{long}{}", i % 7)),
                3 => Some(format!("fifteen byte{:03}", i % 50)),
                4 => Some(format!("é{}", i % 300)),
                _ => Some(format!("n{i}")),
            })
            .collect();
        let few: Vec<Option<String>> = (0..20_000)
            .map(|i| (i % 9 != 0).then(|| ["a", "b", long][i % 3].to_string()))
            .collect();
        for values in [many, few] {
            let col = StringChunked::from_iter(values.iter().map(|v| v.as_deref()));
            let mut want: std::collections::BTreeMap<&str, usize> = Default::default();
            for v in values.iter().flatten() {
                *want.entry(v.as_str()).or_default() += 1;
            }
            let mut got = value_counts(&col);
            got.sort_unstable();
            assert_eq!(got, want.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn physical_values_are_counted_or_sorted_into_runs() {
        let runs = |v: &[i64]| physical_runs(&Column::new("x".into(), v.to_vec())).unwrap();
        // Within a narrow span (counted), negatives (dates before 1970) included.
        assert_eq!(runs(&[-3, 5, -3, 0, 5, 5]), vec![(-3, 2), (0, 1), (5, 3)]);
        // Spread over the whole range (sorted).
        assert_eq!(
            runs(&[i64::MAX, 7, i64::MIN, 7, -1_000_000_000_000, i64::MAX]),
            vec![
                (i64::MIN, 1),
                (-1_000_000_000_000, 1),
                (7, 2),
                (i64::MAX, 2)
            ]
        );
        assert!(runs(&[]).is_empty());
        // Dates count on their days.
        let days = Column::new("d".into(), [-1i32, 19000, -1])
            .cast(&DataType::Date)
            .unwrap();
        assert_eq!(physical_runs(&days).unwrap(), vec![(-1, 2), (19000, 1)]);
    }

    #[test]
    fn infinities_follow_numpy() {
        assert_eq!(mean(&[1.0, 2.0, f64::INFINITY]), Some(f64::INFINITY));
        assert!(mean(&[f64::NEG_INFINITY, f64::INFINITY]).unwrap().is_nan());
        let s = Series::new("x".into(), &[1.0, f64::INFINITY, -2.0, 0.0]);
        let sum = summarize(&s.into());
        assert_eq!(
            (sum.infinite, sum.negatives, sum.zeros),
            (Some(1), Some(1), Some(1))
        );
    }
}
