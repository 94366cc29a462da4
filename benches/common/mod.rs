//! What the benchmarks share: the generated data files and how times are summarised.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Duration;

use polars::prelude::*;

pub fn row_count(rows: &str) -> usize {
    match rows {
        "1m" => 1_000_000,
        "10m" => 10_000_000,
        other => panic!("unknown size {other}"),
    }
}

/// The row count given after `--` (`cargo bench --bench NAME -- ROWS`), or `default`.
pub fn rows_arg(default: usize) -> usize {
    std::env::args()
        .skip(1)
        .find(|a| a != "--bench")
        .and_then(|a| a.parse().ok())
        .unwrap_or(default)
}

pub fn data_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench_data");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Mixed columns: integers, floats with nulls, a category, free text, a date, a boolean.
pub fn generate(n: usize) -> DataFrame {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let cats = ["alpha", "beta", "gamma", "delta", "epsilon"];
    let mut id = Vec::with_capacity(n);
    let mut x = Vec::with_capacity(n);
    let mut y = Vec::with_capacity(n);
    let mut cat = Vec::with_capacity(n);
    let mut name = Vec::with_capacity(n);
    let mut day = Vec::with_capacity(n);
    let mut flag = Vec::with_capacity(n);
    for i in 0..n {
        let r = next();
        id.push(i as i64);
        x.push((r % 20 != 0).then(|| (r % 100_000) as f64 / 97.0));
        y.push(((r >> 20) % 1000) as f64 - 500.25);
        cat.push((r % 50 != 1).then(|| cats[(r >> 8) as usize % cats.len()]));
        name.push(format!("user_{:x}", r >> 40));
        day.push(18_000 + ((r >> 30) % 3000) as i32);
        flag.push(r & 1 == 1);
    }
    let day = Series::new("day".into(), day)
        .cast(&DataType::Date)
        .unwrap();
    DataFrame::new(
        n,
        vec![
            Column::new("id".into(), id),
            Column::new("x".into(), x),
            Column::new("y".into(), y),
            Column::new("category".into(), cat),
            Column::new("name".into(), name),
            day.into(),
            Column::new("flag".into(), flag),
        ],
    )
    .unwrap()
}

pub fn data_file(rows: &str, format: &str) -> PathBuf {
    let path = data_dir().join(format!("bench_{rows}.{format}"));
    if path.exists() {
        return path;
    }
    eprintln!("generating {}", path.display());
    let mut df = generate(row_count(rows));
    let tmp = path.with_extension("tmp");
    let file = std::fs::File::create(&tmp).unwrap();
    match format {
        "csv" => CsvWriter::new(file).finish(&mut df).unwrap(),
        "parquet" => {
            ParquetWriter::new(file).finish(&mut df).unwrap();
        }
        _ => panic!("unknown format {format}"),
    }
    std::fs::rename(&tmp, &path).unwrap();
    path
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}
