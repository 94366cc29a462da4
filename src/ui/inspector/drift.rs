//! The drift pane: the data against another file: what changed in the schema, each shared
//! column's shift (largest first, drifted ones marked), and the selected column's bins side by side.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

use super::draw::*;
use super::groups::p_text;
use crate::app::layout;
use crate::app::{Inspector, PaneKind};
use crate::core::data::cells::{display_width, format_stat, group_thousands, one_line};
use crate::core::stats::drift::Drift;
use crate::ui::theme::Theme;

/// The data against another file: what changed in the schema, each shared column's shift
/// (largest first, drifted ones marked), and the selected column's bins side by side.
pub(super) fn drift(ins: &Inspector, d: &Drift, f: &mut Frame, area: Rect, theme: &Theme) {
    let buf = f.buffer_mut();
    // Which two are compared (raw with raw, or both cleaned), then the verdict.
    let which = format!(
        "{} ({} rows) against {} ({})",
        d.new,
        group_thousands(d.rows_new),
        d.reference,
        group_thousands(d.rows_reference)
    );
    let summary = if d.failed() {
        format!(
            "{which} · {} drifted (! PSI ≥ {}, missing ±10 pts, removed, now text)",
            d.drifted.len(),
            d.threshold
        )
    } else {
        format!("{which} · no drift past the thresholds")
    };
    put(
        buf,
        area,
        area.x,
        area.y,
        &summary,
        if d.failed() { theme.error } else { theme.dim },
    );
    let s = &d.schema;
    let mut parts = Vec::new();
    for (what, columns) in [("removed", &s.removed), ("added", &s.added)] {
        if !columns.is_empty() {
            let names: Vec<&str> = columns.iter().map(|(c, _)| c.as_str()).collect();
            parts.push(format!("{what} {}", names.join(", ")));
        }
    }
    for r in &s.retyped {
        parts.push(format!("{} {} → {}", r.column, r.reference, r.new));
    }
    let schema = if parts.is_empty() {
        "schema: the same columns and types".to_string()
    } else {
        format!("schema: {}", parts.join(" · "))
    };
    put(buf, area, area.x, area.y + 1, &schema, Style::default());
    let name_w = fit_width(d.columns.iter().map(|c| display_width(&c.column)), 6, 24);
    let header = format!(
        "  {} {:>8} {:<11} {:>7} {:>9} {:>15}  new categories",
        pad("column", name_w),
        "PSI",
        "shift",
        "KS D",
        "KS p",
        "missing"
    );
    put(buf, area, area.x, area.y + 2, &header, theme.header);
    let rows = layout::pane_list_rows(
        PaneKind::Drift,
        Rect::new(0, 0, area.width, area.height + 2),
    );
    for (i, c) in d.columns.iter().enumerate().skip(ins.top).take(rows) {
        let y = area.y + 3 + (i - ins.top) as u16;
        let style = if i == ins.cursor {
            theme.cursor_cell
        } else if c.drifted {
            theme.error
        } else {
            Style::default()
        };
        let line = format!(
            "{} {} {:>8} {:<11} {:>7} {:>9} {:>15}  {}",
            if c.drifted { "!" } else { " " },
            pad(&one_line(&c.column), name_w),
            format_stat(c.psi, 3),
            c.reading
                .trim_end_matches(" shift")
                .replace("no significant", "none"),
            c.ks.as_ref()
                .map_or(String::new(), |k| format_stat(k.statistic, 3)),
            c.ks.as_ref().map_or(String::new(), |k| p_text(k.p_value)),
            format!(
                "{:.1}% → {:.1}%",
                c.null_share_reference * 100.0,
                c.null_share_new * 100.0
            ),
            c.new_categories
                .iter()
                .take(3)
                .map(|(v, n)| format!("{} ({n})", one_line(v)))
                .collect::<Vec<_>>()
                .join(", ")
        );
        put(buf, area, area.x, y, &line, style);
    }
    // The selected column's bins: the reference's share and the new data's, as bars.
    let detail = layout::drift_detail_rows(Rect::new(0, 0, area.width, area.height + 2));
    let Some(c) = d.columns.get(ins.cursor) else {
        return;
    };
    if detail < 3 {
        return;
    }
    let top = area.y + area.height - detail as u16;
    put(
        buf,
        area,
        area.x,
        top,
        &format!(
            "{}: share of rows per {}: reference ▒ then new █",
            one_line(&c.column),
            if c.kind == "numeric" {
                "reference decile"
            } else {
                "category"
            }
        ),
        theme.header,
    );
    let label_w = fit_width(c.bins.iter().map(|b| display_width(&b.0)), 4, 24);
    let bar_w = (area.width as usize).saturating_sub(label_w + 20) / 2;
    let max = c
        .bins
        .iter()
        .map(|b| b.1.max(b.2))
        .fold(0.0f64, f64::max)
        .max(1e-12);
    for (k, (label, r, n)) in c.bins.iter().take(detail - 1).enumerate() {
        let y = top + 1 + k as u16;
        let text = format!(
            "{} {:>5.1}% {:>5.1}% ",
            pad(&one_line(label), label_w),
            r * 100.0,
            n * 100.0
        );
        put(buf, area, area.x, y, &text, Style::default());
        let x = area.x + display_width(&text) as u16;
        let rb = "▒".repeat(((r / max) * bar_w as f64).round() as usize);
        let nb = "█".repeat(((n / max) * bar_w as f64).round() as usize);
        put(buf, area, x, y, &pad(&rb, bar_w), theme.dim);
        put(buf, area, x + bar_w as u16 + 1, y, &nb, theme.key);
    }
    if c.bins.len() > detail - 1 {
        put(
            buf,
            area,
            area.x + area.width.saturating_sub(12),
            top,
            &format!("{} more", c.bins.len() - (detail - 1)),
            theme.dim,
        );
    }
}
