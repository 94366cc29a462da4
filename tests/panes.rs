//! The inspection panes driven through `update` from key strings: what each key opens, which
//! computation it asks for, caching, stale answers, and the links between panes.

mod common;

use common::*;
use lathe::app::keymap::parse_keys;
use lathe::app::{Action, App, Effect, Focus, InspectState, PaneKind};
use lathe::core::stats::inspect::{Detail, FreqOrder, Groups, Inspection, Request};
use lathe::core::stats::StatsError;
use lathe::jobs::{Job, JobEvent, JobId};

fn kind(app: &App) -> Option<PaneKind> {
    app.inspector.as_ref().map(|i| i.kind)
}

fn request(app: &App) -> Option<Request> {
    app.inspected.as_ref().map(|(r, _)| r.clone())
}

/// Press keys without running the effects; returns them.
fn press_raw(app: &mut App, keys: &str) -> Vec<Effect> {
    parse_keys(keys)
        .into_iter()
        .flat_map(|k| app.update(Action::Key(k)))
        .collect()
}

fn inspect_jobs(effects: &[Effect]) -> Vec<(JobId, Request)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Start(job, Job::Inspect { request, .. }) => Some((*job, request.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn p_profiles_the_column_and_follows_the_cursor() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "llp");
    assert_eq!(kind(&app), Some(PaneKind::Profile));
    assert_eq!(app.focus, Focus::Inspector);
    assert_eq!(
        request(&app),
        Some(Request::Profile {
            column: "bill_length_mm".into(),
            bins: None
        })
    );
    let Some(Inspection::Profile(p)) = app.inspection() else {
        panic!("{:?}", app.inspected)
    };
    assert_eq!(p.summary.count, 342);
    // j moves to the next column and profiles it.
    press(&mut app, "j");
    assert_eq!(app.col, 3);
    let Some(Inspection::Profile(p)) = app.inspection() else {
        panic!()
    };
    assert_eq!(p.summary.name, "bill_depth_mm");
    // + and - change the bins of this column only.
    let bins = |app: &App| match app.inspection() {
        Some(Inspection::Profile(p)) => match &p.detail {
            Detail::Numeric { histogram: Some(h) } => h.counts.len(),
            _ => 0,
        },
        _ => 0,
    };
    let default = bins(&app);
    press(&mut app, "+");
    assert_eq!(bins(&app), default + (default / 5).max(1));
    press(&mut app, "--");
    assert!(bins(&app) < default);
    press(&mut app, "k");
    assert_eq!(app.current_column().as_deref(), Some("bill_length_mm"));
    assert_eq!(bins(&app), 11, "back to the default rule on another column");
    // Esc closes the pane and gives the keys back to the table; p toggles too.
    press(&mut app, "<Esc>");
    assert_eq!((kind(&app), app.focus), (None, Focus::Table));
    assert!(app.inspected.is_none());
    press(&mut app, "pp");
    assert_eq!(kind(&app), None);
}

#[test]
fn answers_are_cached_per_column_until_the_rows_change() {
    let mut app = loaded("penguins.csv", (120, 40));
    let effects = press_raw(&mut app, "p");
    let jobs = inspect_jobs(&effects);
    assert_eq!(jobs.len(), 1);
    run_effects(&mut app, effects);
    let effects = press_raw(&mut app, "j");
    assert_eq!(inspect_jobs(&effects).len(), 1);
    run_effects(&mut app, effects);
    // Back to the first column: answered from the cache, no job.
    let effects = press_raw(&mut app, "k");
    assert!(inspect_jobs(&effects).is_empty());
    assert!(app.inspection().is_some());
    assert_eq!(app.inspect_cache.len(), 2);
    // A filter changes the rows: the cache is emptied and the profile recomputed on them.
    press(&mut app, "<Esc>F");
    for c in "species == \"Adelie\"".chars() {
        press(&mut app, &c.to_string());
    }
    press(&mut app, "<Enter>");
    assert_eq!(app.table_frame().height(), 152);
    assert!(app.inspect_cache.is_empty());
    press(&mut app, "f");
    let Some(Inspection::Frequencies(q)) = app.inspection() else {
        panic!()
    };
    assert_eq!(q.values, [(Some("Adelie".to_string()), 152)]);
}

