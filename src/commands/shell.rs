//! `lathe completions SHELL` and `lathe man`: the shell completion script and the man page,
//! generated from the clap definitions (so they list every flag and model name `lathe` takes).

use std::io::Write;

use clap::CommandFactory;

use super::emit;
use crate::cli::Cli;
use crate::core::Result;

/// The completion script for `shell`, written to `out`.
pub fn run_completions(shell: clap_complete::Shell, out: &mut dyn Write) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "lathe", &mut script);
    emit(out, &script)
}

/// The man page (roff), written to `out`.
pub fn run_man(out: &mut dyn Write) -> Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .expect("rendering into memory does not fail");
    emit(out, &page)
}
