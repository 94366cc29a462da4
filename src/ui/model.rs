//! Training: the setup form and the model pane (the runs, and the selected run's metrics beside
//! the baseline, its confusion matrix or coefficients, and its warnings).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Axis, Chart, Clear, Dataset, GraphType, Paragraph, Wrap};
use ratatui::Frame;

use super::pane_block;
use super::popups::centered;
use super::theme::Theme;
use crate::app::layout;
use crate::app::model::TRAIN_FIELDS;
use crate::app::{App, Inspector};
use crate::core::data::cells::{display_width, format_stat, group_thousands, truncate};
use crate::core::model::features::Task;
use crate::core::model::metrics::headline;
use crate::core::model::metrics::{explain, roc_auc, roc_curve};
use crate::core::model::models::info;
use crate::core::model::train::{Evaluation, Report};
use ratatui::style::Color;
use ratatui::symbols::Marker;
use ratatui::widgets::canvas::{Canvas, Points};

/// The training form's width at most.
const FORM_WIDTH: u16 = 84;

/// `text` in lines of whole words: the first at most `first` cells wide (it may be empty when
/// nothing fits there), the rest at most `rest`; a word longer than a line is cut.
fn wrap_words(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut limit = first;
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        let needed = display_width(line) + usize::from(!line.is_empty()) + display_width(word);
        if needed > limit && !(line.is_empty() && limit == rest) {
            lines.push(String::new());
            limit = rest;
        }
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&truncate(word, limit));
    }
    lines
}

pub fn form(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let Some(form) = &app.train_form else {
        return;
    };
    let inner = area.width.min(FORM_WIDTH).saturating_sub(2).max(1) as usize;
    let mut lines = Vec::new();
    for (i, ((name, hint), value)) in TRAIN_FIELDS.iter().zip(&form.values).enumerate() {
        let focused = i == form.field;
        let shown = match i {
            1 | 3 | 5 => format!("‹ {value} ›"),
            _ if focused => format!("{value}▏"),
            _ if value.is_empty() => "·".into(),
            _ => value.clone(),
        };
        let hint = if i == 2 {
            // The model's parameters and defaults.
            info(&form.values[1]).map_or(String::new(), |m| {
                let defaults: Vec<String> = m
                    .params
                    .iter()
                    .map(|(n, d, _)| format!("{n}={}", format_stat(*d, 4)))
                    .collect();
                if defaults.is_empty() {
                    "no parameters; impute=none refuses missing values".into()
                } else {
                    format!("{}; a=1|2|3: grid", defaults.join(", "))
                }
            })
        } else if i == 6 {
            // What "every usable column" leaves out, and why.
            let ex = &form.excluded;
            if ex.is_empty() {
                hint.to_string()
            } else {
                format!(
                    "empty: all but {}",
                    ex.iter()
                        .map(|(c, why)| format!("{c} ({why})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        } else {
            hint.to_string()
        };
        let shown = truncate(&shown, 36);
        // A long hint (the columns left out, and why) continues on lines of its own, under the
        // values, rather than wrapping back under the labels.
        let first = inner.saturating_sub(13 + display_width(&shown) + 2);
        let mut hints = wrap_words(&hint, first, inner.saturating_sub(15).max(10)).into_iter();
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {name:<12}"),
                if focused { theme.key } else { theme.dim },
            ),
            Span::styled(
                shown,
                if focused {
                    theme.cursor_cell
                } else {
                    Style::default()
                },
            ),
            Span::styled(format!("  {}", hints.next().unwrap_or_default()), theme.dim),
        ]));
        for more in hints {
            lines.push(Line::styled(format!("{:15}{more}", ""), theme.dim));
        }
    }
    if let Some(m) = info(&form.values[1]) {
        lines.push(Line::styled(format!(" {}", m.doc), theme.dim));
    }
    if let Some(note) = app.view_rows_note() {
        lines.push(Line::styled(format!(" {note}"), theme.progress));
    }
    lines.push(Line::raw(""));
    match &form.error {
        Some(e) => lines.push(Line::styled(format!(" {e}"), theme.error)),
        None => lines.push(Line::from(vec![
            Span::styled(" Enter", theme.key),
            Span::raw(" train in the background   "),
            Span::styled("Tab", theme.key),
            Span::raw(" next field   "),
            Span::styled("Esc", theme.key),
            Span::raw(" cancel"),
        ])),
    }
    // As tall as its lines once wrapped to the popup's inner width (a row more for a wrapped
    // line, as words wrap short of the edge).
    let rows: usize = lines
        .iter()
        .map(|l| match l.width() {
            w if w <= inner => 1,
            w => w.div_ceil(inner) + 1,
        })
        .sum();
    let popup = centered(area, FORM_WIDTH, rows as u16 + 2);
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane_block("Train a model".into(), true, theme)),
        popup,
    );
}

fn evaluation(e: &Evaluation) -> String {
    match e {
        Evaluation::CrossValidation { folds } => format!("{folds}-fold CV"),
        Evaluation::Holdout { train } => format!("split {train}"),
        Evaluation::TestFile => "test file".into(),
    }
}

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
fn summary_width(width: u16, compared: usize, value_w: usize) -> u16 {
    if width < 90 {
        return width;
    }
    (width / 2 + 4)
        .max((42 + value_w + (value_w + 1) * compared.min(9)) as u16)
        .min(width - 34)
}

