//! The app's `A` (every classifier of the task with its defaults, 5-fold CV) on the 100k-row
//! mixed file, one model at a time as whole `lathe train` processes, each beside scikit-learn
//! doing the same folds' fit + predict on the same matrix (`benches/scripts/mixed_models.py`,
//! reading not timed; python3 with scikit-learn, its columns empty without it). Target `city`
//! (7 classes), rows with a missing cell dropped (65k), `code` one-hot (411 features).
//!
//! Run: `cargo bench --bench leaderboard [-- ROWS]`. Record the figures in BENCHMARKS.md.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use lathe::app::model::models_for;
use lathe::core::model::features::Task;
use lathe::core::model::models::MODELS;

/// One model's whole `lathe train` process: its time and its cross-validated accuracy.
fn lathe(file: &str, recipe: &str, model: &str) -> (Duration, f64) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_lathe"))
        .args(["train", file, "--target", "city", "--model", model])
        .args(["--cv", "5", "--recipe", recipe, "--json"])
        .output()
        .expect("lathe runs");
    let took = start.elapsed();
    assert!(
        out.status.success(),
        "lathe train {model}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("lathe's JSON");
    (
        took,
        report["metrics"]["accuracy"].as_f64().unwrap_or(f64::NAN),
    )
}

/// scikit-learn's seconds and accuracy for the same model, if python3 has it.
fn sklearn(file: &str, model: &str) -> Option<(f64, f64)> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/benches/scripts/mixed_models.py"
    );
    let out = Command::new("python3")
        .args([script, file, model])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let field = |name: &str| -> Option<f64> {
        let mut words = text.split_whitespace();
        words.find(|w| *w == name)?;
        words.next()?.parse().ok()
    };
    Some((field("seconds")?, field("accuracy")?))
}

fn main() {
    let n = common::rows_arg(100_000);
    let file = common::mixed_file(n).display().to_string();
    let recipe = common::data_dir().join("drop_nulls.json");
    std::fs::write(&recipe, r#"{"version":1,"steps":[{"op":"drop_nulls"}]}"#).unwrap();
    let recipe = recipe.display().to_string();
    println!(
        "| model ({n} rows) | lathe | scikit-learn | ratio | accuracy (lathe, scikit-learn) |"
    );
    println!("|---|---|---|---|---|");
    let (mut ours_all, mut theirs_all, mut complete) = (0.0, 0.0, true);
    for model in models_for(Task::Classification) {
        // `A` trains every model but the baselines (their scores sit beside each run).
        let baseline = MODELS.iter().any(|m| m.name == model && m.baseline);
        if baseline {
            continue;
        }
        let (ours, acc) = lathe(&file, &recipe, model);
        let ours = ours.as_secs_f64();
        ours_all += ours;
        match sklearn(&file, model) {
            Some((theirs, their_acc)) => {
                theirs_all += theirs;
                println!(
                    "| {model} | {ours:.1} s | {theirs:.1} s | {:.2} | {acc:.4}, {their_acc:.4} |",
                    ours / theirs
                );
            }
            None => {
                complete = false;
                println!("| {model} | {ours:.1} s | | | {acc:.4} |");
            }
        }
    }
    let theirs = if complete {
        format!("{theirs_all:.1} s")
    } else {
        String::new()
    };
    println!("| all (`A`) | {ours_all:.1} s | {theirs} | | |");
}
