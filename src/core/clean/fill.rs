//! Filling and replacing: `fill_null` by a statistic or a value (fitted once, recorded), the
//! column's mode, and `replace`.

use super::StepError;
use std::collections::BTreeMap;

use polars::prelude::*;

use super::apply::Applied;
use super::step::*;
use super::values::{f64_column, floats, missing_mask, put, sorted_present, texts, R};
use crate::core::data::cells::{count, is_numeric};
use crate::core::num::moments::quantile_sorted;

pub(super) fn mode_of(c: &Column) -> R<Option<Value>> {
    if is_numeric(c.dtype()) {
        let sorted = sorted_present(&floats(c)?);
        let mut best: Option<(f64, usize)> = None;
        let mut i = 0;
        while i < sorted.len() {
            let mut j = i;
            while j < sorted.len() && sorted[j] == sorted[i] {
                j += 1;
            }
            // Ties: the smallest value, as pandas' mode()[0].
            if best.is_none_or(|(_, n)| j - i > n) {
                best = Some((sorted[i], j - i));
            }
            i = j;
        }
        return Ok(best.map(|(x, _)| Value::Number(x)));
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for v in texts(c)?.into_iter().flatten() {
        *counts.entry(v).or_insert(0) += 1;
    }
    let mut best: Option<(&String, usize)> = None;
    for (v, &n) in &counts {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((v, n));
        }
    }
    Ok(best.map(|(v, _)| match c.dtype() {
        DataType::Boolean => Value::Bool(v == "true"),
        _ => Value::Text(v.clone()),
    }))
}

pub(super) fn fill_null(
    frame: &DataFrame,
    c: &Column,
    strategy: FillStrategy,
    value: Option<&Value>,
    fitted: Option<&Value>,
    step: &Step,
) -> R<Applied> {
    let name = c.name().to_string();
    let missing = missing_mask(c);
    let n_missing = missing.iter().filter(|m| **m).count();
    let note = Some(format!("{} filled", count(n_missing, "missing value")));
    let fill_value: Option<Value> = match strategy {
        FillStrategy::Forward | FillStrategy::Backward => None,
        FillStrategy::Constant => Some(value.cloned().ok_or(StepError::Invalid(
            "field `value`: the constant to fill with".into(),
        ))?),
        _ if fitted.is_some() => fitted.cloned(),
        FillStrategy::Mean | FillStrategy::Median => {
            let sorted = sorted_present(
                &floats(c).map_err(|e| StepError::Invalid(format!("field `column`: {e}")))?,
            );
            let x = if strategy == FillStrategy::Mean {
                crate::core::num::moments::mean(&sorted)
            } else {
                quantile_sorted(&sorted, 0.5)
            };
            Some(Value::Number(x.ok_or_else(|| {
                StepError::Invalid(
                    format!("`{name}` has no values to take the {strategy:?} of").to_lowercase(),
                )
            })?))
        }
        FillStrategy::Mode => Some(mode_of(c)?.ok_or_else(|| {
            StepError::Invalid(format!("`{name}` has no values to take the mode of"))
        })?),
    };
    let out: Column = match &fill_value {
        None => {
            // Forward/backward: carry the last (next) present value.
            let idx: Vec<Option<IdxSize>> = {
                let mut out = vec![None; missing.len()];
                let mut last: Option<IdxSize> = None;
                let order: Box<dyn Iterator<Item = usize>> = if strategy == FillStrategy::Forward {
                    Box::new(0..missing.len())
                } else {
                    Box::new((0..missing.len()).rev())
                };
                for i in order {
                    if !missing[i] {
                        last = Some(i as IdxSize);
                    }
                    out[i] = last;
                }
                out
            };
            let take = IdxCa::new("idx".into(), idx);
            let series = c.as_materialized_series().take(&take)?;
            series.into()
        }
        Some(v) => {
            let dtype = c.dtype();
            let filler: Series = match v {
                Value::Number(x) if is_numeric(dtype) => {
                    if dtype.is_integer() && x.fract() != 0.0 {
                        // A mean of integers is not an integer: the column becomes float.
                        Series::new(name.as_str().into(), [*x])
                    } else {
                        Series::new(name.as_str().into(), [*x]).cast(dtype)?
                    }
                }
                Value::Number(x) if dtype == &DataType::String => {
                    Series::new(name.as_str().into(), [format!("{x}")])
                }
                Value::Text(t) if dtype == &DataType::String => {
                    Series::new(name.as_str().into(), [t.as_str()])
                }
                Value::Bool(b) if dtype == &DataType::Boolean => {
                    Series::new(name.as_str().into(), [*b])
                }
                Value::Text(t) if dtype.is_temporal() => {
                    Series::new(name.as_str().into(), [t.as_str()]).cast(dtype)?
                }
                other => {
                    return Err(StepError::Invalid(format!(
                        "field `value`: {other:?} does not fit `{name}`, which is {dtype}"
                    )))
                }
            };
            let target = filler.dtype().clone();
            let base = c.as_materialized_series().cast(&target)?;
            let mask = BooleanChunked::from_slice("m".into(), &missing);
            let filled = base.zip_with(&!&mask, &filler.new_from_index(0, base.len()))?;
            filled.into()
        }
    };
    let mut step = step.clone();
    if let Step::FillNull {
        fitted, strategy, ..
    } = &mut step
    {
        if matches!(
            strategy,
            FillStrategy::Mean | FillStrategy::Median | FillStrategy::Mode
        ) {
            *fitted = fill_value;
        }
    }
    Ok(Applied {
        frame: put(frame, out)?,
        step,
        note,
    })
}

