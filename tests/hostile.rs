//! A seeded hostile pass over every parser of user input, run with the tests: thousands of
//! mutations of real inputs (byte flips, cuts, repeated and inserted pieces, edited JSON
//! values) through the expression parser and compiler, the recipe reader and its replay, the
//! model file's structure check and `predict`, the config reader and the loader. Each must
//! answer with a value or an error, never a panic. (libFuzzer targets are the next step: this
//! pass is what runs on every `cargo test`.)

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use lathe::core::num::rng::SplitMix;

/// Pieces a hostile input likes to hold.
const PIECES: &[&str] = &[
    "(",
    ")",
    "((((",
    "not ",
    "-",
    "`",
    "\"",
    "'",
    "\\",
    ",",
    " or ",
    " and ",
    "==",
    "1e308",
    "-1e308",
    "NaN",
    "inf",
    "null",
    "is_null(",
    "contains(",
    "\u{1b}[2J",
    "\u{0}",
    "\u{feff}",
    "\n",
    "\r\n",
    ";",
    "{",
    "}",
    "[",
    "]",
    ":",
    "999999999999999999999",
    "-0",
    "é",
    "𝔸",
];

fn mutate(text: &str, rng: &mut SplitMix) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(bytes.len() as u64 + 1) as usize;
        match rng.below(5) {
            0 if !bytes.is_empty() => {
                let i = at.min(bytes.len() - 1);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 => bytes.truncate(at),
            2 => {
                let piece = PIECES[rng.below(PIECES.len() as u64) as usize];
                let most = if rng.below(10) == 0 { 300 } else { 3 };
                let times = 1 + rng.below(most) as usize;
                let insert = piece.repeat(times);
                bytes.splice(at..at, insert.bytes());
            }
            3 if at < bytes.len() => {
                let end = (at + 1 + rng.below(20) as usize).min(bytes.len());
                let piece = bytes[at..end].to_vec();
                bytes.splice(at..at, piece);
            }
            _ => {
                let end = (at + rng.below(10) as usize).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Run `f` on every mutation; a panic fails the test with the input that caused it.
fn survive(seeds: &[&str], rounds: usize, mut f: impl FnMut(&str)) {
    let mut rng = SplitMix::new(2026);
    for round in 0..rounds {
        let seed = seeds[round % seeds.len()];
        let input = mutate(seed, &mut rng);
        if catch_unwind(AssertUnwindSafe(|| f(&input))).is_err() {
            panic!("round {round}: a panic on {input:?}");
        }
    }
}

fn quiet_panics() {
    std::panic::set_hook(Box::new(|_| {}));
}

#[test]
fn the_expression_parser_and_compiler_never_panic() {
    quiet_panics();
    let frame = common::frame("penguins.csv");
    let seeds = [
        "body_mass_g > 4000 and sex == \"male\"",
        "is_null(bill_length_mm) or not contains(species, \"Gen\")",
        "-(bill_length_mm - 1) * 2 / bill_depth_mm >= -1e3",
        "`year` != 2008 && (island = 'Dream' || starts_with(island, \"Bis\"))",
    ];
    survive(&seeds, 3000, |src| {
        if let Ok(ast) = lathe::core::data::expr::parse(src) {
            let _ = lathe::core::data::expr::compile_value(&ast, frame.schema());
            let _ = lathe::core::data::expr::filter_rows(&frame, src);
        }
    });
}

#[test]
fn recipes_read_and_replay_without_panicking() {
    quiet_panics();
    let frame = common::frame("penguins.csv");
    let sample = std::fs::read_to_string("sample_data/penguins_messy.recipe.json").unwrap();
    let seeds = [
        sample.as_str(),
        r#"{"version":1,"steps":[{"op":"clip_outliers","column":"body_mass_g","method":"iqr","k":1.5,"action":"clip"}]}"#,
        r#"{"version":1,"steps":[{"op":"bin","column":"flipper_length_mm","method":"quantile","bins":4}]}"#,
        r#"{"version":1,"steps":[{"op":"derive","name":"r","expr":"bill_length_mm / bill_depth_mm"},{"op":"scale","column":"r"}]}"#,
        r#"{"version":1,"steps":[{"op":"fill_null","column":"sex","strategy":"mode"},{"op":"one_hot","column":"island"}]}"#,
    ];
    survive(&seeds, 1500, |text| {
        if let Ok(r) = lathe::core::session::recipe::Recipe::from_json(text, "r.json") {
            let _ = lathe::core::clean::replay(&frame, &r.steps);
        }
    });
}

#[test]
fn edited_model_structures_are_refused_or_predict() {
    quiet_panics();
    use lathe::core::model::train::{train, Evaluation, TrainSpec};
    use lathe::core::session::saved::{predict, save_model, SavedModel};
    let recipe = lathe::core::session::recipe::Recipe::from_json(
        r#"{"version":1,"steps":[{"op":"drop_nulls"}]}"#,
        "r",
    )
    .unwrap();
    let data = lathe::core::clean::replay(&common::frame("penguins.csv"), &recipe.steps)
        .unwrap()
        .0;
    let mut values = Vec::new();
    for (model, target) in [
        ("logistic", Some("species")),
        ("decision_tree", Some("species")),
        ("random_forest", Some("island")),
        ("naive_bayes", Some("species")),
        ("knn", Some("sex")),
        ("linear_svm", Some("species")),
        ("linear", Some("body_mass_g")),
        ("kmeans", None),
        ("gaussian_mixture", None),
    ] {
        let spec = TrainSpec {
            target: target.map(str::to_string),
            features: None,
            task: target
                .is_none()
                .then_some(lathe::core::model::features::Task::Clustering),
            model: lathe::core::model::models::ModelSpec {
                name: model.into(),
                params: [("n_trees".to_string(), 3.0)]
                    .into_iter()
                    .filter(|_| model == "random_forest")
                    .collect(),
            },
            evaluation: Evaluation::Holdout { train: 0.8 },
            seed: 1,
            impute: Default::default(),
        };
        let report = train(&data, &spec).unwrap();
        let saved = save_model(&data, &data, &[], &spec, &report).unwrap();
        values.push(serde_json::to_value(&saved).unwrap());
    }
    // Replace one leaf somewhere with a hostile value, many times over.
    let hostile = [
        serde_json::json!(-1),
        serde_json::json!(0),
        serde_json::json!(1e308),
        serde_json::json!(-1e308),
        serde_json::json!(4294967296u64),
        serde_json::json!([]),
        serde_json::json!(""),
    ];
    fn count(v: &serde_json::Value) -> usize {
        match v {
            serde_json::Value::Object(m) => m.values().map(count).sum(),
            serde_json::Value::Array(a) if !a.is_empty() => a.iter().map(count).sum(),
            _ => 1,
        }
    }
    /// Replace the `k`-th leaf (in the order `count` counts them); true once done.
    fn replace(v: &mut serde_json::Value, k: &mut usize, new: &serde_json::Value) -> bool {
        match v {
            serde_json::Value::Object(m) => m.values_mut().any(|x| replace(x, k, new)),
            serde_json::Value::Array(a) if !a.is_empty() => {
                a.iter_mut().any(|x| replace(x, k, new))
            }
            leaf => {
                if *k == 0 {
                    *leaf = new.clone();
                    return true;
                }
                *k -= 1;
                false
            }
        }
    }
    let mut rng = SplitMix::new(7);
    for round in 0..1200 {
        let mut v = values[round % values.len()].clone();
        for _ in 0..1 + rng.below(3) {
            let mut k = rng.below(count(&v) as u64) as usize;
            let new = &hostile[rng.below(hostile.len() as u64) as usize];
            replace(&mut v, &mut k, new);
        }
        let Ok(model) = serde_json::from_value::<SavedModel>(v) else {
            continue;
        };
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            if model.validate().is_ok() {
                let _ = predict(&model, &data);
            }
        }));
        assert!(outcome.is_ok(), "round {round}: predict panicked");
    }
}

