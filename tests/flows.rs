//! State changes through the pure `update`, driven by key strings like a user's session.

mod common;

use std::time::Duration;

use common::*;
use lathe::app::{Action, Effect, Focus, LoadState, Overlay, Stats};
use lathe::jobs::{Job, JobEvent};

#[test]
fn moving_around_the_table() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "jjjll");
    assert_eq!((app.row, app.col), (3, 2));
    press(&mut app, "G");
    assert_eq!(app.row, 343);
    assert!(
        app.top > 0 && app.row < app.top + 40,
        "the last row is on screen"
    );
    press(&mut app, "g<End>");
    assert_eq!((app.row, app.col), (0, 7));
    press(&mut app, "<Home>kh");
    assert_eq!((app.row, app.col), (0, 0), "no movement past the edges");
    press(&mut app, "<PageDown>");
    let page = app.row;
    assert!(page > 5, "a page is a screenful of rows");
    press(&mut app, "<PageDown><PageUp>");
    assert_eq!(app.row, page);
}

#[test]
fn enter_shows_the_whole_cell_and_esc_closes_it() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "jjj<Right><Enter>");
    assert_eq!(app.overlay, Some(Overlay::Cell { scroll: 0 }));
    assert_eq!(
        app.current_cell(),
        Some(("island".into(), Some("Torgersen".into())))
    );
    press(&mut app, "j");
    assert_eq!(app.row, 3, "keys go to the popup, not the table");
    press(&mut app, "<Esc>");
    assert_eq!(app.overlay, None);
    press(&mut app, "l<Enter>");
    assert_eq!(
        app.current_cell(),
        Some(("bill_length_mm".into(), None)),
        "row 4 is missing"
    );
}

#[test]
fn the_columns_pane_and_the_table_share_the_selected_column() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "<Tab>");
    assert_eq!(app.focus, Focus::Columns);
    press(&mut app, "jjj");
    assert_eq!(app.col, 3, "the table's cursor follows the columns pane");
    press(&mut app, "<Enter>");
    assert_eq!(app.focus, Focus::Table);
    press(&mut app, "l");
    press(&mut app, "<Shift-Tab>");
    assert_eq!(app.focus, Focus::Columns);
    assert_eq!(app.col, 4, "and the columns pane follows the table");
    press(&mut app, "G");
    assert_eq!(app.col, 7);
}

#[test]
fn wide_tables_scroll_column_by_column() {
    let mut app = loaded("penguins_messy.csv", (60, 24));
    let first = app.visible_columns();
    assert!(first.len() < 11, "not every column fits in 60 cells");
    press(&mut app, "<End>");
    assert_eq!(app.col, 10);
    let visible = app.visible_columns();
    assert!(
        visible.iter().any(|&(c, _)| c == 10),
        "the cursor column is drawn"
    );
    assert!(app.left > 0);
    press(&mut app, "<Home>");
    assert_eq!(app.left, 0);
}

#[test]
fn help_toggles_and_q_closes_it_before_quitting() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "?");
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    press(&mut app, "jj");
    assert_eq!(app.overlay, Some(Overlay::Help { scroll: 2 }));
    press(&mut app, "q");
    assert_eq!(app.overlay, None);
    assert!(!app.should_quit);
    let effects = app.update(Action::Key(lathe::app::keymap::parse_key("q").unwrap()));
    assert!(app.should_quit);
    assert!(matches!(effects[..], [Effect::Quit]));
}

#[test]
fn mouse_wheel_scrolls_the_pane_under_the_pointer() {
    let mut app = loaded("penguins.csv", (120, 40));
    let _ = app.update(Action::Scroll {
        x: 10,
        y: 5,
        delta: 2,
    });
    assert_eq!(app.row, 6, "three rows per notch over the table");
    // The columns pane is the lower part of the screen at this size.
    let _ = app.update(Action::Scroll {
        x: 10,
        y: 30,
        delta: 1,
    });
    assert_eq!(app.col, 1);
    assert_eq!(app.row, 6);
    let _ = app.update(Action::Click { x: 10, y: 30 });
    assert_eq!(app.focus, Focus::Columns);
}

