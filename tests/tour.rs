//! The guided tour, completed with keys: on the bundled sample, and on data the tour has never
//! seen (a classification and a regression), whose steps it picks from what the data needs.
//! Each step moves on only when its task is done (never by itself), and Esc leaves it keeping
//! what was done.

mod common;

use common::*;
use lathe::app::tour::{Check, Step};
use lathe::core::data::source::Input;

fn toured(input: Input, size: (u16, u16)) -> lathe::app::App {
    let mut app = loaded_input(input, size);
    app.start_tour();
    app
}

fn step(app: &lathe::app::App) -> usize {
    app.tour.as_ref().expect("the tour runs").step
}

fn steps(app: &lathe::app::App) -> Vec<Step> {
    app.tour.as_ref().expect("the tour runs").steps.clone()
}

fn titles(app: &lathe::app::App) -> Vec<String> {
    steps(app).into_iter().map(|s| s.title).collect()
}

/// The column the profile step asks for.
fn profiled(app: &lathe::app::App) -> String {
    match &steps(app)[1].check {
        Check::Profile(c) => c.clone(),
        other => panic!("the second step profiles a column, not {other:?}"),
    }
}

/// Save the session recipe to `path` with the keys the save step gives.
fn save(app: &mut lathe::app::App, path: &std::path::Path) -> lathe::core::session::recipe::Recipe {
    common::enter_path(app, "s", path);
    lathe::core::session::recipe::Recipe::from_json(&std::fs::read_to_string(path).unwrap(), "t")
        .unwrap()
}

#[test]
fn the_whole_tour_with_keys_on_the_sample() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = toured(Input::Sample, (100, 30));
    assert_eq!(step(&app), 0);
    assert_eq!(
        titles(&app),
        [
            "The table",
            "Profile a column",
            "Read the warnings",
            "Fix the missing values",
            "Pick a target, train a baseline",
            "Train a model with cross-validation",
            "Read the confusion matrix",
            "Compare runs",
            "Save the recipe",
            "Done"
        ]
    );
    let text = screen(&app).join("\n");
    assert!(text.contains("Tour 1/10: The table"), "{text}");
    assert!(text.contains("do: j/k rows  h/l columns"));
    assert!(
        text.contains("penguins.csv"),
        "the box names the data: {text}"
    );
    // 1. Move in the table.
    press(&mut app, "j");
    assert_eq!(step(&app), 1);
    // 2. Profile the most skewed column: a profile of another column does not count.
    assert_eq!(profiled(&app), "body_mass_g");
    assert_eq!(
        steps(&app)[1].keys,
        "J (jump to a column), body_mass_g, Enter, then p (profile)"
    );
    press(&mut app, "0p");
    assert_eq!(step(&app), 1, "species is not the column asked for");
    press(&mut app, "<Esc>Jbody_mass_g<Enter>p");
    assert_eq!(app.current_column().as_deref(), Some("body_mass_g"));
    assert_eq!(step(&app), 2);
    // 3. Warnings: the sample has none serious, and the step says so.
    assert!(steps(&app)[2].text.contains("found none serious"));
    press(&mut app, "!");
    assert_eq!(step(&app), 3);
    // 4. Fix the missing values: the menu and the preview alone do not count.
    assert!(steps(&app)[3].text.starts_with("11 rows miss a value"));
    press(&mut app, "C");
    let i = lathe::core::clean::schema::op_index("drop_nulls").unwrap();
    press(&mut app, &"j".repeat(i));
    press(&mut app, "<Enter><Enter>");
    assert_eq!(step(&app), 3, "previewed, not applied");
    press(&mut app, "<Enter>");
    assert_eq!(app.recipe.len(), 1);
    assert_eq!(step(&app), 4);
    // 5. A baseline on species (the first column): ← from the first model is the baseline.
    assert!(steps(&app)[4]
        .keys
        .starts_with("Esc (close the pane), 0 (first column), T (training), ← to majority"));
    press(&mut app, "<Esc>0T");
    assert_eq!(app.train_form.as_ref().unwrap().values[0], "species");
    press(&mut app, "<Left>");
    assert_eq!(app.train_form.as_ref().unwrap().values[1], "majority");
    press(&mut app, "<Enter>");
    assert_eq!(step(&app), 5);
    // 6. Logistic regression with 5-fold CV (the form starts from the last run).
    press(&mut app, "T<Right>");
    assert_eq!(app.train_form.as_ref().unwrap().values[1], "logistic");
    assert_eq!(app.train_form.as_ref().unwrap().values[3], "cv 5");
    press(&mut app, "<Enter>");
    assert_eq!(step(&app), 6);
    // 7. A confusion cell.
    press(&mut app, "J");
    assert_eq!(step(&app), 7);
    // 8. Compare: mark the baseline, come back to logistic.
    press(&mut app, "kc");
    assert_eq!(step(&app), 7, "marked but not moved");
    press(&mut app, "j");
    assert_eq!(step(&app), 8);
    // 9. Save the session recipe: it names the bundled sample, so `lathe run` can replay it.
    assert!(steps(&app)[8].text.contains("sample:penguins"));
    let saved = save(&mut app, &dir.path().join("tour.recipe.json"));
    assert_eq!(saved.model.as_ref().unwrap().model.name, "logistic");
    let source = saved.source.as_ref().expect("the recipe names its data");
    assert_eq!(source.path, "sample:penguins");
    assert_eq!(Input::from_arg(&source.path), Input::Sample);
    assert_eq!(step(&app), 9);
    let text = screen(&app).join("\n");
    assert!(text.contains("Tour 10/10: Done"), "{text}");
    // Esc lets go of the confusion cell the tour picked, then closes the pane, then leaves
    // the tour; everything done stays.
    assert!(app.inspector.as_ref().unwrap().cell_on);
    press(&mut app, "<Esc>");
    assert!(!app.inspector.as_ref().unwrap().cell_on);
    press(&mut app, "<Esc>");
    assert!(app.inspector.is_none());
    assert!(app.tour.is_some());
    press(&mut app, "<Esc>");
    assert!(app.tour.is_none());
    assert_eq!((app.recipe.len(), app.runs.len()), (1, 2));
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Left the tour at step 10 of 10"));
}

