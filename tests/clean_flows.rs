//! Cleaning in the TUI, driven through `update` from key strings: the menu and form, preview
//! then apply, undo restoring the exact prior frame, redo, fixing a warning, writing the data
//! and the recipe (with the overwrite and quit questions), and a recipe built this way
//! replaying headless to the same frame.

mod common;

use common::*;
use lathe::app::clean::PreviewState;
use lathe::app::{App, Confirm, Overlay};
use lathe::core::clean::replay;
use lathe::core::recipe::{Recipe, Step};

/// Open the menu and pick `op` by moving down to it.
fn pick(app: &mut App, op: &str) {
    press(app, "C");
    let i = lathe::app::clean::op_index(op).unwrap();
    press(app, &"j".repeat(i));
    press(app, "<Enter>");
    assert_eq!(app.overlay, Some(Overlay::Form));
    assert_eq!(app.form.as_ref().unwrap().info().op, op);
}

/// Replace the focused field's text.
fn set(app: &mut App, text: &str) {
    press(app, "<Ctrl-u>");
    press(app, text);
}

#[test]
fn preview_then_apply_then_undo_and_redo() {
    let mut app = loaded("penguins.csv", (100, 30));
    let original = app.frame.clone();
    press(&mut app, "ll");
    pick(&mut app, "fill_null");
    let form = app.form.as_ref().unwrap();
    // Defaults from the column under the cursor: its name, median for a numeric column.
    assert_eq!(form.values, ["bill_length_mm", "median", ""]);
    press(&mut app, "<Enter>");
    let Some(PreviewState::Ready(done)) = app.form.as_ref().map(|f| f.preview.clone()) else {
        panic!("{:?}", app.form.as_ref().map(|f| &f.preview))
    };
    let (_, p) = done.as_ref();
    assert_eq!((p.cells_changed, p.rows_changed), (2, 2));
    assert_eq!(p.sample_rows, [3, 271]);
    // Nothing changed yet.
    assert!(app.frame.equals_missing(&original));
    press(&mut app, "<Enter>");
    assert_eq!(app.overlay, None);
    assert_eq!(app.recipe.len(), 1);
    assert_eq!(app.frame.column("bill_length_mm").unwrap().null_count(), 0);
    let Step::FillNull { fitted, .. } = &app.recipe[0].step else {
        panic!()
    };
    assert_eq!(fitted, &Some(lathe::core::recipe::Value::Number(44.45)));
    assert!(app.unsaved_steps());
    let after = app.frame.clone();
    // U restores the exact prior frame; Ctrl-r brings the step back.
    press(&mut app, "U");
    assert!(app.recipe.is_empty());
    assert!(app.frame.equals_missing(&original));
    assert!(!app.unsaved_steps());
    press(&mut app, "<Ctrl-r>");
    assert_eq!(app.recipe.len(), 1);
    assert!(app.frame.equals_missing(&after));
    // The statistics follow the data.
    let lathe::app::Stats::Ready(stats) = &app.stats else {
        panic!()
    };
    assert_eq!(stats[2].nulls, 0);
}

#[test]
fn form_mistakes_show_in_the_form_and_change_nothing() {
    let mut app = loaded("penguins.csv", (100, 30));
    pick(&mut app, "fill_null");
    // species is text: median is refused by the step, with its reason.
    press(&mut app, "<Tab><Left><Left>");
    assert_eq!(app.form.as_ref().unwrap().values[1], "median");
    press(&mut app, "<Enter>");
    let Some(PreviewState::Failed(e)) = app.form.as_ref().map(|f| f.preview.clone()) else {
        panic!()
    };
    assert!(e.contains("not numeric"), "{e}");
    // A field that does not parse names itself.
    press(&mut app, "<Esc>");
    pick(&mut app, "bin");
    press(&mut app, "<Tab><Tab>");
    set(&mut app, "five");
    press(&mut app, "<Enter>");
    let Some(PreviewState::Failed(e)) = app.form.as_ref().map(|f| f.preview.clone()) else {
        panic!()
    };
    assert_eq!(e, "field `bins`: a whole number");
    press(&mut app, "<Esc>");
    assert!(app.recipe.is_empty());
}

