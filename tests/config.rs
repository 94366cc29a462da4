//! The config file: the printed default reads back with nothing ignored; user bindings merge
//! over the defaults per pane (sequences too), clashes and mistakes are reported with the file
//! and line while lathe starts with the defaults; settings reach the app.

mod common;

use common::*;
use lathe::app::commands::{Scope, COMMANDS};
use lathe::app::config::{default_text, parse};
use lathe::app::keymap::{parse_key, Keymap, Lookup};
use lathe::app::{Cmd, ThemeName};

#[test]
fn the_default_file_reads_back_as_the_defaults() {
    let c = parse(&default_text(), "default.toml");
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    assert_eq!(c.theme, Some(ThemeName::Dark));
    assert_eq!(
        (c.seed, c.split, c.folds, c.bins),
        (Some(42), Some(0.8), Some(5), None)
    );
    // Every command of every pane is in it, with its keys.
    assert_eq!(c.keys.len(), COMMANDS.len());
    let (map, clashes) = Keymap::with(&c.keys, "default.toml");
    assert!(clashes.is_empty(), "{clashes:?}");
    assert_eq!(map, Keymap::default());
}

#[test]
fn bindings_merge_over_the_defaults_with_sequences() {
    let c = parse(
        "[keys.table]\nfirst-row = \"g g\"\nlast-row = \"G\"\n[keys.global]\ntrain = [\"t\", \"T\"]\n",
        "c.toml",
    );
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let (map, clashes) = Keymap::with(&c.keys, "c.toml");
    assert!(clashes.is_empty());
    let g = parse_key("g").unwrap();
    assert_eq!(map.lookup(Scope::Table, &[g]), Lookup::Wait);
    assert_eq!(map.lookup(Scope::Table, &[g, g]), Lookup::Run(Cmd::Top));
    let t = parse_key("t").unwrap();
    assert_eq!(map.lookup(Scope::Table, &[t]), Lookup::Run(Cmd::Train));
    assert_eq!(map.keys_of(Scope::Table, "first-row"), ["g g"]);
    // Keys not mentioned keep their defaults.
    let j = parse_key("j").unwrap();
    assert_eq!(map.lookup(Scope::Table, &[j]), Lookup::Run(Cmd::Down));

    // In the app: g waits (and says so), g again goes to the first row.
    let mut wide = loaded("penguins.csv", (180, 30));
    let before = screen(&wide).last().unwrap().clone();
    assert!(before.contains("T train"), "{before}");
    wide.configure(c.clone());
    // The status bar no longer names the default key of a rebound command.
    let after = screen(&wide).last().unwrap().clone();
    assert!(!after.contains("T train"), "{after}");
    let mut app = loaded("penguins.csv", (100, 30));
    app.configure(c);
    press(&mut app, "jjj");
    assert_eq!(app.row, 3);
    press(&mut app, "g");
    assert_eq!(app.row, 3);
    assert_eq!(app.message.as_ref().unwrap().text, "g …");
    press(&mut app, "g");
    assert_eq!(app.row, 0);
    // A sequence that goes nowhere falls back on the last key: g then j moves down.
    press(&mut app, "gj");
    assert_eq!(app.row, 1);
    // Help shows the keys in force.
    press(&mut app, "?");
    let mut seen = false;
    for _ in 0..60 {
        let text = screen(&app).join("\n");
        if text.contains("  g g               first-row") {
            seen = true;
            break;
        }
        press(&mut app, "j");
    }
    assert!(seen, "help lists first-row under g g");
}

