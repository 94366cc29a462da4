//! The profile pane: a column's statistics flowed into columns, with its histogram (numbers) or
//! its top values (text).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

use super::draw::*;
use crate::core::data::cells::{display_width, format_stat, group_thousands};
use crate::core::stats::inspect::{ColumnProfile, Detail, Histogram};
use crate::core::stats::profile::ColumnSummary;
use crate::ui::theme::Theme;

/// Label/value lines of a summary, those that apply to its type.
pub(super) fn stat_lines(s: &ColumnSummary, detail: &Detail) -> Vec<(&'static str, String)> {
    let rows = s.count + s.nulls;
    let mut out = vec![
        ("count", group_thousands(s.count)),
        (
            "missing",
            format!("{} ({})", group_thousands(s.nulls), percent(s.nulls, rows)),
        ),
        ("unique", group_thousands(s.unique)),
    ];
    match detail {
        Detail::Numeric { .. } => {
            out.extend([
                ("mean", stat(s.mean)),
                ("std", stat(s.std)),
                ("min", ext(&s.min)),
                ("p5", stat(s.p5)),
                ("q25", stat(s.q25)),
                ("median", stat(s.median)),
                ("q75", stat(s.q75)),
                ("p95", stat(s.p95)),
                ("max", ext(&s.max)),
                ("skew", stat(s.skew)),
                ("kurtosis", stat(s.kurtosis)),
                ("zeros", s.zeros.map_or("-".into(), group_thousands)),
                ("negatives", s.negatives.map_or("-".into(), group_thousands)),
                (
                    "inf / NaN",
                    format!("{} / {}", s.infinite.unwrap_or(0), s.nan.unwrap_or(0)),
                ),
            ]);
        }
        Detail::Text { lengths, .. } => {
            if let Some((lo, mean, hi)) = lengths {
                out.extend([
                    ("len min", lo.to_string()),
                    ("len mean", format_stat(*mean, 4)),
                    ("len max", hi.to_string()),
                ]);
            }
        }
        Detail::Dates { .. } | Detail::Other => {
            out.extend([("first", ext(&s.min)), ("last", ext(&s.max))]);
        }
        Detail::Bool { .. } => {}
    }
    out
}