pub(super) fn replace(
    frame: &DataFrame,
    c: &Column,
    mapping: &BTreeMap<String, Option<Value>>,
    step: &Step,
) -> R<Applied> {
    let name = c.name().to_string();
    let mut replaced = 0usize;
    let out: Column = if is_numeric(c.dtype()) {
        let mut map: Vec<(f64, Option<f64>)> = Vec::new();
        for (k, v) in mapping {
            let key = k.trim().parse::<f64>().map_err(|_| {
                StepError::Invalid(format!(
                    "field `mapping`: `{name}` is numeric, so the key {k:?} must be a number"
                ))
            })?;
            let val = match v {
                None => None,
                Some(Value::Number(x)) => Some(*x),
                Some(other) => {
                    return Err(StepError::Invalid(format!(
                    "field `mapping`: `{name}` is numeric, so {other:?} must be a number or null"
                )))
                }
            };
            map.push((key, val));
        }
        let values = floats(c)?;
        let new: Vec<Option<f64>> = values
            .iter()
            .map(
                |v| match v.and_then(|x| map.iter().find(|(k, _)| *k == x)) {
                    Some((_, to)) => {
                        replaced += 1;
                        *to
                    }
                    None => *v,
                },
            )
            .collect();
        let col = f64_column(&name, new);
        // Integers stay integers when every replacement is whole.
        if c.dtype().is_integer() && map.iter().all(|(_, v)| v.is_none_or(|x| x.fract() == 0.0)) {
            col.cast(c.dtype())?
        } else {
            col
        }
    } else {
        if c.dtype() != &DataType::String {
            return Err(StepError::Invalid(format!(
                "`{name}` is {}: replace works on text and numbers",
                c.dtype()
            )));
        }
        let map: BTreeMap<&str, Option<String>> = mapping
            .iter()
            .map(|(k, v)| {
                let to = v.as_ref().map(|v| match v {
                    Value::Text(t) => t.clone(),
                    Value::Number(x) => format!("{x}"),
                    Value::Bool(b) => b.to_string(),
                });
                (k.as_str(), to)
            })
            .collect();
        let new: Vec<Option<String>> = texts(c)?
            .into_iter()
            .map(|v| match v.as_deref().and_then(|s| map.get(s)) {
                Some(to) => {
                    replaced += 1;
                    to.clone()
                }
                None => v,
            })
            .collect();
        Column::new(name.as_str().into(), new)
    };
    Ok(Applied {
        frame: put(frame, out)?,
        step: step.clone(),
        note: Some(format!("{} replaced", count(replaced, "value"))),
    })
}
