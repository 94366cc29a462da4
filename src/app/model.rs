//! Training in the TUI: the training job with progress and Esc to cancel, queues of runs (`A`,
//! grids), and the run history the model pane shows (the form is `train_form`, the rows a run
//! got wrong `model_errors`). The work is `core::model::train`, the same code as
//! `lathe train`, so the app and the command print the same numbers for the same settings.

use std::collections::BTreeMap;
use std::time::Duration;

use super::pending::{take_answered, Pending};
pub use super::train_form::{TrainForm, TRAIN_FIELDS};
use super::{App, Effect, Inspector, PaneKind};
use crate::core::model::features::Task;
use crate::core::model::metrics::headline;
use crate::core::model::models::{ModelSpec, MODELS};
use crate::core::model::train::{Report, TrainProgress, TrainSpec};
use crate::core::model::ModelError;
use crate::jobs::{Job, JobId};

/// One finished run.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub spec: TrainSpec,
    pub report: Report,
    /// The recipe version it was trained at: its row numbers hold while that is current.
    pub recipe_version: u64,
}

impl Run {
    /// Its model and the parameters it was given (`random_forest n_trees=50`), as messages,
    /// the compared columns and the report's leaderboard name it.
    pub fn name(&self) -> String {
        let mut name = self.report.model.clone();
        for (k, v) in &self.spec.model.params {
            name.push_str(&format!(
                " {k}={}",
                crate::core::data::cells::format_stat(*v, 4)
            ));
        }
        name
    }
}

/// A training run under way (the app waits for it as a `Pending<Training>`).
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    pub spec: TrainSpec,
    pub progress: Option<TrainProgress>,
    pub started: Duration,
}

/// The models of a task (baseline last), for the form's choice.
pub fn models_for(task: Task) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = MODELS
        .iter()
        .filter(|m| m.task == task && !m.baseline)
        .map(|m| m.name)
        .collect();
    v.extend(
        MODELS
            .iter()
            .filter(|m| m.task == task && m.baseline)
            .map(|m| m.name),
    );
    v
}

/// Error measures, where lower is better.
pub fn lower_is_better(metric: &str) -> bool {
    matches!(metric, "rmse" | "mae" | "mape" | "log_loss" | "inertia")
}

impl App {
    #[must_use]
    pub(super) fn start_training(&mut self) -> Vec<Effect> {
        let Some(form) = self.train_form.clone() else {
            return Vec::new();
        };
        let mut specs = match form.to_specs(self) {
            Ok(s) => s,
            Err(e) => {
                if let Some(f) = self.train_form.as_mut() {
                    f.error = Some(e);
                }
                return Vec::new();
            }
        };
        self.train_form = None;
        self.overlay = None;
        self.start_queue(specs.len());
        let first = specs.remove(0);
        specs.reverse();
        self.train_queue = specs;
        let effects = self.run_spec(first);
        if !self.train_queue.is_empty() {
            self.info_message(format!(
                "Grid search: {} runs, one after another. Esc stops.",
                self.train_queue.len() + 1
            ));
        }
        effects
    }

    /// When the table shows fewer rows than the data (a filter, or a view of chosen rows), what
    /// training uses instead: every row, as the recipe replays them.
    pub fn view_rows_note(&self) -> Option<String> {
        let (_, shown) = self.views.last()?;
        let (all, seen) = (self.frame.height(), shown.height());
        (seen != all).then(|| {
            format!(
                "Trains on all {} rows, not the {} the table shows: a view is for looking; \
                 to train on those rows, make the filter a step (C, filter).",
                crate::core::data::cells::group_thousands(all),
                crate::core::data::cells::group_thousands(seen)
            )
        })
    }

