//! Command-line definitions (clap) only; `main.rs` decides what to run.

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "lathe",
    version,
    about = "A terminal workbench to look at a dataset, fix it, and see whether a model can learn from it",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Data file to open (CSV/TSV, Parquet, JSON, NDJSON, Arrow IPC); `-` reads CSV from standard
    /// input; without it, a bundled sample opens.
    pub file: Option<String>,

    #[command(flatten)]
    pub load: LoadArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a summary of every column (type, counts, mean, std, quartiles, min, max).
    Profile {
        /// Data file to summarise; `-` reads CSV from standard input.
        file: String,
        #[command(flatten)]
        load: LoadArgs,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Replay a recipe's cleaning steps on its source data (or another file) and write the result.
    Apply {
        /// The recipe (JSON, as lathe saves it).
        recipe: String,
        /// Apply to this file instead of the recipe's source (read with the flags below, or the
        /// recipe's own options when none are given).
        #[arg(long, value_name = "FILE")]
        data: Option<String>,
        /// Where to write: .csv, .tsv, .parquet, .json, .ndjson or .arrow.
        #[arg(short, long, value_name = "FILE")]
        out: String,
        /// Replace OUT if it exists (the source data is never replaced).
        #[arg(long)]
        force: bool,
        /// Also write the recipe with the values fitted on this data (for hand-written recipes).
        #[arg(long, value_name = "FILE")]
        save_fitted: Option<String>,
        #[command(flatten)]
        load: LoadArgs,
    },
}

/// How to read the input (shared by every command).
#[derive(Debug, Clone, Default, Args)]
pub struct LoadArgs {
    /// CSV field separator (one character, or `tab`); sniffed among , ; tab | by default.
    #[arg(long, value_name = "CHAR")]
    pub delimiter: Option<String>,
    /// The CSV has no header line; columns are named column_1, column_2, ...
    #[arg(long)]
    pub no_header: bool,
    /// Comma-separated cell texts that mean "missing", replacing the default list
    /// (empty, NA, N/A, null, NULL, NaN, None, n/a, nan). Include an empty item (`a,,b`) to keep
    /// empty cells missing.
    #[arg(long, value_name = "LIST")]
    pub null_values: Option<String>,
}