#[test]
fn rows_appear_while_loading_and_esc_keeps_them() {
    let (mut app, job, input) = start(sample("penguins.csv"), (100, 30));
    assert!(app.is_loading());
    // The first chunk arrives: the table has rows while the load goes on.
    report_first_chunk(&mut app, job, &input, 100, 1.0);
    assert_eq!(app.frame.height(), 100);
    assert!(app.is_loading());
    press(&mut app, "G");
    assert_eq!(app.row, 99);

    // Esc stops the load at once, keeps the rows, and computes statistics for them.
    let effects = app.update(Action::Key(lathe::app::keymap::parse_key("Esc").unwrap()));
    assert!(matches!(
        app.load,
        LoadState::Done {
            complete: false,
            ..
        }
    ));
    assert!(matches!(effects[0], Effect::Cancel(j) if j == job));
    assert!(matches!(effects[1], Effect::Start(_, Job::Stats { .. })));
    assert!(app.message.as_ref().unwrap().text.contains("100 rows"));

    // A late report from the cancelled job is ignored.
    let _ = app.update(Action::Job(JobEvent::LoadDone {
        job,
        result: Err("late".into()),
        elapsed: Duration::from_secs(1),
    }));
    assert!(matches!(
        app.load,
        LoadState::Done {
            complete: false,
            ..
        }
    ));
    assert_eq!(app.frame.height(), 100);
}

#[test]
fn statistics_fill_in_when_their_job_reports() {
    let (mut app, job, input) = start(sample("penguins.csv"), (100, 30));
    let effects = finish_load(&mut app, job, &input);
    assert!(matches!(app.stats, Stats::Computing(_)));
    let Effect::Start(stats_job, Job::Stats { frame }) = &effects[0] else {
        panic!()
    };
    assert_eq!(frame.height(), 344);
    // A stale stats report (wrong id) changes nothing.
    let _ = app.update(Action::Job(JobEvent::StatsDone {
        job: lathe::jobs::JobId(999),
        stats: vec![],
        warnings: vec![],
    }));
    assert!(matches!(app.stats, Stats::Computing(_)));
    run_effects(
        &mut app,
        vec![Effect::Start(
            *stats_job,
            Job::Stats {
                frame: frame.clone(),
            },
        )],
    );
    let Stats::Ready(stats) = &app.stats else {
        panic!()
    };
    assert_eq!(stats.len(), 8);
    assert_eq!(stats[6].nulls, 11);
}

#[test]
fn a_failed_load_shows_the_error() {
    let (mut app, job, _) = start(sample("penguins.csv"), (100, 30));
    fail_load(&mut app, job, "x.csv: line 3: expected 2 fields, found 3");
    assert!(matches!(app.load, LoadState::Failed { .. }));
    let m = app.message.as_ref().unwrap();
    assert_eq!(m.level, lathe::app::Level::Error);
    assert!(m.text.contains("line 3"));
}

#[test]
fn resizing_keeps_the_cursor_on_screen() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "G");
    let _ = app.update(Action::Resize(80, 24));
    let page = 24 / 2;
    assert!(app.row >= app.top && app.row < app.top + page);
    let _ = app.update(Action::Resize(20, 5));
    let _ = app.update(Action::Resize(120, 40));
    press(&mut app, "k");
    assert_eq!(app.row, 342);
}

#[test]
fn a_crashed_statistics_job_is_reported_not_fatal() {
    let (mut app, job, input) = start(sample("penguins.csv"), (100, 30));
    let effects = finish_load(&mut app, job, &input);
    let Effect::Start(stats_job, Job::Stats { .. }) = &effects[0] else {
        panic!()
    };
    let _ = app.update(Action::Job(JobEvent::Failed {
        job: *stats_job,
        error: "internal error (please report it): boom".into(),
    }));
    assert_eq!(app.stats, Stats::Waiting);
    assert!(app.message.as_ref().unwrap().text.contains("boom"));
    press(&mut app, "j");
    assert_eq!(app.row, 1, "the app keeps working");
}

#[test]
fn sorting_and_filtering_are_views_undone_with_u() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "<End>hhS");
    // body_mass_g descending: the heaviest first, missing values last.
    let top = app
        .table_frame()
        .column("body_mass_g")
        .unwrap()
        .get(0)
        .unwrap();
    assert_eq!(top, polars::prelude::AnyValue::Int64(6300));
    let last = app.table_frame().height() - 1;
    assert!(app
        .table_frame()
        .column("body_mass_g")
        .unwrap()
        .get(last)
        .unwrap()
        .is_null());
    assert_eq!(
        app.frame.column("body_mass_g").unwrap().get(0).unwrap(),
        polars::prelude::AnyValue::Int64(3750),
        "the data itself is unchanged"
    );

    press(&mut app, "Fsex == \"female\" and year == 2007<Enter>");
    assert_eq!(app.overlay, None);
    assert_eq!(app.table_frame().height(), 51);
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("51 of 344 rows match"));
    let spec = app.view().unwrap();
    assert_eq!(spec.filters.len(), 1);
    assert!(spec.sort.is_some(), "the filter keeps the sort");
    assert_eq!(app.shape(), (51, 8));

    press(&mut app, "u");
    assert_eq!(app.table_frame().height(), 344);
    assert!(app.view().unwrap().filters.is_empty());
    press(&mut app, "u");
    assert!(app.view().is_none());
    press(&mut app, "u");
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Nothing to undo"));
}

