//! Cancelling training stops the fit itself, not only the run between splits: every iterative
//! model asks the stop flag inside its fit (per tree node, per iteration, per pass), and Esc in
//! the app reaches that flag through the training job. Real jobs run through `jobs::run` (what
//! the app's job threads run) report progress, stop when cancelled and say why they failed.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use lathe::core::model::features::Task;
use lathe::core::model::models::ModelSpec;
use lathe::core::model::train::{train_with, Evaluation, TrainSpec};
use lathe::core::model::ModelError;
use lathe::event::Event;
use lathe::jobs::{run, Job, JobEvent, JobId, Jobs};
use polars::prelude::*;

fn spec(model: &str, target: Option<&str>, params: &[(&str, f64)]) -> TrainSpec {
    TrainSpec {
        target: target.map(str::to_string),
        features: None,
        task: target.is_none().then_some(Task::Clustering),
        model: ModelSpec {
            name: model.into(),
            params: params
                .iter()
                .map(|(k, v)| (k.to_string(), *v))
                .collect::<BTreeMap<_, _>>(),
        },
        evaluation: Evaluation::Holdout { train: 0.8 },
        seed: 42,
        impute: Default::default(),
    }
}

fn penguins() -> DataFrame {
    common::frame("penguins.csv")
        .drop_nulls::<String>(None)
        .unwrap()
}

#[test]
fn every_iterative_model_asks_the_flag_inside_its_fit() {
    // The flag turns true at its third question. A run asked only between splits (one here)
    // and once after each fit would not see it before finishing; the fits ask it themselves.
    let data = penguins();
    for (model, target, params) in [
        ("logistic", Some("species"), &[][..]),
        ("decision_tree", Some("species"), &[][..]),
        ("random_forest", Some("species"), &[("n_trees", 50.0)][..]),
        ("linear_svm", Some("species"), &[][..]),
        ("kmeans", None, &[("n_init", 5.0)][..]),
        ("gaussian_mixture", None, &[][..]),
        // lathe's own coordinate descent asks before each coefficient's update.
        ("ridge", Some("body_mass_g"), &[][..]),
        ("lasso", Some("body_mass_g"), &[][..]),
        ("elastic_net", Some("body_mass_g"), &[][..]),
        // lathe's own DBSCAN asks before each neighbourhood query.
        ("dbscan", None, &[][..]),
        // k-NN's fit keeps the rows; its scoring asks before each chunk of test rows.
        ("knn", Some("species"), &[][..]),
        ("knn_regression", Some("body_mass_g"), &[][..]),
    ] {
        let asked = AtomicUsize::new(0);
        let stop = || asked.fetch_add(1, Ordering::Relaxed) >= 2;
        let result = train_with(&data, &spec(model, target, params), &mut |_| true, &stop);
        assert_eq!(result.err(), Some(ModelError::Cancelled), "{model}");
    }
    // And the same runs with a flag that never says stop train as before.
    let r = train_with(
        &data,
        &spec("random_forest", Some("species"), &[("n_trees", 5.0)]),
        &mut |_| true,
        &|| false,
    );
    assert!(r.is_ok(), "{r:?}");
}

/// `rows` x `features` of small whole numbers, and two classes taking turns.
fn two_classes(rows: usize, features: usize) -> (ndarray::Array2<f64>, Vec<usize>) {
    let x =
        ndarray::Array2::from_shape_fn((rows, features), |(i, j)| ((i * 7 + j * 3) % 11) as f64);
    (x, (0..rows).map(|i| i % 2).collect())
}

fn forest_options(n_trees: usize) -> lathe::core::model::forest::Options {
    lathe::core::model::forest::Options {
        n_trees,
        max_depth: 8,
        min_split: 2,
        seed: 42,
    }
}

#[test]
fn a_forest_stopped_part_way_keeps_no_trees_it_did_not_grow() {
    // Asked before each tree and at every node: a flag already set grows nothing.
    let (x, y) = two_classes(200, 3);
    let f = lathe::core::model::forest::Forest::fit(&x, &y, 2, forest_options(100), &|| true);
    assert!(f.validate(3, 2).is_err(), "a stopped forest has no trees");
}

