//! `lathe profile` end to end: the binary's JSON checked against numbers computed here, by other
//! code, and against published pandas `describe()` values for the penguins data.

mod common;

use std::process::Command;

use serde_json::Value;

fn profile_json(args: &[&str]) -> Value {
    let mut all = vec!["profile"];
    all.extend_from_slice(args);
    all.push("--json");
    let out = common::lathe(&all);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn column<'a>(p: &'a Value, name: &str) -> &'a Value {
    p["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn close(a: &Value, b: f64) {
    let a = a.as_f64().unwrap_or_else(|| panic!("{a} is not a number"));
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} != {b}");
}

/// Independent reference: read the plain CSV by splitting lines, then textbook formulas.
struct Reference {
    values: Vec<f64>,
    nulls: usize,
}

fn reference(path: &str, col: &str) -> Reference {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let i = header.iter().position(|h| *h == col).unwrap();
    let mut values = Vec::new();
    let mut nulls = 0;
    for line in lines {
        let cell = line.split(',').nth(i).unwrap();
        match cell {
            "NA" | "" => nulls += 1,
            s => values.push(s.parse::<f64>().unwrap()),
        }
    }
    Reference { values, nulls }
}

impl Reference {
    fn mean(&self) -> f64 {
        self.values.iter().sum::<f64>() / self.values.len() as f64
    }
    fn std(&self) -> f64 {
        let m = self.mean();
        let ss: f64 = self.values.iter().map(|x| (x - m).powi(2)).sum();
        (ss / (self.values.len() as f64 - 1.0)).sqrt()
    }
    /// numpy's "linear" method, written from its definition: position p*(n-1) in sorted data.
    fn quantile(&self, p: f64) -> f64 {
        let mut v = self.values.clone();
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let pos = p * (v.len() - 1) as f64;
        let (below, above) = (pos.floor() as usize, pos.ceil() as usize);
        v[below] * (1.0 - (pos - below as f64)) + v[above] * (pos - below as f64)
    }
    /// pandas' own form (nanops.nanskew): sums of powers of the deviations, not means.
    fn skew(&self) -> f64 {
        let n = self.values.len() as f64;
        let m = self.mean();
        let s2: f64 = self.values.iter().map(|x| (x - m).powi(2)).sum();
        let s3: f64 = self.values.iter().map(|x| (x - m).powi(3)).sum();
        (n * (n - 1.0).sqrt() / (n - 2.0)) * (s3 / s2.powf(1.5))
    }
    /// pandas' own form (nanops.nankurt).
    fn kurt(&self) -> f64 {
        let n = self.values.len() as f64;
        let m = self.mean();
        let s2: f64 = self.values.iter().map(|x| (x - m).powi(2)).sum();
        let s4: f64 = self.values.iter().map(|x| (x - m).powi(4)).sum();
        let adj = 3.0 * (n - 1.0).powi(2) / ((n - 2.0) * (n - 3.0));
        n * (n + 1.0) * (n - 1.0) * s4 / ((n - 2.0) * (n - 3.0) * s2 * s2) - adj
    }
    fn distinct(&self) -> usize {
        let mut v: Vec<String> = self.values.iter().map(|x| x.to_string()).collect();
        v.sort();
        v.dedup();
        v.len()
    }
}

