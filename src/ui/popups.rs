//! Popups drawn over the panes: the help (generated from the command registry) and the whole
//! content of one cell.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

use super::pane_block;
use super::theme::Theme;
use crate::app::commands::{in_scope, Scope};
use crate::app::{App, PromptKind};
use crate::core::data::cells::display_width;

/// A line of keys and what they do in a form, ` Enter apply   Esc cancel`, keys in the key
/// style.
pub(super) fn key_line(keys: &[(&'static str, &'static str)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, what)) in keys.iter().enumerate() {
        spans.push(Span::raw(if i == 0 { " " } else { "   " }));
        spans.push(Span::styled(*key, theme.key));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans)
}

/// The lines of a list popup showing `rows` of `items` around the `cursor` (scrolled so it is
/// in view), each drawn by `line` in the cursor's style or the plain one.
pub(super) fn list_lines<'a, T>(
    items: &'a [T],
    cursor: usize,
    rows: usize,
    theme: &Theme,
    line: impl Fn(&'a T, ratatui::style::Style) -> Line<'a>,
) -> Vec<Line<'a>> {
    let top = cursor.saturating_sub(rows.saturating_sub(1));
    items
        .iter()
        .enumerate()
        .skip(top)
        .take(rows)
        .map(|(i, item)| {
            let style = if i == cursor {
                theme.cursor_cell
            } else {
                ratatui::style::Style::default()
            };
            line(item, style)
        })
        .collect()
}

/// A rectangle of at most `w` x `h` centred in `area` (every popup's place).
pub(super) fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

pub fn help(app: &App, f: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let popup = centered(area, 104, area.height.saturating_sub(4).max(8));
    // Command names (what the palette will search) when there is room for them.
    let with_names = popup.width >= 100;
    let mut lines: Vec<Line> = Vec::new();
    // Help opened from the model pane starts with what its numbers mean.
    let in_model = app.focus == crate::app::Focus::Inspector
        && app
            .inspector
            .as_ref()
            .is_some_and(|i| i.kind == crate::app::PaneKind::Model);
    if let (true, Some(run)) = (
        in_model,
        app.inspector.as_ref().and_then(|i| app.runs.get(i.cursor)),
    ) {
        lines.push(Line::styled("What this run's numbers mean", theme.header));
        for k in run.report.metrics.keys() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {k}: "), theme.key),
                Span::raw(crate::core::model::metrics::explain(k)),
            ]));
        }
        lines.push(Line::raw(""));
    }
    // The focused place first: where a key means something else there than Everywhere (c in
    // the model pane marks a run), the meaning in force is the first one read.
    let focused = match (app.focus, &app.inspector) {
        (crate::app::Focus::Inspector, Some(ins)) => Scope::Pane(ins.kind),
        (crate::app::Focus::Columns, _) => Scope::Columns,
        _ => Scope::Table,
    };
    let order = std::iter::once(focused).chain(Scope::ALL.into_iter().filter(|s| *s != focused));
    for scope in order {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        if scope == focused {
            lines.push(Line::styled(
                format!("{} (here: these keys win over Everywhere)", scope.title()),
                theme.header,
            ));
        } else {
            lines.push(Line::styled(scope.title(), theme.header));
        }
        for c in in_scope(scope) {
            // The keys in force (the config file may have changed them).
            let keys = app.keymap.keys_of(scope, c.name).join(" ");
            let mut spans = vec![Span::styled(format!("  {keys:<17} "), theme.key)];
            if with_names {
                // As wide as the longest name and a space, so a name never runs into its doc.
                let w = crate::app::commands::COMMANDS
                    .iter()
                    .map(|c| c.name.len())
                    .max()
                    .unwrap_or(0);
                spans.push(Span::styled(format!("{:<w$} ", c.name), theme.dim));
            }
            spans.push(Span::raw(c.doc));
            lines.push(Line::from(spans));
        }
    }
    let max_scroll = (lines.len() as u16).saturating_sub(popup.height.saturating_sub(2));
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines)
            .block(pane_block(
                "Help  j/k scroll, Esc close".into(),
                true,
                theme,
            ))
            .wrap(Wrap { trim: false })
            .scroll((scroll.min(max_scroll), 0)),
        popup,
    );
}

pub fn cell(app: &App, f: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let Some((name, value)) = app.current_cell() else {
        return;
    };
    let dtype = app
        .frame
        .column(&name)
        .map(|c| c.dtype().to_string())
        .unwrap_or_default();
    let title = format!("Row {}, {name} ({dtype})  Esc close", app.row + 1);
    let width = area.width.saturating_sub(8).min(90);
    let text_width = width.saturating_sub(2).max(1) as usize;
    // Lines the value needs once wrapped, so short values get a small popup.
    let needed: usize = value
        .as_deref()
        .unwrap_or("")
        .split('\n')
        .map(|l| display_width(l) / text_width + 1)
        .sum();
    let height = (needed as u16 + 2).clamp(3, area.height.saturating_sub(4).max(3));
    let body = match value {
        Some(v) => Paragraph::new(v),
        None => Paragraph::new(Line::styled("null (missing value)", theme.null)),
    };
    let popup = centered(area, width, height);
    f.render_widget(Clear, popup);
    f.render_widget(
        body.block(pane_block(title, true, theme))
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        popup,
    );
}

