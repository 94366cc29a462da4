//! Training matrices laid out once for the models that read them many times.
//!
//! For growing trees (a forest shares it among its trees): feature-major columns, and per
//! feature either its few levels (split by counting rows per level) or its ranks (split by
//! sorting a node's rows as integers). `tree` searches splits on it.
//!
//! For sums over rows (`neighbours`, `logistic`): columns split into *sparse* ones, where few
//! rows differ from the column's common value (standardised one-hot columns are dense numbers
//! but sparse here), and dense ones; a row is its dense values and its few differences.

use ndarray::Array2;

use super::models::Stop;

/// A column is sparse when at most 1 / SPARSE of the rows differ from its common value.
const SPARSE: usize = 16;

/// Features with this many distinct values at most are split by counting rows per value rather
/// than sorting the node's rows (one-hot columns, small integers).
const MAX_LEVELS: usize = 256;

/// A feature's distinct values, ascending, and each row's position among them.
pub(crate) struct Levels {
    pub(super) values: Vec<f64>,
    pub(super) codes: Vec<u16>,
}

/// The levels of a feature that has few distinct values, all of them finite and none a
/// negative zero (so counting gives exactly the candidates sorting gives).
fn feature_levels(col: &[f64]) -> Option<Levels> {
    if col
        .iter()
        .any(|v| !v.is_finite() || (*v == 0.0 && v.is_sign_negative()))
    {
        return None;
    }
    let mut values: Vec<f64> = Vec::new();
    for &v in col {
        if let Err(at) = values.binary_search_by(|a| a.total_cmp(&v)) {
            if values.len() == MAX_LEVELS {
                return None;
            }
            values.insert(at, v);
        }
    }
    let codes = col
        .iter()
        .map(|v| values.binary_search_by(|a| a.total_cmp(v)).unwrap_or(0) as u16)
        .collect();
    Some(Levels { values, codes })
}

/// A feature with many distinct values: its distinct values in `total_cmp` order, and each
/// row's rank among them, so a node sorts integers rather than floats.
pub(crate) struct Ranks {
    pub(super) values: Vec<f64>,
    pub(super) codes: Vec<u32>,
}

/// The ranks of a feature not split by counting levels.
pub(super) fn feature_ranks(col: &[f64]) -> Ranks {
    let mut order: Vec<u32> = (0..col.len() as u32).collect();
    order.sort_by(|&a, &b| col[a as usize].total_cmp(&col[b as usize]));
    let mut values: Vec<f64> = Vec::new();
    let mut codes = vec![0u32; col.len()];
    for &r in &order {
        let v = col[r as usize];
        if values.last().is_none_or(|last| last.total_cmp(&v).is_ne()) {
            values.push(v);
        }
        codes[r as usize] = (values.len() - 1) as u32;
    }
    Ranks { values, codes }
}

/// `x` feature-major, copied in blocks of rows so that both sides are read and written in
/// cache lines (a column at a time, each row's value is a line of its own); `None` once `stop`
/// said stop (asked per block).
fn feature_major(x: &Array2<f64>, stop: Stop) -> Option<Vec<f64>> {
    const BLOCK: usize = 256;
    let (n, p) = x.dim();
    let mut cols = vec![0.0; n * p];
    let standard = x.as_standard_layout();
    let flat = standard
        .as_slice()
        .expect("a standard layout is contiguous");
    for start in (0..n).step_by(BLOCK) {
        if stop() {
            return None;
        }
        let end = (start + BLOCK).min(n);
        for f in 0..p {
            let out = &mut cols[f * n + start..f * n + end];
            for (o, row) in out.iter_mut().zip(flat[start * p..end * p].chunks_exact(p)) {
                *o = row[f];
            }
        }
    }
    Some(cols)
}

/// A training matrix prepared once for growing trees (a forest shares it among its trees).
pub(super) struct Prepared {
    pub(super) rows: usize,
    pub(super) features: usize,
    /// The values feature-major: a node's rows of one feature are read from one contiguous
    /// column rather than one cache line per row.
    pub(super) cols: Vec<f64>,
    pub(super) levels: Vec<Option<Levels>>,
    pub(super) ranks: Vec<Option<Ranks>>,
}

impl Prepared {
    #[cfg(test)]
    pub(super) fn new(x: &Array2<f64>) -> Prepared {
        Prepared::new_until(x, &super::models::never).expect("never stopped")
    }