#[test]
fn numeric_columns_match_an_independent_computation() {
    let path = "sample_data/penguins.csv";
    let p = profile_json(&[path]);
    assert_eq!(p["file"], path);
    assert_eq!(p["format"], "CSV");
    assert_eq!(p["rows"], 344);
    for name in [
        "bill_length_mm",
        "bill_depth_mm",
        "flipper_length_mm",
        "body_mass_g",
        "year",
    ] {
        let r = reference(path, name);
        let c = column(&p, name);
        assert_eq!(c["count"], r.values.len(), "{name}");
        assert_eq!(c["nulls"], r.nulls, "{name}");
        assert_eq!(c["unique"], r.distinct(), "{name}");
        close(&c["mean"], r.mean());
        close(&c["std"], r.std());
        close(&c["q25"], r.quantile(0.25));
        close(&c["median"], r.quantile(0.5));
        close(&c["q75"], r.quantile(0.75));
        close(&c["min"], r.quantile(0.0));
        close(&c["max"], r.quantile(1.0));
        close(&c["p5"], r.quantile(0.05));
        close(&c["p95"], r.quantile(0.95));
        close(&c["skew"], r.skew());
        close(&c["kurtosis"], r.kurt());
        let zeros = r.values.iter().filter(|&&x| x == 0.0).count();
        assert_eq!(c["zeros"], zeros);
        assert_eq!(c["negatives"], 0);
    }
}

#[test]
fn penguins_match_published_pandas_describe() {
    // pandas 2.x: pd.read_csv("penguins.csv").describe(), rounded to 6 places as printed.
    let p = profile_json(&["sample_data/penguins.csv"]);
    let expect = [
        ("bill_length_mm", 43.921930, 5.459584, 39.225, 44.45, 48.5),
        ("bill_depth_mm", 17.151170, 1.974793, 15.6, 17.3, 18.7),
        (
            "flipper_length_mm",
            200.915205,
            14.061714,
            190.0,
            197.0,
            213.0,
        ),
        (
            "body_mass_g",
            4201.754386,
            801.954536,
            3550.0,
            4050.0,
            4750.0,
        ),
    ];
    for (name, mean, std, q25, median, q75) in expect {
        let c = column(&p, name);
        let near = |v: &Value, x: f64| {
            assert!((v.as_f64().unwrap() - x).abs() < 5e-6, "{name}: {v} vs {x}")
        };
        near(&c["mean"], mean);
        near(&c["std"], std);
        near(&c["q25"], q25);
        near(&c["median"], median);
        near(&c["q75"], q75);
    }
}

#[test]
fn shape_statistics_match_pandas() {
    // pandas 3.1.1: s.skew(), s.kurt(), s.quantile(0.05), s.quantile(0.95) on penguins.csv.
    let p = profile_json(&["sample_data/penguins.csv"]);
    let expect = [
        (
            "bill_length_mm",
            0.05311806699132376,
            -0.8760269663060121,
            35.7,
            51.995,
        ),
        (
            "bill_depth_mm",
            -0.14346462519436542,
            -0.9068660903732536,
            13.9,
            20.0,
        ),
        (
            "flipper_length_mm",
            0.3456818328687683,
            -0.9842728861838842,
            181.0,
            225.0,
        ),
        (
            "body_mass_g",
            0.4703293304801265,
            -0.7192218658321504,
            3150.0,
            5650.0,
        ),
    ];
    for (name, skew, kurt, p5, p95) in expect {
        let c = column(&p, name);
        close(&c["skew"], skew);
        close(&c["kurtosis"], kurt);
        close(&c["p5"], p5);
        close(&c["p95"], p95);
    }
}

