//! The form that configures one step (defaults taken from the column under the cursor) and its
//! preview state. A filled form becomes a `Step` through the same deserialisation a recipe file
//! goes through, with the same messages.

use polars::prelude::DataFrame;

use super::pending::Pending;
use super::step_ops::{op_index, Kind, OpInfo, OPS};
use crate::core::clean::step::Step;
use crate::core::clean::Previewed;
use crate::core::data::cells::is_numeric;

/// Where a form's preview stands.
#[derive(Debug, Clone)]
pub enum PreviewState {
    Idle,
    /// `then_apply`: Enter was pressed again while it computed, so the step is applied as soon
    /// as the preview is ready (a quick Enter Enter is not lost).
    Computing(Pending<bool>),
    Ready(Box<Previewed>),
    Failed(String),
}

/// A step being configured.
#[derive(Debug, Clone)]
pub struct Form {
    pub op: usize,
    pub values: Vec<String>,
    pub field: usize,
    pub preview: PreviewState,
    /// The recipe step this form edits (its preview runs on the data before that step).
    pub editing: Option<usize>,
}

impl Form {
    pub fn info(&self) -> &'static OpInfo {
        &OPS[self.op]
    }

    /// A form for `op` with defaults from the column under the cursor.
    pub fn new(op: usize, frame: &DataFrame, column: Option<&str>) -> Form {
        let info = &OPS[op];
        let col = column.and_then(|c| frame.column(c).ok());
        let numeric = col.is_some_and(|c| is_numeric(c.dtype()));
        let name = column.unwrap_or_default().to_string();
        let values = info
            .fields
            .iter()
            .map(|fd| match (info.op, fd.name, fd.kind) {
                (_, _, Kind::Column) => name.clone(),
                // All columns by default: the usual meaning of both.
                ("dedupe" | "drop_nulls", "columns", _) => String::new(),
                (_, _, Kind::Columns) => name.clone(),
                ("rename", _, _) => format!("{name}={name}"),
                ("fill_null", "strategy", _) => if numeric { "median" } else { "mode" }.into(),
                ("cast", "to", _) => if numeric { "string" } else { "float" }.into(),
                ("bin", "bins", _) => "5".into(),
                ("sample", "seed", _) => "42".into(),
                ("sample", "fraction", _) => "0.1".into(),
                ("parse_numbers", "decimal_comma", _) => "no".into(),
                (_, _, Kind::Choice(options)) => options[0].to_string(),
                (_, _, Kind::Flag) => "yes".into(),
                _ => String::new(),
            })
            .collect();
        Form {
            op,
            values,
            field: 0,
            preview: PreviewState::Idle,
            editing: None,
        }
    }

    /// The form of an applied step, its fields filled from the step (what it learnt left out,
    /// so it learns again); `None` for a step with fields no form shows.
    pub fn from_step(step: &Step) -> Option<Form> {
        use serde_json::Value as J;
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
        Some(Form {
            op,
            values,
            field: 0,
            preview: PreviewState::Idle,
            editing: None,
        })
    }

    /// The step the form describes, or what is wrong with it (naming the field).
    pub fn to_step(&self) -> Result<Step, String> {
        use serde_json::{Map, Value as J};
        let info = self.info();
        let mut obj = Map::new();
        obj.insert("op".into(), J::String(info.op.into()));
        for (fd, raw) in info.fields.iter().zip(&self.values) {
            let v = raw.trim();
            if v.is_empty() {
                continue;
            }
            let bad = |what: &str| format!("field `{}`: {what}", fd.name);
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
            s.find(" at line ")
                .map_or(s.clone(), |i| s[..i].to_string())
        })
    }

    /// The steps the form describes: one, or one per column when its column field names
    /// several (`a, b`) or a kind (`every numeric`, `every text`; for fill_null only the
    /// columns with missing values, for parse_numbers only text that holds digits).
    pub fn to_steps(&self, frame: &DataFrame) -> Result<Vec<Step>, String> {
        let info = self.info();
        let Some(at) = info.fields.iter().position(|fd| fd.kind == Kind::Column) else {
            return self.to_step().map(|s| vec![s]);
        };
        let raw = self.values[at].trim();
        let columns: Vec<String> = match raw {
            "every numeric" | "every number" => kind_columns(frame, info.op, true),
            "every text" => kind_columns(frame, info.op, false),
            _ if raw.starts_with("every ") => {
                return Err(format!(
                    "field `column`: {raw:?}: write every numeric or every text, or name the \
                     columns"
                ))
            }
            _ if raw.contains(',') => raw
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            _ => return self.to_step().map(|s| vec![s]),
        };
        if columns.is_empty() {
            return Err(format!(
                "field `column`: no column is {}",
                match (raw.starts_with("every "), info.op) {
                    (true, "fill_null") => format!("{} with missing values", &raw[6..]),
                    (true, _) => raw[6..].to_string(),
                    _ => "named".to_string(),
                }
            ));
        }
        if let Some(c) = columns.iter().find(|c| frame.column(c).is_err()) {
            return Err(format!("field `column`: no column `{c}`"));
        }
        let mut one = self.clone();
        // Text has no median or mean: every text fills with the most frequent value.
        if info.op == "fill_null" && raw == "every text" {
            if let Some(s) = info.fields.iter().position(|fd| fd.name == "strategy") {
                if matches!(one.values[s].as_str(), "median" | "mean") {
                    one.values[s] = "mode".into();
                }
            }
        }
        columns
            .iter()
            .map(|c| {
                one.values[at] = c.clone();
                one.to_step()
            })
            .collect()
    }

    /// Left/Right on a choice or flag.
    pub fn cycle(&mut self, forward: bool) {
        let fd = self.info().fields[self.field];
        let v = &mut self.values[self.field];
        match fd.kind {
            Kind::Choice(options) => {
                let i = options.iter().position(|o| o == v).unwrap_or(0);
                let n = options.len();
                let j = if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                *v = options[j].to_string();
            }
            Kind::Flag => *v = if v == "yes" { "no" } else { "yes" }.into(),
            _ => return,
        }
        self.preview = PreviewState::Idle;
    }
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
