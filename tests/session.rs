//! Sessions: a recipe with a model section, replayed headless (`lathe run`) and in the app
//! (`--recipe`) with the numbers the app showed; saved models and `lathe predict` with their
//! schema checks; model files that are damaged or from another version; `--out` folders.

mod common;

use common::*;
use lathe::app::{App, Overlay};
use lathe::cli::PredictArgs;
use lathe::cli::RunArgs;
use lathe::commands::predict::run_predict;
use lathe::commands::run::run_run;
use lathe::core::data::source::{load_all, Input, LoadOptions};
use lathe::core::model::features::Task;
use lathe::core::model::models::ModelSpec;
use lathe::core::model::train::{train, Evaluation, TrainSpec};
use lathe::core::model::ModelError;
use lathe::core::session::pipeline::run_recipe;
use lathe::core::session::recipe::Recipe;
use lathe::core::session::saved::{predict, save_model, SavedModel, CHECK_ROWS};
use polars::prelude::*;

fn messy_recipe() -> Recipe {
    let text = std::fs::read_to_string("sample_data/penguins_messy.recipe.json").unwrap();
    Recipe::from_json(&text, "penguins_messy.recipe.json").unwrap()
}

/// The messy recipe with its source as an absolute path, so it replays from any folder.
fn messy_recipe_from_anywhere() -> Recipe {
    let mut r = messy_recipe();
    r.source.as_mut().unwrap().path = std::fs::canonicalize("sample_data/penguins_messy.csv")
        .unwrap()
        .display()
        .to_string();
    r
}

fn clean_frame() -> DataFrame {
    load_all(
        &Input::Path("tests/data/penguins_messy_clean.csv".into()),
        &LoadOptions::default(),
    )
    .unwrap()
    .frame
}

fn spec(model: &str, evaluation: Evaluation) -> TrainSpec {
    TrainSpec {
        target: Some("species".into()),
        features: None,
        task: None,
        model: ModelSpec {
            name: model.into(),
            params: Default::default(),
        },
        evaluation,
        seed: 42,
        impute: Default::default(),
    }
}

/// An app opened on `file` with `recipe` to restore, the load and every job run through.
fn restored(file: &str, recipe: Recipe) -> App {
    let input = Input::Path(file.into());
    let (mut app, job, input) = start(input, (100, 30));
    app.restore_recipe(recipe, "session.json".into());
    let effects = finish_load(&mut app, job, &input);
    run_effects(&mut app, effects);
    app
}

#[test]
fn a_session_built_with_keys_replays_headless_with_the_same_metrics() {
    // Reopen the cleaning steps (each applied like a previewed step), then train with keys.
    let recipe = messy_recipe();
    let mut app = restored("sample_data/penguins_messy.csv", recipe.clone());
    assert!(app.restore.is_none());
    assert_eq!(app.recipe.len(), recipe.steps.len());
    assert!(!app.unsaved_steps(), "a restored recipe is saved as it is");
    let raw = frame("penguins_messy.csv");
    let (cleaned, _, _) = lathe::core::clean::replay(&raw, &recipe.steps).unwrap();
    assert!(app.frame.equals_missing(&cleaned));
    // The cursor is on species: T, Enter trains logistic regression with 5-fold CV.
    press(&mut app, "T<Enter>");
    assert_eq!(app.runs.len(), 1);
    let shown = app.runs[0].report.clone();
    assert_eq!(shown.model, "logistic");

    // The session recipe carries the model, features written out.
    let doc = app.recipe_document();
    let model = doc.model.clone().unwrap();
    assert_eq!(model.target.as_deref(), Some("species"));
    assert_eq!(model.task, Some(Task::Classification));
    assert_eq!(model.features.as_ref().unwrap(), &shown.features);
    assert_eq!(model.evaluation, Evaluation::CrossValidation { folds: 5 });
    let back = Recipe::from_json(&doc.to_json(), "s.json").unwrap();
    assert_eq!(back, doc);

    // Replayed headless: the same metrics, bit for bit.
    let outcome = run_recipe(&raw, &back, None, "penguins_messy.csv", false, &mut |_| {
        true
    })
    .unwrap();
    let report = outcome.report.unwrap();
    assert_eq!(report.metrics, shown.metrics);
    assert_eq!(report.baseline, shown.baseline);
    assert_eq!(report.cv, shown.cv);

    // And through the command line, as JSON.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.json");
    let mut with_source = back.clone();
    with_source.source.as_mut().unwrap().path =
        std::fs::canonicalize("sample_data/penguins_messy.csv")
            .unwrap()
            .display()
            .to_string();
    std::fs::write(&path, with_source.to_json()).unwrap();
    let mut out = Vec::new();
    let mut err = Vec::new();
    run_run(
        &RunArgs {
            recipe: path.to_str().unwrap().into(),
            data: None,
            test: None,
            out: None,
            json: true,
            load: Default::default(),
            progress: Default::default(),
        },
        &mut out,
        &mut err,
    )
    .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    for (k, v) in &shown.metrics {
        assert_eq!(json["metrics"][k].as_f64(), Some(*v), "{k}");
    }

    // Reopened with the session recipe: the steps and the run come back, same numbers.
    let again = restored("sample_data/penguins_messy.csv", back);
    assert_eq!(again.recipe.len(), recipe.steps.len());
    assert_eq!(again.runs.len(), 1);
    assert_eq!(again.runs[0].report.metrics, shown.metrics);
}

