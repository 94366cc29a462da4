//! The guided tour (`lathe --tour [FILE]`, or `tour` from the palette): a real session on the
//! data that is open, the bundled penguins sample by default. Its steps are chosen from the data
//! once it is loaded and its statistics are ready: the column worth profiling, the fix its
//! warnings (or its missing values) call for, the column to predict and the models for that
//! task. Each step says what to do and why in plain words, gives every key to press, and moves
//! on only when the app's state shows it was done; the tour never does the work itself. Esc,
//! when it has nothing else to close, leaves the tour; what was done stays.

use super::inspector::PaneKind;
use super::{App, Focus, Stats};
use crate::core::model::features::Task;
use crate::core::model::models::info;

/// One step: what to read and do, the keys to press, and the check that it was done.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub title: String,
    pub text: String,
    pub keys: String,
    pub check: Check,
}

/// What shows that a step was done.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// The cursor left the first cell.
    Moved,
    /// The profile of this column is open.
    Profile(String),
    /// The warnings pane is open.
    Warnings,
    /// The recipe holds more than this many steps.
    Recipe(usize),
    /// A baseline was trained.
    Baseline,
    /// A model other than the baseline was trained with cross-validation.
    Validated,
    /// A confusion matrix cell (or for a regression, one of the largest errors) is picked in
    /// the model pane.
    Matrix,
    /// Another run is marked for comparison than the one selected.
    Compare,
    /// A recipe file was written since this many were, and the recipe is saved as it stands.
    Saved(usize),
    /// The last step: only Esc ends it.
    Never,
}

impl Check {
    fn holds(&self, app: &App) -> bool {
        let open = |kind: PaneKind| app.inspector.as_ref().is_some_and(|i| i.kind == kind);
        match self {
            Check::Moved => app.row > 0 || app.col > 0,
            Check::Profile(c) => {
                open(PaneKind::Profile) && app.current_column().as_deref() == Some(c.as_str())
            }
            Check::Warnings => open(PaneKind::Warnings),
            Check::Recipe(n) => app.recipe.len() > *n,
            Check::Baseline => app.runs.iter().any(|r| is_baseline(&r.report.model)),
            Check::Validated => app
                .runs
                .iter()
                .any(|r| !is_baseline(&r.report.model) && r.report.cv.is_some()),
            Check::Matrix => {
                open(PaneKind::Model)
                    && app.focus == Focus::Inspector
                    && app.inspector.as_ref().is_some_and(|i| i.cell_on)
            }
            Check::Compare => app.inspector.as_ref().is_some_and(|i| {
                i.kind == PaneKind::Model && i.marked.iter().any(|&m| m != i.cursor)
            }),
            Check::Saved(n) => {
                app.recipe_saves > *n
                    && app.saved_version == app.recipe_version
                    && app.pending.is_none()
            }
            Check::Never => false,
        }
    }
}

fn is_baseline(model: &str) -> bool {
    info(model).is_some_and(|m| m.baseline)
}

/// Where the tour stands: its steps (none until the data is ready) and the current one.
#[derive(Debug, Clone, PartialEq)]
pub struct Tour {
    pub step: usize,
    pub steps: Vec<Step>,
}

impl Tour {
    /// The step being shown; `None` while the tour waits for the data.
    pub fn current(&self) -> Option<&Step> {
        self.steps.get(self.step)
    }
}

/// Warnings whose fix is a judgement call, not offered as the tour's fix step.
const JUDGEMENT_CALLS: &[&str] = &["outliers", "heavy_skew"];

/// Names a column to predict is often given (compared case-insensitively).
const TARGET_NAMES: &[&str] = &[
    "target",
    "label",
    "class",
    "species",
    "y",
    "outcome",
    "churn",
    "survived",
    "diagnosis",
    "quality",
];

fn step(title: &str, text: String, keys: String, check: Check) -> Step {
    Step {
        title: title.to_string(),
        text,
        keys,
        check,
    }
}

/// The keys that reach column `to` (named `name`, of `width`) from anywhere in the table.
fn goto(name: &str, to: usize, width: usize) -> String {
    if to == 0 {
        "0 (first column)".to_string()
    } else if to + 1 == width {
        "$ (last column)".to_string()
    } else {
        format!("J (jump to a column), {name}, Enter")
    }
}

