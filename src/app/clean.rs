//! Cleaning in the TUI: the menu of steps, the form that configures one (defaults taken from the
//! column under the cursor), its preview, and the recipe with undo and redo.
//!
//! A form's fields map one to one onto the step's JSON fields, so a filled form becomes a `Step`
//! through the same deserialisation a recipe file goes through, with the same messages.

use polars::prelude::DataFrame;

use crate::core::clean::step::Step;
use crate::core::clean::Previewed;
use crate::core::data::cells::is_numeric;
use crate::jobs::JobId;

/// How a field is typed and turned into JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Column,
    /// Comma-separated column names.
    Columns,
    /// One of the options; Left/Right cycle.
    Choice(&'static [&'static str]),
    /// A whole number (left out when empty).
    Int,
    /// A number (left out when empty).
    Float,
    /// Text (left out when empty).
    Text,
    /// yes/no; Left/Right toggle.
    Flag,
    /// A number, true/false or text.
    Value,
    /// `from=to, other=null`.
    Mapping,
    /// One strftime format, or several separated by `;`.
    Formats,
    /// Comma-separated numbers.
    Numbers,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub hint: &'static str,
}

/// One entry of the clean menu.
#[derive(Debug, Clone, Copy)]
pub struct OpInfo {
    pub op: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
}

const fn f(name: &'static str, kind: Kind, hint: &'static str) -> Field {
    Field { name, kind, hint }
}

const CAST_TO: &[&str] = &[
    "float", "int", "bool", "string", "category", "date", "datetime",
];
const ON_ERROR: &[&str] = &["null", "fail"];
const STRATEGY: &[&str] = &["median", "mean", "mode", "constant", "forward", "backward"];
const HOW: &[&str] = &["any", "all"];
const CASE: &[&str] = &["lower", "upper", "keep"];
const SCALE: &[&str] = &["standard", "min_max", "robust"];
const OUTLIER: &[&str] = &["iqr", "zscore"];
const ACTION: &[&str] = &["clip", "null", "drop"];
const BINS: &[&str] = &["equal_width", "quantile", "edges"];

/// What a single-column step's column field also takes.
const COLUMN_HINT: &str = "or a, b, or every numeric / every text";

/// Every step, in menu order.
pub const OPS: &[OpInfo] = &[
    OpInfo {
        op: "fill_null",
        doc: "Fill missing values: mean, median, mode, a constant...",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("strategy", Kind::Choice(STRATEGY), "←/→ choose"),
            f("value", Kind::Value, "for constant"),
        ],
    },
    OpInfo {
        op: "drop_nulls",
        doc: "Drop rows with missing values",
        fields: &[
            f("columns", Kind::Columns, "comma-separated; empty: all"),
            f("how", Kind::Choice(HOW), "any or all of them missing"),
        ],
    },
    OpInfo {
        op: "cast",
        doc: "Change a column's type (int, float, bool, date, ...)",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("to", Kind::Choice(CAST_TO), "←/→ choose"),
            f("format", Kind::Formats, "dates: %d/%m/%Y; several: a; b"),
            f(
                "on_error",
                Kind::Choice(ON_ERROR),
                "unreadable values: null or fail",
            ),
        ],
    },
    OpInfo {
        op: "parse_numbers",
        doc: "Read numbers written as text: 1,234 $12 45% (12)",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("decimal_comma", Kind::Flag, "1.234,5 style"),
            f("unit", Kind::Text, "a unit after the numbers, e.g. mm"),
            f(
                "on_error",
                Kind::Choice(ON_ERROR),
                "unreadable values: null or fail",
            ),
        ],
    },
    OpInfo {
        op: "normalize_text",
        doc: "Trim, change case, collapse spaces",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("trim", Kind::Flag, ""),
            f("case", Kind::Choice(CASE), ""),
            f("collapse_spaces", Kind::Flag, ""),
        ],
    },
    OpInfo {
        op: "replace",
        doc: "Replace exact values (a=b, c=null)",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("mapping", Kind::Mapping, "from=to, other=null"),
        ],
    },
    OpInfo {
        op: "drop_columns",
        doc: "Remove columns",
        fields: &[f("columns", Kind::Columns, "comma-separated")],
    },
    OpInfo {
        op: "rename",
        doc: "Rename columns (old=new)",
        fields: &[f("columns", Kind::Mapping, "old=new, other=new2")],
    },
    OpInfo {
        op: "scale",
        doc: "Standardise, min-max or robust scaling",
        fields: &[
            f("columns", Kind::Columns, "comma-separated"),
            f("method", Kind::Choice(SCALE), ""),
        ],
    },
    OpInfo {
        op: "log_transform",
        doc: "log(1 + x) of a skewed column",
        fields: &[f("column", Kind::Column, COLUMN_HINT)],
    },
    OpInfo {
        op: "clip_outliers",
        doc: "Clip, null or drop outliers (IQR or z-score)",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("method", Kind::Choice(OUTLIER), ""),
            f("k", Kind::Float, "empty: 1.5 (iqr), 3 (zscore)"),
            f("action", Kind::Choice(ACTION), ""),
        ],
    },
    OpInfo {
        op: "one_hot",
        doc: "One 0/1 column per category",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("max_levels", Kind::Int, "empty: every level"),
        ],
    },
    OpInfo {
        op: "ordinal_encode",
        doc: "Categories to codes 0..k-1",
        fields: &[f("column", Kind::Column, COLUMN_HINT)],
    },
    OpInfo {
        op: "bin",
        doc: "Numbers to bin numbers",
        fields: &[
            f("column", Kind::Column, COLUMN_HINT),
            f("method", Kind::Choice(BINS), ""),
            f("bins", Kind::Int, "how many (equal_width, quantile)"),
            f("edges", Kind::Numbers, "for edges: 0, 10, 20"),
        ],
    },
    OpInfo {
        op: "dedupe",
        doc: "Drop repeated rows",
        fields: &[f("columns", Kind::Columns, "compare these; empty: all")],
    },
    OpInfo {
        op: "filter",
        doc: "Keep rows where an expression is true",
        fields: &[f(
            "expr",
            Kind::Text,
            "body_mass_g > 3000 and sex == \"male\"",
        )],
    },
    OpInfo {
        op: "derive",
        doc: "A new column from an expression",
        fields: &[
            f("name", Kind::Text, "the new column"),
            f("expr", Kind::Text, "body_mass_g / 1000"),
        ],
    },
    OpInfo {
        op: "sample",
        doc: "A random subset of rows (seeded)",
        fields: &[
            f("n", Kind::Int, "rows, or"),
            f("fraction", Kind::Float, "0 to 1"),
            f("seed", Kind::Int, ""),
        ],
    },
];

