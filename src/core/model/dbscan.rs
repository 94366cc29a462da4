//! DBSCAN (Ester et al., 1996) as scikit-learn and linfa run it: a row with at least
//! `min_samples` rows (itself included) within Euclidean distance `eps` is a core row; rows are
//! visited in order, and each core row not yet in a cluster starts one that grows, breadth
//! first, through the rows within `eps` of its core rows. A row within reach of no core row is
//! noise. A border row reachable from two clusters joins the first that reaches it.
//!
//! lathe runs it itself (on linfa-nn's k-d tree) rather than through linfa's `Dbscan` so that Esc
//! stops it: `stop` is asked before every neighbourhood query, the step that costs.

use std::collections::VecDeque;

use linfa_nn::{distance::L2Dist, KdTree, NearestNeighbour};
use ndarray::Array2;

use super::models::Stop;

/// Each row's cluster (`None` for noise), numbered in the order clusters are found; `None` for
/// the whole fit when `stop` said stop.
pub fn fit(
    x: &Array2<f64>,
    eps: f64,
    min_samples: usize,
    stop: Stop,
) -> Option<Vec<Option<usize>>> {
    let n = x.nrows();
    let mut labels: Vec<Option<usize>> = vec![None; n];
    if x.ncols() == 0 {
        // No features: nothing to measure a distance on, so no row is near another.
        return Some(labels);
    }
    let index = KdTree
        .from_batch(x, L2Dist)
        .expect("a k-d tree of finite rows with at least one column");
    // Rows within eps of `i` (itself included), and the count of them.
    let neighbours = |i: usize| -> Vec<usize> {
        index
            .within_range(x.row(i), eps)
            .expect("a row of the indexed matrix")
            .into_iter()
            .map(|(_, j)| j)
            .collect()
    };
    let mut queued = vec![false; n];
    let mut queue = VecDeque::new();
    let mut next = 0;
    for i in 0..n {
        if labels[i].is_some() {
            continue;
        }
        if stop() {
            return None;
        }
        let near = neighbours(i);
        if near.len() < min_samples {
            continue;
        }
        labels[i] = Some(next);
        for j in near {
            if labels[j].is_none() && j != i && !queued[j] {
                queued[j] = true;
                queue.push_back(j);
            }
        }
        while let Some(c) = queue.pop_front() {
            queued[c] = false;
            if stop() {
                return None;
            }
            let near = neighbours(c);
            labels[c] = Some(next);
            if near.len() >= min_samples {
                for j in near {
                    if labels[j].is_none() && !queued[j] {
                        queued[j] = true;
                        queue.push_back(j);
                    }
                }
            }
        }
        next += 1;
    }
    Some(labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::models::never;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn core_border_and_noise_rows_are_labelled_as_scikit_learn_does() {
        // sklearn.cluster.DBSCAN(eps=1.5, min_samples=3).fit(x).labels_ gives
        // [0, 0, 0, 0, -1, 1, 1, 1, -1]: a chain at 0..3 (3 a border row of the core row 2),
        // a triangle at 20, and two lone rows.
        let pts = [
            [0.0, 0.0],
            [1.0, 0.0],
            [2.0, 0.0],
            [3.4, 0.0],
            [10.0, 0.0],
            [20.0, 0.0],
            [20.0, 1.0],
            [21.0, 0.0],
            [-9.0, 5.0],
        ];
        let x = Array2::from_shape_fn((pts.len(), 2), |(i, j)| pts[i][j]);
        let labels = fit(&x, 1.5, 3, &never).unwrap();
        let want = [
            Some(0),
            Some(0),
            Some(0),
            Some(0),
            None,
            Some(1),
            Some(1),
            Some(1),
            None,
        ];
        assert_eq!(labels, want);
    }

    #[test]
    fn a_stop_ends_the_fit_at_the_next_query() {
        let x = Array2::from_shape_fn((100, 2), |(i, j)| (i + j) as f64 * 0.1);
        let asked = AtomicUsize::new(0);
        let stop = || asked.fetch_add(1, Ordering::Relaxed) >= 5;
        assert_eq!(fit(&x, 0.5, 3, &stop), None);
        assert_eq!(asked.load(Ordering::Relaxed), 6);
    }
}
