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
    /// Scratch: (value, row) of the node's rows for one feature.
    buf: Vec<(f64, usize)>,
    /// Features tried at each split: all, or a seeded random subset of this size (forests).
    max_features: usize,
    rng: SplitMix,
    /// Scratch: class counts per level of one feature.
    hist: Vec<usize>,
}

/// Features with this many distinct values at most are split by counting rows per value rather
/// than sorting the node's rows (one-hot columns, small integers).
const MAX_LEVELS: usize = 256;

/// A feature's distinct values, ascending, and each row's position among them.
pub(crate) struct Levels {
    values: Vec<f64>,
    codes: Vec<u16>,
}

/// The levels of every feature that has few distinct values, all of them finite and none a
/// negative zero (so counting gives exactly the candidates sorting gives).
fn feature_levels(x: &Array2<f64>) -> Vec<Option<Levels>> {
    let columns: Vec<usize> = (0..x.ncols()).collect();
    super::parallel::parallel_map(columns.len(), |f| {
        let col = x.column(f);
        if col
            .iter()
            .any(|v| !v.is_finite() || (*v == 0.0 && v.is_sign_negative()))
        {
            return None;
        }
        let mut values: Vec<f64> = Vec::new();
        for &v in col.iter() {
            if let Err(at) = values.binary_search_by(|a| a.total_cmp(&v)) {
                if values.len() == MAX_LEVELS {
                    return None;
                }
                values.insert(at, v);
            }
        }
        let codes = col
            .iter()
            .map(|v| values.binary_search_by(|a| a.total_cmp(v)).unwrap_or(0) as u16)
            .collect();
        Some(Levels { values, codes })
    })
}

/// A training matrix prepared once for growing trees (a forest shares it among its trees).
pub(super) struct Prepared {
    rows: usize,
    features: usize,
    /// The values feature-major: a node's rows of one feature are read from one contiguous
    /// column rather than one cache line per row.
    cols: Vec<f64>,
    levels: Vec<Option<Levels>>,
}

impl Prepared {
    pub(super) fn new(x: &Array2<f64>) -> Prepared {
        Prepared {
            rows: x.nrows(),
            features: x.ncols(),
            cols: x.t().iter().copied().collect(),
            levels: feature_levels(x),
        }
    }

    fn column(&self, f: usize) -> &[f64] {
        &self.cols[f * self.rows..(f + 1) * self.rows]
    }
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
        if depth >= self.max_depth || n < self.min_split || parent == 0.0 {
            return Node::Leaf { counts };
        }
        // The best split: lowest weighted child impurity, first feature and lowest threshold
        // on ties.
        let mut best: Option<(f64, usize, f64)> = None;
        let p = self.data.features;
        let mut features: Vec<usize> = (0..p).collect();
        if self.max_features < p {
            super::rng::shuffle(&mut features, &mut self.rng);
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
            self.buf.clear();
            let col = self.data.column(f);
            self.buf.extend(rows.iter().map(|&r| (col[r], r)));
            self.buf
                .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut left = vec![0usize; k];
            let mut nl = 0;
            for i in 0..rows.len() - 1 {
                let row = self.buf[i].1;
                left[self.y[row]] += self.weight[row] as usize;
                nl += self.weight[row] as usize;
                let (v, next) = (self.buf[i].0, self.buf[i + 1].0);
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
    pub fn fit(x: &Array2<f64>, y: &[usize], k: usize, max_depth: usize, min_split: usize) -> Tree {
        let rows: Vec<usize> = (0..y.len()).collect();
        let growth = Growth {
            max_depth,
            min_split,
            max_features: x.ncols(),
            seed: 0,
        };
        Tree::grow(&Prepared::new(x), y, &vec![1; y.len()], k, &rows, growth)
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

#[cfg(test)]
mod tests {
    use super::*;

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
        let sorting = Prepared {
            levels: (0..5).map(|_| None).collect(),
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
            let counted = Tree::grow(&data, &y, &weight, 3, &drawn, growth);
            let sorted = Tree::grow(&sorting, &y, &weight, 3, &drawn, growth);
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
            );
            assert_eq!(counted.importances, by_rows.importances);
            assert_eq!(counted.predict(&x), by_rows.predict(&x));
            assert_eq!(counted, sorted);
        }
    }
}
