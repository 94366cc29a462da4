//! The table and the columns pane: views (filters and sort) and search as jobs, cursor motion,
//! paging, scrolling into view, the columns that fit, the mouse wheel and clicks.

use polars::prelude::*;

use super::{layout, App, Cmd, Effect, Focus, LoadState, Overlay, PaneKind, Pending};
use crate::core::data::cells::{display_width, format_value, group_thousands, one_line};
use crate::core::data::view::ViewSpec;
use crate::jobs::Job;

/// Widest a table column is drawn (longer cells end in `…`; Enter shows them whole).
pub const MAX_COLUMN_WIDTH: usize = 32;

/// Rows sampled to size the table's columns.
pub(super) const WIDTH_SAMPLE_ROWS: usize = 200;

/// Rows moved per mouse-wheel notch.
pub(super) const WHEEL_ROWS: i32 = 3;

/// Width of each column: its name and the widest of the first and last rows, capped. (The last
/// rows matter for growing values such as row ids.)
pub(super) fn column_widths(frame: &DataFrame) -> Vec<usize> {
    let head = frame.head(Some(WIDTH_SAMPLE_ROWS));
    let tail = frame.tail(Some(WIDTH_SAMPLE_ROWS));
    head.columns()
        .iter()
        .zip(tail.columns())
        .map(|(h, t)| {
            let header = display_width(h.name());
            let cells = [h, t]
                .into_iter()
                .flat_map(|col| (0..col.len()).filter_map(move |i| col.get(i).ok()))
                .map(|v| format_value(&v).map_or(1, |s| display_width(&one_line(&s))))
                .max()
                .unwrap_or(1);
            header.max(cells).clamp(3, MAX_COLUMN_WIDTH)
        })
        .collect()
}

impl App {
    /// Compute a view of the loaded frame in a job; the table shows it when it arrives.
    #[must_use]
    pub(super) fn start_view(&mut self, spec: ViewSpec) -> Vec<Effect> {
        let job = self.new_job();
        let mut effects = Vec::new();
        if let Some(Pending { job: old, .. }) = self.view_job.take() {
            effects.push(Effect::Cancel(old));
        }
        self.view_job = Some(Pending::new(job, spec.clone()));
        effects.push(Effect::Start(
            job,
            Job::View {
                frame: self.frame.clone(),
                spec: Box::new(spec),
            },
        ));
        effects
    }

    #[must_use]
    pub(super) fn undo_view(&mut self) -> Vec<Effect> {
        if let Some(Pending { job, .. }) = self.view_job.take() {
            return vec![Effect::Cancel(job)];
        }
        if self.views.pop().is_none() {
            self.info_message("Nothing to undo: the table shows all rows in file order.".into());
        } else {
            // The view below may have fewer columns (a SQL view's are its own).
            self.col = self.col.min(self.table_frame().width().saturating_sub(1));
            self.rows_changed();
        }
        self.row = 0;
        self.top = 0;
        self.scroll_into_view();
        Vec::new()
    }

    #[must_use]
    pub(super) fn start_search(&mut self, needle: String, forward: bool) -> Vec<Effect> {
        let job = self.new_job();
        let mut effects = Vec::new();
        if let Some(Pending { job: old, .. }) = self.search_job.replace(Pending::job(job)) {
            effects.push(Effect::Cancel(old));
        }
        effects.push(Effect::Start(
            job,
            Job::Search {
                frame: self.table_frame().clone(),
                needle,
                from: self.row,
                forward,
            },
        ));
        effects
    }

    pub(super) fn table_motion(&mut self, cmd: Cmd) {
        let (rows, cols) = self.shape();
        if let Some(row) = moved(cmd, self.row, rows, self.table_page()) {
            self.row = row;
        }
        match cmd {
            Cmd::Left => self.col = self.col.saturating_sub(1),
            Cmd::Right => self.col = (self.col + 1).min(cols.saturating_sub(1)),
            Cmd::Home => self.col = 0,
            Cmd::End => self.col = cols.saturating_sub(1),
            Cmd::Enter if self.current_cell().is_some() => {
                self.overlay = Some(Overlay::Cell { scroll: 0 });
            }
            _ => {}
        }
        self.scroll_into_view();
    }

