//! Inputs the fuzz targets (`fuzz/`, run by `.ci/run`) found crashing lathe, kept so they stay
//! fixed. Each must load as an error that names the file's damage, with no panic and no abort.

use lathe::core::source::{load_all, Input, LoadOptions};

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
    let e = load("parquet_dictionary_assert.parquet").unwrap_err();
    assert!(e.contains("Parquet"), "{e}");
    assert!(
        e.contains("the file is damaged (the reader failed: "),
        "{e}"
    );
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
        let filtered = lathe::core::expr::filter_rows(&frame, &src).map(|_| ());
        let derive = lathe::core::recipe::Step::Derive {
            name: "d".into(),
            expr: src.clone(),
        };
        let derived = lathe::core::clean::apply_step(&frame, &derive).map(|_| ());
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
