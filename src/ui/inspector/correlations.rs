//! The correlation pane: the Pearson or Spearman grid, coloured by sign and strength.

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::Frame;

use super::draw::*;
use crate::app::layout;
use crate::app::Inspector;
use crate::core::data::cells::{display_width, grid_headers, numbered, truncate};
use crate::core::stats::correlate::Correlations;
use crate::core::stats::inspect::strongest_pairs;
use crate::ui::theme::Theme;

/// Colour of a correlation: blue for positive, red for negative, stronger for larger |r|.
pub(super) fn heat(r: f64, theme: &Theme) -> Style {
    let a = r.abs().clamp(0.0, 1.0);
    if theme.plain {
        // The value (with its sign) is printed; strong ones stand out in bold.
        return if a >= 0.5 {
            Style::new().add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            Style::new()
        };
    }
    let level = |full: f64| (30.0 + (full - 30.0) * a) as u8;
    let bg = if r >= 0.0 {
        Color::Rgb(level(20.0), level(70.0), level(170.0))
    } else {
        Color::Rgb(level(170.0), level(30.0), level(40.0))
    };
    let fg = if a > 0.5 { Color::White } else { Color::Gray };
    Style::new().bg(bg).fg(fg)
}

pub(super) fn correlations(
    ins: &Inspector,
    c: &Correlations,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let buf = f.buffer_mut();
    let k = c.columns.len();
    if k < 2 {
        put(
            buf,
            area,
            area.x,
            area.y,
            "Correlations need at least two numeric columns.",
            theme.dim,
        );
        return;
    }
    let m = if ins.spearman {
        &c.spearman
    } else {
        &c.pearson
    };
    let method = if ins.spearman { "Spearman" } else { "Pearson" };
    let (r0, c0) = ins.cell;
    let selected = match m[r0][c0] {
        Some(r) => format!(
            "{} × {}: {method} r = {r:+.3}",
            c.columns[r0], c.columns[c0]
        ),
        None => format!(
            "{} × {}: no value (too few rows or constant)",
            c.columns[r0], c.columns[c0]
        ),
    };
    put(buf, area, area.x, area.y, &selected, theme.header);
    // The grid: row labels, then 7-cell columns headed by the names' starts.
    // Headers cut alike (`mean …` nine times) become numbers, and the rows carry them.
    let (headers, numbers) = grid_headers(&c.columns, 6);
    let row_label = |i: usize, name: &str| {
        if numbers {
            numbered(i, name, k)
        } else {
            name.to_string()
        }
    };
    let widths: Vec<usize> = c
        .columns
        .iter()
        .enumerate()
        .map(|(i, n)| display_width(&row_label(i, n)))
        .collect();
    let g = layout::corr_grid(area, &widths, (r0, c0));
    let (label_w, cell_w, wide, pairs_below) = (g.label_w, g.cell_w, g.wide, g.pairs_below);
    let (first_row, first_col) = (g.first_row, g.first_col);
    let (visible_rows, visible_cols) = (g.visible_rows, g.visible_cols);
    let gx = area.x + label_w as u16 + 1;
    for (j, name) in headers
        .iter()
        .enumerate()
        .skip(first_col)
        .take(visible_cols)
    {
        let x = gx + (j - first_col) as u16 * cell_w;
        put(buf, area, x, area.y + 1, &rpad(name, 6), theme.dim);
    }
    for (i, name) in c
        .columns
        .iter()
        .enumerate()
        .skip(first_row)
        .take(visible_rows)
    {
        let y = area.y + 2 + (i - first_row) as u16;
        put(
            buf,
            area,
            area.x,
            y,
            &pad(&row_label(i, name), label_w),
            theme.dim,
        );
        for (j, r) in m[i].iter().enumerate().skip(first_col).take(visible_cols) {
            let x = gx + (j - first_col) as u16 * cell_w;
            let (text, mut style) = match *r {
                Some(r) => (format!("{r:+.2}"), heat(r, theme)),
                None => ("  -  ".to_string(), theme.dim),
            };
            if (i, j) == (r0, c0) {
                style = style.patch(theme.cursor_cell);
            }
            put(buf, area, x, y, &format!(" {} ", rpad(&text, 5)), style);
        }
    }
    let pairs = strongest_pairs(c, ins.spearman, 10);
    let (px, py, pw, ph) = if wide {
        let px = gx + visible_cols as u16 * cell_w + 2;
        (
            px,
            area.y + 1,
            (area.x + area.width).saturating_sub(px),
            area.height.saturating_sub(1),
        )
    } else if pairs_below {
        let py = area.y + 3 + visible_rows as u16;
        (
            area.x,
            py,
            area.width,
            (area.y + area.height).saturating_sub(py),
        )
    } else {
        return;
    };
    let pane = Rect::new(px, py, pw, ph);
    put(buf, pane, px, py, "strongest pairs", theme.header);
    let name_w = ((pw as usize).saturating_sub(10) / 2).clamp(4, 20);
    for (n, (a, b, r)) in pairs.iter().enumerate().take(ph.saturating_sub(1) as usize) {
        let y = py + 1 + n as u16;
        put(
            buf,
            pane,
            px,
            y,
            &format!("{r:+.3} ", r = r),
            heat(*r, theme),
        );
        put(
            buf,
            pane,
            px + 7,
            y,
            &format!("{} {}", pad(a, name_w), truncate(b, name_w)),
            Style::default(),
        );
    }
}
