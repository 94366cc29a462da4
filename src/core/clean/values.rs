//! Reading a step's columns (named in its errors by the step's field), writing its result, and
//! reporting values a step could not convert.

use super::StepError;
use polars::prelude::*;

use super::step::*;
use crate::core::data::cells::{count, is_numeric};

pub(super) type R<T> = std::result::Result<T, super::StepError>;

pub(super) fn column<'a>(frame: &'a DataFrame, name: &str, field: &str) -> R<&'a Column> {
    frame.column(name).map_err(|_| {
        let names: Vec<String> = frame
            .get_column_names()
            .iter()
            .take(12)
            .map(|n| format!("`{n}`"))
            .collect();
        super::StepError::Invalid(format!(
            "field `{field}`: no column `{name}` in the data (columns: {})",
            names.join(", ")
        ))
    })
}

/// A numeric column as f64 with nulls and NaN as `None`; an error naming the step's fix for
/// other types.
pub(super) fn floats(col: &Column) -> R<Vec<Option<f64>>> {
    if !is_numeric(col.dtype()) {
        return Err(StepError::Invalid(format!(
            "`{}` is {}, not numeric; parse_numbers or cast it first",
            col.name(),
            col.dtype()
        )));
    }
    let cast = col.cast(&DataType::Float64)?;
    Ok(cast
        .f64()?
        .iter()
        .map(|v| v.filter(|x| !x.is_nan()))
        .collect())
}

/// A numeric column named by a step's field, with the field named in any error.
pub(super) fn numeric_field(frame: &DataFrame, name: &str, field: &str) -> R<Vec<Option<f64>>> {
    floats(column(frame, name, field)?)
        .map_err(|e| StepError::Invalid(format!("field `{field}`: {e}")))
}

pub(super) fn sorted_present(values: &[Option<f64>]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().flatten().copied().collect();
    v.sort_unstable_by(f64::total_cmp);
    v
}

pub(super) fn texts(col: &Column) -> R<Vec<Option<String>>> {
    let t = col.cast(&DataType::String)?;
    Ok(t.str()?.iter().map(|v| v.map(str::to_string)).collect())
}

pub(super) fn put(frame: &DataFrame, col: Column) -> R<DataFrame> {
    let mut out = frame.clone();
    out.with_column(col)?;
    Ok(out)
}

pub(super) fn f64_column(name: &str, values: Vec<Option<f64>>) -> Column {
    Column::new(name.into(), values)
}

pub(super) fn examples(values: &[String]) -> String {
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
pub(super) fn failures(
    column: &str,
    what: &str,
    failed: &[String],
    on_error: OnError,
) -> R<Option<String>> {
    if failed.is_empty() {
        return Ok(None);
    }
    let text = format!(
        "{} of `{column}` could not be read as {what} (e.g. {})",
        count(failed.len(), "value"),
        examples(failed)
    );
    match on_error {
        OnError::Fail => Err(StepError::Invalid(format!(
            "{text}; set on_error to null to make them missing"
        ))),
        OnError::Null => Ok(Some(format!("{text}: made missing"))),
    }
}

/// Null, or NaN in a float column.
pub(super) fn missing_mask(col: &Column) -> Vec<bool> {
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

pub(super) fn take_rows(frame: &DataFrame, keep: &[bool]) -> R<DataFrame> {
    let mask = BooleanChunked::from_slice("keep".into(), keep);
    frame
        .filter(&mask)
        .map_err(|e| StepError::Invalid(e.to_string()))
}
