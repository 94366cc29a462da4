//! Load, first-frame, redraw and statistics timings on generated 1M- and 10M-row files.
//!
//! Run: `cargo bench --bench load` (all scenarios, each in its own process so peak memory is
//! its own), or `cargo bench --bench load -- 1m csv` for one. Data is generated once into
//! `bench_data/` (git-ignored). Results are medians; record them in BENCHMARKS.md.

use std::time::{Duration, Instant};

use lathe::app::keymap::parse_keys;
use lathe::app::{Action, App};
use lathe::core::data::source::{load, load_all, Input, LoadOptions};
use lathe::core::stats::profile::summarize_columns;
use lathe::jobs::{JobEvent, JobId};
use polars::prelude::*;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

mod common;

use common::{data_file, median, ms, row_count};

const SIZE: (u16, u16) = (120, 40);

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.len() >= 2 {
        run_scenario(&args[0], &args[1]);
        return;
    }
    println!("| rows | format | first frame | full load | polars' reader | ratio | redraw (PgDn) | redraw (j) | column stats | peak RSS |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for rows in ["1m", "10m"] {
        for format in ["csv", "parquet"] {
            data_file(rows, format);
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .args([rows, format])
                .output()
                .expect("running a scenario");
            print!("{}", String::from_utf8_lossy(&out.stdout));
            if !out.status.success() {
                eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            }
        }
    }
}

fn draw(app: &App, t: &mut Terminal<TestBackend>) {
    t.draw(|f| lathe::ui::render(app, f)).unwrap();
}

fn run_scenario(rows: &str, format: &str) {
    let path = data_file(rows, format);
    let input = Input::Path(path.clone());
    let opts = LoadOptions::default();
    let mut term = Terminal::new(TestBackend::new(SIZE.0, SIZE.1)).unwrap();

    // Time to the first drawn frame with rows: open, read the first chunk, build the app, draw.
    let first: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let mut drawn = Duration::ZERO;
            load(&input, &opts, &mut |info, frame, progress| {
                let (mut app, _) = App::new(input.clone(), opts.clone(), SIZE);
                let _ = app.update(Action::Job(JobEvent::LoadProgress {
                    job: JobId(1),
                    info: Box::new(info.clone()),
                    frame: frame.clone(),
                    progress,
                }));
                draw(&app, &mut term);
                // Measured here: the loader's read-ahead may still be finishing a piece.
                drawn = start.elapsed();
                false
            })
            .unwrap();
            drawn
        })
        .collect();

    // Full load, lathe's reader against polars' own on the same file, interleaved.
    let reps = if rows == "1m" { 9 } else { 5 };
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    let mut frame = DataFrame::empty();
    for _ in 0..reps {
        let start = Instant::now();
        frame = load_all(&input, &opts).unwrap().frame;
        ours.push(start.elapsed());
        let start = Instant::now();
        let df = match format {
            // Same output as lathe's: ISO dates parsed, the same null spellings.
            "csv" => CsvReadOptions::default()
                .with_parse_options(
                    CsvParseOptions::default()
                        .with_try_parse_dates(true)
                        .with_null_values(Some(NullValues::AllColumns(
                            lathe::core::data::source::DEFAULT_NULL_VALUES[1..]
                                .iter()
                                .map(|s| (*s).into())
                                .collect(),
                        ))),
                )
                .try_into_reader_with_file_path(Some(path.clone()))
                .unwrap()
                .finish()
                .unwrap(),
            _ => ParquetReader::new(std::fs::File::open(&path).unwrap())
                .finish()
                .unwrap(),
        };
        theirs.push(start.elapsed());
        assert_eq!(df.height(), frame.height());
    }
    assert_eq!(frame.height(), row_count(rows));

    // Redraw per keystroke on the fully loaded frame.
    let mut app = common::app_loaded(input.clone(), opts.clone(), SIZE, &frame);
    let per_key = |app: &mut App, term: &mut Terminal<TestBackend>, keys: &str| {
        let keys = parse_keys(keys);
        let mut times = Vec::new();
        for _ in 0..200 {
            for &k in &keys {
                let start = Instant::now();
                let _ = app.update(Action::Key(k));
                draw(app, term);
                times.push(start.elapsed());
            }
        }
        median(times)
    };
    let page = per_key(&mut app, &mut term, "<PageDown>");
    let line = per_key(&mut app, &mut term, "j");

    let start = Instant::now();
    let stats = summarize_columns(&frame, &|_| true).unwrap();
    let stats_time = start.elapsed();
    assert_eq!(stats.len(), frame.width());

    // Peak memory of what the app does (load, statistics, draw), without the baseline's frame:
    // drop everything, reset the high-water mark, and do it once more.
    drop(stats);
    drop(app);
    drop(frame);
    reset_peak_rss();
    let frame = load_all(&input, &opts).unwrap().frame;
    let stats = summarize_columns(&frame, &|_| true).unwrap();
    assert_eq!(stats.len(), frame.width());
    let peak = peak_rss();

    let ours = median(ours);
    let theirs = median(theirs);
    println!(
        "| {rows} | {format} | {} | {} | {} | {:.2} | {} | {} | {} | {} |",
        ms(median(first)),
        ms(ours),
        ms(theirs),
        ours.as_secs_f64() / theirs.as_secs_f64(),
        ms(page),
        ms(line),
        ms(stats_time),
        peak,
    );
}

/// Start a new high-water mark (Linux: writing 5 to clear_refs resets VmHWM).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// Peak resident memory of this process (Linux), e.g. `1.2 GB`.
fn peak_rss() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: f64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    if kb > 1024.0 * 1024.0 {
        format!("{:.2} GB", kb / 1024.0 / 1024.0)
    } else {
        format!("{:.0} MB", kb / 1024.0)
    }
}
