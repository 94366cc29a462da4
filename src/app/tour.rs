//! The guided tour (`lathe --tour`, or `tour` from the palette): ten steps through a real session
//! on the bundled penguins sample. Each step says what to do and why in plain words, shows the
//! keys to press, and moves on only when the app's state shows it was done; the tour never does
//! the work itself. Esc, when it has nothing else to close, leaves the tour; what was done stays.

use super::inspector::PaneKind;
use super::{App, Focus};

/// One step: what to read and do, the keys to press, and the check that it was done.
pub struct Step {
    pub title: &'static str,
    pub text: &'static str,
    pub keys: &'static str,
    pub done: fn(&App) -> bool,
}

fn open(app: &App, kind: PaneKind) -> bool {
    app.inspector.as_ref().is_some_and(|i| i.kind == kind)
}

fn no_missing(app: &App) -> bool {
    !app.recipe.is_empty()
        && app.frame.height() > 0
        && app.frame.columns().iter().all(|c| c.null_count() == 0)
}

fn trained(app: &App, pred: fn(&super::model::Run) -> bool) -> bool {
    app.runs.iter().any(pred)
}

/// The tour's steps, in order.
pub const STEPS: &[Step] = &[
    Step {
        title: "The table",
        text: "This is the penguins sample: one row per bird. Move around the table to get a \
               feel for it; missing values show as ∅.",
        keys: "j/k rows  h/l columns",
        done: |a| a.row > 0 || a.col > 0,
    },
    Step {
        title: "Profile a column",
        text: "Move to body_mass_g and open its profile: count, mean, spread, quartiles and a \
               histogram. Skewed or odd-looking columns show up here before they fool a model.",
        keys: "l to body_mass_g, then p",
        done: |a| {
            open(a, PaneKind::Profile) && a.current_column().as_deref() == Some("body_mass_g")
        },
    },
    Step {
        title: "Read a warning",
        text: "lathe checks the data for problems that hurt models: constant columns, \
               identifiers, heavy skew, outliers, many missing values. Open the warnings: this \
               sample has none serious, but the nulls column below shows a few missing values.",
        keys: "!",
        done: |a| open(a, PaneKind::Warnings),
    },
    Step {
        title: "Fix the missing values",
        text: "Training would fill missing values with the training rows' median, but here two \
               rows miss every measurement: better gone. Open the cleaning menu, choose \
               drop_nulls and press Enter to preview what it removes, then Enter again to apply \
               it. The step is recorded in the recipe and can be undone with U.",
        keys: "C, drop_nulls, Enter (preview), Enter (apply)",
        done: no_missing,
    },
    Step {
        title: "Pick a target, train a baseline",
        text: "Move to species: that is what we will predict. Open training, choose the model \
               majority with ←/→ and train it. A baseline always guesses the commonest species: \
               any real model has to beat it.",
        keys: "move to species, T, ←/→ to majority, Enter",
        done: |a| trained(a, |r| r.report.model == "majority"),
    },
    Step {
        title: "Train a model with cross-validation",
        text: "Open training again and choose logistic with evaluation cv 5: five fits, each \
               tested on rows it never saw, so the score is honest and you see how much it \
               varies.",
        keys: "T, ←/→ to logistic, Tab to evaluation, cv 5, Enter",
        done: |a| trained(a, |r| r.report.model != "majority" && r.report.cv.is_some()),
    },
    Step {
        title: "Read the confusion matrix",
        text: "Rows are the true species, columns the predicted one; the diagonal is right. \
               Pick a cell with H/J/K/L; Enter would show its rows in the table.",
        keys: "in the model pane: H J K L",
        done: |a| {
            open(a, PaneKind::Model)
                && a.focus == Focus::Inspector
                && a.inspector.as_ref().is_some_and(|i| i.cell_on)
        },
    },
    Step {
        title: "Compare runs",
        text: "Move to the baseline with k and mark it with c, then come back to logistic with \
               j: its summary shows the baseline's scores in a column beside its own.",
        keys: "k, c, then j",
        done: |a| {
            a.inspector.as_ref().is_some_and(|i| {
                i.kind == PaneKind::Model && i.marked.is_some_and(|m| m != i.cursor)
            })
        },
    },
    Step {
        title: "Save the recipe",
        text: "Save the session: the cleaning step and the model in one recipe file. \
               `lathe run` replays it on next month's data and prints the same numbers.",
        keys: "Ctrl-s (or s in the model pane), Enter",
        done: |a| {
            a.recipe_version > 0 && a.saved_version == a.recipe_version && a.pending.is_none()
        },
    },
    Step {
        title: "Done",
        text: "That was a whole session: look, fix, train, compare, save. Press ? for every key \
               and : to find any command by name. Esc closes this tour.",
        keys: "Esc",
        done: |_| false,
    },
];

/// Where the tour stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tour {
    pub step: usize,
}

impl App {
    /// Start the tour at its first step.
    pub fn start_tour(&mut self) {
        self.tour = Some(Tour { step: 0 });
        self.info_message("Tour: follow the box at the bottom; Esc leaves it.".into());
    }

    /// After every action: move on past the steps that are done.
    pub(super) fn advance_tour(&mut self) {
        while let Some(t) = self.tour {
            match STEPS.get(t.step) {
                Some(s) if (s.done)(self) => self.tour = Some(Tour { step: t.step + 1 }),
                Some(_) => break,
                None => {
                    self.tour = None;
                    break;
                }
            }
        }
        if let Some(t) = self.tour {
            if t.step >= STEPS.len() {
                self.tour = None;
            }
        }
    }

    /// Leave the tour; what was done stays.
    pub(super) fn leave_tour(&mut self) {
        if let Some(t) = self.tour.take() {
            self.info_message(format!(
                "Left the tour at step {} of {}; everything done stays. `tour` (:) starts it again.",
                t.step + 1,
                STEPS.len()
            ));
        }
    }
}
