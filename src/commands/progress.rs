//! Progress on standard error for the headless commands: one line redrawn in place (what is
//! being done; while loading, a bar when the file's size is known, rows per second and the time
//! left), drawn only when standard error is a terminal and `--quiet` is not given, so it never
//! mixes into a pipe, a log file or the `--json` on standard output. The line is erased when the
//! work ends, before anything else is printed.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use crate::core::data::cells::group_thousands;
use crate::core::data::source::Progress;

/// Redraws are at least this far apart (a terminal over SSH should not be flooded).
const EVERY: Duration = Duration::from_millis(100);
/// Cells of the bar.
const BAR: usize = 20;

/// The progress line of one command.
pub struct Bar {
    out: Option<Box<dyn Write>>,
    started: Instant,
    last: Option<Instant>,
    drawn: bool,
}

impl Bar {
    /// On standard error when it is a terminal, unless `quiet`.
    pub fn new(quiet: bool) -> Bar {
        let on = !quiet && std::io::stderr().is_terminal();
        Bar::to(on.then(|| Box::new(std::io::stderr()) as Box<dyn Write>))
    }

    /// Drawing into `out`, or nowhere.
    pub fn to(out: Option<Box<dyn Write>>) -> Bar {
        Bar {
            out,
            started: Instant::now(),
            last: None,
            drawn: false,
        }
    }

    /// A load under way: `what` (the file) and how far it is.
    pub fn load(&mut self, what: &str, p: &Progress) {
        let elapsed = self.started.elapsed();
        self.draw(|| load_line(what, p, elapsed), false);
    }

    /// A stage of the work (`computing statistics…`, `fold 2 of 5`): drawn at once.
    pub fn stage(&mut self, text: &str) {
        self.draw(|| text.to_string(), true);
    }

    /// Erase the line (the work is done, or something else will be printed).
    pub fn clear(&mut self) {
        if let (Some(out), true) = (self.out.as_mut(), self.drawn) {
            let _ = out.write_all(b"\r\x1b[2K").and_then(|()| out.flush());
            self.drawn = false;
        }
    }

    fn draw(&mut self, line: impl FnOnce() -> String, now: bool) {
        let Some(out) = self.out.as_mut() else {
            return;
        };
        if !now && self.last.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        self.last = Some(Instant::now());
        // One line, never wrapped: `\r` returns to the start of the last row only.
        // A terminal that does not say its width (0) is taken as 80 columns.
        let width = crossterm::terminal::size()
            .ok()
            .filter(|(w, _)| *w > 0)
            .map_or(80, |(w, _)| w as usize);
        let line = fit(&line(), width.saturating_sub(1));
        // Progress is best effort: a terminal that went away is not the command's failure.
        let _ = out
            .write_all(format!("\r\x1b[2K{line}").as_bytes())
            .and_then(|()| out.flush());
        self.drawn = true;
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.clear();
    }
}

/// `reading big.csv  ████████░░░░░░░░░░░░  41%  1,204,000 rows  602,000 rows/s  ~3 s left`; the
/// bar and the time left only when the size is known.
pub fn load_line(what: &str, p: &Progress, elapsed: Duration) -> String {
    let secs = elapsed.as_secs_f64();
    let mut line = format!("reading {what}");
    let fraction = p.fraction();
    if let Some(f) = fraction {
        let full = ((f * BAR as f64).round() as usize).min(BAR);
        line.push_str(&format!(
            "  {}{}  {:>3.0}%",
            "█".repeat(full),
            "░".repeat(BAR - full),
            f * 100.0
        ));
    }
    line.push_str(&format!("  {} rows", group_thousands(p.rows)));
    if secs >= 0.5 && p.rows > 0 {
        line.push_str(&format!(
            "  {} rows/s",
            group_thousands((p.rows as f64 / secs) as usize)
        ));
    }
    if let Some(f) = fraction.filter(|f| *f > 0.02 && *f < 1.0 && secs >= 0.5) {
        let left = secs * (1.0 - f) / f;
        line.push_str(&format!("  ~{} left", duration(left)));
    }
    line
}

/// `line` cut to `width` characters (the bar's cells are one column each).
fn fit(line: &str, width: usize) -> String {
    match line.char_indices().nth(width) {
        Some((at, _)) => line[..at].to_string(),
        None => line.to_string(),
    }
}

/// `3 s`, `2 min 05 s`.
fn duration(secs: f64) -> String {
    let s = secs.round() as u64;
    if s < 60 {
        format!("{s} s")
    } else {
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(bytes_read: u64, total: Option<u64>, rows: usize) -> Progress {
        Progress {
            bytes_read,
            total_bytes: total,
            rows,
        }
    }

    #[test]
    fn the_line_says_how_far_how_fast_and_how_long() {
        let p = at(410, Some(1000), 1_204_000);
        assert_eq!(
            load_line("big.csv", &p, Duration::from_secs(2)),
            "reading big.csv  ████████░░░░░░░░░░░░   41%  1,204,000 rows  602,000 rows/s  ~3 s left"
        );
        // A pipe or a compressed file: no size, so rows only.
        let p = at(0, None, 5_000);
        assert_eq!(
            load_line("<stdin>", &p, Duration::from_secs(1)),
            "reading <stdin>  5,000 rows  5,000 rows/s"
        );
        // The first instants: no speed or estimate yet.
        assert_eq!(
            load_line("x.csv", &at(0, Some(10), 0), Duration::ZERO),
            "reading x.csv  ░░░░░░░░░░░░░░░░░░░░    0%  0 rows"
        );
        assert_eq!(duration(125.4), "2 min 05 s");
        assert_eq!(fit("reading ██░░ 50%", 11), "reading ██░");
        assert_eq!(fit("short", 80), "short");
    }

    #[test]
    fn nothing_is_drawn_when_off_and_the_line_is_erased_at_the_end() {
        use std::sync::{Arc, Mutex};
        #[derive(Clone, Default)]
        struct Shared(Arc<Mutex<Vec<u8>>>);
        impl Write for Shared {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut off = Bar::to(None);
        off.stage("computing");
        off.clear();
        let sink = Shared::default();
        {
            let mut bar = Bar::to(Some(Box::new(sink.clone())));
            bar.stage("fold 1 of 5");
            bar.stage("fold 2 of 5");
        }
        let text = String::from_utf8(sink.0.lock().unwrap().clone()).unwrap();
        assert_eq!(
            text, "\r\x1b[2Kfold 1 of 5\r\x1b[2Kfold 2 of 5\r\x1b[2K",
            "each stage redrawn in place, and erased when the bar goes"
        );
    }
}
