//! The list of a database's tables, shown before anything loads when the file holds several
//! and none was named (`--table`): Enter starts the load of the chosen one.

use super::{App, Cmd, Effect, LoadState, Overlay};
use crate::jobs::{Job, JobId};

impl App {
    /// Whether the app is asking which of a database's tables to read (nothing is loaded yet).
    pub fn choosing_table(&self) -> bool {
        matches!(self.overlay, Some(Overlay::Tables { .. }))
    }

    /// A key in the list of a database's tables.
    #[must_use]
    pub(super) fn tables_command(&mut self, cursor: usize, cmd: Cmd) -> Vec<Effect> {
        let last = self.tables.len().saturating_sub(1);
        let cursor = match cmd {
            Cmd::Down => (cursor + 1).min(last),
            Cmd::Up => cursor.saturating_sub(1),
            Cmd::Top => 0,
            Cmd::Bottom => last,
            Cmd::Enter => {
                self.overlay = None;
                self.load_opts.table = self.tables.get(cursor).cloned();
                // The load's time counts from now, not from the start.
                if let LoadState::Loading { started, .. } = &mut self.load {
                    *started = self.clock;
                }
                let job = Job::Load {
                    input: self.input.clone(),
                    opts: self.load_opts.clone(),
                };
                return vec![Effect::Start(JobId(1), job)];
            }
            Cmd::Quit => {
                self.should_quit = true;
                return vec![Effect::Quit];
            }
            _ => cursor,
        };
        self.overlay = Some(Overlay::Tables { cursor });
        Vec::new()
    }
}
