//! A step as the texts of its schema's fields, and back: what the app's step forms hold. Texts
//! become a `Step` through the same deserialisation a recipe file goes through, with the same
//! messages; a column field may name several columns or a kind (`every numeric`), one step each.

use super::StepError;
use polars::prelude::DataFrame;
use serde_json::{Map, Value as J};

use super::schema::{op_index, Kind, OPS};
use super::step::Step;
use crate::core::data::cells::is_numeric;

/// The field texts of an applied step, with its op's index: what it learnt is left out, so a
/// form made from them learns again; `None` for a step with fields no form shows.
pub fn texts_of(step: &Step) -> Option<(usize, Vec<String>)> {
    let op = op_index(step.op())?;
    let json = serde_json::to_value(step).ok()?;
    let info = &OPS[op];
    let text = |v: &J| match v {
        J::String(s) => s.clone(),
        J::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
        J::Null => "null".into(),
        other => other.to_string(),
    };
    let values = info
        .fields
        .iter()
        .map(|fd| match (json.get(fd.name), fd.kind) {
            (None, Kind::Flag) => "yes".to_string(),
            (None, Kind::Choice(options)) => options[0].to_string(),
            (None, _) => String::new(),
            (Some(J::Array(items)), Kind::Formats) => {
                items.iter().map(text).collect::<Vec<_>>().join("; ")
            }
            (Some(J::Array(items)), _) => items.iter().map(text).collect::<Vec<_>>().join(", "),
            (Some(J::Object(m)), _) => m
                .iter()
                .map(|(k, v)| format!("{k}={}", text(v)))
                .collect::<Vec<_>>()
                .join(", "),
            (Some(v), _) => text(v),
        })
        .collect();
    Some((op, values))
}

/// The step an op's field texts describe (empty texts left out), or what is wrong with them,
/// naming the field.
pub fn step_from_texts(op: usize, texts: &[String]) -> Result<Step, StepError> {
    let info = &OPS[op];
    let mut obj = Map::new();
    obj.insert("op".into(), J::String(info.op.into()));
    for (fd, raw) in info.fields.iter().zip(texts) {
        let v = raw.trim();
        if v.is_empty() {
            continue;
        }
        let bad = |what: &str| StepError::Invalid(format!("field `{}`: {what}", fd.name));
        let json = match fd.kind {
            Kind::Column | Kind::Text | Kind::Choice(_) => J::String(v.into()),
            Kind::Columns => J::Array(
                v.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(|s| J::String(s.into()))
                    .collect(),
            ),
            Kind::Int => J::from(v.parse::<u64>().map_err(|_| bad("a whole number"))?),
            Kind::Float => J::from(v.parse::<f64>().map_err(|_| bad("a number"))?),
            Kind::Flag => J::Bool(v == "yes"),
            Kind::Value => value_json(v),
            Kind::Mapping => {
                let mut m = Map::new();
                for pair in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    let (from, to) = pair
                        .split_once('=')
                        .ok_or_else(|| bad(&format!("{pair:?} is not from=to")))?;
                    let to = to.trim();
                    let to = match (info.op, to) {
                        ("rename", t) => J::String(t.into()),
                        (_, "null") => J::Null,
                        (_, t) => value_json(t),
                    };
                    m.insert(from.trim().into(), to);
                }
                J::Object(m)
            }
            Kind::Formats => {
                let list: Vec<&str> = v.split(';').map(str::trim).collect();
                if list.len() == 1 {
                    J::String(list[0].into())
                } else {
                    J::Array(list.into_iter().map(|s| J::String(s.into())).collect())
                }
            }
            Kind::Numbers => J::Array(
                v.split(',')
                    .map(|s| s.trim().parse::<f64>().map(J::from))
                    .collect::<Result<_, _>>()
                    .map_err(|_| bad("numbers separated by commas"))?,
            ),
        };
        obj.insert(fd.name.into(), json);
    }
    serde_json::from_value(J::Object(obj)).map_err(|e| {
        let s = e.to_string();
        StepError::Invalid(
            s.find(" at line ")
                .map_or(s.clone(), |i| s[..i].to_string()),
        )
    })
}

/// A number, true/false, or text.
fn value_json(v: &str) -> serde_json::Value {
    match v {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ => v.parse::<f64>().ok().filter(|x| x.is_finite()).map_or_else(
            || serde_json::Value::String(v.into()),
            serde_json::Value::from,
        ),
    }
}

/// The steps an op's field texts describe: one, or one per column when its column field names
/// several (`a, b`) or a kind (`every numeric`, `every text`; for fill_null only the
/// columns with missing values, for parse_numbers only text that holds digits).
pub fn steps_from_texts(
    op: usize,
    texts: &[String],
    frame: &DataFrame,
) -> Result<Vec<Step>, StepError> {
    let info = &OPS[op];
    let Some(at) = info.fields.iter().position(|fd| fd.kind == Kind::Column) else {
        return step_from_texts(op, texts).map(|s| vec![s]);
    };
    let raw = texts[at].trim();
    let columns: Vec<String> = match raw {
        "every numeric" | "every number" => kind_columns(frame, info.op, true),
        "every text" => kind_columns(frame, info.op, false),
        _ if raw.starts_with("every ") => {
            return Err(StepError::Invalid(format!(
                "field `column`: {raw:?}: write every numeric or every text, or name the \
                 columns"
            )))
        }
        _ if raw.contains(',') => raw
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string)
            .collect(),
        _ => return step_from_texts(op, texts).map(|s| vec![s]),
    };
    if columns.is_empty() {
        return Err(StepError::Invalid(format!(
            "field `column`: no column is {}",
            match (raw.starts_with("every "), info.op) {
                (true, "fill_null") => format!("{} with missing values", &raw[6..]),
                (true, _) => raw[6..].to_string(),
                _ => "named".to_string(),
            }
        )));
    }
    if let Some(c) = columns.iter().find(|c| frame.column(c).is_err()) {
        return Err(StepError::Invalid(format!(
            "field `column`: no column `{c}`"
        )));
    }
    let mut one = texts.to_vec();
    // Text has no median or mean: every text fills with the most frequent value.
    if info.op == "fill_null" && raw == "every text" {
        if let Some(s) = info.fields.iter().position(|fd| fd.name == "strategy") {
            if matches!(one[s].as_str(), "median" | "mean") {
                one[s] = "mode".into();
            }
        }
    }
    columns
        .iter()
        .map(|c| {
            one[at] = c.clone();
            step_from_texts(op, &one)
        })
        .collect()
}

/// The columns `every numeric` (or `every text`) means for `op`.
fn kind_columns(frame: &DataFrame, op: &str, numeric: bool) -> Vec<String> {
    frame
        .columns()
        .iter()
        .filter(|c| {
            let text = c.dtype() == &polars::prelude::DataType::String;
            if numeric {
                is_numeric(c.dtype())
            } else {
                text
            }
        })
        .filter(|c| match op {
            "fill_null" => c.null_count() > 0,
            "parse_numbers" => mostly_digits(c),
            _ => true,
        })
        .map(|c| c.name().to_string())
        .collect()
}

/// Whether most of a text column's first thousand values hold a digit (numbers written as
/// text, not names).
fn mostly_digits(c: &polars::prelude::Column) -> bool {
    let Ok(s) = c.str() else {
        return false;
    };
    let (mut seen, mut digits) = (0usize, 0usize);
    for v in s.iter().flatten().take(1000) {
        seen += 1;
        digits += usize::from(v.chars().any(|ch| ch.is_ascii_digit()));
    }
    seen > 0 && digits * 10 >= seen * 9
}
