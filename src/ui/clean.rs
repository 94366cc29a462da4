//! Cleaning popups: the menu of steps, a step's form with its preview, and the yes/no
//! questions (overwrite a file, quit with unsaved steps).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::pane_block;
use super::popups::{centered, key_line};
use super::theme::Theme;
use crate::app::step_form::PreviewState;
use crate::app::{App, Confirm};
use crate::core::clean::schema::{Kind, OPS};
use crate::core::data::cells::{display_width, format_value, group_thousands, one_line, truncate};

pub fn menu(f: &mut Frame, area: Rect, cursor: usize, theme: &Theme) {
    let popup = centered(area, 72, OPS.len() as u16 + 2);
    let rows = popup.height.saturating_sub(2) as usize;
    let lines = super::popups::list_lines(OPS, cursor, rows, theme, |op, style| {
        Line::from(vec![
            Span::styled(format!(" {:<15}", op.op), style.patch(theme.key)),
            Span::styled(format!("{:<55}", op.doc), style),
        ])
    });
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines).block(pane_block(
            "Clean: choose a step  j/k move, Enter configure, Esc close".into(),
            true,
            theme,
        )),
        popup,
    );
}

/// The last characters of `s` that fit in `width` cells.
fn tail(s: &str, width: usize) -> String {
    let mut used = 0;
    let mut start = s.len();
    for (i, ch) in s.char_indices().rev() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        start = i;
    }
    s[start..].to_string()
}

pub fn form(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let Some(form) = &app.form else {
        return;
    };
    let info = form.info();
    let inner_w = (area.width.min(90) as usize).saturating_sub(2);
    let mut lines: Vec<Line> = Vec::new();
    for (i, (fd, value)) in info.fields.iter().zip(&form.values).enumerate() {
        let focused = i == form.field;
        let shown = match fd.kind {
            Kind::Choice(_) | Kind::Flag => format!("‹ {value} ›"),
            _ if focused => format!("{value}▏"),
            _ if value.is_empty() => "·".to_string(),
            _ => value.clone(),
        };
        let label_style = if focused { theme.key } else { theme.dim };
        let value_style = if focused {
            theme.cursor_cell
        } else {
            Style::default()
        };
        let value_w = inner_w.saturating_sub(18).min(40);
        // While typing, the end of a long value shows (where the cursor is).
        let shown = if focused && display_width(&shown) > value_w {
            format!("…{}", tail(&shown, value_w.saturating_sub(1)))
        } else {
            truncate(&shown, value_w)
        };
        // The hint takes what the line has left, and is left out when that is too little.
        let room = inner_w.saturating_sub(17 + display_width(&shown) + 2);
        let hint = if room >= 12 {
            format!("  {}", truncate(fd.hint, room))
        } else {
            String::new()
        };
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<16}", fd.name), label_style),
            Span::styled(shown, value_style),
            Span::styled(hint, theme.dim),
        ]));
    }
    lines.push(Line::raw(""));
    match &form.preview {
        PreviewState::Idle => lines.push(key_line(
            &[
                ("Enter", "preview what it changes"),
                ("Tab", "next field"),
                ("←/→", "choose"),
                ("Esc", "cancel"),
            ],
            theme,
        )),
        PreviewState::Computing { .. } => {
            lines.push(Line::styled(" Computing the preview…", theme.progress))
        }
        PreviewState::Failed(e) => lines.push(Line::styled(format!(" {e}"), theme.error)),
        PreviewState::Ready(done) => {
            let p = &done.total;
            let after = done.frame();
            let base = app.form_base();
            lines.push(Line::styled(format!(" {}", done.describe()), theme.header));
            if let Some(n) = &p.note {
                lines.push(Line::styled(format!(" {n}"), theme.progress));
            }
            if p.rows_before == p.rows_after && !p.sample_rows.is_empty() {
                for &r in p.sample_rows.iter().take(5) {
                    lines.push(Line::styled(
                        format!(
                            " row {:>6}  {}",
                            group_thousands(r + 1),
                            changes(base, after, r)
                        ),
                        Style::default(),
                    ));
                }
            } else if p.rows_after < p.rows_before {
                lines.push(Line::raw(format!(
                    " {} rows remain",
                    group_thousands(p.rows_after)
                )));
            } else if p.rows_after > p.rows_before {
                // A concat (or a join matching a key more than once) adds rows.
                lines.push(Line::raw(format!(
                    " {} rows after it ({} added)",
                    group_thousands(p.rows_after),
                    group_thousands(p.rows_after - p.rows_before)
                )));
            }
            if !p.columns_added.is_empty() {
                lines.push(Line::raw(format!(
                    " new: {}",
                    truncate(&p.columns_added.join(", "), inner_w.saturating_sub(7))
                )));
            }
            if let Some(i) = form.editing {
                let later = app.recipe.len().saturating_sub(i + 1);
                if later > 0 {
                    lines.push(Line::styled(
                        format!(
                            " Applying replaces step {} and re-runs the {later} later step{}, \
                             each learning its values again.",
                            i + 1,
                            if later == 1 { "" } else { "s" }
                        ),
                        theme.progress,
                    ));
                }
            }
            lines.push(key_line(
                &[
                    ("Enter", "apply"),
                    ("Esc", "cancel   (edit a field to preview again)"),
                ],
                theme,
            ));
        }
    }
    // As tall as its lines, with a spare one for a wrapped error.
    let popup = centered(area, 90, lines.len() as u16 + 3);
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane_block(
                match form.editing {
                    Some(i) => format!("{} (editing step {}): {}", info.op, i + 1, info.doc),
                    None => format!("{}: {}", info.op, info.doc),
                },
                true,
                theme,
            )),
        popup,
    );
}

