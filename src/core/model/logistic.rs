//! Logistic regression, lathe's own: scikit-learn's `LogisticRegression(C = 1/alpha)` with the
//! `lbfgs` solver. Two classes fit one coefficient vector for the larger class (the binomial
//! loss); more classes fit one vector per class (the multinomial, softmax loss). The objective is
//! the mean log loss plus `alpha / (2 n) |W|^2` (scikit-learn's `C Σ loss + |W|^2 / 2` divided by
//! `C n`), the intercepts not penalised; the stopping rule is scikit-learn's: the largest entry
//! of that objective's gradient at most `tol`.
//!
//! Why not linfa-logistic: its multinomial fit stopped far from the optimum (0.86 accuracy on
//! scikit-learn's digits where the optimum scores 0.97), and it evaluated the loss and the
//! gradient in separate single-threaded passes (2.1-2.4x scikit-learn's time on 1M rows). Here
//! both come from one pass over row chunks on every core, merged in chunk order so a fit does
//! not depend on thread timing.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::lbfgs;
use crate::core::num::compensated::Compensated;

/// A fitted logistic regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    /// The class indices the training rows had, ascending.
    pub classes: Vec<usize>,
    /// One coefficient row per class; for two classes one row, for `classes[1]`.
    pub coef: Vec<Vec<f64>>,
    pub intercept: Vec<f64>,
    pub iterations: usize,
    pub converged: bool,
}

/// Rows per chunk of the fused loss-and-gradient pass.
const CHUNK: usize = 4096;

/// `ln(1 + e^z)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// The problem: rows, targets as positions in `classes`, and the penalty. The rows are
/// `prepared::SplitRows`: a row's linear predictor is the intercept plus the common
/// values' part (the same for every row) plus its dense and differing terms, and a sparse
/// column's gradient is its common value times the summed residuals plus the differing rows'
/// terms. Standardised one-hot columns make most of a mixed file's matrix; on the 411-column
/// benchmark file a pass reads 12 numbers a row instead of 411. With no sparse column the sums
/// are the plain ones, in the same order.
struct Problem {
    x: super::prepared::SplitRows,
    /// Each sparse column and its common value.
    sparse: Vec<(usize, f64)>,
    p: usize,
    y: Vec<usize>,
    /// Coefficient vectors fitted: 1 for two classes, else one per class.
    blocks: usize,
    alpha: f64,
}

impl Problem {
    fn new(xs: &[f64], p: usize, y: Vec<usize>, blocks: usize, alpha: f64) -> Problem {
        let x = super::prepared::SplitRows::new(xs, y.len(), p);
        let sparse = (0..p).filter_map(|j| x.common[j].map(|a| (j, a))).collect();
        Problem {
            x,
            sparse,
            p,
            y,
            blocks,
            alpha,
        }
    }

    fn rows(&self) -> usize {
        self.y.len()
    }