/// The filter prompt, drawn just above the status bar: the text with a cursor, and under it the
/// last error pointing at its character.
pub fn prompt(app: &App, f: &mut Frame, status: Rect, theme: &Theme) {
    let listing = matches!(
        app.prompt.kind,
        PromptKind::Column | PromptKind::Scatter | PromptKind::GroupBy
    );
    let height = match (&app.prompt.error, listing) {
        (None, _) => 3,
        (Some(_), true) => 4,
        (Some(_), false) => 5,
    };
    let area = Rect::new(
        status.x,
        status.y.saturating_sub(height),
        status.width,
        height.min(status.y),
    );
    // Text wider than the box scrolls: its end (the cursor) stays in view, or the character an
    // error points at; `…` stands for what is cut on the left.
    let chars: Vec<char> = app.prompt.text.chars().collect();
    let inner = area.width.saturating_sub(2) as usize;
    let mut skip = (chars.len() + 1).saturating_sub(inner);
    if let Some(e) = app.prompt.error.as_ref().filter(|_| !listing) {
        if e.position < skip + 1 {
            skip = e.position.saturating_sub(inner / 2);
        }
    }
    let shown: String = match skip {
        0 => app.prompt.text.clone(),
        _ => std::iter::once('…')
            .chain(chars.iter().skip(skip + 1).copied())
            .collect(),
    };
    let mut lines = vec![Line::from(vec![
        Span::raw(shown),
        Span::styled(" ", theme.cursor_cell),
    ])];
    if let Some(e) = &app.prompt.error {
        // Column candidates are a list, not an error at a character.
        if listing {
            lines.push(Line::styled(e.message.clone(), theme.dim));
        } else {
            lines.push(Line::styled(
                format!("{}^", " ".repeat(e.position.saturating_sub(skip))),
                theme.error,
            ));
            lines.push(Line::styled(e.message.clone(), theme.error));
        }
    }
    let column = app.current_column().unwrap_or_default();
    let title = match app.prompt.kind {
        PromptKind::Filter => {
            "Filter rows  e.g. body_mass_g > 4000 and sex == \"male\"  Enter apply, Esc cancel"
                .into()
        }
        PromptKind::Sql => {
            "SQL over the table `data`  Tab completes a column, Enter runs, Esc cancels".into()
        }
        PromptKind::Search => "Search cells for text (any case)  Enter find, Esc cancel".into(),
        PromptKind::Column => "Go to column  Tab complete, Enter go, Esc cancel".into(),
        PromptKind::Scatter => {
            format!("Scatter: x = {column}; type y [by colour column]  Tab complete")
        }
        PromptKind::GroupBy => format!("Compare {column} by column  Tab complete"),
        PromptKind::Export => {
            "Write the cleaned data to  .csv .tsv .parquet .json .ndjson .arrow".into()
        }
        PromptKind::SaveRecipe => {
            "Save the session recipe (steps and model) to  lathe run replays it".into()
        }
        PromptKind::Chart => "Write the chart to  .png or .svg".into(),
        PromptKind::Report => "Write report.md, report.html and the charts into the folder".into(),
        PromptKind::Drift => {
            "Compare the data (the reference) with the file  e.g. next_month.csv".into()
        }
        PromptKind::SaveModel => {
            "Save the model (refitted on every row) to  lathe predict MODEL DATA uses it".into()
        }
    };
    f.render_widget(Clear, area);
    f.render_widget(
        Paragraph::new(lines).block(pane_block(title, true, theme)),
        area,
    );
}

/// The command palette: the query, then the matching commands with their keys and scope.
pub fn palette(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    use ratatui::style::Style;
    let found = crate::app::palette::found(&app.palette.query);
    let popup = centered(area, 96, area.height.saturating_sub(4).clamp(6, 24));
    let rows = popup.height.saturating_sub(4) as usize;
    let cursor = app.palette.cursor.min(found.len().saturating_sub(1));
    let top = cursor.saturating_sub(rows.saturating_sub(1));
    let mut lines = vec![
        Line::from(vec![
            Span::styled(": ", theme.key),
            Span::raw(app.palette.query.clone()),
            Span::styled("█", theme.dim),
        ]),
        Line::styled(
            format!(
                "{} of {} commands and cleaning steps",
                found.len(),
                crate::app::palette::candidates().count() + crate::core::clean::schema::OPS.len()
            ),
            theme.dim,
        ),
    ];
    // Each column at least one space wider than what it holds, so keys, names and scopes
    // never run together.
    let shown = || found.iter().skip(top).take(rows);
    let keys_w = shown()
        .map(|c| c.keys().chars().count())
        .max()
        .unwrap_or(0)
        .clamp(6, 17);
    let name_w = shown()
        .map(|c| c.name().len())
        .max()
        .unwrap_or(0)
        .clamp(10, 20);
    for (i, c) in found.iter().enumerate().skip(top).take(rows) {
        let style = if i == cursor {
            theme.cursor_cell
        } else {
            Style::default()
        };
        let t = crate::core::data::cells::truncate;
        lines.push(Line::from(vec![
            Span::styled(
                format!(" {:<keys_w$} ", t(&c.keys(), keys_w)),
                style.patch(theme.key),
            ),
            Span::styled(format!("{:<name_w$} ", t(c.name(), name_w)), style),
            Span::styled(format!("{:<12} ", t(c.scope(), 12)), style.patch(theme.dim)),
            Span::styled(c.doc().to_string(), style),
        ]));
    }
    if found.is_empty() {
        lines.push(Line::styled(
            " No command matches; Backspace to widen.",
            theme.dim,
        ));
    }
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines).block(pane_block(
            "Commands  type to find, Enter run, Esc close".into(),
            true,
            theme,
        )),
        popup,
    );
}

