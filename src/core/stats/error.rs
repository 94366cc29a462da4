//! Why a statistic, a test or a comparison could not be computed.

/// What stops an inspection pane's numbers; each message names the column or the file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StatsError {
    #[error("no column `{0}`")]
    NoColumn(String),
    #[error("`{0}` is not numeric")]
    NotNumeric(String),
    /// Too few values or groups for the test asked for.
    #[error("{0}")]
    TooFew(String),
    /// A request that cannot be answered as asked (a column compared with itself).
    #[error("{0}")]
    Request(String),
    /// The other file of a comparison cannot be read, or cleaned like the data.
    #[error("{0}")]
    Compare(String),
    /// polars refused an operation on a column (the message names it).
    #[error("{0}")]
    Polars(String),
}

crate::core::error::from_polars!(StatsError, StatsError::Polars);
