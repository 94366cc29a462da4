//! Spreadsheets (xlsx, xlsm, xlsb, xls, ods) through calamine: one sheet, its first row the
//! column names, each column typed from its cells as a spreadsheet user typed them (numbers,
//! whole numbers, true/false, dates and date-times; text where a column mixes kinds).

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader, Sheets};
use polars::prelude::*;

use super::cells::group_thousands;
use super::source::SourceInfo;
use crate::core::error::{Error, Result};

/// Read the sheet `wanted` (a name, or a number counting from 1; the first sheet when `None`)
/// of the workbook in `bytes`, noting the workbook's sheets and the one read in `info`.
pub(super) fn read(
    info: &mut SourceInfo,
    bytes: Vec<u8>,
    wanted: Option<&str>,
) -> Result<DataFrame> {
    let file = info.name.clone();
    let format = info.format.label(None);
    let malformed = |detail: String| Error::Malformed {
        file: file.clone(),
        format,
        detail,
    };
    let budget = crate::core::num::memory::available().unwrap_or(u64::MAX) / 4;
    // calamine lays every sheet of an ods file out when it opens it: its span is counted first.
    if info.format == super::source::Format::Ods {
        if let Some(span) = super::ods_span::span(&bytes) {
            // calamine's values and formulas, then lathe's grid of the sheet read.
            let per_cell = 2 * std::mem::size_of::<Data>() + std::mem::size_of::<String>();
            if span.cells * per_cell as u128 > budget as u128 || span.cells > MAX_CELLS {
                return Err(Error::Unsupported {
                    file,
                    what: format!(
                        "a spreadsheet whose sheets span {} cells in all (the largest {} rows \
                         x {} columns, mostly repeated cells)",
                        group_thousands(span.cells.min(usize::MAX as u128) as usize),
                        group_thousands(span.rows as usize),
                        group_thousands(span.columns as usize)
                    ),
                    hint: "delete the stray cells far from the table in the spreadsheet, or \
                           export the table as CSV"
                        .into(),
                });
            }
        }
    }
    let mut book =
        crate::core::error::catch_panic(|| open_workbook_auto_from_rs(Cursor::new(bytes)))
            .map_err(|what| malformed(format!("the reader failed: {what}")))?
            .map_err(|e| malformed(e.to_string()))?;
    let sheets = book.sheet_names();
    let sheet = choose(&sheets, wanted).map_err(Error::Option)?;
    info.sheets = sheets.clone();
    info.sheet = Some(sheet.clone());
    let merged = merged_header_cells(&mut book, &sheet);
    let cells = crate::core::error::catch_panic(|| sheet_cells(&mut book, &sheet))
        .map_err(|what| malformed(format!("the reader failed: {what}")))?
        .map_err(|e| malformed(format!("sheet {sheet:?}: {e}")))?;
    let Some(grid) = Grid::of(&cells) else {
        return Err(Error::Empty {
            file: format!("{file} (sheet {sheet:?})"),
        });
    };
    // The sheet is laid out densely between its first and last cells: a cell far out
    // (XFD1048576) would ask for billions of cells, so the span is checked first.
    let span = grid.rows as u128 * grid.cols as u128;
    if span * std::mem::size_of::<Data>() as u128 > budget as u128 || span > MAX_CELLS {
        return Err(Error::Unsupported {
            file,
            what: format!(
                "sheet {sheet:?}, whose cells span {} rows x {} columns ({} cells)",
                group_thousands(grid.rows),
                group_thousands(grid.cols),
                group_thousands(grid.rows.saturating_mul(grid.cols))
            ),
            hint: "delete the stray cells far from the table in the spreadsheet, or export \
                   the table as CSV"
                .into(),
        });
    }
    let mut columns: Vec<Vec<Data>> = vec![vec![Data::Empty; grid.rows]; grid.cols];
    for ((r, c), value) in cells {
        columns[(c - grid.first_col) as usize][(r - grid.first_row) as usize] = value;
    }
    let merged: Vec<(u32, u32, u32)> = merged
        .into_iter()
        .filter(|(row, _, _)| *row == grid.first_row)
        .collect();
    let header: Vec<Data> = columns
        .iter_mut()
        .map(|c| std::mem::take(&mut c[0]))
        .collect();
    let names = column_names(&header, grid.first_col, &merged);
    super::source::unique_names(&file, &names)?;
    let columns: Vec<Column> = names
        .iter()
        .zip(&columns)
        .map(|(name, cells)| typed_column(name, &cells[1..]))
        .collect();
    let height = grid.rows - 1;
    DataFrame::new(height, columns).map_err(|e| malformed(e.to_string()))
}

