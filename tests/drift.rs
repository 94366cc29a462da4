//! `lathe drift`: PSI and the Kolmogorov-Smirnov test against values computed with numpy and
//! scipy (`scipy.stats.ks_2samp`), schema differences, missing shares and new categories, and
//! the exit decision.

mod common;

use common::*;
use lathe::cli::DriftArgs;
use lathe::commands::drift::run_drift;
use lathe::core::stats::drift::{drift, ks_2samp, psi, reading};
use polars::prelude::*;

#[test]
fn psi_and_ks_on_hand_worked_examples() {
    // (0.9 - 0.5) ln(0.9/0.5) + (0.1 - 0.5) ln(0.1/0.5)
    let want = 0.4 * (1.8f64).ln() + (-0.4) * (0.2f64).ln();
    assert!((psi(&[50, 50], &[90, 10]) - want).abs() < 1e-12);
    assert_eq!(psi(&[3, 7], &[30, 70]), 0.0);
    // An empty bin is floored at 0.0001, not infinite.
    let p = psi(&[10, 0], &[5, 5]);
    assert!(p.is_finite() && p > 2.0, "{p}");
    assert_eq!(reading(0.05), "no significant shift");
    assert_eq!(reading(0.1), "moderate shift");
    assert_eq!(reading(0.25), "significant shift");
    // KS: disjoint samples are at distance 1; identical ones at 0 with p = 1.
    let k = ks_2samp(&[1.0, 2.0, 3.0], &[10.0, 11.0]).unwrap();
    assert_eq!(k.statistic, 1.0);
    let k = ks_2samp(&[1.0, 2.0, 2.0, 3.0], &[3.0, 2.0, 1.0, 2.0]).unwrap();
    assert_eq!((k.statistic, k.p_value), (0.0, 1.0));
    // Ties across the samples: scipy gives D = 0.25 for these.
    let k = ks_2samp(&[1.0, 2.0, 2.0, 3.0], &[2.0, 2.0, 3.0, 3.0]).unwrap();
    assert_eq!(k.statistic, 0.25);
    assert!(ks_2samp(&[], &[1.0]).is_none());
}

#[test]
fn a_file_against_itself_has_no_drift() {
    let d = frame("penguins.csv");
    let r = drift(&d, &d, ("a", "a"), 0.25);
    assert!(!r.failed());
    assert!(r.schema.added.is_empty() && r.schema.removed.is_empty());
    for c in &r.columns {
        assert!(c.psi.abs() < 1e-12, "{}: {}", c.column, c.psi);
        if let Some(k) = &c.ks {
            assert_eq!((k.statistic, k.p_value), (0.0, 1.0));
        }
        assert_eq!(c.null_share_reference, c.null_share_new);
        assert!(c.new_categories.is_empty());
    }
    let mut out = Vec::new();
    let failed = run_drift(
        &DriftArgs {
            reference: "sample_data/penguins.csv".into(),
            new: "sample_data/penguins.csv".into(),
            threshold: 0.25,
            json: false,
            load: Default::default(),
            progress: Default::default(),
        },
        &mut out,
    )
    .unwrap();
    assert!(!failed);
    assert!(String::from_utf8(out)
        .unwrap()
        .ends_with("no drift past the thresholds\n"));
}

/// The penguins without the Gentoo, bills 3 mm longer, Dream renamed Atlantis.
fn shifted() -> DataFrame {
    let d = frame("penguins.csv");
    let keep = d
        .column("species")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s != Some("Gentoo"))
        .collect::<BooleanChunked>();
    let mut s = d.filter(&keep).unwrap();
    let bill = s.column("bill_length_mm").unwrap().f64().unwrap() + 3.0;
    s.replace("bill_length_mm", bill.into_column()).unwrap();
    let island: StringChunked = s
        .column("island")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(|v| if v == "Dream" { "Atlantis" } else { v }))
        .collect();
    s.replace("island", island.into_column()).unwrap();
    s
}

#[test]
fn a_shifted_copy_is_flagged_with_scipys_numbers() {
    let d = frame("penguins.csv");
    let r = drift(&d, &shifted(), ("ref", "new"), 0.25);
    let col = |name: &str| r.columns.iter().find(|c| c.column == name).unwrap();
    // numpy: deciles of the reference, searchsorted left, shares floored at 1e-4.
    let bill = col("bill_length_mm");
    assert!(
        (bill.psi - 0.5842024273762345).abs() < 1e-12,
        "{}",
        bill.psi
    );
    // scipy.stats.ks_2samp: D exactly; p (exact method 0.009263) within the asymptotic
    // approximation's error.
    let ks = bill.ks.as_ref().unwrap();
    assert!((ks.statistic - 0.14019065929664343).abs() < 1e-12);
    assert!(
        (ks.p_value - 0.009263389997519453).abs() < 2e-4,
        "{}",
        ks.p_value
    );
    let mass = col("body_mass_g").ks.clone().unwrap();
    assert!((mass.statistic - 0.30341264119202116).abs() < 1e-12);
    assert!(mass.p_value < 1e-9);
    let year = col("year").ks.clone().unwrap();
    assert!((year.statistic - 0.02568710359408034).abs() < 1e-12);
    assert!(year.p_value > 0.99);
    assert_eq!(col("year").reading, "no significant shift");
    // A category the reference never had, with its count.
    assert_eq!(
        col("island").new_categories,
        [("Atlantis".to_string(), 124)]
    );
    assert!(r.failed());
    assert!(r.drifted.contains(&"bill_length_mm".to_string()));
    assert!(!r.drifted.contains(&"year".to_string()));
    // Largest shift first.
    assert!(r.columns.windows(2).all(|w| w[0].psi >= w[1].psi));
}

