//! A runnable PySpark job around a recipe's Spark SQL: it reads the file as lathe reads it
//! (every column as text, each missing spelling made NULL, then cast to the types lathe loaded),
//! runs the query, and writes the cleaned rows as Parquet.
//!
//! Names, spellings and the query are written as JSON strings, which are Python string literals
//! too, so no quote or backslash in them can end one early.

use super::{Dialect, Kind};

/// How the job reads its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// A CSV file with this separator, with or without a header line.
    Csv {
        delimiter: u8,
        header: bool,
    },
    Parquet,
}

fn json(s: &str) -> String {
    serde_json::to_string(s).expect("a string serialises")
}

/// The job's Python source, for the Spark `sql` reading the table `table`.
pub fn job(
    sql: &str,
    columns: &[(String, Kind)],
    nulls: &[String],
    reader: Reader,
    table: &str,
    recipe: &str,
) -> String {
    let schema: Vec<String> = columns
        .iter()
        .map(|(n, k)| {
            let t = Dialect::Spark.type_name(*k).to_ascii_lowercase();
            format!("    ({}, {}),", json(n), json(&t))
        })
        .collect();
    let missing: Vec<String> = nulls.iter().map(|n| json(n)).collect();
    let read = match reader {
        Reader::Csv { delimiter, header } => format!(
            "spark.read.csv(source, sep={}, header={}, inferSchema=False, emptyValue=None,\n\
             \x20                        multiLine=True, escape='\"')",
            json(&(delimiter as char).to_string()),
            if header { "True" } else { "False" }
        ),
        Reader::Parquet => "spark.read.parquet(source)".to_string(),
    };
    let query = sql.trim_end().trim_end_matches(';');
    format!(
        r#"r"""A lathe recipe as a PySpark job (lathe export --to pyspark), from {recipe}.

    spark-submit THIS_FILE.py INPUT OUTPUT_DIR

INPUT is read as lathe read the recipe's source: every column as text, the spellings lathe reads
as missing made NULL, then cast to the types lathe loaded; the recipe's steps run as one Spark
SQL query; the cleaned rows are written to OUTPUT_DIR as Parquet, in the input's row order.
"""

import sys

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

# The columns as lathe loaded them, and their Spark types.
SCHEMA = [
{schema}
]

# The cell texts lathe reads as missing.
MISSING = [{missing}]

# The table the query reads.
TABLE = {table}

QUERY = {query}


def read_input(spark, source):
    """The input as lathe loads it: text, the missing spellings as NULL, then the types."""
    raw = {read}
    raw = raw.toDF(*[name for name, _ in SCHEMA])
    return raw.select(
        [
            F.when(F.col(f"`{{name}}`").cast("string").isin(MISSING), None)
            .otherwise(F.col(f"`{{name}}`"))
            .cast(kind)
            .alias(name)
            for name, kind in SCHEMA
        ]
    )


def clean(spark, source):
    """The cleaned rows, as a DataFrame."""
    read_input(spark, source).createOrReplaceTempView(TABLE)
    return spark.sql(QUERY)


def main(source, target):
    spark = SparkSession.builder.appName("lathe recipe").getOrCreate()
    clean(spark, source).write.mode("errorifexists").parquet(target)
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: spark-submit " + sys.argv[0] + " INPUT OUTPUT_DIR")
    main(sys.argv[1], sys.argv[2])
"#,
        recipe = recipe.replace('"', "'"),
        schema = schema.join("\n"),
        missing = missing.join(", "),
        table = json(table),
        query = json(query),
    )
}
