//! Training in the TUI through `update`: the setup form's defaults and choices, a run reported
//! in the model pane with the same numbers `lathe train` prints, missing values explained,
//! progress and cancelling, and the run history.

mod common;

use common::*;
use lathe::app::{Action, Effect, Overlay, PaneKind};
use lathe::core::model::train::train;
use lathe::core::model::ModelError;
use lathe::jobs::{Job, JobEvent};

fn clean(size: (u16, u16)) -> lathe::app::App {
    loaded_input(
        lathe::core::data::source::Input::Path("tests/data/penguins_messy_clean.csv".into()),
        size,
    )
}

#[test]
fn a_run_from_the_form_matches_the_core_and_fills_the_history() {
    let mut app = clean((120, 36));
    press(&mut app, "T");
    assert_eq!(app.overlay, Some(Overlay::Train));
    let form = app.train_form.as_ref().unwrap();
    // The cursor's column is the target; a classifier for a text target; 5-fold CV; seed 42.
    assert_eq!(
        form.values,
        ["species", "logistic", "", "cv 5", "42", "auto", ""]
    );
    // ← / → cycle the models of the task (the baseline last).
    press(&mut app, "<Right>");
    assert_eq!(app.train_form.as_ref().unwrap().values[1], "decision_tree");
    press(&mut app, "<Left>");
    let spec = app.train_form.as_ref().unwrap().to_spec(&app).unwrap();
    press(&mut app, "<Enter>");
    assert_eq!(app.runs.len(), 1);
    assert!(app.training.is_none());
    assert_eq!(app.inspector.as_ref().unwrap().kind, PaneKind::Model);
    let direct = train(&app.frame, &spec).unwrap();
    assert_eq!(app.runs[0].report.metrics, direct.metrics);
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("logistic: balanced_accuracy"));
    // A second run with other settings: the form starts from the last run's.
    press(&mut app, "T");
    assert_eq!(app.train_form.as_ref().unwrap().values[1], "logistic");
    press(&mut app, "<Right><Tab><Tab><Right><Right><Enter>");
    assert_eq!(app.runs.len(), 2);
    assert_eq!(app.runs[1].report.model, "decision_tree");
    assert!(app.runs[1].report.cv.is_none(), "split 0.8");
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 1);
    press(&mut app, "k");
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 0);
}

#[test]
fn mistakes_and_missing_values_are_explained() {
    let mut app = loaded("penguins.csv", (120, 36));
    // species has no gaps but the features do: with impute=none they stop training, and the
    // message says both ways on.
    press(&mut app, "T<Tab>impute=none<Enter>");
    let msg = &app.message.as_ref().unwrap().text;
    assert!(
        msg.starts_with("missing values stop training: add a fill_null or drop_nulls step")
            && msg.contains("leave impute=none out")
            && msg.contains("`bill_length_mm` (2)"),
        "{msg}"
    );
    assert!(app.runs.is_empty());
    // By default they are filled inside the model, and the run says so.
    press(&mut app, "T<Tab><Ctrl-u><Enter>");
    assert_eq!(app.runs.len(), 1, "{:?}", app.message);
    let imputed: Vec<(&str, usize)> = app.runs[0]
        .report
        .imputed
        .iter()
        .map(|i| (i.column.as_str(), i.missing))
        .collect();
    assert_eq!(
        imputed,
        [
            ("bill_length_mm", 2),
            ("bill_depth_mm", 2),
            ("flipper_length_mm", 2),
            ("body_mass_g", 2),
            ("sex", 11)
        ]
    );
    let mut app = loaded("penguins.csv", (120, 36));
    press(&mut app, "T<Tab>impute=sometimes<Enter>");
    assert_eq!(
        app.train_form.as_ref().unwrap().error.as_deref(),
        Some("params: impute=sometimes: write impute=median, impute=mean or impute=none")
    );
    let mut app = clean((120, 36));
    press(&mut app, "T<Tab>");
    press(&mut app, "alpha=-1<Enter>");
    assert_eq!(
        app.train_form.as_ref().unwrap().error.as_deref(),
        Some("`alpha` = -1 is out of range for `logistic`")
    );
    press(&mut app, "<Ctrl-u>depth=3<Enter>");
    assert!(app
        .train_form
        .as_ref()
        .unwrap()
        .error
        .as_ref()
        .unwrap()
        .contains("has no parameter `depth`"));
}

