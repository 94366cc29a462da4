//! Hiding (`-`) and freezing (`z`) columns: views pushed over the one in force without a job,
//! as the rows stay as they are.

use super::App;

impl App {
    /// Whether a view in force hides the data's column `name`.
    pub fn is_hidden(&self, name: &str) -> bool {
        self.view()
            .is_some_and(|v| v.hidden.iter().any(|h| h == name))
    }

    /// How many of the table's leading columns stay drawn while it scrolls sideways.
    pub fn frozen_columns(&self) -> usize {
        self.view()
            .map_or(0, |v| v.frozen_count(self.table_frame()))
    }

    /// `-`: the cursor's column leaves the table, as a view over the one in force (no job: the
    /// rows stay as they are).
    pub(super) fn hide_column(&mut self) {
        if self.view_job.is_some() {
            self.info_message("A view is being made: hide the column when it shows.".into());
            return;
        }
        let frame = self.table_frame();
        let Some(name) = frame
            .get_column_names()
            .get(self.col)
            .map(|n| n.to_string())
        else {
            return;
        };
        if frame.width() < 2 {
            self.error_message(format!(
                "`{name}` is the only column left: one column stays shown (u shows the others)."
            ));
            return;
        }
        let mut spec = self.view().cloned().unwrap_or_default();
        spec.hidden.push(name.clone());
        spec.frozen.retain(|f| *f != name);
        let shown = crate::core::data::view::without_hidden(frame, &spec.hidden);
        self.views.push((spec, shown));
        self.info_message(format!("`{name}` hidden; u shows it again."));
        self.scroll_into_view();
    }

    /// `z`: the columns left of the cursor stay drawn while the table scrolls sideways; at the
    /// first column, nothing stays (unfreeze). A view over the one in force.
    pub(super) fn freeze_columns(&mut self) {
        if self.view_job.is_some() {
            self.info_message("A view is being made: freeze when it shows.".into());
            return;
        }
        let names: Vec<String> = self.table_frame().get_column_names()[..self.col]
            .iter()
            .map(|n| n.to_string())
            .collect();
        if names.is_empty() && self.frozen_columns() == 0 {
            self.info_message(
                "Nothing to freeze: z keeps the columns left of the cursor in view; move right first."
                    .into(),
            );
            return;
        }
        // The frozen columns may take at most two thirds of the table's width.
        let widths = self.table_column_widths();
        let wide: usize = widths[..self.col].iter().map(|w| w + 1).sum();
        let room = self
            .areas()
            .map_or(0, |a| a.table.width.saturating_sub(2) as usize)
            .saturating_sub(self.gutter_width() + 1);
        if wide > room * 2 / 3 {
            self.error_message(format!(
                "The {} columns left of the cursor would fill the table: freeze fewer.",
                names.len()
            ));
            return;
        }
        let mut spec = self.view().cloned().unwrap_or_default();
        let message =
            if names.is_empty() {
                "Columns unfrozen; u freezes them again.".to_string()
            } else {
                format!(
                "{} frozen: {} stay in view as the table scrolls; z at the first column unfreezes.",
                if names.len() == 1 { "1 column" } else { "columns" },
                names.join(", ")
            )
            };
        spec.frozen = names;
        let frame = self.table_frame().clone();
        self.views.push((spec, frame));
        self.info_message(message);
        self.scroll_into_view();
    }
}
