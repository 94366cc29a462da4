//! What the inspection panes show, computed from a frame: a column's profile (a histogram for
//! numbers; top values, text lengths and spelling variants for text; counts per period for
//! dates; counts for booleans), frequency tables, correlations with their strongest pairs,
//! scatter samples and group comparisons. Pure and synchronous: the app runs `inspect` in a job
//! and caches the answer per request.

mod column;
mod dates;
mod frequencies;
mod histogram;
mod scatter;

pub use self::column::*;
pub use self::dates::*;
pub use self::frequencies::*;
pub use self::histogram::*;
pub use self::scatter::*;

use crate::core::stats::StatsError;
use polars::prelude::*;

use super::correlate::{correlations, Correlations};
use super::hypothesis::{compare_groups, contingency, Contingency, GroupComparison};
use crate::core::data::cells::is_numeric;

/// Most bins the default rule picks (a terminal pane cannot show many more).
pub const MAX_DEFAULT_BINS: usize = 50;
/// Most bins `+` reaches.
pub const MAX_BINS: usize = 200;
/// Most top values a text profile lists.
pub const PROFILE_TOP: usize = 10;
/// Most rows a frequency table keeps (the distinct count is still reported).
pub const FREQ_LIMIT: usize = 100_000;
/// Most points a scatter plot draws; larger frames are sampled.
pub const MAX_POINTS: usize = 5_000;
/// Seed of the scatter sample, so the same data always gives the same picture.
pub const SCATTER_SEED: u64 = 42;
/// Most colours in a scatter plot: the most frequent categories, the rest as "other".
pub const MAX_SERIES: usize = 8;

/// What to compute.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Request {
    /// One column's profile; `bins` for a numeric histogram (`None`: the default rule).
    Profile {
        column: String,
        bins: Option<usize>,
    },
    Frequencies {
        column: String,
        order: FreqOrder,
    },
    Correlations,
    Scatter {
        x: String,
        y: String,
        colour: Option<String>,
    },
    /// `value` across the groups of `by`: a numeric `value` gets group statistics and a test
    /// of means; a categorical one a contingency table with a chi-square test.
    Groups {
        value: String,
        by: String,
    },
    /// The data against another file (read with the default options): the data is the
    /// reference, the file the new data. Like with like: when the data has been cleaned by
    /// `steps` (fitted, as the recipe saves them) and the file has the raw data's columns
    /// (`raw`), the same steps clean the file first; a file that has the cleaned data's columns
    /// is read as already cleaned.
    Drift {
        path: String,
        steps: Steps,
        raw: Vec<String>,
    },
}

/// Fitted steps as part of a request (the cache's key): equal and hashed by their recipe JSON,
/// as steps hold floats.
#[derive(Debug, Clone, Default)]
pub struct Steps(pub Vec<crate::core::clean::step::Step>);

