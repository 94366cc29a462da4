//! Ordinary least squares with an intercept, lathe's own: the minimum-norm solution, as
//! scikit-learn's `LinearRegression` reports it (scipy's `lstsq` on centred data). One-hot
//! columns of every level sum to one, so with an intercept they are collinear: a plain solve
//! (linfa's QR) returned coefficients of ±6.8e16 for a two-level column. Here the centred
//! normal equations are solved through their eigen-decomposition, directions the data do not
//! determine are left out, and of all least-squares solutions the shortest is returned: the
//! levels of a column then share their effect symmetrically and predictions are unchanged.
//!
//! The normal equations are formed in one pass over row chunks on every core (merged in chunk
//! order). They square the condition number, which costs digits only on nearly collinear
//! features, whose coefficients are not meaningful either way.

use ndarray::Array2;

/// Rows per chunk of the pass that forms the normal equations.
const CHUNK: usize = 8192;

/// Eigenvalues of the column-scaled normal equations at most this share of the largest count
/// as zero: directions rounding cannot tell from exact collinearity.
const RANK_CUTOFF: f64 = 1e-12;

/// Eigenvalues and eigenvectors (`vectors[i][k]`: entry `i` of vector `k`) of a symmetric
/// matrix, by cyclic Jacobi rotations: simple, and accurate for the small matrices here.
pub fn symmetric_eigen(mut a: Vec<Vec<f64>>) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = a.len();
    let mut v: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| (i == j) as u8 as f64).collect())
        .collect();
    for _ in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum();
        let diag: f64 = (0..n).map(|i| a[i][i] * a[i][i]).sum();
        if off <= 1e-32 * diag || off == 0.0 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q] == 0.0 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for row in a.iter_mut() {
                    let (kp, kq) = (row[p], row[q]);
                    row[p] = c * kp - s * kq;
                    row[q] = s * kp + c * kq;
                }
                let (low, high) = a.split_at_mut(q);
                for (pk, qk) in low[p].iter_mut().zip(high[0].iter_mut()) {
                    let (vp, vq) = (*pk, *qk);
                    *pk = c * vp - s * vq;
                    *qk = s * vp + c * vq;
                }
                for row in v.iter_mut() {
                    let (kp, kq) = (row[p], row[q]);
                    row[p] = c * kp - s * kq;
                    row[q] = s * kp + c * kq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i][i]).collect(), v)
}

