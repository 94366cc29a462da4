//! The session report: `report.md` and `report.html` (one self-contained file, its charts inline
//! as SVG) documenting the data's profile and warnings, every cleaning step with what it did,
//! the model's setup, its metrics against the baseline, and the charts. `lathe run --out` and
//! `r` in the app write it with the same function.

use polars::prelude::DataFrame;

use crate::core::clean::step::Step;
use crate::core::data::cells::format_stat;
use crate::core::model::features::Task;
use crate::core::model::train::{Report, TrainSpec};
use crate::core::stats::inspect::{inspect, Detail, FreqOrder, Inspection, Request};
use crate::core::stats::profile::{summarize_columns, ColumnSummary, StatValue};
use crate::output::charts::{self, Chart};

/// What a report documents.
pub struct Session<'a> {
    /// The data's name (its file).
    pub name: &'a str,
    /// The data as loaded, and after cleaning.
    pub raw: &'a DataFrame,
    pub cleaned: &'a DataFrame,
    /// The cleaning steps, with their fitted values, and what each did (`clean::describe`
    /// and its note), as the app recorded them or `clean::replay_with` found them.
    pub steps: &'a [(Step, String)],
    /// The run, and the spec it was trained with.
    pub run: Option<(&'a TrainSpec, &'a Report)>,
    /// Every run of the session, in order, for the leaderboard (shown from two runs on).
    pub leaderboard: &'a [Entry],
}

/// One run of the session on the report's leaderboard.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The model and its parameters (`random_forest trees=100 max_depth=8`).
    pub label: String,
    pub target: Option<String>,
    pub evaluation: String,
    pub metrics: crate::core::model::train::Scores,
    /// The run the report describes.
    pub selected: bool,
}

impl Entry {
    /// The run named `label` (its model and the parameters it was given).
    pub fn of(label: String, r: &Report, selected: bool) -> Entry {
        Entry {
            label,
            target: r.target.clone(),
            evaluation: evaluation(r),
            metrics: r.metrics.clone(),
            selected,
        }
    }
}

/// How a run was scored, in words.
fn evaluation(r: &Report) -> String {
    match &r.cv {
        Some(cv) => format!("{}-fold cross-validation", cv.folds.len()),
        None if r.rows_test > 0 => format!(
            "trained on {} rows, tested on {} held-out rows",
            r.rows_train, r.rows_test
        ),
        None => "fitted and scored on every row".into(),
    }
}

/// The report in both forms, and the charts it shows (named for `charts/NAME.png`).
pub struct Document {
    pub markdown: String,
    pub html: String,
    pub charts: Vec<(String, Chart)>,
}

/// The sections every report has, in order (the HTML gives each an `id`).
pub const SECTIONS: [(&str, &str); 5] = [
    ("data", "Data"),
    ("warnings", "Warnings"),
    ("cleaning", "Cleaning"),
    ("model", "Model"),
    ("charts", "Charts"),
];

/// One block of the report, rendered to both forms.
enum Block {
    Heading(&'static str, &'static str),
    Text(String),
    Table(Vec<String>, Vec<Vec<String>>),
    List(Vec<String>),
    Chart(String, String),
}

fn stat(v: Option<f64>) -> String {
    v.map_or(String::new(), |x| format_stat(x, 5))
}

fn extreme(v: &Option<StatValue>) -> String {
    match v {
        Some(StatValue::Number(x)) => format_stat(*x, 5),
        Some(StatValue::Text(t)) => t.clone(),
        None => String::new(),
    }
}

