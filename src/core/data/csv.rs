//! CSV: sniff the separator, then read in record-aligned blocks, each parsed by polars, with
//! line-precise errors and type widening across blocks (see `source.rs` for why).

use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::mpsc::SyncSender;

use polars::polars_utils::mmap::MMapSemaphore;

use polars::prelude::*;

use super::source::{read_up_to, LoadOptions, Loaded, OnChunk, Progress, SourceInfo};
use crate::core::error::{Error, Result};

/// Size of the first CSV block: small, so the first screen appears at once.
const FIRST_BLOCK: usize = 256 * 1024;
/// Bounds on the size of the following blocks: progress is reported after each.
const MIN_BLOCK: usize = 32 * 1024 * 1024;
const MAX_BLOCK: usize = 128 * 1024 * 1024;

/// Pick the separator among `,` `;` tab `|` that splits the first lines into the same, largest
/// number of fields. Quoted text is ignored.
pub fn sniff_delimiter(text: &[u8], prefer_tab: bool) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let lines = complete_lines(text, 30);
    let mut best = (0usize, false, b',');
    for &c in &CANDIDATES {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, c)).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first == 0 {
            continue;
        }
        let consistent = counts.iter().all(|&n| n == first);
        let better = match (consistent, best.1) {
            (true, false) => true,
            (false, true) => false,
            _ => first > best.0 || (prefer_tab && c == b'\t' && first == best.0),
        };
        if better {
            best = (first, consistent, c);
        }
    }
    best.2
}