#[test]
fn progress_shows_and_esc_cancels() {
    let mut app = clean((120, 36));
    press(&mut app, "T");
    let effects = app.update(Action::Key(lathe::app::keymap::parse_key("Enter").unwrap()));
    let job = match &effects[..] {
        [Effect::Start(job, Job::Train { .. })] => *job,
        other => panic!("{other:?}"),
    };
    let _ = app.update(Action::Job(JobEvent::TrainProgress {
        job,
        progress: lathe::core::model::train::TrainProgress { fold: 2, folds: 5 },
    }));
    let title = screen(&app)[0].clone();
    assert!(title.contains("training logistic fold 3/5"), "{title}");
    let effects = app.update(Action::Key(lathe::app::keymap::parse_key("Esc").unwrap()));
    assert!(matches!(effects[..], [Effect::Cancel(j)] if j == job));
    assert!(app.training.is_none());
    // The job's late answer is ignored.
    let _ = app.update(Action::Job(JobEvent::TrainDone {
        job,
        result: Err(ModelError::Cancelled),
    }));
    assert!(app.runs.is_empty());
    assert!(app.message.as_ref().unwrap().text.contains("cancelled"));
}

/// Drive one key and answer the training jobs it starts by hand: `fail` names the model whose
/// job answers with an error (as the memory check answers; `*` names every model), the others
/// train for real.
fn press_answering(app: &mut lathe::app::App, keys: &str, fail: &str, error: &str) {
    let mut effects = Vec::new();
    for key in lathe::app::keymap::parse_keys(keys) {
        effects.extend(app.update(Action::Key(key)));
    }
    while let Some(Effect::Start(job, Job::Train { frame, spec })) = effects
        .iter()
        .position(|e| matches!(e, Effect::Start(_, Job::Train { .. })))
        .map(|i| effects.remove(i))
    {
        let result = if spec.model.name == fail || fail == "*" {
            Err(ModelError::Data(error.to_string()))
        } else {
            train(&frame, &spec).map(Box::new)
        };
        effects.extend(app.update(Action::Job(JobEvent::TrainDone { job, result })));
    }
}

#[test]
fn a_skips_a_model_that_cannot_train_and_says_why_at_the_end() {
    let mut app = clean((120, 36));
    press(&mut app, "T<Enter>");
    let refusal = "random_forest would need about 31.2 GB of memory for 1,000,000 rows x 40 \
                   encoded features, and 3.1 GB is available: lower max_depth or n_trees";
    press_answering(&mut app, "A", "random_forest", refusal);
    let models: Vec<&str> = app.runs.iter().map(|r| r.report.model.as_str()).collect();
    // Every other model trained, in order (logistic was trained already).
    assert_eq!(
        models,
        [
            "logistic",
            "decision_tree",
            "knn",
            "linear_svm",
            "naive_bayes"
        ]
    );
    assert!(app.training.is_none() && app.train_queue.is_empty());
    let message = app.message.as_ref().unwrap();
    assert_eq!(message.level, lathe::app::Level::Error);
    assert_eq!(
        message.text,
        format!("Trained 4 of 5 runs (logistic trained already); skipped random_forest: {refusal}")
    );
    // The next single run fails as before: said at once, nothing queued.
    press_answering(&mut app, "T<Enter>", "*", "no rows");
    assert_eq!(app.message.as_ref().unwrap().text, "no rows");
    assert_eq!(app.train_queued, 0);
}

#[test]
fn a_trains_every_model_of_the_task_into_a_leaderboard() {
    let mut app = clean((120, 36));
    press(&mut app, "A");
    assert!(app.runs.is_empty());
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Train one model first"));
    press(&mut app, "T<Enter>A");
    let models: Vec<&str> = app.runs.iter().map(|r| r.report.model.as_str()).collect();
    // logistic with these settings is in the history already: not trained twice.
    assert_eq!(
        models,
        [
            "logistic",
            "decision_tree",
            "random_forest",
            "knn",
            "linear_svm",
            "naive_bayes"
        ]
    );
    assert!(app.train_queue.is_empty() && app.training.is_none());
    // Each with the same target, evaluation and seed, and default parameters.
    assert!(app.runs.iter().all(|r| r.spec.seed == 42
        && r.spec.target.as_deref() == Some("species")
        && r.spec.model.params.is_empty()));
    // The best run is starred (the earliest of tied ones): scroll up to it.
    press(&mut app, "kkkkkk");
    let screen = screen(&app).join("\n");
    assert!(screen.contains("★"), "{screen}");
}

