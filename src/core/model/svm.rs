//! lathe's own linear support vector machine: scikit-learn's `LinearSVC` with its defaults
//! (squared hinge loss, L2 penalty, one machine per class against the rest, the intercept fitted
//! as the weight of a constant feature 1 and so penalised like the others: `intercept_scaling=1`),
//! solved as scikit-learn's `dual="auto"` solves it: with more rows than features the primal
//! (by lathe's L-BFGS), otherwise liblinear's dual coordinate descent (Hsieh et al., "A dual
//! coordinate descent method for large-scale linear SVM", ICML 2008) with shrinking. Both reach
//! the same optimum (the primal is strictly convex); they differ in how fast.
//!
//! It replaces linfa's SMO solver, which keeps a kernel matrix of the training rows: 26 GB for
//! 70,000 rows. Coordinate descent holds the rows and one multiplier per row, and a pass over the
//! data costs rows x features, so the fit's memory is that of the data.
//!
//! For each machine, with `y_i` = +1 for its class and -1 for the rest, the primal is
//! `min_w 1/2 |w|^2 + C sum_i max(0, 1 - y_i w.x_i)^2` and the dual
//! `min_a 1/2 a'(Q + D)a - sum a_i, a_i >= 0`, `Q_ij = y_i y_j x_i.x_j`, `D = I/(2C)`. One
//! coordinate step solves the dual exactly in `a_i` and updates `w = sum a_i y_i x_i` in place.
//! The fit stops when the projected gradient's spread over the rows is at most `tol` (liblinear's
//! rule; scikit-learn passes its `tol` to it), or after `max_iterations` passes over the rows,
//! which is reported as not converged, as scikit-learn's `ConvergenceWarning` does.

use crate::core::model::ModelError;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

use crate::core::num::rng::{shuffle, SplitMix};

/// One class against the rest: `w.x + intercept > 0` says the class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    pub class: usize,
    pub coef: Vec<f64>,
    pub intercept: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinearSvm {
    /// One machine (class 1, the larger label) for two classes, else one per class seen.
    pub machines: Vec<Machine>,
    /// With one machine, the class a row gets when the decision is not positive.
    pub other: usize,
    /// Passes over the rows, the most any machine took.
    pub iterations: usize,
    /// Every machine met the stopping rule before the cap.
    pub converged: bool,
}

/// What the solver is told.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// scikit-learn's `C`: the weight of the margin violations against the penalty.
    pub c: f64,
    pub max_iterations: usize,
    pub tol: f64,
    /// Seeds the order rows are visited in (liblinear shuffles them each pass).
    pub seed: u64,
    /// Solve the dual by coordinate descent (true) or the primal by L-BFGS (false).
    /// scikit-learn's `dual="auto"` picks the primal when there are more rows than features,
    /// where the dual can take thousands of passes (digits: 1,000 and not converged);
    /// [`Options::auto_dual`] says the same.
    pub dual: bool,
}

impl Options {
    /// scikit-learn's `dual="auto"` for the squared hinge with an L2 penalty: the dual only
    /// when there are no more rows than features.
    pub fn auto_dual(rows: usize, features: usize) -> bool {
        rows <= features
    }
}

impl LinearSvm {
    /// Fit on `x` (one row per sample) and class indices `y`; `present` lists the
    /// classes seen in `y`, in order (at least two). `keep_going` is asked once per pass; false stops the
    /// fit where it is.
    pub fn fit(
        x: &Array2<f64>,
        y: &[usize],
        present: &[usize],
        options: Options,
        keep_going: &mut dyn FnMut() -> bool,
    ) -> LinearSvm {
        let rows = super::features::row_major(x);
        let d = x.ncols();
        // Squared norms of the rows with the constant feature, shared by every machine.
        let norms: Vec<f64> = (0..x.nrows())
            .map(|i| rows[i * d..(i + 1) * d].iter().map(|v| v * v).sum::<f64>() + 1.0)
            .collect();
        // Two classes: one machine, for the larger label (scikit-learn's `classes_[1]`).
        let (classes, other) = if present.len() == 2 {
            (vec![present[1]], present[0])
        } else {
            (present.to_vec(), present[0])
        };
        let mut machines = Vec::new();
        let (mut iterations, mut converged) = (0, true);
        for (m, &class) in classes.iter().enumerate() {
            let signs: Vec<f64> = y
                .iter()
                .map(|&v| if v == class { 1.0 } else { -1.0 })
                .collect();
            let seed = options.seed.wrapping_add(m as u64);
            let (machine, passes, done) = if options.dual {
                solve(&rows, d, &norms, &signs, options, seed, keep_going)
            } else {
                solve_primal(&rows, d, &signs, options, keep_going)
            };
            iterations = iterations.max(passes);
            converged &= done;
            machines.push(Machine {
                class,
                coef: machine[..d].to_vec(),
                intercept: machine[d],
            });
        }
        LinearSvm {
            machines,
            other,
            iterations,
            converged,
        }
    }

