//! Inputs the fuzz targets (`fuzz/`, run by `.ci/run`) found crashing lathe, kept so they stay
//! fixed. Each must load as an error that names the file's damage, with no panic and no abort.

mod common;

use lathe::core::data::source::{load_all, Input, LoadOptions};

fn load(name: &str) -> Result<polars::prelude::DataFrame, String> {
    load_all(
        &Input::Path(format!("tests/data/fuzz/{name}").into()),
        &LoadOptions::default(),
    )
    .map(|l| l.frame)
    .map_err(|e| e.to_string())
}

#[test]
fn an_arrow_file_declaring_a_buffer_of_petabytes_is_refused_before_polars_allocates_it() {
    // polars 0.55 allocated the declared 342 PB up front: "memory allocation failed", abort.
    let e = load("ipc_buffer_length.arrow").unwrap_err();
    assert!(e.contains("Arrow IPC"), "{e}");
    assert!(e.contains("lies outside its record batch"), "{e}");
}

#[test]
fn a_parquet_file_that_trips_an_assertion_in_polars_is_an_error() {
    // polars-parquet's dictionary decoder asserted `left == right` (0 and 12) and panicked on
    // one of its worker threads.
    // The page headers are read first now, and this file's are damaged.
    let e = load("parquet_dictionary_assert.parquet").unwrap_err();
    assert!(e.contains("Parquet"), "{e}");
    assert!(
        e.contains("a damaged page header in the column `island` at byte 142"),
        "{e}"
    );
}

#[test]
fn a_parquet_page_declaring_2_to_the_61_values_is_refused_before_polars_allocates_them() {
    // polars-parquet's validity decoder reserved the damaged page header's value count and the
    // allocation aborted the process (no panic to catch). The page headers are read first now.
    let e = load("parquet_page_values.parquet").unwrap_err();
    assert!(e.contains("Parquet"), "{e}");
    assert!(e.contains("a damaged page header in the column `"), "{e}");
    assert!(e.contains("column `body_mass_g` at byte 910"), "{e}");
}

#[test]
fn a_parquet_footer_declaring_a_list_of_billions_is_refused_before_polars_allocates_it() {
    // polars-parquet's footer decoder sized a list from its header (63 GB) and the allocation
    // aborted the process. The footer is decoded by a counting Thrift reader first now.
    let e = load("parquet_footer_list_length.parquet").unwrap_err();
    assert!(e.contains("Parquet"), "{e}");
    assert!(e.contains("a damaged footer"), "{e}");
}

#[test]
fn parquet_files_polars_writes_pass_the_page_checks_unchanged() {
    // Plain, dictionary-encoded, nested (repeated) and compressed columns, several row groups.
    use polars::prelude::*;
    let dir = tempfile::tempdir().unwrap();
    let n = 5_000;
    let mut frame = df!(
        "x" => (0..n).map(|i| i as f64 * 0.5).collect::<Vec<_>>(),
        "word" => (0..n).map(|i| ["a", "bb", "ccc"][i % 3]).collect::<Vec<_>>(),
        "maybe" => (0..n).map(|i| (i % 7 != 0).then_some(i as i64)).collect::<Vec<_>>(),
    )
    .unwrap();
    let lists = Series::new(
        "list".into(),
        (0..n)
            .map(|i| Series::new("".into(), vec![i as i32; i % 4]))
            .collect::<Vec<_>>(),
    );
    frame.with_column(lists.into_column()).unwrap();
    for (name, compression) in [
        ("plain.parquet", ParquetCompression::Uncompressed),
        ("zstd.parquet", ParquetCompression::Zstd(None)),
    ] {
        let path = dir.path().join(name);
        let mut f = std::fs::File::create(&path).unwrap();
        ParquetWriter::new(&mut f)
            .with_compression(compression)
            .with_row_group_size(Some(1_000))
            .with_data_page_size(Some(4_096))
            .finish(&mut frame.clone())
            .unwrap();
        let loaded = load_all(&Input::Path(path), &LoadOptions::default()).unwrap();
        assert!(loaded.frame.equals_missing(&frame), "{name}");
    }
}

#[test]
fn a_parquet_file_pyarrow_writes_with_v2_pages_passes_the_page_checks() {
    // tests/data/reference/make_parquet.py: v2 data pages, a dictionary, a list column, snappy.
    let loaded = common::load_file("tests/data/reference/pyarrow_pages.parquet");
    let f = loaded.frame;
    assert_eq!(f.height(), 2_000);
    let x = f.column("x").unwrap().f64().unwrap();
    assert_eq!(x.get(1_999), Some(999.5));
    let word = f
        .column("word")
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap();
    assert_eq!(word.str().unwrap().get(1_001), Some("ccc"));
    let maybe = f.column("maybe").unwrap().i64().unwrap();
    assert_eq!((maybe.get(700), maybe.get(701)), (None, Some(701)));
    assert_eq!(maybe.null_count(), 286);
}