#[test]
fn edge_cases_give_defined_values_or_null() {
    // Columns: one value; all missing; constant; with NaN and inf; tiny; huge.
    let (_dir, path) = common::temp_file(
        "edges.csv",
        "one,none,same,odd,tiny,huge\n\
         4,,7,1,1e-300,1e300\n\
         ,,7,NaN,2e-300,2e300\n\
         ,,7,inf,4e-300,4e300\n\
         ,,7,-2,8e-300,8e300\n",
    );
    let p = profile_json(&[path.to_str().unwrap()]);
    let one = column(&p, "one");
    assert_eq!(
        (one["count"].as_u64(), one["nulls"].as_u64()),
        (Some(1), Some(3))
    );
    close(&one["mean"], 4.0);
    for f in ["std", "skew", "kurtosis"] {
        assert!(one[f].is_null(), "one value: {f}");
    }
    let none = column(&p, "none");
    assert_eq!(none["count"], 0);
    assert_eq!(none["nulls"], 4);
    assert!(none["mean"].is_null() && none["median"].is_null());
    let same = column(&p, "same");
    close(&same["std"], 0.0);
    assert!(
        same["skew"].is_null() && same["kurtosis"].is_null(),
        "undefined for a constant"
    );
    let odd = column(&p, "odd");
    // The text `NaN` is one of the default null spellings, so it loads as a null, not a float NaN.
    assert_eq!(
        (odd["nan"].as_u64(), odd["nulls"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(odd["infinite"], 1);
    assert_eq!(odd["negatives"], 1);
    assert_eq!(odd["count"], 3, "NaN is missing, inf is a value");
    assert_eq!(
        odd["max"],
        Value::Null,
        "JSON has no infinity: written as null"
    );
    // Skewness does not depend on scale: both equal the skewness of [1, 2, 4, 8].
    let r = Reference {
        values: vec![1.0, 2.0, 4.0, 8.0],
        nulls: 0,
    };
    for name in ["tiny", "huge"] {
        let c = column(&p, name);
        let skew = c["skew"]
            .as_f64()
            .unwrap_or_else(|| panic!("{name}: {}", c["skew"]));
        assert!(
            (skew - r.skew()).abs() < 1e-12,
            "{name}: {skew} vs {}",
            r.skew()
        );
        let kurt = c["kurtosis"].as_f64().unwrap();
        assert!(
            (kurt - r.kurt()).abs() < 1e-12,
            "{name}: {kurt} vs {}",
            r.kurt()
        );
    }
}

#[test]
fn top_values_and_duplicate_rows() {
    let p = profile_json(&["sample_data/penguins.csv"]);
    assert_eq!(p["duplicate_rows"], 0);
    // Counted here from the file's text.
    let text = std::fs::read_to_string("sample_data/penguins.csv").unwrap();
    let mut counts = std::collections::BTreeMap::new();
    for line in text.lines().skip(1) {
        *counts
            .entry(line.split(',').next().unwrap().to_string())
            .or_insert(0u64) += 1;
    }
    let top = column(&p, "species")["top"].as_array().unwrap().clone();
    let mut expected: Vec<(String, u64)> = counts.into_iter().collect();
    expected.sort_by_key(|e| std::cmp::Reverse(e.1));
    let got: Vec<(String, u64)> = top
        .iter()
        .map(|t| {
            (
                t["value"].as_str().unwrap().to_string(),
                t["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, expected);
    // Numeric columns report numbers; the year 2009 is the most common (120 rows).
    let year = &column(&p, "year")["top"][0];
    assert_eq!(
        (year["value"].as_f64(), year["count"].as_u64()),
        (Some(2009.0), Some(120))
    );

    // The messy sample repeats three rows; count exact repeats of whole lines independently.
    let messy = profile_json(&["sample_data/penguins_messy.csv"]);
    let text = std::fs::read_to_string("sample_data/penguins_messy.csv").unwrap();
    let mut seen = std::collections::HashSet::new();
    let repeats = text.lines().skip(1).filter(|l| !seen.insert(*l)).count();
    assert_eq!(repeats, 3);
    assert_eq!(messy["duplicate_rows"], 3);
    assert_eq!(messy["warnings"][0]["kind"], "duplicate_rows");
    assert_eq!(
        column(&messy, "Comments")["warnings"][0]["fix"],
        "fill_null"
    );
    assert_eq!(p["warnings"], Value::Array(vec![]));
}

#[test]
fn correlations_match_pandas() {
    // pandas 3.1.1: df.select_dtypes("number").corr() and .corr(method="spearman").
    let pearson = [
        [
            1.0,
            -0.2350528703555336,
            0.6561813407464264,
            0.5951098244376273,
            0.05454458213639757,
        ],
        [
            -0.2350528703555336,
            1.0,
            -0.5838512164654143,
            -0.47191562118606745,
            -0.06035364228413812,
        ],
        [
            0.6561813407464264,
            -0.5838512164654143,
            1.0,
            0.8712017673060111,
            0.16967510658972848,
        ],
        [
            0.5951098244376273,
            -0.47191562118606745,
            0.8712017673060111,
            1.0,
            0.04220939154333218,
        ],
        [
            0.05454458213639757,
            -0.06035364228413812,
            0.16967510658972848,
            0.04220939154333218,
            1.0,
        ],
    ];
    let spearman = [
        [
            1.0,
            -0.22174915179457866,
            0.6727719416255545,
            0.5838003194455482,
            0.06360232052022066,
        ],
        [
            -0.22174915179457866,
            1.0,
            -0.5232674711610737,
            -0.4323722214130437,
            -0.06906396580077107,
        ],
        [
            0.6727719416255545,
            -0.5232674711610737,
            1.0,
            0.8399741230312999,
            0.1761374379336044,
        ],
        [
            0.5838003194455482,
            -0.4323722214130437,
            0.8399741230312999,
            1.0,
            0.040529012313396805,
        ],
        [
            0.06360232052022066,
            -0.06906396580077107,
            0.1761374379336044,
            0.040529012313396805,
            1.0,
        ],
    ];
    let p = profile_json(&["sample_data/penguins.csv"]);
    let c = &p["correlations"];
    let names: Vec<&str> = common::json_strs(&c["columns"]);
    assert_eq!(
        names,
        [
            "bill_length_mm",
            "bill_depth_mm",
            "flipper_length_mm",
            "body_mass_g",
            "year"
        ]
    );
    for (key, expected) in [("pearson", pearson), ("spearman", spearman)] {
        for i in 0..5 {
            for j in 0..5 {
                let got = c[key][i][j].as_f64().unwrap();
                assert!(
                    (got - expected[i][j]).abs() < 1e-12,
                    "{key}[{i}][{j}]: {got}"
                );
            }
        }
    }
}

#[test]
fn non_numeric_fields_are_null() {
    let p = profile_json(&["sample_data/penguins.csv"]);
    let sex = column(&p, "sex");
    assert_eq!(sex["dtype"], "str");
    assert_eq!(sex["count"], 333);
    assert_eq!(sex["nulls"], 11);
    assert_eq!(sex["unique"], 2);
    for f in [
        "mean",
        "std",
        "min",
        "q25",
        "median",
        "q75",
        "max",
        "p5",
        "p95",
        "skew",
        "kurtosis",
        "zeros",
        "negatives",
        "infinite",
        "nan",
    ] {
        assert!(sex[f].is_null(), "{f}");
    }
}

#[test]
fn json_sample_profiles_with_dates() {
    let p = profile_json(&["sample_data/cars.json"]);
    assert_eq!(p["format"], "JSON");
    assert_eq!(p["rows"], 406);
    let mpg = column(&p, "Miles_per_Gallon");
    assert_eq!(mpg["count"], 398);
    assert_eq!(mpg["nulls"], 8);
    // Mean of the 398 known values, as pandas computes it from the same file.
    close(&mpg["mean"], 23.514572864321607);
    let year = column(&p, "Year");
    assert_eq!(year["dtype"], "date");
    assert_eq!(year["min"], "1970-01-01");
    assert_eq!(year["max"], "1982-01-01");
    assert!(year["mean"].is_null());
}

#[test]
fn loading_options_apply_to_profile() {
    // `?` and `.` are not default null spellings in the messy sample; adding them makes them nulls.
    let p = profile_json(&["sample_data/penguins_messy.csv"]);
    let sex = column(&p, "Sex");
    let q = profile_json(&[
        "sample_data/penguins_messy.csv",
        "--null-values",
        ",NA,n/a,NULL,?,.",
    ]);
    let sex2 = column(&q, "Sex");
    assert!(sex2["nulls"].as_u64().unwrap() > sex["nulls"].as_u64().unwrap());
    assert_eq!(p["rows"], 175);
}

#[test]
fn reads_standard_input() {
    let out = Command::new(env!("CARGO_BIN_EXE_lathe"))
        .args(["profile", "-", "--json"])
        .stdin(
            std::fs::File::open(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/sample_data/penguins.csv"
            ))
            .unwrap(),
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    let p: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(p["file"], "<stdin>");
    assert_eq!(p["rows"], 344);
}

#[test]
fn table_output_lists_every_column() {
    let out = common::lathe(&["profile", "sample_data/penguins.csv"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("sample_data/penguins.csv  CSV  344 rows x 8 columns"));
    for name in ["species", "bill_length_mm", "year"] {
        assert!(
            text.lines().any(|l| l.starts_with(name)),
            "{name} in\n{text}"
        );
    }
    let header = text.lines().nth(2).unwrap();
    assert!(
        header.starts_with("column") && header.ends_with("max"),
        "{header}"
    );
}

#[test]
fn bad_input_exits_non_zero_with_one_clear_message() {
    let (_dir, ragged) = common::temp_file("ragged.csv", "a,b\n1,2\n3,4,5\n");
    let out = common::lathe(&["profile", ragged.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("ragged.csv") && err.contains("line 3"),
        "{err}"
    );
    assert!(out.stdout.is_empty());

    let out = common::lathe(&["profile", "does/not/exist.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does/not/exist.csv: no such file"));

    let out = common::lathe(&["profile", "sample_data/penguins.csv", "--delimiter", "ab"]);
    assert_eq!(out.status.code(), Some(2), "a bad option is a usage error");
}

#[test]
fn a_failed_write_to_standard_output_is_an_error() {
    // A full disk: exit 1 and say so, for every command that prints its result.
    let full = || std::fs::File::create("/dev/full").unwrap();
    for args in [
        vec!["profile", "sample_data/penguins.csv", "--json"],
        vec!["profile", "sample_data/penguins.csv"],
        vec![
            "drift",
            "sample_data/penguins.csv",
            "sample_data/penguins.csv",
        ],
        vec!["config", "--print-default"],
        vec!["completions", "bash"],
        vec!["man"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_lathe"))
            .args(&args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdout(full())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("standard output"), "{args:?}: {err}");
    }
    // A reader that stopped reading (`| head`): exit 1, and nothing to say.
    let mut child = Command::new(env!("CARGO_BIN_EXE_lathe"))
        .args(["profile", "sample_data/penguins.csv", "--json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn the_text_profile_does_not_pass_control_characters_to_the_terminal() {
    let (_dir, path) =
        common::temp_file("esc.csv", "\"\x1b[2J\x1b]0;owned\x07name\",b\n1,x\n2,y\n");
    let out = common::lathe(&["profile", path.to_str().unwrap()]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    assert!(text.contains("\u{FFFD}[2J"), "{text}");
}

#[test]
fn a_wide_file_leaves_the_correlations_out_unless_asked() {
    // 20 rows x 150 numeric columns: past the 100-column default, the matrices are left out
    // with the reason; --correlations computes them.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.csv");
    let mut text = (0..150)
        .map(|j| format!("c{j}"))
        .collect::<Vec<_>>()
        .join(",");
    text.push('\n');
    for i in 0..20 {
        let row: Vec<String> = (0..150)
            .map(|j| ((i * 7 + j * 3) % 11).to_string())
            .collect();
        text.push_str(&row.join(","));
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    let file = path.to_str().unwrap();
    let p = profile_json(&[file]);
    assert_eq!(p["columns"].as_array().unwrap().len(), 150);
    assert_eq!(p["correlations"]["columns"].as_array().unwrap().len(), 0);
    assert!(p["correlations_left_out"]
        .as_str()
        .unwrap()
        .starts_with("150 numeric columns: the correlation matrices are left out above 100"));
    let p = profile_json(&[file, "--correlations"]);
    assert_eq!(p["correlations"]["pearson"].as_array().unwrap().len(), 150);
    assert!(p.get("correlations_left_out").is_none());
    // Narrow files are unchanged: the matrices, and no such field.
    let p = profile_json(&["sample_data/penguins.csv"]);
    assert_eq!(p["correlations"]["columns"].as_array().unwrap().len(), 5);
    assert!(p.get("correlations_left_out").is_none());
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definitions() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = common::lathe(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        // Every subcommand; and where the shell completes values, the names `--model` takes.
        let mut words = vec![
            "profile",
            "train",
            "apply",
            "drift",
            "predict",
            "completions",
        ];
        if ["bash", "zsh", "fish"].contains(&shell) {
            words.extend(["random_forest", "kmeans", "gaussian_mixture"]);
        }
        for word in words {
            assert!(script.contains(word), "{shell} lacks {word}");
        }
    }
    let out = common::lathe(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid value 'tcsh'"));

    let out = common::lathe(&["man"]);
    assert!(out.status.success());
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(".TH lathe 1"), "{page}");
    for sub in ["lathe\\-profile", "lathe\\-train", "lathe\\-man"] {
        assert!(page.contains(sub), "the man page lacks {sub}");
    }

    // `--model` lists every model of the registry, and refuses another name before loading.
    let help = String::from_utf8_lossy(&common::lathe(&["train", "--help"]).stdout).to_string();
    for m in lathe::core::model::registry::MODELS {
        assert!(help.contains(m.name), "--model help lacks {}", m.name);
    }
    let out = common::lathe(&[
        "train",
        "sample_data/penguins.csv",
        "--target",
        "species",
        "--model",
        "forest",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid value 'forest'") && err.contains("random_forest"),
        "{err}"
    );
}

#[test]
fn the_app_reads_a_pipe_when_no_file_is_named() {
    use lathe::cli::app_input;
    use lathe::core::data::source::Input;
    assert!(matches!(app_input(None, false), Input::Stdin));
    assert!(matches!(app_input(None, true), Input::Sample));
    assert!(matches!(app_input(Some("-"), true), Input::Stdin));
    assert!(matches!(app_input(Some("x.csv"), false), Input::Path(_)));
}

/// Run `lathe ARGS` in a pseudo-terminal (util-linux `script`); what the terminal received.
fn in_a_terminal(args: &str) -> String {
    let out = Command::new("script")
        .args([
            "-qec",
            &format!("{} {args}", env!("CARGO_BIN_EXE_lathe")),
            "/dev/null",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("util-linux script runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn progress_shows_on_a_terminal_only_and_never_in_the_output() {
    // On a terminal: the load, then the statistics, each line erased before the result.
    let seen = in_a_terminal("profile sample_data/penguins.csv --json");
    assert!(seen.contains("reading penguins.csv"), "{seen:?}");
    assert!(
        seen.contains("computing the statistics of 8 columns, 344 rows"),
        "{seen:?}"
    );
    let json_start = seen.find('{').unwrap();
    assert!(
        seen[..json_start].ends_with("\r\x1b[2K"),
        "erased before the output: {seen:?}"
    );
    assert!(!seen[json_start..].contains("reading"), "{seen:?}");
    // --quiet (or -q): none.
    let quiet = in_a_terminal("profile sample_data/penguins.csv --json -q");
    assert!(!quiet.contains("reading"), "{quiet:?}");
    // Training says its folds.
    let seen = in_a_terminal(
        "train sample_data/penguins.csv --target species --model majority --cv 5 --json",
    );
    assert!(seen.contains("training majority: fold 5 of 5"), "{seen:?}");
    // Not a terminal (a pipe, a log): nothing on standard error, JSON alone on standard output.
    let out = common::lathe(&["profile", "sample_data/penguins.csv", "--json"]);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(serde_json::from_slice::<Value>(&out.stdout).is_ok());
}