#[test]
fn the_config_reader_never_panics() {
    quiet_panics();
    let default = lathe::app::config::default_text();
    let seeds = [
        default.as_str(),
        "theme = \"dark\"\nseed = 3\n[keys.table]\nfirst-row = \"g g\"\n",
    ];
    survive(&seeds, 1500, |text| {
        let _ = lathe::app::config::parse(text, "c.toml");
    });
}

#[test]
fn the_loader_answers_any_bytes_with_a_frame_or_an_error() {
    quiet_panics();
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string("sample_data/penguins.csv").unwrap();
    let csv: String = csv.lines().take(12).map(|l| format!("{l}\n")).collect();
    let json = std::fs::read_to_string("sample_data/cars.json").unwrap();
    let json: String = json.chars().take(600).collect();
    let seeds = [
        csv.as_str(),
        json.as_str(),
        "a;b\n1,5;2\n",
        "{\"a\":1}\n{\"a\":2}\n",
    ];
    let mut n = 0;
    survive(&seeds, 400, |bytes| {
        n += 1;
        for ext in ["csv", "json", "ndjson", "parquet"] {
            let p = dir.path().join(format!("f{n}.{ext}"));
            std::fs::write(&p, bytes).unwrap();
            let _ = lathe::core::data::source::load_all(
                &lathe::core::data::source::Input::Path(p.clone()),
                &Default::default(),
            );
            let _ = std::fs::remove_file(p);
        }
    });
}
