//! Replaying steps: a recipe in order (`walk`, the one walk through a recipe that `replay`,
//! `replay_with` for `lathe run`'s notes and the app's `--recipe` restore all take), a previewed
//! batch (`preview_steps`), and every step after an edited one (`rerun`).

use super::StepError;
use polars::prelude::*;

use super::apply::{apply_step, Applied};
use super::preview::{describe, preview, Preview};
use super::step::*;
use super::values::R;
use crate::core::data::cells::count;
use crate::core::error::{Error, Result};

/// Apply every step in order, numbering errors from 1. Returns the frame and the steps as
/// fitted (with values learnt where they had none).
pub fn replay(frame: &DataFrame, steps: &[Step]) -> Result<(DataFrame, Vec<Step>, Vec<String>)> {
    let r = replay_with(frame, steps, false)?;
    Ok((r.frame, r.fitted, r.notes))
}

/// What a replay gave.
#[derive(Debug, Clone)]
pub struct Replayed {
    pub frame: DataFrame,
    /// The steps with the values they learnt.
    pub fitted: Vec<Step>,
    /// The steps' notes, `step 2 (cast): ...`.
    pub notes: Vec<String>,
    /// With `describe`, what each step did, as `describe` says it (and its note).
    pub effects: Vec<String>,
}

/// The one walk through a recipe: each step applied in turn to the data the step before left,
/// errors numbered from 1 (`recipe step 2 (cast): ...`); `each` sees every step's number, the
/// data before it and what applying it gave. Returns the data after the last step.
pub fn walk(
    frame: &DataFrame,
    steps: &[Step],
    each: &mut dyn FnMut(usize, &DataFrame, &Applied),
) -> Result<DataFrame> {
    let mut frame = frame.clone();
    for (i, step) in steps.iter().enumerate() {
        let applied = apply_step(&frame, step).map_err(|cause| Error::Step {
            step: i + 1,
            op: step.op().to_string(),
            cause,
        })?;
        each(i, &frame, &applied);
        frame = applied.frame;
    }
    Ok(frame)
}

/// `replay`, and with `describe` each step's effect too (a comparison of the frame before and
/// after each step, which costs a pass over the data per step).
pub fn replay_with(frame: &DataFrame, steps: &[Step], describe_steps: bool) -> Result<Replayed> {
    let mut fitted = Vec::with_capacity(steps.len());
    let mut notes = Vec::new();
    let mut effects = Vec::new();
    let frame = walk(frame, steps, &mut |i, before, applied| {
        let step = &steps[i];
        if describe_steps {
            let p = preview(before, &applied.frame, applied.note.clone());
            effects.push(match &applied.note {
                Some(n) => format!("{}; {n}", describe(step, &p)),
                None => describe(step, &p),
            });
        }
        // Without the table's `N of M rows removed`, the headless commands say it here.
        let note = applied
            .note
            .clone()
            .or_else(|| rows_dropped(step, before.height().saturating_sub(applied.frame.height())));
        if let Some(n) = note {
            notes.push(format!("step {} ({}): {n}", i + 1, step.op()));
        }
        fitted.push(applied.step.clone());
    })?;
    Ok(Replayed {
        frame,
        fitted,
        notes,
        effects,
    })
}

/// A recipe's steps replayed one by one as the app applies a previewed step (each with what it
/// changed, so each is one undoable step in the app), for the app's `--recipe` restore; the
/// steps that applied, and the error of the one that did not, if any.
pub fn replay_previewed(frame: &DataFrame, steps: &[Step]) -> (Vec<Previewed>, Option<Error>) {
    let mut done = Vec::with_capacity(steps.len());
    let failed = walk(frame, steps, &mut |_, before, applied| {
        let p = preview(before, &applied.frame, applied.note.clone());
        done.push(Previewed {
            steps: vec![(applied.clone(), p.clone())],
            total: p,
        });
    })
    .err();
    (done, failed)
}

/// What the headless commands say of a step that dropped rows (the app and the report say
/// `N of M rows removed` instead, so the step itself gives no note for it).
pub(super) fn rows_dropped(step: &Step, dropped: usize) -> Option<String> {
    let noun = match step {
        Step::Dedupe { .. } => "duplicate row",
        _ => "row",
    };
    (dropped > 0).then(|| format!("{} dropped", count(dropped, noun)))
}