/// The most cells a sheet may span (a million rows of a hundred columns fit); beyond, or beyond
/// a quarter of the memory available, the sheet is refused rather than laid out.
const MAX_CELLS: u128 = 500_000_000;

/// Where a sheet's filled cells lie.
struct Grid {
    first_row: u32,
    first_col: u32,
    rows: usize,
    cols: usize,
}

impl Grid {
    fn of(cells: &[Placed]) -> Option<Grid> {
        let rows = cells.iter().map(|((r, _), _)| *r);
        let cols = cells.iter().map(|((_, c), _)| *c);
        let (first_row, last_row) = (rows.clone().min()?, rows.max()?);
        let (first_col, last_col) = (cols.clone().min()?, cols.max()?);
        Some(Grid {
            first_row,
            first_col,
            rows: (last_row - first_row) as usize + 1,
            cols: (last_col - first_col) as usize + 1,
        })
    }
}

/// A cell's (row, column) in its sheet, and its value.
type Placed = ((u32, u32), Data);

/// A sheet's filled cells with their (row, column): streamed from an xlsx file's XML, so a
/// sparse sheet is never laid out whole; the other formats' readers build their grid
/// themselves (an xls grid is at most 65,536 x 256).
fn sheet_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: &str,
) -> std::result::Result<Vec<Placed>, calamine::Error> {
    if let Sheets::Xlsx(x) = book {
        let mut reader = x
            .worksheet_cells_reader(sheet)
            .map_err(calamine::Error::Xlsx)?;
        let mut cells = Vec::new();
        while let Some(cell) = reader.next_cell().map_err(calamine::Error::Xlsx)? {
            let value = Data::from(cell.get_value().clone());
            if value != Data::Empty {
                cells.push((cell.get_position(), value));
            }
        }
        return Ok(cells);
    }
    let range = book.worksheet_range(sheet)?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    Ok(range
        .used_cells()
        .map(|(r, c, v)| ((row0 + r as u32, col0 + c as u32), v.clone()))
        .collect())
}

/// The sheet asked for (the first when `None`), as [`super::source::named_part`] finds it.
fn choose(sheets: &[String], wanted: Option<&str>) -> std::result::Result<String, String> {
    match wanted {
        Some(w) => super::source::named_part(sheets, w, "--sheet", "sheet", "the workbook"),
        None => sheets
            .first()
            .cloned()
            .ok_or_else(|| "the workbook has no sheets".to_string()),
    }
}

/// The merged regions of a sheet, as (first row, first column, last column) in sheet
/// coordinates (xlsx and xls files say where their merges are; others have none here).
fn merged_header_cells<RS: std::io::Read + std::io::Seek>(
    book: &mut Sheets<RS>,
    sheet: &str,
) -> Vec<(u32, u32, u32)> {
    let regions = match book {
        Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet).unwrap_or_default(),
        _ => Vec::new(),
    };
    regions
        .into_iter()
        .map(|d| (d.start.0, d.start.1, d.end.1))
        .collect()
}

/// The column names from the header row: a cell's text; an empty cell inside a merged header
/// named after the merge's first cell and its place in it (`Sales`, `Sales_2`, ...); any other
/// empty cell `column_N` by its position, as a CSV without a header names them.
fn column_names(header: &[Data], first_col: u32, merged: &[(u32, u32, u32)]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(header.len());
    for (j, cell) in header.iter().enumerate() {
        let col = first_col + j as u32;
        let text = cell_text(cell).map(|t| t.trim().to_string());
        let name = match text {
            Some(t) if !t.is_empty() => t,
            _ => merged
                .iter()
                .find(|(_, from, to)| *from < col && col <= *to)
                .and_then(|(_, from, _)| {
                    let at = (*from - first_col) as usize;
                    let base = names.get(at)?;
                    Some(format!("{base}_{}", col - from + 1))
                })
                .unwrap_or_else(|| format!("column_{}", j + 1)),
        };
        names.push(name);
    }
    names
}