    /// The decision value of each machine for one row.
    pub fn decisions<'a>(&'a self, row: &'a [f64]) -> impl Iterator<Item = (usize, f64)> + 'a {
        self.machines.iter().map(move |m| {
            let s: f64 = m.coef.iter().zip(row).map(|(w, v)| w * v).sum();
            (m.class, s + m.intercept)
        })
    }

    /// The class of each row: for one machine, its class when the decision is positive and the
    /// other class otherwise; for several, the largest decision (ties to the smaller class), as
    /// scikit-learn's one-vs-rest does.
    pub fn predict(&self, x: &Array2<f64>) -> Vec<usize> {
        let rows = super::features::row_major(x);
        let d = x.ncols();
        (0..x.nrows())
            .map(|i| {
                let row = &rows[i * d..(i + 1) * d];
                if self.machines.len() == 1 {
                    match self.decisions(row).next() {
                        Some((c, v)) if v > 0.0 => c,
                        _ => self.other,
                    }
                } else {
                    self.decisions(row)
                        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                        .map_or(0, |(c, _)| c)
                }
            })
            .collect()
    }

    /// Check a model read from a file: what predicting relies on.
    pub fn validate(&self, features: usize) -> Result<(), ModelError> {
        if self.machines.is_empty() {
            return Err(ModelError::Invalid("the linear SVM has no machines".into()));
        }
        for m in &self.machines {
            if m.coef.len() != features {
                return Err(ModelError::Invalid(format!(
                    "a linear SVM machine has {} coefficients for {features} features",
                    m.coef.len()
                )));
            }
            if !m.coef.iter().chain([&m.intercept]).all(|v| v.is_finite()) {
                return Err(ModelError::Invalid(
                    "a linear SVM machine holds a number that is not finite".into(),
                ));
            }
        }
        Ok(())
    }
}

/// The primal for one machine, `1/2 |w|^2 + C sum max(0, 1 - y_i (w.x_i + b))^2` with `b`
/// penalised as the weight of a constant 1, by L-BFGS (the objective is once continuously
/// differentiable). Stopping as liblinear's primal solver does for it, scaled: the gradient's
/// largest entry at most `tol * max(min(positives, negatives), 1) / rows` times its largest at
/// the start (liblinear uses the 2-norm; the largest entry is lathe's L-BFGS rule).
fn solve_primal(
    rows: &[f64],
    d: usize,
    signs: &[f64],
    options: Options,
    keep_going: &mut dyn FnMut() -> bool,
) -> (Vec<f64>, usize, bool) {
    let n = signs.len();
    let c = options.c;
    let mut eval = |w: &[f64], grad: &mut [f64]| -> f64 {
        grad.copy_from_slice(w);
        let mut loss = 0.0;
        for (i, &y) in signs.iter().enumerate() {
            let x = &rows[i * d..(i + 1) * d];
            let dot: f64 = w[..d].iter().zip(x).map(|(a, b)| a * b).sum::<f64>() + w[d];
            let slack = 1.0 - y * dot;
            if slack > 0.0 {
                loss += slack * slack;
                let f = -2.0 * c * slack * y;
                for (g, v) in grad[..d].iter_mut().zip(x) {
                    *g += f * v;
                }
                grad[d] += f;
            }
        }
        0.5 * w.iter().map(|v| v * v).sum::<f64>() + c * loss
    };
    let mut g0 = vec![0.0; d + 1];
    eval(&vec![0.0; d + 1], &mut g0);
    let positives = signs.iter().filter(|&&y| y > 0.0).count();
    let fewer = positives.min(n - positives).max(1) as f64;
    let start = g0.iter().fold(0.0f64, |m, g| m.max(g.abs()));
    let gtol = options.tol * fewer / n.max(1) as f64 * start;
    let out = super::lbfgs::minimize(
        vec![0.0; d + 1],
        options.max_iterations,
        gtol,
        &mut eval,
        keep_going,
    );
    (out.x, out.iterations, out.converged)
}

