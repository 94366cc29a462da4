//! Frequency tables: a column's values with their counts, in the order asked for.

use polars::prelude::*;

use super::FREQ_LIMIT;
use crate::core::data::cells::is_numeric;
use crate::core::stats::profile::{numeric_values, physical_labels, physical_runs};

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
pub(super) enum Key {
    Number(f64),
    Int(i64),
    Text(String),
}

/// Distinct values with counts and a sort key, missing values as one `None` entry.
pub(super) fn counted(col: &Column) -> Vec<(Option<Key>, Option<String>, usize)> {
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
