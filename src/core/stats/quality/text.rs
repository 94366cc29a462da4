//! Warnings about a text column: numbers stored as text, placeholders for missing values
//! (`?`, `N/A`, `-`), spellings of one category, identifiers, too many categories.

use polars::prelude::*;

use super::{
    id_like_warning, named_like_an_id, parse_lenient, plural, warn, Warning, PLACEHOLDERS,
};
use super::{
    HIGH_CARDINALITY, HIGH_CARDINALITY_CAP, ID_MIN_ROWS, MAX_CATEGORIES, NUMERIC_TEXT_SHARE,
};
use crate::core::stats::inspect::spelling_key;
use crate::core::stats::profile::ColumnSummary;

pub(super) fn text_warnings(
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
pub(super) fn placeholder_warning(
    name: &str,
    counts: &[(&str, usize)],
    present: usize,
) -> Option<Warning> {
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
