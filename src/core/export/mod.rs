//! A recipe's cleaning steps as SQL for an engine that outgrows one machine (Spark) or checks
//! the work locally (DuckDB): one CTE per step over a table holding the source's columns as
//! lathe loaded them, every fitted value an exact literal, the rows kept in the file's order by
//! a row id, so the engine's output equals `lathe apply`'s cell for cell.
//!
//! A step whose meaning SQL cannot reproduce exactly is refused with the step named, as `apply`
//! names a failing step, never translated approximately.

mod expr;
pub mod pyspark;
mod steps;
mod values;

use polars::prelude::DataType;

use crate::core::clean::step::Step;

/// The engine the SQL is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    DuckDb,
    Spark,
}

impl Dialect {
    pub fn name(self) -> &'static str {
        match self {
            Dialect::DuckDb => "DuckDB",
            Dialect::Spark => "Spark SQL",
        }
    }

    /// A column (or CTE) name quoted: `"a ""b"""` in DuckDB, `` `a ``b` `` in Spark.
    pub(crate) fn ident(self, name: &str) -> String {
        match self {
            Dialect::DuckDb => format!("\"{}\"", name.replace('"', "\"\"")),
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
        }
    }

    /// A text literal. Spark's string literals read `\` as an escape (`'\s'` is `s`), so a
    /// backslash is doubled there, and a quote is escaped; DuckDB doubles quotes only.
    pub(crate) fn text(self, s: &str) -> String {
        match self {
            Dialect::DuckDb => format!("'{}'", s.replace('\'', "''")),
            Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
        }
    }

    /// A double literal that reads back as exactly `x`: both engines read a plain numeric
    /// literal as DECIMAL, so the shortest text that round-trips is cast to DOUBLE.
    pub(crate) fn double(self, x: f64) -> String {
        let text = if x.is_nan() {
            "NaN".to_string()
        } else if x.is_infinite() {
            if x > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
        } else {
            format!("{x:?}")
        };
        format!("CAST('{text}' AS DOUBLE)")
    }

    /// The SQL type of a column lathe loaded as `kind`.
    pub(crate) fn type_name(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (_, Kind::Int) => "BIGINT",
            (_, Kind::Float) => "DOUBLE",
            (_, Kind::Bool) => "BOOLEAN",
            (Dialect::DuckDb, Kind::Text) => "VARCHAR",
            (Dialect::Spark, Kind::Text) => "STRING",
            (_, Kind::Date) => "DATE",
            (_, Kind::Datetime) => "TIMESTAMP",
        }
    }

    /// The expression numbering the input's rows in file order.
    fn row_id(self) -> &'static str {
        match self {
            // A table's rowid is its insertion order.
            Dialect::DuckDb => "rowid",
            // Increasing across a file's partitions in their order.
            Dialect::Spark => "monotonically_increasing_id()",
        }
    }
}

/// What a column holds, as far as the SQL cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Int,
    Float,
    Bool,
    Text,
    Date,
    Datetime,
}

impl Kind {
    /// The kind of a loaded column; `None` for types a source never gives (lists, structs).
    pub fn of(dtype: &DataType) -> Option<Kind> {
        Some(match dtype {
            d if d.is_integer() => Kind::Int,
            d if d.is_float() => Kind::Float,
            DataType::Boolean => Kind::Bool,
            DataType::String => Kind::Text,
            DataType::Date => Kind::Date,
            DataType::Datetime(..) => Kind::Datetime,
            _ => return None,
        })
    }
}

/// Why a recipe cannot be written as SQL.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ExportError {
    /// A step SQL cannot reproduce exactly (or not yet), named as `apply` names steps.
    #[error("recipe step {step} ({op}): {why}")]
    Refused {
        step: usize,
        op: String,
        why: String,
    },
    /// A source column of a type no engine table holds.
    #[error("column `{name}` is {dtype}, which the SQL cannot read")]
    Column { name: String, dtype: String },
}

/// The recipe's steps as one SQL query over `table` (the source's `columns` as lathe loaded
/// them; `nulls` the spellings lathe read as missing), for `dialect`.
pub fn recipe_sql(
    steps: &[Step],
    columns: &[(String, DataType)],
    nulls: &[String],
    dialect: Dialect,
    table: &str,
) -> Result<String, ExportError> {
    let mut cols = Vec::with_capacity(columns.len());
    for (name, dtype) in columns {
        let kind = Kind::of(dtype).ok_or_else(|| ExportError::Column {
            name: name.clone(),
            dtype: dtype.to_string(),
        })?;
        cols.push(steps::Col {
            name: name.clone(),
            kind,
        });
    }
    let mut out = String::new();
    header(&mut out, &cols, nulls, dialect, table);
    let q = |n: &str| dialect.ident(n);
    let row = q(steps::ROW);
    out.push_str("WITH\n");
    out.push_str(&format!(
        "{} AS (SELECT {} AS {row}, * FROM {}),\n",
        steps::cte(0),
        dialect.row_id(),
        q(table)
    ));
    for (i, step) in steps.iter().enumerate() {
        let n = i + 1;
        let body = steps::step_sql(step, &mut cols, dialect, &steps::cte(i)).map_err(|why| {
            ExportError::Refused {
                step: n,
                op: step.op().to_string(),
                why,
            }
        })?;
        out.push_str(&format!("-- step {n}: {}\n", step.op()));
        out.push_str(&format!("{} AS ({body}),\n", steps::cte(n)));
    }
    // The list of CTEs ends without a comma.
    out.truncate(out.len() - 2);
    out.push('\n');
    let names: Vec<String> = cols.iter().map(|c| q(&c.name)).collect();
    out.push_str(&format!(
        "SELECT {} FROM {} ORDER BY {row};\n",
        names.join(", "),
        steps::cte(steps.len())
    ));
    Ok(out)
}

/// The comment that says what the query reads: the table, its columns and types, the missing
/// spellings, and how to make the table.
fn header(out: &mut String, cols: &[steps::Col], nulls: &[String], dialect: Dialect, table: &str) {
    out.push_str(&format!(
        "-- A lathe recipe as {} (lathe export). It reads the table {} holding the source's\n\
         -- columns as lathe loaded them:\n",
        dialect.name(),
        dialect.ident(table)
    ));
    let width = cols.iter().map(|c| c.name.len()).max().unwrap_or(0);
    for c in cols {
        out.push_str(&format!(
            "--   {:<width$}  {}\n",
            c.name,
            dialect.type_name(c.kind)
        ));
    }
    let spellings: Vec<String> = nulls.iter().map(|n| format!("{n:?}")).collect();
    out.push_str(&format!(
        "-- Cells spelled {} are missing (NULL) in lathe: load them as NULL.\n",
        spellings.join(", ")
    ));
    match dialect {
        Dialect::DuckDb => out.push_str(&format!(
            "-- {} must be a table, whose rowid keeps the file's row order, e.g.\n\
             --   CREATE TABLE {} AS SELECT * FROM read_csv('data.csv', nullstr = [...]);\n",
            dialect.ident(table),
            dialect.ident(table)
        )),
        Dialect::Spark => out.push_str(
            "-- Spark's CSV reader takes one missing spelling: read the columns as text, make\n\
             -- every spelling above NULL, then cast them to these types (from one file, so the\n\
             -- rows keep its order through monotonically_increasing_id()).\n",
        ),
    }
}
