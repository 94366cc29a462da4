//! `lathe drift REFERENCE NEW`: whether a new dataset drifted from a reference; exit code 3 when it did.

use std::io::Write;

use super::load_shown;
use super::progress::Bar;
use super::{aligned, emit_as, load_options};
use crate::cli::DriftArgs;
use crate::core::data::cells::{count, format_stat};
use crate::core::data::source::Input;
use crate::core::{Error, Result};

/// `lathe drift`: compare NEW with REFERENCE; returns whether anything drifted (exit code 3).
pub fn run_drift(args: &DriftArgs, out: &mut dyn Write) -> Result<bool> {
    let DriftArgs {
        reference,
        new,
        threshold,
        json,
        load,
        progress,
    } = args;
    let (threshold, json) = (*threshold, *json);
    if !(threshold > 0.0 && threshold.is_finite()) {
        return Err(Error::Option(format!(
            "--threshold {threshold}: a PSI above 0, e.g. 0.25"
        )));
    }
    let opts = load_options(load)?;
    let mut bar = Bar::new(progress.quiet);
    let a = load_shown(&Input::from_arg(reference), &opts, &mut bar)?;
    let b = load_shown(&Input::from_arg(new), &opts, &mut bar)?;
    let d = crate::core::stats::drift::drift(
        &a.frame,
        &b.frame,
        (&a.info.name, &b.info.name),
        threshold,
    );
    emit_as(out, json, &d, drift_table)?;
    Ok(d.failed())
}

/// The human-readable `drift` output.
pub fn drift_table(d: &crate::core::stats::drift::Drift) -> String {
    let mut out = format!(
        "{} ({}) against the reference {} ({})\n",
        d.new,
        count(d.rows_new, "row"),
        d.reference,
        count(d.rows_reference, "row")
    );
    let s = &d.schema;
    if s.added.is_empty() && s.removed.is_empty() && s.retyped.is_empty() {
        out.push_str("schema: the same columns and types\n");
    }
    for (c, t) in &s.removed {
        out.push_str(&format!("removed: {c} ({t})\n"));
    }
    for (c, t) in &s.added {
        out.push_str(&format!("added: {c} ({t})\n"));
    }
    for r in &s.retyped {
        out.push_str(&format!(
            "retyped: {} ({} -> {}){}\n",
            r.column,
            r.reference,
            r.new,
            if r.compatible { ", still numbers" } else { "" }
        ));
    }
    out.push('\n');
    let mut rows = vec![vec![
        "column".to_string(),
        "kind".into(),
        "psi".into(),
        "reading".into(),
        "ks D".into(),
        "ks p".into(),
        "missing".into(),
        "new categories".into(),
    ]];
    for c in &d.columns {
        rows.push(vec![
            format!("{}{}", if c.drifted { "! " } else { "  " }, c.column),
            c.kind.to_string(),
            format_stat(c.psi, 3),
            c.reading.to_string(),
            c.ks.as_ref()
                .map_or(String::new(), |k| format_stat(k.statistic, 3)),
            c.ks.as_ref()
                .map_or(String::new(), |k| format_stat(k.p_value, 3)),
            format!(
                "{:.1}% -> {:.1}%",
                c.null_share_reference * 100.0,
                c.null_share_new * 100.0
            ),
            c.new_categories
                .iter()
                .take(3)
                .map(|(v, n)| format!("{v} ({n})"))
                .collect::<Vec<_>>()
                .join(", ")
                + if c.new_categories.len() > 3 {
                    ", ..."
                } else {
                    ""
                },
        ]);
    }
    out.push_str(&aligned(&rows, |i| (2..6).contains(&i) && i != 3));
    out.push('\n');
    if d.failed() {
        out.push_str(&format!(
            "drift: {} (PSI ≥ {}, missing share changed by ≥ {} points, removed, or no longer numbers)\n",
            d.drifted.join(", "),
            d.threshold,
            (crate::core::stats::drift::NULL_CHANGE * 100.0) as u32
        ));
    } else {
        out.push_str("no drift past the thresholds\n");
    }
    out
}
