//! Spreadsheets: xlsx workbooks written here with rust_xlsxwriter (typed cells, dates, merged
//! and empty header cells, two sheets), and a small OpenDocument file (`tests/data/small.ods`,
//! made by `tests/data/make_ods.py`).

mod common;

use lathe::core::data::source::{load_all, Format, Input, LoadOptions};
use lathe::core::error::Error;
use polars::prelude::*;
use rust_xlsxwriter::{ExcelDateTime, Format as CellFormat, Workbook};

/// A workbook whose first sheet, `Sales`, has a text column, a merged header over two number
/// columns, a true/false column, a date column, a date-time column, a column mixing numbers and
/// text, and an empty header cell; its second sheet is `Notes`.
fn workbook() -> Vec<u8> {
    let mut book = Workbook::new();
    let date = CellFormat::new().set_num_format("yyyy-mm-dd");
    let stamp = CellFormat::new().set_num_format("yyyy-mm-dd hh:mm");
    let sales = book.add_worksheet();
    sales.set_name("Sales").unwrap();
    sales.write_string(0, 0, "region").unwrap();
    sales
        .merge_range(0, 1, 0, 2, "units", &CellFormat::new())
        .unwrap();
    sales.write_string(0, 3, "paid").unwrap();
    sales.write_string(0, 4, "day").unwrap();
    sales.write_string(0, 5, "at").unwrap();
    sales.write_string(0, 6, "code").unwrap();
    // Column 7's header is left empty.
    let rows = [
        ("north", 3.0, 1.5, true, (2024, 1, 5), 9, "A1", 10.0),
        ("south", 4.0, 2.25, false, (2024, 2, 29), 17, "7", 20.0),
        ("east", 12.0, 0.5, true, (2023, 12, 31), 0, "B2", 30.0),
    ];
    for (i, (region, whole, part, paid, (y, m, d), hour, code, last)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sales.write_string(r, 0, *region).unwrap();
        sales.write_number(r, 1, *whole).unwrap();
        sales.write_number(r, 2, *part).unwrap();
        sales.write_boolean(r, 3, *paid).unwrap();
        let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
        sales.write_datetime_with_format(r, 4, &day, &date).unwrap();
        let at = ExcelDateTime::from_ymd(*y, *m, *d)
            .unwrap()
            .and_hms(*hour, 30, 0)
            .unwrap();
        sales.write_datetime_with_format(r, 5, &at, &stamp).unwrap();
        // A code that is sometimes a number: the column is text.
        match code.parse::<f64>() {
            Ok(x) => sales.write_number(r, 6, x).unwrap(),
            Err(_) => sales.write_string(r, 6, *code).unwrap(),
        };
        sales.write_number(r, 7, *last).unwrap();
    }
    let notes = book.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "note").unwrap();
    notes.write_string(1, 0, "written by the test").unwrap();
    book.save_to_buffer().unwrap()
}

fn load_sheet(
    path: &std::path::Path,
    sheet: Option<&str>,
) -> lathe::core::error::Result<lathe::core::data::source::Loaded> {
    let opts = LoadOptions {
        sheet: sheet.map(Into::into),
        ..LoadOptions::default()
    };
    load_all(&Input::Path(path.to_path_buf()), &opts)
}

