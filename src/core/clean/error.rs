//! Why a cleaning step cannot be read or applied.

/// What stops a step; the message names the step's field at fault where there is one
/// (`field \`column\`: no column ...`). A recipe's replay wraps it with the step's number and
/// op ([`crate::core::error::Error::Step`]).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StepError {
    /// A field's value that does not fit the step or this data: a missing column, a value of
    /// the wrong type, a number out of range, values that cannot be converted.
    #[error("{0}")]
    Invalid(String),
    /// polars refused the operation the step asked of it.
    #[error("{0}")]
    Polars(String),
}

crate::core::error::from_polars!(StepError, StepError::Polars);