/// Build the report (replays the steps one at a time to say what each did).
pub fn build(s: &Session) -> Result<Document, String> {
    let mut blocks = Vec::new();
    let mut figures: Vec<(String, Chart)> = Vec::new();
    // The data and its profile (after cleaning, as the model sees it).
    let frame = s.cleaned;
    let summaries: Vec<ColumnSummary> =
        summarize_columns(frame, &|_| true).ok_or("the statistics were cancelled")?;
    let (d_id, d_title) = SECTIONS[0];
    blocks.push(Block::Heading(d_id, d_title));
    blocks.push(Block::Text(format!(
        "{}: {} rows x {} columns as loaded; {} rows x {} columns after {} cleaning steps.",
        s.name,
        s.raw.height(),
        s.raw.width(),
        frame.height(),
        frame.width(),
        s.steps.len()
    )));
    blocks.push(Block::Table(
        [
            "column", "type", "count", "missing", "unique", "mean", "std", "min", "median", "max",
        ]
        .iter()
        .map(|h| h.to_string())
        .collect(),
        summaries
            .iter()
            .map(|c| {
                vec![
                    c.name.clone(),
                    c.dtype.clone(),
                    c.count.to_string(),
                    c.nulls.to_string(),
                    c.unique.to_string(),
                    stat(c.mean),
                    stat(c.std),
                    extreme(&c.min),
                    stat(c.median),
                    extreme(&c.max),
                ]
            })
            .collect(),
    ));
    // Warnings: dataset-wide, then per column.
    let (w_id, w_title) = SECTIONS[1];
    blocks.push(Block::Heading(w_id, w_title));
    let mut warnings: Vec<String> =
        crate::core::stats::quality::dataset_warnings(frame, &summaries)
            .iter()
            .chain(summaries.iter().flat_map(|c| &c.warnings))
            .map(|w| {
                if w.columns.is_empty() {
                    w.message.clone()
                } else {
                    format!("{}: {}", w.columns.join(", "), w.message)
                }
            })
            .collect();
    warnings.dedup();
    if warnings.is_empty() {
        blocks.push(Block::Text("No data-quality warnings.".into()));
    } else {
        blocks.push(Block::List(warnings));
    }
    // Cleaning.
    let (c_id, c_title) = SECTIONS[2];
    blocks.push(Block::Heading(c_id, c_title));
    if s.steps.is_empty() {
        blocks.push(Block::Text("No cleaning steps: the data as loaded.".into()));
    } else {
        blocks.push(Block::Table(
            vec![
                "#".into(),
                "step".into(),
                "settings".into(),
                "effect".into(),
            ],
            s.steps
                .iter()
                .enumerate()
                .map(|(i, (step, effect))| {
                    // The settings by name, without `op`.
                    let value = serde_json::to_value(step).unwrap_or_default();
                    let settings: std::collections::BTreeMap<&String, &serde_json::Value> = value
                        .as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(k, _)| k.as_str() != "op")
                        .collect();
                    let settings = serde_json::to_string(&settings).unwrap_or_default();
                    vec![
                        (i + 1).to_string(),
                        step.op().to_string(),
                        settings,
                        effect.clone(),
                    ]
                })
                .collect(),
        ));
    }
    // The model.
    let (m_id, m_title) = SECTIONS[3];
    blocks.push(Block::Heading(m_id, m_title));
    match s.run {
        None => blocks.push(Block::Text("No model was trained in this session.".into())),
        Some((spec, r)) => {
            let evaluation = evaluation(r);
            blocks.push(Block::List(vec![
                format!("task: {}", r.task),
                format!(
                    "target: {}",
                    r.target.clone().unwrap_or_else(|| "(none)".into())
                ),
                format!("model: {}", r.model),
                format!(
                    "parameters: {}",
                    r.params
                        .iter()
                        .map(|(k, v)| format!("{k} = {}", format_stat(*v, 6)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!("evaluation: {evaluation}, seed {}", spec.seed),
                format!("features ({}): {}", r.features.len(), r.features.join(", ")),
                format!(
                    "left out: {}",
                    if r.excluded.is_empty() {
                        "none".to_string()
                    } else {
                        r.excluded
                            .iter()
                            .map(|(c, why)| format!("{c} ({why})"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    }
                ),
                format!("fit time: {} s", format_stat(r.fit_seconds, 3)),
            ]));
            let mut header = vec!["metric".to_string(), r.model.clone()];
            if !r.baseline.is_empty() {
                header.push("baseline".into());
            }
            if r.cv.is_some() {
                header.push("± std over folds".into());
            }
            let rows = r
                .metrics
                .iter()
                .map(|(k, v)| {
                    let mut row = vec![k.clone(), format_stat(*v, 5)];
                    if !r.baseline.is_empty() {
                        row.push(
                            r.baseline
                                .get(k)
                                .map_or(String::new(), |b| format_stat(*b, 5)),
                        );
                    }
                    if let Some(cv) = &r.cv {
                        row.push(cv.std.get(k).map_or(String::new(), |b| format_stat(*b, 3)));
                    }
                    row
                })
                .collect();
            blocks.push(Block::Table(header, rows));
            if !r.warnings.is_empty() {
                blocks.push(Block::List(
                    r.warnings.iter().map(|w| format!("warning: {w}")).collect(),
                ));
            }
            figures.extend(charts::run_charts(r));
        }
    }
    if s.leaderboard.len() > 1 {
        blocks.push(Block::Text(format!(
            "Every run of the session ({}; ◆ marks the run described above):",
            s.leaderboard.len()
        )));
        // The metrics of the run above (else of the first run), in its order.
        let names: Vec<String> = s
            .run
            .map(|(_, r)| r.metrics.keys().cloned().collect())
            .or_else(|| {
                s.leaderboard
                    .first()
                    .map(|e| e.metrics.keys().cloned().collect())
            })
            .unwrap_or_default();
        let mut header: Vec<String> = ["", "#", "model", "target", "evaluation"]
            .iter()
            .map(|h| h.to_string())
            .collect();
        header.extend(names.iter().cloned());
        let rows = s
            .leaderboard
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let mut row = vec![
                    if e.selected { "◆" } else { "" }.to_string(),
                    (i + 1).to_string(),
                    e.label.clone(),
                    e.target.clone().unwrap_or_default(),
                    e.evaluation.clone(),
                ];
                row.extend(names.iter().map(|m| {
                    e.metrics
                        .get(m)
                        .map_or(String::new(), |v| format_stat(*v, 5))
                }));
                row
            })
            .collect();
        blocks.push(Block::Table(header, rows));
    }
    // Data charts: the target's distribution and the correlations.
    let target = s.run.and_then(|(_, r)| r.target.clone());
    if let Some(t) = target.filter(|t| frame.column(t).is_ok()) {
        if let Ok(Inspection::Profile(p)) = inspect(
            frame,
            &Request::Profile {
                column: t.clone(),
                bins: None,
            },
        ) {
            // A class target (0/1 included) is its classes' counts, not a histogram.
            let classes = s.run.is_some_and(|(_, r)| r.task == Task::Classification);
            if let (Detail::Numeric { histogram: Some(h) }, false) = (&p.detail, classes) {
                figures.insert(0, (format!("target_{t}"), charts::histogram(&t, h)));
            } else if let Ok(Inspection::Frequencies(q)) = inspect(
                frame,
                &Request::Frequencies {
                    column: t.clone(),
                    order: FreqOrder::default(),
                },
            ) {
                figures.insert(0, (format!("target_{t}"), charts::frequencies(&q)));
            }
        }
    }
    if let Ok(Inspection::Correlations(c)) = inspect(frame, &Request::Correlations) {
        if c.columns.len() >= 2 {
            figures.push(("correlations".into(), charts::correlations(&c, false)));
        }
    }
    let (g_id, g_title) = SECTIONS[4];
    blocks.push(Block::Heading(g_id, g_title));
    for (name, chart) in &figures {
        blocks.push(Block::Chart(name.clone(), chart.title().to_string()));
    }
    // Render.
    let title = format!("lathe report: {}", s.name);
    let mut md = format!(
        "# {title}\n\nWritten by lathe {} (`lathe run` replays the session recipe).\n",
        env!("CARGO_PKG_VERSION")
    );
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>Written by lathe {} (<code>lathe run</code> replays the session recipe).</p>\n",
        esc(&title),
        STYLE,
        esc(&title),
        env!("CARGO_PKG_VERSION")
    );
    for b in &blocks {
        match b {
            Block::Heading(id, t) => {
                md.push_str(&format!("\n## {t}\n\n"));
                html.push_str(&format!("<h2 id=\"{id}\">{t}</h2>\n"));
            }
            Block::Text(t) => {
                md.push_str(&format!("{}\n\n", md_text(t)));
                html.push_str(&format!("<p>{}</p>\n", esc(t)));
            }
            Block::List(items) => {
                for i in items {
                    md.push_str(&format!("- {}\n", md_text(i)));
                }
                md.push('\n');
                html.push_str("<ul>\n");
                for i in items {
                    html.push_str(&format!("<li>{}</li>\n", esc(i)));
                }
                html.push_str("</ul>\n");
            }
            Block::Table(header, rows) => {
                md.push_str(&format!(
                    "| {} |\n|{}|\n",
                    header
                        .iter()
                        .map(|h| md_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | "),
                    header.iter().map(|_| "---").collect::<Vec<_>>().join("|")
                ));
                for r in rows {
                    md.push_str(&format!(
                        "| {} |\n",
                        r.iter().map(|c| md_cell(c)).collect::<Vec<_>>().join(" | ")
                    ));
                }
                md.push('\n');
                html.push_str("<table>\n<thead><tr>");
                for h in header {
                    html.push_str(&format!("<th>{}</th>", esc(h)));
                }
                html.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    html.push_str("<tr>");
                    for c in r {
                        html.push_str(&format!("<td>{}</td>", esc(c)));
                    }
                    html.push_str("</tr>\n");
                }
                html.push_str("</tbody>\n</table>\n");
            }
            Block::Chart(name, title) => {
                md.push_str(&format!(
                    "![{}](charts/{name}.png)\n\n",
                    title.replace(['[', ']'], "")
                ));
                let chart = &figures
                    .iter()
                    .find(|(n, _)| n == name)
                    .expect("every chart block has its chart")
                    .1;
                let svg = charts::render_svg(chart)?;
                html.push_str(&format!(
                    "<figure id=\"chart-{name}\">\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                    svg.trim_start_matches(|c: char| c != '<')
                        .trim_start_matches("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                        .trim(),
                    esc(title)
                ));
            }
        }
    }
    html.push_str("</body>\n</html>\n");
    Ok(Document {
        markdown: md,
        html,
        charts: figures,
    })
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;\
padding:0 1em;color:#222}table{border-collapse:collapse;margin:1em 0;font-size:0.9em}\
th,td{border:1px solid #ccc;padding:0.25em 0.5em;text-align:left;vertical-align:top}\
th{background:#f3f3f3}td{font-variant-numeric:tabular-nums}figure{margin:1.5em 0}\
figure svg{max-width:100%;height:auto}figcaption{color:#555;font-size:0.9em}";

/// Text for HTML (element content and attribute values).
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn md_text(s: &str) -> String {
    s.replace('\n', " ")
}

fn md_cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}
