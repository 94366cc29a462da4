//! Applying cleaning steps to a frame: each step gives a new frame (the input is never changed),
//! the step with what it learnt from the data (`fitted`), and a note on values it could not
//! convert. `step` is the vocabulary; `apply` applies one step (with the families `cast`,
//! `fill`, `encode` and the fitting in `fit`, over the column helpers of `values`); `preview`
//! says what a step changed; `replay` runs steps in order.

mod apply;
mod cast;
mod combine;
mod encode;
pub mod error;
mod fill;
mod fit;
mod preview;
mod replay;
pub mod schema;
pub mod step;
pub mod texts;
mod values;

pub use apply::{apply_step, Applied, MAX_BINS};
pub use error::StepError;
pub use preview::{describe, preview, Preview, PREVIEW_ROWS};
pub use replay::{
    preview_steps, replay, replay_previewed, replay_with, rerun, walk, Previewed, Replayed, Rerun,
};
