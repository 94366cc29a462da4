//! Open a dataset: sniff the format from content and extension, the CSV dialect, and read it into a
//! `DataFrame` in chunks, reporting progress after each chunk and stopping when asked to.
//!
//! CSV is read in record-aligned blocks (first a small one, so the first screen of rows arrives in
//! milliseconds, then large ones) and each block is parsed by polars. Doing the blocking ourselves
//! buys three things polars' one-shot reader lacks: progress, cancellation that keeps what was read,
//! and precise errors (line numbers for ragged rows, open quotes and bad UTF-8). A column whose
//! type was inferred from the first block but does not fit a later value is widened (int -> float
//! -> string) instead of failing the load.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::error::{Error, Result};

/// The missing-value spellings that load as null unless `--null-values` replaces them.
pub const DEFAULT_NULL_VALUES: &[&str] =
    &["", "NA", "N/A", "null", "NULL", "NaN", "None", "n/a", "nan"];

/// Size of the first CSV block: small, so the first screen appears at once.
const FIRST_BLOCK: usize = 256 * 1024;
/// Size of the following CSV blocks.
const BLOCK: usize = 32 * 1024 * 1024;
/// Rows read up front from columnar formats before the full read.
const HEAD_ROWS: usize = 1_000;
/// Bytes looked at to sniff the format and dialect.
const SNIFF_BYTES: usize = 64 * 1024;

/// Where the data comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Path(PathBuf),
    Stdin,
    /// The sample compiled into the binary, opened when no file is given.
    Sample,
}

/// The bundled sample (`sample_data/penguins.csv`).
const SAMPLE: &[u8] = include_bytes!("../../sample_data/penguins.csv");
const SAMPLE_NAME: &str = "penguins.csv (bundled sample)";

impl Input {
    /// `-` means standard input.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }

    /// The name shown to the user.
    pub fn display_name(&self) -> String {
        match self {
            Input::Path(p) => p.display().to_string(),
            Input::Stdin => "<stdin>".to_string(),
            Input::Sample => SAMPLE_NAME.to_string(),
        }
    }

    fn extension(&self) -> Option<String> {
        match self {
            Input::Path(p) => p
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase()),
            Input::Stdin | Input::Sample => None,
        }
    }

    /// Check that the input can be opened at all (exists, is a file, is readable) without reading it.
    pub fn check(&self) -> Result<()> {
        match self {
            Input::Stdin | Input::Sample => Ok(()),
            Input::Path(p) => {
                let name = self.display_name();
                let meta = std::fs::metadata(p).map_err(|e| Error::io(&name, Some(p), e))?;
                if meta.is_dir() {
                    return Err(Error::IsDirectory { file: name });
                }
                std::fs::File::open(p).map_err(|e| Error::io(&name, Some(p), e))?;
                Ok(())
            }
        }
    }
}

/// A file format lathe reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Parquet,
    Json,
    NdJson,
    Ipc,
}

impl Format {
    /// Short label for the status bar and `profile` output. Tab-separated CSV says "TSV".
    pub fn label(self, delimiter: Option<u8>) -> &'static str {
        match self {
            Format::Csv if delimiter == Some(b'\t') => "TSV",
            Format::Csv => "CSV",
            Format::Parquet => "Parquet",
            Format::Json => "JSON",
            Format::NdJson => "NDJSON",
            Format::Ipc => "Arrow IPC",
        }
    }
}

/// How to read the input. The defaults suit most files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadOptions {
    /// CSV field separator; sniffed among `,` `;` tab `|` when `None`.
    pub delimiter: Option<u8>,
    /// Whether the first CSV line names the columns.
    pub has_header: bool,
    /// Cell texts that mean "missing".
    pub null_values: Vec<String>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            delimiter: None,
            has_header: true,
            null_values: DEFAULT_NULL_VALUES.iter().map(|s| s.to_string()).collect(),
        }
    }
}