#[test]
fn stale_and_failed_answers() {
    let mut app = loaded("penguins.csv", (120, 40));
    let effects = press_raw(&mut app, "p");
    let (job, _) = inspect_jobs(&effects)[0].clone();
    // The user moves on before the answer comes: the old job is cancelled, its answer ignored.
    let effects = press_raw(&mut app, "j");
    assert!(effects
        .iter()
        .any(|e| matches!(e, Effect::Cancel(j) if *j == job)));
    let (newer, _) = inspect_jobs(&effects)[0].clone();
    let _ = app.update(Action::Job(JobEvent::InspectDone {
        job,
        result: Err(StatsError::Request("late".into())),
    }));
    assert!(matches!(
        app.inspected,
        Some((_, InspectState::Computing(j))) if j == newer
    ));
    // A job that panicked is shown in the pane.
    let _ = app.update(Action::Job(JobEvent::Failed {
        job: newer,
        error: "internal error (please report it): boom".into(),
    }));
    assert!(matches!(
        &app.inspected,
        Some((_, InspectState::Failed(e))) if e.contains("boom")
    ));
    let screen = screen(&app).join("\n");
    assert!(screen.contains("internal error (please report it): boom"));
}

#[test]
fn nothing_is_computed_until_the_load_ends() {
    let (mut app, job, input) = start(sample("penguins.csv"), (100, 30));
    report_first_chunk(&mut app, job, &input, 50, 0.2);
    let effects = press_raw(&mut app, "p");
    assert!(inspect_jobs(&effects).is_empty());
    assert!(screen(&app)
        .join("\n")
        .contains("Waiting for the load to finish"));
    let effects = finish_load(&mut app, job, &input);
    assert_eq!(inspect_jobs(&effects).len(), 1);
    run_effects(&mut app, effects);
    let Some(Inspection::Profile(p)) = app.inspection() else {
        panic!()
    };
    assert_eq!(p.summary.count + p.summary.nulls, 344);
}

#[test]
fn frequencies_sort_move_and_filter_the_table() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "$hf");
    assert_eq!(app.current_column().as_deref(), Some("sex"));
    let order = |app: &App| match app.inspection() {
        Some(Inspection::Frequencies(q)) => q.order,
        _ => panic!(),
    };
    assert_eq!(order(&app), FreqOrder::CountDesc);
    press(&mut app, "ss");
    assert_eq!(order(&app), FreqOrder::ValueAsc);
    // Values in order female, male, missing: Enter on "male" filters the table to it.
    press(&mut app, "j<Enter>");
    assert_eq!(kind(&app), None);
    assert_eq!(app.view().unwrap().filters, ["sex == \"male\""]);
    assert_eq!(app.table_frame().height(), 168);
    // And on the missing row, to the rows without a value.
    press(&mut app, "uf");
    press(&mut app, "G<Enter>");
    assert_eq!(app.view().unwrap().filters, ["is_null(sex)"]);
    assert_eq!(app.table_frame().height(), 11);
    // A number filters by value; h/l move between columns in this pane.
    press(&mut app, "uf");
    press(&mut app, "hh");
    assert_eq!(app.current_column().as_deref(), Some("flipper_length_mm"));
    press(&mut app, "<Enter>");
    let filter = app.view().unwrap().filters[0].clone();
    assert_eq!(filter, "flipper_length_mm == 190");
    assert_eq!(app.table_frame().height(), 22);
}

#[test]
fn correlations_switch_method_and_open_a_scatter() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "c");
    assert_eq!(request(&app), Some(Request::Correlations));
    assert!(!app.inspector.as_ref().unwrap().spearman);
    press(&mut app, "m");
    assert!(app.inspector.as_ref().unwrap().spearman);
    // The same answer holds both methods: no new job.
    assert!(inspect_jobs(&press_raw(&mut app, "m")).is_empty());
    // On the diagonal, Enter says why nothing opens; off it, the pair's scatter plot.
    press(&mut app, "<Enter>");
    assert_eq!(kind(&app), Some(PaneKind::Correlations));
    press(&mut app, "jjjll<Enter>");
    assert_eq!(kind(&app), Some(PaneKind::Scatter));
    assert_eq!(
        request(&app),
        Some(Request::Scatter {
            x: "flipper_length_mm".into(),
            y: "body_mass_g".into(),
            colour: None
        })
    );
}

/// Type text at a prompt (no `<` in it: that starts a key name).
fn type_text(app: &mut App, text: &str) {
    assert!(!text.contains('<'));
    press(app, text);
}

