//! Steps that bring in another file: `join` (its columns, rows matched on keys) and `concat`
//! (its rows). The other file is read as lathe reads any file, and its sha256 recorded so a
//! replay on a changed file says so.

use polars::prelude::*;
use sha2::{Digest, Sha256};

use super::step::{JoinHow, Step};
use super::values::R;
use super::{Applied, StepError};
use crate::core::data::source::{load_all, Input, LoadOptions};

/// The other file, read whole, its sha256, and a note when the recipe recorded another one.
fn other_file(path: &str, recorded: &Option<String>) -> R<(DataFrame, String, Option<String>)> {
    let bytes = std::fs::read(path)
        .map_err(|e| StepError::Invalid(format!("field `path`: cannot read {path}: {e}")))?;
    let digest = hex(&Sha256::digest(&bytes));
    let frame = load_all(&Input::from_arg(path), &LoadOptions::default())
        .map_err(|e| StepError::Invalid(format!("field `path`: {e}")))?
        .frame;
    let changed = recorded.as_ref().filter(|r| **r != digest).map(|r| {
        format!(
            "{path} changed since the recipe recorded it (sha256 {} then, {} now)",
            &r[..r.len().min(12)],
            &digest[..12]
        )
    });
    Ok((frame, digest, changed))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `join`: the other file's columns beside the data's rows.
pub(super) fn join(frame: &DataFrame, step: &Step) -> R<Applied> {
    let Step::Join {
        path,
        on,
        how,
        sha256,
    } = step
    else {
        unreachable!("join is given a join step")
    };
    if on.is_empty() {
        return Err(StepError::Invalid(
            "field `on`: name at least one key column".into(),
        ));
    }
    let (mut other, digest, changed) = other_file(path, sha256)?;
    for key in on {
        let ours = super::values::column(frame, key, "on")?;
        let theirs = other
            .column(key)
            .map_err(|_| StepError::Invalid(format!("field `on`: {path} has no column `{key}`")))?;
        // The other file's keys read as the data's (a key read as numbers in one file and as
        // text in the other still matches).
        if theirs.dtype() != ours.dtype() {
            let cast = theirs.cast(ours.dtype()).map_err(|e| {
                StepError::Invalid(format!(
                    "field `on`: `{key}` is {} here and {} in {path}: {e}",
                    ours.dtype(),
                    theirs.dtype()
                ))
            })?;
            other.replace(key, cast)?;
        }
    }
    if *how == JoinHow::Left {
        // One match at most per row, so a left join never repeats the data's rows.
        let keys = other.select(on.iter().map(|k| k.as_str()))?;
        let repeated = keys.is_duplicated()?;
        let first = repeated.iter().position(|d| d == Some(true));
        if let Some(at) = first {
            let example: Vec<String> = keys
                .columns()
                .iter()
                .map(|c| c.get(at).map(|v| v.to_string()).unwrap_or_default())
                .collect();
            return Err(StepError::Invalid(format!(
                "field `on`: {path} repeats the key {}, so a left join would repeat rows; dedupe \
                 it on {} first, or join `inner`",
                example.join(", "),
                on.join(", ")
            )));
        }
    }
    let kind = match how {
        JoinHow::Left => JoinType::Left,
        JoinHow::Inner => JoinType::Inner,
        JoinHow::Anti => JoinType::Anti,
    };
    let args = JoinArgs {
        maintain_order: MaintainOrderJoin::Left,
        ..JoinArgs::new(kind)
    }
    .with_suffix(Some("_other".into()));
    let out = frame.join(&other, on, on, args, None)?;
    let matched = match how {
        JoinHow::Left => {
            // Rows whose keys the other file lacks (counted on the keys, so a matched row
            // whose new values happen to be missing still counts as matched).
            let ours = frame.select(on.iter().map(|k| k.as_str()))?;
            let theirs = other.select(on.iter().map(|k| k.as_str()))?;
            let unmatched = ours
                .join(&theirs, on, on, JoinArgs::new(JoinType::Anti), None)?
                .height();
            format!(
                "{} of {} rows matched",
                frame.height() - unmatched,
                frame.height()
            )
        }
        _ => format!("{} of {} rows kept", out.height(), frame.height()),
    };
    let note = match changed {
        Some(c) => format!("{matched}; {c}"),
        None => matched,
    };
    Ok(recorded(step, digest, out, note))
}

/// The step's answer, the step holding the sha256 of the file it read.
fn recorded(step: &Step, digest: String, frame: DataFrame, note: String) -> Applied {
    let mut step = step.clone();
    if let Step::Join { sha256, .. } | Step::Concat { sha256, .. } = &mut step {
        *sha256 = Some(digest);
    }
    Applied {
        frame,
        step,
        note: Some(note),
    }
}

/// `concat`: the other file's rows after the data's, columns matched by name and read as the
/// data's types.
pub(super) fn concat(frame: &DataFrame, step: &Step) -> R<Applied> {
    let Step::Concat { path, sha256 } = step else {
        unreachable!("concat is given a concat step")
    };
    let (mut other, digest, changed) = other_file(path, sha256)?;
    for c in frame.columns() {
        let Ok(theirs) = other.column(c.name()) else {
            continue;
        };
        if theirs.dtype() != c.dtype() {
            let cast = theirs.strict_cast(c.dtype()).map_err(|_| {
                StepError::Invalid(format!(
                    "`{}` is {} here, and {path}'s values cannot all be read as that (it has \
                     {})",
                    c.name(),
                    c.dtype(),
                    theirs.dtype()
                ))
            })?;
            other.replace(c.name(), cast)?;
        }
    }
    let out = polars::functions::concat_df_diagonal(&[frame.clone(), other.clone()])?;
    let only_theirs: Vec<&str> = other
        .get_column_names()
        .into_iter()
        .filter(|c| frame.column(c).is_err())
        .map(|c| c.as_str())
        .collect();
    let mut note = format!("{} rows added", other.height());
    if !only_theirs.is_empty() {
        note.push_str(&format!(
            "; new columns (missing in the data's rows): {}",
            only_theirs.join(", ")
        ));
    }
    if let Some(c) = changed {
        note.push_str(&format!("; {c}"));
    }
    Ok(recorded(step, digest, out, note))
}
