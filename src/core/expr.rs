//! The row-filter language typed at the filter prompt (and, later, used by recipe steps):
//!
//! ```text
//! age > 30 and sex == "male"
//! is_null(bill_length_mm) or not contains(name, "Jr")
//! `Body Mass (g)` >= 4000
//! ```
//!
//! Arithmetic `+ - * /` on numbers (in floating point: `7 / 2` is 3.5), comparisons
//! `== != < <= > >=` (`=` means `==`), `and`/`or`/`not` (also `&&`, `||`, `!`),
//! parentheses, numbers, "text" or 'text', `true`, `false`, `null` (`x == null` is
//! `is_null(x)`), and the functions `is_null`, `not_null`, `contains`, `starts_with`,
//! `ends_with`. A column name with spaces or symbols goes in backticks. As in SQL and pandas, a
//! comparison with a missing value is not true, so such rows are filtered out. Dates compare with
//! ISO text (`day >= "2024-01-01"`). Errors give the character position.

use polars::prelude::*;

/// A mistake in an expression, at a character position (0-based) of the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message} (at character {})", position + 1)]
pub struct ExprError {
    pub message: String,
    pub position: usize,
}

impl ExprError {
    /// The expression with a caret under the error, then the message:
    ///
    /// ```text
    /// age > and
    ///       ^ expected a value
    /// ```
    pub fn pointed(&self, source: &str) -> String {
        format!(
            "{source}\n{}^ {}",
            " ".repeat(self.position.min(source.chars().count())),
            self.message
        )
    }
}

