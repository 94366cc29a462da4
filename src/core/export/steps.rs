//! Each step as the body of a CTE over the previous one (`SELECT ... FROM sN`), keeping the row
//! id and the columns' kinds as the step changes them. The expressions follow `clean::apply`
//! exactly: a numeric step reads a float's NaN as missing, a step's fitted values are literals.

use std::collections::BTreeMap;

use super::{Dialect, Kind};
use crate::core::clean::step::{
    BinMethod, Case, CastType, FillStrategy, How, OnError, OutlierAction, Step, Value,
};

/// Unicode's white space, as Rust's `split_whitespace` and `trim` know it: the engines' `\s` is
/// ASCII only (RE2, Java), and their `trim` removes spaces alone.
const WS: &str = r"[\t\n\x{0B}\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]";

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
    let find = |cols: &[Col], name: &str, field: &str| -> R<usize> {
        cols.iter()
            .position(|c| c.name == name)
            .ok_or_else(|| format!("field `{field}`: no column `{name}` at this step"))
    };
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
                find(cols, c, "columns")?;
            }
            cols.retain(|c| !columns.contains(&c.name));
            Ok(select(cols, &|_| None))
        }
        Step::Rename { columns } => {
            for old in columns.keys() {
                find(cols, old, "columns")?;
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
                let c = &cols[find(cols, n, "columns")?];
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
                find(cols, c, "columns")?;
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
            let at = find(cols, column, "column")?;
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
                let at = find(cols, name, "columns")?;
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
            let at = find(cols, column, "column")?;
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
            let at = position(cols, column)?;
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
fn is_missing(c: &Col, d: Dialect) -> String {
    let x = d.ident(&c.name);
    match c.kind {
        Kind::Float => format!("({x} IS NULL OR isnan({x}))"),
        _ => format!("{x} IS NULL"),
    }
}

/// The position of the step's `column`, which must be numeric.
fn numeric_column(cols: &[Col], name: &str) -> R<usize> {
    let at = position(cols, name)?;
    numeric(&cols[at])?;
    Ok(at)
}

/// The position of the step's `column`, which must be text.
fn text_column(cols: &[Col], name: &str) -> R<usize> {
    let at = position(cols, name)?;
    text_only(&cols[at])?;
    Ok(at)
}

fn position(cols: &[Col], name: &str) -> R<usize> {
    cols.iter()
        .position(|c| c.name == name)
        .ok_or_else(|| format!("field `column`: no column `{name}` at this step"))
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

/// The fill of a missing value by `v`, and the column's kind after it, as `fill_null` types it.
fn fill_expr(c: &Col, v: &Value, d: Dialect) -> R<(String, Kind)> {
    let x = d.ident(&c.name);
    let missing = is_missing(c, d);
    let with = |lit: String, kind: Kind, cast: bool| {
        let value = if cast {
            format!("CAST({x} AS {})", d.type_name(kind))
        } else {
            x.clone()
        };
        (
            format!("CASE WHEN {missing} THEN {lit} ELSE {value} END"),
            kind,
        )
    };
    Ok(match (v, c.kind) {
        (Value::Number(n), Kind::Int) if n.fract() != 0.0 => {
            // A mean of integers is not an integer: the column becomes float.
            with(d.double(*n), Kind::Float, true)
        }
        (Value::Number(n), Kind::Int) if n.abs() < 9.2e18 => {
            with(format!("CAST({} AS BIGINT)", *n as i64), Kind::Int, false)
        }
        (Value::Number(n), Kind::Float) => with(d.double(*n), Kind::Float, false),
        (Value::Number(n), Kind::Text) => with(d.text(&format!("{n}")), Kind::Text, false),
        (Value::Text(t), Kind::Text) => with(d.text(t), Kind::Text, false),
        (Value::Bool(b), Kind::Bool) => with(b.to_string().to_uppercase(), Kind::Bool, false),
        (Value::Text(t), Kind::Date) => {
            with(format!("CAST({} AS DATE)", d.text(t)), Kind::Date, false)
        }
        (other, kind) => {
            return Err(format!(
                "field `value`: {other:?} does not fit `{}`, which is {}",
                c.name,
                d.type_name(kind)
            ))
        }
    })
}

/// `replace` as `clean::fill::replace` does it: on a number column the keys are numbers (the
/// first key equal to the value wins, in the mapping's order) and the column becomes float unless
/// it was whole and every replacement is; on a text column the keys are exact texts.
fn replace_expr(
    c: &Col,
    mapping: &BTreeMap<String, Option<Value>>,
    d: Dialect,
) -> R<(String, Kind)> {
    let x = d.ident(&c.name);
    match c.kind {
        Kind::Int | Kind::Float => {
            let mut arms = Vec::new();
            let mut whole = true;
            for (k, v) in mapping {
                let key: f64 = k.trim().parse().map_err(|_| {
                    format!(
                        "field `mapping`: `{}` is numeric, so the key {k:?} must be a number",
                        c.name
                    )
                })?;
                let to = match v {
                    None => "NULL".to_string(),
                    Some(Value::Number(n)) => {
                        whole &= n.fract() == 0.0;
                        d.double(*n)
                    }
                    Some(other) => {
                        return Err(format!(
                        "field `mapping`: `{}` is numeric, so {other:?} must be a number or null",
                        c.name
                    ))
                    }
                };
                arms.push(format!(
                    " WHEN CAST({x} AS DOUBLE) = {} THEN {to}",
                    d.double(key)
                ));
            }
            let e = format!(
                "CASE WHEN {} THEN NULL{} ELSE CAST({x} AS DOUBLE) END",
                is_missing(c, d),
                arms.concat()
            );
            Ok(if c.kind == Kind::Int && whole {
                (format!("CAST({e} AS BIGINT)"), Kind::Int)
            } else {
                (e, Kind::Float)
            })
        }
        Kind::Text => {
            let mut e = format!("CASE {x}");
            for (k, v) in mapping {
                let to = match v {
                    None => "NULL".to_string(),
                    Some(Value::Text(t)) => d.text(t),
                    Some(Value::Number(n)) => d.text(&format!("{n}")),
                    Some(Value::Bool(b)) => d.text(&b.to_string()),
                };
                e.push_str(&format!(" WHEN {} THEN {to}", d.text(k)));
            }
            e.push_str(&format!(" ELSE {x} END"));
            Ok((e, Kind::Text))
        }
        _ => Err(format!(
            "`{}` is {}: replace works on text and numbers",
            c.name,
            d.type_name(c.kind)
        )),
    }
}

/// Rust's grammar for a number (`str::parse::<f64>`), which both engines' casts read more
/// loosely (DuckDB takes `1_0`, Java `1.5d`): a text outside it is not a number, as in lathe.
const NUMBER: &str = r"(?i)[+-]?(inf|infinity|nan|([0-9]+[.]?[0-9]*|[.][0-9]+)(e[+-]?[0-9]+)?)";

/// `cast` as `clean::cast` does it: the new value (NULL where it fails), a condition true where a
/// present value failed, and the column's kind after it. Text is trimmed of Unicode's white
/// space first, as Rust's `trim` does.
fn cast_expr(c: &Col, to: CastType, d: Dialect) -> R<(String, String, Kind)> {
    let x = d.ident(&c.name);
    let matches = |e: &str, pattern: &str| full_match(d, e, pattern);
    let t = sub_all(d, &x, &format!("^{WS}+|{WS}+$"), "");
    // A number's text as DOUBLE: infinities and NaN spelt out (Spark knows fewer spellings).
    let number = |t: &str| {
        format!(
            "CASE WHEN {} THEN {} WHEN {} THEN {} WHEN {} THEN {} ELSE TRY_CAST({t} AS DOUBLE) END",
            matches(t, "(?i)[+]?(inf|infinity)"),
            d.double(f64::INFINITY),
            matches(t, "(?i)-(inf|infinity)"),
            d.double(f64::NEG_INFINITY),
            matches(t, "(?i)[+-]?nan"),
            d.double(f64::NAN)
        )
    };
    // Whole and below 9e15 (so exact in both types). A CASE, as engines do not promise to stop
    // at AND's first false, and Spark's floor of a huge double overflows its BIGINT.
    let whole = |v: &str| {
        format!(
            "(CASE WHEN abs({v}) < {} THEN {v} = floor({v}) ELSE FALSE END)",
            d.double(9.0e15)
        )
    };
    let failed = |ok: &str| format!("({x} IS NOT NULL AND NOT ({ok}))");
    Ok(match (to, c.kind) {
        (CastType::Int, Kind::Text) => {
            let is_int = format!(
                "({} AND TRY_CAST({t} AS BIGINT) IS NOT NULL)",
                matches(&t, "[+-]?[0-9]+")
            );
            let num = number(&t);
            let is_whole = format!("({} AND {})", matches(&t, NUMBER), whole(&num));
            (
                format!(
                    "CASE WHEN {is_int} THEN CAST({t} AS BIGINT) WHEN {is_whole} \
                     THEN CAST({num} AS BIGINT) ELSE CAST(NULL AS BIGINT) END"
                ),
                failed(&format!("{is_int} OR {is_whole}")),
                Kind::Int,
            )
        }
        (CastType::Float, Kind::Text) => {
            let ok = matches(&t, NUMBER);
            (
                format!(
                    "CASE WHEN {ok} THEN {} ELSE CAST(NULL AS DOUBLE) END",
                    number(&t)
                ),
                failed(&ok),
                Kind::Float,
            )
        }
        (CastType::Bool, Kind::Text) => {
            let token = format!("lower({t})");
            let yes = "('true', 't', 'yes', 'y', '1')";
            let no = "('false', 'f', 'no', 'n', '0')";
            (
                format!(
                    "CASE WHEN {token} IN {yes} THEN TRUE WHEN {token} IN {no} THEN FALSE \
                     ELSE CAST(NULL AS BOOLEAN) END"
                ),
                failed(&format!("{token} IN {yes} OR {token} IN {no}")),
                Kind::Bool,
            )
        }
        (CastType::Int, Kind::Int)
        | (CastType::Float, Kind::Float)
        | (CastType::Bool, Kind::Bool) => (x.clone(), "FALSE".into(), c.kind),
        (CastType::Int, Kind::Bool) => (format!("CAST({x} AS BIGINT)"), "FALSE".into(), Kind::Int),
        (CastType::Float, Kind::Int | Kind::Bool) => {
            (format!("CAST({x} AS DOUBLE)"), "FALSE".into(), Kind::Float)
        }
        (CastType::Int, Kind::Float) => (
            format!(
                "CASE WHEN {} THEN CAST({x} AS BIGINT) ELSE CAST(NULL AS BIGINT) END",
                whole(&x)
            ),
            format!("(NOT isnan({x}) AND NOT {})", whole(&x)),
            Kind::Int,
        ),
        (CastType::Bool, Kind::Int | Kind::Float) => {
            let v = format!("CAST({x} AS DOUBLE)");
            let ok = format!("({v} = 0 OR {v} = 1)");
            let nan = if c.kind == Kind::Float {
                format!("NOT isnan({x}) AND ")
            } else {
                String::new()
            };
            (
                format!("CASE WHEN {v} = 1 THEN TRUE WHEN {v} = 0 THEN FALSE ELSE CAST(NULL AS BOOLEAN) END"),
                format!("({nan}NOT {ok})"),
                Kind::Bool,
            )
        }
        (CastType::String, Kind::Text) => (x.clone(), "FALSE".into(), Kind::Text),
        (to, _) => {
            return Err(format!(
                "a cast to {} from {} is not written as SQL (the engines write numbers and \
                 dates as text differently, and read date formats their own way)",
                format!("{to:?}").to_lowercase(),
                d.type_name(c.kind)
            ))
        }
    })
}

/// `regexp_replace` of every match, in each engine's spelling.
fn sub_all(d: Dialect, e: &str, pattern: &str, with: &str) -> String {
    match d {
        Dialect::DuckDb => format!(
            "regexp_replace({e}, {}, {}, 'g')",
            d.text(pattern),
            d.text(with)
        ),
        Dialect::Spark => format!("regexp_replace({e}, {}, {})", d.text(pattern), d.text(with)),
    }
}

/// Whether the whole of `e` matches `pattern`, in each engine's spelling.
fn full_match(d: Dialect, e: &str, pattern: &str) -> String {
    match d {
        Dialect::DuckDb => format!("regexp_full_match({e}, {})", d.text(pattern)),
        Dialect::Spark => format!("({e} RLIKE {})", d.text(&format!("^(?:{pattern})$"))),
    }
}

/// `parse_numbers` as `data::numbers::parse_number` reads text (after the unit is taken off):
/// `(12)` is negative, `45%` is 0.45, currency signs at either end and white space, `'` and `_`
/// inside are dropped; an integer part grouped by threes (or not grouped) with digits after the
/// decimal mark is read as digits, anything else as Rust reads a number, and must be finite.
/// The helper columns to add in order (name, expression over the ones before), and the value
/// (NULL where the text is not a number) over them.
fn parse_numbers_stages(
    c: &Col,
    decimal_comma: bool,
    unit: Option<&str>,
    d: Dialect,
) -> (Vec<(String, String)>, String) {
    let x = d.ident(&c.name);
    let h = |n: &str| d.ident(&format!("__lathe_{n}"));
    let trim = |e: &str| sub_all(d, e, &format!("^{WS}+|{WS}+$"), "");
    let (group, mark) = if decimal_comma {
        (r"\.", r"\,")
    } else {
        (r"\,", r"\.")
    };
    let mut stages: Vec<(String, String)> = Vec::new();
    let mut stage = |name: &str, e: String| stages.push((format!("__lathe_{name}"), e));
    // The unit, when the trimmed text ends with it; then trimmed.
    let bare = match unit {
        Some(u) if !u.is_empty() => {
            let t = trim(&x);
            format!(
                "CASE WHEN {} THEN substring({t}, 1, length({t}) - {}) ELSE {x} END",
                match d {
                    Dialect::DuckDb => format!("ends_with({t}, {})", d.text(u)),
                    Dialect::Spark => format!("endswith({t}, {})", d.text(u)),
                },
                u.chars().count()
            )
        }
        _ => x.clone(),
    };
    stage("t", trim(&bare));
    let t = h("t");
    // In parentheses it is negative (and trimmed inside); a last % divides by 100.
    stage("paren", full_match(d, &t, r"(?s)\(.*\)"));
    let paren = h("paren");
    stage(
        "inner",
        format!(
            "CASE WHEN {paren} THEN {} ELSE {t} END",
            trim(&format!("substring({t}, 2, length({t}) - 2)"))
        ),
    );
    let inner = h("inner");
    stage("pct", full_match(d, &inner, "(?s).*%"));
    let pct = h("pct");
    // Currency signs off both ends, then every white space, ' and _ inside.
    let no_pct =
        format!("CASE WHEN {pct} THEN substring({inner}, 1, length({inner}) - 1) ELSE {inner} END");
    let mut s = trim(&no_pct);
    s = sub_all(d, &s, "^[$€£¥]+", "");
    s = sub_all(d, &s, "[$€£¥]+$", "");
    s = sub_all(d, &trim(&s), &format!("{WS}|['_]"), "");
    stage("s", s);
    let s = h("s");
    // Grouped digits: the integer part (up to the first decimal mark) grouped by threes or not at
    // all, digits after the mark; otherwise the text as Rust reads a number (the decimal comma as
    // a point), finite.
    let int_part = format!(
        "regexp_extract({s}, {}, 1)",
        d.text(&format!("^([^{mark}]*)"))
    );
    let grouped = full_match(
        d,
        &int_part,
        &format!(r"[+-]?([0-9]*|[0-9]{{1,3}}({group}[0-9]{{3}})+)"),
    );
    let digits_ok = full_match(d, &s, &format!(r"[+-]?[0-9{group}]*({mark}[0-9]*)?"));
    let has_digit = full_match(d, &s, "(?s).*[0-9].*");
    let as_digits = format!(
        "TRY_CAST({} AS DOUBLE)",
        sub_all(d, &sub_all(d, &s, group, ""), mark, ".")
    );
    let plain = if decimal_comma {
        sub_all(d, &s, ",", ".")
    } else {
        s.clone()
    };
    let parsed = format!("TRY_CAST({plain} AS DOUBLE)");
    stage(
        "number",
        format!(
            "CASE WHEN {grouped} THEN (CASE WHEN {digits_ok} AND {has_digit} THEN {as_digits} END) \
             WHEN {} AND {parsed} < {} AND {parsed} > {} THEN {parsed} END",
            full_match(d, &plain, NUMBER),
            d.double(f64::INFINITY),
            d.double(f64::NEG_INFINITY)
        ),
    );
    let number = h("number");
    let signed = format!("(CASE WHEN {paren} THEN -({number}) ELSE {number} END)");
    let value = format!(
        "(CASE WHEN {x} IS NULL THEN CAST(NULL AS DOUBLE) WHEN {pct} THEN {signed} / {} \
         ELSE {signed} END)",
        d.double(100.0)
    );
    (stages, value)
}
