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

use crate::core::model::ModelError;
use ndarray::Array2;

use super::models::Stop;
use super::prepared::Prepared;
use crate::core::num::rng::SplitMix;

mod flat;

pub(super) use flat::rows_in_blocks;

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

/// Gini impurity of class counts summing to `n`.
fn gini(counts: impl Iterator<Item = usize>, n: usize) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let n = n as f64;
    1.0 - counts
        .map(|c| {
            let p = c as f64 / n;
            p * p
        })
        .sum::<f64>()
}

struct Builder<'a> {
    data: &'a Prepared,
    y: &'a [usize],
    /// How many times each row is drawn (a bootstrap sample as weights over distinct rows:
    /// the same tree as repeating the rows, with fewer rows to sort and count).
    weight: &'a [u32],
    k: usize,
    max_depth: usize,
    min_split: usize,
    decrease: Vec<f64>,
    /// Scratch: the node's rows of one feature as `rank << 32 | row`, sorted as integers.
    buf: Vec<u64>,
    /// Features tried at each split: all, or a seeded random subset of this size (forests).
    max_features: usize,
    rng: SplitMix,
    /// Scratch: class counts per level of one feature.
    hist: Vec<usize>,
    /// Asked at every node: once it says stop, every node left becomes a leaf.
    stop: Stop<'a>,
}

/// How a tree grows: depth and split limits, and the features tried at each split.
#[derive(Clone, Copy)]
pub(super) struct Growth {
    pub max_depth: usize,
    pub min_split: usize,
    /// All features, or a seeded random subset of this size at each split (forests).
    pub max_features: usize,
    pub seed: u64,
}

