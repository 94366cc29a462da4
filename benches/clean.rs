//! A 10-step cleaning recipe on the 1M-row bench file: fitting it (the first application, as in
//! the app) and replaying it with its fitted values (as `lathe apply` does with a saved recipe).
//! Loading is not included.
//!
//! Run: `cargo bench --bench clean`. Record the figures in BENCHMARKS.md.

mod common;

use std::time::Instant;

use common::{data_file, median, ms};
use lathe::core::clean::replay;
use lathe::core::data::source::{load_all, Input, LoadOptions};
use lathe::core::session::recipe::Recipe;

const RECIPE: &str = r#"{
  "version": 1,
  "steps": [
    { "op": "fill_null", "column": "x", "strategy": "median" },
    { "op": "fill_null", "column": "category", "strategy": "mode" },
    { "op": "normalize_text", "column": "category", "case": "upper" },
    { "op": "clip_outliers", "column": "y", "method": "iqr", "k": 1, "action": "clip" },
    { "op": "scale", "columns": ["x", "y"], "method": "standard" },
    { "op": "one_hot", "column": "category" },
    { "op": "derive", "name": "z", "expr": "x * 2 + y" },
    { "op": "bin", "column": "z", "method": "quantile", "bins": 10 },
    { "op": "filter", "expr": "flag == true" },
    { "op": "drop_columns", "columns": ["name"] }
  ]
}"#;

fn main() {
    let path = data_file("1m", "csv");
    let frame = load_all(&Input::Path(path), &LoadOptions::default())
        .unwrap()
        .frame;
    let recipe = Recipe::from_json(RECIPE, "bench").unwrap();
    assert_eq!(recipe.steps.len(), 10);
    let mut fit = Vec::new();
    let mut again = Vec::new();
    let mut shape = (0, 0);
    for _ in 0..5 {
        let start = Instant::now();
        let (out, fitted, _) = replay(&frame, &recipe.steps).unwrap();
        fit.push(start.elapsed());
        shape = out.shape();
        let start = Instant::now();
        let (out, _, _) = replay(&frame, &fitted).unwrap();
        again.push(start.elapsed());
        assert_eq!(out.shape(), shape);
    }
    println!("| what | median of 5 |");
    println!("|---|---|");
    println!(
        "| 10 steps on {} rows, fitting (the app's first application) | {} |",
        frame.height(),
        ms(median(fit))
    );
    println!(
        "| the same 10 steps replayed with their fitted values (`lathe apply`) | {} |",
        ms(median(again))
    );
    println!("| result | {} rows x {} columns |", shape.0, shape.1);
}
