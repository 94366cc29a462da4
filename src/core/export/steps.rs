//! Each step as the body of a CTE over the previous one (`SELECT ... FROM sN`), keeping the row
//! id and the columns' kinds as the step changes them. The expressions follow `clean::apply`
//! exactly: a numeric step reads a float's NaN as missing, a step's fitted values are literals.

use super::values::{cast_expr, fill_expr, parse_numbers_stages, replace_expr, sub_all, WS};
use super::{Dialect, Kind};
use crate::core::clean::step::{BinMethod, Case, FillStrategy, How, OnError, OutlierAction, Step};

/// The row id every CTE carries, ordering the last select.
pub(super) const ROW: &str = "__lathe_row";

/// A column as the steps so far left it.
#[derive(Debug, Clone)]
pub(super) struct Col {
    pub(super) name: String,
    pub(super) kind: Kind,
}

/// The name of the CTE after `n` steps.
pub(super) fn cte(n: usize) -> String {
    format!("s{n}")
}

type R<T> = Result<T, String>;

/// Step `step` over the CTE `from`, as a SELECT; `cols` becomes the columns after it.
pub(super) fn step_sql(step: &Step, cols: &mut Vec<Col>, d: Dialect, from: &str) -> R<String> {
    let q = |n: &str| d.ident(n);
    // The SELECT of every column, with `replaced` giving new expressions for some.
    let select = |cols: &[Col], replaced: &dyn Fn(&Col) -> Option<String>| -> String {
        let mut parts = vec![q(ROW)];
        for c in cols {
            parts.push(match replaced(c) {
                Some(e) => format!("{e} AS {}", q(&c.name)),
                None => q(&c.name),
            });
        }
        format!("SELECT {} FROM {from}", parts.join(", "))
    };
    let unfitted = |what: &str| {
        format!(
            "the recipe holds no fitted {what}; record them with `lathe apply RECIPE \
             --save-fitted FITTED.json` and export FITTED.json"
        )
    };
    match step {
        Step::DropColumns { columns } => {
            for c in columns {
                position(cols, c, "columns")?;
            }
            cols.retain(|c| !columns.contains(&c.name));
            Ok(select(cols, &|_| None))
        }
        Step::Rename { columns } => {
            for old in columns.keys() {
                position(cols, old, "columns")?;
            }
            let mut parts = vec![q(ROW)];
            for c in cols.iter_mut() {
                match columns.get(&c.name) {
                    Some(new) => {
                        parts.push(format!("{} AS {}", q(&c.name), q(new)));
                        c.name = new.clone();
                    }
                    None => parts.push(q(&c.name)),
                }
            }
            Ok(format!("SELECT {} FROM {from}", parts.join(", ")))
        }
        Step::DropNulls { columns, how } => {
            let names: Vec<String> = if columns.is_empty() {
                cols.iter().map(|c| c.name.clone()).collect()
            } else {
                columns.clone()
            };
            let mut missing = Vec::new();
            for n in &names {
                let c = &cols[position(cols, n, "columns")?];
                missing.push(is_missing(c, d));
            }
            let joined = match how {
                How::Any => missing.join(" OR "),
                How::All => missing.join(" AND "),
            };
            Ok(format!("{} WHERE NOT ({joined})", select(cols, &|_| None)))
        }
        Step::Dedupe { columns } => {
            for c in columns {
                position(cols, c, "columns")?;
            }
            let keys: Vec<String> = if columns.is_empty() {
                cols.iter().map(|c| q(&c.name)).collect()
            } else {
                columns.iter().map(|c| q(c)).collect()
            };
            let n = q("__lathe_n");
            let inner = format!(
                "SELECT *, row_number() OVER (PARTITION BY {} ORDER BY {}) AS {n} FROM {from}",
                keys.join(", "),
                q(ROW)
            );
            let names: Vec<String> = std::iter::once(q(ROW))
                .chain(cols.iter().map(|c| q(&c.name)))
                .collect();
            Ok(format!(
                "SELECT {} FROM ({inner}) AS {} WHERE {n} = 1",
                names.join(", "),
                q("__lathe_ranked")
            ))
        }
        Step::FillNull {
            column,
            strategy,
            value,
            fitted,
        } => {
            let at = position(cols, column, "column")?;
            let fill = match strategy {
                FillStrategy::Forward | FillStrategy::Backward => {
                    return Err(
                        "forward and backward fills carry values along the rows' order, which \
                         a distributed engine holds only in one partition"
                            .into(),
                    )
                }
                FillStrategy::Constant => value
                    .clone()
                    .ok_or("field `value`: the constant to fill with")?,
                _ => fitted
                    .clone()
                    .ok_or_else(|| unfitted("value to fill with"))?,
            };
            let c = cols[at].clone();
            let (expr, kind) = fill_expr(&c, &fill, d)?;
            cols[at].kind = kind;
            Ok(select(cols, &only(&c.name, expr)))
        }
        Step::Scale {
            columns, fitted, ..
        } => {
            let fitted = fitted
                .as_ref()
                .ok_or_else(|| unfitted("centres and scales"))?;
            let mut exprs = Vec::new();
            for name in columns {
                let at = position(cols, name, "columns")?;
                numeric(&cols[at])?;
                let a = fitted
                    .get(name)
                    .ok_or_else(|| unfitted(&format!("centre and scale for `{name}`")))?;
                let x = format!("CAST({} AS DOUBLE)", q(name));
                exprs.push((
                    name.clone(),
                    format!(
                        "CASE WHEN {} THEN NULL ELSE ({x} - {}) / {} END",
                        is_missing(&cols[at], d),
                        d.double(a.center),
                        d.double(a.scale)
                    ),
                ));
                cols[at].kind = Kind::Float;
            }
            Ok(select(cols, &|c| {
                exprs
                    .iter()
                    .find(|(n, _)| *n == c.name)
                    .map(|(_, e)| e.clone())
            }))
        }
        Step::ClipOutliers {
            column,
            action,
            fitted,
            ..
        } => {
            let at = numeric_column(cols, column)?;
            let b = fitted.ok_or_else(|| unfitted("bounds"))?;
            let missing = is_missing(&cols[at], d);
            let x = format!("CAST({} AS DOUBLE)", q(column));
            let (lo, hi) = (d.double(b.lower), d.double(b.upper));
            match action {
                OutlierAction::Drop => {
                    // The rows outside go; the column itself is left as it is.
                    let keep = format!("{missing} OR NOT ({x} < {lo} OR {x} > {hi})");
                    Ok(format!("{} WHERE {keep}", select(cols, &|_| None)))
                }
                OutlierAction::Clip | OutlierAction::Null => {
                    let (below, above) = if *action == OutlierAction::Clip {
                        (lo.clone(), hi.clone())
                    } else {
                        ("NULL".to_string(), "NULL".to_string())
                    };
                    let e = format!(
                        "CASE WHEN {missing} THEN NULL WHEN {x} < {lo} THEN {below} \
                         WHEN {x} > {hi} THEN {above} ELSE {x} END"
                    );
                    cols[at].kind = Kind::Float;
                    Ok(select(cols, &only(column, e)))
                }
            }
        }
        Step::OrdinalEncode { column, fitted } => {
            let at = text_column(cols, column)?;
            let levels = fitted.as_ref().ok_or_else(|| unfitted("categories"))?;
            let mut e = format!("CASE {}", q(column));
            for (i, l) in levels.iter().enumerate() {
                e.push_str(&format!(" WHEN {} THEN CAST({i} AS BIGINT)", d.text(l)));
            }
            e.push_str(" ELSE CAST(NULL AS BIGINT) END");
            cols[at].kind = Kind::Int;
            Ok(select(cols, &only(column, e)))
        }
        Step::OneHot {
            column,
            max_levels,
            fitted,
        } => {
            text_column(cols, column)?;
            let levels = fitted.as_ref().ok_or_else(|| unfitted("levels"))?;
            let x = q(column);
            let mut new: Vec<(String, String)> = levels
                .iter()
                .map(|l| {
                    (
                        format!("{column}_{l}"),
                        format!(
                            "CAST(CASE WHEN {x} = {} THEN 1 ELSE 0 END AS BIGINT)",
                            d.text(l)
                        ),
                    )
                })
                .collect();
            if max_levels.is_some() {
                let listed: Vec<String> = levels.iter().map(|l| d.text(l)).collect();
                let outside = if listed.is_empty() {
                    format!("{x} IS NOT NULL")
                } else {
                    format!("{x} IS NOT NULL AND {x} NOT IN ({})", listed.join(", "))
                };
                new.push((
                    format!("{column}_other"),
                    format!("CAST(CASE WHEN {outside} THEN 1 ELSE 0 END AS BIGINT)"),
                ));
            }
            for (n, _) in &new {
                if cols.iter().any(|c| c.name == *n) {
                    return Err(format!("a column `{n}` exists already"));
                }
            }
            let mut parts = vec![q(ROW)];
            let mut after = Vec::new();
            for c in cols.iter() {
                if c.name == *column {
                    for (n, e) in &new {
                        parts.push(format!("{e} AS {}", q(n)));
                        after.push(Col {
                            name: n.clone(),
                            kind: Kind::Int,
                        });
                    }
                } else {
                    parts.push(q(&c.name));
                    after.push(c.clone());
                }
            }
            *cols = after;
            Ok(format!("SELECT {} FROM {from}", parts.join(", ")))
        }
        Step::Bin {
            column,
            method,
            edges,
            fitted,
            ..
        } => {
            let at = numeric_column(cols, column)?;
            let edges = match (fitted, method) {
                (Some(f), _) => f.clone(),
                (None, BinMethod::Edges) => edges.clone().ok_or("field `edges`: none given")?,
                (None, _) => return Err(unfitted("edges")),
            };
            if edges.len() < 2
                || edges
                    .windows(2)
                    .any(|w| w[0].partial_cmp(&w[1]).is_none_or(|o| o.is_ge()))
            {
                return Err("field `fitted`: at least two edges, increasing".into());
            }
            // Bins are [e0, e1), ..., [e(k-1), ek]; values outside go to the first or last.
            let x = format!("CAST({} AS DOUBLE)", q(column));
            let last = edges.len() - 2;
            let mut e = format!(
                "CASE WHEN {} THEN CAST(NULL AS BIGINT)",
                is_missing(&cols[at], d)
            );
            for (i, edge) in edges[1..=last].iter().enumerate() {
                e.push_str(&format!(
                    " WHEN {x} < {} THEN CAST({i} AS BIGINT)",
                    d.double(*edge)
                ));
            }
            e.push_str(&format!(" ELSE CAST({last} AS BIGINT) END"));
            cols[at].kind = Kind::Int;
            Ok(select(cols, &only(column, e)))
        }
        Step::Replace { column, mapping } => {
            let at = position(cols, column, "column")?;
            let c = cols[at].clone();
            let (e, kind) = replace_expr(&c, mapping, d)?;
            cols[at].kind = kind;
            Ok(select(cols, &only(&c.name, e)))
        }
        Step::LogTransform { column } => {
            let at = numeric_column(cols, column)?;
            let x = format!("CAST({} AS DOUBLE)", q(column));
            // lathe refuses the step when a value is negative: so does the query.
            let refuse = format!(
                "{}({})",
                match d {
                    Dialect::DuckDb => "error",
                    Dialect::Spark => "raise_error",
                },
                d.text(&format!(
                    "`{column}` has a negative value: log(1 + x) needs values of 0 or more"
                ))
            );
            let log1p = match d {
                Dialect::Spark => format!("log1p({x})"),
                // DuckDB has no log1p; ln(1 + x) loses the digits of a small x, so the
                // correction ln(u) * (x / (u - 1)) with u = 1 + x is used (a few ulp).
                Dialect::DuckDb => format!(
                    "CASE WHEN 1 + {x} = 1 OR {x} = CAST('Infinity' AS DOUBLE) THEN {x} \
                     ELSE ln(1 + {x}) * ({x} / ((1 + {x}) - 1)) END"
                ),
            };
            let e = format!(
                "CASE WHEN {} THEN NULL WHEN {x} < 0 THEN {refuse} ELSE {log1p} END",
                is_missing(&cols[at], d)
            );
            cols[at].kind = Kind::Float;
            Ok(select(cols, &only(column, e)))
        }
        Step::NormalizeText {
            column,
            trim,
            case,
            collapse_spaces,
        } => {
            text_column(cols, column)?;
            let mut e = q(column);
            let sub = |e: &str, pattern: &str, with: &str| sub_all(d, e, pattern, with);
            match (trim, collapse_spaces) {
                (true, true) => {
                    e = sub(&e, &format!("^{WS}+|{WS}+$"), "");
                    e = sub(&e, &format!("{WS}+"), " ");
                }
                (true, false) => e = sub(&e, &format!("^{WS}+|{WS}+$"), ""),
                (false, false) => {}
                (false, true) => {
                    return Err(
                        "collapsing inner spaces while keeping the outer ones is not written as \
                         SQL; trim as well, or apply the recipe with lathe"
                            .into(),
                    )
                }
            }
            match case {
                Case::Lower => e = format!("lower({e})"),
                Case::Upper => e = format!("upper({e})"),
                Case::Keep => {}
            }
            Ok(select(cols, &only(column, e)))
        }
        Step::Filter { expr } => {
            let ast = crate::core::data::expr::parse(expr)
                .map_err(|e| format!("field `expr`: {}", e.pointed(expr)))?;
            let cond = super::expr::condition(&ast, cols, d)?;
            Ok(format!("{} WHERE {cond}", select(cols, &|_| None)))
        }
        Step::Derive { name, expr } => {
            if name.is_empty() || cols.iter().any(|c| c.name == *name) {
                return Err(format!(
                    "field `name`: `{name}` is empty or a column already"
                ));
            }
            let ast = crate::core::data::expr::parse(expr)
                .map_err(|e| format!("field `expr`: {}", e.pointed(expr)))?;
            let (e, gives) = super::expr::sql(&ast, cols, d)?;
            let kind = gives
                .kind()
                .ok_or("field `expr`: the expression is always null")?;
            let body = format!(
                "{}, {e} AS {} FROM {from}",
                select(cols, &|_| None).trim_end_matches(&format!(" FROM {from}")),
                q(name)
            );
            cols.push(Col {
                name: name.clone(),
                kind,
            });
            Ok(body)
        }
        Step::Cast {
            column,
            to,
            on_error,
            ..
        } => {
            let at = position(cols, column, "column")?;
            let (value, failed, kind) = cast_expr(&cols[at], *to, d)?;
            let e = match on_error {
                OnError::Null => value,
                OnError::Fail => format!(
                    "CASE WHEN {failed} THEN {}({}) ELSE {value} END",
                    match d {
                        Dialect::DuckDb => "error",
                        Dialect::Spark => "raise_error",
                    },
                    d.text(&format!("a value of `{column}` could not be cast"))
                ),
            };
            cols[at].kind = kind;
            Ok(select(cols, &only(column, e)))
        }
        Step::ParseNumbers {
            column,
            decimal_comma,
            unit,
            on_error,
        } => {
            let at = text_column(cols, column)?;
            // Each stage a helper column over the one before, so the query grows with the
            // stages, not with their product.
            let (stages, value) =
                parse_numbers_stages(&cols[at], *decimal_comma, unit.as_deref(), d);
            let x = q(column);
            let e = match on_error {
                OnError::Null => value,
                OnError::Fail => format!(
                    "CASE WHEN {x} IS NOT NULL AND {} <> '' AND {value} IS NULL THEN {}({}) \
                     ELSE {value} END",
                    sub_all(d, &x, &format!("^{WS}+|{WS}+$"), ""),
                    match d {
                        Dialect::DuckDb => "error",
                        Dialect::Spark => "raise_error",
                    },
                    d.text(&format!(
                        "a value of `{column}` could not be read as a number"
                    ))
                ),
            };
            cols[at].kind = Kind::Float;
            let mut inner = from.to_string();
            for (i, (name, stage)) in stages.iter().enumerate() {
                inner = format!(
                    "(SELECT *, {stage} AS {} FROM {inner}) AS {}",
                    q(name),
                    q(&format!("__lathe_stage{i}"))
                );
            }
            let body = select(cols, &only(column, e));
            Ok(body.replacen(&format!(" FROM {from}"), &format!(" FROM {inner}"), 1))
        }
        Step::Sample { .. } => Err(
            "lathe's seeded choice of rows cannot be reproduced by an engine's own sampling; \
             sample in the engine, or apply the recipe with lathe"
                .into(),
        ),
        other => Err(format!(
            "`{}` is not written as SQL yet (exported now: drop_columns, rename, drop_nulls, \
             dedupe, fill_null, replace, normalize_text, cast, parse_numbers, scale, \
             log_transform, clip_outliers, ordinal_encode, one_hot, bin, filter, derive)",
            other.op()
        )),
    }
}

