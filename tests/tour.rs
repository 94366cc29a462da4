//! The guided tour, completed with keys on the bundled sample: each step moves on only when
//! its task is done (never by itself), and Esc leaves it keeping what was done.

mod common;

use common::*;
use lathe::app::tour::STEPS;
use lathe::core::source::Input;

fn sample_app() -> lathe::app::App {
    let mut app = loaded_input(Input::Sample, (100, 30));
    app.start_tour();
    app
}

fn step(app: &lathe::app::App) -> usize {
    app.tour.expect("the tour runs").step
}

#[test]
fn the_whole_tour_with_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = sample_app();
    assert_eq!(step(&app), 0);
    let text = screen(&app).join("\n");
    assert!(text.contains("Tour 1/10: The table"), "{text}");
    assert!(text.contains("do: j/k rows  h/l columns"));
    // 1. Move in the table.
    press(&mut app, "j");
    assert_eq!(step(&app), 1);
    // 2. Profile: a profile of another column does not count.
    press(&mut app, "lp");
    assert_eq!(step(&app), 1, "bill_depth? not yet: island");
    press(&mut app, "llll");
    assert_eq!(app.current_column().as_deref(), Some("body_mass_g"));
    assert_eq!(step(&app), 2);
    // 3. Warnings.
    press(&mut app, "!");
    assert_eq!(step(&app), 3);
    // 4. Fix the missing values: the menu and the preview alone do not count.
    press(&mut app, "C");
    let i = lathe::app::clean::op_index("drop_nulls").unwrap();
    press(&mut app, &"j".repeat(i));
    press(&mut app, "<Enter><Enter>");
    assert_eq!(step(&app), 3, "previewed, not applied");
    press(&mut app, "<Enter>");
    assert_eq!(app.recipe.len(), 1);
    assert_eq!(step(&app), 4);
    // 5. A baseline on species: ← from the first model is the baseline (last).
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
    // 9. Save the session recipe.
    let path = dir.path().join("tour.recipe.json");
    press(&mut app, "s<Ctrl-u>");
    press(&mut app, path.to_str().unwrap());
    press(&mut app, "<Enter>");
    let saved =
        lathe::core::recipe::Recipe::from_json(&std::fs::read_to_string(&path).unwrap(), "t")
            .unwrap();
    assert_eq!(saved.model.unwrap().model.name, "logistic");
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
    assert_eq!(STEPS.len(), 10);
}

#[test]
fn esc_leaves_early_and_the_tour_command_needs_the_sample() {
    let mut app = sample_app();
    press(&mut app, "j<Esc>");
    assert!(app.tour.is_none());
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Left the tour at step 2 of 10"));
    // From the palette it starts again.
    press(&mut app, ":tour<Enter>");
    assert_eq!(
        app.tour.map(|t| t.step),
        Some(1),
        "the table step is done already"
    );
    // On other data it explains how to start it.
    let mut other = loaded("penguins.csv", (100, 30));
    press(&mut other, ":tour<Enter>");
    assert!(other.tour.is_none());
    assert!(other
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("lathe --tour"));
}
