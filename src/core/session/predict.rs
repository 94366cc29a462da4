//! Predictions of a saved model on new data: cleaned as the training data was, encoded as it
//! was, with the predicted columns (and class probabilities) named so they never replace a
//! column the data has.

use crate::core::model::ModelError;
use std::collections::BTreeMap;

use polars::prelude::*;

use super::reading::*;
use super::saved::*;
use crate::core::clean::step::{JoinHow, OutlierAction, Step};
use crate::core::model::features::Table;
use crate::core::model::models::Prediction;

/// What `predict` gives.
#[derive(Debug, Clone)]
pub struct Predicted {
    /// The input rows with the prediction columns after them.
    pub frame: DataFrame,
    /// The names of the added columns.
    pub added: Vec<String>,
    /// Things the user should know (converted types, unseen categories, rows not predicted).
    pub warnings: Vec<String>,
    /// Rows given a prediction (the others had missing features).
    pub predicted: usize,
    /// Whether the data was read as raw (the recipe replayed) or as already cleaned.
    pub input: Reading,
}

/// The predictions as the text `predict` writes (class names, numbers, cluster numbers).
pub(super) fn labels(p: &Prediction, classes: Option<&[String]>) -> Vec<String> {
    match p {
        Prediction::Values(v) => v.iter().map(|x| format!("{x}")).collect(),
        Prediction::Classes { labels, .. } => labels
            .iter()
            .map(|&l| {
                classes
                    .and_then(|c| c.get(l))
                    .cloned()
                    .unwrap_or_else(|| l.to_string())
            })
            .collect(),
        Prediction::Clusters { labels, .. } => labels.iter().map(|l| l.to_string()).collect(),
    }
}

/// Steps that remove rows (or add them, as `concat` does): they shape training data and are
/// skipped when predicting, so that every input row gets its prediction, once. An `inner` join
/// is applied as a `left` one (its columns may be features); an `anti` join is skipped.
pub fn removes_rows(step: &Step) -> bool {
    matches!(
        step,
        Step::DropNulls { .. }
            | Step::Dedupe { .. }
            | Step::Filter { .. }
            | Step::Sample { .. }
            | Step::Concat { .. }
            | Step::Join {
                how: JoinHow::Anti,
                ..
            }
            | Step::ClipOutliers {
                action: OutlierAction::Drop,
                ..
            }
    )
}

/// The step as prediction applies it: an `inner` join keeps every row (as `left`).
pub fn keeping_rows(step: &Step) -> Step {
    match step {
        Step::Join {
            how: JoinHow::Inner,
            ..
        } => {
            let mut s = step.clone();
            if let Step::Join { how, .. } = &mut s {
                *how = JoinHow::Left;
            }
            s
        }
        other => other.clone(),
    }
}

/// A unique name for an added column.
pub(super) fn free_name(frame: &DataFrame, taken: &[String], want: String) -> String {
    let mut name = want.clone();
    let mut i = 2;
    while frame.column(&name).is_ok() || taken.contains(&name) {
        name = format!("{want}_{i}");
        i += 1;
    }
    name
}

