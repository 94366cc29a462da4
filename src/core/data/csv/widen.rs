//! Type widening across blocks: a column read as integers in one block and as floats or text
//! in the next takes the wider type, and text is cast to the narrowest type that holds it.

use polars::prelude::*;

/// The type two blocks' versions of one column can share.
pub(super) fn wider(a: &DataType, b: &DataType) -> DataType {
    match (a, b) {
        (DataType::Null, x) | (x, DataType::Null) => x.clone(),
        (x, y) if x.is_integer() && y.is_integer() => DataType::Int64,
        (x, y) if x.is_primitive_numeric() && y.is_primitive_numeric() => DataType::Float64,
        _ => DataType::String,
    }
}

/// Cast a text column to `target` if every value fits, else to the narrowest type that holds
/// them all (integer -> float -> string).
pub(super) fn narrowest_cast(col: &Column, target: &DataType) -> Column {
    let mut tries = vec![target.clone()];
    if target.is_integer() {
        tries.push(DataType::Float64);
    }
    tries
        .iter()
        .find_map(|dt| cast_text(col, dt))
        .unwrap_or_else(|| col.clone())
}

/// Parse a text column as `target` if every non-null value parses (dates in the first value's
/// ISO-like format); `None` if any does not.
pub(in crate::core::data) fn cast_text(col: &Column, target: &DataType) -> Option<Column> {
    let text = col.str().ok()?;
    let out = match target {
        DataType::String => return Some(col.clone()),
        DataType::Date => text.as_date(None, false).ok()?.into_column(),
        DataType::Datetime(tu, _) => {
            let ambiguous = StringChunked::from_slice("".into(), &["raise"]);
            text.as_datetime(None, *tu, false, false, None, &ambiguous)
                .ok()?
                .into_column()
        }
        dt => col.strict_cast(dt).ok()?,
    };
    (out.null_count() == col.null_count()).then(|| out.with_name(col.name().clone()))
}
