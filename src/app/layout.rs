//! Where each pane sits for a given terminal size. Pure geometry, shared by `update` (page sizes,
//! which pane is under the mouse) and rendering, so the two always agree.

use ratatui::layout::{Constraint, Direction, Layout, Rect};

use super::inspector::PaneKind;

/// Below this size the screen says so instead of drawing panes.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// From this width the columns pane sits beside the table instead of below it.
pub const SIDE_BY_SIDE_WIDTH: u16 = 160;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Areas {
    pub title: Rect,
    /// The table, or the inspection pane while one is open.
    pub table: Rect,
    pub columns: Rect,
    pub status: Rect,
}

/// The panes' rectangles, or `None` when the terminal is too small to be useful. A `tall` pane
/// (the model pane: metrics beside a confusion matrix) takes three quarters of the height when
/// the columns pane sits below it, instead of three fifths.
pub fn areas(width: u16, height: u16, tall: bool) -> Option<Areas> {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return None;
    }
    let full = Rect::new(0, 0, width, height);
    let [title, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(full);
    let (table, columns) = if width >= SIDE_BY_SIDE_WIDTH {
        let [columns, table] = Layout::default()
            .direction(Direction::Horizontal)
            .constraints([Constraint::Length(94), Constraint::Min(20)])
            .areas(body);
        (table, columns)
    } else {
        let share = if tall { 75 } else { 60 };
        let [table, columns] = Layout::vertical([
            Constraint::Percentage(share),
            Constraint::Percentage(100 - share),
        ])
        .areas(body);
        (table, columns)
    };
    Some(Areas {
        title,
        table,
        columns,
        status,
    })
}

/// Data rows that fit in the table pane (inside its border, below its header line).
pub fn table_rows(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

/// Columns-pane rows that fit (inside its border, below its header line).
pub fn columns_rows(area: Rect) -> usize {
    area.height.saturating_sub(3) as usize
}

/// Lines of the inspection pane's list (frequency rows, groups, warnings) that fit in `area`:
/// inside the border, below the pane's heading lines (and, for warnings, above the box that
/// shows the selected one in full).
pub fn pane_list_rows(kind: PaneKind, area: Rect) -> usize {
    let inner = area.height.saturating_sub(2) as usize;
    match kind {
        // The model pane lists runs in a box of its own height.
        PaneKind::Model => model_list_rows(area, usize::MAX),
        PaneKind::Warnings | PaneKind::Recipe => {
            inner.saturating_sub(warning_detail_rows(area) + 1)
        }
        PaneKind::Frequencies => inner.saturating_sub(2),
        // The header line above; a blank and two lines of test results below.
        PaneKind::Groups => inner.saturating_sub(4),
        // Three lines above (summary, schema, header); the selected column's bins below.
        PaneKind::Drift => inner.saturating_sub(3 + drift_detail_rows(area)).max(1),
        _ => inner,
    }
}

/// Where the correlation grid's cells are inside the pane (shared by drawing and clicks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorrGrid {
    pub label_w: usize,
    pub cell_w: u16,
    /// Left edge of the first visible cell column, and top of the first visible row.
    pub gx: u16,
    pub gy: u16,
    pub first_row: usize,
    pub first_col: usize,
    pub visible_rows: usize,
    pub visible_cols: usize,
    /// Whether the strongest pairs go beside the grid (else below it).
    pub wide: bool,
    pub pairs_below: bool,
}

/// The correlation grid for `widths` (the display widths of the column names) in the pane's
/// inner `area`, scrolled so that `cell` shows.
pub fn corr_grid(area: Rect, widths: &[usize], cell: (usize, usize)) -> CorrGrid {
    let k = widths.len().max(1);
    let label_w = widths.iter().copied().max().unwrap_or(4).clamp(4, 16);
    let cell_w: u16 = 7;
    let pairs_w: u16 = 44;
    let grid_room = area.width.saturating_sub(label_w as u16 + 1);
    let wide = area.width >= label_w as u16 + 1 + cell_w * k.min(8) as u16 + 2 + pairs_w;
    let grid_w = if wide {
        grid_room.saturating_sub(pairs_w + 2)
    } else {
        grid_room
    };
    let visible_cols = ((grid_w / cell_w) as usize).clamp(1, k);
    let grid_h = area.height.saturating_sub(2) as usize;
    let pairs_below = !wide && grid_h > k + 3;
    let visible_rows = grid_h.min(k);
    let (r0, c0) = cell;
    CorrGrid {
        label_w,
        cell_w,
        gx: area.x + label_w as u16 + 1,
        gy: area.y + 2,
        first_row: r0.saturating_sub(visible_rows.max(1) - 1),
        first_col: c0.saturating_sub(visible_cols - 1),
        visible_rows,
        visible_cols,
        wide,
        pairs_below,
    }
}

impl CorrGrid {
    /// The cell (row, column) at a screen position, if it is on one.
    pub fn cell_at(&self, x: u16, y: u16) -> Option<(usize, usize)> {
        if x < self.gx || y < self.gy {
            return None;
        }
        let j = ((x - self.gx) / self.cell_w) as usize;
        let i = (y - self.gy) as usize;
        (j < self.visible_cols && i < self.visible_rows)
            .then_some((self.first_row + i, self.first_col + j))
    }
}

/// Lines under the drift list for the selected column's bins (none in a small pane).
pub fn drift_detail_rows(area: Rect) -> usize {
    let inner = area.height.saturating_sub(2) as usize;
    if inner < 14 {
        0
    } else {
        (inner / 2).min(12)
    }
}

/// Runs listed at the bottom of the model pane: all of them (and a hint under a lone run) up to
/// a third of the pane.
pub fn model_list_rows(area: Rect, runs: usize) -> usize {
    let most = (area.height.saturating_sub(2) as usize / 3).clamp(1, 6);
    (runs + usize::from(runs == 1)).clamp(1, most)
}

/// Height of the box under the warnings list that shows the selected warning whole.
pub fn warning_detail_rows(area: Rect) -> usize {
    (area.height.saturating_sub(2) as usize / 2).clamp(2, 5)
}

/// Whether a screen position falls inside a rectangle.
pub fn contains(r: Rect, x: u16, y: u16) -> bool {
    x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height
}