#[test]
fn s_and_m_in_the_model_pane_save_the_session_and_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = loaded_input(
        Input::Path("tests/data/penguins_messy_clean.csv".into()),
        (100, 30),
    );
    press(&mut app, "T<Enter>");
    let session = dir.path().join("s.json");
    common::enter_path(&mut app, "s", &session);
    let saved = Recipe::from_json(&std::fs::read_to_string(&session).unwrap(), "s").unwrap();
    assert_eq!(saved.model.as_ref().unwrap().model.name, "logistic");
    assert!(app.message.as_ref().unwrap().text.contains("lathe run"));

    let model_path = dir.path().join("m.json");
    press(&mut app, "m");
    assert_eq!(app.overlay, Some(Overlay::Prompt));
    common::enter_path(&mut app, "", &model_path);
    assert!(
        app.message.as_ref().unwrap().text.contains("lathe predict"),
        "{:?}",
        app.message
    );
    let mut out = Vec::new();
    let mut err = Vec::new();
    run_predict(
        &PredictArgs {
            model: model_path.to_str().unwrap().into(),
            data: "tests/data/penguins_messy_clean.csv".into(),
            out: None,
            force: false,
            load: Default::default(),
            progress: Default::default(),
        },
        &mut out,
        &mut err,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    let header = text.lines().next().unwrap();
    assert!(header.ends_with(
        "species_predicted,proba_adelie penguin,proba_chinstrap penguin,proba_gentoo penguin"
    ));
    // The model predicts the training rows it was fitted on well.
    let right = text
        .lines()
        .skip(1)
        .filter(|l| {
            let f: Vec<&str> = l.split(',').collect();
            f[0] == f[9]
        })
        .count();
    assert!(right >= 165, "{right} of 172");
}

#[test]
fn predicting_the_training_file_reproduces_the_stored_predictions() {
    let data = clean_frame();
    for (model, eval) in [
        ("logistic", Evaluation::CrossValidation { folds: 5 }),
        ("random_forest", Evaluation::Holdout { train: 0.8 }),
        ("naive_bayes", Evaluation::Holdout { train: 0.8 }),
    ] {
        let s = spec(model, eval);
        let report = train(&data, &s).unwrap();
        let saved = save_model(&data, &data, &[], &s, &report).unwrap();
        assert_eq!(saved.metrics, report.metrics);
        let text = saved.to_json();
        let back = SavedModel::from_json(&text).unwrap();
        let done = predict(&back, &data).unwrap();
        assert_eq!(done.predicted, data.height());
        assert!(done.warnings.is_empty(), "{:?}", done.warnings);
        let col = done.frame.column("species_predicted").unwrap();
        let got: Vec<String> = col
            .str()
            .unwrap()
            .iter()
            .take(CHECK_ROWS)
            .map(|v| v.unwrap().to_string())
            .collect();
        assert_eq!(got, back.check, "{model}");
        // Probabilities of each row sum to 1.
        let p: Vec<f64> = ["adelie penguin", "chinstrap penguin", "gentoo penguin"]
            .iter()
            .map(|c| {
                done.frame
                    .column(&format!("proba_{c}"))
                    .unwrap()
                    .f64()
                    .unwrap()
                    .get(0)
                    .unwrap()
            })
            .collect();
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{model}: {p:?}");
    }
    // A regression model writes the value; clustering writes the cluster.
    let mut s = spec("ridge", Evaluation::Holdout { train: 0.8 });
    s.target = Some("body_mass_g".into());
    let report = train(&data, &s).unwrap();
    let saved = save_model(&data, &data, &[], &s, &report).unwrap();
    let done = predict(&SavedModel::from_json(&saved.to_json()).unwrap(), &data).unwrap();
    let first = done
        .frame
        .column("body_mass_g_predicted")
        .unwrap()
        .f64()
        .unwrap()
        .get(0)
        .unwrap();
    assert_eq!(format!("{first}"), saved.check[0]);
    let mut s = spec("kmeans", Evaluation::Holdout { train: 0.8 });
    s.target = None;
    s.features = Some(vec!["culmen_length_mm".into(), "body_mass_g".into()]);
    let report = train(&data, &s).unwrap();
    let saved = save_model(&data, &data, &[], &s, &report).unwrap();
    let done = predict(&saved, &data).unwrap();
    let clusters = done.frame.column("cluster").unwrap();
    assert_eq!(clusters.null_count(), 0);
    // DBSCAN cannot predict new rows: saving it says so.
    s.model.name = "dbscan".into();
    let report = train(&data, &s).unwrap();
    let e = save_model(&data, &data, &[], &s, &report)
        .unwrap_err()
        .to_string();
    assert!(e.contains("cannot predict new rows"), "{e}");
}

