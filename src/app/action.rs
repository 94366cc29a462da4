//! What can happen to the app: a command (from a key, later the palette or a script), the
//! terminal changing, time passing, or a background job reporting.

use std::time::Duration;

use super::inspector::PaneKind;
use super::keymap::Key;
use crate::jobs::JobEvent;

/// A user-level command. Its meaning depends on the focused pane (`Down` moves a row in the table
/// and a column in the columns pane); the registry in `commands.rs` documents each use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Home,
    End,
    Enter,
    FocusNext,
    FocusPrev,
    Help,
    Close,
    Cancel,
    Quit,
    SortAsc,
    SortDesc,
    Filter,
    /// A SQL query over the data, shown as a view.
    Sql,
    UndoView,
    Search,
    NextMatch,
    PrevMatch,
    JumpColumn,
    /// Open (or close, when open) an inspection pane.
    Pane(PaneKind),
    /// The next or previous column, in panes where j/k move something else.
    NextColumn,
    PrevColumn,
    MoreBins,
    FewerBins,
    /// Cycle the frequency table's order.
    Order,
    /// Switch Pearson and Spearman.
    Method,
    /// The menu of cleaning steps.
    CleanMenu,
    UndoStep,
    RedoStep,
    /// The recipe pane: edit the selected step's form, delete it, switch it off or on, move it.
    EditStep,
    DeleteStep,
    ToggleStep,
    MoveStepUp,
    MoveStepDown,
    /// Write the cleaned data to a file.
    Export,
    SaveRecipe,
    /// Save the selected run's model (fitted on every row) for `lathe predict`.
    SaveModel,
    /// Write the pane's chart to a PNG or SVG file.
    ExportChart,
    /// Write the session report (Markdown, HTML, charts) into a folder.
    Report,
    /// Open the command palette.
    Palette,
    /// Start the guided tour on the open data.
    Tour,
    /// Open the step that fixes the selected warning.
    FixWarning,
    /// The training setup.
    Train,
    /// Every model of the task, one after another.
    TrainAll,
    /// The model pane's next view (summary, chart, folds, explanations).
    View,
    /// Mark a run to compare the others with.
    Compare,
    /// Move the selected cell of the confusion matrix.
    CellUp,
    CellDown,
    CellLeft,
    CellRight,
    /// In a form: the next or previous field.
    NextField,
    PrevField,
    /// In a text field: clear it, or delete the last character.
    ClearText,
    DeleteChar,
    /// Complete the column name or path typed at the prompt.
    Complete,
    /// Answers to a question.
    Yes,
    No,
    SaveFirst,
    /// In the quit question: quit without saving.
    QuitAnyway,
    /// Copy the cell, or the row as CSV, to the clipboard.
    CopyCell,
    CopyRow,
    /// Leave the cursor's column out of the table, as a view.
    HideColumn,
    /// Keep the columns left of the cursor drawn while the table scrolls sideways, as a view.
    Freeze,
}

/// Everything `App::update` reacts to.
#[derive(Debug, Clone)]
pub enum Action {
    /// A key press, resolved through the keymap for the focused pane.
    Key(Key),
    Cmd(Cmd),
    /// The terminal is now this size (columns, rows).
    Resize(u16, u16),
    /// Mouse wheel at a screen position; `delta` rows, positive is down.
    Scroll {
        x: u16,
        y: u16,
        delta: i32,
    },
    /// Left click at a screen position.
    Click {
        x: u16,
        y: u16,
    },
    /// Time since the event loop started (spinners, elapsed time while loading).
    Tick(Duration),
    Job(JobEvent),
}
