//! Helpers for driving the app as a user would: open a file, let the jobs finish (synchronously
//! here), press keys given as a string, and draw into a test terminal.

#![allow(dead_code)]

use std::sync::atomic::AtomicBool;
use std::time::Duration;

use lathe::app::keymap::parse_keys;
use lathe::app::{Action, App, Effect};
use lathe::core::data::source::{load, load_all, Input, LoadOptions};
use lathe::jobs::{Job, JobEvent, JobId};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

/// A bundled sample, by the relative path a user would type (tests run in the package root, and
/// snapshots must not depend on where the repository is cloned).
pub fn sample(name: &str) -> Input {
    Input::Path(format!("sample_data/{name}").into())
}

/// A bundled sample, fully loaded.
pub fn frame(name: &str) -> polars::prelude::DataFrame {
    load_all(&sample(name), &LoadOptions::default())
        .unwrap()
        .frame
}

/// Finish the load job with an error, as the job reports one.
pub fn fail_load(app: &mut App, job: JobId, error: &str) {
    let _ = app.update(Action::Job(JobEvent::LoadDone {
        job,
        result: Err(error.into()),
        elapsed: Duration::ZERO,
    }));
}

/// Start a session; returns the app and the load job it asked for.
pub fn start(input: Input, size: (u16, u16)) -> (App, JobId, Input) {
    let (app, effects) = App::new(input.clone(), LoadOptions::default(), size);
    let job = match &effects[..] {
        [Effect::Start(job, Job::Load { .. })] => *job,
        other => panic!("expected one load effect, got {other:?}"),
    };
    (app, job, input)
}

/// Carry out the effects as the event loop would, but synchronously: each job runs through
/// `jobs::run` (the function the app's job threads run), its reports on the way and its last
/// one given to the app in order. Loads are left to the tests, which drive them chunk by chunk.
pub fn run_effects(app: &mut App, effects: Vec<Effect>) {
    for e in effects {
        match e {
            Effect::Start(_, Job::Load { .. })
            | Effect::Cancel(_)
            | Effect::Copy(_)
            | Effect::Quit => {}
            Effect::Start(id, job) => {
                let mut reports = Vec::new();
                let never = AtomicBool::new(false);
                let last = lathe::jobs::run(id, job, &never, &mut |ev| {
                    reports.push(ev);
                    true
                });
                for ev in reports.into_iter().chain(last) {
                    let more = app.update(Action::Job(ev));
                    run_effects(app, more);
                }
            }
        }
    }
}

/// An app with the sample `name` fully loaded and profiled, at a fixed "loaded in 14 ms".
pub fn loaded(name: &str, size: (u16, u16)) -> App {
    loaded_input(sample(name), size)
}

pub fn loaded_input(input: Input, size: (u16, u16)) -> App {
    let (mut app, job, input) = start(input, size);
    let effects = finish_load(&mut app, job, &input);
    run_effects(&mut app, effects);
    app
}

/// Finish the load job with the whole file; returns the effects (the statistics job).
pub fn finish_load(app: &mut App, job: JobId, input: &Input) -> Vec<Effect> {
    let result = load_all(input, &LoadOptions::default())
        .map(Box::new)
        .map_err(|e| e.to_string());
    app.update(Action::Job(JobEvent::LoadDone {
        job,
        result,
        elapsed: Duration::from_millis(14),
    }))
}

/// Report the first chunk of `input` to the app, as the load job does, keeping `rows` rows and
/// reporting `fraction` of the bytes read.
pub fn report_first_chunk(app: &mut App, job: JobId, input: &Input, rows: usize, fraction: f64) {
    let mut first = None;
    load(
        input,
        &LoadOptions::default(),
        &mut |info, frame, mut progress| {
            if let Some(total) = progress.total_bytes {
                progress.bytes_read = (total as f64 * fraction) as u64;
            }
            first = Some((info.clone(), frame.head(Some(rows)), progress));
            false
        },
    )
    .unwrap();
    let (info, frame, progress) = first.unwrap();
    let _ = app.update(Action::Job(JobEvent::LoadProgress {
        job,
        info: Box::new(info),
        frame,
        progress,
    }));
}

/// Press keys written as a user types them (`jj<Enter>`, `<Tab>G`).
pub fn press(app: &mut App, keys: &str) {
    for key in parse_keys(keys) {
        let effects = app.update(Action::Key(key));
        run_effects(app, effects);
    }
}

/// Draw the app into a test terminal of its size.
pub fn draw(app: &App) -> Terminal<TestBackend> {
    let mut t = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    t.draw(|f| lathe::ui::render(app, f)).unwrap();
    t
}

/// The screen as plain text lines.
pub fn screen(app: &App) -> Vec<String> {
    let t = draw(app);
    let buf = t.backend().buffer();
    (0..buf.area.height)
        .map(|y| {
            (0..buf.area.width)
                .map(|x| buf[(x, y)].symbol().to_string())
                .collect::<String>()
        })
        .collect()
}

