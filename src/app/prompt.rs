//! The prompt at the bottom line: what it asks for (`PromptKind`), its keys, Tab completion of
//! column names, and submitting it (a filter, a search, a path, a derived column).

use super::{palette, App, Cmd, Effect};
use crate::core::data::expr::{compile, parse, ExprError};

/// What the prompt is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum PromptKind {
    #[default]
    Filter,
    /// A SQL query over the data (`select ... from data`).
    Sql,
    Search,
    /// A column name, with Tab completion.
    Column,
    /// The y column of a scatter plot, optionally `by` a colour column.
    Scatter,
    /// The column to group the current one by.
    GroupBy,
    /// Where to write the cleaned data.
    Export,
    /// Where to save the recipe.
    SaveRecipe,
    /// Where to save a model file.
    SaveModel,
    /// The file to compare the data with (drift).
    Drift,
    /// Where to write the pane's chart.
    Chart,
    /// The folder for the session report.
    Report,
}

impl PromptKind {
    /// Prompts whose answer is a path to write.
    pub fn writes(self) -> bool {
        matches!(
            self,
            PromptKind::Export
                | PromptKind::SaveRecipe
                | PromptKind::SaveModel
                | PromptKind::Chart
                | PromptKind::Report
        )
    }

    /// Prompts that ask for a file path (Tab completes it).
    pub fn asks_for_path(self) -> bool {
        self.writes() || self == PromptKind::Drift
    }
}

/// The prompt being typed, and the error of the last attempt.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    pub error: Option<ExprError>,
}

impl App {
    /// Typing at the filter prompt: text keys edit, Enter applies, Esc cancels.
    /// A registry command of the prompt (see `Dialog::Prompt`).
    #[must_use]
    pub(super) fn prompt_command(&mut self, cmd: Cmd) -> Vec<Effect> {
        match cmd {
            Cmd::Quit => return self.command(Cmd::Quit),
            Cmd::ClearText => self.prompt.text.clear(),
            Cmd::DeleteChar => {
                self.prompt.text.pop();
            }
            Cmd::Close => self.overlay = None,
            Cmd::Complete
                if matches!(
                    self.prompt.kind,
                    PromptKind::Column
                        | PromptKind::Scatter
                        | PromptKind::GroupBy
                        | PromptKind::Filter
                        | PromptKind::Sql
                ) =>
            {
                self.complete_column()
            }
            Cmd::Complete if self.prompt.kind.asks_for_path() => {
                if let Some(done) = palette::complete_path(&self.prompt.text) {
                    self.prompt.text = done;
                }
            }
            Cmd::Enter => return self.submit_filter(),
            _ => {}
        }
        Vec::new()
    }

