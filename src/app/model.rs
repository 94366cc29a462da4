//! Training in the TUI: the setup form (`T`), the training job with progress and Esc to cancel,
//! and the run history the model pane shows. The work is `core::model::train`, the same code as
//! `lathe train`, so the app and the command print the same numbers for the same settings.

use std::collections::BTreeMap;
use std::time::Duration;

use crossterm::event::KeyCode;

use super::keymap::Key;
use super::{App, Effect, Inspector, Overlay, PaneKind};
use crate::core::model::features::{infer_task, Impute, Task};
use crate::core::model::metrics::headline;
use crate::core::model::models::{ModelSpec, MODELS};
use crate::core::model::spec::{self, Param, ParamError};
use crate::core::model::train::{Evaluation, Report, TrainProgress, TrainSpec};
use crate::jobs::JobId;

/// Evaluations the form offers.
pub const EVALUATIONS: &[&str] = &["cv 5", "cv 10", "split 0.8", "split 0.7"];

/// The evaluations the form offers, the config's folds and split first.
pub fn evaluations(config: &super::config::Config) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(k) = config.folds {
        out.push(format!("cv {k}"));
    }
    if let (None, Some(s)) = (config.folds, config.split) {
        out.push(format!("split {s}"));
    }
    out.extend(EVALUATIONS.iter().map(|s| s.to_string()));
    if let (Some(_), Some(s)) = (config.folds, config.split) {
        out.insert(1, format!("split {s}"));
    }
    let mut seen = Vec::new();
    out.retain(|e| {
        let fresh = !seen.contains(e);
        seen.push(e.clone());
        fresh
    });
    out
}

/// The setup being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainForm {
    /// target, model, params, evaluation, seed, task, features.
    pub values: [String; 7],
    pub field: usize,
    pub error: Option<String>,
    /// The task the target and task fields give, and the columns left out by default (with
    /// why): worked out when those fields change, not on every key or frame, since both read
    /// whole columns.
    pub task: Task,
    pub excluded: Vec<(String, String)>,
}

pub const TRAIN_FIELDS: [(&str, &str); 7] = [
    ("target", "column to predict; empty: clustering"),
    ("model", "←/→ choose"),
    ("params", "key=value, ...; a=1|2|3 for a grid"),
    ("evaluation", "←/→ choose"),
    ("seed", "same seed, same numbers"),
    ("task", "auto: from the target"),
    ("features", "comma-separated; empty: every usable column"),
];

/// The task field's choices.
pub const TASKS: &[&str] = &["auto", "regression", "classification", "clustering"];

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

/// A training job under way.
#[derive(Debug, Clone, PartialEq)]
pub struct Training {
    pub job: JobId,
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

impl TrainForm {
    /// A form with these values, its task and exclusions worked out.
    fn with_values(
        values: [String; 7],
        frame: &polars::prelude::DataFrame,
        stats: &super::Stats,
    ) -> TrainForm {
        let mut form = TrainForm {
            values,
            field: 1,
            error: None,
            task: Task::Clustering,
            excluded: Vec::new(),
        };
        form.refresh(frame, stats);
        form
    }

    /// Work out the task and the default exclusions again, when the target is empty or names
    /// a column (a name half typed keeps the last answer).
    fn refresh(&mut self, frame: &polars::prelude::DataFrame, stats: &super::Stats) {
        let t = self.values[0].trim();
        if !t.is_empty() && frame.column(t).is_err() {
            return;
        }
        let target = (!t.is_empty()).then_some(t);
        self.task = spec::task(&self.values[5]).unwrap_or_else(|| infer_task(frame, target));
        // The column statistics (of this frame, when ready) already counted distinct values.
        let known: Option<std::collections::HashMap<String, usize>> = match stats {
            super::Stats::Ready(s) => Some(s.iter().map(|c| (c.name.clone(), c.unique)).collect()),
            _ => None,
        };
        self.excluded = crate::core::model::features::setup_known(
            frame,
            target,
            None,
            Some(self.task),
            known.as_ref(),
        )
        .map(|s| s.excluded)
        .unwrap_or_default();
    }

    /// The feature list typed, or `None` for every usable column.
    fn features(&self) -> Option<Vec<String>> {
        let list = spec::feature_list(&self.values[6]);
        (!list.is_empty()).then_some(list)
    }

    /// The spec the form describes (the first of a grid), or what is wrong with it.
    pub fn to_spec(&self, app: &App) -> Result<TrainSpec, String> {
        Ok(self.to_specs(app)?.remove(0))
    }