/// Check `data`'s columns against the training data's, clean it with the saved steps (those
/// that remove rows skipped), and predict every row whose features are all present.
pub fn predict(model: &SavedModel, data: &DataFrame) -> Result<Predicted, ModelError> {
    let mut warnings = Vec::new();
    let target = model.target.clone();
    let (cleaned, input) = match reading(model, data) {
        Reading::Cleaned => {
            let frame = match_types(&model.cleaned_columns, data, &mut warnings)?;
            (frame, Reading::Cleaned)
        }
        Reading::Raw => (clean_raw(model, data, &mut warnings)?, Reading::Raw),
    };
    // Each feature read as the kind the encoder learnt: numbers, or levels.
    let n = cleaned.height();
    let mut complete = vec![true; n];
    let mut infinite: BTreeMap<&str, usize> = BTreeMap::new();
    let mut huge: BTreeMap<&str, usize> = BTreeMap::new();
    // A model that learnt fills (impute) fills missing values as in training.
    let fills = model.encoder.fill.is_some();
    let mut filled: BTreeMap<&str, usize> = BTreeMap::new();
    let mut columns = Vec::new();
    for (name, levels) in model.features.iter().zip(&model.encoder.levels) {
        let col = cleaned.column(name)?;
        let col = match levels {
            None => {
                let physical = if col.dtype().is_temporal() {
                    col.to_physical_repr()
                } else {
                    col.clone()
                };
                let c = physical.cast(&DataType::Float64)?;
                if c.null_count() > col.null_count() {
                    return Err(ModelError::Data(format!(
                        "`{name}` was numeric in training; here, after cleaning, it is {}",
                        col.dtype()
                    )));
                }
                for (i, v) in c.f64()?.iter().enumerate() {
                    match v {
                        Some(x) if x.is_infinite() => {
                            *infinite.entry(name.as_str()).or_default() += 1;
                            complete[i] = false;
                        }
                        Some(x) if crate::core::model::features::too_large(x) => {
                            *huge.entry(name.as_str()).or_default() += 1;
                            complete[i] = false;
                        }
                        Some(x) if !x.is_nan() => {}
                        _ if fills => *filled.entry(name.as_str()).or_default() += 1,
                        _ => complete[i] = false,
                    }
                }
                c
            }
            Some(levels) => {
                let c = col.cast(&DataType::String)?;
                let mut unseen: BTreeMap<String, usize> = BTreeMap::new();
                for (i, v) in c.str()?.iter().enumerate() {
                    match v {
                        None if fills => *filled.entry(name.as_str()).or_default() += 1,
                        None => complete[i] = false,
                        Some(v) if levels.binary_search(&v.to_string()).is_err() => {
                            *unseen.entry(v.to_string()).or_default() += 1;
                        }
                        _ => {}
                    }
                }
                if !unseen.is_empty() {
                    let total: usize = unseen.values().sum();
                    let mut top: Vec<(String, usize)> = unseen.into_iter().collect();
                    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    let shown: Vec<String> = top
                        .iter()
                        .take(5)
                        .map(|(v, c)| format!("{v:?} ({c})"))
                        .collect();
                    warnings.push(format!(
                        "`{name}`: {total} rows have categories never seen in training: {}{}; \
                         they are encoded as none of the known ones",
                        shown.join(", "),
                        if top.len() > 5 { ", ..." } else { "" }
                    ));
                }
                c
            }
        };
        columns.push(col);
    }
    let features = DataFrame::new(n, columns)?;
    if let Some(fill) = &model.encoder.fill {
        let values: BTreeMap<&str, &crate::core::model::features::Fill> = model
            .features
            .iter()
            .map(String::as_str)
            .zip(fill)
            .collect();
        let list: Vec<String> = filled
            .iter()
            .map(|(c, k)| {
                let rows = if *k == 1 { "row" } else { "rows" };
                match values.get(c) {
                    Some(v) => format!("`{c}` ({k} {rows}, {v})"),
                    None => format!("`{c}` ({k} {rows})"),
                }
            })
            .collect();
        if !list.is_empty() {
            warnings.push(format!(
                "missing values filled as in training: {}",
                list.join(", ")
            ));
        }
    }
    let rows: Vec<usize> = (0..n).filter(|&i| complete[i]).collect();
    if rows.len() < n {
        // Infinite values are refused like missing ones: no model can score them.
        let skipped = n - rows.len();
        let (rows_have, get) = if skipped == 1 {
            ("1 row has".to_string(), "gets")
        } else {
            (
                format!(
                    "{} rows have",
                    crate::core::data::cells::group_thousands(skipped)
                ),
                "get",
            )
        };
        let listed = |m: &BTreeMap<&str, usize>| -> String {
            let list: Vec<String> = m.iter().map(|(c, k)| format!("`{c}` ({k})")).collect();
            list.join(", ")
        };
        warnings.push(if !huge.is_empty() {
            format!(
                "{rows_have} missing, infinite or too large features and {get} no prediction \
                 (values beyond ±{:e} in {}{})",
                crate::core::model::features::MAX_MAGNITUDE,
                listed(&huge),
                if infinite.is_empty() {
                    String::new()
                } else {
                    format!("; infinite values in {}", listed(&infinite))
                }
            )
        } else if infinite.is_empty() {
            format!("{rows_have} missing features and {get} no prediction")
        } else {
            let list: Vec<String> = infinite
                .iter()
                .map(|(c, k)| format!("`{c}` ({k})"))
                .collect();
            format!(
                "{} missing or infinite features and {get} no prediction \
                 (infinite values in {})",
                rows_have,
                list.join(", ")
            )
        });
    }
    let table = Table::new(&features, &model.features)?;
    let x = model.encoder.transform(&table, &rows);
    let classes = model.classes.as_deref();
    let k = classes.map_or(0, |c| c.len());
    let prediction = model.fitted.predict(&x, k);
    // Columns the length of the data, missing where there was no prediction.
    let spread_f64 = |vals: &[f64]| -> Vec<Option<f64>> {
        let mut out = vec![None; n];
        for (&r, &v) in rows.iter().zip(vals) {
            out[r] = Some(v);
        }
        out
    };
    let mut added: Vec<Column> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    let base = target.clone().unwrap_or_else(|| "cluster".into());
    match &prediction {
        Prediction::Values(v) => {
            let name = free_name(data, &names, format!("{base}_predicted"));
            added.push(Column::new(name.as_str().into(), spread_f64(v)));
            names.push(name);
        }
        Prediction::Classes { labels, proba } => {
            let mut text: Vec<Option<String>> = vec![None; n];
            for (&r, &l) in rows.iter().zip(labels) {
                text[r] = Some(
                    classes
                        .and_then(|c| c.get(l))
                        .cloned()
                        .unwrap_or_else(|| l.to_string()),
                );
            }
            let name = free_name(data, &names, format!("{base}_predicted"));
            added.push(Column::new(name.as_str().into(), text));
            names.push(name);
            if let (Some(p), Some(cls)) = (proba, classes) {
                for (c, class) in cls.iter().enumerate() {
                    let vals: Vec<f64> = p.iter().map(|row| row[c]).collect();
                    let name = free_name(data, &names, format!("proba_{class}"));
                    added.push(Column::new(name.as_str().into(), spread_f64(&vals)));
                    names.push(name);
                }
            }
        }
        Prediction::Clusters { labels, .. } => {
            let mut out: Vec<Option<u32>> = vec![None; n];
            for (&r, &l) in rows.iter().zip(labels) {
                out[r] = Some(l as u32);
            }
            let name = free_name(data, &names, "cluster".into());
            added.push(Column::new(name.as_str().into(), out));
            names.push(name);
        }
    }
    let mut out = data.clone();
    for c in added {
        out.with_column(c)?;
    }
    Ok(Predicted {
        frame: out,
        added: names,
        warnings,
        predicted: rows.len(),
        input,
    })
}
