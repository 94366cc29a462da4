//! Replaying a session recipe in the app (`lathe FILE --recipe R`): its steps one by one through
//! the preview job, then its model.

use super::{App, Effect, Pending};
use crate::core::clean::step::Step;
use crate::core::session::recipe::Recipe;
use crate::jobs::{Job, JobId, Restored};

/// A session recipe being replayed (`lathe FILE --recipe R`).
#[derive(Debug, Clone)]
pub struct Restore {
    pub file: String,
    pub steps: Vec<Step>,
    pub model: Option<crate::core::model::train::TrainSpec>,
    /// The replay job, once the data is loaded.
    pub job: Option<Pending>,
}

impl App {
    /// Start replaying a session recipe once the data is loaded: its steps in one job, through
    /// the walk `lathe run` takes (`core::clean::walk`), each step previewed and pushed as an
    /// undoable step; then the model's training, through the same training job as `T`.
    pub fn restore_recipe(&mut self, recipe: Recipe, file: String) {
        self.restore = Some(Restore {
            file,
            steps: recipe.steps,
            model: recipe.model,
            job: None,
        });
    }

    /// Start the replay once the data is in.
    #[must_use]
    pub(super) fn continue_restore(&mut self) -> Vec<Effect> {
        if self.is_loading() || self.frame.width() == 0 {
            return Vec::new();
        }
        let job = self.new_job();
        let Some(r) = self.restore.as_mut().filter(|r| r.job.is_none()) else {
            return Vec::new();
        };
        r.job = Some(Pending::job(job));
        vec![Effect::Start(
            job,
            Job::Restore {
                frame: self.frame.clone(),
                steps: r.steps.clone(),
            },
        )]
    }

    /// The replay's answer: its steps pushed one by one (each undoable), then the model
    /// trained; or, when a step failed, the steps before it kept and the failure said.
    #[must_use]
    pub(super) fn restore_done(
        &mut self,
        job: JobId,
        result: Result<Box<Restored>, String>,
    ) -> Vec<Effect> {
        let waited = self
            .restore
            .as_ref()
            .and_then(|r| r.job)
            .is_some_and(|p| p.answers(job));
        if !waited {
            return Vec::new();
        }
        let r = self.restore.take().expect("checked above");
        let (done, failed) = match result {
            Ok(answer) => (answer.steps, answer.failed),
            Err(e) => (Vec::new(), Some(e)),
        };
        let applied = done.len();
        // Each step is pushed on the data the one before left (its undo snapshot); the table,
        // its widths and the statistics change once, to the data after the last.
        let start = self.frame.clone();
        for step in done {
            self.frame = self.push_steps(step);
        }
        let mut effects = if applied > 0 {
            let end = std::mem::replace(&mut self.frame, start);
            self.replace_frame(end)
        } else {
            Vec::new()
        };
        if let Some(e) = failed {
            self.error_message(format!(
                "{}: {e}. The {applied} steps before it are applied.",
                r.file
            ));
            return effects;
        }
        self.saved_version = self.recipe_version;
        match r.model {
            Some(spec) => {
                effects.extend(self.run_spec(spec));
                self.info_message(format!(
                    "Restored {applied} steps from {}; training its model… Esc cancels.",
                    r.file
                ));
            }
            None => self.info_message(format!("Restored {applied} steps from {}.", r.file)),
        }
        effects
    }
}