#[test]
fn schema_changes_and_missing_values_count() {
    let d = frame("penguins.csv");
    let mut s = d.drop("year").unwrap();
    s.with_column(Column::new("colour".into(), vec!["red"; s.height()]))
        .unwrap();
    common::as_text(&mut s, "body_mass_g");
    let sex: StringChunked = s
        .column("sex")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, v)| if i % 4 == 0 { None } else { v })
        .collect();
    s.replace("sex", sex.into_column()).unwrap();
    let r = drift(&d, &s, ("ref", "new"), 0.25);
    assert_eq!(r.schema.removed, [("year".to_string(), "i64".to_string())]);
    assert_eq!(r.schema.added, [("colour".to_string(), "str".to_string())]);
    assert_eq!(r.schema.retyped.len(), 1);
    assert!(!r.schema.retyped[0].compatible);
    let sex = r.columns.iter().find(|c| c.column == "sex").unwrap();
    assert!(sex.null_share_new - sex.null_share_reference >= 0.1);
    assert!(sex.drifted, "missing share up by 25 points");
    assert_eq!(r.drifted, ["body_mass_g", "sex", "year"]);
    // As JSON, for a pipeline.
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["schema"]["removed"][0][0], "year");
    assert_eq!(json["drifted"][0], "body_mass_g");
    // A bad threshold is a usage error.
    let args = DriftArgs {
        reference: "a".into(),
        new: "b".into(),
        threshold: 0.0,
        json: false,
        load: Default::default(),
        progress: Default::default(),
    };
    let e = run_drift(&args, &mut Vec::new()).unwrap_err();
    assert!(matches!(e, lathe::core::Error::Option(_)), "{e}");
}

#[test]
fn d_compares_the_data_with_a_file_in_a_pane() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "D");
    assert_eq!(app.overlay, Some(lathe::app::Overlay::Prompt));
    // A file that is not there: said in the prompt, which stays open.
    press(&mut app, "nowhere.csv<Enter>");
    assert_eq!(common::prompt_error(&app), "no file \"nowhere.csv\"");
    press(&mut app, "<Ctrl-u>tests/data/penguins_shifted.csv<Enter>");
    assert_eq!(app.overlay, None);
    let Some(lathe::core::stats::inspect::Inspection::Drift(d)) = app.inspection() else {
        panic!("{:?}", app.inspected)
    };
    assert_eq!(d.columns[0].column, "island");
    assert_eq!(d.columns[0].new_categories, [("Atlantis".to_string(), 124)]);
    assert_eq!(d.columns.len(), 8);
    // j moves to the next column; its bins show below the list.
    press(&mut app, "j");
    let text = screen(&app).join("\n");
    assert!(
        text.contains("species: share of rows per category"),
        "{text}"
    );
    insta::assert_snapshot!("drift_pane_120x40", text);
}

#[test]
fn paths_at_the_prompts_read_variables_as_a_shell_does() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "D$LATHE_SET_IN_NO_SHELL/x.csv<Enter>");
    // Not set: said at the prompt, at its `$`, where a shell would quietly write to `/x.csv`.
    let e = app.prompt.error.as_ref().unwrap();
    assert_eq!(e.message, "`$LATHE_SET_IN_NO_SHELL` is not set");
    assert_eq!(e.position, 0);
    assert_eq!(app.overlay, Some(lathe::app::Overlay::Prompt));
    // cargo sets CARGO_MANIFEST_DIR for the tests it runs.
    press(
        &mut app,
        "<Ctrl-u>${CARGO_MANIFEST_DIR}/tests/data/penguins_shifted.csv<Enter>",
    );
    assert_eq!(app.overlay, None);
    let Some(lathe::core::stats::inspect::Inspection::Drift(d)) = app.inspection() else {
        panic!("{:?}", app.inspected)
    };
    assert_eq!(d.columns.len(), 8);
    // The write prompts read paths the same way.
    press(
        &mut app,
        "<Esc>w<Ctrl-u>out/$LATHE_SET_IN_NO_SHELL.csv<Enter>",
    );
    let e = app.prompt.error.as_ref().unwrap();
    assert_eq!(e.message, "`$LATHE_SET_IN_NO_SHELL` is not set");
    assert_eq!(e.position, 4);
    assert!(app.pending.is_none());
}
