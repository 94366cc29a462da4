//! What the app does when a job reports: a load's progress and end, statistics, a view, a
//! search, a pane, a preview, a re-run, a write, a training run (each ignored when the app no
//! longer waits for that job).

use polars::prelude::*;

use super::table::column_widths;
use super::{take_answered, App, Effect, InspectState, LoadState, Pending, Stats};
use crate::core::data::cells::group_thousands;
use crate::jobs::{Job, JobEvent};

impl App {
    #[must_use]
    pub(super) fn job_event(&mut self, ev: JobEvent) -> Vec<Effect> {
        match ev {
            JobEvent::LoadProgress {
                job,
                info,
                frame,
                progress,
            } => {
                if let LoadState::Loading {
                    job: current,
                    started,
                    ..
                } = self.load
                {
                    if current.answers(job) {
                        self.info = Some(*info);
                        self.load = LoadState::Loading {
                            job: current,
                            started,
                            progress: Some(progress),
                        };
                        return self.set_frame(frame);
                    }
                }
                Vec::new()
            }
            JobEvent::LoadDone {
                job,
                result,
                elapsed,
            } => {
                if !matches!(&self.load, LoadState::Loading { job: current, .. } if current.answers(job))
                {
                    return Vec::new();
                }
                match result {
                    Ok(loaded) => {
                        let loaded = *loaded;
                        self.info = Some(loaded.info);
                        let mut effects = self.set_frame(loaded.frame);
                        self.load = LoadState::Done {
                            elapsed,
                            complete: loaded.complete,
                        };
                        effects.extend(self.start_stats());
                        effects.extend(self.continue_restore());
                        effects
                    }
                    Err(error) => {
                        self.error_message(error.clone());
                        self.load = LoadState::Failed { error };
                        if self.frame.width() > 0 {
                            self.start_stats()
                        } else {
                            Vec::new()
                        }
                    }
                }
            }
            JobEvent::ViewDone { job, result } => {
                let Some(spec) = take_answered(&mut self.view_job, job) else {
                    return Vec::new();
                };
                match result {
                    Ok(frame) => {
                        if !spec.filters.is_empty() {
                            self.info_message(format!(
                                "{} of {} rows match.",
                                group_thousands(frame.height()),
                                group_thousands(self.frame.height())
                            ));
                        }
                        self.views.push((spec, frame));
                        // A SQL view may have fewer columns than the data.
                        self.col = self.col.min(self.table_frame().width().saturating_sub(1));
                        self.rows_changed();
                        self.row = 0;
                        self.top = 0;
                        self.scroll_into_view();
                    }
                    Err(error) => self.error_message(error.to_string()),
                }
                Vec::new()
            }
            JobEvent::SearchDone { job, found } => {
                if take_answered(&mut self.search_job, job).is_none() {
                    return Vec::new();
                }
                let needle = self.search.clone().unwrap_or_default();
                match found {
                    Some((row, col)) => {
                        self.row = row;
                        self.col = col;
                        self.scroll_into_view();
                        self.info_message(format!(
                            "{needle:?} at row {}; n next, N previous.",
                            group_thousands(row + 1)
                        ));
                    }
                    None => self.error_message(format!("No cell contains {needle:?}.")),
                }
                Vec::new()
            }
            JobEvent::Failed { job, error } => {
                // Whichever job it was, it answers no more.
                take_answered(&mut self.view_job, job);
                take_answered(&mut self.search_job, job);
                if matches!(&self.stats, Stats::Computing(p) if p.answers(job)) {
                    self.stats = Stats::Waiting;
                }
                if matches!(&self.inspected, Some((_, InspectState::Computing(p))) if p.answers(job))
                {
                    self.inspect_done(job, Err(error.clone()));
                }
                let effects = self.preview_done(job, Err(error.clone()));
                self.error_message(error);
                effects
            }
            JobEvent::StatsDone {
                job,
                stats,
                warnings,
            } => {
                if matches!(&self.stats, Stats::Computing(p) if p.answers(job)) {
                    self.stats = Stats::Ready(stats);
                    self.frame_warnings = warnings;
                    self.place_warning_cursor();
                }
                Vec::new()
            }
            JobEvent::InspectDone { job, result } => {
                self.inspect_done(job, result.map_err(|e| e.to_string()));
                Vec::new()
            }
            JobEvent::PreviewDone { job, result } => {
                self.preview_done(job, result.map_err(|e| e.to_string()))
            }
            JobEvent::RerunDone { job, result } => self.rerun_done(job, result),
            JobEvent::RestoreDone { job, result } => self.restore_done(job, result),
            JobEvent::WriteDone { job, result } => self.write_done(job, result),
            JobEvent::TrainProgress { job, progress } => {
                self.train_progress(job, progress);
                Vec::new()
            }
            JobEvent::TrainDone { job, result } => self.train_done(job, result),
        }
    }

    #[must_use]
    pub(super) fn start_stats(&mut self) -> Vec<Effect> {
        let job = self.new_job();
        self.stats = Stats::Computing(Pending::job(job));
        vec![Effect::Start(
            job,
            Job::Stats {
                frame: self.frame.clone(),
            },
        )]
    }

    /// New data arrived (a load chunk): views of the old data no longer hold, so the newest
    /// one is computed again on the new rows.
    #[must_use]
    pub(super) fn set_frame(&mut self, frame: DataFrame) -> Vec<Effect> {
        let spec = self.views.pop().map(|(s, _)| s);
        self.views.clear();
        // The rows first (column widths compare old and new), then the view of the new rows.
        self.set_rows(frame);
        spec.map_or_else(Vec::new, |spec| self.start_view(spec))
    }

    pub(super) fn set_rows(&mut self, frame: DataFrame) {
        let schema_changed = frame.schema() != self.frame.schema();
        let grew = frame.height() != self.frame.height();
        self.frame = frame;
        self.rows_changed();
        if schema_changed || grew || self.col_widths.is_empty() {
            self.col_widths = column_widths(&self.frame);
        }
        self.scroll_into_view();
    }
}