fn logistic_model() -> SavedModel {
    let data = clean_frame();
    let s = spec("logistic", Evaluation::Holdout { train: 0.8 });
    let report = train(&data, &s).unwrap();
    save_model(&data, &data, &[], &s, &report).unwrap()
}

#[test]
fn new_data_is_checked_against_the_training_data() {
    let model = logistic_model();
    let data = clean_frame();
    // Without the target (the usual case for new data): fine.
    let no_target = data.drop("species").unwrap();
    let done = predict(&model, &no_target).unwrap();
    assert_eq!(done.predicted, 172);
    // A feature missing: refused, naming it.
    let e = predict(&model, &data.drop("island").unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("the data lacks columns the model needs: `island`"),
        "{e}"
    );
    // A number column that now holds text: refused, with the values.
    let mut text = data.clone();
    let masses: Vec<String> = (0..text.height())
        .map(|i| {
            if i == 3 {
                "heavy".into()
            } else {
                "4000".into()
            }
        })
        .collect();
    text.replace("body_mass_g", Column::new("body_mass_g".into(), masses))
        .unwrap();
    let e = predict(&model, &text).unwrap_err().to_string();
    assert!(
        e.contains("`body_mass_g` was f64 in training but is str here, and 1 values cannot be read as f64 (e.g. \"heavy\")"),
        "{e}"
    );
    // Text that holds numbers is read as numbers, with a warning.
    let mut numbers_as_text = data.clone();
    common::as_text(&mut numbers_as_text, "body_mass_g");
    let done = predict(&model, &numbers_as_text).unwrap();
    assert!(
        done.warnings[0].contains("read as f64"),
        "{:?}",
        done.warnings
    );
    // Categories never seen: counted; a missing feature value: filled as in training (the
    // training rows' most frequent island), or with impute=none no prediction for that row.
    let mut odd = data.clone();
    let islands: Vec<Option<&str>> = (0..odd.height())
        .map(|i| match i {
            0 | 5 => Some("Atlantis"),
            1 => None,
            _ => Some("Dream"),
        })
        .collect();
    odd.replace("island", Column::new("island".into(), islands))
        .unwrap();
    let done = predict(&model, &odd).unwrap();
    assert_eq!(done.predicted, 172);
    assert!(
        done.warnings.iter().any(|w| w
            .contains("`island`: 2 rows have categories never seen in training: \"Atlantis\" (2)")),
        "{:?}",
        done.warnings
    );
    assert!(
        done.warnings
            .iter()
            .any(|w| w == "missing values filled as in training: `island` (1 row, \"Biscoe\")"),
        "{:?}",
        done.warnings
    );
    assert!(
        done.frame
            .column("species_predicted")
            .unwrap()
            .get(1)
            .unwrap()
            .str_value()
            != ""
    );
    let mut s = spec("logistic", Evaluation::Holdout { train: 0.8 });
    s.impute = lathe::core::model::features::Impute::None;
    let report = train(&data, &s).unwrap();
    let model = save_model(&data, &data, &[], &s, &report).unwrap();
    assert!(model.encoder.fill.is_none());
    let done = predict(&model, &odd).unwrap();
    assert_eq!(done.predicted, 171);
    assert!(done
        .warnings
        .iter()
        .any(|w| w == "1 row has missing features and gets no prediction"));
    let pred = done.frame.column("species_predicted").unwrap();
    assert_eq!(pred.null_count(), 1);
    assert!(pred.get(1).unwrap().is_null());
}

