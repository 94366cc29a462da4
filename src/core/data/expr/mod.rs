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

mod compile;
mod parse;

pub use self::compile::{compile, compile_value};
pub use self::parse::{column_ref, parse, Ast, Term, MAX_DEPTH, MAX_TOKENS};

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

pub(super) fn err<T>(position: usize, message: impl Into<String>) -> Result<T, ExprError> {
    Err(ExprError {
        message: message.into(),
        position,
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
pub fn collect(query: LazyFrame) -> PolarsResult<DataFrame> {
    match crate::core::error::catch_panic(|| query.collect()) {
        Ok(r) => r,
        Err(what) => Err(PolarsError::ComputeError(
            format!("polars failed on it ({what})").into(),
        )),
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
