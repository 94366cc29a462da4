//! Correlation matrices of the numeric columns, as pandas' `DataFrame.corr()` computes them:
//! each pair uses the rows where both values are present (NaN counts as missing); Spearman is
//! Pearson on average ranks of those rows; a pair with under two rows or no variation is `None`.

use polars::prelude::*;
use serde::Serialize;

use super::cells::is_numeric;

/// Pearson and Spearman matrices over the same columns, in frame order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Correlations {
    pub columns: Vec<String>,
    pub pearson: Vec<Vec<Option<f64>>>,
    pub spearman: Vec<Vec<Option<f64>>>,
}

/// A column's present values sorted with their rows, and its ranks in row order.
type SortedRanks = (Vec<(f64, u32)>, Vec<f64>);

/// Both matrices for every numeric column of `frame`.
///
/// Each column is sorted once. A pair whose rows are all of a column's rows (no missing values
/// on the other side) reuses that column's ranks; a column that loses rows to a pair gets its
/// ranks on the pair's rows in one linear walk of its sorted order that skips the lost rows
/// (ties averaged as before), with no new sort: the same ranks, bit for bit, as sorting the
/// pair's rows. The pairs run in parallel.
pub fn correlations(frame: &DataFrame) -> Correlations {
    let numeric: Vec<(String, Vec<Option<f64>>)> = frame
        .columns()
        .iter()
        .filter(|c| is_numeric(c.dtype()))
        .map(|c| (c.name().to_string(), optional_values(c)))
        .collect();
    let k = numeric.len();
    // Each column's present values sorted, with their rows, and its ranks over them in row
    // order of those values.
    let sorted_ranks: Vec<SortedRanks> = super::profile::parallel_map(k, |i| {
        let mut sorted: Vec<(f64, u32)> = numeric[i]
            .1
            .iter()
            .enumerate()
            .filter_map(|(r, v)| v.map(|v| (v, r as u32)))
            .collect();
        sorted.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let present: Vec<f64> = numeric[i].1.iter().flatten().copied().collect();
        (sorted, average_ranks(&present))
    });
    let present = |i: usize| numeric[i].1.iter().filter(|v| v.is_some()).count();
    let counts: Vec<usize> = (0..k).map(present).collect();
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .collect();
    let results = super::profile::parallel_map(pairs.len(), |p| {
        let (i, j) = pairs[p];
        let (mut xs, mut ys) = (Vec::new(), Vec::new());
        // Positions (among each column's own present values) of the pair's rows.
        let (mut xi, mut yi) = (Vec::new(), Vec::new());
        let (mut nx, mut ny) = (0usize, 0usize);
        for (x, y) in numeric[i].1.iter().zip(&numeric[j].1) {
            if let (Some(x), Some(y)) = (x, y) {
                xs.push(*x);
                ys.push(*y);
                xi.push(nx);
                yi.push(ny);
            }
            nx += usize::from(x.is_some());
            ny += usize::from(y.is_some());
        }
        let mut rows_of_pair: Option<Vec<u32>> = None;
        let mut ranks = |side: usize, other: usize, values: &[f64], at: &[usize]| -> Vec<f64> {
            if values.len() == counts[side] {
                return at.iter().map(|&a| sorted_ranks[side].1[a]).collect();
            }
            // Each row's position among the pair's rows (u32::MAX: not in the pair).
            let pos = rows_of_pair.get_or_insert_with(|| {
                let mut pos = vec![u32::MAX; numeric[side].1.len()];
                let mut next = 0u32;
                for (r, (a, b)) in numeric[side].1.iter().zip(&numeric[other].1).enumerate() {
                    if a.is_some() && b.is_some() {
                        pos[r] = next;
                        next += 1;
                    }
                }
                pos
            });
            ranks_within(&sorted_ranks[side].0, pos, values.len())
        };
        let p = pearson_r(&xs, &ys);
        let rx = ranks(i, j, &xs, &xi);
        let ry = ranks(j, i, &ys, &yi);
        let s = pearson_r(&rx, &ry);
        (p, s)
    });
    let mut pearson = vec![vec![None; k]; k];
    let mut spearman = vec![vec![None; k]; k];
    for (&(i, j), (p, s)) in pairs.iter().zip(results) {
        pearson[i][j] = p;
        pearson[j][i] = p;
        spearman[i][j] = s;
        spearman[j][i] = s;
    }
    // A column against itself: 1 when it varies over two or more values (pandas gives NaN
    // otherwise, as for any pair without variation).
    for (i, (_, values)) in numeric.iter().enumerate() {
        let mut present = values.iter().flatten();
        let first = present.next();
        let varies = first.is_some_and(|f| present.any(|v| v != f));
        let one = varies.then_some(1.0);
        pearson[i][i] = one;
        spearman[i][i] = one;
    }
    Correlations {
        columns: numeric.into_iter().map(|(n, _)| n).collect(),
        pearson,
        spearman,
    }
}

