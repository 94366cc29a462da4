//! Recipes: the cleaning steps of a session as a versioned JSON document that replays headless.
//!
//! ```json
//! {
//!   "version": 1,
//!   "source": { "path": "sample_data/penguins.csv" },
//!   "steps": [
//!     { "op": "fill_null", "column": "bill_length_mm", "strategy": "median", "fitted": 44.45 },
//!     { "op": "one_hot", "column": "island" }
//!   ]
//! }
//! ```
//!
//! The steps are `clean::step::Step`; the model is `model::train::TrainSpec`. The document sits
//! above both rooms: it ties the cleaning to the model trained after it.

use serde::{Deserialize, Serialize};

use crate::core::clean::step::Step;
use crate::core::error::{Error, Result};

/// The recipe format this build writes and reads.
pub const VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    pub version: u32,
    /// Where the data came from and how it was read (absent for a recipe meant for any file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    pub steps: Vec<Step>,
    /// The model trained on the cleaned data, and how it is evaluated (a session recipe).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<crate::core::model::train::TrainSpec>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub path: String,
    /// CSV field separator, when not sniffed (`,`, `;`, `tab`, `|`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    /// False when the first CSV line is data.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub has_header: bool,
    /// Spellings read as missing, replacing the defaults.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub null_values: Option<Vec<String>>,
    /// Numbers use a decimal comma (`--decimal-comma`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decimal_comma: bool,
    /// The spreadsheet sheet read (`--sheet`), by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The SQLite table read (`--table`), by name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table: Option<String>,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Recipe {
    pub fn new(source: Option<Source>) -> Self {
        Recipe {
            version: VERSION,
            source,
            steps: Vec::new(),
            model: None,
        }
    }

    /// Read a recipe document. `file` names it in errors, which say which step and field is
    /// wrong: an unknown version, an unknown `op`, a missing or mistyped field.
    pub fn from_json(text: &str, file: &str) -> Result<Recipe> {
        let fail = |message: String| Error::Recipe {
            file: file.to_string(),
            message,
        };
        // Editors on Windows may start the file with a byte-order mark; JSON has no use for it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| fail(format!("not valid JSON: {e}")))?;
        let obj = doc
            .as_object()
            .ok_or_else(|| fail("a recipe is a JSON object with `version` and `steps`".into()))?;
        match obj.get("version").map(|v| v.as_u64()) {
            None => {
                return Err(fail(
                    "`version` is missing (this build reads version 1)".into(),
                ))
            }
            Some(Some(v)) if v == u64::from(VERSION) => {}
            Some(_) => {
                return Err(fail(format!(
                "version {} is not supported: this build of lathe reads recipe version {VERSION}",
                obj["version"]
            )))
            }
        }
        let steps = obj
            .get("steps")
            .and_then(|s| s.as_array())
            .ok_or_else(|| fail("`steps` must be a list of steps".into()))?;
        for (i, raw) in steps.iter().enumerate() {
            let n = i + 1;
            let op = raw.get("op").and_then(|o| o.as_str());
            match op {
                None => return Err(fail(format!("step {n}: `op` is missing"))),
                Some(op) if !Step::OPS.contains(&op) => {
                    return Err(fail(format!(
                        "step {n}: unknown op `{op}`; known: {}",
                        Step::OPS.join(", ")
                    )))
                }
                Some(op) => {
                    if let Err(e) = serde_json::from_value::<Step>(raw.clone()) {
                        let message = field_message(&e);
                        let field = culprit(raw, &message)
                            .filter(|f| !message.contains(&format!("`{f}`")))
                            .map(|f| format!("field `{f}`: "))
                            .unwrap_or_default();
                        return Err(fail(format!("step {n} ({op}): {field}{message}")));
                    }
                }
            }
        }
        if let Some(model) = obj.get("model") {
            if let Err(e) =
                serde_json::from_value::<crate::core::model::train::TrainSpec>(model.clone())
            {
                return Err(fail(format!("model: {}", field_message(&e))));
            }
        }
        serde_json::from_value(doc).map_err(|e| fail(field_message(&e)))
    }

    /// The recipe as pretty JSON, ending with a newline.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a recipe always serialises") + "\n"
    }
}

/// The field of a step that makes it fail to read: the first whose removal changes the error
/// (serde's type errors do not name the field).
fn culprit(raw: &serde_json::Value, message: &str) -> Option<String> {
    // These messages name their field already.
    if message.starts_with("missing field") || message.starts_with("unknown field") {
        return None;
    }
    let obj = raw.as_object()?;
    obj.keys().filter(|k| k.as_str() != "op").find_map(|k| {
        let mut without = obj.clone();
        without.remove(k);
        let changed = match serde_json::from_value::<Step>(serde_json::Value::Object(without)) {
            Ok(_) => true,
            Err(e) => field_message(&e) != message,
        };
        changed.then(|| k.clone())
    })
}

/// serde's message without its "at line 1 column 80" of the re-serialised value.
fn field_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
