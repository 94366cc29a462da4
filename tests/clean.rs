//! Cleaning steps against frames and values computed independently here, recipe documents
//! (round trip, bad input), and fitted values replayed on other data.

mod common;

use common::frame;
use lathe::core::clean::step::*;
use lathe::core::clean::{apply_step, preview, replay};
use lathe::core::data::numbers::parse_number;
use lathe::core::session::recipe::Recipe;
use polars::prelude::*;

fn step(json: &str) -> Step {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn apply(frame: &DataFrame, json: &str) -> (DataFrame, Step, Option<String>) {
    let a = apply_step(frame, &step(json)).unwrap_or_else(|e| panic!("{json}: {e}"));
    (a.frame, a.step, a.note)
}

/// What `lathe apply` says of a step on stderr (the app says `N of M rows removed` instead).
fn headless_notes(frame: &DataFrame, json: &str) -> Vec<String> {
    lathe::core::clean::replay(frame, &[step(json)]).unwrap().2
}

fn fails(frame: &DataFrame, json: &str) -> String {
    apply_step(frame, &step(json)).unwrap_err().to_string()
}

fn f64s(frame: &DataFrame, name: &str) -> Vec<Option<f64>> {
    let c = frame
        .column(name)
        .unwrap()
        .cast(&DataType::Float64)
        .unwrap();
    c.f64().unwrap().iter().collect()
}

fn strs(frame: &DataFrame, name: &str) -> Vec<Option<String>> {
    common::texts(frame, name)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

fn small() -> DataFrame {
    df!(
        "x" => [Some(1.0), None, Some(3.0), Some(f64::NAN), Some(10.0)],
        "n" => [Some(4i64), Some(2), None, Some(2), Some(9)],
        "t" => [Some(" Red "), Some("red"), None, Some("BLUE"), Some("blue  sky")],
        "k" => ["a", "b", "a", "c", "a"]
    )
    .unwrap()
}

#[test]
fn drop_rename_and_their_errors() {
    let f = small();
    let (out, _, _) = apply(&f, r#"{"op":"drop_columns","columns":["x","k"]}"#);
    assert_eq!(out.get_column_names(), ["n", "t"]);
    let (out, _, _) = apply(&f, r#"{"op":"rename","columns":{"x":"k","k":"x"}}"#);
    assert_eq!(out.get_column_names(), ["k", "n", "t", "x"]);
    assert_eq!(
        strs(&out, "x"),
        strs(&f, "k"),
        "swapped names keep their data"
    );
    assert!(fails(&f, r#"{"op":"drop_columns","columns":["zz"]}"#)
        .starts_with("field `columns`: no column `zz`"));
    assert_eq!(
        fails(&f, r#"{"op":"rename","columns":{"x":"n"}}"#),
        "field `columns`: a column `n` exists already"
    );
}

#[test]
fn fill_null_each_strategy_and_the_fitted_value() {
    let f = small();
    // x present: 1, 3, 10 (NaN counts as missing, as in pandas).
    let (out, s, note) = apply(&f, r#"{"op":"fill_null","column":"x","strategy":"mean"}"#);
    let mean = (1.0 + 3.0 + 10.0) / 3.0;
    assert_eq!(
        f64s(&out, "x"),
        [Some(1.0), Some(mean), Some(3.0), Some(mean), Some(10.0)]
    );
    assert_eq!(note.as_deref(), Some("2 missing values filled"));
    let Step::FillNull { fitted, .. } = &s else {
        panic!()
    };
    assert_eq!(fitted, &Some(Value::Number(mean)));
    let (out, _, _) = apply(&f, r#"{"op":"fill_null","column":"x","strategy":"median"}"#);
    assert_eq!(f64s(&out, "x")[1], Some(3.0));
    // Integer column, median of 4, 2, 2, 9 = 3: stays integer.
    let (out, _, _) = apply(&f, r#"{"op":"fill_null","column":"n","strategy":"median"}"#);
    assert_eq!(out.column("n").unwrap().dtype(), &DataType::Int64);
    assert_eq!(f64s(&out, "n")[2], Some(3.0));
    // Mean 4.25 of integers: the column becomes float rather than rounding.
    let (out, _, _) = apply(&f, r#"{"op":"fill_null","column":"n","strategy":"mean"}"#);
    assert_eq!(f64s(&out, "n")[2], Some(4.25));
    // Mode: 2 appears twice.
    let (out, _, _) = apply(&f, r#"{"op":"fill_null","column":"n","strategy":"mode"}"#);
    assert_eq!(f64s(&out, "n")[2], Some(2.0));
    let (out, _, _) = apply(
        &f,
        r#"{"op":"fill_null","column":"t","strategy":"constant","value":"unknown"}"#,
    );
    assert_eq!(strs(&out, "t")[2].as_deref(), Some("unknown"));
    let (out, _, _) = apply(
        &f,
        r#"{"op":"fill_null","column":"x","strategy":"forward"}"#,
    );
    assert_eq!(
        f64s(&out, "x"),
        [Some(1.0), Some(1.0), Some(3.0), Some(3.0), Some(10.0)]
    );
    let (out, _, _) = apply(
        &f,
        r#"{"op":"fill_null","column":"x","strategy":"backward"}"#,
    );
    assert_eq!(
        f64s(&out, "x"),
        [Some(1.0), Some(3.0), Some(3.0), Some(10.0), Some(10.0)]
    );
    // A recorded value is used as is: replaying on other data does not refit.
    let (out, _, _) = apply(
        &f,
        r#"{"op":"fill_null","column":"x","strategy":"mean","fitted":100}"#,
    );
    assert_eq!(f64s(&out, "x")[1], Some(100.0));
    // Wrong constant type, no constant, text mean.
    assert!(fails(
        &f,
        r#"{"op":"fill_null","column":"x","strategy":"constant","value":"a"}"#
    )
    .contains("does not fit `x`"));
    assert!(fails(
        &f,
        r#"{"op":"fill_null","column":"x","strategy":"constant"}"#
    )
    .starts_with("field `value`"));
    assert!(
        fails(&f, r#"{"op":"fill_null","column":"t","strategy":"mean"}"#).contains("not numeric")
    );
}

#[test]
fn drop_nulls_any_all_and_subset() {
    let f = small();
    let (out, _, note) = apply(&f, r#"{"op":"drop_nulls"}"#);
    // Rows 1 (x null), 2 (n, t null), 3 (x NaN) go.
    assert_eq!(out.height(), 2);
    // The count is not said twice in the app ("3 of 5 rows removed; 3 rows dropped").
    assert_eq!(note, None);
    assert_eq!(
        headless_notes(&f, r#"{"op":"drop_nulls"}"#),
        ["step 1 (drop_nulls): 3 rows dropped"]
    );
    let none: &[String] = &[];
    assert_eq!(
        headless_notes(&f.head(Some(1)), r#"{"op":"drop_nulls"}"#),
        none
    );
    let (out, _, _) = apply(&f, r#"{"op":"drop_nulls","columns":["x","n"],"how":"all"}"#);
    assert_eq!(out.height(), 5, "no row misses both");
    let (out, _, _) = apply(&f, r#"{"op":"drop_nulls","columns":["t"]}"#);
    assert_eq!(out.height(), 4);
}

#[test]
fn normalize_text_and_replace() {
    let f = small();
    let (out, _, _) = apply(&f, r#"{"op":"normalize_text","column":"t"}"#);
    assert_eq!(
        strs(&out, "t"),
        [
            Some("red".into()),
            Some("red".into()),
            None,
            Some("blue".into()),
            Some("blue sky".into())
        ]
    );
    let (out, _, _) = apply(
        &f,
        r#"{"op":"normalize_text","column":"t","case":"keep","collapse_spaces":false}"#,
    );
    assert_eq!(strs(&out, "t")[4].as_deref(), Some("blue  sky"));
    assert_eq!(strs(&out, "t")[0].as_deref(), Some("Red"));
    assert!(fails(&f, r#"{"op":"normalize_text","column":"x"}"#).contains("not text"));
    // Keeping the outer spaces while collapsing the inner ones: a text of white space alone
    // has no inner run and stays as it is (it was doubled).
    let spaces =
        DataFrame::new_infer_height(vec![Column::new("t".into(), ["  a   b ", " \t "])]).unwrap();
    let (out, _, _) = apply(
        &spaces,
        r#"{"op":"normalize_text","column":"t","case":"keep","trim":false}"#,
    );
    assert_eq!(
        strs(&out, "t"),
        [Some("  a b ".into()), Some(" \t ".into())]
    );
    let (out, _, note) = apply(
        &f,
        r#"{"op":"replace","column":"k","mapping":{"a":"A","c":null}}"#,
    );
    assert_eq!(
        strs(&out, "k"),
        [
            Some("A".into()),
            Some("b".into()),
            Some("A".into()),
            None,
            Some("A".into())
        ]
    );
    assert_eq!(note.as_deref(), Some("4 values replaced"));
    // Numbers: a sentinel to missing, and integers stay integers.
    let (out, _, _) = apply(
        &f,
        r#"{"op":"replace","column":"n","mapping":{"9":null,"2":20}}"#,
    );
    assert_eq!(out.column("n").unwrap().dtype(), &DataType::Int64);
    assert_eq!(
        f64s(&out, "n"),
        [Some(4.0), Some(20.0), None, Some(20.0), None]
    );
    assert!(
        fails(&f, r#"{"op":"replace","column":"n","mapping":{"x":1}}"#)
            .contains("must be a number")
    );
}

#[test]
fn scale_matches_scikit_learn_definitions() {
    let f = frame("penguins.csv");
    let x: Vec<f64> = f64s(&f, "body_mass_g").into_iter().flatten().collect();
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let sd0 = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n).sqrt();
    let (out, s, _) = apply(
        &f,
        r#"{"op":"scale","columns":["body_mass_g"],"method":"standard"}"#,
    );
    let scaled: Vec<f64> = f64s(&out, "body_mass_g").into_iter().flatten().collect();
    for (a, b) in scaled.iter().zip(&x) {
        assert!(close(*a, (b - mean) / sd0));
    }
    // Standardised: mean 0 and population std 1; nulls stay null.
    assert!(scaled.iter().sum::<f64>().abs() < 1e-9);
    assert_eq!(
        f64s(&out, "body_mass_g")
            .iter()
            .filter(|v| v.is_none())
            .count(),
        2
    );
    let Step::Scale {
        fitted: Some(fit), ..
    } = s
    else {
        panic!()
    };
    assert!(close(fit["body_mass_g"].center, mean) && close(fit["body_mass_g"].scale, sd0));

    let (out, _, _) = apply(
        &f,
        r#"{"op":"scale","columns":["body_mass_g"],"method":"min_max"}"#,
    );
    let mm: Vec<f64> = f64s(&out, "body_mass_g").into_iter().flatten().collect();
    let (lo, hi) = (2700.0, 6300.0);
    assert!(mm
        .iter()
        .zip(&x)
        .all(|(a, b)| close(*a, (b - lo) / (hi - lo))));
    assert_eq!(mm.iter().copied().fold(f64::MAX, f64::min), 0.0);

    // Robust: median 4050, IQR 4750 - 3550 = 1200 (pandas quantiles).
    let (out, _, _) = apply(
        &f,
        r#"{"op":"scale","columns":["body_mass_g"],"method":"robust"}"#,
    );
    let r: Vec<f64> = f64s(&out, "body_mass_g").into_iter().flatten().collect();
    assert!(r
        .iter()
        .zip(&x)
        .all(|(a, b)| close(*a, (b - 4050.0) / 1200.0)));

    // A constant column scales by 1 (scikit-learn), not by zero.
    let c = df!("c" => [5.0, 5.0, 5.0]).unwrap();
    let (out, _, _) = apply(&c, r#"{"op":"scale","columns":["c"],"method":"standard"}"#);
    assert_eq!(f64s(&out, "c"), [Some(0.0); 3]);
}

#[test]
fn log_transform_refuses_negatives() {
    let f = df!("a" => [0.0, 1.0, 9.0], "b" => [1.0, -2.0, -0.5]).unwrap();
    let (out, _, _) = apply(&f, r#"{"op":"log_transform","column":"a"}"#);
    assert_eq!(
        f64s(&out, "a"),
        [Some(0.0), Some(2f64.ln()), Some(10f64.ln())]
    );
    assert_eq!(
        fails(&f, r#"{"op":"log_transform","column":"b"}"#),
        "`b` has 2 negative values (the smallest -2): log(1 + x) needs values of 0 or more; \
         clip_outliers or a filter can deal with them first"
    );
}

#[test]
fn clip_outlier_bounds_read_as_numbers_however_wide() {
    // A hostile pass's k = 1e308 printed bounds as 300-digit integers.
    let f = df!("v" => [1.0, 2.0, 3.0, 4.0, 100.0]).unwrap();
    let (_, _, note) = apply(
        &f,
        r#"{"op":"clip_outliers","column":"v","method":"iqr","k":1e300,"action":"null"}"#,
    );
    assert_eq!(note.as_deref(), Some("0 values outside -2e300 to 2e300"));
}

#[test]
fn clip_outliers_by_iqr_and_zscore() {
    let f = df!("v" => [1.0, 2.0, 3.0, 4.0, 100.0, -50.0]).unwrap();
    // Sorted -50 1 2 3 4 100: q25 = 1.25, q75 = 3.75 (linear), IQR 2.5, fences -2.5 and 7.5.
    let (out, s, note) = apply(
        &f,
        r#"{"op":"clip_outliers","column":"v","method":"iqr","action":"clip"}"#,
    );
    assert_eq!(
        f64s(&out, "v"),
        [
            Some(1.0),
            Some(2.0),
            Some(3.0),
            Some(4.0),
            Some(7.5),
            Some(-2.5)
        ]
    );
    assert_eq!(note.as_deref(), Some("2 values outside -2.5 to 7.5"));
    let Step::ClipOutliers {
        fitted: Some(b), ..
    } = s
    else {
        panic!()
    };
    assert_eq!((b.lower, b.upper), (-2.5, 7.5));
    let (out, _, _) = apply(
        &f,
        r#"{"op":"clip_outliers","column":"v","method":"iqr","action":"null"}"#,
    );
    assert_eq!(f64s(&out, "v")[4], None);
    let (out, _, _) = apply(
        &f,
        r#"{"op":"clip_outliers","column":"v","method":"iqr","k":3,"action":"drop"}"#,
    );
    assert_eq!(out.height(), 4);
    // z-score: mean and sample std of the six, bounds at 1 std.
    let v = [1.0, 2.0, 3.0, 4.0, 100.0, -50.0];
    let m = v.iter().sum::<f64>() / 6.0;
    let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / 5.0).sqrt();
    let (_, s, _) = apply(
        &f,
        r#"{"op":"clip_outliers","column":"v","method":"zscore","k":1,"action":"clip"}"#,
    );
    let Step::ClipOutliers {
        fitted: Some(b), ..
    } = s
    else {
        panic!()
    };
    assert!(close(b.lower, m - sd) && close(b.upper, m + sd));
}

#[test]
fn one_hot_ordinal_and_bins_with_fitted_replay() {
    let f = small();
    let (out, s, _) = apply(&f, r#"{"op":"one_hot","column":"k"}"#);
    assert_eq!(out.get_column_names(), ["x", "n", "t", "k_a", "k_b", "k_c"]);
    assert_eq!(
        f64s(&out, "k_a"),
        [Some(1.0), Some(0.0), Some(1.0), Some(0.0), Some(1.0)]
    );
    // Replayed on data with an unseen level: no new column, all zeros for it.
    let other = df!("x" => [1.0], "n" => [1i64], "t" => ["q"], "k" => ["z"]).unwrap();
    let a = apply_step(&other, &s).unwrap();
    assert_eq!(
        a.frame.get_column_names(),
        ["x", "n", "t", "k_a", "k_b", "k_c"]
    );
    assert_eq!(f64s(&a.frame, "k_a"), [Some(0.0)]);
    // Capped: the most frequent level, the rest in k_other.
    let (out, _, _) = apply(&f, r#"{"op":"one_hot","column":"k","max_levels":1}"#);
    assert_eq!(out.get_column_names(), ["x", "n", "t", "k_a", "k_other"]);
    assert_eq!(
        f64s(&out, "k_other"),
        [Some(0.0), Some(1.0), Some(0.0), Some(1.0), Some(0.0)]
    );

    let (out, s, _) = apply(&f, r#"{"op":"ordinal_encode","column":"k"}"#);
    assert_eq!(
        f64s(&out, "k"),
        [Some(0.0), Some(1.0), Some(0.0), Some(2.0), Some(0.0)]
    );
    let a = apply_step(&other, &s).unwrap();
    assert_eq!(f64s(&a.frame, "k"), [None]);
    assert!(a.note.unwrap().contains("not seen when fitting"));

    let g = df!("v" => [0.0, 1.0, 2.5, 5.0, 7.5, 10.0]).unwrap();
    let (out, s, _) = apply(
        &g,
        r#"{"op":"bin","column":"v","method":"equal_width","bins":4}"#,
    );
    // Edges 0, 2.5, 5, 7.5, 10; right edge closed.
    assert_eq!(
        f64s(&out, "v"),
        [
            Some(0.0),
            Some(0.0),
            Some(1.0),
            Some(2.0),
            Some(3.0),
            Some(3.0)
        ]
    );
    let Step::Bin {
        fitted: Some(edges),
        ..
    } = &s
    else {
        panic!()
    };
    assert_eq!(edges, &[0.0, 2.5, 5.0, 7.5, 10.0]);
    let far = df!("v" => [-100.0, 100.0]).unwrap();
    assert_eq!(
        f64s(&apply_step(&far, &s).unwrap().frame, "v"),
        [Some(0.0), Some(3.0)]
    );
    let (out, _, _) = apply(
        &g,
        r#"{"op":"bin","column":"v","method":"quantile","bins":2}"#,
    );
    // Median 3.75: three below, three above.
    assert_eq!(
        f64s(&out, "v"),
        [
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(1.0),
            Some(1.0),
            Some(1.0)
        ]
    );
    let (out, _, _) = apply(
        &g,
        r#"{"op":"bin","column":"v","method":"edges","edges":[0,5,10]}"#,
    );
    assert_eq!(
        f64s(&out, "v"),
        [
            Some(0.0),
            Some(0.0),
            Some(0.0),
            Some(1.0),
            Some(1.0),
            Some(1.0)
        ]
    );
    assert!(fails(
        &g,
        r#"{"op":"bin","column":"v","method":"edges","edges":[5,1]}"#
    )
    .contains("increasing"));
}

#[test]
fn casts_count_and_show_failures() {
    let f = df!(
        "s" => [Some("1"), Some(" 2 "), Some("x"), None, Some("4.0")],
        "d" => ["2024-01-05", "05/01/2024", "2024-02-30", "2023-12-31", "31/12/2023"],
        "b" => ["yes", "No", "1", "maybe", "F"]
    )
    .unwrap();
    let (out, _, note) = apply(&f, r#"{"op":"cast","column":"s","to":"int"}"#);
    assert_eq!(
        f64s(&out, "s"),
        [Some(1.0), Some(2.0), None, None, Some(4.0)]
    );
    assert_eq!(
        note.as_deref(),
        Some("1 value of `s` could not be read as an integer (e.g. \"x\"): made missing")
    );
    assert_eq!(
        fails(
            &f,
            r#"{"op":"cast","column":"s","to":"int","on_error":"fail"}"#
        ),
        "1 value of `s` could not be read as an integer (e.g. \"x\"); set on_error to null to \
         make them missing"
    );
    // A number that is not whole is shown as written, a huge one in its short form.
    let n = df!("n" => [1.0, 2.5, 1e300]).unwrap();
    let (_, _, note) = apply(&n, r#"{"op":"cast","column":"n","to":"int"}"#);
    assert_eq!(
        note.as_deref(),
        Some("2 values of `n` could not be read as an integer (e.g. \"2.5\", \"1e300\"): made missing")
    );
    let (out, _, _) = apply(&f, r#"{"op":"cast","column":"b","to":"bool"}"#);
    assert_eq!(
        strs(&out, "b"),
        [
            Some("true".into()),
            Some("false".into()),
            Some("true".into()),
            None,
            Some("false".into())
        ]
    );
    // Two formats, tried in order; an impossible date is a failure.
    let (out, _, note) = apply(
        &f,
        r#"{"op":"cast","column":"d","to":"date","format":["%Y-%m-%d","%d/%m/%Y"]}"#,
    );
    assert_eq!(out.column("d").unwrap().dtype(), &DataType::Date);
    assert_eq!(
        strs(&out, "d"),
        [
            Some("2024-01-05".into()),
            Some("2024-01-05".into()),
            None,
            Some("2023-12-31".into()),
            Some("2023-12-31".into())
        ]
    );
    assert!(note.unwrap().starts_with("1 value of `d`"));
    let (out, _, _) = apply(&f, r#"{"op":"cast","column":"s","to":"category"}"#);
    assert!(matches!(
        out.column("s").unwrap().dtype(),
        DataType::Categorical(_, _)
    ));
}

#[test]
fn parse_numbers_reads_what_people_write() {
    for (text, comma, want) in [
        ("1,234.5", false, Some(1234.5)),
        ("$12", false, Some(12.0)),
        ("45%", false, Some(0.45)),
        ("(12)", false, Some(-12.0)),
        (" 7 ", false, Some(7.0)),
        ("1.234,5", true, Some(1234.5)),
        ("3,75", true, Some(3.75)),
        ("1e3", false, Some(1000.0)),
        ("12,34", false, None),
        ("abc", false, None),
        ("", false, None),
    ] {
        assert_eq!(parse_number(text, comma), want, "{text:?}");
    }
    let f = frame("penguins_messy.csv");
    let (out, _, note) = apply(
        &f,
        r#"{"op":"parse_numbers","column":"Culmen Length","unit":"mm"}"#,
    );
    let raw = strs(&f, "Culmen Length");
    let parsed = f64s(&out, "Culmen Length");
    for (r, p) in raw.iter().zip(&parsed) {
        let want = r.as_deref().map(|s| {
            s.trim()
                .trim_end_matches("mm")
                .trim()
                .parse::<f64>()
                .unwrap()
        });
        assert_eq!(*p, want, "{r:?}");
    }
    assert!(note.is_none(), "{note:?}");
    // Numbers that were text and read back the same: no cell looks different, but the column
    // is now numbers, and the preview says so instead of "0 cells in 0 rows changed".
    let f = df!("w" => ["3.5", "3.0", "2.9"]).unwrap();
    let s = step(r#"{"op":"parse_numbers","column":"w"}"#);
    let out = apply_step(&f, &s).unwrap().frame;
    let p = preview(&f, &out, None);
    assert_eq!(p.cells_changed, 0);
    assert_eq!(
        lathe::core::clean::describe(&s, &p),
        "w is now f64 (was str)"
    );
}

#[test]
fn dedupe_filter_derive_sample() {
    let f = frame("penguins_messy.csv");
    let (out, _, note) = apply(&f, r#"{"op":"dedupe"}"#);
    assert_eq!(out.height(), 172);
    assert_eq!(note, None);
    assert_eq!(
        headless_notes(&f, r#"{"op":"dedupe"}"#),
        ["step 1 (dedupe): 3 duplicate rows dropped"]
    );
    let (out, _, _) = apply(&f, r#"{"op":"dedupe","columns":["Island"]}"#);
    assert_eq!(strs(&out, "Island").len(), 3);

    let p = frame("penguins.csv");
    let (out, _, _) = apply(&p, r#"{"op":"filter","expr":"species == \"Gentoo\""}"#);
    assert_eq!(out.height(), 124);
    let e = fails(&p, r#"{"op":"filter","expr":"mass > 3"}"#);
    assert!(
        e.starts_with("field `expr`: mass > 3\n^ no column named `mass`"),
        "{e}"
    );
    let (out, _, _) = apply(
        &p,
        r#"{"op":"derive","name":"mass_kg","expr":"body_mass_g / 1000"}"#,
    );
    let kg = f64s(&out, "mass_kg");
    let g = f64s(&p, "body_mass_g");
    assert!(kg.iter().zip(&g).all(|(k, g)| match (k, g) {
        (Some(k), Some(g)) => close(*k, g / 1000.0),
        (None, None) => true,
        _ => false,
    }));
    let (out, _, _) = apply(
        &p,
        r#"{"op":"derive","name":"ratio","expr":"-(bill_length_mm - 1) * 2 / bill_depth_mm"}"#,
    );
    let (bl, bd) = (f64s(&p, "bill_length_mm"), f64s(&p, "bill_depth_mm"));
    assert!(close(
        f64s(&out, "ratio")[0].unwrap(),
        -(bl[0].unwrap() - 1.0) * 2.0 / bd[0].unwrap()
    ));
    assert!(fails(&p, r#"{"op":"derive","name":"species","expr":"1"}"#).contains("exists already"));
    assert!(
        fails(&p, r#"{"op":"derive","name":"z","expr":"species * 2"}"#)
            .contains("works on numbers")
    );

    let (a, _, _) = apply(&p, r#"{"op":"sample","n":50,"seed":7}"#);
    let (b, _, _) = apply(&p, r#"{"op":"sample","n":50,"seed":7}"#);
    assert_eq!(a.height(), 50);
    assert!(a.equals_missing(&b), "the same seed, the same rows");
    let (c, _, _) = apply(&p, r#"{"op":"sample","fraction":0.5}"#);
    assert_eq!(c.height(), 172);
    assert!(fails(&p, r#"{"op":"sample","n":5,"fraction":0.5}"#).contains("not both"));
}

#[test]
fn steps_handle_empty_frames_all_null_columns_and_unicode() {
    let empty = df!("x" => Vec::<f64>::new(), "t" => Vec::<&str>::new()).unwrap();
    for json in [
        r#"{"op":"drop_nulls"}"#,
        r#"{"op":"dedupe"}"#,
        r#"{"op":"normalize_text","column":"t"}"#,
        r#"{"op":"fill_null","column":"x","strategy":"forward"}"#,
        r#"{"op":"sample","fraction":0.5}"#,
        r#"{"op":"filter","expr":"x > 1"}"#,
    ] {
        assert_eq!(apply(&empty, json).0.height(), 0, "{json}");
    }
    assert!(fails(
        &empty,
        r#"{"op":"fill_null","column":"x","strategy":"mean"}"#
    )
    .contains("no values"));
    let nulls = df!("x" => [None::<f64>, None]).unwrap();
    assert!(fails(
        &nulls,
        r#"{"op":"scale","columns":["x"],"method":"standard"}"#
    )
    .contains("no values"));
    let u = df!("t" => ["  Ärger  ", "ÄRGER", "straße"]).unwrap();
    let (out, _, _) = apply(&u, r#"{"op":"normalize_text","column":"t"}"#);
    assert_eq!(
        strs(&out, "t"),
        [
            Some("ärger".into()),
            Some("ärger".into()),
            Some("straße".into())
        ]
    );
}

#[test]
fn preview_counts_equal_the_actual_change() {
    let f = frame("penguins.csv");
    for json in [
        r#"{"op":"fill_null","column":"sex","strategy":"mode"}"#,
        r#"{"op":"scale","columns":["body_mass_g"],"method":"min_max"}"#,
        r#"{"op":"clip_outliers","column":"bill_length_mm","method":"iqr","k":1,"action":"clip"}"#,
    ] {
        let a = apply_step(&f, &step(json)).unwrap();
        let p = preview(&f, &a.frame, a.note.clone());
        // Counted independently: cells whose shown value differs.
        let mut cells = 0;
        let mut rows = std::collections::BTreeSet::new();
        for name in f.get_column_names() {
            let (x, y) = (strs(&f, name), strs(&a.frame, name));
            for (i, (a, b)) in x.iter().zip(&y).enumerate() {
                if a != b {
                    cells += 1;
                    rows.insert(i);
                }
            }
        }
        assert_eq!(
            (p.cells_changed, p.rows_changed),
            (cells, rows.len()),
            "{json}"
        );
        assert_eq!(
            p.sample_rows,
            rows.iter().copied().take(10).collect::<Vec<_>>()
        );
    }
    let a = apply_step(&f, &step(r#"{"op":"one_hot","column":"island"}"#)).unwrap();
    let p = preview(&f, &a.frame, None);
    assert_eq!(p.columns_removed, ["island"]);
    assert_eq!(
        p.columns_added,
        ["island_Biscoe", "island_Dream", "island_Torgersen"]
    );
    let a = apply_step(&f, &step(r#"{"op":"drop_nulls"}"#)).unwrap();
    let p = preview(&f, &a.frame, None);
    assert_eq!((p.rows_before, p.rows_after), (344, 333));
}

#[test]
fn recipes_round_trip_and_bad_ones_say_where() {
    let text = r#"{
      "version": 1,
      "source": {"path": "sample_data/penguins.csv"},
      "steps": [
        {"op": "fill_null", "column": "sex", "strategy": "constant", "value": "unknown"},
        {"op": "scale", "columns": ["body_mass_g"], "method": "robust"},
        {"op": "cast", "column": "year", "to": "string"}
      ]
    }"#;
    let r = Recipe::from_json(text, "r.json").unwrap();
    assert_eq!(r.steps.len(), 3);
    let again = Recipe::from_json(&r.to_json(), "r.json").unwrap();
    assert_eq!(again, r);
    // A byte-order mark at the start (Windows editors write one) is not part of the JSON.
    assert_eq!(
        Recipe::from_json(&format!("\u{feff}{text}"), "r.json").unwrap(),
        r
    );
    // Fitted values survive a round trip exactly.
    let f = frame("penguins.csv");
    let (_, fitted, _) = replay(&f, &r.steps).unwrap();
    let mut with_fit = r.clone();
    with_fit.steps = fitted;
    assert_eq!(
        Recipe::from_json(&with_fit.to_json(), "x").unwrap(),
        with_fit
    );
    assert_eq!(with_fit.steps[1].unfitted(), r.steps[1]);

    let err = |t: &str| Recipe::from_json(t, "r.json").unwrap_err().to_string();
    assert_eq!(
        err(r#"{"version": 2, "steps": []}"#),
        "r.json: version 2 is not supported: this build of lathe reads recipe version 1"
    );
    assert!(err(r#"{"version": 1, "steps": [{"op": "fill_null", "column": "a", "strategy": "mean"}, {"op": "explode"}]}"#)
        .starts_with("r.json: step 2: unknown op `explode`; known: drop_columns, rename"));
    assert_eq!(
        err(r#"{"version": 1, "steps": [{"op": "scale", "columns": ["a"]}]}"#),
        "r.json: step 1 (scale): missing field `method`"
    );
    assert!(err(
        r#"{"version": 1, "steps": [{"op": "scale", "columns": "a", "method": "robust"}]}"#
    )
    .starts_with(
        "r.json: step 1 (scale): field `columns`: invalid type: string \"a\", expected a sequence"
    ));
    assert!(err(
        r#"{"version": 1, "steps": [{"op": "log_transform", "column": "a", "colour": 1}]}"#
    )
    .contains("unknown field `colour`"));
    assert!(err("{").starts_with("r.json: not valid JSON"));
    // Applying: the step number and the field.
    let r = Recipe::from_json(
        r#"{"version":1,"steps":[{"op":"dedupe"},{"op":"fill_null","column":"age","strategy":"mean"}]}"#,
        "r.json",
    )
    .unwrap();
    let e = replay(&f, &r.steps).unwrap_err().to_string();
    assert!(
        e.starts_with("recipe step 2 (fill_null): field `column`: no column `age` in the data"),
        "{e}"
    );
    let r = Recipe::from_json(
        r#"{"version":1,"steps":[{"op":"log_transform","column":"species"}]}"#,
        "r.json",
    )
    .unwrap();
    assert_eq!(
        replay(&f, &r.steps).unwrap_err().to_string(),
        "recipe step 1 (log_transform): field `column`: `species` is str, not numeric; \
         parse_numbers or cast it first"
    );
}

#[test]
fn fitted_values_apply_to_other_data_unchanged() {
    let f = frame("penguins.csv");
    let steps = vec![
        step(r#"{"op":"fill_null","column":"body_mass_g","strategy":"median"}"#),
        step(r#"{"op":"scale","columns":["body_mass_g"],"method":"standard"}"#),
    ];
    let (_, fitted, _) = replay(&f, &steps).unwrap();
    // "Next month's file": two rows, one missing. It gets the training median and scale.
    let next = df!("body_mass_g" => [None, Some(5000i64)]).unwrap();
    let (out, _, _) = replay(&next, &fitted).unwrap();
    // The scale was fitted after the fill: on the 342 values and the two medians (4050).
    let mut x: Vec<f64> = f64s(&f, "body_mass_g").into_iter().flatten().collect();
    x.extend([4050.0, 4050.0]);
    let mean = x.iter().sum::<f64>() / x.len() as f64;
    let sd0 = (x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / x.len() as f64).sqrt();
    let v = f64s(&out, "body_mass_g");
    assert!(close(v[0].unwrap(), (4050.0 - mean) / sd0));
    assert!(close(v[1].unwrap(), (5000.0 - mean) / sd0));
}

#[test]
fn a_mistyped_field_is_named() {
    let err = |t: &str| Recipe::from_json(t, "r.json").unwrap_err().to_string();
    assert_eq!(
        err(r#"{"version":1,"steps":[{"op":"bin","column":"a","method":"edges","edges":"1,2"}]}"#),
        "r.json: step 1 (bin): field `edges`: invalid type: string \"1,2\", expected a sequence"
    );
    assert_eq!(
        err(r#"{"version":1,"steps":[{"op":"sample","n":-3}]}"#),
        "r.json: step 1 (sample): field `n`: invalid value: integer `-3`, expected usize"
    );
    assert_eq!(
        err(r#"{"version":1,"steps":[{"op":"cast","column":"a","to":"decimal"}]}"#),
        "r.json: step 1 (cast): field `to`: unknown variant `decimal`, expected one of `int`, \
         `float`, `bool`, `string`, `category`, `date`, `datetime`"
    );
}

#[test]
fn derive_arithmetic_keeps_precedence_and_left_association() {
    let f = df!("x" => [10.0]).unwrap();
    for (expr, want) in [
        ("x - 1 - 2", 7.0),
        ("2 + 3 * 4", 14.0),
        ("x / 2 / 5", 1.0),
        ("-x + 1", -9.0),
        ("(2 + 3) * 4", 20.0),
        ("7 / 2", 3.5),
    ] {
        let json = format!(r#"{{"op":"derive","name":"v","expr":"{expr}"}}"#);
        let (out, _, _) = apply(&f, &json);
        assert_eq!(f64s(&out, "v"), [Some(want)], "{expr}");
    }
}

#[test]
fn a_long_derive_chain_is_evaluated_left_to_right() {
    // 3,000 terms took 17 s and 5.7 GB as a nested plan. The value is the same left-to-right
    // sum computed here, to the last bit, mixing `+` and `-`, and `*` and `/` in one chain.
    let xs = [0.1, 1e16, -3.7, 2.5];
    let f = df!("x" => xs).unwrap();
    let mut expr = String::from("x");
    let mut want: Vec<f64> = xs.to_vec();
    for i in 1..3_000 {
        let c = 0.1 * i as f64;
        let op = if i % 3 == 0 { "-" } else { "+" };
        expr.push_str(&format!(" {op} {c} * x / 7"));
        for (w, x) in want.iter_mut().zip(xs) {
            let term = c * x / 7.0;
            *w = if op == "-" { *w - term } else { *w + term };
        }
    }
    let json = format!(r#"{{"op":"derive","name":"v","expr":"{expr}"}}"#);
    let (out, _, _) = apply(&f, &json);
    let got: Vec<f64> = f64s(&out, "v").into_iter().map(Option::unwrap).collect();
    assert_eq!(got, want);
    // A long product chain, and nulls propagate through it.
    let f = df!("x" => [Some(2.0), None]).unwrap();
    let expr = vec!["x"; 40].join(" * ") + " / x";
    let json = format!(r#"{{"op":"derive","name":"v","expr":"{expr}"}}"#);
    let (out, _, _) = apply(&f, &json);
    assert_eq!(f64s(&out, "v"), [Some(2f64.powi(39)), None]);
}

#[test]
fn clip_outliers_refuses_what_it_cannot_clip_to() {
    let f = df! { "x" => [1.0, 2.0, f64::INFINITY, 3.0, 2.5] }.unwrap();
    // Infinite values make z-score bounds NaN: a message, not a panic in clamp.
    let e = fails(
        &f,
        r#"{"op":"clip_outliers","column":"x","method":"zscore","action":"clip"}"#,
    );
    assert!(e.contains("infinite values"), "{e}");
    // k at or below 0 (or not finite) would clip or drop nearly everything.
    for k in ["-1", "0"] {
        let e = fails(
            &f,
            &format!(
                r#"{{"op":"clip_outliers","column":"x","method":"iqr","k":{k},"action":"drop"}}"#
            ),
        );
        assert!(e.starts_with("field `k`:"), "{e}");
    }
    // Hand-written bounds the wrong way round.
    let e = fails(
        &f,
        r#"{"op":"clip_outliers","column":"x","method":"iqr","action":"clip","fitted":{"lower":5,"upper":1}}"#,
    );
    assert!(e.starts_with("field `fitted`:"), "{e}");
    // Ordered bounds still clip, the infinite value included.
    let (out, _, _) = apply(
        &f,
        r#"{"op":"clip_outliers","column":"x","method":"iqr","action":"clip","fitted":{"lower":1.5,"upper":2.75}}"#,
    );
    assert_eq!(
        f64s(&out, "x"),
        [Some(1.5), Some(2.0), Some(2.75), Some(2.75), Some(2.5)]
    );
}

#[test]
fn bin_refuses_too_many_bins_and_bad_recorded_edges() {
    let f = df!("x" => [1.0, 2.0, 3.0, 4.0]).unwrap();
    let e = fails(
        &f,
        r#"{"op":"bin","column":"x","method":"quantile","bins":1000000000}"#,
    );
    assert_eq!(e, "field `bins`: at most 10000");
    for fitted in ["[]", "[1.0]", "[3.0, 1.0]"] {
        let e = fails(
            &f,
            &format!(
                r#"{{"op":"bin","column":"x","method":"quantile","bins":2,"fitted":{fitted}}}"#
            ),
        );
        assert_eq!(
            e, "field `fitted`: at least two edges, increasing",
            "{fitted}"
        );
    }
}

#[test]
fn notes_group_thousands_as_every_other_count() {
    // drop_nulls said "1500 rows dropped" beside "1,500 of 3,000 rows removed".
    let b: Vec<Option<i64>> = (0..3000).map(|i| (i % 2 == 0).then_some(i)).collect();
    let f = df!("b" => b).unwrap();
    assert_eq!(
        headless_notes(&f, r#"{"op":"drop_nulls","columns":["b"]}"#),
        ["step 1 (drop_nulls): 1,500 rows dropped"]
    );
}
