//! Reading an expression: tokens (with their character positions) and a recursive-descent
//! parser to an `Ast`, nesting at most `MAX_DEPTH` levels and holding at most `MAX_TOKENS`.

use super::{err, ExprError};

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
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

pub(super) fn tokenize(src: &str) -> Result<Vec<(Tok, usize)>, ExprError> {
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

pub(super) struct Parser {
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
        self.joined("or", Self::and, Ast::Or)
    }

    fn and(&mut self) -> Result<Ast, ExprError> {
        self.joined("and", Self::not, Ast::And)
    }

    /// Terms read by `term`, joined by the word `op` into `join` (one term stands alone).
    fn joined(
        &mut self,
        op: &'static str,
        term: fn(&mut Self) -> Result<Ast, ExprError>,
        join: fn(Vec<Ast>) -> Ast,
    ) -> Result<Ast, ExprError> {
        let mut terms = vec![term(self)?];
        while self.peek() == &Tok::Op(op) {
            self.next();
            terms.push(term(self)?);
        }
        Ok(if terms.len() == 1 {
            terms.remove(0)
        } else {
            join(terms)
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

pub(super) fn describe(t: &Tok) -> String {
    match t {
        Tok::Op(op) => format!("`{op}`"),
        Tok::RParen => "`)`".into(),
        Tok::Comma => "`,`".into(),
        Tok::LParen => "`(`".into(),
        Tok::Ident(n) | Tok::Quoted(n) => format!("`{n}`"),
        Tok::Number(x) => format!(
            "the number {}",
            crate::core::data::cells::format_stat(*x, 12)
        ),
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
