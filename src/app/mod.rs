//! The TUI state machine: `App` holds all UI state; `update` is the only place it changes, and
//! returns `Effect`s (start a job, cancel one, quit) for the event loop to carry out. No terminal
//! I/O and no threads here, so every flow can be tested by feeding actions.

pub mod action;
pub mod clean;
pub mod commands;
pub mod config;
pub mod inspector;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod palette;
pub mod recipe_edit;
pub mod restore;
pub mod step_form;
pub mod step_ops;
pub mod tour;
pub mod writes;

use std::time::Duration;

use polars::prelude::*;

use crate::core::data::cells::{display_width, format_value, group_thousands, one_line};
use crate::core::data::expr::{compile, parse, ExprError};
use crate::core::data::source::{Input, LoadOptions, Progress, SourceInfo};
use crate::core::data::view::ViewSpec;
use crate::core::stats::inspect::Request;
use crate::core::stats::profile::ColumnSummary;
use crate::core::stats::quality::Warning;
use crate::jobs::{JobEvent, JobId};
pub use action::{Action, Cmd};
use commands::Scope;
use crossterm::event::KeyCode;
pub use inspector::{InspectCache, InspectState, Inspector, PaneKind};
use keymap::Key;

/// Widest a table column is drawn (longer cells end in `…`; Enter shows them whole).
pub const MAX_COLUMN_WIDTH: usize = 32;
/// Rows sampled to size the table's columns.
const WIDTH_SAMPLE_ROWS: usize = 200;
/// Rows moved per mouse-wheel notch.
const WHEEL_ROWS: i32 = 3;

/// Work for the event loop.
#[derive(Debug, Clone)]
pub enum Effect {
    Load {
        job: JobId,
        input: Input,
        opts: LoadOptions,
    },
    Stats {
        job: JobId,
        frame: DataFrame,
    },
    /// Apply a view (filters, sort) to the loaded frame.
    View {
        job: JobId,
        frame: DataFrame,
        spec: ViewSpec,
    },
    /// Find the next cell containing `needle` in the table's rows.
    Search {
        job: JobId,
        frame: DataFrame,
        needle: String,
        from: usize,
        forward: bool,
    },
    /// Compute what an inspection pane shows, from the table's rows.
    Inspect {
        job: JobId,
        frame: DataFrame,
        request: Request,
    },
    /// Re-run recipe steps (each with whether it is on) after an edit of an earlier one.
    Rerun {
        job: JobId,
        frame: DataFrame,
        steps: Vec<(crate::core::clean::step::Step, bool)>,
    },
    /// Apply a cleaning step (or the same step on several columns, in turn) to the data, to
    /// preview what it changes.
    Preview {
        job: JobId,
        frame: DataFrame,
        steps: Vec<crate::core::clean::step::Step>,
    },
    /// Write data or a recipe to `path` (atomically; never over `source`; over an existing
    /// file only with `overwrite`).
    Write {
        job: JobId,
        path: std::path::PathBuf,
        output: crate::output::write::Output,
        overwrite: bool,
        source: Option<std::path::PathBuf>,
    },
    /// Train and evaluate a model on the data.
    Train {
        job: JobId,
        frame: DataFrame,
        spec: crate::core::model::train::TrainSpec,
    },
    Cancel(JobId),
    Quit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Table,
    Columns,
    /// The inspection pane (drawn where the table is while it is open).
    Inspector,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Cell {
        scroll: u16,
    },
    /// The filter prompt; its text is in `App::prompt`.
    Prompt,
    /// The menu of cleaning steps.
    Menu {
        cursor: usize,
    },
    /// A cleaning step's form (`App::form`).
    Form,
    /// A yes/no question.
    Confirm(Confirm),
    /// The training setup (`App::train_form`).
    Train,
    /// The command palette (`App::palette`).
    Palette,
}

/// What a confirmation asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// The output file exists: replace it?
    Overwrite,
    /// Steps are not saved: quit anyway?
    Quit,
}

/// What the prompt is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PromptKind {
    #[default]
    Filter,
    Search,
    /// A column name, with Tab completion.
    Column,
    /// The y column of a scatter plot, optionally `by` a colour column.
    Scatter,
    /// The column to group the current one by.
    GroupBy,
    /// Where to write the cleaned data.
    Export,
    /// Where to save the recipe.
    SaveRecipe,
    /// Where to save a model file.
    SaveModel,
    /// The file to compare the data with (drift).
    Drift,
    /// Where to write the pane's chart.
    Chart,
    /// The folder for the session report.
    Report,
}

impl PromptKind {
    /// Prompts whose answer is a path to write.
    pub fn writes(self) -> bool {
        matches!(
            self,
            PromptKind::Export
                | PromptKind::SaveRecipe
                | PromptKind::SaveModel
                | PromptKind::Chart
                | PromptKind::Report
        )
    }

