//! The frequency pane: a column's values with their counts and shares, as bars.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

use super::draw::*;
use crate::app::Inspector;
use crate::core::data::cells::{display_width, group_thousands};
use crate::core::stats::inspect::Frequencies;
use crate::ui::theme::Theme;

pub(super) fn frequencies(
    ins: &Inspector,
    q: &Frequencies,
    f: &mut Frame,
    area: Rect,
    theme: &Theme,
) {
    let buf = f.buffer_mut();
    let missing = q.values.iter().find(|v| v.0.is_none()).map_or(0, |v| v.1);
    let summary = format!(
        "{} distinct · {} missing · sorted by {} · s sort",
        group_thousands(q.distinct),
        group_thousands(missing),
        q.order.describe()
    );
    put(buf, area, area.x, area.y, &summary, theme.dim);
    let shown_values = q
        .values
        .iter()
        .skip(ins.top)
        .take(area.height as usize)
        .map(|(v, _)| v.as_deref().map_or(9, |s| display_width(&shown(s))));
    let value_w = fit_width(shown_values, 5, 30);
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
