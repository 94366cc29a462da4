//! The inspection pane's keys: opening a pane by its command (asking for a column or a file
//! where it needs one), moving in it, and Enter on a value, a warning or a correlation cell.

use super::inspector::*;
use super::{layout, App, Cmd, Effect, Overlay, Prompt, PromptKind};
use crate::core::data::cells::is_numeric;
use crate::core::data::expr::{compile, parse, ExprError};
use crate::core::model::features::Task;
use crate::core::stats::inspect::Inspection;

impl App {
    /// A pane key (`p`, `f`, `c`, `x`, `b`, `!`).
    #[must_use]
    pub(super) fn pane_command(&mut self, kind: PaneKind) -> Vec<Effect> {
        match kind {
            PaneKind::Scatter | PaneKind::Groups => {
                let Some(name) = self.current_column() else {
                    return Vec::new();
                };
                let numeric = self
                    .table_frame()
                    .column(&name)
                    .is_ok_and(|c| is_numeric(c.dtype()));
                if kind == PaneKind::Scatter && !numeric {
                    self.error_message(format!(
                        "`{name}` is not numeric: a scatter plot needs a numeric x; move to one."
                    ));
                    return Vec::new();
                }
                self.prompt = Prompt {
                    kind: if kind == PaneKind::Scatter {
                        PromptKind::Scatter
                    } else {
                        PromptKind::GroupBy
                    },
                    ..Prompt::default()
                };
                self.overlay = Some(Overlay::Prompt);
            }
            PaneKind::Drift => {
                if self.frame.width() == 0 {
                    return Vec::new();
                }
                self.prompt = Prompt {
                    kind: PromptKind::Drift,
                    text: self
                        .inspector
                        .as_ref()
                        .and_then(|i| i.drift.clone())
                        .unwrap_or_default(),
                    ..Prompt::default()
                };
                self.overlay = Some(Overlay::Prompt);
            }
            _ => self.toggle_pane(kind),
        }
        Vec::new()
    }

