//! k-means, lathe's own: k-means++ starts (scikit-learn's greedy variant), Lloyd iterations with
//! the assignment step spread over the cores, and scikit-learn's stopping rule (the squared
//! shift of the centres below `1e-4` times the mean feature variance). Deterministic for a seed.
//!
//! Why not linfa-clustering's `KMeans`: it was 2.4-2.9x slower than scikit-learn on 1M rows
//! (BENCHMARKS.md), computing each point-to-centre distance separately on one core.

use ndarray::Array2;

use super::rng::SplitMix;

/// A fitted clustering.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct KMeans {
    pub centres: Vec<Vec<f64>>,
    pub inertia: f64,
    pub iterations: usize,
    /// Whether the kept run met the stopping rule before the iteration cap (files saved before
    /// this field read as not known: false).
    #[serde(default)]
    pub converged: bool,
}

fn sq(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// Each row's nearest centre and squared distance, each centre's row sums, and its row count.
type Pass = (Vec<(usize, f64)>, Vec<Vec<f64>>, Vec<usize>);

/// Each row's nearest centre and squared distance, with each centre's row sums and counts, summed per
/// chunk on all cores and merged: one pass over the data per iteration.
fn assign_sum(xs: &[f64], p: usize, centres: &[Vec<f64>]) -> Pass {
    let k = centres.len();
    let n = xs.len() / p.max(1);
    let chunk = 8192;
    let parts = n.div_ceil(chunk);
    let norms: Vec<f64> = centres
        .iter()
        .map(|c| c.iter().map(|v| v * v).sum())
        .collect();
    let done = super::parallel::parallel_map(parts, |c| {
        let (from, to) = (c * chunk, ((c + 1) * chunk).min(n));
        let mut sums = vec![vec![0.0; p]; k];
        let mut counts = vec![0usize; k];
        let labels: Vec<(usize, f64)> = (from..to)
            .map(|i| {
                let row = &xs[i * p..(i + 1) * p];
                let mut best = (0, f64::INFINITY);
                for (j, (c, nc)) in centres.iter().zip(&norms).enumerate() {
                    let dot: f64 = row.iter().zip(c).map(|(a, b)| a * b).sum();
                    let d = nc - 2.0 * dot;
                    if d < best.1 {
                        best = (j, d);
                    }
                }
                counts[best.0] += 1;
                for (s, v) in sums[best.0].iter_mut().zip(row) {
                    *s += v;
                }
                let own: f64 = row.iter().map(|v| v * v).sum();
                (best.0, (best.1 + own).max(0.0))
            })
            .collect();
        (labels, sums, counts)
    });
    let mut labels = Vec::with_capacity(n);
    let mut sums = vec![vec![0.0; p]; k];
    let mut counts = vec![0usize; k];
    // Merged in chunk order, so the sums do not depend on which thread ran what.
    for (l, s, c) in done {
        labels.extend(l);
        for j in 0..k {
            counts[j] += c[j];
            for (a, b) in sums[j].iter_mut().zip(&s[j]) {
                *a += b;
            }
        }
    }
    (labels, sums, counts)
}

/// `min(nearest[i], |row i - cand|^2)` for every row, on all cores.
fn closer(xs: &[f64], p: usize, nearest: &[f64], cand: &[f64]) -> Vec<f64> {
    let n = nearest.len();
    let chunk = 8192;
    let parts = n.div_ceil(chunk);
    super::parallel::parallel_map(parts, |c| {
        let (from, to) = (c * chunk, ((c + 1) * chunk).min(n));
        (from..to)
            .map(|i| nearest[i].min(sq(&xs[i * p..(i + 1) * p], cand)))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// k-means++ starts: each next centre drawn with probability proportional to the squared
/// distance to the nearest chosen one, the best of `2 + ln k` candidates kept.
fn starts(xs: &[f64], p: usize, k: usize, rng: &mut SplitMix) -> Vec<Vec<f64>> {
    let n = xs.len() / p.max(1);
    let row = |i: usize| xs[i * p..(i + 1) * p].to_vec();
    let uniform = |rng: &mut SplitMix| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let mut centres = vec![row(rng.below(n as u64) as usize)];
    let mut nearest = closer(xs, p, &vec![f64::INFINITY; n], &centres[0]);
    let trials = 2 + (k as f64).ln() as usize;
    while centres.len() < k {
        let total: f64 = nearest.iter().sum();
        let mut best: Option<(f64, usize, Vec<f64>)> = None;
        for _ in 0..trials {
            // Draw a row by its share of the total squared distance.
            let target = uniform(rng) * total;
            let mut acc = 0.0;
            let mut pick = n - 1;
            for (i, d) in nearest.iter().enumerate() {
                acc += d;
                if acc >= target {
                    pick = i;
                    break;
                }
            }
            let updated = closer(xs, p, &nearest, &xs[pick * p..(pick + 1) * p]);
            let cost: f64 = updated.iter().sum();
            if best.as_ref().is_none_or(|b| cost < b.0) {
                best = Some((cost, pick, updated));
            }
        }
        let (_, pick, updated) = best.expect("at least one trial");
        centres.push(row(pick));
        nearest = updated;
    }
    centres
}

/// Fit `k` clusters; `runs` starts, the lowest inertia kept.
pub fn fit(x: &Array2<f64>, k: usize, max_iterations: usize, runs: usize, seed: u64) -> KMeans {
    let (n, p) = x.dim();
    let mean_var = (0..p)
        .map(|j| {
            let c = x.column(j);
            let m = c.sum() / n as f64;
            c.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n as f64
        })
        .sum::<f64>()
        / p.max(1) as f64;
    let tol = 1e-4 * mean_var;
    let xs = super::features::row_major(x);
    let mut rng = SplitMix::new(seed);
    let mut best: Option<KMeans> = None;
    for _ in 0..runs.max(1) {
        let mut centres = starts(&xs, p, k, &mut rng);
        let mut iterations = 0;
        let mut converged = false;
        let (mut labels, mut sums, mut counts) = assign_sum(&xs, p, &centres);
        for _ in 0..max_iterations {
            iterations += 1;
            // New centres: the means of their rows (an empty cluster keeps its centre).
            let mut shift = 0.0;
            for c in 0..k {
                if counts[c] > 0 {
                    let new: Vec<f64> = sums[c].iter().map(|s| s / counts[c] as f64).collect();
                    shift += sq(&new, &centres[c]);
                    centres[c] = new;
                }
            }
            let (next, next_sums, next_counts) = assign_sum(&xs, p, &centres);
            let same = next.iter().zip(&labels).all(|(a, b)| a.0 == b.0);
            labels = next;
            sums = next_sums;
            counts = next_counts;
            if same || shift <= tol {
                converged = true;
                break;
            }
        }
        let inertia = labels.iter().map(|l| l.1).sum();
        if best.as_ref().is_none_or(|b| inertia < b.inertia) {
            best = Some(KMeans {
                centres,
                inertia,
                iterations,
                converged,
            });
        }
    }
    best.expect("at least one run")
}

impl KMeans {
    /// The nearest centre of each row.
    pub fn predict(&self, x: &Array2<f64>) -> Vec<usize> {
        let p = x.ncols();
        assign_sum(&super::features::row_major(x), p, &self.centres)
            .0
            .into_iter()
            .map(|l| l.0)
            .collect()
    }
}
