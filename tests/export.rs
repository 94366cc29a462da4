//! `lathe export RECIPE --to sql --dialect spark|duckdb` (issue 16): the SQL of every exported
//! step kind in both dialects (snapshots), the refusals, and the command. That DuckDB's answer
//! equals `lathe apply`'s cell for cell is checked with the real engine by `.ci/run`
//! (`.ci/engines/duckdb_check.py`, on these recipes, the sample and `export_torture.csv`).

mod common;

use lathe::core::clean::replay;
use lathe::core::clean::step::Step;
use lathe::core::export::{recipe_sql, Dialect, ExportError};
use lathe::core::session::recipe::Recipe;
use polars::prelude::*;

/// The recipe's steps with the values they learn on the penguins sample, and the sample's
/// columns.
fn fitted(file: &str) -> (Vec<Step>, Vec<(String, DataType)>) {
    let text = std::fs::read_to_string(format!("tests/data/{file}")).unwrap();
    let recipe = Recipe::from_json(&text, file).unwrap();
    // The casts' recipe reads its own file of awkward texts.
    let frame = match file {
        "export_recipe_5.json" => common::load_file("tests/data/export_casts.csv").frame,
        "export_recipe_6.json" => common::load_file("tests/data/export_numbers.csv").frame,
        _ => common::frame("penguins.csv"),
    };
    let (_, steps, _) = replay(&frame, &recipe.steps).unwrap();
    (steps, columns(&frame))
}

fn columns(frame: &DataFrame) -> Vec<(String, DataType)> {
    frame
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.dtype().clone()))
        .collect()
}

fn nulls() -> Vec<String> {
    ["", "NA"].iter().map(|s| s.to_string()).collect()
}

#[test]
fn every_exported_step_kind_in_both_dialects() {
    for file in [
        "export_recipe.json",
        "export_recipe_2.json",
        "export_recipe_3.json",
        "export_recipe_4.json",
        "export_recipe_5.json",
        "export_recipe_6.json",
    ] {
        let (steps, cols) = fitted(file);
        for (dialect, name) in [(Dialect::DuckDb, "duckdb"), (Dialect::Spark, "spark")] {
            let sql = recipe_sql(&steps, &cols, &nulls(), dialect, "input").unwrap();
            insta::assert_snapshot!(format!("{file}_{name}"), sql);
        }
    }
}

