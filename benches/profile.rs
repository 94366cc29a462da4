//! The full profile of the 1M-row bench file (every column's statistics, duplicate rows, both
//! correlation matrices, quality warnings) against pandas on the same file in the same run,
//! and the UI's redraw time while the statistics job runs.
//!
//! Run: `cargo bench --bench profile` (needs `bench_data/bench_1m.csv`, generated on first use;
//! the pandas side needs `python3` with pandas, and is skipped without it). Record the figures
//! in BENCHMARKS.md.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::{data_file, median, ms};
use lathe::app::keymap::parse_keys;
use lathe::app::Action;
use lathe::core::data::source::{load_all, Input, LoadOptions};
use lathe::core::stats::correlate::correlations;
use lathe::core::stats::profile::{duplicate_rows, profile_frame, summarize_columns};
use lathe::core::stats::quality::dataset_warnings;
use lathe::jobs::{JobEvent, JobId};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

const REPS: usize = 5;

/// pandas on the same file: `describe()` + `corr()` (numeric columns), and the like-for-like
/// `describe(include="all")` + Pearson + Spearman. Prints two medians in ms.
const PANDAS: &str = r#"
import sys, time, statistics
import pandas as pd
df = pd.read_csv(sys.argv[1], parse_dates=["day"])
reps = int(sys.argv[2])
def timed(f):
    out = []
    for _ in range(reps):
        t = time.perf_counter(); f(); out.append(time.perf_counter() - t)
    return statistics.median(out) * 1000
basic = timed(lambda: (df.describe(), df.corr(numeric_only=True)))
full = timed(lambda: (df.describe(include="all"), df.corr(numeric_only=True),
                      df.corr(method="spearman", numeric_only=True), df.duplicated().sum()))
print(f"{basic:.1f} {full:.1f} {pd.__version__}")
"#;

fn main() {
    let path = data_file("1m", "csv");
    let input = Input::Path(path.clone());
    let frame = load_all(&input, &LoadOptions::default()).unwrap().frame;

    // lathe: what `lathe profile` computes after loading, and its parts.
    let mut full = Vec::new();
    let mut columns = Vec::new();
    let mut duplicates = Vec::new();
    let mut duplicates_hashed = Vec::new();
    let mut correlation = Vec::new();
    for _ in 0..REPS {
        let start = Instant::now();
        let p = profile_frame(&frame, String::new(), String::new(), false);
        full.push(start.elapsed());
        assert_eq!(p.columns.len(), frame.width());
        let start = Instant::now();
        let summaries = summarize_columns(&frame, &|_| true).unwrap();
        columns.push(start.elapsed());
        let start = Instant::now();
        duplicate_rows(&frame, &summaries);
        duplicates.push(start.elapsed());
        // Without the shortcut an all-distinct column gives: every row hashed.
        let start = Instant::now();
        duplicate_rows(&frame, &[]);
        duplicates_hashed.push(start.elapsed());
        let start = Instant::now();
        correlations(&frame);
        correlation.push(start.elapsed());
    }
    let full = median(full);

    let pandas = Command::new("python3")
        .args(["-c", PANDAS, &path.display().to_string(), &REPS.to_string()])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());

    // Redraw while the statistics job runs on the other core: keys through update + render.
    let mut app = common::app_loaded(input.clone(), LoadOptions::default(), (120, 40), &frame);
    let mut term = Terminal::new(TestBackend::new(120, 40)).unwrap();
    let busy = frame.clone();
    let worker = std::thread::spawn(move || {
        let stats = summarize_columns(&busy, &|_| true).unwrap();
        let warnings = dataset_warnings(&busy, &stats);
        (stats, warnings)
    });
    let keys = parse_keys("jjjjl<PageDown>kkkkh<PageUp>");
    let mut times = Vec::new();
    while !worker.is_finished() {
        for &k in &keys {
            let start = Instant::now();
            let _ = app.update(Action::Key(k));
            term.draw(|f| lathe::ui::render(&app, f)).unwrap();
            times.push(start.elapsed());
        }
    }
    let (stats, warnings) = worker.join().unwrap();
    let _ = app.update(Action::Job(JobEvent::StatsDone {
        job: JobId(2),
        stats,
        warnings,
    }));
    times.sort();
    let p99 = times[(times.len() * 99 / 100).min(times.len() - 1)];
    let worst = *times.last().unwrap();
    let redraw = median(times.clone());

    println!("| what | lathe | pandas | pandas / lathe |");
    println!("|---|---|---|---|");
    let (basic, like) = match pandas
        .as_deref()
        .map(|s| s.split_whitespace().collect::<Vec<_>>())
    {
        Some(v) if v.len() >= 3 => {
            eprintln!("pandas {}", v[2]);
            (v[0].parse::<f64>().ok(), v[1].parse::<f64>().ok())
        }
        _ => {
            eprintln!("pandas not available: its columns are left empty");
            (None, None)
        }
    };
    let row = |what: &str, ours: Duration, theirs: Option<f64>| {
        let ours_ms = ours.as_secs_f64() * 1000.0;
        match theirs {
            Some(t) => println!("| {what} | {} | {t:.0} ms | {:.2} |", ms(ours), t / ours_ms),
            None => println!("| {what} | {} | | |", ms(ours)),
        }
    };
    row(
        "full profile vs describe(include=\"all\") + Pearson + Spearman + duplicated()",
        full,
        like,
    );
    row("full profile vs describe() + corr()", full, basic);
    row("part: column statistics", median(columns), None);
    row("part: duplicate rows", median(duplicates), None);
    row(
        "part: duplicate rows, every row hashed",
        median(duplicates_hashed),
        None,
    );
    row("part: both correlation matrices", median(correlation), None);
    println!(
        "| redraw while the statistics job runs ({} keys) | median {}, p99 {}, worst {} | | |",
        times.len(),
        ms(redraw),
        ms(p99),
        ms(worst)
    );
}