#[test]
fn a_forest_stopped_while_its_data_is_laid_out_grows_nothing() {
    // Laying out a wide one-hot matrix of a million rows takes seconds: the stop flag is asked
    // per block of rows there too. Here it is set after the first question.
    let (x, y) = two_classes(5000, 40);
    let options = forest_options(10);
    let asked = AtomicUsize::new(0);
    let stop = || asked.fetch_add(1, Ordering::Relaxed) >= 1;
    let f = lathe::core::model::forest::Forest::fit(&x, &y, 2, options, &stop);
    assert!(f.validate(40, 2).is_err(), "a stopped forest has no trees");
    // Asked once per block of rows before it stopped, never per tree.
    assert_eq!(asked.load(Ordering::Relaxed), 2);
}

#[test]
fn cancelling_the_training_job_stops_a_fit_that_would_run_for_minutes() {
    // 20,000 rows and 5,000 trees as deep as they grow: minutes of work on two cores. The job
    // is cancelled once it has started; its answer must be the cancellation, and come while
    // the forest would still be growing (the wait is a hang guard, not a speed measurement).
    let n = 20_000;
    let a: Vec<f64> = (0..n).map(|i| ((i * 7919) % 1000) as f64).collect();
    let b: Vec<f64> = (0..n).map(|i| ((i * 104_729) % 997) as f64).collect();
    let y: Vec<&str> = (0..n)
        .map(|i| if (i * 31) % 7 < 3 { "p" } else { "q" })
        .collect();
    let frame = df!("a" => &a, "b" => &b, "y" => &y).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let mut jobs = Jobs::new(tx);
    let job = JobId(1);
    let s = spec(
        "random_forest",
        Some("y"),
        &[("n_trees", 5000.0), ("max_depth", 50.0)],
    );
    jobs.start(job, Job::Train { frame, spec: s });
    // The first split's progress: the fit is under way.
    match rx.recv_timeout(Duration::from_secs(120)) {
        Ok(Event::Job(JobEvent::TrainProgress { .. })) => {}
        other => panic!("{other:?}"),
    }
    std::thread::sleep(Duration::from_millis(200));
    jobs.cancel(job);
    loop {
        match rx.recv_timeout(Duration::from_secs(120)) {
            Ok(Event::Job(JobEvent::TrainProgress { .. })) => continue,
            Ok(Event::Job(JobEvent::TrainDone { result, .. })) => {
                assert_eq!(result.err(), Some(ModelError::Cancelled));
                break;
            }
            other => panic!("the job did not stop: {other:?}"),
        }
    }
}

#[test]
fn finished_jobs_leave_no_cancel_flag_behind() {
    // Every job kind starts at the same place and keeps a flag only while it runs: after a
    // hundred finished jobs, starting one more leaves at most that one tracked.
    let (tx, rx) = std::sync::mpsc::channel();
    let mut jobs = Jobs::new(tx);
    let frame = penguins();
    for i in 0..100 {
        jobs.start(
            JobId(i),
            Job::Search {
                frame: frame.clone(),
                needle: "Adelie".into(),
                from: 0,
                forward: true,
            },
        );
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Event::Job(JobEvent::SearchDone { job, found })) => {
                assert_eq!(job, JobId(i));
                assert!(found.is_some());
            }
            other => panic!("{other:?}"),
        }
    }
    jobs.start(JobId(100), Job::Stats { frame });
    assert_eq!(jobs.tracked(), 1);
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Event::Job(JobEvent::StatsDone { job, stats, .. })) => {
            assert_eq!(job, JobId(100));
            assert_eq!(stats.len(), 8);
        }
        other => panic!("{other:?}"),
    }
}

/// Run `job` on this thread; its reports on the way and its last one.
fn run_job(job: Job, cancel: &AtomicBool) -> (Vec<JobEvent>, Option<JobEvent>) {
    let mut reports = Vec::new();
    let last = run(JobId(7), job, cancel, &mut |ev| {
        reports.push(ev);
        true
    });
    (reports, last)
}

