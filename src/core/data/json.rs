//! JSON and NDJSON checks before polars reads them, and integers beyond 64 bits read as floats
//! (as pandas does) instead of an error.

use super::source::strip_bom;
use crate::core::error::{Error, Result};

/// Find the line and column of a JSON syntax error (polars' own messages do not say where).
pub(super) fn check_json(file: &str, bytes: &[u8]) -> Result<()> {
    match serde_json::from_slice::<serde::de::IgnoredAny>(strip_bom(bytes)) {
        Ok(_) => Ok(()),
        Err(e) => Err(Error::MalformedJsonLine {
            file: file.to_string(),
            line: e.line() as u64,
            detail: format!("{} at column {}", strip_position(&e), e.column()),
        }),
    }
}

pub(super) fn check_json_lines(file: &str, bytes: &[u8]) -> Result<()> {
    for (i, line) in strip_bom(bytes).split(|&b| b == b'\n').enumerate() {
        if line.iter().all(|b| b.is_ascii_whitespace()) {
            continue;
        }
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(line) {
            return Err(Error::MalformedJsonLine {
                file: file.to_string(),
                line: i as u64 + 1,
                detail: format!("{} at column {}", strip_position(&e), e.column()),
            });
        }
    }
    Ok(())
}

/// JSON text with every integer literal outside the 64-bit range written as a float
/// (`123456789012345678901234` becomes `123456789012345678901234.0`); other bytes unchanged.
pub(super) fn widen_big_integers(bytes: Vec<u8>) -> Vec<u8> {
    let mut out: Option<Vec<u8>> = None;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if b == b'-' || b.is_ascii_digit() {
            let start = i;
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let fraction = i < bytes.len() && matches!(bytes[i], b'.' | b'e' | b'E');
            let digits = &bytes[start..i];
            let fits = std::str::from_utf8(digits)
                .ok()
                .is_some_and(|t| t.parse::<i64>().is_ok() || t == "-");
            if !fraction && !fits {
                let o = out.get_or_insert_with(|| Vec::with_capacity(bytes.len() + 16));
                o.extend_from_slice(&bytes[copied..i]);
                o.extend_from_slice(b".0");
                copied = i;
            }
            // Skip the rest of the number (fraction, exponent).
            while i < bytes.len()
                && matches!(bytes[i], b'.' | b'e' | b'E' | b'+' | b'-' | b'0'..=b'9')
            {
                i += 1;
            }
            continue;
        }
        i += 1;
    }
    match out {
        Some(mut o) => {
            o.extend_from_slice(&bytes[copied..]);
            o
        }
        None => bytes,
    }
}

/// serde_json appends " at line L column C" to its messages; we say that ourselves.
pub(super) fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}
