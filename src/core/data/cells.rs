//! Turn one value of a frame into the text a person reads. Shared by the table, the columns pane,
//! the cell popup and the headless output, so every view prints a value the same way.

use polars::prelude::*;

/// The text of one value, or `None` for a null.
///
/// Floats print in their shortest exact form with a decimal point (`3750.0`, `0.1`, `1e20`), like
/// pandas and Python show them.
pub fn format_value(v: &AnyValue<'_>) -> Option<String> {
    Some(match v {
        AnyValue::Null => return None,
        AnyValue::String(s) => s.to_string(),
        AnyValue::StringOwned(s) => s.to_string(),
        AnyValue::Float64(x) => format_float(*x),
        AnyValue::Float32(x) => format_float(*x as f64),
        AnyValue::Boolean(b) => b.to_string(),
        // polars panics formatting a date or time chrono cannot hold (a damaged file's, say).
        AnyValue::Datetime(v, unit, _) | AnyValue::DatetimeOwned(v, unit, _)
            if !within_calendar(*v as i128 * unit_ms(*unit).0 / unit_ms(*unit).1) =>
        {
            format!("{v} {} (beyond the calendar)", unit_name(*unit))
        }
        AnyValue::Date(days) if !within_calendar(*days as i128 * 86_400_000) => {
            format!("{days} days (beyond the calendar)")
        }
        AnyValue::Time(ns) if !(0..86_400_000_000_000).contains(ns) => {
            format!("{ns} ns (not a time of day)")
        }
        other => other.to_string(),
    })
}

/// Whether milliseconds from 1970 fall within the years chrono holds (±262,000; some margin).
fn within_calendar(ms: i128) -> bool {
    ms.abs() < 8_000_000_000_000_000
}

/// A time unit as a fraction of a millisecond (numerator, denominator).
fn unit_ms(unit: TimeUnit) -> (i128, i128) {
    match unit {
        TimeUnit::Nanoseconds => (1, 1_000_000),
        TimeUnit::Microseconds => (1, 1_000),
        TimeUnit::Milliseconds => (1, 1),
    }
}

fn unit_name(unit: TimeUnit) -> &'static str {
    match unit {
        TimeUnit::Nanoseconds => "ns",
        TimeUnit::Microseconds => "µs",
        TimeUnit::Milliseconds => "ms",
    }
}

/// Shortest round-trip form, always with a `.` or an exponent so a float never reads as an integer.
pub fn format_float(x: f64) -> String {
    format!("{x:?}")
}

