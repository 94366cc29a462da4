//! `lathe run RECIPE`: a session recipe from raw data to a report (through `core::session::pipeline`),
//! printed, and with `--out` written into a folder.

use std::io::Write;

use super::load_shown;
use super::progress::Bar;
use super::train::report_table;
use super::{emit, recipe_input};
use crate::cli::RunArgs;
use crate::core::data::cells::count;
use crate::core::data::source::Input;
use crate::core::{Error, Result};
use crate::output::folder::{report_files, write_report, OutDir};

/// `lathe run`: load, clean, train and evaluate as the recipe says; print the metrics; with
/// `--out`, write what a team needs into a folder.
pub fn run_run(args: &RunArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let (recipe, file, opts) =
        recipe_input(args.recipe.as_str(), args.data.as_deref(), &args.load)?;
    let mut dir = match args.out.as_deref() {
        Some(d) => Some(OutDir::open(d)?),
        None => None,
    };
    let mut bar = Bar::new(args.progress.quiet);
    let loaded = load_shown(&Input::from_arg(&file), &opts, &mut bar)?;
    let test = match args.test.as_deref() {
        Some(t) => Some(load_shown(&Input::from_arg(t), &opts, &mut bar)?.frame),
        None => None,
    };
    bar.stage(&format!(
        "applying the recipe's {} steps…",
        recipe.steps.len()
    ));
    let model = recipe
        .model
        .as_ref()
        .map_or(String::new(), |m| m.model.name.clone());
    let outcome = crate::core::session::pipeline::run_recipe(
        &loaded.frame,
        &recipe,
        test.as_ref(),
        &loaded.info.name,
        args.out.is_some(),
        &mut |p| {
            bar.stage(&super::train::fold_line(&model, p));
            true
        },
    )?;
    bar.clear();
    for n in &outcome.cleaned.notes {
        let _ = writeln!(err, "{n}");
    }
    let text = match (&outcome.report, args.json) {
        (Some(r), true) => super::json_text(r),
        (Some(r), false) => report_table(r),
        (None, _) => format!(
            "{}: {} applied, {} x {}; the recipe has no model\n",
            loaded.info.name,
            count(recipe.steps.len(), "step"),
            count(outcome.cleaned.frame.height(), "row"),
            count(outcome.cleaned.frame.width(), "column")
        ),
    };
    emit(out, text.as_bytes())?;
    if let Some(dir) = dir.as_mut() {
        // Everything is made first and every target checked before the first write, so a
        // folder holding a file lathe did not write is refused with nothing written.
        let mut fitted = recipe.clone();
        fitted.steps = outcome.cleaned.fitted.clone();
        let mut texts: Vec<(&str, String)> = vec![("recipe.json", fitted.to_json())];
        let mut not_saved = None;
        if let (Some(report), Some(spec)) = (&outcome.report, &recipe.model) {
            texts.push(("metrics.json", super::json_text(report)));
            match crate::core::session::saved::save_model(
                &loaded.frame,
                &outcome.cleaned.frame,
                &outcome.cleaned.fitted,
                spec,
                report,
            ) {
                Ok(model) => texts.push(("model.lathe.json", model.to_json())),
                Err(e) => not_saved = Some(e),
            }
        }
        let doc = crate::output::report::build(&crate::output::report::Session {
            name: &loaded.info.name,
            raw: &loaded.frame,
            cleaned: &outcome.cleaned.frame,
            steps: &outcome
                .cleaned
                .fitted
                .iter()
                .cloned()
                .zip(outcome.cleaned.effects.iter().cloned())
                .collect::<Vec<_>>(),
            run: recipe.model.as_ref().zip(outcome.report.as_ref()),
            leaderboard: &[],
        })
        .map_err(|message| Error::Write {
            file: args.out.as_deref().unwrap_or_default().to_string(),
            message,
        })?;
        let mut targets = vec!["cleaned.csv".to_string()];
        targets.extend(texts.iter().map(|(name, _)| name.to_string()));
        targets.extend(report_files(&doc));
        for name in &targets {
            dir.path(name)?;
        }
        dir.frame("cleaned.csv", &outcome.cleaned.frame)?;
        for (name, text) in &texts {
            dir.text(name, text)?;
        }
        if let Some(e) = not_saved {
            let _ = writeln!(err, "model not saved: {e}");
        }
        write_report(dir, &doc)?;
        let _ = writeln!(
            err,
            "wrote {} to {}",
            dir.written().join(", "),
            args.out.as_deref().unwrap_or_default()
        );
    }
    Ok(())
}
