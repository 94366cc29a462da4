//! SQLite databases, read only: databases written here with rusqlite (typed and mixed columns,
//! declared booleans and dates, two tables and a view, WAL mode).

mod common;

use std::path::{Path, PathBuf};

use lathe::core::data::source::{load, load_all, Format, Input, LoadOptions};
use lathe::core::error::Error;
use polars::prelude::*;
use rusqlite::Connection;

/// A database with the tables `orders` and `notes` and the view `big_orders`.
fn database(dir: &tempfile::TempDir, wal: bool) -> PathBuf {
    let path = dir.path().join("shop.db");
    let conn = Connection::open(&path).unwrap();
    if wal {
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
            .unwrap();
    }
    conn.execute_batch(
        r#"
        CREATE TABLE orders (
            id INTEGER PRIMARY KEY,
            customer TEXT,
            amount REAL,
            qty INTEGER,
            paid BOOLEAN,
            day DATE,
            at DATETIME,
            code,
            "odd ""name""" NUMERIC,
            photo BLOB,
            empty_int INTEGER
        );
        INSERT INTO orders VALUES
            (1, 'Ada',   12.5, 3,    1, '2024-01-05', '2024-01-05 09:30:00', 'A1', 1,   x'00ff', NULL),
            (2, 'Brian', 7,    NULL, 0, '2024-02-29', '2024-02-29 17:00:00', 7,    2.5, NULL,    NULL),
            (3, NULL,    NULL, 12,   1, NULL,         NULL,                  'B2', 3,   'text',  NULL);
        CREATE TABLE notes (note TEXT);
        INSERT INTO notes VALUES ('written by the test');
        CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 10;
        "#,
    )
    .unwrap();
    drop(conn);
    path
}

fn load_table(path: &Path, table: Option<&str>) -> lathe::core::error::Result<DataFrame> {
    let opts = LoadOptions {
        table: table.map(Into::into),
        ..LoadOptions::default()
    };
    load_all(&Input::Path(path.to_path_buf()), &opts).map(|l| l.frame)
}

#[test]
fn a_table_keeps_its_types() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(&dir, false);
    let loaded = load_all(
        &Input::Path(path.clone()),
        &LoadOptions {
            table: Some("orders".into()),
            ..LoadOptions::default()
        },
    )
    .unwrap();
    assert_eq!(loaded.info.format, Format::Sqlite);
    assert_eq!(loaded.info.tables, ["orders", "notes", "big_orders"]);
    assert_eq!(loaded.info.table.as_deref(), Some("orders"));
    assert_eq!(
        loaded.info.describe(false),
        "SQLite table \"orders\" (1 of 3: orders, notes, big_orders)"
    );
    let f = loaded.frame;
    assert_eq!(f.shape(), (3, 11));
    let dtypes: Vec<String> = f.dtypes().iter().map(|d| d.to_string()).collect();
    assert_eq!(
        dtypes,
        [
            "i64",
            "str",
            "f64",
            "i64",
            "bool",
            "date",
            "datetime[μs]",
            "str",
            "f64",
            "str",
            "i64"
        ]
    );
    assert_eq!(
        common::present_f64(f.column("amount").unwrap()),
        [12.5, 7.0]
    );
    assert_eq!(f.column("qty").unwrap().null_count(), 1);
    assert_eq!(
        common::texts(&f, "code"),
        [Some("A1".into()), Some("7".into()), Some("B2".into())]
    );
    assert_eq!(
        common::texts(&f, "photo"),
        [Some("00ff".into()), None, Some("text".into())]
    );
    assert_eq!(
        common::texts(&f, "day"),
        [Some("2024-01-05".into()), Some("2024-02-29".into()), None]
    );
    assert_eq!(
        common::present_f64(f.column("odd \"name\"").unwrap()),
        [1.0, 2.5, 3.0]
    );
    assert_eq!(f.column("empty_int").unwrap().null_count(), 3);
    let paid: Vec<Option<bool>> = f.column("paid").unwrap().bool().unwrap().iter().collect();
    assert_eq!(paid, [Some(true), Some(false), Some(true)]);
    // A view reads like a table, chosen by its number.
    let view = load_table(&path, Some("3")).unwrap();
    assert_eq!(view.shape(), (1, 2));
}

