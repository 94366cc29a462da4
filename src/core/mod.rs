//! The core: no terminal crates here; the TUI and the headless commands call the same
//! functions, so their numbers agree. Seven rooms, listed from the bottom up: a room uses the
//! rooms above it in this list, never one below it (`tests/layers.rs` checks it).
//!
//! - `num`: primitives every room uses (the parallel map, radix sorts, compensated sums,
//!   moments and quantiles of a slice, the seeded generator and samples, the machine's memory)
//! - `data`: reading (`source` with `csv` and `columnar`), writing (`sink`), the paths typed at
//!   prompts, and the cells, numbers in text, filters (`expr`) and views the table shows
//! - `clean`: the cleaning steps (`step`) and applying, previewing and replaying them
//! - `stats`: what the data says (`profile`, `quality`, `correlate`, `hypothesis`, `inspect`,
//!   `drift`); a drift pane cleans the new file with the data's steps, so it sits above `clean`
//! - `model`: features, evaluation, the models lathe fits and training runs
//! - `session`: the recipe document (steps and model), saved models, and the one replay driver
//! - `export`: a recipe's steps as SQL for another engine (Spark, DuckDB)
//!
//! `error` is the one error type, used by every room.

pub mod clean;
pub mod data;
pub mod error;
pub mod export;
pub mod model;
pub mod num;
pub mod session;
pub mod stats;

pub use error::{Error, Result};
