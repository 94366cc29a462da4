//! The core: no terminal crates here; the TUI and the headless commands call the same
//! functions, so their numbers agree.
//!
//! - reading and writing: `source` (with `csv`, `columnar`), `sink` (atomic writes), `paths`
//!   (`~` and `$VAR` in the paths typed at the app's prompts)
//! - looking: `profile`, `quality`, `correlate`, `hypothesis`, `inspect`, `expr`, `view`
//! - cleaning: `recipe` (the steps and the document), `clean` (applying and previewing them)
//! - models: `features`, `evaluate`, `metrics`, `models`, `train` (the pipeline) and
//!   `run_warnings` (what a run warns about), with lathe's
//!   own `tree` (on `prepared`; `forest` on both), `kmeans`, `mixture`, `enet` (ridge, lasso, elastic net), `dbscan`, `logistic` (on `lbfgs`;
//!   it and `neighbours` read `prepared`'s dense/sparse column split), `ols`, `neighbours`, `bayes`, `svm` and `pca` where
//!   linfa fell short, `rng` for every seeded choice and `parallel` for work over the cores,
//!   `radix` (numbers sorted by their bits) and `compensated` (sums that keep their rounding error)
//! - drift: `drift` (a new dataset against a reference)
//! - sessions: `pipeline` (a recipe from raw data to a report), `saved` (model files and
//!   predictions on new data)

pub mod bayes;
pub mod cells;
pub mod clean;
mod columnar;
mod compensated;
pub mod correlate;
mod csv;
pub mod dbscan;
pub mod drift;
pub mod enet;
pub mod error;
pub mod evaluate;
pub mod expr;
pub mod features;
pub mod forest;
pub mod hypothesis;
pub mod inspect;
pub mod kmeans;
mod lbfgs;
pub mod logistic;
pub mod memory;
pub mod metrics;
pub mod mixture;
pub mod models;
pub mod neighbours;
pub mod ols;
mod parallel;
pub mod paths;
pub mod pca;
pub mod pipeline;
pub(crate) mod prepared;
pub mod profile;
pub mod quality;
mod radix;
pub mod recipe;
pub mod registry;
pub mod rng;
pub mod run_warnings;
pub mod saved;
pub mod sink;
pub mod source;
pub mod svm;
pub mod train;
pub mod tree;
pub mod view;

pub use error::{Error, Result};