/// The width of the summary's value columns: 10, or as wide as the longest model name heading
/// one (with its mark), so `random_forest` is not cut to `random_f…` while there is room.
fn value_width(model: &str, others: &[(String, &Report)]) -> usize {
    let marked = others.iter().map(|(_, o)| o.model.chars().count() + 1);
    marked
        .chain([model.chars().count()])
        .max()
        .unwrap_or(0)
        .clamp(10, 17)
}

/// Marks tying a compared run's column to its name above the table.
const SUPERSCRIPTS: [&str; 9] = ["¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"];

fn report(
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
fn confusion_lines(
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
fn class_coefficient_lines(
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

fn view_title(f: &mut Frame, area: Rect, text: &str, theme: &Theme) {
    f.render_widget(
        Paragraph::new(Line::styled(text.to_string(), theme.header)),
        Rect::new(area.x, area.y, area.width, 1),
    );
}

/// ROC curves (classification) or predicted against actual (regression).
/// The chart view; `outlier` is the residual outlier picked with J/K (its rank among the
/// largest errors).
fn chart(r: &Report, outlier: Option<usize>, f: &mut Frame, area: Rect, theme: &Theme) {
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
            let k = p.clusters.iter().copied().max().map_or(0, |m| m + 1);
            let mut series: Vec<Vec<(f64, f64)>> = vec![Vec::new(); k];
            for ((x, y), &c) in p.truth.iter().zip(&p.predicted).zip(&p.clusters) {
                series[c].push((*x, *y));
            }
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
            let names = r.classes.clone().unwrap_or_default();
            for (i, s) in series.iter().enumerate() {
                legend.push(Span::styled(
                    "● ",
                    Style::new().fg(theme.series[i % theme.series.len()]),
                ));
                let name = names
                    .get(i)
                    .cloned()
                    .unwrap_or_else(|| format!("{} rows", s.len()));
                legend.push(Span::raw(format!("{name}  ")));
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
                            coords: s,
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
            // Binary: class 1 against 0; more: each class against the rest.
            let shown: Vec<usize> = if classes.len() == 2 {
                vec![1]
            } else {
                (0..classes.len().min(theme.series.len())).collect()
            };
            // Each curve's points, colour and key label.
            let mut curves = Vec::new();
            for (i, &c) in shown.iter().enumerate() {
                let pos: Vec<bool> = p.truth.iter().map(|t| *t as usize == c).collect();
                let score: Vec<f64> = p.proba.iter().map(|row| row[c]).collect();
                if let (Some(pts), Some(auc)) = (roc_curve(&pos, &score), roc_auc(&pos, &score)) {
                    let label = format!("{} AUC {}", classes[c], format_stat(auc, 3));
                    curves.push((pts, theme.series[i], label));
                }
            }
            let more = classes.len() - shown.len();
            let which = if classes.len() == 2 {
                format!("class {} as positive", classes[1])
            } else if more > 0 {
                format!(
                    "each class against the rest, {} of {}",
                    shown.len(),
                    classes.len()
                )
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
                .map(|c| c.2.chars().count() as u16 + 3)
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
            for (pts, colour, _) in &curves {
                sets.push(line_set(pts, *colour));
            }
            f.render_widget(
                ticked_chart(sets, ("FPR", [0.0, 1.0]), ("TPR", [0.0, 1.0]), theme),
                chart_area,
            );
            let key: Vec<Line> = curves
                .iter()
                .map(|(_, colour, label)| {
                    Line::from(vec![
                        Span::styled("● ", Style::new().fg(*colour)),
                        Span::raw(label.clone()),
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
            let lo = p
                .truth
                .iter()
                .chain(&p.predicted)
                .copied()
                .fold(f64::INFINITY, f64::min);
            let hi = p
                .truth
                .iter()
                .chain(&p.predicted)
                .copied()
                .fold(f64::NEG_INFINITY, f64::max);
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
            let points: Vec<(f64, f64)> = p
                .predicted
                .iter()
                .copied()
                .zip(p.truth.iter().copied())
                .collect();
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
                let residuals: Vec<(f64, f64)> = p
                    .predicted
                    .iter()
                    .zip(&p.truth)
                    .map(|(pr, t)| (*pr, t - pr))
                    .collect();
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

/// A series drawn as lines between its points.
fn line_set(data: &[(f64, f64)], colour: Color) -> Dataset<'_> {
    Dataset::default()
        .data(data)
        .graph_type(GraphType::Line)
        .marker(Marker::Braille)
        .style(Style::new().fg(colour))
}

/// A series drawn as its points alone, in `marker`'s dots.
fn point_set(data: &[(f64, f64)], marker: Marker, colour: Color) -> Dataset<'_> {
    Dataset::default()
        .data(data)
        .marker(marker)
        .style(Style::new().fg(colour))
}

/// A chart whose axes are ticked at both ends and the middle, with titles, and no legend box
/// (the caller says what the series are).
fn ticked_chart<'a>(
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
fn ticks([lo, hi]: [f64; 2]) -> [String; 3] {
    let mid = (lo + hi) / 2.0;
    let mid = if mid.abs() <= (hi - lo).abs() * 1e-9 {
        0.0
    } else {
        mid
    };
    [lo, mid, hi].map(|v| format_stat(v, 3))
}

/// Per-fold scores of the headline metric, model against baseline, as bars.
fn folds(r: &Report, f: &mut Frame, area: Rect, theme: &Theme) {
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
fn explanations(r: &Report, f: &mut Frame, area: Rect, theme: &Theme) {
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