/// Stat lines flowed into as many columns as the height needs; returns the width used.
/// The width of one column of statistics: a 10-cell label, the widest value (4 to 16), a gap.
pub(super) fn stat_col_w(lines: &[(&'static str, String)]) -> u16 {
    let value_w = lines
        .iter()
        .map(|(_, v)| display_width(v))
        .max()
        .unwrap_or(4)
        .clamp(4, 16);
    (10 + value_w + 2) as u16
}

pub(super) fn draw_stats(
    buf: &mut Buffer,
    area: Rect,
    lines: &[(&'static str, String)],
    theme: &Theme,
) -> u16 {
    let h = area.height.max(1) as usize;
    let columns = lines.len().div_ceil(h).max(1);
    let col_w = stat_col_w(lines);
    let value_w = col_w as usize - 12;
    for (i, (label, value)) in lines.iter().enumerate() {
        let x = area.x + (i / h) as u16 * col_w;
        let y = area.y + (i % h) as u16;
        put(buf, area, x, y, &pad(label, 10), theme.dim);
        put(
            buf,
            area,
            x + 10,
            y,
            &rpad(value, value_w),
            Style::default(),
        );
    }
    (columns as u16 * col_w).min(area.width)
}

pub(super) fn profile(p: &ColumnProfile, f: &mut Frame, area: Rect, theme: &Theme) {
    let lines = stat_lines(&p.summary, &p.detail);
    // Stats on the left, flowed into columns; the chart takes the rest, or goes below when the
    // pane is too narrow for both.
    let needed_cols = lines.len().div_ceil(area.height.max(1) as usize) as u16;
    let side_by_side = area.width >= needed_cols * 28 + 30;
    let buf = f.buffer_mut();
    let chart = if side_by_side {
        let used = draw_stats(buf, area, &lines, theme);
        let x = area.x + used + 1;
        Rect::new(
            x,
            area.y,
            (area.x + area.width).saturating_sub(x),
            area.height,
        )
    } else {
        // As few rows as let every column of statistics fit across (a cut column hides
        // numbers), even if the chart below gets smaller.
        // (The last column needs no gap after it.)
        let fit = ((area.width + 2) / stat_col_w(&lines)).max(1) as usize;
        let h = (lines.len().div_ceil(fit) as u16).clamp(1, area.height.max(1));
        let top = Rect::new(area.x, area.y, area.width, h);
        draw_stats(buf, top, &lines, theme);
        Rect::new(
            area.x,
            area.y + h + 1,
            area.width,
            area.height.saturating_sub(h + 1),
        )
    };
    if chart.height < 3 || chart.width < 12 {
        return;
    }
    match &p.detail {
        Detail::Numeric { histogram: Some(h) } => histogram(buf, chart, h, theme),
        Detail::Numeric { histogram: None } => put(
            buf,
            chart,
            chart.x,
            chart.y,
            "No finite values to draw.",
            theme.dim,
        ),
        Detail::Text { top, variants, .. } => {
            text_chart(buf, chart, &p.summary, top, variants, theme)
        }
        Detail::Dates { period, counts } => {
            let label = format!("values per {}", period.name());
            let values: Vec<f64> = counts.iter().map(|c| c.1 as f64).collect();
            let first = counts.first().map_or("", |c| c.0.as_str());
            let last = counts.last().map_or("", |c| c.0.as_str());
            let max = counts.iter().map(|c| c.1).max().unwrap_or(0);
            chart_frame(buf, chart, &label, max, first, last, &values, theme);
        }
        Detail::Bool { trues, falses } => {
            let rows = p.summary.count + p.summary.nulls;
            let items = vec![
                ("true".to_string(), *trues),
                ("false".to_string(), *falses),
                ("∅ missing".to_string(), p.summary.nulls),
            ];
            value_bars(buf, chart, &items, rows, theme);
        }
        Detail::Other => {}
    }
}

pub(super) fn histogram(buf: &mut Buffer, area: Rect, h: &Histogram, theme: &Theme) {
    let rule = match h.rule {
        "chosen" => "chosen with +/-",
        "sturges" => "Sturges",
        _ => "Freedman-Diaconis",
    };
    let label = format!("{} bins ({rule})", h.counts.len());
    let values: Vec<f64> = h.counts.iter().map(|&c| c as f64).collect();
    let max = h.counts.iter().copied().max().unwrap_or(0);
    let lo = format_stat(h.edges[0], 4);
    let hi = format_stat(*h.edges.last().unwrap_or(&0.0), 4);
    chart_frame(buf, area, &label, max, &lo, &hi, &values, theme);
}

pub(super) fn text_chart(
    buf: &mut Buffer,
    area: Rect,
    s: &ColumnSummary,
    top: &[(String, usize)],
    variants: &[Vec<(String, usize)>],
    theme: &Theme,
) {
    let rows = s.count + s.nulls;
    let shown = if top.len() < s.unique {
        format!("top {} of {} values", top.len(), group_thousands(s.unique))
    } else {
        format!("{} values", top.len())
    };
    put(buf, area, area.x, area.y, &shown, theme.header);
    // Variants take up to a third of the lines, below the bars.
    let variant_lines = if variants.is_empty() {
        0
    } else {
        (variants.len() as u16 + 1).min(area.height / 3).max(2)
    };
    let bars_h = area.height.saturating_sub(1 + variant_lines);
    value_bars(
        buf,
        Rect::new(area.x, area.y + 1, area.width, bars_h),
        top,
        rows,
        theme,
    );
    if variants.is_empty() || variant_lines == 0 {
        return;
    }
    let y0 = area.y + 1 + bars_h;
    put(
        buf,
        area,
        area.x,
        y0,
        &format!(
            "{} spelled several ways (case or spaces):",
            if variants.len() == 1 {
                "1 value".to_string()
            } else {
                format!("{} values", variants.len())
            }
        ),
        theme.progress,
    );
    for (i, g) in variants.iter().enumerate().take(variant_lines as usize - 1) {
        let text: Vec<String> = g.iter().map(|(v, c)| format!("{v:?} {c}")).collect();
        put(
            buf,
            area,
            area.x + 2,
            y0 + 1 + i as u16,
            &text.join(" · "),
            Style::default(),
        );
    }
}
