//! Seeded evaluation splits: a hold-out split and k folds, stratified by class for
//! classification (each class keeps its share in every part). The same seed gives the same
//! rows in every part, always.

use crate::core::num::rng::{shuffle, SplitMix};

/// Rows grouped by class (all rows in one group without classes), each group shuffled.
fn groups(n: usize, classes: Option<&[usize]>, seed: u64) -> Vec<Vec<usize>> {
    let mut rng = SplitMix::new(seed);
    let mut out: Vec<Vec<usize>> = match classes {
        None => vec![(0..n).collect()],
        Some(c) => {
            let k = c.iter().copied().max().map_or(0, |m| m + 1);
            let mut g = vec![Vec::new(); k];
            for (i, &class) in c.iter().enumerate() {
                g[class].push(i);
            }
            g.retain(|v| !v.is_empty());
            g
        }
    };
    for g in &mut out {
        shuffle(g, &mut rng);
    }
    out
}

/// Training and test rows: `train_share` of each group (rounded) trains, the rest tests; both
/// in row order. At least one row tests when there are two or more.
pub fn holdout(
    n: usize,
    classes: Option<&[usize]>,
    train_share: f64,
    seed: u64,
) -> (Vec<usize>, Vec<usize>) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for g in groups(n, classes, seed) {
        let k = ((g.len() as f64) * train_share).round() as usize;
        let k = k.min(g.len());
        train.extend_from_slice(&g[..k]);
        test.extend_from_slice(&g[k..]);
    }
    if test.is_empty() && train.len() >= 2 {
        test.push(train.pop().expect("two or more rows"));
    }
    train.sort_unstable();
    test.sort_unstable();
    (train, test)
}

/// `k` test folds (each sorted); a row is in exactly one. Stratified: each class's rows are
/// dealt round-robin, continuing where the previous class stopped, so folds differ in size by
/// at most one row.
pub fn kfold(n: usize, classes: Option<&[usize]>, k: usize, seed: u64) -> Vec<Vec<usize>> {
    let k = k.max(1);
    let mut folds = vec![Vec::new(); k];
    let mut next = 0;
    for g in groups(n, classes, seed) {
        for r in g {
            folds[next % k].push(r);
            next += 1;
        }
    }
    for f in &mut folds {
        f.sort_unstable();
    }
    folds
}

/// The rows not in `test`, in order.
pub fn complement(n: usize, test: &[usize]) -> Vec<usize> {
    let mut in_test = vec![false; n];
    for &t in test {
        in_test[t] = true;
    }
    (0..n).filter(|&i| !in_test[i]).collect()
}