#[test]
fn a_bad_filter_is_shown_at_the_prompt_and_runs_nothing() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "Fbody_mass_g <lt> 3000 and<Enter>");
    assert_eq!(app.overlay, Some(Overlay::Prompt));
    let e = app.prompt.error.clone().unwrap();
    assert_eq!(
        e.position, 22,
        "the end of the text, where a value is missing"
    );
    assert!(app.view_job.is_none());
    // Fix it: delete " and", apply.
    press(
        &mut app,
        "<Backspace><Backspace><Backspace><Backspace><Enter>",
    );
    assert_eq!(app.overlay, None);
    let expected = app
        .frame
        .column("body_mass_g")
        .unwrap()
        .i64()
        .unwrap()
        .iter()
        .flatten()
        .filter(|&m| m < 3000)
        .count();
    assert_eq!(app.table_frame().height(), expected);
    press(&mut app, "F<Esc>");
    assert_eq!(app.overlay, None);
}

#[test]
fn slash_searches_cells_and_n_moves_between_matches() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "n");
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("No search yet"));
    // "Chinstrap" first appears in the species column; count its rows from the file.
    let text = std::fs::read_to_string("sample_data/penguins.csv").unwrap();
    let rows: Vec<usize> = text
        .lines()
        .skip(1)
        .enumerate()
        .filter(|(_, l)| l.to_lowercase().contains("chinstrap"))
        .map(|(i, _)| i)
        .collect();
    press(&mut app, "/CHINSTRAP<Enter>");
    assert_eq!((app.row, app.col), (rows[0], 0), "case is ignored");
    press(&mut app, "n");
    assert_eq!(app.row, rows[1]);
    press(&mut app, "NN");
    assert_eq!(
        app.row,
        *rows.last().unwrap(),
        "backwards from the first wraps to the last"
    );
    press(&mut app, "/no such text<Enter>");
    assert_eq!(
        app.message.as_ref().unwrap().level,
        lathe::app::Level::Error
    );
}

#[test]
fn jump_to_a_column_by_name_with_completion() {
    let mut app = loaded("penguins.csv", (120, 40));
    press(&mut app, "Jbi<Tab>");
    assert_eq!(
        app.prompt.text, "bill_",
        "the common prefix of bill_length_mm and bill_depth_mm"
    );
    assert!(common::prompt_error(&app).contains("bill_depth_mm"));
    press(&mut app, "d<Tab>");
    assert_eq!(app.prompt.text, "bill_depth_mm");
    press(&mut app, "<Enter>");
    assert_eq!((app.col, app.overlay), (3, None));
    press(&mut app, "JYEAR<Enter>");
    assert_eq!(app.col, 7, "any case");
    press(&mut app, "Jzzz<Enter>");
    assert!(common::prompt_error(&app).contains("no column starts with"));
}

#[test]
fn a_view_taken_while_loading_follows_the_new_rows() {
    let (mut app, job, input) = start(sample("penguins.csv"), (120, 40));
    report_first_chunk(&mut app, job, &input, 100, 0.3);
    // The first 100 rows are all Adelie; the species column is sized for that.
    assert_eq!(app.col_widths[0], "species".len());
    press(&mut app, "S");
    assert_eq!(app.table_frame().height(), 100);
    let effects = finish_load(&mut app, job, &input);
    run_effects(&mut app, effects);
    assert_eq!(
        app.table_frame().height(),
        344,
        "the sort is applied again to all rows"
    );
    assert!(app.view().is_some());
    assert_eq!(
        app.col_widths[0],
        "Chinstrap".len(),
        "widths follow the new rows"
    );
}

#[test]
fn y_copies_the_cell_and_shift_y_the_row_as_csv() {
    let mut app = loaded("penguins.csv", (120, 40));
    let key = |k: &str| lathe::app::keymap::parse_keys(k).remove(0);
    let effects = app.update(Action::Key(key("y")));
    assert!(
        matches!(&effects[..], [Effect::Copy(t)] if t == "Adelie"),
        "{effects:?}"
    );
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("Copied the cell (6 characters) to the clipboard"));
    // Row 4 of the penguins has missing measurements: empty fields, in column order.
    press(&mut app, "jjj");
    let effects = app.update(Action::Key(key("Y")));
    assert!(
        matches!(&effects[..], [Effect::Copy(t)] if t == "Adelie,Torgersen,,,,,,2007"),
        "{effects:?}"
    );
    // A missing cell is not copied, and says so.
    press(&mut app, "l l");
    let effects = app.update(Action::Key(key("y")));
    assert!(effects.is_empty());
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("nothing copied"));
}
