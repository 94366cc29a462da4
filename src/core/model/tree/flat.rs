//! A fitted tree laid out for predicting many rows: nodes in one vector, leaves' class shares in
//! another, rows walked in blocks on every core.

use ndarray::ArrayView1;

use super::{Node, Tree};

/// A tree laid out for prediction: nodes in one vector (depth first, a node's children by
/// index) and the leaves' class shares in another, so walking many rows through it reads
/// memory that stays in cache rather than one boxed node after another.
pub(in crate::core::model) struct Flat {
    nodes: Vec<FlatNode>,
    shares: Vec<f64>,
    classes: usize,
}

struct FlatNode {
    /// `u32::MAX` for a leaf, whose shares start at `next[0]`.
    feature: u32,
    threshold: f64,
    next: [u32; 2],
}

impl Flat {
    /// The class shares of the leaf a row falls in.
    pub(in crate::core::model) fn shares(&self, row: ArrayView1<f64>) -> &[f64] {
        let mut at = 0;
        loop {
            let node = &self.nodes[at];
            if node.feature == u32::MAX {
                let from = node.next[0] as usize;
                return &self.shares[from..from + self.classes];
            }
            // Left when at most the threshold (so a NaN goes right).
            let left = row[node.feature as usize] <= node.threshold;
            at = node.next[usize::from(!left)] as usize;
        }
    }
}

/// `f(row)` for rows `0..n` in blocks on all cores, results in row order.
pub(in crate::core::model) fn rows_in_blocks<R: Send>(
    n: usize,
    f: impl Fn(usize) -> R + Sync,
) -> Vec<R> {
    crate::core::num::parallel::parallel_rows(n, 1024, f)
}

impl Tree {
    /// The tree in one vector, for predicting many rows (see `Flat`).
    pub(in crate::core::model) fn flat(&self) -> Flat {
        fn lay(node: &Node, out: &mut Flat) -> u32 {
            let at = out.nodes.len();
            match node {
                Node::Leaf { counts } => {
                    let n: usize = counts.iter().sum();
                    out.nodes.push(FlatNode {
                        feature: u32::MAX,
                        threshold: 0.0,
                        next: [out.shares.len() as u32, 0],
                    });
                    out.shares
                        .extend(counts.iter().map(|&v| v as f64 / n.max(1) as f64));
                }
                Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                } => {
                    out.nodes.push(FlatNode {
                        feature: *feature as u32,
                        threshold: *threshold,
                        next: [0, 0],
                    });
                    let l = lay(left, out);
                    let r = lay(right, out);
                    out.nodes[at].next = [l, r];
                }
            }
            at as u32
        }
        let mut out = Flat {
            nodes: Vec::new(),
            shares: Vec::new(),
            classes: self.classes,
        };
        lay(&self.root, &mut out);
        out
    }
}