    #[must_use]
    pub(super) fn submit_filter(&mut self) -> Vec<Effect> {
        let text = self.prompt.text.trim().to_string();
        if text.is_empty() {
            self.overlay = None;
            return Vec::new();
        }
        if self.prompt.kind == PromptKind::Column {
            let names = self.column_matches(&text);
            let exact = names.iter().find(|(_, n)| n.eq_ignore_ascii_case(&text));
            match exact.or(names.first()) {
                Some((i, name)) => match self.table_index(*i) {
                    Some(c) => {
                        self.overlay = None;
                        self.col = c;
                        self.scroll_into_view();
                    }
                    None => {
                        let why = if self.is_hidden(name) {
                            "is hidden (u shows it again)"
                        } else {
                            "is not among the view's columns (u goes back)"
                        };
                        self.prompt.error = Some(ExprError {
                            message: format!("`{name}` {why}"),
                            position: 0,
                        });
                    }
                },
                None => {
                    self.prompt.error = Some(ExprError {
                        message: format!("no column starts with {text:?}"),
                        position: 0,
                    });
                }
            }
            return Vec::new();
        }
        if self.prompt.kind.asks_for_path() {
            // `~/out.csv` and `$SCRATCH/out.csv` name what they name in the user's shell.
            let text = match crate::core::data::paths::expand(&text, &|k| std::env::var(k).ok()) {
                Ok(path) => path,
                Err((message, position)) => {
                    self.prompt.error = Some(ExprError { message, position });
                    return Vec::new();
                }
            };
            if self.prompt.kind == PromptKind::Drift {
                return self.submit_drift(&text);
            }
            let then_quit = std::mem::take(&mut self.quit_after_save);
            return self.submit_path(text, then_quit);
        }
        if matches!(self.prompt.kind, PromptKind::Scatter | PromptKind::GroupBy) {
            return self.submit_pane_prompt(&text);
        }
        if self.prompt.kind == PromptKind::Search {
            self.overlay = None;
            self.search = Some(text.clone());
            return self.start_search(text, true);
        }
        if self.prompt.kind == PromptKind::Sql {
            // Planned here (not run), so a mistake is pointed at in the prompt at once.
            if let Err(e) = crate::core::data::view::sql_plan(&self.frame, &text) {
                let (message, position) = match e {
                    crate::core::data::view::ViewError::Sql { message, position } => {
                        (message, position.unwrap_or(0))
                    }
                    other => (other.to_string(), 0),
                };
                self.prompt.error = Some(ExprError { message, position });
                return Vec::new();
            }
            self.overlay = None;
            return self.start_view(crate::core::data::view::ViewSpec {
                sql: Some(text),
                ..Default::default()
            });
        }
        // Checked here, against the columns the table shows (a SQL view's own) and those it
        // hides (filters run before the hiding), so a mistake is shown at once and nothing runs.
        let mut schema = self.table_frame().schema().as_ref().clone();
        for name in self.view().map_or(&[][..], |v| &v.hidden[..]) {
            if let Some(dtype) = self.frame.schema().get(name) {
                schema.with_column(name.as_str().into(), dtype.clone());
            }
        }
        if let Err(e) = parse(&text).and_then(|ast| compile(&ast, &schema)) {
            self.prompt.error = Some(e);
            return Vec::new();
        }
        self.overlay = None;
        let mut spec = self.view().cloned().unwrap_or_default();
        spec.filters.push(text);
        self.start_view(spec)
    }

    /// Columns whose name starts with `prefix` (any case), in frame order.
    pub(super) fn column_matches(&self, prefix: &str) -> Vec<(usize, String)> {
        let prefix = prefix.to_lowercase();
        self.frame
            .columns()
            .iter()
            .enumerate()
            .map(|(i, c)| (i, c.name().to_string()))
            .filter(|(_, n)| n.to_lowercase().starts_with(&prefix))
            .collect()
    }

    /// Tab at the column prompt: extend the text to the longest name prefix all matches share
    /// (the whole name when only one matches), and list the candidates.
    pub(super) fn complete_column(&mut self) {
        // In `y by colour`, the part after the last ` by ` is completed.
        let (head, part) = match self.prompt.text.rfind(" by ") {
            Some(i) if self.prompt.kind == PromptKind::Scatter => (
                self.prompt.text[..i + 4].to_string(),
                self.prompt.text[i + 4..].to_string(),
            ),
            // In a filter expression or a query, the word being typed is completed.
            _ if matches!(self.prompt.kind, PromptKind::Filter | PromptKind::Sql) => {
                let at = self
                    .prompt
                    .text
                    .rfind(|c: char| c.is_whitespace() || "()<>=!&|+-*/,".contains(c))
                    .map_or(0, |i| i + 1);
                (
                    self.prompt.text[..at].to_string(),
                    self.prompt.text[at..].to_string(),
                )
            }
            _ => (String::new(), self.prompt.text.clone()),
        };
        if part.is_empty() && matches!(self.prompt.kind, PromptKind::Filter | PromptKind::Sql) {
            return;
        }
        let names = self.column_matches(&part);
        let Some((_, first)) = names.first() else {
            return;
        };
        let mut common: Vec<char> = first.chars().collect();
        for (_, n) in &names[1..] {
            let same = common
                .iter()
                .zip(n.chars())
                .take_while(|(a, b)| a.to_lowercase().eq(b.to_lowercase()))
                .count();
            common.truncate(same);
        }
        if common.len() >= part.chars().count() {
            self.prompt.text = head + &common.into_iter().collect::<String>();
        }
        self.prompt.error = (names.len() > 1).then(|| ExprError {
            message: names
                .iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join("  "),
            position: 0,
        });
    }
}