impl LoadOptions {
    /// Parse a `--delimiter` argument: one character, or the words `tab`/`\t`.
    pub fn parse_delimiter(arg: &str) -> Result<u8> {
        match arg {
            "\\t" | "tab" | "\t" => Ok(b'\t'),
            s if s.len() == 1 && s.is_ascii() => Ok(s.as_bytes()[0]),
            s => Err(Error::Option(format!(
                "--delimiter must be a single ASCII character or `tab`, got {s:?}"
            ))),
        }
    }

    /// Parse a `--null-values a,b,c` argument. An empty item (`a,,b` or a trailing comma) keeps
    /// empty cells as null.
    pub fn parse_null_values(arg: &str) -> Vec<String> {
        arg.split(',').map(|s| s.to_string()).collect()
    }
}

/// What a load found out about the input, besides the rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    pub name: String,
    pub format: Format,
    /// The CSV separator used (sniffed or given).
    pub delimiter: Option<u8>,
    /// Size in bytes when known (not for standard input).
    pub bytes: Option<u64>,
}

impl SourceInfo {
    pub fn format_label(&self) -> &'static str {
        self.format.label(self.delimiter)
    }
}

/// Progress of a load, reported after each chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub bytes_read: u64,
    pub total_bytes: Option<u64>,
    pub rows: usize,
}

impl Progress {
    /// Fraction done in 0..=1 when the total is known.
    pub fn fraction(&self) -> Option<f64> {
        self.total_bytes
            .filter(|t| *t > 0)
            .map(|t| (self.bytes_read as f64 / t as f64).min(1.0))
    }
}

/// The result of a load.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub info: SourceInfo,
    pub frame: DataFrame,
    /// False when the load was stopped early: `frame` holds the rows read until then.
    pub complete: bool,
}

/// Called after each chunk with the source, the rows so far and progress; returning `false` stops
/// the load (what was read is kept).
pub type OnChunk<'a> = dyn FnMut(&SourceInfo, &DataFrame, Progress) -> bool + 'a;

/// Read the whole input.
pub fn load_all(input: &Input, opts: &LoadOptions) -> Result<Loaded> {
    load(input, opts, &mut |_, _, _| true)
}

/// Read the input chunk by chunk, calling `on_chunk` after each.
pub fn load(input: &Input, opts: &LoadOptions, on_chunk: &mut OnChunk<'_>) -> Result<Loaded> {
    let name = input.display_name();
    let (mut reader, total) = open(input)?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    read_up_to(&mut reader, &mut head, SNIFF_BYTES).map_err(|e| Error::io(&name, None, e))?;
    let format = detect_format(&name, &head, input.extension().as_deref())?;
    let mut info = SourceInfo {
        name: name.clone(),
        format,
        delimiter: None,
        bytes: total,
    };
    match format {
        Format::Csv => {
            let text = strip_bom(&head);
            let delimiter = opts.delimiter.unwrap_or_else(|| {
                sniff_delimiter(text, input.extension().as_deref() == Some("tsv"))
            });
            info.delimiter = Some(delimiter);
            let mut csv = CsvLoad::new(info, opts, delimiter, total);
            csv.run(head, reader, on_chunk)
        }
        _ => {
            let mut bytes = head;
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(&name, None, e))?;
            load_whole(info, bytes, on_chunk)
        }
    }
}

fn open(input: &Input) -> Result<(Box<dyn Read + Send>, Option<u64>)> {
    match input {
        Input::Stdin => Ok((Box::new(std::io::stdin()), None)),
        Input::Sample => Ok((Box::new(SAMPLE), Some(SAMPLE.len() as u64))),
        Input::Path(p) => {
            let name = input.display_name();
            input.check()?;
            let file = std::fs::File::open(p).map_err(|e| Error::io(&name, Some(p), e))?;
            let len = file.metadata().ok().map(|m| m.len());
            Ok((Box::new(file), len))
        }
    }
}

