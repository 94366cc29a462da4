//! The form that configures one step (defaults taken from the column under the cursor) and its
//! preview state. A filled form becomes a `Step` through the same deserialisation a recipe file
//! goes through, with the same messages.

use polars::prelude::DataFrame;

use super::pending::Pending;
use crate::core::clean::schema::{Kind, OpInfo, OPS};
use crate::core::clean::step::Step;
use crate::core::clean::texts::{step_from_texts, steps_from_texts, texts_of};
use crate::core::clean::Previewed;
use crate::core::data::cells::is_numeric;

/// Where a form's preview stands.
#[derive(Debug, Clone)]
pub enum PreviewState {
    Idle,
    /// `then_apply`: Enter was pressed again while it computed, so the step is applied as soon
    /// as the preview is ready (a quick Enter Enter is not lost).
    Computing(Pending<bool>),
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
        let numeric = column
            .and_then(|c| frame.column(c).ok())
            .is_some_and(|c| is_numeric(c.dtype()));
        let name = column.unwrap_or_default();
        Form::of(
            op,
            OPS[op]
                .fields
                .iter()
                .map(|fd| fd.start_text(name, numeric))
                .collect(),
        )
    }

    fn of(op: usize, values: Vec<String>) -> Form {
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
        let (op, values) = texts_of(step)?;
        Some(Form::of(op, values))
    }

    /// The step the form describes, or what is wrong with it (naming the field).
    pub fn to_step(&self) -> Result<Step, String> {
        step_from_texts(self.op, &self.values).map_err(|e| e.to_string())
    }

    /// The steps the form describes: one, or one per column when its column field names
    /// several (see `schema::steps_from_texts`).
    pub fn to_steps(&self, frame: &DataFrame) -> Result<Vec<Step>, String> {
        steps_from_texts(self.op, &self.values, frame).map_err(|e| e.to_string())
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
