//! The title bar (file, format, shape, load state) and the status bar (messages, or the focused
//! pane's most useful keys).

use std::time::Duration;

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

use super::theme::Theme;
use crate::app::commands::{in_scope, Command, Scope};
use crate::app::Cmd;
use crate::app::{App, Level, LoadState, Overlay};
use crate::core::data::cells::{display_width, group_thousands};

const SPINNER: &[char] = &['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

pub fn title(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let name = app
        .info
        .as_ref()
        .map_or(app.input_name.as_str(), |i| i.name.as_str());
    let format = app
        .info
        .as_ref()
        .map_or(String::new(), |i| i.describe(false));
    // The title always counts the data; the table's own title counts what a view shows.
    let (rows, cols) = (app.frame.height(), app.frame.width());
    let state = load_state(app, theme);
    // Cleaning steps change the data: say how many, and whether they are saved.
    let steps = match app.recipe.len() {
        0 => String::new(),
        n => format!(
            "  {n} step{}{}",
            if n == 1 { "" } else { "s" },
            if app.unsaved_steps() { "*" } else { "" }
        ),
    };
    let mut shape = if app.info.is_some() {
        format!(
            "  {format}  {} rows x {cols} columns{steps}",
            group_thousands(rows)
        )
    } else {
        String::new()
    };
    // The load state sits on the right; the path gives way first when space is short, and the
    // shape is written compactly before the file's own name would be cut.
    let state_w: usize = state.iter().map(|s| s.width()).sum::<usize>() + 1;
    let room =
        |shape: &str| (area.width as usize).saturating_sub(8 + display_width(shape) + state_w + 1);
    let base = name.rsplit('/').next().unwrap_or(name);
    if app.info.is_some() && room(&shape) < display_width(base).min(20) {
        let format = app
            .info
            .as_ref()
            .map_or(String::new(), |i| i.describe(true));
        shape = format!("  {format} {}x{cols}{steps}", group_thousands(rows));
    }
    let name = shorten_path(name, room(&shape));
    let used = 8 + display_width(&name) + display_width(&shape);
    let gap = (area.width as usize).saturating_sub(used + state_w);
    let mut spans = vec![
        Span::styled(" lathe ", theme.title),
        Span::raw(format!(" {name}")),
        Span::styled(shape, theme.dim),
        Span::raw(" ".repeat(gap.max(1))),
    ];
    spans.extend(state);
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Fit a path in `width` cells: keep its end (the file name), drop the front behind a `…`.
fn shorten_path(path: &str, width: usize) -> String {
    if display_width(path) <= width {
        return path.to_string();
    }
    let chars: Vec<char> = path.chars().collect();
    let mut out = String::new();
    let mut used = 1;
    for &c in chars.iter().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        out.insert(0, c);
        used += w;
    }
    format!("…{out}")
}

fn load_state(app: &App, theme: &Theme) -> Vec<Span<'static>> {
    // A training run under way takes the corner (the load is over by then).
    if let Some(t) = &app.training {
        let elapsed = app.clock.saturating_sub(t.started);
        let spin = SPINNER[(elapsed.as_millis() / 100) as usize % SPINNER.len()];
        let fold = t.progress.map_or(String::new(), |p| {
            if p.folds > 1 {
                format!(" fold {}/{}", p.fold + 1, p.folds)
            } else {
                String::new()
            }
        });
        return vec![Span::styled(
            format!(
                "{spin} training {}{fold} {}  Esc stop",
                t.spec.model.name,
                human_duration(elapsed)
            ),
            theme.progress,
        )];
    }
    match &app.load {
        LoadState::Loading { .. } if app.choosing_table() => {
            vec![Span::styled("choose a table to read", theme.progress)]
        }
        LoadState::Loading {
            started, progress, ..
        } => {
            let elapsed = app.clock.saturating_sub(*started);
            let spin = SPINNER[(elapsed.as_millis() / 100) as usize % SPINNER.len()];
            let pct = progress
                .and_then(|p| p.fraction())
                .map(|f| format!(" {:>3.0}% {}", f * 100.0, bar(f, 10)))
                .unwrap_or_default();
            vec![Span::styled(
                format!("{spin} loading{pct} {}  Esc stop", human_duration(elapsed)),
                theme.progress,
            )]
        }
        LoadState::Done { elapsed, complete } => {
            let what = if *complete {
                format!("loaded in {}", human_duration(*elapsed))
            } else {
                "partial: load stopped".to_string()
            };
            let style = if *complete { theme.dim } else { theme.progress };
            vec![Span::styled(what, style)]
        }
        LoadState::Failed { .. } => vec![Span::styled("load failed", theme.error)],
    }
}

fn bar(fraction: f64, width: usize) -> String {
    let filled = (fraction * width as f64).round() as usize;
    format!(
        "{}{}",
        "█".repeat(filled),
        "░".repeat(width - filled.min(width))
    )
}

