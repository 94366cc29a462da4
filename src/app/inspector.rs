//! The inspection pane: a column's profile, a frequency table, correlations, a scatter plot, a
//! group comparison or the data-quality warnings, drawn where the table is while it is open.
//!
//! The pane's state says *what* it shows (kind, column, options); `App::sync_inspector` turns
//! that into a `Request` after every action and asks a job for it, unless the answer is cached.
//! The cache holds answers for the rows the table shows, and is emptied when they change (a new
//! chunk, a filter, a sort), so flipping between columns costs one computation per column.

use std::collections::HashMap;
use std::sync::Arc;

use super::{layout, App, Cmd, Effect, Focus, Overlay, Prompt, PromptKind};
use crate::core::data::cells::is_numeric;
use crate::core::data::expr::{compile, parse, ExprError};
use crate::core::model::features::Task;
use crate::core::stats::inspect::{FreqOrder, Inspection, Request, MAX_BINS};
use crate::jobs::JobId;

/// What the inspection pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaneKind {
    Profile,
    Frequencies,
    Correlations,
    Scatter,
    Groups,
    Warnings,
    /// The session's cleaning steps.
    Recipe,
    /// Training runs and the selected run's results.
    Model,
    /// The data against another file: schema, shift per column.
    Drift,
}

impl PaneKind {
    pub fn title(self) -> &'static str {
        match self {
            PaneKind::Profile => "Profile",
            PaneKind::Frequencies => "Frequencies",
            PaneKind::Correlations => "Correlations",
            PaneKind::Scatter => "Scatter",
            PaneKind::Groups => "Groups",
            PaneKind::Warnings => "Warnings",
            PaneKind::Recipe => "Recipe",
            PaneKind::Model => "Model",
            PaneKind::Drift => "Drift",
        }
    }
}

/// The open pane and its options.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspector {
    pub kind: PaneKind,
    /// Histogram bins chosen with `+`/`-`, for the column they were chosen on.
    pub bins: Option<(String, usize)>,
    pub order: FreqOrder,
    pub spearman: bool,
    /// Scatter: x, y and the colour column.
    pub scatter: Option<(String, String, Option<String>)>,
    /// Group comparison: the compared column and the grouping one.
    pub groups: Option<(String, String)>,
    /// Selected line of a list (frequency rows, warnings, groups) and the first one drawn.
    pub cursor: usize,
    pub top: usize,
    /// Selected cell of the correlation grid (row, column).
    pub cell: (usize, usize),
    /// What the model pane shows: 0 summary, 1 chart, 2 folds, 3 explanations.
    pub view: u8,
    /// The runs the selected one is compared with, in the order they were marked.
    pub marked: Vec<usize>,
    /// Whether a confusion-matrix cell (`cell`: true, predicted) is selected.
    pub cell_on: bool,
    /// Drift: the file compared with the data.
    pub drift: Option<String>,
}

impl Inspector {
    pub fn new(kind: PaneKind) -> Self {
        Inspector {
            kind,
            bins: None,
            order: FreqOrder::default(),
            spearman: false,
            scatter: None,
            groups: None,
            cursor: 0,
            top: 0,
            cell: (0, 0),
            view: 0,
            marked: Vec::new(),
            cell_on: false,
            drift: None,
        }
    }
}

/// Where the pane's answer stands.
#[derive(Debug, Clone, PartialEq)]
pub enum InspectState {
    Computing(JobId),
    Ready(Arc<Inspection>),
    Failed(String),
}

/// Answers for the rows the table shows now.
#[derive(Debug, Clone, Default)]
pub struct InspectCache {
    answers: HashMap<Request, Arc<Inspection>>,
}

impl InspectCache {
    pub fn get(&self, r: &Request) -> Option<Arc<Inspection>> {
        self.answers.get(r).cloned()
    }

    pub fn insert(&mut self, r: Request, a: Arc<Inspection>) {
        self.answers.insert(r, a);
    }

    pub fn clear(&mut self) {
        self.answers.clear();
    }

    pub fn len(&self) -> usize {
        self.answers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.answers.is_empty()
    }
}

/// More outlier warnings than this are shown as one line until opened.
pub const OUTLIER_GROUP: usize = 3;

impl App {
    /// The name of the column under the cursor.
    pub fn current_column(&self) -> Option<String> {
        self.table_frame()
            .columns()
            .get(self.col)
            .map(|c| c.name().to_string())
    }