#[test]
fn several_tables_need_a_choice_and_a_wrong_one_lists_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(&dir, false);
    let e = load_table(&path, None).unwrap_err();
    assert!(matches!(e, Error::Choose { .. }), "{e}");
    assert!(
        e.to_string().contains(
            "holds 3 tables: 1 \"orders\", 2 \"notes\", 3 \"big_orders\"; choose one with \
             --table NAME (or its number)"
        ),
        "{e}"
    );
    let e = load_table(&path, Some("customers")).unwrap_err();
    assert!(
        e.to_string().contains("--table customers: no such table; "),
        "{e}"
    );
    // Any case finds it.
    assert_eq!(load_table(&path, Some("NOTES")).unwrap().shape(), (1, 1));
    // A database of one table needs no choice.
    let one = tempfile::tempdir().unwrap();
    let p = one.path().join("one.sqlite");
    let conn = Connection::open(&p).unwrap();
    conn.execute_batch("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);")
        .unwrap();
    drop(conn);
    assert_eq!(load_table(&p, None).unwrap().shape(), (2, 1));
}

/// Every file in `dir` with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn nothing_is_written_beside_the_database_even_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(&dir, true);
    // The writer closed: its log was folded back in and removed.
    let before = files(dir.path());
    assert_eq!(
        before.len(),
        1,
        "{:?}",
        before.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert_eq!(load_table(&path, Some("orders")).unwrap().height(), 3);
    assert_eq!(files(dir.path()), before);
}

#[test]
fn a_database_from_a_pipe_or_gzip_is_read_in_memory() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(&dir, true);
    let bytes = std::fs::read(&path).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    std::io::Write::write_all(&mut gz, &bytes).unwrap();
    let zipped = common::write_in(&dir, "shop.db.gz", gz.finish().unwrap());
    let f = load_table(&zipped, Some("orders")).unwrap();
    assert_eq!(f.shape(), (3, 11));
    // Standard input, through the binary.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lathe"))
        .args(["profile", "-", "--table", "notes", "--json"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), &bytes).unwrap();
    drop(child.stdin.take());
    let out = common::succeeded(&child.wait_with_output().unwrap());
    let p: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(p["rows"], 1);
    assert_eq!(p["table"], "notes");
}

#[test]
fn lathe_profile_names_the_table_and_lists_the_database_s_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(&dir, false);
    let file = path.to_str().unwrap();
    let out = common::lathe_ok(&["profile", file, "--table", "orders", "--json"]);
    let p: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(p["format"], "SQLite");
    assert_eq!(p["table"], "orders");
    assert_eq!(
        common::json_strs(&p["tables"]),
        ["orders", "notes", "big_orders"]
    );
    assert!(p.get("sheet").is_none());
    // pandas: pd.Series([12.5, 7]).mean()
    let amount = p["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "amount")
        .unwrap();
    assert_eq!(amount["mean"], 9.75);
    let text = common::lathe_ok(&["profile", file, "--table", "notes"]);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains("SQLite table \"notes\" (of orders, notes, big_orders)"),
        "{text}"
    );
    // Without --table the command says which there are, and fails.
    let err = common::lathe_fails(&["profile", file], 2);
    assert!(err.contains("choose one with --table"), "{err}");
}

#[test]
fn a_recipe_s_source_table_is_the_table_lathe_run_reads() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(&dir, false);
    let text = common::run_source(&dir, &db, r#""table":"notes""#);
    assert!(text.contains("1 row x 1 column"), "{text}");
}

#[test]
fn a_damaged_database_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(&dir, false);
    let bytes = std::fs::read(&path).unwrap();
    // The header alone, the pages cut off.
    let cut = common::write_in(&dir, "cut.db", &bytes[..100]);
    let e = load_table(&cut, Some("orders")).unwrap_err();
    assert!(
        matches!(
            e,
            Error::Malformed {
                format: "SQLite",
                ..
            }
        ),
        "{e}"
    );
    // Garbage after the magic.
    let mut junk = b"SQLite format 3\0".to_vec();
    junk.extend(std::iter::repeat_n(0xA5, 4096));
    let junk = common::write_in(&dir, "junk.db", junk);
    let e = load_table(&junk, None).unwrap_err();
    assert!(matches!(e, Error::Malformed { .. }), "{e}");
}

