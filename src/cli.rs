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

    /// A guided tour of a whole session on FILE (the bundled sample without one): its steps
    /// are picked from what the data needs.
    #[arg(long)]
    pub tour: bool,

    /// Read this config file instead of $LATHE_CONFIG or ~/.config/lathe/config.toml.
    #[arg(long, value_name = "PATH", global = true)]
    pub config: Option<String>,

    /// Colours: dark (the default) or light; plain has none. NO_COLOR, when set, means plain.
    #[arg(long, value_name = "THEME")]
    pub theme: Option<String>,

    /// Reopen a session: replay this recipe's cleaning steps and train its model (the data is
    /// FILE, or the recipe's source when FILE is not given).
    #[arg(long, value_name = "RECIPE")]
    pub recipe: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print a summary of every column (type, counts, mean, std, quartiles, min, max).
    Profile(ProfileArgs),
    /// Train and evaluate a model; prints the metrics beside the baseline's.
    Train(TrainArgs),
    /// Replay a session recipe headless: load, clean, train and evaluate its model; print the
    /// metrics (as the app showed them for the same recipe and seed).
    Run(RunArgs),
    /// Predict with a saved model: the input rows with prediction columns after them.
    Predict(PredictArgs),
    /// The config file: print the default one (with comments), or check the one in use.
    Config {
        /// Print the full default config file.
        #[arg(long, conflicts_with = "check")]
        print_default: bool,
        /// Say which file is read and list what in it cannot be used (exit code 1 if anything).
        #[arg(long)]
        check: bool,
    },
    /// Compare a new dataset with a reference: schema, distribution shift (PSI, KS), missing
    /// values, new categories. Exit code 3 when something drifted.
    Drift(DriftArgs),
    /// Replay a recipe's cleaning steps on its source data (or another file) and write the result.
    Apply(ApplyArgs),
    /// Write a recipe's cleaning steps as SQL for Spark or DuckDB, to run where the data lives.
    Export(ExportArgs),
    /// Print a shell completion script (e.g. `lathe completions bash > ~/.local/share/bash-completion/completions/lathe`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `lathe man > ~/.local/share/man/man1/lathe.1`.
    Man,
}

