//! One step applied to a frame (`apply_step`): the arms of every op, calling the families'
//! functions (`cast`, `fill`, `encode`, `fit`) where an op needs more than a few lines.

use super::StepError;
use std::collections::BTreeMap;

use polars::prelude::*;

use super::cast::cast;
use super::encode::one_hot;
use super::fill::{fill_null, replace};
use super::fit::{fit_bounds, fit_edges, fit_scale};
use super::step::*;
use super::values::{
    column, examples, f64_column, failures, missing_mask, numeric_field, put, sorted_present,
    take_rows, texts, R,
};
use crate::core::data::cells::count;
use crate::core::data::expr::{compile, compile_value, parse};
use crate::core::data::numbers::parse_number;
use crate::core::num::rng::sample_indices;

/// The most bins a `bin` step makes: more is a lookup table, not a feature, and a typo
/// (`1e9`) must not allocate gigabytes of edges.
pub const MAX_BINS: usize = 10_000;

/// A step applied: the new frame, the step as it should be recorded (fitted), and what the
/// user should know (values made missing, rows dropped).
#[derive(Debug, Clone)]
pub struct Applied {
    pub frame: DataFrame,
    pub step: Step,
    pub note: Option<String>,
}

/// Apply one step.
pub fn apply_step(frame: &DataFrame, step: &Step) -> R<Applied> {
    let done =
        |frame: DataFrame, step: Step, note: Option<String>| Ok(Applied { frame, step, note });
    match step {
        Step::DropColumns { columns } => {
            if columns.is_empty() {
                return Err(StepError::Invalid(
                    "field `columns`: name at least one column".into(),
                ));
            }
            for c in columns {
                column(frame, c, "columns")?;
            }
            done(
                frame.drop_many(columns.iter().map(|c| c.as_str())),
                step.clone(),
                None,
            )
        }
        Step::Rename { columns } => {
            let mut out = frame.clone();
            for (old, new) in columns {
                column(frame, old, "columns")?;
                if new.is_empty() {
                    return Err(StepError::Invalid(format!(
                        "field `columns`: the new name of `{old}` is empty"
                    )));
                }
                if old != new && frame.column(new).is_ok() && !columns.contains_key(new) {
                    return Err(StepError::Invalid(format!(
                        "field `columns`: a column `{new}` exists already"
                    )));
                }
            }
            // Through temporary names, so swaps (a -> b, b -> a) work.
            for (i, old) in columns.keys().enumerate() {
                out.rename(old, format!("\u{1}lathe-rename-{i}").into())?;
            }
            for (i, new) in columns.values().enumerate() {
                out.rename(&format!("\u{1}lathe-rename-{i}"), new.as_str().into())?;
            }
            done(out, step.clone(), None)
        }
        Step::Cast {
            column: name,
            to,
            format,
            on_error,
        } => {
            let c = column(frame, name, "column")?;
            let formats = format.as_ref().map(|f| f.list()).unwrap_or_default();
            let (new, note) = cast(c, *to, &formats, *on_error)?;
            done(put(frame, new)?, step.clone(), note)
        }
        Step::ParseNumbers {
            column: name,
            decimal_comma,
            unit,
            on_error,
        } => {
            let c = column(frame, name, "column")?;
            let values = texts(c)?;
            let mut failed = Vec::new();
            let parsed: Vec<Option<f64>> = values
                .iter()
                .map(|v| {
                    let v = v.as_deref()?;
                    let bare = match unit.as_deref() {
                        Some(u) if !u.is_empty() => v.trim().strip_suffix(u).unwrap_or(v),
                        _ => v,
                    };
                    let x = parse_number(bare, *decimal_comma);
                    if x.is_none() && !v.trim().is_empty() {
                        failed.push(v.to_string());
                    }
                    x
                })
                .collect();
            let note = failures(name, "a number", &failed, *on_error)?;
            done(put(frame, f64_column(name, parsed))?, step.clone(), note)
        }
        Step::FillNull {
            column: name,
            strategy,
            value,
            fitted,
        } => {
            let c = column(frame, name, "column")?;
            fill_null(frame, c, *strategy, value.as_ref(), fitted.as_ref(), step)
        }
        Step::DropNulls { columns, how } => {
            let names: Vec<String> = if columns.is_empty() {
                frame
                    .get_column_names()
                    .iter()
                    .map(|n| n.to_string())
                    .collect()
            } else {
                columns.clone()
            };
            let mut missing: Vec<Vec<bool>> = Vec::new();
            for n in &names {
                missing.push(missing_mask(column(frame, n, "columns")?));
            }
            let keep: Vec<bool> = (0..frame.height())
                .map(|r| {
                    let mut m = missing.iter().map(|col| col[r]);
                    match how {
                        How::Any => !m.any(|x| x),
                        How::All => !m.all(|x| x),
                    }
                })
                .collect();
            let out = take_rows(frame, &keep)?;
            done(out, step.clone(), None)
        }
        Step::NormalizeText {
            column: name,
            trim,
            case,
            collapse_spaces,
        } => {
            let c = column(frame, name, "column")?;
            let t = c
                .str()
                .map_err(|_| StepError::Invalid(format!("`{name}` is {}, not text", c.dtype())))?;
            let out: Vec<Option<String>> = t
                .iter()
                .map(|v| {
                    v.map(|v| {
                        let mut s = if *collapse_spaces {
                            let inner: Vec<&str> = v.split_whitespace().collect();
                            let joined = inner.join(" ");
                            if *trim || joined.is_empty() {
                                // All white space: nothing inner to collapse (kept, or trimmed).
                                if *trim {
                                    joined
                                } else {
                                    v.to_string()
                                }
                            } else {
                                // Keep the outer spaces, collapse only the inner runs.
                                let lead = &v[..v.len() - v.trim_start().len()];
                                let tail = &v[v.trim_end().len()..];
                                format!("{lead}{joined}{tail}")
                            }
                        } else if *trim {
                            v.trim().to_string()
                        } else {
                            v.to_string()
                        };
                        match case {
                            Case::Lower => s = s.to_lowercase(),
                            Case::Upper => s = s.to_uppercase(),
                            Case::Keep => {}
                        }
                        s
                    })
                })
                .collect();
            let column = Column::new(name.as_str().into(), out);
            done(put(frame, column)?, step.clone(), None)
        }
        Step::Replace {
            column: name,
            mapping,
        } => {
            let c = column(frame, name, "column")?;
            replace(frame, c, mapping, step)
        }
        Step::Scale {
            columns,
            method,
            fitted,
        } => {
            if columns.is_empty() {
                return Err(StepError::Invalid(
                    "field `columns`: name at least one column".into(),
                ));
            }
            let mut out = frame.clone();
            let mut learnt = BTreeMap::new();
            for name in columns {
                let values = numeric_field(frame, name, "columns")?;
                let affine = match fitted.as_ref().and_then(|f| f.get(name)) {
                    Some(a) => *a,
                    None => fit_scale(&values, *method).ok_or_else(|| {
                        StepError::Invalid(format!("`{name}` has no values to fit the scale on"))
                    })?,
                };
                learnt.insert(name.clone(), affine);
                let scaled = values
                    .iter()
                    .map(|v| v.map(|x| (x - affine.center) / affine.scale))
                    .collect();
                out.with_column(f64_column(name, scaled))?;
            }
            let mut step = step.clone();
            if let Step::Scale { fitted, .. } = &mut step {
                *fitted = Some(learnt);
            }
            done(out, step, None)
        }
        Step::LogTransform { column: name } => {
            let values = numeric_field(frame, name, "column")?;
            let negative: Vec<f64> = values
                .iter()
                .flatten()
                .copied()
                .filter(|x| *x < 0.0)
                .collect();
            if let Some(min) = negative.iter().copied().reduce(f64::min) {
                return Err(StepError::Invalid(format!(
                    "`{name}` has {} (the smallest {min}): log(1 + x) needs values of 0 or \
                     more; clip_outliers or a filter can deal with them first",
                    count(negative.len(), "negative value")
                )));
            }
            let out = values.iter().map(|v| v.map(f64::ln_1p)).collect();
            done(put(frame, f64_column(name, out))?, step.clone(), None)
        }
        Step::ClipOutliers {
            column: name,
            method,
            k,
            action,
            fitted,
        } => {
            if let Some(k) = k.filter(|k| !(k.is_finite() && *k > 0.0)) {
                return Err(StepError::Invalid(format!(
                    "field `k`: {k} must be a number above 0 (1.5 is usual for iqr, 3 for zscore)"
                )));
            }
            let values = numeric_field(frame, name, "column")?;
            let bounds = match fitted {
                Some(b) => *b,
                None => fit_bounds(&values, *method, *k).ok_or_else(|| {
                    StepError::Invalid(format!("`{name}` has too few values to find outliers"))
                })?,
            };
            // Ordered bounds, or nothing to clip to (NaN from infinite values fails this too).
            if bounds
                .lower
                .partial_cmp(&bounds.upper)
                .is_none_or(|o| o.is_gt())
            {
                return Err(StepError::Invalid(if fitted.is_some() {
                    format!(
                        "field `fitted`: lower {} is not at or below upper {}",
                        bounds.lower, bounds.upper
                    )
                } else {
                    format!(
                        "`{name}` holds infinite values, so its bounds cannot be found; drop or \
                         replace them first (a filter such as `{name} < 1e300`)"
                    )
                }));
            }
            let outside = |x: f64| x < bounds.lower || x > bounds.upper;
            let n_out = values.iter().flatten().filter(|x| outside(**x)).count();
            let note = Some(format!(
                "{} outside {} to {}",
                count(n_out, "value"),
                crate::core::data::cells::format_stat(bounds.lower, 6),
                crate::core::data::cells::format_stat(bounds.upper, 6)
            ));
            let out = match action {
                OutlierAction::Drop => {
                    let keep: Vec<bool> = values.iter().map(|v| !v.is_some_and(outside)).collect();
                    take_rows(frame, &keep)?
                }
                OutlierAction::Clip | OutlierAction::Null => {
                    let new = values
                        .iter()
                        .map(|v| match v {
                            Some(x) if outside(*x) && *action == OutlierAction::Null => None,
                            Some(x) => Some(x.clamp(bounds.lower, bounds.upper)),
                            None => None,
                        })
                        .collect();
                    put(frame, f64_column(name, new))?
                }
            };
            let mut step = step.clone();
            if let Step::ClipOutliers { fitted, .. } = &mut step {
                *fitted = Some(bounds);
            }
            done(out, step, note)
        }
        Step::OneHot {
            column: name,
            max_levels,
            fitted,
        } => one_hot(
            frame,
            column(frame, name, "column")?,
            *max_levels,
            fitted.as_ref(),
            step,
        ),
        Step::OrdinalEncode {
            column: name,
            fitted,
        } => {
            let c = column(frame, name, "column")?;
            let values = texts(c)?;
            let categories = match fitted {
                Some(f) => f.clone(),
                None => {
                    let mut cats: Vec<String> = values.iter().flatten().cloned().collect();
                    cats.sort();
                    cats.dedup();
                    cats
                }
            };
            let mut unseen = Vec::new();
            let codes: Vec<Option<i64>> = values
                .iter()
                .map(|v| {
                    let v = v.as_ref()?;
                    let code = categories.binary_search(v).ok().map(|i| i as i64);
                    if code.is_none() {
                        unseen.push(v.clone());
                    }
                    code
                })
                .collect();
            let note = (!unseen.is_empty()).then(|| {
                format!(
                    "{} not seen when fitting made missing (e.g. {})",
                    count(unseen.len(), "value"),
                    examples(&unseen)
                )
            });
            let mut step = step.clone();
            if let Step::OrdinalEncode { fitted, .. } = &mut step {
                *fitted = Some(categories);
            }
            let column = Column::new(name.as_str().into(), codes);
            done(put(frame, column)?, step, note)
        }
        Step::Bin {
            column: name,
            method,
            bins,
            edges,
            fitted,
        } => {
            let values = numeric_field(frame, name, "column")?;
            let edges = match (fitted, method) {
                (Some(f), _) => {
                    // Recorded edges, perhaps written by hand: checked as given edges are.
                    if f.len() < 2
                        || f.windows(2)
                            .any(|w| w[0].partial_cmp(&w[1]) != Some(std::cmp::Ordering::Less))
                    {
                        return Err(StepError::Invalid(
                            "field `fitted`: at least two edges, increasing".into(),
                        ));
                    }
                    f.clone()
                }
                (None, BinMethod::Edges) => {
                    let e = edges.clone().ok_or(StepError::Invalid(
                        "field `edges`: give the bin edges, e.g. [0, 10, 20]".into(),
                    ))?;
                    if e.len() < 2 || e.windows(2).any(|w| w[0] >= w[1]) {
                        return Err(StepError::Invalid(
                            "field `edges`: at least two edges, increasing".into(),
                        ));
                    }
                    e
                }
                (None, m) => {
                    let n = bins.ok_or(StepError::Invalid(
                        "field `bins`: how many bins (2 or more)".into(),
                    ))?;
                    if n < 1 {
                        return Err(StepError::Invalid("field `bins`: at least 1".into()));
                    }
                    if n > MAX_BINS {
                        return Err(StepError::Invalid(format!(
                            "field `bins`: at most {MAX_BINS}"
                        )));
                    }
                    fit_edges(&sorted_present(&values), *m, n).ok_or_else(|| {
                        StepError::Invalid(format!("`{name}` has no values to bin"))
                    })?
                }
            };
            let last = edges.len() - 2;
            let index = values
                .iter()
                .map(|v| {
                    v.map(|x| {
                        // Bins are [e0, e1), [e1, e2), ..., [e(k-1), ek]; outside goes to the ends.
                        let i = edges.partition_point(|e| *e <= x);
                        i.saturating_sub(1).min(last) as i64
                    })
                })
                .collect::<Vec<Option<i64>>>();
            let mut step = step.clone();
            if let Step::Bin { fitted, .. } = &mut step {
                *fitted = Some(edges);
            }
            let column = Column::new(name.as_str().into(), index);
            done(put(frame, column)?, step, None)
        }
        Step::Dedupe { columns } => {
            for c in columns {
                column(frame, c, "columns")?;
            }
            let subset = (!columns.is_empty()).then(|| columns.clone());
            let out = frame.unique_stable(subset.as_deref(), UniqueKeepStrategy::First, None)?;
            done(out, step.clone(), None)
        }
        Step::Filter { expr } => {
            let e = parse(expr)
                .and_then(|ast| compile(&ast, frame.schema()))
                .map_err(|e| StepError::Invalid(format!("field `expr`: {}", e.pointed(expr))))?;
            let out = crate::core::data::expr::collect(frame.clone().lazy().filter(e))?;
            done(out, step.clone(), None)
        }
        Step::Derive { name, expr } => {
            if name.is_empty() {
                return Err(StepError::Invalid(
                    "field `name`: the new column needs a name".into(),
                ));
            }
            if frame.column(name).is_ok() {
                return Err(StepError::Invalid(format!(
                    "field `name`: a column `{name}` exists already; choose another name"
                )));
            }
            let e = parse(expr)
                .and_then(|ast| compile_value(&ast, frame.schema()))
                .map_err(|e| StepError::Invalid(format!("field `expr`: {}", e.pointed(expr))))?;
            let out = crate::core::data::expr::collect(
                frame.clone().lazy().with_column(e.alias(name.as_str())),
            )?;
            done(out, step.clone(), None)
        }
        Step::Sample { n, fraction, seed } => {
            let rows = frame.height();
            let k = match (n, fraction) {
                (Some(n), None) => (*n).min(rows),
                (None, Some(f)) if (0.0..=1.0).contains(f) => (rows as f64 * f).round() as usize,
                (None, Some(_)) => {
                    return Err(StepError::Invalid(
                        "field `fraction`: between 0 and 1".into(),
                    ))
                }
                _ => {
                    return Err(StepError::Invalid(
                        "give either `n` (rows) or `fraction` (0 to 1), not both".into(),
                    ))
                }
            };
            let idx: Vec<IdxSize> = sample_indices(rows, k, *seed)
                .into_iter()
                .map(|i| i as IdxSize)
                .collect();
            let out = frame.take(&IdxCa::from_vec("idx".into(), idx))?;
            done(out, step.clone(), None)
        }
        Step::Join { .. } => super::combine::join(frame, step),
        Step::Concat { .. } => super::combine::concat(frame, step),
    }
}