    /// The best run by the headline score of the selected (else the latest) run's task:
    /// the one the model pane stars. Ties go to the earliest run.
    pub fn best_run(&self) -> Option<usize> {
        let task = self
            .current_run()
            .or(self.runs.last())
            .map(|r| r.report.task)?;
        let key = headline(task);
        self.runs
            .iter()
            .enumerate()
            .filter(|(_, r)| r.report.task == task)
            .filter_map(|(i, r)| r.report.metrics.get(key).map(|v| (i, *v)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|(i, _)| i)
    }

    /// The index of the run the user selected: the model pane's cursor while it is open, else
    /// the selection it kept.
    pub fn current_run_index(&self) -> Option<usize> {
        let open = self
            .inspector
            .as_ref()
            .filter(|i| i.kind == PaneKind::Model)
            .map(|i| i.cursor);
        open.or(self.selected_run).filter(|&i| i < self.runs.len())
    }

    pub fn current_run(&self) -> Option<&Run> {
        self.current_run_index().and_then(|i| self.runs.get(i))
    }

    /// How messages name a run: its number in the history, its model and the parameters
    /// it was given (`run 3: random_forest n_trees=50`).
    pub fn run_label(&self, i: usize) -> String {
        match self.runs.get(i) {
            Some(run) => format!("run {}: {}", i + 1, run.name()),
            None => format!("run {}", i + 1),
        }
    }

    /// `A`: every model of the last run's task, with defaults, on the same target, evaluation
    /// and seed: a leaderboard in the model pane.
    #[must_use]
    pub(super) fn train_all(&mut self) -> Vec<Effect> {
        let Some(last) = self.runs.last().map(|r| (r.spec.clone(), r.report.task)) else {
            self.info_message(
                "Train one model first (T); A then trains every model of its task.".into(),
            );
            return Vec::new();
        };
        let (spec, task) = last;
        let all: Vec<TrainSpec> = models_for(task)
            .into_iter()
            .filter(|m| MODELS.iter().any(|i| i.name == *m && !i.baseline))
            .map(|m| TrainSpec {
                model: ModelSpec {
                    name: m.to_string(),
                    params: BTreeMap::new(),
                },
                ..spec.clone()
            })
            .collect();
        // A model already trained with the same settings on the same steps is not trained
        // again: its run is in the history.
        let (fresh, done): (Vec<TrainSpec>, Vec<TrainSpec>) = all.into_iter().partition(|s| {
            !self
                .runs
                .iter()
                .any(|r| r.spec == *s && r.recipe_version == self.recipe_version)
        });
        if fresh.is_empty() {
            self.info_message(format!(
                "Every {} model is trained with these settings already: see the runs (M).",
                task.name()
            ));
            return Vec::new();
        }
        self.train_queue = fresh;
        self.train_queue.reverse();
        self.start_queue(self.train_queue.len());
        self.train_known = done.into_iter().map(|s| s.model.name).collect();
        match self.train_queue.pop() {
            Some(first) => self.run_spec(first),
            None => Vec::new(),
        }
    }

    /// A queue of `runs` runs starts (a grid search or `A`); one run alone is no queue.
    pub(super) fn start_queue(&mut self, runs: usize) {
        self.train_queued = if runs > 1 { runs } else { 0 };
        self.train_skipped.clear();
        self.train_known.clear();
    }

    #[must_use]
    pub(super) fn run_spec(&mut self, spec: TrainSpec) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(t) = self.training.take() {
            effects.push(Effect::Cancel(t.job));
        }
        let job = self.new_job();
        self.training = Some(Pending::new(
            job,
            Training {
                spec: spec.clone(),
                progress: None,
                started: self.clock,
            },
        ));
        let rows = if self.view_rows_note().is_some() {
            format!(
                " on all {} rows (not the table's view)",
                crate::core::data::cells::group_thousands(self.frame.height())
            )
        } else {
            String::new()
        };
        self.info_message(format!("Training {}{rows}… Esc cancels.", spec.model.name));
        effects.push(Effect::Start(
            job,
            Job::Train {
                frame: self.frame.clone(),
                spec,
            },
        ));
        effects
    }

    pub(super) fn train_progress(&mut self, job: JobId, progress: TrainProgress) {
        if let Some(t) = self.training.as_mut().filter(|t| t.answers(job)) {
            t.progress = Some(progress);
        }
    }

    #[must_use]
    pub(super) fn train_done(
        &mut self,
        job: JobId,
        result: Result<Box<Report>, ModelError>,
    ) -> Vec<Effect> {
        let Some(t) = take_answered(&mut self.training, job) else {
            return Vec::new();
        };
        match result {
            Ok(report) => {
                let key = headline(report.task);
                let score = report.metrics.get(key).copied();
                let base = report.baseline.get(key).copied();
                self.info_message(match (score, base) {
                    (Some(s), Some(b)) => format!(
                        "{}: {key} {} (baseline {}).",
                        report.model,
                        crate::core::data::cells::format_stat(s, 4),
                        crate::core::data::cells::format_stat(b, 4)
                    ),
                    (Some(s), None) => format!(
                        "{}: {key} {}.",
                        report.model,
                        crate::core::data::cells::format_stat(s, 4)
                    ),
                    _ => format!("{} trained.", report.model),
                });
                self.runs.push(Run {
                    spec: t.spec,
                    report: *report,
                    recipe_version: self.recipe_version,
                });
                // The new run is the selected one.
                self.close_pane();
                self.selected_run = Some(self.runs.len() - 1);
                self.open_pane(Inspector::new(PaneKind::Model));
            }
            // In a queue, a run that cannot start is skipped (and said at the end), so
            // one model that would not fit in memory does not stop the others.
            Err(e) if self.train_queued > 0 => {
                self.train_skipped
                    .push(format!("{}: {e}", t.spec.model.name));
            }
            Err(e) => self.error_message(e.to_string()),
        }
        // The next model of "train all".
        match self.train_queue.pop() {
            Some(next) => {
                let effects = self.run_spec(next);
                let left = self.train_queue.len() + 1;
                self.info_message(format!("Training every model: {left} to go. Esc stops."));
                effects
            }
            None => {
                self.end_queue();
                Vec::new()
            }
        }
    }