/// Read until `buf` holds `want` more bytes or the input ends. Returns the number of bytes added.
fn read_up_to(reader: &mut dyn Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<usize> {
    let start = buf.len();
    reader.take(want as u64).read_to_end(buf)?;
    Ok(buf.len() - start)
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Decide the format from the first bytes, falling back on the extension only to name what a
/// damaged columnar file was meant to be.
pub fn detect_format(name: &str, head: &[u8], ext: Option<&str>) -> Result<Format> {
    let file = name.to_string();
    if head.starts_with(b"PAR1") {
        return Ok(Format::Parquet);
    }
    if head.starts_with(b"ARROW1") {
        return Ok(Format::Ipc);
    }
    let unsupported = |what: &str, hint: &str| Error::Unsupported {
        file: file.clone(),
        what: what.to_string(),
        hint: hint.to_string(),
    };
    if head.starts_with(&[0xFF, 0xFF, 0xFF, 0xFF]) {
        return Err(unsupported(
            "the Arrow IPC stream format",
            "write it as an Arrow IPC file (Feather v2) instead",
        ));
    }
    if head.starts_with(b"FEA1") {
        return Err(unsupported(
            "Feather v1",
            "re-save it as Feather v2 (Arrow IPC)",
        ));
    }
    if head.starts_with(&[0x1F, 0x8B]) {
        return Err(unsupported(
            "a gzip-compressed file",
            "decompress it first (gunzip)",
        ));
    }
    let columnar = match ext {
        Some("parquet") | Some("pq") => Some("Parquet"),
        Some("arrow") | Some("feather") | Some("ipc") => Some("Arrow IPC"),
        _ => None,
    };
    if let Some(format) = columnar {
        if !head.is_empty() {
            return Err(Error::Malformed {
                file,
                format,
                detail: "the file does not start with the format's magic bytes".into(),
            });
        }
    }
    if let Some(what) = binary_signature(head) {
        return Err(Error::Binary { file, what });
    }
    let text = strip_bom(head);
    if text.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::Empty { file });
    }
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'[') => Ok(Format::Json),
        Some(b'{') => Ok(Format::NdJson),
        _ => Ok(Format::Csv),
    }
}

