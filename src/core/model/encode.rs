//! Encoding: the feature table to matrices (one-hot levels, missing values filled with what the
//! training rows give, standardisation where a model asks), and the target as classes or numbers.

use crate::core::model::ModelError;
use std::collections::BTreeMap;

use ndarray::Array2;
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::features::*;
use crate::core::data::cells::is_numeric;

/// How features become numbers, learnt on training rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Encoder {
    /// Per input column: `None` for numbers, or the levels of its one-hot columns.
    pub levels: Vec<Option<Vec<String>>>,
    /// Names of the output columns (`island=Dream` for a level).
    pub names: Vec<String>,
    /// Training mean and standard deviation per output column, when standardising.
    pub scale: Option<Vec<(f64, f64)>>,
    /// Per input column, what a missing value becomes (learnt on the training rows); absent
    /// when training refused missing values (`impute=none`, and model files written before
    /// imputation), so a missing value gets no prediction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fill: Option<Vec<Fill>>,
}

/// The median (numpy's, the mean of the middle two) or mean of the non-missing values, 0 when
/// there are none.
pub(super) fn centre(values: impl Iterator<Item = f64>, impute: Impute) -> f64 {
    let mut v: Vec<f64> = values.filter(|x| !x.is_nan()).collect();
    if v.is_empty() {
        return 0.0;
    }
    if impute == Impute::Mean {
        return v.iter().sum::<f64>() / v.len() as f64;
    }
    let mid = v.len() / 2;
    let (_, &mut upper, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    if v.len() % 2 == 1 {
        upper
    } else {
        let lower = v[..mid].iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lower + upper) / 2.0
    }
}

/// The most frequent level, the smallest among ties; `None` when every value is missing.
pub(super) fn most_frequent<'a>(
    values: impl Iterator<Item = &'a Option<String>>,
) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for v in values.flatten() {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    // max_by_key keeps the last maximum; the map is sorted, so reverse for the smallest.
    counts
        .into_iter()
        .rev()
        .max_by_key(|&(_, n)| n)
        .map(|(l, _)| l.to_string())
}

impl Encoder {
    /// Learn the encoding on `rows`: the levels of text features, missing values' fills (unless
    /// `impute` is `none`), then the scaling of the filled values.
    pub fn fit(table: &Table, rows: &[usize], standardise: bool, impute: Impute) -> Encoder {
        let mut levels = Vec::new();
        let mut names = Vec::new();
        let mut fill = Vec::new();
        for (name, v) in table.names.iter().zip(&table.values) {
            match v {
                Values::Numbers(nums) => {
                    levels.push(None);
                    names.push(name.clone());
                    if impute != Impute::None {
                        fill.push(Fill::Number(centre(rows.iter().map(|&r| nums[r]), impute)));
                    }
                }
                Values::Levels(all) => {
                    let filled = (impute != Impute::None)
                        .then(|| most_frequent(rows.iter().map(|&r| &all[r])))
                        .flatten();
                    let mut seen: Vec<String> =
                        rows.iter().filter_map(|&r| all[r].clone()).collect();
                    // Without imputation a missing level is a level of its own, as before.
                    if impute == Impute::None && rows.iter().any(|&r| all[r].is_none()) {
                        seen.push(String::new());
                    }
                    seen.sort();
                    seen.dedup();
                    names.extend(seen.iter().map(|l| format!("{name}={l}")));
                    levels.push(Some(seen));
                    if impute != Impute::None {
                        fill.push(Fill::Level(filled.unwrap_or_default()));
                    }
                }
            }
        }
        let mut enc = Encoder {
            levels,
            names,
            scale: None,
            fill: (impute != Impute::None).then_some(fill),
        };
        if standardise {
            let x = enc.transform(table, rows);
            let n = rows.len().max(1) as f64;
            let scale = (0..x.ncols())
                .map(|j| {
                    let col = x.column(j);
                    let mean = col.sum() / n;
                    let var = col.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
                    let sd = var.sqrt();
                    (mean, if sd > 0.0 && sd.is_finite() { sd } else { 1.0 })
                })
                .collect();
            enc.scale = Some(scale);
        }
        enc
    }

