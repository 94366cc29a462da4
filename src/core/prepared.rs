//! A training matrix laid out once for growing trees (a forest shares it among its trees):
//! feature-major columns, and per feature either its few levels (split by counting rows per
//! level) or its ranks (split by sorting a node's rows as integers). `tree` searches splits on
//! it.

use ndarray::Array2;

/// Features with this many distinct values at most are split by counting rows per value rather
/// than sorting the node's rows (one-hot columns, small integers).
const MAX_LEVELS: usize = 256;

/// A feature's distinct values, ascending, and each row's position among them.
pub(crate) struct Levels {
    pub(super) values: Vec<f64>,
    pub(super) codes: Vec<u16>,
}

/// The levels of every feature that has few distinct values, all of them finite and none a
/// negative zero (so counting gives exactly the candidates sorting gives).
fn feature_levels(x: &Array2<f64>) -> Vec<Option<Levels>> {
    let columns: Vec<usize> = (0..x.ncols()).collect();
    super::parallel::parallel_map(columns.len(), |f| {
        let col = x.column(f);
        if col
            .iter()
            .any(|v| !v.is_finite() || (*v == 0.0 && v.is_sign_negative()))
        {
            return None;
        }
        let mut values: Vec<f64> = Vec::new();
        for &v in col.iter() {
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
    })
}

/// A feature with many distinct values: its distinct values in `total_cmp` order, and each
/// row's rank among them, so a node sorts integers rather than floats.
pub(crate) struct Ranks {
    pub(super) values: Vec<f64>,
    pub(super) codes: Vec<u32>,
}

/// The ranks of every feature not split by counting levels.
pub(super) fn feature_ranks(x: &Array2<f64>, levels: &[Option<Levels>]) -> Vec<Option<Ranks>> {
    super::parallel::parallel_map(x.ncols(), |f| {
        if levels[f].is_some() {
            return None;
        }
        let col = x.column(f);
        let mut order: Vec<usize> = (0..col.len()).collect();
        order.sort_by(|&a, &b| col[a].total_cmp(&col[b]));
        let mut values: Vec<f64> = Vec::new();
        let mut codes = vec![0u32; col.len()];
        for &r in &order {
            if values.last().is_none_or(|v| v.total_cmp(&col[r]).is_ne()) {
                values.push(col[r]);
            }
            codes[r] = (values.len() - 1) as u32;
        }
        Some(Ranks { values, codes })
    })
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
    pub(super) fn new(x: &Array2<f64>) -> Prepared {
        assert!(
            x.nrows() <= u32::MAX as usize,
            "a tree grows on at most 2^32 rows"
        );
        let levels = feature_levels(x);
        Prepared {
            rows: x.nrows(),
            features: x.ncols(),
            cols: x.t().iter().copied().collect(),
            ranks: feature_ranks(x, &levels),
            levels,
        }
    }

    pub(super) fn column(&self, f: usize) -> &[f64] {
        &self.cols[f * self.rows..(f + 1) * self.rows]
    }
}
