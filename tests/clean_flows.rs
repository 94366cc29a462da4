//! Cleaning in the TUI, driven through `update` from key strings: the menu and form, preview
//! then apply, undo restoring the exact prior frame, redo, fixing a warning, writing the data
//! and the recipe (with the overwrite and quit questions), and a recipe built this way
//! replaying headless to the same frame.

mod common;

use common::*;
use lathe::app::keymap::parse_keys;
use lathe::app::step_form::PreviewState;
use lathe::app::{App, Confirm, Overlay};
use lathe::core::clean::replay;
use lathe::core::clean::step::Step;
use lathe::core::session::recipe::Recipe;

/// Open the menu and pick `op` by moving down to it.
fn pick(app: &mut App, op: &str) {
    press(app, "C");
    let i = lathe::core::clean::schema::op_index(op).unwrap();
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
    let p = &done.total;
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
    assert_eq!(
        fitted,
        &Some(lathe::core::clean::step::Value::Number(44.45))
    );
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
fn enter_pressed_again_while_the_preview_computes_applies_the_step_when_it_is_ready() {
    // A quick Enter Enter: the second arrives before the preview job answers. It is kept, and
    // the step is applied once the preview is ready (it was dropped, leaving the form open
    // and the user's next keys typed into its field).
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "ll");
    pick(&mut app, "fill_null");
    let enter = parse_keys("<Enter>").remove(0);
    let pending = app.update(lathe::app::Action::Key(enter));
    assert!(matches!(
        app.form.as_ref().unwrap().preview,
        PreviewState::Computing { .. }
    ));
    assert!(app.update(lathe::app::Action::Key(enter)).is_empty());
    run_effects(&mut app, pending);
    assert_eq!(app.overlay, None);
    assert_eq!(app.recipe.len(), 1);
    assert_eq!(app.frame.column("bill_length_mm").unwrap().null_count(), 0);
}

#[test]
fn a_long_field_shows_its_end_while_typed_and_its_hint_never_wraps() {
    let mut app = loaded("penguins.csv", (100, 30));
    pick(&mut app, "fill_null");
    set(
        &mut app,
        "bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g",
    );
    let lines = screen(&app);
    let at = lines
        .iter()
        .position(|l| l.contains("▏"))
        .expect("the field being typed");
    assert!(
        lines[at].contains("…") && lines[at].contains("body_mass_g▏"),
        "{}",
        lines[at]
    );
    assert!(lines[at + 1].contains(" strategy "), "{}", lines[at + 1]);
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
    let written = lathe::core::data::source::load_all(
        &lathe::core::data::source::Input::Path(out),
        &Default::default(),
    )
    .unwrap()
    .frame;
    assert!(written.equals_missing(&app.frame));
}

#[test]
fn writing_the_data_asks_before_replacing_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = loaded("penguins.csv", (100, 30));
    let out = common::write_in(&dir, "clean.csv", "old");
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
    let src = common::write_in(&dir, "src.csv", "a,b\n1,2\n");
    let mut app = loaded_input(
        lathe::core::data::source::Input::Path(src.clone()),
        (100, 30),
    );
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
    let w = app.all_warnings()[2].clone().into_owned();
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
    let under = app.all_warnings()[cursor].clone().into_owned();
    assert_eq!((under.kind, under.columns.clone()), next[0].clone());

    // A column still skewed after one log: its skew warning is not offered a second time.
    let (_dir, p) = common::csv_file("g.csv", "id,g", 1..=300, |i| {
        // g = e^x for a skewed x (skewness 2.55), so log(g) = x is skewed still.
        let x = (f64::from(i) / 30.0).exp() / 10f64.exp() * 100.0;
        format!("{i},{}", x.exp())
    });
    let mut app = common::loaded_input(lathe::core::data::source::Input::Path(p), (100, 30));
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
    let g = lathe::core::stats::profile::summarize(app.frame.column("g").unwrap());
    assert!(g.warnings.iter().any(|w| w.kind == "heavy_skew"));
    // ... but a second log is not offered.
    assert!(!app
        .all_warnings()
        .iter()
        .any(|w| w.kind == "heavy_skew" && w.columns == ["g"]));
}

