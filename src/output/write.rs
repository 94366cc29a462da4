//! What a write job writes (a frame, text, a model to fit and save, charts, a report), and why a
//! write did not happen. The app asks for writes; `jobs` carries them out.

use polars::prelude::DataFrame;

use crate::core::clean::step::Step;

/// What a write job writes.
#[derive(Debug, Clone)]
pub enum Output {
    Frame(DataFrame),
    Text(String),
    /// A model to fit on every row and save (the job does the fitting).
    Model(Box<ModelToSave>),
    /// Charts: the first at the path, each other one beside it with its suffix
    /// (`x.png` -> `x_residuals.png`).
    Charts(ChartFiles),
    /// The session report, written into a folder (the job builds it).
    Report(Box<ReportToWrite>),
}

/// What the report needs: the data before and after cleaning, the steps with what each did, the
/// session's run.
#[derive(Debug, Clone)]
pub struct ReportToWrite {
    pub name: String,
    pub raw: DataFrame,
    pub cleaned: DataFrame,
    pub steps: Vec<(Step, String)>,
    pub run: Option<(
        crate::core::model::train::TrainSpec,
        crate::core::model::train::Report,
    )>,
    pub leaderboard: Vec<crate::output::report::Entry>,
}

/// Charts to write: the first at the chosen path, the others beside it with a suffix.
pub type ChartFiles = Vec<(Option<String>, crate::output::charts::Chart)>;

/// What saving a model needs: the data before and after cleaning, the fitted steps, the run.
#[derive(Debug, Clone)]
pub struct ModelToSave {
    pub raw: DataFrame,
    pub cleaned: DataFrame,
    pub steps: Vec<Step>,
    pub spec: crate::core::model::train::TrainSpec,
    pub report: crate::core::model::train::Report,
    /// How the session names the run (`run 3: random_forest n_trees=50`).
    pub label: String,
}

/// Why a write did not happen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteFailure {
    /// The file exists and overwriting was not confirmed.
    Exists,
    Other(String),
}
