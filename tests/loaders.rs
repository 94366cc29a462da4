//! Every format and every kind of bad input, through the same `load` the app and CLI use.

use std::path::{Path, PathBuf};

use lathe::core::data::source::{load, load_all, Format, Input, LoadOptions};
use lathe::core::Error;
use polars::prelude::*;

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn open(path: &Path) -> Result<lathe::core::data::source::Loaded, Error> {
    load_all(&Input::Path(path.to_path_buf()), &LoadOptions::default())
}

fn sample() -> DataFrame {
    df! {
        "id" => [1i64, 2, 3],
        "x" => [Some(1.5f64), None, Some(-2.0)],
        "name" => [Some("a"), Some("b"), None],
    }
    .unwrap()
}

fn assert_same(a: &DataFrame, b: &DataFrame) {
    assert_eq!(a.shape(), b.shape());
    for (ca, cb) in a.columns().iter().zip(b.columns()) {
        assert_eq!(ca.name(), cb.name());
        assert_eq!(ca.dtype(), cb.dtype(), "column {}", ca.name());
        for i in 0..ca.len() {
            assert_eq!(
                ca.get(i).unwrap(),
                cb.get(i).unwrap(),
                "{} row {i}",
                ca.name()
            );
        }
    }
}

#[test]
fn csv_with_each_delimiter() {
    let dir = tempfile::tempdir().unwrap();
    for (sep, label) in [(',', "CSV"), (';', "CSV"), ('\t', "TSV"), ('|', "CSV")] {
        let text = format!("id{sep}x{sep}name\n1{sep}1.5{sep}a\n2{sep}NA{sep}b\n3{sep}-2.0{sep}\n");
        let p = write(dir.path(), "d.txt", text.as_bytes());
        let l = open(&p).unwrap();
        assert_eq!(l.info.delimiter, Some(sep as u8));
        assert_eq!(l.info.format_label(), label);
        assert_same(&l.frame, &sample());
    }
}

#[test]
fn delimiter_can_be_forced() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "d.csv", b"a;b,c\n1;2,3\n");
    let opts = LoadOptions {
        delimiter: Some(b','),
        ..LoadOptions::default()
    };
    let l = load_all(&Input::Path(p), &opts).unwrap();
    assert_eq!(l.frame.get_column_names(), ["a;b", "c"]);
}

#[test]
fn bom_and_crlf_are_handled() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.csv",
        b"\xEF\xBB\xBFid,x,name\r\n1,1.5,a\r\n2,,b\r\n3,-2.0,\r\n",
    );
    assert_same(&open(&p).unwrap().frame, &sample());
}

#[test]
fn every_default_null_spelling_is_null() {
    let dir = tempfile::tempdir().unwrap();
    let spellings = ["", "NA", "N/A", "null", "NULL", "NaN", "None", "n/a", "nan"];
    let mut text = String::from("num,txt\n");
    for s in spellings {
        text.push_str(&format!("{s},{s}\n"));
    }
    text.push_str("1.5,keep\n");
    let p = write(dir.path(), "d.csv", text.as_bytes());
    let f = open(&p).unwrap().frame;
    assert_eq!(f.column("num").unwrap().dtype(), &DataType::Float64);
    assert_eq!(f.column("num").unwrap().null_count(), spellings.len());
    assert_eq!(f.column("txt").unwrap().null_count(), spellings.len());
}

#[test]
fn null_values_option_replaces_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "d.csv", b"a,b\n-999,NA\n2,x\n,y\n");
    let opts = LoadOptions {
        null_values: LoadOptions::parse_null_values("-999"),
        ..LoadOptions::default()
    };
    let f = load_all(&Input::Path(p), &opts).unwrap().frame;
    let b = f.column("b").unwrap();
    // NA is no longer a null spelling, -999 is; an empty cell is not null for text...
    assert_eq!(b.get(0).unwrap(), AnyValue::String("NA"));
    assert_eq!(
        f.column("a").unwrap().null_count(),
        2,
        "-999, and the empty numeric cell"
    );
}

#[test]
fn no_header_names_columns() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "d.csv", b"1,x\n2,y\n");
    let opts = LoadOptions {
        has_header: false,
        ..LoadOptions::default()
    };
    let f = load_all(&Input::Path(p), &opts).unwrap().frame;
    assert_eq!(f.shape(), (2, 2));
    assert_eq!(f.get_column_names(), ["column_1", "column_2"]);
}

