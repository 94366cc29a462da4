//! The warnings pane: every data-quality warning, with the fix each offers.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::draw::*;
use crate::app::{App, Inspector, PaneKind};
use crate::ui::theme::Theme;

pub(super) fn warnings(app: &App, ins: &Inspector, f: &mut Frame, area: Rect, theme: &Theme) {
    let all = app.all_warnings();
    if all.is_empty() {
        let text = if matches!(app.stats, crate::app::Stats::Ready(_)) {
            "No data-quality warnings: no constant, empty, ID-like or skewed columns, no duplicate rows."
        } else {
            "Warnings come with the column statistics, which are still being computed…"
        };
        note(f, area, text, theme.dim);
        return;
    }
    let (list_rows, detail_rows) = list_and_detail(PaneKind::Warnings, area);
    let kind_w = all.iter().map(|w| w.kind.len()).max().unwrap_or(8);
    let buf = f.buffer_mut();
    for (i, w) in all.iter().enumerate().skip(ins.top).take(list_rows) {
        let y = area.y + (i - ins.top) as u16;
        let style = if i == ins.cursor {
            theme.cursor_cell
        } else {
            Style::default()
        };
        let cols = if w.columns.is_empty() {
            "(dataset)".to_string()
        } else {
            w.columns.join(", ")
        };
        let line = format!("! {} {} {}", pad(w.kind, kind_w), pad(&cols, 18), w.message);
        put(
            buf,
            area,
            area.x,
            y,
            &pad(&line, area.width as usize),
            style,
        );
        put(buf, area, area.x, y, "!", style.patch(theme.progress));
    }
    let Some(selected) = all.get(ins.cursor) else {
        return;
    };
    let text = vec![
        Line::from(selected.message.clone()),
        Line::from(vec![
            Span::styled("fix: ", theme.dim),
            Span::styled(selected.fix, theme.key),
            Span::styled("  (a cleaning step)", theme.dim),
        ]),
    ];
    detail_box(f, area, detail_rows, text, theme);
}
