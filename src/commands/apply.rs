//! `lathe apply RECIPE --data FILE -o OUT`: replay a recipe's steps on a file and write the result.

use std::io::Write;
use std::path::Path;

use super::load_shown;
use super::progress::Bar;
use super::recipe_input;
use crate::cli::ApplyArgs;
use crate::core::clean::replay;
use crate::core::data::cells::count;
use crate::core::data::sink::{
    check_not_reading, check_target, write_frame, write_text, OutFormat,
};
use crate::core::data::source::Input;
use crate::core::Result;

/// `lathe apply`: replay the recipe's steps on its data (or `--data`), write the result to
/// `--out` (and with `--save-fitted` the recipe with the values fitted on this data).
pub fn run_apply(args: &ApplyArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let (recipe, file, opts) =
        recipe_input(args.recipe.as_str(), args.data.as_deref(), &args.load)?;
    let target = Path::new(&args.out);
    OutFormat::for_path(target)?;
    let input = Input::from_arg(&file);
    let source = match &input {
        Input::Path(p) => Some(p.as_path()),
        _ => None,
    };
    check_target(target, source, args.force)?;
    check_not_reading(target, Path::new(&args.recipe), "recipe")?;
    if let Some(f) = args.save_fitted.as_deref() {
        check_target(Path::new(f), source, args.force)?;
        check_not_reading(Path::new(f), Path::new(&args.recipe), "recipe")?;
    }
    let mut bar = Bar::new(args.progress.quiet);
    let loaded = load_shown(&input, &opts, &mut bar)?;
    bar.stage(&format!("applying {} steps…", recipe.steps.len()));
    let (frame, fitted, notes) = replay(&loaded.frame, &recipe.steps)?;
    bar.stage(&format!("writing {}…", args.out));
    write_frame(&frame, target)?;
    bar.clear();
    if let Some(f) = args.save_fitted.as_deref() {
        let mut saved = recipe.clone();
        saved.steps = fitted;
        write_text(Path::new(f), &saved.to_json())?;
    }
    for n in &notes {
        let _ = writeln!(err, "{n}");
    }
    let _ = writeln!(
        out,
        "{}: {} applied, {} x {} written to {}",
        loaded.info.name,
        count(recipe.steps.len(), "step"),
        count(frame.height(), "row"),
        count(frame.width(), "column"),
        args.out.as_str()
    );
    Ok(())
}