#[test]
fn a_grid_of_parameters_and_comparing_two_runs() {
    let mut app = clean((120, 36));
    press(&mut app, "T<Right><Tab>");
    assert_eq!(app.train_form.as_ref().unwrap().values[1], "decision_tree");
    press(&mut app, "max_depth=2|4|8<Enter>");
    assert_eq!(app.runs.len(), 3);
    let depths: Vec<f64> = app
        .runs
        .iter()
        .map(|r| r.spec.model.params["max_depth"])
        .collect();
    assert_eq!(depths, [2.0, 4.0, 8.0]);
    // Too big a grid is refused at the form.
    press(
        &mut app,
        "T<Tab><Ctrl-u>max_depth=1|2|3|4|5|6,min_samples_split=2|3|4|5|6<Enter>",
    );
    assert!(app
        .train_form
        .as_ref()
        .unwrap()
        .error
        .as_ref()
        .unwrap()
        .contains("at most two parameters and 25 runs"));
    press(&mut app, "<Esc>");
    // c marks the selected run; the summary of another shows its column beside, named by
    // its model and parameters. Several can be marked; c again unmarks.
    assert_eq!(app.inspector.as_ref().unwrap().kind, PaneKind::Model);
    press(&mut app, "kkc");
    assert_eq!(app.inspector.as_ref().unwrap().marked, [0]);
    press(&mut app, "jj");
    let text = screen(&app).join("\n");
    assert!(
        text.contains("beside: ¹ run 1: decision_tree max_depth=2"),
        "{text}"
    );
    assert!(text.contains("◆"));
    press(&mut app, "kc");
    assert_eq!(app.inspector.as_ref().unwrap().marked, [0, 1]);
    press(&mut app, "j");
    let text = screen(&app).join("\n");
    assert!(
        text.contains("¹ run 1: decision_tree max_depth=2 · ² run 2: decision_tree"),
        "{text}"
    );
    let header = text
        .lines()
        .find(|l| l.contains("metric"))
        .expect("the metrics' header");
    // Both marked runs keep a column: their names are cut to make room for the second.
    assert!(
        header.contains(" ¹decision_tr…") && header.contains(" ²decision_tr…"),
        "{header}"
    );
    // Each compared column holds its run's score.
    let row = text
        .lines()
        .find(|l| l.contains("balanced_accuracy"))
        .unwrap();
    for r in &app.runs[..2] {
        let v = lathe::core::data::cells::format_stat(r.report.metrics["balanced_accuracy"], 4);
        assert!(row.contains(&v), "{row} lacks {v}");
    }
    press(&mut app, "kkc");
    assert_eq!(
        app.inspector.as_ref().unwrap().marked,
        [1],
        "c again unmarks"
    );
    // With room, a compared column is as wide as its model's name.
    press(&mut app, "jj");
    let text = screen(&app).join("\n");
    let header = text.lines().find(|l| l.contains("metric")).unwrap();
    assert!(header.contains(" ¹decision_tree"), "{header}");
}