    /// The features of `table` with missing values, and what this encoder fills them with.
    pub fn imputed(&self, table: &Table, impute: Impute) -> Vec<Imputed> {
        let Some(fill) = &self.fill else {
            return Vec::new();
        };
        let missing: BTreeMap<&str, usize> = table.missing().into_iter().collect();
        table
            .names
            .iter()
            .zip(fill)
            .filter_map(|(name, f)| {
                let n = *missing.get(name.as_str())?;
                let strategy = match (f, impute) {
                    (Fill::Level(_), _) => "most_frequent",
                    (_, Impute::Mean) => "mean",
                    _ => "median",
                };
                Some(Imputed {
                    column: name.clone(),
                    missing: n,
                    strategy,
                    value: f.clone(),
                })
            })
            .collect()
    }

    /// The feature matrix of `rows`: missing values filled as learnt (NaN without a fill),
    /// levels not seen in training all zeros.
    pub fn transform(&self, table: &Table, rows: &[usize]) -> Array2<f64> {
        self.transform_until(table, rows, &super::models::never)
            .expect("never stopped")
    }

    /// [`Encoder::transform`], asking `stop` before each column (a million rows of a wide
    /// one-hot matrix take a second); `None` once it said stop.
    pub fn transform_until(
        &self,
        table: &Table,
        rows: &[usize],
        stop: super::models::Stop,
    ) -> Option<Array2<f64>> {
        let mut x = Array2::<f64>::zeros((rows.len(), self.names.len()));
        let mut j = 0;
        let empty = String::new();
        for (c, (v, lv)) in table.values.iter().zip(&self.levels).enumerate() {
            if stop() {
                return None;
            }
            let fill = self.fill.as_ref().and_then(|f| f.get(c));
            match (v, lv) {
                (Values::Numbers(nums), None) => {
                    let filled = match fill {
                        Some(Fill::Number(f)) => *f,
                        _ => f64::NAN,
                    };
                    for (i, &r) in rows.iter().enumerate() {
                        let v = nums[r];
                        x[[i, j]] = if v.is_nan() { filled } else { v };
                    }
                    j += 1;
                }
                (Values::Levels(all), Some(levels)) => {
                    let filled = match fill {
                        Some(Fill::Level(l)) => l,
                        _ => &empty,
                    };
                    for (i, &r) in rows.iter().enumerate() {
                        let level = all[r].as_ref().unwrap_or(filled);
                        if let Ok(k) = levels.binary_search(level) {
                            x[[i, j + k]] = 1.0;
                        }
                    }
                    j += levels.len();
                }
                _ => unreachable!("the encoder was fitted on this table"),
            }
        }
        if let Some(scale) = &self.scale {
            for (jj, (m, s)) in scale.iter().enumerate() {
                x.column_mut(jj).mapv_inplace(|v| (v - m) / s);
            }
        }
        Some(x)
    }
}

/// A classification target as class indices into `classes` (sorted names).
pub fn class_target(
    frame: &DataFrame,
    target: &str,
) -> Result<(Vec<usize>, Vec<String>), ModelError> {
    let col = frame.column(target)?;
    // Numbers sort as numbers (2 before 10).
    let labels: Vec<String> = if is_numeric(col.dtype()) {
        let c = col.cast(&DataType::Float64)?;
        c.f64()?
            .iter()
            .map(|v| {
                v.map_or(String::new(), |x| {
                    crate::core::data::cells::format_stat(x, 12)
                })
            })
            .collect()
    } else {
        let c = col.cast(&DataType::String)?;
        c.str()?
            .iter()
            .map(|v| v.unwrap_or("").to_string())
            .collect()
    };
    let mut classes: Vec<String> = labels.clone();
    classes.sort();
    classes.dedup();
    if is_numeric(col.dtype()) {
        classes.sort_by(|a, b| {
            a.parse::<f64>()
                .unwrap_or(0.0)
                .total_cmp(&b.parse::<f64>().unwrap_or(0.0))
        });
    }
    let index: BTreeMap<&str, usize> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.as_str(), i))
        .collect();
    let y = labels.iter().map(|l| index[l.as_str()]).collect();
    Ok((y, classes))
}

/// A regression target as numbers.
pub fn number_target(frame: &DataFrame, target: &str) -> Result<Vec<f64>, ModelError> {
    let c = frame.column(target)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
}
