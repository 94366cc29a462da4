//! Record boundaries in raw CSV bytes: where a record ends (outside quotes), how a file is cut
//! into pieces (mapped or read ahead on a helper thread), and the first record's fields.

use std::io::Read;
use std::path::Path;
use std::sync::mpsc::SyncSender;

use polars::polars_utils::mmap::MMapSemaphore;

use super::super::source::read_up_to;

/// Up to `max` records, split on newlines outside quotes (the last, possibly cut, one dropped
/// unless it is the only one).
pub(super) fn complete_lines(text: &[u8], max: usize) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    for (i, &b) in text.iter().enumerate() {
        match b {
            b'"' => in_quote = !in_quote,
            b'\n' if !in_quote => {
                let line = &text[start..i];
                if !line.iter().all(|b| b.is_ascii_whitespace()) {
                    lines.push(line);
                }
                start = i + 1;
                if lines.len() == max {
                    return lines;
                }
            }
            _ => {}
        }
    }
    if lines.is_empty() && start < text.len() {
        lines.push(&text[start..]);
    }
    lines
}

pub(super) fn count_outside_quotes(line: &[u8], c: u8) -> usize {
    let mut in_quote = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            in_quote = !in_quote;
        } else if b == c && !in_quote {
            n += 1;
        }
    }
    n
}

/// The helper thread: read a small first piece (a fast first screen), then pieces of the block
/// size, until the input ends or the receiver is gone.
pub(super) fn read_ahead(
    mut reader: Box<dyn Read + Send>,
    (first, size): (usize, usize),
    tx: SyncSender<std::io::Result<Vec<u8>>>,
) {
    let mut want = first;
    loop {
        let mut piece = Vec::with_capacity(want);
        match read_up_to(&mut reader, &mut piece, want) {
            Ok(0) => return,
            Ok(_) => {
                if tx.send(Ok(piece)).is_err() {
                    return;
                }
            }
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        }
        want = size;
    }
}

/// Map a file read-only with polars' mapping (which also keeps polars' writers off it while
/// mapped); `None` if it cannot be mapped, and the caller streams it instead.
pub(super) fn map_file(path: &Path) -> Option<MMapSemaphore> {
    let file = std::fs::File::open(path).ok()?;
    MMapSemaphore::new_from_file(&file).ok()
}

/// `bytes` in consecutive slices: the first of `first` bytes, then of `size`.
pub(super) fn slices(bytes: &[u8], (first, size): (usize, usize)) -> impl Iterator<Item = &[u8]> {
    let mut at = 0;
    let mut want = first;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let end = (at + want).min(bytes.len());
        let piece = &bytes[at..end];
        at = end;
        want = size;
        Some(piece)
    })
}

/// Whether the last field of `block` (line ends aside) is a lone `"`: a quoted field opened at
/// the very end.
pub(super) fn ends_in_lone_quote(block: &[u8], sep: u8) -> bool {
    let trimmed = block.trim_ascii_end();
    match trimmed {
        [.., before, b'"'] => matches!(*before, b'\n' | b'\r') || *before == sep,
        [b'"'] => true,
        _ => false,
    }
}

/// The end (exclusive) of the first record ending in `piece`, which starts inside a quoted field
/// when `in_quote`.
pub(super) fn first_record_end(piece: &[u8], mut in_quote: bool) -> Option<usize> {
    for i in memchr::memchr2_iter(b'"', b'\n', piece) {
        if piece[i] == b'"' {
            in_quote = !in_quote;
        } else if !in_quote {
            return Some(i + 1);
        }
    }
    None
}

pub(super) fn quote_count(bytes: &[u8]) -> usize {
    count_byte(bytes, b'"')
}

/// Occurrences of one byte. Counting into `u8`s over runs of 255 bytes lets the compiler use
/// wide SIMD lanes; much faster than an iterator over matches when matches are frequent.
pub(super) fn count_byte(bytes: &[u8], byte: u8) -> usize {
    bytes
        .chunks(255)
        .map(|run| run.iter().map(|&b| u8::from(b == byte)).sum::<u8>() as usize)
        .sum()
}

/// The end (exclusive) of the last complete record in `buf`: just after a newline with an even
/// number of quotes before it.
pub(super) fn last_record_end(buf: &[u8]) -> Option<usize> {
    let total = quote_count(buf);
    let mut after = 0usize;
    let mut end = buf.len();
    while let Some(i) = memchr::memrchr2(b'"', b'\n', &buf[..end]) {
        if buf[i] == b'"' {
            after += 1;
        } else if (total - after).is_multiple_of(2) {
            return Some(i + 1);
        }
        end = i;
    }
    None
}

pub(super) fn first_record(block: &[u8]) -> &[u8] {
    let mut in_quote = false;
    for (i, &b) in block.iter().enumerate() {
        match b {
            b'"' => in_quote = !in_quote,
            b'\n' if !in_quote => return &block[..i],
            _ => {}
        }
    }
    block
}

/// Split one CSV record into unquoted field texts.
pub(super) fn split_record(line: &[u8], sep: u8) -> Vec<String> {
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let mut fields = Vec::new();
    let mut cur = Vec::new();
    let mut in_quote = false;
    let mut i = 0;
    while i < line.len() {
        let b = line[i];
        if b == b'"' {
            if in_quote && line.get(i + 1) == Some(&b'"') {
                cur.push(b'"');
                i += 1;
            } else {
                in_quote = !in_quote;
            }
        } else if b == sep && !in_quote {
            fields.push(String::from_utf8_lossy(&cur).into_owned());
            cur.clear();
        } else {
            cur.push(b);
        }
        i += 1;
    }
    fields.push(String::from_utf8_lossy(&cur).into_owned());
    fields
}
