//! Applying cleaning steps to a frame: each step gives a new frame (the input is never changed),
//! the step with what it learnt from the data (`fitted`), and a note on values it could not
//! convert. `preview` says what a step changed; `replay` runs a recipe's steps in order.

pub mod step;

use std::collections::BTreeMap;

use polars::prelude::*;

use self::step::*;
use self::step::{Bounds, Value};
use crate::core::data::cells::{format_value, is_numeric};
use crate::core::data::expr::{compile, compile_value, parse};
use crate::core::data::numbers::parse_number;
use crate::core::error::{Error, Result};
use crate::core::num::moments::quantile_sorted;
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

/// What a step changed, for the preview before it is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub rows_before: usize,
    pub rows_after: usize,
    pub columns_added: Vec<String>,
    pub columns_removed: Vec<String>,
    /// Columns present before and after whose type changed: name, type before, type after.
    pub columns_retyped: Vec<(String, String, String)>,
    /// Cells of columns present before and after whose value changed (rows kept in place only).
    pub cells_changed: usize,
    /// Rows with at least one changed cell (rows kept in place only).
    pub rows_changed: usize,
    /// The first changed rows (at most `PREVIEW_ROWS`), by position, for a before/after look.
    pub sample_rows: Vec<usize>,
    pub note: Option<String>,
}

/// How many changed rows a preview lists.
pub const PREVIEW_ROWS: usize = 10;

/// Apply every step in order, numbering errors from 1. Returns the frame and the steps as
/// fitted (with values learnt where they had none).
pub fn replay(frame: &DataFrame, steps: &[Step]) -> Result<(DataFrame, Vec<Step>, Vec<String>)> {
    let r = replay_with(frame, steps, false)?;
    Ok((r.frame, r.fitted, r.notes))
}

/// What a replay gave.
#[derive(Debug, Clone)]
pub struct Replayed {
    pub frame: DataFrame,
    /// The steps with the values they learnt.
    pub fitted: Vec<Step>,
    /// The steps' notes, `step 2 (cast): ...`.
    pub notes: Vec<String>,
    /// With `describe`, what each step did, as `describe` says it (and its note).
    pub effects: Vec<String>,
}

/// `replay`, and with `describe` each step's effect too (a comparison of the frame before and
/// after each step, which costs a pass over the data per step).
pub fn replay_with(frame: &DataFrame, steps: &[Step], describe_steps: bool) -> Result<Replayed> {
    let mut frame = frame.clone();
    let mut fitted = Vec::with_capacity(steps.len());
    let mut notes = Vec::new();
    let mut effects = Vec::new();
    for (i, step) in steps.iter().enumerate() {
        let applied = apply_step(&frame, step).map_err(|message| Error::Step {
            step: i + 1,
            op: step.op().to_string(),
            message,
        })?;
        if describe_steps {
            let p = preview(&frame, &applied.frame, applied.note.clone());
            effects.push(match &applied.note {
                Some(n) => format!("{}; {n}", describe(step, &p)),
                None => describe(step, &p),
            });
        }
        // Without the table's `N of M rows removed`, the headless commands say it here.
        let note = applied
            .note
            .or_else(|| rows_dropped(step, frame.height().saturating_sub(applied.frame.height())));
        if let Some(n) = note {
            notes.push(format!("step {} ({}): {n}", i + 1, step.op()));
        }
        frame = applied.frame;
        fitted.push(applied.step);
    }
    Ok(Replayed {
        frame,
        fitted,
        notes,
        effects,
    })
}

/// What the headless commands say of a step that dropped rows (the app and the report say
/// `N of M rows removed` instead, so the step itself gives no note for it).
fn rows_dropped(step: &Step, dropped: usize) -> Option<String> {
    let noun = match step {
        Step::Dedupe { .. } => "duplicate row",
        _ => "row",
    };
    (dropped > 0).then(|| format!("{} dropped", count(dropped, noun)))
}

/// One step, or the same step on several columns (a form given a list), applied in turn and
/// previewed: each with what it changed, and all of them together.
#[derive(Debug, Clone)]
pub struct Previewed {
    pub steps: Vec<(Applied, Preview)>,
    pub total: Preview,
}

impl Previewed {
    /// The data after the last step.
    pub fn frame(&self) -> &DataFrame {
        &self.steps.last().expect("at least one step").0.frame
    }

