//! Cleaning in the TUI: the menu of steps, the form's keys and its preview, applying a previewed
//! step to the recipe, and undo and redo. The ops and their fields are `step_ops`, the form
//! `step_form`, editing applied steps `recipe_edit`, replaying a recipe `restore`, files
//! `writes`.

use polars::prelude::DataFrame;

use super::step_form::{Form, PreviewState};
use super::{App, Cmd, Effect, Overlay, Pending};
use crate::core::clean::schema::{op_index, Kind, OPS};
use crate::core::clean::step::Step;
use crate::core::clean::Previewed;
use crate::jobs::{Job, JobId};

/// One applied step of the session's recipe, with the frame before it (undo restores it
/// exactly).
#[derive(Debug, Clone)]
pub struct Entry {
    pub step: Step,
    pub note: Option<String>,
    /// What the preview said, e.g. "12 cells in 12 rows changed".
    pub summary: String,
    pub before: DataFrame,
    /// Switched off in the recipe pane: listed, not applied (nor saved in the recipe file).
    pub off: bool,
    /// Why the step no longer applies after an earlier step was edited (it is skipped).
    pub broken: Option<String>,
}

/// The recipe and data before a change, for undo (and after it, for redo).
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub recipe: Vec<Entry>,
    pub frame: DataFrame,
    /// The change, as messages name it (`fill_null`, `the deletion of step 2 (cast)`).
    pub what: String,
}

impl App {
    /// Whether there are cleaning steps not saved in a recipe file.
    pub fn unsaved_steps(&self) -> bool {
        !self.recipe.is_empty() && self.recipe_version != self.saved_version
    }

    pub(super) fn can_clean(&mut self) -> bool {
        if self.rerun_job.is_some() {
            self.error_message("The recipe is re-running after an edit; a moment.".into());
            return false;
        }
        if self.restore.is_some() {
            self.error_message("The recipe is still being restored; a moment.".into());
            return false;
        }
        if self.is_loading() {
            self.error_message(
                "Cleaning starts once the data is loaded (Esc stops loading).".into(),
            );
            return false;
        }
        self.frame.width() > 0
    }

    pub(super) fn open_menu(&mut self) {
        if self.can_clean() {
            self.overlay = Some(Overlay::Menu { cursor: 0 });
        }
    }

    /// A form for `op`, on `column` (or the column under the cursor).
    pub(super) fn open_form(&mut self, op: usize, column: Option<String>) {
        if !self.can_clean() {
            return;
        }
        let column = column.or_else(|| self.current_column());
        self.form = Some(Form::new(op, &self.frame, column.as_deref()));
        self.overlay = Some(Overlay::Form);
    }

    /// A registry command of the cleaning menu (see `Dialog::Menu`).
    #[must_use]
    pub(super) fn menu_command(&mut self, cursor: usize, cmd: Cmd) -> Vec<Effect> {
        let last = OPS.len() - 1;
        self.overlay = match cmd {
            Cmd::Quit => return self.command(Cmd::Quit),
            Cmd::Down => Some(Overlay::Menu {
                cursor: (cursor + 1).min(last),
            }),
            Cmd::Up => Some(Overlay::Menu {
                cursor: cursor.saturating_sub(1),
            }),
            Cmd::Top => Some(Overlay::Menu { cursor: 0 }),
            Cmd::Bottom => Some(Overlay::Menu { cursor: last }),
            Cmd::Enter => {
                self.open_form(cursor, None);
                return Vec::new();
            }
            Cmd::Close => None,
            _ => Some(Overlay::Menu { cursor }),
        };
        Vec::new()
    }

