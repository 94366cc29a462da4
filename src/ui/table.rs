//! The table pane: only the rows and columns on screen are read and formatted, so a frame of ten
//! million rows draws as fast as one of a hundred.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::pane_block;
use super::theme::Theme;
use crate::app::{App, Focus, LoadState};
use crate::core::data::cells::{
    display_width, format_value, group_thousands, is_numeric, one_line, truncate,
};

/// How a null cell is drawn (in the null style, so it cannot be mistaken for text).
pub const NULL_MARK: &str = "∅";

pub fn render(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let focused = app.focus == Focus::Table && app.overlay.is_none();
    let (rows, _) = app.shape();
    let title = if rows > 0 {
        // The table's own columns: a view may put columns before the data's (a run's wrong rows).
        let name = app
            .table_frame()
            .columns()
            .get(app.col)
            .map_or("", |c| c.name().as_str());
        let (all, view) = match app.view() {
            Some(v) => (
                // Only a filter changes the count; a sort alone shows all rows.
                if rows == app.frame.height() {
                    String::new()
                } else {
                    format!(" ({} in all)", group_thousands(app.frame.height()))
                },
                format!("  {}", v.describe()),
            ),
            None => (String::new(), String::new()),
        };
        format!(
            "Table  row {} of {}{all}  column {}{view}",
            group_thousands(app.row + 1),
            group_thousands(rows),
            one_line(name)
        )
    } else {
        "Table".to_string()
    };
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if app.table_frame().width() == 0 {
        empty_state(app, f, inner, theme);
        return;
    }
    draw_grid(app, f.buffer_mut(), inner, theme);
}

fn empty_state(app: &App, f: &mut Frame, inner: Rect, theme: &Theme) {
    let (text, style) = match &app.load {
        LoadState::Loading { .. } if app.choosing_table() => {
            ("Nothing read yet: choose a table.".to_string(), theme.dim)
        }
        LoadState::Loading { .. } => ("Reading the first rows…".to_string(), theme.dim),
        LoadState::Failed { error } => {
            (format!("Could not load the data.\n\n{error}"), theme.error)
        }
        LoadState::Done { .. } => ("No rows.".to_string(), theme.dim),
    };
    f.render_widget(
        Paragraph::new(text).style(style).wrap(Wrap { trim: false }),
        inner,
    );
}

fn draw_grid(app: &App, buf: &mut Buffer, inner: Rect, theme: &Theme) {
    let gutter = app.gutter_width();
    let columns = app.visible_columns();
    let page = inner.height.saturating_sub(1) as usize;
    let frame_cols = app.table_frame().columns();
    let right = inner.x + inner.width;
    // A line after the frozen columns, where the scrolling ones start.
    let frozen = app.frozen_columns();
    let edge = |buf: &mut Buffer, at: usize, x: u16, y: u16, style: Style| {
        let c = columns[at].0;
        if frozen > 0 && c + 1 == frozen && at + 1 < columns.len() && x < right {
            buf.set_stringn(x, y, "│", 1, style.patch(theme.dim));
        }
    };

    // Header line.
    let y = inner.y;
    let mut x = inner.x + gutter as u16 + 1;
    for (at, &(c, w)) in columns.iter().enumerate() {
        let col = &frame_cols[c];
        let style = if c == app.col {
            theme.header.patch(theme.cursor_cell)
        } else {
            theme.header
        };
        let text = pad(&truncate(&one_line(col.name()), w), w, false);
        buf.set_stringn(x, y, text, right.saturating_sub(x) as usize, style);
        x += w as u16;
        edge(buf, at, x, y, theme.header);
        x += 1;
    }

    // Data rows: only those on screen are read.
    let last = (app.top + page).min(app.table_frame().height());
    for (i, row) in (app.top..last).enumerate() {
        let y = inner.y + 1 + i as u16;
        let is_cursor_row = row == app.row;
        let row_style = if is_cursor_row {
            theme.cursor_row
        } else {
            Style::default()
        };
        if is_cursor_row {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), row_style);
        }
        let number = format!("{:>gutter$}", row + 1);
        buf.set_stringn(inner.x, y, number, gutter, theme.gutter.patch(row_style));
        let mut x = inner.x + gutter as u16 + 1;
        for (at, &(c, w)) in columns.iter().enumerate() {
            let col = &frame_cols[c];
            let value = col.get(row).ok().and_then(|v| format_value(&v));
            let right_align = is_numeric(col.dtype());
            let (text, style) = match value {
                Some(s) => (pad(&truncate(&one_line(&s), w), w, right_align), row_style),
                None => (pad(NULL_MARK, w, right_align), theme.null.patch(row_style)),
            };
            let style = if is_cursor_row && c == app.col {
                style.patch(theme.cursor_cell)
            } else {
                style
            };
            buf.set_stringn(x, y, text, right.saturating_sub(x) as usize, style);
            x += w as u16;
            edge(buf, at, x, y, row_style);
            x += 1;
        }
    }
    if app.table_frame().height() == 0 {
        let line = Line::styled("No rows.", theme.dim);
        buf.set_line(inner.x, inner.y + 1, &line, inner.width);
    }
}

/// Pad to exactly `width` cells, on the left for right-aligned numbers.
fn pad(s: &str, width: usize, right_align: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(display_width(s)));
    if right_align {
        format!("{fill}{s}")
    } else {
        format!("{s}{fill}")
    }
}