/// One step, or the same step on several columns (a form given a list), applied in turn and
/// previewed: each with what it changed, and all of them together.
#[derive(Debug, Clone)]
pub struct Previewed {
    pub steps: Vec<(Applied, Preview)>,
    pub total: Preview,
}

impl Previewed {
    /// The data after the last step.
    pub fn frame(&self) -> &DataFrame {
        &self.steps.last().expect("at least one step").0.frame
    }

    /// `describe` of the step, or of the steps together (`3 fill_null steps (a, b, c): ...`).
    pub fn describe(&self) -> String {
        let (last, _) = self.steps.last().expect("at least one step");
        match self.steps.len() {
            1 => describe(&last.step, &self.total),
            n => {
                let columns: Vec<&str> = self
                    .steps
                    .iter()
                    .filter_map(|(a, _)| a.step.column())
                    .collect();
                format!(
                    "{n} {} steps ({}): {}",
                    last.step.op(),
                    crate::core::data::cells::truncate_list(&columns, 6),
                    describe(&last.step, &self.total)
                )
            }
        }
    }
}

/// Apply `steps` in turn to `frame`, each previewed against the frame before it. A failing step
/// names its column when there are several.
pub fn preview_steps(frame: &DataFrame, steps: &[Step]) -> R<Previewed> {
    if steps.is_empty() {
        return Err(StepError::Invalid("no columns to apply the step to".into()));
    }
    let mut current = frame.clone();
    let mut done = Vec::with_capacity(steps.len());
    let mut notes = Vec::new();
    for step in steps {
        let applied = apply_step(&current, step).map_err(|e| match step.column() {
            Some(c) if steps.len() > 1 => StepError::Invalid(format!("on `{c}`: {e}")),
            _ => e,
        })?;
        let p = preview(&current, &applied.frame, applied.note.clone());
        if let Some(n) = &applied.note {
            notes.push(match step.column() {
                Some(c) if steps.len() > 1 => format!("`{c}`: {n}"),
                _ => n.clone(),
            });
        }
        current = applied.frame.clone();
        done.push((applied, p));
    }
    let total = if done.len() == 1 {
        done[0].1.clone()
    } else {
        // A note per column would fill the screen: the first three, and how many more.
        let note = match notes.len() {
            0 => None,
            1..=3 => Some(notes.join("; ")),
            n => Some(format!(
                "{}; and {} more (the recipe pane shows each)",
                notes[..3].join("; "),
                n - 3
            )),
        };
        preview(frame, &current, note)
    };
    Ok(Previewed { steps: done, total })
}

/// One step of a recipe re-run after an edit of an earlier one.
#[derive(Debug, Clone)]
pub struct Rerun {
    /// The step as it now is: refitted when it ran, as it was when off or broken.
    pub step: Step,
    /// The data before it.
    pub before: DataFrame,
    /// What it did (`describe`) and its note; or why it no longer applies.
    pub outcome: std::result::Result<(String, Option<String>), StepError>,
    /// Switched off by the user: kept in the list, not applied.
    pub off: bool,
}

/// Re-run `steps` (each with whether it is switched on) from `frame`, each refitted on the data
/// as it now is (its learnt values are learnt again). A step that fails, say because a column it
/// needs is gone, is kept with the reason and skipped, instead of failing the rest. Returns the
/// steps and the data after the last.
pub fn rerun(frame: &DataFrame, steps: &[(Step, bool)]) -> (Vec<Rerun>, DataFrame) {
    let mut current = frame.clone();
    let mut out = Vec::with_capacity(steps.len());
    for (step, on) in steps {
        let before = current.clone();
        if !on {
            out.push(Rerun {
                step: step.clone(),
                before,
                outcome: Ok(("switched off".into(), None)),
                off: true,
            });
            continue;
        }
        match apply_step(&current, &step.unfitted()) {
            Ok(applied) => {
                let p = preview(&current, &applied.frame, applied.note.clone());
                let said = describe(&applied.step, &p);
                current = applied.frame;
                out.push(Rerun {
                    step: applied.step,
                    before,
                    outcome: Ok((said, applied.note)),
                    off: false,
                });
            }
            Err(e) => out.push(Rerun {
                step: step.clone(),
                before,
                outcome: Err(e),
                off: false,
            }),
        }
    }
    (out, current)
}
