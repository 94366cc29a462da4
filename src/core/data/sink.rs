//! Writing files without loss: every output goes to a temporary name in the same directory and
//! is renamed into place, so an interrupted write leaves no partial file; the source data is
//! never written over, and an existing file only when the caller says so.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use polars::prelude::*;

use crate::core::error::{Error, Result};

/// Formats lathe writes, chosen by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutFormat {
    Csv,
    Tsv,
    Parquet,
    /// A JSON array of row objects.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// Arrow IPC (Feather v2).
    Arrow,
}

impl OutFormat {
    /// The format for a path's extension.
    pub fn for_path(path: &Path) -> Result<OutFormat> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        Ok(match ext.as_str() {
            "csv" => OutFormat::Csv,
            "tsv" | "tab" => OutFormat::Tsv,
            "parquet" | "pq" => OutFormat::Parquet,
            "json" => OutFormat::Json,
            "ndjson" | "jsonl" => OutFormat::Ndjson,
            "arrow" | "ipc" | "feather" => OutFormat::Arrow,
            _ => {
                return Err(Error::Write {
                    file: path.display().to_string(),
                    message: "unknown output format; end the name with .csv, .tsv, .parquet, \
                              .json, .ndjson or .arrow"
                        .into(),
                })
            }
        })
    }
}

/// Whether two paths name the same file (the second may not exist yet): the same device and
/// inode on Unix, so a hard link or a symbolic link to the file is the file.
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(a), std::fs::metadata(b)) {
            (Ok(x), Ok(y)) => x.dev() == y.dev() && x.ino() == y.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Refuse to write `out` over a file the command is reading (`what`: "recipe", "model"),
/// whatever `--force` says.
pub fn check_not_reading(out: &Path, reading: &Path, what: &str) -> Result<()> {
    if same_file(reading, out) {
        return Err(Error::Write {
            file: out.display().to_string(),
            message: format!(
                "is the {what} being read; lathe never writes over its input, choose another name"
            ),
        });
    }
    Ok(())
}

/// Check that `out` may be written: not the source, and not an existing file unless
/// `overwrite`.
pub fn check_target(out: &Path, source: Option<&Path>, overwrite: bool) -> Result<()> {
    let file = out.display().to_string();
    if source.is_some_and(|s| same_file(s, out)) {
        return Err(Error::Write {
            file,
            message: "is the source data; lathe never writes over its input, choose another name"
                .into(),
        });
    }
    if out.is_dir() {
        return Err(Error::Write {
            file,
            message: "is a directory".into(),
        });
    }
    if out.exists() && !overwrite {
        return Err(Error::Write {
            file,
            message: "exists already; pass --force to replace it".into(),
        });
    }
    Ok(())
}

/// A temporary name beside `path`, hidden and unique to this process.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    path.with_file_name(format!(".{name}.lathe-{}.tmp", std::process::id()))
}

/// The process id in a temporary name lathe made (`.NAME.lathe-PID.tmp`).
fn temp_owner(file_name: &str) -> Option<u32> {
    let rest = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, pid) = rest.rsplit_once(".lathe-")?;
    pid.parse().ok()
}

/// Remove temporary files that processes no longer running left in `dir` (killed with
/// SIGKILL, or by a power cut: no handler runs then). Only names lathe makes are touched, and
/// only where the process is known to be gone (Linux's /proc; elsewhere none are removed).
fn clear_stale(dir: &Path) {
    if !cfg!(target_os = "linux") {
        return;
    }
    let Ok(entries) = std::fs::read_dir(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) else {
        return;
    };
    let me = std::process::id();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = temp_owner(&name.to_string_lossy()) else {
            continue;
        };
        if pid != me && !Path::new("/proc").join(pid.to_string()).exists() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Temporary files being written now, removed by [`remove_pending`] when a signal stops the
/// process before it could clean up.
static PENDING: std::sync::Mutex<Vec<PathBuf>> = std::sync::Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Remove the temporary files being written (the signal handler calls this before exiting).
pub fn remove_pending() {
    for tmp in pending().drain(..) {
        let _ = std::fs::remove_file(tmp);
    }
}

/// On SIGINT, SIGTERM and SIGHUP (Ctrl-C, `kill`, an SSH session that drops): remove the
/// temporary files being written, run `before_exit` (the app puts the terminal back), and exit
/// with 128 + the signal's number, as a shell reports a process stopped by it.
pub fn clean_up_on_signals(before_exit: fn()) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            remove_pending();
            before_exit();
            std::process::exit(128 + signal);
        }
    });
}

