//! Chart files: every chart the panes draw, written as PNG and SVG, decoded back: the right
//! size, far from blank, titled; writes are atomic and refuse other extensions.

mod common;

use common::*;
use lathe::core::data::source::{load_all, Input, LoadOptions};
use lathe::core::model::models::ModelSpec;
use lathe::core::model::train::{train, Evaluation, TrainSpec};
use lathe::core::stats::inspect::{inspect, Detail, FreqOrder, Inspection, Request};
use lathe::output::charts::{self, Chart};

/// Decode a PNG: (width, height, share of pixels that are not white).
fn decode(path: &std::path::Path) -> (u32, u32, f64) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    let pixels = bytes.len() / channels;
    let inked = bytes
        .chunks(channels)
        .filter(|p| p.iter().take(3).any(|&v| v < 200))
        .count();
    (info.width, info.height, inked as f64 / pixels as f64)
}

fn check(chart: &Chart, dir: &std::path::Path, name: &str) {
    let png = dir.join(format!("{name}.png"));
    charts::write(chart, &png).unwrap();
    let (w, h, ink) = decode(&png);
    assert_eq!((w, h), charts::SIZE, "{name}");
    assert!(ink > 0.01 && ink < 0.9, "{name}: {ink}");
    let svg = dir.join(format!("{name}.svg"));
    charts::write(chart, &svg).unwrap();
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"), "{name}");
    assert!(text.trim_end().ends_with("</svg>"), "{name}");
    // The title is in the file as text (escaped as XML).
    let title = chart
        .title()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    assert!(text.contains(&title), "{name}: {title}");
    // No temporary file is left beside it.
    let names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.contains("lathe-")), "{names:?}");
}

#[test]
fn every_pane_chart_writes_as_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let d = frame("penguins.csv");
    let Inspection::Profile(p) = inspect(
        &d,
        &Request::Profile {
            column: "body_mass_g".into(),
            bins: None,
        },
    )
    .unwrap() else {
        panic!()
    };
    let Detail::Numeric { histogram: Some(h) } = &p.detail else {
        panic!()
    };
    check(
        &charts::histogram("body_mass_g", h),
        dir.path(),
        "histogram",
    );
    let Inspection::Frequencies(q) = inspect(
        &d,
        &Request::Frequencies {
            column: "island".into(),
            order: FreqOrder::default(),
        },
    )
    .unwrap() else {
        panic!()
    };
    let chart = charts::frequencies(&q);
    let Chart::Bars { labels, values, .. } = &chart else {
        panic!()
    };
    assert_eq!(labels, &["Biscoe", "Dream", "Torgersen"]);
    assert_eq!(values, &[168.0, 124.0, 52.0]);
    check(&chart, dir.path(), "frequencies");
    let s = common::scatter(&d, "bill_length_mm", "body_mass_g", Some("species"));
    check(&charts::scatter(&s), dir.path(), "scatter");
    let Inspection::Correlations(c) = inspect(&d, &Request::Correlations).unwrap() else {
        panic!()
    };
    check(&charts::correlations(&c, false), dir.path(), "correlations");
}

fn run(
    target: Option<&str>,
    model: &str,
    evaluation: Evaluation,
) -> lathe::core::model::train::Report {
    let data = load_all(
        &Input::Path("tests/data/penguins_messy_clean.csv".into()),
        &LoadOptions::default(),
    )
    .unwrap()
    .frame;
    train(
        &data,
        &TrainSpec {
            target: target.map(str::to_string),
            features: None,
            task: None,
            model: ModelSpec {
                name: model.into(),
                params: Default::default(),
            },
            evaluation,
            seed: 42,
            impute: Default::default(),
        },
    )
    .unwrap()
}

#[test]
fn every_model_chart_writes_as_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let cv = Evaluation::CrossValidation { folds: 5 };
    let r = run(Some("species"), "logistic", cv);
    let made = charts::run_charts(&r);
    let names: Vec<&str> = made.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["confusion", "roc", "folds"]);
    // The confusion matrix holds the report's counts; the fold bars the fold scores and the
    // baseline's.
    let Chart::Grid { values, .. } = &made[0].1 else {
        panic!()
    };
    let conf = r.confusion.as_ref().unwrap();
    assert_eq!(values[1][1], Some(conf[1][1] as f64));
    let Chart::Bars { values, second, .. } = &made[2].1 else {
        panic!()
    };
    let cvr = r.cv.as_ref().unwrap();
    assert_eq!(values[0], cvr.folds[0]["balanced_accuracy"]);
    assert_eq!(
        second.as_ref().unwrap()[0],
        cvr.baseline_folds[0]["balanced_accuracy"]
    );
    for (n, c) in &made {
        check(c, dir.path(), &format!("class_{n}"));
    }
    let r = run(Some("body_mass_g"), "ridge", cv);
    let made = charts::run_charts(&r);
    let names: Vec<&str> = made.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["predicted_vs_actual", "residuals", "folds", "coefficients"]
    );
    for (n, c) in &made {
        check(c, dir.path(), &format!("reg_{n}"));
    }
    let r = run(
        Some("species"),
        "decision_tree",
        Evaluation::Holdout { train: 0.8 },
    );
    let made = charts::run_charts(&r);
    assert!(made.iter().any(|(n, _)| n == "importances"));
    let r = run(None, "kmeans", cv);
    let made = charts::run_charts(&r);
    assert_eq!(made[0].0, "clusters");
    check(&made[0].1, dir.path(), "clusters");
}