#[test]
fn x_asks_for_y_and_a_colour_column() {
    let mut app = loaded("penguins.csv", (120, 40));
    // x on a text column says why not.
    press(&mut app, "x");
    assert!(app.overlay.is_none());
    assert!(app.message.as_ref().unwrap().text.contains("not numeric"));
    press(&mut app, "llx");
    type_text(&mut app, "body by sp");
    press(&mut app, "<Tab>");
    assert_eq!(app.prompt.text, "body by species");
    press(&mut app, "<Enter>");
    assert_eq!(
        request(&app),
        Some(Request::Scatter {
            x: "bill_length_mm".into(),
            y: "body_mass_g".into(),
            colour: Some("species".into())
        })
    );
    let Some(Inspection::Scatter(s)) = app.inspection() else {
        panic!()
    };
    assert_eq!(s.series.len(), 3);
    // Mistakes stay at the prompt with a message.
    press(&mut app, "<Esc>x");
    type_text(&mut app, "island");
    press(&mut app, "<Enter>");
    assert_eq!(common::prompt_error(&app), "`island` is not numeric");
    press(&mut app, "<Esc>x");
    type_text(&mut app, "b");
    press(&mut app, "<Enter>");
    assert!(common::prompt_error(&app).contains("could be"));
}

#[test]
fn b_compares_groups_numeric_or_categorical() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "llb");
    type_text(&mut app, "species");
    press(&mut app, "<Enter>");
    assert_eq!(kind(&app), Some(PaneKind::Groups));
    let Some(Inspection::Groups(Groups::Numeric(g))) = app.inspection() else {
        panic!("{:?}", app.inspected)
    };
    assert_eq!(g.groups.len(), 3);
    press(&mut app, "<Esc>0b");
    type_text(&mut app, "island");
    press(&mut app, "<Enter>");
    let Some(Inspection::Groups(Groups::Categorical(t))) = app.inspection() else {
        panic!()
    };
    assert_eq!(t.rows, ["Adelie", "Chinstrap", "Gentoo"]);
    // Grouping a column by itself is refused at the prompt.
    press(&mut app, "<Esc>b");
    type_text(&mut app, "species");
    press(&mut app, "<Enter>");
    assert!(app.prompt.error.is_some());
}

#[test]
fn warnings_list_everything_and_enter_profiles_the_column() {
    let mut app = loaded("penguins_messy.csv", (120, 40));
    press(&mut app, "!");
    assert_eq!(kind(&app), Some(PaneKind::Warnings));
    let all = app.all_warnings();
    let Some(stats) = (match &app.stats {
        lathe::app::Stats::Ready(s) => Some(s),
        _ => None,
    }) else {
        panic!()
    };
    let per_column: usize = stats.iter().map(|s| s.warnings.len()).sum();
    assert_eq!(all.len(), per_column + app.frame_warnings.len());
    assert_eq!(all[0].kind, "duplicate_rows");
    // The third warning is about a column: Enter opens its profile.
    let column = all[2].columns[0].clone();
    press(&mut app, "jj<Enter>");
    assert_eq!(kind(&app), Some(PaneKind::Profile));
    assert_eq!(app.current_column(), Some(column));
}

#[test]
fn tab_moves_between_the_columns_pane_and_the_open_pane() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "p<Tab>");
    assert_eq!(app.focus, Focus::Columns);
    // Moving in the columns pane re-profiles.
    press(&mut app, "jj");
    assert_eq!(
        request(&app),
        Some(Request::Profile {
            column: "bill_length_mm".into(),
            bins: None
        })
    );
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, Focus::Inspector);
    // Clicking in the pane focuses it; the wheel moves in it.
    press(&mut app, "<Tab>");
    let _ = app.update(Action::Click { x: 50, y: 5 });
    assert_eq!(app.focus, Focus::Inspector);
}

#[test]
fn panes_without_numbers_or_rows_say_so_and_do_not_panic() {
    let dir = tempfile::tempdir().unwrap();
    // A header and no rows: the columns load with no rows, and every pane draws.
    let path = common::write_in(&dir, "header.csv", "a,b,c\n");
    let mut app = loaded_input(lathe::core::data::source::Input::Path(path), (80, 24));
    assert_eq!(app.frame.shape(), (0, 3));
    for keys in ["p", "f", "c", "!", "x", "T"] {
        press(&mut app, keys);
        let _ = screen(&app);
        press(&mut app, "<Esc>");
    }
    // Text only, with an empty value.
    let path = common::write_in(&dir, "text.csv", "name,kind\nx,a\ny,\n");
    let mut app = loaded_input(lathe::core::data::source::Input::Path(path), (80, 24));
    for keys in ["p", "f", "c", "!", "x"] {
        press(&mut app, keys);
        let _ = screen(&app);
        press(&mut app, "<Esc>");
    }
    press(&mut app, "c");
    let text = screen(&app).join("\n");
    assert!(
        text.contains("Correlations need at least two numeric columns."),
        "{text}"
    );
}

