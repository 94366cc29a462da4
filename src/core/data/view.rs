//! Views of a frame for the table: filters and a sort, applied to the loaded data without
//! changing it. The TUI keeps a stack of views so one key undoes the last change.

use polars::prelude::*;

use super::expr::filter_rows;

/// Why a view of the frame cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ViewError {
    /// A filter expression that does not parse or evaluate, pointed at where it goes wrong.
    #[error("{0}")]
    Filter(String),
    /// A SQL query polars cannot run; `position` is the character it points at, when the
    /// parser says.
    #[error("{message}")]
    Sql {
        message: String,
        position: Option<usize>,
    },
    #[error("cannot sort by `{column}`: {cause}")]
    Sort { column: String, cause: String },
    /// polars refused to take the chosen rows or add a column.
    #[error("{0}")]
    Polars(String),
}

crate::core::error::from_polars!(ViewError, ViewError::Polars);

/// Filters (all must hold) and an optional sort, in the order the user asked for them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewSpec {
    /// A SQL query over the data (the table `data`), run before the filters and the sort:
    /// its result is what they apply to.
    pub sql: Option<String>,
    /// Only these rows (by position in the data), with a label saying which; before filters.
    pub rows: Option<(String, Vec<usize>)>,
    pub filters: Vec<String>,
    /// Column name and whether descending. Nulls always sort last.
    pub sort: Option<(String, bool)>,
    /// Columns shown before the data with the chosen rows, one value per chosen row: each row's
    /// number in the data, a model's prediction for it. A name the data already has gets `_`.
    pub columns: Vec<(String, Labels)>,
    /// Columns left out of the table (`-`), after the filters and the sort, which may still
    /// name them. A name the view's frame lacks (a SQL result's) is passed over.
    pub hidden: Vec<String>,
    /// Columns that stay drawn at the left while the table scrolls sideways (`z`): the leading
    /// columns of the view's frame whose names are here.
    pub frozen: Vec<String>,
}

/// The values of a column a view adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Labels {
    Numbers(Vec<u64>),
    Text(Vec<String>),
}

impl ViewSpec {
    pub fn is_empty(&self) -> bool {
        self.rows.is_none()
            && self.filters.is_empty()
            && self.sort.is_none()
            && self.sql.is_none()
            && self.hidden.is_empty()
            && self.frozen.is_empty()
    }

    /// One line for the status bar: `filter: a > 1 and ...  sort: x desc`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(query) = &self.sql {
            parts.push(format!("sql: {query}"));
        }
        if let Some((label, _)) = &self.rows {
            parts.push(label.clone());
        }
        if !self.filters.is_empty() {
            parts.push(format!("filter: {}", self.filters.join(" and ")));
        }
        if let Some((col, desc)) = &self.sort {
            parts.push(format!(
                "sort: {col} {}",
                if *desc { "desc" } else { "asc" }
            ));
        }
        if !self.hidden.is_empty() {
            parts.push(format!("hidden: {}", self.hidden.join(", ")));
        }
        if !self.frozen.is_empty() {
            parts.push(format!("frozen: {}", self.frozen.join(", ")));
        }
        parts.join("  ")
    }

    /// How many of `frame`'s leading columns are frozen.
    pub fn frozen_count(&self, frame: &DataFrame) -> usize {
        frame
            .get_column_names()
            .iter()
            .take_while(|n| self.frozen.iter().any(|f| f == n.as_str()))
            .count()
    }
}

/// `frame` without the columns `hidden` names (names it lacks are passed over).
pub fn without_hidden(frame: &DataFrame, hidden: &[String]) -> DataFrame {
    if hidden.is_empty() {
        return frame.clone();
    }
    let kept: Vec<Column> = frame
        .columns()
        .iter()
        .filter(|c| !hidden.iter().any(|h| h == c.name().as_str()))
        .cloned()
        .collect();
    DataFrame::new_infer_height(kept).unwrap_or_else(|_| frame.clone())
}

