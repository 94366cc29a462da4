//! The only place background threads start (the CSV loader's read-ahead is a scoped thread that
//! ends with its call; the input thread lives in `tui.rs`). Each job gets an id and a cancel
//! flag, runs core functions, and reports by sending `JobEvent`s, tagged with its id, on the
//! app's one event channel. The app ignores reports from jobs it no longer waits for, so the
//! newest request always wins.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::{Duration, Instant};

use polars::prelude::DataFrame;

use crate::core::clean::step::Step;
use crate::core::clean::{preview_steps, Previewed};
use crate::core::data::sink::{check_target, write_frame, write_text};
use crate::core::data::source::{load, Input, LoadOptions, Loaded, Progress, SourceInfo};
use crate::core::data::view::{apply, find, ViewSpec};
use crate::core::stats::inspect::{inspect, Inspection, Request};
use crate::core::stats::profile::{summarize_columns, ColumnSummary};
use crate::core::stats::quality::{dataset_warnings, Warning};
use crate::event::Event;
use crate::output::write::{Output, WriteFailure};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

/// A job's report.
#[derive(Debug, Clone)]
pub enum JobEvent {
    /// Rows read so far (the whole frame up to now, not only the new chunk).
    LoadProgress {
        job: JobId,
        info: SourceInfo,
        frame: DataFrame,
        progress: Progress,
    },
    /// The load ended: the rows (complete or not), or the error's message.
    LoadDone {
        job: JobId,
        result: Result<Loaded, String>,
        elapsed: Duration,
    },
    /// Every column's summary, and the dataset-wide quality warnings.
    StatsDone {
        job: JobId,
        stats: Vec<ColumnSummary>,
        warnings: Vec<Warning>,
    },
    /// A cleaning step applied for its preview, or why it cannot be.
    PreviewDone {
        job: JobId,
        result: Result<Box<Previewed>, String>,
    },
    /// Recipe steps re-run after an edit, with the data after the last.
    RerunDone {
        job: JobId,
        result: Result<Box<(Vec<crate::core::clean::Rerun>, DataFrame)>, String>,
    },
    /// A file written, or why not.
    WriteDone {
        job: JobId,
        result: Result<(), WriteFailure>,
    },
    /// A training run reached a split.
    TrainProgress {
        job: JobId,
        progress: crate::core::model::train::TrainProgress,
    },
    /// A training run's report, or why it failed (or `CANCELLED`).
    TrainDone {
        job: JobId,
        result: Result<Box<crate::core::model::train::Report>, String>,
    },
    /// What an inspection pane asked for, or why it could not be computed.
    InspectDone {
        job: JobId,
        result: Result<Inspection, String>,
    },
    /// A view of the frame (filters, sort), or why it could not be made.
    ViewDone {
        job: JobId,
        result: Result<DataFrame, String>,
    },
    /// Where the search found its text (row, column), if anywhere.
    SearchDone {
        job: JobId,
        found: Option<(usize, usize)>,
    },
    /// A job hit a bug (a panic); the message says where.
    Failed { job: JobId, error: String },
}

/// Name prefix of job threads: the panic hook leaves the terminal alone for them, because the
/// panic is caught and reported as an event instead.
pub const THREAD_PREFIX: &str = "lathe-job-";

/// Run `f`, turning a panic into an error message so one bad job cannot take the app down.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    crate::core::error::catch_panic(f)
        .map_err(|what| format!("internal error (please report it): {what}"))
}

/// Starts jobs and keeps their cancel flags.
pub struct Jobs {
    tx: Sender<Event>,
    cancels: HashMap<JobId, Arc<AtomicBool>>,
}

/// What a running job holds: its cancel flag and the channel it reports on.
struct Reporter {
    tx: Sender<Event>,
    cancel: Arc<AtomicBool>,
}

impl Reporter {
    /// Whether the app asked this job to stop.
    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }

    /// Report; false once nobody listens (the app has quit).
    fn send(&self, ev: JobEvent) -> bool {
        self.tx.send(Event::Job(ev)).is_ok()
    }
}

impl Jobs {
    /// Jobs that report on the event loop's channel.
    pub fn new(tx: Sender<Event>) -> Self {
        Jobs {
            tx,
            cancels: HashMap::new(),
        }
    }

