//! The filter language (`filter` and `derive` steps) as SQL, following `data::expr::compile`:
//! arithmetic in DOUBLE left to right, comparisons with SQL's three-valued logic (which
//! `and`/`or` share with polars), dates compared as ISO text. Division is refused: lathe gives
//! `inf` for `x / 0`, DuckDB NULL and Spark (ANSI mode) an error.

use super::steps::Col;
use super::{Dialect, Kind};
use crate::core::data::expr::{Ast, Term};

/// What an expression gives, for checking and for the kind of a derived column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gives {
    /// A number: whole (a column's own integers) or not.
    Number(Kind),
    Text,
    Bool,
    Date,
    Null,
}

impl Gives {
    /// The kind of a column holding it.
    pub(super) fn kind(self) -> Option<Kind> {
        Some(match self {
            Gives::Number(k) => k,
            Gives::Text => Kind::Text,
            Gives::Bool => Kind::Bool,
            Gives::Date => Kind::Date,
            Gives::Null => return None,
        })
    }
}

type R<T> = Result<T, String>;

/// The expression as SQL over the columns `cols`, and what it gives.
pub(super) fn sql(ast: &Ast, cols: &[Col], d: Dialect) -> R<(String, Gives)> {
    Ok(match ast {
        Ast::Column { name, .. } => {
            let c = cols
                .iter()
                .find(|c| c.name == *name)
                .ok_or_else(|| format!("field `expr`: no column `{name}` at this step"))?;
            let gives = match c.kind {
                Kind::Int | Kind::Float => Gives::Number(c.kind),
                Kind::Text => Gives::Text,
                Kind::Bool => Gives::Bool,
                Kind::Date | Kind::Datetime => Gives::Date,
            };
            (d.ident(name), gives)
        }
        Ast::Number(x) => (d.double(*x), Gives::Number(Kind::Float)),
        Ast::Text(t) => (d.text(t), Gives::Text),
        Ast::Bool(b) => (if *b { "TRUE" } else { "FALSE" }.into(), Gives::Bool),
        Ast::Null => ("NULL".into(), Gives::Null),
        Ast::And(terms) | Ast::Or(terms) => {
            let joiner = if matches!(ast, Ast::And(_)) {
                " AND "
            } else {
                " OR "
            };
            let parts: Vec<String> = terms
                .iter()
                .map(|t| condition(t, cols, d))
                .collect::<R<_>>()?;
            (format!("({})", parts.join(joiner)), Gives::Bool)
        }
        Ast::Not(a) => (format!("(NOT {})", condition(a, cols, d)?), Gives::Bool),
        Ast::Compare {
            op, left, right, ..
        } => {
            let (l, lg) = sql(left, cols, d)?;
            let (r, rg) = sql(right, cols, d)?;
            if lg == Gives::Null || rg == Gives::Null {
                let other = if lg == Gives::Null { r } else { l };
                return match *op {
                    "==" => Ok((format!("({other} IS NULL)"), Gives::Bool)),
                    "!=" => Ok((format!("({other} IS NOT NULL)"), Gives::Bool)),
                    _ => Err("field `expr`: null can only be compared with == or !=".into()),
                };
            }
            let text = |e: String| format!("CAST({e} AS {})", d.type_name(Kind::Text));
            let (l, r) = match (lg, rg) {
                (Gives::Date, Gives::Text) => (text(l), r),
                (Gives::Text, Gives::Date) => (l, text(r)),
                (Gives::Number(_), Gives::Number(_)) => (l, r),
                (a, b) if a == b => (l, r),
                _ => return Err("field `expr`: compares values of different kinds".into()),
            };
            let op = match *op {
                "==" => "=",
                "!=" => "<>",
                other => other,
            };
            (format!("({l} {op} {r})"), Gives::Bool)
        }
        Ast::Neg { inner, .. } => match sql(inner, cols, d)? {
            (e, Gives::Number(_)) => (
                format!("({} - CAST({e} AS DOUBLE))", d.double(0.0)),
                Gives::Number(Kind::Float),
            ),
            _ => return Err("field `expr`: only a number can be negated".into()),
        },
        Ast::Arith { first, rest } => (
            arithmetic(first, rest, cols, d)?,
            Gives::Number(Kind::Float),
        ),
        Ast::Call { name, args, .. } => call(name, args, cols, d)?,
    })
}

/// A condition (true, false or null per row).
pub(super) fn condition(ast: &Ast, cols: &[Col], d: Dialect) -> R<String> {
    match sql(ast, cols, d)? {
        (e, Gives::Bool) => Ok(e),
        _ => Err("field `expr`: expected a condition (true or false per row)".into()),
    }
}

/// `first op term op term ...` in DOUBLE, left to right, as lathe evaluates it.
fn arithmetic(first: &Ast, rest: &[Term], cols: &[Col], d: Dialect) -> R<String> {
    let number = |ast: &Ast| -> R<String> {
        match sql(ast, cols, d)? {
            (e, Gives::Number(_) | Gives::Null) => Ok(format!("CAST({e} AS DOUBLE)")),
            _ => Err("field `expr`: arithmetic works on numbers".into()),
        }
    };
    let mut acc = number(first)?;
    for t in rest {
        if t.op == "/" {
            return Err(
                "division is not written as SQL: lathe gives inf for x / 0, DuckDB NULL and \
                 Spark (ANSI mode) an error; apply the recipe with lathe"
                    .into(),
            );
        }
        acc = format!("({acc} {} {})", t.op, number(&t.operand)?);
    }
    Ok(acc)
}

fn call(name: &str, args: &[Ast], cols: &[Col], d: Dialect) -> R<(String, Gives)> {
    let one = |n: usize| -> R<()> {
        if args.len() == n {
            Ok(())
        } else {
            Err(format!("field `expr`: {name}() takes {n} arguments"))
        }
    };
    Ok(match name {
        "is_null" | "not_null" => {
            one(1)?;
            let (e, _) = sql(&args[0], cols, d)?;
            let not = if name == "not_null" { " NOT" } else { "" };
            (format!("({e} IS{not} NULL)"), Gives::Bool)
        }
        "is_finite" => {
            one(1)?;
            match sql(&args[0], cols, d)? {
                (e, Gives::Number(_)) => {
                    let x = format!("CAST({e} AS DOUBLE)");
                    (
                        format!(
                            "(NOT isnan({x}) AND {x} < {} AND {x} > {})",
                            d.double(f64::INFINITY),
                            d.double(f64::NEG_INFINITY)
                        ),
                        Gives::Bool,
                    )
                }
                _ => return Err("field `expr`: is_finite() works on numbers".into()),
            }
        }
        "contains" | "starts_with" | "ends_with" => {
            one(2)?;
            let (text, tg) = sql(&args[0], cols, d)?;
            let (pattern, pg) = sql(&args[1], cols, d)?;
            if tg != Gives::Text || pg != Gives::Text {
                return Err(format!("field `expr`: {name}() works on text"));
            }
            let f = match (name, d) {
                ("contains", _) => "contains",
                ("starts_with", Dialect::DuckDb) => "starts_with",
                ("starts_with", Dialect::Spark) => "startswith",
                (_, Dialect::DuckDb) => "ends_with",
                (_, Dialect::Spark) => "endswith",
            };
            (format!("{f}({text}, {pattern})"), Gives::Bool)
        }
        other => return Err(format!("field `expr`: unknown function {other}()")),
    })
}
