//! Correlation matrices of the numeric columns, as pandas' `DataFrame.corr()` computes them:
//! each pair uses the rows where both values are present (NaN counts as missing); Spearman is
//! Pearson on average ranks of those rows; a pair with under two rows or no variation is `None`.

use polars::prelude::*;
use serde::Serialize;

use super::cells::is_numeric;

/// Pearson and Spearman matrices over the same columns, in frame order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Correlations {
    pub columns: Vec<String>,
    pub pearson: Vec<Vec<Option<f64>>>,
    pub spearman: Vec<Vec<Option<f64>>>,
}

/// A numeric column prepared once for the profile: its values in row order (NaN where missing)
/// and, for each row, the span of its tie group in the column's sorted order (`start..end`,
/// 0-based places among the present values), which gives its average rank without another sort.
pub struct Ordered {
    values: Vec<f64>,
    spans: Vec<(u32, u32)>,
    present: usize,
}

impl Ordered {
    /// Sort the column once; the sorted present values are returned for the statistics.
    pub fn new(col: &Column) -> (Ordered, Vec<f64>) {
        let values = row_values(col);
        let mut sorted: Vec<(f64, u32)> = values
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_nan())
            .map(|(r, &v)| (v, r as u32))
            .collect();
        sorted.sort_unstable_by(|a, b| a.0.total_cmp(&b.0));
        let spans = tie_spans(&sorted, values.len());
        let present = sorted.len();
        let sorted_values = sorted.into_iter().map(|(v, _)| v).collect();
        (
            Ordered {
                values,
                spans,
                present,
            },
            sorted_values,
        )
    }
}

/// Both matrices for every numeric column of `frame`.
pub fn correlations(frame: &DataFrame) -> Correlations {
    let numeric: Vec<&Column> = frame
        .columns()
        .iter()
        .filter(|c| is_numeric(c.dtype()))
        .collect();
    let ordered = super::parallel::parallel_map(numeric.len(), |i| Ordered::new(numeric[i]).0);
    let names = numeric.iter().map(|c| c.name().to_string()).collect();
    correlations_of(names, &ordered)
}

/// Both matrices over columns already prepared (named in the same order).
///
/// Each column was sorted once. Within a pair, a row's rank among the pair's rows is its tie
/// group's span less the column's rows the pair lacks (present here, missing in the partner)
/// that lie before and inside the group: those few rows are marked in a bit set over sorted
/// places and counted with a prefix of popcounts, so every pair is one pass in row order. The
/// ranks are exact half-integers, the same bit for bit as sorting the pair's rows. The pairs
/// run in parallel.
pub fn correlations_of(columns: Vec<String>, ordered: &[Ordered]) -> Correlations {
    let k = ordered.len();
    let pairs: Vec<(usize, usize)> = (0..k)
        .flat_map(|i| (i + 1..k).map(move |j| (i, j)))
        .collect();
    let results = super::parallel::parallel_map(pairs.len(), |p| {
        let (a, b) = (&ordered[pairs[p].0], &ordered[pairs[p].1]);
        let (lost_a, lost_b) = LostPlaces::pair(a, b);
        let most = a.present.min(b.present);
        let (mut xs, mut ys) = (Vec::with_capacity(most), Vec::with_capacity(most));
        let (mut rx, mut ry) = (Vec::with_capacity(most), Vec::with_capacity(most));
        for r in 0..a.values.len() {
            let (x, y) = (a.values[r], b.values[r]);
            if x.is_nan() || y.is_nan() {
                continue;
            }
            xs.push(x);
            ys.push(y);
            rx.push(lost_a.rank(a.spans[r]));
            ry.push(lost_b.rank(b.spans[r]));
        }
        (pearson_r(&xs, &ys), pearson_r(&rx, &ry))
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
        let varies = o.present > 0 && o.spans.iter().any(|&(s, e)| e - s < o.present as u32);
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

/// The sorted places of a column's rows that a pair leaves out (missing in the partner), as a
/// bit set with the count of set bits before each 64-bit word.
struct LostPlaces {
    bits: Vec<u64>,
    before: Vec<u32>,
}

impl LostPlaces {
    /// Both sides' left-out places for the pair `a`, `b`, from one pass over the rows.
    fn pair(a: &Ordered, b: &Ordered) -> (LostPlaces, LostPlaces) {
        let mut bits_a = Vec::new();
        let mut bits_b = Vec::new();
        for (r, (x, y)) in a.values.iter().zip(&b.values).enumerate() {
            match (x.is_nan(), y.is_nan()) {
                (false, true) => mark(&mut bits_a, a.present, a.spans[r].0),
                (true, false) => mark(&mut bits_b, b.present, b.spans[r].0),
                _ => {}
            }
        }
        (LostPlaces::counted(bits_a), LostPlaces::counted(bits_b))
    }

    fn counted(bits: Vec<u64>) -> LostPlaces {
        let mut before = Vec::with_capacity(bits.len());
        let mut seen = 0u32;
        for w in &bits {
            before.push(seen);
            seen += w.count_ones();
        }
        LostPlaces { bits, before }
    }

    /// Left-out places before sorted place `p`.
    fn count_before(&self, p: u32) -> u32 {
        let (word, bit) = ((p / 64) as usize, p % 64);
        self.before[word] + (self.bits[word] & ((1u64 << bit) - 1)).count_ones()
    }

    /// The average rank among the kept rows of a row whose tie group spans `start..end`.
    fn rank(&self, (start, end): (u32, u32)) -> f64 {
        let twice = if self.bits.is_empty() {
            start + end + 1
        } else {
            start + end + 1 - self.count_before(start) - self.count_before(end)
        };
        f64::from(twice) / 2.0
    }
}

/// Mark a left-out row of the tie group starting at sorted place `start` (bits made on first
/// use, over `present` places). Any free place inside the group will do: only the counts
/// before and inside a group matter, and a group has room for all of its rows.
fn mark(bits: &mut Vec<u64>, present: usize, start: u32) {
    if bits.is_empty() {
        *bits = vec![0u64; present / 64 + 1];
    }
    let mut word = start as usize / 64;
    // The free bits at or after `start` in its word, then whole words.
    let mut free = !bits[word] & (u64::MAX << (start % 64));
    while free == 0 {
        word += 1;
        free = !bits[word];
    }
    bits[word] |= 1 << free.trailing_zeros();
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

/// Ranks 1..=n, ties sharing the average of their positions.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
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

    #[test]
    fn pair_ranks_hold_across_words_signed_zeros_and_infinities() {
        // Long enough for many 64-bit words; ties spanning words; -0.0 tied with 0.0; both
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
