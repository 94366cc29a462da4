//! A key or a registry command to what it does: the overlay in front gets the key first, then
//! the registry's binding for the focused scope; Esc cancels the running job or closes the
//! popup.

use super::commands::{Dialog, Scope};
use super::keymap::Key;
use super::{
    keymap, App, Cmd, Confirm, Effect, Focus, Level, LoadState, Overlay, PaneKind, Prompt,
    PromptKind,
};
use crate::core::data::cells::group_thousands;

impl App {
    /// A key for the focused pane or popup, through the keymap (sequences wait for their next
    /// key).
    #[must_use]
    pub(super) fn key(&mut self, key: Key) -> Vec<Effect> {
        self.pending_keys.push(key);
        let mut found = self.keymap.lookup(self.scope(), &self.pending_keys);
        if found == keymap::Lookup::None && self.pending_keys.len() > 1 {
            // A sequence that went nowhere: the last key on its own.
            self.pending_keys = vec![key];
            found = self.keymap.lookup(self.scope(), &self.pending_keys);
        }
        if found == keymap::Lookup::Wait {
            let typed: Vec<String> = self.pending_keys.iter().map(keymap::key_name).collect();
            self.info_message(format!("{} …", typed.join(" ")));
            return Vec::new();
        }
        self.pending_keys.clear();
        match found {
            keymap::Lookup::Run(cmd) => {
                if self
                    .message
                    .as_ref()
                    .is_some_and(|m| m.level == Level::Info)
                {
                    self.message = None;
                }
                self.command(cmd)
            }
            _ => {
                // A key with no meaning here says so, and where the keys are listed.
                let place = match self.scope() {
                    Scope::Popup => return Vec::new(),
                    Scope::Columns => "the columns pane".to_string(),
                    Scope::Pane(kind) => format!("the {} pane", kind.title()),
                    _ => "the table".to_string(),
                };
                self.info_message(format!(
                    "{} does nothing in {place}: ? lists the keys, : finds a command by name.",
                    keymap::key_name(&key)
                ));
                Vec::new()
            }
        }
    }

    /// A key in a dialog: its registry command there, or else a character typed into it (keys
    /// that are neither do nothing).
    #[must_use]
    pub(super) fn dialog_key(&mut self, dialog: Dialog, key: Key) -> Vec<Effect> {
        let typed = match (key.code, key.ctrl) {
            (crossterm::event::KeyCode::Char(c), false) => Some(c),
            _ => None,
        };
        let cmd = match self.keymap.lookup(Scope::Dialog(dialog), &[key]) {
            keymap::Lookup::Run(cmd) => Ok(cmd),
            _ => match typed {
                Some(c) => Err(c),
                None => return Vec::new(),
            },
        };
        match (dialog, self.overlay, cmd) {
            (Dialog::Prompt, _, Ok(cmd)) => self.prompt_command(cmd),
            (Dialog::Prompt, _, Err(c)) => {
                self.prompt.text.push(c);
                Vec::new()
            }
            (Dialog::Palette, _, Ok(cmd)) => self.palette_command(cmd),
            (Dialog::Palette, _, Err(c)) => {
                self.palette.query.push(c);
                self.palette.cursor = 0;
                Vec::new()
            }
            (Dialog::Menu, Some(Overlay::Menu { cursor }), Ok(cmd)) => {
                self.menu_command(cursor, cmd)
            }
            (Dialog::Tables, Some(Overlay::Tables { cursor }), Ok(cmd)) => {
                self.tables_command(cursor, cmd)
            }
            (Dialog::StepForm, _, Ok(cmd)) => self.form_command(cmd),
            (Dialog::StepForm, _, Err(c)) => self.form_char(c),
            (Dialog::TrainForm, _, key) => self.train_form_key(key),
            (Dialog::Confirm, Some(Overlay::Confirm(which)), key) => {
                self.confirm_command(which, key.unwrap_or(Cmd::No))
            }
            _ => Vec::new(),
        }
    }