    /// Every spec the form describes: a parameter written `alpha=0.1|1|10` is a grid, and up
    /// to two such lists combine (at most `MAX_GRID` runs).
    pub fn to_specs(&self, app: &App) -> Result<Vec<TrainSpec>, String> {
        let target = self.values[0].trim();
        let target = (!target.is_empty()).then(|| target.to_string());
        if let Some(t) = &target {
            if app.frame.column(t).is_err() {
                return Err(format!("no column `{t}`"));
            }
        }
        let mut impute = Impute::default();
        let mut typed = Vec::new();
        for pair in self.values[2]
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            match spec::param(pair) {
                Ok(Param::Impute(i)) => impute = i,
                Ok(Param::Values { key, values }) => typed.push((key, values)),
                Err(ParamError::NotKeyValue) => {
                    return Err(format!("params: {pair:?} is not key=value"))
                }
                Err(ParamError::NotNumber) => {
                    return Err(format!("params: {pair:?}: values must be numbers"))
                }
                Err(ParamError::Impute(e)) => return Err(format!("params: {e}")),
            }
        }
        let lists = typed.iter().filter(|(_, v)| v.len() > 1).count();
        let grid = spec::grid(&typed);
        if lists > 2 || grid.len() > MAX_GRID {
            return Err(format!(
                "params: a grid over at most two parameters and {MAX_GRID} runs"
            ));
        }
        let evaluation = match self.values[3].split_once(' ') {
            Some(("cv", k)) => Evaluation::CrossValidation {
                folds: k.parse().map_err(|_| "evaluation: cv K".to_string())?,
            },
            Some(("split", s)) => Evaluation::Holdout {
                train: s
                    .parse()
                    .map_err(|_| "evaluation: split SHARE".to_string())?,
            },
            _ => return Err("evaluation: cv K or split SHARE".into()),
        };
        let seed = self.values[4]
            .trim()
            .parse()
            .map_err(|_| "seed: a whole number".to_string())?;
        let task = self.task;
        grid.into_iter()
            .map(|params| {
                let spec = TrainSpec {
                    target: target.clone(),
                    features: self.features(),
                    task: spec::task(&self.values[5]),
                    model: ModelSpec {
                        name: self.values[1].clone(),
                        params,
                    },
                    evaluation,
                    seed,
                    impute,
                };
                spec.model.validate(task)?;
                Ok(spec)
            })
            .collect()
    }
}

/// Most runs one grid search starts.
pub const MAX_GRID: usize = 25;

impl App {
    /// `T`: the setup form, the target defaulting to the column under the cursor.
    pub(super) fn open_train_form(&mut self) {
        if self.is_loading() {
            self.error_message(
                "Training starts once the data is loaded (Esc stops loading).".into(),
            );
            return;
        }
        if self.frame.width() == 0 {
            return;
        }
        // The last run's settings if there is one, else the cursor's column.
        let form = match self.runs.last() {
            Some(run) => TrainForm::with_values(
                [
                    run.spec.target.clone().unwrap_or_default(),
                    run.spec.model.name.clone(),
                    run.spec
                        .model
                        .params
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    match run.spec.evaluation {
                        Evaluation::CrossValidation { folds } => format!("cv {folds}"),
                        Evaluation::Holdout { train } => format!("split {train}"),
                        Evaluation::TestFile => EVALUATIONS[0].to_string(),
                    },
                    run.spec.seed.to_string(),
                    run.spec.task.map_or("auto", |t| t.name()).to_string(),
                    run.spec.features.clone().unwrap_or_default().join(", "),
                ],
                &self.frame,
                &self.stats,
            ),
            None => {
                let mut form = TrainForm::with_values(
                    [
                        self.current_column().unwrap_or_default(),
                        String::new(),
                        String::new(),
                        evaluations(&self.config)[0].clone(),
                        self.config.seed.unwrap_or(42).to_string(),
                        "auto".into(),
                        String::new(),
                    ],
                    &self.frame,
                    &self.stats,
                );
                form.values[1] = models_for(form.task)[0].to_string();
                form
            }
        };
        self.train_form = Some(form);
        self.overlay = Some(Overlay::Train);
    }