#[test]
fn an_xlsx_sheet_keeps_its_cell_types_and_names_its_headers() {
    let (_dir, path) = common::temp_file("book.xlsx", workbook());
    let loaded = load_sheet(&path, None).unwrap();
    assert_eq!(loaded.info.format, Format::Excel);
    assert_eq!(loaded.info.sheets, ["Sales", "Notes"]);
    assert_eq!(loaded.info.sheet.as_deref(), Some("Sales"));
    let f = &loaded.frame;
    let names: Vec<&str> = f.get_column_names().iter().map(|n| n.as_str()).collect();
    // The merged header names both its columns; the empty one is named by its position.
    assert_eq!(
        names,
        ["region", "units", "units_2", "paid", "day", "at", "code", "column_8"]
    );
    let dtypes: Vec<DataType> = f.dtypes();
    assert_eq!(
        dtypes,
        [
            DataType::String,
            DataType::Int64,
            DataType::Float64,
            DataType::Boolean,
            DataType::Date,
            DataType::Datetime(TimeUnit::Milliseconds, None),
            DataType::String,
            DataType::Int64,
        ]
    );
    let units: Vec<Option<i64>> = f.column("units").unwrap().i64().unwrap().iter().collect();
    assert_eq!(units, [Some(3), Some(4), Some(12)]);
    let part: Vec<Option<f64>> = f.column("units_2").unwrap().f64().unwrap().iter().collect();
    assert_eq!(part, [Some(1.5), Some(2.25), Some(0.5)]);
    let text = |c: &str| -> Vec<String> {
        let s = f.column(c).unwrap().cast(&DataType::String).unwrap();
        s.str()
            .unwrap()
            .iter()
            .map(|v| v.unwrap().to_string())
            .collect()
    };
    assert_eq!(text("day"), ["2024-01-05", "2024-02-29", "2023-12-31"]);
    assert_eq!(
        text("at"),
        [
            "2024-01-05 09:30:00.000",
            "2024-02-29 17:30:00.000",
            "2023-12-31 00:30:00.000"
        ]
    );
    assert_eq!(text("code"), ["A1", "7", "B2"]);
    assert_eq!(text("paid"), ["true", "false", "true"]);
}

#[test]
fn the_sheet_is_chosen_by_name_or_number_and_a_wrong_one_lists_them() {
    let (_dir, path) = common::temp_file("book.xlsx", workbook());
    for wanted in ["Notes", "notes", "2"] {
        let loaded = load_sheet(&path, Some(wanted)).unwrap();
        assert_eq!(loaded.info.sheet.as_deref(), Some("Notes"), "{wanted}");
        assert_eq!(loaded.frame.shape(), (1, 1));
    }
    let e = load_sheet(&path, Some("9")).unwrap_err();
    assert!(matches!(e, Error::Option(_)));
    assert_eq!(
        e.to_string(),
        "invalid option: --sheet 9: no such sheet; the workbook has 1 \"Sales\", 2 \"Notes\""
    );
}

#[test]
fn an_ods_file_is_read_with_its_types() {
    let loaded = common::load_file("tests/data/small.ods");
    assert_eq!(loaded.info.format, Format::Ods);
    assert_eq!(loaded.info.sheets, ["Readings", "About"]);
    let f = &loaded.frame;
    assert_eq!(f.shape(), (3, 4));
    assert_eq!(f.column("level").unwrap().dtype(), &DataType::Float64);
    assert_eq!(f.column("level").unwrap().null_count(), 1);
    assert_eq!(f.column("ok").unwrap().dtype(), &DataType::Boolean);
    let days = f.column("day").unwrap().cast(&DataType::String).unwrap();
    let first = days.str().unwrap().get(0).unwrap().to_string();
    assert!(first.starts_with("2024-03-01"), "{first}");
}

#[test]
fn lathe_profile_names_the_sheet_and_lists_the_workbook_s_sheets() {
    let (_dir, path) = common::temp_file("book.xlsx", workbook());
    let out = common::lathe(&[
        "profile",
        path.to_str().unwrap(),
        "--sheet",
        "Notes",
        "--json",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["format"], "Excel");
    assert_eq!(p["sheet"], "Notes");
    assert_eq!(common::json_strs(&p["sheets"]), ["Sales", "Notes"]);
    let text = common::lathe_ok(&["profile", path.to_str().unwrap()]);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains("Excel sheet \"Sales\" (of Sales, Notes)"),
        "{text}"
    );
    // A CSV's profile has neither field.
    let out = common::lathe(&["profile", "sample_data/penguins.csv", "--json"]);
    let p: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(p.get("sheet").is_none() && p.get("sheets").is_none());
}

#[test]
fn the_title_bar_shows_the_sheet_among_the_workbook_s_sheets() {
    let (_dir, path) = common::temp_file("book.xlsx", workbook());
    let app = common::loaded_input(Input::Path(path), (120, 30));
    let title = &common::screen(&app)[0];
    assert!(
        title.contains("Excel sheet \"Sales\" (1 of 2: Sales, Notes)  3 rows x 8 columns"),
        "{title}"
    );
    // Narrow, it says it compactly.
    let (_dir, path) = common::temp_file("a_workbook_with_a_long_name.xlsx", workbook());
    let app = common::loaded_input(Input::Path(path), (60, 24));
    let title = &common::screen(&app)[0];
    assert!(title.contains("Excel \"Sales\" 1/2"), "{title}");
}

