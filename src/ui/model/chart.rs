//! The selected run's chart views: predicted against actual and residuals (regression), the ROC
//! curve (binary classification), clusters; ratatui charts with ticked axes. Their series come
//! from `output::charts`, the ones the chart files are drawn from.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Dataset, GraphType, Paragraph};
use ratatui::Frame;

use super::view_title;
use crate::core::data::cells::format_stat;
use crate::core::model::features::Task;
use crate::core::model::train::Report;
use crate::output::charts;
use crate::ui::theme::Theme;
use ratatui::symbols::Marker;
use ratatui::widgets::canvas::{Canvas, Points};

/// ROC curves (classification) or predicted against actual (regression).
/// The chart view; `outlier` is the residual outlier picked with J/K (its rank among the
/// largest errors).
pub(super) fn chart(r: &Report, outlier: Option<usize>, f: &mut Frame, area: Rect, theme: &Theme) {
    let p = &r.predictions;
    let plot = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    );
    if plot.height < 4 || p.rows.is_empty() {
        view_title(
            f,
            area,
            "No test predictions to chart (clustering fits every row).",
            theme,
        );
        return;
    }
    match r.task {
        Task::Clustering => {
            let series = points_of(charts::clusters(r));
            let bounds = |v: &[f64]| {
                let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if hi > lo {
                    [lo, hi]
                } else {
                    [lo - 1.0, hi + 1.0]
                }
            };
            let mut legend = vec![Span::styled(
                "clusters on the first two principal components: ",
                theme.dim,
            )];
            for (i, s) in series.iter().enumerate() {
                legend.push(Span::styled(
                    "● ",
                    Style::new().fg(theme.series[i % theme.series.len()]),
                ));
                legend.push(Span::raw(format!("{}  ", s.name)));
            }
            f.render_widget(
                Paragraph::new(Line::from(legend)),
                Rect::new(area.x, area.y, area.width, 1),
            );
            let (xb, yb) = (bounds(&p.truth), bounds(&p.predicted));
            let canvas = Canvas::default()
                .marker(Marker::Braille)
                .x_bounds(xb)
                .y_bounds(yb)
                .paint(|ctx| {
                    for (i, s) in series.iter().enumerate() {
                        ctx.draw(&Points {
                            coords: &s.points,
                            color: theme.series[i % theme.series.len()],
                        });
                    }
                });
            f.render_widget(canvas, plot);
        }
        Task::Classification => {
            let Some(classes) = &r.classes else { return };
            if p.proba.len() != p.rows.len() {
                view_title(
                    f,
                    area,
                    &format!("ROC curve: {} gives no probabilities.", r.model),
                    theme,
                );
                return;
            }
            // Binary: class 1 against 0; more: each class against the rest. Each curve's
            // points, colour and key label (the class and its AUC).
            let curves: Vec<(charts::Series, Color)> = points_of(charts::roc(r))
                .into_iter()
                .enumerate()
                .map(|(i, s)| (s, theme.series[i % theme.series.len()]))
                .collect();
            let shown = if classes.len() == 2 { 1 } else { curves.len() };
            let more = classes.len().saturating_sub(shown);
            let which = if classes.len() == 2 {
                format!("class {} as positive", classes[1])
            } else if more > 0 {
                format!("each class against the rest, {shown} of {}", classes.len())
            } else {
                "each class against the rest".to_string()
            };
            // The axes spelt out when the line holds them.
            let long = format!("ROC (TPR: true positive rate, FPR: false positive rate): {which}");
            let title = if long.chars().count() <= area.width as usize {
                long
            } else {
                format!("ROC: {which}")
            };
            view_title(f, area, &title, theme);
            // The key beside the chart: one line per curve, as wide as its longest label.
            let key_width = curves
                .iter()
                .map(|(s, _)| s.name.chars().count() as u16 + 3)
                .max()
                .unwrap_or(0)
                .min(plot.width / 3);
            let chart_area = Rect::new(
                plot.x,
                plot.y,
                plot.width.saturating_sub(key_width + 1),
                plot.height,
            );
            let diagonal = [(0.0, 0.0), (1.0, 1.0)];
            let mut sets = vec![line_set(&diagonal, theme.ink(Color::DarkGray))];
            for (s, colour) in &curves {
                sets.push(line_set(&s.points, *colour));
            }
            f.render_widget(
                ticked_chart(sets, ("FPR", [0.0, 1.0]), ("TPR", [0.0, 1.0]), theme),
                chart_area,
            );
            let key: Vec<Line> = curves
                .iter()
                .map(|(s, colour)| {
                    Line::from(vec![
                        Span::styled("● ", Style::new().fg(*colour)),
                        Span::raw(s.name.clone()),
                    ])
                })
                .collect();
            f.render_widget(
                Paragraph::new(key),
                Rect::new(
                    chart_area.x + chart_area.width + 1,
                    plot.y,
                    key_width,
                    plot.height,
                ),
            );
        }
        _ => {
            let (lo, hi) = p
                .truth
                .iter()
                .chain(&p.predicted)
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
                    (lo.min(v), hi.max(v))
                });
            let (lo, hi) = if hi > lo {
                (lo, hi)
            } else {
                (lo - 1.0, hi + 1.0)
            };
            // The largest residuals, by row number, to look at in the table; J/K pick one.
            let worst = p.largest_errors(crate::core::model::train::OUTLIERS);
            let picked = outlier.and_then(|k| worst.get(k).map(|&i| (k, i)));
            let title = match picked {
                Some((k, i)) => format!(
                    "error #{}/{}: row {}, actual {}, predicted {} (■), Enter shows it",
                    k + 1,
                    worst.len(),
                    p.rows[i] + 1,
                    format_stat(p.truth[i], 4),
                    format_stat(p.predicted[i], 4)
                ),
                None => {
                    let rows: Vec<String> = worst
                        .iter()
                        .take(3)
                        .map(|&i| {
                            format!(
                                "row {} ({})",
                                p.rows[i] + 1,
                                format_stat((p.truth[i] - p.predicted[i]).abs(), 3)
                            )
                        })
                        .collect();
                    // As many of the largest errors as the line holds.
                    let line = |n: usize| {
                        format!(
                            "actual (↑) against predicted (→); largest errors: {}; J/K pick one",
                            rows[..n].join(", ")
                        )
                    };
                    (1..=rows.len())
                        .rev()
                        .map(line)
                        .find(|l| l.chars().count() <= area.width as usize)
                        .unwrap_or_else(|| line(rows.len().min(1)))
                }
            };
            view_title(f, area, &title, theme);
            let mark: Vec<(f64, f64)> = picked
                .map(|(_, i)| (p.predicted[i], p.truth[i]))
                .into_iter()
                .collect();
            let points = first_points(charts::predicted_actual(r));
            let diagonal = [(lo, lo), (hi, hi)];
            // Beside it, when there is room: residuals (actual - predicted) against predicted,
            // which shows a pattern the model missed as a shape instead of a cloud around 0.
            let halves = plot.width >= 60;
            let left = Rect::new(
                plot.x,
                plot.y,
                if halves {
                    plot.width / 2 - 1
                } else {
                    plot.width
                },
                plot.height,
            );
            let sets = vec![
                line_set(&diagonal, theme.ink(Color::DarkGray)),
                point_set(&points, Marker::Braille, theme.ink(Color::Cyan)),
                point_set(&mark, Marker::Block, theme.ink(Color::Red)),
            ];
            f.render_widget(
                ticked_chart(sets, ("predicted", [lo, hi]), ("actual", [lo, hi]), theme),
                left,
            );
            if halves {
                let residuals = first_points(charts::residuals(r));
                let r_max = residuals
                    .iter()
                    .map(|r| r.1.abs())
                    .fold(0.0f64, f64::max)
                    .max(1e-12);
                let zero = [(lo, 0.0), (hi, 0.0)];
                let picked_residual: Vec<(f64, f64)> =
                    mark.iter().map(|&(x, y)| (x, y - x)).collect();
                let sets = vec![
                    line_set(&zero, theme.ink(Color::DarkGray)),
                    point_set(&residuals, Marker::Braille, theme.ink(Color::Yellow)),
                    point_set(&picked_residual, Marker::Block, theme.ink(Color::Red)),
                ];
                f.render_widget(
                    ticked_chart(
                        sets,
                        ("predicted", [lo, hi]),
                        ("residual", [-r_max, r_max]),
                        theme,
                    ),
                    Rect::new(
                        left.x + left.width + 2,
                        plot.y,
                        plot.width - left.width - 2,
                        plot.height,
                    ),
                );
            }
        }
    }
}