    pub(super) fn columns_motion(&mut self, cmd: Cmd) {
        // The columns pane lists the data's columns; the cursor moves over those the table
        // shows (a hidden one is passed over).
        let shown: Vec<usize> = (0..self.frame.width())
            .filter(|&d| self.table_index(d).is_some())
            .collect();
        let at = self
            .data_index(self.col)
            .and_then(|d| shown.iter().position(|&s| s == d))
            .unwrap_or(0);
        // The columns pane lists the columns as rows: Home and End go to its ends too.
        let vertical = match cmd {
            Cmd::Home => Cmd::Top,
            Cmd::End => Cmd::Bottom,
            other => other,
        };
        if let Some(i) = moved(vertical, at, shown.len(), self.columns_page()) {
            if let Some(t) = shown.get(i).and_then(|&d| self.table_index(d)) {
                self.col = t;
            }
        }
        match cmd {
            Cmd::Enter if self.inspector.is_some() => self.focus = Focus::Inspector,
            Cmd::Enter => self.focus = Focus::Table,
            _ => {}
        }
        self.scroll_into_view();
    }

    /// The data column (by position in the loaded frame) that the table's column `col` shows:
    /// `None` for a column a view put before the data, or a SQL result's own.
    pub fn data_index(&self, col: usize) -> Option<usize> {
        let name = self.table_frame().get_column_names().get(col)?.to_string();
        self.frame.get_column_index(&name)
    }

    /// Where the table shows the data's column `data` (`None` while a view hides it).
    pub fn table_index(&self, data: usize) -> Option<usize> {
        let name = self.frame.get_column_names().get(data)?.to_string();
        self.table_frame().get_column_index(&name)
    }

    /// Where the panes sit at the terminal's size, with the open pane's needs.
    pub fn areas(&self) -> Option<layout::Areas> {
        layout::areas(self.size.0, self.size.1, self.tall_pane())
    }

    /// Whether the open pane takes more of the height (see [`layout::areas`]).
    pub fn tall_pane(&self) -> bool {
        self.inspector
            .as_ref()
            .is_some_and(|i| i.kind == PaneKind::Model)
    }

    pub(super) fn table_page(&self) -> usize {
        self.areas()
            .map_or(1, |a| layout::table_rows(a.table))
            .max(1)
    }

    pub(super) fn columns_page(&self) -> usize {
        self.areas()
            .map_or(1, |a| layout::columns_rows(a.columns))
            .max(1)
    }

    /// Keep the cursor inside the data and on screen in both panes.
    pub(super) fn scroll_into_view(&mut self) {
        let (rows, cols) = self.shape();
        self.row = self.row.min(rows.saturating_sub(1));
        self.col = self.col.min(cols.saturating_sub(1));
        let page = self.table_page();
        if self.row < self.top {
            self.top = self.row;
        } else if self.row >= self.top + page {
            self.top = self.row + 1 - page;
        }
        let cpage = self.columns_page();
        // The columns pane lists the data's columns (not those a view put before them).
        if let Some(listed) = self.data_index(self.col) {
            if listed < self.columns_top {
                self.columns_top = listed;
            } else if listed >= self.columns_top + cpage {
                self.columns_top = listed + 1 - cpage;
            }
        }
        // Frozen columns are always drawn; the others scroll from `left`.
        let frozen = self.frozen_columns();
        self.left = self.left.max(frozen);
        if self.col < self.left && self.col >= frozen {
            self.left = self.col;
        }
        // Scroll right until the cursor's column is drawn whole (or is the first drawn).
        let widths = self.table_column_widths();
        let whole = |app: &App| {
            app.visible_columns()
                .iter()
                .any(|&(c, w)| c == app.col && Some(&w) == widths.get(c))
        };
        while self.left < self.col && !whole(self) {
            self.left += 1;
        }
    }

    /// Width of the row-number gutter. While loading it is sized for the expected row count,
    /// so the columns do not shift as rows arrive.
    pub fn gutter_width(&self) -> usize {
        let rows = self.table_frame().height();
        let expected = match &self.load {
            LoadState::Loading {
                progress: Some(p), ..
            } => p
                .fraction()
                .filter(|f| *f > 0.0)
                .map_or(rows, |f| (rows as f64 / f) as usize),
            _ => rows,
        };
        expected.max(rows).max(1).to_string().len()
    }