/// The menu entry of an op.
pub fn op_index(op: &str) -> Option<usize> {
    OPS.iter().position(|o| o.op == op)
}

/// Where a form's preview stands.
#[derive(Debug, Clone)]
pub enum PreviewState {
    Idle,
    /// `then_apply`: Enter was pressed again while it computed, so the step is applied as soon
    /// as the preview is ready (a quick Enter Enter is not lost).
    Computing {
        job: JobId,
        then_apply: bool,
    },
    Ready(Box<Previewed>),
    Failed(String),
}

/// A step being configured.
#[derive(Debug, Clone)]
pub struct Form {
    pub op: usize,
    pub values: Vec<String>,
    pub field: usize,
    pub preview: PreviewState,
    /// The recipe step this form edits (its preview runs on the data before that step).
    pub editing: Option<usize>,
}

impl Form {
    pub fn info(&self) -> &'static OpInfo {
        &OPS[self.op]
    }

    /// A form for `op` with defaults from the column under the cursor.
    pub fn new(op: usize, frame: &DataFrame, column: Option<&str>) -> Form {
        let info = &OPS[op];
        let col = column.and_then(|c| frame.column(c).ok());
        let numeric = col.is_some_and(|c| is_numeric(c.dtype()));
        let name = column.unwrap_or_default().to_string();
        let values = info
            .fields
            .iter()
            .map(|fd| match (info.op, fd.name, fd.kind) {
                (_, _, Kind::Column) => name.clone(),
                // All columns by default: the usual meaning of both.
                ("dedupe" | "drop_nulls", "columns", _) => String::new(),
                (_, _, Kind::Columns) => name.clone(),
                ("rename", _, _) => format!("{name}={name}"),
                ("fill_null", "strategy", _) => if numeric { "median" } else { "mode" }.into(),
                ("cast", "to", _) => if numeric { "string" } else { "float" }.into(),
                ("bin", "bins", _) => "5".into(),
                ("sample", "seed", _) => "42".into(),
                ("sample", "fraction", _) => "0.1".into(),
                ("parse_numbers", "decimal_comma", _) => "no".into(),
                (_, _, Kind::Choice(options)) => options[0].to_string(),
                (_, _, Kind::Flag) => "yes".into(),
                _ => String::new(),
            })
            .collect();
        Form {
            op,
            values,
            field: 0,
            preview: PreviewState::Idle,
            editing: None,
        }
    }

    /// The form of an applied step, its fields filled from the step (what it learnt left out,
    /// so it learns again); `None` for a step with fields no form shows.
    pub fn from_step(step: &Step) -> Option<Form> {
        use serde_json::Value as J;
        let op = op_index(step.op())?;
        let json = serde_json::to_value(step).ok()?;
        let info = &OPS[op];
        let text = |v: &J| match v {
            J::String(s) => s.clone(),
            J::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            J::Null => "null".into(),
            other => other.to_string(),
        };
        let values = info
            .fields
            .iter()
            .map(|fd| match (json.get(fd.name), fd.kind) {
                (None, Kind::Flag) => "yes".to_string(),
                (None, Kind::Choice(options)) => options[0].to_string(),
                (None, _) => String::new(),
                (Some(J::Array(items)), Kind::Formats) => {
                    items.iter().map(text).collect::<Vec<_>>().join("; ")
                }
                (Some(J::Array(items)), _) => items.iter().map(text).collect::<Vec<_>>().join(", "),
                (Some(J::Object(m)), _) => m
                    .iter()
                    .map(|(k, v)| format!("{k}={}", text(v)))
                    .collect::<Vec<_>>()
                    .join(", "),
                (Some(v), _) => text(v),
            })
            .collect();
        Some(Form {
            op,
            values,
            field: 0,
            preview: PreviewState::Idle,
            editing: None,
        })
    }

    /// The step the form describes, or what is wrong with it (naming the field).
    pub fn to_step(&self) -> Result<Step, String> {
        use serde_json::{Map, Value as J};
        let info = self.info();
        let mut obj = Map::new();
        obj.insert("op".into(), J::String(info.op.into()));
        for (fd, raw) in info.fields.iter().zip(&self.values) {
            let v = raw.trim();
            if v.is_empty() {
                continue;
            }
            let bad = |what: &str| format!("field `{}`: {what}", fd.name);
            let json = match fd.kind {
                Kind::Column | Kind::Text | Kind::Choice(_) => J::String(v.into()),
                Kind::Columns => J::Array(
                    v.split(',')
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(|s| J::String(s.into()))
                        .collect(),
                ),
                Kind::Int => J::from(v.parse::<u64>().map_err(|_| bad("a whole number"))?),
                Kind::Float => J::from(v.parse::<f64>().map_err(|_| bad("a number"))?),
                Kind::Flag => J::Bool(v == "yes"),
                Kind::Value => value_json(v),
                Kind::Mapping => {
                    let mut m = Map::new();
                    for pair in v.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                        let (from, to) = pair
                            .split_once('=')
                            .ok_or_else(|| bad(&format!("{pair:?} is not from=to")))?;
                        let to = to.trim();
                        let to = match (info.op, to) {
                            ("rename", t) => J::String(t.into()),
                            (_, "null") => J::Null,
                            (_, t) => value_json(t),
                        };
                        m.insert(from.trim().into(), to);
                    }
                    J::Object(m)
                }
                Kind::Formats => {
                    let list: Vec<&str> = v.split(';').map(str::trim).collect();
                    if list.len() == 1 {
                        J::String(list[0].into())
                    } else {
                        J::Array(list.into_iter().map(|s| J::String(s.into())).collect())
                    }
                }
                Kind::Numbers => J::Array(
                    v.split(',')
                        .map(|s| s.trim().parse::<f64>().map(J::from))
                        .collect::<Result<_, _>>()
                        .map_err(|_| bad("numbers separated by commas"))?,
                ),
            };
            obj.insert(fd.name.into(), json);
        }
        serde_json::from_value(J::Object(obj)).map_err(|e| {
            let s = e.to_string();
            s.find(" at line ")
                .map_or(s.clone(), |i| s[..i].to_string())
        })
    }

    /// The steps the form describes: one, or one per column when its column field names
    /// several (`a, b`) or a kind (`every numeric`, `every text`; for fill_null only the
    /// columns with missing values, for parse_numbers only text that holds digits).
    pub fn to_steps(&self, frame: &DataFrame) -> Result<Vec<Step>, String> {
        let info = self.info();
        let Some(at) = info.fields.iter().position(|fd| fd.kind == Kind::Column) else {
            return self.to_step().map(|s| vec![s]);
        };
        let raw = self.values[at].trim();
        let columns: Vec<String> = match raw {
            "every numeric" | "every number" => kind_columns(frame, info.op, true),
            "every text" => kind_columns(frame, info.op, false),
            _ if raw.starts_with("every ") => {
                return Err(format!(
                    "field `column`: {raw:?}: write every numeric or every text, or name the \
                     columns"
                ))
            }
            _ if raw.contains(',') => raw
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_string)
                .collect(),
            _ => return self.to_step().map(|s| vec![s]),
        };
        if columns.is_empty() {
            return Err(format!(
                "field `column`: no column is {}",
                match (raw.starts_with("every "), info.op) {
                    (true, "fill_null") => format!("{} with missing values", &raw[6..]),
                    (true, _) => raw[6..].to_string(),
                    _ => "named".to_string(),
                }
            ));
        }
        if let Some(c) = columns.iter().find(|c| frame.column(c).is_err()) {
            return Err(format!("field `column`: no column `{c}`"));
        }
        let mut one = self.clone();
        // Text has no median or mean: every text fills with the most frequent value.
        if info.op == "fill_null" && raw == "every text" {
            if let Some(s) = info.fields.iter().position(|fd| fd.name == "strategy") {
                if matches!(one.values[s].as_str(), "median" | "mean") {
                    one.values[s] = "mode".into();
                }
            }
        }
        columns
            .iter()
            .map(|c| {
                one.values[at] = c.clone();
                one.to_step()
            })
            .collect()
    }

    /// Left/Right on a choice or flag.
    pub fn cycle(&mut self, forward: bool) {
        let fd = self.info().fields[self.field];
        let v = &mut self.values[self.field];
        match fd.kind {
            Kind::Choice(options) => {
                let i = options.iter().position(|o| o == v).unwrap_or(0);
                let n = options.len();
                let j = if forward {
                    (i + 1) % n
                } else {
                    (i + n - 1) % n
                };
                *v = options[j].to_string();
            }
            Kind::Flag => *v = if v == "yes" { "no" } else { "yes" }.into(),
            _ => return,
        }
        self.preview = PreviewState::Idle;
    }
}

