//! `cast`: a column to another type, reading text as people write numbers, dates and booleans.

use super::StepError;
use polars::prelude::*;

use super::step::*;
use super::values::{failures, floats, texts, R};
use crate::core::data::cells::is_numeric;

pub(super) fn cast(
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
                        failed.push(written(x));
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
                            failed.push(written(x));
                            None
                        }
                    }
                })
                .collect();
            Column::new(name.as_str().into(), v)
        }
        CastType::Int => c.cast(&DataType::Int64)?,
        CastType::Float => c.cast(&DataType::Float64)?,
        CastType::Bool => c.cast(&DataType::Boolean)?,
        CastType::String => c.cast(&DataType::String)?,
        CastType::Category => c
            .cast(&DataType::String)
            .and_then(|s| s.cast(&DataType::from_categories(Categories::global())))?,
        CastType::Date | CastType::Datetime if text => {
            let t = c.str()?;
            let parse_with = |format: Option<&str>| -> R<Series> {
                Ok(if to == CastType::Date {
                    t.as_date(format, false)
                        .map_err(|e| StepError::Invalid(format!("field `format`: {e}")))?
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
                    .map_err(|e| StepError::Invalid(format!("field `format`: {e}")))?
                    .into_series()
                })
            };
            // Each format fills what the ones before it could not read.
            let mut parsed = parse_with(formats.first().copied())?;
            for f in formats.iter().skip(1) {
                let next = parse_with(Some(f))?;
                let gaps = parsed.is_null();
                parsed = next.zip_with(&gaps, &parsed)?;
            }
            for (before, after) in t.iter().zip(parsed.iter()) {
                if let (Some(b), true) = (before, after.is_null()) {
                    failed.push(b.to_string());
                }
            }
            parsed.with_name(name.as_str().into()).into()
        }
        CastType::Date if c.dtype().is_temporal() => c.cast(&DataType::Date)?,
        CastType::Datetime if c.dtype().is_temporal() => {
            c.cast(&DataType::Datetime(TimeUnit::Microseconds, None))?
        }
        CastType::Date | CastType::Datetime => {
            return Err(StepError::Invalid(format!(
                "`{name}` is {}: only text and dates can become dates",
                c.dtype()
            )))
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

/// A number as a failure example: whole ones as integers, others in their shortest exact form
/// (`1e300`, not three hundred digits).
fn written(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:?}")
    }
}
