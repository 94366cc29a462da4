//! Models: `registry` (every model's name, task and parameters), `features` (a frame to a
//! feature matrix), `evaluate` (hold-out and folds), `metrics`, `models` (fitting and predicting
//! each model), `train` (a training run), `run_warnings` and `fit_memory` (what a fit needs before it starts). lathe's own fits where linfa
//! fell short: `tree` (on `prepared`; `forest` on both), `kmeans`, `mixture`, `enet` (ridge,
//! lasso, elastic net), `dbscan`, `logistic` (on `lbfgs`; it and `neighbours` read `prepared`'s
//! dense/sparse column split), `ols`, `neighbours`, `bayes`, `svm` and `pca`.

pub mod bayes;
pub mod dbscan;
pub mod encode;
pub mod enet;
pub mod error;
pub mod evaluate;
pub mod features;
pub mod fit_memory;
pub mod forest;
pub mod kmeans;
pub(crate) mod lbfgs;
pub mod logistic;
pub mod metrics;
pub mod mixture;
pub mod models;
pub mod neighbours;
pub mod ols;
pub mod pca;
pub(crate) mod prepared;
pub mod registry;
pub mod run_warnings;
pub mod spec;
pub mod svm;
pub mod train;
pub mod tree;

pub use error::ModelError;
