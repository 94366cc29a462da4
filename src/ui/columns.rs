//! The columns pane: one row per column with its type, counts and summary statistics. The
//! selection is the table's cursor column, so moving in either pane moves both.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

use super::pane_block;
use super::theme::Theme;
use crate::app::{App, Focus, LoadState, Stats};
use crate::core::data::cells::dtype_name;
use crate::core::data::cells::{display_width, format_stat_within, one_line, truncate};
use crate::core::stats::profile::{ColumnSummary, StatValue};

/// Width of the warning flag (`!`) before each name.
const FLAG_W: usize = 2;

/// The fields after the name with their widths; when the pane is narrow the last ones are left
/// out, so the most telling come first.
const FIELDS: [(&str, usize); 8] = [
    ("dtype", 8),
    ("non-null", 8),
    ("nulls", 7),
    ("null%", 6),
    ("unique", 7),
    ("mean", 9),
    ("min", 10),
    ("max", 10),
];

pub fn render(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let focused = app.focus == Focus::Columns && app.overlay.is_none();
    let title = match (&app.stats, &app.load) {
        (Stats::Computing(_), _) => "Columns  computing statistics…".to_string(),
        (Stats::Waiting, LoadState::Loading { .. }) => {
            "Columns  statistics after loading".to_string()
        }
        _ => "Columns".to_string(),
    };
    let block = pane_block(title, focused, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let cols = app.frame.columns();
    if cols.is_empty() || inner.height < 2 {
        return;
    }
    let longest = cols
        .iter()
        .map(|c| display_width(c.name()))
        .max()
        .unwrap_or(4);
    let name_w = longest.clamp(6, 24);
    // Keep as many fields as fit after the name.
    // Two cells before the name flag columns with quality warnings.
    let mut avail = (inner.width as usize).saturating_sub(FLAG_W + name_w + 1);
    let mut fields = Vec::new();
    for (label, w) in FIELDS {
        if avail < w + 1 {
            break;
        }
        avail -= w + 1;
        fields.push((label, w));
    }
    let buf = f.buffer_mut();
    let right = inner.x + inner.width;
    let put = |buf: &mut ratatui::buffer::Buffer,
               x: u16,
               y: u16,
               s: &str,
               w: usize,
               right_align: bool,
               style: Style| {
        let s = truncate(s, w);
        let fill = " ".repeat(w.saturating_sub(display_width(&s)));
        let text = if right_align {
            format!("{fill}{s}")
        } else {
            format!("{s}{fill}")
        };
        buf.set_stringn(x, y, text, right.saturating_sub(x) as usize, style);
    };
    // Header.
    let mut x = inner.x + FLAG_W as u16;
    put(buf, x, inner.y, "column", name_w, false, theme.header);
    x += name_w as u16 + 1;
    for &(label, w) in &fields {
        put(buf, x, inner.y, label, w, label != "dtype", theme.header);
        x += w as u16 + 1;
    }
    let stats = match &app.stats {
        Stats::Ready(s) => Some(s),
        _ => None,
    };
    let rows = inner.height as usize - 1;
    let selected = app.data_index(app.col);
    for (i, c) in (app.columns_top..cols.len()).take(rows).enumerate() {
        let y = inner.y + 1 + i as u16;
        let col = &cols[c];
        let selected = selected == Some(c);
        // A column a view hides is listed dimmed, with `-` where a warning's `!` goes.
        let hidden = app.is_hidden(col.name());
        let style = if selected {
            if focused {
                theme.cursor_cell
            } else {
                theme.cursor_row
            }
        } else if hidden {
            theme.dim
        } else {
            Style::default()
        };
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
        }
        let summary = stats.and_then(|s| s.get(c));
        let flagged = summary.is_some_and(|s| !s.warnings.is_empty());
        if hidden {
            buf.set_stringn(inner.x, y, "-", 1, style);
        } else if flagged {
            buf.set_stringn(inner.x, y, "!", 1, style.patch(theme.progress));
        }
        let mut x = inner.x + FLAG_W as u16;
        put(buf, x, y, &one_line(col.name()), name_w, false, style);
        x += name_w as u16 + 1;
        for &(label, w) in &fields {
            let text = match label {
                "dtype" => dtype_name(col.dtype()),
                _ => summary.map_or("…".to_string(), |s| field(s, label, w)),
            };
            put(
                buf,
                x,
                y,
                &text,
                w,
                label != "dtype",
                style.patch(field_style(label, summary, theme)),
            );
            x += w as u16 + 1;
        }
    }
}

/// A field's text; numbers keep as many digits as `width` holds.
fn field(s: &ColumnSummary, label: &str, width: usize) -> String {
    let ext = |e: &Option<StatValue>| match e {
        Some(StatValue::Number(x)) => format_stat_within(*x, 6, width),
        Some(StatValue::Text(t)) => t.clone(),
        None => "-".to_string(),
    };
    match label {
        "non-null" => s.count.to_string(),
        "nulls" => s.nulls.to_string(),
        "null%" => format!("{:.1}%", s.null_fraction() * 100.0),
        "unique" => s.unique.to_string(),
        "min" => ext(&s.min),
        "max" => ext(&s.max),
        "mean" => s
            .mean
            .map_or("-".to_string(), |m| format_stat_within(m, 6, width)),
        _ => String::new(),
    }
}

/// Nulls stand out; a dash for "not applicable" is dimmed.
fn field_style(label: &str, s: Option<&ColumnSummary>, theme: &Theme) -> Style {
    match (label, s) {
        ("nulls" | "null%", Some(s)) if s.nulls > 0 => theme.progress,
        ("min" | "max", Some(s)) if s.min.is_none() => theme.dim,
        ("mean", Some(s)) if s.mean.is_none() => theme.dim,
        (_, None) if label != "dtype" => theme.dim,
        _ => Style::default(),
    }
}
