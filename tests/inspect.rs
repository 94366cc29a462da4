//! What the inspection panes show, checked against values computed independently here, against
//! numpy/pandas results published for the bundled sample (numpy 2, pandas 3.1), and on
//! hand-built edge cases.

mod common;

use common::frame;
use lathe::core::num::rng::sample_indices;
use lathe::core::stats::inspect::*;
use lathe::core::stats::StatsError;
use polars::prelude::*;

fn values(frame: &DataFrame, name: &str) -> Vec<f64> {
    let c = frame
        .column(name)
        .unwrap()
        .cast(&DataType::Float64)
        .unwrap();
    let mut v: Vec<f64> = c.f64().unwrap().iter().flatten().collect();
    v.sort_by(f64::total_cmp);
    v
}

/// numpy's linear-interpolation percentile, written out.
fn percentile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, frac) = (pos.floor() as usize, pos - pos.floor());
    if lo + 1 < sorted.len() {
        sorted[lo] + (sorted[lo + 1] - sorted[lo]) * frac
    } else {
        sorted[lo]
    }
}

fn profile(frame: &DataFrame, column: &str, bins: Option<usize>) -> ColumnProfile {
    match inspect(
        frame,
        &Request::Profile {
            column: column.into(),
            bins,
        },
    )
    .unwrap()
    {
        Inspection::Profile(p) => *p,
        other => panic!("{other:?}"),
    }
}

fn hist(p: &ColumnProfile) -> &Histogram {
    match &p.detail {
        Detail::Numeric { histogram: Some(h) } => h,
        other => panic!("{other:?}"),
    }
}

#[test]
fn histogram_matches_numpy_fd_on_the_sample() {
    let f = frame("penguins.csv");
    // np.histogram(x, bins="fd") on the non-missing values.
    let published: [(&str, &[usize]); 3] = [
        ("bill_length_mm", &[7, 35, 48, 49, 35, 61, 42, 50, 10, 3, 2]),
        ("body_mass_g", &[11, 39, 56, 64, 37, 35, 33, 25, 22, 16, 4]),
        ("flipper_length_mm", &[7, 34, 71, 72, 25, 35, 45, 34, 19]),
    ];
    for (column, counts) in published {
        let p = profile(&f, column, None);
        let h = hist(&p);
        assert_eq!(h.counts, counts, "{column}");
        assert_eq!(h.rule, "freedman-diaconis");
        // The bin count from the rule, computed here.
        let x = values(&f, column);
        let width =
            2.0 * (percentile(&x, 0.75) - percentile(&x, 0.25)) * (x.len() as f64).powf(-1.0 / 3.0);
        let bins = ((x[x.len() - 1] - x[0]) / width).ceil() as usize;
        assert_eq!(h.counts.len(), bins, "{column}");
        assert_eq!(h.edges.len(), bins + 1);
        assert_eq!(h.edges[0], x[0]);
        assert_eq!(h.edges[bins], x[x.len() - 1]);
        assert_eq!(h.counts.iter().sum::<usize>(), x.len());
    }
    // np.histogram(x, bins=7).
    let p = profile(&f, "bill_length_mm", Some(7));
    assert_eq!(hist(&p).counts, [26, 74, 67, 81, 75, 15, 4]);
    assert_eq!(hist(&p).rule, "chosen");
}

#[test]
fn histogram_edges_and_edge_cases() {
    // Values on inner edges open the next bin; the maximum closes the last one.
    let x: Vec<f64> = (0..10).map(f64::from).collect();
    let h = histogram(&x, Some(3)).unwrap();
    assert_eq!(h.edges, [0.0, 3.0, 6.0, 9.0]);
    assert_eq!(h.counts, [3, 3, 4]);
    // Brute force on awkward data: every value in exactly the bin its edges say.
    let y: Vec<f64> = {
        let mut v: Vec<f64> = (0..1000)
            .map(|i| ((i * 7919) % 1000) as f64 * 0.1 - 3.3)
            .collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let h = histogram(&y, Some(13)).unwrap();
    let mut expected = vec![0usize; 13];
    for &v in &y {
        let i = (0..13)
            .find(|&i| v >= h.edges[i] && (v < h.edges[i + 1] || i == 12))
            .unwrap();
        expected[i] += 1;
    }
    assert_eq!(h.counts, expected);
    // A constant column: numpy widens the range by 0.5 each side.
    let h = histogram(&[5.0, 5.0, 5.0], None).unwrap();
    assert_eq!(
        (h.edges.clone(), h.counts.clone()),
        (vec![4.5, 5.5], vec![3])
    );
    // One value, no values.
    assert_eq!(histogram(&[2.0], None).unwrap().counts, [1]);
    assert!(histogram(&[], None).is_none());
    // IQR of zero: Sturges' width, range / (log2 n + 1).
    let z = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 10.0];
    let width = 9.0 / (10f64.log2() + 1.0);
    assert_eq!(default_bins(&z), ((9.0 / width).ceil() as usize, "sturges"));
    // Bounded: a huge spread cannot ask for thousands of bins.
    let mut wide: Vec<f64> = (0..100).map(f64::from).collect();
    wide.push(1e9);
    assert_eq!(default_bins(&wide).0, MAX_DEFAULT_BINS);
    // Infinities are left out of the histogram, not drawn at the edge.
    let col = Column::new("x".into(), [1.0, f64::INFINITY, 2.0, f64::NAN, 3.0]);
    let p = column_profile(&col, Some(2));
    assert_eq!(hist(&p).counts.iter().sum::<usize>(), 3);
    assert_eq!(p.summary.infinite, Some(1));
    // Nothing finite: no histogram, no panic.
    let col = Column::new("x".into(), [f64::NAN, f64::INFINITY]);
    assert!(matches!(
        column_profile(&col, None).detail,
        Detail::Numeric { histogram: None }
    ));
}