#[test]
fn a_training_job_reports_each_fold_then_its_report() {
    let mut s = spec("logistic", Some("species"), &[]);
    s.evaluation = Evaluation::CrossValidation { folds: 5 };
    let (reports, last) = run_job(
        Job::Train {
            frame: penguins(),
            spec: s,
        },
        &AtomicBool::new(false),
    );
    let folds: Vec<(usize, usize)> = reports
        .iter()
        .map(|r| match r {
            JobEvent::TrainProgress { job, progress } => {
                assert_eq!(*job, JobId(7));
                (progress.fold, progress.folds)
            }
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(folds, vec![(0, 5), (1, 5), (2, 5), (3, 5), (4, 5)]);
    match last {
        Some(JobEvent::TrainDone {
            job,
            result: Ok(report),
        }) => {
            assert_eq!(job, JobId(7));
            assert_eq!(report.cv.as_ref().map(|cv| cv.folds.len()), Some(5));
            assert!(report.metrics["accuracy"] > 0.95);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_load_job_reports_its_rows_and_ends_with_the_frame() {
    let (reports, last) = run_job(
        Job::Load {
            input: common::sample("penguins.csv"),
            opts: Default::default(),
        },
        &AtomicBool::new(false),
    );
    assert!(!reports.is_empty());
    for r in &reports {
        assert!(matches!(r, JobEvent::LoadProgress { .. }), "{r:?}");
    }
    match last {
        Some(JobEvent::LoadDone {
            result: Ok(loaded), ..
        }) => {
            assert_eq!(loaded.frame.height(), 344);
            assert!(loaded.complete);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_job_cancelled_while_it_runs_stops_and_says_so() {
    // The flag is raised from the first progress report, as Esc raises it while the job runs:
    // the run stops before the second fold.
    let cancel = AtomicBool::new(false);
    let mut s = spec("logistic", Some("species"), &[]);
    s.evaluation = Evaluation::CrossValidation { folds: 5 };
    let mut reports = Vec::new();
    let last = run(
        JobId(3),
        Job::Train {
            frame: penguins(),
            spec: s,
        },
        &cancel,
        &mut |ev| {
            reports.push(ev);
            cancel.store(true, Ordering::Relaxed);
            true
        },
    );
    assert_eq!(reports.len(), 1);
    match last {
        Some(JobEvent::TrainDone { result, .. }) => {
            assert_eq!(result.err(), Some(ModelError::Cancelled))
        }
        other => panic!("{other:?}"),
    }
    // A statistics job cancelled before it starts has nothing to say.
    let (reports, last) = run_job(Job::Stats { frame: penguins() }, &AtomicBool::new(true));
    assert!(reports.is_empty());
    assert!(last.is_none(), "{last:?}");
}

#[test]
fn failing_jobs_report_why() {
    let never = AtomicBool::new(false);
    // A training spec naming a column the data lacks.
    let (_, last) = run_job(
        Job::Train {
            frame: penguins(),
            spec: spec("logistic", Some("no_such_column"), &[]),
        },
        &never,
    );
    match last {
        Some(JobEvent::TrainDone {
            result: Err(why), ..
        }) => assert!(
            matches!(&why, ModelError::Data(m) if m.contains("no_such_column")),
            "{why}"
        ),
        other => panic!("{other:?}"),
    }
    // A file that is not there.
    let (_, last) = run_job(
        Job::Load {
            input: common::sample("no_such_file.csv"),
            opts: Default::default(),
        },
        &never,
    );
    match last {
        Some(JobEvent::LoadDone {
            result: Err(why), ..
        }) => assert!(why.contains("no_such_file.csv"), "{why}"),
        other => panic!("{other:?}"),
    }
    // A write into a folder that does not exist.
    let dir = tempfile::tempdir().unwrap();
    let (_, last) = run_job(
        Job::Write {
            path: dir.path().join("missing").join("out.csv"),
            output: lathe::output::write::Output::Frame(penguins()),
            overwrite: false,
            source: None,
        },
        &never,
    );
    match last {
        Some(JobEvent::WriteDone {
            result: Err(lathe::output::write::WriteFailure::Other(why)),
            ..
        }) => assert!(why.contains("missing"), "{why}"),
        other => panic!("{other:?}"),
    }
}
