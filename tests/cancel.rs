//! Cancelling training stops the fit itself, not only the run between splits: every iterative
//! model asks the stop flag inside its fit (per tree node, per iteration, per pass), and Esc in
//! the app reaches that flag through the training job.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use lathe::core::model::features::Task;
use lathe::core::model::models::ModelSpec;
use lathe::core::model::train::{train_with, Evaluation, TrainSpec, CANCELLED};
use lathe::event::Event;
use lathe::jobs::{JobEvent, JobId, Jobs};
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
        assert_eq!(result.err().as_deref(), Some(CANCELLED), "{model}");
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

#[test]
fn a_forest_stopped_part_way_keeps_no_trees_it_did_not_grow() {
    // Asked before each tree and at every node: a flag already set grows nothing.
    let x = ndarray::Array2::from_shape_fn((200, 3), |(i, j)| ((i * 7 + j * 3) % 11) as f64);
    let y: Vec<usize> = (0..200).map(|i| i % 2).collect();
    let options = lathe::core::model::forest::Options {
        n_trees: 100,
        max_depth: 8,
        min_split: 2,
        seed: 42,
    };
    let f = lathe::core::model::forest::Forest::fit(&x, &y, 2, options, &|| true);
    assert!(f.validate(3, 2).is_err(), "a stopped forest has no trees");
}

#[test]
fn a_forest_stopped_while_its_data_is_laid_out_grows_nothing() {
    // Laying out a wide one-hot matrix of a million rows takes seconds: the stop flag is asked
    // per block of rows there too. Here it is set after the first question.
    let x = ndarray::Array2::from_shape_fn((5000, 40), |(i, j)| ((i * 7 + j * 3) % 11) as f64);
    let y: Vec<usize> = (0..5000).map(|i| i % 2).collect();
    let options = lathe::core::model::forest::Options {
        n_trees: 10,
        max_depth: 8,
        min_split: 2,
        seed: 42,
    };
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
    jobs.train(job, frame, s);
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
                assert_eq!(result.err().as_deref(), Some(CANCELLED));
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
        jobs.search(JobId(i), frame.clone(), "Adelie".into(), 0, true);
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(Event::Job(JobEvent::SearchDone { job, found })) => {
                assert_eq!(job, JobId(i));
                assert!(found.is_some());
            }
            other => panic!("{other:?}"),
        }
    }
    jobs.stats(JobId(100), frame);
    assert_eq!(jobs.tracked(), 1);
    match rx.recv_timeout(Duration::from_secs(60)) {
        Ok(Event::Job(JobEvent::StatsDone { job, stats, .. })) => {
            assert_eq!(job, JobId(100));
            assert_eq!(stats.len(), 8);
        }
        other => panic!("{other:?}"),
    }
}