/// The new expression of the column `name` alone, for a step's SELECT.
fn only(name: &str, e: String) -> impl Fn(&Col) -> Option<String> {
    let name = name.to_string();
    move |c| (c.name == name).then(|| e.clone())
}

/// Whether the column's value is missing: NULL, or NaN in a float column (as the steps read
/// it).
pub(super) fn is_missing(c: &Col, d: Dialect) -> String {
    let x = d.ident(&c.name);
    match c.kind {
        Kind::Float => format!("({x} IS NULL OR isnan({x}))"),
        _ => format!("{x} IS NULL"),
    }
}

/// The position of the step's `column`, which must be numeric.
fn numeric_column(cols: &[Col], name: &str) -> R<usize> {
    let at = position(cols, name, "column")?;
    numeric(&cols[at])?;
    Ok(at)
}

/// The position of the step's `column`, which must be text.
fn text_column(cols: &[Col], name: &str) -> R<usize> {
    let at = position(cols, name, "column")?;
    text_only(&cols[at])?;
    Ok(at)
}

/// Where the step's column `name` (named by its `field`) is at this step.
fn position(cols: &[Col], name: &str, field: &str) -> R<usize> {
    cols.iter()
        .position(|c| c.name == name)
        .ok_or_else(|| format!("field `{field}`: no column `{name}` at this step"))
}

fn numeric(c: &Col) -> R<()> {
    match c.kind {
        Kind::Int | Kind::Float => Ok(()),
        _ => Err(format!("`{}` is not numeric at this step", c.name)),
    }
}

/// Text columns only: the steps read other columns through their text, which engines spell
/// differently (`1.0`, `1e-05`).
fn text_only(c: &Col) -> R<()> {
    match c.kind {
        Kind::Text => Ok(()),
        _ => Err(format!(
            "`{}` is not text: the SQL is written for text columns only (cast it to text first)",
            c.name
        )),
    }
}