impl Builder<'_> {
    fn counts(&self, rows: &[usize]) -> Vec<usize> {
        let mut c = vec![0usize; self.k];
        for &r in rows {
            c[self.y[r]] += self.weight[r] as usize;
        }
        c
    }

    fn build(&mut self, rows: Vec<usize>, depth: usize) -> Node {
        let counts = self.counts(&rows);
        let n: usize = counts.iter().sum();
        let parent = gini(counts.iter().copied(), n);
        if depth >= self.max_depth || n < self.min_split || parent == 0.0 || (self.stop)() {
            return Node::Leaf { counts };
        }
        // The best split: lowest weighted child impurity, first feature and lowest threshold
        // on ties.
        let mut best: Option<(f64, usize, f64)> = None;
        let p = self.data.features;
        let mut features: Vec<usize> = (0..p).collect();
        if self.max_features < p {
            crate::core::num::rng::shuffle(&mut features, &mut self.rng);
            features.truncate(self.max_features);
            features.sort_unstable();
        }
        let k = self.k;
        // The weighted child impurity of a split with `left` counts (`nl` rows) on the left.
        let split_score = |left: &[usize], nl: usize| {
            let nr = n - nl;
            let right = counts.iter().zip(left).map(|(c, l)| c - l);
            (nl as f64 * gini(left.iter().copied(), nl) + nr as f64 * gini(right, nr)) / n as f64
        };
        let consider = |best: &mut Option<(f64, usize, f64)>, score: f64, f, v: f64, next| {
            if best.is_none_or(|(b, _, _)| score < b) {
                let mut threshold = v + (next - v) / 2.0;
                // Halfway can round up to the next value; keep it on the left's side.
                if threshold >= next {
                    threshold = v;
                }
                *best = Some((score, f, threshold));
            }
        };
        for f in features {
            if let Some(levels) = &self.data.levels[f] {
                // Count each value's rows per class, then walk the values in order: the same
                // candidates, in the same order, as walking the sorted rows.
                let width = levels.values.len();
                self.hist.clear();
                self.hist.resize(width * k, 0);
                for &r in &rows {
                    self.hist[levels.codes[r] as usize * k + self.y[r]] += self.weight[r] as usize;
                }
                let mut left = vec![0usize; k];
                let mut nl = 0;
                let mut previous: Option<f64> = None;
                for (li, &value) in levels.values.iter().enumerate() {
                    let here = &self.hist[li * k..(li + 1) * k];
                    let size: usize = here.iter().sum();
                    if size == 0 {
                        continue;
                    }
                    if let Some(v) = previous {
                        let score = split_score(&left, nl);
                        consider(&mut best, score, f, v, value);
                    }
                    left.iter_mut().zip(here).for_each(|(l, h)| *l += h);
                    nl += size;
                    previous = Some(value);
                }
                continue;
            }
            let Some(ranks) = &self.data.ranks[f] else {
                continue;
            };
            // The node's rows in value order (rows in order within a value), as integers.
            self.buf.clear();
            self.buf.extend(
                rows.iter()
                    .map(|&r| (u64::from(ranks.codes[r]) << 32) | r as u64),
            );
            self.buf.sort_unstable();
            let mut left = vec![0usize; k];
            let mut nl = 0;
            for i in 0..rows.len() - 1 {
                let row = (self.buf[i] & 0xffff_ffff) as usize;
                left[self.y[row]] += self.weight[row] as usize;
                nl += self.weight[row] as usize;
                let v = ranks.values[(self.buf[i] >> 32) as usize];
                let next = ranks.values[(self.buf[i + 1] >> 32) as usize];
                if v == next {
                    continue;
                }
                let score = split_score(&left, nl);
                consider(&mut best, score, f, v, next);
            }
        }
        let Some((score, feature, threshold)) = best else {
            return Node::Leaf { counts };
        };
        if score >= parent {
            return Node::Leaf { counts };
        }
        self.decrease[feature] += n as f64 * (parent - score);
        let col = self.data.column(feature);
        let (l, r): (Vec<usize>, Vec<usize>) =
            rows.into_iter().partition(|&row| col[row] <= threshold);
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
    pub fn fit(
        x: &Array2<f64>,
        y: &[usize],
        k: usize,
        max_depth: usize,
        min_split: usize,
        stop: Stop,
    ) -> Tree {
        let rows: Vec<usize> = (0..y.len()).collect();
        let growth = Growth {
            max_depth,
            min_split,
            max_features: x.ncols(),
            seed: 0,
        };
        let Some(data) = Prepared::new_until(x, stop) else {
            // Stopped while laying out the data: one empty leaf, which the caller discards.
            return Tree {
                root: Node::Leaf { counts: vec![0; k] },
                classes: k,
                importances: vec![0.0; x.ncols()],
            };
        };
        Tree::grow(&data, y, &vec![1; y.len()], k, &rows, growth, stop)
    }

    /// Grow on the given distinct rows, each counted `weight[row]` times (a bootstrap sample
    /// as weights: the same tree as repeating the rows).
    pub(super) fn grow(
        data: &Prepared,
        y: &[usize],
        weight: &[u32],
        k: usize,
        rows: &[usize],
        growth: Growth,
        stop: Stop,
    ) -> Tree {
        let p = data.features;
        let mut b = Builder {
            data,
            y,
            weight,
            k,
            max_depth: growth.max_depth,
            min_split: growth.min_split.max(2),
            decrease: vec![0.0; p],
            buf: Vec::with_capacity(rows.len()),
            max_features: growth.max_features.clamp(1, p.max(1)),
            rng: SplitMix::new(growth.seed),
            hist: Vec::new(),
            stop,
        };
        let root = b.build(rows.to_vec(), 0);
        let total: f64 = b.decrease.iter().sum();
        let importances = if total > 0.0 {
            b.decrease.iter().map(|d| d / total).collect()
        } else {
            vec![0.0; p]
        };
        Tree {
            root,
            classes: k,
            importances,
        }
    }

    /// Class probabilities (the leaf's class shares) of each row.
    pub fn predict_proba(&self, x: &Array2<f64>) -> Vec<Vec<f64>> {
        let flat = self.flat();
        rows_in_blocks(x.nrows(), |i| flat.shares(x.row(i)).to_vec())
    }

    /// The most likely class of each row (the lowest class on ties).
    pub fn predict(&self, x: &Array2<f64>) -> Vec<usize> {
        let flat = self.flat();
        rows_in_blocks(x.nrows(), |i| {
            // Shares are counts over one total, so the largest share is the largest count.
            let c = flat.shares(x.row(i));
            (0..self.classes)
                .max_by(|&a, &b| c[a].total_cmp(&c[b]).then(b.cmp(&a)))
                .unwrap_or(0)
        })
    }

    /// Check a tree read from a file: `k` classes, splits on features below `d`, every leaf
    /// with `k` counts and at least one row, thresholds that are numbers.
    pub fn validate(&self, d: usize, k: usize) -> Result<(), ModelError> {
        fn walk(node: &Node, d: usize, k: usize) -> Result<(), ModelError> {
            match node {
                Node::Leaf { counts } => {
                    if counts.len() != k {
                        return Err(ModelError::Invalid(format!(
                            "a leaf has {} class counts for {k} classes",
                            counts.len()
                        )));
                    }
                    if counts.iter().sum::<usize>() == 0 {
                        return Err(ModelError::Invalid("a leaf holds no rows".into()));
                    }
                    Ok(())
                }
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    if *feature >= d {
                        return Err(ModelError::Invalid(format!(
                            "a split uses feature {feature} of {d}"
                        )));
                    }
                    if threshold.is_nan() {
                        return Err(ModelError::Invalid(
                            "a split's threshold is not a number".into(),
                        ));
                    }
                    walk(left, d, k)?;
                    walk(right, d, k)
                }
            }
        }
        if self.classes != k {
            return Err(ModelError::Invalid(format!(
                "the tree has {} classes, the model {k}",
                self.classes
            )));
        }
        if self.importances.len() != d {
            return Err(ModelError::Invalid(format!(
                "the tree has {} importances for {d} features",
                self.importances.len()
            )));
        }
        walk(&self.root, d, k)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::prepared::Levels;
    use ndarray::ArrayView1;

    #[test]
    fn counting_levels_grows_the_tree_sorting_grows() {
        // One-hot columns, small integers, a continuous column, and many ties.
        let n = 400;
        let x = Array2::from_shape_fn((n, 5), |(i, j)| match j {
            0 => (i % 3 == 0) as u8 as f64,
            1 => (i % 3 == 1) as u8 as f64,
            2 => ((i * 7) % 11) as f64,
            3 => ((i * 37) % 101) as f64 / 7.0 + 0.5,
            _ => ((i * 13) % 5) as f64 - 2.0,
        });
        let y: Vec<usize> = (0..n).map(|i| (i * 5 + i / 7) % 3).collect();
        let rows: Vec<usize> = (0..n).collect();
        let data = Prepared::new(&x);
        assert!(data.levels[0].is_some() && data.levels[2].is_some() && data.levels[3].is_some());
        let none: Vec<Option<Levels>> = (0..5).map(|_| None).collect();
        let sorting = Prepared {
            ranks: (0..5)
                .map(|f| Some(crate::core::model::prepared::feature_ranks(data.column(f))))
                .collect(),
            levels: none,
            ..Prepared::new(&x)
        };
        for max_features in [5, 2] {
            let growth = Growth {
                max_depth: 8,
                min_split: 2,
                max_features,
                seed: 9,
            };
            // Weights as a bootstrap draws them: some rows twice, some not at all.
            let weight: Vec<u32> = (0..n).map(|i| (i % 4) as u32 % 3).collect();
            let drawn: Vec<usize> = rows.iter().copied().filter(|&i| weight[i] > 0).collect();
            let never = &crate::core::model::models::never;
            let counted = Tree::grow(&data, &y, &weight, 3, &drawn, growth, never);
            let sorted = Tree::grow(&sorting, &y, &weight, 3, &drawn, growth, never);
            assert_eq!(counted, sorted);
            // The same tree as repeating each drawn row its weight's times.
            let repeated: Vec<usize> = (0..n)
                .flat_map(|i| std::iter::repeat_n(i, weight[i] as usize))
                .collect();
            let x_rep = Array2::from_shape_fn((repeated.len(), 5), |(i, j)| x[[repeated[i], j]]);
            let y_rep: Vec<usize> = repeated.iter().map(|&i| y[i]).collect();
            let all: Vec<usize> = (0..repeated.len()).collect();
            let by_rows = Tree::grow(
                &Prepared::new(&x_rep),
                &y_rep,
                &vec![1; repeated.len()],
                3,
                &all,
                growth,
                never,
            );
            assert_eq!(counted.importances, by_rows.importances);
            assert_eq!(counted.predict(&x), by_rows.predict(&x));
            assert_eq!(counted, sorted);
        }
    }

    #[test]
    fn the_flat_layout_predicts_what_walking_the_nodes_predicts() {
        let n = 300;
        let x = Array2::from_shape_fn((n, 3), |(i, j)| {
            ((i * (j + 3) * 7) % 29) as f64 - 0.5 * j as f64
        });
        let y: Vec<usize> = (0..n).map(|i| (i * 3 + i / 11) % 4).collect();
        let tree = Tree::fit(&x, &y, 4, 6, 2, &crate::core::model::models::never);
        assert!(tree.depth() >= 3);
        let flat = tree.flat();
        // Rows beyond the training range and a NaN (which goes right).
        let mut probe = x.clone();
        probe[[0, 0]] = f64::NAN;
        probe[[1, 1]] = 1e9;
        probe[[2, 2]] = -1e9;
        // The boxed nodes walked directly: left when at most the threshold.
        fn walk<'a>(node: &'a Node, row: ArrayView1<f64>) -> &'a [usize] {
            match node {
                Node::Leaf { counts } => counts,
                Node::Split {
                    feature: f,
                    threshold: t,
                    left: l,
                    right: r,
                } => walk(if row[*f] <= *t { l } else { r }, row),
            }
        }
        for row in probe.rows() {
            let c = walk(&tree.root, row);
            let total: usize = c.iter().sum();
            let want: Vec<f64> = c.iter().map(|&v| v as f64 / total as f64).collect();
            assert_eq!(flat.shares(row), &want[..]);
        }
        assert_eq!(tree.predict_proba(&probe).len(), n);
    }
}