#[test]
fn damaged_or_foreign_model_files_give_clear_errors() {
    let text = logistic_model().to_json();
    // A changed number: the checksum finds it.
    let i = text.find("\"intercept\"").unwrap();
    let digit = text[i..].find(|c: char| c.is_ascii_digit()).unwrap() + i;
    let mut changed = text.clone();
    let d = changed.as_bytes()[digit];
    changed.replace_range(digit..digit + 1, if d == b'1' { "2" } else { "1" });
    let e = SavedModel::from_json(&changed).unwrap_err().to_string();
    assert!(e.contains("changed or damaged"), "{e}");
    // Cut short.
    let e = SavedModel::from_json(&text[..text.len() / 2])
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("not a lathe model file, or a damaged one"),
        "{e}"
    );
    // Another version.
    let other = text.replacen("\"version\":1", "\"version\":7", 1);
    let e = SavedModel::from_json(&other).unwrap_err().to_string();
    assert!(
        e.starts_with("model file version 7 is not supported"),
        "{e}"
    );
    // Some other JSON, e.g. a recipe.
    let e = SavedModel::from_json(&messy_recipe().to_json())
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("not a lathe model file"), "{e}");
    // Through the command line, the file is named.
    let (dir, p) = common::temp_file("bad.json", &changed);
    let e = run_predict(
        &PredictArgs {
            model: p.to_str().unwrap().into(),
            data: "tests/data/penguins_messy_clean.csv".into(),
            out: None,
            force: false,
            load: Default::default(),
            progress: Default::default(),
        },
        &mut Vec::new(),
        &mut Vec::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with(&format!("{}: the model file was changed", p.display())),
        "{e}"
    );
    // --force does not let predict write over the model it reads.
    let good = common::write_in(&dir, "good.json", &text);
    let e = run_predict(
        &PredictArgs {
            model: good.to_str().unwrap().into(),
            data: "tests/data/penguins_messy_clean.csv".into(),
            out: Some(good.to_str().unwrap().into()),
            force: true,
            load: Default::default(),
            progress: Default::default(),
        },
        &mut Vec::new(),
        &mut Vec::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("is the model being read"), "{e}");
    assert_eq!(std::fs::read_to_string(&good).unwrap(), text);
}

#[test]
fn recipes_with_a_bad_model_section_are_refused_by_name() {
    let mut doc: serde_json::Value = serde_json::from_str(&messy_recipe().to_json()).unwrap();
    doc["model"] =
        serde_json::json!({"target": "species", "model": {"name": "logistic"}, "sed": 1});
    let e = Recipe::from_json(&doc.to_string(), "r.json").unwrap_err();
    assert_eq!(e.to_string(), "r.json: model: unknown field `sed`, expected one of `target`, `features`, `task`, `model`, `evaluation`, `seed`, `impute`");
    doc["model"] = serde_json::json!({"target": "species", "model": {"name": "logistic"}, "evaluation": {"holdout": {"train": "most"}}});
    let e = Recipe::from_json(&doc.to_string(), "r.json").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("r.json: model: invalid type: string \"most\""),
        "{e}"
    );
    // Defaults: a hold-out of 0.8 and seed 42.
    doc["model"] = serde_json::json!({"target": "species", "model": {"name": "logistic"}});
    let r = Recipe::from_json(&doc.to_string(), "r.json").unwrap();
    let m = r.model.unwrap();
    assert_eq!(
        (m.evaluation, m.seed),
        (Evaluation::Holdout { train: 0.8 }, 42)
    );
    // A model the registry does not know fails when run, naming the choices.
    let mut r = messy_recipe();
    r.model = Some(spec("gradient_boost", Evaluation::Holdout { train: 0.8 }));
    let e = run_recipe(
        &frame("penguins_messy.csv"),
        &r,
        None,
        "p.csv",
        false,
        &mut |_| true,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.starts_with("p.csv: no classification model `gradient_boost`; known: majority, logistic"),
        "{e}"
    );
    // A test-file evaluation needs the file.
    r.model = Some(spec("logistic", Evaluation::TestFile));
    let e = run_recipe(
        &frame("penguins_messy.csv"),
        &r,
        None,
        "p.csv",
        false,
        &mut |_| true,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("name it with --test FILE"), "{e}");
}

