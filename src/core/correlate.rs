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

/// Both matrices for every numeric column of `frame`.
pub fn correlations(frame: &DataFrame) -> Correlations {
    let numeric: Vec<(String, Vec<Option<f64>>)> = frame
        .columns()
        .iter()
        .filter(|c| is_numeric(c.dtype()))
        .map(|c| (c.name().to_string(), optional_values(c)))
        .collect();
    let k = numeric.len();
    let mut pearson = vec![vec![None; k]; k];
    let mut spearman = vec![vec![None; k]; k];
    for i in 0..k {
        for j in i..k {
            let (xs, ys): (Vec<f64>, Vec<f64>) = numeric[i]
                .1
                .iter()
                .zip(&numeric[j].1)
                .filter_map(|(x, y)| Some(((*x)?, (*y)?)))
                .unzip();
            let p = pearson_r(&xs, &ys);
            let s = pearson_r(&average_ranks(&xs), &average_ranks(&ys));
            pearson[i][j] = p;
            pearson[j][i] = p;
            spearman[i][j] = s;
            spearman[j][i] = s;
        }
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

/// Ranks 1..=n, ties sharing the average of their positions.
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start+1 ..= end share their mean.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
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
}
