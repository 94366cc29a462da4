//! `lathe export RECIPE --to sql --dialect spark|duckdb`: the recipe's cleaning steps as SQL over
//! a table holding its source's columns (read from the source, as lathe loads it, to know their
//! types), to standard output or `-o FILE`.

use std::io::Write;
use std::path::Path;

use super::progress::Bar;
use super::{emit, load_shown, recipe_input};
use crate::cli::{ExportArgs, ExportDialect, ExportTo};
use crate::core::data::sink::{check_not_reading, check_target, write_text};
use crate::core::data::source::Format;
use crate::core::data::source::Input;
use crate::core::export::pyspark::{job, Reader};
use crate::core::export::{recipe_sql, Dialect, Kind};
use crate::core::{Error, Result};

pub fn run_export(args: &ExportArgs, out: &mut dyn Write) -> Result<()> {
    let (recipe, file, opts) = recipe_input(
        args.recipe.as_str(),
        args.data.as_deref(),
        &Default::default(),
    )?;
    let input = Input::from_arg(&file);
    if let Some(o) = &args.out {
        let source = match &input {
            Input::Path(p) => Some(p.as_path()),
            _ => None,
        };
        check_target(Path::new(o), source, args.force)?;
        check_not_reading(Path::new(o), Path::new(&args.recipe), "recipe")?;
    }
    let dialect = match (args.to, args.dialect) {
        (ExportTo::Sql, None) => {
            return Err(Error::Option(
                "--to sql needs --dialect spark or --dialect duckdb".into(),
            ))
        }
        (ExportTo::Pyspark, Some(ExportDialect::Duckdb)) => {
            return Err(Error::Option(
                "--to pyspark writes Spark SQL: leave out --dialect, or give spark".into(),
            ))
        }
        (_, Some(ExportDialect::Duckdb)) => Dialect::DuckDb,
        _ => Dialect::Spark,
    };
    // The source's columns and types, as the SQL's table must hold them.
    let mut bar = Bar::new(args.progress.quiet);
    let loaded = load_shown(&input, &opts, &mut bar)?;
    bar.clear();
    let columns: Vec<(String, polars::prelude::DataType)> = loaded
        .frame
        .columns()
        .iter()
        .map(|c| (c.name().to_string(), c.dtype().clone()))
        .collect();
    let sql = recipe_sql(
        &recipe.steps,
        &columns,
        &opts.null_values,
        dialect,
        &args.table,
    )
    .map_err(|cause| Error::Export {
        file: args.recipe.clone(),
        cause,
    })?;
    let text = match args.to {
        ExportTo::Sql => sql,
        ExportTo::Pyspark => {
            let reader = match loaded.info.format {
                Format::Csv if opts.decimal_comma => {
                    return Err(Error::Option(
                        "--to pyspark: Spark reads no decimal commas (1,25); convert the \
                         numbers with a parse_numbers step in lathe, or export the SQL"
                            .into(),
                    ))
                }
                Format::Csv => Reader::Csv {
                    delimiter: loaded.info.delimiter.unwrap_or(b','),
                    header: opts.has_header,
                },
                Format::Parquet => Reader::Parquet,
                other => {
                    return Err(Error::Option(format!(
                        "--to pyspark: the job reads CSV or Parquet, and {} is {}; write it \
                         as Parquet first (lathe apply with no steps), or export the SQL",
                        loaded.info.name,
                        other.label(None)
                    )))
                }
            };
            // Parquet columns carry their types: no text is read as missing.
            let nulls: &[String] = match reader {
                Reader::Csv { .. } => &opts.null_values,
                Reader::Parquet => &[],
            };
            let kinds: Vec<(String, Kind)> = columns
                .iter()
                .filter_map(|(n, t)| Kind::of(t).map(|k| (n.clone(), k)))
                .collect();
            job(&sql, &kinds, nulls, reader, &args.table, &args.recipe)
        }
    };
    match &args.out {
        Some(o) => write_text(Path::new(o), &text),
        None => emit(out, text.as_bytes()),
    }
}