#[test]
fn run_out_writes_its_files_and_never_replaces_others() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = messy_recipe_from_anywhere();
    r.model = Some(spec(
        "decision_tree",
        Evaluation::CrossValidation { folds: 3 },
    ));
    let recipe = common::write_in(&dir, "r.json", r.to_json());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    let args = RunArgs {
        recipe: recipe.to_str().unwrap().into(),
        data: None,
        test: None,
        out: Some(out.to_str().unwrap().into()),
        json: false,
        load: Default::default(),
        progress: Default::default(),
    };
    let mut text = Vec::new();
    run_run(&args, &mut text, &mut Vec::new()).unwrap();
    let text = String::from_utf8(text).unwrap();
    assert!(text.starts_with("classification decision_tree on 172 rows, target species\n3-fold"));
    for f in [
        "cleaned.csv",
        "recipe.json",
        "metrics.json",
        "model.lathe.json",
    ] {
        assert!(out.join(f).exists(), "{f}");
    }
    let metrics: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    assert_eq!(metrics["model"], "decision_tree");
    // Again: its own files are replaced, the user's file is untouched.
    run_run(&args, &mut Vec::new(), &mut Vec::new()).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).unwrap(),
        "mine"
    );
    // A file lathe did not write, where it would write one: refused.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("metrics.json"), "{}").unwrap();
    let e = run_run(
        &RunArgs {
            out: Some(other.to_str().unwrap().into()),
            ..args.clone()
        },
        &mut Vec::new(),
        &mut Vec::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.ends_with("metrics.json: exists and lathe did not write it; choose another --out folder"),
        "{e}"
    );
    assert_eq!(
        std::fs::read_to_string(other.join("metrics.json")).unwrap(),
        "{}"
    );
    // Every target is checked before the first write: nothing else was written.
    let mut left: Vec<String> = std::fs::read_dir(&other)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["metrics.json"]);
    // The same for a file written last (the report), and one in the charts folder.
    for name in ["report.html", "charts/correlations.png"] {
        let third = dir.path().join(format!("third_{}", name.len()));
        std::fs::create_dir_all(third.join("charts")).unwrap();
        std::fs::write(third.join(name), "mine").unwrap();
        let e = run_run(
            &RunArgs {
                out: Some(third.to_str().unwrap().into()),
                ..args.clone()
            },
            &mut Vec::new(),
            &mut Vec::new(),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("exists and lathe did not write it"), "{e}");
        assert!(!third.join("cleaned.csv").exists(), "{name}");
    }
}

#[test]
fn a_failing_step_while_restoring_keeps_the_steps_before_it() {
    let mut r = messy_recipe();
    r.steps.truncate(3);
    r.steps.push(lathe::core::clean::step::Step::LogTransform {
        column: "no_such".into(),
    });
    let app = restored("sample_data/penguins_messy.csv", r);
    assert_eq!(app.recipe.len(), 3);
    assert!(app.restore.is_none());
    let m = &app.message.as_ref().unwrap().text;
    assert!(
        m.starts_with("session.json: step 4 (log_transform) failed"),
        "{m}"
    );
}

/// A small frame with two numeric features, a class label and a numeric target, with one
/// infinite value at `inf_row` (if any) in `a`.
fn finite_check_frame(inf_row: Option<usize>, sign: f64) -> DataFrame {
    let n = 60;
    let a: Vec<f64> = (0..n)
        .map(|i| {
            if Some(i) == inf_row {
                sign * f64::INFINITY
            } else {
                (i % 7) as f64 + 0.1 * i as f64
            }
        })
        .collect();
    let b: Vec<f64> = (0..n).map(|i| ((i * 13) % 11) as f64).collect();
    let label: Vec<&str> = (0..n).map(|i| ["x", "y", "z"][i % 3]).collect();
    let y: Vec<f64> = (0..n).map(|i| 0.5 * i as f64 + (i % 3) as f64).collect();
    df!("a" => a, "b" => b, "label" => label, "y" => y).unwrap()
}

fn finite_check_spec(
    info: &lathe::core::model::registry::ModelInfo,
    evaluation: Evaluation,
) -> TrainSpec {
    let (target, features) = match info.task {
        Task::Classification => (Some("label"), vec!["a", "b"]),
        Task::Regression => (Some("y"), vec!["a", "b"]),
        Task::Clustering => (None, vec!["a", "b"]),
    };
    TrainSpec {
        target: target.map(str::to_string),
        features: Some(features.into_iter().map(str::to_string).collect()),
        task: Some(info.task),
        model: ModelSpec {
            name: info.name.into(),
            params: Default::default(),
        },
        evaluation,
        seed: 3,
        impute: Default::default(),
    }
}

