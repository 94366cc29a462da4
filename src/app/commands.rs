//! The command registry: one list of (pane, command, keys, doc) that the keymap, the help overlay,
//! the status-bar hints and the README key table are all generated from.

use super::action::Cmd;
use super::inspector::PaneKind;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Global,
    Table,
    Columns,
    /// An inspection pane (profile, frequencies, ...).
    Pane(PaneKind),
    Popup,
}

impl Scope {
    /// Every scope, in help order.
    pub const ALL: [Scope; 11] = [
        Scope::Global,
        Scope::Table,
        Scope::Columns,
        Scope::Pane(PaneKind::Profile),
        Scope::Pane(PaneKind::Frequencies),
        Scope::Pane(PaneKind::Correlations),
        Scope::Pane(PaneKind::Scatter),
        Scope::Pane(PaneKind::Groups),
        Scope::Pane(PaneKind::Warnings),
        Scope::Pane(PaneKind::Recipe),
        Scope::Popup,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Table => "Table",
            Scope::Columns => "Columns",
            Scope::Pane(kind) => kind.title(),
            Scope::Popup => "Popups (help, cell)",
        }
    }
}

/// One documented binding.
#[derive(Debug, Clone, Copy)]
pub struct Command {
    pub scope: Scope,
    pub cmd: Cmd,
    /// A short name, unique within the scope (the palette will search it).
    pub name: &'static str,
    /// Default keys, in the notation `keymap::parse_key` reads.
    pub keys: &'static [&'static str],
    pub doc: &'static str,
    /// Shown in the status bar when this scope has focus: the text to show, if any.
    pub hint: Option<&'static str>,
}

const fn c(
    scope: Scope,
    cmd: Cmd,
    name: &'static str,
    keys: &'static [&'static str],
    doc: &'static str,
    hint: Option<&'static str>,
) -> Command {
    Command {
        scope,
        cmd,
        name,
        keys,
        doc,
        hint,
    }
}

use PaneKind::{Correlations, Frequencies, Groups, Profile, Recipe, Scatter, Warnings};
use Scope::*;

