//! The recipe pane: the applied steps with their settings and what each changed.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::Frame;

use super::draw::*;
use crate::app::{App, Inspector, PaneKind};
use crate::ui::theme::Theme;

/// A step's settings in one line: its JSON fields without `op` and `fitted`, by name (the
/// order does not hang on how serde_json keeps a map's keys).
pub(super) fn step_args(step: &crate::core::clean::step::Step) -> String {
    let v = serde_json::to_value(step).unwrap_or_default();
    let Some(o) = v.as_object() else {
        return String::new();
    };
    let fields: std::collections::BTreeMap<&String, &serde_json::Value> = o
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "op" | "fitted"))
        .collect();
    fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn recipe(app: &App, ins: &Inspector, f: &mut Frame, area: Rect, theme: &Theme) {
    if app.recipe.is_empty() {
        let text = if app.redo.is_empty() {
            "No cleaning steps yet: press C to add one (or a on a warning to fix it)."
        } else {
            "No cleaning steps: Ctrl-r redoes the change undone last."
        };
        note(f, area, text, theme.dim);
        return;
    }
    let (list_rows, detail_rows) = list_and_detail(PaneKind::Recipe, area);
    let buf = f.buffer_mut();
    for (i, e) in app.recipe.iter().enumerate().skip(ins.top).take(list_rows) {
        let y = area.y + (i - ins.top) as u16;
        let style = if i == ins.cursor {
            theme.cursor_cell
        } else if e.broken.is_some() {
            theme.error
        } else if e.off {
            theme.dim
        } else {
            Style::default()
        };
        // ✗ a step that no longer applies, ○ one switched off: both are skipped.
        let mark = if e.broken.is_some() {
            '✗'
        } else if e.off {
            '○'
        } else {
            ' '
        };
        let line = format!(
            "{mark}{:>2}. {:<15} {}  · {}",
            i + 1,
            e.step.op(),
            step_args(&e.step),
            e.summary
        );
        put(
            buf,
            area,
            area.x,
            y,
            &pad(&line, area.width as usize),
            style,
        );
    }
    let Some(selected) = app.recipe.get(ins.cursor) else {
        return;
    };
    let json = serde_json::to_string(&selected.step).unwrap_or_default();
    let mut text = vec![Line::from(json)];
    if let Some(why) = &selected.broken {
        text.push(Line::styled(
            format!("✗ skipped: {why} (e edits it, d deletes it, U undoes the change)"),
            theme.error,
        ));
    } else if selected.off {
        text.push(Line::styled("○ switched off: t switches it on", theme.dim));
    }
    if let Some(n) = &selected.note {
        text.push(Line::styled(n.clone(), theme.progress));
    }
    text.push(Line::styled(
        "e edit · d delete · t switch off/on · K/J move up/down · u undo",
        theme.dim,
    ));
    detail_box(f, area, detail_rows, text, theme);
}
