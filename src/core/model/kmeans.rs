//! k-means, lathe's own: k-means++ starts (scikit-learn's greedy variant), Lloyd iterations with
//! the assignment step spread over the cores, and scikit-learn's stopping rule (the squared
//! shift of the centres below `1e-4` times the mean feature variance). Deterministic for a seed.
//!
//! The assignment keeps Hamerly's distance bounds per row, so after the first iterations most
//! rows are not measured against every centre: the same assignments as plain Lloyd (up to ties
//! closer than a rounding margin), with far fewer distances.
//!
//! Why not linfa-clustering's `KMeans`: it was 2.4-2.9x slower than scikit-learn on 1M rows
//! (BENCHMARKS.md), computing each point-to-centre distance separately on one core.

use ndarray::Array2;

use crate::core::num::rng::SplitMix;

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

/// The nearest centre of a row, its squared distance, and the squared distance to the second
/// nearest (infinite for one centre), with the centres one after another in one slice. Ties go
/// to the lower centre.
fn nearest(row: &[f64], centres: &[f64]) -> (usize, f64, f64) {
    let (mut best, mut first, mut second) = (0, f64::INFINITY, f64::INFINITY);
    for (j, c) in centres.chunks_exact(row.len().max(1)).enumerate() {
        let d = sq(row, c);
        if d < first {
            (best, first, second) = (j, d, first);
        } else if d < second {
            second = d;
        }
    }
    (best, first, second)
}

/// Rows per block of the assignment pass (a block's work is one task for a core).
const BLOCK: usize = 8192;

/// Hamerly's bounds for a block of rows: each row's centre, an upper bound on the distance to it
/// and a lower bound on the distance to any other centre (distances, not squares). The bounds
/// are kept relative to the centres' accumulated moves (see `Drift`), so a pass writes only the
/// rows it measures.
struct Block {
    from: usize,
    label: Vec<u32>,
    /// The upper bound less its centre's `Drift::moved` when it was set.
    upper: Vec<f64>,
    /// The lower bound plus `Drift::farthest` when it was set.
    lower: Vec<f64>,
}

/// How far the centres have moved since the start: each centre's summed moves, and the sum of
/// each iteration's largest move. A bound set when its centre had moved `m` grows by exactly
/// what the centre moved since, and a lower bound shrinks by at most the largest moves since.
struct Drift {
    moved: Vec<f64>,
    farthest: f64,
}

/// What one assignment pass over a block changes in each centre's row sums and counts, and how
/// many rows changed centre. The first pass adds every row; later passes move only the rows
/// that changed centre, so a row whose bounds hold is not read at all.
struct Tally {
    sums: Vec<Vec<f64>>,
    counts: Vec<i64>,
    changed: usize,
}

impl Tally {
    fn zero(k: usize, p: usize) -> Tally {
        Tally {
            sums: vec![vec![0.0; p]; k],
            counts: vec![0; k],
            changed: 0,
        }
    }

    fn add(&mut self, other: &Tally) {
        self.changed += other.changed;
        for (j, s) in self.sums.iter_mut().enumerate() {
            self.counts[j] += other.counts[j];
            for (a, b) in s.iter_mut().zip(&other.sums[j]) {
                *a += b;
            }
        }
    }

    fn put(&mut self, j: usize, row: &[f64], sign: f64) {
        self.counts[j] += sign as i64;
        for (s, v) in self.sums[j].iter_mut().zip(row) {
            *s += sign * v;
        }
    }
}

/// Room kept against rounding: a row is skipped only when its bounds prove the nearest centre
/// with this relative margin (of the distances and the accumulated moves), so the skipped rows
/// are exactly those Lloyd's pass would leave where they are, up to ties closer than that.
const MARGIN: f64 = 1e-9;