/// Dual coordinate descent for one machine (liblinear's `solve_l2r_l1l2_svc` for the squared
/// hinge): the weights with the intercept last, the passes taken, and whether it converged.
fn solve(
    rows: &[f64],
    d: usize,
    norms: &[f64],
    signs: &[f64],
    options: Options,
    seed: u64,
    keep_going: &mut dyn FnMut() -> bool,
) -> (Vec<f64>, usize, bool) {
    let n = signs.len();
    let diag = 0.5 / options.c;
    let mut w = vec![0.0; d + 1];
    let mut alpha = vec![0.0; n];
    let mut index: Vec<usize> = (0..n).collect();
    let mut active = n;
    // The largest projected gradient of the last pass (liblinear also keeps the smallest, for
    // rows at an upper bound, which the squared hinge does not have).
    let mut pg_max_old = f64::INFINITY;
    let mut rng = SplitMix::new(seed);
    let mut pass = 0;
    let row = |i: usize| &rows[i * d..(i + 1) * d];
    while pass < options.max_iterations {
        if !keep_going() {
            return (w, pass, false);
        }
        let (mut pg_max, mut pg_min) = (f64::NEG_INFINITY, f64::INFINITY);
        shuffle(&mut index[..active], &mut rng);
        let mut s = 0;
        while s < active {
            let i = index[s];
            let (xi, yi) = (row(i), signs[i]);
            let dot: f64 = w[..d].iter().zip(xi).map(|(a, b)| a * b).sum::<f64>() + w[d];
            let g = yi * dot - 1.0 + alpha[i] * diag;
            let pg = if alpha[i] == 0.0 {
                if g > pg_max_old {
                    // Shrinking: a row at its bound whose gradient points outwards stays there.
                    active -= 1;
                    index.swap(s, active);
                    continue;
                }
                g.min(0.0)
            } else {
                g
            };
            pg_max = pg_max.max(pg);
            pg_min = pg_min.min(pg);
            if pg.abs() > 1e-12 {
                let old = alpha[i];
                alpha[i] = (old - g / (norms[i] + diag)).max(0.0);
                let step = (alpha[i] - old) * yi;
                for (wj, v) in w[..d].iter_mut().zip(xi) {
                    *wj += step * v;
                }
                w[d] += step;
            }
            s += 1;
        }
        pass += 1;
        if pg_max - pg_min <= options.tol {
            if active == n {
                return (w, pass, true);
            }
            // Converged on the active rows: check every row once more before stopping.
            active = n;
            pg_max_old = f64::INFINITY;
            continue;
        }
        pg_max_old = if pg_max <= 0.0 { f64::INFINITY } else { pg_max };
    }
    (w, pass, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The primal objective's gradient at the solution is (near) zero: the fit reached the
    /// optimum of the stated objective, whatever order the rows were visited in.
    #[test]
    fn the_fit_reaches_the_primal_optimum() {
        let mut rng = SplitMix::new(9);
        let n = 300;
        let mut data = Vec::new();
        let mut y = Vec::new();
        for i in 0..n {
            let a = (rng.below(1000) as f64) / 100.0 - 5.0;
            let b = (rng.below(1000) as f64) / 100.0 - 5.0;
            data.extend([a, b]);
            y.push(usize::from(
                a + 0.5 * b + ((i % 7) as f64 - 3.0) * 0.3 > 0.2,
            ));
        }
        let x = Array2::from_shape_vec((n, 2), data).unwrap();
        let c = 0.7;
        let fit = |seed| {
            LinearSvm::fit(
                &x,
                &y,
                &[0, 1],
                Options {
                    c,
                    max_iterations: 10_000,
                    tol: 1e-10,
                    seed,
                    dual: true,
                },
                &mut || true,
            )
        };
        let m = fit(1);
        assert!(m.converged);
        let machine = &m.machines[0];
        assert_eq!(machine.class, 1);
        // Gradient of 1/2|w|^2 + C sum max(0, 1 - y w.x)^2 over (w, b), b penalised too.
        let mut grad = [machine.coef[0], machine.coef[1], machine.intercept];
        for (row, &label) in x.rows().into_iter().zip(&y) {
            let s = if label == 1 { 1.0 } else { -1.0 };
            let margin =
                s * (machine.coef[0] * row[0] + machine.coef[1] * row[1] + machine.intercept);
            if margin < 1.0 {
                let f = -2.0 * c * (1.0 - margin) * s;
                grad[0] += f * row[0];
                grad[1] += f * row[1];
                grad[2] += f;
            }
        }
        assert!(grad.iter().all(|g| g.abs() < 1e-6), "{grad:?}");
        // Another visiting order reaches the same weights.
        let other = fit(77);
        for (a, b) in machine.coef.iter().zip(&other.machines[0].coef) {
            assert!((a - b).abs() < 1e-7, "{a} vs {b}");
        }
    }

    #[test]
    fn the_iteration_cap_is_reported_as_not_converged() {
        let x = Array2::from_shape_vec((4, 1), vec![0.0, 1.0, 2.0, 3.0]).unwrap();
        let m = LinearSvm::fit(
            &x,
            &[0, 1, 0, 1],
            &[0, 1],
            Options {
                c: 1.0,
                max_iterations: 1,
                tol: 1e-12,
                seed: 0,
                dual: true,
            },
            &mut || true,
        );
        assert_eq!((m.iterations, m.converged), (1, false));
    }
}