    /// [`Prepared::new`], asking `stop` per block of rows and per feature (a wide one-hot
    /// matrix of a million rows takes seconds to lay out); `None` once it said stop.
    pub(super) fn new_until(x: &Array2<f64>, stop: Stop) -> Option<Prepared> {
        assert!(
            x.nrows() <= u32::MAX as usize,
            "a tree grows on at most 2^32 rows"
        );
        let (n, p) = x.dim();
        let cols = feature_major(x, stop)?;
        let column = |f: usize| &cols[f * n..(f + 1) * n];
        // Each feature's levels, or else its ranks; `None` for a feature skipped once stopped.
        let laid: Vec<Option<(Option<Levels>, Option<Ranks>)>> =
            crate::core::num::parallel::parallel_map(p, |f| {
                if stop() {
                    return None;
                }
                Some(match feature_levels(column(f)) {
                    Some(levels) => (Some(levels), None),
                    None => (None, Some(feature_ranks(column(f)))),
                })
            });
        let (levels, ranks) = laid
            .into_iter()
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .unzip();
        Some(Prepared {
            rows: n,
            features: p,
            cols,
            levels,
            ranks,
        })
    }

    pub(super) fn column(&self, f: usize) -> &[f64] {
        &self.cols[f * self.rows..(f + 1) * self.rows]
    }
}

/// Each column's most common value when it is sparse (at most 1 / `SPARSE` of the rows
/// differ from it: one-hot levels, rare flags): one Boyer-Moore majority vote
/// per column (a value held by more than half the rows wins it) and one pass to count it.
fn common_values(rows: &[f64], n: usize, p: usize) -> Vec<Option<f64>> {
    let mut vote = vec![(0u64, 0usize); p];
    for row in rows.chunks_exact(p) {
        for (v, x) in vote.iter_mut().zip(row) {
            let bits = x.to_bits();
            if v.1 == 0 {
                *v = (bits, 1);
            } else if v.0 == bits {
                v.1 += 1;
            } else {
                v.1 -= 1;
            }
        }
    }
    let mut same = vec![0usize; p];
    for row in rows.chunks_exact(p) {
        for ((s, v), x) in same.iter_mut().zip(&vote).zip(row) {
            *s += usize::from(x.to_bits() == v.0);
        }
    }
    vote.iter()
        .zip(&same)
        .map(|(v, &s)| ((n - s) * SPARSE <= n).then(|| f64::from_bits(v.0)))
        .collect()
}

/// A row's values where a sparse column differs from its common value, in column order.
pub(crate) fn differences(row: &[f64], common: &[Option<f64>], out: &mut Vec<(u32, f64)>) {
    out.clear();
    for (d, (x, c)) in row.iter().zip(common).enumerate() {
        if let Some(c) = c {
            if x.to_bits() != c.to_bits() {
                out.push((d as u32, *x));
            }
        }
    }
}

/// Rows as their dense columns (row-major) and, for the sparse columns, their values where
/// they differ from the column's common value (in column order): what `neighbours` and
/// `logistic` read instead of every column of every row.
pub(crate) struct SplitRows {
    /// Each column's common value when it is sparse.
    pub(crate) common: Vec<Option<f64>>,
    pub(crate) dense_cols: Vec<usize>,
    dense: Vec<f64>,
    /// Row `i`'s differences: `diff[at[i]..at[i + 1]]`, (column, value).
    at: Vec<usize>,
    diff: Vec<(u32, f64)>,
}

impl SplitRows {
    /// The `n` rows of the row-major buffer `rows` (`p` columns).
    pub(crate) fn new(rows: &[f64], n: usize, p: usize) -> SplitRows {
        let common = common_values(rows, n, p);
        let dense_cols: Vec<usize> = (0..p).filter(|&j| common[j].is_none()).collect();
        let mut split = SplitRows {
            dense: Vec::with_capacity(n * dense_cols.len()),
            dense_cols,
            common,
            at: vec![0],
            diff: Vec::new(),
        };
        let mut mine = Vec::new();
        for row in rows.chunks_exact(p.max(1)).take(n) {
            split.dense.extend(split.dense_cols.iter().map(|&j| row[j]));
            differences(row, &split.common, &mut mine);
            split.diff.extend_from_slice(&mine);
            split.at.push(split.diff.len());
        }
        split
    }

    /// The same rows, row `i` of the result being row `order[i]` of these.
    pub(crate) fn reordered(&self, order: &[u32]) -> SplitRows {
        let mut out = SplitRows {
            common: self.common.clone(),
            dense_cols: self.dense_cols.clone(),
            dense: Vec::with_capacity(self.dense.len()),
            at: vec![0],
            diff: Vec::with_capacity(self.diff.len()),
        };
        for &r in order {
            out.dense.extend_from_slice(self.dense(r as usize));
            out.diff.extend_from_slice(self.diff(r as usize));
            out.at.push(out.diff.len());
        }
        out
    }

    /// Every row's dense values, row-major.
    pub(crate) fn all_dense(&self) -> &[f64] {
        &self.dense
    }

    pub(crate) fn dense(&self, i: usize) -> &[f64] {
        let pd = self.dense_cols.len();
        &self.dense[i * pd..(i + 1) * pd]
    }

    pub(crate) fn diff(&self, i: usize) -> &[(u32, f64)] {
        &self.diff[self.at[i]..self.at[i + 1]]
    }
}
