//! How the steps read and write values, as SQL: a fill's literal, a replacement table, a cast
//! and a number written as text, each following `clean` exactly (Rust's number grammar and
//! Unicode's white space, where the engines' own are looser or ASCII only).

use std::collections::BTreeMap;

use super::steps::{is_missing, Col};
use super::{Dialect, Kind};
use crate::core::clean::step::{CastType, Value};

type R<T> = Result<T, String>;

/// Unicode's white space, as Rust's `split_whitespace` and `trim` know it: the engines' `\s` is
/// ASCII only (RE2, Java), and their `trim` removes spaces alone.
pub(super) const WS: &str = r"[\t\n\x{0B}\f\r \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]";

/// The fill of a missing value by `v`, and the column's kind after it, as `fill_null` types it.
pub(super) fn fill_expr(c: &Col, v: &Value, d: Dialect) -> R<(String, Kind)> {
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
pub(super) fn replace_expr(
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
pub(super) fn cast_expr(c: &Col, to: CastType, d: Dialect) -> R<(String, String, Kind)> {
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
pub(super) fn sub_all(d: Dialect, e: &str, pattern: &str, with: &str) -> String {
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
pub(super) fn full_match(d: Dialect, e: &str, pattern: &str) -> String {
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
pub(super) fn parse_numbers_stages(
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
