//! Themes: dark and light, and NO_COLOR drawing with styles only; snapshots of each at 80x24
//! (with the cells' styles, from the buffer's debug form).

mod common;

use common::*;
use lathe::app::ThemeName;
use ratatui::style::{Color, Modifier};

#[test]
fn no_color_wins_over_any_choice() {
    assert_eq!(ThemeName::resolve(None, None), ThemeName::Dark);
    assert_eq!(
        ThemeName::resolve(Some(ThemeName::Light), None),
        ThemeName::Light
    );
    assert_eq!(
        ThemeName::resolve(Some(ThemeName::Light), Some("1")),
        ThemeName::Plain
    );
    // Set but empty does not count (no-color.org).
    assert_eq!(
        ThemeName::resolve(Some(ThemeName::Light), Some("")),
        ThemeName::Light
    );
    assert_eq!(ThemeName::parse("light"), Ok(ThemeName::Light));
    assert!(ThemeName::parse("solarized")
        .unwrap_err()
        .contains("dark, light or plain"));
}

fn app_in(theme: ThemeName) -> lathe::app::App {
    let mut app = loaded("penguins.csv", (80, 24));
    app.theme = theme;
    app
}

#[test]
fn plain_has_no_colour_and_still_marks_the_cursor() {
    let mut app = app_in(ThemeName::Plain);
    for keys in ["", "c", "<Esc>!", "<Esc>lp"] {
        press(&mut app, keys);
        let t = draw(&app);
        let buf = t.backend().buffer();
        for cell in buf.content() {
            assert_eq!(cell.fg, Color::Reset, "{keys}: {cell:?}");
            assert_eq!(cell.bg, Color::Reset, "{keys}: {cell:?}");
        }
        // Something is reversed: the cursor, or the selected line.
        assert!(
            buf.content()
                .iter()
                .any(|c| c.modifier.contains(Modifier::REVERSED)),
            "{keys}"
        );
    }
}

#[test]
fn each_theme_at_80x24() {
    for (theme, name) in [
        (ThemeName::Dark, "theme_dark_80x24"),
        (ThemeName::Light, "theme_light_80x24"),
        (ThemeName::Plain, "theme_plain_80x24"),
    ] {
        let mut app = app_in(theme);
        press(&mut app, "c");
        let t = draw(&app);
        insta::assert_snapshot!(name, format!("{:?}", t.backend().buffer()));
    }
    let app = app_in(ThemeName::Light);
    let t = draw(&app);
    assert_eq!(
        t.backend().buffer()[(1, 0)].bg,
        Color::Blue,
        "the light title bar"
    );
}