#[test]
fn an_ndjson_integer_beyond_64_bits_loads_as_a_float() {
    // polars inferred Int128 for it, which it cannot hold, and aborted ("panic in a function
    // that cannot unwind"). lathe reads such integers as floats.
    let f = load("ndjson_int128.ndjson").unwrap();
    let col = f.column("Acceleration").unwrap();
    assert_eq!(col.dtype(), &polars::prelude::DataType::Float64);
    let big = col.f64().unwrap().iter().flatten().fold(0.0, f64::max);
    assert_eq!(big, 1.0666666666666667e34);
}

#[test]
fn an_arrow_schema_polars_has_not_implemented_is_an_error() {
    // polars-arrow's schema reader reached a `todo!()` on a damaged type: lathe panicked.
    let e = load("ipc_schema_todo.arrow").unwrap_err();
    assert!(
        e.contains("the file is damaged (the reader failed: not yet implemented)"),
        "{e}"
    );
}

#[test]
fn a_csv_ending_in_a_lone_opening_quote_is_an_unterminated_quote() {
    // polars' CSV parser sliced the last field `"` as 1..0 (out of bounds: undefined behaviour
    // in a release build, an abort with debug assertions), from these 17 bytes.
    let e = load("csv_lone_quote.csv").unwrap_err();
    assert!(e.contains("quote"), "{e}");
    // The same at the end of an ordinary file, and a tab-separated one.
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("a.csv", "a,b\n1,\""), ("b.tsv", "a\tb\n1\t\"\n")] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        let e = load_all(&Input::Path(p), &LoadOptions::default())
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(e.contains("quote") && e.contains("line 2"), "{name}: {e}");
    }
}

#[test]
fn an_expression_polars_panics_on_is_the_expression_s_error() {
    // polars' chunk splitting unwrapped a shape mismatch (a literal of height 1 beside a
    // column of 344) on this expression, found by the expression fuzzer.
    let src = std::fs::read_to_string("tests/data/fuzz/expr_literal_height.txt").unwrap();
    let frame = load_all(&Input::Sample, &LoadOptions::default())
        .unwrap()
        .frame;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let filtered = lathe::core::data::expr::filter_rows(&frame, &src).map(|_| ());
        let derive = lathe::core::clean::step::Step::Derive {
            name: "d".into(),
            expr: src.clone(),
        };
        let derived = lathe::core::clean::apply_step(&frame, &derive)
            .map(|_| ())
            .map_err(|e| e.to_string());
        (filtered.map_err(|e| e.to_string()), derived)
    }));
    let (filtered, derived) = outcome.expect("no panic reaches the caller");
    // polars panicked on it in a `select` (the fuzz harness's first way of evaluating a
    // derived value); lathe's own paths, a derive step (`with_column`) and a filter, run their
    // queries under `expr::collect`: evaluated or refused, an answer, never a panic.
    for r in [filtered, derived] {
        if let Err(e) = r {
            assert!(
                e.contains("polars failed on it") || e.contains("could not"),
                "{e}"
            );
        }
    }
}

#[test]
fn a_datetime_beyond_the_calendar_is_shown_not_panicked_on() {
    // A bit flip made `sex` a datetime[ms] column whose values lie far past the years chrono
    // holds; polars' formatting panicked (in a profile's top values, and in the table's cells).
    let f = load("ipc_datetime_range.arrow").unwrap();
    let p = lathe::core::stats::profile::profile_frame(&f, "x".into(), "Arrow IPC".into(), true);
    let sex = p.columns.iter().find(|c| c.name == "sex").unwrap();
    let shown = serde_json::to_string(&sex.max).unwrap();
    assert!(shown.contains("ms (beyond the calendar)"), "{shown}");
    let cells: Vec<Option<String>> = (0..f.height())
        .map(|r| lathe::core::data::cells::format_value(&f.column("sex").unwrap().get(r).unwrap()))
        .collect();
    assert!(
        cells
            .iter()
            .flatten()
            .any(|c| c.ends_with("(beyond the calendar)")),
        "{cells:?}"
    );
}

#[test]
fn a_database_column_named_in_bytes_that_are_not_utf8_is_an_error() {
    // A changed byte in the seed's schema made a column name invalid UTF-8; rusqlite's
    // statement panics on such a name ("Invalid UTF-8 sequence in column name") and the fuzz
    // target aborted. The names are read as schema values now.
    let e = load("sqlite_column_name.db").unwrap_err();
    assert!(e.contains("not a valid SQLite file"), "{e}");
    assert!(
        e.contains("a column of \"t\" is not named in UTF-8 text"),
        "{e}"
    );
}
