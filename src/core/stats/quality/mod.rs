//! Data-quality warnings: what in a dataset will hurt a model, each with one sentence on why it
//! matters and the cleaning step that fixes it. Thresholds are constants here, documented in the
//! README.

use polars::prelude::*;
use serde::Serialize;

use super::correlate::Correlations;
use super::profile::ColumnSummary;

mod numeric;
mod text;

use numeric::numeric_warnings;
use text::text_warnings;

/// Share of missing values from which a column is flagged.
pub const HIGH_NULL_SHARE: f64 = 0.5;
/// Text columns with more distinct values than this (and more than half distinct) are flagged.
pub const HIGH_CARDINALITY: usize = 50;
/// |skewness| above this is heavy.
pub const HEAVY_SKEW: f64 = 2.0;
/// Tukey's fences: outside `q25 - k*IQR ..= q75 + k*IQR`.
pub const IQR_K: f64 = 1.5;
/// |r| above this makes two columns near-duplicates.
pub const NEAR_DUPLICATE_R: f64 = 0.98;
/// Share of text values that must read as numbers for "numbers stored as text".
pub const NUMERIC_TEXT_SHARE: f64 = 0.5;
/// Text columns with more distinct values than this are free text, not categories.
pub const MAX_CATEGORIES: usize = 10_000;
/// The levels the `high_cardinality` fix keeps (one_hot's `max_levels`).
pub const HIGH_CARDINALITY_CAP: usize = 20;
/// Texts that stand for "unknown" in hand-made data, which the loader does not already read as
/// missing (its null values are `NA`, `N/A`, `null`, `None`, ...): compared trimmed and
/// lowercased.
pub const PLACEHOLDERS: &[&str] = &[
    "?", "??", "-", "--", ".", "na", "n.a.", "none", "missing", "#n/a", "nil",
];
/// Fewer rows than this are too few to call a column ID-like.
// (The share of outliers below which they, not the column, explain its skew is 2%: see
// `numeric_warnings`.)
const ID_MIN_ROWS: usize = 20;

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// A stable identifier: `all_null`, `constant`, `high_nulls`, `numbers_as_text`, `id_like`,
    /// `high_cardinality`, `heavy_skew`, `outliers`, `inconsistent_categories`,
    /// `duplicate_rows`, `near_duplicate_columns`.
    pub kind: &'static str,
    /// The columns concerned (none for dataset-wide findings).
    pub columns: Vec<String>,
    /// What was found, why it matters for modelling, and what fixes it.
    pub message: String,
    /// The cleaning step that fixes it (a recipe `op`).
    pub fix: &'static str,
    /// Fields of that step to set other than their defaults (`decimal_comma: yes` for numbers
    /// written 1,25), as the app's step form takes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fix_fields: Vec<(&'static str, String)>,
}

fn warn(kind: &'static str, column: &str, fix: &'static str, message: String) -> Warning {
    Warning {
        kind,
        columns: vec![column.to_string()],
        message,
        fix,
        fix_fields: Vec::new(),
    }
}

fn id_like_warning(name: &str) -> Warning {
    warn(
        "id_like",
        name,
        "drop_columns",
        format!(
            "`{name}` is different in every row, like an identifier: a model memorises it \
             instead of learning; exclude it from the features."
        ),
    )
}

/// Findings about one column, given its summary and, for a numeric column, its non-missing
/// values sorted (as the summary was computed from them; `None` to take them from the column).
/// The warnings of one column, given its summary, a numeric column's sorted present values and a
/// text column's distinct values with their counts (each counted here when not given).
pub fn column_warnings(
    col: &Column,
    s: &ColumnSummary,
    sorted: Option<&[f64]>,
    counts: Option<&[(&str, usize)]>,
) -> Vec<Warning> {
    let name = s.name.as_str();
    let rows = s.count + s.nulls;
    let mut out = Vec::new();
    if rows > 0 && s.count == 0 {
        out.push(warn(
            "all_null",
            name,
            "drop_columns",
            format!("`{name}` has no values: it carries no information; drop it."),
        ));
        return out;
    }
    if s.unique == 1 {
        out.push(warn(
            "constant",
            name,
            "drop_columns",
            format!("`{name}` holds one value only: a model cannot learn from it; drop it."),
        ));
    }
    if s.null_fraction() >= HIGH_NULL_SHARE {
        out.push(warn(
            "high_nulls",
            name,
            "fill_null",
            format!(
                "`{name}` is {:.0}% missing: most models reject nulls, and filling this many \
                 invents data; consider dropping it, or fill_null if the gaps mean something.",
                s.null_fraction() * 100.0
            ),
        ));
    }
    if let Ok(text) = col.str() {
        let counted;
        let counts = match counts {
            Some(c) => c,
            None => {
                counted = super::profile::value_counts(text);
                &counted
            }
        };
        out.extend(text_warnings(text, s, rows, counts));
    } else if col.dtype().is_primitive_numeric() {
        out.extend(numeric_warnings(col, s, rows, sorted));
    }
    out
}

