//! Saved models: one JSON file with everything `lathe predict` needs to turn new raw data into
//! predictions the way the training data was treated: the recipe (cleaning steps with their
//! fitted values, and the training spec), the raw columns the training data had, the feature
//! encoding, the fitted model, and the metrics it was evaluated with.
//!
//! The file is `{"format": "lathe-model", "version": 1, "lathe": ..., "checksum": ...,
//! "model": {...}}`; the checksum (FNV-1a, 64 bits, over the `model` object written compactly
//! with sorted keys) finds a file changed or cut short since it was written.
//!
//! The model saved is fitted on every row of the cleaned data (the evaluation's splits only
//! estimate how well it does), with the run's seed, as scikit-learn users refit before use.

use crate::core::model::ModelError;
use std::collections::BTreeMap;

use polars::prelude::*;
use serde::{Deserialize, Serialize};

use super::predict::*;
pub use super::predict::{keeping_rows, predict, removes_rows, Predicted};
pub use super::reading::Reading;
use crate::core::clean::step::Step;
use crate::core::model::features::{
    check_missing, class_target, number_target, Encoder, Table, Task,
};
use crate::core::model::models::{fit, info, Fitted, Target};
use crate::core::model::train::{Evaluation, Report, Scores, TrainSpec};
use crate::core::session::recipe::Recipe;

/// The `format` of a model file.
pub const FORMAT: &str = "lathe-model";
/// The model file version this build writes and reads.
pub const VERSION: u32 = 1;
/// Training rows whose predictions the file keeps, to check a reload against.
pub const CHECK_ROWS: usize = 20;

/// The saved model itself (the file's `model` object).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedModel {
    /// Cleaning steps with fitted values, and the training spec in `model`.
    pub recipe: Recipe,
    pub task: Task,
    pub target: Option<String>,
    /// The features after cleaning, in the encoder's order.
    pub features: Vec<String>,
    /// The columns of the raw training data and their types (before cleaning).
    pub input_columns: Vec<(String, String)>,
    /// The columns of the cleaned training data and their types, so `predict` also reads the
    /// data lathe wrote after cleaning (empty in files saved before lathe kept them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cleaned_columns: Vec<(String, String)>,
    pub encoder: Encoder,
    /// Class names (classification), in the model's index order.
    pub classes: Option<Vec<String>>,
    pub fitted: Fitted,
    pub params: BTreeMap<String, f64>,
    pub evaluation: Evaluation,
    /// The evaluation's scores and the baseline's.
    pub metrics: Scores,
    pub baseline: Scores,
    pub rows_trained: usize,
    /// Predictions of the first rows of the cleaned training data, as written by `predict`.
    pub check: Vec<String>,
}

#[derive(Serialize, Deserialize)]
pub(super) struct File {
    format: String,
    version: u32,
    lathe: String,
    checksum: String,
    model: serde_json::Value,
}

pub(super) fn fnv1a(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl SavedModel {
    /// The file's text.
    pub fn to_json(&self) -> String {
        let value = serde_json::to_value(self).expect("a model always serialises");
        let file = File {
            format: FORMAT.into(),
            version: VERSION,
            lathe: env!("CARGO_PKG_VERSION").into(),
            checksum: fnv1a(&value.to_string()),
            model: value,
        };
        serde_json::to_string(&file).expect("a model file always serialises") + "\n"
    }

    /// Read a model file's text.
    pub fn from_json(text: &str) -> Result<SavedModel, ModelError> {
        let head: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            ModelError::Invalid(format!(
                "not a lathe model file, or a damaged one (not valid JSON: {e})"
            ))
        })?;
        if head.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(ModelError::Invalid(format!(
                "not a lathe model file (no `\"format\": \"{FORMAT}\"`)"
            )));
        }
        match head.get("version").and_then(|v| v.as_u64()) {
            Some(v) if v == u64::from(VERSION) => {}
            v => {
                return Err(ModelError::Invalid(format!(
                    "model file version {} is not supported: this lathe ({}) reads \
                     version {VERSION}; train and save the model again with this lathe",
                    v.map_or("(none)".to_string(), |v| v.to_string()),
                    env!("CARGO_PKG_VERSION")
                )))
            }
        }
        let parsed: File = serde_json::from_value(head)
            .map_err(|e| ModelError::Invalid(format!("a damaged lathe model file: {e}")))?;
        if fnv1a(&parsed.model.to_string()) != parsed.checksum {
            return Err(ModelError::Invalid(
                "the model file was changed or damaged since lathe wrote it (checksum \
                        mismatch); save it again"
                    .into(),
            ));
        }
        let model: SavedModel = serde_json::from_value(parsed.model)
            .map_err(|e| ModelError::Invalid(format!("a damaged lathe model file: {e}")))?;
        model
            .validate()
            .map_err(|e| ModelError::Invalid(format!("a damaged lathe model file: {e}")))?;
        Ok(model)
    }

    /// Check the whole structure before anything predicts with it: the checksum finds
    /// accidents, not edits, so a file changed by hand with its checksum recomputed must still
    /// not reach an index out of range or a division by zero.
    pub fn validate(&self) -> Result<(), ModelError> {
        let enc = &self.encoder;
        if enc.levels.len() != self.features.len() {
            return Err(ModelError::Invalid(format!(
                "`encoder.levels` has {} entries for {} features",
                enc.levels.len(),
                self.features.len()
            )));
        }
        let columns: usize = enc
            .levels
            .iter()
            .map(|l| l.as_ref().map_or(1, Vec::len))
            .sum();
        if enc.names.len() != columns {
            return Err(ModelError::Invalid(format!(
                "`encoder.names` has {} names for {columns} encoded columns",
                enc.names.len()
            )));
        }
        for levels in enc.levels.iter().flatten() {
            if levels.windows(2).any(|w| w[0] >= w[1]) {
                return Err(ModelError::Invalid(
                    "`encoder.levels`: a feature's levels are not sorted and distinct".into(),
                ));
            }
        }
        if let Some(scale) = &enc.scale {
            if scale.len() != columns {
                return Err(ModelError::Invalid(format!(
                    "`encoder.scale` has {} entries for {columns} encoded columns",
                    scale.len()
                )));
            }
            if scale
                .iter()
                .any(|(m, s)| !m.is_finite() || !s.is_finite() || *s <= 0.0)
            {
                return Err(ModelError::Invalid(
                    "`encoder.scale`: a mean is not finite or a standard deviation is not \
                     positive"
                        .into(),
                ));
            }
        }
        if let Some(fill) = &enc.fill {
            if fill.len() != self.features.len() {
                return Err(ModelError::Invalid(format!(
                    "`encoder.fill` has {} entries for {} features",
                    fill.len(),
                    self.features.len()
                )));
            }
            for (f, levels) in fill.iter().zip(&enc.levels) {
                let fits = match (f, levels) {
                    (crate::core::model::features::Fill::Number(x), None) => x.is_finite(),
                    (crate::core::model::features::Fill::Level(_), Some(_)) => true,
                    _ => false,
                };
                if !fits {
                    return Err(ModelError::Invalid(
                        "`encoder.fill`: a number's fill is not a finite number, or a text \
                         feature's fill is not text"
                            .into(),
                    ));
                }
            }
        }
        let k = match (self.task, &self.classes) {
            (Task::Classification, Some(c)) if !c.is_empty() => c.len(),
            (Task::Classification, _) => {
                return Err(ModelError::Invalid(
                    "`classes`: a classifier's file lists no classes".into(),
                ))
            }
            _ => 0,
        };
        if self.task != Task::Clustering && self.target.is_none() {
            return Err(ModelError::Invalid(
                "`target`: a supervised model's file names no target".into(),
            ));
        }
        self.fitted
            .validate(columns, k)
            .map_err(|e| ModelError::Invalid(format!("`fitted`: {e}")))
    }
}