/// A cell as text (`None` when empty or an error such as `#DIV/0!`).
fn cell_text(cell: &Data) -> Option<String> {
    Some(match cell {
        Data::Empty | Data::Error(_) => return None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => match d.as_datetime() {
            Some(t) if t.and_utc().timestamp_millis() % DAY_MS == 0 => t.date().to_string(),
            Some(t) => t.to_string(),
            None => d.as_f64().to_string(),
        },
    })
}

const DAY_MS: i64 = 86_400_000;

/// What every filled cell of a column holds.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Whole,
    Number,
    Bool,
    Date,
    DateTime,
    Text,
}

/// `f` of every cell.
fn each<T>(cells: &[Data], f: impl Fn(&Data) -> Option<T>) -> Vec<Option<T>> {
    cells.iter().map(f).collect()
}

/// A column typed by its filled cells (empty and error cells are missing): whole numbers as
/// integers, other numbers as floats, true/false as booleans, dates (at midnight) as dates,
/// other date-times as date-times, and text for anything else or a mix of kinds.
fn typed_column(name: &str, cells: &[Data]) -> Column {
    let kind_of = |c: &Data| -> Option<Kind> {
        Some(match c {
            Data::Empty | Data::Error(_) => return None,
            Data::Int(_) => Kind::Whole,
            Data::Float(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => Kind::Whole,
            Data::Float(_) => Kind::Number,
            Data::Bool(_) => Kind::Bool,
            Data::DateTime(d) if d.is_datetime() => match d.as_datetime() {
                Some(t) if t.and_utc().timestamp_millis() % DAY_MS == 0 => Kind::Date,
                Some(_) => Kind::DateTime,
                None => Kind::Text,
            },
            _ => Kind::Text,
        })
    };
    let kind = cells
        .iter()
        .filter_map(kind_of)
        .reduce(|a, b| match (a, b) {
            _ if a == b => a,
            (Kind::Whole, Kind::Number) | (Kind::Number, Kind::Whole) => Kind::Number,
            (Kind::Date, Kind::DateTime) | (Kind::DateTime, Kind::Date) => Kind::DateTime,
            _ => Kind::Text,
        })
        .unwrap_or(Kind::Text);
    let name = PlSmallStr::from(name);
    let millis = |c: &Data| match c {
        Data::DateTime(d) => d.as_datetime().map(|t| t.and_utc().timestamp_millis()),
        _ => None,
    };
    match kind {
        Kind::Whole => Column::new(
            name,
            each(cells, |c| match c {
                Data::Int(i) => Some(*i),
                Data::Float(x) => Some(*x as i64),
                _ => None,
            }),
        ),
        Kind::Number => Column::new(
            name,
            each(cells, |c| match c {
                Data::Int(i) => Some(*i as f64),
                Data::Float(x) => Some(*x),
                _ => None,
            }),
        ),
        Kind::Bool => Column::new(
            name,
            each(cells, |c| match c {
                Data::Bool(b) => Some(*b),
                _ => None,
            }),
        ),
        Kind::Date => {
            let v: Vec<Option<i32>> = cells
                .iter()
                .map(|c| millis(c).map(|ms| ms.div_euclid(DAY_MS) as i32))
                .collect();
            Column::new(name, v)
                .cast(&DataType::Date)
                .expect("days since 1970 are dates")
        }
        Kind::DateTime => {
            let v: Vec<Option<i64>> = cells.iter().map(millis).collect();
            Column::new(name, v)
                .cast(&DataType::Datetime(TimeUnit::Milliseconds, None))
                .expect("milliseconds since 1970 are date-times")
        }
        Kind::Text => {
            let v: Vec<Option<String>> = cells.iter().map(cell_text).collect();
            Column::new(name, v)
        }
    }
}
