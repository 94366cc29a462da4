"""Engine check (issue 16): the PySpark job `lathe export --to pyspark` writes for a recipe, run
by Spark in local mode, gives `lathe apply`'s output cell for cell.

    python3 .ci/engines/spark_check.py LATHE DATA RECIPE[:FIT] ...

Each RECIPE (fitted first on FIT when given, so DATA may hold levels and values FIT never had)
is replayed by `lathe apply --save-fitted` on DATA (a CSV), the fitted recipe exported as a
PySpark job, and the job's `clean` run on DATA (it reads every column as text, makes the missing
spellings NULL, casts them to lathe's types and runs the Spark SQL). The rows are compared
with lathe's output (read as Parquet through DuckDB): same columns, row count and order; numbers
within 4 ulp, everything else exactly. One Spark session serves every recipe (it takes seconds
to start).
"""

import os
import runpy
import subprocess
import sys
import tempfile

import duckdb
from pyspark.sql import SparkSession

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from duckdb_check import differences, fitted_on, report  # noqa: E402


def lathe_run(lathe, recipe, data, fit, tmp):
    recipe = fitted_on(lathe, recipe, fit, tmp)
    out = os.path.join(tmp, "out.parquet")
    fitted = os.path.join(tmp, "fitted.json")
    subprocess.run(
        [lathe, "apply", recipe, "--data", data, "-o", out, "--save-fitted", fitted, "-q",
         "--force"],
        check=True,
        capture_output=True,
    )
    job = os.path.join(tmp, "job.py")
    subprocess.run(
        [lathe, "export", fitted, "--data", data, "--to", "pyspark", "-o", job, "-q"],
        check=True,
        capture_output=True,
    )
    return out, job


def check(spark, lathe, data, recipe, fit):
    with tempfile.TemporaryDirectory() as tmp:
        out, job = lathe_run(lathe, recipe, data, fit, tmp)
        result = runpy.run_path(job, run_name="lathe_job")["clean"](spark, data)
        names = result.columns
        rows = [tuple(r) for r in result.collect()]
        expected = duckdb.connect().execute(f"SELECT * FROM read_parquet('{out}')")
        want_names = [d[0] for d in expected.description]
        want = expected.fetchall()
    problems = differences(names, None, rows, want_names, None, want)
    label = f"spark: {recipe} on {data}" + (f" (fitted on {fit})" if fit else "")
    return report(label, problems, rows, names)

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
