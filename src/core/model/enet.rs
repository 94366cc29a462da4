//! lathe's own elastic net (and so ridge and lasso): scikit-learn's `ElasticNet`, solved by
//! cyclic coordinate descent with its stopping rule (the `cd_fast` loop linfa's solver also
//! follows), so lasso and elastic net give the numbers linfa gave. It replaces linfa's `ElasticNet` because
//! that fit could not be stopped: Esc now ends it within one feature's update, and it skips
//! linfa's coefficient variances (an inverse of XᵀX lathe never shows).
//!
//! It minimises `1/(2n)·|y − Xw − b|² + alpha·l1_ratio·|w|₁ + alpha·(1 − l1_ratio)/2·|w|²`. The
//! intercept is not penalised: columns and target are centred first, as scikit-learn does
//! (linfa centred only the target, which is the same when the features are standardised on the
//! fitted rows, as training does). One pass updates every coefficient in turn against the running
//! residual. When the largest change in a pass is at most `tol` times the largest coefficient
//! (or every coefficient is 0, or the cap is reached), the duality gap is computed, and the fit
//! stops once it is at most `tol·|y|²` (scikit-learn 1.9's rule, with its ridge gap: linfa's
//! gap cannot reach the tolerance without an L1 part, so every ridge fit ran to the cap and was
//! reported as not converged); that is the convergence reported. scikit-learn also screens out
//! features the gap proves are 0, which saves passes but does not move the optimum; lathe does
//! not.

use ndarray::Array2;

use super::models::{Convergence, Stop};

/// What the solver is told.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub alpha: f64,
    /// 0 is ridge, 1 is lasso.
    pub l1_ratio: f64,
    pub max_iterations: usize,
    /// scikit-learn's `tol` (1e-4 by default).
    pub tol: f64,
}

/// The fitted hyperplane.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    pub coef: Vec<f64>,
    pub intercept: f64,
    pub convergence: Convergence,
}

/// `a · b`, in four running sums so the compiler can keep them in vector registers.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut s = [0.0; 4];
    let (a4, a_rest) = a.split_at(a.len() / 4 * 4);
    let (b4, b_rest) = b.split_at(a4.len());
    for (x, y) in a4.chunks_exact(4).zip(b4.chunks_exact(4)) {
        for l in 0..4 {
            s[l] += x[l] * y[l];
        }
    }
    let tail: f64 = a_rest.iter().zip(b_rest).map(|(x, y)| x * y).sum();
    (s[0] + s[1]) + (s[2] + s[3]) + tail
}

/// `r += k · x`.
fn add_scaled(r: &mut [f64], k: f64, x: &[f64]) {
    for (r, x) in r.iter_mut().zip(x) {
        *r += k * x;
    }
}

/// The duality gap at `w` with residual `r` (the objective scaled by n, as scikit-learn's
/// `enet_coordinate_descent` states it): with an L1 part, the residual scaled into the dual's
/// feasible set (Fercoq et al. 2015); for ridge, whose dual has no such set, Dünner et al.'s
/// (2016, 5.2.3) formulation, which scikit-learn 1.9 also adopted so ridge can converge; with no
/// penalty at all, the squared gradient |Xᵀr|².
fn duality_gap(cols: &[Vec<f64>], y: &[f64], w: &[f64], r: &[f64], l1: f64, l2: f64) -> f64 {
    let xtr: Vec<f64> = cols.iter().map(|c| dot(c, r)).collect();
    let r2 = dot(r, r);
    let w2 = dot(w, w);
    if l1 == 0.0 {
        let g2 = dot(&xtr, &xtr);
        if l2 == 0.0 {
            return g2;
        }
        return r2 + 0.5 * l2 * w2 - dot(r, y) + g2 / (2.0 * l2);
    }
    let dual_norm = xtr
        .iter()
        .zip(w)
        .map(|(g, wj)| (g - l2 * wj).abs())
        .fold(0.0, f64::max);
    let scale = if dual_norm > l1 { l1 / dual_norm } else { 1.0 };
    let w1: f64 = w.iter().map(|v| v.abs()).sum();
    let primal = 0.5 * (r2 + l2 * w2) + l1 * w1;
    let dual = -0.5 * scale * scale * (r2 + l2 * w2) + scale * dot(r, y);
    primal - dual
}