/// The columns `every numeric` (or `every text`) means for `op`.
fn kind_columns(frame: &DataFrame, op: &str, numeric: bool) -> Vec<String> {
    frame
        .columns()
        .iter()
        .filter(|c| {
            let text = c.dtype() == &polars::prelude::DataType::String;
            if numeric {
                is_numeric(c.dtype())
            } else {
                text
            }
        })
        .filter(|c| match op {
            "fill_null" => c.null_count() > 0,
            "parse_numbers" => mostly_digits(c),
            _ => true,
        })
        .map(|c| c.name().to_string())
        .collect()
}

/// Whether most of a text column's first thousand values hold a digit (numbers written as
/// text, not names).
fn mostly_digits(c: &polars::prelude::Column) -> bool {
    let Ok(s) = c.str() else {
        return false;
    };
    let (mut seen, mut digits) = (0usize, 0usize);
    for v in s.iter().flatten().take(1000) {
        seen += 1;
        digits += usize::from(v.chars().any(|ch| ch.is_ascii_digit()));
    }
    seen > 0 && digits * 10 >= seen * 9
}

/// A number, true/false, or text.
fn value_json(v: &str) -> serde_json::Value {
    match v {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        _ => v.parse::<f64>().ok().filter(|x| x.is_finite()).map_or_else(
            || serde_json::Value::String(v.into()),
            serde_json::Value::from,
        ),
    }
}

/// A session recipe being replayed (`lathe FILE --recipe R`).
#[derive(Debug, Clone)]
pub struct Restore {
    pub file: String,
    pub steps: std::collections::VecDeque<Step>,
    pub model: Option<crate::core::model::train::TrainSpec>,
    /// The step being applied, and its job.
    pub job: Option<JobId>,
    pub current: Option<Step>,
    /// Steps applied so far.
    pub done: usize,
}

/// One applied step of the session's recipe, with the frame before it (undo restores it
/// exactly).
#[derive(Debug, Clone)]
pub struct Entry {
    pub step: Step,
    pub note: Option<String>,
    /// What the preview said, e.g. "12 cells in 12 rows changed".
    pub summary: String,
    pub before: DataFrame,
    /// Switched off in the recipe pane: listed, not applied (nor saved in the recipe file).
    pub off: bool,
    /// Why the step no longer applies after an earlier step was edited (it is skipped).
    pub broken: Option<String>,
}

/// The recipe and data before a change, for undo (and after it, for redo).
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub recipe: Vec<Entry>,
    pub frame: DataFrame,
    /// The change, as messages name it (`fill_null`, `the deletion of step 2 (cast)`).
    pub what: String,
}

// ---------------------------------------------------------------------------------------------
// The app's side: menu, form, preview, apply, undo/redo, export and saving the recipe.

use std::path::PathBuf;

use super::keymap::Key;
use super::{App, Confirm, Effect, Overlay, Prompt, PromptKind};
use crate::core::data::source::{Input, LoadOptions, DEFAULT_NULL_VALUES};
use crate::core::session::recipe::{Recipe, Source};
use crate::output::write::{ChartFiles, ModelToSave, Output, ReportToWrite, WriteFailure};
use crossterm::event::KeyCode;

/// A write waiting for its job, or for the user to confirm overwriting.
#[derive(Debug, Clone)]
pub struct PendingWrite {
    pub path: String,
    pub output: Output,
    /// A recipe (whose saving marks the steps saved) rather than data.
    pub recipe: bool,
    /// Quit once it is written (saving from the quit question).
    pub then_quit: bool,
    pub job: Option<JobId>,
}

impl App {
    /// Whether there are cleaning steps not saved in a recipe file.
    pub fn unsaved_steps(&self) -> bool {
        !self.recipe.is_empty() && self.recipe_version != self.saved_version
    }

    fn can_clean(&mut self) -> bool {
        if self.rerun_job.is_some() {
            self.error_message("The recipe is re-running after an edit; a moment.".into());
            return false;
        }
        if self.restore.is_some() {
            self.error_message("The recipe is still being restored; a moment.".into());
            return false;
        }
        if self.is_loading() {
            self.error_message(
                "Cleaning starts once the data is loaded (Esc stops loading).".into(),
            );
            return false;
        }
        self.frame.width() > 0
    }

