//! The selected run's report: its metrics beside the baseline and the runs it is compared
//! with, its confusion matrix or coefficients, and its warnings.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::{summary_width, value_width};
use crate::core::data::cells::{format_stat, group_thousands, truncate};
use crate::core::model::features::Task;
use crate::core::model::train::Report;
use crate::ui::theme::Theme;

/// Marks tying a compared run's column to its name above the table.
pub(super) const SUPERSCRIPTS: [&str; 9] = ["¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"];

pub(super) fn report(
    r: &Report,
    others: &[(String, &Report)],
    cell: Option<(usize, usize)>,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let how = match &r.cv {
        Some(cv) => format!(
            "{}-fold cross-validation on {} rows",
            cv.folds.len(),
            group_thousands(r.rows_train + r.rows_test)
        ),
        None if r.rows_test > 0 => {
            format!(
                "trained on {} rows, tested on {}",
                group_thousands(r.rows_train),
                group_thousands(r.rows_test)
            )
        }
        None => format!("fitted on all {} rows", group_thousands(r.rows_train)),
    };
    let mut left: Vec<Line<'static>> = vec![Line::styled(
        format!(
            // A no-break space keeps the unit with its number when the line wraps.
            "{} {} · {} · {how} · {:.2}\u{a0}s",
            r.task,
            r.model,
            r.target
                .as_deref()
                .map_or("no target".into(), |t| format!("target {t}")),
            r.fit_seconds
        ),
        theme.header,
    )];
    // How an iterative fit ended, as scikit-learn's n_iter_ and ConvergenceWarning would say.
    match (r.converged, r.iterations) {
        (Some(true), Some(n)) => left.push(Line::styled(
            format!(
                "converged in {n} iteration{}{}",
                if n == 1 { "" } else { "s" },
                if r.cv.is_some() {
                    " (most of any fold)"
                } else {
                    ""
                }
            ),
            theme.dim,
        )),
        (Some(false), Some(n)) => left.push(Line::styled(
            format!(
                "! did not converge: stopped at the cap of {n} iterations; {}",
                if r.params.contains_key("max_iterations") {
                    "raise max_iterations"
                } else {
                    "a larger alpha converges sooner"
                }
            ),
            theme.progress,
        )),
        _ => {}
    }
    if let Some(line) = r.imputed_short() {
        left.push(Line::styled(line, theme.dim));
    }
    let has_base = !r.baseline.is_empty();
    // The marked runs, one column each as far as the left half holds them, named by their
    // model; a line above says which run each is, with its parameters.
    // Names are cut (down to 10 columns) before a marked run is left out.
    let most = summary_width(area.width, 9, 10) as usize;
    let mut cw = value_width(&r.model, others);
    while cw > 10 && most.saturating_sub(42 + cw) / (cw + 1) < others.len() {
        cw -= 1;
    }
    let left_w = summary_width(area.width, others.len(), cw) as usize;
    let fit = left_w.saturating_sub(42 + cw) / (cw + 1);
    let shown = &others[..others.len().min(fit.max(1))];
    if !shown.is_empty() {
        let names: Vec<String> = shown
            .iter()
            .enumerate()
            .map(|(i, (label, _))| format!("{} {label}", SUPERSCRIPTS[i % SUPERSCRIPTS.len()]))
            .collect();
        let more = others.len() - shown.len();
        left.push(Line::styled(
            format!(
                "beside: {}{}",
                names.join(" · "),
                if more > 0 {
                    format!(" (and {more} more marked: a wider pane shows them)")
                } else {
                    String::new()
                }
            ),
            theme.dim,
        ));
    }
    let mut header = format!(
        "{:<20} {:>cw$} {:>10} {:>8}",
        "metric",
        truncate(&r.model, cw),
        if has_base { "baseline" } else { "" },
        if r.cv.is_some() { "± std" } else { "" },
    );
    for (i, (_, o)) in shown.iter().enumerate() {
        let name = format!("{}{}", SUPERSCRIPTS[i % SUPERSCRIPTS.len()], o.model);
        header.push_str(&format!(" {:>cw$}", truncate(&name, cw)));
    }
    left.push(Line::styled(header.trim_end().to_string(), theme.dim));
    // The most telling first: what a newcomer should read before the rest.
    const ORDER: [&str; 16] = [
        "accuracy",
        "balanced_accuracy",
        "f1_macro",
        "roc_auc",
        "precision_macro",
        "recall_macro",
        "log_loss",
        "f1_weighted",
        "precision_weighted",
        "recall_weighted",
        "r2",
        "rmse",
        "mae",
        "mape",
        "silhouette",
        "inertia",
    ];
    let mut keys: Vec<&String> = r.metrics.keys().collect();
    keys.sort_by_key(|k| ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()));
    for k in keys {
        let v = &r.metrics[k];
        let b = r
            .baseline
            .get(k)
            .map_or(String::new(), |b| format_stat(*b, 4));
        let sd =
            r.cv.as_ref()
                .and_then(|cv| cv.std.get(k))
                .map_or(String::new(), |s| format_stat(*s, 3));
        let mut line = format!("{k:<20} {:>cw$} {b:>10} {sd:>8}", format_stat(*v, 4));
        for (_, o) in shown {
            let x = o
                .metrics
                .get(k)
                .map_or(String::new(), |x| format_stat(*x, 4));
            line.push_str(&format!(" {x:>cw$}"));
        }
        left.push(Line::raw(line.trim_end().to_string()));
    }
    for w in &r.warnings {
        left.push(Line::styled(format!("! {w}"), theme.progress));
    }
    // On the right: the confusion matrix, or the largest coefficients / importances.
    let mut right: Vec<Line> = Vec::new();
    // The right side's width when it is beside the metrics; else the pane's.
    let right_w = if area.width >= 90 {
        area.width - summary_width(area.width, others.len(), cw) - 1
    } else {
        area.width
    };
    if let (Some(classes), Some(conf)) = (&r.classes, &r.confusion) {
        if r.task == Task::Classification {
            confusion_lines(
                &mut right,
                classes,
                conf,
                cell,
                (right_w, area.height),
                theme,
            );
        }
    }
    let weights = r.coefficients.as_ref().or(r.importances.as_ref());
    if let Some(ws) = weights {
        if !right.is_empty() {
            right.push(Line::raw(""));
        }
        right.push(Line::styled(
            match (&r.importances, &r.coefficients_class) {
                (Some(_), _) => "feature importance".to_string(),
                (None, Some(c)) => format!("coefficients towards class {c} (largest first)"),
                (None, None) => "coefficients (largest first)".to_string(),
            },
            theme.dim,
        ));
        let mut v: Vec<(&String, &f64)> = ws.iter().filter(|(k, _)| *k != "(intercept)").collect();
        v.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
        for (k, x) in v.into_iter().take(8) {
            right.push(Line::raw(format!(
                "{:<22} {:>10}",
                truncate(k, 22),
                format_stat(*x, 4)
            )));
        }
    }
    if let (Some(per), Some(classes)) = (&r.class_coefficients, &r.classes) {
        class_coefficient_lines(&mut right, per, classes, right_w, theme);
    }
    // Beside the metrics when there is room; else below them when both fit; else the metrics,
    // with the matrix in their place while a cell is picked (HJKL).
    let beside = !right.is_empty() && area.width >= 90;
    if beside {
        let split = summary_width(area.width, others.len(), cw);
        f.render_widget(
            Paragraph::new(left).wrap(Wrap { trim: false }),
            Rect::new(area.x, area.y, split, area.height),
        );
        f.render_widget(
            Paragraph::new(right),
            Rect::new(
                area.x + split + 1,
                area.y,
                area.width - split - 1,
                area.height,
            ),
        );
        return;
    }
    let lines = if right.is_empty() {
        left
    } else if left.len() + 1 + right.len() <= area.height as usize {
        left.push(Line::raw(""));
        left.extend(right);
        left
    } else if cell.is_some() {
        right
    } else if r.confusion.is_some() && r.task == Task::Classification {
        // The hint must show: it takes the last row, under the metrics that fit.
        let last = area.height.saturating_sub(1);
        f.render_widget(
            Paragraph::new(left).wrap(Wrap { trim: false }),
            Rect::new(area.x, area.y, area.width, last),
        );
        f.render_widget(
            Paragraph::new(Line::styled(
                "HJKL: the confusion matrix (no room beside the metrics at this size)",
                theme.dim,
            )),
            Rect::new(area.x, area.y + last, area.width, 1),
        );
        return;
    } else {
        // Coefficients below the metrics, the largest first, as many as fit.
        left.push(Line::raw(""));
        left.extend(right);
        left
    };
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The confusion matrix: a row per true class, a column per predicted one, as narrow as its
/// labels and counts allow; the title and the hint go first when `height` is short.
pub(super) fn confusion_lines(
    right: &mut Vec<Line<'static>>,
    classes: &[String],
    conf: &[Vec<usize>],
    cell: Option<(usize, usize)>,
    (width, height): (u16, u16),
    theme: &Theme,
) {
    let widest_count = conf
        .iter()
        .flatten()
        .map(|n| n.to_string().len())
        .max()
        .unwrap_or(1);
    let widest_label = classes.iter().map(|c| c.chars().count()).max().unwrap_or(1);
    // Columns as wide as the labels while the width allows; labels cut alike become numbers,
    // which the rows then carry.
    let k = classes.len();
    let room_for = |lw: usize| (width as usize).saturating_sub(lw) / k.max(1);
    let fits = room_for(widest_label.clamp(9, 20) + 1).saturating_sub(1);
    let (headers, numbers) =
        crate::core::data::cells::grid_headers(classes, fits.max(widest_count));
    let labels: Vec<String> = classes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if numbers {
                crate::core::data::cells::numbered(i, c, k)
            } else {
                c.clone()
            }
        })
        .collect();
    let lw = labels
        .iter()
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(1)
        .clamp(9, 20)
        + 1;
    let w = headers
        .iter()
        .map(|h| h.chars().count())
        .max()
        .unwrap_or(1)
        .max(widest_count.max(3))
        + 1;
    let room = height as usize;
    let titled = classes.len() + 3 <= room;
    let hinted = classes.len() + 2 + usize::from(titled) <= room;
    if titled {
        right.push(Line::styled(
            "confusion (rows: true, columns: predicted)",
            theme.dim,
        ));
    }
    let mut head = format!("{:<lw$}", if titled { "" } else { "true\\pred" });
    for h in &headers {
        head.push_str(&format!("{h:>w$}"));
    }
    right.push(Line::styled(head, theme.dim));
    for (i, (c, row)) in labels.iter().zip(conf).enumerate() {
        let mut spans = vec![Span::raw(format!("{:<lw$}", truncate(c, lw - 1)))];
        for (j, n) in row.iter().enumerate() {
            let style = if cell == Some((i, j)) {
                theme.cursor_cell
            } else {
                Style::default()
            };
            spans.push(Span::styled(format!("{n:>w$}"), style));
        }
        right.push(Line::from(spans));
    }
    if hinted {
        right.push(Line::styled(
            if cell.is_some() {
                "Enter: the rows of this cell; Esc: let go"
            } else {
                "HJKL: pick a cell; Enter: its rows"
            },
            theme.dim,
        ));
    }
}

