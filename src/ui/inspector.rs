//! The inspection pane, drawn where the table is while it is open: a column's profile with its
//! chart, a frequency table, the correlation grid, a scatter plot, a group comparison, or the
//! data-quality warnings. Everything is drawn from the answer the app holds; nothing is computed
//! here beyond laying it out.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Points};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use super::pane_block;
use super::theme::Theme;
use crate::app::layout;
use crate::app::{App, Focus, InspectState, Inspector, PaneKind};
use crate::core::data::cells::{
    display_width, format_stat, grid_headers, group_thousands, numbered, one_line, truncate,
};
use crate::core::stats::correlate::Correlations;
use crate::core::stats::drift::Drift;
use crate::core::stats::inspect::{
    strongest_pairs, ColumnProfile, Detail, Frequencies, Groups, Histogram, Inspection, Scatter,
    SCATTER_SEED,
};
use crate::core::stats::profile::{ColumnSummary, StatValue};

/// Vertical eighths, from empty to full.
const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
/// Horizontal eighths, from empty to full.
const H_EIGHTHS: [&str; 9] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"];

pub fn render(app: &App, ins: &Inspector, f: &mut Frame, area: Rect, theme: &Theme) {
    let focused = app.focus == Focus::Inspector && app.overlay.is_none();
    let block = pane_block(title(app, ins), focused, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    if inner.height == 0 || inner.width < 10 {
        return;
    }
    if ins.kind == PaneKind::Warnings {
        warnings(app, ins, f, inner, theme);
        return;
    }
    if ins.kind == PaneKind::Recipe {
        recipe(app, ins, f, inner, theme);
        return;
    }
    if ins.kind == PaneKind::Model {
        super::model::pane(app, ins, f, inner, theme);
        return;
    }
    if app.is_loading() {
        return note(f, inner, "Waiting for the load to finish…", theme.dim);
    }
    match &app.inspected {
        None => note(f, inner, "Nothing to show here.", theme.dim),
        Some((_, InspectState::Computing(_))) => note(f, inner, "Computing…", theme.progress),
        Some((_, InspectState::Failed(e))) => note(f, inner, e, theme.error),
        Some((_, InspectState::Ready(answer))) => match answer.as_ref() {
            Inspection::Profile(p) => profile(p, f, inner, theme),
            Inspection::Frequencies(q) => frequencies(ins, q, f, inner, theme),
            Inspection::Correlations(c) => correlations(ins, c, f, inner, theme),
            Inspection::Scatter(s) => scatter(s, f, inner, theme),
            Inspection::Groups(g) => groups(ins, g, f, inner, theme),
            Inspection::Drift(d) => drift(ins, d, f, inner, theme),
        },
    }
}

fn title(app: &App, ins: &Inspector) -> String {
    let rows = app.table_frame().height();
    let of_rows = if app.view().is_some_and(|v| !v.filters.is_empty()) {
        format!("{} filtered rows", group_thousands(rows))
    } else {
        format!("{} rows", group_thousands(rows))
    };
    let column = app.current_column().unwrap_or_default();
    match ins.kind {
        PaneKind::Profile | PaneKind::Frequencies => {
            format!("{}: {column}  {of_rows}", ins.kind.title())
        }
        PaneKind::Correlations => format!(
            "Correlations ({})  {of_rows}",
            if ins.spearman { "Spearman" } else { "Pearson" }
        ),
        PaneKind::Scatter => match &ins.scatter {
            Some((x, y, Some(c))) => format!("Scatter: {y} against {x}, by {c}"),
            Some((x, y, None)) => format!("Scatter: {y} against {x}"),
            None => "Scatter".into(),
        },
        PaneKind::Groups => match &ins.groups {
            Some((v, by)) => format!("Groups: {v} by {by}  {of_rows}"),
            None => "Groups".into(),
        },
        PaneKind::Warnings => format!("Warnings ({})", app.all_warnings().len()),
        PaneKind::Drift => format!(
            "Drift: {} against the data ({of_rows})",
            ins.drift.as_deref().unwrap_or("")
        ),
        PaneKind::Model => format!(
            "Models: {} run{}",
            app.runs.len(),
            if app.runs.len() == 1 { "" } else { "s" }
        ),
        PaneKind::Recipe => format!(
            "Recipe: {} step{}{}",
            app.recipe.len(),
            if app.recipe.len() == 1 { "" } else { "s" },
            if app.unsaved_steps() {
                ", not saved (Ctrl-s)"
            } else if app.recipe.is_empty() {
                ""
            } else {
                ", saved"
            }
        ),
    }
}

fn note(f: &mut Frame, area: Rect, text: &str, style: Style) {
    f.render_widget(
        Paragraph::new(Line::styled(text.to_string(), style)).wrap(Wrap { trim: true }),
        area,
    );
}

/// Write `s` at (x, y), cut to the area's right edge.
fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, s: &str, style: Style) {
    if y >= area.y + area.height || x >= area.x + area.width {
        return;
    }
    let room = (area.x + area.width - x) as usize;
    buf.set_stringn(x, y, s, room, style);
}

