//! The one event type of the event loop: everything that can wake it up arrives on one channel.

use crate::jobs::JobEvent;

#[derive(Debug)]
pub enum Event {
    /// A key, mouse or resize event from the input thread.
    Input(crossterm::event::Event),
    /// A background job's report.
    Job(JobEvent),
    /// The input thread stopped (the terminal went away).
    InputClosed,
}