    /// A character typed in a step form: into a text field; Space on a choice or flag takes
    /// the next choice.
    #[must_use]
    pub(super) fn form_char(&mut self, c: char) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let kind = form.info().fields.get(form.field).map(|f| f.kind);
        if !matches!(kind, Some(Kind::Choice(_) | Kind::Flag) | None) {
            form.values[form.field].push(c);
            form.preview = PreviewState::Idle;
        } else if c == ' ' {
            form.cycle(true);
        }
        Vec::new()
    }

    /// A registry command of a step form (see `Dialog::StepForm`).
    #[must_use]
    pub(super) fn form_command(&mut self, cmd: Cmd) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            self.overlay = None;
            return Vec::new();
        };
        let n = form.info().fields.len();
        let kind = form.info().fields.get(form.field).map(|f| f.kind);
        let editable = !matches!(kind, Some(Kind::Choice(_) | Kind::Flag) | None);
        match cmd {
            Cmd::Quit => return self.command(Cmd::Quit),
            Cmd::Close => {
                self.form = None;
                self.overlay = None;
            }
            Cmd::NextField if n > 0 => form.field = (form.field + 1) % n,
            Cmd::PrevField if n > 0 => form.field = (form.field + n - 1) % n,
            Cmd::Left => form.cycle(false),
            Cmd::Right if !editable => form.cycle(true),
            Cmd::ClearText if editable => {
                form.values[form.field].clear();
                form.preview = PreviewState::Idle;
            }
            Cmd::DeleteChar if editable => {
                form.values[form.field].pop();
                form.preview = PreviewState::Idle;
            }
            Cmd::Enter => {
                return match &mut form.preview {
                    PreviewState::Ready(_) => self.apply_previewed(),
                    PreviewState::Computing(Pending {
                        with: then_apply, ..
                    }) => {
                        *then_apply = true;
                        Vec::new()
                    }
                    _ => self.start_preview(),
                };
            }
            _ => {}
        }
        Vec::new()
    }

    #[must_use]
    pub(super) fn start_preview(&mut self) -> Vec<Effect> {
        let steps = match self.form.as_ref().map(|f| f.to_steps(&self.frame)) {
            Some(Ok(steps)) => steps,
            Some(Err(e)) => {
                if let Some(f) = self.form.as_mut() {
                    f.preview = PreviewState::Failed(e);
                }
                return Vec::new();
            }
            None => return Vec::new(),
        };
        let job = self.new_job();
        if let Some(f) = self.form.as_mut() {
            f.preview = PreviewState::Computing(Pending::new(job, false));
        }
        vec![Effect::Start(
            job,
            Job::Preview {
                frame: self.form_base().clone(),
                steps,
            },
        )]
    }

    #[must_use]
    pub(super) fn preview_done(
        &mut self,
        job: JobId,
        result: Result<Box<Previewed>, String>,
    ) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let PreviewState::Computing(pending) = form.preview else {
            return Vec::new();
        };
        let then_apply = pending.with;
        if !pending.answers(job) {
            return Vec::new();
        }
        form.preview = match result {
            Ok(done) => PreviewState::Ready(done),
            Err(e) => PreviewState::Failed(e),
        };
        if then_apply && matches!(form.preview, PreviewState::Ready(_)) {
            return self.apply_previewed();
        }
        Vec::new()
    }

    /// Enter on a previewed form: the step joins the recipe and its frame becomes the data.
    #[must_use]
    pub(super) fn apply_previewed(&mut self) -> Vec<Effect> {
        let Some(form) = self.form.take() else {
            return Vec::new();
        };
        let PreviewState::Ready(done) = form.preview else {
            self.form = Some(form);
            return Vec::new();
        };
        self.overlay = None;
        if let Some(i) = form.editing {
            // The edited step (or steps, given several columns) replaces step i, and every
            // later step re-runs after it.
            let mut steps: Vec<(Step, bool)> = done
                .steps
                .into_iter()
                .map(|(a, _)| (a.step, true))
                .collect();
            steps.extend(self.steps_from(i).into_iter().skip(1));
            let op = self.recipe[i].step.op();
            return self.start_rerun(i, steps, format!("the edit of step {} ({op})", i + 1));
        }
        let op = done.steps[0].0.step.op();
        let n = done.steps.len();
        self.info_message(format!(
            "{} applied: {}{}. U undoes {}.",
            if n == 1 {
                op.to_string()
            } else {
                format!("{n} {op} steps")
            },
            crate::core::clean::describe(&done.steps[n - 1].0.step, &done.total),
            done.total
                .note
                .as_ref()
                .map(|n| format!("; {n}"))
                .unwrap_or_default(),
            if n == 1 { "it" } else { "them together" }
        ));
        let frame = self.push_steps(*done);
        self.replace_frame(frame)
    }

    /// Previewed steps join the recipe (undone and redone together); the data after the last
    /// is returned for the caller to show.
    pub(super) fn push_steps(&mut self, done: Previewed) -> DataFrame {
        let n = done.steps.len();
        let op = done.steps[0].0.step.op();
        self.remember(if n == 1 {
            op.to_string()
        } else {
            format!("{n} {op} steps")
        });
        let mut before = self.frame.clone();
        for (applied, preview) in done.steps {
            let summary = crate::core::clean::describe(&applied.step, &preview);
            self.recipe.push(Entry {
                step: applied.step,
                note: applied.note,
                summary,
                before,
                off: false,
                broken: None,
            });
            before = applied.frame;
        }
        self.recipe_version += 1;
        before
    }

    /// Keep the recipe and data as they are now, before a change called `what`, for undo.
    pub(super) fn remember(&mut self, what: String) {
        self.undo.push(Snapshot {
            recipe: self.recipe.clone(),
            frame: self.frame.clone(),
            what,
        });
        self.redo.clear();
    }

    /// The data changed under the views and the statistics: recompute both.
    #[must_use]
    pub(super) fn replace_frame(&mut self, frame: DataFrame) -> Vec<Effect> {
        let mut effects = self.set_frame(frame);
        effects.extend(self.start_stats());
        effects
    }

    /// Undo the last change to the recipe (a step, several applied together, or an edit),
    /// restoring the exact data before it.
    #[must_use]
    pub(super) fn undo_step(&mut self) -> Vec<Effect> {
        self.step_history(false)
    }

    #[must_use]
    pub(super) fn redo_step(&mut self) -> Vec<Effect> {
        self.step_history(true)
    }

    /// Undo (or redo) one change to the recipe: the snapshot taken from one stack goes in place,
    /// and what it replaces goes on the other stack under the same name.
    #[must_use]
    pub(super) fn step_history(&mut self, forward: bool) -> Vec<Effect> {
        if !self.can_clean() {
            return Vec::new();
        }
        let from = if forward {
            &mut self.redo
        } else {
            &mut self.undo
        };
        let Some(snapshot) = from.pop() else {
            let empty = if forward {
                "Nothing to redo."
            } else {
                "No cleaning step to undo."
            };
            self.info_message(empty.into());
            return Vec::new();
        };
        self.info_message(if forward {
            format!("Redid {}.", snapshot.what)
        } else {
            format!("Undid {}; Ctrl-r redoes it.", snapshot.what)
        });
        let now = self.swap_in(snapshot);
        if forward {
            &mut self.undo
        } else {
            &mut self.redo
        }
        .push(now);
        self.recipe_version += 1;
        let frame = self.frame.clone();
        self.replace_frame(frame)
    }

    /// Put `s`'s recipe and data in place; what was there comes back under the same name.
    pub(super) fn swap_in(&mut self, s: Snapshot) -> Snapshot {
        let now = Snapshot {
            recipe: std::mem::replace(&mut self.recipe, s.recipe),
            frame: self.frame.clone(),
            what: s.what,
        };
        self.frame = s.frame;
        if let Some(ins) = self.inspector.as_mut() {
            if ins.kind == super::PaneKind::Recipe {
                ins.cursor = ins.cursor.min(self.recipe.len().saturating_sub(1));
            }
        }
        now
    }

    /// The data a form's step applies to: before the step it edits, else the current data.
    pub fn form_base(&self) -> &DataFrame {
        self.form
            .as_ref()
            .and_then(|f| f.editing)
            .and_then(|i| self.recipe.get(i))
            .map_or(&self.frame, |e| &e.before)
    }

    /// `a` on a warning: the form of the step that fixes it, on its column.
    pub(super) fn fix_warning(&mut self) {
        let Some(cursor) = self.inspector.as_ref().map(|i| i.cursor) else {
            return;
        };
        let Some((fix, column, fields)) = self
            .all_warnings()
            .get(cursor)
            .map(|w| (w.fix, w.columns.first().cloned(), w.fix_fields.clone()))
        else {
            return;
        };
        // Where the cursor goes once the fix is applied and the warnings are new: to the
        // warning that followed this one, not to whatever the new list holds at this row.
        self.warning_anchor = self
            .all_warnings()
            .iter()
            .skip(cursor + 1)
            .map(|w| (w.kind, w.columns.clone()))
            .collect();
        if let Some(op) = op_index(fix) {
            if let Some(c) = &column {
                if let Some(i) = self
                    .frame
                    .get_column_index(c)
                    .and_then(|d| self.table_index(d))
                {
                    self.col = i;
                }
            }
            self.open_form(op, column);
            // The fix's own settings (a decimal comma) over the form's defaults.
            if let Some(form) = self.form.as_mut() {
                for (name, value) in fields {
                    if let Some(i) = OPS[op].fields.iter().position(|f| f.name == name) {
                        form.values[i] = value.to_string();
                    }
                }
            }
        }
    }
}