    /// `describe` of the step, or of the steps together (`3 fill_null steps (a, b, c): ...`).
    pub fn describe(&self) -> String {
        let (last, _) = self.steps.last().expect("at least one step");
        match self.steps.len() {
            1 => describe(&last.step, &self.total),
            n => {
                let columns: Vec<&str> = self
                    .steps
                    .iter()
                    .filter_map(|(a, _)| a.step.column())
                    .collect();
                format!(
                    "{n} {} steps ({}): {}",
                    last.step.op(),
                    crate::core::data::cells::truncate_list(&columns, 6),
                    describe(&last.step, &self.total)
                )
            }
        }
    }
}

/// Apply `steps` in turn to `frame`, each previewed against the frame before it. A failing step
/// names its column when there are several.
pub fn preview_steps(frame: &DataFrame, steps: &[Step]) -> R<Previewed> {
    if steps.is_empty() {
        return Err("no columns to apply the step to".into());
    }
    let mut current = frame.clone();
    let mut done = Vec::with_capacity(steps.len());
    let mut notes = Vec::new();
    for step in steps {
        let applied = apply_step(&current, step).map_err(|e| match step.column() {
            Some(c) if steps.len() > 1 => format!("on `{c}`: {e}"),
            _ => e,
        })?;
        let p = preview(&current, &applied.frame, applied.note.clone());
        if let Some(n) = &applied.note {
            notes.push(match step.column() {
                Some(c) if steps.len() > 1 => format!("`{c}`: {n}"),
                _ => n.clone(),
            });
        }
        current = applied.frame.clone();
        done.push((applied, p));
    }
    let total = if done.len() == 1 {
        done[0].1.clone()
    } else {
        // A note per column would fill the screen: the first three, and how many more.
        let note = match notes.len() {
            0 => None,
            1..=3 => Some(notes.join("; ")),
            n => Some(format!(
                "{}; and {} more (the recipe pane shows each)",
                notes[..3].join("; "),
                n - 3
            )),
        };
        preview(frame, &current, note)
    };
    Ok(Previewed { steps: done, total })
}

/// One step of a recipe re-run after an edit of an earlier one.
#[derive(Debug, Clone)]
pub struct Rerun {
    /// The step as it now is: refitted when it ran, as it was when off or broken.
    pub step: Step,
    /// The data before it.
    pub before: DataFrame,
    /// What it did (`describe`) and its note; or why it no longer applies.
    pub outcome: std::result::Result<(String, Option<String>), String>,
    /// Switched off by the user: kept in the list, not applied.
    pub off: bool,
}

/// Re-run `steps` (each with whether it is switched on) from `frame`, each refitted on the data
/// as it now is (its learnt values are learnt again). A step that fails, say because a column it
/// needs is gone, is kept with the reason and skipped, instead of failing the rest. Returns the
/// steps and the data after the last.
pub fn rerun(frame: &DataFrame, steps: &[(Step, bool)]) -> (Vec<Rerun>, DataFrame) {
    let mut current = frame.clone();
    let mut out = Vec::with_capacity(steps.len());
    for (step, on) in steps {
        let before = current.clone();
        if !on {
            out.push(Rerun {
                step: step.clone(),
                before,
                outcome: Ok(("switched off".into(), None)),
                off: true,
            });
            continue;
        }
        match apply_step(&current, &step.unfitted()) {
            Ok(applied) => {
                let p = preview(&current, &applied.frame, applied.note.clone());
                let said = describe(&applied.step, &p);
                current = applied.frame;
                out.push(Rerun {
                    step: applied.step,
                    before,
                    outcome: Ok((said, applied.note)),
                    off: false,
                });
            }
            Err(e) => out.push(Rerun {
                step: step.clone(),
                before,
                outcome: Err(e),
                off: false,
            }),
        }
    }
    (out, current)
}

