//! k nearest neighbours, exact: the k training rows closest to each query row (Euclidean), ties
//! by row order. At low dimension through a k-d tree (as scikit-learn picks at low dimension),
//! above it by comparing every training row; either way the same rows in the same order, since
//! both compute each distance the same way and the tree prunes a branch only when no row in it
//! can be nearer (or as near) than the k-th found. Query rows run on every core.

use ndarray::Array2;

/// Dimensions up to which the tree pays for itself (past ~20 nearly every leaf is visited).
const TREE_DIMENSIONS: usize = 20;
/// Training rows a leaf holds at most.
const LEAF: usize = 32;
/// Query rows per parallel chunk.
const CHUNK: usize = 512;

fn sq(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

enum Node {
    Leaf(Vec<u32>),
    Split {
        dim: usize,
        value: f64,
        low: Box<Node>,
        high: Box<Node>,
    },
}

/// A k-d tree over the rows of a row-major buffer.
struct KdTree<'a> {
    rows: &'a [f64],
    p: usize,
    root: Node,
}

fn build(rows: &[f64], p: usize, mut ids: Vec<u32>, depth: usize) -> Node {
    if ids.len() <= LEAF || depth > 64 {
        return Node::Leaf(ids);
    }
    let at = |i: u32, d: usize| rows[i as usize * p + d];
    // Split the dimension of widest spread at its median.
    let dim = (0..p)
        .map(|d| {
            let (lo, hi) = ids
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &i| {
                    (lo.min(at(i, d)), hi.max(at(i, d)))
                });
            (d, hi - lo)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .map_or(0, |(d, _)| d);
    let mid = ids.len() / 2;
    ids.select_nth_unstable_by(mid, |&a, &b| at(a, dim).total_cmp(&at(b, dim)));
    let value = at(ids[mid], dim);
    // Rows equal to the split value may sit on either side; the search allows for that.
    let high_ids = ids.split_off(mid);
    if ids.is_empty() {
        return Node::Leaf(high_ids);
    }
    Node::Split {
        dim,
        value,
        low: Box::new(build(rows, p, ids, depth + 1)),
        high: Box::new(build(rows, p, high_ids, depth + 1)),
    }
}

/// The k best found so far, kept sorted by (distance, row).
struct Best {
    k: usize,
    found: Vec<(f64, u32)>,
}

impl Best {
    fn worst(&self) -> f64 {
        if self.found.len() < self.k {
            f64::INFINITY
        } else {
            self.found[self.k - 1].0
        }
    }

    fn offer(&mut self, d: f64, i: u32) {
        let key = (d, i);
        if self.found.len() == self.k {
            let last = self.found[self.k - 1];
            if d.total_cmp(&last.0).then(i.cmp(&last.1)).is_ge() {
                return;
            }
            self.found.pop();
        }
        let at = self
            .found
            .partition_point(|&(a, b)| a.total_cmp(&key.0).then(b.cmp(&key.1)).is_lt());
        self.found.insert(at, key);
    }
}

impl KdTree<'_> {
    fn search(&self, node: &Node, q: &[f64], best: &mut Best) {
        match node {
            Node::Leaf(ids) => {
                for &i in ids {
                    let start = i as usize * self.p;
                    best.offer(sq(&self.rows[start..start + self.p], q), i);
                }
            }
            Node::Split {
                dim,
                value,
                low,
                high,
            } => {
                let gap = q[*dim] - value;
                let (near, far) = if gap < 0.0 { (low, high) } else { (high, low) };
                self.search(near, q, best);
                // Every row beyond the plane is at least gap² away; a tie may still win on
                // row order, so only a strictly larger bound prunes.
                if gap * gap <= best.worst() {
                    self.search(far, q, best);
                }
            }
        }
    }
}

/// The k training rows closest to each row of `x`, nearest first, ties by row order.
pub fn nearest(train: &Array2<f64>, x: &Array2<f64>, k: usize) -> Vec<Vec<usize>> {
    let p = train.ncols();
    let rows = super::features::row_major(train);
    let queries = super::features::row_major(x);
    let n = train.nrows();
    let k = k.min(n);
    let m = x.nrows();
    if k == 0 {
        return vec![Vec::new(); m];
    }
    let tree = (p <= TREE_DIMENSIONS).then(|| KdTree {
        rows: &rows,
        p,
        root: build(&rows, p, (0..n as u32).collect(), 0),
    });
    let parts = m.div_ceil(CHUNK);
    super::parallel::parallel_map(parts, |c| {
        (c * CHUNK..((c + 1) * CHUNK).min(m))
            .map(|r| {
                let q = &queries[r * p..(r + 1) * p];
                let mut best = Best {
                    k,
                    found: Vec::with_capacity(k + 1),
                };
                match &tree {
                    Some(t) => t.search(&t.root, q, &mut best),
                    None => {
                        for i in 0..n {
                            best.offer(sq(&rows[i * p..(i + 1) * p], q), i as u32);
                        }
                    }
                }
                best.found.into_iter().map(|(_, i)| i as usize).collect()
            })
            .collect::<Vec<Vec<usize>>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every training row compared, sorted by (distance, row): the definition.
    fn brute(train: &Array2<f64>, x: &Array2<f64>, k: usize) -> Vec<Vec<usize>> {
        x.rows()
            .into_iter()
            .map(|q| {
                let mut d: Vec<(f64, usize)> = train
                    .rows()
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| (sq(r.as_slice().unwrap(), q.as_slice().unwrap()), i))
                    .collect();
                d.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                d.into_iter().take(k).map(|(_, i)| i).collect()
            })
            .collect()
    }

    #[test]
    fn the_tree_finds_what_comparing_every_row_finds() {
        // Many exact ties (a coarse grid) and duplicated rows, at 2, 5 and 30 dimensions.
        for p in [2usize, 5, 30] {
            let train = Array2::from_shape_fn((700, p), |(i, j)| ((i * 7 + j * 13) % 9) as f64);
            let x = Array2::from_shape_fn((90, p), |(i, j)| ((i * 5 + j * 3) % 11) as f64 - 1.0);
            for k in [1, 5, 40] {
                assert_eq!(nearest(&train, &x, k), brute(&train, &x, k), "p {p}, k {k}");
            }
        }
        let train = Array2::from_shape_fn((3, 2), |(i, j)| (i + j) as f64);
        let x = Array2::from_shape_fn((2, 2), |(i, _)| i as f64);
        assert_eq!(nearest(&train, &x, 10), brute(&train, &x, 10));
    }
}