    pub(super) fn open_menu(&mut self) {
        if self.can_clean() {
            self.overlay = Some(Overlay::Menu { cursor: 0 });
        }
    }

    /// A form for `op`, on `column` (or the column under the cursor).
    pub(super) fn open_form(&mut self, op: usize, column: Option<String>) {
        if !self.can_clean() {
            return;
        }
        let column = column.or_else(|| self.current_column());
        self.form = Some(Form::new(op, &self.frame, column.as_deref()));
        self.overlay = Some(Overlay::Form);
    }

    pub(super) fn menu_key(&mut self, cursor: usize, key: Key) -> Vec<Effect> {
        let last = OPS.len() - 1;
        self.overlay = match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => return self.command(super::Cmd::Quit),
            (KeyCode::Char('j') | KeyCode::Down, _) => Some(Overlay::Menu {
                cursor: (cursor + 1).min(last),
            }),
            (KeyCode::Char('k') | KeyCode::Up, _) => Some(Overlay::Menu {
                cursor: cursor.saturating_sub(1),
            }),
            (KeyCode::Char('g') | KeyCode::Home, _) => Some(Overlay::Menu { cursor: 0 }),
            (KeyCode::Char('G') | KeyCode::End, _) => Some(Overlay::Menu { cursor: last }),
            (KeyCode::Enter, _) => {
                self.open_form(cursor, None);
                return Vec::new();
            }
            (KeyCode::Esc | KeyCode::Char('q'), _) => None,
            _ => Some(Overlay::Menu { cursor }),
        };
        Vec::new()
    }

    pub(super) fn form_key(&mut self, key: Key) -> Vec<Effect> {
        let Some(form) = self.form.as_mut() else {
            self.overlay = None;
            return Vec::new();
        };
        let n = form.info().fields.len();
        let kind = form.info().fields.get(form.field).map(|f| f.kind);
        let editable = !matches!(kind, Some(Kind::Choice(_) | Kind::Flag) | None);
        match (key.code, key.ctrl) {
            (KeyCode::Char('c'), true) => return self.command(super::Cmd::Quit),
            (KeyCode::Esc, _) => {
                self.form = None;
                self.overlay = None;
            }
            (KeyCode::Tab | KeyCode::Down, _) if n > 0 => form.field = (form.field + 1) % n,
            (KeyCode::BackTab | KeyCode::Up, _) if n > 0 => form.field = (form.field + n - 1) % n,
            (KeyCode::Left, _) => form.cycle(false),
            (KeyCode::Right | KeyCode::Char(' '), _) if !editable => form.cycle(true),
            (KeyCode::Char('u'), true) if editable => {
                form.values[form.field].clear();
                form.preview = PreviewState::Idle;
            }
            (KeyCode::Backspace, _) if editable => {
                form.values[form.field].pop();
                form.preview = PreviewState::Idle;
            }
            (KeyCode::Char(c), false) if editable => {
                form.values[form.field].push(c);
                form.preview = PreviewState::Idle;
            }
            (KeyCode::Enter, _) => {
                return match &mut form.preview {
                    PreviewState::Ready(_) => self.apply_previewed(),
                    PreviewState::Computing { then_apply, .. } => {
                        *then_apply = true;
                        Vec::new()
                    }
                    _ => self.start_preview(),
                };
            }
            _ => {}
        }
        Vec::new()
    }

    fn start_preview(&mut self) -> Vec<Effect> {
        let steps = match self.form.as_ref().map(|f| f.to_steps(&self.frame)) {
            Some(Ok(steps)) => steps,
            Some(Err(e)) => {
                if let Some(f) = self.form.as_mut() {
                    f.preview = PreviewState::Failed(e);
                }
                return Vec::new();
            }
            None => return Vec::new(),
        };
        let job = self.new_job();
        if let Some(f) = self.form.as_mut() {
            f.preview = PreviewState::Computing {
                job,
                then_apply: false,
            };
        }
        vec![Effect::Preview {
            job,
            frame: self.form_base().clone(),
            steps,
        }]
    }

    pub(super) fn preview_done(
        &mut self,
        job: JobId,
        result: Result<Box<Previewed>, String>,
    ) -> Vec<Effect> {
        if self.restore.as_ref().is_some_and(|r| r.job == Some(job)) {
            return self.restored_step(result);
        }
        let Some(form) = self.form.as_mut() else {
            return Vec::new();
        };
        let PreviewState::Computing { job: j, then_apply } = form.preview else {
            return Vec::new();
        };
        if j != job {
            return Vec::new();
        }
        form.preview = match result {
            Ok(done) => PreviewState::Ready(done),
            Err(e) => PreviewState::Failed(e),
        };
        if then_apply && matches!(form.preview, PreviewState::Ready(_)) {
            return self.apply_previewed();
        }
        Vec::new()
    }

    /// Start replaying a session recipe once the data is loaded: each step through the same
    /// job as a previewed step (so each can be undone), then the model's training.
    pub fn restore_recipe(&mut self, recipe: Recipe, file: String) {
        self.restore = Some(Restore {
            file,
            steps: recipe.steps.into_iter().collect(),
            model: recipe.model,
            job: None,
            current: None,
            done: 0,
        });
    }

    /// The next step of the recipe being restored, or its model when the steps are done.
    pub(super) fn continue_restore(&mut self) -> Vec<Effect> {
        if self.is_loading() || self.frame.width() == 0 {
            return Vec::new();
        }
        let Some(r) = self.restore.as_mut() else {
            return Vec::new();
        };
        if r.job.is_some() {
            return Vec::new();
        }
        if let Some(step) = r.steps.pop_front() {
            let job = self.new_job();
            if let Some(r) = self.restore.as_mut() {
                r.job = Some(job);
                r.current = Some(step.clone());
            }
            return vec![Effect::Preview {
                job,
                frame: self.frame.clone(),
                steps: vec![step],
            }];
        }
        let r = self.restore.take().expect("checked above");
        self.saved_version = self.recipe_version;
        match r.model {
            Some(spec) => {
                let effects = self.run_spec(spec);
                self.info_message(format!(
                    "Restored {} steps from {}; training its model… Esc cancels.",
                    r.done, r.file
                ));
                effects
            }
            None => {
                self.info_message(format!("Restored {} steps from {}.", r.done, r.file));
                Vec::new()
            }
        }
    }

    fn restored_step(&mut self, result: Result<Box<Previewed>, String>) -> Vec<Effect> {
        let Some(r) = self.restore.as_mut() else {
            return Vec::new();
        };
        r.job = None;
        let step = r.current.take();
        match result {
            Ok(done) => {
                r.done += 1;
                let frame = self.push_steps(*done);
                let mut effects = self.replace_frame(frame);
                effects.extend(self.continue_restore());
                effects
            }
            Err(e) => {
                let r = self.restore.take().expect("checked above");
                self.error_message(format!(
                    "{}: step {} ({}) failed: {e}. The {} steps before it are applied.",
                    r.file,
                    r.done + 1,
                    step.map_or("?", |s| s.op()),
                    r.done
                ));
                Vec::new()
            }
        }
    }

    /// Enter on a previewed form: the step joins the recipe and its frame becomes the data.
    fn apply_previewed(&mut self) -> Vec<Effect> {
        let Some(form) = self.form.take() else {
            return Vec::new();
        };
        let PreviewState::Ready(done) = form.preview else {
            self.form = Some(form);
            return Vec::new();
        };
        self.overlay = None;
        if let Some(i) = form.editing {
            // The edited step (or steps, given several columns) replaces step i, and every
            // later step re-runs after it.
            let mut steps: Vec<(Step, bool)> = done
                .steps
                .into_iter()
                .map(|(a, _)| (a.step, true))
                .collect();
            steps.extend(self.steps_from(i).into_iter().skip(1));
            let op = self.recipe[i].step.op();
            return self.start_rerun(i, steps, format!("the edit of step {} ({op})", i + 1));
        }
        let op = done.steps[0].0.step.op();
        let n = done.steps.len();
        self.info_message(format!(
            "{} applied: {}{}. U undoes {}.",
            if n == 1 {
                op.to_string()
            } else {
                format!("{n} {op} steps")
            },
            crate::core::clean::describe(&done.steps[n - 1].0.step, &done.total),
            done.total
                .note
                .as_ref()
                .map(|n| format!("; {n}"))
                .unwrap_or_default(),
            if n == 1 { "it" } else { "them together" }
        ));
        let frame = self.push_steps(*done);
        self.replace_frame(frame)
    }

    /// Previewed steps join the recipe (undone and redone together); the data after the last
    /// is returned for the caller to show.
    fn push_steps(&mut self, done: Previewed) -> DataFrame {
        let n = done.steps.len();
        let op = done.steps[0].0.step.op();
        self.remember(if n == 1 {
            op.to_string()
        } else {
            format!("{n} {op} steps")
        });
        let mut before = self.frame.clone();
        for (applied, preview) in done.steps {
            let summary = crate::core::clean::describe(&applied.step, &preview);
            self.recipe.push(Entry {
                step: applied.step,
                note: applied.note,
                summary,
                before,
                off: false,
                broken: None,
            });
            before = applied.frame;
        }
        self.recipe_version += 1;
        before
    }

    /// Keep the recipe and data as they are now, before a change called `what`, for undo.
    fn remember(&mut self, what: String) {
        self.undo.push(Snapshot {
            recipe: self.recipe.clone(),
            frame: self.frame.clone(),
            what,
        });
        self.redo.clear();
    }

    /// The data changed under the views and the statistics: recompute both.
    fn replace_frame(&mut self, frame: DataFrame) -> Vec<Effect> {
        let mut effects = self.set_frame(frame);
        effects.extend(self.start_stats());
        effects
    }

    /// Undo the last change to the recipe (a step, several applied together, or an edit),
    /// restoring the exact data before it.
    pub(super) fn undo_step(&mut self) -> Vec<Effect> {
        self.step_history(false)
    }

    pub(super) fn redo_step(&mut self) -> Vec<Effect> {
        self.step_history(true)
    }

    /// Undo (or redo) one change to the recipe: the snapshot taken from one stack goes in place,
    /// and what it replaces goes on the other stack under the same name.
    fn step_history(&mut self, forward: bool) -> Vec<Effect> {
        if !self.can_clean() {
            return Vec::new();
        }
        let from = if forward {
            &mut self.redo
        } else {
            &mut self.undo
        };
        let Some(snapshot) = from.pop() else {
            let empty = if forward {
                "Nothing to redo."
            } else {
                "No cleaning step to undo."
            };
            self.info_message(empty.into());
            return Vec::new();
        };
        self.info_message(if forward {
            format!("Redid {}.", snapshot.what)
        } else {
            format!("Undid {}; Ctrl-r redoes it.", snapshot.what)
        });
        let now = self.swap_in(snapshot);
        if forward {
            &mut self.undo
        } else {
            &mut self.redo
        }
        .push(now);
        self.recipe_version += 1;
        let frame = self.frame.clone();
        self.replace_frame(frame)
    }

    /// Put `s`'s recipe and data in place; what was there comes back under the same name.
    fn swap_in(&mut self, s: Snapshot) -> Snapshot {
        let now = Snapshot {
            recipe: std::mem::replace(&mut self.recipe, s.recipe),
            frame: self.frame.clone(),
            what: s.what,
        };
        self.frame = s.frame;
        if let Some(ins) = self.inspector.as_mut() {
            if ins.kind == super::PaneKind::Recipe {
                ins.cursor = ins.cursor.min(self.recipe.len().saturating_sub(1));
            }
        }
        now
    }

    /// The data a form's step applies to: before the step it edits, else the current data.
    pub fn form_base(&self) -> &DataFrame {
        self.form
            .as_ref()
            .and_then(|f| f.editing)
            .and_then(|i| self.recipe.get(i))
            .map_or(&self.frame, |e| &e.before)
    }

    /// The selected step of the recipe pane.
    fn selected_step(&self) -> Option<usize> {
        self.inspector
            .as_ref()
            .filter(|i| i.kind == super::PaneKind::Recipe)
            .map(|i| i.cursor)
            .filter(|&i| i < self.recipe.len())
    }

    /// `e` or Enter in the recipe pane: the selected step's form, filled from the step; its
    /// preview runs on the data before the step, and applying it re-runs the later steps.
    pub(super) fn edit_step(&mut self) -> Vec<Effect> {
        if !self.can_clean() {
            return Vec::new();
        }
        let Some(i) = self.selected_step() else {
            return Vec::new();
        };
        match Form::from_step(&self.recipe[i].step) {
            Some(mut form) => {
                form.editing = Some(i);
                self.form = Some(form);
                self.overlay = Some(Overlay::Form);
            }
            None => self.error_message(format!(
                "{} has no form; d deletes it, and C adds a new step.",
                self.recipe[i].step.op()
            )),
        }
        Vec::new()
    }

    /// `d` in the recipe pane: delete the selected step; the later ones re-run.
    pub(super) fn delete_step(&mut self) -> Vec<Effect> {
        let Some(i) = self.selected_step().filter(|_| self.can_clean()) else {
            return Vec::new();
        };
        let op = self.recipe[i].step.op();
        let mut steps = self.steps_from(i);
        steps.remove(0);
        self.start_rerun(i, steps, format!("the deletion of step {} ({op})", i + 1))
    }

    /// `t` in the recipe pane: switch the selected step off (kept, not applied) or on again.
    pub(super) fn toggle_step(&mut self) -> Vec<Effect> {
        let Some(i) = self.selected_step().filter(|_| self.can_clean()) else {
            return Vec::new();
        };
        let mut steps = self.steps_from(i);
        steps[0].1 = !steps[0].1 || self.recipe[i].broken.is_some();
        let what = if steps[0].1 {
            "switching on"
        } else {
            "switching off"
        };
        let op = self.recipe[i].step.op();
        self.start_rerun(i, steps, format!("{what} step {} ({op})", i + 1))
    }

    /// `K`/`J` in the recipe pane: move the selected step up or down one place.
    pub(super) fn move_step(&mut self, up: bool) -> Vec<Effect> {
        let Some(i) = self.selected_step().filter(|_| self.can_clean()) else {
            return Vec::new();
        };
        let (a, b) = if up {
            (i.checked_sub(1), i)
        } else {
            (Some(i), i + 1)
        };
        let Some(a) = a.filter(|_| b < self.recipe.len()) else {
            return Vec::new();
        };
        let mut steps = self.steps_from(a);
        steps.swap(0, 1);
        let op = self.recipe[i].step.op();
        if let Some(ins) = self.inspector.as_mut() {
            ins.cursor = if up { a } else { b };
        }
        self.start_rerun(
            a,
            steps,
            format!(
                "moving step {} ({op}) {}",
                i + 1,
                if up { "up" } else { "down" }
            ),
        )
    }

    /// The steps from `i` on, each with whether it is switched on.
    fn steps_from(&self, i: usize) -> Vec<(Step, bool)> {
        self.recipe[i..]
            .iter()
            .map(|e| (e.step.clone(), !e.off))
            .collect()
    }

    /// Replace the recipe from step `from` on with `steps`, re-run in the background on the
    /// data before step `from`.
    fn start_rerun(&mut self, from: usize, steps: Vec<(Step, bool)>, what: String) -> Vec<Effect> {
        let frame = self
            .recipe
            .get(from)
            .map_or_else(|| self.frame.clone(), |e| e.before.clone());
        self.remember(what);
        let job = self.new_job();
        self.rerun_job = Some((job, from));
        self.info_message(format!(
            "Re-running {} step{} from step {}…",
            steps.len(),
            if steps.len() == 1 { "" } else { "s" },
            from + 1
        ));
        vec![Effect::Rerun { job, frame, steps }]
    }

    pub(super) fn rerun_done(
        &mut self,
        job: JobId,
        result: Result<Box<(Vec<crate::core::clean::Rerun>, DataFrame)>, String>,
    ) -> Vec<Effect> {
        let Some((_, from)) = self.rerun_job.filter(|(j, _)| *j == job) else {
            return Vec::new();
        };
        self.rerun_job = None;
        let (steps, frame) = match result {
            Ok(done) => *done,
            Err(e) => {
                // Nothing changed: the snapshot taken for undo is dropped again.
                self.undo.pop();
                self.error_message(format!("The recipe could not be re-run: {e}"));
                return Vec::new();
            }
        };
        self.recipe.truncate(from);
        let mut broken = Vec::new();
        for (k, r) in steps.into_iter().enumerate() {
            let (summary, note, why) = match r.outcome {
                Ok((said, note)) => (said, note, None),
                Err(e) => {
                    broken.push(from + k + 1);
                    (format!("does not apply now: {e}"), None, Some(e))
                }
            };
            self.recipe.push(Entry {
                step: r.step,
                note,
                summary,
                before: r.before,
                off: r.off,
                broken: why,
            });
        }
        self.recipe_version += 1;
        let what = self.undo.last().map(|s| s.what.clone()).unwrap_or_default();
        if broken.is_empty() {
            self.info_message(format!(
                "Done: {what}; the later steps re-ran and learnt again. U undoes it."
            ));
        } else {
            let list: Vec<String> = broken.iter().map(|n| n.to_string()).collect();
            self.error_message(format!(
                "Done: {what}; step{} {} no longer appl{} and {} skipped (marked ✗ in the \
                 recipe: edit, delete or undo). U undoes it.",
                if list.len() == 1 { "" } else { "s" },
                list.join(", "),
                if list.len() == 1 { "ies" } else { "y" },
                if list.len() == 1 { "is" } else { "are" },
            ));
        }
        self.replace_frame(frame)
    }

    /// The session's recipe document: the cleaning steps, and the model of the session's run
    /// (see `session_run`) with its features and task written out.
    pub fn recipe_document(&self) -> Recipe {
        let mut r = Recipe::new(self.recipe_source());
        // Steps switched off, or that no longer apply, are left out: the file replays what the
        // data went through.
        r.steps = self
            .recipe
            .iter()
            .filter(|e| !e.off && e.broken.is_none())
            .map(|e| e.step.clone())
            .collect();
        r.model = self.session_run().map(|run| {
            let mut spec = run.spec.clone();
            spec.features = Some(run.report.features.clone());
            spec.task = Some(run.report.task);
            spec
        });
        r
    }

    /// The run a session recipe keeps: the one selected in the model pane, else the latest;
    /// only a run trained on the current cleaning steps.
    pub fn session_run(&self) -> Option<&super::model::Run> {
        self.runs
            .get(self.session_run_index()?)
            .filter(|r| r.recipe_version == self.recipe_version)
    }

    /// The index of [`Self::session_run`]'s run (before its recipe check).
    fn session_run_index(&self) -> Option<usize> {
        self.current_run_index().or(self.runs.len().checked_sub(1))
    }

    fn recipe_source(&self) -> Option<Source> {
        let path = match &self.input {
            Input::Path(p) => p.display().to_string(),
            Input::Sample => crate::core::data::source::SAMPLE_ARG.to_string(),
            Input::Stdin => return None,
        };
        let opts: &LoadOptions = &self.load_opts;
        let defaults: Vec<String> = DEFAULT_NULL_VALUES.iter().map(|s| s.to_string()).collect();
        Some(Source {
            path,
            delimiter: opts.delimiter.map(|d| match d {
                b'\t' => "tab".to_string(),
                other => (other as char).to_string(),
            }),
            has_header: opts.has_header,
            null_values: (opts.null_values != defaults).then(|| opts.null_values.clone()),
            decimal_comma: opts.decimal_comma,
        })
    }

    /// A name beside the source: `stem` + `suffix`.
    fn beside_source(&self, suffix: &str) -> String {
        match &self.input {
            Input::Path(p) => {
                let stem = p
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "data".into());
                p.with_file_name(format!("{stem}{suffix}"))
                    .display()
                    .to_string()
            }
            _ => format!("lathe{suffix}"),
        }
    }

    /// The selected run's model, with what saving it needs.
    fn model_to_save(&self) -> Result<ModelToSave, String> {
        let index = self
            .current_run_index()
            .ok_or("No run selected: train a model first (T).")?;
        let run = &self.runs[index];
        if run.recipe_version != self.recipe_version {
            return Err(
                "The cleaning steps changed since this run; train it again before saving its model."
                    .into(),
            );
        }
        if run.spec.model.name == "dbscan" {
            return Err(
                "DBSCAN labels only the rows it was fitted on; it cannot predict new rows, so it is not saved."
                    .into(),
            );
        }
        Ok(ModelToSave {
            raw: self
                .recipe
                .first()
                .map_or_else(|| self.frame.clone(), |e| e.before.clone()),
            cleaned: self.frame.clone(),
            steps: self.recipe.iter().map(|e| e.step.clone()).collect(),
            spec: run.spec.clone(),
            report: run.report.clone(),
            label: self.run_label(index),
        })
    }

    /// `e` in a pane: where to write its chart.
    pub(super) fn ask_chart_path(&mut self) {
        self.ask_path(PromptKind::Chart);
    }

    /// The open pane's chart(s), as the pane shows them, with a name for the file; the model
    /// pane gives the chart of its view (regression: predicted against actual, and the
    /// residuals beside it).
    pub fn pane_charts(&self) -> Result<(String, ChartFiles), String> {
        use crate::core::stats::inspect::{Detail, Inspection};
        use crate::output::charts;
        let ins = self.inspector.as_ref().ok_or("No pane is open.")?;
        let one = |name: String, c: charts::Chart| Ok((name, vec![(None, c)]));
        let safe = |s: &str| -> String {
            s.chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect()
        };
        match (ins.kind, self.inspection()) {
            (super::inspector::PaneKind::Model, _) => {
                let run = self
                    .runs
                    .get(ins.cursor)
                    .ok_or("No run yet: train a model first (T).")?;
                let all = charts::run_charts(&run.report);
                let wanted: &[&str] = match ins.view {
                    0 => &["confusion", "coefficients", "importances"],
                    1 => &["roc", "predicted_vs_actual", "clusters"],
                    2 => &["folds"],
                    _ => &[],
                };
                let first = all
                    .iter()
                    .find(|(n, _)| wanted.contains(&n.as_str()))
                    .ok_or("This view has no chart to write; v shows the others.")?;
                let mut out = vec![(None, first.1.clone())];
                // What the view shows beside the first chart is written beside its file:
                // the residuals next to predicted against actual, the coefficients or
                // importances next to the confusion matrix.
                let beside: &[&str] = match first.0.as_str() {
                    "predicted_vs_actual" => &["residuals"],
                    "confusion" => &["coefficients", "importances"],
                    _ => &[],
                };
                for (n, c) in all.iter().filter(|(n, _)| beside.contains(&n.as_str())) {
                    out.push((Some(n.clone()), c.clone()));
                }
                Ok((format!("{}_{}", run.report.model, first.0), out))
            }
            (_, Some(Inspection::Profile(p))) => match &p.detail {
                Detail::Numeric { histogram: Some(h) } => one(
                    format!("histogram_{}", safe(&p.summary.name)),
                    charts::histogram(&p.summary.name, h),
                ),
                _ => Err("Only a numeric column's histogram is written as a chart; f shows text values as bars.".into()),
            },
            (_, Some(Inspection::Frequencies(q))) => one(
                format!("frequencies_{}", safe(&q.column)),
                charts::frequencies(q),
            ),
            (_, Some(Inspection::Correlations(c))) => one(
                "correlations".into(),
                charts::correlations(c, ins.spearman),
            ),
            (_, Some(Inspection::Scatter(s))) => one(
                format!("scatter_{}_{}", safe(&s.y), safe(&s.x)),
                charts::scatter(s),
            ),
            _ => Err("This pane has no chart to write (yet).".into()),
        }
    }

    /// `m` in the model pane: where to save the selected run's model.
    pub(super) fn ask_model_path(&mut self) {
        match self.model_to_save() {
            Ok(_) => self.ask_path(PromptKind::SaveModel),
            Err(e) => self.error_message(e),
        }
    }

    pub(super) fn ask_path(&mut self, kind: PromptKind) {
        if !self.can_clean() {
            return;
        }
        let text = match kind {
            PromptKind::Chart => match self.pane_charts() {
                Ok((name, _)) => self.beside_source(&format!("_{name}.png")),
                Err(e) => {
                    self.error_message(e);
                    return;
                }
            },
            PromptKind::SaveRecipe => self.beside_source(".recipe.json"),
            PromptKind::Report => self.beside_source("_report"),
            PromptKind::SaveModel => self.beside_source(".model.json"),
            _ => self.beside_source("_clean.csv"),
        };
        self.prompt = Prompt {
            kind,
            text,
            error: None,
        };
        self.overlay = Some(Overlay::Prompt);
    }

    /// Enter at the export or save-recipe prompt.
    pub(super) fn submit_path(&mut self, path: String, then_quit: bool) -> Vec<Effect> {
        let recipe = self.prompt.kind == PromptKind::SaveRecipe;
        self.overlay = None;
        let output = if recipe {
            Output::Text(self.recipe_document().to_json())
        } else if self.prompt.kind == PromptKind::Report {
            Output::Report(Box::new(ReportToWrite {
                name: self.input_name.clone(),
                raw: self
                    .recipe
                    .first()
                    .map_or_else(|| self.frame.clone(), |e| e.before.clone()),
                cleaned: self.frame.clone(),
                // What each step did, as its preview said when it was applied.
                steps: self
                    .recipe
                    .iter()
                    .map(|e| {
                        let effect = match &e.note {
                            Some(n) => format!("{}; {n}", e.summary),
                            None => e.summary.clone(),
                        };
                        (e.step.clone(), effect)
                    })
                    .collect(),
                run: self
                    .session_run()
                    .map(|r| (r.spec.clone(), r.report.clone())),
                leaderboard: {
                    let selected = self.session_run().and(self.session_run_index());
                    self.runs
                        .iter()
                        .enumerate()
                        .map(|(i, r)| {
                            crate::output::report::Entry::of(
                                r.name(),
                                &r.report,
                                Some(i) == selected,
                            )
                        })
                        .collect()
                },
            }))
        } else if self.prompt.kind == PromptKind::Chart {
            match self.pane_charts() {
                Ok((_, charts)) => Output::Charts(charts),
                Err(e) => {
                    self.error_message(e);
                    return Vec::new();
                }
            }
        } else if self.prompt.kind == PromptKind::SaveModel {
            match self.model_to_save() {
                Ok(m) => Output::Model(Box::new(m)),
                Err(e) => {
                    self.error_message(e);
                    return Vec::new();
                }
            }
        } else {
            Output::Frame(self.frame.clone())
        };
        self.pending = Some(PendingWrite {
            path,
            output,
            recipe,
            then_quit,
            job: None,
        });
        self.start_write(false)
    }

    fn start_write(&mut self, overwrite: bool) -> Vec<Effect> {
        let job = self.new_job();
        let source = match &self.input {
            Input::Path(p) => Some(p.clone()),
            _ => None,
        };
        let Some(p) = self.pending.as_mut() else {
            return Vec::new();
        };
        p.job = Some(job);
        let effect = Effect::Write {
            job,
            path: PathBuf::from(&p.path),
            output: p.output.clone(),
            overwrite,
            source,
        };
        let text = format!("Writing {}…", p.path);
        self.info_message(text);
        vec![effect]
    }

    pub(super) fn write_done(
        &mut self,
        job: JobId,
        result: Result<(), WriteFailure>,
    ) -> Vec<Effect> {
        let Some(p) = self.pending.clone() else {
            return Vec::new();
        };
        if p.job != Some(job) {
            return Vec::new();
        }
        match result {
            Ok(()) => {
                self.pending = None;
                if let Output::Report(r) = &p.output {
                    self.info_message(format!(
                        "Wrote report.md, report.html and the charts to {}{}.",
                        p.path,
                        if r.run.is_none() {
                            " (no model yet: T trains one)"
                        } else {
                            ""
                        }
                    ));
                } else if let Output::Charts(c) = &p.output {
                    self.info_message(format!(
                        "Wrote {} to {}{}.",
                        c.first().map_or("", |c| c.1.title()),
                        p.path,
                        if c.len() > 1 {
                            format!(" (and {} more beside it)", c.len() - 1)
                        } else {
                            String::new()
                        }
                    ));
                } else if let Output::Model(m) = &p.output {
                    self.info_message(format!(
                        "Saved {} (refitted on all {} rows) to {}; lathe predict {} DATA uses it.",
                        m.label,
                        m.cleaned.height(),
                        p.path,
                        p.path
                    ));
                } else if p.recipe {
                    self.saved_version = self.recipe_version;
                    self.recipe_saves += 1;
                    let model = self
                        .session_run()
                        .and(self.session_run_index())
                        .map(|i| format!(" and {}", self.run_label(i)))
                        .unwrap_or_default();
                    let n = self.recipe.len();
                    self.info_message(format!(
                        "Saved the recipe ({n} step{}{model}) to {}; lathe run replays it.",
                        if n == 1 { "" } else { "s" },
                        p.path
                    ));
                } else {
                    self.info_message(format!(
                        "Wrote {} rows x {} columns to {}.",
                        self.frame.height(),
                        self.frame.width(),
                        p.path
                    ));
                }
                if p.then_quit {
                    return self.command(super::Cmd::Quit);
                }
            }
            Err(WriteFailure::Exists) => {
                self.overlay = Some(Overlay::Confirm(Confirm::Overwrite));
                self.message = None;
            }
            Err(WriteFailure::Other(e)) => {
                self.pending = None;
                self.error_message(e);
            }
        }
        Vec::new()
    }

    pub(super) fn confirm_key(&mut self, which: Confirm, key: Key) -> Vec<Effect> {
        let c = match key.code {
            KeyCode::Char(c) => c.to_ascii_lowercase(),
            KeyCode::Esc => 'n',
            _ => return Vec::new(),
        };
        self.overlay = None;
        match (which, c, key.ctrl) {
            (_, 'c', true) => {
                self.quit_confirmed = true;
                self.command(super::Cmd::Quit)
            }
            (Confirm::Overwrite, 'y', _) => self.start_write(true),
            (Confirm::Overwrite, _, _) => {
                self.pending = None;
                self.info_message("Not written.".into());
                Vec::new()
            }
            (Confirm::Quit, 'q' | 'y', _) => {
                self.quit_confirmed = true;
                self.command(super::Cmd::Quit)
            }
            (Confirm::Quit, 's', _) => {
                self.ask_path(PromptKind::SaveRecipe);
                self.quit_after_save = true;
                Vec::new()
            }
            _ => Vec::new(),
        }
    }

    /// `a` on a warning: the form of the step that fixes it, on its column.
    pub(super) fn fix_warning(&mut self) {
        let Some(cursor) = self.inspector.as_ref().map(|i| i.cursor) else {
            return;
        };
        let Some((fix, column, fields)) = self
            .all_warnings()
            .get(cursor)
            .map(|w| (w.fix, w.columns.first().cloned(), w.fix_fields.clone()))
        else {
            return;
        };
        // Where the cursor goes once the fix is applied and the warnings are new: to the
        // warning that followed this one, not to whatever the new list holds at this row.
        self.warning_anchor = self
            .all_warnings()
            .iter()
            .skip(cursor + 1)
            .map(|w| (w.kind, w.columns.clone()))
            .collect();
        if let Some(op) = op_index(fix) {
            if let Some(c) = &column {
                if let Some(i) = self.frame.get_column_index(c) {
                    self.col = i;
                }
            }
            self.open_form(op, column);
            // The fix's own settings (a decimal comma) over the form's defaults.
            if let Some(form) = self.form.as_mut() {
                for (name, value) in fields {
                    if let Some(i) = OPS[op].fields.iter().position(|f| f.name == name) {
                        form.values[i] = value.to_string();
                    }
                }
            }
        }
    }
}
