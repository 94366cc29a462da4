//! `Effect`: the work `update` asks the event loop to start (jobs, cancels, quitting).

use polars::prelude::DataFrame;

use crate::core::data::source::{Input, LoadOptions};
use crate::core::data::view::ViewSpec;
use crate::core::stats::inspect::Request;
use crate::jobs::JobId;

/// Work for the event loop.
#[derive(Debug, Clone)]
pub enum Effect {
    Load {
        job: JobId,
        input: Input,
        opts: LoadOptions,
    },
    Stats {
        job: JobId,
        frame: DataFrame,
    },
    /// Apply a view (filters, sort) to the loaded frame.
    View {
        job: JobId,
        frame: DataFrame,
        spec: ViewSpec,
    },
    /// Find the next cell containing `needle` in the table's rows.
    Search {
        job: JobId,
        frame: DataFrame,
        needle: String,
        from: usize,
        forward: bool,
    },
    /// Compute what an inspection pane shows, from the table's rows.
    Inspect {
        job: JobId,
        frame: DataFrame,
        request: Request,
    },
    /// Re-run recipe steps (each with whether it is on) after an edit of an earlier one.
    Rerun {
        job: JobId,
        frame: DataFrame,
        steps: Vec<(crate::core::clean::step::Step, bool)>,
    },
    /// Apply a cleaning step (or the same step on several columns, in turn) to the data, to
    /// preview what it changes.
    Preview {
        job: JobId,
        frame: DataFrame,
        steps: Vec<crate::core::clean::step::Step>,
    },
    /// Write data or a recipe to `path` (atomically; never over `source`; over an existing
    /// file only with `overwrite`).
    Write {
        job: JobId,
        path: std::path::PathBuf,
        output: crate::output::write::Output,
        overwrite: bool,
        source: Option<std::path::PathBuf>,
    },
    /// Train and evaluate a model on the data.
    Train {
        job: JobId,
        frame: DataFrame,
        spec: crate::core::model::train::TrainSpec,
    },
    Cancel(JobId),
    Quit,
}
