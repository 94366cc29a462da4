//! Parquet, Arrow IPC, JSON and NDJSON: read in one piece (after a quick head for columnar
//! files, so the screen fills at once), with JSON errors located by line and column.

use std::io::Cursor;
use std::path::PathBuf;

use polars::io::mmap::MmapBytesReader;
use polars::prelude::*;

use super::csv::cast_text;
use super::error::{Error, Result};
use super::source::{strip_bom, Format, Loaded, OnChunk, Progress, SourceInfo};

/// Rows read up front from columnar formats before the full read.
const HEAD_ROWS: usize = 1_000;

/// Where a one-piece format's bytes are: a file polars can map, or bytes already read (standard
/// input, the bundled sample, and JSON, which is parsed whole anyway).
pub(super) enum Whole {
    File(PathBuf),
    Memory(Vec<u8>),
}

/// Formats read in one piece: a head first (so the screen fills at once), then everything.
pub(super) fn load_whole(
    mut info: SourceInfo,
    whole: Whole,
    on_chunk: &mut OnChunk<'_>,
) -> Result<Loaded> {
    let file = info.name.clone();
    let total = match &whole {
        Whole::File(p) => std::fs::metadata(p).map(|m| m.len()).unwrap_or(0),
        Whole::Memory(b) => b.len() as u64,
    };
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
        let bytes: &[u8] = match &whole {
            Whole::File(path) => {
                let f = std::fs::File::open(path).map_err(|e| Error::io(&file, Some(path), e))?;
                return read_columnar(f, format, n_rows).map_err(|e| malformed(e.to_string()));
            }
            Whole::Memory(b) => b,
        };
        let cursor = Cursor::new(bytes);
        match format {
            Format::Parquet | Format::Ipc => {
                read_columnar(cursor, format, n_rows).map_err(|e| malformed(e.to_string()))
            }
            Format::Json => {
                check_json(&file, bytes)?;
                // polars infers from the first 100 records by default and then silently truncates
                // later floats in an integer column; infer from all of them.
                JsonReader::new(cursor)
                    .with_json_format(JsonFormat::Json)
                    .infer_schema_len(None)
                    .finish()
                    .map_err(|e| malformed(e.to_string()))
            }
            Format::NdJson => {
                check_json_lines(&file, bytes)?;
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

/// The first `n_rows` (or all) rows of a Parquet or Arrow IPC file.
fn read_columnar<R: MmapBytesReader>(
    r: R,
    format: Format,
    n_rows: Option<usize>,
) -> PolarsResult<DataFrame> {
    match format {
        Format::Parquet => ParquetReader::new(r)
            .with_slice(n_rows.map(|n| (0, n)))
            .finish(),
        _ => IpcReader::new(r).with_n_rows(n_rows).finish(),
    }
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
