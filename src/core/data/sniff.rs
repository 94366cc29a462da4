//! What a file is, by its first bytes: its compression (gzip, zstd) and its format (Parquet,
//! Arrow, a spreadsheet, JSON, CSV), or the kind of binary file it is when lathe cannot read it.

use std::io::Read;

use super::source::{strip_bom, Format};
use crate::core::error::{Error, Result};

/// The compressions a file is read through, known by their magic bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Compression {
    Gzip,
    Zstd,
}

impl Compression {
    pub(super) fn of(head: &[u8]) -> Option<Compression> {
        if head.starts_with(&[0x1F, 0x8B]) {
            Some(Compression::Gzip)
        } else if head.starts_with(&[0x28, 0xB5, 0x2F, 0xFD]) {
            Some(Compression::Zstd)
        } else {
            None
        }
    }

    /// `raw` decompressed as it is read (every member of a multi-member gzip file, as gunzip).
    pub(super) fn decoder(
        self,
        raw: Box<dyn Read + Send>,
    ) -> std::io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(raw)),
            Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(raw)?),
        })
    }
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
    if let Some(format) = spreadsheet(head, ext) {
        return Ok(format);
    }
    if head.starts_with(b"SQLite format 3\0") {
        return Ok(Format::Sqlite);
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
    if Compression::of(head).is_some() {
        return Err(unsupported(
            "a file compressed twice",
            "decompress it once first (gunzip or unzstd)",
        ));
    }
    let columnar = match ext {
        Some("parquet") | Some("pq") => Some("Parquet"),
        Some("arrow") | Some("feather") | Some("ipc") => Some("Arrow IPC"),
        _ => None,
    };
    // Content beats the name: a text file named `.parquet` or `.arrow` is read as the text it
    // is (CSV or JSON); only bytes that are neither the format nor text are refused.
    let text_like = binary_signature(head).is_none();
    if let Some(format) = columnar {
        if !head.is_empty() && !text_like {
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
        // `42` or `"text"` in a .json file is JSON, just not a table (as CSV it read as a
        // header with no rows, which misled).
        _ if matches!(ext, Some("json") | Some("ndjson") | Some("jsonl")) => {
            Err(Error::Malformed {
                file,
                format: "JSON",
                detail: "a table in JSON is an array of objects (`[{...}, ...]`) or one object \
                     per line; this file holds something else"
                    .into(),
            })
        }
        _ => Ok(Format::Csv),
    }
}

/// A spreadsheet, by its bytes: an OpenDocument zip says its kind in its first entry; an Excel
/// zip holds `[Content_Types].xml` and `xl/`, or is named like one; an old `.xls` is an OLE
/// compound file.
fn spreadsheet(head: &[u8], ext: Option<&str>) -> Option<Format> {
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if head.starts_with(b"PK\x03\x04") {
        if has(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet") {
            return Some(Format::Ods);
        }
        if has(b"[Content_Types].xml") && has(b"xl/")
            || matches!(ext, Some("xlsx" | "xlsm" | "xlsb"))
        {
            return Some(Format::Excel);
        }
        if ext == Some("ods") {
            return Some(Format::Ods);
        }
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Format::Excel);
    }
    None
}

/// Name a binary file, if the bytes look like one.
fn binary_signature(head: &[u8]) -> Option<String> {
    let known: &[(&[u8], &str)] = &[
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a zip archive, perhaps an Excel workbook"),
        (b"\x7FELF", "an executable"),
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

#[cfg(test)]
mod tests {
    use super::*;

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
        // Content beats the name both ways: text named .parquet or .arrow is text.
        for ext in ["parquet", "arrow", "feather"] {
            assert_eq!(
                detect_format("x", b"a,b\n1,2\n", Some(ext)).unwrap(),
                Format::Csv
            );
            assert_eq!(
                detect_format("x", b"[{\"a\":1}]", Some(ext)).unwrap(),
                Format::Json
            );
            assert!(matches!(
                detect_format("x", b"\x00\x01\x02garbage", Some(ext)),
                Err(Error::Malformed { .. })
            ));
        }
    }
}