#[test]
fn short_rows_get_nulls_like_pandas() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "d.csv", b"a,b,c\n1,2\n3,4,5\n");
    let f = open(&p).unwrap().frame;
    assert_eq!(f.column("c").unwrap().null_count(), 1);
}

#[test]
fn quoted_fields_with_separators_and_newlines() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.csv",
        b"a,b\n\"x, y\",\"line1\nline2\"\n\"say \"\"hi\"\"\",z\n",
    );
    let f = open(&p).unwrap().frame;
    let a = f.column("a").unwrap();
    assert_eq!(a.get(0).unwrap(), AnyValue::String("x, y"));
    assert_eq!(a.get(1).unwrap(), AnyValue::String("say \"hi\""));
    assert_eq!(
        f.column("b").unwrap().get(0).unwrap(),
        AnyValue::String("line1\nline2")
    );
}

#[test]
fn columnar_and_json_formats_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let mut df = sample();
    let parquet = dir.path().join("d.parquet");
    ParquetWriter::new(std::fs::File::create(&parquet).unwrap())
        .finish(&mut df)
        .unwrap();
    let ipc = dir.path().join("d.arrow");
    IpcWriter::new(std::fs::File::create(&ipc).unwrap())
        .finish(&mut df)
        .unwrap();
    let json = write(
        dir.path(),
        "d.json",
        br#"[{"id":1,"x":1.5,"name":"a"},{"id":2,"x":null,"name":"b"},{"id":3,"x":-2.0,"name":null}]"#,
    );
    let ndjson = write(
        dir.path(),
        "d.ndjson",
        b"{\"id\":1,\"x\":1.5,\"name\":\"a\"}\n{\"id\":2,\"x\":null,\"name\":\"b\"}\n{\"id\":3,\"x\":-2.0,\"name\":null}\n",
    );
    for (path, format) in [
        (&parquet, Format::Parquet),
        (&ipc, Format::Ipc),
        (&json, Format::Json),
        (&ndjson, Format::NdJson),
    ] {
        let l = open(path).unwrap();
        assert_eq!(l.info.format, format, "{}", path.display());
        assert!(l.complete);
        assert_same(&l.frame, &sample());
    }
}

#[test]
fn format_is_detected_by_content_not_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut df = sample();
    let p = dir.path().join("actually_parquet.csv");
    ParquetWriter::new(std::fs::File::create(&p).unwrap())
        .finish(&mut df)
        .unwrap();
    assert_eq!(open(&p).unwrap().info.format, Format::Parquet);
    let j = write(dir.path(), "records.txt", b"[{\"a\": 1}]");
    assert_eq!(open(&j).unwrap().info.format, Format::Json);
}

#[test]
fn json_numbers_are_not_truncated_by_early_inference() {
    // polars infers JSON types from the first 100 records by default and then truncates later
    // floats in an integer column. lathe infers from all records.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("[");
    for i in 0..150 {
        text.push_str(&format!("{{\"v\": {i}}},"));
    }
    text.push_str("{\"v\": 2.5}]");
    let p = write(dir.path(), "d.json", text.as_bytes());
    let f = open(&p).unwrap().frame;
    let v = f.column("v").unwrap();
    assert_eq!(v.dtype(), &DataType::Float64);
    assert_eq!(v.get(150).unwrap(), AnyValue::Float64(2.5));
}

#[test]
fn json_iso_dates_become_dates() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.json",
        br#"[{"d":"2024-01-31","t":"x"},{"d":null,"t":"2024-02-01"}]"#,
    );
    let f = open(&p).unwrap().frame;
    assert_eq!(f.column("d").unwrap().dtype(), &DataType::Date);
    assert_eq!(
        f.column("t").unwrap().dtype(),
        &DataType::String,
        "mixed text stays text"
    );
}

/// A CSV bigger than one block with late values that do not fit the first block's types.
fn big_csv(rows: usize) -> String {
    let mut text = String::from("a,b,c\n");
    for i in 0..rows {
        let a = if i == rows - 100 {
            "2.5".to_string()
        } else {
            i.to_string()
        };
        let b = if i == rows - 50 {
            "abc".to_string()
        } else {
            (i % 7).to_string()
        };
        text.push_str(&format!("{a},{b},2024-01-{:02}\n", i % 28 + 1));
    }
    text
}