/// The sample recipe replays headless: `lathe run` reads `sample:penguins`.
#[test]
fn a_recipe_naming_the_sample_replays() {
    let (_dir, path) = temp_file(
        "r.json",
        r#"{"version": 1, "source": {"path": "sample:penguins"},
            "steps": [{"op": "drop_nulls"}]}"#,
    );
    let (_, file, _) =
        lathe::commands::recipe_input(path.to_str().unwrap(), None, &Default::default()).unwrap();
    assert_eq!(Input::from_arg(&file), Input::Sample);
}

#[test]
fn on_a_classification_it_has_never_seen_the_tour_picks_a_warning_fix_and_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let data = Input::Path("tests/data/reference/breast_cancer_train.csv".into());
    let mut app = toured(data, (120, 40));
    let all = steps(&app);
    assert_eq!(
        all[3].title, "Apply a fix",
        "breast cancer has warnings with fixes"
    );
    assert_eq!(all[6].title, "Read the confusion matrix");
    assert!(all[0].text.contains("breast_cancer_train.csv"));
    assert!(all[4].text.contains("Move to target"), "{}", all[4].text);
    assert!(all[4]
        .keys
        .starts_with("Esc (close the pane), $ (last column), T (training), ← to majority"));
    press(&mut app, "l");
    assert_eq!(step(&app), 1);
    let column = profiled(&app);
    assert!(
        app.all_warnings()
            .iter()
            .any(|w| w.columns.first() == Some(&column)),
        "{column} is a column a warning names"
    );
    press(&mut app, &format!("J{column}<Enter>p"));
    assert_eq!(step(&app), 2);
    press(&mut app, "!");
    assert_eq!(step(&app), 3);
    // The fix: the warning the step names, its form, preview, apply.
    let Check::Recipe(before) = all[3].check else {
        panic!("the fix step waits for a recipe step");
    };
    let n: usize = all[3]
        .keys
        .split("to warning ")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .map_or(1, |s| s.parse().expect("the keys name the warning"));
    let kind = &app.all_warnings()[n - 1].kind.to_string();
    assert!(
        !["outliers", "heavy_skew"].contains(&kind.as_str()),
        "a judgement call is not the tour's fix: {kind}"
    );
    press(&mut app, &"j".repeat(n - 1));
    press(&mut app, "a<Enter>");
    assert_eq!(step(&app), 3, "previewed, not applied");
    press(&mut app, "<Enter>");
    assert_eq!(app.recipe.len(), before + 1);
    assert_eq!(step(&app), 4);
    press(&mut app, "<Esc>$T<Left>");
    assert_eq!(app.train_form.as_ref().unwrap().values[0], "target");
    assert_eq!(app.train_form.as_ref().unwrap().values[1], "majority");
    press(&mut app, "<Enter>");
    assert_eq!(step(&app), 5);
    press(&mut app, "T<Right><Enter>");
    assert_eq!(step(&app), 6);
    press(&mut app, "J");
    assert_eq!(step(&app), 7);
    press(&mut app, "kcj");
    assert_eq!(step(&app), 8);
    let saved = save(&mut app, &dir.path().join("bc.recipe.json"));
    assert!(saved
        .source
        .unwrap()
        .path
        .ends_with("breast_cancer_train.csv"));
    assert_eq!(step(&app), 9);
}