    /// Columns drawn in the table from `left`, with their widths; the last one may be cut.
    pub fn visible_columns(&self) -> Vec<(usize, usize)> {
        let Some(areas) = self.areas() else {
            return Vec::new();
        };
        let inner = areas.table.width.saturating_sub(2) as usize;
        let mut used = self.gutter_width() + 1;
        let mut out = Vec::new();
        let widths = self.table_column_widths();
        let frozen = self.frozen_columns().min(widths.len());
        for c in (0..frozen).chain(self.left.max(frozen)..widths.len()) {
            if used >= inner {
                break;
            }
            let w = widths[c].min(inner - used);
            out.push((c, w));
            used += w + 1;
        }
        out
    }

    /// The width each of the table's columns wants: a data column's as sized at load, the
    /// others (a view's added columns, a SQL result's) measured in the view.
    pub(super) fn table_column_widths(&self) -> Vec<usize> {
        let frame = self.table_frame();
        let sql = self.view().is_some_and(|v| v.sql.is_some());
        let own: Vec<Option<usize>> = (0..frame.width())
            .map(|c| {
                self.data_index(c)
                    .filter(|_| !sql)
                    .and_then(|d| self.col_widths.get(d).copied())
            })
            .collect();
        if own.iter().all(Option::is_some) {
            return own.into_iter().flatten().collect();
        }
        let others: Vec<String> = frame
            .get_column_names()
            .iter()
            .zip(&own)
            .filter(|(_, w)| w.is_none())
            .map(|(n, _)| n.to_string())
            .collect();
        let mut measured = frame
            .select(others)
            .map_or_else(|_| Vec::new(), |f| column_widths(&f))
            .into_iter();
        own.into_iter()
            .map(|w| w.or_else(|| measured.next()).unwrap_or(3))
            .collect()
    }

    /// `y` / `Y`: the cell under the cursor, or its row as a line of CSV, to the clipboard.
    #[must_use]
    pub(super) fn copy(&mut self, row: bool) -> Vec<Effect> {
        let text = if row {
            let frame = self.table_frame();
            if self.row >= frame.height() {
                return Vec::new();
            }
            let cells: Vec<String> = frame
                .columns()
                .iter()
                .map(|c| {
                    let v = c.get(self.row).ok().and_then(|v| format_value(&v));
                    csv_field(v.as_deref().unwrap_or(""))
                })
                .collect();
            cells.join(",")
        } else {
            match self.current_cell() {
                Some((_, Some(v))) => v,
                Some((name, None)) => {
                    self.info_message(format!("`{name}` is missing in this row: nothing copied."));
                    return Vec::new();
                }
                None => return Vec::new(),
            }
        };
        let what = if row {
            format!("row {} as CSV", group_thousands(self.row + 1))
        } else {
            "the cell".to_string()
        };
        self.info_message(format!(
            "Copied {what} ({} characters) to the clipboard, through the terminal (OSC 52).",
            group_thousands(text.chars().count())
        ));
        vec![Effect::Copy(text)]
    }

    #[must_use]
    pub(super) fn wheel(&mut self, x: u16, y: u16, delta: i32) -> Vec<Effect> {
        let steps = delta.unsigned_abs() as usize * WHEEL_ROWS as usize;
        let cmd = if delta > 0 { Cmd::Down } else { Cmd::Up };
        if let Some(o) = self.overlay {
            for _ in 0..delta.unsigned_abs() {
                self.popup_motion(o, cmd);
            }
            return Vec::new();
        }
        let Some(areas) = self.areas() else {
            return Vec::new();
        };
        let mut effects = Vec::new();
        if layout::contains(areas.table, x, y) && self.inspector.is_some() {
            for _ in 0..delta.unsigned_abs() {
                effects.extend(self.inspector_motion(cmd));
            }
        } else if layout::contains(areas.table, x, y) {
            for _ in 0..steps {
                self.table_motion(cmd);
            }
        } else if layout::contains(areas.columns, x, y) {
            for _ in 0..delta.unsigned_abs() {
                self.columns_motion(cmd);
            }
        }
        effects
    }

