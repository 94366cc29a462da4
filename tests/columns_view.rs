//! Hiding (`-`) and freezing (`z`) columns: views like a sort or a filter, which `u` undoes.

mod common;

use lathe::core::data::view::{apply, ViewSpec};

fn message(app: &lathe::app::App) -> String {
    app.message
        .as_ref()
        .map_or(String::new(), |m| m.text.clone())
}

/// The status line says `text`.
fn says(app: &lathe::app::App, text: &str) {
    assert!(message(app).contains(text), "{}", message(app));
}

fn names(app: &lathe::app::App) -> Vec<String> {
    app.table_frame()
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect()
}

#[test]
fn a_hidden_column_leaves_the_view_after_its_filter_and_sort() {
    let f = common::frame("penguins.csv");
    let spec = ViewSpec {
        filters: vec!["island == \"Dream\"".into()],
        sort: Some(("body_mass_g".into(), true)),
        hidden: vec!["island".into(), "body_mass_g".into(), "no_such".into()],
        ..ViewSpec::default()
    };
    let out = apply(&f, &spec).unwrap();
    assert_eq!(
        out.get_column_names(),
        [
            "species",
            "bill_length_mm",
            "bill_depth_mm",
            "flipper_length_mm",
            "sex",
            "year"
        ]
    );
    // 124 of the 344 penguins live on Dream (pandas: (df.island == "Dream").sum()).
    assert_eq!(out.height(), 124);
    assert_eq!(
        spec.describe(),
        "filter: island == \"Dream\"  sort: body_mass_g desc  hidden: island, body_mass_g, no_such"
    );
}

#[test]
fn minus_hides_the_cursor_column_and_u_shows_it_again() {
    let mut app = common::loaded("penguins.csv", (120, 40));
    common::press(&mut app, "l-");
    assert_eq!(
        names(&app)[..3],
        ["species", "bill_length_mm", "bill_depth_mm"]
    );
    assert_eq!(app.current_column().as_deref(), Some("bill_length_mm"));
    says(&app, "`island` hidden");
    let screen = common::screen(&app).join("\n");
    assert!(screen.contains("hidden: island"), "{screen}");
    assert!(!screen.contains("Torgersen"), "{screen}");
    // The columns pane still lists it, marked, and its cursor passes over it.
    assert!(screen.lines().any(|l| l.contains("- island")), "{screen}");
    common::press(&mut app, "<Tab>");
    common::press(&mut app, "k");
    assert_eq!(app.current_column().as_deref(), Some("species"));
    common::press(&mut app, "j");
    assert_eq!(app.current_column().as_deref(), Some("bill_length_mm"));
    // `-` in the columns pane hides the selected column too, and `u` there shows it again.
    common::press(&mut app, "-");
    assert_eq!(app.current_column().as_deref(), Some("bill_depth_mm"));
    common::press(&mut app, "u");
    assert!(!app.is_hidden("bill_length_mm"));
    // The cursor stays on the restored column.
    assert_eq!(app.current_column().as_deref(), Some("bill_length_mm"));
    common::press(&mut app, "-");
    assert!(app.is_hidden("bill_length_mm"));
    // A filter may still name a hidden column; the jump prompt says it is hidden.
    common::press(&mut app, "<Tab>");
    common::press(&mut app, "Fisland == \"Biscoe\"<Enter>");
    assert_eq!(app.table_frame().height(), 168);
    common::press(&mut app, "Jisl<Enter>");
    assert_eq!(
        common::prompt_error(&app),
        "`island` is hidden (u shows it again)"
    );
    common::press(&mut app, "<Esc>");
    common::press(&mut app, "uu");
    assert_eq!(
        names(&app)[..3],
        ["species", "bill_length_mm", "bill_depth_mm"]
    );
    common::press(&mut app, "u");
    assert_eq!(app.table_frame().width(), 8);
    assert!(app.view().is_none());
}

#[test]
fn the_last_column_stays() {
    let mut app = common::loaded("penguins.csv", (120, 40));
    common::press(&mut app, "--------");
    assert_eq!(names(&app), ["year"]);
    says(&app, "`year` is the only column left");
}

#[test]
fn z_keeps_the_columns_left_of_the_cursor_in_view() {
    let mut app = common::loaded("penguins.csv", (60, 24));
    common::press(&mut app, "llz");
    assert_eq!(app.frozen_columns(), 2);
    says(&app, "species, island");
    // At the last column the frozen two are still drawn first, then a line, then the cursor's.
    common::press(&mut app, "$");
    let shown: Vec<usize> = app.visible_columns().iter().map(|&(c, _)| c).collect();
    assert_eq!(shown[..2], [0, 1], "{shown:?}");
    assert_eq!(shown.last(), Some(&7), "{shown:?}");
    let screen = common::screen(&app).join("\n");
    let header = screen
        .lines()
        .find(|l| l.contains("body_mass_g"))
        .unwrap_or_default();
    // island is as wide as "Torgersen"; the scrolled columns end at the last.
    assert!(header.contains("island   │body_mass_g"), "{screen}");
    assert!(header.contains("year"), "{screen}");
    assert!(!header.contains("bill_length"), "{screen}");
    // Home goes back to the first column, which is frozen: nothing scrolls past it.
    common::press(&mut app, "0");
    assert_eq!(app.visible_columns()[0].0, 0);
    // z at the first column unfreezes; u freezes again.
    common::press(&mut app, "z");
    assert_eq!(app.frozen_columns(), 0);
    common::press(&mut app, "u");
    assert_eq!(app.frozen_columns(), 2);
    // Hiding a frozen column leaves the other frozen.
    common::press(&mut app, "l-");
    assert_eq!(app.frozen_columns(), 1);
    assert_eq!(app.view().unwrap().frozen, ["species"]);
}

#[test]
fn freezing_too_wide_is_refused() {
    let mut app = common::loaded("penguins.csv", (50, 24));
    for (keys, said) in [("$z", "would fill the table"), ("0z", "Nothing to freeze")] {
        common::press(&mut app, keys);
        says(&app, said);
    }
    assert_eq!(app.frozen_columns(), 0);
}

#[test]
fn a_sort_keeps_the_hidden_and_frozen_columns() {
    let mut app = common::loaded("penguins.csv", (120, 40));
    common::press(&mut app, "lzl-");
    common::press(&mut app, "S");
    let view = app.view().unwrap();
    assert_eq!(view.hidden, ["bill_length_mm"]);
    assert_eq!(view.frozen, ["species"]);
    assert_eq!(view.sort, Some(("bill_depth_mm".into(), true)));
    assert_eq!(app.table_frame().width(), 7);
    let depth = common::present_f64(app.table_frame().column("bill_depth_mm").unwrap());
    // pandas: df.bill_depth_mm.max()
    assert_eq!(depth[0], 21.5);
}