#[test]
fn later_blocks_widen_column_types_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let rows = 60_000; // about 1.2 MB: several blocks
    let p = write(dir.path(), "d.csv", big_csv(rows).as_bytes());
    let f = open(&p).unwrap().frame;
    assert_eq!(f.height(), rows);
    let a = f.column("a").unwrap();
    let b = f.column("b").unwrap();
    assert_eq!(a.dtype(), &DataType::Float64);
    assert_eq!(a.get(rows - 100).unwrap(), AnyValue::Float64(2.5));
    assert_eq!(a.get(7).unwrap(), AnyValue::Float64(7.0));
    assert_eq!(b.dtype(), &DataType::String);
    assert_eq!(b.get(rows - 50).unwrap(), AnyValue::String("abc"));
    assert_eq!(b.get(8).unwrap(), AnyValue::String("1"));
    assert_eq!(f.column("c").unwrap().dtype(), &DataType::Date);
}

#[test]
fn progress_is_reported_per_block_and_cancel_keeps_the_rows_read() {
    let dir = tempfile::tempdir().unwrap();
    let rows = 60_000;
    let p = write(dir.path(), "d.csv", big_csv(rows).as_bytes());
    let input = Input::Path(p);
    let mut reports = Vec::new();
    let l = load(&input, &LoadOptions::default(), &mut |_, f, prog| {
        reports.push((f.height(), prog));
        true
    })
    .unwrap();
    assert!(l.complete);
    assert!(reports.len() >= 2, "several blocks");
    let last = reports.last().unwrap().1;
    assert_eq!(last.bytes_read, last.total_bytes.unwrap());
    assert!(reports
        .windows(2)
        .all(|w| w[0].0 < w[1].0 && w[0].1.bytes_read < w[1].1.bytes_read));

    let l = load(&input, &LoadOptions::default(), &mut |_, _, _| false).unwrap();
    assert!(!l.complete);
    assert_eq!(
        l.frame.height(),
        reports[0].0,
        "the first block's rows are kept"
    );
    assert!(l.frame.height() > 0 && l.frame.height() < rows);
}

// ---- bad input: each a typed error whose message names the file (and line where known) ----

fn err(name: &str, bytes: &[u8]) -> (Error, String) {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), name, bytes);
    let e = open(&p).expect_err("bad input must fail");
    let msg = e.to_string();
    assert!(msg.contains(name), "message names the file: {msg}");
    (e, msg)
}

#[test]
fn empty_file() {
    assert!(matches!(err("e.csv", b"").0, Error::Empty { .. }));
    assert!(matches!(err("w.csv", b"\n\n  \n").0, Error::Empty { .. }));
}

#[test]
fn header_only_loads_as_zero_rows_with_its_columns() {
    // As pandas and polars read it: the schema, no rows.
    let dir = tempfile::tempdir().unwrap();
    for text in [&b"a,b,c\n"[..], b"a,b,c"] {
        let p = write(dir.path(), "h.csv", text);
        let l = open(&p).unwrap();
        assert_eq!(l.frame.height(), 0);
        let names: Vec<&str> = l
            .frame
            .get_column_names()
            .iter()
            .map(|n| n.as_str())
            .collect();
        assert_eq!(names, ["a", "b", "c"]);
    }
    // Training on it refuses with a message, not a panic or "no usable features".
    let p = write(dir.path(), "h.csv", b"a,b,c\n");
    let f = open(&p).unwrap().frame;
    let spec = lathe::core::model::train::TrainSpec {
        target: Some("c".into()),
        features: None,
        task: None,
        model: lathe::core::model::models::ModelSpec {
            name: "logistic".into(),
            params: Default::default(),
        },
        evaluation: lathe::core::model::train::Evaluation::Holdout { train: 0.8 },
        seed: 1,
        impute: Default::default(),
    };
    let e = lathe::core::model::train::train(&f, &spec)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("the data has no rows"), "{e}");
}

#[test]
fn ragged_row_names_the_line() {
    let (e, msg) = err("r.csv", b"a,b\n1,2\n3,4\n5,6,7\n");
    assert!(
        matches!(
            e,
            Error::RaggedRow {
                line: 4,
                expected: 2,
                found: 3,
                ..
            }
        ),
        "{msg}"
    );
}

#[test]
fn ragged_row_in_a_later_block_names_the_right_line() {
    let mut text = big_csv(60_000);
    text.push_str("1,2,2024-01-01,extra\n");
    let (e, _) = err("r.csv", text.as_bytes());
    assert!(matches!(e, Error::RaggedRow { line: 60_002, .. }), "{e}");
}

#[test]
fn unterminated_quote_names_the_line_it_opened() {
    let (e, _) = err("q.csv", b"a,b\n1,2\n3,\"open\n4,5\n");
    assert!(matches!(e, Error::UnterminatedQuote { line: 3, .. }), "{e}");
}

