//! Sessions: the documents that tie the cleaning to a model, and the one driver that replays
//! them. `recipe` (the versioned JSON of steps, source and model spec), `saved` (model files:
//! the fitted model with its recipe), `reading` and `predict` (a saved model on new data) and
//! `pipeline` (a recipe from raw data to a report, for `lathe run`). The app's `--recipe`
//! replays the same steps through the same walk (`core::clean::walk`), in one restore job.

pub mod pipeline;
mod predict;
mod reading;
pub mod recipe;
pub mod saved;
