//! An `Ast` to a polars expression, checked against the frame's schema: types of operands and
//! functions, a close column name suggested for a misspelt one.

use polars::prelude::*;

use super::parse::*;
use super::{err, ExprError};

/// What kind of value an expression gives, for checking comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Number,
    Text,
    Bool,
    Date,
    Null,
    Other,
}

pub(super) fn kind_of(dtype: &DataType) -> Kind {
    match dtype {
        d if d.is_primitive_numeric() => Kind::Number,
        DataType::String => Kind::Text,
        DataType::Boolean => Kind::Bool,
        d if d.is_temporal() => Kind::Date,
        _ => Kind::Other,
    }
}

/// Turn a parsed expression into a polars expression giving any kind of value (a number, text,
/// a condition...), checked against the frame's columns: what `derive` computes.
pub fn compile_value(ast: &Ast, schema: &Schema) -> Result<Expr, ExprError> {
    match build(ast, schema)? {
        (_, Kind::Null) => err(0, "the expression is always null"),
        (e, _) => Ok(e),
    }
}

/// Turn a parsed expression into a polars expression, checking it against the frame's columns.
pub fn compile(ast: &Ast, schema: &Schema) -> Result<Expr, ExprError> {
    let (expr, kind) = build(ast, schema)?;
    if kind != Kind::Bool {
        return err(
            0,
            "the expression must be a condition (true or false per row)",
        );
    }
    Ok(expr)
}

pub(super) fn build(ast: &Ast, schema: &Schema) -> Result<(Expr, Kind), ExprError> {
    Ok(match ast {
        Ast::Column { name, at } => match schema.get(name.as_str()) {
            Some(dt) => (col(name.as_str()), kind_of(dt)),
            None => {
                let hint = closest(name, schema)
                    .map(|c| format!("; did you mean `{c}`?"))
                    .unwrap_or_default();
                return err(*at, format!("no column named `{name}`{hint}"));
            }
        },
        Ast::Number(x) => (lit(*x), Kind::Number),
        Ast::Text(t) => (lit(t.as_str()), Kind::Text),
        Ast::Bool(b) => (lit(*b), Kind::Bool),
        Ast::Null => (lit(NULL), Kind::Null),
        // One horizontal node, not a tree of binary ones: the planner splits and recombines
        // `and` trees in time quadratic in their length (5,000 terms took minutes), and both
        // are as deep as they are long. Same Kleene logic as `and`/`or` (null and false is
        // false; null or true is true; otherwise null).
        Ast::And(terms) => (
            all_horizontal(conditions(terms, schema)?).or_else(|e| err(0, e.to_string()))?,
            Kind::Bool,
        ),
        Ast::Or(terms) => (
            any_horizontal(conditions(terms, schema)?).or_else(|e| err(0, e.to_string()))?,
            Kind::Bool,
        ),
        Ast::Not(a) => (condition(a, schema)?.not(), Kind::Bool),
        Ast::Compare {
            op,
            left,
            right,
            at,
        } => {
            let (l, lk) = build(left, schema)?;
            // `species == setosa`: a bare word beside a text column is meant as text.
            if let Ast::Column { name, at } = right.as_ref() {
                if lk == Kind::Text && schema.get(name.as_str()).is_none() {
                    return err(
                        *at,
                        format!(
                            "no column named `{name}`; to compare with the text, quote it: \
                             \"{name}\""
                        ),
                    );
                }
            }
            let (r, rk) = build(right, schema)?;
            if lk == Kind::Null || rk == Kind::Null {
                let other = if lk == Kind::Null { r } else { l };
                return match *op {
                    "==" => Ok((other.is_null(), Kind::Bool)),
                    "!=" => Ok((other.is_not_null(), Kind::Bool)),
                    _ => err(*at, "null can only be compared with == or !="),
                };
            }
            // Dates compare as ISO text, which sorts like time.
            let (l, r) = match (lk, rk) {
                (Kind::Date, Kind::Text) => (l.cast(DataType::String), r),
                (Kind::Text, Kind::Date) => (l, r.cast(DataType::String)),
                (a, b) if a == b => (l, r),
                (a, b) => {
                    return err(
                        *at,
                        format!("cannot compare {} with {}", kind_name(a), kind_name(b)),
                    )
                }
            };
            let e = match *op {
                "==" => l.eq(r),
                "!=" => l.neq(r),
                "<" => l.lt(r),
                "<=" => l.lt_eq(r),
                ">" => l.gt(r),
                _ => l.gt_eq(r),
            };
            (e, Kind::Bool)
        }
        Ast::Call { name, args, at } => call(name, args, *at, schema)?,
        Ast::Neg { inner, at } => match build(inner, schema)? {
            (e, Kind::Number) => (lit(0.0) - e.cast(DataType::Float64), Kind::Number),
            (_, k) => return err(*at, format!("cannot negate {}", kind_name(k))),
        },
        Ast::Arith { first, rest } => (arithmetic(first, rest, schema)?, Kind::Number),
    })
}

