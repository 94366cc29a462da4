//! Every file the app writes (data, recipe, model, charts, report): the path prompt, the write
//! job, overwrite confirmation, and the quit question that offers to save first.

use std::path::PathBuf;

use super::{App, Cmd, Confirm, Effect, Overlay, Pending, Prompt, PromptKind};
use crate::core::data::source::{Input, LoadOptions, DEFAULT_NULL_VALUES};
use crate::core::session::recipe::{Recipe, Source};
use crate::jobs::{Job, JobId};
use crate::output::write::{ChartFiles, ModelToSave, Output, ReportToWrite, WriteFailure};

/// A write waiting for its job, or for the user to confirm overwriting.
#[derive(Debug, Clone)]
pub struct PendingWrite {
    pub path: String,
    pub output: Output,
    /// A recipe (whose saving marks the steps saved) rather than data.
    pub recipe: bool,
    /// Quit once it is written (saving from the quit question).
    pub then_quit: bool,
    /// The write job, once it is started (none while the user is asked to confirm).
    pub job: Option<Pending>,
}

impl App {
    /// The session's recipe document: the cleaning steps, and the model of the session's run
    /// (see `session_run`) with its features and task written out.
    pub fn recipe_document(&self) -> Recipe {
        let mut r = Recipe::new(self.recipe_source());
        // Steps switched off, or that no longer apply, are left out: the file replays what the
        // data went through.
        r.steps = self
            .recipe
            .iter()
            .filter(|e| !e.off && e.broken.is_none())
            .map(|e| e.step.clone())
            .collect();
        r.model = self.session_run().map(|run| {
            let mut spec = run.spec.clone();
            spec.features = Some(run.report.features.clone());
            spec.task = Some(run.report.task);
            spec
        });
        r
    }

    /// The run a session recipe keeps: the one selected in the model pane, else the latest;
    /// only a run trained on the current cleaning steps.
    pub fn session_run(&self) -> Option<&super::model::Run> {
        self.runs
            .get(self.session_run_index()?)
            .filter(|r| r.recipe_version == self.recipe_version)
    }

    /// The index of [`Self::session_run`]'s run (before its recipe check).
    pub(super) fn session_run_index(&self) -> Option<usize> {
        self.current_run_index().or(self.runs.len().checked_sub(1))
    }

    pub(super) fn recipe_source(&self) -> Option<Source> {
        let path = match &self.input {
            Input::Path(p) => p.display().to_string(),
            Input::Sample => crate::core::data::source::SAMPLE_ARG.to_string(),
            Input::Stdin => return None,
        };
        let opts: &LoadOptions = &self.load_opts;
        let defaults: Vec<String> = DEFAULT_NULL_VALUES.iter().map(|s| s.to_string()).collect();
        Some(Source {
            path,
            delimiter: opts.delimiter.map(|d| match d {
                b'\t' => "tab".to_string(),
                other => (other as char).to_string(),
            }),
            has_header: opts.has_header,
            null_values: (opts.null_values != defaults).then(|| opts.null_values.clone()),
            decimal_comma: opts.decimal_comma,
            sheet: self.info.as_ref().and_then(|i| i.sheet.clone()),
            table: self.info.as_ref().and_then(|i| i.table.clone()),
        })
    }

