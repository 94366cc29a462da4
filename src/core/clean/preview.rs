//! What a step changed (`preview`: rows, columns, cells, a sample of changed rows) and the one-line
//! summary the app and the report show (`describe`).

use polars::prelude::*;

use super::step::*;
use crate::core::data::cells::format_value;

/// What a step changed, for the preview before it is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Preview {
    pub rows_before: usize,
    pub rows_after: usize,
    pub columns_added: Vec<String>,
    pub columns_removed: Vec<String>,
    /// Columns present before and after whose type changed: name, type before, type after.
    pub columns_retyped: Vec<(String, String, String)>,
    /// Cells of columns present before and after whose value changed (rows kept in place only).
    pub cells_changed: usize,
    /// Rows with at least one changed cell (rows kept in place only).
    pub rows_changed: usize,
    /// The first changed rows (at most `PREVIEW_ROWS`), by position, for a before/after look.
    pub sample_rows: Vec<usize>,
    pub note: Option<String>,
}

/// How many changed rows a preview lists.
pub const PREVIEW_ROWS: usize = 10;

/// What a step did, in words: rows removed, cells changed, columns renamed, added or removed
/// (the app's preview line, the recipe pane, and the report say it the same way).
pub fn describe(step: &Step, p: &Preview) -> String {
    let mut parts = Vec::new();
    if p.rows_after < p.rows_before {
        parts.push(format!(
            "{} of {} removed",
            crate::core::data::cells::group_thousands(p.rows_before - p.rows_after),
            crate::core::data::cells::count(p.rows_before, "row")
        ));
    }
    if p.cells_changed > 0
        || (parts.is_empty()
            && p.columns_added.is_empty()
            && p.columns_removed.is_empty()
            && p.columns_retyped.is_empty())
    {
        parts.push(format!(
            "{} in {} changed",
            crate::core::data::cells::count(p.cells_changed, "cell"),
            crate::core::data::cells::count(p.rows_changed, "row")
        ));
    }
    if let Step::Rename { columns } = step {
        parts.push(format!(
            "{} renamed",
            crate::core::data::cells::count(columns.len(), "column")
        ));
    } else {
        if !p.columns_added.is_empty() {
            parts.push(format!("added {}", p.columns_added.join(", ")));
        }
        if !p.columns_removed.is_empty() {
            parts.push(format!("removed {}", p.columns_removed.join(", ")));
        }
    }
    // A parse or cast that reads every value back the same still changed the column: say how.
    for (name, from, to) in &p.columns_retyped {
        parts.push(format!("{name} is now {to} (was {from})"));
    }
    parts.join("; ")
}

/// Compare a frame before and after a step.
pub fn preview(before: &DataFrame, after: &DataFrame, note: Option<String>) -> Preview {
    let names = |f: &DataFrame| -> Vec<String> {
        f.get_column_names().iter().map(|n| n.to_string()).collect()
    };
    let (b, a) = (names(before), names(after));
    let mut p = Preview {
        rows_before: before.height(),
        rows_after: after.height(),
        columns_added: a.iter().filter(|n| !b.contains(n)).cloned().collect(),
        columns_removed: b.iter().filter(|n| !a.contains(n)).cloned().collect(),
        columns_retyped: b
            .iter()
            .filter_map(|n| {
                let (x, y) = (
                    before.column(n).ok()?.dtype(),
                    after.column(n).ok()?.dtype(),
                );
                (x != y).then(|| {
                    let name = crate::core::data::cells::dtype_name;
                    (n.clone(), name(x), name(y))
                })
            })
            .collect(),
        cells_changed: 0,
        rows_changed: 0,
        sample_rows: Vec::new(),
        note,
    };
    if before.height() != after.height() {
        return p;
    }
    let mut changed = vec![false; before.height()];
    for name in b.iter().filter(|n| a.contains(n)) {
        let (x, y) = (
            before
                .column(name)
                .expect("listed")
                .as_materialized_series(),
            after.column(name).expect("listed").as_materialized_series(),
        );
        let same: Vec<bool> = if x.dtype() == y.dtype() {
            match x.equal_missing(y) {
                Ok(mask) => mask.iter().map(|v| v.unwrap_or(false)).collect(),
                Err(_) => vec![false; x.len()],
            }
        } else {
            // A cast: compare what the user sees.
            (0..x.len())
                .map(|i| {
                    let show = |s: &Series| s.get(i).ok().and_then(|v| format_value(&v));
                    show(x) == show(y)
                })
                .collect()
        };
        for (i, s) in same.into_iter().enumerate() {
            if !s {
                p.cells_changed += 1;
                changed[i] = true;
            }
        }
    }
    p.rows_changed = changed.iter().filter(|c| **c).count();
    p.sample_rows = changed
        .iter()
        .enumerate()
        .filter(|(_, c)| **c)
        .map(|(i, _)| i)
        .take(PREVIEW_ROWS)
        .collect();
    p
}