    #[must_use]
    pub(super) fn command(&mut self, cmd: Cmd) -> Vec<Effect> {
        match cmd {
            Cmd::Quit if self.unsaved_steps() && !self.quit_confirmed => {
                self.overlay = Some(Overlay::Confirm(Confirm::Quit));
            }
            Cmd::Quit => {
                self.should_quit = true;
                return vec![Effect::Quit];
            }
            Cmd::CleanMenu if self.overlay.is_none() => self.open_menu(),
            Cmd::UndoStep if self.overlay.is_none() => return self.undo_step(),
            Cmd::RedoStep if self.overlay.is_none() => return self.redo_step(),
            Cmd::Export if self.overlay.is_none() => self.ask_path(PromptKind::Export),
            Cmd::SaveRecipe if self.overlay.is_none() => self.ask_path(PromptKind::SaveRecipe),
            Cmd::Report if self.overlay.is_none() => self.ask_path(PromptKind::Report),
            Cmd::Palette if self.overlay.is_none() => self.open_palette(),
            Cmd::Tour if self.overlay.is_none() => self.start_tour(),
            Cmd::FixWarning if self.overlay.is_none() => self.fix_warning(),
            Cmd::Train if self.overlay.is_none() => self.open_train_form(),
            Cmd::TrainAll if self.overlay.is_none() => return self.train_all(),
            Cmd::Help => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help { .. }) => None,
                    _ => Some(Overlay::Help { scroll: 0 }),
                };
            }
            Cmd::Close => self.overlay = None,
            Cmd::Cancel => return self.cancel(),
            Cmd::SortAsc | Cmd::SortDesc if self.overlay.is_none() => {
                let Some(name) = self
                    .table_frame()
                    .columns()
                    .get(self.col)
                    .map(|c| c.name().to_string())
                else {
                    return Vec::new();
                };
                let mut spec = self.view().cloned().unwrap_or_default();
                spec.sort = Some((name, cmd == Cmd::SortDesc));
                return self.start_view(spec);
            }
            Cmd::Filter | Cmd::Search | Cmd::JumpColumn | Cmd::Sql
                if self.overlay.is_none() && self.frame.width() > 0 =>
            {
                let kind = match cmd {
                    Cmd::Search => PromptKind::Search,
                    Cmd::JumpColumn => PromptKind::Column,
                    Cmd::Sql => PromptKind::Sql,
                    _ => PromptKind::Filter,
                };
                self.prompt = Prompt {
                    kind,
                    ..Prompt::default()
                };
                self.overlay = Some(Overlay::Prompt);
            }
            Cmd::NextMatch | Cmd::PrevMatch if self.overlay.is_none() => {
                return match self.search.clone() {
                    Some(needle) => self.start_search(needle, cmd == Cmd::NextMatch),
                    None => {
                        self.info_message("No search yet: press / to search.".into());
                        Vec::new()
                    }
                };
            }
            Cmd::UndoView if self.overlay.is_none() => return self.undo_view(),
            Cmd::CopyCell | Cmd::CopyRow if self.overlay.is_none() => {
                return self.copy(cmd == Cmd::CopyRow)
            }
            Cmd::HideColumn if self.overlay.is_none() => self.hide_column(),
            Cmd::Freeze if self.overlay.is_none() => self.freeze_columns(),
            Cmd::FocusNext | Cmd::FocusPrev => {
                self.focus = match (self.focus, self.inspector.is_some()) {
                    (Focus::Columns, true) => Focus::Inspector,
                    (Focus::Columns, false) => Focus::Table,
                    _ => Focus::Columns,
                };
            }
            Cmd::Pane(kind) if self.overlay.is_none() && self.frame.width() > 0 => {
                return self.pane_command(kind);
            }
            _ => match (self.overlay, self.focus) {
                (Some(o), _) => self.popup_motion(o, cmd),
                (None, Focus::Table) => self.table_motion(cmd),
                (None, Focus::Columns) => self.columns_motion(cmd),
                (None, Focus::Inspector) => return self.inspector_motion(cmd),
            },
        }
        Vec::new()
    }

    #[must_use]
    pub(super) fn cancel(&mut self) -> Vec<Effect> {
        if self.overlay.is_some() {
            self.overlay = None;
            return Vec::new();
        }
        if let Some(effects) = self.cancel_training() {
            return effects;
        }
        if self.focus == Focus::Inspector {
            // A picked confusion cell lets go first: the metrics come back before the pane goes.
            match self.inspector.as_mut() {
                Some(ins) if ins.kind == PaneKind::Model && ins.cell_on => ins.cell_on = false,
                _ => self.close_pane(),
            }
            return Vec::new();
        }
        if let LoadState::Loading { job, started, .. } = self.load {
            // The rows read so far stay; the job's later reports are ignored as stale.
            self.load = LoadState::Done {
                elapsed: self.clock.saturating_sub(started),
                complete: false,
            };
            self.info_message(format!(
                "Load stopped: showing the first {} rows read.",
                group_thousands(self.frame.height())
            ));
            let mut effects = vec![Effect::Cancel(job.job)];
            effects.extend(self.start_stats());
            return effects;
        }
        if self.tour.is_some() {
            self.leave_tour();
            return Vec::new();
        }
        self.message = None;
        Vec::new()
    }

    pub(super) fn popup_motion(&mut self, overlay: Overlay, cmd: Cmd) {
        let step = |s: u16| match cmd {
            Cmd::Down => s.saturating_add(1),
            Cmd::Up => s.saturating_sub(1),
            Cmd::PageDown => s.saturating_add(10),
            Cmd::PageUp => s.saturating_sub(10),
            _ => s,
        };
        self.overlay = Some(match overlay {
            Overlay::Help { scroll } => Overlay::Help {
                scroll: step(scroll),
            },
            Overlay::Cell { scroll } => Overlay::Cell {
                scroll: step(scroll),
            },
            other => other,
        });
    }
}