#[test]
fn one_form_fills_every_numeric_column_with_gaps_and_one_undo_takes_them_all_back() {
    let mut app = loaded("penguins.csv", (100, 30));
    let original = app.frame.clone();
    press(&mut app, "ll");
    pick(&mut app, "fill_null");
    // The column field says what else it takes.
    set(&mut app, "every numeric");
    press(&mut app, "<Enter>");
    let Some(PreviewState::Ready(done)) = app.form.as_ref().map(|f| f.preview.clone()) else {
        panic!("{:?}", app.form.as_ref().map(|f| &f.preview))
    };
    // year has no gaps, so it gets no step; rows 4 and 272 miss all four measurements.
    assert_eq!(
        done.describe(),
        "4 fill_null steps (bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g): \
         8 cells in 2 rows changed"
    );
    assert!(app.frame.equals_missing(&original));
    press(&mut app, "<Enter>");
    assert_eq!(app.recipe.len(), 4);
    let text = &app.message.as_ref().unwrap().text;
    assert!(
        text.starts_with("4 fill_null steps applied: 8 cells in 2 rows changed")
            && text.ends_with("U undoes them together."),
        "{text}"
    );
    // Each step learnt its own column's median (pandas: 44.45, 17.3, 197, 4050).
    let fitted: Vec<Option<lathe::core::clean::step::Value>> = app
        .recipe
        .iter()
        .map(|e| match &e.step {
            Step::FillNull { fitted, .. } => fitted.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    use lathe::core::clean::step::Value::Number;
    assert_eq!(
        fitted,
        [
            Some(Number(44.45)),
            Some(Number(17.3)),
            Some(Number(197.0)),
            Some(Number(4050.0))
        ]
    );
    // The steps replay headless to the same frame.
    let steps: Vec<Step> = app.recipe.iter().map(|e| e.step.clone()).collect();
    let (replayed, _, _) = replay(&original, &steps).unwrap();
    assert!(replayed.equals_missing(&app.frame));
    let after = app.frame.clone();
    press(&mut app, "U");
    assert!(app.recipe.is_empty());
    assert!(app.frame.equals_missing(&original));
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "Undid 4 fill_null steps; Ctrl-r redoes it."
    );
    press(&mut app, "<Ctrl-r>");
    assert_eq!(app.recipe.len(), 4);
    assert!(app.frame.equals_missing(&after));
    // A later single step is undone on its own, the group stays.
    pick(&mut app, "fill_null");
    set(&mut app, "sex");
    press(&mut app, "<Tab><Right><Right><Enter><Enter>");
    assert_eq!(app.recipe.len(), 5, "{:?}", app.message);
    press(&mut app, "U");
    assert_eq!(app.recipe.len(), 4);
    assert!(app.frame.equals_missing(&after));
}

#[test]
fn a_step_form_takes_a_list_of_columns_or_every_text() {
    let mut app = loaded("penguins.csv", (100, 30));
    // A list: one step per column, in the order given.
    pick(&mut app, "normalize_text");
    set(&mut app, "island, species");
    press(&mut app, "<Enter><Enter>");
    let columns: Vec<Option<&str>> = app.recipe.iter().map(|e| e.step.column()).collect();
    assert_eq!(columns, [Some("island"), Some("species")]);
    // every text: the text columns; for fill_null only those with gaps, and with the most
    // frequent value (text has no median).
    pick(&mut app, "fill_null");
    set(&mut app, "every text");
    press(&mut app, "<Enter><Enter>");
    let Step::FillNull {
        column, strategy, ..
    } = &app.recipe[2].step
    else {
        panic!("{:?}", app.recipe[2].step)
    };
    assert_eq!(
        (column.as_str(), *strategy),
        ("sex", lathe::core::clean::step::FillStrategy::Mode)
    );
    assert_eq!(app.recipe.len(), 3);
    assert_eq!(app.frame.column("sex").unwrap().null_count(), 0);
}

#[test]
fn a_column_list_that_cannot_work_is_refused_naming_the_column() {
    let mut app = loaded("penguins.csv", (100, 30));
    // On a numeric column, so the form's strategy is median.
    press(&mut app, "ll");
    let error = |app: &mut App, column: &str| -> String {
        pick(app, "fill_null");
        set(app, column);
        press(app, "<Enter>");
        let e = match app.form.as_ref().map(|f| f.preview.clone()) {
            Some(PreviewState::Failed(e)) => e,
            other => panic!("{other:?}"),
        };
        press(app, "<Esc>");
        e
    };
    assert_eq!(
        error(&mut app, "bill_length_mm, nope"),
        "field `column`: no column `nope`"
    );
    assert_eq!(
        error(&mut app, "every date"),
        "field `column`: \"every date\": write every numeric or every text, or name the columns"
    );
    // The median of a text column: the step's own message, naming the column it failed on.
    let e = error(&mut app, "bill_length_mm, sex");
    assert!(e.starts_with("on `sex`: "), "{e}");
    // Nothing was applied.
    assert!(app.recipe.is_empty());
    // every numeric after one column is filled: the three left with gaps.
    let mut full = loaded("penguins.csv", (100, 30));
    pick(&mut full, "fill_null");
    set(&mut full, "bill_length_mm");
    press(&mut full, "<Enter><Enter>");
    pick(&mut full, "fill_null");
    set(&mut full, "every numeric");
    press(&mut full, "<Enter>");
    let e = match full.form.as_ref().map(|f| f.preview.clone()) {
        Some(PreviewState::Ready(done)) => done.steps.len(),
        other => panic!("{other:?}"),
    };
    assert_eq!(e, 3);
}

/// Open the recipe pane with the cursor on step `n` (1-based).
fn select_step(app: &mut App, n: usize) {
    if app.inspector.as_ref().map(|i| i.kind) != Some(lathe::app::PaneKind::Recipe) {
        press(app, "R");
    }
    press(app, &"k".repeat(app.recipe.len()));
    press(app, &"j".repeat(n - 1));
}

/// penguins with three steps: fill bill_length_mm's gaps, one-hot island, log of body mass.
fn three_steps() -> App {
    let mut app = loaded("penguins.csv", (120, 36));
    for (op, column) in [
        ("fill_null", "bill_length_mm"),
        ("one_hot", "island"),
        ("log_transform", "body_mass_g"),
    ] {
        pick(&mut app, op);
        set(&mut app, column);
        press(&mut app, "<Enter><Enter>");
    }
    assert_eq!(app.recipe.len(), 3, "{:?}", app.message);
    app
}

#[test]
fn an_earlier_step_is_edited_and_the_later_steps_re_run() {
    let mut app = three_steps();
    let original = app.recipe[0].before.clone();
    select_step(&mut app, 1);
    // e opens the step's own form, filled from it.
    press(&mut app, "e");
    let form = app.form.as_ref().unwrap();
    assert_eq!(form.editing, Some(0));
    assert_eq!(form.values, ["bill_length_mm", "mode", ""]);
    // mean instead of the mode: the preview runs on the data before the step and says what
    // applying does to the later ones.
    press(&mut app, "<Tab><Left><Enter>");
    let Some(PreviewState::Ready(done)) = app.form.as_ref().map(|f| f.preview.clone()) else {
        panic!("{:?}", app.form.as_ref().map(|f| &f.preview))
    };
    assert_eq!(done.total.cells_changed, 2);
    let screen = screen(&app).join("\n");
    assert!(
        screen.contains("fill_null (editing step 1)")
            && screen.contains("Applying replaces step 1 and re-runs the 2 later steps"),
        "{screen}"
    );
    press(&mut app, "<Enter>");
    assert_eq!(app.recipe.len(), 3);
    let lathe::core::clean::step::Step::FillNull {
        strategy, fitted, ..
    } = &app.recipe[0].step
    else {
        panic!()
    };
    // pandas: penguins.bill_length_mm.mean() = 43.9219298245614
    assert_eq!(*strategy, lathe::core::clean::step::FillStrategy::Mean);
    let Some(lathe::core::clean::step::Value::Number(m)) = fitted else {
        panic!("{fitted:?}")
    };
    assert!((m - 43.92192982456).abs() < 1e-9, "{m}");
    // The data is the recipe replayed from the raw data.
    let steps: Vec<Step> = app.recipe.iter().map(|e| e.step.clone()).collect();
    let (replayed, _, _) = replay(&original, &steps).unwrap();
    assert!(replayed.equals_missing(&app.frame));
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Done: the edit of step 1 (fill_null)"));
    // U puts the mode back, exactly.
    press(&mut app, "U");
    let lathe::core::clean::step::Step::FillNull { strategy, .. } = &app.recipe[0].step else {
        panic!()
    };
    assert_eq!(*strategy, lathe::core::clean::step::FillStrategy::Mode);
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "Undid the edit of step 1 (fill_null); Ctrl-r redoes it."
    );
}