#[test]
fn enter_shows_the_rows_a_model_got_wrong() {
    let mut app = clean((120, 36));
    press(&mut app, "T<Enter>");
    let p = app.runs[0].report.predictions.clone();
    let wrong = p
        .truth
        .iter()
        .zip(&p.predicted)
        .filter(|(a, b)| a != b)
        .count();
    assert!(wrong > 0);
    press(&mut app, "<Enter>");
    assert_eq!(app.table_frame().height(), wrong);
    assert!(app.view().unwrap().describe().contains("got wrong"));
    // Each wrong row keeps its number in the data, beside what the model said and how sure.
    let shown = app.table_frame();
    let first = p
        .truth
        .iter()
        .zip(&p.predicted)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| i)
        .min_by_key(|&i| p.rows[i])
        .unwrap();
    // The added columns are as wide as what they hold, and the data's keep their widths.
    let widths: Vec<usize> = app.visible_columns().iter().map(|&(_, w)| w).collect();
    assert_eq!(widths[0], 3, "{widths:?}");
    assert_eq!(widths[3], app.col_widths[0], "{widths:?}");
    let row = shown.column("row").unwrap().u64().unwrap().get(0).unwrap();
    assert_eq!(row as usize, p.rows[first] + 1);
    let classes = app.runs[0].report.classes.clone().unwrap();
    let predicted = shown
        .column("predicted")
        .unwrap()
        .str()
        .unwrap()
        .get(0)
        .unwrap();
    assert_eq!(predicted, classes[p.predicted[first] as usize]);
    let probability = shown
        .column("probability")
        .unwrap()
        .str()
        .unwrap()
        .get(0)
        .unwrap();
    assert_eq!(
        probability,
        format!("{:.2}", p.proba[first][p.predicted[first] as usize])
    );
    assert_eq!(
        shown.get_column_names()[3].as_str(),
        app.frame.get_column_names()[0].as_str()
    );
    // The title names the column under the cursor among the table's (the added ones count), and
    // the last column is scrolled into view whole; the columns pane marks the data's column.
    let last = shown.get_column_names().last().unwrap().to_string();
    press(&mut app, "$");
    let top = screen(&app)[1].clone();
    assert!(top.contains(&format!("column {last} ")), "{top}");
    let (c, w) = *app.visible_columns().last().unwrap();
    assert_eq!((c, w), (app.col, app.col_widths[app.frame.width() - 1]));
    press(&mut app, "0l");
    assert!(screen(&app)[1].contains("column predicted "));
    press(&mut app, "ll");
    assert_eq!(
        app.current_column().unwrap(),
        app.frame.get_column_names()[0].as_str()
    );
    press(&mut app, "u");
    assert_eq!(app.table_frame().height(), 172);
    // Regression: the 20 largest errors, largest first.
    press(&mut app, "T<Shift-Tab><Ctrl-u>");
    press(&mut app, "body_mass_g<Enter>");
    assert_eq!(app.runs[1].report.task, "regression");
    press(&mut app, "<Enter>");
    assert_eq!(app.table_frame().height(), 20);
    // After a cleaning step the run's row numbers no longer hold: refused with the reason.
    press(&mut app, "uC<Enter><Enter><Enter>M");
    press(&mut app, "<Enter>");
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("changed since this run"));
}

#[test]
fn the_form_chooses_features_and_the_task() {
    let mut app = clean((120, 36));
    // No target: clustering, and the model list follows.
    press(&mut app, "T<Shift-Tab><Ctrl-u>");
    assert_eq!(app.train_form.as_ref().unwrap().values[1], "kmeans");
    // Features by name (the last field).
    press(
        &mut app,
        "<Shift-Tab>culmen_length_mm, flipper_length_mm<Enter>",
    );
    let r = &app.runs[0];
    assert_eq!(r.report.task, "clustering");
    assert_eq!(r.report.features, ["culmen_length_mm", "flipper_length_mm"]);
    // The run list says clustering used every row, not the form's folds; and how k-means ended.
    let text = screen(&app).join("\n");
    assert!(
        text.contains("kmeans") && text.contains("all rows"),
        "{text}"
    );
    assert!(!text.contains("5-fold CV"), "{text}");
    assert!(text.contains("converged in"), "{text}");
    // The task can be chosen instead of inferred.
    // Target (field 0), then features (6, cleared), then task (5).
    press(
        &mut app,
        "T<Shift-Tab><Ctrl-u>island<Shift-Tab><Ctrl-u><Shift-Tab><Right><Right>",
    );
    let form = app.train_form.as_ref().unwrap();
    assert_eq!(form.values[5], "classification");
    // The hint lists what "every usable column" leaves out.
    let text = screen(&app).join("\n");
    assert!(text.contains("features"), "{text}");
}

#[test]
fn a_long_features_hint_continues_under_the_values() {
    // Three columns left out, each with its reason: the hint takes more than one line, and its
    // continuation starts under the values, not back under the field names.
    let (_dir, path) = common::csv_file(
        "wide.csv",
        "y,x,customer_reference_id,free_text_notes,another_identifier",
        0..200,
        |i| format!("{},{},c{i},note number {i} about it,k{i}", i % 2, i % 7),
    );
    let mut app = loaded_input(lathe::core::data::source::Input::Path(path), (100, 30));
    press(&mut app, "T");
    let lines = screen(&app);
    let at = lines
        .iter()
        .position(|l| l.contains(" features "))
        .expect("the features field");
    let x = lines[at].find(" features ").unwrap();
    let next = &lines[at + 1];
    assert!(
        next[x..x + 15].trim().is_empty() && !next[x + 15..].trim().is_empty(),
        "{}\n{next}",
        lines[at]
    );
}

