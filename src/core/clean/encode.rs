//! `one_hot`: a text column to one indicator column per level (the levels fitted once).

use super::StepError;
use std::collections::BTreeMap;

use polars::prelude::*;

use super::apply::Applied;
use super::step::*;
use super::values::{texts, R};

pub(super) fn one_hot(
    frame: &DataFrame,
    c: &Column,
    max_levels: Option<usize>,
    fitted: Option<&Vec<String>>,
    step: &Step,
) -> R<Applied> {
    let name = c.name().to_string();
    let values = texts(c)?;
    let (levels, capped) = match fitted {
        Some(f) => (f.clone(), max_levels.is_some()),
        None => {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for v in values.iter().flatten() {
                *counts.entry(v).or_insert(0) += 1;
            }
            let mut levels: Vec<(&str, usize)> = counts.into_iter().collect();
            let capped = max_levels.is_some_and(|m| levels.len() > m);
            if let Some(m) = max_levels {
                if m == 0 {
                    return Err(StepError::Invalid("field `max_levels`: at least 1".into()));
                }
                // The most frequent levels; ties by name.
                levels.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
                levels.truncate(m);
            }
            let mut names: Vec<String> = levels.into_iter().map(|(v, _)| v.to_string()).collect();
            names.sort();
            (names, capped)
        }
    };
    let position = frame
        .get_column_index(&name)
        .ok_or_else(|| StepError::Invalid(format!("no column `{name}`")))?;
    let mut out = frame.drop(&name)?;
    let mut new_names: Vec<String> = levels.iter().map(|l| format!("{name}_{l}")).collect();
    if capped {
        new_names.push(format!("{name}_other"));
    }
    for n in &new_names {
        if out.column(n).is_ok() {
            return Err(StepError::Invalid(format!("a column `{n}` exists already")));
        }
    }
    for (i, level) in levels.iter().enumerate() {
        let ind: Vec<i64> = values
            .iter()
            .map(|v| i64::from(v.as_deref() == Some(level.as_str())))
            .collect();
        out.insert_column(position + i, Column::new(new_names[i].as_str().into(), ind))?;
    }
    if capped {
        let ind: Vec<i64> = values
            .iter()
            .map(|v| i64::from(v.as_ref().is_some_and(|v| levels.binary_search(v).is_err())))
            .collect();
        out.insert_column(
            position + levels.len(),
            Column::new(new_names[levels.len()].as_str().into(), ind),
        )?;
    }
    let mut step = step.clone();
    if let Step::OneHot { fitted, .. } = &mut step {
        *fitted = Some(levels);
    }
    Ok(Applied {
        frame: out,
        step,
        note: None,
    })
}