#[test]
fn every_model_refuses_infinite_values_before_fitting_and_predict_skips_them() {
    use lathe::core::model::registry::MODELS;
    use lathe::core::model::train::train_with_test;
    for info in MODELS {
        // On every evaluation path: a hold-out row, a fold, and a test file holding it.
        for (evaluation, row) in [
            (Evaluation::Holdout { train: 0.8 }, 59),
            (Evaluation::Holdout { train: 0.8 }, 0),
            (Evaluation::CrossValidation { folds: 3 }, 30),
        ] {
            let f = finite_check_frame(Some(row), 1.0);
            let e = train(&f, &finite_check_spec(info, evaluation))
                .unwrap_err()
                .to_string();
            assert_eq!(
                e,
                "infinite values stop training: add a filter step keeping `is_finite(a)` (F in \
                 the app, or a recipe), or clip_outliers with bounds; infinite in `a` (1)",
                "{}",
                info.name
            );
        }
        let s = finite_check_spec(info, Evaluation::TestFile);
        let e = train_with_test(
            &finite_check_frame(None, 1.0),
            &finite_check_frame(Some(4), -1.0),
            &s,
            &mut |_| true,
            &lathe::core::model::models::never,
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("infinite values stop training"),
            "{}: {e}",
            info.name
        );
        // Trained on finite data, the model gives no prediction for a row holding infinity
        // (of either sign) and says why; every other row gets a finite prediction.
        let clean = finite_check_frame(None, 1.0);
        let s = finite_check_spec(info, Evaluation::Holdout { train: 0.8 });
        let report = train(&clean, &s).unwrap();
        let model = match save_model(&clean, &clean, &[], &s, &report) {
            Ok(m) => m,
            // DBSCAN cannot predict new rows, so it is never saved.
            Err(e) if info.name == "dbscan" => {
                assert!(
                    matches!(&e, ModelError::Spec(m) if m.contains("cannot predict new rows")),
                    "{e}"
                );
                continue;
            }
            Err(e) => panic!("{}: {e}", info.name),
        };
        for sign in [1.0, -1.0] {
            let done = predict(&model, &finite_check_frame(Some(7), sign)).unwrap();
            assert_eq!(done.predicted, 59, "{}", info.name);
            assert!(
                done.warnings.iter().any(|w| w
                    == "1 row has missing or infinite features and gets no prediction \
                        (infinite values in `a` (1))"),
                "{}: {:?}",
                info.name,
                done.warnings
            );
            for name in &done.added {
                let col = done.frame.column(name).unwrap();
                assert!(col.get(7).unwrap().is_null(), "{} {name}", info.name);
                if let Ok(c) = col.cast(&DataType::Float64) {
                    let values = c.f64().unwrap();
                    assert!(
                        values.iter().flatten().all(f64::is_finite),
                        "{} {name}",
                        info.name
                    );
                }
            }
        }
    }
}

/// The model with one part of its JSON changed by `edit`, written back with a checksum that
/// matches (as someone editing the file by hand would do), then read again.
fn read_edited(
    model: &SavedModel,
    edit: impl Fn(&mut serde_json::Value),
) -> Result<SavedModel, ModelError> {
    let mut value = serde_json::to_value(model).unwrap();
    edit(&mut value);
    let edited: SavedModel = serde_json::from_value(value).expect("still the right types");
    SavedModel::from_json(&edited.to_json())
}

/// The first object holding `key`, anywhere in `v`.
fn find_key<'a>(v: &'a mut serde_json::Value, key: &str) -> Option<&'a mut serde_json::Value> {
    match v {
        serde_json::Value::Object(map) => {
            if map.contains_key(key) {
                return map.get_mut(key);
            }
            map.values_mut().find_map(|x| find_key(x, key))
        }
        serde_json::Value::Array(items) => items.iter_mut().find_map(|x| find_key(x, key)),
        _ => None,
    }
}