#[test]
fn text_profile_lengths_top_values_and_variants() {
    let f = frame("penguins.csv");
    let p = profile(&f, "species", None);
    let Detail::Text {
        top,
        lengths,
        variants,
    } = &p.detail
    else {
        panic!()
    };
    // pandas: df.species.str.len().agg(["min", "mean", "max"]); value_counts().
    let (lo, mean, hi) = lengths.unwrap();
    assert_eq!((lo, hi), (6, 9));
    assert!((mean - 6.593023255813954).abs() < 1e-12);
    assert_eq!(
        top,
        &[
            ("Adelie".to_string(), 152),
            ("Gentoo".to_string(), 124),
            ("Chinstrap".to_string(), 68)
        ]
    );
    assert!(variants.is_empty());

    // The messy sample spells `Sex` many ways; variants group them, counted.
    let messy = frame("penguins_messy.csv");
    let sex = messy.column("Sex").unwrap().str().unwrap().clone();
    let p = profile(&messy, "Sex", None);
    let Detail::Text { variants, top, .. } = &p.detail else {
        panic!()
    };
    let key = |v: &str| v.trim().to_lowercase();
    for group in variants {
        assert!(group.len() > 1);
        assert!(group.iter().all(|(v, _)| key(v) == key(&group[0].0)));
        for (v, c) in group {
            assert_eq!(*c, sex.iter().filter(|s| *s == Some(v.as_str())).count());
        }
    }
    let mut keys: Vec<String> = variants.iter().map(|g| key(&g[0].0)).collect();
    keys.sort();
    assert_eq!(keys, ["female", "male"]);
    assert!(top.len() <= PROFILE_TOP);
    // Top values in count order.
    assert!(top.windows(2).all(|w| w[0].1 >= w[1].1));
}

#[test]
fn dates_are_counted_per_period_and_booleans_counted() {
    assert_eq!(civil_from_days(0), (1970, 1, 1));
    assert_eq!(civil_from_days(-1), (1969, 12, 31));
    assert_eq!(civil_from_days(11_017), (2000, 3, 1));
    assert_eq!(civil_from_days(19_782), (2024, 2, 29));

    // Days since the epoch: 2024-01-15, 2024-01-20, 2024-03-02 (February empty), 2024-06-30.
    let days = Series::new("d".into(), [19_737i32, 19_742, 19_784, 19_904])
        .cast(&DataType::Date)
        .unwrap();
    let col = Column::from(days);
    let Detail::Dates { period, counts } = column_profile(&col, None).detail else {
        panic!()
    };
    assert_eq!(period, Period::Month);
    assert_eq!(
        counts,
        [
            ("2024-01".to_string(), 2),
            ("2024-02".to_string(), 0),
            ("2024-03".to_string(), 1),
            ("2024-04".to_string(), 0),
            ("2024-05".to_string(), 0),
            ("2024-06".to_string(), 1)
        ]
    );
    // Within a few weeks: per day.
    let days = Series::new("d".into(), [19_737i32, 19_737, 19_740])
        .cast(&DataType::Date)
        .unwrap();
    let Detail::Dates { period, counts } = column_profile(&Column::from(days), None).detail else {
        panic!()
    };
    assert_eq!(period, Period::Day);
    assert_eq!(counts.len(), 4);
    assert_eq!(counts[0], ("2024-01-15".to_string(), 2));

    let col = Column::new("b".into(), [Some(true), Some(false), None, Some(true)]);
    assert_eq!(
        column_profile(&col, None).detail,
        Detail::Bool {
            trues: 2,
            falses: 1
        }
    );
}

fn freq(frame: &DataFrame, column: &str, order: FreqOrder) -> Frequencies {
    frequencies(frame.column(column).unwrap(), order)
}

