//! The command palette: fuzzy matching, every registry command reachable and runnable from it,
//! pane commands opening their pane; file-path completion at the path prompts.

mod common;

use common::*;
use lathe::app::commands::COMMANDS;
use lathe::app::palette::{candidates, complete_path, matches};
use lathe::app::{Overlay, PaneKind, PromptKind};

#[test]
fn every_command_is_found_by_its_name_and_doc() {
    let all: Vec<_> = candidates().collect();
    // Everything but the popups' own scrolling keys.
    assert_eq!(
        all.len(),
        COMMANDS.iter().filter(|c| !c.scope.is_popup()).count()
    );
    for c in &all {
        let by_name = matches(c.name);
        let at = by_name.iter().position(|m| std::ptr::eq(*m, *c));
        assert!(
            at.is_some_and(|i| i < 8),
            "{} ({:?}): {at:?}",
            c.name,
            c.scope
        );
        let by_doc = matches(c.doc);
        assert!(by_doc.iter().any(|m| std::ptr::eq(*m, *c)), "{}", c.doc);
    }
    // Letters in order, not necessarily together.
    assert_eq!(matches("svmdl")[0].name, "save-model");
    assert!(matches("qqqzz").is_empty());
}

#[test]
fn colon_finds_and_runs_a_command() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, ":");
    assert_eq!(app.overlay, Some(Overlay::Palette));
    press(&mut app, "corr");
    let text = screen(&app).join("\n");
    assert!(text.contains("correlations    "), "{text}");
    press(&mut app, "<Enter>");
    assert_eq!(app.overlay, None);
    assert_eq!(app.inspector.as_ref().unwrap().kind, PaneKind::Correlations);
    // A pane's command with the pane closed: the pane opens, then the command runs.
    press(&mut app, "<Esc>:pearson spearman<Enter>");
    let ins = app.inspector.as_ref().unwrap();
    assert_eq!(ins.kind, PaneKind::Correlations);
    assert!(ins.spearman);
    // ↓ picks the second match; Esc closes without running anything.
    press(&mut app, ":write<Down>");
    assert_eq!(app.palette.cursor, 1);
    press(&mut app, "<Esc>");
    assert_eq!(app.overlay, None);
    // A command that asks for something opens its prompt.
    press(&mut app, ":filter<Enter>");
    assert_eq!(app.overlay, Some(Overlay::Prompt));
    assert_eq!(app.prompt.kind, PromptKind::Filter);
}

#[test]
fn tab_completes_file_paths_at_path_prompts() {
    assert_eq!(
        complete_path("sample_data/penguins_m").as_deref(),
        Some("sample_data/penguins_messy.")
    );
    assert_eq!(
        complete_path("sample_data/car").as_deref(),
        Some("sample_data/cars.json")
    );
    assert_eq!(complete_path("sample_d").as_deref(), Some("sample_data/"));
    assert_eq!(complete_path("sample_data/nothing"), None);
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "D");
    press(&mut app, "tests/data/penguins_sh<Tab>");
    assert_eq!(app.prompt.text, "tests/data/penguins_shifted.csv");
}

#[test]
fn tab_completes_column_names_in_a_filter() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "F");
    press(&mut app, "body<Tab>");
    assert_eq!(app.prompt.text, "body_mass_g");
    press(&mut app, " > 4000 and fl<Tab>");
    assert_eq!(app.prompt.text, "body_mass_g > 4000 and flipper_length_mm");
    // Two candidates: the common start, and the names listed.
    press(&mut app, " > 0 and (bill<Tab>");
    assert_eq!(
        app.prompt.text,
        "body_mass_g > 4000 and flipper_length_mm > 0 and (bill_"
    );
    assert!(common::prompt_error(&app).contains("bill_length_mm"));
}

#[test]
fn every_command_is_shown_in_help() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "?");
    let mut seen = String::new();
    for _ in 0..80 {
        seen.push_str(&screen(&app).join("\n"));
        press(&mut app, "jjjjjjjjjj");
    }
    for c in COMMANDS {
        assert!(seen.contains(c.doc), "{} is not in help", c.name);
    }
}

#[test]
fn the_palette_finds_cleaning_steps_by_name_and_opens_their_form() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, ":fill");
    let shown = screen(&app).join("\n");
    assert!(
        shown.contains("fill_null") && shown.contains("clean step"),
        "{shown}"
    );
    press(&mut app, "<Enter>");
    assert_eq!(app.overlay, Some(Overlay::Form));
    assert_eq!(app.form.as_ref().unwrap().info().op, "fill_null");
    // Every row keeps a space between its columns, however long the keys.
    press(&mut app, "<Esc>:");
    for line in screen(&app) {
        assert!(
            !line.contains("Rightnext") && !line.contains("groupsCompare"),
            "{line}"
        );
    }
}

#[test]
fn a_key_that_does_nothing_says_where_the_keys_are() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "Z");
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "Z does nothing in the table: ? lists the keys, : finds a command by name."
    );
    press(&mut app, "R");
    press(&mut app, "Z");
    assert_eq!(
        app.message.as_ref().unwrap().text,
        "Z does nothing in the Recipe pane: ? lists the keys, : finds a command by name."
    );
}

#[test]
fn help_starts_with_the_keys_of_the_focused_pane() {
    let mut app = loaded("penguins.csv", (100, 40));
    press(&mut app, "R?");
    let text = screen(&app);
    let here = text
        .iter()
        .position(|l| l.contains("Recipe (here: these keys win over Everywhere)"))
        .unwrap_or_else(|| panic!("{}", text.join("\n")));
    let everywhere = text.iter().position(|l| l.contains("│Everywhere"));
    assert!(everywhere.is_none_or(|e| e > here), "{}", text.join("\n"));
    assert!(text[here + 1..]
        .iter()
        .any(|l| l.contains("Edit the selected step")));
}
