//! Gaussian mixtures with full covariances, lathe's own: scikit-learn's `GaussianMixture`
//! (responsibilities started from a k-means labelling, the best of three runs, `reg_covar` 1e-6 added to each
//! covariance's diagonal, EM until the mean log-likelihood per row changes by less than
//! `tol` 1e-3, at most `max_iterations`). Each iteration is one pass over row chunks on every
//! core that computes the responsibilities and accumulates the next parameters' sums, merged in
//! chunk order.
//!
//! Why not linfa-clustering's: a fit that did not converge within its cap was an error with no
//! model (scikit-learn warns and keeps the model), and it did not say how many iterations it
//! took.

use crate::core::model::ModelError;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Added to every covariance's diagonal (scikit-learn's `reg_covar`).
const REG_COVAR: f64 = 1e-6;
/// Convergence: the change of the mean log-likelihood per row (scikit-learn's `tol`).
const TOL: f64 = 1e-3;
const CHUNK: usize = 4096;
/// k-means runs tried for the start.
const KMEANS_STARTS: usize = 3;

/// A fitted mixture.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mixture {
    pub weights: Vec<f64>,
    pub means: Vec<Vec<f64>>,
    /// Lower Cholesky factors of the covariances, row-major p x p each.
    pub cholesky: Vec<Vec<f64>>,
    /// The mean log-likelihood per training row at the end (scikit-learn's `lower_bound_`).
    pub lower_bound: f64,
    pub iterations: usize,
    pub converged: bool,
}

/// Lower Cholesky factor of a symmetric p x p matrix (row-major); `None` if not positive
/// definite.
fn cholesky(a: &[f64], p: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..=i {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= l[i * p + k] * l[j * p + k];
            }
            if i == j {
                if s <= 0.0 || !s.is_finite() {
                    return None;
                }
                l[i * p + i] = s.sqrt();
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    }
    Some(l)
}

/// Sums of one pass: per component, the responsibility total, Σ r x and Σ r x xᵀ (upper
/// triangle), and the summed log-likelihood of the rows.
struct Sums {
    total: Vec<f64>,
    first: Vec<Vec<f64>>,
    second: Vec<Vec<f64>>,
    log_likelihood: f64,
}

impl Mixture {
    /// ln(weight) + ln N(row | mean, cov) for each component.
    fn log_weighted(&self, row: &[f64], out: &mut [f64], z: &mut [f64]) {
        let p = row.len();
        let constant = p as f64 * (2.0 * std::f64::consts::PI).ln();
        for (c, o) in out.iter_mut().enumerate() {
            let l = &self.cholesky[c];
            // Solve L z = row - mean; the squared distance is |z|².
            let mut log_det = 0.0;
            let mut dist = 0.0;
            for i in 0..p {
                let mut s = row[i] - self.means[c][i];
                for k in 0..i {
                    s -= l[i * p + k] * z[k];
                }
                z[i] = s / l[i * p + i];
                dist += z[i] * z[i];
                log_det += l[i * p + i].ln();
            }
            *o = self.weights[c].ln() - 0.5 * (constant + dist) - log_det;
        }
    }

    /// Responsibilities of rows `from..to` folded into the sums of the next M-step.
    fn pass(&self, xs: &[f64], p: usize, from: usize, to: usize) -> Sums {
        let k = self.weights.len();
        let mut sums = Sums {
            total: vec![0.0; k],
            first: vec![vec![0.0; p]; k],
            second: vec![vec![0.0; p * p]; k],
            log_likelihood: 0.0,
        };
        let mut lw = vec![0.0; k];
        let mut z = vec![0.0; p];
        for i in from..to {
            let row = &xs[i * p..(i + 1) * p];
            self.log_weighted(row, &mut lw, &mut z);
            let top = lw.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
            let norm = top + lw.iter().map(|v| (v - top).exp()).sum::<f64>().ln();
            sums.log_likelihood += norm;
            for (c, l) in lw.iter().enumerate() {
                add(&mut sums, c, row, (l - norm).exp());
            }
        }
        sums
    }

    /// The most likely component of each row.
    pub fn predict(&self, x: &Array2<f64>) -> Vec<usize> {
        let p = x.ncols();
        let mut lw = vec![0.0; self.weights.len()];
        let mut z = vec![0.0; p];
        x.rows()
            .into_iter()
            .map(|row| {
                let row: Vec<f64> = row.to_vec();
                self.log_weighted(&row, &mut lw, &mut z);
                (0..lw.len()).fold(0, |best, c| if lw[c] > lw[best] { c } else { best })
            })
            .collect()
    }
}