#[test]
fn invalid_utf8_names_the_line() {
    let (e, msg) = err("u.csv", b"a,b\n1,ok\n2,caf\xE9\n");
    assert!(
        matches!(
            e,
            Error::InvalidUtf8 {
                line: 3,
                byte: 0xE9,
                ..
            }
        ),
        "{msg}"
    );
    assert!(msg.contains("iconv"), "suggests a fix: {msg}");
}

#[test]
fn binary_file_with_a_data_extension() {
    let (e, _) = err("img.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    assert!(matches!(e, Error::Binary { .. }));
    let (e, _) = err("noise.csv", &[7, 0, 200, 13, 0, 0, 1, 2, 3]);
    assert!(matches!(e, Error::Binary { .. }));
}

#[test]
fn truncated_parquet() {
    let mut df = sample();
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes).finish(&mut df).unwrap();
    bytes.truncate(bytes.len() / 2);
    let (e, _) = err("t.parquet", &bytes);
    assert!(
        matches!(
            e,
            Error::Malformed {
                format: "Parquet",
                ..
            }
        ),
        "{e}"
    );
    // Neither Parquet nor text (text named .parquet loads as text: see below).
    let (e, _) = err("fake.parquet", b"\x00\x01\x02 not parquet");
    assert!(
        matches!(
            e,
            Error::Malformed {
                format: "Parquet",
                ..
            }
        ),
        "{e}"
    );
}

#[test]
fn malformed_json_names_line_and_column() {
    let (e, msg) = err("m.json", b"[\n {\"a\": 1},\n {\"a\": }\n]");
    assert!(
        matches!(e, Error::MalformedJsonLine { line: 3, .. }),
        "{msg}"
    );
    let (e, _) = err("m.ndjson", b"{\"a\": 1}\n{\"a\": 2\n");
    assert!(matches!(e, Error::MalformedJsonLine { line: 2, .. }), "{e}");
}

#[test]
fn duplicate_column_names() {
    let (e, msg) = err("d.csv", b"a,b,a\n1,2,3\n");
    assert!(
        matches!(
            e,
            Error::DuplicateColumn {
                first: 1,
                second: 3,
                ..
            }
        ),
        "{msg}"
    );
}

#[test]
fn missing_file_and_directory() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.csv");
    let e = open(&missing).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }));
    assert!(e.to_string().contains("nope.csv"));
    assert!(matches!(
        open(dir.path()).unwrap_err(),
        Error::IsDirectory { .. }
    ));
}

#[test]
fn the_input_file_is_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "d.csv", b"a,b\n1,2\n");
    let before = std::fs::metadata(&p).unwrap().modified().unwrap();
    open(&p).unwrap();
    assert_eq!(std::fs::read(&p).unwrap(), b"a,b\n1,2\n");
    assert_eq!(std::fs::metadata(&p).unwrap().modified().unwrap(), before);
}

#[test]
fn bundled_sample_opens() {
    let l = load_all(&Input::Sample, &LoadOptions::default()).unwrap();
    assert_eq!(l.frame.shape(), (344, 8));
}

#[test]
fn dates_in_two_formats_stay_text_instead_of_failing() {
    let dir = tempfile::tempdir().unwrap();
    let p = write(
        dir.path(),
        "d.csv",
        b"d,n\n2007-11-11,1\n15/11/2007,2\n?,3\n",
    );
    let f = open(&p).unwrap().frame;
    assert_eq!(f.column("d").unwrap().dtype(), &DataType::String);
    assert_eq!(
        f.column("d").unwrap().get(1).unwrap(),
        AnyValue::String("15/11/2007")
    );
    assert_eq!(f.column("n").unwrap().dtype(), &DataType::Int64);
}

#[test]
fn unreadable_path_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "plain.csv", b"a\n1\n");
    // A path "through" a regular file cannot be opened (ENOTDIR); running as root, permission
    // bits cannot make a file unreadable, so this is the portable unreadable case.
    let bad = file.join("inner.csv");
    let e = open(&bad).unwrap_err();
    assert!(
        matches!(e, Error::Unreadable { .. } | Error::NotFound { .. }),
        "{e}"
    );
    assert!(e.to_string().contains("inner.csv"));
}

