//! Sessions: the documents that tie the cleaning to a model, and the one driver that replays
//! them. `recipe` (the versioned JSON of steps, source and model spec), `saved` (model files:
//! the fitted model with its recipe, and predictions on new data) and `pipeline` (a recipe from
//! raw data to a report: `lathe run` and the app's `--recipe` both go through it).

pub mod pipeline;
pub mod recipe;
pub mod saved;