    /// A column named `text`: the exact name (any case), else the only name it starts.
    pub(super) fn resolve_column(&self, text: &str) -> Result<String, String> {
        let text = text.trim();
        let names = self.column_matches(text);
        if let Some((_, n)) = names.iter().find(|(_, n)| n.eq_ignore_ascii_case(text)) {
            return Ok(n.clone());
        }
        match &names[..] {
            [(_, n)] => Ok(n.clone()),
            [] => Err(format!("no column starts with {text:?}")),
            _ => Err(format!(
                "{text:?} could be {}; type more (Tab completes)",
                names
                    .iter()
                    .take(4)
                    .map(|(_, n)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// Enter at the drift prompt: compare the data with that file.
    #[must_use]
    pub(super) fn submit_drift(&mut self, text: &str) -> Vec<Effect> {
        let path = text.trim();
        if path.is_empty() {
            self.prompt.error = Some(ExprError {
                message: "name the file to compare the data with".into(),
                position: 0,
            });
            return Vec::new();
        }
        if !std::path::Path::new(path).is_file() {
            self.prompt.error = Some(ExprError {
                message: format!("no file {path:?}"),
                position: 0,
            });
            return Vec::new();
        }
        self.overlay = None;
        let mut ins = Inspector::new(PaneKind::Drift);
        ins.drift = Some(path.to_string());
        self.open_pane(ins);
        Vec::new()
    }

    /// Enter at the scatter or group-by prompt.
    #[must_use]
    pub(super) fn submit_pane_prompt(&mut self, text: &str) -> Vec<Effect> {
        let Some(current) = self.current_column() else {
            return Vec::new();
        };
        let fail = |app: &mut App, message: String, position: usize| {
            app.prompt.error = Some(ExprError { message, position });
            Vec::new()
        };
        if self.prompt.kind == PromptKind::GroupBy {
            let by = match self.resolve_column(text) {
                Ok(n) => n,
                Err(e) => return fail(self, e, 0),
            };
            if by == current {
                return fail(self, format!("choose a column other than `{current}`"), 0);
            }
            self.overlay = None;
            let mut ins = Inspector::new(PaneKind::Groups);
            ins.groups = Some((current, by));
            self.open_pane(ins);
            return Vec::new();
        }
        let (y_text, colour_text) = match text.rfind(" by ") {
            Some(i) => (&text[..i], Some((&text[i + 4..], i + 4))),
            None => (text, None),
        };
        let y = match self.resolve_column(y_text) {
            Ok(n) => n,
            Err(e) => return fail(self, e, 0),
        };
        if !self
            .table_frame()
            .column(&y)
            .is_ok_and(|c| is_numeric(c.dtype()))
        {
            return fail(self, format!("`{y}` is not numeric"), 0);
        }
        if y == current {
            return fail(
                self,
                format!("`{y}` is already x; choose another column for y"),
                0,
            );
        }
        let colour = match colour_text {
            Some((t, at)) => match self.resolve_column(t) {
                Ok(n) => Some(n),
                Err(e) => return fail(self, e, at),
            },
            None => None,
        };
        self.overlay = None;
        let mut ins = Inspector::new(PaneKind::Scatter);
        ins.scatter = Some((current, y, colour));
        self.open_pane(ins);
        Vec::new()
    }

    /// Keys in the inspection pane.
    #[must_use]
    pub(super) fn inspector_motion(&mut self, cmd: Cmd) -> Vec<Effect> {
        let Some(kind) = self.inspector.as_ref().map(|i| i.kind) else {
            return Vec::new();
        };
        match (kind, cmd) {
            (PaneKind::Profile | PaneKind::Frequencies, Cmd::NextColumn) => {
                self.columns_motion(Cmd::Down);
                if let Some(ins) = self.inspector.as_mut() {
                    ins.cursor = 0;
                    ins.top = 0;
                }
            }
            (PaneKind::Profile | PaneKind::Frequencies, Cmd::PrevColumn) => {
                self.columns_motion(Cmd::Up);
                if let Some(ins) = self.inspector.as_mut() {
                    ins.cursor = 0;
                    ins.top = 0;
                }
            }
            (
                PaneKind::Profile,
                Cmd::Down | Cmd::Up | Cmd::PageDown | Cmd::PageUp | Cmd::Top | Cmd::Bottom,
            ) => self.columns_motion(cmd),
            (PaneKind::Profile, Cmd::MoreBins) => self.change_bins(true),
            (PaneKind::Profile, Cmd::FewerBins) => self.change_bins(false),
            (PaneKind::Frequencies, Cmd::Order) => {
                if let Some(ins) = self.inspector.as_mut() {
                    ins.order = ins.order.next();
                    ins.cursor = 0;
                    ins.top = 0;
                }
            }
            (PaneKind::Frequencies, Cmd::Enter) => return self.filter_to_value(),
            (PaneKind::Warnings, Cmd::Enter) => self.open_warning(),
            (PaneKind::Recipe, Cmd::UndoStep) => return self.undo_step(),
            (PaneKind::Recipe, Cmd::EditStep) => return self.edit_step(),
            (PaneKind::Recipe, Cmd::DeleteStep) => return self.delete_step(),
            (PaneKind::Recipe, Cmd::ToggleStep) => return self.toggle_step(),
            (PaneKind::Recipe, Cmd::MoveStepUp) => return self.move_step(true),
            (PaneKind::Recipe, Cmd::MoveStepDown) => return self.move_step(false),
            (PaneKind::Model, Cmd::Compare) => {
                // Marks and unmarks the run under the cursor; several can be marked.
                if let Some(ins) = self.inspector.as_mut() {
                    match ins.marked.iter().position(|&m| m == ins.cursor) {
                        Some(at) => {
                            ins.marked.remove(at);
                        }
                        None => ins.marked.push(ins.cursor),
                    }
                }
            }
            (PaneKind::Model, Cmd::Enter) => return self.show_errors(),
            (PaneKind::Model, Cmd::CellUp | Cmd::CellDown)
                if self
                    .inspector
                    .as_ref()
                    .and_then(|i| self.runs.get(i.cursor))
                    .is_some_and(|r| r.report.task == Task::Regression) =>
            {
                // Regression: J/K step through the largest errors, shown in the chart view.
                let n = self
                    .inspector
                    .as_ref()
                    .and_then(|i| self.runs.get(i.cursor))
                    .map_or(0, |r| {
                        r.report
                            .predictions
                            .rows
                            .len()
                            .min(crate::core::model::train::OUTLIERS)
                    });
                if let (Some(ins), true) = (self.inspector.as_mut(), n > 0) {
                    let i = if ins.cell_on { ins.cell.0 } else { 0 };
                    let i = match (cmd, ins.cell_on) {
                        (_, false) => 0,
                        (Cmd::CellDown, true) => (i + 1).min(n - 1),
                        _ => i.saturating_sub(1),
                    };
                    ins.cell = (i, 0);
                    ins.cell_on = true;
                    ins.view = 1;
                }
            }
            (PaneKind::Model, Cmd::CellUp | Cmd::CellDown | Cmd::CellLeft | Cmd::CellRight) => {
                let k = self
                    .inspector
                    .as_ref()
                    .and_then(|i| self.runs.get(i.cursor))
                    .and_then(|r| r.report.confusion.as_ref().map(|c| c.len()))
                    .unwrap_or(0);
                if let (Some(ins), true) = (self.inspector.as_mut(), k > 0) {
                    let (r, c) = if ins.cell_on { ins.cell } else { (0, 0) };
                    let last = k - 1;
                    ins.cell = match cmd {
                        Cmd::CellUp => (r.saturating_sub(1), c),
                        Cmd::CellDown => ((r + 1).min(last), c),
                        Cmd::CellLeft => (r, c.saturating_sub(1)),
                        _ => (r, (c + 1).min(last)),
                    };
                    ins.cell_on = true;
                }
            }
            (PaneKind::Model, Cmd::Order) => self.sort_runs(),
            (PaneKind::Model, Cmd::SaveRecipe) => self.ask_path(super::PromptKind::SaveRecipe),
            (PaneKind::Model, Cmd::SaveModel) => self.ask_model_path(),
            (_, Cmd::ExportChart) => self.ask_chart_path(),
            (PaneKind::Model, Cmd::View) => {
                if let Some(ins) = self.inspector.as_mut() {
                    ins.view = (ins.view + 1) % 4;
                }
            }
            (PaneKind::Correlations, Cmd::Method) => {
                if let Some(ins) = self.inspector.as_mut() {
                    ins.spearman = !ins.spearman;
                }
            }
            (PaneKind::Correlations, Cmd::Enter) => self.scatter_of_cell(),
            (PaneKind::Correlations, _) => self.move_cell(cmd),
            (_, _) => self.list_motion(cmd),
        }
        Vec::new()
    }

    pub(super) fn list_motion(&mut self, cmd: Cmd) {
        let lines = self.pane_lines();
        let page = self.pane_page();
        let Some(ins) = self.inspector.as_mut() else {
            return;
        };
        let last = lines.saturating_sub(1);
        ins.cursor = match cmd {
            Cmd::Down => (ins.cursor + 1).min(last),
            Cmd::Up => ins.cursor.saturating_sub(1),
            Cmd::PageDown => (ins.cursor + page).min(last),
            Cmd::PageUp => ins.cursor.saturating_sub(page),
            Cmd::Top => 0,
            Cmd::Bottom => last,
            _ => ins.cursor,
        };
        if ins.cursor < ins.top {
            ins.top = ins.cursor;
        } else if ins.cursor >= ins.top + page {
            ins.top = ins.cursor + 1 - page;
        }
    }

    /// List lines the open pane shows at once.
    pub fn pane_page(&self) -> usize {
        let (Some(ins), Some(areas)) = (&self.inspector, self.areas()) else {
            return 1;
        };
        layout::pane_list_rows(ins.kind, areas.table).max(1)
    }

    /// Enter on a frequency row: filter the table to that value.
    #[must_use]
    pub(super) fn filter_to_value(&mut self) -> Vec<Effect> {
        let (Some(Inspection::Frequencies(f)), Some(ins)) = (self.inspection(), &self.inspector)
        else {
            return Vec::new();
        };
        let Some((value, _)) = f.values.get(ins.cursor) else {
            return Vec::new();
        };
        let column = f.column.clone();
        let quoted = crate::core::data::expr::column_ref(&column);
        let dtype = self.frame.column(&column).map(|c| c.dtype().clone());
        let expr = match (value, dtype) {
            (None, _) => format!("is_null({quoted})"),
            (Some(v), Ok(d)) if is_numeric(&d) || d == polars::prelude::DataType::Boolean => {
                if v.parse::<f64>().is_ok_and(|x| x.is_finite()) || v == "true" || v == "false" {
                    format!("{quoted} == {v}")
                } else {
                    self.error_message(format!("Cannot filter on {v}: not a finite number."));
                    return Vec::new();
                }
            }
            (Some(v), _) => format!(
                "{quoted} == \"{}\"",
                v.replace('\\', "\\\\").replace('"', "\\\"")
            ),
        };
        if let Err(e) = parse(&expr).and_then(|ast| compile(&ast, self.frame.schema())) {
            self.error_message(format!("Cannot filter on this value: {e}"));
            return Vec::new();
        }
        self.close_pane();
        let mut spec = self.view().cloned().unwrap_or_default();
        spec.filters.push(expr);
        self.start_view(spec)
    }

    /// Enter on a warning: the profile of its (first) column.
    pub(super) fn open_warning(&mut self) {
        let Some(cursor) = self.inspector.as_ref().map(|i| i.cursor) else {
            return;
        };
        // Enter on the grouped outliers: one line per column, in their place.
        if !self.outliers_opened
            && self
                .all_warnings()
                .get(cursor)
                .is_some_and(|w| w.kind == "outliers" && w.columns.len() > 1)
        {
            self.outliers_opened = true;
            let first = self
                .all_warnings()
                .iter()
                .position(|w| w.kind == "outliers");
            if let (Some(ins), Some(first)) = (self.inspector.as_mut(), first) {
                ins.cursor = first;
            }
            return;
        }
        let Some(column) = self
            .all_warnings()
            .get(cursor)
            .and_then(|w| w.columns.first().cloned())
        else {
            return;
        };
        if let Some(i) = self
            .table_frame()
            .columns()
            .iter()
            .position(|c| c.name().as_str() == column)
        {
            self.col = i;
            self.scroll_into_view();
            self.open_pane(Inspector::new(PaneKind::Profile));
        }
    }

    /// Move the cursor in the correlation grid.
    pub(super) fn move_cell(&mut self, cmd: Cmd) {
        let k = match self.inspection() {
            Some(Inspection::Correlations(c)) => c.columns.len(),
            _ => return,
        };
        let Some(ins) = self.inspector.as_mut() else {
            return;
        };
        let last = k.saturating_sub(1);
        let (r, c) = ins.cell;
        ins.cell = match cmd {
            Cmd::Down => ((r + 1).min(last), c),
            Cmd::Up => (r.saturating_sub(1), c),
            Cmd::Right | Cmd::NextColumn => (r, (c + 1).min(last)),
            Cmd::Left | Cmd::PrevColumn => (r, c.saturating_sub(1)),
            Cmd::Top => (0, c),
            Cmd::Bottom => (last, c),
            _ => (r, c),
        };
    }

    /// Enter on a correlation cell: the scatter plot of that pair.
    pub(super) fn scatter_of_cell(&mut self) {
        let (Some(Inspection::Correlations(c)), Some(ins)) = (self.inspection(), &self.inspector)
        else {
            return;
        };
        let (r, col) = ins.cell;
        let (Some(y), Some(x)) = (c.columns.get(r).cloned(), c.columns.get(col).cloned()) else {
            return;
        };
        if x == y {
            self.info_message("Pick a cell off the diagonal to plot two columns.".into());
            return;
        }
        let mut ins = Inspector::new(PaneKind::Scatter);
        ins.scatter = Some((x, y, None));
        self.open_pane(ins);
    }
}