/// A CSV file `name` in a new temporary folder: the `header` line, then `row(i)` for each `i`
/// of `rows`. The folder (the first value) is removed when dropped, so keep it while the file
/// is read.
pub fn csv_file<I>(
    name: &str,
    header: &str,
    rows: impl IntoIterator<Item = I>,
    row: impl FnMut(I) -> String,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let mut text = format!("{header}\n");
    for line in rows.into_iter().map(row) {
        text.push_str(&line);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Press `keys` (which open a path prompt), clear the prompt, type `path` and press Enter.
pub fn enter_path(app: &mut App, keys: &str, path: &std::path::Path) {
    press(app, &format!("{keys}<Ctrl-u>"));
    press(app, path.to_str().unwrap());
    press(app, "<Enter>");
}

/// The error the prompt shows (it must show one).
pub fn prompt_error(app: &App) -> &str {
    &app.prompt
        .error
        .as_ref()
        .expect("the prompt shows an error")
        .message
}

/// A column's values as numbers, the missing ones left out.
pub fn present_f64(column: &polars::prelude::Column) -> Vec<f64> {
    use polars::prelude::DataType;
    let cast = column.cast(&DataType::Float64).unwrap();
    cast.f64().unwrap().iter().flatten().collect()
}

/// Write `contents` to a file `name` in `dir`, answering its path.
pub fn write_in(
    dir: &tempfile::TempDir,
    name: &str,
    contents: impl AsRef<[u8]>,
) -> std::path::PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// A CSV's rows after its header, split at commas (no quoted commas in these files).
pub fn csv_rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect()
}

/// A JSON array of strings.
pub fn json_strs(value: &serde_json::Value) -> Vec<&str> {
    value
        .as_array()
        .expect("a JSON array")
        .iter()
        .map(|v| v.as_str().expect("a string"))
        .collect()
}

/// Run the `lathe` binary with `args` in the package root, as a user would.
pub fn lathe(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lathe"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// A new temporary folder holding one file `name` with `contents`; keep the folder (the first
/// value) while the file is used.
pub fn temp_file(
    name: &str,
    contents: impl AsRef<[u8]>,
) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_in(&dir, name, contents);
    (dir, path)
}

/// `frame` with `column` replaced by its values written as text.
pub fn as_text(frame: &mut polars::prelude::DataFrame, column: &str) {
    let text = frame
        .column(column)
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap();
    frame.replace(column, text).unwrap();
}

/// The scatter pane's answer for `y` against `x`, coloured by `colour`.
pub fn scatter(
    frame: &polars::prelude::DataFrame,
    x: &str,
    y: &str,
    colour: Option<&str>,
) -> lathe::core::stats::inspect::Scatter {
    use lathe::core::stats::inspect::{inspect, Inspection, Request};
    let request = Request::Scatter {
        x: x.into(),
        y: y.into(),
        colour: colour.map(Into::into),
    };
    match inspect(frame, &request).unwrap() {
        Inspection::Scatter(s) => s,
        other => panic!("not a scatter: {other:?}"),
    }
}

/// A column's values as text (`None` where missing).
pub fn texts(frame: &polars::prelude::DataFrame, column: &str) -> Vec<Option<String>> {
    let c = frame
        .column(column)
        .unwrap()
        .cast(&polars::prelude::DataType::String)
        .unwrap();
    let texts = c.str().unwrap();
    texts.iter().map(|v| v.map(str::to_string)).collect()
}

/// A file lathe loads with its default options (the file must load).
pub fn load_file(path: &str) -> lathe::core::data::source::Loaded {
    load_all(&Input::Path(path.into()), &LoadOptions::default())
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Check that a finished `lathe` process succeeded (its standard error shown when not), and
/// answer its standard output as text.
pub fn succeeded(out: &std::process::Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Run `lathe` with `args`, which must succeed; its standard output.
pub fn lathe_ok(args: &[&str]) -> String {
    succeeded(&lathe(args))
}

/// `lathe run` of a recipe with no steps whose source is `path` plus the `extra` source fields
/// (`"sheet":"Notes"`), written in `dir`; its standard output.
pub fn run_source(dir: &tempfile::TempDir, path: &std::path::Path, extra: &str) -> String {
    let recipe = write_in(
        dir,
        "r.json",
        format!(
            r#"{{"version":1,"source":{{"path":{:?},{extra}}},"steps":[]}}"#,
            path.to_str().unwrap()
        ),
    );
    lathe_ok(&["run", recipe.to_str().unwrap()])
}

/// Run `lathe` with `args`, which must exit with `code`; its standard error.
pub fn lathe_fails(args: &[&str], code: i32) -> String {
    let out = lathe(args);
    assert_eq!(out.status.code(), Some(code), "{args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}