/// `lathe profile`: its arguments, passed whole to `commands::profile`.
#[derive(Debug, Clone, Args)]
pub struct ProfileArgs {
    /// Data file to summarise; `-` reads CSV from standard input.
    pub file: String,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Compute the correlation matrices even for more than 100 numeric columns (left out
    /// by default above that: two n x n matrices).
    #[arg(long)]
    pub correlations: bool,
}

/// `lathe train`: its arguments, passed whole to `commands::train`.
#[derive(Debug, Clone, Args)]
pub struct TrainArgs {
    /// Data file (CSV/TSV, Parquet, JSON, NDJSON, Arrow IPC).
    pub file: String,
    /// The column to predict (none: clustering).
    #[arg(long, value_name = "COL")]
    pub target: Option<String>,
    /// The model (the README's model table says what each is and its parameters).
    #[arg(long, value_name = "NAME", value_parser = model_names())]
    pub model: String,
    /// A hyperparameter, `key=value` (repeatable), e.g. `--param alpha=0.1`.
    #[arg(long = "param", value_name = "KEY=VALUE")]
    pub params: Vec<String>,
    /// Feature columns, comma-separated (default: every usable column).
    #[arg(long, value_name = "COLS")]
    pub features: Option<String>,
    /// Override the task inferred from the target: regression, classification, clustering.
    #[arg(long, value_name = "TASK")]
    pub task: Option<String>,
    /// Hold out: train on this share of the rows (default 0.8).
    #[arg(long, value_name = "SHARE", conflicts_with = "cv")]
    pub split: Option<f64>,
    /// k-fold cross-validation instead of a hold-out split.
    #[arg(long, value_name = "K", conflicts_with = "test")]
    pub cv: Option<usize>,
    /// Train on every row of FILE and test on this file's rows (read the same way; the
    /// recipe's cleaning, fitted on FILE, is applied to it unchanged).
    #[arg(long, value_name = "TEST_FILE", conflicts_with = "split")]
    pub test: Option<String>,
    /// Seed of the split and of the model.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Missing feature values: filled inside the model's pipeline with the training rows'
    /// median or mean (text: the most frequent value), or `none` to refuse them.
    #[arg(long, value_name = "HOW", default_value = "median", value_parser = ["median", "mean", "none"])]
    pub impute: String,
    /// Apply this recipe's cleaning steps first.
    #[arg(long, value_name = "RECIPE")]
    pub recipe: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// `lathe run`: its arguments, passed whole to `commands::run`.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// The recipe (JSON, as lathe saves it with Ctrl-s).
    pub recipe: String,
    /// Use this file instead of the recipe's source.
    #[arg(long, value_name = "FILE")]
    pub data: Option<String>,
    /// Test on this file's rows (cleaned with the values fitted on the data) instead of the
    /// recipe's evaluation.
    #[arg(long, value_name = "TEST_FILE")]
    pub test: Option<String>,
    /// Also write here: the cleaned data, the recipe with fitted values, metrics.json, the
    /// saved model, the charts and the report (the folder is created; files of the same
    /// names are replaced, nothing else is touched).
    #[arg(long, value_name = "DIR")]
    pub out: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// `lathe predict`: its arguments, passed whole to `commands::predict`.
#[derive(Debug, Clone, Args)]
pub struct PredictArgs {
    /// The model file (`lathe run --out`, or m in the app's model pane).
    pub model: String,
    /// The data to predict (CSV/TSV, Parquet, JSON, NDJSON, Arrow IPC).
    pub data: String,
    /// Where to write (.csv, .tsv, .parquet, .json, .ndjson, .arrow); standard output (CSV)
    /// when not given.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<String>,
    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// `lathe drift`: its arguments, passed whole to `commands::drift`.
#[derive(Debug, Clone, Args)]
pub struct DriftArgs {
    /// The reference data (e.g. the training data).
    pub reference: String,
    /// The new data.
    pub new: String,
    /// The PSI at which a column counts as drifted (0.1 moderate, 0.25 significant).
    #[arg(long, default_value_t = 0.25, value_name = "PSI")]
    pub threshold: f64,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// `lathe apply`: its arguments, passed whole to `commands::apply`.
#[derive(Debug, Clone, Args)]
pub struct ApplyArgs {
    /// The recipe (JSON, as lathe saves it).
    pub recipe: String,
    /// Apply to this file instead of the recipe's source (read with the flags below, or the
    /// recipe's own options when none are given).
    #[arg(long, value_name = "FILE")]
    pub data: Option<String>,
    /// Where to write: .csv, .tsv, .parquet, .json, .ndjson or .arrow.
    #[arg(short, long, value_name = "FILE")]
    pub out: String,
    /// Replace OUT if it exists (the source data is never replaced).
    #[arg(long)]
    pub force: bool,
    /// Also write the recipe with the values fitted on this data (for hand-written recipes).
    #[arg(long, value_name = "FILE")]
    pub save_fitted: Option<String>,
    #[command(flatten)]
    pub load: LoadArgs,
    #[command(flatten)]
    pub progress: ProgressArgs,
}

/// What `lathe export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportTo {
    /// One SQL query (CTEs, one per step), for `--dialect`.
    Sql,
    /// A runnable PySpark job: reads the file as lathe does, runs the Spark SQL, writes Parquet.
    Pyspark,
}

/// The engine `lathe export` writes SQL for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportDialect {
    Spark,
    Duckdb,
}

/// `lathe export`: its arguments, passed whole to `commands::export`.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// The recipe (JSON) whose steps are written; its fitted values are the literals (record
    /// them with `lathe apply --save-fitted`).
    pub recipe: String,
    /// What to write.
    #[arg(long, value_enum, default_value = "sql")]
    pub to: ExportTo,
    /// The engine the SQL is for (needed with `--to sql`; a PySpark job is Spark's).
    #[arg(long, value_enum)]
    pub dialect: Option<ExportDialect>,
    /// The table the SQL reads, holding the source's columns as lathe loads them.
    #[arg(long, value_name = "NAME", default_value = "input")]
    pub table: String,
    /// The file whose columns the table holds, instead of the recipe's source (read with the
    /// recipe's options: its separator, missing spellings, sheet or database table).
    #[arg(long, value_name = "FILE")]
    pub data: Option<String>,
    /// Write the SQL here instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub out: Option<String>,
    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub progress: ProgressArgs,
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
    /// CSV numbers use a decimal comma (1,25), as European spreadsheets export them with `;`
    /// between fields.
    #[arg(long)]
    pub decimal_comma: bool,
    /// The spreadsheet sheet to read (xlsx, xls, ods): its name, or its number counting from
    /// 1; the first sheet by default.
    #[arg(long, value_name = "NAME|N")]
    pub sheet: Option<String>,
    /// The SQLite table (or view) to read: its name, or its number counting from 1; needed when
    /// the database holds more than one (the app then offers a list).
    #[arg(long, value_name = "NAME|N")]
    pub table: Option<String>,
}

/// Progress on standard error (only when it is a terminal).
#[derive(Debug, Clone, Default, Args)]
pub struct ProgressArgs {
    /// No progress line on standard error (it is drawn only when standard error is a terminal).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Every model's name, so `--model` help lists them all and completions offer them.
fn model_names() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::core::model::registry::MODELS.iter().map(|m| m.name),
    )
}

/// What the app opens: FILE (`-`: standard input); without one, a pipe when standard input is
/// one (`some-command | lathe`, as VisiData and tabiew read it), else the bundled sample.
pub fn app_input(file: Option<&str>, stdin_is_terminal: bool) -> crate::core::data::source::Input {
    use crate::core::data::source::Input;
    match file {
        Some(f) => Input::from_arg(f),
        None if !stdin_is_terminal => Input::from_arg("-"),
        None => Input::Sample,
    }
}
