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

/// `bench_data/mixed_{n}.csv`, written once: n rows x 14 mixed columns (five integer and four
/// float columns, three text columns (`city` 7 levels, `code` 400, `note` free text), an ISO
/// date, a boolean), about 3% missing cells per column, in different rows per column.
pub fn mixed_file(n: usize) -> PathBuf {
    let path = data_dir().join(format!("mixed_{n}.csv"));
    if !path.exists() {
        eprintln!("writing {}", path.display());
        write_mixed(n, &path);
    }
    path
}

fn write_mixed(n: usize, path: &Path) {
    let mut rng = lathe::core::num::rng::SplitMix::new(11);
    let mut text = String::with_capacity(n * 160);
    text.push_str("i0,i1,i2,i3,i4,f0,f1,f2,f3,city,code,note,day,flag\n");
    let cities = ["Oslo", "Lima", "Kyiv", "Pune", "Nice", "Graz", "Cork"];
    for _ in 0..n {
        let mut r = || rng.next_u64();
        // About 3% missing: one chance in 33 per cell.
        let cell = |text: &mut String, value: String, last: bool, r: u64| {
            if !r.is_multiple_of(33) {
                text.push_str(&value);
            }
            text.push(if last { '\n' } else { ',' });
        };
        for j in 0..5u64 {
            let v = r();
            cell(
                &mut text,
                format!("{}", (v >> 8) % (100 * (j + 1) * (j + 1))),
                false,
                v,
            );
        }
        for j in 0..4 {
            let v = r();
            let x = ((v >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi(j);
            cell(&mut text, format!("{x:.4}"), false, v);
        }
        let v = r();
        cell(
            &mut text,
            cities[(v >> 8) as usize % cities.len()].to_string(),
            false,
            v,
        );
        let v = r();
        cell(&mut text, format!("C{:03}", (v >> 8) % 400), false, v);
        let v = r();
        cell(&mut text, format!("note {:x}", v >> 44), false, v);
        let v = r();
        let d = (v >> 8) % 3650;
        let (y, m, dd) = (2015 + d / 365, 1 + (d % 365) / 31 % 12, 1 + d % 28);
        cell(&mut text, format!("{y}-{m:02}-{dd:02}"), false, v);
        let v = r();
        cell(
            &mut text,
            if v >> 63 == 1 { "true" } else { "false" }.into(),
            true,
            v,
        );
    }
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// Time one whole process, its standard output and error thrown away; `None` if it fails.
pub fn time_process(cmd: &mut std::process::Command) -> Option<Duration> {
    use std::process::Stdio;
    let start = std::time::Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| start.elapsed())
}

/// An app that opened `input` (a CSV file) and whose load job reported `frame` whole, as the
/// job would; the statistics job it then asks for is left to the caller.
pub fn app_loaded(
    input: lathe::core::data::source::Input,
    opts: lathe::core::data::source::LoadOptions,
    size: (u16, u16),
    frame: &DataFrame,
) -> lathe::app::App {
    use lathe::app::{Action, App, Effect};
    use lathe::core::data::source::{Format, Input, Loaded, SourceInfo};
    use lathe::jobs::{Job, JobEvent};
    let name = match &input {
        Input::Path(p) => p.display().to_string(),
        _ => "<stdin>".to_string(),
    };
    let (mut app, effects) = App::new(input, opts, size);
    let job = match &effects[0] {
        Effect::Start(job, Job::Load { .. }) => *job,
        _ => unreachable!(),
    };
    let _ = app.update(Action::Job(JobEvent::LoadDone {
        job,
        result: Ok(Box::new(Loaded {
            info: SourceInfo {
                name,
                format: Format::Csv,
                delimiter: Some(b','),
                bytes: None,
                sheets: Vec::new(),
                sheet: None,
                tables: Vec::new(),
                table: None,
            },
            frame: frame.clone(),
            complete: true,
        })),
        elapsed: Duration::ZERO,
    }));
    app
}
