//! The TUI state machine: `App` holds all UI state; `update` is the only place it changes, and
//! returns `Effect`s (start a job, cancel one, quit) for the event loop to carry out. No terminal
//! I/O and no threads here, so every flow can be tested by feeding actions.

pub mod action;
pub mod clean;
mod column_views;
pub mod commands;
pub mod config;
mod dispatch;
mod effect;
pub mod inspector;
mod job_reports;
pub mod keymap;
pub mod layout;
pub mod model;
mod model_errors;
pub mod palette;
mod pane_keys;
pub mod pending;
pub mod prompt;
pub mod recipe_edit;
pub mod restore;
pub mod step_form;
pub mod table;
mod tables;
pub mod tour;
pub mod train_form;
pub mod writes;

use std::time::Duration;

use polars::prelude::*;

use crate::core::data::cells::format_value;
use crate::core::data::source::{Input, LoadOptions, Progress, SourceInfo};
use crate::core::data::view::ViewSpec;
use crate::core::stats::inspect::Request;
use crate::core::stats::profile::ColumnSummary;
use crate::core::stats::quality::Warning;
use crate::jobs::{Job, JobId};
pub use action::{Action, Cmd};
use commands::{Dialog, Scope};
pub use effect::Effect;
pub use inspector::{InspectCache, InspectState, Inspector, PaneKind};
use keymap::Key;
use pending::take_answered;
pub use pending::Pending;
pub use prompt::{Prompt, PromptKind};
pub use table::MAX_COLUMN_WIDTH;

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
    /// The database's tables to choose from (`App::tables`).
    Tables {
        cursor: usize,
    },
}

impl Overlay {
    /// The dialog whose registry keys this overlay takes (help and the cell viewer take the
    /// `Popup` scope's).
    pub fn dialog(self) -> Option<Dialog> {
        match self {
            Overlay::Help { .. } | Overlay::Cell { .. } => None,
            Overlay::Prompt => Some(Dialog::Prompt),
            Overlay::Menu { .. } => Some(Dialog::Menu),
            Overlay::Form => Some(Dialog::StepForm),
            Overlay::Confirm(_) => Some(Dialog::Confirm),
            Overlay::Train => Some(Dialog::TrainForm),
            Overlay::Palette => Some(Dialog::Palette),
            Overlay::Tables { .. } => Some(Dialog::Tables),
        }
    }
}

/// What a confirmation asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// The output file exists: replace it?
    Overwrite,
    /// Steps are not saved: quit anyway?
    Quit,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LoadState {
    Loading {
        job: Pending,
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
    Computing(Pending),
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
    /// A database's tables, when it holds several and none was named: the app asks which to
    /// read before loading.
    pub tables: Vec<String>,
    /// The cleaning steps applied, oldest first, each with the data before it; and the steps
    /// undone, with the data after them, for redo.
    pub recipe: Vec<clean::Entry>,
    /// The recipe and data before each change, the last change last (U), and the changes
    /// undone (Ctrl-r).
    pub undo: Vec<clean::Snapshot>,
    pub redo: Vec<clean::Snapshot>,
    /// The recipe re-running after an edit, and the step it re-runs from.
    pub rerun_job: Option<Pending<usize>>,
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
    pub training: Option<Pending<model::Training>>,
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
    pub view_job: Option<Pending<ViewSpec>>,
    /// The last search text, for `n`/`N`, and the search being run.
    pub search: Option<String>,
    pub search_job: Option<Pending>,
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
    /// The app has asked to quit: a record for whoever drives it. The event loop acts on the
    /// `Effect::Quit` returned with it, the one signal it reads.
    pub should_quit: bool,
    next_job: u64,
}

impl App {
    /// A new session opening `input`; the returned effects start the load.
    pub fn new(input: Input, opts: LoadOptions, size: (u16, u16)) -> (App, Vec<Effect>) {
        let mut app = App {
            input_name: input.display_name(),
            input: input.clone(),
            load_opts: opts.clone(),
            tables: Vec::new(),
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
                job: Pending::job(JobId(1)),
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
        // A database of several tables, none named: the list is shown first, and Enter loads.
        let tables = match &input {
            Input::Path(p) if opts.table.is_none() => {
                crate::core::data::sqlite::tables_to_choose(p)
            }
            _ => Vec::new(),
        };
        if tables.len() > 1 {
            app.tables = tables;
            app.overlay = Some(Overlay::Tables { cursor: 0 });
            return (app, Vec::new());
        }
        let job = JobId(1);
        (app, vec![Effect::Start(job, Job::Load { input, opts })])
    }

    pub(super) fn new_job(&mut self) -> JobId {
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
            (Some(o), _, _) => o.dialog().map_or(Scope::Popup, Scope::Dialog),
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

    #[must_use]
    pub(super) fn react(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Key(key) => match self.overlay.and_then(Overlay::dialog) {
                Some(dialog) => self.dialog_key(dialog, key),
                None => self.key(key),
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

    pub(super) fn info_message(&mut self, text: String) {
        self.message = Some(Message {
            level: Level::Info,
            text,
        });
    }

    pub(super) fn error_message(&mut self, text: String) {
        self.message = Some(Message {
            level: Level::Error,
            text,
        });
    }
}