#[test]
fn frequency_tables_in_every_order() {
    let f = frame("penguins.csv");
    // pandas: df.sex.value_counts(dropna=False).
    let q = freq(&f, "sex", FreqOrder::CountDesc);
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        q.values,
        [(some("male"), 168), (some("female"), 165), (None, 11)]
    );
    assert_eq!((q.rows, q.distinct), (344, 2));
    let q = freq(&f, "sex", FreqOrder::CountAsc);
    assert_eq!(q.values[0], (None, 11));
    // Missing stays last when ordering by value, either way.
    let q = freq(&f, "sex", FreqOrder::ValueAsc);
    assert_eq!(
        q.values,
        [(some("female"), 165), (some("male"), 168), (None, 11)]
    );
    let q = freq(&f, "sex", FreqOrder::ValueDesc);
    assert_eq!(
        q.values,
        [(some("male"), 168), (some("female"), 165), (None, 11)]
    );
    // Numbers order by value, not by text ("10" after "9"), and read as the column's type.
    let col = Column::new("n".into(), [10i64, 9, 9, 100, 10, 10]);
    let q = frequencies(&col, FreqOrder::ValueAsc);
    assert_eq!(
        q.values,
        [(some("9"), 2), (some("10"), 3), (some("100"), 1)]
    );
    // Counts match a count done here, for every distinct value of a numeric column.
    let q = freq(&f, "body_mass_g", FreqOrder::CountDesc);
    let x = values(&f, "body_mass_g");
    for (v, c) in &q.values {
        match v {
            Some(v) => {
                let v: f64 = v.parse().unwrap();
                assert_eq!(*c, x.iter().filter(|&&y| y == v).count());
            }
            None => assert_eq!(*c, 2),
        }
    }
    assert_eq!(q.values.iter().map(|v| v.1).sum::<usize>(), 344);
    assert!(q.values.windows(2).all(|w| w[0].1 >= w[1].1));
    // Dates read as ISO text, ordered by date.
    let days = Series::new("d".into(), [19_742i32, 19_737, 19_742])
        .cast(&DataType::Date)
        .unwrap();
    let q = frequencies(&Column::from(days), FreqOrder::ValueAsc);
    assert_eq!(q.values, [(some("2024-01-15"), 1), (some("2024-01-20"), 2)]);
    // An empty column.
    let empty = Column::new("e".into(), Vec::<i64>::new());
    let q = frequencies(&empty, FreqOrder::CountDesc);
    assert!(q.values.is_empty());
}

#[test]
fn strongest_pairs_of_the_sample() {
    let f = frame("penguins.csv");
    let Inspection::Correlations(c) = inspect(&f, &Request::Correlations).unwrap() else {
        panic!()
    };
    // pandas: df.corr(numeric_only=True), the largest |r| off the diagonal.
    let pairs = strongest_pairs(&c, false, 3);
    assert_eq!(pairs[0].0, "flipper_length_mm");
    assert_eq!(pairs[0].1, "body_mass_g");
    assert!((pairs[0].2 - 0.8712017673060111).abs() < 1e-9);
    assert!((pairs[1].2 - 0.6561813407464264).abs() < 1e-9);
    assert_eq!(pairs.len(), 3);
    assert!(pairs.windows(2).all(|w| w[0].2.abs() >= w[1].2.abs()));
    // Spearman ranks differently: df.corr("spearman").
    let s = strongest_pairs(&c, true, 1);
    assert!((s[0].2 - 0.8399741230312999).abs() < 1e-9);
}

#[test]
fn scatter_samples_with_a_fixed_seed_and_groups_by_colour() {
    let f = frame("penguins.csv");
    let s = common::scatter(&f, "bill_length_mm", "body_mass_g", Some("sex"));
    assert_eq!((s.total, s.shown), (342, 342));
    assert_eq!((s.x_range, s.y_range), ((32.1, 59.6), (2700.0, 6300.0)));
    let by: Vec<(&str, usize)> = s
        .series
        .iter()
        .map(|(l, p)| (l.as_str(), p.len()))
        .collect();
    // Rows with both values: 168 male, 165 female, 9 without sex.
    assert_eq!(by, [("male", 168), ("female", 165), ("∅", 9)]);

    // A large frame is sampled: at most MAX_POINTS, the same ones every time.
    let n = 20_000;
    let big = df!(
        "a" => (0..n).map(f64::from).collect::<Vec<_>>(),
        "b" => (0..n).map(|i| f64::from(i % 97)).collect::<Vec<_>>()
    )
    .unwrap();
    let req = Request::Scatter {
        x: "a".into(),
        y: "b".into(),
        colour: None,
    };
    let (Inspection::Scatter(one), Inspection::Scatter(two)) =
        (inspect(&big, &req).unwrap(), inspect(&big, &req).unwrap())
    else {
        panic!()
    };
    assert_eq!((one.total, one.shown), (20_000, MAX_POINTS));
    assert_eq!(one.series[0].1.len(), MAX_POINTS);
    assert_eq!(one, two);
    // Points are real rows: b = a mod 97.
    assert!(one.series[0]
        .1
        .iter()
        .all(|&(a, b)| b == (a as i64 % 97) as f64));
}

