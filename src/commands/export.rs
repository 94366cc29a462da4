//! `lathe export RECIPE --to sql --dialect spark|duckdb`: the recipe's cleaning steps as SQL over
//! a table holding its source's columns (read from the source, as lathe loads it, to know their
//! types), to standard output or `-o FILE`.

use std::io::Write;
use std::path::Path;

use super::progress::Bar;
use super::{emit, load_shown, recipe_input};
use crate::cli::{ExportArgs, ExportDialect, ExportTo};
use crate::core::data::sink::{check_not_reading, check_target, write_text};
use crate::core::data::source::Input;
use crate::core::export::{recipe_sql, Dialect};
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
    let dialect = match args.dialect {
        ExportDialect::Spark => Dialect::Spark,
        ExportDialect::Duckdb => Dialect::DuckDb,
    };
    let ExportTo::Sql = args.to;
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
    match &args.out {
        Some(o) => write_text(Path::new(o), &sql),
        None => emit(out, sql.as_bytes()),
    }
}