/// What a step did, in words: rows removed, cells changed, columns renamed, added or removed
/// (the app's preview line, the recipe pane, and the report say it the same way).
pub fn describe(step: &Step, p: &Preview) -> String {
    let mut parts = Vec::new();
    if p.rows_after < p.rows_before {
        parts.push(format!(
            "{} of {} removed",
            crate::core::data::cells::group_thousands(p.rows_before - p.rows_after),
            crate::core::data::cells::count(p.rows_before, "row")
        ));
    }
    if p.cells_changed > 0
        || (parts.is_empty()
            && p.columns_added.is_empty()
            && p.columns_removed.is_empty()
            && p.columns_retyped.is_empty())
    {
        parts.push(format!(
            "{} in {} changed",
            crate::core::data::cells::count(p.cells_changed, "cell"),
            crate::core::data::cells::count(p.rows_changed, "row")
        ));
    }
    if let Step::Rename { columns } = step {
        parts.push(format!(
            "{} renamed",
            crate::core::data::cells::count(columns.len(), "column")
        ));
    } else {
        if !p.columns_added.is_empty() {
            parts.push(format!("added {}", p.columns_added.join(", ")));
        }
        if !p.columns_removed.is_empty() {
            parts.push(format!("removed {}", p.columns_removed.join(", ")));
        }
    }
    // A parse or cast that reads every value back the same still changed the column: say how.
    for (name, from, to) in &p.columns_retyped {
        parts.push(format!("{name} is now {to} (was {from})"));
    }
    parts.join("; ")
}

/// Compare a frame before and after a step.
pub fn preview(before: &DataFrame, after: &DataFrame, note: Option<String>) -> Preview {
    let names = |f: &DataFrame| -> Vec<String> {
        f.get_column_names().iter().map(|n| n.to_string()).collect()
    };
    let (b, a) = (names(before), names(after));
    let mut p = Preview {
        rows_before: before.height(),
        rows_after: after.height(),
        columns_added: a.iter().filter(|n| !b.contains(n)).cloned().collect(),
        columns_removed: b.iter().filter(|n| !a.contains(n)).cloned().collect(),
        columns_retyped: b
            .iter()
            .filter_map(|n| {
                let (x, y) = (
                    before.column(n).ok()?.dtype(),
                    after.column(n).ok()?.dtype(),
                );
                (x != y).then(|| {
                    let name = crate::core::data::cells::dtype_name;
                    (n.clone(), name(x), name(y))
                })
            })
            .collect(),
        cells_changed: 0,
        rows_changed: 0,
        sample_rows: Vec::new(),
        note,
    };
    if before.height() != after.height() {
        return p;
    }
    let mut changed = vec![false; before.height()];
    for name in b.iter().filter(|n| a.contains(n)) {
        let (x, y) = (
            before
                .column(name)
                .expect("listed")
                .as_materialized_series(),
            after.column(name).expect("listed").as_materialized_series(),
        );
        let same: Vec<bool> = if x.dtype() == y.dtype() {
            match x.equal_missing(y) {
                Ok(mask) => mask.iter().map(|v| v.unwrap_or(false)).collect(),
                Err(_) => vec![false; x.len()],
            }
        } else {
            // A cast: compare what the user sees.
            (0..x.len())
                .map(|i| {
                    let show = |s: &Series| s.get(i).ok().and_then(|v| format_value(&v));
                    show(x) == show(y)
                })
                .collect()
        };
        for (i, s) in same.into_iter().enumerate() {
            if !s {
                p.cells_changed += 1;
                changed[i] = true;
            }
        }
    }
    p.rows_changed = changed.iter().filter(|c| **c).count();
    p.sample_rows = changed
        .iter()
        .enumerate()
        .filter(|(_, c)| **c)
        .map(|(i, _)| i)
        .take(PREVIEW_ROWS)
        .collect();
    p
}

type R<T> = std::result::Result<T, String>;

fn column<'a>(frame: &'a DataFrame, name: &str, field: &str) -> R<&'a Column> {
    frame.column(name).map_err(|_| {
        let names: Vec<String> = frame
            .get_column_names()
            .iter()
            .take(12)
            .map(|n| format!("`{n}`"))
            .collect();
        format!(
            "field `{field}`: no column `{name}` in the data (columns: {})",
            names.join(", ")
        )
    })
}

/// A numeric column as f64 with nulls and NaN as `None`; an error naming the step's fix for
/// other types.
fn floats(col: &Column) -> R<Vec<Option<f64>>> {
    if !is_numeric(col.dtype()) {
        return Err(format!(
            "`{}` is {}, not numeric; parse_numbers or cast it first",
            col.name(),
            col.dtype()
        ));
    }
    let cast = col.cast(&DataType::Float64).map_err(|e| e.to_string())?;
    Ok(cast
        .f64()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|v| v.filter(|x| !x.is_nan()))
        .collect())
}