#[test]
fn deleting_moving_and_switching_off_steps_re_run_the_rest_and_mark_what_breaks() {
    let mut app = three_steps();
    let raw = app.recipe[0].before.clone();
    // Switch the one-hot off: island is back as text, the log still applies.
    select_step(&mut app, 2);
    press(&mut app, "t");
    assert!(app.recipe[1].off);
    assert!(app.frame.column("island").is_ok());
    assert!(app
        .recipe_document()
        .steps
        .iter()
        .all(|s| s.op() != "one_hot"));
    press(&mut app, "t");
    assert!(!app.recipe[1].off && app.frame.column("island").is_err());
    // Move the log above the one-hot, then delete the fill: the rest re-run, in order.
    select_step(&mut app, 3);
    press(&mut app, "K");
    let ops: Vec<&str> = app.recipe.iter().map(|e| e.step.op()).collect();
    assert_eq!(ops, ["fill_null", "log_transform", "one_hot"]);
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 1);
    select_step(&mut app, 1);
    press(&mut app, "d");
    let ops: Vec<&str> = app.recipe.iter().map(|e| e.step.op()).collect();
    assert_eq!(ops, ["log_transform", "one_hot"]);
    assert_eq!(app.frame.column("bill_length_mm").unwrap().null_count(), 2);
    let steps: Vec<Step> = app.recipe.iter().map(|e| e.step.clone()).collect();
    let (replayed, _, _) = replay(&raw, &steps).unwrap();
    assert!(replayed.equals_missing(&app.frame));
    // A step that no longer applies is marked with its reason and skipped, not the whole recipe:
    // drop body_mass_g, then move the drop above the log of it.
    let mut app = three_steps();
    pick(&mut app, "drop_columns");
    set(&mut app, "body_mass_g");
    press(&mut app, "<Enter><Enter>");
    select_step(&mut app, 4);
    press(&mut app, "K");
    let ops: Vec<&str> = app.recipe.iter().map(|e| e.step.op()).collect();
    assert_eq!(
        ops,
        ["fill_null", "one_hot", "drop_columns", "log_transform"]
    );
    let broken = app.recipe[3].broken.as_deref().unwrap();
    assert!(broken.contains("body_mass_g"), "{broken}");
    assert!(app.recipe[2].broken.is_none());
    assert!(app.frame.column("body_mass_g").is_err());
    let text = &app.message.as_ref().unwrap().text;
    assert!(
        text.contains("step 4 no longer applies and is skipped"),
        "{text}"
    );
    let screen = screen(&app).join("\n");
    assert!(screen.contains("✗ 4. log_transform"), "{screen}");
    // The saved recipe leaves it out, so it replays.
    let doc = app.recipe_document();
    assert_eq!(doc.steps.len(), 3);
    // Two undos: before the moves, then before the rename.
    press(&mut app, "U");
    assert!(app.recipe.iter().all(|e| e.broken.is_none()));
    press(&mut app, "U");
    assert_eq!(app.recipe.len(), 3);
}