fn pad(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    let fill = w.saturating_sub(display_width(&s));
    format!("{s}{}", " ".repeat(fill))
}

fn rpad(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    let fill = w.saturating_sub(display_width(&s));
    format!("{}{s}", " ".repeat(fill))
}

/// A horizontal bar `fraction` (0..=1) of `width` cells, in eighths.
fn hbar(fraction: f64, width: usize) -> String {
    let eighths = (fraction.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    s.push_str(H_EIGHTHS[eighths % 8]);
    s
}

/// A value as listed: on one line, and quoted when it has surrounding spaces (which would
/// otherwise be invisible).
fn shown(v: &str) -> String {
    if v.trim() != v {
        format!("{v:?}")
    } else {
        one_line(v)
    }
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".into();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

fn stat(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format_stat(v, 5))
}

fn ext(x: &Option<StatValue>) -> String {
    match x {
        Some(StatValue::Number(v)) => format_stat(*v, 5),
        Some(StatValue::Text(t)) => t.clone(),
        None => "-".into(),
    }
}

// ---------------------------------------------------------------------------------------------
// Profile

/// Label/value lines of a summary, those that apply to its type.
fn stat_lines(s: &ColumnSummary, detail: &Detail) -> Vec<(&'static str, String)> {
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
fn stat_col_w(lines: &[(&'static str, String)]) -> u16 {
    let value_w = lines
        .iter()
        .map(|(_, v)| display_width(v))
        .max()
        .unwrap_or(4)
        .clamp(4, 16);
    (10 + value_w + 2) as u16
}

fn draw_stats(
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

fn profile(p: &ColumnProfile, f: &mut Frame, area: Rect, theme: &Theme) {
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

fn histogram(buf: &mut Buffer, area: Rect, h: &Histogram, theme: &Theme) {
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

/// A bar chart with a heading line, the largest count on the left of the heading, and the
/// first and last labels under the bars.
#[allow(clippy::too_many_arguments)]
fn chart_frame(
    buf: &mut Buffer,
    area: Rect,
    heading: &str,
    max: usize,
    first: &str,
    last: &str,
    values: &[f64],
    theme: &Theme,
) {
    put(buf, area, area.x, area.y, heading, theme.header);
    let max_label = format!("max {}", group_thousands(max));
    let right = area.x + area.width;
    let mx = right.saturating_sub(display_width(&max_label) as u16);
    if mx > area.x + display_width(heading) as u16 + 1 {
        put(buf, area, mx, area.y, &max_label, theme.dim);
    }
    let bars = Rect::new(
        area.x,
        area.y + 1,
        area.width,
        area.height.saturating_sub(2),
    );
    let drawn = vbars(buf, bars, values, theme.key);
    let y = area.y + area.height - 1;
    put(buf, area, area.x, y, first, theme.dim);
    let end = area.x + drawn.max(display_width(first) as u16 + display_width(last) as u16 + 2);
    let lx = end.saturating_sub(display_width(last) as u16).max(area.x);
    put(buf, area, lx, y, last, theme.dim);
}

/// Vertical bars of `values` scaled to the tallest, filling the width (each bar as wide as
/// fits; more values than columns are summed into columns). Returns the width drawn.
fn vbars(buf: &mut Buffer, area: Rect, values: &[f64], style: Style) -> u16 {
    if values.is_empty() || area.height == 0 || area.width == 0 {
        return 0;
    }
    let w = area.width as usize;
    let columns: Vec<f64> = if values.len() > w {
        (0..w)
            .map(|i| {
                let (a, b) = (i * values.len() / w, (i + 1) * values.len() / w);
                values[a..b].iter().sum()
            })
            .collect()
    } else {
        values.to_vec()
    };
    // Each bar gets its share of the width (some one cell wider than others when it does not
    // divide evenly), so the chart spans the pane.
    let n = columns.len();
    let span = |i: usize| (i * w / n, (i + 1) * w / n);
    // A gap between wide bars keeps them apart.
    let gap = usize::from(w / n >= 3);
    let max = columns.iter().copied().fold(0.0, f64::max);
    let units = area.height as f64 * 8.0;
    for (i, &v) in columns.iter().enumerate() {
        let mut eighths = if max > 0.0 {
            (v / max * units).round() as usize
        } else {
            0
        };
        // A non-empty bin always shows.
        if v > 0.0 && eighths == 0 {
            eighths = 1;
        }
        let (from, to) = span(i);
        for row in 0..area.height {
            let y = area.y + area.height - 1 - row;
            let here = eighths.saturating_sub(row as usize * 8).min(8);
            if here == 0 {
                break;
            }
            for x in from..to.saturating_sub(gap).max(from + 1) {
                buf[(area.x + x as u16, y)]
                    .set_symbol(EIGHTHS[here])
                    .set_style(style);
            }
        }
    }
    w as u16
}

/// Horizontal bars: label, bar, count and share of `rows`.
fn value_bars(buf: &mut Buffer, area: Rect, items: &[(String, usize)], rows: usize, theme: &Theme) {
    let label_w = items
        .iter()
        .map(|(v, _)| display_width(&shown(v)))
        .max()
        .unwrap_or(4)
        .clamp(4, 20);
    let count_w = items
        .iter()
        .map(|(_, c)| group_thousands(*c).len())
        .max()
        .unwrap_or(1);
    let fixed = label_w + 1 + count_w + 1 + 6 + 1;
    let bar_w = (area.width as usize).saturating_sub(fixed).max(1);
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(1);
    for (i, (v, c)) in items.iter().enumerate().take(area.height as usize) {
        let y = area.y + i as u16;
        let mut x = area.x;
        put(buf, area, x, y, &pad(&shown(v), label_w), Style::default());
        x += label_w as u16 + 1;
        put(
            buf,
            area,
            x,
            y,
            &rpad(&group_thousands(*c), count_w),
            Style::default(),
        );
        x += count_w as u16 + 1;
        put(buf, area, x, y, &rpad(&percent(*c, rows), 6), theme.dim);
        x += 7;
        put(
            buf,
            area,
            x,
            y,
            &hbar(*c as f64 / max as f64, bar_w),
            theme.key,
        );
    }
}

fn text_chart(
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

// ---------------------------------------------------------------------------------------------
// Frequencies

fn frequencies(ins: &Inspector, q: &Frequencies, f: &mut Frame, area: Rect, theme: &Theme) {
    let buf = f.buffer_mut();
    let missing = q.values.iter().find(|v| v.0.is_none()).map_or(0, |v| v.1);
    let summary = format!(
        "{} distinct · {} missing · sorted by {} · s sort",
        group_thousands(q.distinct),
        group_thousands(missing),
        q.order.describe()
    );
    put(buf, area, area.x, area.y, &summary, theme.dim);
    let value_w = q
        .values
        .iter()
        .skip(ins.top)
        .take(area.height as usize)
        .map(|(v, _)| v.as_deref().map_or(9, |s| display_width(&shown(s))))
        .max()
        .unwrap_or(5)
        .clamp(5, 30);
    let count_w = group_thousands(q.values.iter().map(|v| v.1).max().unwrap_or(0))
        .len()
        .max(5);
    let header = format!(
        "{} {} {:>6} {:>6}",
        pad("value", value_w),
        rpad("count", count_w),
        "%",
        "cum%"
    );
    put(buf, area, area.x, area.y + 1, &header, theme.header);
    let bar_x = (value_w + count_w + 16) as u16;
    let bar_w = (area.width as usize).saturating_sub(bar_x as usize + 1);
    let max = q.values.iter().map(|v| v.1).max().unwrap_or(1).max(1);
    let mut cum: usize = q.values.iter().take(ins.top).map(|v| v.1).sum();
    let rows = layout_rows(area, 2);
    for (i, (value, count)) in q.values.iter().enumerate().skip(ins.top).take(rows) {
        let y = area.y + 2 + (i - ins.top) as u16;
        cum += count;
        let selected = i == ins.cursor;
        let style = if selected {
            theme.cursor_cell
        } else {
            Style::default()
        };
        let (label, label_style) = match value {
            Some(v) => (shown(v), style),
            None => ("∅ missing".to_string(), style.patch(theme.null)),
        };
        put(buf, area, area.x, y, &pad(&label, value_w), label_style);
        let line = format!(
            " {} {:>6} {:>6}",
            rpad(&group_thousands(*count), count_w),
            percent(*count, q.rows),
            percent(cum, q.rows)
        );
        put(buf, area, area.x + value_w as u16, y, &line, style);
        if bar_w > 2 {
            put(
                buf,
                area,
                area.x + bar_x,
                y,
                &hbar(*count as f64 / max as f64, bar_w),
                theme.key,
            );
        }
    }
    if q.distinct + usize::from(missing > 0) > q.values.len() && rows > 0 {
        let note = format!("first {} values kept", group_thousands(q.values.len()));
        let x = (area.x + area.width).saturating_sub(display_width(&note) as u16);
        put(buf, area, x, area.y, &note, theme.dim);
    }
}

/// List rows below `heading` lines.
fn layout_rows(area: Rect, heading: u16) -> usize {
    area.height.saturating_sub(heading) as usize
}

// ---------------------------------------------------------------------------------------------
// Correlations

/// Colour of a correlation: blue for positive, red for negative, stronger for larger |r|.
fn heat(r: f64, theme: &Theme) -> Style {
    let a = r.abs().clamp(0.0, 1.0);
    if theme.plain {
        // The value (with its sign) is printed; strong ones stand out in bold.
        return if a >= 0.5 {
            Style::new().add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            Style::new()
        };
    }
    let level = |full: f64| (30.0 + (full - 30.0) * a) as u8;
    let bg = if r >= 0.0 {
        Color::Rgb(level(20.0), level(70.0), level(170.0))
    } else {
        Color::Rgb(level(170.0), level(30.0), level(40.0))
    };
    let fg = if a > 0.5 { Color::White } else { Color::Gray };
    Style::new().bg(bg).fg(fg)
}

fn correlations(ins: &Inspector, c: &Correlations, f: &mut Frame, area: Rect, theme: &Theme) {
    let buf = f.buffer_mut();
    let k = c.columns.len();
    if k < 2 {
        put(
            buf,
            area,
            area.x,
            area.y,
            "Correlations need at least two numeric columns.",
            theme.dim,
        );
        return;
    }
    let m = if ins.spearman {
        &c.spearman
    } else {
        &c.pearson
    };
    let method = if ins.spearman { "Spearman" } else { "Pearson" };
    let (r0, c0) = ins.cell;
    let selected = match m[r0][c0] {
        Some(r) => format!(
            "{} × {}: {method} r = {r:+.3}",
            c.columns[r0], c.columns[c0]
        ),
        None => format!(
            "{} × {}: no value (too few rows or constant)",
            c.columns[r0], c.columns[c0]
        ),
    };
    put(buf, area, area.x, area.y, &selected, theme.header);
    // The grid: row labels, then 7-cell columns headed by the names' starts.
    // Headers cut alike (`mean …` nine times) become numbers, and the rows carry them.
    let (headers, numbers) = grid_headers(&c.columns, 6);
    let row_label = |i: usize, name: &str| {
        if numbers {
            numbered(i, name, k)
        } else {
            name.to_string()
        }
    };
    let widths: Vec<usize> = c
        .columns
        .iter()
        .enumerate()
        .map(|(i, n)| display_width(&row_label(i, n)))
        .collect();
    let g = layout::corr_grid(area, &widths, (r0, c0));
    let (label_w, cell_w, wide, pairs_below) = (g.label_w, g.cell_w, g.wide, g.pairs_below);
    let (first_row, first_col) = (g.first_row, g.first_col);
    let (visible_rows, visible_cols) = (g.visible_rows, g.visible_cols);
    let gx = area.x + label_w as u16 + 1;
    for (j, name) in headers
        .iter()
        .enumerate()
        .skip(first_col)
        .take(visible_cols)
    {
        let x = gx + (j - first_col) as u16 * cell_w;
        put(buf, area, x, area.y + 1, &rpad(name, 6), theme.dim);
    }
    for (i, name) in c
        .columns
        .iter()
        .enumerate()
        .skip(first_row)
        .take(visible_rows)
    {
        let y = area.y + 2 + (i - first_row) as u16;
        put(
            buf,
            area,
            area.x,
            y,
            &pad(&row_label(i, name), label_w),
            theme.dim,
        );
        for (j, r) in m[i].iter().enumerate().skip(first_col).take(visible_cols) {
            let x = gx + (j - first_col) as u16 * cell_w;
            let (text, mut style) = match *r {
                Some(r) => (format!("{r:+.2}"), heat(r, theme)),
                None => ("  -  ".to_string(), theme.dim),
            };
            if (i, j) == (r0, c0) {
                style = style.patch(theme.cursor_cell);
            }
            put(buf, area, x, y, &format!(" {} ", rpad(&text, 5)), style);
        }
    }
    let pairs = strongest_pairs(c, ins.spearman, 10);
    let (px, py, pw, ph) = if wide {
        let px = gx + visible_cols as u16 * cell_w + 2;
        (
            px,
            area.y + 1,
            (area.x + area.width).saturating_sub(px),
            area.height.saturating_sub(1),
        )
    } else if pairs_below {
        let py = area.y + 3 + visible_rows as u16;
        (
            area.x,
            py,
            area.width,
            (area.y + area.height).saturating_sub(py),
        )
    } else {
        return;
    };
    let pane = Rect::new(px, py, pw, ph);
    put(buf, pane, px, py, "strongest pairs", theme.header);
    let name_w = ((pw as usize).saturating_sub(10) / 2).clamp(4, 20);
    for (n, (a, b, r)) in pairs.iter().enumerate().take(ph.saturating_sub(1) as usize) {
        let y = py + 1 + n as u16;
        put(
            buf,
            pane,
            px,
            y,
            &format!("{r:+.3} ", r = r),
            heat(*r, theme),
        );
        put(
            buf,
            pane,
            px + 7,
            y,
            &format!("{} {}", pad(a, name_w), truncate(b, name_w)),
            Style::default(),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Scatter

fn scatter(s: &Scatter, f: &mut Frame, area: Rect, theme: &Theme) {
    let header = if s.shown < s.total {
        format!(
            "↑ {}   {} of {} rows drawn (a fixed sample, seed {SCATTER_SEED})",
            s.y,
            group_thousands(s.shown),
            group_thousands(s.total)
        )
    } else {
        format!(
            "↑ {}   all {} rows with both values",
            s.y,
            group_thousands(s.total)
        )
    };
    if s.total == 0 {
        note(f, area, "No row has both values.", theme.dim);
        return;
    }
    let buf = f.buffer_mut();
    put(buf, area, area.x, area.y, &header, theme.dim);
    let y_labels = [format_stat(s.y_range.1, 4), format_stat(s.y_range.0, 4)];
    let label_w = y_labels.iter().map(|l| display_width(l)).max().unwrap_or(1) as u16 + 1;
    let legend_h = u16::from(s.series.len() > 1);
    let plot = Rect::new(
        area.x + label_w,
        area.y + 1,
        area.width.saturating_sub(label_w),
        area.height.saturating_sub(2 + legend_h),
    );
    if plot.height < 2 || plot.width < 4 {
        return;
    }
    put(
        buf,
        area,
        area.x,
        plot.y,
        &rpad(&y_labels[0], label_w as usize - 1),
        theme.dim,
    );
    put(
        buf,
        area,
        area.x,
        plot.y + plot.height - 1,
        &rpad(&y_labels[1], label_w as usize - 1),
        theme.dim,
    );
    let xl = format_stat(s.x_range.0, 4);
    let xr = format_stat(s.x_range.1, 4);
    let axis_y = plot.y + plot.height;
    put(buf, area, plot.x, axis_y, &xl, theme.dim);
    let mid = format!("{} →", s.x);
    let mid_x = plot.x + (plot.width.saturating_sub(display_width(&mid) as u16)) / 2;
    if mid_x > plot.x + display_width(&xl) as u16 + 1 {
        put(buf, area, mid_x, axis_y, &mid, theme.dim);
    }
    put(
        buf,
        area,
        (plot.x + plot.width).saturating_sub(display_width(&xr) as u16),
        axis_y,
        &xr,
        theme.dim,
    );
    let span = |(lo, hi): (f64, f64)| {
        if hi > lo {
            let m = (hi - lo) * 0.02;
            [lo - m, hi + m]
        } else {
            [lo - 0.5, hi + 0.5]
        }
    };
    let canvas = Canvas::default()
        .marker(Marker::Braille)
        .x_bounds(span(s.x_range))
        .y_bounds(span(s.y_range))
        .paint(|ctx| {
            for (i, (_, points)) in s.series.iter().enumerate() {
                ctx.draw(&Points {
                    coords: points,
                    color: theme.series[i % theme.series.len()],
                });
            }
        });
    f.render_widget(canvas, plot);
    if legend_h > 0 {
        let mut spans = vec![Span::styled(
            format!("{}: ", s.colour.as_deref().unwrap_or("")),
            theme.dim,
        )];
        for (i, (label, points)) in s.series.iter().enumerate() {
            spans.push(Span::styled(
                "● ",
                Style::new().fg(theme.series[i % theme.series.len()]),
            ));
            spans.push(Span::raw(format!(
                "{} ({})  ",
                one_line(label),
                points.len()
            )));
        }
        f.render_widget(
            Paragraph::new(Line::from(spans)),
            Rect::new(area.x, area.y + area.height - 1, area.width, 1),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Groups

/// Plain-words reading of a p-value at the usual 5% level.
fn reading(p: f64, what: &str) -> String {
    if p < 0.05 {
        format!("p < 0.05: {what} differ beyond chance.")
    } else {
        format!("p ≥ 0.05: no evidence that {what} differ.")
    }
}

fn p_text(p: f64) -> String {
    if p < 1e-4 {
        format!("{p:.2e}")
    } else {
        format!("{p:.4}")
    }
}

/// The data against another file: what changed in the schema, each shared column's shift
/// (largest first, drifted ones marked), and the selected column's bins side by side.
fn drift(ins: &Inspector, d: &Drift, f: &mut Frame, area: Rect, theme: &Theme) {
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
    if !s.removed.is_empty() {
        parts.push(format!(
            "removed {}",
            s.removed
                .iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !s.added.is_empty() {
        parts.push(format!(
            "added {}",
            s.added
                .iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
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
    let name_w = d
        .columns
        .iter()
        .map(|c| display_width(&c.column))
        .max()
        .unwrap_or(6)
        .clamp(6, 24);
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
    let label_w = c
        .bins
        .iter()
        .map(|b| display_width(&b.0))
        .max()
        .unwrap_or(4)
        .clamp(4, 24);
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

fn groups(ins: &Inspector, g: &Groups, f: &mut Frame, area: Rect, theme: &Theme) {
    let buf = f.buffer_mut();
    let rows = layout::pane_list_rows(
        PaneKind::Groups,
        Rect::new(0, 0, area.width, area.height + 2),
    );
    let (header, lines, result, explain): (String, Vec<String>, String, String) = match g {
        Groups::Numeric(c) => {
            let w = c
                .groups
                .iter()
                .map(|g| display_width(&g.group))
                .max()
                .unwrap_or(5)
                .clamp(5, 24);
            let header = format!(
                "{} {:>9} {:>12} {:>12}",
                pad(&c.by, w),
                "count",
                "mean",
                "std"
            );
            let lines = c
                .groups
                .iter()
                .map(|g| {
                    format!(
                        "{} {:>9} {:>12} {:>12}",
                        pad(&one_line(&g.group), w),
                        group_thousands(g.count),
                        stat(g.mean),
                        stat(g.std)
                    )
                })
                .collect();
            let result = if c.test == "welch_t" {
                format!(
                    "Welch's t = {}, df = {}, p = {}",
                    format_stat(c.statistic, 4),
                    format_stat(c.df[0], 4),
                    p_text(c.p_value)
                )
            } else {
                format!(
                    "One-way ANOVA F = {}, df = ({}, {}), p = {}",
                    format_stat(c.statistic, 4),
                    format_stat(c.df[0], 4),
                    format_stat(c.df[1], 4),
                    p_text(c.p_value)
                )
            };
            (header, lines, result, reading(c.p_value, "the group means"))
        }
        Groups::Categorical(t) => {
            let w = t
                .rows
                .iter()
                .map(|r| display_width(r))
                .max()
                .unwrap_or(5)
                .clamp(5, 20);
            let cw = t
                .columns
                .iter()
                .map(|c| display_width(c))
                .max()
                .unwrap_or(5)
                .clamp(6, 12);
            let by = match &ins.groups {
                Some((v, b)) => format!("{v} \\ {b}"),
                None => String::new(),
            };
            let w = w.max(display_width(&by).min(30));
            let mut header = pad(&by, w);
            for c in &t.columns {
                header.push(' ');
                header.push_str(&rpad(&one_line(c), cw));
            }
            let lines = t
                .rows
                .iter()
                .zip(&t.counts)
                .map(|(r, counts)| {
                    let mut line = pad(&one_line(r), w);
                    for n in counts {
                        line.push(' ');
                        line.push_str(&rpad(&group_thousands(*n as usize), cw));
                    }
                    line
                })
                .collect();
            let result = format!(
                "Chi-square = {}, df = {}, p = {}{}",
                format_stat(t.chi2, 4),
                t.dof,
                p_text(t.p_value),
                if t.corrected {
                    " (Yates' correction)"
                } else {
                    ""
                }
            );
            let related = match &ins.groups {
                Some((v, b)) => format!("{v} and {b}"),
                None => "the two columns".into(),
            };
            let explain = if t.p_value < 0.05 {
                format!("p < 0.05: {related} are related beyond chance.")
            } else {
                format!("p ≥ 0.05: no evidence that {related} are related.")
            };
            (header, lines, result, explain)
        }
    };
    put(buf, area, area.x, area.y, &header, theme.header);
    for (i, line) in lines.iter().enumerate().skip(ins.top).take(rows) {
        let style = if i == ins.cursor {
            theme.cursor_row
        } else {
            Style::default()
        };
        put(
            buf,
            area,
            area.x,
            area.y + 1 + (i - ins.top) as u16,
            line,
            style,
        );
    }
    let shown = lines.len().min(rows) as u16;
    let y = area.y + 2 + shown;
    put(buf, area, area.x, y, &result, theme.header);
    put(buf, area, area.x, y + 1, &explain, theme.dim);
}

// ---------------------------------------------------------------------------------------------
// Warnings

fn warnings(app: &App, ins: &Inspector, f: &mut Frame, area: Rect, theme: &Theme) {
    let all = app.all_warnings();
    if all.is_empty() {
        let text = if matches!(app.stats, crate::app::Stats::Ready(_)) {
            "No data-quality warnings: no constant, empty, ID-like or skewed columns, no duplicate rows."
        } else {
            "Warnings come with the column statistics, which are still being computed…"
        };
        note(f, area, text, theme.dim);
        return;
    }
    let pane = Rect::new(area.x, area.y - 1, area.width, area.height + 2);
    let list_rows = layout::pane_list_rows(PaneKind::Warnings, pane);
    let detail_rows = layout::warning_detail_rows(pane) as u16;
    let kind_w = all.iter().map(|w| w.kind.len()).max().unwrap_or(8);
    let buf = f.buffer_mut();
    for (i, w) in all.iter().enumerate().skip(ins.top).take(list_rows) {
        let y = area.y + (i - ins.top) as u16;
        let style = if i == ins.cursor {
            theme.cursor_cell
        } else {
            Style::default()
        };
        let cols = if w.columns.is_empty() {
            "(dataset)".to_string()
        } else {
            w.columns.join(", ")
        };
        let line = format!("! {} {} {}", pad(w.kind, kind_w), pad(&cols, 18), w.message);
        put(
            buf,
            area,
            area.x,
            y,
            &pad(&line, area.width as usize),
            style,
        );
        put(buf, area, area.x, y, "!", style.patch(theme.progress));
    }
    let Some(selected) = all.get(ins.cursor) else {
        return;
    };
    let dy = area.y + area.height - detail_rows;
    put(
        buf,
        area,
        area.x,
        dy - 1,
        &"─".repeat(area.width as usize),
        theme.border,
    );
    let text = vec![
        Line::from(selected.message.clone()),
        Line::from(vec![
            Span::styled("fix: ", theme.dim),
            Span::styled(selected.fix, theme.key),
            Span::styled("  (a cleaning step)", theme.dim),
        ]),
    ];
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }),
        Rect::new(area.x, dy, area.width, detail_rows),
    );
}

// ---------------------------------------------------------------------------------------------
// Recipe

/// A step's settings in one line: its JSON fields without `op` and `fitted`.
fn step_args(step: &crate::core::clean::step::Step) -> String {
    let mut v = serde_json::to_value(step).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.remove("op");
        o.remove("fitted");
        return o
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(" ");
    }
    String::new()
}

fn recipe(app: &App, ins: &Inspector, f: &mut Frame, area: Rect, theme: &Theme) {
    if app.recipe.is_empty() {
        let text = if app.redo.is_empty() {
            "No cleaning steps yet: press C to add one (or a on a warning to fix it)."
        } else {
            "No cleaning steps: Ctrl-r redoes the change undone last."
        };
        note(f, area, text, theme.dim);
        return;
    }
    let pane = Rect::new(area.x, area.y - 1, area.width, area.height + 2);
    let list_rows = layout::pane_list_rows(PaneKind::Recipe, pane);
    let detail_rows = layout::warning_detail_rows(pane) as u16;
    let buf = f.buffer_mut();
    for (i, e) in app.recipe.iter().enumerate().skip(ins.top).take(list_rows) {
        let y = area.y + (i - ins.top) as u16;
        let style = if i == ins.cursor {
            theme.cursor_cell
        } else if e.broken.is_some() {
            theme.error
        } else if e.off {
            theme.dim
        } else {
            Style::default()
        };
        // ✗ a step that no longer applies, ○ one switched off: both are skipped.
        let mark = if e.broken.is_some() {
            '✗'
        } else if e.off {
            '○'
        } else {
            ' '
        };
        let line = format!(
            "{mark}{:>2}. {:<15} {}  · {}",
            i + 1,
            e.step.op(),
            step_args(&e.step),
            e.summary
        );
        put(
            buf,
            area,
            area.x,
            y,
            &pad(&line, area.width as usize),
            style,
        );
    }
    let Some(selected) = app.recipe.get(ins.cursor) else {
        return;
    };
    let dy = area.y + area.height - detail_rows;
    put(
        buf,
        area,
        area.x,
        dy - 1,
        &"─".repeat(area.width as usize),
        theme.border,
    );
    let json = serde_json::to_string(&selected.step).unwrap_or_default();
    let mut text = vec![Line::from(json)];
    if let Some(why) = &selected.broken {
        text.push(Line::styled(
            format!("✗ skipped: {why} (e edits it, d deletes it, U undoes the change)"),
            theme.error,
        ));
    } else if selected.off {
        text.push(Line::styled("○ switched off: t switches it on", theme.dim));
    }
    if let Some(n) = &selected.note {
        text.push(Line::styled(n.clone(), theme.progress));
    }
    text.push(Line::styled(
        "e edit · d delete · t switch off/on · K/J move up/down · u undo",
        theme.dim,
    ));
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }),
        Rect::new(area.x, dy, area.width, detail_rows),
    );
}
