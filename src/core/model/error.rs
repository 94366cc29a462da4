//! What can stop a fit, a training run or a prediction, by kind: the app and the commands
//! show the message as it is, and tell a cancel from a failure by its variant, not its text.

/// Why a model could not be trained, read or used. Each message says what to change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// The user (or the app, for a stale run) stopped the run.
    #[error("training cancelled")]
    Cancelled,
    /// Settings that cannot work: an unknown model, a parameter out of range, a model that
    /// does not fit the task, folds or a training share out of range.
    #[error("{0}")]
    Spec(String),
    /// Data this model cannot learn from or be applied to: a missing or non-numeric column,
    /// missing values, too few rows, a single class.
    #[error("{0}")]
    Data(String),
    /// The fit would need more memory than is available (checked before it starts).
    #[error("{0}")]
    Memory(String),
    /// A fitted model (usually read from a file) that does not hold together.
    #[error("{0}")]
    Invalid(String),
    /// A solver failed on data it accepted.
    #[error("{0}")]
    Fit(String),
}

// A polars error while arranging a run's columns is a problem with the data.
crate::core::error::from_polars!(ModelError, ModelError::Data);

pub type Result<T> = std::result::Result<T, ModelError>;
