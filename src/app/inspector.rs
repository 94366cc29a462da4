//! The inspection pane: a column's profile, a frequency table, correlations, a scatter plot, a
//! group comparison or the data-quality warnings, drawn where the table is while it is open.
//!
//! The pane's state says *what* it shows (kind, column, options); `App::sync_inspector` turns
//! that into a `Request` after every action and asks a job for it, unless the answer is cached.
//! The cache holds answers for the rows the table shows, and is emptied when they change (a new
//! chunk, a filter, a sort), so flipping between columns costs one computation per column.

use std::collections::HashMap;
use std::sync::Arc;

use super::{App, Effect, Focus, Pending};
use crate::core::stats::inspect::{FreqOrder, Inspection, Request, MAX_BINS};
use crate::jobs::{Job, JobId};

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
    Computing(Pending),
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
    #[must_use]
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
        self.inspected = Some((want.clone(), InspectState::Computing(Pending::job(job))));
        effects.push(Effect::Start(
            job,
            Job::Inspect {
                frame: self.table_frame().clone(),
                request: want,
            },
        ));
        effects
    }

    /// Forget the pane's answer; cancel its job if one runs.
    #[must_use]
    fn drop_inspection(&mut self) -> Vec<Effect> {
        match self.inspected.take() {
            Some((_, InspectState::Computing(Pending { job, .. }))) => vec![Effect::Cancel(job)],
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
        if !current.answers(job) {
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
