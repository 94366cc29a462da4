//! `lathe predict MODEL --data FILE`: a saved model's predictions on new data.

use std::io::Write;
use std::path::Path;

use super::load_shown;
use super::progress::Bar;
use super::{emit, load_options, read_model};
use crate::cli::PredictArgs;
use crate::core::data::cells::{count, group_thousands};
use crate::core::data::sink::{check_not_reading, check_target, write_frame, OutFormat};
use crate::core::data::source::Input;
use crate::core::{Error, Result};

/// `lathe predict`: check the data against the model's training data, clean it the same way,
/// predict, and write the rows with the prediction columns (CSV on standard output without
/// `-o`); warnings go to `err`.
pub fn run_predict(args: &PredictArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<()> {
    let model = read_model(args.model.as_str())?;
    let input = Input::from_arg(args.data.as_str());
    if let Some(o) = args.out.as_deref() {
        let target = Path::new(o);
        OutFormat::for_path(target)?;
        let source = match &input {
            Input::Path(p) => Some(p.as_path()),
            _ => None,
        };
        check_target(target, source, args.force)?;
        check_not_reading(target, Path::new(&args.model), "model")?;
    }
    let mut bar = Bar::new(args.progress.quiet);
    let loaded = load_shown(&input, &load_options(&args.load)?, &mut bar)?;
    let done = crate::core::session::saved::predict(&model, &loaded.frame).map_err(|cause| {
        Error::Model {
            file: loaded.info.name.clone(),
            cause,
        }
    })?;
    for w in &done.warnings {
        let _ = writeln!(err, "warning: {w}");
    }
    let steps = model.recipe.steps.len();
    if steps > 0 {
        let _ = writeln!(
            err,
            "{}",
            match done.input {
                crate::core::session::saved::Reading::Raw => format!(
                    "note: read {} as raw data (the training file's columns): the recipe's {steps} \
                     step{} replayed before predicting",
                    loaded.info.name,
                    if steps == 1 { "" } else { "s" }
                ),
                crate::core::session::saved::Reading::Cleaned => format!(
                    "note: read {} as cleaned data (the cleaned training data's columns, not the \
                     raw ones): the recipe's {steps} step{} not replayed",
                    loaded.info.name,
                    if steps == 1 { "" } else { "s" }
                ),
            }
        );
    }
    match args.out.as_deref() {
        Some(o) => {
            write_frame(&done.frame, Path::new(o))?;
            let _ = writeln!(
                err,
                "{}: {} of {} predicted ({}), written to {o}",
                loaded.info.name,
                group_thousands(done.predicted),
                count(done.frame.height(), "row"),
                done.added.join(", ")
            );
        }
        None => {
            let mut frame = done.frame.clone();
            let mut buf = Vec::new();
            use polars::prelude::SerWriter;
            polars::prelude::CsvWriter::new(&mut buf)
                .finish(&mut frame)
                .map_err(|e| Error::Write {
                    file: "<stdout>".into(),
                    message: e.to_string(),
                })?;
            emit(out, &buf)?;
        }
    }
    Ok(())
}