#[test]
fn o_sorts_the_runs_best_first_by_each_metric() {
    let mut app = clean((120, 36));
    press(&mut app, "T<Right><Tab>max_depth=1|2|4<Enter>");
    assert_eq!(app.runs.len(), 3);
    // Select the depth-2 run and mark it: both follow their runs through the sort.
    press(&mut app, "kc");
    press(&mut app, "o");
    let key = app.run_sort.clone().unwrap();
    assert_eq!(key, "balanced_accuracy");
    let scores: Vec<f64> = app.runs.iter().map(|r| r.report.metrics[&key]).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    let ins = app.inspector.as_ref().unwrap();
    assert_eq!(app.runs[ins.cursor].spec.model.params["max_depth"], 2.0);
    assert_eq!(ins.marked, [ins.cursor]);
    // The next metric; an error measure sorts lowest first.
    press(&mut app, "o");
    assert_ne!(app.run_sort.as_deref(), Some("balanced_accuracy"));
    assert!(lathe::app::model::lower_is_better("log_loss"));
}

#[test]
fn help_from_the_model_pane_explains_the_metrics() {
    let mut app = clean((120, 40));
    press(&mut app, "T<Enter>?");
    let text = screen(&app).join("\n");
    assert!(text.contains("What this run's numbers mean"), "{text}");
    assert!(text.contains("balanced_accuracy: mean of each class's recall"));
    // Elsewhere help is the key list only.
    press(&mut app, "?<Esc>");
    let mut other = clean((120, 40));
    press(&mut other, "?");
    assert!(!screen(&other).join("\n").contains("numbers mean"));
}

#[test]
fn a_confusion_cell_shows_its_rows() {
    let mut app = clean((120, 36));
    press(&mut app, "T<Right><Enter>");
    assert_eq!(app.runs[0].report.model, "decision_tree");
    let conf = app.runs[0].report.confusion.clone().unwrap();
    // HJKL move the selected cell from (0, 0); L: (true adelie, predicted chinstrap).
    press(&mut app, "L");
    assert_eq!(app.inspector.as_ref().unwrap().cell, (0, 1));
    press(&mut app, "<Enter>");
    assert_eq!(app.table_frame().height(), conf[0][1]);
    assert!(app
        .view()
        .unwrap()
        .describe()
        .contains("predicted as chinstrap penguin"));
    // Reopened, the pane starts from (0, 0) again: J, then H at the edge, gives (1, 0).
    press(&mut app, "uM");
    press(&mut app, "JH<Enter>");
    assert!(app.inspector.is_none());
    assert_eq!(app.table_frame().height(), conf[1][0]);
}

#[test]
fn j_and_k_pick_a_residual_outlier_and_enter_shows_its_row() {
    let mut app = clean((120, 36));
    // body_mass_g (column 7): a regression target; ridge with 5-fold CV.
    press(&mut app, "llllllT<Enter>");
    let report = app.runs[0].report.clone();
    assert_eq!(report.task, "regression");
    let p = &report.predictions;
    // The errors, largest first, computed here.
    let mut errors: Vec<(f64, usize)> = (0..p.rows.len())
        .map(|i| ((p.truth[i] - p.predicted[i]).abs(), p.rows[i]))
        .collect();
    errors.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
    // J picks the largest and shows the chart view; J again the second, K back, J again.
    press(&mut app, "J");
    let ins = app.inspector.as_ref().unwrap();
    assert_eq!((ins.cell, ins.cell_on, ins.view), ((0, 0), true, 1));
    let text = screen(&app).join("\n");
    assert!(text.contains("error #1/20: row"), "{text}");
    press(&mut app, "JKJ");
    assert_eq!(app.inspector.as_ref().unwrap().cell, (1, 0));
    press(&mut app, "<Enter>");
    assert_eq!(app.table_frame().height(), 1);
    let second = errors[1].1;
    let expected = app.frame.slice(second as i64, 1);
    // The row's number, the prediction and the error come first, then the row as it is.
    let shown = app.table_frame();
    let names: Vec<String> = shown.get_column_names()[..3]
        .iter()
        .map(|n| n.to_string())
        .collect();
    assert_eq!(names, ["row", "predicted", "error"]);
    assert_eq!(
        shown.column("row").unwrap().u64().unwrap().get(0),
        Some(second as u64 + 1)
    );
    assert!(shown
        .drop_many(["row", "predicted", "error"])
        .equals_missing(&expected));
    assert!(app
        .view()
        .unwrap()
        .describe()
        .contains(&format!("row {}", second + 1)));
}

