//! Cleaning steps: each is one variant of `Step`, tagged by `op` in a recipe's JSON. Steps whose
//! effect depends on the data (mean/median/mode fills, scaling, outlier bounds, one-hot levels,
//! ordinal categories, bin edges) record what they learnt in `fitted` when first applied; a
//! replay on other data uses the recorded values instead of learning again, so a test set gets
//! the training set's treatment. A step written by hand may leave `fitted` out: it is fitted on
//! the data it first meets.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Target types of `cast`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CastType {
    Int,
    Float,
    Bool,
    String,
    Category,
    Date,
    Datetime,
}

/// One date format or several, tried in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Formats {
    One(String),
    Many(Vec<String>),
}

impl Formats {
    pub fn list(&self) -> Vec<&str> {
        match self {
            Formats::One(f) => vec![f.as_str()],
            Formats::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// What a step does with a value it cannot convert.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnError {
    /// Make it missing, and report how many.
    #[default]
    Null,
    /// Stop with an error naming how many and showing examples.
    Fail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FillStrategy {
    Mean,
    Median,
    Mode,
    Constant,
    Forward,
    Backward,
}

/// A value written in a recipe: a number, text or true/false.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    Bool(bool),
    Number(f64),
    Text(String),
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// Drop a row when any of the columns is missing.
    #[default]
    Any,
    /// Drop a row only when all of them are.
    All,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Case {
    #[default]
    Lower,
    Upper,
    Keep,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScaleMethod {
    /// (x - mean) / std, std with ddof 0 (scikit-learn's `StandardScaler`).
    Standard,
    /// (x - min) / (max - min) (`MinMaxScaler`).
    MinMax,
    /// (x - median) / IQR (`RobustScaler`).
    Robust,
}

/// A fitted affine map: x -> (x - center) / scale.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Affine {
    pub center: f64,
    pub scale: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutlierMethod {
    /// Outside q25 - k IQR ..= q75 + k IQR (Tukey's fences; k defaults to 1.5).
    Iqr,
    /// Further than k standard deviations from the mean (k defaults to 3).
    Zscore,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutlierAction {
    /// Move them to the nearest bound.
    Clip,
    /// Make them missing.
    Null,
    /// Drop their rows.
    Drop,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    pub lower: f64,
    pub upper: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BinMethod {
    EqualWidth,
    Quantile,
    /// The `edges` given.
    Edges,
}

/// One cleaning step. The JSON tag is `op`; fields are checked against the data when the step
/// is applied (missing columns, wrong types), with errors naming the step and the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    DropColumns {
        columns: Vec<String>,
    },
    /// Old name -> new name.
    Rename {
        columns: BTreeMap<String, String>,
    },
    Cast {
        column: String,
        to: CastType,
        /// strftime format for dates (`%d/%m/%Y`), or a list tried in order for mixed
        /// spellings; inferred when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        format: Option<Formats>,
        #[serde(default)]
        on_error: OnError,
    },
    /// Text to numbers: thousands separators, currency signs, percent (divided by 100),
    /// accounting negatives `(12)`, and with `decimal_comma` the European `1.234,5`.
    ParseNumbers {
        column: String,
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        decimal_comma: bool,
        /// A unit written after the numbers (`mm` in `40.3 mm`), removed before parsing.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        unit: Option<String>,
        #[serde(default)]
        on_error: OnError,
    },
    FillNull {
        column: String,
        strategy: FillStrategy,
        /// The value for `constant`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        value: Option<Value>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<Value>,
    },
    DropNulls {
        /// The columns looked at (all when empty).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        columns: Vec<String>,
        #[serde(default)]
        how: How,
    },
    NormalizeText {
        column: String,
        #[serde(default = "yes")]
        trim: bool,
        #[serde(default)]
        case: Case,
        #[serde(default = "yes")]
        collapse_spaces: bool,
    },
    /// Exact values -> replacements (`null` makes the value missing). On a numeric column the
    /// keys are read as numbers.
    Replace {
        column: String,
        mapping: BTreeMap<String, Option<Value>>,
    },
    Scale {
        columns: Vec<String>,
        method: ScaleMethod,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<BTreeMap<String, Affine>>,
    },
    /// log(1 + x); refuses negative values.
    LogTransform {
        column: String,
    },
    ClipOutliers {
        column: String,
        method: OutlierMethod,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        k: Option<f64>,
        action: OutlierAction,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<Bounds>,
    },
    /// One 0/1 column per level, named `column_level`, in place of the column. With
    /// `max_levels`, the most frequent levels get columns and the rest share `column_other`.
    OneHot {
        column: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max_levels: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<Vec<String>>,
    },
    /// Codes 0..k-1 for the sorted categories; a category not seen when fitting becomes missing.
    OrdinalEncode {
        column: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<Vec<String>>,
    },
    /// The bin number (0-based) of each value; values beyond the outer edges go to the first or
    /// last bin.
    Bin {
        column: String,
        method: BinMethod,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bins: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        edges: Option<Vec<f64>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fitted: Option<Vec<f64>>,
    },
    /// Keep the first of rows equal in `columns` (all when empty).
    Dedupe {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        columns: Vec<String>,
    },
    /// Keep the rows where the expression is true (the filter language of the table).
    Filter {
        expr: String,
    },
    /// A new column from an expression (`body_mass_g / 1000`).
    Derive {
        name: String,
        expr: String,
    },
    /// A random subset of rows, in their order: `n` rows or a `fraction`, with a seed.
    Sample {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        n: Option<usize>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        fraction: Option<f64>,
        #[serde(default = "default_seed")]
        seed: u64,
    },
    /// The columns of another file, its rows matched on key columns: `left` keeps every row
    /// (missing where no key matches; the other file's keys must not repeat), `inner` only the
    /// matched rows, `anti` only the unmatched ones (and none of the other file's columns).
    /// `sha256` is the other file's, recorded when first applied; a different file on replay
    /// is said in the step's note.
    Join {
        path: String,
        on: Vec<String>,
        #[serde(default)]
        how: JoinHow,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sha256: Option<String>,
    },
    /// The rows of another file appended, its columns matched by name (a column only one of the
    /// files has is missing in the other's rows); `sha256` as for `join`.
    Concat {
        path: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        sha256: Option<String>,
    },
}

/// Which rows a `join` keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JoinHow {
    #[default]
    Left,
    Inner,
    Anti,
}

fn yes() -> bool {
    true
}

fn default_seed() -> u64 {
    42
}

impl Step {
    /// The `op` tag.
    pub fn op(&self) -> &'static str {
        match self {
            Step::DropColumns { .. } => "drop_columns",
            Step::Rename { .. } => "rename",
            Step::Cast { .. } => "cast",
            Step::ParseNumbers { .. } => "parse_numbers",
            Step::FillNull { .. } => "fill_null",
            Step::DropNulls { .. } => "drop_nulls",
            Step::NormalizeText { .. } => "normalize_text",
            Step::Replace { .. } => "replace",
            Step::Scale { .. } => "scale",
            Step::LogTransform { .. } => "log_transform",
            Step::ClipOutliers { .. } => "clip_outliers",
            Step::OneHot { .. } => "one_hot",
            Step::OrdinalEncode { .. } => "ordinal_encode",
            Step::Bin { .. } => "bin",
            Step::Dedupe { .. } => "dedupe",
            Step::Filter { .. } => "filter",
            Step::Derive { .. } => "derive",
            Step::Sample { .. } => "sample",
            Step::Join { .. } => "join",
            Step::Concat { .. } => "concat",
        }
    }

    /// Every `op` there is, for messages.
    pub const OPS: [&'static str; 20] = [
        "drop_columns",
        "rename",
        "cast",
        "parse_numbers",
        "fill_null",
        "drop_nulls",
        "normalize_text",
        "replace",
        "scale",
        "log_transform",
        "clip_outliers",
        "one_hot",
        "ordinal_encode",
        "bin",
        "dedupe",
        "filter",
        "derive",
        "sample",
        "join",
        "concat",
    ];

    /// The one column a single-column step works on.
    pub fn column(&self) -> Option<&str> {
        match self {
            Step::Cast { column, .. }
            | Step::ParseNumbers { column, .. }
            | Step::FillNull { column, .. }
            | Step::NormalizeText { column, .. }
            | Step::Replace { column, .. }
            | Step::LogTransform { column }
            | Step::ClipOutliers { column, .. }
            | Step::OneHot { column, .. }
            | Step::OrdinalEncode { column, .. }
            | Step::Bin { column, .. } => Some(column),
            _ => None,
        }
    }

    /// The step without what it learnt, to fit again on other data.
    pub fn unfitted(&self) -> Step {
        let mut s = self.clone();
        match &mut s {
            Step::FillNull { fitted, .. } => *fitted = None,
            Step::Scale { fitted, .. } => *fitted = None,
            Step::ClipOutliers { fitted, .. } => *fitted = None,
            Step::OneHot { fitted, .. } => *fitted = None,
            Step::OrdinalEncode { fitted, .. } => *fitted = None,
            Step::Bin { fitted, .. } => *fitted = None,
            Step::Join { sha256, .. } | Step::Concat { sha256, .. } => *sha256 = None,
            _ => {}
        }
        s
    }
}
