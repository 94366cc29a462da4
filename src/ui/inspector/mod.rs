//! The inspection pane, drawn where the table is while it is open: a column's profile with its
//! chart, a frequency table, the correlation grid, a scatter plot, a group comparison, or the
//! data-quality warnings. Everything is drawn from the answer the app holds; nothing is computed
//! here beyond laying it out.

use ratatui::layout::Rect;
use ratatui::Frame;

mod correlations;
mod draw;
mod drift;
mod frequencies;
mod groups;
mod profile;
mod recipe;
mod scatter;
mod warnings;

use self::correlations::correlations;
use self::draw::*;
use self::drift::drift;
use self::frequencies::frequencies;
use self::groups::groups;
use self::profile::profile;
use self::recipe::recipe;
use self::scatter::scatter;
use self::warnings::warnings;
use super::pane_block;
use super::theme::Theme;
use crate::app::{App, Focus, InspectState, Inspector, PaneKind};
use crate::core::data::cells::group_thousands;
use crate::core::stats::inspect::Inspection;

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
