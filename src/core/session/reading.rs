//! How new data meets a saved model (`Reading`): raw data the recipe cleans, data already
//! cleaned, or neither (said by column); the column types matched to the training data's.

use crate::core::model::ModelError;
use polars::prelude::*;

use super::predict::*;
use super::saved::*;
use crate::core::clean::apply_step;
use crate::core::clean::step::Step;

/// Which data `predict` was given: what the model was trained from (its recipe then replays)
/// or what lathe wrote after cleaning it (`w`, `lathe apply`, `lathe run --out`), read as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    Raw,
    Cleaned,
}

/// Raw data has every column the training file had; cleaned data has every column the
/// cleaned training data had (and every feature) but not the raw ones. When both hold (a
/// recipe that keeps the columns and their names), the data is read as raw, as the model
/// was saved from it.
pub(super) fn reading(model: &SavedModel, data: &DataFrame) -> Reading {
    let has = |c: &str| data.column(c).is_ok();
    let raw_target = model
        .target
        .as_ref()
        .map(|t| raw_name(&model.recipe.steps, t));
    let raw = model
        .input_columns
        .iter()
        .all(|(c, _)| Some(c) == raw_target.as_ref() || has(c));
    if raw || model.recipe.steps.is_empty() {
        return Reading::Raw;
    }
    let cleaned = model.features.iter().all(|f| has(f))
        && model
            .cleaned_columns
            .iter()
            .all(|(c, _)| Some(c) == model.target.as_ref() || has(c));
    if cleaned {
        Reading::Cleaned
    } else {
        Reading::Raw
    }
}

/// Columns read as the types `columns` names (the training data's): converted where every
/// value converts (with a warning), refused where some would be lost.
pub(super) fn match_types(
    columns: &[(String, String)],
    data: &DataFrame,
    warnings: &mut Vec<String>,
) -> Result<DataFrame, ModelError> {
    let mut frame = data.clone();
    let mut problems = Vec::new();
    for (name, trained) in columns {
        let Ok(col) = data.column(name) else { continue };
        let now = col.dtype().to_string();
        if &now == trained {
            continue;
        }
        let Some(want) = dtype_named(trained) else {
            warnings.push(format!(
                "`{name}` was {trained} in training and is {now} here; used as it is"
            ));
            continue;
        };
        let cast = col.cast(&want)?;
        let lost = cast.null_count().saturating_sub(col.null_count());
        if lost > 0 {
            let as_text = col.cast(&DataType::String)?;
            let examples: Vec<String> = as_text
                .str()?
                .iter()
                .zip(cast.is_null().iter())
                .filter_map(|(v, null)| match (v, null) {
                    (Some(v), Some(true)) => Some(format!("{v:?}")),
                    _ => None,
                })
                .take(3)
                .collect();
            problems.push(format!(
                "`{name}` was {trained} in training but is {now} here, and {lost} values \
                 cannot be read as {trained} (e.g. {})",
                examples.join(", ")
            ));
        } else {
            warnings.push(format!(
                "`{name}` was {trained} in training and is {now} here; read as {trained}"
            ));
            frame.replace(name, cast)?;
        }
    }
    if !problems.is_empty() {
        return Err(ModelError::Data(format!(
            "the data does not match the model's training data: {}",
            problems.join("; ")
        )));
    }
    Ok(frame)
}

