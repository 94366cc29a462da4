//! The session report: `lathe run --out` and `r` in the app write report.md and a
//! self-contained report.html (charts inline) with every section, the metrics of the run, and
//! the charts as files; the folder never loses a file lathe did not write.

mod common;

use common::*;
use lathe::cli::RunArgs;
use lathe::commands::run::run_run;
use lathe::core::session::recipe::Recipe;
use lathe::output::report::SECTIONS;

/// Check that `html` is well formed: every element closed in order (the report is written as
/// XHTML-compatible markup), and return the ids it has.
fn parse(html: &str) -> Vec<String> {
    let mut stack: Vec<String> = Vec::new();
    let mut ids = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').expect("a tag is closed");
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        if tag.starts_with('!') || tag.starts_with('?') {
            continue;
        }
        if let Some(name) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(open, name.trim(), "</{name}> closes <{open}>");
            continue;
        }
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap()
            .to_string();
        if let Some(at) = tag.find(" id=\"") {
            let v = &tag[at + 5..];
            ids.push(v[..v.find('"').unwrap()].to_string());
        }
        if !tag.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    ids
}

#[test]
fn lathe_run_out_writes_a_report_with_every_section() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string("sample_data/penguins_messy.recipe.json").unwrap();
    let mut r = Recipe::from_json(&text, "r").unwrap();
    r.source.as_mut().unwrap().path = std::fs::canonicalize("sample_data/penguins_messy.csv")
        .unwrap()
        .display()
        .to_string();
    r.model = Some(
        serde_json::from_value(serde_json::json!({
            "target": "body_mass_g",
            "model": {"name": "ridge", "params": {"alpha": 0.1}},
            "evaluation": {"cross_validation": {"folds": 4}},
        }))
        .unwrap(),
    );
    let recipe = common::write_in(&dir, "r.json", r.to_json());
    let out = dir.path().join("out");
    run_run(
        &RunArgs {
            recipe: recipe.to_str().unwrap().into(),
            data: None,
            test: None,
            out: Some(out.to_str().unwrap().into()),
            json: false,
            load: Default::default(),
            progress: Default::default(),
        },
        &mut Vec::new(),
        &mut Vec::new(),
    )
    .unwrap();
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let ids = parse(&html);
    for (id, _) in SECTIONS {
        assert!(ids.contains(&id.to_string()), "section {id}: {ids:?}");
    }
    for chart in [
        "target_body_mass_g",
        "predicted_vs_actual",
        "residuals",
        "folds",
        "coefficients",
        "correlations",
    ] {
        assert!(ids.contains(&format!("chart-{chart}")), "{chart}");
        assert!(out.join(format!("charts/{chart}.png")).exists(), "{chart}");
        assert!(out.join(format!("charts/{chart}.svg")).exists(), "{chart}");
    }
    // Self-contained: the charts are inline, nothing is fetched.
    assert_eq!(html.matches("<svg").count(), 6);
    assert!(!html.contains("src=\"http") && !html.contains("<img"));
    // The metrics are the run's.
    let metrics: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("metrics.json")).unwrap()).unwrap();
    let r2 = metrics["metrics"]["r2"].as_f64().unwrap();
    let shown = lathe::core::data::cells::format_stat(r2, 5);
    assert!(
        html.contains(&format!("<td>r2</td><td>{shown}</td>")),
        "{shown}"
    );
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    for (_, title) in SECTIONS {
        assert!(md.contains(&format!("\n## {title}\n")), "{title}");
    }
    assert!(md.contains(&format!("| r2 | {shown} |")));
    assert!(md.contains("![ridge: residuals (actual − predicted)](charts/residuals.png)"));
    // Each cleaning step with what it did.
    assert!(md.contains("| 1 | dedupe | {} | 3 of 175 rows removed |"));
    assert!(md.contains("| 3 | rename |"));
    assert!(md.contains("9 columns renamed"));
}

#[test]
fn r_in_the_app_writes_the_report_into_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = loaded_input(
        lathe::core::data::source::Input::Path("tests/data/penguins_messy_clean.csv".into()),
        (100, 30),
    );
    press(&mut app, "r");
    assert_eq!(app.prompt.text, "tests/data/penguins_messy_clean_report");
    let folder = dir.path().join("rep");
    common::enter_path(&mut app, "", &folder);
    let m = &app.message.as_ref().unwrap().text;
    assert!(m.ends_with("(no model yet: T trains one)."), "{m}");
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    let ids = parse(&html);
    assert!(ids.contains(&"model".to_string()));
    assert!(html.contains("No model was trained in this session."));
    // Again, after training: the files are replaced, a file of the user's is left alone.
    std::fs::write(folder.join("notes.txt"), "mine").unwrap();
    press(&mut app, "T<Enter>");
    common::enter_path(&mut app, "r", &folder);
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(html.contains("<li>model: logistic</li>"));
    assert!(folder.join("metrics.json").exists());
    assert_eq!(
        std::fs::read_to_string(folder.join("notes.txt")).unwrap(),
        "mine"
    );
    // A folder holding a report.md lathe did not write: refused, nothing replaced.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("report.md"), "theirs").unwrap();
    common::enter_path(&mut app, "r", &other);
    let m = &app.message.as_ref().unwrap().text;
    assert!(m.contains("exists and lathe did not write it"), "{m}");
    assert_eq!(
        std::fs::read_to_string(other.join("report.md")).unwrap(),
        "theirs"
    );
}

/// The report lists every run of the session (the leaderboard), marks the one it describes, and
/// draws a 0/1 target as the counts of its two classes, not a histogram.
#[test]
fn the_app_report_has_the_leaderboard_and_a_class_target_as_bars() {
    let (dir, data) = common::csv_file("churn.csv", "churned,tenure,charges", 0..120, |i| {
        let tenure = (i * 7) % 60;
        format!(
            "{},{tenure},{}.5",
            i32::from(tenure < 20),
            20 + (i * 13) % 80
        )
    });
    let mut app = loaded_input(lathe::core::data::source::Input::Path(data), (100, 30));
    // Two runs on the 0/1 target: logistic, then the baseline; the report describes the
    // selected one (logistic, after k).
    press(&mut app, "T<Enter>");
    press(&mut app, "T<Left><Enter>");
    assert_eq!(app.runs.len(), 2);
    press(&mut app, "k");
    let folder = dir.path().join("rep");
    common::enter_path(&mut app, "r", &folder);
    let md = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(md.contains("- model: logistic"), "{md}");
    assert!(
        md.contains("Every run of the session (2; ◆ marks the run described above):"),
        "{md}"
    );
    let board: Vec<&str> = md
        .lines()
        .filter(|l| l.contains("| churned | 5-fold"))
        .collect();
    assert_eq!(board.len(), 2, "{md}");
    assert!(board[0].starts_with("| ◆ | 1 | logistic"), "{}", board[0]);
    assert!(
        board[1].starts_with("|  | 2 | majority | churned | 5-fold"),
        "{}",
        board[1]
    );
    assert!(md.contains("churned: rows per value (2 distinct)"), "{md}");
    assert!(!md.contains("churned: histogram"));
}