    /// Prompts that ask for a file path (Tab completes it).
    pub fn asks_for_path(self) -> bool {
        self.writes() || self == PromptKind::Drift
    }
}

/// The prompt being typed, and the error of the last attempt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    pub error: Option<ExprError>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    Loading {
        job: JobId,
        started: Duration,
        progress: Option<Progress>,
    },
    Done {
        elapsed: Duration,
        /// False when cancelled: the frame holds the rows read until then.
        complete: bool,
    },
    Failed {
        error: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub level: Level,
    pub text: String,
}

/// Column statistics: computed by a job once the rows are in.
#[derive(Debug, Clone, PartialEq)]
pub enum Stats {
    Waiting,
    Computing(JobId),
    Ready(Vec<ColumnSummary>),
}

/// The colour theme the screen is drawn with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    /// No colour (`NO_COLOR`): bold, underline and reverse video only.
    Plain,
}

impl ThemeName {
    /// The theme for a name (`dark`, `light`, `plain`), or what is wrong with it.
    pub fn parse(name: &str) -> Result<ThemeName, String> {
        match name {
            "dark" => Ok(ThemeName::Dark),
            "light" => Ok(ThemeName::Light),
            "plain" | "none" => Ok(ThemeName::Plain),
            other => Err(format!("theme {other:?}: dark, light or plain")),
        }
    }

    /// The theme to use: `NO_COLOR` (set and not empty, as no-color.org says) wins over any
    /// choice.
    pub fn resolve(chosen: Option<ThemeName>, no_color: Option<&str>) -> ThemeName {
        if no_color.is_some_and(|v| !v.is_empty()) {
            ThemeName::Plain
        } else {
            chosen.unwrap_or_default()
        }
    }
}