#[test]
fn edited_model_files_with_a_recomputed_checksum_are_refused_not_panicked_on() {
    use serde_json::json;
    let data = clean_frame();
    let saved = |model: &str, target: bool| {
        let mut s = spec(model, Evaluation::Holdout { train: 0.8 });
        if !target {
            s.target = None;
            s.task = Some(Task::Clustering);
        }
        let report = train(&data, &s).unwrap();
        save_model(&data, &data, &[], &s, &report).unwrap()
    };
    let logistic = logistic_model();
    let tree = saved("decision_tree", true);
    let kmeans = saved("kmeans", false);
    let bayes = saved("naive_bayes", true);
    let svm = saved("linear_svm", true);
    // Each unedited file reads back.
    for m in [&logistic, &tree, &kmeans, &bayes, &svm] {
        read_edited(m, |_| {}).unwrap();
    }
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&SavedModel, Edit, &str)> = vec![
        (&logistic, Box::new(|v| v["classes"] = json!([])), "`classes`: a classifier's file lists no classes"),
        (&tree, Box::new(|v| *find_key(v, "counts").unwrap() = json!([])), "`fitted`: the tree: a leaf has 0 class counts for 3 classes"),
        (&tree, Box::new(|v| *find_key(v, "feature").unwrap() = json!(999)), "`fitted`: the tree: a split uses feature 999 of"),
        (&kmeans, Box::new(|v| *find_key(v, "centres").unwrap() = json!([])), "`fitted`: k-means has no centres"),
        (&logistic, Box::new(|v| {
            let names = v["encoder"]["names"].as_array_mut().unwrap();
            names.pop();
        }), "`encoder.names` has"),
        (&logistic, Box::new(|v| {
            let coef = find_key(v, "coef").unwrap();
            coef[0].as_array_mut().unwrap().pop();
        }), "`fitted`: a coefficient row has"),
        (&logistic, Box::new(|v| v["encoder"]["scale"][0][1] = json!(0.0)), "`encoder.scale`: a mean is not finite or a standard deviation is not positive"),
        (&bayes, Box::new(|v| {
            let sigma = find_key(v, "sigma").unwrap();
            sigma["data"][0] = json!(-1.0);
        }), "`fitted`: naive Bayes: class 0 has a mean that is not finite, a variance that is not positive"),
        (&svm, Box::new(|v| *find_key(v, "other").unwrap() = json!(9)), "`fitted`: the linear SVM's other class is class 9 of 3"),
        (&logistic, Box::new(|v| v["features"].as_array_mut().unwrap().push(json!("extra"))), "`encoder.levels` has"),
    ];
    for (i, (model, edit, want)) in cases.into_iter().enumerate() {
        let ModelError::Invalid(e) = read_edited(model, edit).unwrap_err() else {
            panic!("case {}: a damaged file is an invalid model", i + 1)
        };
        assert!(
            e.starts_with(&format!("a damaged lathe model file: {want}")),
            "case {}: {e}",
            i + 1
        );
    }
}

#[test]
fn the_deepest_tree_allowed_saves_and_reads_back_and_deeper_is_refused() {
    // Alternating labels along one feature: each greedy split peels off one row, so the tree
    // grows as deep as it may.
    let n = 160;
    let x: Vec<f64> = (0..n).map(|i| i as f64).collect();
    let y: Vec<&str> = (0..n).map(|i| ["a", "b"][i % 2]).collect();
    let data = df!("x" => x, "y" => y).unwrap();
    let mut s = spec("decision_tree", Evaluation::Holdout { train: 0.8 });
    s.target = Some("y".into());
    s.model.params.insert("max_depth".into(), 50.0);
    let report = train(&data, &s).unwrap();
    let model = save_model(&data, &data, &[], &s, &report).unwrap();
    let text = model.to_json();
    // Two JSON levels per tree level: 100 and more (JSON readers stop at 128).
    let mut depth = 0i32;
    let mut deepest = 0;
    for c in text.chars() {
        match c {
            '{' | '[' => depth += 1,
            '}' | ']' => depth -= 1,
            _ => {}
        }
        deepest = deepest.max(depth);
    }
    assert!(deepest > 100, "the tree is {deepest} JSON levels deep");
    let back = SavedModel::from_json(&text).unwrap();
    assert_eq!(
        predict(&back, &data).unwrap().frame,
        predict(&model, &data).unwrap().frame
    );
    s.model.params.insert("max_depth".into(), 51.0);
    let e = train(&data, &s).unwrap_err().to_string();
    assert_eq!(
        e,
        "`max_depth` = 51 is more than `decision_tree` allows (50 at most)"
    );
}

#[test]
fn knn_refuses_more_neighbours_than_training_rows() {
    let data = finite_check_frame(None, 1.0);
    let info = lathe::core::model::registry::MODELS
        .iter()
        .find(|m| m.name == "knn")
        .unwrap();
    let mut s = finite_check_spec(info, Evaluation::Holdout { train: 0.8 });
    s.model.params.insert("k".into(), 50.0);
    let e = train(&data, &s).unwrap_err().to_string();
    assert!(
        e.contains("`k` = 50 neighbours is more than the 48 training rows"),
        "{e}"
    );
}