/// The rows of `frame` the view shows, in its order. The sort is stable, so equal keys keep
/// their file order.
pub fn apply(frame: &DataFrame, spec: &ViewSpec) -> Result<DataFrame, ViewError> {
    let mut out = match &spec.sql {
        Some(query) => {
            super::expr::collect(sql_plan(frame, query)?).map_err(|e| ViewError::Sql {
                message: e.to_string(),
                position: None,
            })?
        }
        None => frame.clone(),
    };
    if let Some((_, rows)) = &spec.rows {
        let idx: Vec<IdxSize> = rows
            .iter()
            .filter(|&&r| r < frame.height())
            .map(|&r| r as IdxSize)
            .collect();
        out = out.take(&IdxCa::from_vec("rows".into(), idx))?;
        let kept: Vec<bool> = rows.iter().map(|&r| r < frame.height()).collect();
        for (at, (name, labels)) in spec.columns.iter().enumerate() {
            let mut name = name.clone();
            while out.column(&name).is_ok() {
                name.push('_');
            }
            let keep = |i: &usize| kept.get(*i).copied().unwrap_or(false);
            let column = match labels {
                Labels::Numbers(v) => Column::new(
                    name.into(),
                    v.iter()
                        .enumerate()
                        .filter(|(i, _)| keep(i))
                        .map(|(_, x)| *x)
                        .collect::<Vec<u64>>(),
                ),
                Labels::Text(v) => Column::new(
                    name.into(),
                    v.iter()
                        .enumerate()
                        .filter(|(i, _)| keep(i))
                        .map(|(_, x)| x.as_str())
                        .collect::<Vec<&str>>(),
                ),
            };
            if column.len() != out.height() {
                return Err(ViewError::Polars(
                    "a view's added column does not match its rows".into(),
                ));
            }
            out.insert_column(at, column)?;
        }
    }
    for f in &spec.filters {
        out = filter_rows(&out, f).map_err(|e| ViewError::Filter(e.pointed(f)))?;
    }
    if let Some((col, desc)) = &spec.sort {
        out = out
            .sort(
                [col.as_str()],
                SortMultipleOptions::default()
                    .with_order_descending(*desc)
                    .with_nulls_last(true)
                    .with_maintain_order(true),
            )
            .map_err(|e| ViewError::Sort {
                column: col.clone(),
                cause: e.to_string(),
            })?;
    }
    Ok(without_hidden(&out, &spec.hidden))
}

/// The next cell (row, column) after row `from` (or before it, backwards) whose text contains
/// `needle`, ignoring case; the search wraps around the end. `None` when nothing matches.
pub fn find(frame: &DataFrame, needle: &str, from: usize, forward: bool) -> Option<(usize, usize)> {
    let needle = needle.to_lowercase();
    let masks: Vec<BooleanChunked> = frame
        .columns()
        .iter()
        .filter_map(|c| {
            let text = c.cast(&DataType::String).ok()?;
            text.str()
                .ok()?
                .to_lowercase()
                .contains_literal(&needle)
                .ok()
        })
        .collect();
    let n = frame.height();
    if masks.len() != frame.width() || n == 0 {
        return None;
    }
    let any = masks
        .iter()
        .skip(1)
        .fold(masks[0].clone(), |acc, m| &acc | m);
    let hits: Vec<usize> = any
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.unwrap_or(false).then_some(i))
        .collect();
    let row = if forward {
        hits.iter().find(|&&i| i > from).or(hits.first())
    } else {
        hits.iter().rev().find(|&&i| i < from).or(hits.last())
    }?;
    let col = masks.iter().position(|m| m.get(*row) == Some(true))?;
    Some((*row, col))
}