fn err<T>(position: usize, message: impl Into<String>) -> Result<T, ExprError> {
    Err(ExprError {
        message: message.into(),
        position,
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Quoted(String),
    Number(f64),
    Text(String),
    Op(&'static str),
    LParen,
    RParen,
    Comma,
    End,
}

fn tokenize(src: &str) -> Result<Vec<(Tok, usize)>, ExprError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
        let op2 = ["==", "!=", "<=", ">=", "&&", "||"]
            .into_iter()
            .find(|op| *op == two);
        let tok = if let Some(op) = op2 {
            i += 2;
            Tok::Op(match op {
                "&&" => "and",
                "||" => "or",
                other => other,
            })
        } else if let Some(op) = ["<", ">", "=", "!"]
            .into_iter()
            .find(|op| op.starts_with(c))
        {
            i += 1;
            Tok::Op(match op {
                "=" => "==",
                "!" => "not",
                other => other,
            })
        } else if c == '(' || c == ')' || c == ',' {
            i += 1;
            match c {
                '(' => Tok::LParen,
                ')' => Tok::RParen,
                _ => Tok::Comma,
            }
        } else if c == '"' || c == '\'' || c == '`' {
            let mut text = String::new();
            i += 1;
            loop {
                match chars.get(i) {
                    None => {
                        let what = if c == '`' { "column name" } else { "text" };
                        return err(start, format!("this {what} is never closed with {c}"));
                    }
                    Some('\\') if chars.get(i + 1).is_some() => {
                        text.push(chars[i + 1]);
                        i += 2;
                    }
                    Some(&ch) if ch == c => {
                        i += 1;
                        break;
                    }
                    Some(&ch) => {
                        text.push(ch);
                        i += 1;
                    }
                }
            }
            if c == '`' {
                Tok::Quoted(text)
            } else {
                Tok::Text(text)
            }
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(char::is_ascii_digit))
        {
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric()
                    || chars[i] == '.'
                    || ((chars[i] == '-' || chars[i] == '+') && matches!(chars[i - 1], 'e' | 'E')))
            {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            match text.parse::<f64>() {
                Ok(x) => Tok::Number(x),
                Err(_) => return err(start, format!("{text:?} is not a number")),
            }
        } else if c.is_alphabetic() || c == '_' {
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            match word.to_ascii_lowercase().as_str() {
                "and" => Tok::Op("and"),
                "or" => Tok::Op("or"),
                "not" => Tok::Op("not"),
                _ => Tok::Ident(word),
            }
        } else if let Some(op) = ["-", "+", "*", "/"]
            .into_iter()
            .find(|op| op.starts_with(c))
        {
            i += 1;
            Tok::Op(op)
        } else {
            return err(start, format!("unexpected {c:?}"));
        };
        out.push((tok, start));
    }
    out.push((Tok::End, chars.len()));
    Ok(out)
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Ast {
    Column {
        name: String,
        at: usize,
    },
    Number(f64),
    Text(String),
    Bool(bool),
    Null,
    Compare {
        op: &'static str,
        left: Box<Ast>,
        right: Box<Ast>,
        at: usize,
    },
    /// `+ - * /` on numbers.
    Arith {
        op: &'static str,
        left: Box<Ast>,
        right: Box<Ast>,
        at: usize,
    },
    Neg {
        inner: Box<Ast>,
        at: usize,
    },
    And(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    Not(Box<Ast>),
    Call {
        name: String,
        args: Vec<Ast>,
        at: usize,
    },
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    i: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.i].0
    }
    fn at(&self) -> usize {
        self.toks[self.i].1
    }
    fn next(&mut self) -> (Tok, usize) {
        let t = self.toks[self.i].clone();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        t
    }

    fn or(&mut self) -> Result<Ast, ExprError> {
        let mut left = self.and()?;
        while self.peek() == &Tok::Op("or") {
            self.next();
            left = Ast::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Ast, ExprError> {
        let mut left = self.not()?;
        while self.peek() == &Tok::Op("and") {
            self.next();
            left = Ast::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Ast, ExprError> {
        if self.peek() == &Tok::Op("not") {
            self.next();
            return Ok(Ast::Not(Box::new(self.not()?)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Ast, ExprError> {
        let left = self.sum()?;
        if let Tok::Op(op @ ("==" | "!=" | "<" | "<=" | ">" | ">=")) = self.peek().clone() {
            let at = self.at();
            self.next();
            let right = self.sum()?;
            return Ok(Ast::Compare {
                op,
                left: Box::new(left),
                right: Box::new(right),
                at,
            });
        }
        Ok(left)
    }

    fn sum(&mut self) -> Result<Ast, ExprError> {
        self.arithmetic(&["+", "-"], Self::product)
    }

    fn product(&mut self) -> Result<Ast, ExprError> {
        self.arithmetic(&["*", "/"], Self::unary)
    }

    /// Left-associative `operand (op operand)*` for one precedence level.
    fn arithmetic(
        &mut self,
        ops: &[&'static str],
        operand: fn(&mut Self) -> Result<Ast, ExprError>,
    ) -> Result<Ast, ExprError> {
        let mut left = operand(self)?;
        while let Tok::Op(op) = self.peek().clone() {
            if !ops.contains(&op) {
                break;
            }
            let at = self.at();
            self.next();
            let right = operand(self)?;
            left = Ast::Arith {
                op,
                left: Box::new(left),
                right: Box::new(right),
                at,
            };
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Ast, ExprError> {
        if self.peek() == &Tok::Op("-") {
            let at = self.at();
            self.next();
            return Ok(match self.unary()? {
                Ast::Number(x) => Ast::Number(-x),
                inner => Ast::Neg {
                    inner: Box::new(inner),
                    at,
                },
            });
        }
        self.value()
    }

    fn value(&mut self) -> Result<Ast, ExprError> {
        let (tok, at) = self.next();
        Ok(match tok {
            Tok::Number(x) => Ast::Number(x),
            Tok::Text(t) => Ast::Text(t),
            Tok::Quoted(name) => Ast::Column { name, at },
            Tok::LParen => {
                let inner = self.or()?;
                match self.next() {
                    (Tok::RParen, _) => inner,
                    (_, pos) => return err(pos, "expected )"),
                }
            }
            Tok::Ident(word) => match word.as_str() {
                "true" => Ast::Bool(true),
                "false" => Ast::Bool(false),
                "null" => Ast::Null,
                _ if self.peek() == &Tok::LParen => {
                    self.next();
                    let mut args = Vec::new();
                    if self.peek() != &Tok::RParen {
                        loop {
                            args.push(self.or()?);
                            match self.next() {
                                (Tok::Comma, _) => continue,
                                (Tok::RParen, _) => break,
                                (_, pos) => return err(pos, "expected , or )"),
                            }
                        }
                    } else {
                        self.next();
                    }
                    Ast::Call {
                        name: word,
                        args,
                        at,
                    }
                }
                _ => Ast::Column { name: word, at },
            },
            Tok::End => return err(at, "expected a value here, the expression ends"),
            other => return err(at, format!("expected a value, found {}", describe(&other))),
        })
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Op(op) => format!("`{op}`"),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::LParen => "`(`".into(),
        other => format!("{other:?}"),
    }
}

/// Parse an expression.
pub fn parse(src: &str) -> Result<Ast, ExprError> {
    let toks = tokenize(src)?;
    let mut p = Parser { toks, i: 0 };
    if p.peek() == &Tok::End {
        return err(0, "the expression is empty");
    }
    let ast = p.or()?;
    match p.next() {
        (Tok::End, _) => Ok(ast),
        (tok, at) => err(
            at,
            format!("unexpected {} (missing `and` or `or`?)", describe(&tok)),
        ),
    }
}

/// What kind of value an expression gives, for checking comparisons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Text,
    Bool,
    Date,
    Null,
    Other,
}

fn kind_of(dtype: &DataType) -> Kind {
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

fn build(ast: &Ast, schema: &Schema) -> Result<(Expr, Kind), ExprError> {
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
        Ast::And(a, b) => (condition(a, schema)?.and(condition(b, schema)?), Kind::Bool),
        Ast::Or(a, b) => (condition(a, schema)?.or(condition(b, schema)?), Kind::Bool),
        Ast::Not(a) => (condition(a, schema)?.not(), Kind::Bool),
        Ast::Compare {
            op,
            left,
            right,
            at,
        } => {
            let (l, lk) = build(left, schema)?;
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
        Ast::Arith {
            op,
            left,
            right,
            at,
        } => {
            let (l, lk) = build(left, schema)?;
            let (r, rk) = build(right, schema)?;
            for k in [lk, rk] {
                if !matches!(k, Kind::Number | Kind::Null) {
                    return err(
                        *at,
                        format!("`{op}` works on numbers, not {}", kind_name(k)),
                    );
                }
            }
            // In floating point, as pandas does: 7 / 2 is 3.5, and x / 0 is inf.
            let (l, r) = (l.cast(DataType::Float64), r.cast(DataType::Float64));
            let e = match *op {
                "+" => l + r,
                "-" => l - r,
                "*" => l * r,
                _ => l / r,
            };
            (e, Kind::Number)
        }
    })
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Number => "a number",
        Kind::Text => "text",
        Kind::Bool => "a true/false value",
        Kind::Date => "a date",
        Kind::Null => "null",
        Kind::Other => "a value of another type",
    }
}

fn condition(ast: &Ast, schema: &Schema) -> Result<Expr, ExprError> {
    match build(ast, schema)? {
        (e, Kind::Bool) => Ok(e),
        (_, k) => err(
            position_of(ast),
            format!("expected a condition here, found {}", kind_name(k)),
        ),
    }
}

fn position_of(ast: &Ast) -> usize {
    match ast {
        Ast::Column { at, .. }
        | Ast::Compare { at, .. }
        | Ast::Call { at, .. }
        | Ast::Arith { at, .. }
        | Ast::Neg { at, .. } => *at,
        Ast::And(a, _) | Ast::Or(a, _) | Ast::Not(a) => position_of(a),
        _ => 0,
    }
}

fn call(name: &str, args: &[Ast], at: usize, schema: &Schema) -> Result<(Expr, Kind), ExprError> {
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
                "unknown function {name}(); known: is_null, not_null, contains, starts_with, \
                 ends_with"
            ),
        ),
    }
}

/// The column name closest to a misspelt one (case-insensitive match, or a shared prefix).
fn closest<'a>(name: &str, schema: &'a Schema) -> Option<&'a str> {
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

/// Keep the rows of `frame` where `src` is true (rows where it is null are dropped).
pub fn filter_rows(frame: &DataFrame, src: &str) -> Result<DataFrame, ExprError> {
    let expr = compile(&parse(src)?, frame.schema())?;
    frame
        .clone()
        .lazy()
        .filter(expr)
        .collect()
        .or_else(|e| err(0, format!("could not evaluate: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_is_not_then_and_then_or() {
        let a = parse("a > 1 or b < 2 and not c == 3").unwrap();
        let Ast::Or(_, right) = a else {
            panic!("{a:?}")
        };
        let Ast::And(_, not) = *right else { panic!() };
        assert!(matches!(*not, Ast::Not(_)));
    }

    #[test]
    fn errors_point_at_the_problem() {
        let e = parse("age > and").unwrap_err();
        assert_eq!(e.position, 6);
        assert_eq!(
            e.pointed("age > and"),
            "age > and\n      ^ expected a value, found `and`"
        );
        assert_eq!(parse("x == \"open").unwrap_err().position, 5);
        assert_eq!(parse("x == 1 y").unwrap_err().position, 7);
        assert_eq!(parse("").unwrap_err().message, "the expression is empty");
        assert_eq!(parse("(x == 1").unwrap_err().message, "expected )");
    }
}
