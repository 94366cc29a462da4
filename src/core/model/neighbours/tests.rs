//! The k-NN search tree against comparing every row, and its stop.

use super::*;

#[test]
fn a_stop_ends_the_search_and_no_stop_changes_nothing() {
    let train = Array2::from_shape_fn((300, 3), |(i, j)| ((i * 7 + j * 13) % 29) as f64);
    let x = Array2::from_shape_fn((2 * CHUNK + 5, 3), |(i, j)| ((i * 5 + j) % 31) as f64);
    assert_eq!(nearest_until(&train, &x, 4, &|| true), None);
    // Stopped after the first chunk: still nothing half-done comes back.
    let asked = std::sync::atomic::AtomicUsize::new(0);
    let late = || asked.fetch_add(1, std::sync::atomic::Ordering::Relaxed) >= 1;
    assert_eq!(nearest_until(&train, &x, 4, &late), None);
    assert_eq!(
        nearest_until(&train, &x, 4, &|| false),
        Some(nearest(&train, &x, 4))
    );
    assert_eq!(nearest(&train, &x, 4), brute(&train, &x, 4));
}

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

/// Standardised one-hot columns: each level's column holds one value for its rows and
/// another (the common one) for the rest.
fn one_hot(i: usize, j: usize, levels: usize, dense: usize) -> f64 {
    if j < dense {
        // Irrational steps, so sums in different orders round differently.
        (((i * 7 + j * 13) % 17) as f64 * 0.1_f64.sqrt()).sin()
    } else {
        let level = j - dense;
        if (i * 31 + i / 3) % levels == level {
            1.0 / (0.3 + level as f64).sqrt()
        } else {
            -0.01 * (level % 3) as f64
        }
    }
}

#[test]
fn sparse_columns_find_what_comparing_every_row_finds() {
    // Dense parts through the tree (3 columns) and row by row (24), one-hot columns beside
    // them; queries include levels training never saw and values off the common ones.
    for dense in [0usize, 3, 24] {
        let levels = 40;
        let p = dense + levels;
        let train = Array2::from_shape_fn((900, p), |(i, j)| one_hot(i, j, levels, dense));
        let x = Array2::from_shape_fn((120, p), |(i, j)| {
            let v = one_hot(i * 3 + 1, j, levels, dense);
            if i % 5 == 0 && j >= dense {
                // A level training never saw: every one-hot column at its common value.
                -0.01 * ((j - dense) % 3) as f64
            } else if i % 7 == 0 && j == p - 1 {
                v + 0.5
            } else {
                v
            }
        });
        // Columns really split both ways.
        let rows: Vec<f64> = train.iter().copied().collect();
        assert_eq!(SplitRows::new(&rows, 900, p).dense_cols.len(), dense);
        for k in [1, 5, 60] {
            assert_eq!(
                nearest(&train, &x, k),
                brute(&train, &x, k),
                "dense {dense}, k {k}"
            );
        }
        // The training rows themselves: every distance to itself is zero.
        assert_eq!(nearest(&train, &train, 3), brute(&train, &train, 3));
    }
}