#[test]
fn predict_reads_the_cleaned_file_lathe_wrote_as_well_as_the_raw_file() {
    // `lathe run --out` writes cleaned.csv beside the model; the model's recipe replays from
    // the raw file (it renames and drops columns), so the cleaned file must be recognised.
    let dir = tempfile::tempdir().unwrap();
    let mut r = messy_recipe_from_anywhere();
    r.model = Some(spec("logistic", Evaluation::Holdout { train: 0.8 }));
    let recipe = common::write_in(&dir, "r.json", r.to_json());
    let out = dir.path().join("out");
    let args = RunArgs {
        recipe: recipe.to_str().unwrap().into(),
        data: None,
        test: None,
        out: Some(out.to_str().unwrap().into()),
        json: false,
        load: Default::default(),
        progress: Default::default(),
    };
    run_run(&args, &mut Vec::new(), &mut Vec::new()).unwrap();
    let model = out.join("model.lathe.json");
    let predict_file = |data: &str| {
        let (mut text, mut err) = (Vec::new(), Vec::new());
        let r = run_predict(
            &PredictArgs {
                model: model.to_str().unwrap().into(),
                data: data.into(),
                out: None,
                force: false,
                load: Default::default(),
                progress: Default::default(),
            },
            &mut text,
            &mut err,
        );
        (
            r.map(|_| String::from_utf8(text).unwrap()),
            String::from_utf8(err).unwrap(),
        )
    };
    let cleaned = out.join("cleaned.csv");
    let (text, err) = predict_file(cleaned.to_str().unwrap());
    let text = text.unwrap();
    let steps = r.steps.len();
    assert!(
        err.contains(&format!(
            "as cleaned data (the cleaned training data's columns, not the raw ones): the \
             recipe's {steps} steps not replayed"
        )),
        "{err}"
    );
    // Every cleaned row predicted, and (the training rows) almost all of them right.
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let truth = header.iter().position(|h| *h == "species").unwrap();
    let predicted = header
        .iter()
        .position(|h| *h == "species_predicted")
        .unwrap();
    let rows: Vec<Vec<&str>> = common::csv_rows(&text);
    let right = rows.iter().filter(|f| f[truth] == f[predicted]).count();
    assert!(right * 100 >= rows.len() * 95, "{right} of {}", rows.len());
    // The raw file still replays the recipe, and says so.
    let (text, err) = predict_file("sample_data/penguins_messy.csv");
    assert!(text.is_ok(), "{err}");
    assert!(
        err.contains(&format!(
            "as raw data (the training file's columns): the recipe's {steps} steps replayed"
        )),
        "{err}"
    );
    // Neither: both schemas named in the refusal.
    let odd = common::write_in(&dir, "odd.csv", "species,island\nAdelie,Dream\n");
    let (e, _) = predict_file(odd.to_str().unwrap());
    let e = e.unwrap_err().to_string();
    assert!(e.contains("nor is it the cleaned data (it lacks "), "{e}");
}

/// `finite_check_frame` with `value` in column `a` at `row`.
fn with_value_at(row: usize, value: f64) -> DataFrame {
    let mut f = finite_check_frame(None, 1.0);
    let mut a = common::present_f64(f.column("a").unwrap());
    a[row] = value;
    f.with_column(Column::new("a".into(), a)).unwrap();
    f
}

#[test]
fn every_model_refuses_values_too_large_to_fit_and_predict_skips_them() {
    // Found by a hostile pass: ±1e308 in a feature made logistic regression panic on a NaN step,
    // naive Bayes abort and DBSCAN overflow its stack (their squares are infinite).
    use lathe::core::model::registry::MODELS;
    for info in MODELS {
        for (evaluation, row) in [
            (Evaluation::Holdout { train: 0.8 }, 59),
            (Evaluation::CrossValidation { folds: 3 }, 30),
        ] {
            for value in [1e308, -1e300, 2e100] {
                let e = train(
                    &with_value_at(row, value),
                    &finite_check_spec(info, evaluation),
                )
                .unwrap_err()
                .to_string();
                assert_eq!(
                    e,
                    "values beyond ±1e100 stop training (their squares and sums overflow): add a \
                     filter step keeping `a > -1e100 and a < 1e100` (F in the app, or a recipe), \
                     or clip_outliers with bounds; too large in `a` (1)",
                    "{} {value}",
                    info.name
                );
            }
        }
        // 1e100 itself fits.
        let s = finite_check_spec(info, Evaluation::Holdout { train: 0.8 });
        assert!(train(&with_value_at(3, 1e100), &s).is_ok(), "{}", info.name);
        let clean = finite_check_frame(None, 1.0);
        let report = train(&clean, &s).unwrap();
        let Ok(model) = save_model(&clean, &clean, &[], &s, &report) else {
            continue;
        };
        let done = predict(&model, &with_value_at(7, -1e308)).unwrap();
        assert_eq!(done.predicted, 59, "{}", info.name);
        assert!(
            done.warnings.iter().any(|w| w
                == "1 row has missing, infinite or too large features and gets no prediction \
                    (values beyond ±1e100 in `a` (1))"),
            "{}: {:?}",
            info.name,
            done.warnings
        );
    }
}
