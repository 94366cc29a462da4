//! Duplicate rows: every row hashed across all columns, with equal hashes checked cell by cell,
//! or counted by polars' grouping where that is cheaper.

use polars::prelude::*;

use super::ColumnSummary;
use crate::core::num::parallel::parallel_map;

/// Rows that repeat an earlier row exactly (pandas `df.duplicated().sum()`). With the
/// columns' summaries at hand, a column whose values are all present and distinct settles it
/// at once: no row can repeat another.
pub fn duplicate_rows(frame: &DataFrame, summaries: &[ColumnSummary]) -> usize {
    let rows = frame.height();
    if summaries
        .iter()
        .any(|s| s.nulls == 0 && s.count == rows && s.unique == rows)
    {
        return 0;
    }
    // Rows are hashed first with polars' own row hash (the one its grouping uses, so equal
    // rows always share a hash). A row whose hash no other row has is distinct; only the rows
    // that share a hash, usually none, are grouped exactly, so the answer stays exact while
    // the common case skips grouping fourteen columns of a million rows.
    let Ok(hashes) = row_hashes(frame) else {
        return distinct_by_grouping(frame).map_or(0, |d| rows - d);
    };
    let mut sorted = hashes.clone();
    crate::core::num::radix::sort_u64(&mut sorted);
    let repeated: PlHashSet<u64> = sorted
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| w[0])
        .collect();
    if repeated.is_empty() {
        return 0;
    }
    let shared: Vec<IdxSize> = (0..)
        .zip(&hashes)
        .filter(|&(_, h)| repeated.contains(h))
        .map(|(r, _)| r)
        .collect();
    let alone = rows - shared.len();
    let idx = IdxCa::from_vec("rows".into(), shared);
    let distinct = frame
        .take(&idx)
        .ok()
        .and_then(|sub| distinct_by_grouping(&sub));
    distinct.map_or(0, |d| rows - alone - d)
}

/// Each row's hash over every column, as polars' grouping hashes them (equal rows, equal
/// hashes), for row ranges in parallel.
pub(super) fn row_hashes(frame: &DataFrame) -> PolarsResult<Vec<u64>> {
    let state = polars::polars_utils::aliases::PlSeedableRandomStateQuality::default();
    let rows = frame.height();
    let pieces = 8.min(rows.max(1));
    let size = rows.div_ceil(pieces);
    let hashed = parallel_map(pieces, |p| {
        let part = frame.slice((p * size) as i64, size);
        let mut hashes = Vec::with_capacity(part.height());
        let mut columns = part.columns().iter();
        if let Some(first) = columns.next() {
            first.vec_hash(state.clone(), &mut hashes)?;
        }
        for col in columns {
            col.vec_hash_combine(state.clone(), &mut hashes)?;
        }
        PolarsResult::Ok(hashes)
    });
    let mut all = Vec::with_capacity(rows);
    for part in hashed {
        all.extend(part?);
    }
    Ok(all)
}

/// The number of distinct rows by polars' grouping of every column.
pub(super) fn distinct_by_grouping(frame: &DataFrame) -> Option<usize> {
    frame
        .group_by(frame.get_column_names())
        .ok()
        .map(|g| g.get_groups().len())
}
