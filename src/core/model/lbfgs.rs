//! L-BFGS: a limited-memory quasi-Newton minimiser for smooth objectives, the solver
//! scikit-learn's `lbfgs` runs (through scipy). The caller evaluates the objective and its
//! gradient in one pass (`eval` fills the gradient and returns the value), which is what makes
//! the fits fast: every iteration costs one pass over the data, two at most when the line search
//! has to shorten the step.
//!
//! Stopping follows scipy's L-BFGS-B as scikit-learn calls it: converged when the largest
//! gradient entry is at most `gtol`, or when a step lowers the objective by less than
//! `64 * f64::EPSILON` relative to its size; otherwise the iteration cap is reported as hit.

use std::collections::VecDeque;

/// Pairs of steps and gradient changes kept (scipy's default `maxcor`).
const MEMORY: usize = 10;
/// Objective evaluations the line search may try in one iteration (scikit-learn's `maxls`).
const LINE_SEARCH_TRIES: usize = 50;
/// Sufficient decrease (Armijo) constant.
const ARMIJO: f64 = 1e-4;

/// What a minimisation found.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub x: Vec<f64>,
    /// Iterations taken (scikit-learn's `n_iter_`).
    pub iterations: usize,
    pub converged: bool,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// Minimise from `x0`, for at most `max_iterations` iterations, until the largest gradient entry
/// is at most `gtol`. `keep_going` is asked before each iteration; false stops the run (the
/// outcome is then not converged).
pub fn minimize(
    x0: Vec<f64>,
    max_iterations: usize,
    gtol: f64,
    eval: &mut dyn FnMut(&[f64], &mut [f64]) -> f64,
    keep_going: &mut dyn FnMut() -> bool,
) -> Outcome {
    let n = x0.len();
    let mut x = x0;
    let mut g = vec![0.0; n];
    let mut f = eval(&x, &mut g);
    let mut history: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::with_capacity(MEMORY);
    let mut iterations = 0;
    let mut converged = max_abs(&g) <= gtol;
    let mut g_new = vec![0.0; n];
    let mut x_new = vec![0.0; n];
    while !converged && iterations < max_iterations && keep_going() {
        // An objective or gradient that has overflowed has no descent direction to follow
        // (inputs are checked before fits; this keeps a solver from stepping on NaN).
        if !f.is_finite() || !g.iter().all(|v| v.is_finite()) {
            break;
        }
        // The search direction: minus the inverse Hessian estimate times the gradient (the
        // two-loop recursion), scaled by the newest curvature pair.
        let mut d: Vec<f64> = g.iter().map(|v| -v).collect();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, y, rho) in history.iter().rev() {
            let a = rho * dot(s, &d);
            d.iter_mut().zip(y).for_each(|(di, yi)| *di -= a * yi);
            alphas.push(a);
        }
        if let Some((s, y, _)) = history.back() {
            let gamma = dot(s, y) / dot(y, y);
            d.iter_mut().for_each(|v| *v *= gamma);
        }
        for ((s, y, rho), a) in history.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(y, &d);
            d.iter_mut().zip(s).for_each(|(di, si)| *di += (a - b) * si);
        }
        let mut slope = dot(&g, &d);
        if slope >= 0.0 || !slope.is_finite() {
            // Not a descent direction (rounding): restart from steepest descent.
            history.clear();
            d = g.iter().map(|v| -v).collect();
            slope = -dot(&g, &g);
        }
        // The first step has no curvature to scale it: a unit-length move, as L-BFGS-B takes.
        let mut step = if history.is_empty() {
            (1.0 / dot(&d, &d).sqrt()).min(1.0)
        } else {
            1.0
        };
        let mut accepted = None;
        for _ in 0..LINE_SEARCH_TRIES {
            x_new
                .iter_mut()
                .zip(&x)
                .zip(&d)
                .for_each(|((xn, xi), di)| *xn = xi + step * di);
            let f_try = eval(&x_new, &mut g_new);
            if f_try.is_finite() && f_try <= f + ARMIJO * step * slope {
                accepted = Some(f_try);
                break;
            }
            // Shorten by the minimum of the quadratic through f(0), f'(0) and f(step),
            // kept within a tenth and a half of the step.
            let next = if f_try.is_finite() {
                -slope * step * step / (2.0 * (f_try - f - slope * step))
            } else {
                0.1 * step
            };
            step = if next.is_nan() {
                0.1 * step
            } else {
                next.clamp(0.1 * step, 0.5 * step)
            };
        }
        let Some(f_new) = accepted else {
            // No step lowers the objective: as far as rounding lets it go.
            break;
        };
        iterations += 1;
        let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        // Keep the pair only with positive curvature, so the estimate stays positive definite.
        if sy > 1e-10 * dot(&y, &y) {
            if history.len() == MEMORY {
                history.pop_front();
            }
            history.push_back((s, y, 1.0 / sy));
        }
        let reduction = (f - f_new) / f.abs().max(f_new.abs()).max(1.0);
        std::mem::swap(&mut x, &mut x_new);
        std::mem::swap(&mut g, &mut g_new);
        f = f_new;
        converged = max_abs(&g) <= gtol || reduction <= 64.0 * f64::EPSILON;
    }
    Outcome {
        x,
        iterations,
        converged,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// f(a, b) = (1 - a)^2 + 100 (b - a^2)^2, minimum 0 at (1, 1); fills the gradient.
    fn rosenbrock(x: &[f64], g: &mut [f64]) -> f64 {
        let (a, b) = (x[0], x[1]);
        g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
        g[1] = 200.0 * (b - a * a);
        (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
    }

    #[test]
    fn finds_the_minimum_of_rosenbrock() {
        let mut eval = rosenbrock;
        let out = minimize(vec![-1.2, 1.0], 200, 1e-8, &mut eval, &mut || true);
        assert!(out.converged, "{out:?}");
        assert!((out.x[0] - 1.0).abs() < 1e-6 && (out.x[1] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn an_overflowed_gradient_stops_without_converging() {
        let mut eval = |x: &[f64], g: &mut [f64]| {
            g[0] = f64::INFINITY;
            x[0]
        };
        let out = minimize(vec![1.0], 100, 1e-8, &mut eval, &mut || true);
        assert_eq!((out.iterations, out.converged), (0, false));
    }

    #[test]
    fn reports_the_cap_and_a_stop() {
        let mut eval = rosenbrock;
        let out = minimize(vec![-1.2, 1.0], 3, 1e-8, &mut eval, &mut || true);
        assert_eq!(out.iterations, 3);
        assert!(!out.converged);
        let out = minimize(vec![-1.2, 1.0], 100, 1e-8, &mut eval, &mut || false);
        assert_eq!(out.iterations, 0);
        assert!(!out.converged);
    }
}
