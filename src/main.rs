//! The `lathe` binary: parse the command line, run a headless command or the TUI, map errors to
//! exit codes (0 ok, 1 a data or I/O error, 2 a usage error, 3 drift found by `lathe drift`,
//! 128 + N stopped by signal N: 130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).

use std::process::ExitCode;

use clap::Parser;
use lathe::cli::{Cli, Command};
use lathe::commands;
use lathe::core::data::source::Input;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // The app runs under a supervisor that restores the terminal if it dies uncatchably.
    if cli.command.is_none() {
        if let Some(code) = lathe::tui::supervise() {
            return code;
        }
    }
    // Ctrl-C, `kill` or a dropped SSH session: no temporary file is left behind, and the app
    // puts the terminal back first.
    lathe::core::data::sink::clean_up_on_signals(if cli.command.is_none() {
        lathe::tui::restore
    } else {
        || {}
    });
    let result: anyhow::Result<()> = match &cli.command {
        Some(Command::Profile(args)) => {
            commands::profile::run_profile(args, &mut std::io::stdout().lock()).map_err(Into::into)
        }
        Some(Command::Completions { shell }) => {
            commands::shell::run_completions(*shell, &mut std::io::stdout().lock())
                .map_err(Into::into)
        }
        Some(Command::Man) => {
            commands::shell::run_man(&mut std::io::stdout().lock()).map_err(Into::into)
        }
        Some(Command::Export(args)) => {
            commands::export::run_export(args, &mut std::io::stdout().lock()).map_err(Into::into)
        }
        Some(Command::Apply(args)) => commands::apply::run_apply(
            args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )
        .map_err(Into::into),
        Some(Command::Train(args)) => {
            commands::train::run_train(args, &mut std::io::stdout().lock()).map_err(Into::into)
        }
        Some(Command::Run(args)) => commands::run::run_run(
            args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )
        .map_err(Into::into),
        Some(Command::Predict(args)) => commands::predict::run_predict(
            args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        )
        .map_err(Into::into),
        // `lathe config` and `lathe config --check` both check.
        Some(Command::Config {
            print_default,
            check: _,
        }) => {
            let config = read_config(&cli);
            let mut text = String::new();
            let mut clean = true;
            if *print_default {
                text.push_str(&lathe::app::config::default_text());
            } else {
                match &config.file {
                    Some(f) => text.push_str(&format!("config: {}\n", f.display())),
                    None => text.push_str("config: none found (the defaults are in use)\n"),
                }
                let (_, clashes) = lathe::app::keymap::Keymap::with(
                    &config.keys,
                    &config
                        .file
                        .as_ref()
                        .map_or("config".into(), |f| f.display().to_string()),
                );
                let problems: Vec<&String> = config.problems.iter().chain(&clashes).collect();
                for p in &problems {
                    text.push_str(&format!("{p}\n"));
                }
                if problems.is_empty() {
                    text.push_str("everything in it is used\n");
                }
                clean = problems.is_empty();
            }
            match commands::emit(&mut std::io::stdout().lock(), text.as_bytes()) {
                Ok(()) if !clean => return ExitCode::from(1),
                done => done.map_err(Into::into),
            }
        }
        Some(Command::Drift(args)) => {
            match commands::drift::run_drift(args, &mut std::io::stdout().lock()) {
                // Drift is not an error, but a pipeline must be able to stop on it.
                Ok(true) => return ExitCode::from(3),
                Ok(false) => Ok(()),
                Err(e) => Err(e.into()),
            }
        }
        None => run_tui(&cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let known = e.downcast_ref::<lathe::core::Error>();
            if !matches!(known, Some(lathe::core::Error::ClosedOutput)) {
                eprintln!("lathe: {e:#}");
            }
            let usage = matches!(
                known,
                Some(lathe::core::Error::Option(_) | lathe::core::Error::Choose { .. })
            );
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// The config file: `--config`, else the default places (a missing default file is fine).
fn read_config(cli: &Cli) -> lathe::app::config::Config {
    match &cli.config {
        Some(p) => lathe::app::config::load(std::path::Path::new(p), true),
        None => lathe::app::config::default_path(&|k| std::env::var(k).ok())
            .map(|p| {
                let named = std::env::var("LATHE_CONFIG").is_ok_and(|v| !v.is_empty());
                lathe::app::config::load(&p, named)
            })
            .unwrap_or_default(),
    }
}

fn run_tui(cli: &Cli) -> anyhow::Result<()> {
    let config = read_config(cli);
    let (input, opts, recipe) = match &cli.recipe {
        Some(path) => {
            let (recipe, file, opts) =
                commands::recipe_input(path, cli.file.as_deref(), &cli.load)?;
            (Input::from_arg(&file), opts, Some((recipe, path.clone())))
        }
        None => (
            lathe::cli::app_input(
                cli.file.as_deref(),
                std::io::IsTerminal::is_terminal(&std::io::stdin()),
            ),
            commands::load_options(&cli.load)?,
            None,
        ),
    };
    let mut opts = opts;
    if cli.load.null_values.is_none() && cli.recipe.is_none() {
        if let Some(list) = &config.null_values {
            opts.null_values = list.clone();
        }
    }
    let chosen = cli
        .theme
        .as_deref()
        .map(lathe::app::ThemeName::parse)
        .transpose()
        .map_err(lathe::core::Error::Option)?
        .or(config.theme);
    let theme = lathe::app::ThemeName::resolve(chosen, std::env::var("NO_COLOR").ok().as_deref());
    // A missing or unreadable file is reported before the screen changes.
    input.check()?;
    lathe::tui::run(
        input,
        opts,
        recipe,
        lathe::tui::Options {
            theme,
            config,
            tour: cli.tour,
        },
    )
}