#[test]
fn a_stray_quote_inside_a_field_is_reported_at_its_line() {
    // polars (like many CSV readers) opens a quoted field at any quote; lathe splits blocks by
    // the same rule, so `5'11"` unquoted is reported where it is instead of mis-parsed.
    let (e, msg) = err("h.csv", b"name,height\nann,170\nbob,5'11\"\ncid,180\n");
    assert!(
        matches!(e, Error::UnterminatedQuote { line: 3, .. }),
        "{msg}"
    );
    assert!(msg.contains("quote"), "{msg}");
}

#[test]
fn a_json_file_that_holds_no_table_says_so() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("n.json", "42\n"),
        ("s.json", "\"text\""),
        ("n.ndjson", "7"),
    ] {
        let e = open(&write(dir.path(), name, text.as_bytes())).unwrap_err();
        let message = e.to_string();
        assert!(
            message.contains("not a valid JSON file") && message.contains("array of objects"),
            "{name}: {message}"
        );
    }
    // Without a JSON name, a lone word is a one-column CSV header: 0 rows, one column.
    let l = open(&write(dir.path(), "w.csv", b"42\n")).unwrap();
    assert_eq!(l.frame.shape(), (0, 1));
}

#[test]
fn a_text_file_with_a_columnar_name_loads_as_the_text_it_is() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["data.parquet", "data.arrow"] {
        let l = open(&write(dir.path(), name, b"a,b\n1,x\n2,y\n")).unwrap();
        assert_eq!(l.frame.shape(), (2, 2), "{name}");
        assert_eq!(l.info.format, lathe::core::data::source::Format::Csv);
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[test]
fn compressed_files_load_as_what_they_hold() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read("sample_data/penguins.csv").unwrap();
    let plain = open(Path::new("sample_data/penguins.csv")).unwrap().frame;
    let ndjson = b"{\"a\": 1, \"b\": \"x\"}\n{\"a\": 2, \"b\": null}\n";
    let ndjson_plain = open(&write(dir.path(), "p.ndjson", ndjson)).unwrap().frame;
    let zst = |b: &[u8]| zstd::stream::encode_all(b, 3).unwrap();
    // Sniffed by their magic bytes, whatever the name says.
    for (name, bytes, want, format) in [
        ("p.csv.gz", gzip(&csv), &plain, Format::Csv),
        ("p.csv.zst", zst(&csv), &plain, Format::Csv),
        ("p.csv", gzip(&csv), &plain, Format::Csv),
        ("p.ndjson.gz", gzip(ndjson), &ndjson_plain, Format::NdJson),
        ("p.jsonl.zst", zst(ndjson), &ndjson_plain, Format::NdJson),
    ] {
        let got = open(&write(dir.path(), name, &bytes)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.info.format, format, "{name}");
        assert!(got.complete);
        assert_same(&got.frame, want);
    }
    // Two gzip members one after the other read as one file, as gunzip reads them.
    let half = csv.len() / 2;
    let cut = csv[..half].iter().rposition(|&b| b == b'\n').unwrap() + 1;
    let mut two = gzip(&csv[..cut]);
    two.extend(gzip(&csv[cut..]));
    assert_same(
        &open(&write(dir.path(), "two.csv.gz", &two)).unwrap().frame,
        &plain,
    );
    // A big compressed file comes chunk by chunk, as a plain one does.
    let mut big = b"a,b\n".to_vec();
    for i in 0..600_000 {
        big.extend_from_slice(format!("{i},{}\n", i % 7).as_bytes());
    }
    let mut chunks = 0;
    let got = load(
        &Input::Path(write(dir.path(), "big.csv.gz", &gzip(&big))),
        &LoadOptions::default(),
        &mut |_, _, _| {
            chunks += 1;
            true
        },
    )
    .unwrap();
    assert_eq!(got.frame.height(), 600_000);
    assert!(chunks > 1, "{chunks}");
}

#[test]
fn a_damaged_compressed_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read("sample_data/penguins.csv").unwrap();
    let mut cut = gzip(&csv);
    cut.truncate(cut.len() / 2);
    let e = open(&write(dir.path(), "cut.csv.gz", &cut)).unwrap_err();
    // Said once: the I/O error is in the message, not again as its cause.
    assert!(std::error::Error::source(&e).is_none());
    assert_eq!(
        e.to_string(),
        format!(
            "{}: cannot read: incomplete deflate stream",
            dir.path().join("cut.csv.gz").display()
        )
    );
    let twice = gzip(&gzip(&csv));
    let err = open(&write(dir.path(), "twice.csv.gz", &twice))
        .unwrap_err()
        .to_string();
    assert!(err.contains("compressed twice"), "{err}");
}
