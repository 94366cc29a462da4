//! Group comparisons against scipy 1.17.1 on the same data (values printed by scipy, pasted here):
//! `ttest_ind(equal_var=False)`, `f_oneway`, `chi2_contingency`.

mod common;

use common::frame;
use lathe::core::hypothesis::{chi_square, compare_groups, contingency, welch_t};

fn penguins() -> polars::prelude::DataFrame {
    frame("penguins.csv")
}

fn rel(a: f64, b: f64) -> f64 {
    ((a - b) / b).abs()
}

#[test]
fn welch_t_test_matches_scipy() {
    let c = compare_groups(&penguins(), "body_mass_g", "sex").unwrap();
    assert_eq!(c.test, "welch_t");
    assert_eq!(c.groups.len(), 2);
    assert_eq!(c.groups[0].group, "female");
    assert!(
        rel(c.statistic, -8.554537231165762) < 1e-10,
        "{}",
        c.statistic
    );
    assert!(rel(c.df[0], 323.89588102864843) < 1e-10);
    assert!(
        rel(c.p_value, 4.793891255051507e-16) < 1e-6,
        "{}",
        c.p_value
    );
    let (t, df, p) = welch_t(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 6.0, 8.5, 9.0]);
    assert!(rel(t, -2.304533118515298) < 1e-12);
    assert!(rel(df, 5.6927147072043) < 1e-12);
    assert!(rel(p, 0.0630463476487692) < 1e-10, "{p}");
}

#[test]
fn anova_matches_scipy() {
    let f = penguins();
    let c = compare_groups(&f, "flipper_length_mm", "species").unwrap();
    assert_eq!(c.test, "anova");
    assert_eq!(c.df, vec![2.0, 339.0]);
    assert!(rel(c.statistic, 594.801627438516) < 1e-10);
    assert!(
        rel(c.p_value, 1.3517103385733743e-111) < 1e-6,
        "{}",
        c.p_value
    );
    let c = compare_groups(&f, "bill_depth_mm", "island").unwrap();
    assert!(rel(c.statistic, 112.99094263150903) < 1e-10);
    assert!(
        rel(c.p_value, 2.506092616401209e-38) < 1e-6,
        "{}",
        c.p_value
    );
}

#[test]
fn chi_square_matches_scipy() {
    let c = contingency(&penguins(), "species", "island").unwrap();
    assert_eq!(
        c.counts,
        vec![vec![44, 56, 52], vec![0, 68, 0], vec![124, 0, 0]]
    );
    assert_eq!(c.dof, 4);
    assert!(!c.corrected);
    assert!(rel(c.chi2, 299.55032743148195) < 1e-10);
    assert!(
        rel(c.p_value, 1.3545738297192517e-63) < 1e-6,
        "{}",
        c.p_value
    );
    // 2x2: scipy applies Yates' correction by default.
    let (chi2, dof, p, corrected) = chi_square(&[vec![12, 5], vec![7, 19]]);
    assert_eq!((dof, corrected), (1, true));
    assert!(rel(chi2, 6.274940213939829) < 1e-12);
    assert!(rel(p, 0.012245725251445815) < 1e-10, "{p}");
}

#[test]
fn unusable_inputs_are_clear_errors() {
    let f = penguins();
    assert!(compare_groups(&f, "species", "sex")
        .unwrap_err()
        .contains("not numeric"));
    assert!(compare_groups(&f, "nope", "sex")
        .unwrap_err()
        .contains("no column `nope`"));
    let one = polars::df!("x" => [1.0, 2.0], "g" => ["a", "a"]).unwrap();
    assert!(compare_groups(&one, "x", "g")
        .unwrap_err()
        .contains("fewer than two groups"));
}
