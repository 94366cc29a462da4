//! Editing the recipe pane's steps: edit, delete, switch off, move, and re-running every step after
//! the changed one.

use polars::prelude::DataFrame;

use super::clean::Entry;
use super::pending::{take_answered, Pending};
use super::step_form::Form;
use super::{App, Effect, Overlay};
use crate::core::clean::step::Step;
use crate::jobs::{Job, JobId};

impl App {
    /// The selected step of the recipe pane.
    pub(super) fn selected_step(&self) -> Option<usize> {
        self.inspector
            .as_ref()
            .filter(|i| i.kind == super::PaneKind::Recipe)
            .map(|i| i.cursor)
            .filter(|&i| i < self.recipe.len())
    }

    /// `e` or Enter in the recipe pane: the selected step's form, filled from the step; its
    /// preview runs on the data before the step, and applying it re-runs the later steps.
    #[must_use]
    pub(super) fn edit_step(&mut self) -> Vec<Effect> {
        if !self.can_clean() {
            return Vec::new();
        }
        let Some(i) = self.selected_step() else {
            return Vec::new();
        };
        match Form::from_step(&self.recipe[i].step) {
            Some(mut form) => {
                form.editing = Some(i);
                self.form = Some(form);
                self.overlay = Some(Overlay::Form);
            }
            None => self.error_message(format!(
                "{} has no form; d deletes it, and C adds a new step.",
                self.recipe[i].step.op()
            )),
        }
        Vec::new()
    }

    /// `d` in the recipe pane: delete the selected step; the later ones re-run.
    #[must_use]
    pub(super) fn delete_step(&mut self) -> Vec<Effect> {
        let Some(i) = self.selected_step().filter(|_| self.can_clean()) else {
            return Vec::new();
        };
        let op = self.recipe[i].step.op();
        let mut steps = self.steps_from(i);
        steps.remove(0);
        self.start_rerun(i, steps, format!("the deletion of step {} ({op})", i + 1))
    }

    /// `t` in the recipe pane: switch the selected step off (kept, not applied) or on again.
    #[must_use]
    pub(super) fn toggle_step(&mut self) -> Vec<Effect> {
        let Some(i) = self.selected_step().filter(|_| self.can_clean()) else {
            return Vec::new();
        };
        let mut steps = self.steps_from(i);
        steps[0].1 = !steps[0].1 || self.recipe[i].broken.is_some();
        let what = if steps[0].1 {
            "switching on"
        } else {
            "switching off"
        };
        let op = self.recipe[i].step.op();
        self.start_rerun(i, steps, format!("{what} step {} ({op})", i + 1))
    }

    /// `K`/`J` in the recipe pane: move the selected step up or down one place.
    #[must_use]
    pub(super) fn move_step(&mut self, up: bool) -> Vec<Effect> {
        let Some(i) = self.selected_step().filter(|_| self.can_clean()) else {
            return Vec::new();
        };
        let (a, b) = if up {
            (i.checked_sub(1), i)
        } else {
            (Some(i), i + 1)
        };
        let Some(a) = a.filter(|_| b < self.recipe.len()) else {
            return Vec::new();
        };
        let mut steps = self.steps_from(a);
        steps.swap(0, 1);
        let op = self.recipe[i].step.op();
        if let Some(ins) = self.inspector.as_mut() {
            ins.cursor = if up { a } else { b };
        }
        self.start_rerun(
            a,
            steps,
            format!(
                "moving step {} ({op}) {}",
                i + 1,
                if up { "up" } else { "down" }
            ),
        )
    }

    /// The steps from `i` on, each with whether it is switched on.
    pub(super) fn steps_from(&self, i: usize) -> Vec<(Step, bool)> {
        self.recipe[i..]
            .iter()
            .map(|e| (e.step.clone(), !e.off))
            .collect()
    }

    /// Replace the recipe from step `from` on with `steps`, re-run in the background on the
    /// data before step `from`.
    #[must_use]
    pub(super) fn start_rerun(
        &mut self,
        from: usize,
        steps: Vec<(Step, bool)>,
        what: String,
    ) -> Vec<Effect> {
        let frame = self
            .recipe
            .get(from)
            .map_or_else(|| self.frame.clone(), |e| e.before.clone());
        self.remember(what);
        let job = self.new_job();
        self.rerun_job = Some(Pending::new(job, from));
        self.info_message(format!(
            "Re-running {} step{} from step {}…",
            steps.len(),
            if steps.len() == 1 { "" } else { "s" },
            from + 1
        ));
        vec![Effect::Start(job, Job::Rerun { frame, steps })]
    }

    #[must_use]
    pub(super) fn rerun_done(
        &mut self,
        job: JobId,
        result: Result<Box<(Vec<crate::core::clean::Rerun>, DataFrame)>, String>,
    ) -> Vec<Effect> {
        let Some(from) = take_answered(&mut self.rerun_job, job) else {
            return Vec::new();
        };
        let (steps, frame) = match result {
            Ok(done) => *done,
            Err(e) => {
                // Nothing changed: the snapshot taken for undo is dropped again.
                self.undo.pop();
                self.error_message(format!("The recipe could not be re-run: {e}"));
                return Vec::new();
            }
        };
        self.recipe.truncate(from);
        let mut broken = Vec::new();
        for (k, r) in steps.into_iter().enumerate() {
            let (summary, note, why) = match r.outcome {
                Ok((said, note)) => (said, note, None),
                Err(e) => {
                    broken.push(from + k + 1);
                    (
                        format!("does not apply now: {e}"),
                        None,
                        Some(e.to_string()),
                    )
                }
            };
            self.recipe.push(Entry {
                step: r.step,
                note,
                summary,
                before: r.before,
                off: r.off,
                broken: why,
            });
        }
        self.recipe_version += 1;
        let what = self.undo.last().map(|s| s.what.clone()).unwrap_or_default();
        if broken.is_empty() {
            self.info_message(format!(
                "Done: {what}; the later steps re-ran and learnt again. U undoes it."
            ));
        } else {
            let list: Vec<String> = broken.iter().map(|n| n.to_string()).collect();
            self.error_message(format!(
                "Done: {what}; step{} {} no longer appl{} and {} skipped (marked ✗ in the \
                 recipe: edit, delete or undo). U undoes it.",
                if list.len() == 1 { "" } else { "s" },
                list.join(", "),
                if list.len() == 1 { "ies" } else { "y" },
                if list.len() == 1 { "is" } else { "are" },
            ));
        }
        self.replace_frame(frame)
    }
}