    /// The one place an app job's thread starts: named after its kind and id (see
    /// [`THREAD_PREFIX`]), given its cancel flag and its channel; what `work` returns is its last
    /// report (none when it was cancelled and has nothing to say). Flags of jobs that ended are
    /// dropped here, so the table holds only the jobs still running.
    fn spawn(
        &mut self,
        kind: &str,
        job: JobId,
        work: impl FnOnce(&Reporter) -> Option<JobEvent> + Send + 'static,
    ) {
        // A finished job's thread has dropped its clone of the flag.
        self.cancels.retain(|_, flag| Arc::strong_count(flag) > 1);
        let cancel = Arc::new(AtomicBool::new(false));
        self.cancels.insert(job, cancel.clone());
        let reporter = Reporter {
            tx: self.tx.clone(),
            cancel,
        };
        std::thread::Builder::new()
            .name(format!("{THREAD_PREFIX}{kind}-{}", job.0))
            .spawn(move || {
                let last = work(&reporter);
                // The flag is let go before the last report, so a job the app has heard end
                // is never counted as running.
                let Reporter { tx, cancel } = reporter;
                drop(cancel);
                if let Some(last) = last {
                    let _ = tx.send(Event::Job(last));
                }
            })
            .expect("spawning a thread");
    }

    /// Ask a job to stop at its next checkpoint.
    pub fn cancel(&mut self, job: JobId) {
        if let Some(flag) = self.cancels.remove(&job) {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// Cancel everything (on quit).
    pub fn cancel_all(&mut self) {
        for (_, flag) in self.cancels.drain() {
            flag.store(true, Ordering::Relaxed);
        }
    }

    /// How many jobs may still be running (their flags are kept until the next job starts).
    pub fn tracked(&self) -> usize {
        self.cancels.len()
    }

    /// Read `input` chunk by chunk, reporting each chunk.
    pub fn load(&mut self, job: JobId, input: Input, opts: LoadOptions) {
        self.spawn("load", job, move |r| {
            let start = Instant::now();
            let result = guarded(|| {
                load(&input, &opts, &mut |info, frame, progress| {
                    if r.cancelled() {
                        return false;
                    }
                    r.send(JobEvent::LoadProgress {
                        job,
                        info: info.clone(),
                        frame: frame.clone(),
                        progress,
                    }) && !r.cancelled()
                })
                .map_err(|e| e.to_string())
            });
            Some(JobEvent::LoadDone {
                job,
                result: result.and_then(|r| r),
                elapsed: start.elapsed(),
            })
        });
    }

    /// Filter and sort `frame` as `spec` says. (polars cannot be interrupted mid-sort; a
    /// cancelled view's result is dropped by the app.)
    pub fn view(&mut self, job: JobId, frame: DataFrame, spec: ViewSpec) {
        self.spawn("view", job, move |_| {
            let result = guarded(|| apply(&frame, &spec)).and_then(|r| r);
            Some(JobEvent::ViewDone { job, result })
        });
    }

    /// Find the next cell containing `needle` after (or before) row `from`.
    pub fn search(
        &mut self,
        job: JobId,
        frame: DataFrame,
        needle: String,
        from: usize,
        forward: bool,
    ) {
        self.spawn("search", job, move |_| {
            Some(match guarded(|| find(&frame, &needle, from, forward)) {
                Ok(found) => JobEvent::SearchDone { job, found },
                Err(error) => JobEvent::Failed { job, error },
            })
        });
    }

    /// Compute what an inspection pane shows. (Not interruptible; a cancelled job's answer is
    /// dropped by the app.)
    pub fn inspect(&mut self, job: JobId, frame: DataFrame, request: Request) {
        self.spawn("inspect", job, move |_| {
            let result = guarded(|| inspect(&frame, &request)).and_then(|r| r);
            Some(JobEvent::InspectDone { job, result })
        });
    }

    /// Train and evaluate, reporting each split; cancelling stops the fit under way (the
    /// fits ask the flag per tree node, per iteration or per pass).
    pub fn train(
        &mut self,
        job: JobId,
        frame: DataFrame,
        spec: crate::core::model::train::TrainSpec,
    ) {
        self.spawn("train", job, move |r| {
            let result = guarded(|| {
                crate::core::model::train::train_with(
                    &frame,
                    &spec,
                    &mut |progress| {
                        r.send(JobEvent::TrainProgress { job, progress });
                        !r.cancelled()
                    },
                    &|| r.cancelled(),
                )
                .map(Box::new)
            })
            .and_then(|r| r);
            Some(JobEvent::TrainDone { job, result })
        });
    }

    /// Apply `step` to `frame` and compare the two, for the step's preview.
    pub fn preview(&mut self, job: JobId, frame: DataFrame, steps: Vec<Step>) {
        self.spawn("preview", job, move |_| {
            let result = guarded(|| preview_steps(&frame, &steps).map(Box::new)).and_then(|r| r);
            Some(JobEvent::PreviewDone { job, result })
        });
    }

    /// Re-run recipe steps from `frame` (`core::clean::rerun`).
    pub fn rerun(&mut self, job: JobId, frame: DataFrame, steps: Vec<(Step, bool)>) {
        self.spawn("rerun", job, move |_| {
            let result = guarded(|| Box::new(crate::core::clean::rerun(&frame, &steps)));
            Some(JobEvent::RerunDone { job, result })
        });
    }

    /// Write data or text to `path`: atomically, never over `source`, over an existing file
    /// only with `overwrite`.
    pub fn write(
        &mut self,
        job: JobId,
        path: PathBuf,
        output: Output,
        overwrite: bool,
        source: Option<PathBuf>,
    ) {
        self.spawn("write", job, move |_| {
            let result = guarded(|| write_output(&path, &output, overwrite, source.as_deref()))
                .unwrap_or_else(|e| Err(WriteFailure::Other(e)));
            Some(JobEvent::WriteDone { job, result })
        });
    }

    /// Summarise every column of `frame`, and find the dataset-wide quality warnings; nothing
    /// is reported when it was cancelled.
    pub fn stats(&mut self, job: JobId, frame: DataFrame) {
        self.spawn("stats", job, move |r| {
            let stats = guarded(|| {
                let stats = summarize_columns(&frame, &|_| !r.cancelled())?;
                if r.cancelled() {
                    return None;
                }
                let warnings = dataset_warnings(&frame, &stats);
                Some((stats, warnings))
            });
            match stats {
                Ok(Some((stats, warnings))) => Some(JobEvent::StatsDone {
                    job,
                    stats,
                    warnings,
                }),
                Ok(None) => None,
                Err(error) => Some(JobEvent::Failed { job, error }),
            }
        });
    }
}

/// The write job's work (also run directly by tests).
pub fn write_output(
    path: &std::path::Path,
    output: &Output,
    overwrite: bool,
    source: Option<&std::path::Path>,
) -> Result<(), WriteFailure> {
    if let Output::Report(r) = output {
        // A folder: lathe replaces only the files it wrote there before.
        let doc = crate::output::report::build(&crate::output::report::Session {
            name: &r.name,
            raw: &r.raw,
            cleaned: &r.cleaned,
            steps: &r.steps,
            run: r.run.as_ref().map(|(s, rep)| (s, rep)),
            leaderboard: &r.leaderboard,
        })
        .map_err(WriteFailure::Other)?;
        let mut dir = crate::output::folder::OutDir::open(&path.display().to_string())
            .map_err(|e| WriteFailure::Other(e.to_string()))?;
        let mut done = crate::output::folder::write_report(&mut dir, &doc);
        if let (Ok(()), Some((_, rep))) = (&done, &r.run) {
            done = dir.text(
                "metrics.json",
                &(serde_json::to_string_pretty(rep).expect("a report always serialises") + "\n"),
            );
        }
        return done.map_err(|e| WriteFailure::Other(e.to_string()));
    }
    if !overwrite
        && path.exists()
        && !source.is_some_and(|s| crate::core::data::sink::same_file(s, path))
    {
        return Err(WriteFailure::Exists);
    }
    check_target(path, source, overwrite).map_err(|e| WriteFailure::Other(e.to_string()))?;
    match output {
        Output::Frame(f) => write_frame(f, path),
        Output::Text(t) => write_text(path, t),
        Output::Charts(charts) => {
            for (suffix, chart) in charts {
                let p = match suffix {
                    None => path.to_path_buf(),
                    Some(s) => {
                        let stem = path
                            .file_stem()
                            .map(|x| x.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        let ext = path
                            .extension()
                            .map(|x| x.to_string_lossy().into_owned())
                            .unwrap_or_default();
                        path.with_file_name(format!("{stem}_{s}.{ext}"))
                    }
                };
                check_target(&p, source, overwrite)
                    .map_err(|e| WriteFailure::Other(e.to_string()))?;
                crate::output::charts::write(chart, &p)
                    .map_err(|e| WriteFailure::Other(e.to_string()))?;
            }
            Ok(())
        }
        Output::Report(_) => unreachable!("handled above"),
        Output::Model(m) => {
            let saved = crate::core::session::saved::save_model(
                &m.raw, &m.cleaned, &m.steps, &m.spec, &m.report,
            )
            .map_err(WriteFailure::Other)?;
            write_text(path, &saved.to_json())
        }
    }
    .map_err(|e| WriteFailure::Other(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_job_becomes_an_error_message() {
        let r: Result<(), String> = guarded(|| panic!("boom at row 7"));
        assert_eq!(
            r.unwrap_err(),
            "internal error (please report it): boom at row 7"
        );
        assert_eq!(guarded(|| 41 + 1), Ok(42));
    }
}