    /// What the open pane needs computed, if anything.
    pub fn wanted_request(&self) -> Option<Request> {
        let ins = self.inspector.as_ref()?;
        Some(match ins.kind {
            PaneKind::Profile => {
                let column = self.current_column()?;
                let bins = ins
                    .bins
                    .as_ref()
                    .filter(|(c, _)| *c == column)
                    .map(|(_, b)| *b)
                    .or(self.config.bins);
                Request::Profile { column, bins }
            }
            PaneKind::Frequencies => Request::Frequencies {
                column: self.current_column()?,
                order: ins.order,
            },
            PaneKind::Correlations => Request::Correlations,
            PaneKind::Scatter => {
                let (x, y, colour) = ins.scatter.clone()?;
                Request::Scatter { x, y, colour }
            }
            PaneKind::Groups => {
                let (value, by) = ins.groups.clone()?;
                Request::Groups { value, by }
            }
            PaneKind::Drift => {
                let steps: Vec<crate::core::clean::step::Step> = self
                    .recipe
                    .iter()
                    .filter(|e| !e.off && e.broken.is_none())
                    .map(|e| e.step.clone())
                    .collect();
                let raw = self.recipe.first().map_or_else(Vec::new, |e| {
                    e.before
                        .get_column_names()
                        .iter()
                        .map(|c| c.to_string())
                        .collect()
                });
                Request::Drift {
                    path: ins.drift.clone()?,
                    steps: crate::core::stats::inspect::Steps(steps),
                    raw,
                }
            }
            PaneKind::Warnings | PaneKind::Recipe | PaneKind::Model => return None,
        })
    }

    /// Bring the pane's answer in line with what it shows: from the cache, or from a new job.
    /// Called after every action, so no command has to remember it.
    pub(super) fn sync_inspector(&mut self) -> Vec<Effect> {
        // Partial data would be computed again with every chunk: wait for the whole file.
        if self.is_loading() {
            return Vec::new();
        }
        let Some(want) = self.wanted_request() else {
            return self.drop_inspection();
        };
        if self.inspected.as_ref().is_some_and(|(r, _)| *r == want) {
            return Vec::new();
        }
        let mut effects = self.drop_inspection();
        if let Some(answer) = self.inspect_cache.get(&want) {
            self.inspected = Some((want, InspectState::Ready(answer)));
            return effects;
        }
        let job = self.new_job();
        self.inspected = Some((want.clone(), InspectState::Computing(job)));
        effects.push(Effect::Inspect {
            job,
            frame: self.table_frame().clone(),
            request: want,
        });
        effects
    }

    /// Forget the pane's answer; cancel its job if one runs.
    fn drop_inspection(&mut self) -> Vec<Effect> {
        match self.inspected.take() {
            Some((_, InspectState::Computing(job))) => vec![Effect::Cancel(job)],
            _ => Vec::new(),
        }
    }

    /// The table's rows changed: every cached answer is about the old ones.
    pub(super) fn rows_changed(&mut self) {
        self.inspect_cache.clear();
        self.inspected = None;
    }

    /// A job's answer: kept if it is the one the pane waits for (and cached either way it is
    /// current).
    pub(super) fn inspect_done(&mut self, job: JobId, result: Result<Inspection, String>) {
        let Some((request, InspectState::Computing(current))) = &self.inspected else {
            return;
        };
        if *current != job {
            return;
        }
        let request = request.clone();
        let state = match result {
            Ok(answer) => {
                let answer = Arc::new(answer);
                self.inspect_cache.insert(request.clone(), answer.clone());
                InspectState::Ready(answer)
            }
            Err(e) => InspectState::Failed(e),
        };
        self.inspected = Some((request, state));
    }

    /// The answer the pane shows, when it is ready.
    pub fn inspection(&self) -> Option<&Inspection> {
        match &self.inspected {
            Some((_, InspectState::Ready(a))) => Some(a),
            _ => None,
        }
    }

    /// Open `kind`, or close it when it is the pane already open.
    pub(super) fn toggle_pane(&mut self, kind: PaneKind) {
        if self.inspector.as_ref().is_some_and(|i| i.kind == kind) {
            self.close_pane();
        } else {
            self.open_pane(Inspector::new(kind));
        }
    }

    pub(super) fn open_pane(&mut self, mut ins: Inspector) {
        self.remember_runs();
        if ins.kind == PaneKind::Model {
            // The run the user picked last, else the best (starred) one.
            let n = self.runs.len();
            ins.cursor = self
                .selected_run
                .filter(|&i| i < n)
                .or_else(|| self.best_run())
                .unwrap_or(0);
            ins.marked = self.marked_run.iter().copied().filter(|&m| m < n).collect();
        }
        self.inspector = Some(ins);
        self.focus = Focus::Inspector;
    }

    /// Keep the model pane's selection and mark before the pane goes away.
    fn remember_runs(&mut self) {
        if let Some(ins) = self
            .inspector
            .as_ref()
            .filter(|i| i.kind == PaneKind::Model)
        {
            self.selected_run = Some(ins.cursor);
            self.marked_run = ins.marked.clone();
        }
    }

    pub(super) fn close_pane(&mut self) {
        self.remember_runs();
        self.inspector = None;
        if self.focus == Focus::Inspector {
            self.focus = Focus::Table;
        }
    }

    /// `+`/`-` in the profile: more or fewer histogram bins, in steps of about a fifth.
    pub(super) fn change_bins(&mut self, more: bool) {
        let Some(column) = self.current_column() else {
            return;
        };
        let now = match self.inspection() {
            Some(Inspection::Profile(p)) => match &p.detail {
                crate::core::stats::inspect::Detail::Numeric { histogram: Some(h) } => {
                    h.counts.len()
                }
                _ => return,
            },
            _ => return,
        };
        let step = (now / 5).max(1);
        let bins = if more {
            (now + step).min(MAX_BINS)
        } else {
            now.saturating_sub(step).max(1)
        };
        if let Some(ins) = self.inspector.as_mut() {
            ins.bins = Some((column, bins));
        }
    }

