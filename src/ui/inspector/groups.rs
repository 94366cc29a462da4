//! The group-comparison pane: a numeric column across a text column's groups, or two text
//! columns' contingency table, with the test and its plain-words reading.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::Frame;

use super::draw::*;
use crate::app::layout;
use crate::app::{Inspector, PaneKind};
use crate::core::data::cells::{display_width, format_stat, group_thousands, one_line};
use crate::core::stats::inspect::Groups;
use crate::ui::theme::Theme;

/// Plain-words reading of a p-value at the usual 5% level.
pub(super) fn reading(p: f64, what: &str) -> String {
    if p < 0.05 {
        format!("p < 0.05: {what} differ beyond chance.")
    } else {
        format!("p ≥ 0.05: no evidence that {what} differ.")
    }
}

pub(super) fn p_text(p: f64) -> String {
    if p < 1e-4 {
        format!("{p:.2e}")
    } else {
        format!("{p:.4}")
    }
}

pub(super) fn groups(ins: &Inspector, g: &Groups, f: &mut Frame, area: Rect, theme: &Theme) {
    let buf = f.buffer_mut();
    let rows = layout::pane_list_rows(
        PaneKind::Groups,
        Rect::new(0, 0, area.width, area.height + 2),
    );
    let (header, lines, result, explain): (String, Vec<String>, String, String) = match g {
        Groups::Numeric(c) => {
            let w = fit_width(c.groups.iter().map(|g| display_width(&g.group)), 5, 24);
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
            let w = fit_width(t.rows.iter().map(|r| display_width(r)), 5, 20);
            let cw = fit_width(t.columns.iter().map(|c| display_width(c)), 6, 12);
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