    /// The summed loss of rows `from..to` and its gradient (added into `grad`), for parameters
    /// `theta` laid out as `blocks` runs of `p` weights then the intercept.
    fn chunk(&self, theta: &[f64], from: usize, to: usize, grad: &mut [f64]) -> Compensated {
        let (p, k, x) = (self.p, self.blocks, &self.x);
        let (w, pd) = (p + 1, x.dense_cols.len());
        // Per block: the dense columns' weights side by side, and the row-independent part.
        let mut coef = vec![0.0; k * pd];
        let mut base = vec![0.0; k];
        for c in 0..k {
            let t = &theta[c * w..(c + 1) * w];
            for (d, &j) in x.dense_cols.iter().enumerate() {
                coef[c * pd + d] = t[j];
            }
            base[c] = t[p] + self.sparse.iter().map(|&(j, a)| a * t[j]).sum::<f64>();
        }
        let mut dense_grad = vec![0.0; k * pd];
        let mut residuals = vec![0.0; k];
        let mut z = vec![0.0; k];
        let mut loss = Compensated::default();
        // A differing value's distance from its column's common value.
        let off = |j: u32, v: f64| v - x.common[j as usize].unwrap_or(0.0);
        for i in from..to {
            let row = x.dense(i);
            let diffs = x.diff(i);
            for (c, zc) in z.iter_mut().enumerate() {
                let t = &theta[c * w..(c + 1) * w];
                let dot = row.iter().zip(&coef[c * pd..(c + 1) * pd]);
                *zc = base[c]
                    + dot.map(|(a, b)| a * b).sum::<f64>()
                    + diffs
                        .iter()
                        .map(|&(j, v)| off(j, v) * t[j as usize])
                        .sum::<f64>();
            }
            let yi = self.y[i];
            if k == 1 {
                let yi = (yi == 1) as u8 as f64;
                loss.add(softplus(z[0]) - yi * z[0]);
                z[0] = sigmoid(z[0]) - yi;
            } else {
                let top = z.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                let zy = z[yi] - top;
                let mut total = 0.0;
                for zc in z.iter_mut() {
                    *zc = (*zc - top).exp();
                    total += *zc;
                }
                // ln Σ e^z - z_y, with z shifted by its maximum.
                loss.add(total.ln() - zy);
                for (c, e) in z.iter_mut().enumerate() {
                    *e = *e / total - (c == yi) as u8 as f64;
                }
            }
            // z now holds each block's residual.
            for (c, &r) in z.iter().enumerate() {
                let gd = &mut dense_grad[c * pd..(c + 1) * pd];
                gd.iter_mut().zip(row).for_each(|(g, a)| *g += r * a);
                let gc = &mut grad[c * w..(c + 1) * w];
                for &(j, v) in diffs {
                    gc[j as usize] += r * off(j, v);
                }
                gc[p] += r;
                residuals[c] += r;
            }
        }
        for c in 0..k {
            let gc = &mut grad[c * w..(c + 1) * w];
            for (d, &j) in x.dense_cols.iter().enumerate() {
                gc[j] += dense_grad[c * pd + d];
            }
            for &(j, a) in &self.sparse {
                gc[j] += a * residuals[c];
            }
        }
        loss
    }

    /// The objective (mean loss + penalty / n) and its gradient, over all rows on every core.
    fn eval(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let n = self.rows();
        let parts = n.div_ceil(CHUNK);
        let done = crate::core::num::parallel::parallel_map(parts, |c| {
            let mut g = vec![0.0; theta.len()];
            let loss = self.chunk(theta, c * CHUNK, ((c + 1) * CHUNK).min(n), &mut g);
            (loss, g)
        });
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut loss = Compensated::default();
        for (l, g) in done {
            loss.merge(l);
            grad.iter_mut().zip(&g).for_each(|(a, b)| *a += b);
        }
        let scale = 1.0 / n.max(1) as f64;
        let w = self.p + 1;
        let mut penalty = 0.0;
        for (j, (g, t)) in grad.iter_mut().zip(theta).enumerate() {
            *g *= scale;
            if j % w != self.p {
                *g += self.alpha * scale * t;
                penalty += t * t;
            }
        }
        loss.total() * scale + 0.5 * self.alpha * scale * penalty
    }
}

/// The fitting options (scikit-learn's names: `alpha` = 1/C).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub alpha: f64,
    pub max_iterations: usize,
    pub tol: f64,
}

/// Fit on the rows of `x` and their class indices `y` (at least two distinct classes).
pub fn fit(
    x: &Array2<f64>,
    y: &[usize],
    options: Options,
    keep_going: &mut dyn FnMut() -> bool,
) -> Logistic {
    let mut classes: Vec<usize> = y.to_vec();
    classes.sort_unstable();
    classes.dedup();
    let position = |c: usize| classes.binary_search(&c).unwrap_or(0);
    let xs = super::features::row_major(x);
    let problem = Problem::new(
        &xs,
        x.ncols(),
        y.iter().map(|&c| position(c)).collect(),
        if classes.len() == 2 { 1 } else { classes.len() },
        options.alpha,
    );
    let w = problem.p + 1;
    let out = lbfgs::minimize(
        vec![0.0; problem.blocks * w],
        options.max_iterations,
        options.tol,
        &mut |theta, grad| problem.eval(theta, grad),
        keep_going,
    );
    let coef = out.x.chunks(w).map(|t| t[..problem.p].to_vec()).collect();
    let intercept = out.x.chunks(w).map(|t| t[problem.p]).collect();
    Logistic {
        classes,
        coef,
        intercept,
        iterations: out.iterations,
        converged: out.converged,
    }
}