/// One Lloyd assignment with Hamerly's bounds (Hamerly 2010): a row whose upper bound is below
/// both its lower bound and half the distance from its centre to the closest other centre cannot
/// have changed, and is not measured (nor read). `first` measures every row and sets the bounds.
fn assign(
    xs: &[f64],
    p: usize,
    centres: &[Vec<f64>],
    half: &[f64],
    drift: &Drift,
    first: bool,
    block: &mut Block,
) -> Tally {
    let k = centres.len();
    let far = drift.farthest;
    let flat = centres.concat();
    let mut tally = Tally::zero(k, p);
    let row = |r: usize| &xs[(block.from + r) * p..(block.from + r + 1) * p];
    // The rows to measure against every centre. The work runs in phases over lists of rows
    // (bounds first, then the loose rows' own centre, then every centre for the rest), each a
    // tight loop.
    let mut measure: Vec<usize> = Vec::new();
    if first {
        measure.extend(0..block.label.len());
    } else {
        // Rows whose bounds, moved by the centres' drift, no longer prove their centre.
        let bound = |r: usize| (block.lower[r] - far).max(half[block.label[r] as usize]);
        let slack = |u: f64, bound: f64| u + MARGIN * (u.abs() + bound.abs() + far);
        let mut loose = vec![0; block.label.len()];
        let mut found = 0;
        for r in 0..block.label.len() {
            let upper = block.upper[r] + drift.moved[block.label[r] as usize];
            let b = bound(r);
            // Written always, kept when loose: no branch on the bounds' outcome.
            loose[found] = r;
            found += usize::from(slack(upper, b) >= b);
        }
        loose.truncate(found);
        // Tighten their upper bounds to the true distance and test again.
        let tight: Vec<f64> = loose
            .iter()
            .map(|&r| sq(row(r), &centres[block.label[r] as usize]).sqrt())
            .collect();
        for (r, upper) in loose.into_iter().zip(tight) {
            let a = block.label[r] as usize;
            let b = bound(r);
            if slack(upper, b) < b {
                block.upper[r] = upper - drift.moved[a];
            } else {
                measure.push(r);
            }
        }
    }
    for r in measure {
        let a = block.label[r] as usize;
        let (best, d1, d2) = nearest(row(r), &flat);
        if first {
            tally.put(best, row(r), 1.0);
        } else if best != a {
            tally.changed += 1;
            tally.put(a, row(r), -1.0);
            tally.put(best, row(r), 1.0);
        }
        block.label[r] = best as u32;
        block.upper[r] = d1.sqrt() - drift.moved[best];
        block.lower[r] = d2.sqrt() + far;
    }
    tally
}

/// One assignment pass over every block on all cores, the changes merged in block order (so the
/// sums do not depend on which thread ran what).
fn assign_all(
    xs: &[f64],
    p: usize,
    centres: &[Vec<f64>],
    drift: &Drift,
    first: bool,
    blocks: &mut [Block],
) -> Tally {
    let k = centres.len();
    // Half the distance from each centre to its closest other centre.
    let half: Vec<f64> = (0..k)
        .map(|j| {
            (0..k)
                .filter(|&i| i != j)
                .map(|i| sq(&centres[j], &centres[i]))
                .fold(f64::INFINITY, f64::min)
                .sqrt()
                / 2.0
        })
        .collect();
    let parts = crate::core::num::parallel::parallel_each_mut(blocks, |b| {
        assign(xs, p, centres, &half, drift, first, b)
    });
    let mut all = Tally::zero(centres.len(), p);
    for t in &parts {
        all.add(t);
    }
    all
}

/// Empty bounds for `n` rows in blocks (the first pass measures every row).
fn blocks(n: usize) -> Vec<Block> {
    (0..n.div_ceil(BLOCK))
        .map(|b| {
            let len = BLOCK.min(n - b * BLOCK);
            Block {
                from: b * BLOCK,
                label: vec![0; len],
                upper: vec![f64::INFINITY; len],
                lower: vec![0.0; len],
            }
        })
        .collect()
}