fn add(sums: &mut Sums, c: usize, row: &[f64], r: f64) {
    let p = row.len();
    sums.total[c] += r;
    for (a, v) in row.iter().enumerate() {
        sums.first[c][a] += r * v;
        let rv = r * v;
        let second = &mut sums.second[c][a * p..(a + 1) * p];
        for (s, w) in second[a..].iter_mut().zip(&row[a..]) {
            *s += rv * w;
        }
    }
}

/// Weights, means and covariance factors.
type Parameters = (Vec<f64>, Vec<Vec<f64>>, Vec<Vec<f64>>);

/// Parameters from the sums (scikit-learn's M-step); `None` when a covariance is singular.
fn estimate(sums: &Sums, n: usize, p: usize) -> Option<Parameters> {
    let k = sums.total.len();
    let mut weights = Vec::with_capacity(k);
    let mut means = Vec::with_capacity(k);
    let mut factors = Vec::with_capacity(k);
    for c in 0..k {
        // scikit-learn adds 10 machine epsilons so an empty component does not divide by 0.
        let nk = sums.total[c] + 10.0 * f64::EPSILON;
        let mean: Vec<f64> = sums.first[c].iter().map(|s| s / nk).collect();
        let mut cov = vec![0.0; p * p];
        for a in 0..p {
            for b in a..p {
                let v = sums.second[c][a * p + b] / nk - mean[a] * mean[b];
                cov[a * p + b] = v;
                cov[b * p + a] = v;
            }
            cov[a * p + a] += REG_COVAR;
        }
        factors.push(cholesky(&cov, p)?);
        weights.push(nk / n as f64);
        means.push(mean);
    }
    Some((weights, means, factors))
}

/// Merge chunk sums in chunk order.
fn merged(parts: Vec<Sums>, k: usize, p: usize) -> Sums {
    let mut all = Sums {
        total: vec![0.0; k],
        first: vec![vec![0.0; p]; k],
        second: vec![vec![0.0; p * p]; k],
        log_likelihood: 0.0,
    };
    for s in parts {
        all.log_likelihood += s.log_likelihood;
        for c in 0..k {
            all.total[c] += s.total[c];
            all.first[c]
                .iter_mut()
                .zip(&s.first[c])
                .for_each(|(a, b)| *a += b);
            all.second[c]
                .iter_mut()
                .zip(&s.second[c])
                .for_each(|(a, b)| *a += b);
        }
    }
    all
}

/// Fit `k` components to the rows of `x`, starting from a k-means labelling with `seed`.
pub fn fit(
    x: &Array2<f64>,
    k: usize,
    max_iterations: usize,
    seed: u64,
    stop: super::models::Stop,
) -> Result<Mixture, ModelError> {
    let (n, p) = x.dim();
    let xs = super::features::row_major(x);
    let singular = || {
        let message =
            "a mixture component's covariance is singular (too few distinct rows for it): use a \
         smaller k"
                .to_string();
        ModelError::Fit(message)
    };
    // Start: each row wholly in its k-means cluster. scikit-learn runs k-means once; the best of
    // three runs (by inertia) lands less often in a poor local optimum (one iris start in six
    // did with one run), for little time next to EM.
    let labels = super::kmeans::fit(x, k, 300, KMEANS_STARTS, seed, stop).predict(x);
    let parts = n.div_ceil(CHUNK);
    let start = crate::core::num::parallel::parallel_map(parts, |c| {
        let mut sums = Sums {
            total: vec![0.0; k],
            first: vec![vec![0.0; p]; k],
            second: vec![vec![0.0; p * p]; k],
            log_likelihood: 0.0,
        };
        for i in c * CHUNK..((c + 1) * CHUNK).min(n) {
            add(&mut sums, labels[i], &xs[i * p..(i + 1) * p], 1.0);
        }
        sums
    });
    let (weights, means, cholesky) = estimate(&merged(start, k, p), n, p).ok_or_else(singular)?;
    let mut model = Mixture {
        weights,
        means,
        cholesky,
        lower_bound: f64::NEG_INFINITY,
        iterations: 0,
        converged: false,
    };
    for iteration in 1..=max_iterations {
        if stop() {
            break;
        }
        let done = crate::core::num::parallel::parallel_map(parts, |c| {
            model.pass(&xs, p, c * CHUNK, ((c + 1) * CHUNK).min(n))
        });
        let sums = merged(done, k, p);
        let previous = model.lower_bound;
        let (weights, means, cholesky) = estimate(&sums, n, p).ok_or_else(singular)?;
        model.weights = weights;
        model.means = means;
        model.cholesky = cholesky;
        // The E-step's log-likelihood, as scikit-learn's lower bound (before this M-step).
        model.lower_bound = sums.log_likelihood / n.max(1) as f64;
        model.iterations = iteration;
        if (model.lower_bound - previous).abs() < TOL {
            model.converged = true;
            break;
        }
    }
    Ok(model)
}