/// Fit `spec`'s model on every row of `cleaned` and keep it with what `predict` needs.
/// `raw` is the data before cleaning (its columns are what new data must have), `recipe` the
/// cleaning steps with their fitted values, `report` the run's evaluation.
pub fn save_model(
    raw: &DataFrame,
    cleaned: &DataFrame,
    steps: &[Step],
    spec: &TrainSpec,
    report: &Report,
) -> Result<SavedModel, ModelError> {
    let s = spec.setup_on(cleaned)?;
    if spec.model.name == "dbscan" {
        return Err(ModelError::Spec(
            "DBSCAN labels only the rows it was fitted on; it cannot predict new rows, so it \
             is not saved (k-means or the Gaussian mixture can be)"
                .into(),
        ));
    }
    let params = spec.model.validate(s.task)?;
    check_missing(cleaned, &s, spec.impute)?;
    let n = cleaned.height();
    let rows: Vec<usize> = (0..n).collect();
    let table = Table::new(cleaned, &s.features)?;
    let standardise = info(&spec.model.name).is_some_and(|m| m.standardise);
    let encoder = Encoder::fit(&table, &rows, standardise, spec.impute);
    let x = encoder.transform(&table, &rows);
    let (fitted, classes) = match (s.task, &s.target) {
        (Task::Classification, Some(t)) => {
            let (y, names) = class_target(cleaned, t)?;
            let k = names.len();
            (
                fit(
                    &spec.model,
                    &params,
                    &x,
                    Target::Classes(&y, k),
                    spec.seed,
                    &crate::core::model::models::never,
                )?,
                Some(names),
            )
        }
        (Task::Regression, Some(t)) => {
            let y = number_target(cleaned, t)?;
            (
                fit(
                    &spec.model,
                    &params,
                    &x,
                    Target::Values(&y),
                    spec.seed,
                    &crate::core::model::models::never,
                )?,
                None,
            )
        }
        _ => (
            fit(
                &spec.model,
                &params,
                &x,
                Target::None,
                spec.seed,
                &crate::core::model::models::never,
            )?,
            None,
        ),
    };
    let k = classes.as_ref().map_or(0, |c| c.len());
    let first: Vec<usize> = (0..n.min(CHECK_ROWS)).collect();
    let check = labels(
        &fitted.predict(&encoder.transform(&table, &first), k),
        classes.as_deref(),
    );
    let mut recipe = Recipe::new(None);
    recipe.steps = steps.to_vec();
    let mut fixed = spec.clone();
    fixed.features = Some(s.features.clone());
    fixed.task = Some(s.task);
    recipe.model = Some(fixed);
    Ok(SavedModel {
        recipe,
        task: s.task,
        target: s.target.clone(),
        features: s.features,
        input_columns: raw
            .columns()
            .iter()
            .map(|c| (c.name().to_string(), c.dtype().to_string()))
            .collect(),
        cleaned_columns: cleaned
            .columns()
            .iter()
            .map(|c| (c.name().to_string(), c.dtype().to_string()))
            .collect(),
        encoder,
        classes,
        fitted,
        params,
        evaluation: report.evaluation,
        metrics: report.metrics.clone(),
        baseline: report.baseline.clone(),
        rows_trained: n,
        check,
    })
}
