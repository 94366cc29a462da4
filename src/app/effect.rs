//! `Effect`: the work `update` asks the event loop to do (start a job, cancel one, quit).

use crate::jobs::{Job, JobId};

/// Work for the event loop.
#[derive(Debug, Clone)]
pub enum Effect {
    /// Start `Job` in the background; its reports carry the id.
    Start(JobId, Job),
    Cancel(JobId),
    /// Put text on the clipboard (through the terminal: OSC 52).
    Copy(String),
    /// End the session: the event loop cancels every job and returns (the only way it quits).
    Quit,
}