#[test]
fn drift_after_cleaning_compares_like_with_like_and_says_which() {
    let mut app = loaded("penguins.csv", (120, 36));
    press(&mut app, "ll");
    pick(&mut app, "drop_columns");
    press(&mut app, "<Enter><Enter>");
    assert_eq!(app.recipe.len(), 1);
    assert!(app.frame.column("bill_length_mm").is_err());
    // The raw file again: the same fitted step cleans it first, so nothing drifts.
    press(&mut app, "D");
    set(&mut app, "sample_data/penguins.csv<Enter>");
    let text = screen(&app).join("\n");
    assert!(
        text.contains(
            "penguins.csv, cleaned by the same 1 step (344 rows) against the cleaned data (344)"
        ),
        "{text}"
    );
    assert!(text.contains("no drift past the thresholds"), "{text}");
    // A file lathe wrote after cleaning is read as it is.
    let dir = tempfile::tempdir().unwrap();
    let cleaned = dir.path().join("cleaned.csv");
    let mut frame = app.frame.clone();
    use polars::prelude::SerWriter;
    polars::prelude::CsvWriter::new(std::fs::File::create(&cleaned).unwrap())
        .finish(&mut frame)
        .unwrap();
    press(&mut app, "<Esc>D");
    set(&mut app, &format!("{}<Enter>", cleaned.display()));
    let text = screen(&app).join("\n");
    assert!(
        text.contains("cleaned.csv (already cleaned) (344 rows)"),
        "{text}"
    );
    // Neither: said, not compared.
    let other = common::write_in(&dir, "other.csv", "a,b\n1,2\n");
    press(&mut app, "<Esc>D");
    set(&mut app, &format!("{}<Enter>", other.display()));
    let text = screen(&app).join("\n");
    assert!(
        text.contains("has neither the raw data's columns"),
        "{text}"
    );
}
