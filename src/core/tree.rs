//! A CART decision tree classifier (Gini impurity), lathe's own.
//!
//! Why not linfa-trees: version 0.8 keeps class counts in a `std::collections::HashMap`, whose
//! iteration order changes from run to run; its modal class and its (f32) impurity sums depend
//! on that order, so the same data and settings give different trees in two runs. lathe
//! promises the same numbers for the same seed, so this tree counts classes in vectors and
//! breaks ties in a fixed order (the first feature, then the lowest threshold).
//!
//! It follows scikit-learn's `DecisionTreeClassifier` (criterion "gini", thresholds halfway
//! between consecutive distinct values, `min_samples_split`, `max_depth`, probabilities as the
//! class shares of a leaf, importances as the normalised total impurity decrease), except that
//! features are tried in order rather than in a random permutation.

use ndarray::{Array2, ArrayView1};

use super::rng::SplitMix;

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
enum Node {
    Leaf {
        counts: Vec<usize>,
    },
    Split {
        feature: usize,
        threshold: f64,
        left: Box<Node>,
        right: Box<Node>,
    },
}

/// A fitted tree.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Tree {
    root: Node,
    classes: usize,
    importances: Vec<f64>,
}

fn gini(counts: &[usize], n: usize) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    1.0 - counts
        .iter()
        .map(|&c| {
            let p = c as f64 / n;
            p * p
        })
        .sum::<f64>()
}

struct Builder<'a> {
    x: &'a Array2<f64>,
    y: &'a [usize],
    k: usize,
    max_depth: usize,
    min_split: usize,
    decrease: Vec<f64>,
    /// Scratch: (value, row) of the node's rows for one feature.
    buf: Vec<(f64, usize)>,
    /// Features tried at each split: all, or a seeded random subset of this size (forests).
    max_features: usize,
    rng: SplitMix,
}

impl Builder<'_> {
    fn counts(&self, rows: &[usize]) -> Vec<usize> {
        let mut c = vec![0usize; self.k];
        for &r in rows {
            c[self.y[r]] += 1;
        }
        c
    }

    fn build(&mut self, rows: Vec<usize>, depth: usize) -> Node {
        let counts = self.counts(&rows);
        let n = rows.len();
        let parent = gini(&counts, n);
        if depth >= self.max_depth || n < self.min_split || parent == 0.0 {
            return Node::Leaf { counts };
        }
        // The best split: lowest weighted child impurity, first feature and lowest threshold
        // on ties.
        let mut best: Option<(f64, usize, f64)> = None;
        let p = self.x.ncols();
        let mut features: Vec<usize> = (0..p).collect();
        if self.max_features < p {
            super::rng::shuffle(&mut features, &mut self.rng);
            features.truncate(self.max_features);
            features.sort_unstable();
        }
        for f in features {
            self.buf.clear();
            self.buf.extend(rows.iter().map(|&r| (self.x[[r, f]], r)));
            self.buf
                .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut left = vec![0usize; self.k];
            for i in 0..n - 1 {
                left[self.y[self.buf[i].1]] += 1;
                let (v, next) = (self.buf[i].0, self.buf[i + 1].0);
                if v == next {
                    continue;
                }
                let nl = i + 1;
                let nr = n - nl;
                let right: Vec<usize> = counts.iter().zip(&left).map(|(c, l)| c - l).collect();
                let score = (nl as f64 * gini(&left, nl) + nr as f64 * gini(&right, nr)) / n as f64;
                if best.is_none_or(|(b, _, _)| score < b) {
                    let mut threshold = v + (next - v) / 2.0;
                    // Halfway can round up to the next value; keep it on the left's side.
                    if threshold >= next {
                        threshold = v;
                    }
                    best = Some((score, f, threshold));
                }
            }
        }
        let Some((score, feature, threshold)) = best else {
            return Node::Leaf { counts };
        };
        if score >= parent {
            return Node::Leaf { counts };
        }
        self.decrease[feature] += n as f64 * (parent - score);
        let (l, r): (Vec<usize>, Vec<usize>) = rows
            .into_iter()
            .partition(|&row| self.x[[row, feature]] <= threshold);
        Node::Split {
            feature,
            threshold,
            left: Box::new(self.build(l, depth + 1)),
            right: Box::new(self.build(r, depth + 1)),
        }
    }
}

impl Tree {
    /// Fit on rows of `x` with classes `y` (below `k`).
    pub fn fit(x: &Array2<f64>, y: &[usize], k: usize, max_depth: usize, min_split: usize) -> Tree {
        let rows: Vec<usize> = (0..y.len()).collect();
        Tree::fit_rows(x, y, k, &rows, max_depth, min_split, x.ncols(), 0)
    }