#[test]
fn a_recipe_built_in_the_tui_replays_headless_to_the_same_frame() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = loaded("penguins.csv", (100, 30));
    let source = app.frame.clone();
    // 1. fill sex with the mode; 2. one-hot island; 3. scale body mass; 4. keep heavy birds.
    press(&mut app, "$h");
    pick(&mut app, "fill_null");
    press(&mut app, "<Enter><Enter>");
    press(&mut app, "0l");
    pick(&mut app, "one_hot");
    press(&mut app, "<Enter><Enter>");
    press(&mut app, "J");
    press(&mut app, "body_mass_g<Enter>");
    pick(&mut app, "scale");
    press(&mut app, "<Tab><Right><Enter><Enter>");
    pick(&mut app, "filter");
    press(&mut app, "flipper_length_mm > 200<Enter><Enter>");
    assert_eq!(app.recipe.len(), 4, "{:?}", app.message);
    assert_eq!(
        app.recipe.iter().map(|e| e.step.op()).collect::<Vec<_>>(),
        ["fill_null", "one_hot", "scale", "filter"]
    );
    // Save the recipe (Ctrl-s), at a path typed over the default.
    let path = dir.path().join("session.recipe.json");
    press(&mut app, "<Ctrl-s>");
    assert_eq!(app.prompt.text, "sample_data/penguins.recipe.json");
    press(&mut app, "<Ctrl-u>");
    press(&mut app, &format!("{}<Enter>", path.display()));
    assert!(!app.unsaved_steps(), "{:?}", app.message);
    let recipe = Recipe::from_json(&std::fs::read_to_string(&path).unwrap(), "r").unwrap();
    assert_eq!(
        recipe.source.as_ref().unwrap().path,
        "sample_data/penguins.csv"
    );
    let (replayed, _, _) = replay(&source, &recipe.steps).unwrap();
    assert!(replayed.equals_missing(&app.frame));
    // And through the binary.
    let out = dir.path().join("out.parquet");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_lathe"))
        .args(["apply", path.to_str().unwrap(), "-o", out.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let written =
        lathe::core::source::load_all(&lathe::core::source::Input::Path(out), &Default::default())
            .unwrap()
            .frame;
    assert!(written.equals_missing(&app.frame));
}

#[test]
fn writing_the_data_asks_before_replacing_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = loaded("penguins.csv", (100, 30));
    let out = dir.path().join("clean.csv");
    std::fs::write(&out, "old").unwrap();
    press(&mut app, "w");
    assert_eq!(app.prompt.text, "sample_data/penguins_clean.csv");
    press(&mut app, "<Ctrl-u>");
    press(&mut app, &format!("{}<Enter>", out.display()));
    assert_eq!(app.overlay, Some(Overlay::Confirm(Confirm::Overwrite)));
    press(&mut app, "n");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    press(&mut app, "w<Ctrl-u>");
    press(&mut app, &format!("{}<Enter>y", out.display()));
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.starts_with("species,island,bill_length_mm"));
    assert_eq!(text.lines().count(), 345);
    // Over the source: refused with the reason, the source untouched.
    let src = dir.path().join("src.csv");
    std::fs::write(&src, "a,b\n1,2\n").unwrap();
    let mut app = loaded_input(lathe::core::source::Input::Path(src.clone()), (100, 30));
    press(&mut app, "w<Ctrl-u>");
    press(&mut app, &format!("{}<Enter>", src.display()));
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("is the source data"));
    assert_eq!(std::fs::read_to_string(&src).unwrap(), "a,b\n1,2\n");
}