    /// A name beside the source: `stem` + `suffix`.
    pub(super) fn beside_source(&self, suffix: &str) -> String {
        match &self.input {
            Input::Path(p) => {
                let stem = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "data".into());
                p.with_file_name(format!("{stem}{suffix}"))
                    .display()
                    .to_string()
            }
            _ => format!("lathe{suffix}"),
        }
    }

    /// The selected run's model, with what saving it needs.
    pub(super) fn model_to_save(&self) -> Result<ModelToSave, String> {
        let index = self
            .current_run_index()
            .ok_or("No run selected: train a model first (T).")?;
        let run = &self.runs[index];
        if run.recipe_version != self.recipe_version {
            return Err(
                "The cleaning steps changed since this run; train it again before saving its model."
                    .into(),
            );
        }
        if run.spec.model.name == "dbscan" {
            return Err(
                "DBSCAN labels only the rows it was fitted on; it cannot predict new rows, so it is not saved."
                    .into(),
            );
        }
        Ok(ModelToSave {
            raw: self
                .recipe
                .first()
                .map_or_else(|| self.frame.clone(), |e| e.before.clone()),
            cleaned: self.frame.clone(),
            steps: self.recipe.iter().map(|e| e.step.clone()).collect(),
            spec: run.spec.clone(),
            report: run.report.clone(),
            label: self.run_label(index),
        })
    }

    /// `e` in a pane: where to write its chart.
    pub(super) fn ask_chart_path(&mut self) {
        self.ask_path(PromptKind::Chart);
    }

    /// The open pane's chart(s), as the pane shows them, with a name for the file; the model
    /// pane gives the chart of its view (regression: predicted against actual, and the
    /// residuals beside it).
    pub fn pane_charts(&self) -> Result<(String, ChartFiles), String> {
        use crate::core::stats::inspect::{Detail, Inspection};
        use crate::output::charts;
        let ins = self.inspector.as_ref().ok_or("No pane is open.")?;
        let one = |name: String, c: charts::Chart| Ok((name, vec![(None, c)]));
        let safe = |s: &str| -> String {
            s.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect()
        };
        match (ins.kind, self.inspection()) {
            (super::inspector::PaneKind::Model, _) => {
                let run = self
                    .runs
                    .get(ins.cursor)
                    .ok_or("No run yet: train a model first (T).")?;
                let all = charts::run_charts(&run.report);
                let wanted: &[&str] = match ins.view {
                    0 => &["confusion", "coefficients", "importances"],
                    1 => &["roc", "predicted_vs_actual", "clusters"],
                    2 => &["folds"],
                    _ => &[],
                };
                let first = all
                    .iter()
                    .find(|(n, _)| wanted.contains(&n.as_str()))
                    .ok_or("This view has no chart to write; v shows the others.")?;
                let mut out = vec![(None, first.1.clone())];
                // What the view shows beside the first chart is written beside its file:
                // the residuals next to predicted against actual, the coefficients or
                // importances next to the confusion matrix.
                let beside: &[&str] = match first.0.as_str() {
                    "predicted_vs_actual" => &["residuals"],
                    "confusion" => &["coefficients", "importances"],
                    _ => &[],
                };
                for (n, c) in all.iter().filter(|(n, _)| beside.contains(&n.as_str())) {
                    out.push((Some(n.clone()), c.clone()));
                }
                Ok((format!("{}_{}", run.report.model, first.0), out))
            }
            (_, Some(Inspection::Profile(p))) => match &p.detail {
                Detail::Numeric { histogram: Some(h) } => one(
                    format!("histogram_{}", safe(&p.summary.name)),
                    charts::histogram(&p.summary.name, h),
                ),
                _ => Err("Only a numeric column's histogram is written as a chart; f shows text values as bars.".into()),
            },
            (_, Some(Inspection::Frequencies(q))) => one(
                format!("frequencies_{}", safe(&q.column)),
                charts::frequencies(q),
            ),
            (_, Some(Inspection::Correlations(c))) => one(
                "correlations".into(),
                charts::correlations(c, ins.spearman),
            ),
            (_, Some(Inspection::Scatter(s))) => one(
                format!("scatter_{}_{}", safe(&s.y), safe(&s.x)),
                charts::scatter(s),
            ),
            _ => Err("This pane has no chart to write (yet).".into()),
        }
    }

    /// `m` in the model pane: where to save the selected run's model.
    pub(super) fn ask_model_path(&mut self) {
        match self.model_to_save() {
            Ok(_) => self.ask_path(PromptKind::SaveModel),
            Err(e) => self.error_message(e),
        }
    }

    pub(super) fn ask_path(&mut self, kind: PromptKind) {
        if !self.can_clean() {
            return;
        }
        let text = match kind {
            PromptKind::Chart => match self.pane_charts() {
                Ok((name, _)) => self.beside_source(&format!("_{name}.png")),
                Err(e) => {
                    self.error_message(e);
                    return;
                }
            },
            PromptKind::SaveRecipe => self.beside_source(".recipe.json"),
            PromptKind::Report => self.beside_source("_report"),
            PromptKind::SaveModel => self.beside_source(".model.json"),
            _ => self.beside_source("_clean.csv"),
        };
        self.prompt = Prompt {
            kind,
            text,
            error: None,
        };
        self.overlay = Some(Overlay::Prompt);
    }

    /// Enter at the export or save-recipe prompt.
    #[must_use]
    pub(super) fn submit_path(&mut self, path: String, then_quit: bool) -> Vec<Effect> {
        let recipe = self.prompt.kind == PromptKind::SaveRecipe;
        self.overlay = None;
        let output = if recipe {
            Output::Text(self.recipe_document().to_json())
        } else if self.prompt.kind == PromptKind::Report {
            Output::Report(Box::new(ReportToWrite {
                name: self.input_name.clone(),
                raw: self
                    .recipe
                    .first()
                    .map_or_else(|| self.frame.clone(), |e| e.before.clone()),
                cleaned: self.frame.clone(),
                // What each step did, as its preview said when it was applied.
                steps: self
                    .recipe
                    .iter()
                    .map(|e| {
                        let effect = match &e.note {
                            Some(n) => format!("{}; {n}", e.summary),
                            None => e.summary.clone(),
                        };
                        (e.step.clone(), effect)
                    })
                    .collect(),
                run: self
                    .session_run()
                    .map(|r| (r.spec.clone(), r.report.clone())),
                leaderboard: {
                    let selected = self.session_run().and(self.session_run_index());
                    self.runs
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            crate::output::report::Entry::of(
                                r.name(),
                                &r.report,
                                Some(i) == selected,
                            )
                        })
                        .collect()
                },
            }))
        } else if self.prompt.kind == PromptKind::Chart {
            match self.pane_charts() {
                Ok((_, charts)) => Output::Charts(charts),
                Err(e) => {
                    self.error_message(e);
                    return Vec::new();
                }
            }
        } else if self.prompt.kind == PromptKind::SaveModel {
            match self.model_to_save() {
                Ok(m) => Output::Model(Box::new(m)),
                Err(e) => {
                    self.error_message(e);
                    return Vec::new();
                }
            }
        } else {
            Output::Frame(self.frame.clone())
        };
        self.pending = Some(PendingWrite {
            path,
            output,
            recipe,
            then_quit,
            job: None,
        });
        self.start_write(false)
    }

    #[must_use]
    pub(super) fn start_write(&mut self, overwrite: bool) -> Vec<Effect> {
        let job = self.new_job();
        let source = match &self.input {
            Input::Path(p) => Some(p.clone()),
            _ => None,
        };
        let Some(p) = self.pending.as_mut() else {
            return Vec::new();
        };
        p.job = Some(Pending::job(job));
        let effect = Effect::Start(
            job,
            Job::Write {
                path: PathBuf::from(&p.path),
                output: p.output.clone(),
                overwrite,
                source,
            },
        );
        let text = format!("Writing {}…", p.path);
        self.info_message(text);
        vec![effect]
    }

    #[must_use]
    pub(super) fn write_done(
        &mut self,
        job: JobId,
        result: Result<(), WriteFailure>,
    ) -> Vec<Effect> {
        let Some(p) = self.pending.clone() else {
            return Vec::new();
        };
        if !p.job.is_some_and(|p| p.answers(job)) {
            return Vec::new();
        }
        match result {
            Ok(()) => {
                self.pending = None;
                if let Output::Report(r) = &p.output {
                    self.info_message(format!(
                        "Wrote report.md, report.html and the charts to {}{}.",
                        p.path,
                        if r.run.is_none() {
                            " (no model yet: T trains one)"
                        } else {
                            ""
                        }
                    ));
                } else if let Output::Charts(c) = &p.output {
                    self.info_message(format!(
                        "Wrote {} to {}{}.",
                        c.first().map_or("", |c| c.1.title()),
                        p.path,
                        if c.len() > 1 {
                            format!(" (and {} more beside it)", c.len() - 1)
                        } else {
                            String::new()
                        }
                    ));
                } else if let Output::Model(m) = &p.output {
                    self.info_message(format!(
                        "Saved {} (refitted on all {} rows) to {}; lathe predict {} DATA uses it.",
                        m.label,
                        m.cleaned.height(),
                        p.path,
                        p.path
                    ));
                } else if p.recipe {
                    self.saved_version = self.recipe_version;
                    self.recipe_saves += 1;
                    let model = self
                        .session_run()
                        .and(self.session_run_index())
                        .map(|i| format!(" and {}", self.run_label(i)))
                        .unwrap_or_default();
                    let n = self.recipe.len();
                    self.info_message(format!(
                        "Saved the recipe ({n} step{}{model}) to {}; lathe run replays it.",
                        if n == 1 { "" } else { "s" },
                        p.path
                    ));
                } else {
                    self.info_message(format!(
                        "Wrote {} rows x {} columns to {}.",
                        self.frame.height(),
                        self.frame.width(),
                        p.path
                    ));
                }
                if p.then_quit {
                    return self.command(super::Cmd::Quit);
                }
            }
            Err(WriteFailure::Exists) => {
                self.overlay = Some(Overlay::Confirm(Confirm::Overwrite));
                self.message = None;
            }
            Err(WriteFailure::Other(e)) => {
                self.pending = None;
                self.error_message(e);
            }
        }
        Vec::new()
    }

    /// An answer to a question (see `Dialog::Confirm`): a registry command, or another
    /// character typed, which answers no. Ctrl-c quits without asking again.
    #[must_use]
    pub(super) fn confirm_command(&mut self, which: Confirm, cmd: Cmd) -> Vec<Effect> {
        self.overlay = None;
        match (which, cmd) {
            (_, Cmd::Quit) | (Confirm::Quit, Cmd::Yes | Cmd::QuitAnyway) => {
                self.quit_confirmed = true;
                self.command(Cmd::Quit)
            }
            (Confirm::Overwrite, Cmd::Yes) => self.start_write(true),
            (Confirm::Overwrite, _) => {
                self.pending = None;
                self.info_message("Not written.".into());
                Vec::new()
            }
            (Confirm::Quit, Cmd::SaveFirst) => {
                self.ask_path(PromptKind::SaveRecipe);
                self.quit_after_save = true;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}