/// A numeric column as f64, with nulls and NaN as `None`.
fn optional_values(col: &Column) -> Vec<Option<f64>> {
    let Ok(cast) = col.cast(&DataType::Float64) else {
        return vec![None; col.len()];
    };
    let Ok(ca) = cast.f64() else {
        return vec![None; col.len()];
    };
    ca.iter().map(|v| v.filter(|x| !x.is_nan())).collect()
}

/// Pearson's r by the two-pass formula; `None` below two pairs or when either side is constant.
pub fn pearson_r(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len();
    if n < 2 {
        return None;
    }
    let mx = xs.iter().sum::<f64>() / n as f64;
    let my = ys.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in xs.iter().zip(ys) {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    // One square root of the product rounds less than two; the product can overflow, though.
    let norm = match (sxx * syy).sqrt() {
        n if n.is_finite() => n,
        _ => sxx.sqrt() * syy.sqrt(),
    };
    // Rounding can push |r| a hair past 1.
    Some((sxy / norm).clamp(-1.0, 1.0))
}

/// Average ranks of the rows kept by `pos` (a row's place among them, or `u32::MAX`), from a
/// column's values sorted once with their rows: one pass that skips the other rows.
fn ranks_within(sorted: &[(f64, u32)], pos: &[u32], kept: usize) -> Vec<f64> {
    let mut ranks = vec![0.0; kept];
    let mut seen = 0usize;
    let mut start = 0;
    while start < sorted.len() {
        let mut end = start + 1;
        while end < sorted.len() && sorted[end].0 == sorted[start].0 {
            end += 1;
        }
        let group = sorted[start..end]
            .iter()
            .filter(|(_, r)| pos[*r as usize] != u32::MAX);
        let count = group.clone().count();
        if count > 0 {
            // Places seen+1 ..= seen+count share their mean.
            let rank = (2 * seen + count + 1) as f64 / 2.0;
            for (_, r) in group {
                ranks[pos[*r as usize] as usize] = rank;
            }
            seen += count;
        }
        start = end;
    }
    ranks
}

/// Ranks 1..=n, ties sharing the average of their positions.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    // Sorting (value, position) pairs keeps the comparisons in contiguous memory.
    let mut order: Vec<(f64, u32)> = values
        .iter()
        .enumerate()
        .map(|(i, &v)| (v, i as u32))
        .collect();
    order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && order[end].0 == order[start].0 {
            end += 1;
        }
        // Positions start+1 ..= end share their mean.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &(_, i) in &order[start..end] {
            ranks[i as usize] = rank;
        }
        start = end;
    }
    ranks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_share_the_average_rank() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 10.0, 30.0]),
            vec![1.5, 3.0, 1.5, 4.0]
        );
    }

    #[test]
    fn perfect_and_undefined_correlations() {
        assert_eq!(pearson_r(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), Some(1.0));
        assert_eq!(pearson_r(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), Some(-1.0));
        assert_eq!(pearson_r(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), None);
        assert_eq!(pearson_r(&[1.0], &[2.0]), None);
    }

    #[test]
    fn pairs_use_rows_where_both_are_present() {
        let df = df! {
            "a" => [Some(1.0), Some(2.0), None, Some(4.0)],
            "b" => [Some(2.0), Some(4.0), Some(100.0), Some(8.0)],
            "t" => ["x", "y", "z", "w"],
        }
        .unwrap();
        let c = correlations(&df);
        assert_eq!(c.columns, vec!["a", "b"]);
        assert_eq!(c.pearson[0][1], Some(1.0), "row 3 (a missing) is left out");
        assert_eq!(c.spearman[1][0], Some(1.0));
    }

    #[test]
    fn reused_ranks_agree_with_ranking_each_pair() {
        // Nulls in different rows on each side, ties, and a complete column.
        let n = 200;
        let a: Vec<Option<f64>> = (0..n)
            .map(|i| (i % 7 != 3).then_some(((i * 37) % 23) as f64))
            .collect();
        let b: Vec<Option<f64>> = (0..n)
            .map(|i| (i % 5 != 1).then_some(((i * 11) % 17) as f64 - 3.0))
            .collect();
        let c: Vec<Option<f64>> = (0..n).map(|i| Some(((i * i) % 31) as f64)).collect();
        let df = df! { "a" => &a, "b" => &b, "c" => &c }.unwrap();
        let got = correlations(&df);
        let cols = [&a, &b, &c];
        for i in 0..3 {
            for j in 0..3 {
                if i == j {
                    continue;
                }
                let (xs, ys): (Vec<f64>, Vec<f64>) = cols[i]
                    .iter()
                    .zip(cols[j])
                    .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
                    .unzip();
                let want = pearson_r(&average_ranks(&xs), &average_ranks(&ys)).unwrap();
                let have = got.spearman[i][j].unwrap();
                // The same ranks, so the same number to the last bit.
                assert_eq!(want, have, "{i} {j}");
            }
        }
        assert_eq!(got.spearman[2][2], Some(1.0));
    }
}
