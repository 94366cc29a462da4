//! Scatter samples: two numeric columns (and an optional colour column) on a seeded sample of rows.

use crate::core::stats::StatsError;
use polars::prelude::*;

use super::{MAX_POINTS, MAX_SERIES, SCATTER_SEED};
use crate::core::data::cells::is_numeric;
use crate::core::num::rng::sample_indices;

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

pub(super) fn optional_f64(col: &Column) -> Result<Vec<Option<f64>>, StatsError> {
    if !is_numeric(col.dtype()) {
        return Err(StatsError::NotNumeric(col.name().to_string()));
    }
    let cast = col.cast(&DataType::Float64)?;
    let ca = cast.f64()?;
    Ok(ca.iter().map(|v| v.filter(|x| x.is_finite())).collect())
}

/// Points of `y` against `x`, at most `MAX_POINTS` (a seeded sample), coloured by `colour`.
pub fn scatter(x: &Column, y: &Column, colour: Option<&Column>) -> Result<Scatter, StatsError> {
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
        .map(|c| -> Result<_, StatsError> {
            let t = c.cast(&DataType::String)?;
            let t = t.str()?;
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
