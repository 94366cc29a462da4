//! Data-quality warnings: what in a dataset will hurt a model, each with one sentence on why it
//! matters and the cleaning step that fixes it. Thresholds are constants here, documented in the
//! README.

use polars::prelude::*;
use serde::Serialize;

use super::correlate::Correlations;
use super::inspect::spelling_key;
use super::profile::{numeric_values, ColumnSummary};

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

fn text_warnings(
    text: &StringChunked,
    s: &ColumnSummary,
    rows: usize,
    counts: &[(&str, usize)],
) -> Vec<Warning> {
    let name = s.name.as_str();
    let mut out = Vec::new();
    // Most text columns are plainly not numbers: a look at the first values settles it cheaply.
    let head: Vec<&str> = text.iter().flatten().take(1000).collect();
    let looks_numeric =
        head.iter().filter(|v| parse_lenient(v).is_some()).count() * 4 >= head.len();
    let values: Vec<&str> = if looks_numeric || head.iter().any(|v| v.contains(',')) {
        text.iter().flatten().collect()
    } else {
        Vec::new()
    };
    let present: usize = counts.iter().map(|c| c.1).sum();
    let numeric = if looks_numeric {
        values.iter().filter(|v| parse_lenient(v).is_some()).count()
    } else {
        0
    };
    let enough = |n: usize| present > 0 && n as f64 >= present as f64 * NUMERIC_TEXT_SHARE;
    // Numbers written with a decimal comma (`1,25`, `1.234,5`: a `;`-separated export from a
    // European spreadsheet) do not read with a decimal point; with a comma, most do.
    let comma =
        |v: &&str| v.contains(',') && crate::core::data::numbers::parse_number(v, true).is_some();
    let decimal_comma =
        !enough(numeric) && head.iter().filter(|v| comma(v)).count() * 4 >= head.len().max(1) && {
            enough(
                values
                    .iter()
                    .filter(|v| crate::core::data::numbers::parse_number(v, true).is_some())
                    .count(),
            )
        };
    let reads = |v: &str| {
        if decimal_comma {
            crate::core::data::numbers::parse_number(v, true).is_some()
        } else {
            parse_lenient(v).is_some()
        }
    };
    let id_like = rows >= ID_MIN_ROWS && s.unique == rows;
    if enough(numeric) || decimal_comma {
        let failing: Vec<&str> = values.iter().filter(|v| !reads(v)).copied().collect();
        let numeric = values.len() - failing.len();
        let examples: Vec<String> = failing
            .iter()
            .collect::<PlHashSet<_>>()
            .into_iter()
            .take(3)
            .map(|v| format!("{v:?}"))
            .collect();
        let fails = if failing.is_empty() {
            "all parse".to_string()
        } else {
            format!(
                "{} do not parse (e.g. {})",
                failing.len(),
                examples.join(", ")
            )
        };
        let mut w = warn(
            "numbers_as_text",
            name,
            "parse_numbers",
            if decimal_comma {
                format!(
                    "`{name}` is text but {numeric} of {} values are numbers written with a \
                     decimal comma, like 1,25 ({fails}): as text it can only be one-hot \
                     encoded; parse_numbers with decimal_comma turns it into a number column \
                     (or load the file with --decimal-comma).",
                    values.len()
                )
            } else {
                format!(
                    "`{name}` is text but {numeric} of {} values are numbers ({fails}): as text \
                     it can only be one-hot encoded; parse_numbers turns it into a number column.",
                    values.len()
                )
            },
        );
        if decimal_comma {
            w.fix_fields.push(("decimal_comma", "yes".into()));
        }
        out.push(w);
    } else if id_like {
        out.push(id_like_warning(name));
    } else if rows >= ID_MIN_ROWS && s.unique * 10 >= s.count * 9 {
        // Different in almost every row: an identifier with a few repeats, or free text.
        // One-hot encoding it is never the fix.
        out.push(warn(
            "id_like",
            name,
            "drop_columns",
            format!(
                "`{name}` is different in almost every row ({} distinct of {}), like an \
                 identifier or free text: a model memorises it instead of learning; exclude \
                 it from the features.",
                s.unique, s.count
            ),
        ));
    } else if s.unique > HIGH_CARDINALITY && s.unique * 2 > s.count && named_like_an_id(name) {
        // Many levels under an identifier's name (`Sample ID`, `user_id`): one-hot encoding an
        // identifier is never the fix either.
        out.push(warn(
            "id_like",
            name,
            "drop_columns",
            format!(
                "`{name}` is named like an identifier and has {} distinct values in {} rows: a \
                 model memorises it instead of learning; exclude it from the features.",
                s.unique, s.count
            ),
        ));
    } else if s.unique > HIGH_CARDINALITY && s.unique * 2 > s.count {
        let mut w = warn(
            "high_cardinality",
            name,
            "one_hot",
            format!(
                "`{name}` has {} distinct texts: one-hot encoding it makes {} sparse columns; \
                 cap the levels (one_hot keeping the {HIGH_CARDINALITY_CAP} most frequent) or \
                 group rare values.",
                s.unique, s.unique
            ),
        );
        w.fix_fields
            .push(("max_levels", HIGH_CARDINALITY_CAP.to_string()));
        out.push(w);
    }
    if let Some(w) = placeholder_warning(name, counts, present) {
        out.push(w);
    }
    // Categories are columns with few distinct values; a free-text column is not checked.
    if s.unique > MAX_CATEGORIES || id_like {
        return out;
    }
    // Group the distinct values by their normalised form; a group of two or more is a clash.
    let mut groups: std::collections::BTreeMap<String, Vec<&str>> = Default::default();
    for &(v, _) in counts {
        groups.entry(spelling_key(v)).or_default().push(v);
    }
    if groups.len() < s.unique {
        let mut clash = groups
            .into_values()
            .find(|g| g.len() > 1)
            .unwrap_or_default();
        clash.sort_unstable();
        let shown: Vec<String> = clash.iter().take(3).map(|v| format!("{v:?}")).collect();
        out.push(warn(
            "inconsistent_categories",
            name,
            "normalize_text",
            format!(
                "`{name}` has values that differ only in case or spaces (e.g. {}): a model \
                 sees them as different categories; normalize_text merges them.",
                shown.join(", ")
            ),
        ));
    }
    out
}

