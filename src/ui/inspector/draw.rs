//! Drawing primitives the panes share: text cut to an area, padding, bars in eighths, a bar
//! chart with its frame, horizontal value bars, and how numbers and values are shown.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui::Frame;

use crate::app::{layout, PaneKind};
use crate::core::data::cells::{display_width, format_stat, group_thousands, one_line, truncate};
use crate::core::stats::profile::StatValue;
use crate::ui::theme::Theme;

/// Vertical eighths, from empty to full.
pub(super) const EIGHTHS: [&str; 9] = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/// Horizontal eighths, from empty to full.
pub(super) const H_EIGHTHS: [&str; 9] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"];

pub(super) fn note(f: &mut Frame, area: Rect, text: &str, style: Style) {
    f.render_widget(
        Paragraph::new(Line::styled(text.to_string(), style)).wrap(Wrap { trim: true }),
        area,
    );
}

/// Write `s` at (x, y), cut to the area's right edge.
pub(super) fn put(buf: &mut Buffer, area: Rect, x: u16, y: u16, s: &str, style: Style) {
    if y >= area.y + area.height || x >= area.x + area.width {
        return;
    }
    let room = (area.x + area.width - x) as usize;
    buf.set_stringn(x, y, s, room, style);
}

pub(super) fn pad(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    let fill = w.saturating_sub(display_width(&s));
    format!("{s}{}", " ".repeat(fill))
}

pub(super) fn rpad(s: &str, w: usize) -> String {
    let s = truncate(s, w);
    let fill = w.saturating_sub(display_width(&s));
    format!("{}{s}", " ".repeat(fill))
}

/// A horizontal bar `fraction` (0..=1) of `width` cells, in eighths.
pub(super) fn hbar(fraction: f64, width: usize) -> String {
    let eighths = (fraction.clamp(0.0, 1.0) * width as f64 * 8.0).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    s.push_str(H_EIGHTHS[eighths % 8]);
    s
}

/// A value as listed: on one line, and quoted when it has surrounding spaces (which would
/// otherwise be invisible).
pub(super) fn shown(v: &str) -> String {
    if v.trim() != v {
        format!("{v:?}")
    } else {
        one_line(v)
    }
}

pub(super) fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "-".into();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

pub(super) fn stat(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format_stat(v, 5))
}

pub(super) fn ext(x: &Option<StatValue>) -> String {
    match x {
        Some(StatValue::Number(v)) => format_stat(*v, 5),
        Some(StatValue::Text(t)) => t.clone(),
        None => "-".into(),
    }
}

/// A bar chart with a heading line, the largest count on the left of the heading, and the
/// first and last labels under the bars.
#[allow(clippy::too_many_arguments)]
pub(super) fn chart_frame(
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
pub(super) fn vbars(buf: &mut Buffer, area: Rect, values: &[f64], style: Style) -> u16 {
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
pub(super) fn value_bars(
    buf: &mut Buffer,
    area: Rect,
    items: &[(String, usize)],
    rows: usize,
    theme: &Theme,
) {
    let label_w = fit_width(items.iter().map(|(v, _)| display_width(&shown(v))), 4, 20);
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

/// List rows below `heading` lines.
pub(super) fn layout_rows(area: Rect, heading: u16) -> usize {
    area.height.saturating_sub(heading) as usize
}

/// The list-with-detail layout of the recipe and warnings panes: how many list rows fit in
/// `area` above the detail box, and how many rows the box takes.
pub(super) fn list_and_detail(kind: PaneKind, area: Rect) -> (usize, u16) {
    let pane = Rect::new(area.x, area.y - 1, area.width, area.height + 2);
    (
        layout::pane_list_rows(kind, pane),
        layout::warning_detail_rows(pane) as u16,
    )
}

/// The detail box under a list: a rule, then `text` wrapped in the last `rows` rows of `area`.
pub(super) fn detail_box(f: &mut Frame, area: Rect, rows: u16, text: Vec<Line>, theme: &Theme) {
    let dy = area.y + area.height - rows;
    put(
        f.buffer_mut(),
        area,
        area.x,
        dy - 1,
        &"─".repeat(area.width as usize),
        theme.border,
    );
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: true }),
        Rect::new(area.x, dy, area.width, rows),
    );
}

/// A column as wide as its widest entry, between `min` and `max` (`min` when it has none).
pub(super) fn fit_width(widths: impl Iterator<Item = usize>, min: usize, max: usize) -> usize {
    widths.max().unwrap_or(min).clamp(min, max)
}
