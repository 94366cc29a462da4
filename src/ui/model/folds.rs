//! The fold-by-fold scores of a cross-validated run, and the plain-words explanations of its
//! metrics.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::view_title;
use crate::core::data::cells::format_stat;
use crate::core::model::metrics::{explain, headline};
use crate::core::model::train::Report;
use crate::ui::theme::Theme;

/// Per-fold scores of the headline metric, model against baseline, as bars.
pub(super) fn folds(r: &Report, f: &mut Frame, area: Rect, theme: &Theme) {
    let key = headline(r.task);
    let Some(cv) = &r.cv else {
        view_title(
            f,
            area,
            &format!(
                "One split only: {key} {}. Cross-validation shows how much it varies.",
                r.metrics
                    .get(key)
                    .map_or("-".into(), |v| format_stat(*v, 4))
            ),
            theme,
        );
        return;
    };
    let mut lines = vec![Line::styled(
        format!(
            "{key} per fold: mean {} ± {} (std over folds)",
            cv.mean.get(key).map_or("-".into(), |v| format_stat(*v, 4)),
            cv.std.get(key).map_or("-".into(), |v| format_stat(*v, 3))
        ),
        theme.header,
    )];
    let values: Vec<f64> = cv
        .folds
        .iter()
        .filter_map(|s| s.get(key).copied())
        .collect();
    let top = values.iter().copied().fold(0.0f64, f64::max).max(1e-12);
    let bar_w = (area.width as usize).saturating_sub(20).min(60);
    for (i, v) in values.iter().enumerate() {
        let n = ((v.max(0.0) / top) * bar_w as f64).round() as usize;
        lines.push(Line::from(vec![
            Span::raw(format!("fold {:>2}  {:>8}  ", i + 1, format_stat(*v, 4))),
            Span::styled("█".repeat(n), theme.key),
        ]));
    }
    if let Some(b) = r.baseline.get(key) {
        lines.push(Line::styled(
            format!("baseline (mean over folds): {}", format_stat(*b, 4)),
            theme.dim,
        ));
    }
    f.render_widget(Paragraph::new(lines), area);
}

/// What each metric of the run measures, and when it misleads.
pub(super) fn explanations(r: &Report, f: &mut Frame, area: Rect, theme: &Theme) {
    let mut lines = vec![Line::styled("What the numbers mean", theme.header)];
    for k in r.metrics.keys() {
        lines.push(Line::from(vec![
            Span::styled(format!("{k}: "), theme.key),
            Span::raw(explain(k)),
        ]));
    }
    lines.push(Line::styled(
        "The baseline (mean or majority) is scored the same way: a model is only worth its gap to it.",
        theme.dim,
    ));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}
