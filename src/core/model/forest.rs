//! A random forest classifier, lathe's own, on lathe's CART trees (`tree`): scikit-learn's
//! `RandomForestClassifier` (bootstrap samples, sqrt(p) features tried per split, probabilities
//! the trees' mean), seeded, the trees grown on all cores.

use crate::core::model::ModelError;
use ndarray::Array2;

use super::models::Stop;
use super::prepared::Prepared;
use super::tree::{Growth, Tree};
use crate::core::num::rng::SplitMix;

/// A random forest: trees on bootstrap samples, each split choosing among √p random features;
/// probabilities are the trees' mean (scikit-learn's `RandomForestClassifier`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Forest {
    trees: Vec<Tree>,
    classes: usize,
}

/// How a forest grows: its trees, their depth and split limits, and the seed.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub n_trees: usize,
    pub max_depth: usize,
    pub min_split: usize,
    pub seed: u64,
}

impl Forest {
    pub fn fit(x: &Array2<f64>, y: &[usize], k: usize, options: Options, stop: Stop) -> Forest {
        let Options {
            n_trees,
            max_depth,
            min_split,
            seed,
        } = options;
        let n = y.len();
        let p = x.ncols();
        let max_features = ((p as f64).sqrt().round() as usize).max(1);
        // Each tree's seed from one generator, so the forest is one function of `seed`; the
        // trees are grown on both cores.
        let mut rng = SplitMix::new(seed);
        let seeds: Vec<u64> = (0..n_trees).map(|_| rng.next_u64()).collect();
        let Some(data) = Prepared::new_until(x, stop) else {
            // Stopped while laying out the data: no trees, and the caller discards the forest.
            return Forest {
                trees: Vec::new(),
                classes: k,
            };
        };
        // Once `stop` says so, the trees not started are left out (and the one growing
        // finishes as leaves): the caller discards a stopped forest.
        let trees = crate::core::num::parallel::parallel_map(n_trees, |t| {
            if stop() {
                return None;
            }
            let mut r = SplitMix::new(seeds[t]);
            let mut weight = vec![0u32; n];
            for _ in 0..n {
                weight[r.below(n as u64) as usize] += 1;
            }
            let rows: Vec<usize> = (0..n).filter(|&i| weight[i] > 0).collect();
            let growth = Growth {
                max_depth,
                min_split,
                max_features,
                seed: r.next_u64(),
            };
            Some(Tree::grow(&data, y, &weight, k, &rows, growth, stop))
        });
        Forest {
            trees: trees.into_iter().flatten().collect(),
            classes: k,
        }
    }

    /// The trees' mean class shares of each row (summed in tree order, rows on all cores).
    /// Check a forest read from a file (see [`Tree::validate`]).
    pub fn validate(&self, d: usize, k: usize) -> Result<(), ModelError> {
        if self.trees.is_empty() {
            return Err(ModelError::Invalid("the forest has no trees".into()));
        }
        if self.classes != k {
            return Err(ModelError::Invalid(format!(
                "the forest has {} classes, the model {k}",
                self.classes
            )));
        }
        for (i, t) in self.trees.iter().enumerate() {
            t.validate(d, k)
                .map_err(|e| ModelError::Invalid(format!("tree {}: {e}", i + 1)))?;
        }
        Ok(())
    }

    pub fn predict_proba(&self, x: &Array2<f64>) -> Vec<Vec<f64>> {
        let flats: Vec<_> = self.trees.iter().map(Tree::flat).collect();
        let n = self.trees.len().max(1) as f64;
        super::tree::rows_in_blocks(x.nrows(), |i| {
            let row = x.row(i);
            let mut sum = vec![0.0; self.classes];
            for t in &flats {
                for (a, v) in sum.iter_mut().zip(t.shares(row)) {
                    *a += v;
                }
            }
            sum.iter_mut().for_each(|v| *v /= n);
            sum
        })
    }

    pub fn predict(&self, x: &Array2<f64>) -> Vec<usize> {
        self.predict_proba(x)
            .iter()
            .map(|p| {
                (0..self.classes)
                    .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
                    .unwrap_or(0)
            })
            .collect()
    }

    /// Mean of the trees' importances.
    pub fn importances(&self) -> Vec<f64> {
        let p = self.trees.first().map_or(0, |t| t.importances().len());
        let mut out = vec![0.0; p];
        for t in &self.trees {
            for (o, v) in out.iter_mut().zip(t.importances()) {
                *o += v;
            }
        }
        let n = self.trees.len().max(1) as f64;
        out.iter().map(|v| v / n).collect()
    }
}