/// Findings about the dataset as a whole, computed from the frame and its columns' summaries
/// (duplicate rows, and near-duplicate columns from the Pearson matrix).
pub fn dataset_warnings(frame: &DataFrame, summaries: &[ColumnSummary]) -> Vec<Warning> {
    let duplicates = super::profile::duplicate_rows(frame, summaries);
    frame_warnings(duplicates, &super::correlate::correlations(frame))
}

/// Findings about the dataset as a whole.
pub fn frame_warnings(duplicate_rows: usize, corr: &Correlations) -> Vec<Warning> {
    let mut out = Vec::new();
    if duplicate_rows > 0 {
        let who = if duplicate_rows == 1 {
            "1 row repeats".to_string()
        } else {
            format!("{duplicate_rows} rows repeat")
        };
        out.push(Warning {
            kind: "duplicate_rows",
            columns: Vec::new(),
            message: format!(
                "{who} an earlier row exactly: duplicates weigh twice in training and can leak \
                 between train and test splits; dedupe removes them."
            ),
            fix: "dedupe",
            fix_fields: Vec::new(),
        });
    }
    let k = corr.columns.len();
    for i in 0..k {
        for j in i + 1..k {
            if let Some(r) = corr.pearson[i][j].filter(|r| r.abs() > NEAR_DUPLICATE_R) {
                let (a, b) = (&corr.columns[i], &corr.columns[j]);
                out.push(Warning {
                    kind: "near_duplicate_columns",
                    columns: vec![a.clone(), b.clone()],
                    message: format!(
                        "`{a}` and `{b}` are almost the same (r = {r:.3}): together they make \
                         linear models unstable and add nothing; drop one."
                    ),
                    fix: "drop_columns",
                    fix_fields: Vec::new(),
                });
            }
        }
    }
    out
}

/// A column name with a word `id` (or `uuid`, `guid`) in it: `Sample ID`, `user_id`, `userId`,
/// `ID`; not `idea` or `paid`. Words are split at anything not a letter or digit and where a
/// lowercase letter meets an uppercase one.
fn named_like_an_id(name: &str) -> bool {
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            words.push(std::mem::take(&mut word));
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            words.push(std::mem::take(&mut word));
        }
        prev_lower = c.is_lowercase();
        word.extend(c.to_lowercase());
    }
    words.push(word);
    words
        .iter()
        .any(|w| matches!(w.as_str(), "id" | "uuid" | "guid"))
}

/// `1 value`, `3 values`.
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A number as people write it in text: spaces around, thousands separators (`3,750`), a
/// currency sign or a trailing percent sign.
pub fn parse_lenient(text: &str) -> Option<f64> {
    let t = text.trim();
    let t = t
        .trim_start_matches(['$', '€', '£'])
        .trim_end_matches('%')
        .trim();
    if t.is_empty() {
        return None;
    }
    if let Ok(x) = t.parse::<f64>() {
        return Some(x);
    }
    // Thousands separators only in their proper places: 1,234,567.89
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let int = int.strip_prefix('-').unwrap_or(int);
    let groups: Vec<&str> = int.split(',').collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && frac.bytes().all(|b| b.is_ascii_digit());
    if grouped {
        t.replace(',', "").parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_numbers() {
        assert_eq!(parse_lenient(" 3,750 "), Some(3750.0));
        assert_eq!(parse_lenient("$1,234.5"), Some(1234.5));
        assert_eq!(parse_lenient("-12,000"), Some(-12000.0));
        assert_eq!(parse_lenient("45%"), Some(45.0));
        assert_eq!(parse_lenient("40.3 mm"), None);
        assert_eq!(parse_lenient("1,23"), None, "not a thousands grouping");
        assert_eq!(parse_lenient("?"), None);
    }
}