/// Up to `max` records, split on newlines outside quotes (the last, possibly cut, one dropped
/// unless it is the only one).
fn complete_lines(text: &[u8], max: usize) -> Vec<&[u8]> {
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

fn count_outside_quotes(line: &[u8], c: u8) -> usize {
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

/// One streaming CSV load.
pub(super) struct CsvLoad<'a> {
    info: SourceInfo,
    opts: &'a LoadOptions,
    sep: u8,
    total: Option<u64>,
    /// Column names and types fixed by the first block.
    schema: Option<SchemaRef>,
    /// Lines consumed before the current block (for error messages).
    lines_before: u64,
    bytes_read: u64,
}

impl<'a> CsvLoad<'a> {
    pub(super) fn new(
        info: SourceInfo,
        opts: &'a LoadOptions,
        sep: u8,
        total: Option<u64>,
    ) -> Self {
        CsvLoad {
            info,
            opts,
            sep,
            total,
            schema: None,
            lines_before: 0,
            bytes_read: 0,
        }
    }

    fn file(&self) -> String {
        self.info.name.clone()
    }

    /// Read the whole input. A scoped helper thread reads the next piece while polars parses
    /// the current one, so the copy from the OS overlaps the parse instead of adding to it; it
    /// lives only for this call (long-lived work still starts only in `jobs.rs`).
    ///
    /// Pieces are parsed where they lie, without copying them into one buffer: each piece is cut
    /// at its first and last record ends; the record split across two pieces (the "seam") is the
    /// only text copied, and is parsed as a block of its own.
    pub(super) fn run(
        &mut self,
        head: Vec<u8>,
        reader: Box<dyn Read + Send>,
        path: Option<&Path>,
        on_chunk: &mut OnChunk<'_>,
    ) -> Result<Loaded> {
        let sizes = (FIRST_BLOCK, self.block_size());
        // A file is mapped (polars' own safe mapping, as its readers do) and parsed in place.
        if let Some(map) = path.and_then(map_file) {
            let rest = map.as_ref().get(head.len()..).unwrap_or_default();
            let pieces = slices(rest, sizes).map(Ok::<_, std::io::Error>);
            return self.run_pieces(head, pieces, on_chunk);
        }
        // A stream: a scoped helper thread reads the next piece while polars parses the current
        // one, so the copy overlaps the parse; it lives only for this call (long-lived work
        // still starts only in `jobs.rs`).
        std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel(1);
            scope.spawn(move || read_ahead(reader, sizes, tx));
            self.run_pieces(head, rx.into_iter(), on_chunk)
            // Dropping the receiver on return stops the reader at its next send.
        })
    }

    /// Parse a sequence of pieces that follow `head`, in place: each piece is cut at its first
    /// and last record ends; the record split across two pieces (the "seam") is the only text
    /// copied, and is parsed as a block of its own.
    fn run_pieces<P: AsRef<[u8]>>(
        &mut self,
        head: Vec<u8>,
        pieces: impl Iterator<Item = std::io::Result<P>>,
        on_chunk: &mut OnChunk<'_>,
    ) -> Result<Loaded> {
        let mut tail = head;
        if tail.starts_with(b"\xEF\xBB\xBF") {
            tail.drain(..3);
            self.bytes_read += 3;
        }
        let mut acc: Option<DataFrame> = None;
        for piece in pieces {
            let piece = piece.map_err(|e| Error::io(&self.info.name, None, e))?;
            let piece = piece.as_ref();
            let Some(first_end) = first_record_end(piece, quote_count(&tail) % 2 == 1) else {
                // One record longer than the piece (a long quoted field): keep gathering.
                tail.extend_from_slice(piece);
                continue;
            };
            let mut seam = std::mem::take(&mut tail);
            seam.extend_from_slice(&piece[..first_end]);
            let body = &piece[first_end..];
            let body_end = last_record_end(body).unwrap_or(0);
            for block in [&seam[..], &body[..body_end]] {
                if block.is_empty() {
                    continue;
                }
                if !self.add_block(block, &mut acc, on_chunk)? {
                    return Ok(self.loaded(acc, false));
                }
            }
            tail = body[body_end..].to_vec();
        }
        if !tail.iter().all(|b| b.is_ascii_whitespace()) || acc.is_none() {
            if quote_count(&tail) % 2 == 1 {
                return Err(self.unterminated_quote(&tail));
            }
            if !tail.is_empty() && !self.add_block(&tail, &mut acc, on_chunk)? {
                return Ok(self.loaded(acc, false));
            }
        }
        if acc.is_none() {
            return Err(Error::Empty { file: self.file() });
        }
        Ok(self.loaded(acc, true))
    }

    /// Parse one block, append it to the rows so far and report; false when told to stop.
    fn add_block(
        &mut self,
        block: &[u8],
        acc: &mut Option<DataFrame>,
        on_chunk: &mut OnChunk<'_>,
    ) -> Result<bool> {
        let frame = self.parse_block(block)?;
        self.lines_before += count_byte(block, b'\n') as u64;
        self.bytes_read += block.len() as u64;
        let frame = match acc.take() {
            None => frame,
            Some(mut a) => {
                self.stack(&mut a, frame)?;
                a
            }
        };
        let progress = Progress {
            bytes_read: self.bytes_read,
            total_bytes: self.total,
            rows: frame.height(),
        };
        let go_on = on_chunk(&self.info, &frame, progress);
        *acc = Some(frame);
        Ok(go_on)
    }

    fn loaded(&self, acc: Option<DataFrame>, complete: bool) -> Loaded {
        Loaded {
            info: self.info.clone(),
            frame: acc.unwrap_or_default(),
            complete,
        }
    }

    /// Blocks of about an eighth of the file, within bounds: fewer, larger blocks parse faster
    /// (measured: 1/6 of a 670 MB file loads ~10% faster than 1/16), and eight progress steps
    /// still show movement.
    fn block_size(&self) -> usize {
        let eighth = self.total.map_or(0, |t| (t / 8) as usize);
        eighth.clamp(MIN_BLOCK, MAX_BLOCK)
    }

    /// How polars reads `block`. Of the missing-value markers, only those that occur in the
    /// block are given: polars compares every field with every marker (a `memcmp` call for each
    /// marker of the field's length), which cost a tenth of a whole `lathe profile`, while one
    /// multi-pattern scan of the block finds which markers occur (one that does not occur
    /// anywhere in the text cannot be a field).
    fn parse_options(&self, block: &[u8]) -> CsvParseOptions {
        let markers: Vec<&str> = self
            .opts
            .null_values
            .iter()
            .filter(|s| !s.is_empty())
            .map(String::as_str)
            .collect();
        let nulls: Vec<PlSmallStr> = markers_in(&markers, block)
            .into_iter()
            .map(PlSmallStr::from)
            .collect();
        CsvParseOptions::default()
            .with_separator(self.sep)
            .with_null_values((!nulls.is_empty()).then_some(NullValues::AllColumns(nulls)))
            .with_missing_is_null(self.opts.null_values.iter().any(|s| s.is_empty()))
            .with_try_parse_dates(true)
            .with_decimal_comma(self.opts.decimal_comma)
    }

    fn parse_block(&mut self, block: &[u8]) -> Result<DataFrame> {
        // polars 0.55's parser slices a field that is a lone opening quote at the end of its
        // input as `1..0`, out of bounds (undefined behaviour in a release build): such a
        // block ends inside a quoted field, which is what it is said to be.
        if ends_in_lone_quote(block, self.sep) {
            let line = self.lines_before + count_byte(block, b'\n') as u64 + 1;
            return Err(Error::UnterminatedQuote {
                file: self.file(),
                line: line.saturating_sub(u64::from(block.ends_with(b"\n"))),
            });
        }
        let result = self.parse_valid_block(block);
        // polars rejects invalid UTF-8 itself; only then is it worth a pass to find the line.
        if result.is_err() {
            if let Err(e) = std::str::from_utf8(block) {
                let at = e.valid_up_to();
                return Err(Error::InvalidUtf8 {
                    file: self.file(),
                    line: self.lines_before + count_byte(&block[..at], b'\n') as u64 + 1,
                    byte: block[at],
                });
            }
        }
        result
    }

    fn parse_valid_block(&mut self, block: &[u8]) -> Result<DataFrame> {
        let first = self.schema.is_none();
        let expected = if first {
            let header = self.header_fields(block)?;
            header.len()
        } else {
            self.schema.as_ref().map_or(0, |s| s.len())
        };
        // Diagnosing ragged rows costs a pass over the block, so it runs only when polars fails
        // (it does on a row with too many fields) to turn its message into a line number.
        let read = |schema: Option<SchemaRef>, has_header: bool| {
            CsvReadOptions::default()
                .with_has_header(has_header)
                .with_schema(schema)
                .with_parse_options(self.parse_options(block))
                .into_reader_with_file_handle(Cursor::new(block))
                .finish()
        };
        if first {
            let df = self
                .read_first_block(block)
                .map_err(|e| self.find_ragged(block, expected).unwrap_or(e))?;
            // A header and no rows is a schema: it loads as 0 rows with its columns (as pandas
            // and polars read it), so the user sees what the file would hold.
            self.schema = Some(df.schema().clone());
            return Ok(df);
        }
        let schema = self.schema.clone();
        match read(schema.clone(), false) {
            Ok(df) => Ok(df),
            Err(_) => {
                if let Some(err) = self.find_ragged(block, expected) {
                    return Err(err);
                }
                // A value that does not fit a type inferred from the first block: read this block
                // as text, then give each column the narrowest type that holds all of it.
                let schema = schema.expect("later blocks have a schema");
                let text: Schema = schema
                    .iter()
                    .map(|(n, _)| Field::new(n.clone(), DataType::String))
                    .collect();
                let df = read(Some(Arc::new(text)), false).map_err(|e| self.malformed(e))?;
                let cols: Vec<Column> = df
                    .columns()
                    .iter()
                    .zip(schema.iter())
                    .map(|(c, (_, dt))| narrowest_cast(c, dt))
                    .collect();
                DataFrame::new(df.height(), cols).map_err(|e| self.malformed(e))
            }
        }
    }

    /// Read the first block, inferring types from all of its rows (it is small). If polars'
    /// inference fails (say a column with dates in two formats), retry without date parsing, and
    /// last read everything as text and give each column the narrowest type that holds it.
    fn read_first_block(&self, block: &[u8]) -> Result<DataFrame> {
        let read = |schema: Option<SchemaRef>, dates: bool| {
            CsvReadOptions::default()
                .with_has_header(self.opts.has_header)
                .with_infer_schema_length(Some(1000))
                .with_schema(schema)
                .with_parse_options(self.parse_options(block).with_try_parse_dates(dates))
                .into_reader_with_file_handle(Cursor::new(block))
                .finish()
        };
        if let Ok(df) = read(None, true).or_else(|_| read(None, false)) {
            return Ok(df);
        }
        let names = self.header_fields(block)?;
        let text: Schema = names
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let name = if self.opts.has_header {
                    n.clone()
                } else {
                    format!("column_{}", i + 1)
                };
                Field::new(name.into(), DataType::String)
            })
            .collect();
        let df = read(Some(Arc::new(text)), false).map_err(|e| self.malformed(e))?;
        let cols: Vec<Column> = df
            .columns()
            .iter()
            .map(|c| narrowest_cast(c, &DataType::Int64))
            .collect();
        DataFrame::new(df.height(), cols).map_err(|e| self.malformed(e))
    }

    /// Append `next` to `acc`, widening column types on either side where they differ.
    fn stack(&mut self, acc: &mut DataFrame, next: DataFrame) -> Result<()> {
        let mut next = next;
        if acc.schema() != next.schema() {
            let mut widened: Vec<(usize, DataType)> = Vec::new();
            for (i, (a, b)) in acc.columns().iter().zip(next.columns()).enumerate() {
                if a.dtype() != b.dtype() {
                    widened.push((i, wider(a.dtype(), b.dtype())));
                }
            }
            let recast = |df: &DataFrame| -> PolarsResult<DataFrame> {
                let mut cols = df.columns().to_vec();
                for (i, dt) in &widened {
                    cols[*i] = cols[*i].cast(dt)?;
                }
                DataFrame::new(df.height(), cols)
            };
            *acc = recast(acc).map_err(|e| self.malformed(e))?;
            next = recast(&next).map_err(|e| self.malformed(e))?;
            self.schema = Some(acc.schema().clone());
        }
        acc.vstack_mut_owned(next).map_err(|e| self.malformed(e))?;
        Ok(())
    }

    /// Split the header line into names, rejecting duplicates. Without a header, count fields.
    fn header_fields(&self, block: &[u8]) -> Result<Vec<String>> {
        let line = first_record(block);
        let fields = split_record(line, self.sep);
        if self.opts.has_header {
            for (i, name) in fields.iter().enumerate() {
                if let Some(j) = fields[..i].iter().position(|n| n == name) {
                    return Err(Error::DuplicateColumn {
                        file: self.file(),
                        name: name.clone(),
                        first: j + 1,
                        second: i + 1,
                    });
                }
            }
        }
        Ok(fields)
    }

    /// The first record with more fields than the header, as pandas reports it. Records with
    /// fewer fields are kept, the missing ones null.
    fn find_ragged(&self, block: &[u8], expected: usize) -> Option<Error> {
        let mut line = self.lines_before + 1;
        let mut record_line = line;
        let mut fields = 1;
        let mut in_quote = false;
        let mut empty = true;
        for &b in block {
            if b == b'"' {
                in_quote = !in_quote;
                empty = false;
            } else if b == b'\n' {
                line += 1;
                if !in_quote {
                    if fields > expected && !empty {
                        return Some(Error::RaggedRow {
                            file: self.file(),
                            line: record_line,
                            expected,
                            found: fields,
                        });
                    }
                    fields = 1;
                    empty = true;
                    record_line = line;
                }
            } else if b == self.sep && !in_quote {
                fields += 1;
                empty = false;
            } else if b != b'\r' {
                empty = false;
            }
        }
        (fields > expected && !empty).then(|| Error::RaggedRow {
            file: self.file(),
            line: record_line,
            expected,
            found: fields,
        })
    }

    fn unterminated_quote(&self, block: &[u8]) -> Error {
        let mut line = self.lines_before + 1;
        let mut open_line = line;
        let mut in_quote = false;
        for &b in block {
            if b == b'"' {
                in_quote = !in_quote;
                if in_quote {
                    open_line = line;
                }
            } else if b == b'\n' {
                line += 1;
            }
        }
        Error::UnterminatedQuote {
            file: self.file(),
            line: open_line,
        }
    }

    fn malformed(&self, e: PolarsError) -> Error {
        Error::Malformed {
            file: self.file(),
            format: "CSV",
            detail: e.to_string(),
        }
    }
}