#[test]
fn quitting_with_unsaved_steps_asks_first() {
    let mut app = loaded("penguins.csv", (100, 30));
    pick(&mut app, "dedupe");
    press(&mut app, "<Enter><Enter>");
    assert_eq!(app.recipe.len(), 1);
    press(&mut app, "q");
    assert_eq!(app.overlay, Some(Overlay::Confirm(Confirm::Quit)));
    assert!(!app.should_quit);
    press(&mut app, "<Esc>");
    assert!(app.overlay.is_none() && !app.should_quit);
    press(&mut app, "qq");
    assert!(app.should_quit);
    // Without steps, q quits at once.
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "q");
    assert!(app.should_quit);
}

#[test]
fn a_warning_opens_the_step_that_fixes_it() {
    let mut app = loaded("penguins_messy.csv", (100, 30));
    press(&mut app, "!jj");
    let w = app.all_warnings()[2].clone();
    assert_eq!(w.fix, "normalize_text");
    press(&mut app, "a");
    assert_eq!(app.overlay, Some(Overlay::Form));
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.info().op, "normalize_text");
    assert_eq!(form.values[0], w.columns[0]);
    press(&mut app, "<Enter><Enter>");
    assert_eq!(app.recipe.len(), 1);
    // The spelling warning is gone once the statistics are recomputed.
    assert!(!app
        .all_warnings()
        .iter()
        .any(|x| x.kind == "inconsistent_categories" && x.columns == w.columns));
}

#[test]
fn drop_nulls_defaults_to_every_column_with_any() {
    let mut app = loaded("penguins.csv", (100, 30));
    pick(&mut app, "drop_nulls");
    assert_eq!(app.form.as_ref().unwrap().values, ["", "any"]);
    press(&mut app, "<Enter><Enter>");
    assert_eq!(app.frame.height(), 333);
}

#[test]
fn after_a_fix_the_cursor_is_on_the_next_warning_and_no_transform_is_offered_twice() {
    let mut app = loaded("penguins_messy.csv", (100, 30));
    press(&mut app, "!");
    // The first numbers_as_text warning, and the warnings after it as they stand.
    let at = app
        .all_warnings()
        .iter()
        .position(|w| w.kind == "numbers_as_text")
        .unwrap();
    let next: Vec<(&str, Vec<String>)> = app.all_warnings()[at + 1..]
        .iter()
        .map(|w| (w.kind, w.columns.clone()))
        .collect();
    press(&mut app, &"j".repeat(at));
    press(&mut app, "a<Enter><Enter>");
    assert_eq!(app.recipe.len(), 1, "{:?}", app.message);
    // The parsed column has new warnings now, where the old one was; the cursor is on the
    // warning that followed the fixed one, so the next `a` fixes what the user saw next.
    let cursor = app.inspector.as_ref().unwrap().cursor;
    let under = app.all_warnings()[cursor];
    assert_eq!((under.kind, under.columns.clone()), next[0].clone());

    // A column still skewed after one log: its skew warning is not offered a second time.
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.csv");
    let mut text = String::from("id,g\n");
    for i in 1..=300 {
        // g = e^x for a skewed x (skewness 2.55), so log(g) = x is skewed still.
        let x = (f64::from(i) / 30.0).exp() / 10f64.exp() * 100.0;
        text.push_str(&format!("{i},{}\n", x.exp()));
    }
    std::fs::write(&p, text).unwrap();
    let mut app = common::loaded_input(lathe::core::source::Input::Path(p), (100, 30));
    press(&mut app, "!");
    let at = app
        .all_warnings()
        .iter()
        .position(|w| w.kind == "heavy_skew")
        .unwrap();
    press(&mut app, &"j".repeat(at));
    press(&mut app, "a");
    assert_eq!(app.form.as_ref().unwrap().info().op, "log_transform");
    press(&mut app, "<Enter><Enter>");
    assert_eq!(app.recipe.len(), 1, "{:?}", app.message);
    // log(g) is still heavily skewed (its own summary says so) ...
    let g = lathe::core::profile::summarize(app.frame.column("g").unwrap());
    assert!(g.warnings.iter().any(|w| w.kind == "heavy_skew"));
    // ... but a second log is not offered.
    assert!(!app
        .all_warnings()
        .iter()
        .any(|w| w.kind == "heavy_skew" && w.columns == ["g"]));
}