/// The tour's box, at the bottom above the status bar: the step, what to do and why, the keys.
pub fn tour(t: &crate::app::tour::Tour, f: &mut Frame, area: Rect, theme: &Theme) {
    let waiting = crate::app::tour::Step {
        title: "Getting ready".into(),
        text: "The tour picks its steps from the data: it starts once the data is loaded and \
               its statistics are ready."
            .into(),
        keys: "wait a moment".into(),
        check: crate::app::tour::Check::Never,
    };
    let step = t.current().unwrap_or(&waiting);
    let width = area.width.min(100);
    let inner_w = width.saturating_sub(2) as usize;
    // The text wrapped by words to the box's width.
    let mut lines: Vec<Line> = Vec::new();
    let mut line = String::new();
    for word in step.text.split_whitespace() {
        if !line.is_empty() && display_width(&line) + 1 + display_width(word) > inner_w {
            lines.push(Line::raw(std::mem::take(&mut line)));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(Line::raw(line));
    }
    // The keys wrap at their commas; the way out goes on the last line if it fits, else below.
    let mut keys: Vec<Span> = vec![Span::styled("do: ", theme.dim)];
    let mut used = 4;
    let parts: Vec<&str> = step.keys.split(", ").collect();
    for (i, part) in parts.iter().enumerate() {
        let piece = if i + 1 < parts.len() {
            format!("{part}, ")
        } else {
            part.to_string()
        };
        if used + display_width(piece.trim_end()) > inner_w && used > 4 {
            lines.push(Line::from(std::mem::take(&mut keys)));
            keys.push(Span::raw("    "));
            used = 4;
        }
        used += display_width(&piece);
        keys.push(Span::styled(piece, theme.key));
    }
    const LEAVE: &str = "   (Esc with nothing open leaves the tour)";
    if used + display_width(LEAVE) > inner_w {
        lines.push(Line::from(std::mem::take(&mut keys)));
        keys.push(Span::styled(LEAVE.trim_start(), theme.dim));
    } else {
        keys.push(Span::styled(LEAVE, theme.dim));
    }
    lines.push(Line::from(keys));
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    let rect = Rect::new(
        area.x + (area.width - width) / 2,
        area.y + area.height.saturating_sub(height + 1),
        width,
        height,
    );
    f.render_widget(Clear, rect);
    f.render_widget(
        Paragraph::new(lines).block(pane_block(
            format!(
                "Tour {}/{}: {}",
                t.step + 1,
                t.steps.len().max(1),
                step.title
            ),
            true,
            theme,
        )),
        rect,
    );
}

/// The list of a database's tables, before anything is loaded: the file holds several and none
/// was named (`--table`).
pub fn tables(app: &App, f: &mut Frame, area: Rect, cursor: usize, theme: &Theme) {
    let longest = app
        .tables
        .iter()
        .map(|t| display_width(t))
        .max()
        .unwrap_or(0);
    let title = format!(
        "{} holds {} tables: which one?",
        crate::core::data::cells::one_line(&app.input_name),
        app.tables.len()
    );
    let hint = " Enter reads it; --table NAME picks it at the start.";
    let width = (longest + 6)
        .max(display_width(&title) + 6)
        .max(display_width(hint) + 3)
        .min(area.width as usize) as u16;
    let popup = centered(area, width, app.tables.len() as u16 + 4);
    let rows = popup.height.saturating_sub(4) as usize;
    let mut lines = list_lines(&app.tables, cursor, rows, theme, |name, style| {
        let text = crate::core::data::cells::one_line(name);
        let fill = (width as usize).saturating_sub(4 + display_width(&text));
        Line::from(Span::styled(format!(" {text}{}", " ".repeat(fill)), style))
    });
    lines.push(Line::from(""));
    lines.push(Line::styled(hint, theme.dim));
    f.render_widget(Clear, popup);
    f.render_widget(
        Paragraph::new(lines).block(pane_block(title, true, theme)),
        popup,
    );
}