/// All UI state.
#[derive(Debug, Clone)]
pub struct App {
    /// What the user asked to open, as shown before the loader knows more.
    pub input_name: String,
    /// What was opened and how (the recipe's source).
    pub input: Input,
    pub load_opts: LoadOptions,
    /// The cleaning steps applied, oldest first, each with the data before it; and the steps
    /// undone, with the data after them, for redo.
    pub recipe: Vec<clean::Entry>,
    /// The recipe and data before each change, the last change last (U), and the changes
    /// undone (Ctrl-r).
    pub undo: Vec<clean::Snapshot>,
    pub redo: Vec<clean::Snapshot>,
    /// The recipe re-running after an edit, and the step it re-runs from.
    pub rerun_job: Option<(JobId, usize)>,
    /// The step being configured.
    pub form: Option<step_form::Form>,
    /// Bumped by every change to the recipe; `saved_version` is its value when last saved.
    pub recipe_version: u64,
    pub saved_version: u64,
    /// Recipe files written this session.
    pub recipe_saves: usize,
    pub pending: Option<writes::PendingWrite>,
    /// Save the recipe, then quit (chosen at the quit question).
    pub quit_after_save: bool,
    pub quit_confirmed: bool,
    /// The training setup being typed, the run under way, and the finished runs.
    pub train_form: Option<model::TrainForm>,
    pub training: Option<model::Training>,
    pub runs: Vec<model::Run>,
    /// The run selected in the model pane and those marked to compare with it, kept while
    /// the pane is closed (Esc, Enter on the wrong rows) so reopening it finds them again.
    pub selected_run: Option<usize>,
    pub marked_run: Vec<usize>,
    /// The warnings after the one a fix was opened from (kind and columns, in order): the
    /// cursor moves to the first still there once the warnings are computed again.
    pub warning_anchor: Vec<(&'static str, Vec<String>)>,
    /// The grouped outlier warnings were opened into one per column (Enter).
    pub outliers_opened: bool,
    /// The metric the run history was last sorted by.
    pub run_sort: Option<String>,
    /// Runs still to start ("train all"), next last.
    pub train_queue: Vec<crate::core::model::train::TrainSpec>,
    /// How many runs the queue under way started with (0 when none is), and the runs it
    /// skipped with the reason (a fit that would not fit in memory, a model the data does
    /// not suit): said when the queue ends.
    pub train_queued: usize,
    pub train_skipped: Vec<String>,
    /// Models `A` did not queue because their run with the same settings is in the history.
    pub train_known: Vec<String>,
    /// A session recipe being replayed after the load (`lathe FILE --recipe R`).
    pub restore: Option<restore::Restore>,
    /// What is typed in the command palette.
    pub palette: palette::Palette,
    /// The colours the screen is drawn with.
    pub theme: ThemeName,
    /// The key bindings in force, and the keys of a sequence typed so far.
    pub keymap: std::sync::Arc<keymap::Keymap>,
    pub pending_keys: Vec<Key>,
    /// Settings from the config file (training defaults, histogram bins).
    pub config: std::sync::Arc<config::Config>,
    /// The guided tour, while it runs.
    pub tour: Option<tour::Tour>,
    pub info: Option<SourceInfo>,
    pub frame: DataFrame,
    pub load: LoadState,
    pub stats: Stats,
    /// Dataset-wide quality warnings (duplicate rows, near-duplicate columns), from the
    /// statistics job.
    pub frame_warnings: Vec<Warning>,
    pub focus: Focus,
    /// The inspection pane, when open, and the answer it shows.
    pub inspector: Option<Inspector>,
    pub inspected: Option<(Request, InspectState)>,
    pub inspect_cache: InspectCache,
    pub overlay: Option<Overlay>,
    pub prompt: Prompt,
    /// Views of the loaded frame, newest last, each with its rows; `u` pops one.
    pub views: Vec<(ViewSpec, DataFrame)>,
    /// The view being computed.
    pub view_job: Option<(JobId, ViewSpec)>,
    /// The last search text, for `n`/`N`, and the search being run.
    pub search: Option<String>,
    pub search_job: Option<JobId>,
    pub message: Option<Message>,
    /// Cursor: a row of the frame and a column (shared by the table and the columns pane).
    pub row: usize,
    pub col: usize,
    /// First row and first column drawn in the table.
    pub top: usize,
    pub left: usize,
    /// First row drawn in the columns pane.
    pub columns_top: usize,
    /// Drawn width of each table column, from the header and a sample of rows.
    pub col_widths: Vec<usize>,
    pub size: (u16, u16),
    /// Time since the event loop started, from the latest tick.
    pub clock: Duration,
    pub should_quit: bool,
    next_job: u64,
}

impl App {
    /// A new session opening `input`; the returned effects start the load.
    pub fn new(input: Input, opts: LoadOptions, size: (u16, u16)) -> (App, Vec<Effect>) {
        let app = App {
            input_name: input.display_name(),
            input: input.clone(),
            load_opts: opts.clone(),
            recipe: Vec::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            rerun_job: None,
            restore: None,
            palette: palette::Palette::default(),
            theme: ThemeName::default(),
            keymap: Default::default(),
            pending_keys: Vec::new(),
            config: Default::default(),
            tour: None,
            form: None,
            recipe_version: 0,
            saved_version: 0,
            recipe_saves: 0,
            pending: None,
            quit_after_save: false,
            quit_confirmed: false,
            train_form: None,
            training: None,
            runs: Vec::new(),
            selected_run: None,
            warning_anchor: Vec::new(),
            outliers_opened: false,
            marked_run: Vec::new(),
            train_queue: Vec::new(),
            train_queued: 0,
            train_skipped: Vec::new(),
            train_known: Vec::new(),
            run_sort: None,
            info: None,
            frame: DataFrame::empty(),
            load: LoadState::Loading {
                job: JobId(1),
                started: Duration::ZERO,
                progress: None,
            },
            stats: Stats::Waiting,
            frame_warnings: Vec::new(),
            focus: Focus::Table,
            inspector: None,
            inspected: None,
            inspect_cache: InspectCache::default(),
            overlay: None,
            prompt: Prompt::default(),
            views: Vec::new(),
            view_job: None,
            search: None,
            search_job: None,
            message: None,
            row: 0,
            col: 0,
            top: 0,
            left: 0,
            columns_top: 0,
            col_widths: Vec::new(),
            size,
            clock: Duration::ZERO,
            should_quit: false,
            // The load is job 1.
            next_job: 1,
        };
        let job = JobId(1);
        (app, vec![Effect::Load { job, input, opts }])
    }

    fn new_job(&mut self) -> JobId {
        self.next_job += 1;
        JobId(self.next_job)
    }

    /// The rows the table shows: the newest view, or all the data loaded so far.
    pub fn table_frame(&self) -> &DataFrame {
        self.views.last().map_or(&self.frame, |(_, f)| f)
    }

    /// The view in force, if any.
    pub fn view(&self) -> Option<&ViewSpec> {
        self.views.last().map(|(spec, _)| spec)
    }

    /// Rows and columns the table shows.
    pub fn shape(&self) -> (usize, usize) {
        let f = self.table_frame();
        (f.height(), f.width())
    }

    pub fn is_loading(&self) -> bool {
        matches!(self.load, LoadState::Loading { .. })
    }

    /// The key scope that currently receives keys.
    pub fn scope(&self) -> Scope {
        match (self.overlay, self.focus, &self.inspector) {
            (Some(_), _, _) => Scope::Popup,
            (None, Focus::Columns, _) => Scope::Columns,
            (None, Focus::Inspector, Some(ins)) => Scope::Pane(ins.kind),
            (None, _, _) => Scope::Table,
        }
    }

    /// The full text of the cell under the cursor (`None` for a null), and its column's name.
    pub fn current_cell(&self) -> Option<(String, Option<String>)> {
        let col = self.table_frame().columns().get(self.col)?;
        if self.row >= col.len() {
            return None;
        }
        let value = col.get(self.row).ok()?;
        Some((col.name().to_string(), format_value(&value)))
    }