#[test]
fn a_click_on_a_list_pane_line_selects_it() {
    let mut app = loaded("penguins.csv", (100, 30));
    let areas = lathe::app::layout::areas(100, 30, false).unwrap();
    // Frequencies of island: lines start below the summary and the header.
    press(&mut app, "lf");
    let _ = app.update(lathe::app::Action::Click {
        x: areas.table.x + 5,
        y: areas.table.y + 3 + 2,
    });
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 2);
    // The recipe pane: its first line is right under the border.
    press(&mut app, "<Esc>C<Enter>");
    press(&mut app, "<Enter><Enter>");
    press(&mut app, "C<Enter><Enter><Enter>R");
    assert_eq!(app.recipe.len(), 2);
    let _ = app.update(lathe::app::Action::Click {
        x: areas.table.x + 5,
        y: areas.table.y + 1,
    });
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 0);
    let _ = app.update(lathe::app::Action::Click {
        x: areas.table.x + 5,
        y: areas.table.y + 1 + 1,
    });
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 1);
    // Below the last line: nothing changes.
    let _ = app.update(lathe::app::Action::Click {
        x: areas.table.x + 5,
        y: areas.table.y + areas.table.height - 2,
    });
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 1);
}

#[test]
fn a_click_on_a_correlation_cell_selects_it() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "c");
    let areas = lathe::app::layout::areas(100, 30, false).unwrap();
    let inner = ratatui::layout::Rect::new(
        areas.table.x + 1,
        areas.table.y + 1,
        areas.table.width - 2,
        areas.table.height - 2,
    );
    // Row 2 (flipper_length_mm), column 3 (body_mass_g): inside that cell.
    let g = lathe::app::layout::corr_grid(inner, &[14, 13, 17, 11, 4], (0, 0));
    let (x, y) = (g.gx + 3 * g.cell_w + 2, g.gy + 2);
    let _ = app.update(lathe::app::Action::Click { x, y });
    assert_eq!(app.inspector.as_ref().unwrap().cell, (2, 3));
    let text = screen(&app).join("\n");
    assert!(
        text.contains("flipper_length_mm × body_mass_g: Pearson r = +0.871"),
        "{text}"
    );
    // Enter on it opens its scatter plot, as from the keyboard.
    press(&mut app, "<Enter>");
    assert_eq!(
        app.inspector.as_ref().unwrap().kind,
        lathe::app::PaneKind::Scatter
    );
}

#[test]
fn many_outlier_warnings_are_one_line_at_the_end_until_enter_opens_them() {
    // Five measurements, each with one far value, and a constant column: the constant is the
    // warning to read first; the outliers wait on one line.
    let (_dir, path) = common::csv_file("m.csv", "a,b,c,d,e,k,t", 0..100u32, |i| {
        // Columns that do not move together (no near-duplicates), and t keeps rows distinct.
        let v = |j: u32, far: f64| {
            if i == 7 + 11 * j {
                far
            } else {
                f64::from((i * (2 * j + 3)) % 17)
            }
        };
        format!(
            "{},{},{},{},{},1,{}.5",
            v(0, 500.0),
            v(1, -400.0),
            v(2, 300.0),
            v(3, 900.0),
            v(4, 700.0),
            i
        )
    });
    let mut app = loaded_input(lathe::core::data::source::Input::Path(path), (120, 40));
    press(&mut app, "!");
    let kinds: Vec<&str> = app.all_warnings().iter().map(|w| w.kind).collect();
    assert_eq!(kinds, ["constant", "outliers"], "{kinds:?}");
    let group = app.all_warnings()[1].clone().into_owned();
    assert_eq!(group.columns, ["a", "b", "c", "d", "e"]);
    assert!(
        group
            .message
            .starts_with("5 columns have values beyond Tukey's fences (1.5 IQR beyond the quartiles): `a`, `b`, `c`, ..."),
        "{}",
        group.message
    );
    assert!(screen(&app).join("\n").contains("Warnings (2)"));
    // Enter on it: one per column in their places (frame order), the cursor on the first.
    press(&mut app, "j<Enter>");
    assert_eq!(kind(&app), Some(PaneKind::Warnings));
    let kinds: Vec<&str> = app.all_warnings().iter().map(|w| w.kind).collect();
    assert_eq!(
        kinds,
        ["outliers", "outliers", "outliers", "outliers", "outliers", "constant"]
    );
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 0);
    assert_eq!(app.all_warnings()[0].columns, ["a"]);
}