/// Each row's nearest centre and squared distance, on all cores.
fn labels(xs: &[f64], p: usize, centres: &[Vec<f64>]) -> Vec<(usize, f64)> {
    let n = xs.len() / p.max(1);
    let centres = centres.concat();
    crate::core::num::parallel::parallel_rows(n, BLOCK, |i| {
        let (j, d, _) = nearest(&xs[i * p..(i + 1) * p], &centres);
        (j, d)
    })
}

/// `min(nearest[i], |row i - cand|^2)` for every row, on all cores.
fn closer(xs: &[f64], p: usize, nearest: &[f64], cand: &[f64]) -> Vec<f64> {
    crate::core::num::parallel::parallel_rows(nearest.len(), 8192, |i| {
        nearest[i].min(sq(&xs[i * p..(i + 1) * p], cand))
    })
}

/// The k-means++ cost of each candidate row: the sum over rows of the squared distance to the
/// nearest chosen centre or the candidate, whichever is closer. One pass for all candidates on
/// all cores (the per-chunk sums added in chunk order).
fn costs(xs: &[f64], p: usize, nearest: &[f64], candidates: &[usize]) -> Vec<f64> {
    let n = nearest.len();
    let cands: Vec<&[f64]> = candidates
        .iter()
        .map(|&c| &xs[c * p..(c + 1) * p])
        .collect();
    let parts = crate::core::num::parallel::parallel_map(n.div_ceil(BLOCK), |b| {
        let mut sums = vec![0.0; cands.len()];
        for i in b * BLOCK..((b + 1) * BLOCK).min(n) {
            let row = &xs[i * p..(i + 1) * p];
            for (s, c) in sums.iter_mut().zip(&cands) {
                *s += nearest[i].min(sq(row, c));
            }
        }
        sums
    });
    let mut total = vec![0.0; candidates.len()];
    for part in parts {
        total.iter_mut().zip(part).for_each(|(t, s)| *t += s);
    }
    total
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
        // Running sums of the squared distances: a row is drawn by its share of the total.
        let mut acc = 0.0;
        let running: Vec<f64> = nearest
            .iter()
            .map(|d| {
                acc += d;
                acc
            })
            .collect();
        let total = acc;
        let picks: Vec<usize> = (0..trials)
            .map(|_| {
                let target = uniform(rng) * total;
                running.partition_point(|&a| a < target).min(n - 1)
            })
            .collect();
        let cost = costs(xs, p, &nearest, &picks);
        // The lowest cost, the first candidate on ties.
        let best = (0..trials).fold(0, |b, t| if cost[t] < cost[b] { t } else { b });
        let pick = picks[best];
        centres.push(row(pick));
        nearest = closer(xs, p, &nearest, &xs[pick * p..(pick + 1) * p]);
    }
    centres
}

