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
use crate::core::model::train::TrainSpec;
use crate::core::model::ModelError;
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
        info: Box<SourceInfo>,
        frame: DataFrame,
        progress: Progress,
    },
    /// The load ended: the rows (complete or not), or the error's message.
    LoadDone {
        job: JobId,
        result: Result<Box<Loaded>, String>,
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
        result: Result<Box<Previewed>, crate::core::clean::StepError>,
    },
    /// A session recipe's steps replayed: those that applied (each previewed), and why the
    /// next one did not, if one did not.
    RestoreDone {
        job: JobId,
        result: Result<Box<Restored>, String>,
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
    /// A training run's report, or why it failed (or [`ModelError::Cancelled`](crate::core::model::ModelError::Cancelled)).
    TrainDone {
        job: JobId,
        result: Result<Box<crate::core::model::train::Report>, ModelError>,
    },
    /// What an inspection pane asked for, or why it could not be computed.
    InspectDone {
        job: JobId,
        result: Result<Inspection, crate::core::stats::StatsError>,
    },
    /// A view of the frame (filters, sort), or why it could not be made.
    ViewDone {
        job: JobId,
        result: Result<DataFrame, crate::core::data::view::ViewError>,
    },
    /// Where the search found its text (row, column), if anywhere.
    SearchDone {
        job: JobId,
        found: Option<(usize, usize)>,
    },
    /// A job hit a bug (a panic); the message says where.
    Failed { job: JobId, error: String },
}

/// A restore's answer: the steps that applied, each previewed, and why the next one did not.
#[derive(Debug, Clone)]
pub struct Restored {
    pub steps: Vec<Previewed>,
    pub failed: Option<String>,
}

/// Name prefix of job threads: the panic hook leaves the terminal alone for them, because the
/// panic is caught and reported as an event instead.
pub const THREAD_PREFIX: &str = "lathe-job-";

/// Run `f`, turning a panic into an error message so one bad job cannot take the app down.
pub fn guarded<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    crate::core::error::catch_panic(f)
        .map_err(|what| format!("internal error (please report it): {what}"))
}

/// A piece of background work the app asks for, with what it needs (the app's effects carry one
/// to the event loop, which starts it; tests run it with [`run`]).
#[derive(Debug, Clone)]
pub enum Job {
    /// Read `input` chunk by chunk, reporting each chunk.
    Load { input: Input, opts: LoadOptions },
    /// Summarise every column and find the dataset-wide quality warnings; nothing is reported
    /// when it was cancelled.
    Stats { frame: DataFrame },
    /// Filter and sort the frame (polars cannot be interrupted mid-sort; a cancelled view's
    /// result is dropped by the app).
    View {
        frame: DataFrame,
        spec: Box<ViewSpec>,
    },
    /// Find the next cell containing `needle` after (or before) row `from`.
    Search {
        frame: DataFrame,
        needle: String,
        from: usize,
        forward: bool,
    },
    /// Compute what an inspection pane shows (not interruptible; a cancelled job's answer is
    /// dropped by the app).
    Inspect { frame: DataFrame, request: Request },
    /// Re-run recipe steps (each with whether it is on) after an edit of an earlier one.
    Rerun {
        frame: DataFrame,
        steps: Vec<(Step, bool)>,
    },
    /// Apply a cleaning step (or the same step on several columns, in turn) to preview what it
    /// changes.
    Preview { frame: DataFrame, steps: Vec<Step> },
    /// Replay a session recipe's steps one by one, each previewed (`lathe FILE --recipe R`).
    Restore { frame: DataFrame, steps: Vec<Step> },
    /// Write data or text to `path`: atomically, never over `source`, over an existing file
    /// only with `overwrite`.
    Write {
        path: PathBuf,
        output: Output,
        overwrite: bool,
        source: Option<PathBuf>,
    },
    /// Train and evaluate, reporting each split; cancelling stops the fit under way (the fits
    /// ask the flag per tree node, per iteration or per pass).
    Train { frame: DataFrame, spec: TrainSpec },
}

impl Job {
    /// A short name, for the job's thread.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Load { .. } => "load",
            Job::Stats { .. } => "stats",
            Job::View { .. } => "view",
            Job::Search { .. } => "search",
            Job::Inspect { .. } => "inspect",
            Job::Rerun { .. } => "rerun",
            Job::Preview { .. } => "preview",
            Job::Restore { .. } => "restore",
            Job::Write { .. } => "write",
            Job::Train { .. } => "train",
        }
    }
}

