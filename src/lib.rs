//! lathe: a keyboard-driven terminal workbench for datasets and quick models.
//!
//! `core` loads and computes (no terminal crates); `app` is the TUI state machine; `ui` draws it;
//! `tui` runs the event loop; `jobs` is where threads start; `headless` runs the batch commands.

/// The TUI state machine: `App`, `Action`, `update`, `Effect`; no I/O.
pub mod app;
/// Chart files (PNG, SVG) drawn with plotters from the data the panes show.
pub mod charts;
/// Command-line definitions.
pub mod cli;
/// Loading, statistics, cleaning and models, shared by the TUI and the headless commands.
pub mod core;
/// The event loop's one event type.
pub mod event;
/// Batch commands (`lathe profile`, `apply`, `train`, `run`, `predict`, `drift`).
pub mod headless;
/// Background jobs: the only place background work starts.
pub mod jobs;
/// The session report (Markdown and self-contained HTML).
pub mod report;
/// Terminal setup and restore, the input thread, the event loop.
pub mod tui;
/// Pure rendering of an `&App` into a frame.
pub mod ui;
