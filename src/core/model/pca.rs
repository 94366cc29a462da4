//! Principal components by power iteration on the covariance matrix (features are few, so the
//! p x p matrix is small): enough to draw clusters on their first two components.

// Index loops over the small p x p matrix read as the algebra does.
#![allow(clippy::needless_range_loop)]

use ndarray::Array2;

/// The first `n` principal directions (unit vectors, largest variance first) of the rows of `x`,
/// with the share of the variance each explains. Deterministic: the iteration starts from a
/// fixed vector and each direction's sign is fixed so its largest entry is positive.
pub fn components(x: &Array2<f64>, n: usize) -> Vec<(Vec<f64>, f64)> {
    let (rows, p) = x.dim();
    if rows < 2 || p == 0 {
        return Vec::new();
    }
    let means: Vec<f64> = (0..p).map(|j| x.column(j).sum() / rows as f64).collect();
    let mut cov = vec![vec![0.0; p]; p];
    for r in x.rows() {
        for i in 0..p {
            let di = r[i] - means[i];
            for j in i..p {
                cov[i][j] += di * (r[j] - means[j]);
            }
        }
    }
    for i in 0..p {
        for j in i..p {
            cov[i][j] /= (rows - 1) as f64;
            cov[j][i] = cov[i][j];
        }
    }
    let total: f64 = (0..p).map(|i| cov[i][i]).sum();
    let mut out = Vec::new();
    for _ in 0..n.min(p) {
        let mut v: Vec<f64> = (0..p).map(|i| 1.0 + i as f64 * 0.1).collect();
        let mut lambda = 0.0;
        for _ in 0..500 {
            let w: Vec<f64> = (0..p)
                .map(|i| (0..p).map(|j| cov[i][j] * v[j]).sum())
                .collect();
            let norm = w.iter().map(|a| a * a).sum::<f64>().sqrt();
            if norm == 0.0 {
                break;
            }
            let next: Vec<f64> = w.iter().map(|a| a / norm).collect();
            let change: f64 = next.iter().zip(&v).map(|(a, b)| (a - b).abs()).sum();
            v = next;
            lambda = norm;
            if change < 1e-12 {
                break;
            }
        }
        // A fixed sign: the largest entry positive.
        let big = v
            .iter()
            .copied()
            .fold(0.0f64, |m, a| if a.abs() > m.abs() { a } else { m });
        if big < 0.0 {
            v.iter_mut().for_each(|a| *a = -*a);
        }
        // Deflate: remove this direction's variance.
        for i in 0..p {
            for j in 0..p {
                cov[i][j] -= lambda * v[i] * v[j];
            }
        }
        out.push((v, if total > 0.0 { lambda / total } else { 0.0 }));
    }
    out
}

/// Rows of `x` (centred) projected on `directions`.
pub fn project(x: &Array2<f64>, directions: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let (rows, p) = x.dim();
    let means: Vec<f64> = (0..p)
        .map(|j| x.column(j).sum() / rows.max(1) as f64)
        .collect();
    x.rows()
        .into_iter()
        .map(|r| {
            directions
                .iter()
                .map(|d| (0..p).map(|j| (r[j] - means[j]) * d[j]).sum())
                .collect()
        })
        .collect()
}
