//! Parquet, Arrow IPC, JSON and NDJSON: read in one piece (after a quick head for columnar
//! files, so the screen fills at once), with JSON errors located by line and column.

use std::io::Cursor;
use std::path::PathBuf;

use polars::io::mmap::MmapBytesReader;
use polars::prelude::*;

use super::csv::cast_text;
use super::json::*;
use super::parquet_footer::*;
use super::source::{Format, Loaded, OnChunk, Progress, SourceInfo};
use crate::core::error::{Error, Result};

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
    // polars infers an integer beyond 64 bits as Int128, which it cannot hold, and aborts
    // (its panic is in a function that cannot unwind): such integers are read as floats.
    let whole = match whole {
        Whole::Memory(b) if matches!(format, Format::Json | Format::NdJson) => {
            Whole::Memory(widen_big_integers(b))
        }
        w => w,
    };
    let malformed = |detail: String| {
        let format = info.format.label(None);
        Error::Malformed {
            file: file.clone(),
            format,
            detail,
        }
    };
    // polars 0.55 trusts the buffer lengths an Arrow IPC file declares, and the value counts in
    // a Parquet file's page headers (it allocates them before reading, and a damaged one aborts
    // the process): check them first.
    if matches!(format, Format::Ipc | Format::Parquet) {
        let available = crate::core::num::memory::available();
        let check = |r: &mut dyn ReadSeek| match format {
            Format::Ipc => check_ipc(r, total, available),
            _ => check_parquet(r, total, available),
        };
        let checked = match &whole {
            Whole::File(path) => {
                let f = std::fs::File::open(path).map_err(|e| Error::io(&file, Some(path), e))?;
                guarded(|| check(&mut std::io::BufReader::new(f)))
            }
            Whole::Memory(b) => guarded(|| check(&mut Cursor::new(b))),
        };
        checked.map_err(malformed)?;
    }
    let read = |n_rows: Option<usize>| -> Result<DataFrame> {
        let bytes: &[u8] = match &whole {
            Whole::File(path) => {
                let f = std::fs::File::open(path).map_err(|e| Error::io(&file, Some(path), e))?;
                return guard(|| read_columnar(f, format, n_rows)).map_err(malformed);
            }
            Whole::Memory(b) => b,
        };
        let cursor = Cursor::new(bytes);
        match format {
            Format::Parquet | Format::Ipc => {
                guard(|| read_columnar(cursor, format, n_rows)).map_err(malformed)
            }
            Format::Json | Format::NdJson => {
                let json_format = if format == Format::Json {
                    check_json(&file, bytes)?;
                    JsonFormat::Json
                } else {
                    check_json_lines(&file, bytes)?;
                    JsonFormat::JsonLines
                };
                // polars infers from the first 100 records by default and then silently truncates
                // later floats in an integer column; infer from all of them.
                guard(|| {
                    JsonReader::new(cursor)
                        .with_json_format(json_format)
                        .infer_schema_len(None)
                        .finish()
                })
                .map_err(malformed)
            }
            Format::Csv => unreachable!("CSV is streamed"),
            Format::Excel | Format::Ods => unreachable!("spreadsheets are read by `excel`"),
            Format::Sqlite => unreachable!("databases are read by `sqlite`"),
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
    Ok(super::source::read_whole(info, frame, total, on_chunk))
}

/// A polars read whose panics (assertions and `todo!`s on damaged files, seen in its Parquet
/// decoder and Arrow schema reader) become the file's error instead of ending lathe.
fn guard(read: impl FnOnce() -> PolarsResult<DataFrame>) -> std::result::Result<DataFrame, String> {
    guarded(|| read().map_err(|e| e.to_string()))
}

fn guarded<T>(
    read: impl FnOnce() -> std::result::Result<T, String>,
) -> std::result::Result<T, String> {
    crate::core::error::catch_panic(read)
        .unwrap_or_else(|what| Err(format!("the file is damaged (the reader failed: {what})")))
}

/// Check an Arrow IPC file's declared sizes before polars reads it: every record batch and
/// dictionary inside the file, every buffer inside its batch, and what the buffers (and
/// compressed ones once decompressed) and rows add up to within the memory available.
fn check_ipc(
    r: &mut dyn ReadSeek,
    size: u64,
    available: Option<u64>,
) -> std::result::Result<(), String> {
    use polars_arrow::io::ipc::format::ipc::planus::ReadAsRoot;
    use polars_arrow::io::ipc::format::ipc::{MessageHeaderRef, MessageRef};
    use polars_arrow::io::ipc::read::read_file_metadata;
    use std::io::{Read, SeekFrom};
    let meta = read_file_metadata(&mut &mut *r).map_err(|e| e.to_string())?;
    let budget = available.unwrap_or(u64::MAX);
    let mut declared: u64 = 0;
    let blocks = meta.blocks.iter().chain(meta.dictionaries.iter().flatten());
    for block in blocks {
        let bad = || {
            format!(
                "a record batch at byte {} lies outside the file",
                block.offset
            )
        };
        let (Ok(offset), Ok(meta_len), Ok(body_len)) = (
            u64::try_from(block.offset),
            u64::try_from(block.meta_data_length),
            u64::try_from(block.body_length),
        ) else {
            return Err(bad());
        };
        let body = offset
            .checked_add(meta_len)
            .filter(|&b| b.checked_add(body_len).is_some_and(|end| end <= size))
            .ok_or_else(bad)?;
        r.seek(SeekFrom::Start(offset)).map_err(|e| e.to_string())?;
        let mut message = Vec::new();
        Read::take(&mut *r, meta_len)
            .read_to_end(&mut message)
            .map_err(|e| e.to_string())?;
        // The message: a continuation marker, its length, then the flatbuffer.
        let start = if message.starts_with(&[0xFF; 4]) {
            8
        } else {
            4
        };
        let message = message.get(start..).ok_or_else(bad)?;
        let damaged = |e: &dyn std::fmt::Display| format!("a damaged record batch header ({e})");
        let parsed = MessageRef::read_as_root(message).map_err(|e| damaged(&e))?;
        let batch = match parsed.header().map_err(|e| damaged(&e))? {
            Some(MessageHeaderRef::RecordBatch(b)) => Some(b),
            Some(MessageHeaderRef::DictionaryBatch(d)) => d.data().map_err(|e| damaged(&e))?,
            _ => None,
        };
        let Some(batch) = batch else { continue };
        let rows = u64::try_from(batch.length().map_err(|e| damaged(&e))?)
            .map_err(|_| damaged(&"a negative row count"))?;
        let compressed = batch.compression().map_err(|e| damaged(&e))?.is_some();
        let Some(buffers) = batch.buffers().map_err(|e| damaged(&e))? else {
            continue;
        };
        declared = declared.saturating_add(rows);
        for buffer in buffers {
            let (Ok(at), Ok(len)) = (
                u64::try_from(buffer.offset()),
                u64::try_from(buffer.length()),
            ) else {
                return Err(damaged(&"a negative buffer offset or length"));
            };
            if at.checked_add(len).is_none_or(|end| end > body_len) {
                return Err(format!(
                    "a buffer of {len} bytes at {at} lies outside its record batch ({body_len} \
                     bytes)"
                ));
            }
            declared = declared.saturating_add(len);
            if compressed && len >= 8 {
                // A compressed buffer starts with its decompressed length.
                r.seek(SeekFrom::Start(body + at))
                    .map_err(|e| e.to_string())?;
                let mut head = [0u8; 8];
                r.read_exact(&mut head).map_err(|e| e.to_string())?;
                let n = i64::from_le_bytes(head);
                if n > 0 {
                    declared = declared.saturating_add(n as u64);
                }
            }
        }
        if declared > budget {
            return Err(format!(
                "it declares {} of data, more than the {} of memory available",
                crate::core::num::memory::bytes(declared),
                crate::core::num::memory::bytes(budget)
            ));
        }
    }
    Ok(())
}

/// What the size checks read from: a file or bytes in memory.
pub(super) trait ReadSeek: std::io::Read + std::io::Seek {}
impl<T: std::io::Read + std::io::Seek> ReadSeek for T {}

/// Check a Parquet file's declared sizes before polars reads it: every column chunk inside the
/// file, every page header inside its chunk (read the way polars reads them), a page's values no
/// more than its chunk declares and a chunk's no more than its row group's rows (unless the column
/// repeats), and what the pages and values add up to within the memory available.
fn check_parquet(
    r: &mut dyn ReadSeek,
    size: u64,
    available: Option<u64>,
) -> std::result::Result<(), String> {
    use polars_parquet::parquet::read::read_metadata_with_size;
    use polars_parquet_format::thrift::protocol::TCompactInputProtocol;
    use polars_parquet_format::{PageHeader, PageType};
    use std::io::SeekFrom;
    let budget = available.unwrap_or(u64::MAX);
    check_parquet_footer(r, size, budget)?;
    let meta = read_metadata_with_size(&mut &mut *r, size).map_err(|e| e.to_string())?;
    // The most a page header may take to decode (polars' own limit for its Thrift reader).
    let header_limit = usize::try_from(budget.min(1 << 30)).unwrap_or(usize::MAX);
    let mut declared: u64 = 0;
    for group in &meta.row_groups {
        let rows = group.num_rows() as u64;
        // polars sizes a row group's columns by its rows.
        declared = declared.saturating_add(rows);
        for chunk in group.parquet_columns() {
            let name = chunk.descriptor().path_in_schema.join(".");
            let range = chunk.byte_range();
            if range.start > range.end || range.end > size {
                return Err(format!("the column `{name}` lies outside the file"));
            }
            let repeated = chunk.descriptor().descriptor.max_rep_level > 0;
            let values = u64::try_from(chunk.num_values())
                .map_err(|_| format!("the column `{name}` declares a negative number of values"))?;
            if !repeated && values > rows {
                return Err(format!(
                    "the column `{name}` declares {values} values in a row group of {rows} rows"
                ));
            }
            declared = declared.saturating_add(values);
            // Pages follow one another until the chunk's values are seen, as polars reads them.
            r.seek(SeekFrom::Start(range.start))
                .map_err(|e| e.to_string())?;
            let mut seen: u64 = 0;
            let mut at = range.start;
            while seen < values {
                let damaged = |what: &dyn std::fmt::Display| {
                    format!("a damaged page header in the column `{name}` at byte {at} ({what})")
                };
                let mut protocol = TCompactInputProtocol::new(&mut *r, header_limit);
                let header =
                    PageHeader::read_from_in_protocol(&mut protocol).map_err(|e| damaged(&e))?;
                let body = r.stream_position().map_err(|e| e.to_string())?;
                let (Ok(compressed), Ok(uncompressed)) = (
                    u64::try_from(header.compressed_page_size),
                    u64::try_from(header.uncompressed_page_size),
                ) else {
                    return Err(damaged(&"a negative page size"));
                };
                let end = body
                    .checked_add(compressed)
                    .filter(|&end| end <= range.end)
                    .ok_or_else(|| damaged(&"the page runs past its column"))?;
                let page_values = match header.type_ {
                    PageType::DATA_PAGE => header.data_page_header.map(|h| h.num_values),
                    PageType::DATA_PAGE_V2 => header.data_page_header_v2.map(|h| h.num_values),
                    PageType::DICTIONARY_PAGE => {
                        let n = header.dictionary_page_header.map(|h| h.num_values);
                        // A dictionary value takes at least a byte of its page.
                        if n.is_some_and(|n| u64::try_from(n).is_ok_and(|n| n > uncompressed)) {
                            return Err(damaged(&"more dictionary values than its page holds"));
                        }
                        n.map(|_| 0)
                    }
                    _ => Some(0),
                };
                let page_values = page_values
                    .and_then(|n| u64::try_from(n).ok())
                    .ok_or_else(|| damaged(&"no or a negative value count"))?;
                seen = seen.saturating_add(page_values);
                if seen > values {
                    return Err(damaged(&format!(
                        "its pages declare more than the column's {values} values"
                    )));
                }
                declared = declared.saturating_add(uncompressed);
                if declared > budget {
                    return Err(format!(
                        "it declares {} of data, more than the {} of memory available",
                        crate::core::num::memory::bytes(declared),
                        crate::core::num::memory::bytes(budget)
                    ));
                }
                r.seek(SeekFrom::Start(end)).map_err(|e| e.to_string())?;
                at = end;
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    #[test]
    fn integers_beyond_64_bits_become_floats_and_nothing_else_changes() {
        let text = br#"{"id": 123456789012345678901234, "s": "9999999999999999999999 \" 99999999999999999999", "n": -9223372036854775808, "x": 1e30, "m": -9223372036854775809}"#;
        let out = String::from_utf8(super::widen_big_integers(text.to_vec())).unwrap();
        assert_eq!(
            out,
            r#"{"id": 123456789012345678901234.0, "s": "9999999999999999999999 \" 99999999999999999999", "n": -9223372036854775808, "x": 1e30, "m": -9223372036854775809.0}"#
        );
    }
}