/// The helper thread: read a small first piece (a fast first screen), then pieces of the block
/// size, until the input ends or the receiver is gone.
fn read_ahead(
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
fn map_file(path: &Path) -> Option<MMapSemaphore> {
    let file = std::fs::File::open(path).ok()?;
    MMapSemaphore::new_from_file(&file).ok()
}

/// `bytes` in consecutive slices: the first of `first` bytes, then of `size`.
fn slices(bytes: &[u8], (first, size): (usize, usize)) -> impl Iterator<Item = &[u8]> {
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
fn ends_in_lone_quote(block: &[u8], sep: u8) -> bool {
    let trimmed = block.trim_ascii_end();
    match trimmed {
        [.., before, b'"'] => matches!(*before, b'\n' | b'\r') || *before == sep,
        [b'"'] => true,
        _ => false,
    }
}

/// The end (exclusive) of the first record ending in `piece`, which starts inside a quoted field
/// when `in_quote`.
fn first_record_end(piece: &[u8], mut in_quote: bool) -> Option<usize> {
    for i in memchr::memchr2_iter(b'"', b'\n', piece) {
        if piece[i] == b'"' {
            in_quote = !in_quote;
        } else if !in_quote {
            return Some(i + 1);
        }
    }
    None
}

fn quote_count(bytes: &[u8]) -> usize {
    count_byte(bytes, b'"')
}

/// Occurrences of one byte. Counting into `u8`s over runs of 255 bytes lets the compiler use
/// wide SIMD lanes; much faster than an iterator over matches when matches are frequent.
fn count_byte(bytes: &[u8], byte: u8) -> usize {
    bytes
        .chunks(255)
        .map(|run| run.iter().map(|&b| u8::from(b == byte)).sum::<u8>() as usize)
        .sum()
}

/// The end (exclusive) of the last complete record in `buf`: just after a newline with an even
/// number of quotes before it.
fn last_record_end(buf: &[u8]) -> Option<usize> {
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

fn first_record(block: &[u8]) -> &[u8] {
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
fn split_record(line: &[u8], sep: u8) -> Vec<String> {
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

/// The type two blocks' versions of one column can share.
fn wider(a: &DataType, b: &DataType) -> DataType {
    match (a, b) {
        (DataType::Null, x) | (x, DataType::Null) => x.clone(),
        (x, y) if x.is_integer() && y.is_integer() => DataType::Int64,
        (x, y) if x.is_primitive_numeric() && y.is_primitive_numeric() => DataType::Float64,
        _ => DataType::String,
    }
}

/// Cast a text column to `target` if every value fits, else to the narrowest type that holds
/// them all (integer -> float -> string).
fn narrowest_cast(col: &Column, target: &DataType) -> Column {
    let mut tries = vec![target.clone()];
    if target.is_integer() {
        tries.push(DataType::Float64);
    }
    tries
        .iter()
        .find_map(|dt| cast_text(col, dt))
        .unwrap_or_else(|| col.clone())
}

/// Parse a text column as `target` if every non-null value parses (dates in the first value's
/// ISO-like format); `None` if any does not.
pub(super) fn cast_text(col: &Column, target: &DataType) -> Option<Column> {
    let text = col.str().ok()?;
    let out = match target {
        DataType::String => return Some(col.clone()),
        DataType::Date => text.as_date(None, false).ok()?.into_column(),
        DataType::Datetime(tu, _) => {
            let ambiguous = StringChunked::from_slice("".into(), &["raise"]);
            text.as_datetime(None, *tu, false, false, None, &ambiguous)
                .ok()?
                .into_column()
        }
        dt => col.strict_cast(dt).ok()?,
    };
    (out.null_count() == col.null_count()).then(|| out.with_name(col.name().clone()))
}

/// The markers that occur somewhere in `text`, in their order.
fn markers_in<'m>(markers: &[&'m str], text: &[u8]) -> Vec<&'m str> {
    // A large block is searched in pieces on every core (each piece reaching into the next by
    // the longest marker, less a byte, so a marker across the cut is seen): searching a 870 MB
    // file marker by marker took half a second before polars parsed any of it.
    const PIECE: usize = 16 * 1024 * 1024;
    let longest = markers.iter().map(|m| m.len()).max().unwrap_or(0);
    let pieces = text.len().div_ceil(PIECE).max(1);
    let found: Vec<Vec<&'m str>> = crate::core::num::parallel::parallel_map(pieces, |i| {
        let start = i * PIECE;
        let end = (start + PIECE + longest.saturating_sub(1)).min(text.len());
        markers_in_piece(markers, &text[start.min(end)..end])
    });
    markers
        .iter()
        .copied()
        .filter(|m| found.iter().any(|f| f.contains(m)))
        .collect()
}

