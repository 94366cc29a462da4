//! Training: the setup form and the model pane (the runs, and the selected run's metrics beside
//! the baseline, its confusion matrix or coefficients, and its warnings).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

mod chart;
mod folds;
mod form;
mod report;

use self::chart::chart;
use self::folds::{explanations, folds};
use self::form::evaluation;
pub use self::form::form;
use self::report::report;
use super::theme::Theme;
use crate::app::layout;
use crate::app::{App, Inspector};
use crate::core::data::cells::{format_stat, truncate};
use crate::core::model::metrics::headline;
use crate::core::model::train::Report;

pub fn pane(app: &App, ins: &Inspector, f: &mut Frame, area: Rect, theme: &Theme) {
    if app.runs.is_empty() {
        let text = match &app.training {
            Some(_) => "Training… the results appear here (Esc cancels).",
            None => "No model yet: press T to train one on this data.",
        };
        f.render_widget(
            Paragraph::new(Line::styled(text, theme.dim)).wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let pane = Rect::new(area.x, area.y - 1, area.width, area.height + 2);
    let list_rows = layout::model_list_rows(pane, app.runs.len()) as u16;
    let detail = Rect::new(
        area.x,
        area.y,
        area.width,
        area.height.saturating_sub(list_rows + 1),
    );
    let list = Rect::new(
        area.x,
        area.y + area.height - list_rows,
        area.width,
        list_rows,
    );
    let Some(run) = app.runs.get(ins.cursor) else {
        return;
    };
    match ins.view {
        1 => chart(
            &run.report,
            ins.cell_on.then_some(ins.cell.0),
            f,
            detail,
            theme,
        ),
        2 => folds(&run.report, f, detail, theme),
        3 => explanations(&run.report, f, detail, theme),
        _ => {
            let others: Vec<(String, &Report)> = ins
                .marked
                .iter()
                .filter(|&&m| m != ins.cursor)
                .filter_map(|&m| app.runs.get(m).map(|r| (app.run_label(m), &r.report)))
                .collect();
            let cell = ins.cell_on.then_some(ins.cell);
            report(&run.report, &others, cell, f, detail, theme)
        }
    }
    // The runs, newest last; the best by the task's headline score is starred.
    let best = app.best_run();
    let buf = f.buffer_mut();
    buf.set_stringn(
        area.x,
        list.y - 1,
        "─".repeat(area.width as usize),
        area.width as usize,
        theme.border,
    );
    let first = ins.cursor.saturating_sub(list_rows as usize - 1);
    if app.runs.len() == 1 && list_rows > 1 {
        buf.set_stringn(
            area.x,
            list.y + 1,
            "  T trains another model; A trains every model of this task (a leaderboard).",
            area.width as usize,
            theme.dim,
        );
    }
    for (i, r) in app
        .runs
        .iter()
        .enumerate()
        .skip(first)
        .take(list_rows as usize)
    {
        let style = if i == ins.cursor {
            theme.cursor_cell
        } else {
            Style::default()
        };
        let score = r
            .report
            .metrics
            .get(headline(r.report.task))
            .map_or(String::new(), |v| format_stat(*v, 4));
        let params: Vec<String> = r
            .spec
            .model
            .params
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let line = format!(
            "{}{} {:>2}. {:<14} {:<12} {:<10} {} {:<8} {}",
            if Some(i) == best { "★" } else { " " },
            if ins.marked.contains(&i) { "◆" } else { " " },
            i + 1,
            r.report.model,
            truncate(r.spec.target.as_deref().unwrap_or("-"), 12),
            // Clustering is fitted on every row whatever the form's evaluation said.
            if r.report.rows_test == 0 && r.report.cv.is_none() {
                "all rows".to_string()
            } else {
                evaluation(&r.spec.evaluation)
            },
            headline(r.report.task),
            score,
            params.join(" ")
        );
        buf.set_stringn(
            area.x,
            list.y + (i - first) as u16,
            format!("{line:<w$}", w = area.width as usize),
            area.width as usize,
            style,
        );
    }
}

/// The width of the summary's metrics: the whole pane below 90 columns; else half of it, or
/// more while runs are compared (a column of `value_w` each), leaving the right side at least 34.
pub(super) fn summary_width(width: u16, compared: usize, value_w: usize) -> u16 {
    if width < 90 {
        return width;
    }
    (width / 2 + 4)
        .max((42 + value_w + (value_w + 1) * compared.min(9)) as u16)
        .min(width - 34)
}

/// The width of the summary's value columns: 10, or as wide as the longest model name heading
/// one (with its mark), so `random_forest` is not cut to `random_f…` while there is room.
pub(super) fn value_width(model: &str, others: &[(String, &Report)]) -> usize {
    let marked = others.iter().map(|(_, o)| o.model.chars().count() + 1);
    marked
        .chain([model.chars().count()])
        .max()
        .unwrap_or(0)
        .clamp(10, 17)
}

pub(super) fn view_title(f: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    f.render_widget(
        Paragraph::new(Line::styled(text.to_string(), theme.header)),
        Rect::new(area.x, area.y, area.width, 1),
    );
}
