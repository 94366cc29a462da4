//! What the data says: `profile` (every column's summary and duplicate rows, as `lathe profile`
//! reports them), `quality` (the warnings), `correlate` (Pearson and Spearman matrices),
//! `hypothesis` (tests), `inspect` (the inspector panes' numbers) and `drift` (a new dataset
//! against a reference).

pub mod correlate;
pub mod drift;
pub mod error;
pub mod hypothesis;
pub mod inspect;
pub mod profile;
pub mod quality;

pub use error::StatsError;