    pub(super) fn train_form_key(&mut self, key: Key) -> Vec<Effect> {
        let Some(form) = self.train_form.as_mut() else {
            self.overlay = None;
            return Vec::new();
        };
        let task = form.task;
        let choice = matches!(form.field, 1 | 3 | 5);
        let cycle = |options: &[&str], v: &mut String, forward: bool| {
            let i = options.iter().position(|o| o == v).unwrap_or(0);
            let n = options.len();
            *v = options[if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }]
            .to_string();
        };
        match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => return self.command(super::Cmd::Quit),
            (KeyCode::Esc, _) => {
                self.train_form = None;
                self.overlay = None;
                return Vec::new();
            }
            (KeyCode::Tab | KeyCode::Down, _) => form.field = (form.field + 1) % 7,
            (KeyCode::BackTab | KeyCode::Up, _) => form.field = (form.field + 6) % 7,
            (KeyCode::Left | KeyCode::Right, _) if choice => {
                let forward = key.code == KeyCode::Right;
                match form.field {
                    1 => {
                        cycle(&models_for(task), &mut form.values[1], forward);
                        // Parameters belong to a model: start afresh.
                        form.values[2].clear();
                    }
                    5 => cycle(TASKS, &mut form.values[5], forward),
                    _ => {
                        let list = evaluations(&self.config);
                        let refs: Vec<&str> = list.iter().map(|s| s.as_str()).collect();
                        cycle(&refs, &mut form.values[3], forward)
                    }
                }
            }
            (KeyCode::Char('u'), true) if !choice => form.values[form.field].clear(),
            (KeyCode::Backspace, _) if !choice => {
                form.values[form.field].pop();
            }
            (KeyCode::Char(c), false) if !choice => form.values[form.field].push(c),
            (KeyCode::Enter, _) => return self.start_training(),
            _ => {}
        }
        form.error = None;
        // A new target or task may mean another task: keep the model one of that task's.
        if form.field == 0 || form.field == 5 {
            form.refresh(&self.frame, &self.stats);
            let models = models_for(form.task);
            if !models.contains(&form.values[1].as_str()) {
                form.values[1] = models[0].to_string();
                form.values[2].clear();
            }
        }
        Vec::new()
    }

    fn start_training(&mut self) -> Vec<Effect> {
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
    fn start_queue(&mut self, runs: usize) {
        self.train_queued = if runs > 1 { runs } else { 0 };
        self.train_skipped.clear();
        self.train_known.clear();
    }

    pub(super) fn run_spec(&mut self, spec: TrainSpec) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some(t) = self.training.take() {
            effects.push(Effect::Cancel(t.job));
        }
        let job = self.new_job();
        self.training = Some(Training {
            job,
            spec: spec.clone(),
            progress: None,
            started: self.clock,
        });
        let rows = if self.view_rows_note().is_some() {
            format!(
                " on all {} rows (not the table's view)",
                crate::core::data::cells::group_thousands(self.frame.height())
            )
        } else {
            String::new()
        };
        self.info_message(format!("Training {}{rows}… Esc cancels.", spec.model.name));
        effects.push(Effect::Train {
            job,
            frame: self.frame.clone(),
            spec,
        });
        effects
    }

    pub(super) fn train_progress(&mut self, job: JobId, progress: TrainProgress) {
        if let Some(t) = self.training.as_mut().filter(|t| t.job == job) {
            t.progress = Some(progress);
        }
    }

    pub(super) fn train_done(
        &mut self,
        job: JobId,
        result: Result<Box<Report>, String>,
    ) -> Vec<Effect> {
        let Some(t) = self.training.take() else {
            return Vec::new();
        };
        if t.job != job {
            self.training = Some(t);
            return Vec::new();
        }
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
            Err(e) => self.error_message(e),
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
    fn end_queue(&mut self) {
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

    /// Enter in the model pane: the rows the selected run got wrong (classification) or the
    /// largest errors (regression) in the table, as a view (u undoes it).
    pub(super) fn show_errors(&mut self) -> Vec<Effect> {
        let Some(run) = self
            .inspector
            .as_ref()
            .and_then(|i| self.runs.get(i.cursor))
            .cloned()
        else {
            return Vec::new();
        };
        if run.recipe_version != self.recipe_version {
            self.error_message(
                "The cleaning steps changed since this run: its row numbers no longer hold; train again."
                    .into(),
            );
            return Vec::new();
        }
        let p = &run.report.predictions;
        let cell = self
            .inspector
            .as_ref()
            .filter(|i| i.cell_on)
            .map(|i| i.cell);
        let (label, mut rows): (String, Vec<usize>) = if let (Some((t, pr)), Some(names)) = (
            cell,
            run.report
                .classes
                .as_ref()
                .filter(|_| run.report.task == Task::Classification),
        ) {
            let chosen: Vec<usize> = p
                .rows
                .iter()
                .zip(p.truth.iter().zip(&p.predicted))
                .filter(|(_, (a, b))| **a as usize == t && **b as usize == pr)
                .map(|(r, _)| *r)
                .collect();
            (
                format!(
                    "{} rows of {} predicted as {}",
                    chosen.len(),
                    names.get(t).map_or("?", |s| s.as_str()),
                    names.get(pr).map_or("?", |s| s.as_str())
                ),
                chosen,
            )
        } else if run.report.task == Task::Classification {
            let wrong: Vec<usize> = p
                .rows
                .iter()
                .zip(p.truth.iter().zip(&p.predicted))
                .filter(|(_, (t, pr))| t != pr)
                .map(|(r, _)| *r)
                .collect();
            (
                format!("{} rows {} got wrong", wrong.len(), run.report.model),
                wrong,
            )
        } else if !p.rows.is_empty() {
            let worst = p.largest_errors(crate::core::model::train::OUTLIERS);
            match cell.and_then(|(i, _)| worst.get(i).copied()) {
                // One residual outlier, picked with J/K.
                Some(i) => (
                    format!(
                        "row {}: actual {}, predicted {} by {}",
                        p.rows[i] + 1,
                        crate::core::data::cells::format_stat(p.truth[i], 5),
                        crate::core::data::cells::format_stat(p.predicted[i], 5),
                        run.report.model
                    ),
                    vec![p.rows[i]],
                ),
                None => (
                    format!("the {} largest errors of {}", worst.len(), run.report.model),
                    worst.iter().map(|&i| p.rows[i]).collect(),
                ),
            }
        } else {
            self.info_message("This run has no test predictions to look at.".into());
            return Vec::new();
        };
        if rows.is_empty() {
            self.info_message(format!("{} got every test row right.", run.report.model));
            return Vec::new();
        }
        if run.report.task == Task::Classification {
            rows.sort_unstable();
        }
        let columns = prediction_columns(&run.report, &rows);
        self.close_pane();
        let spec = crate::core::data::view::ViewSpec {
            rows: Some((label, rows)),
            columns,
            ..Default::default()
        };
        self.start_view(spec)
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

/// The columns put before the rows a run got wrong (or its largest errors): each row's number
/// in the data, what the model predicted for it, and, for a classifier with probabilities, the
/// probability it gave that class (for a regression, the error).
fn prediction_columns(
    report: &Report,
    rows: &[usize],
) -> Vec<(String, crate::core::data::view::Labels)> {
    use crate::core::data::cells::format_stat;
    use crate::core::data::view::Labels;
    let p = &report.predictions;
    let at: std::collections::HashMap<usize, usize> =
        p.rows.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let mut columns = vec![(
        "row".to_string(),
        Labels::Numbers(rows.iter().map(|&r| r as u64 + 1).collect()),
    )];
    let of = |r: &usize| at.get(r).copied();
    match report
        .classes
        .as_ref()
        .filter(|_| report.task == Task::Classification)
    {
        Some(names) => {
            let class = |i: usize| {
                names
                    .get(p.predicted[i] as usize)
                    .cloned()
                    .unwrap_or_default()
            };
            columns.push((
                "predicted".into(),
                Labels::Text(
                    rows.iter()
                        .map(|r| of(r).map(class).unwrap_or_default())
                        .collect(),
                ),
            ));
            if !p.proba.is_empty() {
                let prob = |i: usize| {
                    p.proba
                        .get(i)
                        .and_then(|pr| pr.get(p.predicted[i] as usize))
                        .map_or(String::new(), |x| format!("{x:.2}"))
                };
                columns.push((
                    "probability".into(),
                    Labels::Text(
                        rows.iter()
                            .map(|r| of(r).map(prob).unwrap_or_default())
                            .collect(),
                    ),
                ));
            }
        }
        None => {
            let value = |i: usize| format_stat(p.predicted[i], 5);
            let error = |i: usize| format_stat(p.predicted[i] - p.truth[i], 5);
            columns.push((
                "predicted".into(),
                Labels::Text(
                    rows.iter()
                        .map(|r| of(r).map(value).unwrap_or_default())
                        .collect(),
                ),
            ));
            columns.push((
                "error".into(),
                Labels::Text(
                    rows.iter()
                        .map(|r| of(r).map(error).unwrap_or_default())
                        .collect(),
                ),
            ));
        }
    }
    columns
}