    /// Lines in the pane's list, for cursor bounds.
    pub(super) fn pane_lines(&self) -> usize {
        let Some(ins) = &self.inspector else {
            return 0;
        };
        match (ins.kind, self.inspection()) {
            (PaneKind::Warnings, _) => self.all_warnings().len(),
            (PaneKind::Recipe, _) => self.recipe.len(),
            (PaneKind::Model, _) => self.runs.len(),
            (_, Some(Inspection::Frequencies(f))) => f.values.len(),
            (_, Some(Inspection::Drift(d))) => d.columns.len(),
            (_, Some(Inspection::Groups(crate::core::stats::inspect::Groups::Numeric(g)))) => {
                g.groups.len()
            }
            (_, Some(Inspection::Groups(crate::core::stats::inspect::Groups::Categorical(c)))) => {
                c.rows.len()
            }
            _ => 0,
        }
    }

    /// Every data-quality warning: dataset-wide ones first, then each column's in frame order.
    /// More than [`OUTLIER_GROUP`] outlier warnings (common on clean measurements) would bury
    /// the rest: they become one line at the end, which Enter opens into one per column.
    pub fn all_warnings(&self) -> Vec<std::borrow::Cow<'_, crate::core::stats::quality::Warning>> {
        use std::borrow::Cow;
        let mut out: Vec<Cow<'_, crate::core::stats::quality::Warning>> =
            self.frame_warnings.iter().map(Cow::Borrowed).collect();
        let super::Stats::Ready(stats) = &self.stats else {
            return out;
        };
        let column: Vec<&crate::core::stats::quality::Warning> = stats
            .iter()
            .flat_map(|s| &s.warnings)
            .filter(|w| !self.transformed_already(w))
            .collect();
        let outliers: Vec<&crate::core::stats::quality::Warning> = column
            .iter()
            .copied()
            .filter(|w| w.kind == "outliers")
            .collect();
        if outliers.len() <= OUTLIER_GROUP || self.outliers_opened {
            out.extend(column.into_iter().map(Cow::Borrowed));
            return out;
        }
        out.extend(
            column
                .into_iter()
                .filter(|w| w.kind != "outliers")
                .map(Cow::Borrowed),
        );
        let names: Vec<String> = outliers.iter().flat_map(|w| w.columns.clone()).collect();
        let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
        out.push(Cow::Owned(crate::core::stats::quality::Warning {
            kind: "outliers",
            message: format!(
                "{} columns have values beyond Tukey's fences (1.5 IQR beyond the quartiles): {}{}. \
                 On clean measurements these are often real; Enter lists each column's, to \
                 check them before clip_outliers.",
                names.len(),
                shown.join(", "),
                if names.len() > 3 { ", ..." } else { "" }
            ),
            columns: names,
            fix: "clip_outliers",
            fix_fields: Vec::new(),
        }));
        out
    }

    /// After a fix: the warnings pane's cursor on the warning that followed the fixed one (the
    /// first of them still there), else where it was, within the list.
    pub(super) fn place_warning_cursor(&mut self) {
        let anchor = std::mem::take(&mut self.warning_anchor);
        if !self
            .inspector
            .as_ref()
            .is_some_and(|i| i.kind == PaneKind::Warnings)
        {
            return;
        }
        let now: Vec<(&'static str, Vec<String>)> = self
            .all_warnings()
            .iter()
            .map(|w| (w.kind, w.columns.clone()))
            .collect();
        let found = anchor.iter().find_map(|a| now.iter().position(|w| w == a));
        if let Some(ins) = self.inspector.as_mut() {
            ins.cursor = match found {
                Some(i) => i,
                None if anchor.is_empty() => ins.cursor.min(now.len().saturating_sub(1)),
                None => now.len().saturating_sub(1),
            };
        }
    }

    /// A warning whose fix transforms values (a log, a clip) is not offered again for a
    /// column the recipe already applied it to: a second log of a still-skewed column harms
    /// it, it does not fix it.
    fn transformed_already(&self, w: &crate::core::stats::quality::Warning) -> bool {
        use crate::core::clean::step::Step;
        let Some(column) = w.columns.first() else {
            return false;
        };
        self.recipe.iter().any(|e| match &e.step {
            Step::LogTransform { column: c } => w.fix == "log_transform" && c == column,
            Step::ClipOutliers { column: c, .. } => w.fix == "clip_outliers" && c == column,
            _ => false,
        })
    }
}

impl App {
    /// A pane key (`p`, `f`, `c`, `x`, `b`, `!`).
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
    fn resolve_column(&self, text: &str) -> Result<String, String> {
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

    fn list_motion(&mut self, cmd: Cmd) {
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
    fn filter_to_value(&mut self) -> Vec<Effect> {
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
    fn open_warning(&mut self) {
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
    fn move_cell(&mut self, cmd: Cmd) {
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
    fn scatter_of_cell(&mut self) {
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
