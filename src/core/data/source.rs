//! Open a dataset: decide the format from its content, then read it into a `DataFrame` in
//! chunks (CSV: `csv.rs`; the others: `columnar.rs`), reporting progress after each chunk and
//! stopping when asked to.
//!
//! CSV is read in record-aligned blocks (first a small one, so the first screen of rows arrives in
//! milliseconds, then large ones) and each block is parsed by polars. Doing the blocking ourselves
//! buys three things polars' one-shot reader lacks: progress, cancellation that keeps what was read,
//! and precise errors (line numbers for ragged rows, open quotes and bad UTF-8). A column whose
//! type was inferred from the first block but does not fit a later value is widened (int -> float
//! -> string) instead of failing the load.

use std::io::Read;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use super::columnar::{load_whole, Whole};
use super::csv::{sniff_delimiter, CsvLoad};
pub use super::sniff::detect_format;
use super::sniff::Compression;
use crate::core::error::{Error, Result};

/// The missing-value spellings that load as null unless `--null-values` replaces them.
pub const DEFAULT_NULL_VALUES: &[&str] =
    &["", "NA", "N/A", "null", "NULL", "NaN", "None", "n/a", "nan"];

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
const SAMPLE: &[u8] = include_bytes!("../../../sample_data/penguins.csv");
const SAMPLE_NAME: &str = "penguins.csv (bundled sample)";
/// How a command line or a recipe's `source` names the bundled sample (a file of that name, if
/// one exists, wins).
pub const SAMPLE_ARG: &str = "sample:penguins";