/// The tour's steps for the open data; `None` until it is loaded and summarised.
pub fn plan(app: &App) -> Option<Vec<Step>> {
    let Stats::Ready(stats) = &app.stats else {
        return None;
    };
    if app.is_loading() || app.frame.width() == 0 {
        return None;
    }
    let frame = &app.frame;
    let names: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|n| n.to_string())
        .collect();
    let index = |name: &str| names.iter().position(|n| n == name).unwrap_or(0);
    let target = names
        .iter()
        .find(|n| TARGET_NAMES.iter().any(|t| n.eq_ignore_ascii_case(t)))
        .or(names.last())
        .cloned()
        .unwrap_or_default();
    let task = crate::core::model::features::infer_task(frame, Some(&target));
    let task = if task == Task::Clustering {
        Task::Classification
    } else {
        task
    };
    let models = super::model::models_for(task);
    let (model, baseline) = (
        models.first().copied().unwrap_or("logistic"),
        models.last().copied().unwrap_or("majority"),
    );
    let warnings = app.all_warnings();
    // The column to profile: a numeric one a warning names, else the most skewed.
    let numeric: Vec<&crate::core::stats::profile::ColumnSummary> = stats
        .iter()
        .filter(|s| s.name != target && s.mean.is_some())
        .collect();
    let warned = numeric.iter().find(|s| {
        warnings
            .iter()
            .any(|w| w.columns.first() == Some(&s.name) && w.kind != "id_like")
    });
    let skewed = numeric.iter().max_by(|a, b| {
        let skew = |s: &crate::core::stats::profile::ColumnSummary| s.skew.map_or(0.0, f64::abs);
        skew(a).total_cmp(&skew(b))
    });
    let profiled = warned
        .or(skewed)
        .map(|s| s.name.clone())
        .unwrap_or_else(|| names[0].clone());
    let file = std::path::Path::new(&app.input_name)
        .file_name()
        .map_or(app.input_name.clone(), |f| f.to_string_lossy().into_owned());
    let rows = crate::core::data::cells::group_thousands(frame.height());

    let mut steps = vec![
        step(
            "The table",
            format!(
                "This is {file}: {rows} rows of {} columns. Move around the table to get a feel \
                 for it; missing values show as ∅.",
                names.len()
            ),
            "j/k rows  h/l columns".into(),
            Check::Moved,
        ),
        step(
            "Profile a column",
            format!(
                "Move to {profiled} and open its profile: count, mean, spread, quartiles and a \
                 histogram. Skewed or odd-looking columns show up here before they fool a model."
            ),
            format!(
                "{}, then p (profile)",
                goto(&profiled, index(&profiled), names.len())
            ),
            Check::Profile(profiled.clone()),
        ),
        step(
            "Read the warnings",
            match warnings.first() {
                Some(w) => format!(
                    "lathe checks the data for problems that hurt models: constant columns, \
                     identifiers, heavy skew, outliers, many missing values. It found {} here; \
                     the first: {}",
                    warnings.len(),
                    w.message
                ),
                None => "lathe checks the data for problems that hurt models: constant \
                         columns, identifiers, heavy skew, outliers, many missing values. It \
                         found none serious here."
                    .to_string(),
            },
            "!".into(),
            Check::Warnings,
        ),
    ];
    // Rows missing a value: the columns' null masks or-ed (no copy of the frame), and only
    // when the statistics say some column has nulls.
    let missing_rows = if stats.iter().any(|s| s.nulls > 0) {
        frame
            .columns()
            .iter()
            .filter(|c| c.has_nulls())
            .map(|c| c.is_null())
            .reduce(|a, b| &a | &b)
            .map_or(0, |m| m.sum().unwrap_or(0) as usize)
    } else {
        0
    };
    // Outliers and skew are judgement calls (on clean measurements they are often real): the
    // tour does not teach applying them blindly.
    let fix = warnings
        .iter()
        .position(|w| !w.fix.is_empty() && !JUDGEMENT_CALLS.contains(&w.kind));
    if let Some(i) = fix {
        let w = &warnings[i];
        let on = w
            .columns
            .first()
            .map_or(String::new(), |c| format!(" on {c}"));
        steps.push(step(
            "Apply a fix",
            format!(
                "Each warning comes with the cleaning step that fixes it. Warning {} \
                     ({}{on}) suggests {}: open it with its fields filled, press Enter to \
                     preview what it changes, and Enter again to apply it. The step is recorded \
                     in the recipe and can be undone with U.",
                i + 1,
                w.kind,
                w.fix
            ),
            match i {
                0 => "! (warnings), a (its fix), Enter (preview), Enter (apply)".to_string(),
                _ => format!(
                    "! (warnings), j to warning {}, a (its fix), Enter (preview), Enter \
                         (apply)",
                    i + 1
                ),
            },
            Check::Recipe(app.recipe.len()),
        ));
    } else if missing_rows > 0 {
        steps.push(step(
            "Fix the missing values",
            format!(
                "{} rows miss a value. Training would fill them with the training rows' \
                     median or commonest value, but rows missing most of their measurements are \
                     better gone. Open the cleaning menu, choose drop_nulls, press Enter to \
                     preview what it removes, then Enter again to apply it (fill_null keeps the \
                     rows instead). The step is recorded in the recipe and can be undone with U.",
                crate::core::data::cells::group_thousands(missing_rows)
            ),
            "C (cleaning menu), j/k to drop_nulls, Enter (form), Enter (preview), Enter \
                 (apply)"
                .into(),
            Check::Recipe(app.recipe.len()),
        ));
    }
    let what = match task {
        Task::Regression => format!("{target} holds numbers: this is a regression"),
        _ => format!("{target} holds classes: this is a classification"),
    };
    let beats = match task {
        Task::Regression => "always predicts the training mean",
        _ => "always guesses the commonest class",
    };
    steps.push(step(
        "Pick a target, train a baseline",
        format!(
            "Move to {target}: that is what we will predict ({what}; any column can be the \
             target). Open training, choose the baseline {baseline} with ←/→ and train it. A \
             baseline {beats}: any real model has to beat it."
        ),
        // The warnings pane is open from the steps before, and has the keys.
        format!(
            "Esc (close the pane), {}, T (training), ← to {baseline}, Enter",
            goto(&target, index(&target), names.len())
        ),
        Check::Baseline,
    ));
    steps.push(step(
        "Train a model with cross-validation",
        format!(
            "Open training again and choose {model} with evaluation cv 5: five fits, each \
             tested on rows it never saw, so the score is honest and you see how much it varies."
        ),
        format!("T, → to {model}, Tab to evaluation, ←/→ to cv 5, Enter"),
        Check::Validated,
    ));
    steps.push(match task {
        Task::Regression => step(
            "Read the errors",
            "The model pane shows predicted against actual values and the residuals: points \
             far from the diagonal are the rows the model gets most wrong. Step through the \
             largest errors with J and K; Enter would show those rows in the table."
                .into(),
            "in the model pane: J, K".into(),
            Check::Matrix,
        ),
        _ => step(
            "Read the confusion matrix",
            "Rows are the true classes, columns the predicted ones; the diagonal is right. Pick \
             a cell with H/J/K/L; Enter would show its rows in the table. In a narrow terminal \
             the matrix takes the metrics' place while a cell is picked."
                .into(),
            "in the model pane: H J K L".into(),
            Check::Matrix,
        ),
    });
    steps.push(step(
        "Compare runs",
        "Move to the baseline with k and mark it with c, then come back to your model with j: \
         its summary shows the baseline's scores in a column beside its own."
            .into(),
        "in the model pane: k, c, then j".into(),
        Check::Compare,
    ));
    let replay = if app.input == crate::core::data::source::Input::Sample {
        "`lathe run FILE` replays it (the recipe names the bundled sample as sample:penguins)"
    } else {
        "`lathe run FILE` replays it on next month's data and prints the same numbers"
    };
    steps.push(step(
        "Save the recipe",
        format!("Save the session: the cleaning steps and the model in one recipe file. {replay}."),
        "Ctrl-s (or s in the model pane), Enter".into(),
        Check::Saved(app.recipe_saves),
    ));
    steps.push(step(
        "Done",
        "That was a whole session: look, fix, train, compare, save. Press ? for every key and : \
         to find any command by name. Esc closes this tour."
            .into(),
        "Esc".into(),
        Check::Never,
    ));
    Some(steps)
}

impl App {
    /// Start the tour on the open data; its steps are planned once the data is ready.
    pub fn start_tour(&mut self) {
        self.tour = Some(Tour {
            step: 0,
            steps: Vec::new(),
        });
        self.info_message("Tour: follow the box at the bottom; Esc leaves it.".into());
        self.advance_tour();
    }

    /// After every action: plan the steps once the data is ready, then move on past the steps
    /// that are done.
    pub(super) fn advance_tour(&mut self) {
        let Some(mut tour) = self.tour.take() else {
            return;
        };
        if tour.steps.is_empty() {
            match plan(self) {
                Some(steps) => tour.steps = steps,
                None => {
                    self.tour = Some(tour);
                    return;
                }
            }
        }
        while tour.current().is_some_and(|s| s.check.holds(self)) {
            tour.step += 1;
        }
        if tour.step < tour.steps.len() {
            self.tour = Some(tour);
        }
    }

    /// Leave the tour; what was done stays.
    pub(super) fn leave_tour(&mut self) {
        if let Some(t) = self.tour.take() {
            self.info_message(format!(
                "Left the tour at step {} of {}; everything done stays. `tour` (:) starts it again.",
                t.step + 1,
                t.steps.len()
            ));
        }
    }
}