#[test]
fn a_click_on_a_run_selects_it() {
    let mut app = clean((120, 36));
    press(&mut app, "T<Enter>T<Right><Enter>");
    assert_eq!(app.runs.len(), 2);
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 1);
    let areas = app.areas().unwrap();
    let rows = lathe::app::layout::model_list_rows(areas.table, 2) as u16;
    let bottom = areas.table.y + areas.table.height - 1;
    // The first line of the list is the first run.
    let _ = app.update(Action::Click {
        x: areas.table.x + 4,
        y: bottom - rows,
    });
    assert_eq!(app.inspector.as_ref().unwrap().cursor, 0);
    let text = screen(&app).join("\n");
    assert!(text.contains("classification logistic"), "{text}");
}

#[test]
fn a_fit_that_hits_its_iteration_cap_says_so_in_the_pane() {
    let mut app = clean((80, 24));
    press(&mut app, "T");
    assert_eq!(app.train_form.as_ref().unwrap().values[1], "logistic");
    press(&mut app, "<Tab>max_iterations=2<Enter>");
    let report = &app.runs[0].report;
    assert_eq!(
        (report.converged, report.iterations),
        (Some(false), Some(2))
    );
    let text = screen(&app).join("\n");
    assert!(
        text.contains("did not converge: stopped at the cap of 2 iterations; raise"),
        "{text}"
    );
    // With room for the iterations it needs, the pane says it converged and in how many.
    press(&mut app, "T<Tab><Ctrl-u><Enter>");
    let report = &app.runs[1].report;
    assert_eq!(report.converged, Some(true));
    let text = screen(&app).join("\n");
    assert!(
        text.contains(&format!(
            "converged in {} iterations",
            report.iterations.unwrap()
        )),
        "{text}"
    );
}

#[test]
fn the_selected_run_survives_closing_the_pane_and_the_wrong_rows_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = clean((120, 36));
    press(&mut app, "T<Enter>A");
    // After the queue, the starred (best) run is selected, not the last one trained.
    let best = app.best_run().unwrap();
    assert_eq!(app.current_run_index(), Some(best));
    let said = &app.message.as_ref().unwrap().text;
    assert!(
        said.starts_with("Trained 5 runs (logistic trained already); the best is run "),
        "{said}"
    );
    // A again: nothing left to train.
    press(&mut app, "A");
    assert_eq!(app.runs.len(), 6);
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Every classification model is trained"));
    // Pick the decision tree (run 2), close the pane, reopen it: still run 2.
    let target = 1;
    let moves = if best > target {
        "k".repeat(best - target)
    } else {
        "j".repeat(target - best)
    };
    press(&mut app, &moves);
    assert_eq!(app.current_run_index(), Some(target));
    press(&mut app, "<Esc>");
    assert!(app.inspector.is_none());
    press(&mut app, "M");
    assert_eq!(app.inspector.as_ref().unwrap().cursor, target);
    // Enter shows the rows it got wrong (the pane closes); u undoes the view; M: still run 2.
    press(&mut app, "<Enter>");
    assert!(app.inspector.is_none(), "{:?}", app.message);
    press(&mut app, "uM");
    assert_eq!(app.inspector.as_ref().unwrap().cursor, target);
    // Saving names the run it saves, with the pane closed as well.
    press(&mut app, "<Esc>");
    let path = dir.path().join("s.recipe.json");
    press(&mut app, "<Ctrl-s><Ctrl-u>");
    press(&mut app, &format!("{}<Enter>", path.display()));
    let text = &app.message.as_ref().unwrap().text;
    assert!(
        text.starts_with("Saved the recipe (0 steps and run 2: decision_tree) to "),
        "{text}"
    );
    let recipe = lathe::core::session::recipe::Recipe::from_json(
        &std::fs::read_to_string(&path).unwrap(),
        "r",
    )
    .unwrap();
    assert_eq!(recipe.model.unwrap().model.name, "decision_tree");
}