impl Steps {
    fn key(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

impl PartialEq for Steps {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Steps {}

impl std::hash::Hash for Steps {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.key().hash(state);
    }
}

/// The answer to a `Request`.
#[derive(Debug, Clone, PartialEq)]
pub enum Inspection {
    Profile(Box<ColumnProfile>),
    Frequencies(Frequencies),
    Correlations(Correlations),
    Scatter(Scatter),
    Groups(Groups),
    Drift(Box<super::drift::Drift>),
}

/// Compute what `request` asks about `frame`.
pub fn inspect(frame: &DataFrame, request: &Request) -> Result<Inspection, StatsError> {
    let column = |name: &str| {
        frame
            .column(name)
            .map_err(|_| StatsError::NoColumn(name.into()))
    };
    Ok(match request {
        Request::Profile { column: name, bins } => {
            Inspection::Profile(Box::new(column_profile(column(name)?, *bins)))
        }
        Request::Frequencies {
            column: name,
            order,
        } => Inspection::Frequencies(frequencies(column(name)?, *order)),
        Request::Correlations => Inspection::Correlations(correlations(frame)),
        Request::Drift { path, steps, raw } => {
            let input = crate::core::data::source::Input::from_arg(path);
            let new = crate::core::data::source::load_all(
                &input,
                &crate::core::data::source::LoadOptions::default(),
            )
            .map_err(|e| StatsError::Compare(e.to_string()))?;
            // The file by its name alone: the pane's title gives its path.
            let name = std::path::Path::new(&new.info.name)
                .file_name()
                .map_or(new.info.name.clone(), |n| n.to_string_lossy().into_owned());
            let (other, names) = like_with_like(frame, new.frame, &name, &steps.0, raw)?;
            Inspection::Drift(Box::new(super::drift::drift(
                frame,
                &other,
                (&names.0, &names.1),
                super::drift::PSI_SIGNIFICANT,
            )))
        }
        Request::Scatter { x, y, colour } => {
            let colour = colour.as_deref().map(column).transpose()?;
            Inspection::Scatter(scatter(column(x)?, column(y)?, colour)?)
        }
        Request::Groups { value, by } => {
            let v = column(value)?;
            column(by)?;
            if value == by {
                return Err(StatsError::Request(
                    "compare a column with a different one".into(),
                ));
            }
            if is_numeric(v.dtype()) {
                Inspection::Groups(Groups::Numeric(compare_groups(frame, value, by)?))
            } else {
                Inspection::Groups(Groups::Categorical(contingency(frame, value, by)?))
            }
        }
    })
}

/// The file `new` made comparable with the data: cleaned by the data's `steps` when it has the
/// raw columns, as it is when it has the cleaned ones; and the names saying which.
fn like_with_like(
    frame: &DataFrame,
    new: DataFrame,
    name: &str,
    steps: &[crate::core::clean::step::Step],
    raw: &[String],
) -> Result<(DataFrame, (String, String)), StatsError> {
    if steps.is_empty() {
        return Ok((new, ("the data".into(), name.into())));
    }
    let has = |f: &DataFrame, c: &str| f.column(c).is_ok();
    let cleaned_name = "the cleaned data".to_string();
    if raw.iter().all(|c| has(&new, c)) {
        let mut out = new;
        for (i, step) in steps.iter().enumerate() {
            out = crate::core::clean::apply_step(&out, step)
                .map_err(|e| {
                    StatsError::Compare(format!(
                        "{name} has the raw data's columns, but the recipe's step {} ({}) fails \
                         on it: {e}",
                        i + 1,
                        step.op()
                    ))
                })?
                .frame;
        }
        let n = steps.len();
        let what = format!(
            "{name}, cleaned by the same {n} step{}",
            if n == 1 { "" } else { "s" }
        );
        return Ok((out, (cleaned_name, what)));
    }
    let cleaned: Vec<String> = frame
        .get_column_names()
        .iter()
        .map(|c| c.to_string())
        .collect();
    if cleaned.iter().all(|c| has(&new, c)) {
        return Ok((new, (cleaned_name, format!("{name} (already cleaned)"))));
    }
    let lacks: Vec<&String> = raw.iter().filter(|c| !has(&new, c)).take(3).collect();
    Err(StatsError::Compare(format!(
        "{name} has neither the raw data's columns (it lacks {}) nor the cleaned data's, so \
         the two cannot be compared like with like",
        lacks
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// The pairs of different columns with the largest |r| (those with a value), strongest first.
pub fn strongest_pairs(c: &Correlations, spearman: bool, n: usize) -> Vec<(String, String, f64)> {
    let m = if spearman { &c.spearman } else { &c.pearson };
    let mut pairs: Vec<(String, String, f64)> = Vec::new();
    for (i, row) in m.iter().enumerate() {
        for (j, r) in row.iter().enumerate().skip(i + 1) {
            if let Some(r) = r {
                pairs.push((c.columns[i].clone(), c.columns[j].clone(), *r));
            }
        }
    }
    pairs.sort_by(|a, b| b.2.abs().total_cmp(&a.2.abs()).then_with(|| a.0.cmp(&b.0)));
    pairs.truncate(n);
    pairs
}

#[derive(Debug, Clone, PartialEq)]
pub enum Groups {
    Numeric(GroupComparison),
    Categorical(Contingency),
}
