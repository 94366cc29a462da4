//! Replaying a session recipe in the app (`lathe FILE --recipe R`): its steps one by one through
//! the preview job, then its model.

use super::{App, Effect, Pending};
use crate::core::clean::step::Step;
use crate::core::clean::Previewed;
use crate::core::session::recipe::Recipe;
use crate::jobs::Job;

/// A session recipe being replayed (`lathe FILE --recipe R`).
#[derive(Debug, Clone)]
pub struct Restore {
    pub file: String,
    pub steps: std::collections::VecDeque<Step>,
    pub model: Option<crate::core::model::train::TrainSpec>,
    /// The step being applied, waiting for its job.
    pub applying: Option<Pending<Step>>,
    /// Steps applied so far.
    pub done: usize,
}

impl App {
    /// Start replaying a session recipe once the data is loaded: each step through the same
    /// job as a previewed step (so each can be undone), then the model's training.
    pub fn restore_recipe(&mut self, recipe: Recipe, file: String) {
        self.restore = Some(Restore {
            file,
            steps: recipe.steps.into_iter().collect(),
            model: recipe.model,
            applying: None,
            done: 0,
        });
    }

    /// The next step of the recipe being restored, or its model when the steps are done.
    pub(super) fn continue_restore(&mut self) -> Vec<Effect> {
        if self.is_loading() || self.frame.width() == 0 {
            return Vec::new();
        }
        let Some(r) = self.restore.as_mut() else {
            return Vec::new();
        };
        if r.applying.is_some() {
            return Vec::new();
        }
        if let Some(step) = r.steps.pop_front() {
            let job = self.new_job();
            if let Some(r) = self.restore.as_mut() {
                r.applying = Some(Pending::new(job, step.clone()));
            }
            return vec![Effect::Start(
                job,
                Job::Preview {
                    frame: self.frame.clone(),
                    steps: vec![step],
                },
            )];
        }
        let r = self.restore.take().expect("checked above");
        self.saved_version = self.recipe_version;
        match r.model {
            Some(spec) => {
                let effects = self.run_spec(spec);
                self.info_message(format!(
                    "Restored {} steps from {}; training its model… Esc cancels.",
                    r.done, r.file
                ));
                effects
            }
            None => {
                self.info_message(format!("Restored {} steps from {}.", r.done, r.file));
                Vec::new()
            }
        }
    }

    pub(super) fn restored_step(&mut self, result: Result<Box<Previewed>, String>) -> Vec<Effect> {
        let Some(r) = self.restore.as_mut() else {
            return Vec::new();
        };
        let step = r.applying.take().map(|p| p.with);
        match result {
            Ok(done) => {
                r.done += 1;
                let frame = self.push_steps(*done);
                let mut effects = self.replace_frame(frame);
                effects.extend(self.continue_restore());
                effects
            }
            Err(e) => {
                let r = self.restore.take().expect("checked above");
                self.error_message(format!(
                    "{}: step {} ({}) failed: {e}. The {} steps before it are applied.",
                    r.file,
                    r.done + 1,
                    step.map_or("?", |s| s.op()),
                    r.done
                ));
                Vec::new()
            }
        }
    }
}