/// Name a binary file, if the bytes look like one.
fn binary_signature(head: &[u8]) -> Option<String> {
    let known: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a zip archive, perhaps an Excel workbook"),
        (b"\x7FELF", "an executable"),
        (b"SQLite format 3", "an SQLite database"),
    ];
    for (magic, what) in known {
        if head.starts_with(magic) {
            return Some(what.to_string());
        }
    }
    let sample = &head[..head.len().min(8192)];
    sample
        .contains(&0)
        .then(|| "it contains NUL bytes".to_string())
}

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
struct CsvLoad<'a> {
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
    fn new(info: SourceInfo, opts: &'a LoadOptions, sep: u8, total: Option<u64>) -> Self {
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

    fn run(
        &mut self,
        head: Vec<u8>,
        mut reader: Box<dyn Read + Send>,
        on_chunk: &mut OnChunk<'_>,
    ) -> Result<Loaded> {
        let mut buf = head;
        if buf.starts_with(b"\xEF\xBB\xBF") {
            buf.drain(..3);
            self.bytes_read += 3;
        }
        let mut eof = false;
        let mut want = FIRST_BLOCK;
        let mut acc: Option<DataFrame> = None;
        loop {
            if !eof && buf.len() < want {
                let need = want - buf.len();
                let got = read_up_to(&mut reader, &mut buf, need)
                    .map_err(|e| Error::io(&self.info.name, None, e))?;
                eof = got < need;
            }
            let cut = if eof {
                if buf.is_empty() {
                    break;
                }
                if quote_count(&buf) % 2 == 1 {
                    return Err(self.unterminated_quote(&buf));
                }
                buf.len()
            } else {
                match last_record_end(&buf) {
                    Some(cut) => cut,
                    None => {
                        // One record longer than the block (a long quoted field): read more.
                        want = buf.len() * 2;
                        continue;
                    }
                }
            };
            let block: Vec<u8> = buf.drain(..cut).collect();
            let frame = self.parse_block(&block)?;
            self.lines_before += memchr::memchr_iter(b'\n', &block).count() as u64;
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
            acc = Some(frame);
            if !go_on {
                return Ok(Loaded {
                    info: self.info.clone(),
                    frame: acc.unwrap_or_default(),
                    complete: false,
                });
            }
            want = BLOCK;
            if eof && buf.is_empty() {
                break;
            }
        }
        let frame = acc.ok_or_else(|| Error::Empty { file: self.file() })?;
        Ok(Loaded {
            info: self.info.clone(),
            frame,
            complete: true,
        })
    }

    fn parse_options(&self) -> CsvParseOptions {
        let nulls: Vec<PlSmallStr> = self
            .opts
            .null_values
            .iter()
            .filter(|s| !s.is_empty())
            .map(|s| PlSmallStr::from(s.as_str()))
            .collect();
        CsvParseOptions::default()
            .with_separator(self.sep)
            .with_null_values((!nulls.is_empty()).then_some(NullValues::AllColumns(nulls)))
            .with_missing_is_null(self.opts.null_values.iter().any(|s| s.is_empty()))
            .with_try_parse_dates(true)
    }

    fn parse_block(&mut self, block: &[u8]) -> Result<DataFrame> {
        if let Err(e) = std::str::from_utf8(block) {
            let at = e.valid_up_to();
            let line =
                self.lines_before + memchr::memchr_iter(b'\n', &block[..at]).count() as u64 + 1;
            return Err(Error::InvalidUtf8 {
                file: self.file(),
                line,
                byte: block[at],
            });
        }
        let first = self.schema.is_none();
        let expected = if first {
            let header = self.header_fields(block)?;
            header.len()
        } else {
            self.schema.as_ref().map_or(0, |s| s.len())
        };
        if let Some(err) = self.find_ragged(block, expected) {
            return Err(err);
        }
        let read = |schema: Option<SchemaRef>, has_header: bool| {
            CsvReadOptions::default()
                .with_has_header(has_header)
                .with_schema(schema)
                .with_parse_options(self.parse_options())
                .into_reader_with_file_handle(Cursor::new(block))
                .finish()
        };
        if first {
            let df = self.read_first_block(block)?;
            if df.height() == 0 {
                return Err(Error::HeaderOnly { file: self.file() });
            }
            self.schema = Some(df.schema().clone());
            return Ok(df);
        }
        let schema = self.schema.clone();
        match read(schema.clone(), false) {
            Ok(df) => Ok(df),
            Err(_) => {
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
                .with_infer_schema_length(None)
                .with_schema(schema)
                .with_parse_options(self.parse_options().with_try_parse_dates(dates))
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

fn quote_count(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'"', bytes).count()
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
        } else if (total - after) % 2 == 0 {
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
fn cast_text(col: &Column, target: &DataType) -> Option<Column> {
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

/// Formats read in one piece: a head first (so the screen fills at once), then everything.
fn load_whole(mut info: SourceInfo, bytes: Vec<u8>, on_chunk: &mut OnChunk<'_>) -> Result<Loaded> {
    let file = info.name.clone();
    let total = bytes.len() as u64;
    let format = info.format;
    let malformed = |detail: String| {
        let format = info.format.label(None);
        Error::Malformed {
            file: file.clone(),
            format,
            detail,
        }
    };
    let read = |n_rows: Option<usize>| -> Result<DataFrame> {
        let cursor = Cursor::new(bytes.as_slice());
        match format {
            Format::Parquet => ParquetReader::new(cursor)
                .with_slice(n_rows.map(|n| (0, n)))
                .finish()
                .map_err(|e| malformed(e.to_string())),
            Format::Ipc => IpcReader::new(cursor)
                .with_n_rows(n_rows)
                .finish()
                .map_err(|e| malformed(e.to_string())),
            Format::Json => {
                check_json(&file, &bytes)?;
                // polars infers from the first 100 records by default and then silently truncates
                // later floats in an integer column; infer from all of them.
                JsonReader::new(cursor)
                    .with_json_format(JsonFormat::Json)
                    .infer_schema_len(None)
                    .finish()
                    .map_err(|e| malformed(e.to_string()))
            }
            Format::NdJson => {
                check_json_lines(&file, &bytes)?;
                JsonReader::new(cursor)
                    .with_json_format(JsonFormat::JsonLines)
                    .infer_schema_len(None)
                    .finish()
                    .map_err(|e| malformed(e.to_string()))
            }
            Format::Csv => unreachable!("CSV is streamed"),
        }
    };
    let columnar = matches!(format, Format::Parquet | Format::Ipc);
    if columnar {
        let head = read(Some(HEAD_ROWS))?;
        let progress = Progress {
            bytes_read: 0,
            total_bytes: Some(total),
            rows: head.height(),
        };
        if !on_chunk(&info, &head, progress) {
            info.bytes = info.bytes.or(Some(total));
            return Ok(Loaded {
                info,
                frame: head,
                complete: false,
            });
        }
    }
    let mut frame = read(None)?;
    if matches!(format, Format::Json | Format::NdJson) {
        frame = parse_date_columns(frame);
    }
    if frame.width() == 0 || (frame.height() == 0 && !columnar) {
        return Err(Error::Empty { file });
    }
    info.bytes = info.bytes.or(Some(total));
    let progress = Progress {
        bytes_read: total,
        total_bytes: Some(total),
        rows: frame.height(),
    };
    on_chunk(&info, &frame, progress);
    Ok(Loaded {
        info,
        frame,
        complete: true,
    })
}

/// JSON has no date type: text columns whose values all read as ISO dates (`2024-01-31`) or
/// date-times (`2024-01-31T12:00:00`) become date columns, as CSV dates do.
fn parse_date_columns(frame: DataFrame) -> DataFrame {
    let height = frame.height();
    let cols: Vec<Column> = frame
        .columns()
        .iter()
        .map(|c| {
            let Ok(text) = c.str() else { return c.clone() };
            let Some(first) = text.iter().flatten().next() else {
                return c.clone();
            };
            let b = first.as_bytes();
            let is_date = b.len() >= 10
                && b[..4].iter().all(u8::is_ascii_digit)
                && b[4] == b'-'
                && b[7] == b'-';
            if !is_date {
                return c.clone();
            }
            let target = if b.len() == 10 {
                DataType::Date
            } else {
                DataType::Datetime(TimeUnit::Microseconds, None)
            };
            cast_text(c, &target).unwrap_or_else(|| c.clone())
        })
        .collect();
    DataFrame::new(height, cols).expect("same shape as before")
}

/// Find the line and column of a JSON syntax error (polars' own messages do not say where).
fn check_json(file: &str, bytes: &[u8]) -> Result<()> {
    match serde_json::from_slice::<serde::de::IgnoredAny>(strip_bom(bytes)) {
        Ok(_) => Ok(()),
        Err(e) => Err(Error::MalformedJsonLine {
            file: file.to_string(),
            line: e.line() as u64,
            detail: format!("{} at column {}", strip_position(&e), e.column()),
        }),
    }
}

fn check_json_lines(file: &str, bytes: &[u8]) -> Result<()> {
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

/// serde_json appends " at line L column C" to its messages; we say that ourselves.
fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Whether a path names the same file as the input (used to refuse writing over the source).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn splits_quoted_fields() {
        assert_eq!(
            split_record(b"a,\"b,c\",\"d\"\"e\"\r", b','),
            vec!["a", "b,c", "d\"e"]
        );
    }

    #[test]
    fn detects_formats_by_content() {
        assert_eq!(
            detect_format("x", b"PAR1....", Some("csv")).unwrap(),
            Format::Parquet
        );
        assert_eq!(detect_format("x", b"ARROW1..", None).unwrap(), Format::Ipc);
        assert_eq!(
            detect_format("x", b"  [{\"a\":1}]", None).unwrap(),
            Format::Json
        );
        assert_eq!(
            detect_format("x", b"{\"a\":1}\n", Some("json")).unwrap(),
            Format::NdJson
        );
        assert_eq!(
            detect_format("x", b"\xEF\xBB\xBFa,b\n", None).unwrap(),
            Format::Csv
        );
        assert!(matches!(
            detect_format("x", b"\x89PNG\r\n", Some("csv")),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(
            detect_format("x", b"a,b\n1,\0", None),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(
            detect_format("x", b"", None),
            Err(Error::Empty { .. })
        ));
    }
}
