//! Whole-process `lathe profile FILE --json` against python-polars `read_csv` + `describe()` on
//! the same file, alternated, medians of `RUNS` each (python3 with polars; its column is empty
//! without it). The file: 1M (or `-- ROWS`) rows x 14 mixed columns (five integer and four
//! float columns, three text columns, an ISO date column, a boolean), about 3% missing cells in
//! each column, missing in different rows per column (the case that made Spearman re-rank every
//! pair). Generated once into `bench_data/mixed_{rows}.csv`.
//!
//! Run: `cargo bench --bench profile_cli [-- ROWS]`. Record the figures in BENCHMARKS.md.

mod common;

use std::fmt::Write as _;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{data_dir, median, ms};
use lathe::core::rng::SplitMix;

const RUNS: usize = 5;

fn generate(n: usize, path: &std::path::Path) {
    let mut rng = SplitMix::new(11);
    let mut text = String::with_capacity(n * 160);
    text.push_str("i0,i1,i2,i3,i4,f0,f1,f2,f3,city,code,note,day,flag\n");
    let cities = ["Oslo", "Lima", "Kyiv", "Pune", "Nice", "Graz", "Cork"];
    for _ in 0..n {
        let mut r = || rng.next_u64();
        // About 3% missing: one chance in 33 per cell.
        let cell = |text: &mut String, value: String, last: bool, r: u64| {
            if r % 33 != 0 {
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

/// Time one whole process, its output thrown away; `None` if it fails.
fn time(cmd: &mut Command) -> Option<Duration> {
    let start = Instant::now();
    let status = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .ok()?;
    status.success().then(|| start.elapsed())
}

const POLARS: &str =
    "import sys, polars as pl; pl.read_csv(sys.argv[1], try_parse_dates=True).describe()";

fn main() {
    let n = common::rows_arg(1_000_000);
    let path = data_dir().join(format!("mixed_{n}.csv"));
    if !path.exists() {
        eprintln!("writing {}", path.display());
        generate(n, &path);
    }
    let file = path.display().to_string();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        ours.push(
            time(Command::new(env!("CARGO_BIN_EXE_lathe")).args(["profile", &file, "--json"]))
                .expect("lathe profile failed"),
        );
        if let Some(d) = time(Command::new("python3").args(["-c", POLARS, &file])) {
            theirs.push(d);
        }
    }
    let ours = median(ours);
    let mut line = String::new();
    let _ = write!(line, "| {n} rows x 14 | {} |", ms(ours));
    if theirs.is_empty() {
        eprintln!("python-polars not available: its column is left empty");
        line.push_str(" | |");
    } else {
        let theirs = median(theirs);
        let _ = write!(
            line,
            " {} | {:.2} |",
            ms(theirs),
            ours.as_secs_f64() / theirs.as_secs_f64()
        );
    }
    println!("| file | lathe profile --json | python-polars read_csv + describe | ratio |");
    println!("|---|---|---|---|");
    println!("{line}");
}