#[test]
fn on_a_regression_the_baseline_is_the_mean_and_the_errors_replace_the_matrix() {
    let (dir, path) = common::csv_file("sales.csv", "price,ads,y", 0..200, |i| {
        let (p, a) = (f64::from(i % 17) * 1.5, f64::from((i * 7) % 23));
        format!("{p},{a},{:.3}", 3.0 * p - 2.0 * a + f64::from(i % 5) / 7.0)
    });
    let mut app = toured(Input::Path(path), (100, 30));
    let all = steps(&app);
    assert_eq!(all.len(), 9, "no fix step: nothing is missing or warned");
    assert!(all.iter().all(|s| s.title != "Apply a fix"));
    assert!(all[3].text.contains("this is a regression"));
    assert!(all[3].keys.contains("← to mean"));
    assert!(all[4].text.contains("choose linear"));
    assert_eq!(all[5].title, "Read the errors");
    press(&mut app, "j");
    let column = profiled(&app);
    press(&mut app, &format!("J{column}<Enter>p"));
    press(&mut app, "!");
    assert_eq!(step(&app), 3);
    press(&mut app, "<Esc>$T<Left>");
    assert_eq!(app.train_form.as_ref().unwrap().values[1], "mean");
    press(&mut app, "<Enter>");
    assert_eq!(step(&app), 4);
    press(&mut app, "T<Right><Enter>");
    assert_eq!(step(&app), 5, "trained: the errors step waits for J/K");
    press(&mut app, "J");
    assert_eq!(step(&app), 6);
    press(&mut app, "kcj");
    assert_eq!(step(&app), 7);
    // No cleaning step: saving the model alone still counts.
    let saved = save(&mut app, &dir.path().join("sales.recipe.json"));
    assert!(saved.steps.is_empty());
    assert_eq!(saved.model.unwrap().model.name, "linear");
    assert_eq!(steps(&app)[step(&app)].title, "Done");
}

#[test]
fn esc_leaves_early_and_the_palette_starts_it_on_any_data() {
    let mut app = toured(Input::Sample, (100, 30));
    press(&mut app, "j<Esc>");
    assert!(app.tour.is_none());
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Left the tour at step 2 of 10"));
    // From the palette it starts again, past what is done.
    press(&mut app, ":tour<Enter>");
    assert_eq!(step(&app), 1, "the table step is done already");
    // On other data it starts on that data.
    let mut other = loaded("penguins_messy.csv", (100, 30));
    press(&mut other, ":tour<Enter>");
    assert!(steps(&other)[0].text.contains("penguins_messy.csv"));
}

#[test]
fn the_tour_waits_for_the_data() {
    let (mut app, job, input) = start(Input::Sample, (100, 30));
    app.start_tour();
    assert!(steps(&app).is_empty());
    let text = screen(&app).join("\n");
    assert!(text.contains("Getting ready"), "{text}");
    let effects = finish_load(&mut app, job, &input);
    run_effects(&mut app, effects);
    assert_eq!(steps(&app).len(), 10);
    assert_eq!(step(&app), 0);
}