/// Do `job` on this thread: `cancel` is the flag it checks at its checkpoints, `report` takes
/// its reports on the way (returning false once nobody listens), and the answer is its last
/// report (none when it was cancelled with nothing to say). A panic inside becomes an error
/// report. The app's job threads run this; tests call it directly.
pub fn run(
    job_id: JobId,
    job: Job,
    cancel: &AtomicBool,
    report: &mut dyn FnMut(JobEvent) -> bool,
) -> Option<JobEvent> {
    let cancelled = || cancel.load(Ordering::Relaxed);
    Some(match job {
        Job::Load { input, opts } => {
            let start = Instant::now();
            let result = guarded(|| {
                load(&input, &opts, &mut |info, frame, progress| {
                    if cancelled() {
                        return false;
                    }
                    report(JobEvent::LoadProgress {
                        job: job_id,
                        info: Box::new(info.clone()),
                        frame: frame.clone(),
                        progress,
                    }) && !cancelled()
                })
                .map(Box::new)
                .map_err(|e| e.to_string())
            });
            JobEvent::LoadDone {
                job: job_id,
                result: result.and_then(|r| r),
                elapsed: start.elapsed(),
            }
        }
        Job::Stats { frame } => {
            let stats = guarded(|| {
                let stats = summarize_columns(&frame, &|_| !cancelled())?;
                if cancelled() {
                    return None;
                }
                let warnings = dataset_warnings(&frame, &stats);
                Some((stats, warnings))
            });
            match stats {
                Ok(Some((stats, warnings))) => JobEvent::StatsDone {
                    job: job_id,
                    stats,
                    warnings,
                },
                Ok(None) => return None,
                Err(error) => JobEvent::Failed { job: job_id, error },
            }
        }
        Job::View { frame, spec } => answer(
            job_id,
            || apply(&frame, &spec),
            |result| JobEvent::ViewDone {
                job: job_id,
                result,
            },
        ),
        Job::Search {
            frame,
            needle,
            from,
            forward,
        } => answer(
            job_id,
            || find(&frame, &needle, from, forward),
            |found| JobEvent::SearchDone { job: job_id, found },
        ),
        Job::Inspect { frame, request } => answer(
            job_id,
            || inspect(&frame, &request),
            |result| JobEvent::InspectDone {
                job: job_id,
                result,
            },
        ),
        Job::Rerun { frame, steps } => JobEvent::RerunDone {
            job: job_id,
            result: guarded(|| Box::new(crate::core::clean::rerun(&frame, &steps))),
        },
        Job::Preview { frame, steps } => answer(
            job_id,
            || preview_steps(&frame, &steps).map(Box::new),
            |result| JobEvent::PreviewDone {
                job: job_id,
                result,
            },
        ),
        Job::Restore { frame, steps } => JobEvent::RestoreDone {
            job: job_id,
            result: guarded(|| {
                let (done, failed) = crate::core::clean::replay_previewed(&frame, &steps);
                let failed = failed.map(|e| match e {
                    crate::core::error::Error::Step { step, op, cause } => {
                        format!("step {step} ({op}) failed: {cause}")
                    }
                    other => other.to_string(),
                });
                Box::new(Restored {
                    steps: done,
                    failed,
                })
            }),
        },
        Job::Write {
            path,
            output,
            overwrite,
            source,
        } => JobEvent::WriteDone {
            job: job_id,
            result: guarded(|| write_output(&path, &output, overwrite, source.as_deref()))
                .unwrap_or_else(|e| Err(WriteFailure::Other(e))),
        },
        Job::Train { frame, spec } => {
            let result = guarded(|| {
                crate::core::model::train::train_with(
                    &frame,
                    &spec,
                    &mut |progress| {
                        report(JobEvent::TrainProgress {
                            job: job_id,
                            progress,
                        });
                        !cancelled()
                    },
                    &cancelled,
                )
                .map(Box::new)
            })
            .unwrap_or_else(|e| Err(ModelError::Fit(e)));
            JobEvent::TrainDone {
                job: job_id,
                result,
            }
        }
    })
}

/// `work`'s answer made an event by `done`, or, when it panicked, [`JobEvent::Failed`].
fn answer<T>(job: JobId, work: impl FnOnce() -> T, done: impl FnOnce(T) -> JobEvent) -> JobEvent {
    match guarded(work) {
        Ok(t) => done(t),
        Err(error) => JobEvent::Failed { job, error },
    }
}

/// Starts jobs and keeps their cancel flags.
pub struct Jobs {
    tx: Sender<Event>,
    cancels: HashMap<JobId, Arc<AtomicBool>>,
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
    /// [`THREAD_PREFIX`]), given its cancel flag, running [`run`] with its reports sent on the
    /// event loop's channel. Flags of jobs that ended are dropped here, so the table holds only
    /// the jobs still running.
    pub fn start(&mut self, id: JobId, job: Job) {
        // A finished job's thread has dropped its clone of the flag.
        self.cancels.retain(|_, flag| Arc::strong_count(flag) > 1);
        let cancel = Arc::new(AtomicBool::new(false));
        self.cancels.insert(id, cancel.clone());
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name(format!("{THREAD_PREFIX}{}-{}", job.kind(), id.0))
            .spawn(move || {
                let last = run(id, job, &cancel, &mut |ev| tx.send(Event::Job(ev)).is_ok());
                // The flag is let go before the last report, so a job the app has heard end
                // is never counted as running.
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
            .map_err(|e| WriteFailure::Other(e.to_string()))?;
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