/// Write through a temporary file and rename it to `path`; on any error the temporary file
/// is removed and `path` is untouched. Stale temporary files of dead processes in the same
/// folder are cleared first.
pub fn write_atomic(path: &Path, write: impl FnOnce(&mut File) -> Result<()>) -> Result<()> {
    let tmp = temp_path(path);
    clear_stale(path.parent().unwrap_or(Path::new(".")));
    pending().push(tmp.clone());
    let fail = |message: String| Error::Write {
        file: path.display().to_string(),
        message,
    };
    let result = (|| {
        let mut f = File::create(&tmp).map_err(|e| fail(format!("cannot create: {e}")))?;
        write(&mut f)?;
        f.sync_all()
            .map_err(|e| fail(format!("cannot flush: {e}")))?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(|e| fail(format!("cannot rename into place: {e}")))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    pending().retain(|p| p != &tmp);
    result
}

/// Write text (a recipe, a report) atomically.
pub fn write_text(path: &Path, text: &str) -> Result<()> {
    write_atomic(path, |f| {
        f.write_all(text.as_bytes()).map_err(|e| Error::Write {
            file: path.display().to_string(),
            message: e.to_string(),
        })
    })
}

/// Write a frame in the format its extension names, atomically.
pub fn write_frame(frame: &DataFrame, path: &Path) -> Result<()> {
    let format = OutFormat::for_path(path)?;
    let mut frame = frame.clone();
    let fail = |e: PolarsError| Error::Write {
        file: path.display().to_string(),
        message: e.to_string(),
    };
    write_atomic(path, |f| {
        match format {
            OutFormat::Csv => CsvWriter::new(f).finish(&mut frame).map_err(fail)?,
            OutFormat::Tsv => CsvWriter::new(f)
                .with_separator(b'\t')
                .finish(&mut frame)
                .map_err(fail)?,
            OutFormat::Parquet => {
                ParquetWriter::new(f).finish(&mut frame).map_err(fail)?;
            }
            OutFormat::Json => JsonWriter::new(f)
                .with_json_format(JsonFormat::Json)
                .finish(&mut frame)
                .map_err(fail)?,
            OutFormat::Ndjson => JsonWriter::new(f)
                .with_json_format(JsonFormat::JsonLines)
                .finish(&mut frame)
                .map_err(fail)?,
            OutFormat::Arrow => IpcWriter::new(f).finish(&mut frame).map_err(fail)?,
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_temporary_files_of_dead_processes_are_cleared_on_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        // PIDs on Linux stay below 2^22, so 999999999 is no running process; 1 always is.
        let dead = dir.path().join(".big.csv.lathe-999999999.tmp");
        let alive = dir.path().join(".big.csv.lathe-1.tmp");
        let mine = dir
            .path()
            .join(format!(".x.csv.lathe-{}.tmp", std::process::id()));
        let other = dir.path().join(".notes.tmp");
        for p in [&dead, &alive, &mine, &other] {
            std::fs::write(p, "partial").unwrap();
        }
        write_text(&dir.path().join("out.txt"), "done").unwrap();
        assert_eq!(dead.exists(), !cfg!(target_os = "linux"));
        assert!(alive.exists() && mine.exists() && other.exists());
        assert_eq!(
            std::fs::read_to_string(dir.path().join("out.txt")).unwrap(),
            "done"
        );
    }

    #[test]
    fn temporary_names_are_recognised_exactly() {
        assert_eq!(temp_owner(".a.b.csv.lathe-42.tmp"), Some(42));
        assert_eq!(temp_owner(".a.csv.lathe-x.tmp"), None);
        assert_eq!(temp_owner("a.csv.lathe-42.tmp"), None);
        assert_eq!(temp_owner(".a.csv.lathe-42.tmp.bak"), None);
    }
}