impl Logistic {
    /// Each row's probability of each of `k` classes (classes not seen in training get 0).
    pub fn predict_proba(&self, x: &Array2<f64>, k: usize) -> Vec<Vec<f64>> {
        let k = k.max(self.classes.iter().max().map_or(0, |m| m + 1));
        x.rows()
            .into_iter()
            .map(|row| {
                let z: Vec<f64> = self
                    .coef
                    .iter()
                    .zip(&self.intercept)
                    .map(|(c, b)| b + row.iter().zip(c).map(|(a, w)| a * w).sum::<f64>())
                    .collect();
                let mut out = vec![0.0; k];
                if let [z] = z[..] {
                    let p1 = sigmoid(z);
                    out[self.classes[1]] = p1;
                    out[self.classes[0]] = 1.0 - p1;
                } else {
                    let top = z.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    let e: Vec<f64> = z.iter().map(|v| (v - top).exp()).collect();
                    let total: f64 = e.iter().sum();
                    for (&c, v) in self.classes.iter().zip(&e) {
                        out[c] = v / total;
                    }
                }
                out
            })
            .collect()
    }

    /// Each row's class: the most probable, ties to the lower class (scikit-learn's argmax;
    /// for two classes the larger class only when its probability is above one half).
    pub fn predict(&self, proba: &[Vec<f64>]) -> Vec<usize> {
        proba
            .iter()
            .map(|p| {
                self.classes
                    .iter()
                    .copied()
                    .fold(
                        self.classes[0],
                        |best, c| if p[c] > p[best] { c } else { best },
                    )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gradient of the objective by central differences, independent of `eval`'s own.
    fn numeric_gradient(problem: &Problem, theta: &[f64]) -> Vec<f64> {
        let mut scratch = vec![0.0; theta.len()];
        (0..theta.len())
            .map(|j| {
                let h = 1e-6;
                let mut a = theta.to_vec();
                let mut b = theta.to_vec();
                a[j] += h;
                b[j] -= h;
                (problem.eval(&a, &mut scratch) - problem.eval(&b, &mut scratch)) / (2.0 * h)
            })
            .collect()
    }

    #[test]
    fn the_gradient_is_the_objectives() {
        // Three dense columns, then two sparse ones (a common value, two rows off it) that
        // take the differences path.
        let x = Array2::from_shape_fn((40, 5), |(i, j)| match j {
            0..=2 => ((i * 7 + j * 3) % 11) as f64 / 5.0 - 1.0,
            _ if (i + j) % 20 == 0 => 1.7 - j as f64,
            _ => 0.3,
        });
        for (p, classes) in [(3, 2usize), (3, 4), (5, 2), (5, 4)] {
            let x = Array2::from_shape_fn((40, p), |(i, j)| x[[i, j]]);
            let y: Vec<usize> = (0..40).map(|i| (i * 5 + i / 3) % classes).collect();
            let xs = crate::core::model::features::row_major(&x);
            let blocks = if classes == 2 { 1 } else { classes };
            let problem = Problem::new(&xs, p, y.clone(), blocks, 0.7);
            assert_eq!(problem.sparse.len(), p - 3);
            let theta: Vec<f64> = (0..problem.blocks * (p + 1))
                .map(|j| (j as f64 * 0.37).sin())
                .collect();
            let mut g = vec![0.0; theta.len()];
            problem.eval(&theta, &mut g);
            for (a, b) in g.iter().zip(numeric_gradient(&problem, &theta)) {
                assert!((a - b).abs() < 1e-7, "{a} vs {b}");
            }
            // The loss is the plain sum over the full rows.
            let plain: f64 = (0..40)
                .map(|i| {
                    let z: Vec<f64> = (0..blocks)
                        .map(|c| {
                            let t = &theta[c * (p + 1)..(c + 1) * (p + 1)];
                            t[p] + (0..p).map(|j| x[[i, j]] * t[j]).sum::<f64>()
                        })
                        .collect();
                    if blocks == 1 {
                        softplus(z[0]) - (y[i] == 1) as u8 as f64 * z[0]
                    } else {
                        z.iter().map(|v| v.exp()).sum::<f64>().ln() - z[y[i]]
                    }
                })
                .sum::<f64>();
            let penalty: f64 = theta
                .iter()
                .enumerate()
                .filter(|(j, _)| j % (p + 1) != p)
                .map(|(_, t)| t * t)
                .sum();
            let want = plain / 40.0 + 0.5 * 0.7 / 40.0 * penalty;
            assert!((problem.eval(&theta, &mut g) - want).abs() < 1e-12);
        }
    }
}
