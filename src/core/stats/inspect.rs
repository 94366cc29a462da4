//! What the inspection panes show, computed from a frame: a column's profile (a histogram for
//! numbers; top values, text lengths and spelling variants for text; counts per period for
//! dates; counts for booleans), frequency tables, correlations with their strongest pairs,
//! scatter samples and group comparisons. Pure and synchronous: the app runs `inspect` in a job
//! and caches the answer per request.

use polars::prelude::*;

use super::correlate::{correlations, Correlations};
use super::hypothesis::{compare_groups, contingency, Contingency, GroupComparison};
use super::profile::{numeric_values, physical_labels, physical_runs, summarize, ColumnSummary};
use crate::core::data::cells::is_numeric;
use crate::core::num::moments::quantile_sorted;
use crate::core::num::rng::sample_indices;

/// Most bins the default rule picks (a terminal pane cannot show many more).
pub const MAX_DEFAULT_BINS: usize = 50;
/// Most bins `+` reaches.
pub const MAX_BINS: usize = 200;
/// Most top values a text profile lists.
pub const PROFILE_TOP: usize = 10;
/// Most rows a frequency table keeps (the distinct count is still reported).
pub const FREQ_LIMIT: usize = 100_000;
/// Most points a scatter plot draws; larger frames are sampled.
pub const MAX_POINTS: usize = 5_000;
/// Seed of the scatter sample, so the same data always gives the same picture.
pub const SCATTER_SEED: u64 = 42;
/// Most colours in a scatter plot: the most frequent categories, the rest as "other".
pub const MAX_SERIES: usize = 8;

/// What to compute.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Request {
    /// One column's profile; `bins` for a numeric histogram (`None`: the default rule).
    Profile {
        column: String,
        bins: Option<usize>,
    },
    Frequencies {
        column: String,
        order: FreqOrder,
    },
    Correlations,
    Scatter {
        x: String,
        y: String,
        colour: Option<String>,
    },
    /// `value` across the groups of `by`: a numeric `value` gets group statistics and a test
    /// of means; a categorical one a contingency table with a chi-square test.
    Groups {
        value: String,
        by: String,
    },
    /// The data against another file (read with the default options): the data is the
    /// reference, the file the new data. Like with like: when the data has been cleaned by
    /// `steps` (fitted, as the recipe saves them) and the file has the raw data's columns
    /// (`raw`), the same steps clean the file first; a file that has the cleaned data's columns
    /// is read as already cleaned.
    Drift {
        path: String,
        steps: Steps,
        raw: Vec<String>,
    },
}

/// Fitted steps as part of a request (the cache's key): equal and hashed by their recipe JSON,
/// as steps hold floats.
#[derive(Debug, Clone, Default)]
pub struct Steps(pub Vec<crate::core::clean::step::Step>);

