//! Enter in the model pane: the rows the selected run got wrong (classification) or its largest
//! errors (regression), shown in the table as a view with the prediction columns before them.

use super::{App, Effect};
use crate::core::model::features::Task;
use crate::core::model::train::Report;

impl App {
    /// Enter in the model pane: the rows the selected run got wrong (classification) or the
    /// largest errors (regression) in the table, as a view (u undoes it).
    #[must_use]
    pub(super) fn show_errors(&mut self) -> Vec<Effect> {
        let Some(run) = self
            .inspector
            .as_ref()
            .and_then(|i| self.runs.get(i.cursor))
            .cloned()
        else {
            return Vec::new();
        };
        if run.recipe_version != self.recipe_version {
            self.error_message(
                "The cleaning steps changed since this run: its row numbers no longer hold; train again."
                    .into(),
            );
            return Vec::new();
        }
        let p = &run.report.predictions;
        let cell = self
            .inspector
            .as_ref()
            .filter(|i| i.cell_on)
            .map(|i| i.cell);
        let (label, mut rows): (String, Vec<usize>) = if let (Some((t, pr)), Some(names)) = (
            cell,
            run.report
                .classes
                .as_ref()
                .filter(|_| run.report.task == Task::Classification),
        ) {
            let chosen: Vec<usize> = p
                .rows
                .iter()
                .zip(p.truth.iter().zip(&p.predicted))
                .filter(|(_, (a, b))| **a as usize == t && **b as usize == pr)
                .map(|(r, _)| *r)
                .collect();
            (
                format!(
                    "{} rows of {} predicted as {}",
                    chosen.len(),
                    names.get(t).map_or("?", |s| s.as_str()),
                    names.get(pr).map_or("?", |s| s.as_str())
                ),
                chosen,
            )
        } else if run.report.task == Task::Classification {
            let wrong: Vec<usize> = p
                .rows
                .iter()
                .zip(p.truth.iter().zip(&p.predicted))
                .filter(|(_, (t, pr))| t != pr)
                .map(|(r, _)| *r)
                .collect();
            (
                format!("{} rows {} got wrong", wrong.len(), run.report.model),
                wrong,
            )
        } else if !p.rows.is_empty() {
            let worst = p.largest_errors(crate::core::model::train::OUTLIERS);
            match cell.and_then(|(i, _)| worst.get(i).copied()) {
                // One residual outlier, picked with J/K.
                Some(i) => (
                    format!(
                        "row {}: actual {}, predicted {} by {}",
                        p.rows[i] + 1,
                        crate::core::data::cells::format_stat(p.truth[i], 5),
                        crate::core::data::cells::format_stat(p.predicted[i], 5),
                        run.report.model
                    ),
                    vec![p.rows[i]],
                ),
                None => (
                    format!("the {} largest errors of {}", worst.len(), run.report.model),
                    worst.iter().map(|&i| p.rows[i]).collect(),
                ),
            }
        } else {
            self.info_message("This run has no test predictions to look at.".into());
            return Vec::new();
        };
        if rows.is_empty() {
            self.info_message(format!("{} got every test row right.", run.report.model));
            return Vec::new();
        }
        if run.report.task == Task::Classification {
            rows.sort_unstable();
        }
        let columns = prediction_columns(&run.report, &rows);
        self.close_pane();
        let spec = crate::core::data::view::ViewSpec {
            rows: Some((label, rows)),
            columns,
            ..Default::default()
        };
        self.start_view(spec)
    }
}

/// The columns put before the rows a run got wrong (or its largest errors): each row's number
/// in the data, what the model predicted for it, and, for a classifier with probabilities, the
/// probability it gave that class (for a regression, the error).
pub(super) fn prediction_columns(
    report: &Report,
    rows: &[usize],
) -> Vec<(String, crate::core::data::view::Labels)> {
    use crate::core::data::cells::format_stat;
    use crate::core::data::view::Labels;
    let p = &report.predictions;
    let at: std::collections::HashMap<usize, usize> =
        p.rows.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let mut columns = vec![(
        "row".to_string(),
        Labels::Numbers(rows.iter().map(|&r| r as u64 + 1).collect()),
    )];
    let of = |r: &usize| at.get(r).copied();
    match report
        .classes
        .as_ref()
        .filter(|_| report.task == Task::Classification)
    {
        Some(names) => {
            let class = |i: usize| {
                names
                    .get(p.predicted[i] as usize)
                    .cloned()
                    .unwrap_or_default()
            };
            columns.push((
                "predicted".into(),
                Labels::Text(
                    rows.iter()
                        .map(|r| of(r).map(class).unwrap_or_default())
                        .collect(),
                ),
            ));
            if !p.proba.is_empty() {
                let prob = |i: usize| {
                    p.proba
                        .get(i)
                        .and_then(|pr| pr.get(p.predicted[i] as usize))
                        .map_or(String::new(), |x| format!("{x:.2}"))
                };
                columns.push((
                    "probability".into(),
                    Labels::Text(
                        rows.iter()
                            .map(|r| of(r).map(prob).unwrap_or_default())
                            .collect(),
                    ),
                ));
            }
        }
        None => {
            let value = |i: usize| format_stat(p.predicted[i], 5);
            let error = |i: usize| format_stat(p.predicted[i] - p.truth[i], 5);
            columns.push((
                "predicted".into(),
                Labels::Text(
                    rows.iter()
                        .map(|r| of(r).map(value).unwrap_or_default())
                        .collect(),
                ),
            ));
            columns.push((
                "error".into(),
                Labels::Text(
                    rows.iter()
                        .map(|r| of(r).map(error).unwrap_or_default())
                        .collect(),
                ),
            ));
        }
    }
    columns
}