/// The changed cells of row `r`: `column: before → after`, at most two.
fn changes(
    before: &polars::prelude::DataFrame,
    after: &polars::prelude::DataFrame,
    r: usize,
) -> String {
    let show = |f: &polars::prelude::DataFrame, name: &str| -> String {
        f.column(name)
            .ok()
            .and_then(|c| c.get(r).ok())
            .map(|v| {
                format_value(&v).map_or("∅".to_string(), |s| {
                    // Surrounding spaces are what many steps change: make them visible.
                    if s.trim() != s {
                        format!("{s:?}")
                    } else {
                        one_line(&s)
                    }
                })
            })
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for name in before.get_column_names() {
        if after.column(name).is_err() {
            continue;
        }
        let (a, b) = (show(before, name), show(after, name));
        if a != b {
            out.push(format!(
                "{}: {} → {}",
                truncate(name, 20),
                truncate(&a, 18),
                truncate(&b, 18)
            ));
        }
        if out.len() == 2 {
            break;
        }
    }
    out.join("   ")
}

pub fn confirm(app: &App, f: &mut Frame, area: Rect, which: Confirm, theme: &Theme) {
    let (title, text, keys): (&str, String, Vec<(&str, &str)>) = match which {
        Confirm::Overwrite => (
            "Replace the file?",
            format!(
                "{} exists.",
                app.pending.as_ref().map_or("The file", |p| p.path.as_str())
            ),
            vec![("y", "replace it"), ("n", "keep it")],
        ),
        Confirm::Quit => (
            "Quit?",
            format!(
                "{} cleaning step{} not saved in a recipe.",
                app.recipe.len(),
                if app.recipe.len() == 1 {
                    " is"
                } else {
                    "s are"
                }
            ),
            vec![
                ("s", "save the recipe"),
                ("q", "quit anyway"),
                ("Esc", "stay"),
            ],
        ),
    };
    let popup = centered(area, 64, 5);
    let mut spans = vec![Span::raw(" ")];
    for (k, what) in keys {
        spans.push(Span::styled(k, theme.key));
        spans.push(Span::raw(format!(" {what}   ")));
    }
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(vec![
            Line::raw(format!(" {text}")),
            Line::raw(""),
            Line::from(spans),
        ])
        .wrap(Wrap { trim: false })
        .block(pane_block(title.into(), true, theme)),
        popup,
    );
}