    /// Fit on the given rows (repeats allowed: a bootstrap sample), trying `max_features`
    /// features at each split, chosen with `seed`.
    #[allow(clippy::too_many_arguments)]
    pub fn fit_rows(
        x: &Array2<f64>,
        y: &[usize],
        k: usize,
        rows: &[usize],
        max_depth: usize,
        min_split: usize,
        max_features: usize,
        seed: u64,
    ) -> Tree {
        let mut b = Builder {
            x,
            y,
            k,
            max_depth,
            min_split: min_split.max(2),
            decrease: vec![0.0; x.ncols()],
            buf: Vec::with_capacity(rows.len()),
            max_features: max_features.clamp(1, x.ncols().max(1)),
            rng: SplitMix::new(seed),
        };
        let root = b.build(rows.to_vec(), 0);
        let total: f64 = b.decrease.iter().sum();
        let importances = if total > 0.0 {
            b.decrease.iter().map(|d| d / total).collect()
        } else {
            vec![0.0; x.ncols()]
        };
        Tree {
            root,
            classes: k,
            importances,
        }
    }

    fn leaf(&self, row: ArrayView1<f64>) -> &[usize] {
        let mut node = &self.root;
        loop {
            match node {
                Node::Leaf { counts } => return counts,
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    node = if row[*feature] <= *threshold {
                        left
                    } else {
                        right
                    };
                }
            }
        }
    }

    /// Class probabilities (the leaf's class shares) of each row.
    pub fn predict_proba(&self, x: &Array2<f64>) -> Vec<Vec<f64>> {
        x.rows()
            .into_iter()
            .map(|r| {
                let c = self.leaf(r);
                let n: usize = c.iter().sum();
                c.iter().map(|&v| v as f64 / n.max(1) as f64).collect()
            })
            .collect()
    }

    /// The most likely class of each row (the lowest class on ties).
    pub fn predict(&self, x: &Array2<f64>) -> Vec<usize> {
        x.rows()
            .into_iter()
            .map(|r| {
                let c = self.leaf(r);
                (0..self.classes)
                    .max_by_key(|&i| (c[i], std::cmp::Reverse(i)))
                    .unwrap_or(0)
            })
            .collect()
    }

    /// Normalised total impurity decrease per feature.
    pub fn importances(&self) -> &[f64] {
        &self.importances
    }

    /// Levels below the root.
    pub fn depth(&self) -> usize {
        fn d(n: &Node) -> usize {
            match n {
                Node::Leaf { .. } => 0,
                Node::Split { left, right, .. } => 1 + d(left).max(d(right)),
            }
        }
        d(&self.root)
    }
}

/// A random forest: trees on bootstrap samples, each split choosing among √p random features;
/// probabilities are the trees' mean (scikit-learn's `RandomForestClassifier`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Forest {
    trees: Vec<Tree>,
    classes: usize,
}

impl Forest {
    pub fn fit(
        x: &Array2<f64>,
        y: &[usize],
        k: usize,
        n_trees: usize,
        max_depth: usize,
        min_split: usize,
        seed: u64,
    ) -> Forest {
        let n = y.len();
        let p = x.ncols();
        let max_features = ((p as f64).sqrt().round() as usize).max(1);
        // Each tree's seed from one generator, so the forest is one function of `seed`; the
        // trees are grown on both cores.
        let mut rng = SplitMix::new(seed);
        let seeds: Vec<u64> = (0..n_trees).map(|_| rng.next_u64()).collect();
        let trees = super::profile::parallel_map(n_trees, |t| {
            let mut r = SplitMix::new(seeds[t]);
            let rows: Vec<usize> = (0..n).map(|_| r.below(n as u64) as usize).collect();
            Tree::fit_rows(
                x,
                y,
                k,
                &rows,
                max_depth,
                min_split,
                max_features,
                r.next_u64(),
            )
        });
        Forest { trees, classes: k }
    }

    pub fn predict_proba(&self, x: &Array2<f64>) -> Vec<Vec<f64>> {
        let mut sum = vec![vec![0.0; self.classes]; x.nrows()];
        for t in &self.trees {
            for (acc, p) in sum.iter_mut().zip(t.predict_proba(x)) {
                for (a, v) in acc.iter_mut().zip(p) {
                    *a += v;
                }
            }
        }
        let n = self.trees.len().max(1) as f64;
        for row in &mut sum {
            for v in row.iter_mut() {
                *v /= n;
            }
        }
        sum
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
        let p = self.trees.first().map_or(0, |t| t.importances.len());
        let mut out = vec![0.0; p];
        for t in &self.trees {
            for (o, v) in out.iter_mut().zip(&t.importances) {
                *o += v;
            }
        }
        let n = self.trees.len().max(1) as f64;
        out.iter().map(|v| v / n).collect()
    }
}