/// Ten classes in 300 rows of two features (the digits' shape in small).
fn ten_classes(dir: &tempfile::TempDir) -> lathe::core::data::source::Input {
    let path = dir.path().join("ten.csv");
    let mut csv = String::from("digit,x,y\n");
    for i in 0..300 {
        let c = i % 10;
        let wobble = ((i * 7919) % 13) as f64 / 13.0;
        csv.push_str(&format!(
            "d{c},{},{}\n",
            c as f64 + wobble,
            (c * c) as f64 - wobble
        ));
    }
    std::fs::write(&path, csv).unwrap();
    lathe::core::data::source::Input::Path(path)
}

#[test]
fn per_class_coefficients_fit_beside_the_metrics() {
    // At 120 columns the classes that fit get a column each, and a row holds no more values
    // than there are class headings (the table was once laid out for half the pane and ran
    // past the side it is drawn in).
    let dir = tempfile::tempdir().unwrap();
    let mut app = loaded_input(ten_classes(&dir), (120, 40));
    press(&mut app, "T<Enter>");
    let lines = screen(&app);
    let (at, title) = lines
        .iter()
        .enumerate()
        .find(|(_, l)| l.contains("coefficients per class"))
        .expect("the per-class coefficients");
    let x0 = title.find("coefficients").unwrap();
    let right = |l: &str| -> Vec<String> {
        l[x0..]
            .trim_end_matches('│')
            .split_whitespace()
            .map(str::to_string)
            .collect()
    };
    let heads = right(&lines[at + 1]);
    let more: usize = title
        .split('(')
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert_eq!(heads.len() + more, 10, "{title}\n{heads:?}");
    for l in &lines[at + 2..at + 4] {
        let cells = right(l);
        assert_eq!(cells.len(), heads.len() + 1, "{l}");
        assert!(cells[1..].iter().all(|c| c.parse::<f64>().is_ok()), "{l}");
    }
}

#[test]
fn a_ten_class_confusion_matrix_can_be_reached_at_80x24() {
    // Ten classes, the digits' shape in small: the metrics fill the pane's width at 80 columns,
    // so the matrix takes their place while a cell is picked.
    let dir = tempfile::tempdir().unwrap();
    let mut app = loaded_input(ten_classes(&dir), (80, 24));
    press(&mut app, "T<Enter>");
    assert_eq!(app.runs.len(), 1);
    assert_eq!(app.runs[0].report.classes.as_ref().unwrap().len(), 10);
    let text = screen(&app).join("\n");
    assert!(text.contains("HJKL: the confusion matrix"), "{text}");
    press(&mut app, "L");
    let lines = screen(&app);
    let text = lines.join("\n");
    assert!(text.contains("true\\pred"), "{text}");
    // Every true class has its row, with its count in the picked cell's column.
    for c in 0..10 {
        assert!(
            lines.iter().any(|l| l.contains(&format!("│d{c} "))),
            "d{c} missing:\n{text}"
        );
    }
    let conf = app.runs[0].report.confusion.clone().unwrap();
    let total: usize = conf.iter().flatten().sum();
    assert_eq!(total, 300);
    // Esc lets go of the cell (the metrics come back); a second Esc closes the pane.
    press(&mut app, "<Esc>");
    assert_eq!(app.inspector.as_ref().unwrap().kind, PaneKind::Model);
    assert!(screen(&app)
        .join("\n")
        .contains("HJKL: the confusion matrix"));
    press(&mut app, "<Esc>");
    assert!(app.inspector.is_none());
}

#[test]
fn training_on_a_filtered_table_says_it_uses_every_row() {
    let mut app = loaded("penguins.csv", (100, 30));
    press(&mut app, "Fsex == \"female\"<Enter>");
    assert!(app.table_frame().height() < app.frame.height());
    press(&mut app, "T");
    let text = screen(&app).join("\n");
    assert!(
        text.contains("Trains on all 344 rows, not the 165 the table shows"),
        "{text}"
    );
    // The form's last line still shows under the note.
    assert!(text.contains("Enter train in the background"), "{text}");
    let key = lathe::app::keymap::parse_keys("<Enter>").remove(0);
    let effects = app.update(Action::Key(key));
    let frame = effects.iter().find_map(|e| match e {
        Effect::Start(_, Job::Train { frame, .. }) => Some(frame.height()),
        _ => None,
    });
    assert_eq!(frame, Some(344));
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .contains("on all 344 rows (not the table's view)"));
    // Without a view, no note.
    run_effects(&mut app, effects);
    press(&mut app, "<Esc>uu");
    press(&mut app, "T");
    assert!(!screen(&app).join("\n").contains("Trains on all"));
}
