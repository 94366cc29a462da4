//! Group comparisons against scipy 1.17.1 on the same data (values printed by scipy, pasted here):
//! `ttest_ind(equal_var=False)`, `f_oneway`, `chi2_contingency`.

mod common;

use common::frame;
use lathe::core::stats::hypothesis::{chi_square, compare_groups, contingency, welch_t};
use lathe::core::stats::StatsError;

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
fn chi2_survival_holds_at_any_dof() {
    // (dof, x, scipy.stats.chi2.sf(x, dof)) from tests/data/reference/make_chi2.py: the mean,
    // two standard deviations either side and a far tail, from 1 to 1e7 degrees of freedom
    // (a 1,000-term cap once gave 0.579 for 0.500 at 1e6).
    let cases: &[(f64, f64, f64)] = &[
        (1.0, 0.5, 0.47950012218695337),
        (1.0, 0.25, 0.6170750774519739),
        (1.0, 1.0, 0.31731050786291115),
        (1.0, 3.8284271247461903, 0.050390198494323496),
        (1.0, 9.485281374238571, 0.002071268453838953),
        (2.0, 1.0, 0.6065306597126334),
        (2.0, 0.5, 0.7788007830714049),
        (2.0, 2.0, 0.36787944117144245),
        (2.0, 6.0, 0.04978706836786395),
        (2.0, 14.0, 0.0009118819655545164),
        (3.0, 1.5, 0.6822703303362125),
        (3.0, 0.75, 0.8613850804045416),
        (3.0, 3.0, 0.3916251762710877),
        (3.0, 7.898979485566356, 0.04814629005522004),
        (3.0, 17.696938456699066, 0.0005079051342211588),
        (5.0, 2.5, 0.7764950711233227),
        (5.0, 1.25, 0.9399915602888446),
        (5.0, 5.0, 0.4158801869955079),
        (5.0, 11.32455532033676, 0.0453114914381522),
        (5.0, 23.973665961010276, 0.00021965739051698325),
        (10.0, 5.0, 0.8911780189141513),
        (10.0, 2.5, 0.9908757207816047),
        (10.0, 10.0, 0.44049328506521257),
        (10.0, 18.94427190999916, 0.04097624965414759),
        (10.0, 36.83281572999748, 6.0488312424107636e-05),
        (30.0, 15.0, 0.9897395720876574),
        (30.0, 14.508066615170332, 0.9922376226958345),
        (30.0, 30.0, 0.4656537089440098),
        (30.0, 45.491933384829665, 0.03471794392059266),
        (30.0, 76.47580015448901, 6.263925017519216e-06),
        (100.0, 50.0, 0.9999930466947524),
        (100.0, 71.7157287525381, 0.9853383447975235),
        (100.0, 100.0, 0.48119168452795674),
        (100.0, 128.2842712474619, 0.02980649085324378),
        (100.0, 184.8528137423857, 5.217192449523344e-07),
        (1000.0, 500.0, 1.0),
        (1000.0, 910.5572809000084, 0.9797163290773767),
        (1000.0, 1000.0, 0.49405285382923964),
        (1000.0, 1089.4427190999916, 0.025109071861304066),
        (1000.0, 1268.328157299975, 1.4373234312755055e-08),
        (10000.0, 5000.0, 1.0),
        (10000.0, 9717.15728752538, 0.978018754400653),
        (10000.0, 10000.0, 0.49811936596618267),
        (10000.0, 10282.84271247462, 0.02350822469603467),
        (10000.0, 10848.528137423857, 2.5648316750766278e-09),
        (100000.0, 50000.0, 1.0),
        (100000.0, 99105.57280900008, 0.9774918610476964),
        (100000.0, 100000.0, 0.4994052918952067),
        (100000.0, 100894.42719099992, 0.022991045170630307),
        (100000.0, 102683.28157299975, 1.3518448598839057e-09),
        (1000000.0, 500000.0, 1.0),
        (1000000.0, 997171.5728752539, 0.977326276741671),
        (1000000.0, 1000000.0, 0.4998119368033945),
        (1000000.0, 1002828.4271247461, 0.022826432656559027),
        (1000000.0, 1008485.2813742385, 1.0914018031672503e-09),
        (10000000.0, 5000000.0, 1.0),
        (10000000.0, 9991055.728090001, 0.9772740189433355),
        (10000000.0, 10000000.0, 0.4999405291960622),
        (10000000.0, 10008944.271909999, 0.022774272041515633),
        (10000000.0, 10026832.815729998, 1.0187374317610175e-09),
    ];
    for &(k, x, want) in cases {
        let got = lathe::core::stats::hypothesis::chi2_survival(x, k);
        let ok = if want < 1e-300 {
            got < 1e-300
        } else {
            (got - want).abs() <= 1e-9 * want
        };
        assert!(ok, "dof {k}, x {x}: {got} vs scipy's {want}");
    }
}

#[test]
fn unusable_inputs_are_clear_errors() {
    let f = penguins();
    assert!(compare_groups(&f, "species", "sex")
        .unwrap_err()
        .to_string()
        .contains("not numeric"));
    assert_eq!(
        compare_groups(&f, "nope", "sex").unwrap_err(),
        StatsError::NoColumn("nope".into())
    );
    let one = polars::df!("x" => [1.0, 2.0], "g" => ["a", "a"]).unwrap();
    assert!(matches!(
        compare_groups(&one, "x", "g").unwrap_err(),
        StatsError::TooFew(m) if m.contains("fewer than two groups")
    ));
}