/// The plan of a SQL query over `frame`, which the query names `data` (or `df`): built without
/// running it, so a mistake (syntax, an unknown column or function) is found at once.
pub fn sql_plan(frame: &DataFrame, query: &str) -> Result<LazyFrame, ViewError> {
    let mut context = polars::sql::SQLContext::new();
    context.register("data", frame.clone().lazy());
    context.register("df", frame.clone().lazy());
    let built = crate::core::error::catch_panic(|| context.execute(query));
    // The plan's schema resolves every name (an ORDER BY or WHERE column too) without running it.
    let built = built.map(|plan| {
        plan.and_then(|mut p| {
            crate::core::error::catch_panic(|| p.collect_schema())
                .unwrap_or_else(|what| polars_bail!(ComputeError: "polars failed on it ({what})"))
                .map(|_| p)
        })
    });
    let plan = match built {
        Ok(plan) => plan,
        Err(what) => {
            return Err(ViewError::Sql {
                message: format!("polars failed on it ({what})"),
                position: None,
            })
        }
    };
    let plan = plan.map_err(|e| {
        // polars appends the plan it was resolving; the first part says what is wrong.
        let full = e.to_string();
        let head = full
            .split("Resolved plan until failure")
            .next()
            .unwrap_or(&full);
        let message = head.split_whitespace().collect::<Vec<_>>().join(" ");
        // The parser says `... at Line: 1, Column: 15`; the prompt points there.
        let position = message
            .rsplit_once("Column: ")
            .and_then(|(_, rest)| {
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                digits.parse::<usize>().ok()
            })
            .map(|column| column.saturating_sub(1))
            // `unable to find column "specis"`: point at the name in the query.
            .or_else(|| {
                let (_, rest) = message.split_once("column \"")?;
                let name = &rest[..rest.find('"')?];
                query.find(name)
            });
        ViewError::Sql { message, position }
    })?;
    // A cross join multiplies the rows (a million by a million is a trillion): refused before
    // it runs out of memory, unless the data is small.
    let rows = frame.height() as u128;
    let crossed = plan
        .describe_optimized_plan()
        .map(|p| p.to_uppercase().contains("CROSS JOIN"))
        .unwrap_or(false);
    if crossed && rows * rows > MAX_CROSS_ROWS {
        return Err(ViewError::Sql {
            message: format!(
                "the query joins the data with itself without a condition (a cross join of {} \
                 rows makes {} rows); join on a key (`... join data b on a.id = b.id`)",
                super::cells::group_thousands(frame.height()),
                rows * rows
            ),
            position: None,
        });
    }
    Ok(plan)
}

/// The most rows a cross join in a query may make.
const MAX_CROSS_ROWS: u128 = 10_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_finds_the_next_cell_and_wraps() {
        let df = df! {
            "a" => ["x", "Jr. Smith", "y", "z"],
            "n" => [Some(1), Some(2), None, Some(12)],
        }
        .unwrap();
        assert_eq!(find(&df, "jr", 0, true), Some((1, 0)), "case is ignored");
        assert_eq!(
            find(&df, "jr", 1, true),
            Some((1, 0)),
            "wraps to the only match"
        );
        assert_eq!(
            find(&df, "2", 1, true),
            Some((3, 1)),
            "numbers are searched as text"
        );
        assert_eq!(find(&df, "2", 3, true), Some((1, 1)));
        assert_eq!(find(&df, "2", 3, false), Some((1, 1)));
        assert_eq!(find(&df, "nowhere", 0, true), None);
    }

    #[test]
    fn filters_then_sorts_with_nulls_last() {
        let df = df! {
            "x" => [Some(3), None, Some(1), Some(2)],
            "y" => ["a", "b", "c", "d"],
        }
        .unwrap();
        let spec = ViewSpec {
            rows: None,
            filters: vec!["y != \"c\"".into()],
            sort: Some(("x".into(), true)),
            ..Default::default()
        };
        let v = apply(&df, &spec).unwrap();
        let y: Vec<_> = v
            .column("y")
            .unwrap()
            .str()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(y, ["a", "d", "b"]);
        assert_eq!(spec.describe(), "filter: y != \"c\"  sort: x desc");
        assert!(apply(
            &df,
            &ViewSpec {
                rows: None,
                filters: vec!["z > 1".into()],
                ..Default::default()
            }
        )
        .is_err());
        // Chosen rows come first, then filters and the sort apply to them.
        let spec = ViewSpec {
            rows: Some(("two rows".into(), vec![3, 0, 99])),
            // Added columns follow their rows (the one beyond the data goes with it), first,
            // renamed when the data has the name.
            columns: vec![
                ("row".into(), Labels::Numbers(vec![4, 1, 100])),
                (
                    "y".into(),
                    Labels::Text(vec!["p".into(), "q".into(), "r".into()]),
                ),
            ],
            ..Default::default()
        };
        let v = apply(&df, &spec).unwrap();
        assert_eq!(v.height(), 2, "a row beyond the data is skipped");
        assert_eq!(spec.describe(), "two rows");
        let names: Vec<String> = v.get_column_names().iter().map(|n| n.to_string()).collect();
        assert_eq!(names, ["row", "y_", "x", "y"]);
        let rows: Vec<u64> = v
            .column("row")
            .unwrap()
            .u64()
            .unwrap()
            .iter()
            .flatten()
            .collect();
        assert_eq!(rows, [4, 1]);
    }
}