/// The series of a points chart (none for another chart, or none at all).
fn points_of(chart: Option<charts::Chart>) -> Vec<charts::Series> {
    match chart {
        Some(charts::Chart::Points { series, .. }) => series,
        _ => Vec::new(),
    }
}

/// The points of a points chart's one series.
fn first_points(chart: Option<charts::Chart>) -> Vec<(f64, f64)> {
    points_of(chart)
        .into_iter()
        .next()
        .map(|s| s.points)
        .unwrap_or_default()
}

/// A series drawn as lines between its points.
pub(super) fn line_set(data: &[(f64, f64)], colour: Color) -> Dataset<'_> {
    Dataset::default()
        .data(data)
        .graph_type(GraphType::Line)
        .marker(Marker::Braille)
        .style(Style::new().fg(colour))
}

/// A series drawn as its points alone, in `marker`'s dots.
pub(super) fn point_set(data: &[(f64, f64)], marker: Marker, colour: Color) -> Dataset<'_> {
    Dataset::default()
        .data(data)
        .marker(marker)
        .style(Style::new().fg(colour))
}

/// A chart whose axes are ticked at both ends and the middle, with titles, and no legend box
/// (the caller says what the series are).
pub(super) fn ticked_chart<'a>(
    datasets: Vec<Dataset<'a>>,
    x: (&'a str, [f64; 2]),
    y: (&'a str, [f64; 2]),
    theme: &Theme,
) -> Chart<'a> {
    let axis = |(title, bounds): (&'a str, [f64; 2])| {
        Axis::default()
            .title(Span::styled(title, theme.dim))
            .bounds(bounds)
            .labels(
                ticks(bounds)
                    .into_iter()
                    .map(|t| Span::styled(t, theme.dim)),
            )
            .style(theme.dim)
    };
    Chart::new(datasets)
        .x_axis(axis(x))
        .y_axis(axis(y))
        .legend_position(None)
}

/// Both ends of an axis and its middle, in 3 significant digits; a middle that is zero but for
/// rounding (`-2.2e-16`) reads 0.
pub(super) fn ticks([lo, hi]: [f64; 2]) -> [String; 3] {
    let mid = (lo + hi) / 2.0;
    let mid = if mid.abs() <= (hi - lo).abs() * 1e-9 {
        0.0
    } else {
        mid
    };
    [lo, mid, hi].map(|v| format_stat(v, 3))
}