/// Every command lathe has, in help order.
pub const COMMANDS: &[Command] = &[
    c(
        Global,
        Cmd::Pane(Profile),
        "profile",
        &["p"],
        "Profile of the column: statistics and a chart",
        Some("p profile"),
    ),
    c(
        Global,
        Cmd::Pane(Frequencies),
        "frequencies",
        &["f"],
        "Frequency table of the column's values",
        None,
    ),
    c(
        Global,
        Cmd::Pane(Correlations),
        "correlations",
        &["c"],
        "Correlation matrix of the numeric columns",
        None,
    ),
    c(
        Global,
        Cmd::Pane(Scatter),
        "scatter",
        &["x"],
        "Scatter plot: this column (x) against another",
        None,
    ),
    c(
        Global,
        Cmd::Pane(Groups),
        "compare-groups",
        &["b"],
        "Compare this column across the groups of another",
        None,
    ),
    c(
        Global,
        Cmd::Pane(Warnings),
        "warnings",
        &["!"],
        "Data-quality warnings, with the fix for each",
        Some("! warnings"),
    ),
    c(
        Global,
        Cmd::CleanMenu,
        "clean",
        &["C"],
        "Add a cleaning step (previewed, undoable)",
        Some("C clean"),
    ),
    c(
        Global,
        Cmd::Pane(Recipe),
        "recipe",
        &["R"],
        "The recipe: the cleaning steps applied so far",
        None,
    ),
    c(
        Global,
        Cmd::UndoStep,
        "undo-step",
        &["U"],
        "Undo the last cleaning step",
        None,
    ),
    c(
        Global,
        Cmd::RedoStep,
        "redo-step",
        &["Ctrl-r"],
        "Redo the cleaning step undone last",
        None,
    ),
    c(
        Global,
        Cmd::Export,
        "write",
        &["w"],
        "Write the cleaned data to a file",
        Some("w write"),
    ),
    c(
        Global,
        Cmd::SaveRecipe,
        "save-recipe",
        &["Ctrl-s"],
        "Save the recipe (replay it with lathe apply)",
        None,
    ),
    c(
        Global,
        Cmd::FocusNext,
        "focus-next",
        &["Tab"],
        "Move focus to the next pane",
        Some("Tab pane"),
    ),
    c(
        Global,
        Cmd::FocusPrev,
        "focus-prev",
        &["Shift-Tab"],
        "Move focus to the previous pane",
        None,
    ),
    c(
        Global,
        Cmd::Help,
        "help",
        &["?"],
        "Show or hide this help",
        Some("? help"),
    ),
    c(
        Global,
        Cmd::Cancel,
        "cancel",
        &["Esc"],
        "Stop loading (keeps the rows read so far); close a popup",
        None,
    ),
    c(
        Global,
        Cmd::Quit,
        "quit",
        &["q", "Ctrl-c"],
        "Quit lathe",
        Some("q quit"),
    ),
    c(
        Table,
        Cmd::Down,
        "row-down",
        &["j", "Down"],
        "Next row",
        Some("hjkl move"),
    ),
    c(Table, Cmd::Up, "row-up", &["k", "Up"], "Previous row", None),
    c(
        Table,
        Cmd::Left,
        "column-left",
        &["h", "Left"],
        "Previous column",
        None,
    ),
    c(
        Table,
        Cmd::Right,
        "column-right",
        &["l", "Right"],
        "Next column",
        None,
    ),
    c(
        Table,
        Cmd::PageDown,
        "page-down",
        &["PageDown", "Ctrl-f"],
        "One screen of rows down",
        None,
    ),
    c(
        Table,
        Cmd::PageUp,
        "page-up",
        &["PageUp", "Ctrl-b"],
        "One screen of rows up",
        None,
    ),
    c(Table, Cmd::Top, "first-row", &["g"], "First row", None),
    c(Table, Cmd::Bottom, "last-row", &["G"], "Last row", None),
    c(
        Table,
        Cmd::Home,
        "first-column",
        &["Home", "0"],
        "First column",
        None,
    ),
    c(
        Table,
        Cmd::End,
        "last-column",
        &["End", "$"],
        "Last column",
        None,
    ),
    c(
        Table,
        Cmd::SortAsc,
        "sort-asc",
        &["s"],
        "Sort rows by this column, ascending",
        Some("s/S sort"),
    ),
    c(
        Table,
        Cmd::SortDesc,
        "sort-desc",
        &["S"],
        "Sort rows by this column, descending",
        None,
    ),
    c(
        Table,
        Cmd::Filter,
        "filter",
        &["F"],
        "Filter rows by an expression (x > 3 and y == \"a\")",
        Some("F filter"),
    ),
    c(
        Table,
        Cmd::UndoView,
        "undo-view",
        &["u"],
        "Undo the last sort or filter",
        Some("u undo"),
    ),
    c(
        Table,
        Cmd::Search,
        "search",
        &["/"],
        "Search the cells for text (any case)",
        Some("/ search"),
    ),
    c(
        Table,
        Cmd::NextMatch,
        "next-match",
        &["n"],
        "Next cell matching the search",
        None,
    ),
    c(
        Table,
        Cmd::PrevMatch,
        "prev-match",
        &["N"],
        "Previous cell matching the search",
        None,
    ),
    c(
        Table,
        Cmd::JumpColumn,
        "jump-column",
        &["J"],
        "Go to a column by name (Tab completes)",
        Some("J column"),
    ),
    c(
        Table,
        Cmd::Enter,
        "show-cell",
        &["Enter"],
        "Show the whole cell under the cursor",
        Some("Enter cell"),
    ),
    c(
        Columns,
        Cmd::Down,
        "next-column",
        &["j", "Down"],
        "Next column (the table follows)",
        Some("j/k select"),
    ),
    c(
        Columns,
        Cmd::Up,
        "prev-column",
        &["k", "Up"],
        "Previous column (the table follows)",
        None,
    ),
    c(
        Columns,
        Cmd::PageDown,
        "page-down",
        &["PageDown", "Ctrl-f"],
        "One screen of columns down",
        None,
    ),
    c(
        Columns,
        Cmd::PageUp,
        "page-up",
        &["PageUp", "Ctrl-b"],
        "One screen of columns up",
        None,
    ),
    c(
        Columns,
        Cmd::Top,
        "first-column",
        &["g", "Home"],
        "Select the first column",
        None,
    ),
    c(
        Columns,
        Cmd::Bottom,
        "last-column",
        &["G", "End"],
        "Select the last column",
        None,
    ),
    c(
        Columns,
        Cmd::Enter,
        "open-column",
        &["Enter"],
        "Go to the selected column in the table",
        Some("Enter go to column"),
    ),
    c(
        Pane(Profile),
        Cmd::Down,
        "next-column",
        &["j", "Down", "l", "Right"],
        "Profile the next column",
        Some("j/k column"),
    ),
    c(
        Pane(Profile),
        Cmd::Up,
        "prev-column",
        &["k", "Up", "h", "Left"],
        "Profile the previous column",
        None,
    ),
    c(
        Pane(Profile),
        Cmd::MoreBins,
        "more-bins",
        &["+", "="],
        "More histogram bins",
        Some("+/- bins"),
    ),
    c(
        Pane(Profile),
        Cmd::FewerBins,
        "fewer-bins",
        &["-"],
        "Fewer histogram bins",
        None,
    ),
    c(
        Pane(Profile),
        Cmd::Cancel,
        "close",
        &["Esc"],
        "Close the pane (back to the table)",
        Some("Esc close"),
    ),
    c(
        Pane(Frequencies),
        Cmd::Down,
        "next-value",
        &["j", "Down"],
        "Next value",
        Some("j/k move"),
    ),
    c(
        Pane(Frequencies),
        Cmd::Up,
        "prev-value",
        &["k", "Up"],
        "Previous value",
        None,
    ),
    c(
        Pane(Frequencies),
        Cmd::PageDown,
        "page-down",
        &["PageDown", "Ctrl-f"],
        "One screen of values down",
        None,
    ),
    c(
        Pane(Frequencies),
        Cmd::PageUp,
        "page-up",
        &["PageUp", "Ctrl-b"],
        "One screen of values up",
        None,
    ),
    c(
        Pane(Frequencies),
        Cmd::Top,
        "first-value",
        &["g", "Home"],
        "First value",
        None,
    ),
    c(
        Pane(Frequencies),
        Cmd::Bottom,
        "last-value",
        &["G", "End"],
        "Last value",
        None,
    ),
    c(
        Pane(Frequencies),
        Cmd::NextColumn,
        "next-column",
        &["l", "Right"],
        "Frequencies of the next column",
        Some("h/l column"),
    ),
    c(
        Pane(Frequencies),
        Cmd::PrevColumn,
        "prev-column",
        &["h", "Left"],
        "Frequencies of the previous column",
        None,
    ),
    c(
        Pane(Frequencies),
        Cmd::Order,
        "sort",
        &["s"],
        "Sort by count or value, either way (cycles)",
        Some("s sort"),
    ),
    c(
        Pane(Frequencies),
        Cmd::Enter,
        "filter-value",
        &["Enter"],
        "Show the rows holding this value in the table",
        Some("Enter rows"),
    ),
    c(
        Pane(Frequencies),
        Cmd::Cancel,
        "close",
        &["Esc"],
        "Close the pane (back to the table)",
        Some("Esc close"),
    ),
    c(
        Pane(Correlations),
        Cmd::Down,
        "cell-down",
        &["j", "Down"],
        "Move in the grid (hjkl)",
        Some("hjkl cell"),
    ),
    c(
        Pane(Correlations),
        Cmd::Up,
        "cell-up",
        &["k", "Up"],
        "Move in the grid",
        None,
    ),
    c(
        Pane(Correlations),
        Cmd::Left,
        "cell-left",
        &["h", "Left"],
        "Move in the grid",
        None,
    ),
    c(
        Pane(Correlations),
        Cmd::Right,
        "cell-right",
        &["l", "Right"],
        "Move in the grid",
        None,
    ),
    c(
        Pane(Correlations),
        Cmd::Method,
        "method",
        &["m"],
        "Switch between Pearson and Spearman",
        Some("m method"),
    ),
    c(
        Pane(Correlations),
        Cmd::Enter,
        "scatter-pair",
        &["Enter"],
        "Scatter plot of the selected pair",
        Some("Enter scatter"),
    ),
    c(
        Pane(Correlations),
        Cmd::Cancel,
        "close",
        &["Esc"],
        "Close the pane (back to the table)",
        Some("Esc close"),
    ),
    c(
        Pane(Scatter),
        Cmd::Cancel,
        "close",
        &["Esc"],
        "Close the pane (back to the table)",
        Some("Esc close"),
    ),
    c(
        Pane(Groups),
        Cmd::Down,
        "next-group",
        &["j", "Down"],
        "Scroll the groups down",
        Some("j/k scroll"),
    ),
    c(
        Pane(Groups),
        Cmd::Up,
        "prev-group",
        &["k", "Up"],
        "Scroll the groups up",
        None,
    ),
    c(
        Pane(Groups),
        Cmd::Cancel,
        "close",
        &["Esc"],
        "Close the pane (back to the table)",
        Some("Esc close"),
    ),
    c(
        Pane(Warnings),
        Cmd::Down,
        "next-warning",
        &["j", "Down"],
        "Next warning",
        Some("j/k move"),
    ),
    c(
        Pane(Warnings),
        Cmd::Up,
        "prev-warning",
        &["k", "Up"],
        "Previous warning",
        None,
    ),
    c(
        Pane(Warnings),
        Cmd::Enter,
        "open-warning",
        &["Enter"],
        "Profile the column the warning is about",
        Some("Enter profile"),
    ),
    c(
        Pane(Warnings),
        Cmd::FixWarning,
        "fix",
        &["a"],
        "Configure the step that fixes this warning",
        Some("a fix"),
    ),
    c(
        Pane(Recipe),
        Cmd::Down,
        "next-step",
        &["j", "Down"],
        "Next step",
        Some("j/k move"),
    ),
    c(
        Pane(Recipe),
        Cmd::Up,
        "prev-step",
        &["k", "Up"],
        "Previous step",
        None,
    ),
    c(
        Pane(Recipe),
        Cmd::UndoStep,
        "undo-step",
        &["u"],
        "Undo the last step",
        Some("u undo"),
    ),
    c(
        Pane(Recipe),
        Cmd::Cancel,
        "close",
        &["Esc"],
        "Close the pane (back to the table)",
        Some("Esc close"),
    ),
    c(
        Pane(Warnings),
        Cmd::Cancel,
        "close",
        &["Esc"],
        "Close the pane (back to the table)",
        Some("Esc close"),
    ),
    c(
        Popup,
        Cmd::Down,
        "scroll-down",
        &["j", "Down"],
        "Scroll the popup down",
        Some("j/k scroll"),
    ),
    c(
        Popup,
        Cmd::Up,
        "scroll-up",
        &["k", "Up"],
        "Scroll the popup up",
        None,
    ),
    c(
        Popup,
        Cmd::Close,
        "close",
        &["Esc", "?", "q", "Enter"],
        "Close the popup",
        Some("Esc close"),
    ),
];

/// The commands of one scope.
pub fn in_scope(scope: Scope) -> impl Iterator<Item = &'static Command> {
    COMMANDS.iter().filter(move |c| c.scope == scope)
}

/// The key table as Markdown (the README embeds it; a test keeps the two equal).
pub fn markdown_table() -> String {
    let mut out = String::from("| pane | keys | command | what it does |\n|---|---|---|---|\n");
    for c in COMMANDS {
        let keys: Vec<String> = c.keys.iter().map(|k| format!("`{k}`")).collect();
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            c.scope.title(),
            keys.join(" "),
            c.name,
            c.doc
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_fit_the_help_at_80_columns() {
        // The help popup gives a doc line 78 - 20 (keys) cells; longer lines would wrap.
        for c in COMMANDS {
            assert!(c.doc.chars().count() <= 56, "{}: {}", c.name, c.doc);
            assert!(c.keys.join(" ").chars().count() <= 17, "{}", c.name);
        }
    }
}