impl Steps {
    fn key(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

impl PartialEq for Steps {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Steps {}

impl std::hash::Hash for Steps {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

/// The answer to a `Request`.
#[derive(Debug, Clone, PartialEq)]
pub enum Inspection {
    Profile(Box<ColumnProfile>),
    Frequencies(Frequencies),
    Correlations(Correlations),
    Scatter(Scatter),
    Groups(Groups),
    Drift(Box<super::drift::Drift>),
}

/// Compute what `request` asks about `frame`.
pub fn inspect(frame: &DataFrame, request: &Request) -> Result<Inspection, String> {
    let column = |name: &str| {
        frame
            .column(name)
            .map_err(|_| format!("no column `{name}`"))
    };
    Ok(match request {
        Request::Profile { column: name, bins } => {
            Inspection::Profile(Box::new(column_profile(column(name)?, *bins)))
        }
        Request::Frequencies {
            column: name,
            order,
        } => Inspection::Frequencies(frequencies(column(name)?, *order)),
        Request::Correlations => Inspection::Correlations(correlations(frame)),
        Request::Drift { path, steps, raw } => {
            let input = crate::core::data::source::Input::from_arg(path);
            let new = crate::core::data::source::load_all(
                &input,
                &crate::core::data::source::LoadOptions::default(),
            )
            .map_err(|e| e.to_string())?;
            // The file by its name alone: the pane's title gives its path.
            let name = std::path::Path::new(&new.info.name)
                .file_name()
                .map_or(new.info.name.clone(), |n| n.to_string_lossy().into_owned());
            let (other, names) = like_with_like(frame, new.frame, &name, &steps.0, raw)?;
            Inspection::Drift(Box::new(super::drift::drift(
                frame,
                &other,
                (&names.0, &names.1),
                super::drift::PSI_SIGNIFICANT,
            )))
        }
        Request::Scatter { x, y, colour } => {
            let colour = colour.as_deref().map(column).transpose()?;
            Inspection::Scatter(scatter(column(x)?, column(y)?, colour)?)
        }
        Request::Groups { value, by } => {
            let v = column(value)?;
            column(by)?;
            if value == by {
                return Err("compare a column with a different one".into());
            }
            if is_numeric(v.dtype()) {
                Inspection::Groups(Groups::Numeric(compare_groups(frame, value, by)?))
            } else {
                Inspection::Groups(Groups::Categorical(contingency(frame, value, by)?))
            }
        }
    })
}

/// The file `new` made comparable with the data: cleaned by the data's `steps` when it has the
/// raw columns, as it is when it has the cleaned ones; and the names saying which.
fn like_with_like(
    frame: &DataFrame,
    new: DataFrame,
    name: &str,
    steps: &[crate::core::clean::step::Step],
    raw: &[String],
) -> Result<(DataFrame, (String, String)), String> {
    if steps.is_empty() {
        return Ok((new, ("the data".into(), name.into())));
    }
    let has = |f: &DataFrame, c: &str| f.column(c).is_ok();
    let cleaned_name = "the cleaned data".to_string();
    if raw.iter().all(|c| has(&new, c)) {
        let mut out = new;
        for (i, step) in steps.iter().enumerate() {
            out = crate::core::clean::apply_step(&out, step)
                .map_err(|e| {
                    format!(
                        "{name} has the raw data's columns, but the recipe's step {} ({}) fails \
                         on it: {e}",
                        i + 1,
                        step.op()
                    )
                })?
                .frame;
        }
        let n = steps.len();
        let what = format!(
            "{name}, cleaned by the same {n} step{}",
            if n == 1 { "" } else { "s" }
        );
        return Ok((out, (cleaned_name, what)));
    }
    let cleaned: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    if cleaned.iter().all(|c| has(&new, c)) {
        return Ok((new, (cleaned_name, format!("{name} (already cleaned)"))));
    }
    let lacks: Vec<&String> = raw.iter().filter(|c| !has(&new, c)).take(3).collect();
    Err(format!(
        "{name} has neither the raw data's columns (it lacks {}) nor the cleaned data's, so \
         the two cannot be compared like with like",
        lacks
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

// ---------------------------------------------------------------------------------------------
// Column profile

/// A column's summary and the picture that suits its type.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnProfile {
    pub summary: ColumnSummary,
    pub detail: Detail,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    Numeric {
        /// `None` when the column has no finite value.
        histogram: Option<Histogram>,
    },
    Text {
        /// The most frequent values, most frequent first.
        top: Vec<(String, usize)>,
        /// Length in characters of the non-missing values: min, mean, max.
        lengths: Option<(usize, f64, usize)>,
        /// Groups of values that differ only in case or spaces, each with its count, largest
        /// groups first.
        variants: Vec<Vec<(String, usize)>>,
    },
    Dates {
        period: Period,
        /// Every period from the first to the last value (empty ones too), with its count.
        counts: Vec<(String, usize)>,
    },
    Bool {
        trues: usize,
        falses: usize,
    },
    Other,
}

/// One column's profile; `bins` overrides the default histogram rule.
pub fn column_profile(col: &Column, bins: Option<usize>) -> ColumnProfile {
    let summary = summarize(col);
    let detail = if is_numeric(col.dtype()) {
        let mut values: Vec<f64> = numeric_values(col)
            .into_iter()
            .filter(|x| x.is_finite())
            .collect();
        values.sort_unstable_by(f64::total_cmp);
        Detail::Numeric {
            histogram: histogram(&values, bins),
        }
    } else if let Ok(text) = col.str() {
        text_detail(text)
    } else if col.dtype() == &DataType::Boolean {
        let b = col.bool().expect("a boolean column");
        let trues = b.sum().unwrap_or(0) as usize;
        Detail::Bool {
            trues,
            falses: col.len() - col.null_count() - trues,
        }
    } else if col.dtype().is_temporal() {
        date_detail(col).unwrap_or(Detail::Other)
    } else {
        Detail::Other
    };
    ColumnProfile { summary, detail }
}

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

/// Spelling key: case and surrounding/repeated whitespace ignored.
pub fn spelling_key(v: &str) -> String {
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn text_detail(text: &StringChunked) -> Detail {
    let mut counts: PlHashMap<&str, usize> = PlHashMap::default();
    let (mut min, mut max, mut total, mut n) = (usize::MAX, 0usize, 0usize, 0usize);
    for v in text.iter().flatten() {
        *counts.entry(v).or_insert(0) += 1;
        let len = v.chars().count();
        min = min.min(len);
        max = max.max(len);
        total += len;
        n += 1;
    }
    let lengths = (n > 0).then(|| (min, total as f64 / n as f64, max));
    let mut groups: PlHashMap<String, Vec<(String, usize)>> = PlHashMap::default();
    for (&v, &c) in &counts {
        groups
            .entry(spelling_key(v))
            .or_default()
            .push((v.to_string(), c));
    }
    let mut variants: Vec<Vec<(String, usize)>> = groups
        .into_values()
        .filter(|g| g.len() > 1)
        .map(|mut g| {
            g.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            g
        })
        .collect();
    let total_of = |g: &Vec<(String, usize)>| g.iter().map(|v| v.1).sum::<usize>();
    variants.sort_by(|a, b| {
        total_of(b)
            .cmp(&total_of(a))
            .then_with(|| a[0].0.cmp(&b[0].0))
    });
    let mut top: Vec<(String, usize)> = counts
        .into_iter()
        .map(|(v, c)| (v.to_string(), c))
        .collect();
    let order =
        |a: &(String, usize), b: &(String, usize)| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0));
    if top.len() > PROFILE_TOP {
        top.select_nth_unstable_by(PROFILE_TOP, order);
        top.truncate(PROFILE_TOP);
    }
    top.sort_by(order);
    Detail::Text {
        top,
        lengths,
        variants,
    }
}

/// Calendar periods dates are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year,
    Month,
    Day,
    Hour,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Month => "month",
            Period::Day => "day",
            Period::Hour => "hour",
        }
    }
}

const SECONDS_PER_DAY: i64 = 86_400;

/// Year, month (1..=12), day (1..=31) of a day count since 1970-01-01 (proleptic Gregorian).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Counts per period: years past three years of span, months past three months, days, or
/// hours for date-times spanning under three days.
fn date_detail(col: &Column) -> Option<Detail> {
    // Seconds since the epoch (dates at midnight).
    let seconds: Vec<i64> = match col.dtype() {
        DataType::Date => {
            let days = col.to_physical_repr().cast(&DataType::Int64).ok()?;
            days.i64()
                .ok()?
                .iter()
                .flatten()
                .map(|d| d * SECONDS_PER_DAY)
                .collect()
        }
        DataType::Datetime(unit, _) => {
            let per_second = match unit {
                TimeUnit::Nanoseconds => 1_000_000_000,
                TimeUnit::Microseconds => 1_000_000,
                TimeUnit::Milliseconds => 1_000,
            };
            let raw = col.to_physical_repr().cast(&DataType::Int64).ok()?;
            raw.i64()
                .ok()?
                .iter()
                .flatten()
                .map(|t| t.div_euclid(per_second))
                .collect()
        }
        _ => return None,
    };
    let (&lo, &hi) = (seconds.iter().min()?, seconds.iter().max()?);
    let span_days = (hi - lo) / SECONDS_PER_DAY;
    let period = if span_days > 3 * 365 {
        Period::Year
    } else if span_days > 92 {
        Period::Month
    } else if span_days >= 3 || col.dtype() == &DataType::Date {
        Period::Day
    } else {
        Period::Hour
    };
    let key = |s: i64| -> i64 {
        let days = s.div_euclid(SECONDS_PER_DAY);
        match period {
            Period::Year => civil_from_days(days).0,
            Period::Month => {
                let (y, m, _) = civil_from_days(days);
                y * 12 + i64::from(m) - 1
            }
            Period::Day => days,
            Period::Hour => s.div_euclid(3_600),
        }
    };
    let label = |k: i64| -> String {
        match period {
            Period::Year => format!("{k}"),
            Period::Month => format!("{}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1),
            Period::Day => {
                let (y, m, d) = civil_from_days(k);
                format!("{y}-{m:02}-{d:02}")
            }
            Period::Hour => {
                let (y, m, d) = civil_from_days(k.div_euclid(24));
                format!("{y}-{m:02}-{d:02} {:02}h", k.rem_euclid(24))
            }
        }
    };
    let (first, last) = (key(lo), key(hi));
    let mut counts = vec![0usize; (last - first + 1) as usize];
    for &s in &seconds {
        counts[(key(s) - first) as usize] += 1;
    }
    Some(Detail::Dates {
        period,
        counts: counts
            .into_iter()
            .enumerate()
            .map(|(i, c)| (label(first + i as i64), c))
            .collect(),
    })
}

// ---------------------------------------------------------------------------------------------
// Frequency tables

/// How a frequency table is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum FreqOrder {
    /// Most frequent first, ties by value (pandas' `value_counts()`).
    #[default]
    CountDesc,
    CountAsc,
    ValueAsc,
    ValueDesc,
}

impl FreqOrder {
    /// The next order in the cycle `s` walks.
    pub fn next(self) -> Self {
        match self {
            FreqOrder::CountDesc => FreqOrder::CountAsc,
            FreqOrder::CountAsc => FreqOrder::ValueAsc,
            FreqOrder::ValueAsc => FreqOrder::ValueDesc,
            FreqOrder::ValueDesc => FreqOrder::CountDesc,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            FreqOrder::CountDesc => "count, most first",
            FreqOrder::CountAsc => "count, fewest first",
            FreqOrder::ValueAsc => "value, ascending",
            FreqOrder::ValueDesc => "value, descending",
        }
    }
}

/// A column's distinct values with their counts. Missing values are one row (`value: None`),
/// ordered last by value; percentages are of all rows, so the cumulative share ends at 100%.
#[derive(Debug, Clone, PartialEq)]
pub struct Frequencies {
    pub column: String,
    pub rows: usize,
    /// Distinct values, missing not counted.
    pub distinct: usize,
    pub order: FreqOrder,
    /// At most `FREQ_LIMIT` rows, in `order`.
    pub values: Vec<(Option<String>, usize)>,
}

/// A value's sort key: numbers by value, everything else by its physical integer or its text.
#[derive(Debug, Clone, PartialEq, PartialOrd)]
enum Key {
    Number(f64),
    Int(i64),
    Text(String),
}

/// Distinct values with counts and a sort key, missing values as one `None` entry.
fn counted(col: &Column) -> Vec<(Option<Key>, Option<String>, usize)> {
    let mut out: Vec<(Option<Key>, Option<String>, usize)> = Vec::new();
    let missing;
    if is_numeric(col.dtype()) {
        let mut values = numeric_values(col);
        missing = col.len() - values.len();
        values.sort_unstable_by(f64::total_cmp);
        let ints = col.dtype().is_integer();
        for x in values {
            match out.last_mut() {
                Some((Some(Key::Number(v)), _, n)) if *v == x => *n += 1,
                _ => {
                    let label = if ints {
                        format!("{}", x as i64)
                    } else {
                        crate::core::data::cells::format_float(x)
                    };
                    out.push((Some(Key::Number(x)), Some(label), 1));
                }
            }
        }
    } else if let Ok(text) = col.str() {
        missing = col.null_count();
        let mut counts: PlHashMap<&str, usize> = PlHashMap::default();
        for v in text.iter().flatten() {
            *counts.entry(v).or_insert(0) += 1;
        }
        out = counts
            .into_iter()
            .map(|(v, c)| (Some(Key::Text(v.to_string())), Some(v.to_string()), c))
            .collect();
    } else {
        missing = col.null_count();
        let non_null = col.drop_nulls();
        match physical_runs(&non_null) {
            Some(runs) => {
                let labels = physical_labels(&non_null, &runs);
                for ((x, c), label) in runs.into_iter().zip(labels) {
                    out.push((Some(Key::Int(x)), Some(label), c));
                }
            }
            _ => {
                // Anything else, by its text.
                let text = non_null.cast(&DataType::String);
                let mut counts: PlHashMap<String, usize> = PlHashMap::default();
                if let Some(t) = text.as_ref().ok().and_then(|t| t.str().ok()) {
                    for v in t.iter().flatten() {
                        *counts.entry(v.to_string()).or_insert(0) += 1;
                    }
                }
                out = counts
                    .into_iter()
                    .map(|(v, c)| (Some(Key::Text(v.clone())), Some(v), c))
                    .collect();
            }
        }
    }
    if missing > 0 {
        out.push((None, None, missing));
    }
    out
}

/// The frequency table of a column, in `order`.
pub fn frequencies(col: &Column, order: FreqOrder) -> Frequencies {
    let mut all = counted(col);
    let distinct = all.iter().filter(|e| e.0.is_some()).count();
    let by_value = |a: &Option<Key>, b: &Option<Key>| match (a, b) {
        (Some(x), Some(y)) => x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    };
    all.sort_by(|a, b| match order {
        FreqOrder::CountDesc => b.2.cmp(&a.2).then_with(|| by_value(&a.0, &b.0)),
        FreqOrder::CountAsc => a.2.cmp(&b.2).then_with(|| by_value(&a.0, &b.0)),
        FreqOrder::ValueAsc => by_value(&a.0, &b.0),
        // Missing stays last either way.
        FreqOrder::ValueDesc => match (&a.0, &b.0) {
            (Some(_), Some(_)) => by_value(&b.0, &a.0),
            _ => by_value(&a.0, &b.0),
        },
    });
    all.truncate(FREQ_LIMIT);
    Frequencies {
        column: col.name().to_string(),
        rows: col.len(),
        distinct,
        order,
        values: all.into_iter().map(|(_, label, c)| (label, c)).collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Correlations

/// The pairs of different columns with the largest |r| (those with a value), strongest first.
pub fn strongest_pairs(c: &Correlations, spearman: bool, n: usize) -> Vec<(String, String, f64)> {
    let m = if spearman { &c.spearman } else { &c.pearson };
    let mut pairs: Vec<(String, String, f64)> = Vec::new();
    for (i, row) in m.iter().enumerate() {
        for (j, r) in row.iter().enumerate().skip(i + 1) {
            if let Some(r) = r {
                pairs.push((c.columns[i].clone(), c.columns[j].clone(), *r));
            }
        }
    }
    pairs.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()).then_with(|| a.0.cmp(&b.0)));
    pairs.truncate(n);
    pairs
}

// ---------------------------------------------------------------------------------------------
// Scatter plots

/// Points of a scatter plot, grouped by the colour column's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Scatter {
    pub x: String,
    pub y: String,
    pub colour: Option<String>,
    /// (label, points); one unlabelled series without a colour column.
    pub series: Vec<(String, Vec<(f64, f64)>)>,
    /// Rows with both values finite, and how many of them are drawn.
    pub total: usize,
    pub shown: usize,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
}

fn optional_f64(col: &Column) -> Result<Vec<Option<f64>>, String> {
    if !is_numeric(col.dtype()) {
        return Err(format!("`{}` is not numeric", col.name()));
    }
    let cast = col.cast(&DataType::Float64).map_err(|e| e.to_string())?;
    let ca = cast.f64().map_err(|e| e.to_string())?;
    Ok(ca.iter().map(|v| v.filter(|x| x.is_finite())).collect())
}

/// Points of `y` against `x`, at most `MAX_POINTS` (a seeded sample), coloured by `colour`.
pub fn scatter(x: &Column, y: &Column, colour: Option<&Column>) -> Result<Scatter, String> {
    let xs = optional_f64(x)?;
    let ys = optional_f64(y)?;
    let rows: Vec<usize> = (0..xs.len())
        .filter(|&i| xs[i].is_some() && ys[i].is_some())
        .collect();
    let picked: Vec<usize> = sample_indices(rows.len(), MAX_POINTS, SCATTER_SEED)
        .into_iter()
        .map(|i| rows[i])
        .collect();
    let labels: Option<Vec<Option<String>>> = colour
        .map(|c| -> Result<_, String> {
            let t = c.cast(&DataType::String).map_err(|e| e.to_string())?;
            let t = t.str().map_err(|e| e.to_string())?;
            Ok(t.iter().map(|v| v.map(str::to_string)).collect())
        })
        .transpose()?;
    let mut series: Vec<(String, Vec<(f64, f64)>)> = Vec::new();
    let point = |i: usize| (xs[i].unwrap_or(0.0), ys[i].unwrap_or(0.0));
    match &labels {
        None => series.push((String::new(), picked.iter().map(|&i| point(i)).collect())),
        Some(labels) => {
            // Colours go to the most frequent values among the drawn points.
            let mut counts: PlHashMap<&str, usize> = PlHashMap::default();
            for &i in &picked {
                *counts
                    .entry(labels[i].as_deref().unwrap_or("∅"))
                    .or_insert(0) += 1;
            }
            let mut names: Vec<(&str, usize)> = counts.into_iter().collect();
            names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            let keep = if names.len() > MAX_SERIES {
                MAX_SERIES - 1
            } else {
                names.len()
            };
            let index: PlHashMap<&str, usize> = names
                .iter()
                .take(keep)
                .enumerate()
                .map(|(k, (n, _))| (*n, k))
                .collect();
            series = names
                .iter()
                .take(keep)
                .map(|(n, _)| (n.to_string(), Vec::new()))
                .collect();
            if names.len() > keep {
                series.push(("other".to_string(), Vec::new()));
            }
            for &i in &picked {
                let k = index
                    .get(labels[i].as_deref().unwrap_or("∅"))
                    .copied()
                    .unwrap_or(keep);
                series[k].1.push(point(i));
            }
        }
    }
    let range = |v: &Vec<Option<f64>>| {
        rows.iter()
            .filter_map(|&i| v[i])
            .fold(None, |acc: Option<(f64, f64)>, x| {
                Some(acc.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x))))
            })
            .unwrap_or((0.0, 1.0))
    };
    Ok(Scatter {
        x: x.name().to_string(),
        y: y.name().to_string(),
        colour: colour.map(|c| c.name().to_string()),
        series,
        total: rows.len(),
        shown: picked.len(),
        x_range: range(&xs),
        y_range: range(&ys),
    })
}

// ---------------------------------------------------------------------------------------------
// Group comparisons

#[derive(Debug, Clone, PartialEq)]
pub enum Groups {
    Numeric(GroupComparison),
    Categorical(Contingency),
}
