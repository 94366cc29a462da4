//! A session recipe from start to end: clean the loaded data with the recipe's steps, then
//! train and evaluate its model, for `lathe run`. The steps are replayed by the one walk through
//! a recipe, `core::clean::walk`, which the app's restore (`--recipe`, its `Job::Restore`) takes
//! too, and the model is trained by the same `core::model::train`, so both give the numbers the
//! app showed for the same recipe and seed (`tests/session.rs` checks it).

use polars::prelude::DataFrame;

use crate::core::clean::{replay, replay_with, Replayed};
use crate::core::error::{Error, Result};
use crate::core::model::train::{train_with, train_with_test, Evaluation, Report, TrainProgress};
use crate::core::model::ModelError;
use crate::core::session::recipe::Recipe;

/// What replaying a recipe gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The cleaned data, the steps with the values fitted on it, their notes and (with
    /// `describe`) what each did, for the report.
    pub cleaned: Replayed,
    /// The model's evaluation, when the recipe has a model.
    pub report: Option<Report>,
}

/// Clean `raw` and, when the recipe names a model, train and evaluate it. `test` is the
/// test file's rows (cleaned with the values fitted on `raw`); it is required when the
/// recipe's evaluation is `test_file` and used instead of the recipe's evaluation when given.
/// `name` is the data's name in errors; `describe` also says what each step did (a pass over
/// the data per step).
pub fn run_recipe(
    raw: &DataFrame,
    recipe: &Recipe,
    test: Option<&DataFrame>,
    name: &str,
    describe: bool,
    progress: &mut dyn FnMut(TrainProgress) -> bool,
) -> Result<Outcome> {
    let cleaned = replay_with(raw, &recipe.steps, describe)?;
    let (frame, fitted) = (&cleaned.frame, &cleaned.fitted);
    let report = match &recipe.model {
        None => None,
        Some(spec) => {
            let fail = |cause| Error::Model {
                file: name.to_string(),
                cause,
            };
            let result = match test {
                Some(t) => {
                    let (test, _, _) = replay(t, fitted)?;
                    let mut spec = spec.clone();
                    spec.evaluation = Evaluation::TestFile;
                    train_with_test(
                        frame,
                        &test,
                        &spec,
                        progress,
                        &crate::core::model::models::never,
                    )
                }
                None if spec.evaluation == Evaluation::TestFile => {
                    return Err(fail(ModelError::Spec(
                        "the recipe's model is evaluated on a test file: name it with --test FILE"
                            .into(),
                    )))
                }
                None => train_with(frame, spec, progress, &crate::core::model::models::never),
            };
            Some(result.map_err(fail)?)
        }
    };
    Ok(Outcome { cleaned, report })
}