/// Fit `k` clusters; `runs` starts, the lowest inertia kept.
pub fn fit(
    x: &Array2<f64>,
    k: usize,
    max_iterations: usize,
    runs: usize,
    seed: u64,
    stop: super::models::Stop,
) -> KMeans {
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
    for run in 0..runs.max(1) {
        if run > 0 && stop() {
            break;
        }
        let mut centres = starts(&xs, p, k, &mut rng);
        let mut iterations = 0;
        let mut converged = false;
        let mut bounds = blocks(n);
        // The running row sums and counts of each centre.
        let mut drift = Drift {
            moved: vec![0.0; k],
            farthest: 0.0,
        };
        let mut tally = assign_all(&xs, p, &centres, &drift, true, &mut bounds);
        for _ in 0..max_iterations {
            if stop() {
                break;
            }
            iterations += 1;
            // New centres: the means of their rows (an empty cluster keeps its centre).
            let mut shift = 0.0;
            let mut largest = 0.0f64;
            for (c, centre) in centres.iter_mut().enumerate() {
                if tally.counts[c] > 0 {
                    let new: Vec<f64> = tally.sums[c]
                        .iter()
                        .map(|s| s / tally.counts[c] as f64)
                        .collect();
                    let d = sq(&new, centre);
                    shift += d;
                    drift.moved[c] += d.sqrt();
                    largest = largest.max(d.sqrt());
                    *centre = new;
                }
            }
            drift.farthest += largest;
            let change = assign_all(&xs, p, &centres, &drift, false, &mut bounds);
            tally.add(&change);
            if change.changed == 0 || shift <= tol {
                converged = true;
                break;
            }
        }
        let inertia = {
            let (bounds, centres) = (&bounds, &centres);
            crate::core::num::parallel::parallel_map(bounds.len(), |b| {
                let block = &bounds[b];
                block
                    .label
                    .iter()
                    .enumerate()
                    .map(|(r, &j)| {
                        let i = block.from + r;
                        sq(&xs[i * p..(i + 1) * p], &centres[j as usize])
                    })
                    .sum::<f64>()
            })
            .into_iter()
            .sum()
        };
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
        labels(&super::features::row_major(x), p, &self.centres)
            .into_iter()
            .map(|l| l.0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain Lloyd from the same starts: every row measured against every centre each pass.
    fn lloyd(
        xs: &[f64],
        p: usize,
        k: usize,
        max: usize,
        tol: f64,
        seed: u64,
    ) -> (Vec<Vec<f64>>, Vec<usize>, usize) {
        let n = xs.len() / p;
        let assign = |c: &[Vec<f64>]| -> Vec<usize> {
            (0..n)
                .map(|i| nearest(&xs[i * p..(i + 1) * p], &c.concat()).0)
                .collect()
        };
        let mut centres = starts(xs, p, k, &mut SplitMix::new(seed));
        let mut labels = assign(&centres);
        let mut iterations = 0;
        for _ in 0..max {
            iterations += 1;
            let mut shift = 0.0;
            for (c, centre) in centres.iter_mut().enumerate() {
                let rows: Vec<usize> = (0..n).filter(|&i| labels[i] == c).collect();
                if rows.is_empty() {
                    continue;
                }
                let new: Vec<f64> = (0..p)
                    .map(|j| rows.iter().map(|&i| xs[i * p + j]).sum::<f64>() / rows.len() as f64)
                    .collect();
                shift += sq(&new, centre);
                *centre = new;
            }
            let next = assign(&centres);
            let same = next == labels;
            labels = next;
            if same || shift <= tol {
                break;
            }
        }
        (centres, labels, iterations)
    }

    #[test]
    fn bounds_skip_rows_without_changing_what_lloyd_finds() {
        // Overlapping clusters in uniform noise: many iterations, many rows near a boundary.
        let (n, p, k) = (20_000, 3, 8);
        let mut rng = SplitMix::new(7);
        let xs: Vec<f64> = (0..n * p)
            .map(|_| (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64)
            .collect();
        let x = Array2::from_shape_vec((n, p), xs.clone()).unwrap();
        let fitted = fit(&x, k, 300, 1, 11, &crate::core::model::models::never);
        // fit's tolerance, recomputed: 1e-4 times the mean feature variance.
        let tol = 1e-4
            * (0..p)
                .map(|j| {
                    let c = x.column(j);
                    let m = c.sum() / n as f64;
                    c.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / n as f64
                })
                .sum::<f64>()
            / p as f64;
        let (centres, labels, iterations) = lloyd(&xs, p, k, 300, tol, 11);
        assert!(iterations > 10, "too easy a test: {iterations} iterations");
        assert_eq!(fitted.iterations, iterations);
        assert_eq!(fitted.predict(&x), labels);
        for (a, b) in fitted.centres.iter().zip(&centres) {
            for (u, v) in a.iter().zip(b) {
                assert!((u - v).abs() < 1e-12, "{u} against {v}");
            }
        }
        let inertia: f64 = (0..n)
            .map(|i| sq(&xs[i * p..(i + 1) * p], &centres[labels[i]]))
            .sum();
        assert!((fitted.inertia - inertia).abs() < 1e-9 * inertia);
    }
}