    pub(super) fn click(&mut self, x: u16, y: u16) {
        if self.overlay.is_some() {
            return;
        }
        let Some(areas) = self.areas() else {
            return;
        };
        // Data rows start below the border and the header line.
        let first_data_y = |r: ratatui::layout::Rect| r.y + 2;
        if layout::contains(areas.table, x, y) && self.inspector.is_some() {
            self.focus = Focus::Inspector;
            // A click on a correlation cell selects it.
            if let Some(crate::core::stats::inspect::Inspection::Correlations(c)) =
                self.inspection()
            {
                let inner = ratatui::layout::Rect::new(
                    areas.table.x + 1,
                    areas.table.y + 1,
                    areas.table.width.saturating_sub(2),
                    areas.table.height.saturating_sub(2),
                );
                let widths: Vec<usize> = c
                    .columns
                    .iter()
                    .map(|n| crate::core::data::cells::display_width(n))
                    .collect();
                let cell = self.inspector.as_ref().map_or((0, 0), |i| i.cell);
                if let Some(at) = layout::corr_grid(inner, &widths, cell).cell_at(x, y) {
                    if let Some(ins) = self.inspector.as_mut() {
                        ins.cell = at;
                    }
                }
                return;
            }
            // A click on a run in the model pane's list selects it (the list is at the bottom,
            // scrolled so the selected run shows).
            if self
                .inspector
                .as_ref()
                .is_some_and(|i| i.kind == PaneKind::Model)
            {
                let rows = layout::model_list_rows(areas.table, self.runs.len()) as u16;
                let bottom = areas.table.y + areas.table.height - 1;
                if y + rows >= bottom && y < bottom {
                    let n = self.runs.len();
                    if let Some(ins) = self.inspector.as_mut() {
                        let first = ins.cursor.saturating_sub(rows as usize - 1);
                        let i = first + (y + rows - bottom) as usize;
                        if i < n && i != ins.cursor {
                            ins.cursor = i;
                            ins.cell_on = false;
                        }
                    }
                }
                return;
            }
            // A click on a line of a list pane selects that line.
            let lines = self.pane_lines();
            let page = self.pane_page();
            if let Some(ins) = self.inspector.as_mut() {
                let first = match ins.kind {
                    PaneKind::Warnings | PaneKind::Recipe => Some(1),
                    PaneKind::Frequencies => Some(3),
                    PaneKind::Drift => Some(4),
                    _ => None,
                };
                if let Some(first) = first {
                    let row = y.checked_sub(areas.table.y + first).map(usize::from);
                    if let Some(i) = row.filter(|r| *r < page).map(|r| ins.top + r) {
                        if i < lines {
                            ins.cursor = i;
                        }
                    }
                }
            }
        } else if layout::contains(areas.table, x, y) {
            self.focus = Focus::Table;
            if y >= first_data_y(areas.table) {
                self.row = self.top + (y - first_data_y(areas.table)) as usize;
            }
            let mut cx = areas.table.x as usize + 1 + self.gutter_width() + 1;
            for (c, w) in self.visible_columns() {
                if (x as usize) >= cx && (x as usize) < cx + w + 1 {
                    self.col = c;
                }
                cx += w + 1;
            }
        } else if layout::contains(areas.columns, x, y) {
            self.focus = Focus::Columns;
            if y >= first_data_y(areas.columns) {
                let data = self.columns_top + (y - first_data_y(areas.columns)) as usize;
                if let Some(c) = self.table_index(data) {
                    self.col = c;
                }
            }
        }
        self.scroll_into_view();
    }
}

/// A value as a CSV field: quoted when it holds a comma, a quote or a line break (quotes
/// doubled), as it is written elsewhere.
fn csv_field(v: &str) -> String {
    if v.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v.to_string()
    }
}

/// Where a vertical motion takes a cursor at `at` in a list of `len` shown `page` at a time;
/// `None` for a command that is not one.
fn moved(cmd: Cmd, at: usize, len: usize, page: usize) -> Option<usize> {
    let last = len.saturating_sub(1);
    Some(match cmd {
        Cmd::Down => (at + 1).min(last),
        Cmd::Up => at.saturating_sub(1),
        Cmd::PageDown => (at + page).min(last),
        Cmd::PageUp => at.saturating_sub(page),
        Cmd::Top => 0,
        Cmd::Bottom => last,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn copied_fields_are_quoted_as_csv_writes_them() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("5'11\""), "\"5'11\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field(""), "");
    }
}
