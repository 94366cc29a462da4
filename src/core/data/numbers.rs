//! Text to numbers, as people write them. The `parse_numbers` step and the quality warning that
//! suggests it read text the same way.

/// Numbers as people write them: `1,234.5`, `$12`, `45%` (0.45), `(12)` (-12), ` 7 `, and with
/// a decimal comma `1.234,5`. `None` for anything else.
pub fn parse_number(text: &str, decimal_comma: bool) -> Option<f64> {
    let mut t = text.trim().to_string();
    if t.is_empty() {
        return None;
    }
    let mut negative = false;
    if t.starts_with('(') && t.ends_with(')') {
        negative = true;
        t = t[1..t.len() - 1].trim().to_string();
    }
    let percent = t.ends_with('%');
    if percent {
        t.pop();
    }
    let t: String = t
        .trim()
        .trim_start_matches(['$', '€', '£', '¥'])
        .trim_end_matches(['$', '€', '£', '¥'])
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\'' && *c != '_')
        .collect();
    let (group, decimal) = if decimal_comma {
        ('.', ',')
    } else {
        (',', '.')
    };
    let (int, frac) = match t.split_once(decimal) {
        Some((i, f)) => (i, Some(f)),
        None => (t.as_str(), None),
    };
    let (sign, digits) = match int.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", int.strip_prefix('+').unwrap_or(int)),
    };
    let groups: Vec<&str> = digits.split(group).collect();
    let grouped_ok = groups.len() == 1
        || ((1..=3).contains(&groups[0].len()) && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_ok
        || groups
            .iter()
            .any(|g| !g.bytes().all(|b| b.is_ascii_digit()))
    {
        // Not a plain grouped number: let Rust's parser judge (exponents, inf).
        let plain = if decimal_comma {
            t.replace(',', ".")
        } else {
            t.clone()
        };
        return plain
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .map(|x| finish(x, negative, percent));
    }
    let mut s = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.push('.');
        s.push_str(f);
    }
    let x: f64 = s.parse().ok()?;
    Some(finish(x, negative, percent))
}

fn finish(x: f64, negative: bool, percent: bool) -> f64 {
    let x = if negative { -x } else { x };
    if percent {
        x / 100.0
    } else {
        x
    }
}
