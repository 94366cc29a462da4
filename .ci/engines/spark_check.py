"""Engine check (issue 16): a recipe's SQL from `lathe export --dialect spark`, run by Spark in
local mode, gives `lathe apply`'s output cell for cell.

    python3 .ci/engines/spark_check.py LATHE DATA RECIPE[:FIT] ...

Each RECIPE (fitted first on FIT when given, so DATA may hold levels and values FIT never had)
is replayed by `lathe apply --save-fitted` on DATA (a CSV), the fitted recipe exported as Spark
SQL and run over DATA read as the SQL's header says: every column as text, the missing spellings
made NULL (Spark's CSV reader takes one), then cast to the header's types. The rows are compared
with lathe's output (read as Parquet through DuckDB): same columns, row count and order; numbers
within 4 ulp, everything else exactly. One Spark session serves every recipe (it takes seconds
to start).
"""

import os
import subprocess
import sys
import tempfile

import duckdb
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from duckdb_check import header_schema, ulps  # noqa: E402

SPARK_TYPES = {
    "BIGINT": "bigint",
    "DOUBLE": "double",
    "BOOLEAN": "boolean",
    "STRING": "string",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
}


def lathe_run(lathe, recipe, data, fit, tmp):
    if fit is not None:
        first = os.path.join(tmp, "fitted_first.json")
        subprocess.run(
            [lathe, "apply", recipe, "--data", fit, "-o", os.path.join(tmp, "fit.csv"),
             "--save-fitted", first, "-q", "--force"],
            check=True,
            capture_output=True,
        )
        recipe = first
    out = os.path.join(tmp, "out.parquet")
    fitted = os.path.join(tmp, "fitted.json")
    subprocess.run(
        [lathe, "apply", recipe, "--data", data, "-o", out, "--save-fitted", fitted, "-q",
         "--force"],
        check=True,
        capture_output=True,
    )
    sql = subprocess.run(
        [lathe, "export", fitted, "--data", data, "--dialect", "spark", "-q"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return out, sql


def check(spark, lathe, data, recipe, fit):
    with tempfile.TemporaryDirectory() as tmp:
        out, sql = lathe_run(lathe, recipe, data, fit, tmp)
        columns, nulls = header_schema(sql)
        raw = spark.read.csv(data, header=True, inferSchema=False, emptyValue=None)
        typed = raw.select(
            [
                F.when(F.col(f"`{n}`").isin(nulls), None)
                .otherwise(F.col(f"`{n}`"))
                .cast(SPARK_TYPES[t])
                .alias(n)
                for n, t in columns
            ]
        )
        typed.createOrReplaceTempView("input")
        result = spark.sql(sql.rstrip().rstrip(";"))
        names = result.columns
        rows = [tuple(r) for r in result.collect()]
        expected = duckdb.connect().execute(f"SELECT * FROM read_parquet('{out}')")
        want_names = [d[0] for d in expected.description]
        want = expected.fetchall()
    problems = []
    if names != want_names:
        problems.append(f"columns {names} != lathe's {want_names}")
    if len(rows) != len(want):
        problems.append(f"{len(rows)} rows != lathe's {len(want)}")
    for r, (got, exp) in enumerate(zip(rows, want)):
        for name, g, e in zip(names, got, exp):
            same = (
                ulps(g, e) <= 4
                if isinstance(g, float) and isinstance(e, float)
                else g == e and type(g) is type(e)
            )
            if not same:
                problems.append(f"row {r + 1} `{name}`: {g!r} != lathe's {e!r}")
    label = f"spark: {recipe} on {data}" + (f" (fitted on {fit})" if fit else "")
    if problems:
        print(f"{label}: {len(problems)} differences")
        for p in problems[:20]:
            print("  " + p)
        return False
    print(f"{label}: {len(rows)} rows x {len(names)} columns equal")
    return True


def main(lathe, data, *recipes):
    spark = (
        SparkSession.builder.master("local[1]")
        .appName("lathe-export-check")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    ok = True
    for spec in recipes:
        recipe, _, fit = spec.partition(":")
        ok &= check(spark, lathe, data, recipe, fit or None)
    spark.stop()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main(*sys.argv[1:])
