//! What lathe writes, shared by the app's write jobs and the headless commands: chart series and
//! their drawing (`charts`), the session report (`report`), output folders with their manifest
//! (`folder`) and what a write job writes (`write`).

pub mod charts;
pub mod folder;
pub mod report;
pub mod write;
