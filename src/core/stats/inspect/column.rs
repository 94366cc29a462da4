//! A column's profile: its summary with a histogram (numbers), top values, lengths and spelling
//! variants (text), counts per period (dates) or counts (booleans).

use polars::prelude::*;

use super::dates::*;
use super::histogram::*;
use super::PROFILE_TOP;
use crate::core::data::cells::is_numeric;
use crate::core::stats::profile::{numeric_values, summarize, ColumnSummary};

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

/// Spelling key: case and surrounding/repeated whitespace ignored.
pub fn spelling_key(v: &str) -> String {
    v.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub(super) fn text_detail(text: &StringChunked) -> Detail {
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