/// The markers `text` holds, in one multi-pattern scan (SIMD where the CPU has it) for the
/// leftmost occurrence of any marker not yet found; a found marker leaves the set and the scan
/// goes on from where it began (overlapping markers are each found).
fn markers_in_piece<'m>(markers: &[&'m str], text: &[u8]) -> Vec<&'m str> {
    let mut left: Vec<&'m str> = markers.iter().copied().filter(|m| !m.is_empty()).collect();
    let mut found: Vec<&'m str> = Vec::new();
    let mut from = 0;
    while !left.is_empty() {
        let Ok(searcher) = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&left)
        else {
            // Not for a few short markers; were it to happen, passing polars a marker the
            // text lacks costs only time.
            found.append(&mut left);
            break;
        };
        let Some(m) = searcher.find(&text[from..]) else {
            break;
        };
        found.push(left.remove(m.pattern().as_usize()));
        from += m.start();
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_markers_a_block_holds_are_given() {
        let markers = ["NA", "N/A", "null", "nan"];
        assert_eq!(
            markers_in(&markers, b"a,b\nNA,1\nx,nan\n"),
            vec!["NA", "nan"]
        );
        // Overlapping markers are each found.
        assert_eq!(markers_in(&["N/A", "/A"], b"N/A"), vec!["N/A", "/A"]);
        assert!(markers_in(&markers, b"a,b\n1,2\n").is_empty());
        assert!(markers_in(&[], b"NA").is_empty());
        // Across the cut between two pieces searched apart, and at the very end.
        let mut big = vec![b'x'; 16 * 1024 * 1024 - 2];
        big.extend_from_slice(b"N/A,1\n");
        big.extend(std::iter::repeat_n(b'y', 100));
        big.extend_from_slice(b"null");
        assert_eq!(
            markers_in(&["NA", "N/A", "null", "nan"], &big),
            vec!["N/A", "null"]
        );
    }

    #[test]
    fn sniffs_each_delimiter() {
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n", false), b',');
        assert_eq!(sniff_delimiter(b"a;b;c\n1,5;2;3\n", false), b';');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n", false), b'\t');
        assert_eq!(sniff_delimiter(b"a|b\n1|2\n", false), b'|');
        assert_eq!(sniff_delimiter(b"\"x,y\";b\n\"1,2\";3\n", false), b';');
        assert_eq!(sniff_delimiter(b"single\n1\n", false), b',');
    }

    #[test]
    fn record_end_skips_newlines_inside_quotes() {
        assert_eq!(last_record_end(b"a,b\n1,\"x\ny\"\n2,"), Some(12));
        assert_eq!(last_record_end(b"a,b\n1,\"x\ny"), Some(4));
        assert_eq!(last_record_end(b"a,\"b\nc"), None);
        assert_eq!(first_record_end(b"x\"\ny\"\nz", false), Some(6));
        assert_eq!(first_record_end(b"x\"\ny\"\nz", true), Some(3));
        assert_eq!(first_record_end(b"no newline", false), None);
    }

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(
            split_record(b"a,\"b,c\",\"d\"\"e\"\r", b','),
            vec!["a", "b,c", "d\"e"]
        );
    }
}