    /// The queue's last run ended: select its best run (the starred one, not the last one
    /// trained), and say what it skipped, and why.
    pub(super) fn end_queue(&mut self) {
        let total = std::mem::take(&mut self.train_queued);
        let skipped = std::mem::take(&mut self.train_skipped);
        let known = std::mem::take(&mut self.train_known);
        if total == 0 {
            return;
        }
        let best = self.best_run();
        if let Some(best) = best {
            self.selected_run = Some(best);
            if let Some(ins) = self
                .inspector
                .as_mut()
                .filter(|i| i.kind == PaneKind::Model)
            {
                ins.cursor = best;
            }
        }
        let known = if known.is_empty() {
            String::new()
        } else {
            format!(" ({} trained already)", known.join(", "))
        };
        if skipped.is_empty() {
            let best = best.map_or(String::new(), |b| {
                format!("; the best is {} (★, selected)", self.run_label(b))
            });
            self.info_message(format!("Trained {total} runs{known}{best}."));
            return;
        }
        self.error_message(format!(
            "Trained {} of {total} runs{known}; skipped {}",
            total - skipped.len(),
            skipped.join("; ")
        ));
    }

    /// `o` in the model pane: sort the runs by the next metric of the selected run (best
    /// first: highest, or lowest for the error measures), keeping the selection and the mark.
    pub(super) fn sort_runs(&mut self) {
        let Some(ins) = self.inspector.as_ref() else {
            return;
        };
        let (cursor, marked) = (ins.cursor, ins.marked.clone());
        let Some(selected) = self.runs.get(cursor) else {
            return;
        };
        let keys: Vec<String> = selected.report.metrics.keys().cloned().collect();
        if keys.is_empty() {
            return;
        }
        let next = match &self.run_sort {
            Some(k) => keys
                .iter()
                .position(|x| x == k)
                .map_or(0, |i| (i + 1) % keys.len()),
            None => keys
                .iter()
                .position(|x| x == headline(selected.report.task))
                .unwrap_or(0),
        };
        let key = keys[next].clone();
        let lower_better = lower_is_better(&key);
        let mut order: Vec<usize> = (0..self.runs.len()).collect();
        let score = |r: &Run| r.report.metrics.get(&key).copied();
        order.sort_by(|&a, &b| {
            let (x, y) = (score(&self.runs[a]), score(&self.runs[b]));
            match (x, y) {
                (Some(x), Some(y)) if lower_better => x.total_cmp(&y),
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                _ => a.cmp(&b),
            }
        });
        let new_cursor = order.iter().position(|&i| i == cursor);
        let new_marked: Vec<usize> = marked
            .iter()
            .filter_map(|&m| order.iter().position(|&i| i == m))
            .collect();
        let sorted: Vec<Run> = order.iter().map(|&i| self.runs[i].clone()).collect();
        self.runs = sorted;
        if let Some(ins) = self.inspector.as_mut() {
            ins.cursor = new_cursor.unwrap_or(0);
            ins.marked = new_marked;
            ins.top = 0;
        }
        self.info_message(format!(
            "Runs sorted by {key}, best first ({}); o for the next metric.",
            if lower_better { "lowest" } else { "highest" }
        ));
        self.run_sort = Some(key);
    }

    /// Esc while training: stop it (between splits).
    pub(super) fn cancel_training(&mut self) -> Option<Vec<Effect>> {
        let t = self.training.take()?;
        self.train_queue.clear();
        self.train_queued = 0;
        self.train_skipped.clear();
        self.info_message(format!("Training {} cancelled.", t.spec.model.name));
        Some(vec![Effect::Cancel(t.job)])
    }
}
