//! The one error type of the core: every message names the file and, where known, the line or column.

use std::path::PathBuf;

/// Everything that can go wrong while opening or reading a dataset.
///
/// `file` is the name shown to the user (a path, or `<stdin>`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{file}: no such file")]
    NotFound { file: String },
    #[error("{file}: is a directory, not a data file")]
    IsDirectory { file: String },
    /// The I/O error is said in the message itself, not also as a cause (the command line
    /// prints causes after the message, which said it twice).
    #[error("{file}: cannot read: {cause}")]
    Unreadable { file: String, cause: std::io::Error },
    #[error("{file}: the file is empty")]
    Empty { file: String },
    #[error("{file}: looks like a binary file ({what}), not a dataset lathe can read")]
    Binary { file: String, what: String },
    #[error(
        "{file}: line {line}: invalid UTF-8 (byte 0x{byte:02X}); \
         re-encode the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`"
    )]
    InvalidUtf8 { file: String, line: u64, byte: u8 },
    #[error("{file}: line {line}: expected {expected} fields, found {found}")]
    RaggedRow {
        file: String,
        line: u64,
        expected: usize,
        found: usize,
    },
    #[error(
        "{file}: line {line}: a quoted field is never closed (unterminated quote); a quote \
         inside a value must be doubled and the value quoted, e.g. \"5'11\"\"\""
    )]
    UnterminatedQuote { file: String, line: u64 },
    #[error("{file}: duplicate column name {name:?} (columns {first} and {second})")]
    DuplicateColumn {
        file: String,
        name: String,
        first: usize,
        second: usize,
    },
    #[error("{file}: not a valid {format} file: {detail}")]
    Malformed {
        file: String,
        format: &'static str,
        detail: String,
    },
    #[error("{file}: line {line}: malformed JSON: {detail}")]
    MalformedJsonLine {
        file: String,
        line: u64,
        detail: String,
    },
    #[error("{file}: {what} is not supported; {hint}")]
    Unsupported {
        file: String,
        what: String,
        hint: String,
    },
    /// The input holds several tables (a database) and none was named: a usage mistake, like
    /// `Option`, said without its prefix.
    #[error("{file}: {message}")]
    Choose { file: String, message: String },
    #[error("invalid option: {0}")]
    Option(String),
    /// A recipe step that cannot be applied to the data; `step` counts from 1.
    #[error("recipe step {step} ({op}): {cause}")]
    Step {
        step: usize,
        op: String,
        cause: crate::core::clean::StepError,
    },
    /// A recipe document that cannot be read.
    #[error("{file}: {message}")]
    Recipe { file: String, message: String },
    /// Training that cannot run on this data or with these settings, or a model file that
    /// cannot be used (`cause` is not a `source`: the message already says it).
    #[error("{file}: {cause}")]
    Model {
        file: String,
        cause: crate::core::model::ModelError,
    },
    /// A recipe that cannot be written as SQL (a step refused, named).
    #[error("{file}: {cause}")]
    Export {
        file: String,
        cause: crate::core::export::ExportError,
    },
    /// An output that cannot (or may not) be written.
    #[error("{file}: {message}")]
    Write { file: String, message: String },
    /// Standard output closed by its reader before everything was written (`| head`): the
    /// output is incomplete, so the exit code says so, but there is nobody to tell.
    #[error("standard output closed before everything was written")]
    ClosedOutput,
}

impl Error {
    /// Map an I/O error on `path` to the friendliest variant.
    pub fn io(file: &str, path: Option<&PathBuf>, source: std::io::Error) -> Self {
        let file = file.to_string();
        match source.kind() {
            std::io::ErrorKind::NotFound => Error::NotFound { file },
            _ if path.is_some_and(|p| p.is_dir()) => Error::IsDirectory { file },
            _ => Error::Unreadable {
                file,
                cause: source,
            },
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// `impl From<PolarsError>` for an area's error, keeping polars' message in `$variant`: each
/// area says which of its kinds a polars refusal is.
macro_rules! from_polars {
    ($error:ty, $variant:path) => {
        impl From<polars::prelude::PolarsError> for $error {
            fn from(e: polars::prelude::PolarsError) -> Self {
                $variant(e.to_string())
            }
        }
    };
}
pub(crate) use from_polars;

/// Run `f`, turning a panic into its message (`unknown panic` when it carries none): the one
/// place panics from polars or a job become text.
pub fn catch_panic<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string())
    })
}