/// Multiclass coefficients: a row per feature (the 8 with the largest coefficient in any
/// class), a column per class, as many classes as `width` holds.
pub(super) fn class_coefficient_lines(
    right: &mut Vec<Line<'static>>,
    per: &std::collections::BTreeMap<String, std::collections::BTreeMap<String, f64>>,
    classes: &[String],
    width: u16,
    theme: &Theme,
) {
    const COL: usize = 8;
    let shown: Vec<&String> = classes.iter().filter(|c| per.contains_key(*c)).collect();
    // Feature names as wide as the room the classes leave (16 to 26 columns).
    let name_w = (width as usize)
        .saturating_sub(shown.len() * COL)
        .clamp(16, 26);
    let fit = ((width as usize).saturating_sub(name_w) / COL).max(1);
    let cols = &shown[..shown.len().min(fit)];
    let mut features: Vec<(&String, f64)> = per
        .values()
        .next()
        .map(|w| w.keys().filter(|k| *k != "(intercept)").collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .map(|k| {
            let most = per
                .values()
                .filter_map(|w| w.get(k))
                .fold(0.0f64, |m, v| m.max(v.abs()));
            (k, most)
        })
        .collect();
    features.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(b.0)));
    if !right.is_empty() {
        right.push(Line::raw(""));
    }
    let more = shown.len() - cols.len();
    // Classes whose names do not fit a column go by their numbers in the confusion matrix.
    let numbers = cols.iter().any(|c| c.chars().count() > COL - 1);
    right.push(Line::styled(
        match (more > 0, numbers) {
            (true, _) => format!("coefficients per class ({more} more classes not shown)"),
            (false, true) => "coefficients per class (numbered as in the confusion)".to_string(),
            (false, false) => "coefficients per class (largest first)".to_string(),
        },
        theme.dim,
    ));
    let mut head = format!("{:<name_w$}", "");
    for c in cols {
        let label = match classes.iter().position(|x| x == *c) {
            Some(i) if numbers => (i + 1).to_string(),
            _ => truncate(c, COL - 1),
        };
        head.push_str(&format!("{label:>COL$}"));
    }
    right.push(Line::styled(head, theme.dim));
    for (k, _) in features.into_iter().take(8) {
        let mut line = format!("{:<name_w$}", truncate(k, name_w - 1));
        for c in cols {
            let v = per[*c].get(k).copied().unwrap_or(f64::NAN);
            line.push_str(&format!("{:>COL$}", format_stat(v, 3)));
        }
        right.push(Line::raw(line));
    }
}
