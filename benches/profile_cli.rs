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
use std::process::Command;

use common::{median, ms};

const RUNS: usize = 5;

const POLARS: &str =
    "import sys, polars as pl; pl.read_csv(sys.argv[1], try_parse_dates=True).describe()";

fn main() {
    let n = common::rows_arg(1_000_000);
    let path = common::mixed_file(n);
    let file = path.display().to_string();
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..RUNS {
        ours.push(
            common::time_process(
                Command::new(env!("CARGO_BIN_EXE_lathe")).args(["profile", &file, "--json"]),
            )
            .expect("lathe profile failed"),
        );
        if let Some(d) = common::time_process(Command::new("python3").args(["-c", POLARS, &file])) {
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
