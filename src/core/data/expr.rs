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
//! `is_null(x)`), and the functions `is_null`, `not_null`, `is_finite` (a number that is not
//! missing, NaN or infinite), `contains`, `starts_with`, `ends_with`. A column name with spaces
//! or symbols goes in backticks. As in SQL and pandas, a comparison with a missing value is not
//! true, so such rows are filtered out. Dates compare with ISO text (`day >= "2024-01-01"`).
//! Errors give the character position. Parentheses, `not`, `-` and calls nest at most
//! [`MAX_DEPTH`] levels, and an expression holds at most [`MAX_TOKENS`] tokens.

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

/// A column name as it is written in an expression: bare when it reads as a name, else in
/// backticks (with `\` and `` ` `` escaped).
pub fn column_ref(name: &str) -> String {
    let mut chars = name.chars();
    let bare = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !matches!(
            name.to_ascii_lowercase().as_str(),
            "and" | "or" | "not" | "true" | "false" | "null"
        );
    if bare {
        name.to_string()
    } else {
        format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`"))
    }
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
    /// `+ -` or `* /` on numbers: `first op term op term ...` of one precedence level, kept flat
    /// (not as a nested tree) so that a long chain costs no deeper recursion than a short one;
    /// evaluated left to right, as written.
    Arith {
        first: Box<Ast>,
        rest: Vec<Term>,
    },
    Neg {
        inner: Box<Ast>,
        at: usize,
    },
    /// Conditions joined by `and` (two or more), flat for the same reason as `Arith`.
    And(Vec<Ast>),
    /// Conditions joined by `or` (two or more): a pasted list of ids is a long one.
    Or(Vec<Ast>),
    Not(Box<Ast>),
    Call {
        name: String,
        args: Vec<Ast>,
        at: usize,
    },
}

/// One `op operand` of an arithmetic chain, with the operator's position.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub op: &'static str,
    pub operand: Ast,
    pub at: usize,
}

/// How deeply parentheses, `not`, unary `-` and function calls may nest. Each level is a few
/// stack frames in the parser and in compiling; 100 is far beyond what a person writes and far
/// below what would overflow a thread's stack.
pub const MAX_DEPTH: usize = 100;

/// How many tokens (names, numbers, operators, parentheses) an expression may hold. Parsing and
/// compiling are linear in this; the cap keeps a pasted file from becoming a plan of millions of
/// nodes. A list of 10,000 ids joined by `or` (`id == 1 or id == 2 ...`) is 40,000.
pub const MAX_TOKENS: usize = 100_000;

struct Parser {
    toks: Vec<(Tok, usize)>,
    i: usize,
    depth: usize,
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

    /// One level deeper (a parenthesis, `not`, unary `-` or a call), refused past [`MAX_DEPTH`].
    fn descend(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(
                self.at(),
                format!(
                    "the expression nests more than {MAX_DEPTH} levels (parentheses, not, -, \
                     calls)"
                ),
            );
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Ast, ExprError> {
        let mut terms = vec![self.and()?];
        while self.peek() == &Tok::Op("or") {
            self.next();
            terms.push(self.and()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Ast::Or(terms)
        })
    }

    fn and(&mut self) -> Result<Ast, ExprError> {
        let mut terms = vec![self.not()?];
        while self.peek() == &Tok::Op("and") {
            self.next();
            terms.push(self.not()?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            Ast::And(terms)
        })
    }

    fn not(&mut self) -> Result<Ast, ExprError> {
        if self.peek() == &Tok::Op("not") {
            self.descend()?;
            self.next();
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Ast::Not(Box::new(inner)));
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
        let first = operand(self)?;
        let mut rest = Vec::new();
        while let Tok::Op(op) = self.peek().clone() {
            if !ops.contains(&op) {
                break;
            }
            let at = self.at();
            self.next();
            rest.push(Term {
                op,
                operand: operand(self)?,
                at,
            });
        }
        Ok(if rest.is_empty() {
            first
        } else {
            Ast::Arith {
                first: Box::new(first),
                rest,
            }
        })
    }

    fn unary(&mut self) -> Result<Ast, ExprError> {
        if self.peek() == &Tok::Op("-") {
            let at = self.at();
            self.descend()?;
            self.next();
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(match inner {
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
                self.descend()?;
                let inner = self.or()?;
                self.depth -= 1;
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
                    self.descend()?;
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
                    self.depth -= 1;
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
        Tok::Ident(n) | Tok::Quoted(n) => format!("`{n}`"),
        Tok::Number(x) => format!("the number {}", super::cells::format_stat(*x, 12)),
        Tok::Text(t) => format!("the text {t:?}"),
        Tok::End => "the end".into(),
    }
}

/// Parse an expression.
pub fn parse(src: &str) -> Result<Ast, ExprError> {
    let toks = tokenize(src)?;
    // The closing `End` token is not counted.
    if toks.len() > MAX_TOKENS + 1 {
        return err(
            toks[MAX_TOKENS].1,
            format!(
                "the expression is too long ({} names, values and operators; at most \
                 {MAX_TOKENS})",
                toks.len() - 1
            ),
        );
    }
    let mut p = Parser {
        toks,
        i: 0,
        depth: 0,
    };
    if p.peek() == &Tok::End {
        return err(0, "the expression is empty");
    }
    let ast = p.or()?;
    let before = p.i.checked_sub(1).map(|i| p.toks[i].clone());
    match p.next() {
        (Tok::End, _) => Ok(ast),
        // Two names in a row: most likely a column name with spaces, which needs backticks.
        (tok @ (Tok::Ident(_) | Tok::LParen), at) if matches!(before, Some((Tok::Ident(_), _))) => {
            let start = before.map_or(0, |(_, s)| s);
            let name: String = src
                .chars()
                .skip(start)
                .take_while(|c| !"<>=!".contains(*c))
                .collect();
            err(
                at,
                format!(
                    "unexpected {}: a column name with spaces or symbols goes in backticks, \
                     as `{}`",
                    describe(&tok),
                    name.trim()
                ),
            )
        }
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
fn arithmetic(first: &Ast, rest: &[Term], schema: &Schema) -> Result<Expr, ExprError> {
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
const LONG_CHAIN: usize = 16;

fn apply(left: Expr, op: &str, right: Expr) -> Expr {
    match op {
        "+" => left + right,
        "-" => left - right,
        "*" => left * right,
        _ => left / right,
    }
}

fn conditions(terms: &[Ast], schema: &Schema) -> Result<Vec<Expr>, ExprError> {
    terms.iter().map(|t| condition(t, schema)).collect()
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
        | Ast::Neg { at, .. } => *at,
        Ast::Arith { rest, .. } => rest[0].at,
        Ast::And(terms) | Ast::Or(terms) => position_of(&terms[0]),
        Ast::Not(a) => position_of(a),
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
    collect(frame.clone().lazy().filter(expr))
        .or_else(|e| err(0, format!("could not evaluate: {e}")))
}

/// Run a query of compiled expressions. polars 0.55 panics on some of them (a literal and a
/// column of different heights inside its chunk splitting, found by fuzzing): that is the
/// expression's error, not the end of lathe.
pub fn collect(query: LazyFrame) -> Result<DataFrame, String> {
    match crate::core::error::catch_panic(|| query.collect()) {
        Ok(r) => r.map_err(|e| e.to_string()),
        Err(what) => Err(format!("polars failed on it ({what})")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence_is_not_then_and_then_or() {
        let a = parse("a > 1 or b < 2 and not c == 3").unwrap();
        let Ast::Or(terms) = a else { panic!("{a:?}") };
        let Ast::And(ands) = &terms[1] else { panic!() };
        assert!(matches!(ands[1], Ast::Not(_)));
    }

    #[test]
    fn and_or_follow_kleene_logic_like_sql() {
        let f = df!(
            "a" => [Some(true), Some(true), Some(false), None, None, None, Some(false)],
            "b" => [Some(true), None, None, Some(true), Some(false), None, Some(false)]
        )
        .unwrap();
        let eval = |src: &str| -> Vec<Option<bool>> {
            let e = compile_value(&parse(src).unwrap(), f.schema()).unwrap();
            let out = f.clone().lazy().select([e.alias("v")]).collect().unwrap();
            out.column("v").unwrap().bool().unwrap().iter().collect()
        };
        let (t, n, fl) = (Some(true), None, Some(false));
        assert_eq!(eval("a and b"), [t, n, fl, n, fl, n, fl]);
        assert_eq!(eval("a or b"), [t, t, n, t, n, n, fl]);
        // Longer chains the same: null and false and true is false.
        assert_eq!(eval("a and b and a"), [t, n, fl, n, fl, n, fl]);
        assert_eq!(eval("a or b or a"), [t, t, n, t, n, n, fl]);
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