/// The polars expression of an arithmetic chain `first op term op term ...`, evaluated left to
/// right in floating point, as pandas does: 7 / 2 is 3.5, and x / 0 is inf.
pub(super) fn arithmetic(first: &Ast, rest: &[Term], schema: &Schema) -> Result<Expr, ExprError> {
    let number = |ast: &Ast, op: &str, at: usize| -> Result<Expr, ExprError> {
        match build(ast, schema)? {
            (e, Kind::Number | Kind::Null) => Ok(e.cast(DataType::Float64)),
            (_, k) => err(at, format!("`{op}` works on numbers, not {}", kind_name(k))),
        }
    };
    let first_op = &rest[0];
    let mut operands = vec![number(first, first_op.op, first_op.at)?];
    for term in rest {
        operands.push(number(&term.operand, term.op, term.at)?);
    }
    let ops: Vec<&'static str> = rest.iter().map(|t| t.op).collect();
    if ops.len() < LONG_CHAIN {
        let mut operands = operands.into_iter();
        let first = operands.next().expect("a chain has a first operand");
        return Ok(operands
            .zip(&ops)
            .fold(first, |acc, (e, op)| apply(acc, op, e)));
    }
    // A long chain as one elementwise function of its operands instead of a tree as deep as the
    // chain is long: polars' planner walks such a tree once per node, so 3,000 terms took
    // seconds and gigabytes. Same operations in the same order, so the same values.
    let first = operands.remove(0);
    Ok(first.map_many(
        move |columns: &mut [Column]| {
            let mut acc = columns[0].as_materialized_series().clone();
            for (column, op) in columns[1..].iter().zip(&ops) {
                let next = column.as_materialized_series();
                acc = match *op {
                    "+" => (&acc + next)?,
                    "-" => (&acc - next)?,
                    "*" => (&acc * next)?,
                    _ => (&acc / next)?,
                };
            }
            Ok(acc.into_column())
        },
        &operands,
        |_, fields| Ok(Field::new(fields[0].name().clone(), DataType::Float64)),
    ))
}

/// Chains of this many operators or more are evaluated as one function (see [`arithmetic`]);
/// shorter ones stay plain polars expressions.
pub(super) const LONG_CHAIN: usize = 16;

pub(super) fn apply(left: Expr, op: &str, right: Expr) -> Expr {
    match op {
        "+" => left + right,
        "-" => left - right,
        "*" => left * right,
        _ => left / right,
    }
}

pub(super) fn conditions(terms: &[Ast], schema: &Schema) -> Result<Vec<Expr>, ExprError> {
    terms.iter().map(|t| condition(t, schema)).collect()
}

pub(super) fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Number => "a number",
        Kind::Text => "text",
        Kind::Bool => "a true/false value",
        Kind::Date => "a date",
        Kind::Null => "null",
        Kind::Other => "a value of another type",
    }
}

pub(super) fn condition(ast: &Ast, schema: &Schema) -> Result<Expr, ExprError> {
    match build(ast, schema)? {
        (e, Kind::Bool) => Ok(e),
        (_, k) => err(
            position_of(ast),
            format!("expected a condition here, found {}", kind_name(k)),
        ),
    }
}

pub(super) fn position_of(ast: &Ast) -> usize {
    match ast {
        Ast::Column { at, .. }
        | Ast::Compare { at, .. }
        | Ast::Call { at, .. }
        | Ast::Neg { at, .. } => *at,
        Ast::Arith { rest, .. } => rest[0].at,
        Ast::And(terms) | Ast::Or(terms) => position_of(&terms[0]),
        Ast::Not(a) => position_of(a),
        _ => 0,
    }
}

pub(super) fn call(
    name: &str,
    args: &[Ast],
    at: usize,
    schema: &Schema,
) -> Result<(Expr, Kind), ExprError> {
    let arity = |n: usize| {
        if args.len() == n {
            Ok(())
        } else {
            err(
                at,
                format!(
                    "{name}() takes {n} argument{}",
                    if n == 1 { "" } else { "s" }
                ),
            )
        }
    };
    match name {
        "is_null" | "not_null" => {
            arity(1)?;
            let (e, _) = build(&args[0], schema)?;
            Ok((
                if name == "is_null" {
                    e.is_null()
                } else {
                    e.is_not_null()
                },
                Kind::Bool,
            ))
        }
        "is_finite" => {
            arity(1)?;
            match build(&args[0], schema)? {
                (e, Kind::Number) => Ok((e.cast(DataType::Float64).is_finite(), Kind::Bool)),
                (_, k) => err(
                    at,
                    format!("is_finite() works on numbers, not {}", kind_name(k)),
                ),
            }
        }
        "contains" | "starts_with" | "ends_with" => {
            arity(2)?;
            let (text, tk) = build(&args[0], schema)?;
            let (pattern, pk) = build(&args[1], schema)?;
            if tk != Kind::Text || pk != Kind::Text {
                return err(
                    at,
                    format!("{name}() works on text: {name}(column, \"text\")"),
                );
            }
            let e = match name {
                "contains" => text.str().contains_literal(pattern),
                "starts_with" => text.str().starts_with(pattern),
                _ => text.str().ends_with(pattern),
            };
            Ok((e, Kind::Bool))
        }
        _ => err(
            at,
            format!(
                "unknown function {name}(); known: is_null, not_null, is_finite, contains, \
                 starts_with, ends_with"
            ),
        ),
    }
}

/// The column name closest to a misspelt one (case-insensitive match, or a shared prefix).
pub(super) fn closest<'a>(name: &str, schema: &'a Schema) -> Option<&'a str> {
    let lower = name.to_lowercase();
    schema
        .iter_names()
        .map(|n| n.as_str())
        .find(|n| n.to_lowercase() == lower)
        .or_else(|| {
            schema
                .iter_names()
                .map(|n| n.as_str())
                .filter(|n| {
                    let common = n
                        .to_lowercase()
                        .chars()
                        .zip(lower.chars())
                        .take_while(|(a, b)| a == b)
                        .count();
                    common >= 3
                })
                .max_by_key(|n| n.len())
        })
}