    /// Change state in response to one action.
    #[must_use = "the effects are work the loop must start (jobs, cancels, quitting)"]
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        let mut effects = self.react(action);
        self.advance_tour();
        effects.extend(self.sync_inspector());
        effects
    }

    fn react(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Key(key) if self.overlay == Some(Overlay::Prompt) => self.prompt_key(key),
            Action::Key(key) if self.overlay == Some(Overlay::Palette) => self.palette_key(key),
            Action::Key(key) if self.overlay == Some(Overlay::Form) => self.form_key(key),
            Action::Key(key) if self.overlay == Some(Overlay::Train) => self.train_form_key(key),
            Action::Key(key) => match self.overlay {
                Some(Overlay::Menu { cursor }) => self.menu_key(cursor, key),
                Some(Overlay::Confirm(which)) => self.confirm_key(which, key),
                _ => self.key(key),
            },
            Action::Cmd(cmd) => self.command(cmd),
            Action::Resize(w, h) => {
                self.size = (w, h);
                self.scroll_into_view();
                Vec::new()
            }
            Action::Tick(t) => {
                self.clock = t;
                Vec::new()
            }
            Action::Scroll { x, y, delta } => self.wheel(x, y, delta),
            Action::Click { x, y } => {
                self.click(x, y);
                Vec::new()
            }
            Action::Job(ev) => self.job_event(ev),
        }
    }

    /// Apply the config file: its key bindings, and what it could not use as a message.
    pub fn configure(&mut self, config: config::Config) {
        let file = config
            .file
            .as_ref()
            .map_or("config".to_string(), |f| f.display().to_string());
        let (map, clashes) = keymap::Keymap::with(&config.keys, &file);
        self.keymap = std::sync::Arc::new(map);
        let mut problems = config.problems.clone();
        problems.extend(clashes);
        if let Some(first) = problems.first() {
            self.error_message(if problems.len() == 1 {
                first.clone()
            } else {
                format!(
                    "{first} (and {} more; lathe config --check lists them)",
                    problems.len() - 1
                )
            });
        }
        self.config = std::sync::Arc::new(config::Config { problems, ..config });
    }

    /// A key for the focused pane or popup, through the keymap (sequences wait for their next
    /// key).
    fn key(&mut self, key: Key) -> Vec<Effect> {
        self.pending_keys.push(key);
        let mut found = self.keymap.lookup(self.scope(), &self.pending_keys);
        if found == keymap::Lookup::None && self.pending_keys.len() > 1 {
            // A sequence that went nowhere: the last key on its own.
            self.pending_keys = vec![key];
            found = self.keymap.lookup(self.scope(), &self.pending_keys);
        }
        if found == keymap::Lookup::Wait {
            let typed: Vec<String> = self.pending_keys.iter().map(keymap::key_name).collect();
            self.info_message(format!("{} …", typed.join(" ")));
            return Vec::new();
        }
        self.pending_keys.clear();
        match found {
            keymap::Lookup::Run(cmd) => {
                if self
                    .message
                    .as_ref()
                    .is_some_and(|m| m.level == Level::Info)
                {
                    self.message = None;
                }
                self.command(cmd)
            }
            _ => {
                // A key with no meaning here says so, and where the keys are listed.
                let place = match self.scope() {
                    Scope::Popup => return Vec::new(),
                    Scope::Columns => "the columns pane".to_string(),
                    Scope::Pane(kind) => format!("the {} pane", kind.title()),
                    _ => "the table".to_string(),
                };
                self.info_message(format!(
                    "{} does nothing in {place}: ? lists the keys, : finds a command by name.",
                    keymap::key_name(&key)
                ));
                Vec::new()
            }
        }
    }

    fn command(&mut self, cmd: Cmd) -> Vec<Effect> {
        match cmd {
            Cmd::Quit if self.unsaved_steps() && !self.quit_confirmed => {
                self.overlay = Some(Overlay::Confirm(Confirm::Quit));
            }
            Cmd::Quit => {
                self.should_quit = true;
                return vec![Effect::Quit];
            }
            Cmd::CleanMenu if self.overlay.is_none() => self.open_menu(),
            Cmd::UndoStep if self.overlay.is_none() => return self.undo_step(),
            Cmd::RedoStep if self.overlay.is_none() => return self.redo_step(),
            Cmd::Export if self.overlay.is_none() => self.ask_path(PromptKind::Export),
            Cmd::SaveRecipe if self.overlay.is_none() => self.ask_path(PromptKind::SaveRecipe),
            Cmd::Report if self.overlay.is_none() => self.ask_path(PromptKind::Report),
            Cmd::Palette if self.overlay.is_none() => self.open_palette(),
            Cmd::Tour if self.overlay.is_none() => self.start_tour(),
            Cmd::FixWarning if self.overlay.is_none() => self.fix_warning(),
            Cmd::Train if self.overlay.is_none() => self.open_train_form(),
            Cmd::TrainAll if self.overlay.is_none() => return self.train_all(),
            Cmd::Help => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help { .. }) => None,
                    _ => Some(Overlay::Help { scroll: 0 }),
                };
            }
            Cmd::Close => self.overlay = None,
            Cmd::Cancel => return self.cancel(),
            Cmd::SortAsc | Cmd::SortDesc if self.overlay.is_none() => {
                let Some(name) = self
                    .table_frame()
                    .columns()
                    .get(self.col)
                    .map(|c| c.name().to_string())
                else {
                    return Vec::new();
                };
                let mut spec = self.view().cloned().unwrap_or_default();
                spec.sort = Some((name, cmd == Cmd::SortDesc));
                return self.start_view(spec);
            }
            Cmd::Filter | Cmd::Search | Cmd::JumpColumn
                if self.overlay.is_none() && self.frame.width() > 0 =>
            {
                let kind = match cmd {
                    Cmd::Search => PromptKind::Search,
                    Cmd::JumpColumn => PromptKind::Column,
                    _ => PromptKind::Filter,
                };
                self.prompt = Prompt {
                    kind,
                    ..Prompt::default()
                };
                self.overlay = Some(Overlay::Prompt);
            }
            Cmd::NextMatch | Cmd::PrevMatch if self.overlay.is_none() => {
                return match self.search.clone() {
                    Some(needle) => self.start_search(needle, cmd == Cmd::NextMatch),
                    None => {
                        self.info_message("No search yet: press / to search.".into());
                        Vec::new()
                    }
                };
            }
            Cmd::UndoView if self.overlay.is_none() => return self.undo_view(),
            Cmd::FocusNext | Cmd::FocusPrev => {
                self.focus = match (self.focus, self.inspector.is_some()) {
                    (Focus::Columns, true) => Focus::Inspector,
                    (Focus::Columns, false) => Focus::Table,
                    _ => Focus::Columns,
                };
            }
            Cmd::Pane(kind) if self.overlay.is_none() && self.frame.width() > 0 => {
                return self.pane_command(kind);
            }
            _ => match (self.overlay, self.focus) {
                (Some(o), _) => self.popup_motion(o, cmd),
                (None, Focus::Table) => self.table_motion(cmd),
                (None, Focus::Columns) => self.columns_motion(cmd),
                (None, Focus::Inspector) => return self.inspector_motion(cmd),
            },
        }
        Vec::new()
    }

    fn cancel(&mut self) -> Vec<Effect> {
        if self.overlay.is_some() {
            self.overlay = None;
            return Vec::new();
        }
        if let Some(effects) = self.cancel_training() {
            return effects;
        }
        if self.focus == Focus::Inspector {
            // A picked confusion cell lets go first: the metrics come back before the pane goes.
            match self.inspector.as_mut() {
                Some(ins) if ins.kind == PaneKind::Model && ins.cell_on => ins.cell_on = false,
                _ => self.close_pane(),
            }
            return Vec::new();
        }
        if let LoadState::Loading { job, started, .. } = self.load {
            // The rows read so far stay; the job's later reports are ignored as stale.
            self.load = LoadState::Done {
                elapsed: self.clock.saturating_sub(started),
                complete: false,
            };
            self.info_message(format!(
                "Load stopped: showing the first {} rows read.",
                group_thousands(self.frame.height())
            ));
            let mut effects = vec![Effect::Cancel(job)];
            effects.extend(self.start_stats());
            return effects;
        }
        if self.tour.is_some() {
            self.leave_tour();
            return Vec::new();
        }
        self.message = None;
        Vec::new()
    }

    fn popup_motion(&mut self, overlay: Overlay, cmd: Cmd) {
        let step = |s: u16| match cmd {
            Cmd::Down => s.saturating_add(1),
            Cmd::Up => s.saturating_sub(1),
            Cmd::PageDown => s.saturating_add(10),
            Cmd::PageUp => s.saturating_sub(10),
            _ => s,
        };
        self.overlay = Some(match overlay {
            Overlay::Help { scroll } => Overlay::Help {
                scroll: step(scroll),
            },
            Overlay::Cell { scroll } => Overlay::Cell {
                scroll: step(scroll),
            },
            other => other,
        });
    }

    /// Typing at the filter prompt: text keys edit, Enter applies, Esc cancels.
    fn prompt_key(&mut self, key: Key) -> Vec<Effect> {
        match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => return self.command(Cmd::Quit),
            (KeyCode::Char('u'), true) => self.prompt.text.clear(),
            (KeyCode::Char(c), false) => self.prompt.text.push(c),
            (KeyCode::Backspace, _) => {
                self.prompt.text.pop();
            }
            (KeyCode::Esc, _) => self.overlay = None,
            (KeyCode::Tab, _)
                if matches!(
                    self.prompt.kind,
                    PromptKind::Column
                        | PromptKind::Scatter
                        | PromptKind::GroupBy
                        | PromptKind::Filter
                ) =>
            {
                self.complete_column()
            }
            (KeyCode::Tab, _) if self.prompt.kind.asks_for_path() => {
                if let Some(done) = palette::complete_path(&self.prompt.text) {
                    self.prompt.text = done;
                }
            }
            (KeyCode::Enter, _) => return self.submit_filter(),
            _ => {}
        }
        Vec::new()
    }

    fn submit_filter(&mut self) -> Vec<Effect> {
        let text = self.prompt.text.trim().to_string();
        if text.is_empty() {
            self.overlay = None;
            return Vec::new();
        }
        if self.prompt.kind == PromptKind::Column {
            let names = self.column_matches(&text);
            let exact = names.iter().find(|(_, n)| n.eq_ignore_ascii_case(&text));
            match exact.or(names.first()) {
                Some(&(i, _)) => {
                    self.overlay = None;
                    self.col = i;
                    self.scroll_into_view();
                }
                None => {
                    self.prompt.error = Some(ExprError {
                        message: format!("no column starts with {text:?}"),
                        position: 0,
                    });
                }
            }
            return Vec::new();
        }
        if self.prompt.kind.asks_for_path() {
            // `~/out.csv` and `$SCRATCH/out.csv` name what they name in the user's shell.
            let text = match crate::core::data::paths::expand(&text, &|k| std::env::var(k).ok()) {
                Ok(path) => path,
                Err((message, position)) => {
                    self.prompt.error = Some(ExprError { message, position });
                    return Vec::new();
                }
            };
            if self.prompt.kind == PromptKind::Drift {
                return self.submit_drift(&text);
            }
            let then_quit = std::mem::take(&mut self.quit_after_save);
            return self.submit_path(text, then_quit);
        }
        if matches!(self.prompt.kind, PromptKind::Scatter | PromptKind::GroupBy) {
            return self.submit_pane_prompt(&text);
        }
        if self.prompt.kind == PromptKind::Search {
            self.overlay = None;
            self.search = Some(text.clone());
            return self.start_search(text, true);
        }
        // Checked here, against the columns, so a mistake is shown at once and nothing runs.
        if let Err(e) = parse(&text).and_then(|ast| compile(&ast, self.frame.schema())) {
            self.prompt.error = Some(e);
            return Vec::new();
        }
        self.overlay = None;
        let mut spec = self.view().cloned().unwrap_or_default();
        spec.filters.push(text);
        self.start_view(spec)
    }

    /// Compute a view of the loaded frame in a job; the table shows it when it arrives.
    fn start_view(&mut self, spec: ViewSpec) -> Vec<Effect> {
        let job = self.new_job();
        let mut effects = Vec::new();
        if let Some((old, _)) = self.view_job.take() {
            effects.push(Effect::Cancel(old));
        }
        self.view_job = Some((job, spec.clone()));
        effects.push(Effect::View {
            job,
            frame: self.frame.clone(),
            spec,
        });
        effects
    }

    /// Columns whose name starts with `prefix` (any case), in frame order.
    fn column_matches(&self, prefix: &str) -> Vec<(usize, String)> {
        let prefix = prefix.to_lowercase();
        self.frame
            .columns()
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.name().to_string()))
            .filter(|(_, n)| n.to_lowercase().starts_with(&prefix))
            .collect()
    }

    /// Tab at the column prompt: extend the text to the longest name prefix all matches share
    /// (the whole name when only one matches), and list the candidates.
    fn complete_column(&mut self) {
        // In `y by colour`, the part after the last ` by ` is completed.
        let (head, part) = match self.prompt.text.rfind(" by ") {
            Some(i) if self.prompt.kind == PromptKind::Scatter => (
                self.prompt.text[..i + 4].to_string(),
                self.prompt.text[i + 4..].to_string(),
            ),
            // In a filter expression, the word being typed is completed.
            _ if self.prompt.kind == PromptKind::Filter => {
                let at = self
                    .prompt
                    .text
                    .rfind(|c: char| c.is_whitespace() || "()<>=!&|+-*/,".contains(c))
                    .map_or(0, |i| i + 1);
                (
                    self.prompt.text[..at].to_string(),
                    self.prompt.text[at..].to_string(),
                )
            }
            _ => (String::new(), self.prompt.text.clone()),
        };
        if part.is_empty() && self.prompt.kind == PromptKind::Filter {
            return;
        }
        let names = self.column_matches(&part);
        let Some((_, first)) = names.first() else {
            return;
        };
        let mut common: Vec<char> = first.chars().collect();
        for (_, n) in &names[1..] {
            let same = common
                .iter()
                .zip(n.chars())
                .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
                .count();
            common.truncate(same);
        }
        if common.len() >= part.chars().count() {
            self.prompt.text = head + &common.into_iter().collect::<String>();
        }
        self.prompt.error = (names.len() > 1).then(|| ExprError {
            message: names
                .iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join("  "),
            position: 0,
        });
    }

    fn start_search(&mut self, needle: String, forward: bool) -> Vec<Effect> {
        let job = self.new_job();
        let mut effects = Vec::new();
        if let Some(old) = self.search_job.replace(job) {
            effects.push(Effect::Cancel(old));
        }
        effects.push(Effect::Search {
            job,
            frame: self.table_frame().clone(),
            needle,
            from: self.row,
            forward,
        });
        effects
    }

    fn undo_view(&mut self) -> Vec<Effect> {
        if let Some((job, _)) = self.view_job.take() {
            return vec![Effect::Cancel(job)];
        }
        if self.views.pop().is_none() {
            self.info_message("Nothing to undo: the table shows all rows in file order.".into());
        } else {
            self.rows_changed();
        }
        self.row = 0;
        self.top = 0;
        self.scroll_into_view();
        Vec::new()
    }

    fn table_motion(&mut self, cmd: Cmd) {
        let (rows, cols) = self.shape();
        let page = self.table_page();
        let last_row = rows.saturating_sub(1);
        match cmd {
            Cmd::Down => self.row = (self.row + 1).min(last_row),
            Cmd::Up => self.row = self.row.saturating_sub(1),
            Cmd::PageDown => self.row = (self.row + page).min(last_row),
            Cmd::PageUp => self.row = self.row.saturating_sub(page),
            Cmd::Top => self.row = 0,
            Cmd::Bottom => self.row = last_row,
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

    fn columns_motion(&mut self, cmd: Cmd) {
        let cols = self.frame.width();
        let page = self.columns_page();
        let last = cols.saturating_sub(1);
        match cmd {
            Cmd::Down => self.col = (self.col + 1).min(last),
            Cmd::Up => self.col = self.col.saturating_sub(1),
            Cmd::PageDown => self.col = (self.col + page).min(last),
            Cmd::PageUp => self.col = self.col.saturating_sub(page),
            Cmd::Top | Cmd::Home => self.col = 0,
            Cmd::Bottom | Cmd::End => self.col = last,
            Cmd::Enter if self.inspector.is_some() => self.focus = Focus::Inspector,
            Cmd::Enter => self.focus = Focus::Table,
            _ => {}
        }
        self.scroll_into_view();
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

    fn table_page(&self) -> usize {
        self.areas()
            .map_or(1, |a| layout::table_rows(a.table))
            .max(1)
    }

    fn columns_page(&self) -> usize {
        self.areas()
            .map_or(1, |a| layout::columns_rows(a.columns))
            .max(1)
    }

    /// Keep the cursor inside the data and on screen in both panes.
    fn scroll_into_view(&mut self) {
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
        // The columns pane lists the data's columns, without those a view put before them.
        let listed = self.col.saturating_sub(self.added_columns());
        if listed < self.columns_top {
            self.columns_top = listed;
        } else if listed >= self.columns_top + cpage {
            self.columns_top = listed + 1 - cpage;
        }
        if self.col < self.left {
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

    /// How many columns the view in force puts before the data's (a run's wrong rows: the row
    /// number, the prediction, ...).
    pub fn added_columns(&self) -> usize {
        self.view().map_or(0, |v| v.columns.len())
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
        for (c, &w) in self
            .table_column_widths()
            .iter()
            .enumerate()
            .skip(self.left)
        {
            if used >= inner {
                break;
            }
            let w = w.min(inner - used);
            out.push((c, w));
            used += w + 1;
        }
        out
    }

    /// The width each of the table's columns wants.
    fn table_column_widths(&self) -> Vec<usize> {
        // A view may put columns before the data (a run's wrong rows): their own widths first.
        let added = self.added_columns();
        if added > 0 {
            let frame = self.table_frame();
            let first: Vec<String> = frame.get_column_names()[..added.min(frame.width())]
                .iter()
                .map(|n| n.to_string())
                .collect();
            let mut w = frame
                .select(first)
                .map_or_else(|_| Vec::new(), |f| column_widths(&f));
            w.extend_from_slice(&self.col_widths);
            w
        } else {
            self.col_widths.clone()
        }
    }

    fn wheel(&mut self, x: u16, y: u16, delta: i32) -> Vec<Effect> {
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
        if layout::contains(areas.table, x, y) && self.inspector.is_some() {
            for _ in 0..delta.unsigned_abs() {
                self.inspector_motion(cmd);
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
        Vec::new()
    }

    fn click(&mut self, x: u16, y: u16) {
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
                self.col = self.columns_top + (y - first_data_y(areas.columns)) as usize;
            }
        }
        self.scroll_into_view();
    }

    fn job_event(&mut self, ev: JobEvent) -> Vec<Effect> {
        match ev {
            JobEvent::LoadProgress {
                job,
                info,
                frame,
                progress,
            } => {
                if let LoadState::Loading {
                    job: current,
                    started,
                    ..
                } = self.load
                {
                    if current == job {
                        self.info = Some(info);
                        self.load = LoadState::Loading {
                            job,
                            started,
                            progress: Some(progress),
                        };
                        return self.set_frame(frame);
                    }
                }
                Vec::new()
            }
            JobEvent::LoadDone {
                job,
                result,
                elapsed,
            } => {
                if !matches!(self.load, LoadState::Loading { job: current, .. } if current == job) {
                    return Vec::new();
                }
                match result {
                    Ok(loaded) => {
                        self.info = Some(loaded.info);
                        let mut effects = self.set_frame(loaded.frame);
                        self.load = LoadState::Done {
                            elapsed,
                            complete: loaded.complete,
                        };
                        effects.extend(self.start_stats());
                        effects.extend(self.continue_restore());
                        effects
                    }
                    Err(error) => {
                        self.error_message(error.clone());
                        self.load = LoadState::Failed { error };
                        if self.frame.width() > 0 {
                            self.start_stats()
                        } else {
                            Vec::new()
                        }
                    }
                }
            }
            JobEvent::ViewDone { job, result } => {
                let Some((current, spec)) = self.view_job.take() else {
                    return Vec::new();
                };
                if current != job {
                    self.view_job = Some((current, spec));
                    return Vec::new();
                }
                match result {
                    Ok(frame) => {
                        if !spec.filters.is_empty() {
                            self.info_message(format!(
                                "{} of {} rows match.",
                                group_thousands(frame.height()),
                                group_thousands(self.frame.height())
                            ));
                        }
                        self.views.push((spec, frame));
                        self.rows_changed();
                        self.row = 0;
                        self.top = 0;
                        self.scroll_into_view();
                    }
                    Err(error) => self.error_message(error),
                }
                Vec::new()
            }
            JobEvent::SearchDone { job, found } => {
                if self.search_job != Some(job) {
                    return Vec::new();
                }
                self.search_job = None;
                let needle = self.search.clone().unwrap_or_default();
                match found {
                    Some((row, col)) => {
                        self.row = row;
                        self.col = col;
                        self.scroll_into_view();
                        self.info_message(format!(
                            "{needle:?} at row {}; n next, N previous.",
                            group_thousands(row + 1)
                        ));
                    }
                    None => self.error_message(format!("No cell contains {needle:?}.")),
                }
                Vec::new()
            }
            JobEvent::Failed { job, error } => {
                if self.stats == Stats::Computing(job) {
                    self.stats = Stats::Waiting;
                }
                if matches!(self.inspected, Some((_, InspectState::Computing(j))) if j == job) {
                    self.inspect_done(job, Err(error.clone()));
                }
                self.error_message(error);
                Vec::new()
            }
            JobEvent::StatsDone {
                job,
                stats,
                warnings,
            } => {
                if self.stats == Stats::Computing(job) {
                    self.stats = Stats::Ready(stats);
                    self.frame_warnings = warnings;
                    self.place_warning_cursor();
                }
                Vec::new()
            }
            JobEvent::InspectDone { job, result } => {
                self.inspect_done(job, result);
                Vec::new()
            }
            JobEvent::PreviewDone { job, result } => self.preview_done(job, result),
            JobEvent::RerunDone { job, result } => self.rerun_done(job, result),
            JobEvent::WriteDone { job, result } => self.write_done(job, result),
            JobEvent::TrainProgress { job, progress } => {
                self.train_progress(job, progress);
                Vec::new()
            }
            JobEvent::TrainDone { job, result } => self.train_done(job, result),
        }
    }

    fn start_stats(&mut self) -> Vec<Effect> {
        let job = self.new_job();
        self.stats = Stats::Computing(job);
        vec![Effect::Stats {
            job,
            frame: self.frame.clone(),
        }]
    }

    /// New data arrived (a load chunk): views of the old data no longer hold, so the newest
    /// one is computed again on the new rows.
    fn set_frame(&mut self, frame: DataFrame) -> Vec<Effect> {
        let spec = self.views.pop().map(|(s, _)| s);
        self.views.clear();
        // The rows first (column widths compare old and new), then the view of the new rows.
        self.set_rows(frame);
        spec.map_or_else(Vec::new, |spec| self.start_view(spec))
    }

    fn set_rows(&mut self, frame: DataFrame) {
        let schema_changed = frame.schema() != self.frame.schema();
        let grew = frame.height() != self.frame.height();
        self.frame = frame;
        self.rows_changed();
        if schema_changed || grew || self.col_widths.is_empty() {
            self.col_widths = column_widths(&self.frame);
        }
        self.scroll_into_view();
    }

    fn info_message(&mut self, text: String) {
        self.message = Some(Message {
            level: Level::Info,
            text,
        });
    }

    fn error_message(&mut self, text: String) {
        self.message = Some(Message {
            level: Level::Error,
            text,
        });
    }
}

/// Width of each column: its name and the widest of the first and last rows, capped. (The last
/// rows matter for growing values such as row ids.)
fn column_widths(frame: &DataFrame) -> Vec<usize> {
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