#[test]
fn mistakes_are_reported_with_file_and_line_and_ignored() {
    let text = "theme = \"blue\"\nseed = -3\nbins = 12\nfoo = 1\n\n[keys.table]\nfirst-row = \"g g\"\nlast-row = \"g\"\n[keys.nowhere]\nx = \"y\"\n[keys.model]\nsave-model = \"Hyper-x\"\nsave = \"w\"\n";
    let c = parse(text, "my.toml");
    assert_eq!(
        c.problems,
        [
            "my.toml:1: `theme` is not a theme (theme \"blue\": dark, light or plain); ignored",
            "my.toml:2: `seed` must be a whole number 0 or more; ignored",
            "my.toml:4: `foo` is not a setting lathe knows; ignored",
            "my.toml:9: `nowhere` is not a pane (known: global, table, columns, profile, frequencies, correlations, scatter, groups, warnings, model, drift, recipe, popup, prompt, palette, clean-menu, step-form, train-form, confirm, tables); ignored",
            "my.toml:12: `save-model` has a key lathe does not know (\"Hyper-x\"); write keys as j, G, Enter, Ctrl-f, PageDown, and a sequence as \"g g\"; ignored",
            "my.toml:13: `save` is not a command of the model pane; ignored",
        ]
    );
    // What could be used is: bins, and the table bindings up to the clash.
    assert_eq!(c.bins, Some(12));
    let (map, clashes) = Keymap::with(&c.keys, "my.toml");
    assert_eq!(
        clashes,
        ["my.toml:8: `last-row` = \"g\" clashes with `first-row` (g g) in [keys.table]; ignored"]
    );
    assert_eq!(map.keys_of(Scope::Table, "last-row"), ["G"]);
    // Not TOML at all: the defaults, and where it broke.
    let c = parse("seed = 1\nsplit = [\n", "broken.toml");
    assert_eq!(c.seed, None);
    assert!(
        c.problems[0].starts_with("broken.toml:2: not valid TOML"),
        "{:?}",
        c.problems
    );
    // The app starts anyway and says what it ignored.
    let mut app = loaded("penguins.csv", (100, 30));
    app.configure(parse(text, "my.toml"));
    let m = app.message.as_ref().unwrap();
    assert!(
        m.text.starts_with("my.toml:1: `theme` is not a theme"),
        "{}",
        m.text
    );
    assert!(
        m.text
            .ends_with("(and 6 more; lathe config --check lists them)"),
        "{}",
        m.text
    );
}

#[test]
fn settings_reach_the_app() {
    let mut app = loaded_input(
        lathe::core::data::source::Input::Path("tests/data/penguins_messy_clean.csv".into()),
        (100, 30),
    );
    app.configure(parse(
        "seed = 7\nfolds = 3\nsplit = 0.75\nbins = 9\n",
        "c.toml",
    ));
    press(&mut app, "T");
    let form = app.train_form.as_ref().unwrap();
    assert_eq!(form.values[3], "cv 3");
    assert_eq!(form.values[4], "7");
    press(&mut app, "<Esc>llllllp");
    let Some(lathe::core::stats::inspect::Request::Profile { bins, .. }) = app.wanted_request()
    else {
        panic!()
    };
    assert_eq!(bins, Some(9));
}

#[test]
fn unknown_tables_are_reported_at_their_header_and_many_problems_stay_fast() {
    let text = "seed = 1\n\n[colours]\nred = 1\n[keys]\n[plugins.git]\nx = 1\n";
    let c = parse(text, "c.toml");
    assert_eq!(
        c.problems,
        [
            "c.toml:3: `colours` is not a setting lathe knows; ignored",
            "c.toml:6: `plugins` is not a setting lathe knows; ignored",
        ]
    );
    // 50,000 unknown entries took over 20 s when each problem searched the file again; the
    // report is in file order with every line right.
    let text: String = (0..50_000).map(|i| format!("k{i} = {i}\n")).collect();
    let c = parse(&text, "big.toml");
    assert_eq!(c.problems.len(), 50_000);
    assert_eq!(
        c.problems[49_999],
        "big.toml:50000: `k49999` is not a setting lathe knows; ignored"
    );
    assert_eq!(
        c.problems[7],
        "big.toml:8: `k7` is not a setting lathe knows; ignored"
    );
}

#[test]
fn popup_keys_are_registry_commands_and_can_be_rebound() {
    // The cleaning menu moves with n / e instead of j / k; j is then nothing there.
    let c = parse(
        "[keys.clean-menu]\ndown = \"n\"\nup = \"e\"\n[keys.prompt]\nclear = \"Ctrl-w\"\n",
        "c.toml",
    );
    assert!(c.problems.is_empty(), "{:?}", c.problems);
    let mut app = loaded("penguins.csv", (100, 30));
    app.configure(c);
    press(&mut app, "C");
    assert_eq!(app.overlay, Some(lathe::app::Overlay::Menu { cursor: 0 }));
    press(&mut app, "nnne");
    assert_eq!(app.overlay, Some(lathe::app::Overlay::Menu { cursor: 2 }));
    press(&mut app, "j");
    assert_eq!(app.overlay, Some(lathe::app::Overlay::Menu { cursor: 2 }));
    press(&mut app, "<Esc>");
    assert_eq!(app.overlay, None);
    // At the filter prompt an unbound key is typed; the rebound clear empties the text, and
    // Ctrl-u (no longer bound) does nothing.
    press(&mut app, "Fbill > 4");
    assert_eq!(app.prompt.text, "bill > 4");
    press(&mut app, "<Ctrl-u>");
    assert_eq!(app.prompt.text, "bill > 4");
    press(&mut app, "<Ctrl-w>");
    assert_eq!(app.prompt.text, "");
}