/// Fit on the rows of `x` and `y`; `None` once `stop` said stop (asked before each coefficient's
/// update, so a pass over a wide matrix is not waited for).
pub fn fit(x: &Array2<f64>, y: &[f64], o: Options, stop: Stop) -> Option<Fit> {
    let (n, p) = x.dim();
    let nf = n.max(1) as f64;
    // Centred columns, each contiguous: a coordinate step reads one column twice.
    let mut means = vec![0.0; p];
    for row in x.rows() {
        for (m, v) in means.iter_mut().zip(row) {
            *m += v;
        }
    }
    means.iter_mut().for_each(|m| *m /= nf);
    let cols: Vec<Vec<f64>> = (0..p)
        .map(|j| x.column(j).iter().map(|v| v - means[j]).collect())
        .collect();
    let y_mean = y.iter().sum::<f64>() / nf;
    let yc: Vec<f64> = y.iter().map(|v| v - y_mean).collect();
    let norms: Vec<f64> = cols.iter().map(|c| dot(c, c)).collect();

    let l1 = o.alpha * o.l1_ratio * nf;
    let l2 = o.alpha * (1.0 - o.l1_ratio) * nf;
    let gap_tol = o.tol * dot(&yc, &yc);
    let mut w = vec![0.0; p];
    let mut r = yc.clone();
    let mut iterations = 0;
    // Zero coefficients may already be the answer (a penalty above the largest correlation).
    let mut converged = duality_gap(&cols, &yc, &w, &r, l1, l2) <= gap_tol;
    while !converged && iterations < o.max_iterations {
        let (mut w_max, mut d_w_max) = (0.0f64, 0.0f64);
        for j in 0..p {
            if stop() {
                return None;
            }
            if norms[j] == 0.0 {
                continue;
            }
            let old = w[j];
            let t = dot(&cols[j], &r) + old * norms[j];
            w[j] = t.signum() * (t.abs() - l1).max(0.0) / (norms[j] + l2);
            if w[j] != old {
                add_scaled(&mut r, old - w[j], &cols[j]);
            }
            d_w_max = d_w_max.max((w[j] - old).abs());
            w_max = w_max.max(w[j].abs());
        }
        iterations += 1;
        if w_max == 0.0 || d_w_max / w_max <= o.tol || iterations == o.max_iterations {
            converged = duality_gap(&cols, &yc, &w, &r, l1, l2) <= gap_tol;
        }
    }
    let intercept = y_mean - dot(&means, &w);
    Some(Fit {
        coef: w,
        intercept,
        convergence: Convergence {
            iterations,
            converged,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::models::never;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Rows with a known hyperplane, not centred, so the intercept has work to do.
    fn data(n: usize) -> (Array2<f64>, Vec<f64>) {
        let x = Array2::from_shape_fn((n, 3), |(i, j)| {
            ((i * 7 + j * 13) % 17) as f64 + j as f64 * 10.0
        });
        let y = (0..n)
            .map(|i| 3.0 + 2.0 * x[[i, 0]] - x[[i, 1]] + ((i * 5) % 3) as f64 * 0.1)
            .collect();
        (x, y)
    }

    fn gradient_at(x: &Array2<f64>, y: &[f64], f: &Fit, o: Options) -> Vec<f64> {
        // The gradient of the smooth part (loss + L2) at the fit; the L1 part's subgradient
        // must cancel it: |g_j| <= alpha·l1_ratio, with equality where w_j != 0.
        let n = x.nrows() as f64;
        let resid: Vec<f64> = (0..x.nrows())
            .map(|i| y[i] - f.intercept - (0..3).map(|j| x[[i, j]] * f.coef[j]).sum::<f64>())
            .collect();
        (0..3)
            .map(|j| {
                -(0..x.nrows()).map(|i| x[[i, j]] * resid[i]).sum::<f64>() / n
                    + o.alpha * (1.0 - o.l1_ratio) * f.coef[j]
            })
            .collect()
    }

    #[test]
    fn the_fit_meets_the_optimality_conditions_with_an_unpenalised_intercept() {
        let (x, y) = data(200);
        for l1_ratio in [0.0, 0.5, 1.0] {
            let o = Options {
                alpha: 0.3,
                l1_ratio,
                max_iterations: 10_000,
                tol: 1e-12,
            };
            let f = fit(&x, &y, o, &never).unwrap();
            assert!(f.convergence.converged, "{l1_ratio}: {f:?}");
            let mean_resid: f64 = (0..200)
                .map(|i| y[i] - f.intercept - (0..3).map(|j| x[[i, j]] * f.coef[j]).sum::<f64>())
                .sum::<f64>()
                / 200.0;
            assert!(mean_resid.abs() < 1e-8, "{l1_ratio}: {mean_resid}");
            let l1 = o.alpha * l1_ratio;
            for (g, w) in gradient_at(&x, &y, &f, o).iter().zip(&f.coef) {
                if *w != 0.0 {
                    assert!((g + l1 * w.signum()).abs() < 1e-6, "{l1_ratio}: {g} {w}");
                } else {
                    assert!(g.abs() <= l1 + 1e-6, "{l1_ratio}: {g}");
                }
            }
        }
    }

    #[test]
    fn a_stop_ends_the_fit_within_one_coefficient() {
        let (x, y) = data(50);
        let asked = AtomicUsize::new(0);
        let stop = || asked.fetch_add(1, Ordering::Relaxed) >= 2;
        let o = Options {
            alpha: 0.1,
            l1_ratio: 0.5,
            max_iterations: 1000,
            tol: 1e-4,
        };
        assert_eq!(fit(&x, &y, o, &stop), None);
        assert_eq!(asked.load(Ordering::Relaxed), 3);
    }

    #[test]
    fn the_cap_is_reported_as_not_converged() {
        let (x, y) = data(100);
        let o = Options {
            alpha: 1e-6,
            l1_ratio: 0.5,
            max_iterations: 2,
            tol: 1e-12,
        };
        let f = fit(&x, &y, o, &never).unwrap();
        assert_eq!(f.convergence.iterations, 2);
        assert!(!f.convergence.converged);
    }
}