#[test]
fn sample_indices_are_distinct_sorted_and_spread() {
    let s = sample_indices(1_000, 100, 7);
    assert_eq!(s.len(), 100);
    assert!(s.windows(2).all(|w| w[0] < w[1]));
    assert!(*s.last().unwrap() < 1_000);
    assert_eq!(s, sample_indices(1_000, 100, 7));
    assert_ne!(s, sample_indices(1_000, 100, 8));
    assert_eq!(sample_indices(5, 10, 1), [0, 1, 2, 3, 4]);
    // Uniform enough: each tenth of the range gets a fair share of 5,000 draws from 100,000.
    let s = sample_indices(100_000, 5_000, 42);
    for tenth in 0..10 {
        let n = s.iter().filter(|&&i| i / 10_000 == tenth).count();
        assert!((400..=600).contains(&n), "tenth {tenth}: {n}");
    }
}

#[test]
fn group_comparisons_pick_the_test_by_type() {
    let f = frame("penguins.csv");
    let g = |value: &str, by: &str| {
        inspect(
            &f,
            &Request::Groups {
                value: value.into(),
                by: by.into(),
            },
        )
    };
    let Inspection::Groups(Groups::Numeric(c)) = g("bill_length_mm", "species").unwrap() else {
        panic!()
    };
    assert_eq!(c.test, "anova");
    // scipy.stats.f_oneway on the three species.
    assert!((c.statistic - 410.6002550405077).abs() < 1e-6);
    let Inspection::Groups(Groups::Categorical(t)) = g("species", "sex").unwrap() else {
        panic!()
    };
    assert_eq!(t.dof, 2);
    assert_eq!(
        g("species", "species").unwrap_err(),
        StatsError::Request("compare a column with a different one".into())
    );
}

#[test]
fn bad_requests_say_what_is_wrong() {
    let f = frame("penguins.csv");
    let err = |r: Request| inspect(&f, &r).unwrap_err().to_string();
    assert_eq!(
        err(Request::Profile {
            column: "nope".into(),
            bins: None
        }),
        "no column `nope`"
    );
    assert_eq!(
        err(Request::Scatter {
            x: "species".into(),
            y: "body_mass_g".into(),
            colour: None
        }),
        "`species` is not numeric"
    );
    assert_eq!(
        err(Request::Scatter {
            x: "body_mass_g".into(),
            y: "bill_length_mm".into(),
            colour: Some("zz".into())
        }),
        "no column `zz`"
    );
    assert_eq!(
        inspect(
            &f,
            &Request::Frequencies {
                column: "nope".into(),
                order: Default::default()
            }
        )
        .unwrap_err(),
        StatsError::NoColumn("nope".into())
    );
}

#[test]
fn empty_and_nan_columns_profile_without_values() {
    // No rows at all.
    let empty = Column::new("e".into(), Vec::<f64>::new());
    let p = column_profile(&empty, None);
    assert_eq!(
        (p.summary.count, p.summary.nulls, p.summary.unique),
        (0, 0, 0)
    );
    assert!(p.summary.mean.is_none() && p.summary.std.is_none() && p.summary.median.is_none());
    assert!(matches!(p.detail, Detail::Numeric { histogram: None }));
    let text = Column::new("t".into(), Vec::<&str>::new());
    let Detail::Text { top, lengths, .. } = column_profile(&text, None).detail else {
        panic!()
    };
    assert!(top.is_empty() && lengths.is_none());
    // Float NaN is missing, as in pandas; infinities are values.
    let col = Column::new("x".into(), [f64::NAN, 1.0, f64::NEG_INFINITY, 3.0]);
    let s = column_profile(&col, None).summary;
    assert_eq!(
        (s.count, s.nulls, s.nan, s.infinite),
        (3, 1, Some(1), Some(1))
    );
    assert_eq!(s.median, Some(1.0));
    assert_eq!(s.negatives, Some(1));
    // All missing text.
    let col = Column::new("n".into(), [None::<&str>, None]);
    let p = column_profile(&col, None);
    assert_eq!((p.summary.count, p.summary.nulls), (0, 2));
    let q = frequencies(&col, FreqOrder::ValueAsc);
    assert_eq!((q.distinct, q.values.clone()), (0, vec![(None, 2)]));
}