/// Raw data through the model's recipe (the steps that remove rows skipped), checked for the
/// columns the model needs.
pub(super) fn clean_raw(
    model: &SavedModel,
    data: &DataFrame,
    warnings: &mut Vec<String>,
) -> Result<DataFrame, ModelError> {
    let target = model.target.clone();
    let raw_target = target.as_ref().map(|t| raw_name(&model.recipe.steps, t));
    // The schema: columns the training data had.
    let missing: Vec<String> = model
        .input_columns
        .iter()
        .filter(|(c, _)| Some(c) != raw_target.as_ref() && data.column(c).is_err())
        .map(|(c, _)| c.clone())
        .collect();
    let mut frame = match_types(&model.input_columns, data, warnings)?;
    // Prediction data usually lacks the target: an empty column stands in while cleaning.
    if let Some(t) = &raw_target {
        if frame.column(t).is_err() {
            let dtype = model
                .input_columns
                .iter()
                .find(|(c, _)| c == t)
                .and_then(|(_, d)| dtype_named(d))
                .unwrap_or(DataType::String);
            let empty = Column::full_null(t.as_str().into(), frame.height(), &dtype);
            frame.with_column(empty)?;
        }
    }
    let mut cleaned = frame.clone();
    let mut skipped = Vec::new();
    for (i, step) in model.recipe.steps.iter().enumerate() {
        if removes_rows(step) {
            skipped.push(format!("{} ({})", i + 1, step.op()));
            continue;
        }
        cleaned = apply_step(&cleaned, &super::predict::keeping_rows(step))
            .map_err(|e| {
                let lacks = if missing.is_empty() {
                    String::new()
                } else {
                    format!(
                        "the data lacks {} of the training data's columns ({}), and ",
                        missing.len(),
                        quoted(&missing)
                    )
                };
                ModelError::Data(format!(
                    "{lacks}recipe step {} ({}) fails: {e}{}",
                    i + 1,
                    step.op(),
                    if missing.is_empty() {
                        String::new()
                    } else {
                        not_cleaned_either(model, data)
                    }
                ))
            })?
            .frame;
    }
    if !skipped.is_empty() {
        warnings.push(format!(
            "steps that remove rows were skipped so that every row gets a prediction: {}",
            skipped.join(", ")
        ));
    }
    let absent: Vec<String> = model
        .features
        .iter()
        .filter(|f| cleaned.column(f).is_err())
        .cloned()
        .collect();
    if !absent.is_empty() {
        return Err(ModelError::Data(format!(
            "the data lacks columns the model needs: {}{}{}",
            quoted(&absent),
            if missing.is_empty() {
                String::new()
            } else {
                format!(" (missing from the input: {})", quoted(&missing))
            },
            if missing.is_empty() {
                String::new()
            } else {
                not_cleaned_either(model, data)
            }
        )));
    }
    if !missing.is_empty() {
        warnings.push(format!(
            "the data lacks {} of the training data's columns; the model does not need them",
            quoted(&missing)
        ));
    }
    Ok(cleaned)
}

/// Why data that is not raw is not the cleaned data either: the cleaned columns it lacks.
pub(super) fn not_cleaned_either(model: &SavedModel, data: &DataFrame) -> String {
    let mut lacks: Vec<String> = model
        .cleaned_columns
        .iter()
        .map(|(c, _)| c)
        .chain(&model.features)
        .filter(|c| Some(*c) != model.target.as_ref() && data.column(c).is_err())
        .cloned()
        .collect();
    lacks.sort();
    lacks.dedup();
    if lacks.is_empty() {
        String::new()
    } else {
        format!(
            "; nor is it the cleaned data (it lacks {} of its columns: {})",
            lacks.len(),
            quoted(&lacks)
        )
    }
}

/// The name a cleaned column had in the raw data: renames undone, last first.
pub(super) fn raw_name(steps: &[Step], cleaned: &str) -> String {
    let mut name = cleaned.to_string();
    for step in steps.iter().rev() {
        if let Step::Rename { columns } = step {
            if let Some((old, _)) = columns.iter().find(|(_, new)| **new == name) {
                name = old.clone();
            }
        }
    }
    name
}

/// A type name as `DataType`'s `Display` writes it, back to the type (the ones data files give).
pub(super) fn dtype_named(name: &str) -> Option<DataType> {
    Some(match name {
        "i8" => DataType::Int8,
        "i16" => DataType::Int16,
        "i32" => DataType::Int32,
        "i64" => DataType::Int64,
        "u8" => DataType::UInt8,
        "u16" => DataType::UInt16,
        "u32" => DataType::UInt32,
        "u64" => DataType::UInt64,
        "f32" => DataType::Float32,
        "f64" => DataType::Float64,
        "str" => DataType::String,
        "bool" => DataType::Boolean,
        "date" => DataType::Date,
        _ => return None,
    })
}

pub(super) fn quoted(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