/// A statistic for display: integers without decimals, others with up to `digits` significant
/// digits, trailing zeros trimmed.
pub fn format_stat(x: f64, digits: usize) -> String {
    if !x.is_finite() {
        return format_float(x);
    }
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let magnitude = if x == 0.0 {
        0
    } else {
        x.abs().log10().floor() as i32
    };
    if !(-4..15).contains(&magnitude) {
        let s = format!("{:.*e}", digits.saturating_sub(1), x);
        return match s.split_once('e') {
            Some((m, e)) if m.contains('.') => {
                format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.'))
            }
            _ => s,
        };
    }
    let decimals = (digits as i32 - 1 - magnitude).max(0) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// [`format_stat`] with as many of `digits` significant digits as fit in `width` columns, so a
/// narrow cell shows `-9.125e-17` rather than `-9.12496…` (a cut number reads as another
/// number). Below one digit it still fits nothing; the caller cuts it.
pub fn format_stat_within(x: f64, digits: usize, width: usize) -> String {
    let mut d = digits.max(1);
    loop {
        let s = format_stat(x, d);
        if s.chars().count() <= width || d == 1 {
            return s;
        }
        d -= 1;
    }
}

/// `1234567` -> `1,234,567`.
pub fn group_thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Whether a column holds numbers (integers or floats; not booleans).
pub fn is_numeric(dtype: &DataType) -> bool {
    dtype.is_primitive_numeric()
}

/// `n` things, grouped by thousands and singular for one: `1 cell`, `1,234 rows`.
pub fn count(n: usize, thing: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{} {thing}{s}", group_thousands(n))
}

/// Names joined by commas, the first `n` of them and `and 4 more` for the rest.
pub fn truncate_list(names: &[&str], n: usize) -> String {
    if names.len() <= n {
        return names.join(", ");
    }
    format!("{}, and {} more", names[..n].join(", "), names.len() - n)
}

/// Headers of at most `width` columns for a grid whose rows are the same names: the names when
/// they all fit, else their numbers from 1 (and `true`: the rows then carry the numbers, see
/// [`numbered`]), so a header is never cut (nine columns once all read `mean …`).
pub fn grid_headers(names: &[String], width: usize) -> (Vec<String>, bool) {
    let fit = names.iter().all(|n| display_width(n) <= width);
    if fit || names.len().to_string().len() > width {
        (names.iter().map(|n| truncate(n, width)).collect(), false)
    } else {
        ((1..=names.len()).map(|i| i.to_string()).collect(), true)
    }
}

/// A row label carrying its column's number (`3 mean area`), numbers right-aligned over `of`.
pub fn numbered(i: usize, name: &str, of: usize) -> String {
    format!("{:>w$} {name}", i + 1, w = of.to_string().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_headers_number_the_columns_when_a_name_would_be_cut() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let (h, n) = grid_headers(&names(&["age", "income", "height"]), 6);
        assert_eq!((h, n), (names(&["age", "income", "height"]), false));
        let (h, n) = grid_headers(&names(&["flipper_len", "mass", "bill"]), 6);
        assert_eq!((h, n), (names(&["1", "2", "3"]), true));
        let (h, n) = grid_headers(&names(&["mean radius", "mean texture", "worst radius"]), 6);
        assert_eq!((h, n), (names(&["1", "2", "3"]), true));
        assert_eq!(numbered(2, "worst radius", 30), " 3 worst radius");
    }

    #[test]
    fn floats_keep_a_decimal_point() {
        assert_eq!(format_float(3750.0), "3750.0");
        assert_eq!(format_float(0.1), "0.1");
        assert_eq!(format_float(1e20), "1e20");
        assert_eq!(format_value(&AnyValue::Null), None);
        assert_eq!(format_value(&AnyValue::Int64(-3)).unwrap(), "-3");
    }

    #[test]
    fn stats_are_short() {
        assert_eq!(format_stat(43.921_929_824_561_4, 4), "43.92");
        assert_eq!(format_stat(4201.0, 4), "4201");
        assert_eq!(format_stat(0.000123456, 3), "0.000123");
        assert_eq!(format_stat(-2.5, 4), "-2.5");
        assert_eq!(format_stat(1.5e20, 3), "1.5e20");
        assert_eq!(format_stat(-2e300, 6), "-2e300");
        assert_eq!(format_stat(1.23456e-7, 3), "1.23e-7");
        assert_eq!(group_thousands(1234567), "1,234,567");
        assert_eq!(group_thousands(999), "999");
        // Fewer digits, not a cut, in a narrow cell (diabetes' mean age, about -9e-17).
        assert_eq!(format_stat(-9.124_960_5e-17, 6), "-9.12496e-17");
        assert_eq!(format_stat_within(-9.124_960_5e-17, 6, 9), "-9.12e-17");
        assert_eq!(format_stat_within(-0.107_225_98, 6, 9), "-0.107226");
        assert_eq!(format_stat_within(-0.107_225_98, 6, 8), "-0.10723");
        assert_eq!(
            format_stat_within(-2e300, 6, 3),
            "-2e300",
            "one digit is the least"
        );
    }
}

/// Make a value printable on one terminal line: newlines, tabs and other control characters are
/// replaced by visible marks so they cannot break the table's rows.
pub fn one_line(s: &str) -> String {
    s.chars()
        .filter(|&c| c != '\r')
        .map(|c| match c {
            '\n' => '↵',
            '\t' => '→',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Display width in terminal cells (CJK and most emoji take two).
pub fn display_width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `width` cells, ending in `…` when cut. A wide character that would
/// straddle the edge is dropped rather than split, so columns stay aligned.
pub fn truncate(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod text_tests {
    use super::*;

    #[test]
    fn truncation_respects_wide_characters() {
        assert_eq!(truncate("hello world", 6), "hello…");
        assert_eq!(truncate("short", 10), "short");
        // Each CJK character is two cells wide: 4 cells of text + the ellipsis.
        assert_eq!(truncate("日本語のテキスト", 6), "日本…");
        assert_eq!(display_width(&truncate("日本語のテキスト", 6)), 5);
        assert_eq!(display_width(&truncate("🐧🐧🐧", 4)), 3);
        assert_eq!(one_line("a\nb\tc\r"), "a↵b→c");
    }
}

/// The dtype as lathe names it (polars' short names: `i64`, `f64`, `str`, `date`, ...).
pub fn dtype_name(dtype: &DataType) -> String {
    dtype.to_string()
}
