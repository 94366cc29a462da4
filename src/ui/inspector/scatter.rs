//! The scatter pane: two numeric columns plotted on a braille canvas (a seeded sample of rows).

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Points};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::draw::*;
use crate::core::data::cells::{display_width, format_stat, group_thousands, one_line};
use crate::core::stats::inspect::{Scatter, SCATTER_SEED};
use crate::ui::theme::Theme;

pub(super) fn scatter(s: &Scatter, f: &mut Frame, area: Rect, theme: &Theme) {
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