#[test]
fn chart_files_need_a_known_extension() {
    let dir = tempfile::tempdir().unwrap();
    let d = frame("penguins.csv");
    let Inspection::Correlations(c) = inspect(&d, &Request::Correlations).unwrap() else {
        panic!()
    };
    let e = charts::write(&charts::correlations(&c, true), &dir.path().join("c.jpg"))
        .unwrap_err()
        .to_string();
    assert!(
        e.ends_with("c.jpg: a chart is written as .png or .svg"),
        "{e}"
    );
}

#[test]
fn e_writes_the_panes_chart() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = loaded("penguins.csv", (100, 30));
    // The profile of body_mass_g: its histogram.
    press(&mut app, "lllllp");
    press(&mut app, "e");
    assert_eq!(app.overlay, Some(lathe::app::Overlay::Prompt));
    assert_eq!(
        app.prompt.text,
        "sample_data/penguins_histogram_body_mass_g.png"
    );
    let path = dir.path().join("h.png");
    common::enter_path(&mut app, "", &path);
    let (w, h, ink) = decode(&path);
    assert_eq!((w, h), charts::SIZE);
    assert!(ink > 0.01);
    assert!(app
        .message
        .as_ref()
        .unwrap()
        .text
        .starts_with("Wrote body_mass_g: histogram"));
    // A regression run's chart view: predicted against actual, and the residuals beside it.
    let mut app = clean_penguins();
    press(&mut app, "llllllT<Enter>");
    assert_eq!(app.runs[0].report.task, "regression");
    let svg = dir.path().join("run.svg");
    common::enter_path(&mut app, "ve", &svg);
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("predicted against actual body_mass_g"));
    let residuals = std::fs::read_to_string(dir.path().join("run_residuals.svg")).unwrap();
    assert!(residuals.contains("residuals (actual − predicted)"));
    // A classification tree's summary: the confusion matrix, and its importances beside it.
    let mut app = clean_penguins();
    press(&mut app, "T<Right><Enter>");
    assert_eq!(app.runs[0].report.model, "decision_tree");
    let png = dir.path().join("tree.png");
    common::enter_path(&mut app, "e", &png);
    assert_eq!(decode(&png).0, charts::SIZE.0);
    assert_eq!(
        decode(&dir.path().join("tree_importances.png")).1,
        charts::SIZE.1
    );
    press(&mut app, "v");
    // The explanations view has no chart: said, and no prompt.
    press(&mut app, "vve");
    assert_eq!(app.overlay, None);
    assert!(app.message.as_ref().unwrap().text.contains("no chart"));
}

/// A grid has a colour key with its scale (-1 to 1 for correlations), its many column names
/// stand upright, and no tick reads as rounding noise.
#[test]
fn grids_carry_a_colour_key_and_ticks_read_zero_not_noise() {
    let names: Vec<String> = (0..20).map(|i| format!("feature number {i}")).collect();
    let values: Vec<Vec<Option<f64>>> = (0..20)
        .map(|i| {
            (0..20)
                .map(|j| Some(if i == j { 1.0 } else { -0.3 }))
                .collect()
        })
        .collect();
    let chart = Chart::Grid {
        title: "Pearson correlation".into(),
        x_label: String::new(),
        y_label: String::new(),
        rows: names.clone(),
        cols: names,
        values,
        signed: true,
    };
    let svg = charts::render_svg(&chart).unwrap();
    for tick in [">\n-1\n<", ">\n-0.5\n<", ">\n0\n<", ">\n0.5\n<", ">\n1\n<"] {
        assert!(svg.contains(tick), "the key's tick {tick}");
    }
    assert!(svg.contains("rotate(90"), "upright column names");
    assert!(!svg.contains("e-16"), "no noise ticks");
    // A histogram over -1..1 ticks 0 where plotters steps to -2.2e-16.
    let h = Chart::Histogram {
        title: "x".into(),
        x_label: "x".into(),
        edges: (0..=10).map(|i| -1.0 + 0.2 * f64::from(i)).collect(),
        counts: vec![1, 2, 3, 4, 5, 5, 4, 3, 2, 1],
    };
    let svg = charts::render_svg(&h).unwrap();
    assert!(!svg.contains("e-1"), "no noise ticks");
}

/// The cleaned penguins (no missing values), at 100x30.
fn clean_penguins() -> lathe::app::App {
    loaded_input(
        Input::Path("tests/data/penguins_messy_clean.csv".into()),
        (100, 30),
    )
}
