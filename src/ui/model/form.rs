//! The train form (`T`): its fields, hints wrapped under them, and what the evaluation means.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use crate::app::model::TRAIN_FIELDS;
use crate::app::App;
use crate::core::data::cells::{display_width, format_stat, truncate};
use crate::core::model::models::info;
use crate::core::model::train::Evaluation;
use crate::ui::pane_block;
use crate::ui::popups::{centered, key_line};
use crate::ui::theme::Theme;

/// The training form's width at most.
pub(super) const FORM_WIDTH: u16 = 84;

/// `text` in lines of whole words: the first at most `first` cells wide (it may be empty when
/// nothing fits there), the rest at most `rest`; a word longer than a line is cut.
pub(super) fn wrap_words(text: &str, first: usize, rest: usize) -> Vec<String> {
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
        None => lines.push(key_line(
            &[
                ("Enter", "train in the background"),
                ("Tab", "next field"),
                ("Esc", "cancel"),
            ],
            theme,
        )),
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

pub(super) fn evaluation(e: &Evaluation) -> String {
    match e {
        Evaluation::CrossValidation { folds } => format!("{folds}-fold CV"),
        Evaluation::Holdout { train } => format!("split {train}"),
        Evaluation::TestFile => "test file".into(),
    }
}
