//! The screen, drawn into ratatui's TestBackend and compared with reviewed snapshots
//! (`tests/snapshots/`). A change shows up as a readable diff of the screen.

mod common;

use std::time::Duration;

use common::*;
use lathe::app::Action;

#[test]
fn main_screen_80x24() {
    let app = loaded("penguins.csv", (80, 24));
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn main_screen_120x40() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "jjjl");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn wide_screen_puts_columns_beside_the_table() {
    let app = loaded("cars.json", (160, 30));
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn columns_focus_80x24() {
    let mut app = loaded("penguins_messy.csv", (80, 24));
    press(&mut app, "<Tab>jjjj");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn help_overlay_80x24() {
    let mut app = loaded("penguins.csv", (80, 24));
    press(&mut app, "?");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn help_overlay_120x40() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "?");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn cell_popup_shows_the_whole_value() {
    let mut app = loaded("penguins_messy.csv", (80, 24));
    // The Comments column holds the longest texts.
    press(&mut app, "<End><Enter>");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn load_error_is_shown_in_the_table_and_status_bar() {
    let (mut app, job, _) = start(sample("penguins.csv"), (80, 24));
    fail_load(
        &mut app,
        job,
        "data.csv: line 3: expected 2 fields, found 3",
    );
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn loading_shows_progress_and_the_first_rows() {
    let (mut app, job, input) = start(sample("penguins.csv"), (80, 24));
    report_first_chunk(&mut app, job, &input, 1000, 1.0 / 3.0);
    let _ = app.update(Action::Tick(Duration::from_millis(1250)));
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn too_small_says_so() {
    let app = loaded("penguins.csv", (30, 8));
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn wide_and_control_characters_keep_columns_aligned() {
    let input = lathe::core::data::source::Input::Path("tests/data/wide_chars.csv".into());
    let app = loaded_input(input, (60, 14));
    let lines = screen(&app);
    // Every data line's right border sits in the last column: nothing pushed it.
    for l in &lines[2..6] {
        assert!(l.ends_with('│'), "{l:?}");
    }
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn filtered_and_sorted_view_120x40() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(
        &mut app,
        "<End>hhSFsex == \"female\" and year == 2007<Enter>",
    );
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn filter_prompt_points_at_the_error_80x24() {
    let mut app = loaded("penguins.csv", (80, 24));
    press(&mut app, "Fbody_mass > 3000<Enter>");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn profile_numeric_80x24() {
    let mut app = loaded("penguins.csv", (80, 24));
    press(&mut app, "llp");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn profile_numeric_120x40() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "lllllp+");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn profile_text_with_spelling_variants_100x30() {
    let mut app = loaded("penguins_messy.csv", (100, 30));
    press(&mut app, "$hhp");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn frequencies_80x24() {
    let mut app = loaded("penguins.csv", (80, 24));
    press(&mut app, "$hfj");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn correlations_100x30() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "cjjjll");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn correlations_80x24() {
    let mut app = loaded("penguins.csv", (80, 24));
    press(&mut app, "cm");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn scatter_by_category_100x30() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "llxbody by species<Enter>");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn group_comparisons_80x24() {
    let mut app = loaded("penguins.csv", (80, 24));
    press(&mut app, "$hhbsex<Enter>");
    insta::assert_snapshot!("groups_numeric_80x24", draw(&app).backend());
    press(&mut app, "<Esc>0bisland<Enter>");
    insta::assert_snapshot!("groups_contingency_80x24", draw(&app).backend());
}

#[test]
fn warnings_80x24() {
    let mut app = loaded("penguins_messy.csv", (80, 24));
    press(&mut app, "!jj");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn scatter_prompt_80x24() {
    let mut app = loaded("penguins.csv", (80, 24));
    press(&mut app, "llxfl<Tab> by s");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn clean_menu_80x24() {
    let mut app = loaded("penguins.csv", (80, 24));
    press(&mut app, "C");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn clean_form_with_preview_100x30() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "llC<Enter><Enter>");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn clean_form_80x24() {
    let mut app = loaded("penguins_messy.csv", (80, 24));
    press(&mut app, "lCjjj<Enter>");
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn recipe_pane_and_quit_question_100x30() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "llC<Enter><Enter><Enter>");
    press(&mut app, "$hC<Enter><Enter><Enter>R");
    insta::assert_snapshot!("recipe_pane_100x30", draw(&app).backend());
    press(&mut app, "q");
    insta::assert_snapshot!("quit_question_100x30", draw(&app).backend());
}

#[test]
fn train_form_and_model_pane_120x36() {
    let mut app = loaded_input(
        lathe::core::data::source::Input::Path("tests/data/penguins_messy_clean.csv".into()),
        (120, 36),
    );
    press(&mut app, "T");
    insta::assert_snapshot!("train_form_120x36", draw(&app).backend());
    press(&mut app, "<Enter>");
    // Fit time varies: the snapshot shows it as 0.
    app.runs[0].report.fit_seconds = 0.0;
    insta::assert_snapshot!("model_pane_120x36", draw(&app).backend());
}

#[test]
fn model_pane_80x24() {
    let mut app = loaded_input(
        lathe::core::data::source::Input::Path("tests/data/penguins_messy_clean.csv".into()),
        (80, 24),
    );
    press(&mut app, "Jbody_mass_g<Enter>");
    press(&mut app, "T<Enter>");
    app.runs[0].report.fit_seconds = 0.0;
    insta::assert_snapshot!(draw(&app).backend());
}

#[test]
fn model_pane_views_100x30() {
    let mut app = loaded_input(
        lathe::core::data::source::Input::Path("tests/data/penguins_messy_clean.csv".into()),
        (100, 30),
    );
    press(&mut app, "Jbody_mass_g<Enter>T<Enter>");
    app.runs[0].report.fit_seconds = 0.0;
    press(&mut app, "v");
    insta::assert_snapshot!("model_chart_regression_100x30", draw(&app).backend());
    press(&mut app, "v");
    insta::assert_snapshot!("model_folds_100x30", draw(&app).backend());
    press(&mut app, "v");
    insta::assert_snapshot!("model_explain_100x30", draw(&app).backend());
}

#[test]
fn a_long_message_wraps_over_the_panes_80x24() {
    // The missing-values refusal names each column at its end: at 80 columns it takes three
    // lines, drawn upwards from the status bar over the panes until Esc clears it.
    let mut app = loaded("penguins.csv", (80, 24));
    press(&mut app, "T<Tab>impute=none<Enter>");
    insta::assert_snapshot!(draw(&app).backend());
    press(&mut app, "<Esc>");
    assert!(app.message.is_none());
}
