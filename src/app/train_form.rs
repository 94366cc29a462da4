//! The train form (`T`): its fields (target, model, params with grids, evaluation, seed, task,
//! features), their choices and keys, and the specs it describes.

use super::model::models_for;
use super::{App, Cmd, Effect, Overlay};
use crate::core::model::features::{infer_task, Impute, Task};
use crate::core::model::models::ModelSpec;
use crate::core::model::spec::{self, Param, ParamError};
use crate::core::model::train::{Evaluation, TrainSpec};

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

impl TrainForm {
    /// A form with these values, its task and exclusions worked out.
    pub(super) fn with_values(
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
    pub(super) fn refresh(&mut self, frame: &polars::prelude::DataFrame, stats: &super::Stats) {
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
    pub(super) fn features(&self) -> Option<Vec<String>> {
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
                spec.model.validate(task).map_err(|e| e.to_string())?;
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

    /// A registry command of the training setup (see `Dialog::TrainForm`), or a character
    /// typed into its field.
    #[must_use]
    pub(super) fn train_form_key(&mut self, key: Result<Cmd, char>) -> Vec<Effect> {
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
        match key {
            Ok(Cmd::Quit) => return self.command(Cmd::Quit),
            Ok(Cmd::Close) => {
                self.train_form = None;
                self.overlay = None;
                return Vec::new();
            }
            Ok(Cmd::NextField) => form.field = (form.field + 1) % 7,
            Ok(Cmd::PrevField) => form.field = (form.field + 6) % 7,
            Ok(cmd @ (Cmd::Left | Cmd::Right)) if choice => {
                let forward = cmd == Cmd::Right;
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
            Ok(Cmd::ClearText) if !choice => form.values[form.field].clear(),
            Ok(Cmd::DeleteChar) if !choice => {
                form.values[form.field].pop();
            }
            Err(c) if !choice => form.values[form.field].push(c),
            Ok(Cmd::Enter) => return self.start_training(),
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
}
