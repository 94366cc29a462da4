//! How many cells an OpenDocument spreadsheet would be laid out as, read from its XML before
//! calamine reads it. An ods file says "this row, a million times" and "this cell, a thousand
//! times" in two attributes, and calamine lays every sheet of the file out densely when it opens
//! it, so a 2 KB file can ask for a hundred million cells (9 GB and minutes here). Counted first,
//! such a file is refused with the span it asks for instead.

use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The most rows and columns a sheet has (calamine caps repeats at these too).
const MAX_ROWS: u64 = 1_048_576;
const MAX_COLUMNS: u64 = 16_384;

/// The largest sheet's span (rows, columns) up to its last filled cell, and the cells of all
/// sheets together; `None` when the file is not a zip holding `content.xml` (calamine then says
/// what is wrong with it).
pub(super) fn span(bytes: &[u8]) -> Option<Span> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let file = zip.by_name("content.xml").ok()?;
    // The XML itself is read as a stream: it may be large too.
    let mut reader = Reader::from_reader(std::io::BufReader::new(file.take(u64::MAX)));
    let mut buf = Vec::new();
    let mut out = Span::default();
    let mut sheet = Sheet::default();
    let mut row: Option<Row> = None;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match event {
            Event::Start(e) | Event::Empty(e) if is(&e, "table:table") => {
                sheet = Sheet::default();
            }
            Event::Start(ref e) if is(e, "table:table-row") => {
                row = Some(Row {
                    repeat: repeat(e, "table:number-rows-repeated")
                        .min(MAX_ROWS.saturating_sub(sheet.rows)),
                    ..Row::default()
                });
            }
            Event::Empty(ref e) if is(e, "table:table-row") => {
                sheet.rows = (sheet.rows + repeat(e, "table:number-rows-repeated")).min(MAX_ROWS);
            }
            Event::Start(ref e) | Event::Empty(ref e) if is_cell(e) => {
                let filled = matches!(event, Event::Start(_)) || has(e, "office:value-type");
                if let Some(r) = row.as_mut() {
                    let n = repeat(e, "table:number-columns-repeated")
                        .min(MAX_COLUMNS.saturating_sub(r.columns));
                    r.columns += n;
                    if filled {
                        r.last_filled = r.columns;
                    }
                }
            }
            Event::End(ref e) if e.name().0 == "table:table-row" => {
                if let Some(r) = row.take() {
                    if r.last_filled > 0 {
                        sheet.last_row = sheet.rows + r.repeat;
                        sheet.columns = sheet.columns.max(r.last_filled);
                    }
                    sheet.rows += r.repeat;
                }
            }
            Event::End(ref e) if e.name().0 == "table:table" => {
                let cells = sheet.last_row as u128 * sheet.columns as u128;
                out.cells += cells;
                if cells >= out.rows as u128 * out.columns as u128 {
                    out.rows = sheet.last_row;
                    out.columns = sheet.columns;
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Some(out)
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    /// The largest sheet's rows and columns.
    pub rows: u64,
    pub columns: u64,
    /// Every sheet's cells together (calamine lays them all out).
    pub cells: u128,
}

#[derive(Default)]
struct Sheet {
    /// Rows seen so far, with their repeats.
    rows: u64,
    /// The end of the last row holding a filled cell, and the widest such row's filled span.
    last_row: u64,
    columns: u64,
}

#[derive(Default)]
struct Row {
    repeat: u64,
    columns: u64,
    last_filled: u64,
}

fn is(e: &BytesStart<'_>, name: &str) -> bool {
    e.name().0 == name
}

fn is_cell(e: &BytesStart<'_>) -> bool {
    is(e, "table:table-cell") || is(e, "table:covered-table-cell")
}

fn has(e: &BytesStart<'_>, name: &str) -> bool {
    e.attributes().flatten().any(|a| a.key.as_ref() == name)
}

/// A repeat attribute's count (1 when absent or not a number).
fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| a.value.trim().parse().ok())
        .unwrap_or(1)
}