impl Input {
    /// `-` means standard input.
    pub fn from_arg(arg: &str) -> Self {
        if arg == "-" {
            Input::Stdin
        } else if arg == SAMPLE_ARG && !Path::new(arg).exists() {
            Input::Sample
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

    /// The extension that names the format, lowercase: `csv` for `x.csv` and for `x.csv.gz`
    /// (a compression suffix is looked through).
    fn extension(&self) -> Option<String> {
        match self {
            Input::Path(p) => {
                let ext = |p: &Path| {
                    p.extension()
                        .map(|e| e.to_string_lossy().to_ascii_lowercase())
                };
                match ext(p).as_deref() {
                    Some("gz" | "gzip" | "zst" | "zstd") => {
                        p.file_stem().and_then(|s| ext(Path::new(s)))
                    }
                    other => other.map(str::to_string),
                }
            }
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
    /// A workbook: xlsx, xlsm, xlsb or xls (one sheet is read).
    Excel,
    /// An OpenDocument spreadsheet (one sheet is read).
    Ods,
    /// An SQLite database (one table or view is read).
    Sqlite,
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
            Format::Excel => "Excel",
            Format::Ods => "ODS",
            Format::Sqlite => "SQLite",
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
    /// CSV numbers use a comma as the decimal mark (`1,25`), as European spreadsheets write
    /// them (with `;` between fields).
    pub decimal_comma: bool,
    /// The spreadsheet sheet to read, by name or number from 1; the first when `None`.
    pub sheet: Option<String>,
    /// The SQLite table (or view) to read, by name or number from 1; the only one when `None`.
    pub table: Option<String>,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            delimiter: None,
            has_header: true,
            null_values: DEFAULT_NULL_VALUES.iter().map(|s| s.to_string()).collect(),
            decimal_comma: false,
            sheet: None,
            table: None,
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
    /// A workbook's sheets, in order, and the one read (empty and `None` for other formats).
    pub sheets: Vec<String>,
    pub sheet: Option<String>,
    /// A database's tables and views, in order, and the one read (empty and `None` otherwise).
    pub tables: Vec<String>,
    pub table: Option<String>,
}

impl SourceInfo {
    pub fn format_label(&self) -> &'static str {
        self.format.label(self.delimiter)
    }

    /// The format, and for a workbook the sheet read among its sheets: `Excel sheet "Costs"
    /// (2 of 3: Sales, Costs, Notes)`, or with `compact` `Excel "Costs" 2/3`.
    /// A database's table is named the same way: `SQLite table "orders" (2 of 3: ...)`.
    pub fn describe(&self, compact: bool) -> String {
        let label = self.format_label();
        let (kind, part, parts) = match (&self.sheet, &self.table) {
            (Some(sheet), _) => ("sheet", sheet, &self.sheets),
            (None, Some(table)) => ("table", table, &self.tables),
            (None, None) => return label.to_string(),
        };
        let at = parts.iter().position(|s| s == part).map_or(0, |i| i + 1);
        let n = parts.len();
        if compact {
            format!("{label} {part:?} {at}/{n}")
        } else {
            format!(
                "{label} {kind} {part:?} ({at} of {n}: {})",
                parts.join(", ")
            )
        }
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
    let (mut reader, mut total) = open(input)?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    read_up_to(&mut reader, &mut head, SNIFF_BYTES).map_err(|e| Error::io(&name, None, e))?;
    // A compressed file is decompressed as it is read, and sniffed by what it holds. Its
    // progress counts rows only (the bytes read out are not the file's bytes).
    let compressed = Compression::of(&head);
    if let Some(c) = compressed {
        reader = c
            .decoder(Box::new(std::io::Cursor::new(head).chain(reader)))
            .map_err(|e| Error::io(&name, None, e))?;
        head = Vec::with_capacity(SNIFF_BYTES);
        read_up_to(&mut reader, &mut head, SNIFF_BYTES).map_err(|e| Error::io(&name, None, e))?;
        total = None;
    }
    let format = detect_format(&name, &head, input.extension().as_deref())?;
    let mut info = SourceInfo {
        name: name.clone(),
        format,
        delimiter: None,
        bytes: total,
        sheets: Vec::new(),
        sheet: None,
        tables: Vec::new(),
        table: None,
    };
    match format {
        Format::Csv => {
            let text = strip_bom(&head);
            let delimiter = opts.delimiter.unwrap_or_else(|| {
                sniff_delimiter(text, input.extension().as_deref() == Some("tsv"))
            });
            info.delimiter = Some(delimiter);
            let mut csv = CsvLoad::new(info, opts, delimiter, total);
            // A plain file is mapped rather than read; a compressed one is streamed.
            let path = match input {
                Input::Path(p) if compressed.is_none() => Some(p.as_path()),
                _ => None,
            };
            csv.run(head, reader, path, on_chunk)
        }
        Format::Parquet | Format::Ipc
            if matches!(input, Input::Path(_)) && compressed.is_none() =>
        {
            // Let polars map the file: reading the head must not wait for the whole file.
            let Input::Path(path) = input else {
                unreachable!()
            };
            drop(reader);
            load_whole(info, Whole::File(path.clone()), on_chunk)
        }
        Format::Sqlite => {
            // A file is opened in place; a pipe or a compressed file is read into memory.
            let db = match input {
                Input::Path(p) if compressed.is_none() => {
                    drop(reader);
                    super::sqlite::Db::File(p.as_path())
                }
                _ => {
                    let mut bytes = head;
                    reader
                        .read_to_end(&mut bytes)
                        .map_err(|e| Error::io(&name, None, e))?;
                    super::sqlite::Db::Bytes(bytes)
                }
            };
            super::sqlite::read(info, db, opts.table.as_deref(), on_chunk)
        }
        Format::Excel | Format::Ods => {
            let mut bytes = head;
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(&name, None, e))?;
            let size = bytes.len() as u64;
            let frame = super::excel::read(&mut info, bytes, opts.sheet.as_deref())?;
            Ok(read_whole(info, frame, size, on_chunk))
        }
        _ => {
            let mut bytes = head;
            reader
                .read_to_end(&mut bytes)
                .map_err(|e| Error::io(&name, None, e))?;
            load_whole(info, Whole::Memory(bytes), on_chunk)
        }
    }
}

/// A file read in one piece (`total` bytes): reported once, as done.
pub(super) fn read_whole(
    mut info: SourceInfo,
    frame: DataFrame,
    total: u64,
    on_chunk: &mut OnChunk<'_>,
) -> Loaded {
    info.bytes = info.bytes.or(Some(total));
    let progress = Progress {
        bytes_read: total,
        total_bytes: Some(total),
        rows: frame.height(),
    };
    on_chunk(&info, &frame, progress);
    Loaded {
        info,
        frame,
        complete: true,
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
pub(super) fn read_up_to(
    reader: &mut dyn Read,
    buf: &mut Vec<u8>,
    want: usize,
) -> std::io::Result<usize> {
    let start = buf.len();
    reader.take(want as u64).read_to_end(buf)?;
    Ok(buf.len() - start)
}

pub(super) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// One of a file's parts (a workbook's sheets, a database's tables) named by `wanted`: by its
/// name (exactly, else ignoring case) or its number counting from 1; otherwise a message that
/// lists them (`--sheet Costs: no such sheet; the workbook has 1 "Sales", 2 "Notes"`).
pub(super) fn named_part(
    parts: &[String],
    wanted: &str,
    flag: &str,
    noun: &str,
    owner: &str,
) -> std::result::Result<String, String> {
    if let Some(p) = parts.iter().find(|p| *p == wanted) {
        return Ok(p.clone());
    }
    if let Some(p) = parts.iter().find(|p| p.eq_ignore_ascii_case(wanted)) {
        return Ok(p.clone());
    }
    match wanted.parse::<usize>() {
        Ok(n) if (1..=parts.len()).contains(&n) => Ok(parts[n - 1].clone()),
        _ => Err(format!(
            "{flag} {wanted}: no such {noun}; {owner} has {}",
            numbered(parts)
        )),
    }
}

/// Parts listed with their numbers: `1 "Sales", 2 "Notes"`.
pub(super) fn numbered(parts: &[String]) -> String {
    parts
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{} {p:?}", i + 1))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `Err` naming the first column name that repeats an earlier one (1-based positions).
pub(super) fn unique_names(file: &str, names: &[String]) -> Result<()> {
    for (i, name) in names.iter().enumerate() {
        if let Some(j) = names[..i].iter().position(|n| n == name) {
            return Err(Error::DuplicateColumn {
                file: file.to_string(),
                name: name.clone(),
                first: j + 1,
                second: i + 1,
            });
        }
    }
    Ok(())
}