#[test]
fn literals_are_exact_and_escaped_for_each_engine() {
    let cols = vec![
        ("t".to_string(), DataType::String),
        ("x".to_string(), DataType::Float64),
    ];
    let steps: Vec<Step> = serde_json::from_str(
        r#"[{"op":"fill_null","column":"t","strategy":"constant","value":"a\\s'b"},
            {"op":"fill_null","column":"x","strategy":"constant","value":0.1}]"#,
    )
    .unwrap();
    let duck = recipe_sql(&steps, &cols, &nulls(), Dialect::DuckDb, "input").unwrap();
    assert!(duck.contains(r"THEN 'a\s''b' ELSE"), "{duck}");
    let spark = recipe_sql(&steps, &cols, &nulls(), Dialect::Spark, "input").unwrap();
    // Spark reads `\` in a literal as an escape: doubled, and the quote escaped.
    assert!(spark.contains(r"THEN 'a\\s\'b' ELSE"), "{spark}");
    // A cast that must not fail stops the query where lathe's apply stops.
    let cast: Vec<Step> =
        serde_json::from_str(r#"[{"op":"cast","column":"t","to":"float","on_error":"fail"}]"#)
            .unwrap();
    let sql = recipe_sql(&cast, &cols, &nulls(), Dialect::Spark, "input").unwrap();
    assert!(
        sql.contains("THEN raise_error('a value of `t` could not be cast')"),
        "{sql}"
    );
    let parse: Vec<Step> =
        serde_json::from_str(r#"[{"op":"parse_numbers","column":"t","on_error":"fail"}]"#).unwrap();
    let sql = recipe_sql(&parse, &cols, &nulls(), Dialect::DuckDb, "input").unwrap();
    assert!(
        sql.contains("THEN error('a value of `t` could not be read as a number')"),
        "{sql}"
    );
    // Numbers are DOUBLE, not DECIMAL, literals.
    assert!(spark.contains("CAST('0.1' AS DOUBLE)"), "{spark}");
    assert!(spark.contains("`t`") && duck.contains("\"t\""));
}

#[test]
fn steps_sql_cannot_reproduce_are_refused_by_name() {
    let cols = columns(&common::frame("penguins.csv"));
    let refused = |json: &str| -> String {
        let steps: Vec<Step> = serde_json::from_str(json).unwrap();
        match recipe_sql(&steps, &cols, &nulls(), Dialect::Spark, "input") {
            Err(e @ ExportError::Refused { .. }) => e.to_string(),
            other => panic!("{json}: {other:?}"),
        }
    };
    let e = refused(r#"[{"op":"dedupe"},{"op":"sample","n":10}]"#);
    assert!(
        e.starts_with("recipe step 2 (sample): lathe's seeded choice"),
        "{e}"
    );
    let e = refused(r#"[{"op":"scale","columns":["body_mass_g"],"method":"standard"}]"#);
    assert!(
        e.contains("the recipe holds no fitted centres and scales; record them with `lathe apply RECIPE --save-fitted"),
        "{e}"
    );
    let e = refused(r#"[{"op":"fill_null","column":"sex","strategy":"forward"}]"#);
    assert!(e.contains("forward and backward fills"), "{e}");
    let e = refused(r#"[{"op":"ordinal_encode","column":"year","fitted":["2007"]}]"#);
    assert!(e.contains("`year` is not text"), "{e}");
    let e = refused(r#"[{"op":"derive","name":"kg","expr":"body_mass_g / 1000"}]"#);
    assert!(
        e.contains("division is not written as SQL: lathe gives inf for x / 0"),
        "{e}"
    );
    let e = refused(r#"[{"op":"filter","expr":"bill_length_mm > \"x\""}]"#);
    assert!(e.contains("compares values of different kinds"), "{e}");
    let e = refused(r#"[{"op":"join","path":"x.csv","on":["sex"]}]"#);
    assert!(e.contains("`join` is not written as SQL yet"), "{e}");
    let e =
        refused(r#"[{"op":"normalize_text","column":"sex","trim":false,"collapse_spaces":true}]"#);
    assert!(
        e.contains("collapsing inner spaces while keeping the outer ones"),
        "{e}"
    );
    let e = refused(r#"[{"op":"drop_columns","columns":["nope"]}]"#);
    assert!(e.contains("no column `nope` at this step"), "{e}");
}

/// `lathe export FITTED --data` the sample, with `args`; its output (it must succeed).
fn export(fitted: &std::path::Path, args: &[&str]) -> String {
    let mut all = vec![
        "export",
        fitted.to_str().unwrap(),
        "--data",
        "sample_data/penguins.csv",
        "-q",
    ];
    all.extend_from_slice(args);
    common::lathe_ok(&all)
}

#[test]
fn lathe_export_writes_the_sql_and_names_a_refused_step() {
    let dir = tempfile::tempdir().unwrap();
    // Fitted on the sample, as `lathe apply --save-fitted` records them.
    let fitted_path = dir.path().join("fitted.json");
    let clean = dir.path().join("clean.csv");
    let (o, f) = (clean.to_str().unwrap(), fitted_path.to_str().unwrap());
    let recipe = "tests/data/export_recipe.json";
    common::lathe_ok(&["apply", recipe, "-o", o, "--save-fitted", f, "-q"]);
    let sql_path = dir.path().join("clean.sql");
    let to = sql_path.to_str().unwrap();
    export(
        &fitted_path,
        &["--dialect", "spark", "--table", "penguins_raw", "-o", to],
    );
    let sql = std::fs::read_to_string(&sql_path).unwrap();
    assert!(sql.contains("FROM `penguins_raw`"), "{sql}");
    assert!(sql.contains("--   body_mass_g        BIGINT"), "{sql}");
    assert!(sql.trim_end().ends_with("ORDER BY `__lathe_row`;"), "{sql}");
    // Unfitted: refused with the step named, exit 1.
    let err = common::lathe_fails(
        &[
            "export",
            "tests/data/export_recipe.json",
            "--dialect",
            "duckdb",
        ],
        1,
    );
    assert!(
        err.contains("recipe step 4 (fill_null): the recipe holds no fitted value to fill with"),
        "{err}"
    );
    // A runnable PySpark job around the Spark SQL, to standard output.
    let job = export(&fitted_path, &["--to", "pyspark"]);
    assert!(job.contains("    (\"body_mass_g\", \"bigint\"),"), "{job}");
    assert!(job.contains("MISSING = [\"\", \"NA\", \"N/A\""), "{job}");
    assert!(
        job.contains("QUERY = \"-- A lathe recipe as Spark SQL"),
        "{job}"
    );
    assert!(
        job.contains("spark.read.csv(source, sep=\",\", header=True"),
        "{job}"
    );
    // --to sql names its engine; a PySpark job runs Spark SQL only.
    let fitted = fitted_path.to_str().unwrap();
    let data = "sample_data/penguins.csv";
    assert!(common::lathe_fails(&["export", fitted, "--data", data], 2)
        .contains("--to sql needs --dialect"));
    common::lathe_fails(
        &[
            "export",
            fitted,
            "--data",
            data,
            "--to",
            "pyspark",
            "--dialect",
            "duckdb",
        ],
        2,
    );
    // An engine lathe does not write for.
    common::lathe_fails(
        &[
            "export",
            "tests/data/export_recipe.json",
            "--dialect",
            "mysql",
        ],
        2,
    );
}