/// The coefficients and intercept minimising the squared error, the shortest such coefficients.
pub fn fit(x: &Array2<f64>, y: &[f64]) -> (Vec<f64>, f64) {
    let (n, p) = x.dim();
    let rows = n.max(1) as f64;
    let means: Vec<f64> = (0..p).map(|j| x.column(j).sum() / rows).collect();
    let y_mean = y.iter().sum::<f64>() / rows;
    // XᵀX and Xᵀy of the centred data, upper triangle, summed per chunk.
    let parts = n.div_ceil(CHUNK);
    let done = crate::core::num::parallel::parallel_map(parts, |c| {
        let mut gram = vec![vec![0.0; p]; p];
        let mut cross = vec![0.0; p];
        let mut centred = vec![0.0; p];
        for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
            for (j, v) in centred.iter_mut().enumerate() {
                *v = x[[i, j]] - means[j];
            }
            let dy = y[i] - y_mean;
            for a in 0..p {
                let va = centred[a];
                cross[a] += va * dy;
                for (g, vb) in gram[a][a..].iter_mut().zip(&centred[a..]) {
                    *g += va * vb;
                }
            }
        }
        (gram, cross)
    });
    let mut gram = vec![vec![0.0; p]; p];
    let mut cross = vec![0.0; p];
    for (g, c) in done {
        for a in 0..p {
            cross[a] += c[a];
            for b in a..p {
                gram[a][b] += g[a][b];
            }
        }
    }
    for a in 1..p {
        let (low, high) = gram.split_at_mut(a);
        for (b, row) in low.iter().enumerate() {
            high[0][b] = row[a];
        }
    }
    // Scaled to unit diagonal, so the rank decision does not depend on the features' units.
    let scale: Vec<f64> = (0..p)
        .map(|j| {
            let d = gram[j][j].sqrt();
            if d > 0.0 && d.is_finite() {
                d
            } else {
                0.0
            }
        })
        .collect();
    let scaled: Vec<Vec<f64>> = (0..p)
        .map(|a| {
            (0..p)
                .map(|b| {
                    if scale[a] > 0.0 && scale[b] > 0.0 {
                        gram[a][b] / (scale[a] * scale[b])
                    } else {
                        (a == b) as u8 as f64
                    }
                })
                .collect()
        })
        .collect();
    let (values, vectors) = symmetric_eigen(scaled);
    let top = values.iter().fold(0.0f64, |m, v| m.max(*v));
    // A least-squares solution in scaled coordinates: V Λ⁺ Vᵀ (D⁻¹ Xᵀy), then D⁻¹.
    let scaled_cross = unscaled(&cross, &scale);
    let mut solution = vec![0.0; p];
    let mut null = Vec::new();
    for (k, &lambda) in values.iter().enumerate() {
        let column: Vec<f64> = (0..p).map(|i| vectors[i][k]).collect();
        if lambda <= RANK_CUTOFF * top {
            // A direction the data leave open, in the original coordinates: D⁻¹ v.
            null.push(unscaled(&column, &scale));
            continue;
        }
        let along: f64 = column.iter().zip(&scaled_cross).map(|(a, b)| a * b).sum();
        for (s, c) in solution.iter_mut().zip(&column) {
            *s += c * along / lambda;
        }
    }
    let mut coef = unscaled(&solution, &scale);
    // The shortest solution: remove every component along the open directions (orthonormalised
    // by Gram-Schmidt), which leaves the fitted values as they are.
    let mut basis: Vec<Vec<f64>> = Vec::new();
    for mut v in null {
        for b in &basis {
            let d: f64 = v.iter().zip(b).map(|(x, y)| x * y).sum();
            v.iter_mut().zip(b).for_each(|(x, y)| *x -= d * y);
        }
        let norm = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
            basis.push(v);
        }
    }
    for b in &basis {
        let d: f64 = coef.iter().zip(b).map(|(x, y)| x * y).sum();
        coef.iter_mut().zip(b).for_each(|(x, y)| *x -= d * y);
    }
    let intercept = y_mean - coef.iter().zip(&means).map(|(c, m)| c * m).sum::<f64>();
    (coef, intercept)
}

/// `v` divided by `scale` element by element, 0 where the scale is 0 (a constant column).
fn unscaled(v: &[f64], scale: &[f64]) -> Vec<f64> {
    v.iter()
        .zip(scale)
        .map(|(x, &s)| if s > 0.0 { x / s } else { 0.0 })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eigen_decomposition_rebuilds_the_matrix() {
        let a = vec![
            vec![4.0, 1.0, -2.0],
            vec![1.0, 3.0, 0.5],
            vec![-2.0, 0.5, 5.0],
        ];
        let (values, v) = symmetric_eigen(a.clone());
        for i in 0..3 {
            for j in 0..3 {
                let rebuilt: f64 = (0..3).map(|k| v[i][k] * values[k] * v[j][k]).sum();
                assert!((rebuilt - a[i][j]).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn collinear_levels_share_their_effect() {
        // Two one-hot levels that sum to one, and y = 10 + 4 * [level b]: the shortest solution
        // gives the levels -2 and +2, the intercept 12.
        let n = 8;
        let x = Array2::from_shape_fn((n, 2), |(i, j)| ((i % 2 == 1) == (j == 1)) as u8 as f64);
        let y: Vec<f64> = (0..n).map(|i| 10.0 + 4.0 * (i % 2) as f64).collect();
        let (coef, intercept) = fit(&x, &y);
        assert!(
            (coef[0] + 2.0).abs() < 1e-9 && (coef[1] - 2.0).abs() < 1e-9,
            "{coef:?}"
        );
        assert!((intercept - 12.0).abs() < 1e-9);
    }
}