/// `41 ms`, `1.2 s`, `2 min 05 s`.
pub fn human_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms} ms")
    } else if ms < 60_000 {
        format!("{:.1} s", d.as_secs_f64())
    } else {
        format!("{} min {:02} s", ms / 60_000, (ms / 1000) % 60)
    }
}

pub fn status(app: &App, f: &mut Frame, area: Rect, theme: &Theme) {
    let line = match &app.message {
        Some(m) => {
            let style = match m.level {
                Level::Error => theme.error,
                Level::Info => theme.info,
            };
            let text = format!(" {}", m.text);
            if display_width(&text) > area.width as usize {
                long_message(&text, style, f, area);
                return;
            }
            Line::from(Span::styled(text, style))
        }
        None if app.overlay == Some(Overlay::Prompt) => Line::from(vec![
            Span::styled(
                match app.prompt.kind {
                    crate::app::PromptKind::Filter => " FILTER ",
                    crate::app::PromptKind::Sql => " SQL ",
                    crate::app::PromptKind::Search => " SEARCH ",
                    crate::app::PromptKind::Column => " COLUMN ",
                    crate::app::PromptKind::Scatter => " SCATTER ",
                    crate::app::PromptKind::GroupBy => " GROUP BY ",
                    crate::app::PromptKind::Export => " EXPORT ",
                    crate::app::PromptKind::SaveRecipe => " SAVE RECIPE ",
                    crate::app::PromptKind::SaveModel => " SAVE MODEL ",
                    crate::app::PromptKind::Drift => " DRIFT ",
                    crate::app::PromptKind::Chart => " CHART ",
                    crate::app::PromptKind::Report => " REPORT ",
                },
                theme.title,
            ),
            Span::styled("  Enter", theme.key),
            Span::raw(match app.prompt.kind {
                crate::app::PromptKind::Column => " go  Tab complete",
                crate::app::PromptKind::Scatter | crate::app::PromptKind::GroupBy => {
                    " show  Tab complete"
                }
                crate::app::PromptKind::Export
                | crate::app::PromptKind::SaveRecipe
                | crate::app::PromptKind::SaveModel
                | crate::app::PromptKind::Chart
                | crate::app::PromptKind::Report => " write",
                crate::app::PromptKind::Drift => " compare",
                _ => " apply",
            }),
            Span::styled("  Esc", theme.key),
            Span::raw(" cancel"),
            Span::styled("  Ctrl-u", theme.key),
            Span::raw(" clear"),
        ]),
        None => match app.overlay {
            Some(Overlay::Palette) => keys_line(
                " COMMANDS ",
                &[
                    ("type", "to find"),
                    ("↑/↓", "move"),
                    ("Enter", "run"),
                    ("Esc", "close"),
                ],
                theme,
            ),
            Some(Overlay::Tables { .. }) => keys_line(
                " TABLES ",
                &[("j/k", "move"), ("Enter", "read"), ("Esc", "quit")],
                theme,
            ),
            Some(Overlay::Menu { .. }) => keys_line(
                " CLEAN ",
                &[("j/k", "move"), ("Enter", "configure"), ("Esc", "close")],
                theme,
            ),
            Some(Overlay::Form) => keys_line(
                " STEP ",
                &[
                    ("Tab", "next field"),
                    ("←/→", "choose"),
                    ("Enter", "preview, then apply"),
                    ("Esc", "cancel"),
                ],
                theme,
            ),
            Some(Overlay::Train) => keys_line(
                " TRAIN ",
                &[
                    ("Tab", "next field"),
                    ("←/→", "choose"),
                    ("Enter", "train"),
                    ("Esc", "cancel"),
                ],
                theme,
            ),
            Some(Overlay::Confirm(crate::app::Confirm::Quit)) => keys_line(
                " QUIT? ",
                &[
                    ("s", "save the recipe"),
                    ("q", "quit anyway"),
                    ("Esc", "stay"),
                ],
                theme,
            ),
            Some(Overlay::Confirm(crate::app::Confirm::Overwrite)) => keys_line(
                " REPLACE? ",
                &[("y", "replace the file"), ("n", "keep it")],
                theme,
            ),
            _ => hints(app, app.scope(), area.width, theme),
        },
    };
    f.render_widget(Paragraph::new(line), area);
}