#[test]
fn a_big_table_arrives_in_chunks_and_the_load_can_stop() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.db");
    let mut conn = Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute("CREATE TABLE t (i INTEGER, x REAL)", [])
        .unwrap();
    {
        let mut insert = tx.prepare("INSERT INTO t VALUES (?1, ?2)").unwrap();
        for i in 0..200_000i64 {
            insert.execute((i, i as f64 / 2.0)).unwrap();
        }
    }
    tx.commit().unwrap();
    drop(conn);
    let mut chunks = Vec::new();
    let loaded = load(
        &Input::Path(path.clone()),
        &LoadOptions::default(),
        &mut |_, frame, progress| {
            chunks.push((frame.height(), progress.rows, progress.fraction()));
            chunks.len() < 2
        },
    )
    .unwrap();
    assert!(!loaded.complete);
    assert_eq!(loaded.frame.height(), 131_072);
    assert_eq!(chunks[0].0, 65_536);
    assert!((chunks[0].2.unwrap() - 65_536.0 / 200_000.0).abs() < 1e-12);
    let all = load_all(&Input::Path(path), &LoadOptions::default()).unwrap();
    assert_eq!(all.frame.height(), 200_000);
    // pandas: pd.Series(range(200000)).sum() / 2
    let x = all.frame.column("x").unwrap().f64().unwrap().sum().unwrap();
    assert_eq!(x, 9_999_950_000.0);
}

#[test]
fn the_app_lists_the_tables_first_and_reads_the_one_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(&dir, false);
    let (mut app, effects) =
        lathe::app::App::new(Input::Path(path.clone()), LoadOptions::default(), (80, 24));
    assert!(effects.is_empty(), "nothing loads before a table is chosen");
    let screen = common::screen(&app).join("\n");
    assert!(
        screen.contains("shop.db holds 3 tables: which one?"),
        "{screen}"
    );
    for t in ["orders", "notes", "big_orders"] {
        assert!(screen.contains(t), "{screen}");
    }
    assert!(screen.contains("TABLES"), "{screen}");
    // j moves to the second; Enter loads it (the test drives the load the app starts).
    common::press(&mut app, "j");
    let effects = app.update(lathe::app::Action::Key(
        lathe::app::keymap::parse_key("Enter").unwrap(),
    ));
    let (job, input, opts) = match &effects[..] {
        [lathe::app::Effect::Start(job, lathe::jobs::Job::Load { input, opts })] => {
            (*job, input.clone(), opts.clone())
        }
        other => panic!("expected the load, got {other:?}"),
    };
    assert_eq!(opts.table.as_deref(), Some("notes"));
    let result = load_all(&input, &opts)
        .map(Box::new)
        .map_err(|e| e.to_string());
    let more = app.update(lathe::app::Action::Job(lathe::jobs::JobEvent::LoadDone {
        job,
        result,
        elapsed: std::time::Duration::from_millis(3),
    }));
    common::run_effects(&mut app, more);
    assert_eq!(app.frame.shape(), (1, 1));
    let title = &common::screen(&app)[0];
    assert!(title.contains("SQLite \"notes\" 2/3"), "{title}");
    // Esc in the list quits without loading; a named table skips the list.
    let (mut app, _) =
        lathe::app::App::new(Input::Path(path.clone()), LoadOptions::default(), (80, 24));
    let quit = app.update(lathe::app::Action::Key(
        lathe::app::keymap::parse_key("Esc").unwrap(),
    ));
    assert!(matches!(quit[..], [lathe::app::Effect::Quit]));
    let opts = LoadOptions {
        table: Some("orders".into()),
        ..LoadOptions::default()
    };
    let (_, effects) = lathe::app::App::new(Input::Path(path), opts, (80, 24));
    assert_eq!(effects.len(), 1);
}
