//! lathe: a keyboard-driven terminal workbench for datasets and quick models.
//!
//! The layers, each using only the ones before it (docs/ARCHITECTURE.md; `tests/layers.rs`
//! checks it): `core` loads and computes (no terminal crates); `output` turns results into
//! charts, reports and files; `commands` runs the headless commands and `jobs` the app's
//! background work (the only place its threads start); `app` is the TUI state machine; `ui`
//! draws it; `tui` runs the event loop.

/// The TUI state machine: `App`, `Action`, `update`, `Effect`; no I/O.
pub mod app;
/// Command-line definitions.
pub mod cli;
/// The headless commands (`lathe profile`, `apply`, `train`, `run`, `predict`, `drift`).
pub mod commands;
/// Loading, statistics, cleaning and models, shared by the TUI and the headless commands.
pub mod core;
/// The event loop's one event type.
pub mod event;
/// Background jobs: the only place background work starts.
pub mod jobs;
/// Charts (series and their drawing), the session report, output folders, write requests.
pub mod output;
/// Terminal setup and restore, the input thread, the event loop.
pub mod tui;
/// Pure rendering of an `&App` into a frame.
pub mod ui;