/// A numeric column named by a step's field, with the field named in any error.
fn numeric_field(frame: &DataFrame, name: &str, field: &str) -> R<Vec<Option<f64>>> {
    floats(column(frame, name, field)?).map_err(|e| format!("field `{field}`: {e}"))
}

fn sorted_present(values: &[Option<f64>]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().flatten().copied().collect();
    v.sort_unstable_by(f64::total_cmp);
    v
}

fn texts(col: &Column) -> R<Vec<Option<String>>> {
    let t = col.cast(&DataType::String).map_err(|e| e.to_string())?;
    Ok(t.str()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|v| v.map(str::to_string))
        .collect())
}

fn put(frame: &DataFrame, col: Column) -> R<DataFrame> {
    let mut out = frame.clone();
    out.with_column(col).map_err(|e| e.to_string())?;
    Ok(out)
}

fn f64_column(name: &str, values: Vec<Option<f64>>) -> Column {
    Column::new(name.into(), values)
}

use crate::core::data::cells::count;

fn examples(values: &[String]) -> String {
    let mut seen: Vec<&String> = Vec::new();
    for v in values {
        if !seen.contains(&v) {
            seen.push(v);
        }
        if seen.len() == 3 {
            break;
        }
    }
    seen.iter()
        .map(|v| format!("{v:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Report (or refuse) values that could not be converted.
fn failures(column: &str, what: &str, failed: &[String], on_error: OnError) -> R<Option<String>> {
    if failed.is_empty() {
        return Ok(None);
    }
    let text = format!(
        "{} of `{column}` could not be read as {what} (e.g. {})",
        count(failed.len(), "value"),
        examples(failed)
    );
    match on_error {
        OnError::Fail => Err(format!("{text}; set on_error to null to make them missing")),
        OnError::Null => Ok(Some(format!("{text}: made missing"))),
    }
}

/// Apply one step.
pub fn apply_step(frame: &DataFrame, step: &Step) -> R<Applied> {
    let done =
        |frame: DataFrame, step: Step, note: Option<String>| Ok(Applied { frame, step, note });
    match step {
        Step::DropColumns { columns } => {
            if columns.is_empty() {
                return Err("field `columns`: name at least one column".into());
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
                    return Err(format!("field `columns`: the new name of `{old}` is empty"));
                }
                if old != new && frame.column(new).is_ok() && !columns.contains_key(new) {
                    return Err(format!("field `columns`: a column `{new}` exists already"));
                }
            }
            // Through temporary names, so swaps (a -> b, b -> a) work.
            for (i, old) in columns.keys().enumerate() {
                out.rename(old, format!("\u{1}lathe-rename-{i}").into())
                    .map_err(|e| e.to_string())?;
            }
            for (i, new) in columns.values().enumerate() {
                out.rename(&format!("\u{1}lathe-rename-{i}"), new.as_str().into())
                    .map_err(|e| e.to_string())?;
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
                .map_err(|_| format!("`{name}` is {}, not text", c.dtype()))?;
            let out: Vec<Option<String>> = t
                .iter()
                .map(|v| {
                    v.map(|v| {
                        let mut s = if *collapse_spaces {
                            let inner: Vec<&str> = v.split_whitespace().collect();
                            let joined = inner.join(" ");
                            if *trim {
                                joined
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
            done(
                put(frame, Column::new(name.as_str().into(), out))?,
                step.clone(),
                None,
            )
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
                return Err("field `columns`: name at least one column".into());
            }
            let mut out = frame.clone();
            let mut learnt = BTreeMap::new();
            for name in columns {
                let values = numeric_field(frame, name, "columns")?;
                let affine = match fitted.as_ref().and_then(|f| f.get(name)) {
                    Some(a) => *a,
                    None => fit_scale(&values, *method)
                        .ok_or_else(|| format!("`{name}` has no values to fit the scale on"))?,
                };
                learnt.insert(name.clone(), affine);
                let scaled = values
                    .iter()
                    .map(|v| v.map(|x| (x - affine.center) / affine.scale))
                    .collect();
                out.with_column(f64_column(name, scaled))
                    .map_err(|e| e.to_string())?;
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
                return Err(format!(
                    "`{name}` has {} (the smallest {min}): log(1 + x) needs values of 0 or \
                     more; clip_outliers or a filter can deal with them first",
                    count(negative.len(), "negative value")
                ));
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
                return Err(format!(
                    "field `k`: {k} must be a number above 0 (1.5 is usual for iqr, 3 for zscore)"
                ));
            }
            let values = numeric_field(frame, name, "column")?;
            let bounds = match fitted {
                Some(b) => *b,
                None => fit_bounds(&values, *method, *k)
                    .ok_or_else(|| format!("`{name}` has too few values to find outliers"))?,
            };
            // Ordered bounds, or nothing to clip to (NaN from infinite values fails this too).
            if bounds
                .lower
                .partial_cmp(&bounds.upper)
                .is_none_or(|o| o.is_gt())
            {
                return Err(if fitted.is_some() {
                    format!(
                        "field `fitted`: lower {} is not at or below upper {}",
                        bounds.lower, bounds.upper
                    )
                } else {
                    format!(
                        "`{name}` holds infinite values, so its bounds cannot be found; drop or \
                         replace them first (a filter such as `{name} < 1e300`)"
                    )
                });
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
            done(
                put(frame, Column::new(name.as_str().into(), codes))?,
                step,
                note,
            )
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
                        return Err("field `fitted`: at least two edges, increasing".into());
                    }
                    f.clone()
                }
                (None, BinMethod::Edges) => {
                    let e = edges
                        .clone()
                        .ok_or("field `edges`: give the bin edges, e.g. [0, 10, 20]")?;
                    if e.len() < 2 || e.windows(2).any(|w| w[0] >= w[1]) {
                        return Err("field `edges`: at least two edges, increasing".into());
                    }
                    e
                }
                (None, m) => {
                    let n = bins.ok_or("field `bins`: how many bins (2 or more)")?;
                    if n < 1 {
                        return Err("field `bins`: at least 1".into());
                    }
                    if n > MAX_BINS {
                        return Err(format!("field `bins`: at most {MAX_BINS}"));
                    }
                    fit_edges(&sorted_present(&values), *m, n)
                        .ok_or_else(|| format!("`{name}` has no values to bin"))?
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
            done(
                put(frame, Column::new(name.as_str().into(), index))?,
                step,
                None,
            )
        }
        Step::Dedupe { columns } => {
            for c in columns {
                column(frame, c, "columns")?;
            }
            let subset = (!columns.is_empty()).then(|| columns.clone());
            let out = frame
                .unique_stable(subset.as_deref(), UniqueKeepStrategy::First, None)
                .map_err(|e| e.to_string())?;
            done(out, step.clone(), None)
        }
        Step::Filter { expr } => {
            let e = parse(expr)
                .and_then(|ast| compile(&ast, frame.schema()))
                .map_err(|e| format!("field `expr`: {}", e.pointed(expr)))?;
            let out = crate::core::data::expr::collect(frame.clone().lazy().filter(e))?;
            done(out, step.clone(), None)
        }
        Step::Derive { name, expr } => {
            if name.is_empty() {
                return Err("field `name`: the new column needs a name".into());
            }
            if frame.column(name).is_ok() {
                return Err(format!(
                    "field `name`: a column `{name}` exists already; choose another name"
                ));
            }
            let e = parse(expr)
                .and_then(|ast| compile_value(&ast, frame.schema()))
                .map_err(|e| format!("field `expr`: {}", e.pointed(expr)))?;
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
                (None, Some(_)) => return Err("field `fraction`: between 0 and 1".into()),
                _ => return Err("give either `n` (rows) or `fraction` (0 to 1), not both".into()),
            };
            let idx: Vec<IdxSize> = sample_indices(rows, k, *seed)
                .into_iter()
                .map(|i| i as IdxSize)
                .collect();
            let out = frame
                .take(&IdxCa::from_vec("idx".into(), idx))
                .map_err(|e| e.to_string())?;
            done(out, step.clone(), None)
        }
    }
}

/// Null, or NaN in a float column.
fn missing_mask(col: &Column) -> Vec<bool> {
    let nulls: Vec<bool> = (0..col.len())
        .map(|i| col.get(i).map_or(true, |v| v.is_null()))
        .collect();
    match col.f64() {
        Ok(ca) => ca
            .iter()
            .zip(nulls)
            .map(|(v, n)| n || v.is_some_and(f64::is_nan))
            .collect(),
        Err(_) => match col.f32() {
            Ok(ca) => ca
                .iter()
                .zip(nulls)
                .map(|(v, n)| n || v.is_some_and(f32::is_nan))
                .collect(),
            Err(_) => nulls,
        },
    }
}

fn take_rows(frame: &DataFrame, keep: &[bool]) -> R<DataFrame> {
    let mask = BooleanChunked::from_slice("keep".into(), keep);
    frame.filter(&mask).map_err(|e| e.to_string())
}

fn cast(
    c: &Column,
    to: CastType,
    formats: &[&str],
    on_error: OnError,
) -> R<(Column, Option<String>)> {
    let name = c.name().to_string();
    let text = c.dtype() == &DataType::String;
    let mut failed: Vec<String> = Vec::new();
    let out: Column = match to {
        CastType::Int | CastType::Float | CastType::Bool if text => {
            let values = texts(c)?;
            match to {
                CastType::Int => {
                    let v: Vec<Option<i64>> = values
                        .iter()
                        .map(|v| {
                            let v = v.as_deref()?;
                            let x = v.trim().parse::<i64>().ok().or_else(|| {
                                // "3.0" is an integer written as a float.
                                v.trim()
                                    .parse::<f64>()
                                    .ok()
                                    .filter(|x| x.fract() == 0.0 && x.abs() < 9.0e15)
                                    .map(|x| x as i64)
                            });
                            if x.is_none() {
                                failed.push(v.to_string());
                            }
                            x
                        })
                        .collect();
                    Column::new(name.as_str().into(), v)
                }
                CastType::Float => {
                    let v: Vec<Option<f64>> = values
                        .iter()
                        .map(|v| {
                            let v = v.as_deref()?;
                            let x = v.trim().parse::<f64>().ok();
                            if x.is_none() {
                                failed.push(v.to_string());
                            }
                            x
                        })
                        .collect();
                    Column::new(name.as_str().into(), v)
                }
                _ => {
                    let v: Vec<Option<bool>> = values
                        .iter()
                        .map(|v| {
                            let v = v.as_deref()?;
                            let b = match v.trim().to_lowercase().as_str() {
                                "true" | "t" | "yes" | "y" | "1" => Some(true),
                                "false" | "f" | "no" | "n" | "0" => Some(false),
                                _ => None,
                            };
                            if b.is_none() {
                                failed.push(v.to_string());
                            }
                            b
                        })
                        .collect();
                    Column::new(name.as_str().into(), v)
                }
            }
        }
        CastType::Int if is_numeric(c.dtype()) => {
            let values = floats(c)?;
            let v: Vec<Option<i64>> = values
                .iter()
                .map(|v| {
                    let x = (*v)?;
                    if x.fract() == 0.0 && x.abs() < 9.0e15 {
                        Some(x as i64)
                    } else {
                        failed.push(format!("{x}"));
                        None
                    }
                })
                .collect();
            Column::new(name.as_str().into(), v)
        }
        CastType::Bool if is_numeric(c.dtype()) => {
            let values = floats(c)?;
            let v: Vec<Option<bool>> = values
                .iter()
                .map(|v| {
                    let x = (*v)?;
                    match x {
                        0.0 => Some(false),
                        1.0 => Some(true),
                        _ => {
                            failed.push(format!("{x}"));
                            None
                        }
                    }
                })
                .collect();
            Column::new(name.as_str().into(), v)
        }
        CastType::Int => c.cast(&DataType::Int64).map_err(|e| e.to_string())?,
        CastType::Float => c.cast(&DataType::Float64).map_err(|e| e.to_string())?,
        CastType::Bool => c.cast(&DataType::Boolean).map_err(|e| e.to_string())?,
        CastType::String => c.cast(&DataType::String).map_err(|e| e.to_string())?,
        CastType::Category => c
            .cast(&DataType::String)
            .and_then(|s| s.cast(&DataType::from_categories(Categories::global())))
            .map_err(|e| e.to_string())?,
        CastType::Date | CastType::Datetime if text => {
            let t = c.str().map_err(|e| e.to_string())?;
            let parse_with = |format: Option<&str>| -> R<Series> {
                Ok(if to == CastType::Date {
                    t.as_date(format, false)
                        .map_err(|e| format!("field `format`: {e}"))?
                        .into_series()
                } else {
                    let ambiguous = StringChunked::new("a".into(), ["raise"]);
                    t.as_datetime(
                        format,
                        TimeUnit::Microseconds,
                        false,
                        false,
                        None,
                        &ambiguous,
                    )
                    .map_err(|e| format!("field `format`: {e}"))?
                    .into_series()
                })
            };
            // Each format fills what the ones before it could not read.
            let mut parsed = parse_with(formats.first().copied())?;
            for f in formats.iter().skip(1) {
                let next = parse_with(Some(f))?;
                let gaps = parsed.is_null();
                parsed = next.zip_with(&gaps, &parsed).map_err(|e| e.to_string())?;
            }
            for (before, after) in t.iter().zip(parsed.iter()) {
                if let (Some(b), true) = (before, after.is_null()) {
                    failed.push(b.to_string());
                }
            }
            parsed.with_name(name.as_str().into()).into()
        }
        CastType::Date if c.dtype().is_temporal() => {
            c.cast(&DataType::Date).map_err(|e| e.to_string())?
        }
        CastType::Datetime if c.dtype().is_temporal() => c
            .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
            .map_err(|e| e.to_string())?,
        CastType::Date | CastType::Datetime => {
            return Err(format!(
                "`{name}` is {}: only text and dates can become dates",
                c.dtype()
            ))
        }
    };
    let what = match to {
        CastType::Int => "an integer",
        CastType::Float => "a number",
        CastType::Bool => "true/false",
        CastType::String => "text",
        CastType::Category => "a category",
        CastType::Date => "a date",
        CastType::Datetime => "a date-time",
    };
    let note = failures(&name, what, &failed, on_error)?;
    Ok((out, note))
}

fn mode_of(c: &Column) -> R<Option<Value>> {
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

fn fill_null(
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
        FillStrategy::Constant => Some(
            value
                .cloned()
                .ok_or("field `value`: the constant to fill with")?,
        ),
        _ if fitted.is_some() => fitted.cloned(),
        FillStrategy::Mean | FillStrategy::Median => {
            let sorted = sorted_present(&floats(c).map_err(|e| format!("field `column`: {e}"))?);
            let x = if strategy == FillStrategy::Mean {
                crate::core::num::moments::mean(&sorted)
            } else {
                quantile_sorted(&sorted, 0.5)
            };
            Some(Value::Number(x.ok_or_else(|| {
                format!("`{name}` has no values to take the {strategy:?} of").to_lowercase()
            })?))
        }
        FillStrategy::Mode => {
            Some(mode_of(c)?.ok_or_else(|| format!("`{name}` has no values to take the mode of"))?)
        }
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
            let series = c
                .as_materialized_series()
                .take(&take)
                .map_err(|e| e.to_string())?;
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
                        Series::new(name.as_str().into(), [*x])
                            .cast(dtype)
                            .map_err(|e| e.to_string())?
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
                    Series::new(name.as_str().into(), [t.as_str()])
                        .cast(dtype)
                        .map_err(|e| e.to_string())?
                }
                other => {
                    return Err(format!(
                        "field `value`: {other:?} does not fit `{name}`, which is {dtype}"
                    ))
                }
            };
            let target = filler.dtype().clone();
            let base = c
                .as_materialized_series()
                .cast(&target)
                .map_err(|e| e.to_string())?;
            let mask = BooleanChunked::from_slice("m".into(), &missing);
            let filled = base
                .zip_with(&!&mask, &filler.new_from_index(0, base.len()))
                .map_err(|e| e.to_string())?;
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

fn replace(
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
                format!("field `mapping`: `{name}` is numeric, so the key {k:?} must be a number")
            })?;
            let val = match v {
                None => None,
                Some(Value::Number(x)) => Some(*x),
                Some(other) => {
                    return Err(format!(
                    "field `mapping`: `{name}` is numeric, so {other:?} must be a number or null"
                ))
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
            col.cast(c.dtype()).map_err(|e| e.to_string())?
        } else {
            col
        }
    } else {
        if c.dtype() != &DataType::String {
            return Err(format!(
                "`{name}` is {}: replace works on text and numbers",
                c.dtype()
            ));
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

/// Center and scale of a scaler; a zero scale becomes 1, as scikit-learn does.
fn fit_scale(values: &[Option<f64>], method: ScaleMethod) -> Option<Affine> {
    let sorted = sorted_present(values);
    if sorted.is_empty() {
        return None;
    }
    let (center, scale) = match method {
        ScaleMethod::Standard => {
            let m = crate::core::num::moments::mean(&sorted)?;
            let var = sorted.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / sorted.len() as f64;
            (m, var.sqrt())
        }
        ScaleMethod::MinMax => (sorted[0], sorted[sorted.len() - 1] - sorted[0]),
        ScaleMethod::Robust => (
            quantile_sorted(&sorted, 0.5)?,
            quantile_sorted(&sorted, 0.75)? - quantile_sorted(&sorted, 0.25)?,
        ),
    };
    Some(Affine {
        center,
        scale: if scale == 0.0 || !scale.is_finite() {
            1.0
        } else {
            scale
        },
    })
}

fn fit_bounds(values: &[Option<f64>], method: OutlierMethod, k: Option<f64>) -> Option<Bounds> {
    let sorted = sorted_present(values);
    match method {
        OutlierMethod::Iqr => {
            let k = k.unwrap_or(1.5);
            let (q1, q3) = (
                quantile_sorted(&sorted, 0.25)?,
                quantile_sorted(&sorted, 0.75)?,
            );
            Some(Bounds {
                lower: q1 - k * (q3 - q1),
                upper: q3 + k * (q3 - q1),
            })
        }
        OutlierMethod::Zscore => {
            let k = k.unwrap_or(3.0);
            let m = crate::core::num::moments::mean(&sorted)?;
            let sd = crate::core::num::moments::sample_std(&sorted, m)?;
            Some(Bounds {
                lower: m - k * sd,
                upper: m + k * sd,
            })
        }
    }
}

/// Bin edges: `n` equal-width bins over the range, or at the quantiles i/n (repeated edges
/// merged).
fn fit_edges(sorted: &[f64], method: BinMethod, n: usize) -> Option<Vec<f64>> {
    let (&lo, &hi) = (sorted.first()?, sorted.last()?);
    let mut edges: Vec<f64> = match method {
        BinMethod::Quantile => (0..=n)
            .map(|i| quantile_sorted(sorted, i as f64 / n as f64))
            .collect::<Option<Vec<f64>>>()?,
        _ => (0..=n)
            .map(|i| lo + (hi - lo) * i as f64 / n as f64)
            .collect(),
    };
    edges.dedup();
    if edges.len() < 2 {
        edges = vec![lo, lo + 1.0];
    }
    Some(edges)
}

fn one_hot(
    frame: &DataFrame,
    c: &Column,
    max_levels: Option<usize>,
    fitted: Option<&Vec<String>>,
    step: &Step,
) -> R<Applied> {
    let name = c.name().to_string();
    let values = texts(c)?;
    let (levels, capped) = match fitted {
        Some(f) => (f.clone(), max_levels.is_some()),
        None => {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for v in values.iter().flatten() {
                *counts.entry(v).or_insert(0) += 1;
            }
            let mut levels: Vec<(&str, usize)> = counts.into_iter().collect();
            let capped = max_levels.is_some_and(|m| levels.len() > m);
            if let Some(m) = max_levels {
                if m == 0 {
                    return Err("field `max_levels`: at least 1".into());
                }
                // The most frequent levels; ties by name.
                levels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                levels.truncate(m);
            }
            let mut names: Vec<String> = levels.into_iter().map(|(v, _)| v.to_string()).collect();
            names.sort();
            (names, capped)
        }
    };
    let position = frame
        .get_column_index(&name)
        .ok_or_else(|| format!("no column `{name}`"))?;
    let mut out = frame.drop(&name).map_err(|e| e.to_string())?;
    let mut new_names: Vec<String> = levels.iter().map(|l| format!("{name}_{l}")).collect();
    if capped {
        new_names.push(format!("{name}_other"));
    }
    for n in &new_names {
        if out.column(n).is_ok() {
            return Err(format!("a column `{n}` exists already"));
        }
    }
    for (i, level) in levels.iter().enumerate() {
        let ind: Vec<i64> = values
            .iter()
            .map(|v| i64::from(v.as_deref() == Some(level.as_str())))
            .collect();
        out.insert_column(position + i, Column::new(new_names[i].as_str().into(), ind))
            .map_err(|e| e.to_string())?;
    }
    if capped {
        let ind: Vec<i64> = values
            .iter()
            .map(|v| i64::from(v.as_ref().is_some_and(|v| levels.binary_search(v).is_err())))
            .collect();
        out.insert_column(
            position + levels.len(),
            Column::new(new_names[levels.len()].as_str().into(), ind),
        )
        .map_err(|e| e.to_string())?;
    }
    let mut step = step.clone();
    if let Step::OneHot { fitted, .. } = &mut step {
        *fitted = Some(levels);
    }
    Ok(Applied {
        frame: out,
        step,
        note: None,
    })
}