/// Placeholder texts (`?`, `-`, `n/a`, ...) used as values of a column that has real values
/// too: a model would learn "?" as a category. The fix turns them into missing values.
/// `counts` holds the distinct values with their counts, `present` the values in all.
fn placeholder_warning(name: &str, counts: &[(&str, usize)], present: usize) -> Option<Warning> {
    let mut found: std::collections::BTreeMap<&str, usize> = Default::default();
    // The placeholders are short ASCII words: a longer value is passed over without a copy.
    let longest = PLACEHOLDERS.iter().map(|p| p.len()).max().unwrap_or(0);
    for &(v, n) in counts {
        let t = v.trim();
        if t.len() <= longest && PLACEHOLDERS.iter().any(|p| t.eq_ignore_ascii_case(p)) {
            *found.entry(v).or_default() += n;
        }
    }
    let rows: usize = found.values().sum();
    // A column of placeholders only is another problem (no values); and a value written in
    // a mapping must not hold the mapping's own separators.
    if found.is_empty()
        || rows == present
        || found
            .keys()
            .any(|v| v.contains(['=', ',']) || v.trim() != *v)
    {
        return None;
    }
    let shown: Vec<String> = found.keys().map(|v| format!("{v:?}")).collect();
    let mut w = warn(
        "placeholders",
        name,
        "replace",
        format!(
            "`{name}` uses {} as values ({}): they look like stand-ins for a missing value, \
             and a model would learn them as a category; replace turns them into missing \
             values.",
            shown.join(", "),
            plural(rows, "row")
        ),
    );
    let mapping: Vec<String> = found.keys().map(|v| format!("{v}=null")).collect();
    w.fix_fields.push(("mapping", mapping.join(", ")));
    Some(w)
}

fn numeric_warnings(
    col: &Column,
    s: &ColumnSummary,
    rows: usize,
    sorted: Option<&[f64]>,
) -> Vec<Warning> {
    let name = s.name.as_str();
    let mut out = Vec::new();
    if col.dtype().is_integer() && rows >= ID_MIN_ROWS && s.unique == rows {
        out.push(id_like_warning(name));
        return out;
    }
    // Outliers first: a few extreme values (often typos) are the thing to look at before the
    // shape of the rest, and they alone can make a column look skewed.
    let mut skew_without = None;
    if let (Some(q25), Some(q75)) = (s.q25, s.q75) {
        let iqr = q75 - q25;
        let (lo, hi) = (q25 - IQR_K * iqr, q75 + IQR_K * iqr);
        let owned;
        let sorted = match sorted {
            Some(v) => v,
            None => {
                let mut v = numeric_values(col);
                v.sort_unstable_by(f64::total_cmp);
                owned = v;
                &owned
            }
        };
        // Sorted: the values below `lo` and above `hi` are the two ends.
        let (below, above) = (
            sorted.partition_point(|&x| x < lo),
            sorted.partition_point(|&x| x <= hi),
        );
        let outside = below + (sorted.len() - above);
        if outside > 0 && iqr > 0.0 {
            // A few (at most 2% of the values): then the rest's own shape is what a
            // transform would be for. Many are the tail of a skewed column.
            if outside * 50 <= sorted.len() {
                let inside = &sorted[below..above];
                skew_without = crate::core::num::moments::mean(inside)
                    .and_then(|m| super::profile::skewness(inside, m));
            }
            let alone = match (s.skew, skew_without) {
                (Some(all), Some(rest)) if all.abs() > HEAVY_SKEW && rest.abs() <= HEAVY_SKEW => {
                    format!(
                        " They alone make the column look skewed (skewness {all:.2}, {rest:.2} \
                         without them)."
                    )
                }
                _ => String::new(),
            };
            out.push(warn(
                "outliers",
                name,
                "clip_outliers",
                format!(
                    "`{name}` has {} outside {} to {} (1.5 IQR beyond the quartiles): outliers \
                     pull means and linear fits; check them, then clip_outliers if they are \
                     errors.{alone}",
                    plural(outside, "value"),
                    crate::core::data::cells::format_stat(lo, 4),
                    crate::core::data::cells::format_stat(hi, 4),
                ),
            ));
        }
    }
    // Heavy skew of the values themselves, not of a few outliers (those are the warning above).
    if let Some(skew) = s.skew.filter(|k| k.abs() > HEAVY_SKEW) {
        if skew_without.is_none_or(|rest: f64| rest.abs() > HEAVY_SKEW) {
            out.push(warn(
                "heavy_skew",
                name,
                "log_transform",
                format!(
                    "`{name}` is heavily skewed (skewness {skew:.2}): a few extreme values \
                     dominate linear models and distances; log_transform (or a robust scale) \
                     evens it out."
                ),
            ));
        }
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
