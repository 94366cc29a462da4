//! Training and evaluation, the same for the app and `lathe train`: choose the columns, check
//! for missing values, split (hold-out or k-fold, stratified for classes, seeded), and for each
//! split fit the encoding and the model on the training rows only, then score the test rows.
//! The task's baseline is scored on the same splits. Clustering is fitted on every row.
//! The run's shared start is here; `cluster` and `supervised` are its two kinds, `report` what
//! a run answers.

use crate::core::model::ModelError;
use std::collections::BTreeMap;
use std::time::Instant;

use super::features::{check_missing, Setup, Table, Task};
use super::models::{info, Stop};

mod cluster;
mod report;
mod supervised;

pub use report::{
    CrossValidation, Evaluation, OutOfFold, Report, Scores, TrainSpec, OUTLIERS, SILHOUETTE_ROWS,
};

/// Where a training run is, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrainProgress {
    /// The split being fitted (0-based) and how many there are.
    pub fold: usize,
    pub folds: usize,
}

/// Train and evaluate as `spec` says.
pub fn train(frame: &polars::prelude::DataFrame, spec: &TrainSpec) -> Result<Report, ModelError> {
    train_with(frame, spec, &mut |_| true, &super::models::never)
}

/// Train on every row of `frame` and test on every row of `test`: the test file's columns are
/// the training file's (the same names, read as the same types).
pub fn train_with_test(
    frame: &polars::prelude::DataFrame,
    test: &polars::prelude::DataFrame,
    spec: &TrainSpec,
    progress: &mut dyn FnMut(TrainProgress) -> bool,
    stop: Stop,
) -> Result<Report, ModelError> {
    use polars::prelude::*;
    let s = spec.setup_on(frame)?;
    let columns: Vec<String> = s.target.iter().chain(&s.features).cloned().collect();
    let missing: Vec<&String> = columns.iter().filter(|c| test.column(c).is_err()).collect();
    if !missing.is_empty() {
        return Err(ModelError::Data(format!(
            "the test file lacks {}",
            missing
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let mut test_cols = Vec::new();
    for c in &columns {
        let want = frame.column(c)?.dtype().clone();
        let col = test.column(c)?.cast(&want).map_err(|e| {
            ModelError::Data(format!(
                "the test file's `{c}` cannot be read as {want}: {e}"
            ))
        })?;
        test_cols.push(col);
    }
    let train_part = frame.select(columns.iter().map(|c| c.as_str()))?;
    let test_part = DataFrame::new(test.height(), test_cols)?;
    let combined = train_part.vstack(&test_part)?;
    let mut fixed = spec.clone();
    fixed.features = Some(s.features.clone());
    fixed.task = Some(s.task);
    run(&combined, &fixed, Some(frame.height()), progress, stop)
}

/// Train, reporting before each split; `progress` returning false cancels the run between
/// splits, and `stop` saying true cancels it inside a fit (per tree node, per iteration).
pub fn train_with(
    frame: &polars::prelude::DataFrame,
    spec: &TrainSpec,
    progress: &mut dyn FnMut(TrainProgress) -> bool,
    stop: Stop,
) -> Result<Report, ModelError> {
    if spec.evaluation == Evaluation::TestFile {
        return Err(ModelError::Spec(
            "a test file is evaluated with train_with_test".into(),
        ));
    }
    run(frame, spec, None, progress, stop)
}

/// Refuse a fit that would not fit in the memory available (see `memory`), before any of
/// its work starts.
fn check_memory(
    model: &str,
    params: &BTreeMap<String, f64>,
    table: &Table,
    classes: usize,
) -> Result<(), ModelError> {
    let (width, widest) = table.encoded_width();
    let shape = super::fit_memory::Shape {
        rows: table.rows,
        width,
        classes,
    };
    super::fit_memory::check_fit(
        model,
        params,
        shape,
        widest,
        crate::core::num::memory::available(),
    )
}

/// The run itself; with `train_rows`, the first rows train and the rest test.
fn run(
    frame: &polars::prelude::DataFrame,
    spec: &TrainSpec,
    train_rows: Option<usize>,
    progress: &mut dyn FnMut(TrainProgress) -> bool,
    stop: Stop,
) -> Result<Report, ModelError> {
    if frame.height() == 0 {
        return Err(ModelError::Data(
            "the data has no rows: training needs rows (a file with only a header, \
                    or a filter that kept none)"
                .into(),
        ));
    }
    let s = spec.setup_on(frame)?;
    let params = spec.model.validate(s.task)?;
    check_missing(frame, &s, spec.impute)?;
    let n = frame.height();
    if n < 2 {
        return Err(ModelError::Data("training needs at least two rows".into()));
    }
    let table = Table::new(frame, &s.features)?;
    let standardise = info(&spec.model.name).is_some_and(|m| m.standardise);
    let started = Instant::now();

    let run = Run {
        frame,
        spec,
        setup: s,
        params,
        table,
        standardise,
        started,
        n,
        stop,
    };
    if run.setup.task == Task::Clustering {
        cluster::cluster(run)
    } else {
        supervised::supervised(run, train_rows, progress)
    }
}

/// What both kinds of run start from, checked once by [`run`].
struct Run<'a> {
    frame: &'a polars::prelude::DataFrame,
    spec: &'a TrainSpec,
    setup: Setup,
    params: BTreeMap<String, f64>,
    table: Table,
    /// Whether the model wants standardised features.
    standardise: bool,
    started: Instant,
    /// Rows of the frame.
    n: usize,
    stop: Stop<'a>,
}
