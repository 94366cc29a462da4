//! Correlation matrices of the numeric columns, as pandas' `DataFrame.corr()` computes them:
//! each pair uses the rows where both values are present (NaN counts as missing); Spearman is
//! Pearson on average ranks of those rows; a pair with under two rows or no variation is `None`.

use polars::prelude::*;
use serde::Serialize;

use crate::core::data::cells::is_numeric;

mod ordered;

pub use ordered::Ordered;

/// Pearson and Spearman matrices over the same columns, in frame order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Correlations {
    pub columns: Vec<String>,
    pub pearson: Vec<Vec<Option<f64>>>,
    pub spearman: Vec<Vec<Option<f64>>>,
}

/// Both matrices for every numeric column of `frame`.
pub fn correlations(frame: &DataFrame) -> Correlations {
    let numeric: Vec<&Column> = frame
        .columns()
        .iter()
        .filter(|c| is_numeric(c.dtype()))
        .collect();
    let ordered =
        crate::core::num::parallel::parallel_map(numeric.len(), |i| Ordered::new(numeric[i]).0);
    let names = numeric.iter().map(|c| c.name().to_string()).collect();
    correlations_of(names, &ordered)
}

/// Both matrices over columns already prepared (named in the same order).
///
/// Each column was ordered once. Within a pair, a row's rank among the pair's rows is its tie
/// group's places less the column's rows the pair lacks (present here, missing in the partner)
/// that lie before and inside the group: those few rows are counted per group, and one walk
/// over the groups gives every group's rank in the pair. The ranks are exact half-integers, the
/// same bit for bit as sorting the pair's rows. The pairs run in parallel, each in two passes
/// over its rows and no copy of them (see [`pair_correlations`]).
pub fn correlations_of(columns: Vec<String>, ordered: &[Ordered]) -> Correlations {
    let k = ordered.len();
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .collect();
    let results = crate::core::num::parallel::parallel_map(pairs.len(), |p| {
        pair_correlations(&ordered[pairs[p].0], &ordered[pairs[p].1])
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
    for (i, o) in ordered.iter().enumerate() {
        let varies = o.groups() > 1;
        let one = varies.then_some(1.0);
        pearson[i][i] = one;
        spearman[i][i] = one;
    }
    Correlations {
        columns,
        pearson,
        spearman,
    }
}

/// Pearson's and Spearman's r of one pair over the rows where both are present, in two passes
/// over the rows and no copy of them. The first sums the pair's values; the rows each side
/// loses to the other (and so each kept row's rank) come from the other side's list of missing
/// rows; the second sums the products of the deviations. The numbers are those of [`pearson_r`] on the collected rows and their
/// ranks, bit for bit: the sums run in the same row order, and the ranks' mean is `(n + 1) / 2`
/// exactly (their sum is `n (n + 1) / 2`, which `f64` holds exactly at any row count here).
fn pair_correlations(a: &Ordered, b: &Ordered) -> (Option<f64>, Option<f64>) {
    let (mut n, mut sx, mut sy) = (0usize, 0.0, 0.0);
    for (&x, &y) in a.values.iter().zip(&b.values) {
        // Without a branch: a missing row adds exactly 0.0, which leaves the sums' bits as
        // they are (they start at +0.0, so they are never -0.0).
        let both = !(x.is_nan() || y.is_nan());
        n += usize::from(both);
        sx += if both { x } else { 0.0 };
        sy += if both { y } else { 0.0 };
    }
    // The rows each side loses are those missing on the other side only: few, and listed.
    let lost = |this: &Ordered, other: &Ordered| {
        let mut lost = vec![0u32; this.groups()];
        for &r in &other.missing {
            if let Some(l) = lost.get_mut(this.group[r as usize] as usize) {
                *l += 1;
            }
        }
        lost
    };
    let (lost_a, lost_b) = (lost(a, b), lost(b, a));
    if n < 2 {
        return (None, None);
    }
    let (twice_a, twice_b) = (a.pair_ranks(&lost_a), b.pair_ranks(&lost_b));
    let (mx, my) = (sx / n as f64, sy / n as f64);
    let mr = (n as f64 + 1.0) / 2.0;
    let (mut values, mut ranks) = (Products::default(), Products::default());
    // The ranks of a block of rows are looked up first, in a loop of loads alone, then summed:
    // a column of millions of distinct values has a rank table larger than the cache, and a
    // short loop keeps many of its reads in flight at once, where the sums between them held
    // fewer. A missing row's group (`u32::MAX`) reads the table's last entry, which is unused.
    let (mut ra, mut rb) = ([0u32; RANK_BLOCK], [0u32; RANK_BLOCK]);
    let blocks = a
        .values
        .chunks(RANK_BLOCK)
        .zip(b.values.chunks(RANK_BLOCK))
        .zip(a.group.chunks(RANK_BLOCK).zip(b.group.chunks(RANK_BLOCK)));
    for ((xs, ys), (gas, gbs)) in blocks {
        for (r, &g) in ra.iter_mut().zip(gas) {
            *r = twice_a[(g as usize).min(twice_a.len() - 1)];
        }
        for (r, &g) in rb.iter_mut().zip(gbs) {
            *r = twice_b[(g as usize).min(twice_b.len() - 1)];
        }
        for ((&x, &y), (&ra, &rb)) in xs.iter().zip(ys).zip(ra.iter().zip(&rb)) {
            if x.is_nan() || y.is_nan() {
                continue;
            }
            values.add(x - mx, y - my);
            ranks.add(f64::from(ra) / 2.0 - mr, f64::from(rb) / 2.0 - mr);
        }
    }
    (values.r(), ranks.r())
}

/// Rows whose ranks are looked up together before they are summed.
const RANK_BLOCK: usize = 1024;

/// Sums of the products of two variables' deviations from their means, in row order.
#[derive(Default)]
struct Products {
    sxy: f64,
    sxx: f64,
    syy: f64,
}

impl Products {
    fn add(&mut self, dx: f64, dy: f64) {
        self.sxy += dx * dy;
        self.sxx += dx * dx;
        self.syy += dy * dy;
    }

    /// Pearson's r; `None` when either side is constant.
    fn r(&self) -> Option<f64> {
        let Products { sxy, sxx, syy } = *self;
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
}

/// A numeric column as f64 in row order, with nulls (and NaN) as NaN.
fn row_values(col: &Column) -> Vec<f64> {
    let Ok(cast) = col.cast(&DataType::Float64) else {
        return vec![f64::NAN; col.len()];
    };
    let Ok(ca) = cast.f64() else {
        return vec![f64::NAN; col.len()];
    };
    ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect()
}

/// Pearson's r by the two-pass formula; `None` below two pairs or when either side is constant.
pub fn pearson_r(xs: &[f64], ys: &[f64]) -> Option<f64> {
    let n = xs.len();
    if n < 2 {
        return None;
    }
    let mx = xs.iter().sum::<f64>() / n as f64;
    let my = ys.iter().sum::<f64>() / n as f64;
    let mut sums = Products::default();
    for (x, y) in xs.iter().zip(ys) {
        sums.add(x - mx, y - my);
    }
    sums.r()
}

#[cfg(test)]
mod tests {
    use super::ordered::Decimal;
    use super::*;

    /// Ranks 1..=n by sorting (the reference the pair ranks are checked against),, ties sharing the average of their positions.
    fn average_ranks(values: &[f64]) -> Vec<f64> {
        // Sorting (value, position) pairs keeps the comparisons in contiguous memory.
        let mut order: Vec<(f64, u32)> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| (v, i as u32))
            .collect();
        order.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        // Places start+1 ..= end share their mean.
        tie_spans(&order, values.len())
            .into_iter()
            .map(|(start, end)| f64::from(start + end + 1) / 2.0)
            .collect()
    }

    /// For each index in `sorted` (values sorted with `total_cmp`, each with its index below
    /// `len`), the places `start..end` of its group of equal values (`-0.0` equals `0.0`); indices
    /// not in `sorted` get `(0, 0)`.
    fn tie_spans(sorted: &[(f64, u32)], len: usize) -> Vec<(u32, u32)> {
        let mut spans = vec![(0, 0); len];
        let mut start = 0;
        while start < sorted.len() {
            let mut end = start + 1;
            while end < sorted.len() && sorted[end].0 == sorted[start].0 {
                end += 1;
            }
            for &(_, i) in &sorted[start..end] {
                spans[i as usize] = (start as u32, end as u32);
            }
            start = end;
        }
        spans
    }

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
                // The pair's two passes sum in the same order as Pearson on the copied rows.
                assert_eq!(got.pearson[i][j], pearson_r(&xs, &ys), "{i} {j}");
            }
        }
        assert_eq!(got.spearman[2][2], Some(1.0));
    }

    /// `Ordered::new` gives what a `total_cmp` sort gives: the same sorted bits, and each
    /// row's group spanning the places where its value sits.
    fn orders_as_sorting_does(values: &[f64]) {
        let col = Column::new("x".into(), values.to_vec());
        let (ordered, sorted) = Ordered::new(&col);
        let mut want: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        want.sort_by(f64::total_cmp);
        let bits = |s: &[f64]| s.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&sorted), bits(&want));
        for (r, &v) in values.iter().enumerate() {
            if v.is_nan() {
                assert_eq!(ordered.group[r], u32::MAX);
                continue;
            }
            let g = ordered.group[r] as usize;
            let start = want.partition_point(|&x| x < v) as u32;
            let end = want.partition_point(|&x| x <= v) as u32;
            assert_eq!(
                (ordered.starts[g], ordered.starts[g + 1]),
                (start, end),
                "{v}"
            );
        }
    }

    #[test]
    fn decimal_columns_are_ordered_as_sorting_does() {
        let pick = |i: usize, m: usize| (i * 7919 + i * i * 31) % m;
        // Whole numbers in a narrow range (counted).
        let ints: Vec<f64> = (0..5000)
            .map(|i| match i % 9 {
                0 => f64::NAN,
                _ => pick(i, 300) as f64 - 120.0,
            })
            .collect();
        // Two decimals, negative zeros among the zeros (counted).
        let cents: Vec<f64> = (0..5000)
            .map(|i| match i % 13 {
                0 => f64::NAN,
                1 => -0.0,
                2 => 0.0,
                _ => (pick(i, 2000) as f64 - 1000.0) / 100.0,
            })
            .collect();
        // Four decimals over a range wider than the rows (sorted by their integers).
        let wide: Vec<f64> = (0..5000)
            .map(|i| match i % 17 {
                0 => -0.0,
                _ => (pick(i, 9_000_000) as f64 - 4_000_000.0) / 10_000.0,
            })
            .collect();
        // Not decimal at all (sorted by their bits).
        let thirds: Vec<f64> = (0..5000).map(|i| pick(i, 977) as f64 / 3.0).collect();
        for values in [&ints, &cents, &wide, &thirds] {
            orders_as_sorting_does(values);
        }
        let scale = |v: &[f64]| Decimal::of(v).map(|d| (d.scale, d.negative_zeros));
        assert_eq!(scale(&ints), Some((1.0, 0)));
        assert_eq!(scale(&cents).map(|s| s.0), Some(100.0));
        assert!(scale(&cents).is_some_and(|s| s.1 > 0));
        assert_eq!(scale(&wide).map(|s| s.0), Some(10_000.0));
        assert_eq!(scale(&thirds), None);
        // A later value with more decimals than the first thousand raises the scale.
        let mut late = vec![1.0; 1500];
        late.push(2.125);
        assert_eq!(scale(&late), Some((1000.0, 0)));
        orders_as_sorting_does(&late);
        // Out of reach: infinities, huge or tiny values, nothing present.
        assert_eq!(scale(&[1.0, f64::INFINITY]), None);
        assert_eq!(scale(&[1.0, 1e300]), None);
        assert_eq!(scale(&[1e-9]), None);
        assert_eq!(scale(&[0.1 + 0.2]), None);
        assert_eq!(scale(&[f64::NAN]), None);
    }

    #[test]
    fn pair_ranks_hold_with_signed_zeros_infinities_and_clustered_gaps() {
        // Long ties; -0.0 tied with 0.0 (so sorted, not counted); both
        // infinities; missing rows clustered in one tie group on one side.
        let n = 1000;
        let a: Vec<Option<f64>> = (0..n)
            .map(|i| match i % 11 {
                0 => None,
                1 => Some(-0.0),
                2 => Some(0.0),
                3 => Some(f64::INFINITY),
                4 => Some(f64::NEG_INFINITY),
                _ => Some(((i * 13) % 97) as f64 / 4.0),
            })
            .collect();
        let b: Vec<Option<f64>> = (0..n)
            .map(|i| match i {
                i if i % 13 == 5 || (300..420).contains(&i) => None,
                i if i % 3 == 0 => Some(f64::NAN),
                i => Some(((i * 7) % 5) as f64),
            })
            .collect();
        let df = df! { "a" => &a, "b" => &b }.unwrap();
        let got = correlations(&df);
        let present = |v: &Option<f64>| v.filter(|x| !x.is_nan());
        let (xs, ys): (Vec<f64>, Vec<f64>) = a
            .iter()
            .zip(&b)
            .filter_map(|(x, y)| Some((present(x)?, present(y)?)))
            .unzip();
        let want = pearson_r(&average_ranks(&xs), &average_ranks(&ys)).unwrap();
        assert_eq!(got.spearman[0][1], Some(want));
        assert_eq!(got.spearman[1][0], Some(want));
    }
}
