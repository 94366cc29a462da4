//! `lathe apply` end to end: the checked-in recipe cleans the messy sample into the expected
//! file (which an independent pandas cleaning reproduces), outputs in every format read back
//! equal, and writes are safe: never over the source, never over a file without `--force`, no
//! partial or temporary files left behind.

mod common;

use std::path::Path;
use std::process::Command;

use lathe::core::clean::replay;
use lathe::core::data::source::{load_all, Input, LoadOptions};
use lathe::core::session::recipe::Recipe;

fn read(path: &Path) -> polars::prelude::DataFrame {
    load_all(&Input::Path(path.to_path_buf()), &LoadOptions::default())
        .unwrap()
        .frame
}

fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn the_messy_sample_recipe_gives_the_expected_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("clean.csv");
    let o = common::lathe(&[
        "apply",
        "sample_data/penguins_messy.recipe.json",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        format!(
            "sample_data/penguins_messy.csv: 12 steps applied, 172 rows x 9 columns written to {}\n",
            out.display()
        )
    );
    assert_eq!(
        stderr(&o),
        "step 1 (dedupe): 3 duplicate rows dropped\n\
         step 6 (replace): 2 values replaced\n\
         step 12 (fill_null): 6 missing values filled\n"
    );
    let expected = std::fs::read_to_string("tests/data/penguins_messy_clean.csv").unwrap();
    let written = std::fs::read_to_string(&out).unwrap();
    assert_eq!(written, expected);
    // The expected file was made by lathe (and matched an independent pandas cleaning, by
    // hand); parts of it are recomputed here from the raw text, without lathe.
    let raw = std::fs::read_to_string("sample_data/penguins_messy.csv").unwrap();
    let mut seen = std::collections::HashSet::new();
    let rows: Vec<Vec<&str>> = raw
        .trim_start_matches('\u{feff}')
        .lines()
        .skip(1)
        .filter(|l| seen.insert(*l))
        .map(|l| l.split(';').collect())
        .collect();
    let clean: Vec<Vec<&str>> = common::csv_rows(&written);
    assert_eq!(
        clean.len(),
        rows.len(),
        "dedupe keeps the first of equal lines"
    );
    for (r, c) in rows.iter().zip(&clean) {
        let mass: f64 = r[7].replace(',', "").trim().parse().unwrap();
        assert_eq!(c[6].parse::<f64>().unwrap(), mass);
        let species = r[1]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        assert_eq!(c[0], species);
        let completion = r[9].trim().to_lowercase() == "yes";
        assert_eq!(c[8], completion.to_string());
    }
    // Nothing else was left in the directory (the temporary file was renamed).
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn every_output_format_reads_back_as_the_same_frame() {
    let dir = tempfile::tempdir().unwrap();
    let recipe = Recipe::from_json(
        &std::fs::read_to_string("sample_data/penguins_messy.recipe.json").unwrap(),
        "r",
    )
    .unwrap();
    let source = common::frame("penguins_messy.csv");
    let (want, _, _) = replay(&source, &recipe.steps).unwrap();
    for ext in ["csv", "parquet", "json", "ndjson", "arrow"] {
        let out = dir.path().join(format!("clean.{ext}"));
        let o = common::lathe(&[
            "apply",
            "sample_data/penguins_messy.recipe.json",
            "-o",
            out.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{ext}: {}", stderr(&o));
        let got = read(&out);
        assert_eq!(got.shape(), want.shape(), "{ext}");
        assert_eq!(got.get_column_names(), want.get_column_names(), "{ext}");
        for name in want.get_column_names() {
            let show = |f: &polars::prelude::DataFrame| {
                let c = f
                    .column(name)
                    .unwrap()
                    .cast(&polars::prelude::DataType::String)
                    .unwrap();
                c.str()
                    .unwrap()
                    .iter()
                    .map(|v| v.map(str::to_string))
                    .collect::<Vec<_>>()
            };
            // Text is compared as shown: a float 3750 reads back from CSV as 3750.0 either way.
            let (a, b) = (show(&got), show(&want));
            let norm =
                |v: &Option<String>| v.as_deref().map(|s| s.trim_end_matches(".0").to_string());
            assert_eq!(
                a.iter().map(norm).collect::<Vec<_>>(),
                b.iter().map(norm).collect::<Vec<_>>(),
                "{ext}: {name}"
            );
        }
    }
}

#[test]
fn writes_are_safe() {
    let (dir, data) = common::temp_file("data.csv", "a,b\n1,x\n,y\n3,x\n");
    let recipe = dir.path().join("r.json");
    std::fs::write(
        &recipe,
        format!(
            r#"{{"version":1,"source":{{"path":{:?}}},"steps":[{{"op":"fill_null","column":"a","strategy":"mean"}}]}}"#,
            data.display().to_string()
        ),
    )
    .unwrap();
    let r = recipe.to_str().unwrap();
    // Over the source: refused, and the source is untouched.
    let o = common::lathe(&["apply", r, "-o", data.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is the source data; lathe never writes over its input"));
    assert_eq!(
        std::fs::read_to_string(&data).unwrap(),
        "a,b\n1,x\n,y\n3,x\n"
    );
    // A hard link to the source is the source (the same device and inode), and --force
    // cannot make apply write over the recipe it reads either (nor --save-fitted).
    let link = dir.path().join("link.csv");
    std::fs::hard_link(&data, &link).unwrap();
    let o = common::lathe(&["apply", r, "-o", link.to_str().unwrap(), "--force"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is the source data; lathe never writes over its input"));
    let recipe_text = std::fs::read_to_string(&recipe).unwrap();
    let out = dir.path().join("o.csv");
    for args in [
        vec!["apply", r, "-o", r, "--force"],
        vec![
            "apply",
            r,
            "-o",
            out.to_str().unwrap(),
            "--save-fitted",
            r,
            "--force",
        ],
    ] {
        let o = common::lathe(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&o).contains("is the recipe being read; lathe never writes over its input"),
            "{}",
            stderr(&o)
        );
    }
    assert_eq!(std::fs::read_to_string(&recipe).unwrap(), recipe_text);
    assert_eq!(
        std::fs::read_to_string(&data).unwrap(),
        "a,b\n1,x\n,y\n3,x\n"
    );
    // An existing file needs --force.
    let out = common::write_in(&dir, "out.csv", "keep me");
    let o = common::lathe(&["apply", r, "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("exists already; pass --force to replace it"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let o = common::lathe(&["apply", r, "-o", out.to_str().unwrap(), "--force"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "a,b\n1,x\n2,y\n3,x\n",
        "the mean of 1 and 3 is whole: the column stays integer"
    );
    // A failing step writes nothing.
    std::fs::write(
        &recipe,
        r#"{"version":1,"steps":[{"op":"log_transform","column":"b"}]}"#,
    )
    .unwrap();
    let fresh = dir.path().join("fresh.csv");
    let o = common::lathe(&[
        "apply",
        r,
        "--data",
        data.to_str().unwrap(),
        "-o",
        fresh.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "lathe: recipe step 1 (log_transform): field `column`: `b` is str, not numeric; parse_numbers or cast \
         it first\n"
    );
    assert!(!fresh.exists());
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("lathe-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn other_data_fitted_recipes_and_bad_invocations() {
    let (dir, recipe) = common::temp_file(
        "r.json",
        r#"{"version":1,"steps":[{"op":"scale","columns":["a"],"method":"min_max"}]}"#,
    );
    let train = common::write_in(&dir, "train.csv", "a\n0\n10\n");
    let test = common::write_in(&dir, "test.csv", "a\n5\n20\n");
    let fitted = dir.path().join("fitted.json");
    let out = dir.path().join("out.csv");
    let o = common::lathe(&[
        "apply",
        recipe.to_str().unwrap(),
        "--data",
        train.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--save-fitted",
        fitted.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let saved = Recipe::from_json(&std::fs::read_to_string(&fitted).unwrap(), "f").unwrap();
    // The test file gets the training scale (min 0, range 10), not its own.
    let o = common::lathe(&[
        "apply",
        fitted.to_str().unwrap(),
        "--data",
        test.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--force",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "a\n0.5\n2.0\n");
    assert_eq!(saved.steps.len(), 1);

    // No source and no --data; an unknown output format; a missing recipe.
    let o = common::lathe(&[
        "apply",
        recipe.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(stderr(&o).contains("has no `source`; name the data with --data FILE"));
    let o = common::lathe(&[
        "apply",
        recipe.to_str().unwrap(),
        "--data",
        train.to_str().unwrap(),
        "-o",
        "out.xlsx",
    ]);
    assert!(stderr(&o).contains("out.xlsx: unknown output format"));
    let o = common::lathe(&["apply", "nope.json", "-o", out.to_str().unwrap()]);
    assert_eq!(stderr(&o), "lathe: nope.json: no such file\n");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_signal_during_the_write_leaves_no_temporary_file() {
    // SIGTERM, SIGINT and SIGHUP (an SSH disconnect) while lathe writes its output: the
    // temporary file goes, the output never appears, and the exit code is 128 + the signal.
    let (dir, recipe) = common::temp_file("r.json", r#"{"version":1,"steps":[]}"#);
    let data = dir.path().join("big.csv");
    let out = dir.path().join("out.csv");
    let temps = || {
        std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().to_string_lossy().into_owned();
                name.contains(".lathe-").then_some(name)
            })
            .collect::<Vec<_>>()
    };
    let mut caught = 0;
    let mut rows = 200_000;
    for (signal, code) in [("TERM", 143), ("INT", 130), ("HUP", 129)] {
        // Grow the file until the write is slow enough to be caught in the act.
        loop {
            let mut text = String::from("a,b,c\n");
            for i in 0..rows {
                text.push_str(&format!("{i},{}.5,x{}\n", i * 7, i % 13));
            }
            std::fs::write(&data, text).unwrap();
            let mut child = Command::new(env!("CARGO_BIN_EXE_lathe"))
                .args(["apply", recipe.to_str().unwrap(), "--data"])
                .args([
                    data.to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                    "--force",
                ])
                .spawn()
                .unwrap();
            let seen = loop {
                if !temps().is_empty() {
                    break true;
                }
                if child.try_wait().unwrap().is_some() {
                    break false;
                }
                std::thread::sleep(std::time::Duration::from_millis(1));
            };
            if seen {
                Command::new("kill")
                    .args([format!("-{signal}"), child.id().to_string()])
                    .status()
                    .unwrap();
            }
            let status = child.wait().unwrap();
            let _ = std::fs::remove_file(&out);
            if seen && status.code() == Some(code) {
                assert!(temps().is_empty(), "{signal}: {:?}", temps());
                caught += 1;
                break;
            }
            // Finished before the signal (or the write ended between the look and the kill).
            assert!(temps().is_empty(), "{:?}", temps());
            assert!(rows < 20_000_000, "the write was never caught");
            rows *= 2;
        }
    }
    assert_eq!(caught, 3);
}