#[test]
fn a_zip_that_is_not_a_workbook_and_a_damaged_workbook_are_clear_errors() {
    // A zip archive of something else.
    let (_dir, path) =
        common::temp_file("notes.zip", b"PK\x03\x04\x14\x00\x00\x00readme.txt........");
    let e = load_sheet(&path, None).unwrap_err();
    assert!(matches!(e, Error::Binary { .. }), "{e}");
    // A workbook cut short.
    let bytes = workbook();
    let (_dir, path) = common::temp_file("cut.xlsx", &bytes[..bytes.len() / 2]);
    let e = load_sheet(&path, None).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Malformed {
                format: "Excel",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn a_recipe_s_source_sheet_is_the_sheet_lathe_run_reads() {
    let (dir, book) = common::temp_file("book.xlsx", workbook());
    let text = common::run_source(&dir, &book, r#""sheet":"Notes""#);
    assert!(text.contains("1 row x 1 column"), "{text}");
    // And the app records the sheet it read when it saves a recipe.
    let mut app = common::loaded_input(Input::Path(book), (100, 30));
    let saved = dir.path().join("saved.json");
    common::enter_path(&mut app, "<Ctrl-s>", &saved);
    let back = std::fs::read_to_string(&saved).unwrap();
    assert!(back.contains(r#""sheet": "Sales""#), "{back}");
}

#[test]
fn a_sheet_whose_cells_span_the_whole_grid_is_refused_not_allocated() {
    // Two cells at opposite corners of Excel's grid: a dense range between them would be 17
    // billion cells.
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "a").unwrap();
    sheet.write_number(1_048_575, 16_383, 1.0).unwrap();
    let (_dir, path) = common::temp_file("far.xlsx", book.save_to_buffer().unwrap());
    let e = load_sheet(&path, None).unwrap_err();
    assert!(e.to_string().contains("cells"), "{e}");
}

/// `tests/data/small.ods` with `row` (XML) put before its first sheet's last row.
fn ods_with_row(row: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let src = std::fs::read("tests/data/small.ods").unwrap();
    let mut book = ::zip::ZipArchive::new(std::io::Cursor::new(src)).unwrap();
    let mut out = ::zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..book.len() {
        let mut file = book.by_index(i).unwrap();
        let name = file.name().unwrap().to_string();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        if name == "content.xml" {
            let text = String::from_utf8(data).unwrap();
            let east = text.find("east").unwrap();
            let at = text[..east].rfind("<table:table-row").unwrap();
            data = format!("{}{row}{}", &text[..at], &text[at..]).into_bytes();
        }
        let options =
            ::zip::write::SimpleFileOptions::default().compression_method(file.compression());
        out.start_file(name, options).unwrap();
        out.write_all(&data).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn an_ods_whose_repeats_ask_for_billions_of_cells_is_refused_before_it_is_laid_out() {
    // A million rows of a thousand filled cells, in a file of 2 KB.
    let bomb = ods_with_row(
        r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="1000" office:value-type="float" office:value="7"><text:p>7</text:p></table:table-cell></table:table-row>"#,
    );
    assert!(bomb.len() < 4096, "{}", bomb.len());
    let (_dir, path) = common::temp_file("bomb.ods", bomb);
    let e = load_sheet(&path, None).unwrap_err();
    assert!(matches!(e, Error::Unsupported { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("(the largest 1,000,004 rows x 1,000 columns, mostly repeated cells)"),
        "{e}"
    );
    // Empty rows and cells repeated to the sheet's end, as LibreOffice writes them, cost
    // nothing: the sheet still loads.
    let padded = ods_with_row(
        r#"<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>"#,
    );
    let (_dir, path) = common::temp_file("padded.ods", padded);
    let f = load_sheet(&path, None).unwrap().frame;
    assert_eq!(f.width(), 4);
}