/// A message longer than the status bar is wrapped upwards over the bottom of the panes (at
/// most `MESSAGE_LINES` lines, the last cut), so its end (often the column or the fix) is read;
/// the panes show again once it is cleared (an error by Esc, a notice by the next key).
fn long_message(text: &str, style: Style, f: &mut Frame, area: Rect) {
    const MESSAGE_LINES: usize = 3;
    let width = area.width.max(2) as usize;
    // Each line starts with a space, as the one-line message does.
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        if !current.is_empty() && display_width(&current) + 1 + display_width(word) > width {
            lines.push(std::mem::take(&mut current));
        }
        current.push(' ');
        current.push_str(word);
    }
    lines.push(current);
    if lines.len() > MESSAGE_LINES {
        lines.truncate(MESSAGE_LINES);
        let last = &mut lines[MESSAGE_LINES - 1];
        *last = if display_width(last) + 2 <= width {
            format!("{last} …")
        } else {
            crate::core::data::cells::truncate(last, width)
        };
    }
    let n = (lines.len() as u16).min(area.y + 1);
    let rect = Rect::new(area.x, area.y + 1 - n, area.width, n);
    f.render_widget(ratatui::widgets::Clear, rect);
    let lines: Vec<Line> = lines
        .into_iter()
        .take(n as usize)
        .map(|l| Line::from(Span::styled(format!("{l:<width$}"), style)))
        .collect();
    f.render_widget(Paragraph::new(lines), rect);
}

/// The focused pane's first hints, the optional global ones (the pane keys, Tab), then the
/// pane's other hints, as many as fit; `? help` and `q quit` always show, at the end. A hint
/// names the default keys, so a command the config file rebound shows none (`?` has its keys).
fn hints(app: &App, scope: Scope, width: u16, theme: &Theme) -> Line<'static> {
    const FIRST: usize = 3;
    let label = format!(" {} ", scope_label(scope));
    let unchanged = |c: &&Command| app.keymap.keys_of(c.scope, c.name) == c.keys;
    let pane: Vec<&str> = in_scope(scope)
        .filter(unchanged)
        .filter_map(|c| c.hint)
        .collect();
    let globals: Vec<&Command> = if scope.is_popup() {
        Vec::new()
    } else {
        in_scope(Scope::Global)
            .filter(|c| c.hint.is_some())
            .filter(unchanged)
            .collect()
    };
    let essential = |c: &Command| matches!(c.cmd, Cmd::Help | Cmd::Quit);
    let must: Vec<&str> = globals
        .iter()
        .filter(|c| essential(c))
        .filter_map(|c| c.hint)
        .collect();
    let mut wanted: Vec<&str> = pane.iter().take(FIRST).copied().collect();
    wanted.extend(
        globals
            .iter()
            .filter(|c| !essential(c))
            .filter_map(|c| c.hint),
    );
    wanted.extend(pane.iter().skip(FIRST));
    let cost = |hs: &[&str]| hs.iter().map(|h| display_width(h) + 2).sum::<usize>();
    let mut keep = wanted.len();
    while keep > 0 && display_width(&label) + cost(&wanted[..keep]) + cost(&must) > width as usize {
        keep -= 1;
    }
    let mut spans = vec![Span::styled(label, theme.title)];
    for h in wanted[..keep].iter().chain(&must) {
        let (keys, what) = h.split_once(' ').unwrap_or((h, ""));
        spans.push(Span::raw("  "));
        spans.push(Span::styled(keys.to_string(), theme.key));
        spans.push(Span::styled(format!(" {what}"), Style::default()));
    }
    Line::from(spans)
}

fn keys_line(label: &str, keys: &[(&str, &str)], theme: &Theme) -> Line<'static> {
    let mut spans = vec![Span::styled(label.to_string(), theme.title)];
    for (k, what) in keys {
        spans.push(Span::styled(format!("  {k}"), theme.key));
        spans.push(Span::raw(format!(" {what}")));
    }
    Line::from(spans)
}

fn scope_label(scope: Scope) -> &'static str {
    match scope {
        Scope::Global => "LATHE",
        Scope::Table => "TABLE",
        Scope::Columns => "COLUMNS",
        Scope::Pane(crate::app::PaneKind::Profile) => "PROFILE",
        Scope::Pane(crate::app::PaneKind::Frequencies) => "FREQUENCIES",
        Scope::Pane(crate::app::PaneKind::Correlations) => "CORRELATIONS",
        Scope::Pane(crate::app::PaneKind::Scatter) => "SCATTER",
        Scope::Pane(crate::app::PaneKind::Groups) => "GROUPS",
        Scope::Pane(crate::app::PaneKind::Warnings) => "WARNINGS",
        Scope::Pane(crate::app::PaneKind::Recipe) => "RECIPE",
        Scope::Pane(crate::app::PaneKind::Model) => "MODEL",
        Scope::Pane(crate::app::PaneKind::Drift) => "DRIFT",
        Scope::Popup | Scope::Dialog(_) => "POPUP",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_durations_and_counts() {
        assert_eq!(human_duration(Duration::from_millis(41)), "41 ms");
        assert_eq!(human_duration(Duration::from_millis(1234)), "1.2 s");
        assert_eq!(human_duration(Duration::from_secs(125)), "2 min 05 s");
        assert_eq!(shorten_path("/long/path/to/data.csv", 10), "…/data.csv");
        assert_eq!(shorten_path("data.csv", 10), "data.csv");
    }
}
